package crawler_test

import (
	"context"
	"strings"
	"testing"

	"github.com/cookieaudit/cookieaudit/crawler"
	"github.com/cookieaudit/cookieaudit/crawler/observe"
)

// TestDomainProbingWritesAreNotStored crawls two pages of a council site
// whose analytics tag probes cookie domains from gov.uk down on every
// page. On the second page _ga is already stored on .ashworth.gov.uk, so
// the refused write to .gov.uk reads back as if it had worked. The record
// must hold _ga on the registrable domain only, and the writes to the
// public suffix as blocked with the browser's reason.
func TestDomainProbingWritesAreNotStored(t *testing.T) {
	b, urls := launchCouncils(t, 1)
	var res []observe.SiteResult
	cfg := crawler.Config{Phases: []observe.Phase{observe.PhaseAccept}, MaxPages: 2, DisableLateTimers: true}
	b.Scan(context.Background(), urls[:1], cfg, crawler.ScanOptions{}, func(r observe.SiteResult) { res = append(res, r) })
	if len(res) != 1 || len(res[0].Phases[0].Pages) != 2 {
		t.Fatalf("results %+v, want one site of two pages", res)
	}
	var got []string
	for _, c := range res[0].Cookies {
		if c.Name == "_ga" || c.Name == "_gid" {
			got = append(got, compact(c))
		}
	}
	want := []string{
		"_ga .ashworth.gov.uk / life=34560000 req=63072000 script cdn.metricsbench.net/analytics.js Lax",
		"_ga .gov.uk / life=34560000 req=63072000 script cdn.metricsbench.net/analytics.js 3p Lax blocked:InvalidDomain",
		"_gid .ashworth.gov.uk / life=86400 req=86400 script cdn.metricsbench.net/analytics.js Lax",
		"_gid .gov.uk / life=86400 req=86400 script cdn.metricsbench.net/analytics.js 3p Lax blocked:InvalidDomain",
	}
	if d := diffLines(got, want); d != "" {
		t.Errorf("analytics cookies (-missing +unexpected):\n%s", d)
	}
	for _, c := range res[0].Cookies {
		if strings.TrimPrefix(c.Domain, ".") == "gov.uk" && !c.Blocked {
			t.Errorf("cookie on the public suffix recorded as stored: %s", compact(c))
		}
	}
}
