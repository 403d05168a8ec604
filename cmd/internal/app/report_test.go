package app

import (
	"strings"
	"testing"

	"github.com/cookieaudit/cookieaudit/audit/report"
	"github.com/cookieaudit/cookieaudit/crawler/observe"
)

// TestSitesOf checks that a site is picked out of a report as the same
// site however it is written.
func TestSitesOf(t *testing.T) {
	for _, tt := range []struct{ only, want string }{
		{"https://www.a.gov.uk/", "https://www.a.gov.uk/"},
		{"WWW.A.GOV.UK", "https://www.a.gov.uk/"},
		{"https://www.b.gov.uk/x", "https://www.b.gov.uk/x/"},
		{"https://www.c.gov.uk/", "none"},
	} {
		t.Run(tt.only, func(t *testing.T) {
			r := &report.Report{Sites: []report.Site{
				{SiteResult: observe.SiteResult{URL: "https://www.a.gov.uk/"}},
				{SiteResult: observe.SiteResult{URL: "https://www.b.gov.uk/x/"}},
			}}
			got := "none"
			if SitesOf(r, tt.only) {
				var urls []string
				for _, s := range r.Sites {
					urls = append(urls, s.URL)
				}
				got = strings.Join(urls, " ")
			}
			if got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}
