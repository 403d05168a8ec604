package crawler_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cookieaudit/cookieaudit/crawler/observe"

	"github.com/cookieaudit/cookieaudit/crawler"
)

func TestScanSurvivesHostilePages(t *testing.T) {
	b := launch(t, crawler.BrowserOptions{ResolverRules: "MAP www.unreachable.gov.uk 127.0.0.1:1"})
	cfg := crawler.Config{
		Phases: []observe.Phase{observe.PhasePreConsent}, MaxPages: 20,
		Settle: 200 * time.Millisecond, PageTimeout: 6 * time.Second,
	}
	res := scan(t, b, cfg, "https://www.trapshire.gov.uk/", "https://www.unreachable.gov.uk/", "https://www.otherborough.gov.uk/")
	if len(res) != 3 {
		t.Fatalf("got %d sites, want 3", len(res))
	}
	other, trap, unreachable := res[0], res[1], res[2]

	var pages []string
	for _, p := range trap.Phases[0].Pages {
		line := strings.TrimPrefix(p.URL, "https://www.trapshire.gov.uk")
		switch {
		case strings.Contains(p.Error, "did not load within 6s"):
			line += " timeout"
		case strings.Contains(p.Error, "ERR_TOO_MANY_REDIRECTS"):
			line += " redirect-loop"
		case p.Error != "":
			line += " error: " + p.Error
		}
		pages = append(pages, line)
	}
	want := []string{
		"/", "/slow/ timeout", "/loop/ redirect-loop", "/alert/", "/bomb/",
		"/calendar/?month=1", "/popup/", "/forge/", "/calendar/?month=2", "/calendar/?month=3",
	}
	if d := diffLines(pages, want); d != "" || len(pages) != len(want) {
		t.Errorf("trapshire pages %v (-missing +unexpected):\n%s", pages, d)
	}
	if trap.Error != "" {
		t.Errorf("trapshire site error %q, want none", trap.Error)
	}
	names := map[string]int{}
	for _, c := range trap.Cookies {
		switch {
		case strings.HasPrefix(c.Name, "bomb_"):
			names["bomb_*"]++
		default:
			names[c.Name]++
		}
	}
	// Dialogs were dismissed (confirm answered no), and the page went on; a
	// page cannot forge a cookie report.
	if got := fmt.Sprint(names); got != "map[after_dialogs:1 bomb_*:150 honest:1 trap_home:1]" {
		t.Errorf("trapshire cookies = %s", got)
	}
	if !strings.Contains(unreachable.Error, "ERR_CONNECTION_REFUSED") {
		t.Errorf("unreachable site error = %q, want connection refused", unreachable.Error)
	}
	if other.Error != "" || len(other.Cookies) != 2 {
		t.Errorf("otherborough: error %q, %d cookies; want none and 2", other.Error, len(other.Cookies))
	}
}

func TestScanFollowsPageWhoseLoadNeverFinishes(t *testing.T) {
	b := launch(t, crawler.BrowserOptions{})
	cfg := crawler.Config{Phases: []observe.Phase{observe.PhasePreConsent}, MaxPages: 3, Settle: 200 * time.Millisecond, PageTimeout: 3 * time.Second}
	res := scan(t, b, cfg, "https://www.slowshire.gov.uk/")
	var got []string
	for _, p := range res[0].Phases[0].Pages {
		got = append(got, fmt.Sprintf("%s %d %q", p.URL, p.Status, p.Error))
	}
	for _, c := range res[0].Cookies {
		got = append(got, "cookie "+c.Name)
	}
	want := []string{
		`https://www.slowshire.gov.uk/ 200 "page did not load within 3s"`,
		`https://www.slowshire.gov.uk/next/ 200 ""`,
		"cookie next_page",
	}
	if d := diffLines(got, want); d != "" {
		t.Errorf("slow page (-missing +unexpected):\n%s", d)
	}
}

