package crawler_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/cookieaudit/cookieaudit/crawler/observe"

	cookieaudit "github.com/cookieaudit/cookieaudit"
	"github.com/cookieaudit/cookieaudit/crawler"
	"github.com/cookieaudit/cookieaudit/crawler/consent"
	"github.com/cookieaudit/cookieaudit/crawler/fixture"
)

// The fixture sites and one browser are shared by the tests of this package.
var (
	fixtures *fixture.Server
	// requests signals when the fixture server is asked for a file.
	requests fixture.Requests
)

func TestMain(m *testing.M) {
	if n := os.Getenv(councilServerEnv); n != "" {
		os.Exit(serveCouncils(n))
	}
	if job := os.Getenv(bareProcessEnv); job != "" {
		os.Exit(runBareProcess(job))
	}
	srv, err := fixture.Start(requests.FS(cookieaudit.Sites()))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fixtures = srv
	code := m.Run()
	srv.Close()
	os.Exit(code)
}

// launch starts a browser mapped to the fixture sites. Browser tests never
// skip: CI installs Chromium, and a missing one is a failure.
func launch(t testing.TB, opts crawler.BrowserOptions) *crawler.Browser {
	t.Helper()
	if opts.ResolverRules != "" {
		opts.ResolverRules += ","
	}
	opts.ResolverRules += fixtures.ResolverRules()
	opts.Insecure = true
	b, err := crawler.Launch(context.Background(), opts)
	if err != nil {
		t.Fatalf("launch browser: %v", err)
	}
	t.Cleanup(b.Close)
	return b
}

func scan(t testing.TB, b *crawler.Browser, cfg crawler.Config, sites ...string) []observe.SiteResult {
	t.Helper()
	if cfg.Settle == 0 {
		cfg.Settle = 1500 * time.Millisecond
	}
	var out []observe.SiteResult
	b.Scan(context.Background(), sites, cfg, crawler.ScanOptions{}, func(r observe.SiteResult) { out = append(out, r) })
	slices.SortFunc(out, func(a, b observe.SiteResult) int { return strings.Compare(a.URL, b.URL) })
	return out
}

// compact renders a cookie as one line: name domain path, lifetime (rounded
// to 10 s, well inside the 1% the audit needs), requested lifetime, who set
// it, and flags.
func compact(c observe.Cookie) string {
	life := "session"
	if !c.Session {
		life = fmt.Sprintf("life=%d req=%d", round10(c.LifetimeSeconds), round10(c.RequestedLifetimeSeconds))
	}
	s := fmt.Sprintf("%s %s %s %s %s %s", c.Name, c.Domain, c.Path, life, c.SetBy, strings.TrimPrefix(c.SetByURL, "https://"))
	if c.ThirdParty {
		s += " 3p"
	}
	if c.Secure {
		s += " secure"
	}
	if c.HTTPOnly {
		s += " httponly"
	}
	if c.SameSite != "" {
		s += " " + c.SameSite
	}
	if c.Removed {
		s += " removed"
	}
	if c.Blocked {
		s += " blocked:" + c.BlockedReason
	}
	return s
}

func round10(n int64) int64 { return (n + 5) / 10 * 10 }

func cookieLines(r observe.SiteResult, phase observe.Phase) []string {
	var out []string
	for _, c := range r.Cookies {
		if c.Phase == phase {
			out = append(out, compact(c))
		}
	}
	return out
}

const (
	year   = 31536000
	cap400 = 34560000
)

