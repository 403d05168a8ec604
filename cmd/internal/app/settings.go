package app

import (
	"github.com/cookieaudit/cookieaudit/audit"
	"github.com/cookieaudit/cookieaudit/crawler/consent"
	"github.com/cookieaudit/cookieaudit/policy"
)

// Overrides are the settings given on the command line. A nil field was not
// given, so the site's config entry, then the config's defaults, then the
// built-in default decide (see Resolve).
type Overrides struct {
	MaxPages        *int
	MaxDepth        *int
	Profile         *string
	ExpiryTolerance *float64
	LifetimeCap     *policy.Lifetime
}

// Built-in defaults of the crawl budget, used when neither a flag nor the
// config sets them.
const (
	DefaultMaxPages = 10
	DefaultMaxDepth = 0
)

// Settings are what one site is crawled and audited with, every value
// decided.
type Settings struct {
	MaxPages int
	MaxDepth int
	Consent  consent.Selectors
	// Audit holds the profile, expiry tolerance, lifetime cap and waivers
	// (the site's, then the defaults'); the caller adds the catalogue.
	Audit audit.Options
}

// Resolve decides a site's settings, and is the only place that does:
// a flag given on the command line wins over the site's config entry,
// which wins over the config's defaults, which win over the built-in
// defaults. cfg and site may be nil (no config, or a site not in it).
func Resolve(flags Overrides, cfg *Config, site *SiteConfig) Settings {
	var d SiteDefaults
	if cfg != nil {
		d = cfg.Defaults
	}
	if site == nil {
		site = &SiteConfig{}
	}
	s := Settings{
		MaxPages: first(flags.MaxPages, site.MaxPages, d.MaxPages, DefaultMaxPages),
		MaxDepth: first(flags.MaxDepth, site.MaxDepth, d.MaxDepth, DefaultMaxDepth),
		Consent:  mergeSelectors(site.Consent, d.Consent),
	}
	s.Audit.Profile = first(flags.Profile, nil, nonZero(d.Profile), audit.ProfileUK)
	// A tolerance of 0 means "none": audit.Options spells it negative.
	tol := first(flags.ExpiryTolerance, nil, nonZero(d.ExpiryTolerance), audit.DefaultExpiryTolerance)
	if tol == 0 {
		tol = -1
	}
	s.Audit.ExpiryTolerance = tol
	s.Audit.LifetimeCap = first(flags.LifetimeCap, nil, nonZero(d.LifetimeCap), audit.DefaultLifetimeCap)
	s.Audit.Waivers = append(append([]audit.Waiver(nil), site.Waivers...), d.Waivers...)
	return s
}

// first returns the first value set: the flag, the site's, the default's,
// else the built-in one.
func first[T any](flag, site, def *T, builtin T) T {
	for _, v := range []*T{flag, site, def} {
		if v != nil {
			return *v
		}
	}
	return builtin
}

// nonZero returns a pointer to v, or nil for the zero value ("not set" in
// the config's defaults).
func nonZero[T comparable](v T) *T {
	var zero T
	if v == zero {
		return nil
	}
	return &v
}

// mergeSelectors fills the site's empty selectors from the defaults'.
func mergeSelectors(site, def consent.Selectors) consent.Selectors {
	for _, f := range []struct {
		s *string
		d string
	}{
		{&site.Accept, def.Accept}, {&site.Reject, def.Reject}, {&site.Settings, def.Settings}, {&site.Save, def.Save},
	} {
		if *f.s == "" {
			*f.s = f.d
		}
	}
	return site
}

// siteSettings are one site's config entry (nil when the config does not
// list it) and the settings Resolve decided for it.
type siteSettings struct {
	config *SiteConfig
	Settings
}

// runSettings are the settings of every site of a run, each resolved once
// when the run starts.
type runSettings struct {
	// defaults are the settings of a site the config does not list, and
	// those the report records as the run's.
	defaults Settings
	sites    map[string]siteSettings // by siteKey
}

// resolveSites resolves the settings of every site in sites, and the
// defaults, once.
func resolveSites(flags Overrides, cfg *Config, sites []string) *runSettings {
	rs := &runSettings{defaults: Resolve(flags, cfg, nil), sites: make(map[string]siteSettings, len(sites))}
	for _, s := range sites {
		if sc, ok := cfg.SiteFor(s); ok {
			rs.sites[siteKey(s)] = siteSettings{config: sc, Settings: Resolve(flags, cfg, sc)}
		}
	}
	return rs
}

// of returns a site's settings: its own when the config lists it, else the
// defaults.
func (rs *runSettings) of(site string) siteSettings {
	if s, ok := rs.sites[siteKey(site)]; ok {
		return s
	}
	return siteSettings{Settings: rs.defaults}
}
