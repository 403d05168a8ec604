package crawler_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
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
// pages' timers set 1.5 s and 3 s after load, and the one the embedded
// video's cross-site frame sets 2 s after its load, are recorded with
// default settings and no real-time settle, because the crawler ran those
// timers ahead of time (its own account says so), and that with the
// late timers disabled it runs none.
func TestLateCookiesRecordedByDefault(t *testing.T) {
	b, urls := launchCouncils(t, 1)
	for _, tt := range []struct {
		name       string
		off        bool
		wantTimers bool
		want       string
	}{
		{"default horizon", false, true, "feedback_prompt survey_invite vid_viewed"},
		{"late timers disabled", true, false, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var tr traces
			cfg := crawler.Config{Phases: []observe.Phase{observe.PhasePreConsent}, MaxPages: 2, DisableLateTimers: tt.off, Trace: tr.add}
			var out []observe.SiteResult
			b.Scan(context.Background(), urls[:1], cfg, crawler.ScanOptions{}, func(r observe.SiteResult) { out = append(out, r) })
			for _, p := range tr.list {
				if ran := p.LateTimers > 0; ran != tt.wantTimers {
					t.Errorf("%s ran %d timers ahead of time", p.URL, p.LateTimers)
				}
			}
			if tt.want == "" {
				return // whether real time reached the timers is not for a test to say
			}
			var late []string
			for _, c := range out[0].Cookies {
				if (c.Name == "survey_invite" || c.Name == "feedback_prompt" || c.Name == "vid_viewed") && !slices.Contains(late, c.Name) {
					late = append(late, c.Name)
				}
			}
			slices.Sort(late)
			if got := strings.Join(late, " "); got != tt.want {
				t.Errorf("late cookies %q, want %q", got, tt.want)
			}
		})
	}
}

// idleCheckSite has pages that still have work queued when their network
// goes quiet. On its home page a tag's script makes a request, and once
// the reply is in sets a 40 ms timer that makes another; on its news page
// a third-party frame does the same with its own timer. Each of those
// requests' replies sets a cookie. Its contact page has nothing left to
// do.
func idleCheckSite() (fstest.MapFS, string) {
	fsys := fstest.MapFS{}
	add := func(name, body, headers string) {
		fsys[name] = &fstest.MapFile{Data: []byte(body)}
		if headers != "" {
			fsys[name+".headers"] = &fstest.MapFile{Data: []byte(headers)}
		}
	}
	const host = "www.idlecheck.gov.uk"
	page := func(title, body string) string {
		return `<!doctype html><html lang="en-GB"><head><title>` + title + ` - Idlecheck District Council</title></head><body><h1>` + title + `</h1>` + body + `</body></html>`
	}
	add(host+"/index.html", page("Home", `<p><a href="/news/">News</a></p><script src="/js/tag.js" async></script>`), "")
	add(host+"/js/tag.js", `(function () {
  fetch('/hit/chain').then(function () {
    setTimeout(function () { fetch('/hit/timer'); }, 40);
  });
})();`, "Content-Type: application/javascript\n")
	add(host+"/hit/chain", "", "Set-Cookie: chain_hit=1; Max-Age=600; Path=/; Secure\n")
	add(host+"/hit/timer", "", "Set-Cookie: timer_hit=1; Max-Age=600; Path=/; Secure\n")
	add(host+"/news/index.html", page("News", `<p><a href="/contact/">Contact us</a></p>
<iframe src="https://embed.widgetbench.net/frame.html" title="Bus times" width="300" height="120"></iframe>`), "")
	add("embed.widgetbench.net/frame.html", `<!doctype html><html><body><p>Next bus: 4 min</p>
<script>
fetch('/ping').then(function () {
  setTimeout(function () { fetch('/hit/frame', {credentials: 'include'}); }, 40);
});
</script></body></html>`, "")
	add("embed.widgetbench.net/ping", "", "")
	add("embed.widgetbench.net/hit/frame", "", "Set-Cookie: frame_hit=1; Max-Age=600; Path=/; Secure; SameSite=None\n")
	add(host+"/contact/index.html", page("Contact us", `<p>Call 01234 567890.</p>`), "")
	return fsys, "https://" + host + "/"
}

// TestQuietWaitsForQueuedWork checks that a page is not left while its
// script, its timers or its frames' timers still have a request to make
// (with no late horizon, so nothing runs ahead of time), and that a page
// with nothing left to do is left before the quiet window runs out.
func TestQuietWaitsForQueuedWork(t *testing.T) {
	fsys, start := idleCheckSite()
	b := serveAndLaunch(t, fsys)
	var tr traces
	// A long quiet window: whatever the machine's load, a page can only be
	// left before it ends by being found idle, and the queued work must
	// still be waited for.
	cfg := crawler.Config{Phases: []observe.Phase{observe.PhasePreConsent}, MaxPages: 3, DisableLateTimers: true, QuietWindow: 2 * time.Second, Trace: tr.add}
	var res []observe.SiteResult
	b.Scan(context.Background(), []string{start}, cfg, crawler.ScanOptions{}, func(r observe.SiteResult) { res = append(res, r) })
	if len(res) != 1 || len(res[0].Phases[0].Pages) != 3 {
		t.Fatalf("results %+v, want one site of 3 pages", res)
	}
	var got []string
	for _, c := range res[0].Cookies {
		got = append(got, c.Name+"@"+strings.TrimPrefix(c.FirstSeenURL, start))
	}
	slices.Sort(got)
	if want := "chain_hit@ frame_hit@news/ timer_hit@"; strings.Join(got, " ") != want {
		t.Errorf("cookies %q, want %q", strings.Join(got, " "), want)
	}
	if len(tr.list) != 3 || !tr.list[2].IdleEarly {
		t.Errorf("the page with nothing left to do was not left early: %+v", tr.list)
	}
}