// testshirePreConsent is what the Testshire fixture sets before consent,
// with third-party cookies allowed as in most visitors' browsers.
var testshirePreConsent = []string{
	"SESSIONID www.testshire.gov.uk / session header www.testshire.gov.uk/ secure httponly Lax",
	"VISITOR_ID video.tubeembed.com / life=15552000 req=15552000 header video.tubeembed.com/embed/welcome 3p secure httponly None",
	"_tm www.testshire.gov.uk / life=34560000 req=63072000 script cdn.testmetrics.net/tm.js Lax",
	"bins_area www.testshire.gov.uk /services/ life=86400 req=86400 header www.testshire.gov.uk/services/bins/ secure",
	"council_pref www.testshire.gov.uk / life=31536000 req=31536000 header www.testshire.gov.uk/ secure Lax",
	"js_session www.testshire.gov.uk / session script www.testshire.gov.uk/",
	"late_pref www.testshire.gov.uk / life=3600 req=3600 script www.testshire.gov.uk/",
	"legacy_id www.testshire.gov.uk / life=34560000 req=43200000 header www.testshire.gov.uk/ secure",
	"temp_flag www.testshire.gov.uk / life=600 req=600 script www.testshire.gov.uk/ removed",
	"tm_uid cdn.testmetrics.net / life=31536000 req=31536000 header cdn.testmetrics.net/collect.gif 3p secure None",
	"vt_pref video.tubeembed.com / life=15552000 req=15552000 script video.tubeembed.com/embed/welcome 3p secure None",
}

func TestScanRecordsEveryCookie(t *testing.T) {
	b := launch(t, crawler.BrowserOptions{})
	tests := []struct {
		desc  string
		cfg   crawler.Config
		want  []string
		pages []string
	}{
		{
			desc:  "whole site, every cookie with lifetimes",
			cfg:   crawler.Config{Phases: []observe.Phase{observe.PhasePreConsent}},
			want:  testshirePreConsent,
			pages: []string{"/", "/cookies/", "/services/", "/about/", "/services/bins/"},
		},
		{
			desc: "depth 1 misses the cookie two links deep",
			cfg:  crawler.Config{Phases: []observe.Phase{observe.PhasePreConsent}, MaxDepth: 1},
			want: slices.DeleteFunc(slices.Clone(testshirePreConsent), func(s string) bool {
				return strings.HasPrefix(s, "bins_area ")
			}),
			pages: []string{"/", "/cookies/", "/services/", "/about/"},
		},
		{
			desc: "page budget of one",
			cfg:  crawler.Config{Phases: []observe.Phase{observe.PhasePreConsent}, MaxPages: 1},
			want: slices.DeleteFunc(slices.Clone(testshirePreConsent), func(s string) bool {
				return strings.HasPrefix(s, "bins_area ")
			}),
			pages: []string{"/"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			res := scan(t, b, tt.cfg, "https://www.testshire.gov.uk/")
			if len(res) != 1 {
				t.Fatalf("got %d site results, want 1", len(res))
			}
			got := cookieLines(res[0], observe.PhasePreConsent)
			if d := diffLines(got, tt.want); d != "" {
				t.Errorf("cookies differ (-missing +unexpected):\n%s", d)
			}
			var pages []string
			for _, p := range res[0].Phases[0].Pages {
				pages = append(pages, strings.TrimPrefix(p.URL, "https://www.testshire.gov.uk"))
				if p.Status != 200 || p.Error != "" {
					t.Errorf("page %s: status %d error %q", p.URL, p.Status, p.Error)
				}
			}
			if !slices.Equal(pages, tt.pages) {
				t.Errorf("pages = %v, want %v", pages, tt.pages)
			}
		})
	}
}

func TestScanRecordsBlockedThirdPartyCookies(t *testing.T) {
	b := launch(t, crawler.BrowserOptions{BlockThirdPartyCookies: true})
	res := scan(t, b, crawler.Config{Phases: []observe.Phase{observe.PhasePreConsent}, MaxPages: 1}, "https://www.testshire.gov.uk/")
	var got []string
	for _, c := range res[0].Cookies {
		if c.ThirdParty {
			got = append(got, compact(c))
		}
	}
	want := []string{
		"VISITOR_ID video.tubeembed.com / life=15552000 req=15552000 header video.tubeembed.com/embed/welcome 3p secure httponly None blocked:UserPreferences",
		"tm_uid cdn.testmetrics.net / life=31536000 req=31536000 header cdn.testmetrics.net/collect.gif 3p secure None blocked:UserPreferences",
		"vt_pref video.tubeembed.com / life=15552000 req=15552000 script video.tubeembed.com/embed/welcome 3p secure None blocked:ThirdPartyContext",
	}
	if d := diffLines(got, want); d != "" {
		t.Errorf("third-party cookies differ (-missing +unexpected):\n%s", d)
	}
}

