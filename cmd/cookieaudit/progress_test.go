package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/cookieaudit/cookieaudit/audit/report"
	"github.com/cookieaudit/cookieaudit/crawler/observe"
)

// fakeClock is a clock a test moves by hand.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

// progressSite is a finished site with pages, two of which timed out, and
// two findings, one of them waived.
func progressSite(url string) report.Site {
	pages := []observe.Page{{URL: url, Status: 200}, {URL: url + "a", Error: "page did not load within 30s"}, {URL: url + "b", Error: "page did not load within 30s"}}
	return report.Site{SiteResult: observe.SiteResult{URL: url, Status: observe.SiteComplete,
		Phases: []observe.PhaseResult{{Phase: observe.PhasePreConsent, Pages: pages}}},
		Findings: []report.Finding{{Rule: "pre-consent", Severity: report.High}, {Rule: "undeclared", Severity: report.Medium, Waived: "ticket 12"}}}
}

// TestProgressWithoutTerminal checks that a CI log gets one line per
// finished site, in the tool's log format, with its status, pages, failed
// pages and why, findings and time.
func TestProgressWithoutTerminal(t *testing.T) {
	var stderr bytes.Buffer
	clock := &fakeClock{time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC)}
	p := newProgress(&globalOptions{stderr: &stderr, now: clock.now})
	p.Start(2)
	p.PageStarted("https://www.x.gov.uk/", "https://www.x.gov.uk/")
	clock.t = clock.t.Add(95 * time.Second)
	p.SiteDone(progressSite("https://www.x.gov.uk/"))
	p.Finish()
	want := "cookieaudit: site 1/2 done: https://www.x.gov.uk/ status=complete pages=3 failed_pages=2 why=\"timeout ×2\" findings=1 time=1m35s\n"
	if stderr.String() != want {
		t.Errorf("stderr:\n%q\nwant:\n%q", stderr.String(), want)
	}
}

// TestProgressOnTerminalShowsTheLoadingPage checks that the terminal line
// names the page being loaded and how long it has been loading, and
// counts failed pages apart.
func TestProgressOnTerminalShowsTheLoadingPage(t *testing.T) {
	var line bytes.Buffer
	clock := &fakeClock{time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC)}
	p := &progress{line: &line, now: clock.now, siteStart: map[string]time.Time{}}
	p.mu.Lock()
	p.total, p.start = 3, clock.t
	p.mu.Unlock()
	p.SiteDone(progressSite("https://www.x.gov.uk/"))
	clock.t = clock.t.Add(10 * time.Second)
	p.PageStarted("https://www.slow.gov.uk/", "https://www.slow.gov.uk/events/calendar")
	clock.t = clock.t.Add(60 * time.Second)
	want := "sites 1/3  pages 3 (2 failed)  elapsed 1m10s  left ~2m20s  loading https://www.slow.gov.uk/events/calendar (1m0s)"
	if got := p.status(clock.t); got != want {
		t.Errorf("line:\n%s\nwant:\n%s", got, want)
	}
	if !strings.Contains(line.String(), "\r\x1b[Ksites 1/3  pages 3 (2 failed)  elapsed 10s  left ~20s  loading https://www.slow.gov.uk/events/calendar (0s)") {
		t.Errorf("the line drawn when the page started:\n%q", line.String())
	}
}
