package app

import (
	"fmt"
	"testing"
	"time"

	"github.com/cookieaudit/cookieaudit/audit"
	"github.com/cookieaudit/cookieaudit/policy"
)

// TestResolvePrecedence checks flag > site > defaults > built-in for every
// setting, in the one place that decides it.
func TestResolvePrecedence(t *testing.T) {
	cfg, err := ParseConfig("c.yaml", []byte(`
defaults:
  max_pages: 7
  profile: strict
  expiry_tolerance: 0
  lifetime_cap: 6 months
  consent: {accept: "#da", reject: "#dr"}
  waivers: [{rule: insecure, reason: default waiver}]
sites:
  - url: https://a.gov.uk/
    max_pages: 3
    max_depth: 2
    consent: {accept: "#sa"}
    waivers: [{rule: undeclared, reason: site waiver}]
  - url: https://b.gov.uk/
`))
	if err != nil {
		t.Fatal(err)
	}
	show := func(s Settings) string {
		return fmt.Sprintf("pages=%d depth=%d profile=%s tol=%v cap=%s consent=%s|%s waivers=%d",
			s.MaxPages, s.MaxDepth, s.Audit.Profile, s.Audit.ExpiryTolerance, s.Audit.LifetimeCap, s.Consent.Accept, s.Consent.Reject, len(s.Audit.Waivers))
	}
	pages, depth, uk, tol, capd := 12, 0, audit.ProfileUK, 0.5, policy.LifetimeOf(100*24*time.Hour)
	flags := Overrides{MaxPages: &pages, MaxDepth: &depth, Profile: &uk, ExpiryTolerance: &tol, LifetimeCap: &capd}
	tests := []struct {
		desc  string
		flags Overrides
		cfg   *Config
		site  *SiteConfig
		want  string
	}{
		{"built-in", Overrides{}, nil, nil, "pages=10 depth=0 profile=uk tol=0.1 cap=390 days consent=| waivers=0"},
		{"defaults", Overrides{}, cfg, nil, "pages=7 depth=0 profile=strict tol=-1 cap=180 days consent=#da|#dr waivers=1"},
		{"site over defaults", Overrides{}, cfg, &cfg.Sites[0], "pages=3 depth=2 profile=strict tol=-1 cap=180 days consent=#sa|#dr waivers=2"},
		{"site without its own values", Overrides{}, cfg, &cfg.Sites[1], "pages=7 depth=0 profile=strict tol=-1 cap=180 days consent=#da|#dr waivers=1"},
		{"flags over all", flags, cfg, &cfg.Sites[0], "pages=12 depth=0 profile=uk tol=0.5 cap=100 days consent=#sa|#dr waivers=2"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			if got := show(Resolve(tt.flags, tt.cfg, tt.site)); got != tt.want {
				t.Errorf("\n got %s\nwant %s", got, tt.want)
			}
		})
	}
	zero := 0.0
	if got := Resolve(Overrides{ExpiryTolerance: &zero}, nil, nil).Audit.ExpiryTolerance; got != -1 {
		t.Errorf("--expiry-tolerance 0 resolves to %v, want -1 (none)", got)
	}
}

// TestResolveSites checks that a run's sites are resolved once, up front:
// a site the config lists gets its entry and settings, whatever its
// spelling; any other site gets the defaults.
func TestResolveSites(t *testing.T) {
	cfg, err := ParseConfig("c.yaml", []byte(`
defaults: {max_pages: 7, consent: {accept: "#da"}}
sites:
  - url: https://a.gov.uk/
    max_pages: 3
    consent: {accept: "#sa"}
`))
	if err != nil {
		t.Fatal(err)
	}
	rs := resolveSites(Overrides{}, cfg, []string{"https://a.gov.uk/", "https://c.gov.uk/"})
	for _, tt := range []struct{ site, want string }{
		{"https://a.gov.uk/", "config=https://a.gov.uk/ pages=3 accept=#sa"},
		{"HTTPS://A.GOV.UK", "config=https://a.gov.uk/ pages=3 accept=#sa"},
		{"https://c.gov.uk/", "config= pages=7 accept=#da"},
		{"https://not-in-the-run.gov.uk/", "config= pages=7 accept=#da"},
	} {
		t.Run(tt.site, func(t *testing.T) {
			s := rs.of(tt.site)
			var listed string
			if s.config != nil {
				listed = s.config.URL
			}
			if got := fmt.Sprintf("config=%s pages=%d accept=%s", listed, s.MaxPages, s.Consent.Accept); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}
