package crawler

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"

	"github.com/cookieaudit/cookieaudit/crawler/observe"
)

// requestReplay feeds a recorder DevTools network events, one step a line,
// each step one second after the last:
//
//	page URL              the crawler is on page URL
//	send ID TYPE URL      request ID (of resource TYPE) to URL
//	redirect ID URL       request ID is redirected to URL
//	cookies ID NAME...    the browser sent these cookies with request ID
//	store NAME=VALUE...   the cookie store now holds these cookies
//	choosing              the crawler starts making the consent choice
//	chosen | failed       the choice went through, or did not
func requestReplay(t *testing.T, script string) []string {
	t.Helper()
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	r := newRecorder(func() time.Time { return now })
	for _, line := range strings.Split(strings.TrimSpace(script), "\n") {
		now = now.Add(time.Second)
		f := strings.Fields(line)
		switch f[0] {
		case "page":
			r.setPage(f[1])
		case "send":
			r.onEvent(&network.EventRequestWillBeSent{RequestID: network.RequestID(f[1]), Type: network.ResourceType(f[2]),
				Request: &network.Request{URL: f[3], Method: "GET"}, DocumentURL: r.currentPage(), Initiator: &network.Initiator{Type: "parser"}})
		case "redirect":
			r.onEvent(&network.EventRequestWillBeSent{RequestID: network.RequestID(f[1]), Type: network.ResourceTypeImage,
				Request: &network.Request{URL: f[2], Method: "GET"}, RedirectResponse: &network.Response{Status: 302}, DocumentURL: r.currentPage()})
		case "cookies":
			ev := &network.EventRequestWillBeSentExtraInfo{RequestID: network.RequestID(f[1])}
			for _, n := range f[2:] {
				ev.AssociatedCookies = append(ev.AssociatedCookies, &network.AssociatedCookie{Cookie: &network.Cookie{Name: n}})
			}
			ev.AssociatedCookies = append(ev.AssociatedCookies, &network.AssociatedCookie{Cookie: &network.Cookie{Name: "blocked_one"},
				BlockedReasons: []network.CookieBlockedReason{"ThirdPartyPhaseout"}})
			r.onEvent(ev)
		case "store":
			var cs []*network.Cookie
			for _, nv := range f[1:] {
				n, v, _ := strings.Cut(nv, "=")
				cs = append(cs, &network.Cookie{Name: n, Value: v, Domain: ".x.gov.uk", Path: "/"})
			}
			r.snapshot(cs)
		case "choosing":
			r.choiceStarted()
		case "chosen":
			r.choiceMade()
		case "failed":
			r.choiceFailed()
		default:
			t.Fatalf("unknown step %q", line)
		}
	}
	var out []string
	for _, q := range r.requestsSeen(observe.PhaseReject) {
		s := fmt.Sprintf("%s%s %s x%d", q.Host, q.Path, q.Type, q.Count)
		if q.AfterChoice {
			s += " after"
		}
		if !q.ThirdParty {
			s += " 1p"
		}
		for _, part := range []struct {
			k  string
			vs []string
		}{{"cookies", q.Cookies}, {"ids", q.IDParams}, {"from", q.IDCookies}} {
			if len(part.vs) > 0 {
				s += " " + part.k + "=" + strings.Join(part.vs, ",")
			}
		}
		if q.MeasurementID != "" {
			s += " tag=" + q.MeasurementID
		}
		if q.GCS != "" {
			s += " gcs=" + q.GCS
		}
		out = append(out, s)
	}
	return out
}

