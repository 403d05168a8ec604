package audit

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/cookieaudit/cookieaudit/policy"
)

// Config is a YAML file describing many sites to audit, with defaults. See
// testdata/audit/config/valid.yaml for an example:
//
//	defaults:
//	  max_pages: 10
//	  profile: uk            # or strict
//	  expiry_tolerance: 0.1
//	  lifetime_cap: 13 months
//	  consent: {accept: "#accept", reject: "#reject", settings: "#prefs", save: "#save"}
//	  waivers: [...]         # apply to every site
//	sites:
//	  - url: https://www.testshire.gov.uk/
//	    policy: https://www.testshire.gov.uk/cookies   # a URL, a file, or inline:
//	    # policy: {cookies: [{name: _ga, category: analytics, expiry: 2 years}]}
//	    max_pages: 20
//	    waivers:
//	      - {rule: pre-consent, cookie: _ga, reason: "ticket 12", expires: 2026-12-31}
//
// Unknown fields are errors, and every error names the file, line and field.
type Config struct {
	// Path is the file the config was read from.
	Path     string
	Defaults SiteDefaults
	Sites    []SiteConfig
}

// SiteDefaults apply to every site unless the site says otherwise. Zero
// values mean "not set".
type SiteDefaults struct {
	MaxPages        int
	MaxDepth        int
	Profile         string
	ExpiryTolerance float64
	LifetimeCap     time.Duration
	Consent         ConsentSelectors
	Waivers         []Waiver
}

// ConsentSelectors override the consent manager's controls with CSS
// selectors.
type ConsentSelectors struct {
	Accept   string `yaml:"accept" json:"accept,omitempty"`
	Reject   string `yaml:"reject" json:"reject,omitempty"`
	Settings string `yaml:"settings" json:"settings,omitempty"`
	Save     string `yaml:"save" json:"save,omitempty"`
}

// IsZero reports whether no selector is set.
func (c ConsentSelectors) IsZero() bool { return c == ConsentSelectors{} }

// merged fills c's empty selectors from d.
func (c ConsentSelectors) merged(d ConsentSelectors) ConsentSelectors {
	if c.Accept == "" {
		c.Accept = d.Accept
	}
	if c.Reject == "" {
		c.Reject = d.Reject
	}
	if c.Settings == "" {
		c.Settings = d.Settings
	}
	if c.Save == "" {
		c.Save = d.Save
	}
	return c
}

// SiteConfig is one site to audit, with the defaults already merged in.
type SiteConfig struct {
	URL    string
	Policy PolicySource
	// MaxPages and MaxDepth are 0 when neither the site nor the defaults
	// set them.
	MaxPages int
	MaxDepth int
	Consent  ConsentSelectors
	// Waivers holds the site's own waivers followed by the defaults'.
	Waivers []Waiver
	// Line is where the site's entry starts in the file.
	Line int
}

// PolicySource is where a site's policy comes from: exactly one field is
// set, or none when the policy is to be discovered by crawling.
type PolicySource struct {
	URL string
	// File is a path, made absolute relative to the config file.
	File   string
	Inline *policy.Document
}

// Options returns the audit options for a site: base with the config's
// profile, tolerance and cap filled in where base leaves them zero (so
// command-line flags, when given, win), and the site's waivers added.
func (c *Config) Options(s *SiteConfig, base Options) Options {
	if base.Profile == "" {
		base.Profile = c.Defaults.Profile
	}
	if base.ExpiryTolerance == 0 {
		base.ExpiryTolerance = c.Defaults.ExpiryTolerance
	}
	if base.LifetimeCap == 0 {
		base.LifetimeCap = c.Defaults.LifetimeCap
	}
	base.Waivers = append(append([]Waiver(nil), base.Waivers...), s.Waivers...)
	return base
}

// SiteFor returns the config entry for a site URL, comparing URLs without
// a trailing slash.
func (c *Config) SiteFor(siteURL string) (*SiteConfig, bool) {
	key := strings.TrimSuffix(siteURL, "/")
	for i := range c.Sites {
		if strings.TrimSuffix(c.Sites[i].URL, "/") == key {
			return &c.Sites[i], true
		}
	}
	return nil, false
}

// The raw YAML shapes, decoded strictly (unknown fields are errors).
type rawConfig struct {
	Defaults rawDefaults `yaml:"defaults"`
	Sites    []rawSite   `yaml:"sites"`
}

type rawDefaults struct {
	MaxPages        *int             `yaml:"max_pages"`
	MaxDepth        *int             `yaml:"max_depth"`
	Profile         string           `yaml:"profile"`
	ExpiryTolerance *float64         `yaml:"expiry_tolerance"`
	LifetimeCap     string           `yaml:"lifetime_cap"`
	Consent         ConsentSelectors `yaml:"consent"`
	Waivers         []rawWaiver      `yaml:"waivers"`
}

