package app

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/cookieaudit/cookieaudit/audit"
	"github.com/cookieaudit/cookieaudit/crawler/consent"
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
	MaxPages        *int
	MaxDepth        *int
	Profile         string
	ExpiryTolerance float64
	LifetimeCap     policy.Lifetime
	Consent         consent.Selectors
	Waivers         []audit.Waiver
}

// SiteConfig is one site to audit with only what its own entry says; the
// defaults are applied by Resolve, the one place that decides precedence.
type SiteConfig struct {
	// URL is the site's start page, normalised by NormalizeSite.
	URL    string
	Policy PolicySource
	// MaxPages and MaxDepth are nil when the entry does not set them.
	MaxPages *int
	MaxDepth *int
	Consent  consent.Selectors
	// Waivers are the site's own waivers; Resolve adds the defaults'.
	Waivers []audit.Waiver
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

// SiteFor returns the config entry for a site URL, comparing the URLs as
// NormalizeSite keys them (host case, trailing slash, IDN).
func (c *Config) SiteFor(siteURL string) (*SiteConfig, bool) {
	if c == nil {
		return nil, false
	}
	key := siteKey(siteURL)
	for i := range c.Sites {
		if siteKey(c.Sites[i].URL) == key {
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
	MaxPages        *int              `yaml:"max_pages"`
	MaxDepth        *int              `yaml:"max_depth"`
	Profile         string            `yaml:"profile"`
	ExpiryTolerance *float64          `yaml:"expiry_tolerance"`
	LifetimeCap     string            `yaml:"lifetime_cap"`
	Consent         consent.Selectors `yaml:"consent"`
	Waivers         []rawWaiver       `yaml:"waivers"`
}

type rawSite struct {
	URL      string            `yaml:"url"`
	Policy   yaml.Node         `yaml:"policy"`
	MaxPages *int              `yaml:"max_pages"`
	MaxDepth *int              `yaml:"max_depth"`
	Consent  consent.Selectors `yaml:"consent"`
	Waivers  []rawWaiver       `yaml:"waivers"`
}

type rawWaiver struct {
	Rule    string `yaml:"rule"`
	Cookie  string `yaml:"cookie"`
	Domain  string `yaml:"domain"`
	Request string `yaml:"request"`
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
	yamlLineRE      = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
	yamlUnmarshalRE = regexp.MustCompile("^cannot unmarshal !!(\\w+) (?:`(.*)` )?into (\\S+)$")
	yamlUnknownRE   = regexp.MustCompile(`^field (\S+) not found in type \S+$`)
)

// fieldsOf lists the fields allowed where an unknown one was found, by the
// path of the mapping that holds it.
func fieldsOf(path []any) string {
	switch {
	case len(path) == 0:
		return "defaults, sites"
	case len(path) == 1 && path[0] == "defaults":
		return "max_pages, max_depth, profile, expiry_tolerance, lifetime_cap, consent, waivers"
	case len(path) == 2 && path[0] == "sites":
		return "url, policy, max_pages, max_depth, consent, waivers"
	case path[len(path)-1] == "consent":
		return "accept, reject, settings, save"
	}
	if len(path) >= 2 {
		if k, ok := path[len(path)-2].(string); ok && k == "waivers" {
			return "rule, cookie, domain, reason, expires"
		}
	}
	return ""
}

// yamlKind names what a YAML tag holds, for a person.
func yamlKind(tag, value string) string {
	switch tag {
	case "str":
		return fmt.Sprintf("%q", value)
	case "seq":
		return "a list"
	case "map":
		return "a mapping"
	case "bool":
		return "true or false"
	case "null":
		return "nothing"
	}
	if value != "" {
		return value
	}
	return "a " + tag
}

// goKind names what a Go type wants, for a person.
func goKind(typ string) string {
	t := strings.TrimLeft(typ, "*")
	switch {
	case strings.HasPrefix(t, "int"), strings.HasPrefix(t, "uint"), strings.HasPrefix(t, "float"):
		return "a number"
	case t == "string":
		return "a string"
	case t == "bool":
		return "true or false"
	case strings.HasPrefix(t, "[]"):
		return "a list"
	}
	return "a mapping"
}

// yamlError rewrites a yaml.v3 error as file:line: field: message lines
// that name the field (sites[2].max_pages) and what it wants, never a Go
// type.
func yamlError(path string, root *yaml.Node, err error) error {
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
		m := yamlLineRE.FindStringSubmatch(l)
		if m == nil {
			out = append(out, fmt.Errorf("%s: %s", path, strings.TrimPrefix(l, "yaml: ")))
			continue
		}
		line, msg := m[1], m[2]
		n, _ := strconv.Atoi(line)
		if u := yamlUnmarshalRE.FindStringSubmatch(msg); u != nil {
			where, ok := valuePathAt(root, n, yamlNodeKind(u[1]), u[2])
			msg = fmt.Sprintf("want %s, got %s", goKind(u[3]), yamlKind(u[1], u[2]))
			if ok {
				msg = fieldName(where) + ": " + msg
			}
		} else if u := yamlUnknownRE.FindStringSubmatch(msg); u != nil {
			where, ok := keyPathAt(root, n, u[1])
			msg = fmt.Sprintf("unknown field %q", u[1])
			if ok {
				if f := fieldsOf(where); f != "" {
					msg += " (want " + f + ")"
				}
				if len(where) > 0 {
					msg = fieldName(where) + ": " + msg
				}
			}
		}
		out = append(out, fmt.Errorf("%s:%s: %s", path, line, msg))
	}
	return errors.Join(out...)
}

// yamlNodeKind is the node kind a YAML tag decodes from.
func yamlNodeKind(tag string) yaml.Kind {
	switch tag {
	case "seq":
		return yaml.SequenceNode
	case "map":
		return yaml.MappingNode
	}
	return yaml.ScalarNode
}

// walkYAML calls visit with every node under n and its field path, depth
// first, until visit returns true.
func walkYAML(n *yaml.Node, path []any, visit func(n *yaml.Node, path []any) bool) bool {
	if n == nil {
		return false
	}
	if n.Kind != yaml.DocumentNode && visit(n, path) {
		return true
	}
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			if walkYAML(c, path, visit) {
				return true
			}
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			if walkYAML(n.Content[i+1], append(append([]any{}, path...), n.Content[i].Value), visit) {
				return true
			}
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			if walkYAML(c, append(append([]any{}, path...), i), visit) {
				return true
			}
		}
	}
	return false
}

