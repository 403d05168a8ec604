package crawler

import (
	"fmt"
	"testing"
	"time"

	"github.com/cookieaudit/cookieaudit/crawler/observe"

	"github.com/chromedp/cdproto/network"
)

func TestParseCookieLine(t *testing.T) {
	at := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		desc string
		line string
		want string
	}{
		{"session host-only", "SID=abc; Path=/; Secure; HttpOnly", "SID dom= path=/ session secure httponly ss="},
		{"max-age", "_ga=GA1.2.3; Max-Age=63072000; Domain=.example.gov.uk; SameSite=Lax", "_ga dom=example.gov.uk path= life=17520h0m0s ss=Lax"},
		{"max-age wins over expires", "a=1; Expires=Wed, 24 Nov 2027 12:00:00 GMT; Max-Age=60", "a dom= path= life=1m0s ss="},
		{"expires relative to write", "a=1; expires=Tue, 24 Nov 2026 12:00:00 GMT", "a dom= path= life=24h0m0s ss="},
		{"js toUTCString with dashes", "a=1; expires=Tue, 24-Nov-2026 12:00:00 GMT", "a dom= path= life=24h0m0s ss="},
		{"deletion by past expiry", "a=; expires=Thu, 01 Jan 1970 00:00:00 GMT", "a dom= path= life=-498732h0m0s ss= deletes"},
		{"deletion by max-age 0", "a=; max-age=0", "a dom= path= life=0s ss= deletes"},
		{"value with equals and no spaces", "tok=a=b=c;path=/x;samesite=none;secure;partitioned", "tok dom= path=/x session secure ss=None partitioned"},
		{"bad path ignored", "a=1; Path=x", "a dom= path= session ss="},
		{"nameless", "justvalue", " dom= path= session ss="},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			w, ok := parseCookieLine(tt.line, at)
			if !ok {
				t.Errorf("%s: parseCookieLine(%q) not ok", tt.desc, tt.line)
				return
			}
			got := fmt.Sprintf("%s dom=%s path=%s", w.Name, w.Domain, w.Path)
			if w.Session {
				got += " session"
			} else {
				got += fmt.Sprintf(" life=%s", w.Lifetime)
			}
			if w.Secure {
				got += " secure"
			}
			if w.HTTPOnly {
				got += " httponly"
			}
			got += " ss=" + w.SameSite
			if w.Partitioned {
				got += " partitioned"
			}
			if w.Deletes() {
				got += " deletes"
			}
			if got != tt.want {
				t.Errorf("%s: parseCookieLine(%q)\n got %s\nwant %s", tt.desc, tt.line, got, tt.want)
			}
		})
	}
}

func TestDefaultCookiePath(t *testing.T) {
	for in, want := range map[string]string{"": "/", "/": "/", "/a": "/", "/a/": "/a", "/a/b/c.html": "/a/b", "x": "/"} {
		if got := defaultCookiePath(in); got != want {
			t.Errorf("defaultCookiePath(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzParseCookieLine(f *testing.F) {
	for _, s := range []string{"a=b; Max-Age=10", "=;;;", "x; expires=Mon, 02 Jan 2006 15:04:05 GMT (BST)", "a=1; max-age=99999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		w, ok := parseCookieLine(line, time.Unix(0, 0))
		if ok && w.Session && w.Lifetime != 0 {
			t.Fatalf("session cookie with lifetime %v", w.Lifetime)
		}
	})
}

func TestRecorderAttributesEarlySetCookieReports(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	r := newRecorder(func() time.Time { return now })
	r.setPage("https://www.testshire.gov.uk/")
	// The network service's report can arrive before the renderer announces
	// the request.
	r.onEvent(&network.EventResponseReceivedExtraInfo{RequestID: "7", Headers: network.Headers{"set-cookie": "px=1; Max-Age=60"}})
	r.onEvent(&network.EventRequestWillBeSent{RequestID: "7", Request: &network.Request{URL: "https://cdn.example.net/px.gif?x=1"}})
	got := r.cookies(observe.PhasePreConsent, "www.testshire.gov.uk")
	if len(got) != 1 || got[0].SetByURL != "https://cdn.example.net/px.gif" || got[0].SetBy != "header" || !got[0].ThirdParty {
		t.Errorf("cookies = %+v, want px set by the pixel's header", got)
	}
}
