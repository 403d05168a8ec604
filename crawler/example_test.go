package crawler_test

import (
	"context"
	"fmt"
	"log"
	"slices"
	"testing/fstest"

	"github.com/cookieaudit/cookieaudit/crawler"
	"github.com/cookieaudit/cookieaudit/crawler/fixture"
	"github.com/cookieaudit/cookieaudit/crawler/observe"
)

// ExampleBrowser_Scan serves a one-page site on loopback under a council's
// host name, launches a browser that reaches it there, scans the page
// before consent, and prints the cookies it set: one from a response
// header, one from script.
func ExampleBrowser_Scan() {
	srv, err := fixture.Start(fstest.MapFS{
		"www.example.gov.uk/index.html": {Data: []byte(`<!doctype html><title>Example Council</title>
<script>document.cookie = "visited=1; max-age=600; path=/";</script>`)},
		"www.example.gov.uk/index.html.headers": {Data: []byte("Set-Cookie: session_id=s1; Path=/; Secure; HttpOnly; SameSite=Lax\n")},
	})
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	ctx := context.Background()
	b, err := crawler.Launch(ctx, crawler.BrowserOptions{ResolverRules: srv.ResolverRules(), Insecure: true})
	if err != nil {
		log.Fatal(err)
	}
	defer b.Close()
	cfg := crawler.Config{Phases: []observe.Phase{observe.PhasePreConsent}, MaxPages: 1}
	b.Scan(ctx, []string{"https://www.example.gov.uk/"}, cfg, crawler.ScanOptions{}, func(r observe.SiteResult) {
		var names []string
		for _, c := range r.Cookies {
			names = append(names, fmt.Sprintf("%s (%s, set by %s)", c.Name, c.Phase, c.SetBy))
		}
		slices.Sort(names)
		fmt.Println(r.URL, r.Status)
		for _, n := range slices.Compact(names) {
			fmt.Println(n)
		}
	})
	// Output:
	// https://www.example.gov.uk/ complete
	// session_id (pre-consent, set by header)
	// visited (pre-consent, set by script)
}