// valuePathAt finds the field path of the node of kind on line (with
// value, for a scalar).
func valuePathAt(root *yaml.Node, line int, kind yaml.Kind, value string) (where []any, ok bool) {
	ok = walkYAML(root, nil, func(n *yaml.Node, path []any) bool {
		if n.Line == line && n.Kind == kind && (kind != yaml.ScalarNode || n.Value == value) && len(path) > 0 {
			where = path
			return true
		}
		return false
	})
	return where, ok
}

// keyPathAt finds the field path of the mapping that holds key on line.
func keyPathAt(root *yaml.Node, line int, key string) (where []any, ok bool) {
	ok = walkYAML(root, nil, func(n *yaml.Node, path []any) bool {
		if n.Kind != yaml.MappingNode {
			return false
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			if k := n.Content[i]; k.Line == line && k.Value == key {
				where = path
				return true
			}
		}
		return false
	})
	return where, ok
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
		return nil, yamlError(path, nil, err)
	}
	var raw rawConfig
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&raw); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s:1: the file is empty (want defaults and sites)", path)
		}
		return nil, yamlError(path, &root, err)
	}
	ce := &configErrors{path: path, root: &root}
	cfg := &Config{Path: path}
	d := raw.Defaults
	cfg.Defaults.MaxPages = intField(ce, d.MaxPages, []any{"defaults", "max_pages"}, 1)
	cfg.Defaults.MaxDepth = intField(ce, d.MaxDepth, []any{"defaults", "max_depth"}, 0)
	if d.Profile != "" {
		p, err := audit.ParseProfile(d.Profile)
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
		c, err := audit.ParseLifetime(d.LifetimeCap)
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
	seen := map[string]int{}
	for i, rs := range raw.Sites {
		at := func(f ...any) []any { return append([]any{"sites", i}, f...) }
		s := SiteConfig{Line: nodeLine(&root, at())}
		if strings.TrimSpace(rs.URL) == "" {
			ce.at(at("url"), "missing")
		} else if u, err := NormalizeSite(rs.URL); err != nil {
			ce.at(at("url"), "%v", err)
		} else if first, dup := seen[siteKey(u)]; dup {
			ce.at(at("url"), "%s is listed twice (first as sites[%d])", u, first)
		} else {
			seen[siteKey(u)] = i
			s.URL = u
		}
		s.Policy = policySource(ce, &rs.Policy, filepath.Dir(path), at("policy"))
		s.MaxPages = intField(ce, rs.MaxPages, at("max_pages"), 1)
		s.MaxDepth = intField(ce, rs.MaxDepth, at("max_depth"), 0)
		s.Consent = rs.Consent
		s.Waivers = waivers(ce, rs.Waivers, at("waivers"))
		cfg.Sites = append(cfg.Sites, s)
	}
	if err := ce.err(); err != nil {
		return nil, err
	}
	return cfg, nil
}

// intField checks an optional integer against a minimum; nil means not set
// (or not valid, which ce records).
func intField(ce *configErrors, v *int, path []any, minimum int) *int {
	if v == nil {
		return nil
	}
	if *v < minimum || *v > 100000 {
		ce.at(path, "%d is out of range (%d to 100000)", *v, minimum)
		return nil
	}
	return v
}

func waivers(ce *configErrors, raw []rawWaiver, path []any) []audit.Waiver {
	var out []audit.Waiver
	for j, rw := range raw {
		at := func(f string) []any { return append(append([]any{}, path...), j, f) }
		w := audit.Waiver{Rule: strings.TrimSpace(rw.Rule), Cookie: rw.Cookie, Domain: rw.Domain, Request: rw.Request, Reason: strings.TrimSpace(rw.Reason)}
		switch {
		case w.Rule == "":
			ce.at(at("rule"), "missing (want one of %s)", strings.Join(audit.RuleIDs(), ", "))
		case !audit.RuleKnown(w.Rule):
			ce.at(at("rule"), "unknown rule %q (want one of %s)", w.Rule, strings.Join(audit.RuleIDs(), ", "))
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
		ce.errs = append(ce.errs, yamlError(ce.path, ce.root, err))
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
		if !d.Expiry.Known() && d.ExpiryText != "" {
			if d.Expiry = policy.WrittenLifetime(d.ExpiryText); !d.Expiry.Known() {
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
