package app

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/cookieaudit/cookieaudit/audit"
	"github.com/cookieaudit/cookieaudit/audit/audittest"
	"github.com/cookieaudit/cookieaudit/audit/report"
	"github.com/cookieaudit/cookieaudit/crawler"
	"github.com/cookieaudit/cookieaudit/crawler/observe"
)

// policyHTML is a cookie policy page; with a name it declares that cookie
// in a table, without one it declares none.
func policyHTML(cookie string) string {
	if cookie == "" {
		return `<html><body><h1>Cookies</h1><p>We use cookies. Our table of cookies will appear here.</p></body></html>`
	}
	return `<html><body><h1>Cookies</h1><table><tr><th>Cookie</th><th>Purpose</th><th>Expiry</th></tr>` +
		`<tr><td>` + cookie + `</td><td>Analytics: counts visits to the site</td><td>2 years</td></tr></table></body></html>`
}

// fakeRenderer renders the pages of a map and records the URLs asked for;
// a URL mapped to an error fails with it.
type fakeRenderer struct {
	mu     sync.Mutex
	pages  map[string]any // HTML string or error
	called []string
}

func (r *fakeRenderer) render(ctx context.Context, u string) (string, string, error) {
	r.mu.Lock()
	r.called = append(r.called, u)
	r.mu.Unlock()
	switch v := r.pages[u].(type) {
	case string:
		return u, v, nil
	case error:
		return u, "", fmt.Errorf("crawler: render %s: %w", u, v)
	}
	return u, "", fmt.Errorf("crawler: render %s: HTTP 404 Not Found", u)
}

// errTargetDetached is what chromedp returns when the tab went away.
var errTargetDetached = fmt.Errorf("%w: target detached", crawler.ErrBrowser)

// TestDiscoverPolicy checks where a site's policy is read from: the copy
// the crawl kept (pre-consent, or accept when only that one declares
// cookies), a separate render only for candidates the crawl did not visit,
// and a read cut short by the run or the browser marked interrupted.
func TestDiscoverPolicy(t *testing.T) {
	const cookies, privacy = "https://www.x.gov.uk/cookies/", "https://www.x.gov.uk/privacy/"
	kept := func(link string, ph observe.Phase, cookie string) observe.PolicyPage {
		return observe.PolicyPage{Link: link, URL: link, Phase: ph, HTML: policyHTML(cookie)}
	}
	pre, acc := observe.PhasePreConsent, observe.PhaseAccept
	tests := []struct {
		desc     string
		links    []string
		kept     []observe.PolicyPage
		rendered map[string]any
		cancel   bool
		// want is "url phase declared-names | error | interrupted" and
		// renders the URLs rendered.
		want, renders string
	}{
		{"the crawl's pre-consent copy", []string{cookies}, []observe.PolicyPage{kept(cookies, pre, "_ga"), kept(cookies, acc, "_gid")}, nil, false,
			"https://www.x.gov.uk/cookies/ pre-consent _ga |  | false", ""},
		{"the accept copy when only it declares", []string{cookies}, []observe.PolicyPage{kept(cookies, pre, ""), kept(cookies, acc, "_gid")}, nil, false,
			"https://www.x.gov.uk/cookies/ accept _gid |  | false", ""},
		{"a crawled page that declares nothing and no other candidate", []string{cookies}, []observe.PolicyPage{kept(cookies, pre, "")}, nil, false,
			"https://www.x.gov.uk/cookies/ pre-consent  |  | false", ""},
		{"rendered only when no crawled page was a candidate", []string{cookies}, nil, map[string]any{cookies: policyHTML("_ga")}, false,
			"https://www.x.gov.uk/cookies/  _ga |  | false", cookies},
		{"an unvisited candidate rendered when the crawled ones declare nothing", []string{cookies, privacy}, []observe.PolicyPage{kept(privacy, pre, "")},
			map[string]any{cookies: policyHTML("_ga")}, false,
			"https://www.x.gov.uk/cookies/  _ga |  | false", cookies},
		{"no link at all", nil, nil, nil, false,
			" |  | policy: no cookie or privacy policy link found on the pages crawled (give one with --policy) | false", ""},
		{"a missing page is the site's own answer", []string{cookies}, nil, nil, false,
			"https://www.x.gov.uk/cookies/ |  | policy: no candidate page could be read: crawler: render https://www.x.gov.uk/cookies/: HTTP 404 Not Found | false", cookies},
		{"a detached tab cuts the read short", []string{cookies}, nil, map[string]any{cookies: errTargetDetached}, false,
			"https://www.x.gov.uk/cookies/ |  | policy: read cut short by the run or the browser: crawler: render https://www.x.gov.uk/cookies/: browser failure: target detached | true", cookies},
		{"a detached tab after a page that declared nothing", []string{cookies, privacy}, []observe.PolicyPage{kept(privacy, pre, "")},
			map[string]any{cookies: errTargetDetached}, false,
			"https://www.x.gov.uk/cookies/ |  | policy: read cut short by the run or the browser: crawler: render https://www.x.gov.uk/cookies/: browser failure: target detached | true", cookies},
		{"the run stopped", []string{cookies}, nil, map[string]any{cookies: context.Canceled}, true,
			"https://www.x.gov.uk/cookies/ |  | policy: read cut short by the run or the browser: crawler: render https://www.x.gov.uk/cookies/: context canceled | true", cookies},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tt.cancel {
				cancel()
			}
			r := &fakeRenderer{pages: tt.rendered}
			got := describeRead(discoverPolicy(ctx, r.render, observe.SiteResult{PolicyLinks: tt.links, PolicyPages: tt.kept}))
			if got != tt.want {
				t.Errorf("read\n%s\nwant\n%s", got, tt.want)
			}
			if renders := strings.Join(r.called, " "); renders != tt.renders {
				t.Errorf("rendered %q, want %q", renders, tt.renders)
			}
		})
	}
}

