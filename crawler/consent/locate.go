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
	bundle, every := heuristicEveryAttempt(string(p.Bundle))
	if !every {
		m.log.Debug("autoconsent: its heuristic detection stays on every other attempt (the bundle's check was not found)", "version", p.Version)
	}
	m.script = bridgeJS + "\n" + bundle
	m.ac = p
	m.log.Debug("autoconsent loaded", "dir", p.Dir, "source", p.Source, "version", p.Version, "rules", p.RuleCount)
	return nil
}

// heuristicParity is the check in autoconsent's findCmp (16.x) that runs
// its heuristic detector only on even detection attempts.
const heuristicParity = "this.state.findCmpAttempts % 2 === 0"

// heuristicEveryAttempt returns the autoconsent bundle with its heuristic
// detector run on every detection attempt rather than every other one,
// and whether the bundle had the check to change.
//
// Autoconsent tries its rules when the page is first idle and then every
// 500 ms; in each attempt the site-specific and the generic rules come
// first and the heuristic detector only when neither matched. Left as it
// is, a banner no rule knows (most councils' own) is reported no sooner
// than the second attempt, and each accept and reject phase waits for that
// verdict before the native search presses anything: measured on the
// council bench sites, 450-600 ms per consent phase, against 130-220 ms
// with the heuristic on every attempt. The rules keep their precedence
// within each attempt, so a banner a rule knows is still reported under
// the rule's name.
func heuristicEveryAttempt(bundle string) (string, bool) {
	if strings.Count(bundle, heuristicParity) != 1 {
		return bundle, false
	}
	return strings.Replace(bundle, heuristicParity, "true", 1), true
}

// AutoconsentVersion returns the version of the autoconsent rules the
// Manager drives, or "" when the built-in finder works alone.
func (m *Manager) AutoconsentVersion() string {
	if m.ac == nil {
		return ""
	}
	return m.ac.Version
}

// ConsentRules says in one line which rules operate banners, for the
// report: "autoconsent 16.23.0, 797 rules (cache)", or "built-in finder
// only: " and the reason.
func (m *Manager) ConsentRules() string {
	if m.ac != nil {
		return m.ac.Describe()
	}
	reason := m.opts.NativeOnlyReason
	if reason == "" {
		reason = "autoconsent turned off"
	}
	return "built-in finder only: " + reason
}
