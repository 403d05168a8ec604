package crawler_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cookieaudit/cookieaudit/crawler"
	"github.com/cookieaudit/cookieaudit/crawler/fixture"
	"github.com/cookieaudit/cookieaudit/crawler/observe"
)

// launchCouncils serves n council-like sites (fixture.CouncilSites) and
// starts a browser mapped to them.
func launchCouncils(t testing.TB, n int) (*crawler.Browser, []string) {
	t.Helper()
	fsys, urls := fixture.CouncilSites(n)
	return serveAndLaunch(t, fsys), urls
}

// traces collects the crawler's account of every page.
type traces struct {
	mu   sync.Mutex
	list []crawler.PageTrace
}

func (tr *traces) add(p crawler.PageTrace) {
	tr.mu.Lock()
	tr.list = append(tr.list, p)
	tr.mu.Unlock()
}

// TestQuietNeverStallsOnLivePages crawls council pages that keep an event
// stream and a long poll open, cancel a prefetch by navigating, send
// beacons on pagehide and embed a third-party frame, and checks from the
// crawler's own account that every page went quiet because nothing held
// it, never because the 8 s bound ran out.
func TestQuietNeverStallsOnLivePages(t *testing.T) {
	b, urls := launchCouncils(t, 1)
	var tr traces
	cfg := crawler.Config{Phases: []observe.Phase{observe.PhasePreConsent}, MaxPages: 8, Trace: tr.add}
	var res []observe.SiteResult
	b.Scan(context.Background(), urls[:1], cfg, crawler.ScanOptions{}, func(r observe.SiteResult) { res = append(res, r) })
	if len(res) != 1 || len(res[0].Phases[0].Pages) != 8 {
		t.Fatalf("results %+v, want one site of 8 pages", res)
	}
	var got []string
	for _, p := range tr.list {
		got = append(got, fmt.Sprintf("%s quiet=%s timers>=2:%t long-lived>=1:%t",
			strings.TrimPrefix(p.URL, urls[0]), p.Quiet, p.LateTimers >= 2, p.LongLived >= 1))
		if p.LateQuiet == crawler.QuietBound {
			t.Errorf("%s: the wait after the late timers ran to the bound", p.URL)
		}
	}
	var want []string
	for _, p := range fixture.CouncilPagePaths() {
		want = append(want, fmt.Sprintf("%s quiet=idle timers>=2:true long-lived>=1:true", strings.TrimPrefix(p, "/")))
	}
	if !slices.Equal(got, want) {
		t.Errorf("page accounts:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
}

// TestLateCookiesRecordedByDefault checks that the cookies the council
// pages' timers set 1.5 s and 3 s after load are recorded with default
// settings and no real-time settle, because the crawler ran those timers
// ahead of time (its own account says so), and that with the horizon
// switched off it runs none.
func TestLateCookiesRecordedByDefault(t *testing.T) {
	b, urls := launchCouncils(t, 1)
	for _, tt := range []struct {
		horizon    int
		wantTimers bool
		want       string
	}{
		{0, true, "feedback_prompt survey_invite"},
		{-1, false, ""},
	} {
		var tr traces
		cfg := crawler.Config{Phases: []observe.Phase{observe.PhasePreConsent}, MaxPages: 2, LateHorizon: ms(tt.horizon), Trace: tr.add}
		var out []observe.SiteResult
		b.Scan(context.Background(), urls[:1], cfg, crawler.ScanOptions{}, func(r observe.SiteResult) { out = append(out, r) })
		for _, p := range tr.list {
			if ran := p.LateTimers > 0; ran != tt.wantTimers {
				t.Errorf("horizon %d: %s ran %d timers ahead of time", tt.horizon, p.URL, p.LateTimers)
			}
		}
		if tt.want == "" {
			continue // whether real time reached the timers is not for a test to say
		}
		var late []string
		for _, c := range out[0].Cookies {
			if (c.Name == "survey_invite" || c.Name == "feedback_prompt") && !slices.Contains(late, c.Name) {
				late = append(late, c.Name)
			}
		}
		slices.Sort(late)
		if got := strings.Join(late, " "); got != tt.want {
			t.Errorf("horizon %d: late cookies %q, want %q", tt.horizon, got, tt.want)
		}
	}
}

// ms is n milliseconds.
func ms(n int) time.Duration { return time.Duration(n) * time.Millisecond }