func TestScanReportsBotWalls(t *testing.T) {
	b := launch(t, crawler.BrowserOptions{})
	cfg := crawler.Config{Phases: []observe.Phase{observe.PhasePreConsent}, MaxPages: 3, Settle: 200 * time.Millisecond}
	res := scan(t, b, cfg, "https://www.botwall.gov.uk/", "https://www.forbidden.gov.uk/")
	var got []string
	for _, r := range res {
		got = append(got, fmt.Sprintf("%s pages=%d error=%q cookies=%d", r.URL, len(r.Phases[0].Pages), r.Error, len(r.Cookies)))
	}
	want := []string{
		`https://www.botwall.gov.uk/ pages=1 error="blocked by a bot check (Cloudflare challenge): the site did not serve its pages to the crawler" cookies=1`,
		`https://www.forbidden.gov.uk/ pages=1 error="HTTP 403 Forbidden" cookies=0`,
	}
	if d := diffLines(got, want); d != "" {
		t.Errorf("bot walls (-missing +unexpected):\n%s", d)
	}
}

func TestScanRestartsKilledBrowser(t *testing.T) {
	b := launch(t, crawler.BrowserOptions{})
	cfg := crawler.Config{Phases: []observe.Phase{observe.PhasePreConsent, observe.PhaseAccept}, MaxPages: 3, Settle: 1200 * time.Millisecond}
	sites := []string{"https://www.otherborough.gov.uk/", "https://www.testshire.gov.uk/"}
	// Kill the browser while the second site's first page is loading.
	loading := requests.Next("www.testshire.gov.uk/index.html")
	go func() {
		<-loading
		if p := b.Process(); p != nil {
			_ = p.Kill()
		}
	}()
	var res []observe.SiteResult
	b.Scan(context.Background(), sites, cfg, crawler.ScanOptions{Concurrency: 1}, func(r observe.SiteResult) {
		res = append(res, r)
	})
	if len(res) != 2 {
		t.Fatalf("got %d sites, want 2", len(res))
	}
	retried := 0
	for _, r := range res {
		if r.Error != "" {
			t.Errorf("%s: error %q", r.URL, r.Error)
		}
		for _, p := range r.Phases {
			if p.Error != "" {
				t.Errorf("%s %s: error %q", r.URL, p.Phase, p.Error)
			}
			if p.Retried {
				retried++
			}
		}
	}
	if retried != 1 {
		t.Errorf("%d phases retried, want 1", retried)
	}
	// Three pages: bins_area, two links deep, is out of reach.
	want := slices.DeleteFunc(slices.Clone(testshirePreConsent), func(s string) bool {
		return strings.HasPrefix(s, "bins_area ")
	})
	for _, ph := range cfg.Phases {
		if d := diffLines(cookieLines(res[1], ph), want); d != "" {
			t.Errorf("testshire %s after the restart (-missing +unexpected):\n%s", ph, d)
		}
	}
}

func TestScanInterruptKeepsVisitedPages(t *testing.T) {
	b := launch(t, crawler.BrowserOptions{})
	ctx, cancel := context.WithCancel(context.Background())
	cfg := crawler.Config{Phases: []observe.Phase{observe.PhasePreConsent, observe.PhaseAccept}, MaxPages: 5, Settle: 300 * time.Millisecond, PageTimeout: 10 * time.Second}
	var res []observe.SiteResult
	// The second page is the one that never loads: interrupt once the
	// browser asks for it, the first page having been read.
	slow := requests.Next("www.trapshire.gov.uk/slow/index.html")
	go func() {
		<-slow
		cancel()
	}()
	defer cancel()
	b.Scan(ctx, []string{"https://www.trapshire.gov.uk/"}, cfg, crawler.ScanOptions{Concurrency: 1}, func(r observe.SiteResult) { res = append(res, r) })
	if len(res) != 1 {
		t.Fatalf("got %d sites, want the interrupted one", len(res))
	}
	r := res[0]
	if !strings.Contains(r.Error, "interrupted") {
		t.Errorf("site error = %q, want interrupted", r.Error)
	}
	if len(r.Phases) != 1 || !strings.Contains(r.Phases[0].Error, "interrupted") {
		t.Fatalf("phases = %+v, want one interrupted phase", r.Phases)
	}
	if got := cookieLines(r, observe.PhasePreConsent); len(got) != 1 || !strings.HasPrefix(got[0], "trap_home ") {
		t.Errorf("cookies = %v, want trap_home from the first page", got)
	}
}