func TestScanIsolatesSitesAndPhasesAndRepeats(t *testing.T) {
	b := launch(t, crawler.BrowserOptions{})
	cfg := crawler.Config{MaxPages: 1}
	first := scan(t, b, cfg, "https://www.testshire.gov.uk/", "https://www.otherborough.gov.uk/")
	if len(first) != 2 {
		t.Fatalf("got %d sites, want 2", len(first))
	}
	other := first[0]
	wantOther := []string{
		"ob_session www.otherborough.gov.uk / session header www.otherborough.gov.uk/ secure httponly Lax",
		"ob_visit www.otherborough.gov.uk / life=600 req=600 script www.otherborough.gov.uk/",
	}
	for _, ph := range observe.AllPhases {
		if d := diffLines(cookieLines(other, ph), wantOther); d != "" {
			t.Errorf("otherborough %s (-missing +unexpected):\n%s", ph, d)
		}
	}
	if len(other.Phases) != 3 {
		t.Fatalf("otherborough phases = %d, want 3", len(other.Phases))
	}
	for _, p := range other.Phases {
		wantAction := observe.ConsentNotFound
		if p.Phase == observe.PhasePreConsent {
			wantAction = observe.ConsentNone
		}
		if p.ConsentOutcome() != wantAction {
			t.Errorf("phase %s consent outcome = %q, want %q", p.Phase, p.ConsentOutcome(), wantAction)
		}
	}
	// Every phase of Testshire starts from an empty profile: the same set.
	shire := first[1]
	pre := cookieLines(shire, observe.PhasePreConsent)
	for _, ph := range []observe.Phase{observe.PhaseAccept, observe.PhaseReject} {
		if d := diffLines(cookieLines(shire, ph), pre); d != "" {
			t.Errorf("testshire %s differs from pre-consent:\n%s", ph, d)
		}
	}
	again := scan(t, b, cfg, "https://www.testshire.gov.uk/")
	if d := diffLines(cookieLines(again[0], observe.PhasePreConsent), pre); d != "" {
		t.Errorf("second scan differs:\n%s", d)
	}
}

func TestScanRecordsWebStorageWithoutValues(t *testing.T) {
	b := launch(t, crawler.BrowserOptions{})
	res := scan(t, b, crawler.Config{Phases: []observe.Phase{observe.PhasePreConsent}, MaxPages: 1}, "https://www.testshire.gov.uk/")
	var got []string
	for _, s := range res[0].Storage {
		got = append(got, fmt.Sprintf("%s %s %s %s", s.Phase, s.Origin, s.Area, s.Key))
	}
	want := []string{
		"pre-consent https://www.testshire.gov.uk local tm_state",
		"pre-consent https://www.testshire.gov.uk session tab_id",
	}
	if d := diffLines(got, want); d != "" {
		t.Errorf("storage differs:\n%s", d)
	}
	if !slices.Equal(res[0].PolicyLinks, []string{"https://www.testshire.gov.uk/cookies/"}) {
		t.Errorf("policy links = %v", res[0].PolicyLinks)
	}
}

func TestScanReportsUnreachableSite(t *testing.T) {
	b := launch(t, crawler.BrowserOptions{})
	res := scan(t, b, crawler.Config{Phases: []observe.Phase{observe.PhasePreConsent}, MaxPages: 1, Settle: time.Millisecond},
		"https://www.missing.gov.uk/", "https://www.otherborough.gov.uk/")
	if len(res) != 2 {
		t.Fatalf("got %d results, want 2", len(res))
	}
	if !strings.Contains(res[0].Error, "HTTP 404") || res[0].Phases[0].Pages[0].Status != 404 {
		t.Errorf("missing site: error %q, status %d; want HTTP 404", res[0].Error, res[0].Phases[0].Pages[0].Status)
	}
	if res[1].Error != "" || len(res[1].Cookies) != 2 {
		t.Errorf("other site: error %q, %d cookies; want no error and 2", res[1].Error, len(res[1].Cookies))
	}
}

