package crawler

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"

	"github.com/cookieaudit/cookieaudit/crawler/observe"
)

func TestRefusal(t *testing.T) {
	at := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		desc   string
		host   string
		line   string
		secure bool
		want   string
	}{
		{"host-only", "www.example.gov.uk", "_ga=1; path=/", true, ""},
		{"public suffix gov.uk", "www.example.gov.uk", "_ga=1; path=/; domain=gov.uk", true, "InvalidDomain"},
		{"public suffix with dot", "www.example.gov.uk", "_ga=1; domain=.gov.uk", true, "InvalidDomain"},
		{"top-level uk", "www.example.gov.uk", "_ga=1; domain=uk", true, "InvalidDomain"},
		{"registrable domain", "www.example.gov.uk", "_ga=1; domain=example.gov.uk", true, ""},
		{"the host itself", "www.example.gov.uk", "_ga=1; domain=www.example.gov.uk", true, ""},
		{"another site", "www.example.gov.uk", "_ga=1; domain=other.gov.uk", true, "InvalidDomain"},
		{"a subdomain of the host", "example.gov.uk", "_ga=1; domain=www.example.gov.uk", true, "InvalidDomain"},
		{"suffix but not a label boundary", "www.myexample.gov.uk", "_ga=1; domain=example.gov.uk", true, "InvalidDomain"},
		{"private suffix github.io", "council.github.io", "a=1; domain=github.io", true, "InvalidDomain"},
		{"host is a public suffix", "gov.uk", "a=1; domain=gov.uk", true, ""},
		{"upper-case domain", "www.Example.gov.uk", "a=1; domain=EXAMPLE.gov.uk", true, ""},
		{"ip address", "127.0.0.1", "a=1; domain=0.0.1", true, "InvalidDomain"},
		{"secure on http", "www.example.gov.uk", "a=1; secure", false, "SecureOnly"},
		{"__Secure- without secure", "www.example.gov.uk", "__Secure-a=1", true, "InvalidPrefix"},
		{"__Host- with domain", "www.example.gov.uk", "__Host-a=1; secure; path=/; domain=example.gov.uk", true, "InvalidPrefix"},
		{"__Host- done right", "www.example.gov.uk", "__Host-a=1; secure; path=/", true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			w, ok := parseCookieLine(tt.line, at)
			if !ok {
				t.Fatalf("%s: parseCookieLine(%q) not ok", tt.desc, tt.line)
			}
			if got := refusal(tt.host, tt.secure, w); got != tt.want {
				t.Errorf("%s: refusal(%q, %q) = %q, want %q", tt.desc, tt.host, tt.line, got, tt.want)
			}
		})
	}
}

// TestRecorderTrustsTheStoreOverThePage replays what a domain-probing
// analytics tag reports on two pages of one phase: the write to the public
// suffix looks stored on the second page because _ga is already there on
// the registrable domain. Only what the store holds counts as stored.
func TestRecorderTrustsTheStoreOverThePage(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	r := newRecorder(func() time.Time { return now })
	write := func(page, line string, stored bool) {
		now = now.Add(time.Second)
		r.onScriptWrite(fmt.Sprintf(`{"line":%q,"page":%q,"script":"https://cdn.metricsbench.net/analytics.js","t":%d,"stored":%t}`,
			line, page, now.UnixMilli(), stored))
	}
	store := []*network.Cookie{
		{Name: "_ga", Domain: ".example.gov.uk", Path: "/", Expires: float64(now.Add(400 * 24 * time.Hour).Unix())},
	}
	for _, page := range []string{"https://www.example.gov.uk/", "https://www.example.gov.uk/bins/"} {
		r.setPage(page)
		// The second page's write to gov.uk reads back: _ga is there already.
		write(page, "_ga=; path=/; domain=gov.uk; max-age=63072000", page != "https://www.example.gov.uk/")
		write(page, "_ga=; path=/; domain=example.gov.uk; max-age=63072000", true)
		// A write the page took for stored that the store never showed.
		write(page, "jar_full=; path=/; max-age=600", true)
		now = now.Add(time.Second)
		r.snapshot(store)
	}
	var got []string
	for _, c := range r.cookies(observe.PhaseAccept, "www.example.gov.uk") {
		s := fmt.Sprintf("%s %s %s", c.Name, c.Domain, c.Path)
		if c.Blocked {
			s += " blocked:" + c.BlockedReason
		}
		if c.Removed {
			s += " removed"
		}
		got = append(got, s)
	}
	want := []string{
		"_ga .example.gov.uk /",
		"_ga .gov.uk / blocked:InvalidDomain",
		"jar_full www.example.gov.uk / blocked:NotStored",
	}
	if !slices.Equal(got, want) {
		t.Errorf("cookies:\n got %q\nwant %q", got, want)
	}
}
