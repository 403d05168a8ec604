package consent

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/cookieaudit/cookieaudit/crawler/consent/acpkg"
)

// EnvAutoconsent names the environment variable that points at an unpacked
// copy of the autoconsent package (its directory, or its
// dist/autoconsent.playwright.js).
const EnvAutoconsent = acpkg.EnvDir

// InstallCommand is the command, run at the repository root, that installs
// the npm packages the consent tests use (and, in a checkout, autoconsent).
const InstallCommand = "npm ci --no-audit --no-fund --ignore-scripts"

// Files of the autoconsent package the Manager reads.
var (
	bundleFile = filepath.FromSlash(acpkg.BundleFile)
	rulesFile  = filepath.FromSlash(acpkg.RulesFile)
)

// ErrAutoconsentMissing is wrapped by the errors New returns when the
// autoconsent package cannot be found (or fetched); their message says
// where it was looked for and how to install it.
var ErrAutoconsentMissing = acpkg.ErrNotFound

// LocateAutoconsent finds (or, with opts.AutoconsentFetch, downloads) the
// autoconsent package New loads. The order, documented in package acpkg:
// opts.AutoconsentPath, $COOKIEAUDIT_AUTOCONSENT, the user cache,
// node_modules above the working directory or the executable, the npm
// registry.
func LocateAutoconsent(ctx context.Context, opts Options) (*acpkg.Package, error) {
	p, err := acpkg.Locate(ctx, acpkg.Options{Dir: opts.AutoconsentPath, Fetch: opts.AutoconsentFetch, Logger: opts.Logger})
	if err != nil {
		return nil, fmt.Errorf("consent: %w; run `cookieaudit install` (in a checkout, `%s`), set $%s to an unpacked copy, or pass --no-autoconsent",
			err, InstallCommand, EnvAutoconsent)
	}
	return p, nil
}

// loadAutoconsent locates autoconsent and prepares its script and rules.
func (m *Manager) loadAutoconsent(ctx context.Context) error {
	p, err := LocateAutoconsent(ctx, m.opts)
	if err != nil {
		return err
	}
	if m.rulesTop, m.rulesFrame, err = splitRules(p.Rules); err != nil {
		return fmt.Errorf("consent: parse %s: %w", filepath.Join(p.Dir, rulesFile), err)
	}
	bundle, missing := patchBundle(string(p.Bundle))
	if len(missing) > 0 {
		m.log.Debug("autoconsent: patches left out (their text is not in this release)", "version", p.Version, "patches", missing)
	}
	m.script = bridgeJS + "\n" + bundle
	m.acVersion, m.acRules = p.Version, p.Describe()
	m.log.Debug("autoconsent loaded", "dir", p.Dir, "source", p.Source, "version", p.Version, "rules", p.RuleCount)
	return nil
}

// bundlePatch is a change cookieaudit makes to autoconsent's content
// script: the text to find (exactly once) and what replaces it.
type bundlePatch struct{ name, find, replace string }

// bundlePatches make autoconsent's detection quicker to reach a verdict
// and let the crawler see when it has one. Autoconsent tries its rules
// when the page is first idle, again 500 ms later, and after that 500 ms
// after each change to the page; in each attempt the site-specific and the
// generic rules come first and its heuristic detector only when neither
// matched. Each accept and reject phase waits for its verdict before the
// native search presses anything.
//
//   - As published, the heuristic detector runs on even attempts only, so
//     a banner no rule knows (most councils' own) is reported no sooner
//     than the second attempt, 500 ms on: measured on the council bench
//     sites, 450-600 ms per consent phase went on this, against 130-220 ms
//     with the heuristic on every attempt. The rules keep their precedence
//     within each attempt, so a banner a rule knows is still reported
//     under the rule's name.
//   - From the second attempt on, autoconsent tries again only once the
//     page has changed. The patched bundle reports (as a state field)
//     when it is waiting for that: the attempt ended with nothing found,
//     its 500 ms have passed and the page has not changed since the
//     attempt began. The crawler then knows, from the page itself and
//     whatever the machine's load, that autoconsent has nothing more to
//     try until the page changes (see tab.popup).
var bundlePatches = []bundlePatch{
	{name: "heuristic detection on every attempt",
		find: "this.state.findCmpAttempts % 2 === 0", replace: "true"},
	{name: "waiting for a change reported",
		find: "waitFor2.push(mutationObserver);",
		replace: "waitFor2.push(mutationObserver);\n" +
			"          let cookieauditChanged = false;\n" +
			"          mutationObserver.then(() => { cookieauditChanged = true; }, () => {});\n" +
			"          waitFor2[0].then(() => { if (!cookieauditChanged) this.updateState({ " + waitingAfterField + ": this.state.findCmpAttempts }); });"},
}

// waitingAfterField is the state field in which the patched bundle reports
// the detection attempt after which it waits for the page to change.
const waitingAfterField = "cookieauditWaitingAfter"

// patchBundle applies bundlePatches to autoconsent's content script and
// returns it with the names of the patches whose text it did not have
// (another release of autoconsent): those are left out, and autoconsent
// then works as published.
func patchBundle(bundle string) (string, []string) {
	var missing []string
	for _, p := range bundlePatches {
		if strings.Count(bundle, p.find) != 1 {
			missing = append(missing, p.name)
			continue
		}
		bundle = strings.Replace(bundle, p.find, p.replace, 1)
	}
	return bundle, missing
}

// AutoconsentVersion returns the version of the autoconsent rules the
// Manager drives, or "" when the built-in finder works alone.
func (m *Manager) AutoconsentVersion() string {
	return m.acVersion
}

// ConsentRules says in one line which rules operate banners, for the
// report: "autoconsent 16.23.0, 797 rules (cache)", or "built-in finder
// only: " and the reason.
func (m *Manager) ConsentRules() string {
	if m.acRules != "" {
		return m.acRules
	}
	reason := m.opts.NativeOnlyReason
	if reason == "" {
		reason = "autoconsent turned off"
	}
	return "built-in finder only: " + reason
}