// diffLines compares two sets of lines, ignoring order.
func diffLines(got, want []string) string {
	var b strings.Builder
	g := slices.Sorted(slices.Values(got))
	w := slices.Sorted(slices.Values(want))
	for _, s := range w {
		if !slices.Contains(g, s) {
			fmt.Fprintf(&b, "- %s\n", s)
		}
	}
	for _, s := range g {
		if !slices.Contains(w, s) {
			fmt.Fprintf(&b, "+ %s\n", s)
		}
	}
	return b.String()
}

// TestScanKeepsPolicyPages checks that the crawl keeps the documents of
// the policy candidates it visits, as they stood after the page settled:
// the pre-consent copy, and the accept copy once consent was given (here
// the only one with the cookie list, which the site fills in on consent).
// A candidate the crawl did not visit has no copy; the reject phase keeps
// none.
func TestScanKeepsPolicyPages(t *testing.T) {
	b := launch(t, crawler.BrowserOptions{})
	mgr, err := consent.New(consent.Options{})
	if err != nil {
		t.Fatal(err)
	}
	describe := func(r observe.SiteResult) string {
		var out []string
		for _, p := range r.PolicyPages {
			out = append(out, fmt.Sprintf("%s %s %s list=%t", p.Phase, p.Link, p.URL, strings.Contains(p.HTML, "<td>ll_analytics</td>")))
		}
		return strings.Join(out, "\n")
	}
	tests := []struct {
		desc, site string
		cfg        crawler.Config
		want       string
	}{
		{"every phase", "https://www.laterlist.gov.uk/", crawler.Config{MaxPages: 2, Settle: -1, Consent: mgr},
			"pre-consent https://www.laterlist.gov.uk/cookies/ https://www.laterlist.gov.uk/cookies/ list=false\n" +
				"accept https://www.laterlist.gov.uk/cookies/ https://www.laterlist.gov.uk/cookies/ list=true"},
		{"candidate not visited", "https://www.testshire.gov.uk/", crawler.Config{Phases: []observe.Phase{observe.PhasePreConsent}, MaxPages: 1, Settle: -1}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			res := scan(t, b, tt.cfg, tt.site)
			if got := describe(res[0]); got != tt.want {
				t.Errorf("policy pages:\n%s\nwant:\n%s", got, tt.want)
			}
			if len(res[0].PolicyLinks) == 0 {
				t.Error("no policy links")
			}
		})
	}
}

// panickingConsenter panics when asked to act on one host's banner.
type panickingConsenter struct{ host string }

func (panickingConsenter) Prepare(context.Context) error { return nil }

func (p panickingConsenter) Apply(ctx context.Context, choice observe.Choice) observe.ConsentEvidence {
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	if strings.Contains(loc, p.host) {
		panic("consent code met an unforeseen page")
	}
	return observe.ConsentEvidence{Outcome: observe.ConsentNotFound}
}

// TestScanPanicStaysWithItsPhase checks that a panic in one site-phase's
// crawl becomes that phase's error: the site's other phases and the other
// site are crawled as usual, and Scan returns.
func TestScanPanicStaysWithItsPhase(t *testing.T) {
	b := launch(t, crawler.BrowserOptions{})
	cfg := crawler.Config{MaxPages: 1, Settle: -1, Consent: panickingConsenter{host: "www.otherborough.gov.uk"}}
	res := scan(t, b, cfg, "https://www.otherborough.gov.uk/", "https://www.testshire.gov.uk/")
	var got []string
	for _, r := range res {
		for _, p := range r.Phases {
			got = append(got, fmt.Sprintf("%s %s pages=%d error=%q", r.URL, p.Phase, len(p.Pages), p.Error))
		}
	}
	want := []string{
		`https://www.otherborough.gov.uk/ pre-consent pages=1 error=""`,
		`https://www.otherborough.gov.uk/ accept pages=0 error="internal error while crawling: consent code met an unforeseen page"`,
		`https://www.otherborough.gov.uk/ reject pages=0 error="internal error while crawling: consent code met an unforeseen page"`,
		`https://www.testshire.gov.uk/ pre-consent pages=1 error=""`,
		`https://www.testshire.gov.uk/ accept pages=1 error=""`,
		`https://www.testshire.gov.uk/ reject pages=1 error=""`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("phases:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