type rawSite struct {
	URL      string           `yaml:"url"`
	Policy   yaml.Node        `yaml:"policy"`
	MaxPages *int             `yaml:"max_pages"`
	MaxDepth *int             `yaml:"max_depth"`
	Consent  ConsentSelectors `yaml:"consent"`
	Waivers  []rawWaiver      `yaml:"waivers"`
}

type rawWaiver struct {
	Rule    string `yaml:"rule"`
	Cookie  string `yaml:"cookie"`
	Domain  string `yaml:"domain"`
	Reason  string `yaml:"reason"`
	Expires string `yaml:"expires"`
}

// configErrors collects validation errors, each naming file, line and
// field.
type configErrors struct {
	path string
	root *yaml.Node
	errs []error
}

// at records an error about the field at path (keys and indexes).
func (ce *configErrors) at(path []any, format string, args ...any) {
	line := nodeLine(ce.root, path)
	ce.errs = append(ce.errs, fmt.Errorf("%s:%d: %s: %s", ce.path, line, fieldName(path), fmt.Sprintf(format, args...)))
}

func (ce *configErrors) err() error {
	return errors.Join(ce.errs...)
}

// fieldName writes a path as sites[0].waivers[1].rule.
func fieldName(path []any) string {
	var b strings.Builder
	for _, p := range path {
		switch v := p.(type) {
		case string:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(v)
		case int:
			fmt.Fprintf(&b, "[%d]", v)
		}
	}
	return b.String()
}

// nodeLine finds the line of the value at path, or of its nearest existing
// parent.
func nodeLine(root *yaml.Node, path []any) int {
	n := root
	if n == nil {
		return 1
	}
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	line := n.Line
	for _, p := range path {
		var next *yaml.Node
		switch v := p.(type) {
		case string:
			if n.Kind == yaml.MappingNode {
				for i := 0; i+1 < len(n.Content); i += 2 {
					if n.Content[i].Value == v {
						next = n.Content[i+1]
						break
					}
				}
			}
		case int:
			if n.Kind == yaml.SequenceNode && v < len(n.Content) {
				next = n.Content[v]
			}
		}
		if next == nil {
			return line
		}
		n, line = next, next.Line
	}
	return line
}

var (
	yamlLineRE = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
	yamlTypeRE = regexp.MustCompile(`in type audit\.(\w+)`)
)

var rawTypeNames = map[string]string{
	"rawConfig":        "at the top level (want defaults, sites)",
	"rawDefaults":      "in defaults",
	"rawSite":          "in a site (want url, policy, max_pages, max_depth, consent, waivers)",
	"rawWaiver":        "in a waiver (want rule, cookie, domain, reason, expires)",
	"ConsentSelectors": "in consent (want accept, reject, settings, save)",
}

// yamlError rewrites a yaml.v3 error as file:line: message lines.
func yamlError(path string, err error) error {
	var lines []string
	var te *yaml.TypeError
	if errors.As(err, &te) {
		lines = te.Errors
	} else {
		lines = []string{err.Error()}
	}
	var out []error
	for _, l := range lines {
		l = strings.TrimSpace(l)
		l = yamlTypeRE.ReplaceAllStringFunc(l, func(m string) string {
			if n, ok := rawTypeNames[yamlTypeRE.FindStringSubmatch(m)[1]]; ok {
				return n
			}
			return m
		})
		if m := yamlLineRE.FindStringSubmatch(l); m != nil {
			out = append(out, fmt.Errorf("%s:%s: %s", path, m[1], m[2]))
		} else {
			out = append(out, fmt.Errorf("%s: %s", path, strings.TrimPrefix(l, "yaml: ")))
		}
	}
	return errors.Join(out...)
}

// LoadConfig reads and validates a config file.
func LoadConfig(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	return ParseConfig(path, data)
}