func TestRequestLog(t *testing.T) {
	tests := []struct {
		desc, script string
		want         []string
	}{
		{"third-party endpoints merged with a count; the site's own left out",
			`page https://www.x.gov.uk/
send 1 Image https://www.facebook.com/tr/?id=1234567890123456&ev=PageView&fbp=fb.1.1.2
send 2 Image https://www.facebook.com/tr/?id=1234567890123456&ev=ViewContent&fbp=fb.1.1.2
send 3 Script https://www.x.gov.uk/js/site.js
send 4 Fetch https://api.x.gov.uk/search?q=bins`,
			[]string{"www.facebook.com/tr/ Image x2 ids=fbp tag=1234567890123456"}},
		{"an identifier is tied to the cookie that holds it, GA's client ID inside _ga",
			`page https://www.x.gov.uk/
send 1 Ping https://www.google-analytics.com/g/collect?v=2&tid=G-ABC123&gcs=G111&cid=111.222
store _ga=GA1.1.111.222 _fbp=fb.1.5.6 other=abcdefgh
send 2 Image https://www.facebook.com/tr/?id=1234567890123456&fbp=fb.1.5.6`,
			[]string{"www.google-analytics.com/g/collect Ping x1 ids=cid from=_ga tag=G-ABC123 gcs=G111",
				"www.facebook.com/tr/ Image x1 ids=fbp from=_fbp tag=1234567890123456"}},
		{"a cookie first stored after the choice is not tied to a request before it",
			`page https://www.x.gov.uk/
send 1 Ping https://www.google-analytics.com/g/collect?v=2&tid=G-ABC123&gcs=G100&cid=111.222
choosing
send 2 Ping https://www.google-analytics.com/g/collect?v=2&tid=G-ABC123&gcs=G111&cid=111.222
chosen
store _ga=GA1.1.111.222`,
			[]string{"www.google-analytics.com/g/collect Ping x1 ids=cid tag=G-ABC123 gcs=G100",
				"www.google-analytics.com/g/collect Ping x1 after ids=cid from=_ga tag=G-ABC123 gcs=G111"}},
		{"what a failed choice set off stays before it",
			`page https://www.x.gov.uk/
choosing
send 1 Image https://www.facebook.com/tr/?id=1
failed
send 2 Image https://www.facebook.com/tr/?id=1`,
			[]string{"www.facebook.com/tr/ Image x2"}},
		{"cookies sent are named, blocked ones not, also when reported first",
			`page https://www.x.gov.uk/
cookies 1 IDE
send 1 Image https://ad.doubleclick.net/activity;src=1
cookies 2 test_cookie`,
			[]string{"ad.doubleclick.net/activity;src=1 Image x1 cookies=IDE"}},
		{"a redirect chain records each hop",
			`page https://www.x.gov.uk/
send 1 Image https://t.co/i/adsct?txn_id=o1abc
redirect 1 https://analytics.twitter.com/i/adsct?txn_id=o1abc`,
			[]string{"t.co/i/adsct Image x1 tag=o1abc", "analytics.twitter.com/i/adsct Image x1 tag=o1abc"}},
		{"first-party tagging kept when it carries a Google tag's parameters",
			`page https://www.x.gov.uk/
send 1 Ping https://sgtm.x.gov.uk/g/collect?v=2&tid=G-ABC123&gcs=G100&cid=9.9`,
			[]string{"sgtm.x.gov.uk/g/collect Ping x1 1p ids=cid tag=G-ABC123 gcs=G100"}},
		{"a page's own id parameter is not a tag ID",
			`page https://www.x.gov.uk/
send 1 Script https://cdn.example.net/lib.js?id=main-bundle`,
			[]string{"cdn.example.net/lib.js Script x1"}},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			got := requestReplay(t, tt.script)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("requests:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestRequestLogIsBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("page https://www.x.gov.uk/\n")
	for i := range maxEndpoints + 50 {
		fmt.Fprintf(&b, "send %d Image https://t%d.example.net/p.gif\n", i, i)
	}
	if got := requestReplay(t, b.String()); len(got) != maxEndpoints {
		t.Errorf("%d endpoints kept, want %d", len(got), maxEndpoints)
	}
}

func TestRedactURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://www.google-analytics.com/g/collect?v=2&tid=G-1&cid=111.222&gcs=G100", "https://www.google-analytics.com/g/collect?v=2&tid=G-1&cid=%5Bredacted%5D&gcs=G100"},
		{"https://www.facebook.com/tr/?id=1&FBP=fb.1.2.3", "https://www.facebook.com/tr/?id=1&FBP=%5Bredacted%5D"},
		{"https://cdn.example.net/lib.js?v=3", "https://cdn.example.net/lib.js?v=3"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := redactURL(tt.in); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestHARFileName(t *testing.T) {
	tests := []struct{ site, want string }{
		{"https://www.testshire.gov.uk/", "www.testshire.gov.uk_pre-consent.har"},
		{"https://www.testshire.gov.uk/council/", "www.testshire.gov.uk_council_pre-consent.har"},
		{"https://www.x.gov.uk:8443/../a b", "www.x.gov.uk_8443_.._a_b_pre-consent.har"},
	}
	for _, tt := range tests {
		t.Run(tt.site, func(t *testing.T) {
			if got := HARFileName(tt.site, observe.PhasePreConsent); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}