// TestScanSkipsPhasesOfUnreachableSite checks that a site whose start page
// cannot be reached before consent (connection refused, unknown host) is
// not crawled again to accept and reject: it is reported once, as failed,
// while a reachable site gets all three phases.
func TestScanSkipsPhasesOfUnreachableSite(t *testing.T) {
	b := launch(t, crawler.BrowserOptions{ResolverRules: "MAP www.unreachable.gov.uk 127.0.0.1:1, MAP www.nxdomain.gov.uk ~NOTFOUND"})
	cfg := crawler.Config{MaxPages: 1, DisableLateTimers: true}
	var res []observe.SiteResult
	b.Scan(context.Background(), []string{"https://www.unreachable.gov.uk/", "https://www.nxdomain.gov.uk/", "https://www.otherborough.gov.uk/"},
		cfg, crawler.ScanOptions{Concurrency: 2}, func(r observe.SiteResult) { res = append(res, r) })
	slices.SortFunc(res, func(a, b observe.SiteResult) int { return strings.Compare(a.URL, b.URL) })
	var got []string
	for _, r := range res {
		var phases []string
		for _, p := range r.Phases {
			phases = append(phases, string(p.Phase))
		}
		errText := r.Error
		if i := strings.Index(errText, "net::"); i >= 0 {
			errText = errText[i:]
		}
		got = append(got, fmt.Sprintf("%s status=%s phases=%s error=%q", r.URL, r.Status, strings.Join(phases, ","), errText))
	}
	want := []string{
		`https://www.nxdomain.gov.uk/ status=failed phases=pre-consent error="net::ERR_NAME_NOT_RESOLVED"`,
		`https://www.otherborough.gov.uk/ status=complete phases=pre-consent,accept,reject error=""`,
		`https://www.unreachable.gov.uk/ status=failed phases=pre-consent error="net::ERR_CONNECTION_REFUSED"`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("sites:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
}

// TestScanDeliversSitesOutsideTheScheduler checks that a slow consumer of
// finished sites (one reading a policy) does not hold up the crawl: while
// done blocks on the first site, the other sites are still crawled.
func TestScanDeliversSitesOutsideTheScheduler(t *testing.T) {
	b := launch(t, crawler.BrowserOptions{})
	cfg := crawler.Config{Phases: []observe.Phase{observe.PhasePreConsent}, MaxPages: 1, DisableLateTimers: true}
	sites := []string{"https://www.otherborough.gov.uk/", "https://www.testshire.gov.uk/", "https://www.botwall.gov.uk/"}
	crawled := make(chan string, len(sites))
	cfg.Trace = func(p crawler.PageTrace) { crawled <- p.URL }
	var got []string
	b.Scan(context.Background(), sites, cfg, crawler.ScanOptions{Concurrency: 1}, func(r observe.SiteResult) {
		if len(got) == 0 {
			// Hold the first site until every site has been crawled: with
			// done under the scheduler's lock this would never return.
			for range sites {
				select {
				case <-crawled:
				case <-time.After(2 * time.Minute): // a hang guard only
					t.Error("the crawl waited for the consumer of finished sites")
					return
				}
			}
		}
		got = append(got, r.URL)
	})
	if len(got) != len(sites) {
		t.Errorf("delivered %v, want all of %v", got, sites)
	}
}