// ParseConfig reads and validates a config from data; path names it in
// errors and anchors relative policy files.
func ParseConfig(path string, data []byte) (*Config, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, yamlError(path, err)
	}
	var raw rawConfig
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&raw); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s:1: the file is empty (want defaults and sites)", path)
		}
		return nil, yamlError(path, err)
	}
	ce := &configErrors{path: path, root: &root}
	cfg := &Config{Path: path}
	d := raw.Defaults
	cfg.Defaults.MaxPages = intField(ce, d.MaxPages, []any{"defaults", "max_pages"}, 1)
	cfg.Defaults.MaxDepth = intField(ce, d.MaxDepth, []any{"defaults", "max_depth"}, 0)
	if d.Profile != "" {
		p, err := ParseProfile(d.Profile)
		if err != nil {
			ce.at([]any{"defaults", "profile"}, "unknown profile %q (want uk or strict)", d.Profile)
		}
		cfg.Defaults.Profile = p
	}
	if d.ExpiryTolerance != nil {
		if *d.ExpiryTolerance < 0 || *d.ExpiryTolerance > 10 {
			ce.at([]any{"defaults", "expiry_tolerance"}, "%v is not a fraction between 0 and 10 (0.1 means 10%%)", *d.ExpiryTolerance)
		} else if *d.ExpiryTolerance == 0 {
			cfg.Defaults.ExpiryTolerance = -1 // explicitly none
		} else {
			cfg.Defaults.ExpiryTolerance = *d.ExpiryTolerance
		}
	}
	if d.LifetimeCap != "" {
		c, err := ParseLifetime(d.LifetimeCap)
		if err != nil {
			ce.at([]any{"defaults", "lifetime_cap"}, "cannot read %q (want e.g. \"13 months\", \"400 days\")", d.LifetimeCap)
		}
		cfg.Defaults.LifetimeCap = c
	}
	cfg.Defaults.Consent = d.Consent
	cfg.Defaults.Waivers = waivers(ce, d.Waivers, []any{"defaults", "waivers"})

	if len(raw.Sites) == 0 {
		ce.at([]any{"sites"}, "no sites listed")
	}
	for i, rs := range raw.Sites {
		at := func(f ...any) []any { return append([]any{"sites", i}, f...) }
		s := SiteConfig{URL: strings.TrimSpace(rs.URL), Line: nodeLine(&root, at())}
		if s.URL == "" {
			ce.at(at("url"), "missing")
		} else if u, err := url.Parse(s.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			ce.at(at("url"), "%q is not an http or https URL", s.URL)
		}
		s.Policy = policySource(ce, &rs.Policy, filepath.Dir(path), at("policy"))
		s.MaxPages = intField(ce, rs.MaxPages, at("max_pages"), 1)
		if s.MaxPages == 0 {
			s.MaxPages = cfg.Defaults.MaxPages
		}
		s.MaxDepth = intField(ce, rs.MaxDepth, at("max_depth"), 0)
		if rs.MaxDepth == nil {
			s.MaxDepth = cfg.Defaults.MaxDepth
		}
		s.Consent = rs.Consent.merged(cfg.Defaults.Consent)
		s.Waivers = append(waivers(ce, rs.Waivers, at("waivers")), cfg.Defaults.Waivers...)
		cfg.Sites = append(cfg.Sites, s)
	}
	if err := ce.err(); err != nil {
		return nil, err
	}
	return cfg, nil
}

// intField checks an optional integer against a minimum.
func intField(ce *configErrors, v *int, path []any, minimum int) int {
	if v == nil {
		return 0
	}
	if *v < minimum || *v > 100000 {
		ce.at(path, "%d is out of range (%d to 100000)", *v, minimum)
		return 0
	}
	return *v
}

func waivers(ce *configErrors, raw []rawWaiver, path []any) []Waiver {
	var out []Waiver
	for j, rw := range raw {
		at := func(f string) []any { return append(append([]any{}, path...), j, f) }
		w := Waiver{Rule: strings.TrimSpace(rw.Rule), Cookie: rw.Cookie, Domain: rw.Domain, Reason: strings.TrimSpace(rw.Reason)}
		switch {
		case w.Rule == "":
			ce.at(at("rule"), "missing (want one of %s)", ruleIDs())
		case !ruleKnown(w.Rule):
			ce.at(at("rule"), "unknown rule %q (want one of %s)", w.Rule, ruleIDs())
		}
		if w.Reason == "" {
			ce.at(at("reason"), "missing: say why the finding is accepted")
		}
		if rw.Expires != "" {
			t, err := parseExpiry(rw.Expires)
			if err != nil {
				ce.at(at("expires"), "cannot read %q (want YYYY-MM-DD or RFC 3339)", rw.Expires)
			}
			w.Expires = t
		}
		out = append(out, w)
	}
	return out
}

// parseExpiry reads a waiver's expiry: a date means the end of that day,
// UTC.
func parseExpiry(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t.AddDate(0, 0, 1), nil
	}
	return time.Parse(time.RFC3339, s)
}