// describeRead is a policy read in one line: its URL, phase and declared
// names, or its URL, error and whether it was cut short.
func describeRead(r *policyRead) string {
	if r.err != nil {
		return fmt.Sprintf("%s |  | %v | %t", r.url, r.err, r.interrupted)
	}
	var names []string
	for _, d := range r.doc.Declared {
		names = append(names, d.Name)
	}
	return fmt.Sprintf("%s %s %s |  | %t", r.url, r.phase, strings.Join(names, " "), r.interrupted)
}

// TestInterruptedPolicyReadIsNoFinding checks a crawled site whose policy
// read the browser cut short: the site is interrupted, has no
// policy-missing finding, and is left out of the results log so that
// --resume crawls it again; a policy page the site does not serve is the
// site's own answer and a finding.
func TestInterruptedPolicyReadIsNoFinding(t *testing.T) {
	const cookies = "https://www.x.gov.uk/cookies/"
	tests := []struct {
		desc    string
		render  any
		status  observe.SiteStatus
		missing bool // a policy-missing finding
		logged  bool // in the results log
	}{
		{"browser failed", errTargetDetached, observe.SiteInterrupted, false, false},
		{"browser exited", fmt.Errorf("%w: browser process exited: exit status 130", crawler.ErrBrowser), observe.SiteInterrupted, false, false},
		{"run stopped past the grace period", context.Canceled, observe.SiteInterrupted, false, false},
		{"page not found", nil, observe.SiteComplete, true, true},
		{"policy read", policyHTML("_ga"), observe.SiteComplete, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "run.jsonl")
			results, err := report.OpenResults(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := results.Start(report.Run{ID: "test"}); err != nil {
				t.Fatal(err)
			}
			defer results.Close()
			r := &fakeRenderer{pages: map[string]any{cookies: tt.render}}
			rep := &report.Report{}
			o := &ScanOptions{Sites: []string{"https://www.x.gov.uk/"}}
			p, err := o.prepare()
			if err != nil {
				t.Fatal(err)
			}
			f := &siteFinisher{o: o, p: p, rep: rep, results: results, render: r.render}
			f.start(context.Background(), observe.SiteResult{
				URL: "https://www.x.gov.uk/", Status: observe.SiteComplete, PolicyLinks: []string{cookies},
				Phases: []observe.PhaseResult{{Phase: observe.PhasePreConsent, Pages: []observe.Page{{URL: "https://www.x.gov.uk/", Status: 200}}}},
			})
			if err := f.wait(); err != nil {
				t.Fatal(err)
			}
			s := rep.Sites[0]
			missing := strings.Contains(audittest.CompactAll(s.Findings), audit.RulePolicyMissing)
			log, err := report.ReadResultsFile(path)
			if err != nil {
				t.Fatal(err)
			}
			logged := len(log.Sites) > 0
			if s.Status != tt.status || missing != tt.missing || logged != tt.logged || s.Policy.Interrupted != (tt.status == observe.SiteInterrupted) {
				t.Errorf("status %s, policy-missing %t, logged %t, policy %+v; want %s, %t, %t",
					s.Status, missing, logged, s.Policy, tt.status, tt.missing, tt.logged)
			}
		})
	}
}