// policySource reads a site's policy field: a URL, a file path (relative
// to the config's directory) or an inline declaration list in the policy
// package's YAML format.
func policySource(ce *configErrors, n *yaml.Node, dir string, path []any) PolicySource {
	switch n.Kind {
	case 0:
		return PolicySource{}
	case yaml.ScalarNode:
		v := strings.TrimSpace(n.Value)
		if v == "" {
			return PolicySource{}
		}
		if strings.Contains(v, "://") {
			u, err := url.Parse(v)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				ce.at(path, "%q is not an http or https URL", v)
			}
			return PolicySource{URL: v}
		}
		p := v
		if !filepath.IsAbs(p) {
			p = filepath.Join(dir, p)
		}
		if _, err := os.Stat(p); err != nil {
			ce.at(path, "policy file %s: %v", v, errors.Unwrap(err))
		}
		return PolicySource{File: p}
	case yaml.MappingNode:
		doc := inlinePolicy(ce, n, path)
		return PolicySource{Inline: doc}
	}
	ce.at(path, "want a URL, a file name, or a mapping with cookies:")
	return PolicySource{}
}

var (
	inlineDocKeys  = []string{"source", "cookies", "vendors"}
	inlineDeclKeys = []string{"name", "pattern", "purpose", "category", "provider", "domain", "expiry", "expiry_seconds", "source"}
	inlineVendKeys = []string{"vendor", "category"}
)

// checkKeys reports keys of a mapping node that are not allowed, and
// whether there were none.
func checkKeys(ce *configErrors, n *yaml.Node, allowed []string, path []any) bool {
	ok := true
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i].Value
		found := false
		for _, a := range allowed {
			if a == k {
				found = true
			}
		}
		if !found {
			ce.errs = append(ce.errs, fmt.Errorf("%s:%d: %s: unknown field %q (want %s)", ce.path, n.Content[i].Line,
				fieldName(path), k, strings.Join(allowed, ", ")))
			ok = false
		}
	}
	return ok
}

func inlinePolicy(ce *configErrors, n *yaml.Node, path []any) *policy.Document {
	if !checkKeys(ce, n, inlineDocKeys, path) {
		return nil
	}
	// Unknown keys inside entries are reported but do not stop the other
	// checks, so one run shows every problem.
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i].Value, n.Content[i+1]
		if key != "cookies" && key != "vendors" {
			continue
		}
		if val.Kind != yaml.SequenceNode {
			ce.at(append(append([]any{}, path...), key), "want a list")
			return nil
		}
		allowed := inlineDeclKeys
		if key == "vendors" {
			allowed = inlineVendKeys
		}
		for j, item := range val.Content {
			p := append(append([]any{}, path...), key, j)
			if item.Kind != yaml.MappingNode {
				ce.at(p, "want a mapping")
				return nil
			}
			checkKeys(ce, item, allowed, p)
		}
	}
	var doc policy.Document
	if err := n.Decode(&doc); err != nil {
		ce.errs = append(ce.errs, yamlError(ce.path, err))
		return nil
	}
	if doc.Source == "" {
		doc.Source = fmt.Sprintf("%s (%s)", ce.path, fieldName(path))
	}
	for j := range doc.Declared {
		d := &doc.Declared[j]
		p := append(append([]any{}, path...), "cookies", j)
		if strings.TrimSpace(d.Name) == "" {
			ce.at(append(p, "name"), "missing")
		}
		if d.Pattern == "" {
			d.Pattern = policy.PatternFor(d.Name)
		}
		if d.Category == "" {
			d.Category = policy.Unknown
		} else if !d.Category.Valid() {
			ce.at(append(p, "category"), "unknown category %q (want necessary, functional, analytics, marketing or unknown)", d.Category)
		}
		if d.ExpirySeconds == nil && d.ExpiryText != "" {
			if s, ok := policy.ParseDuration(d.ExpiryText); ok {
				d.ExpirySeconds = &s
			} else {
				ce.at(append(p, "expiry"), "cannot read the duration %q (e.g. \"2 years\", \"session\")", d.ExpiryText)
			}
		}
		if d.Source == "" {
			d.Source = fmt.Sprintf("%s line %d", filepath.Base(ce.path), nodeLine(ce.root, p))
		}
	}
	for j, v := range doc.Vendors {
		if strings.TrimSpace(v.Vendor) == "" {
			ce.at(append(append([]any{}, path...), "vendors", j, "vendor"), "missing")
		}
	}
	return &doc
}

// EvaluateReport evaluates every site of r: a site listed in the config
// gets c.Options for it (its waivers and the defaults), any other site base
// with the config's defaults. r.Audit records the settings of the defaults.
func (c *Config) EvaluateReport(r *Report, base Options) {
	defaults := c.Options(&SiteConfig{Waivers: c.Defaults.Waivers}, base)
	for i := range r.Sites {
		opts := defaults
		if sc, ok := c.SiteFor(r.Sites[i].URL); ok {
			opts = c.Options(sc, base)
		}
		Evaluate(&r.Sites[i], opts)
	}
	r.Audit = defaults.Settings()
}
