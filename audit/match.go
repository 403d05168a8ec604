package audit

import (
	"net/url"
	"strings"

	"github.com/cookieaudit/cookieaudit/audit/report"

	"github.com/cookieaudit/cookieaudit/policy"
)

// NormalizeName is the near-match key of a cookie name or pattern; it is
// policy.NormalizeName (lower case, leading underscores stripped, spaces,
// hyphens and dots turned into underscores).
func NormalizeName(name string) string { return policy.NormalizeName(name) }

// matcher matches observed cookies against one site's policy.
type matcher struct {
	declared []preparedDecl
	vendors  []policy.Vendor
	// providers are the providers the declarations name ("Google
	// Analytics" for _ga): the policy discloses them as vendors too.
	providers []policy.Vendor
	catalogue CookieLookup
}

// preparedDecl is a declaration with its match keys computed once.
type preparedDecl struct {
	d policy.Declaration
	// pattern is the declaration's pattern (from its name when empty);
	// normPattern and normName are the near-match keys.
	pattern, normPattern, normName string
	glob, normGlob                 bool
	// parts and normParts are the pattern and its near-match key split at
	// their '*' wildcards.
	parts, normParts []string
	// used is set once any observed cookie matched the declaration.
	used bool
}

func prepare(d policy.Declaration) preparedDecl {
	if d.Pattern == "" {
		d.Pattern = policy.PatternFor(d.Name)
	}
	pd := preparedDecl{d: d, pattern: d.Pattern, normPattern: NormalizeName(d.Pattern), normName: NormalizeName(d.Name)}
	pd.glob = strings.Contains(pd.pattern, "*")
	if pd.glob {
		pd.parts = strings.Split(pd.pattern, "*")
	}
	pd.normGlob = strings.Contains(pd.normPattern, "*")
	if pd.normGlob {
		pd.normParts = strings.Split(pd.normPattern, "*")
	}
	return pd
}

func newMatcher(declared []policy.Declaration, vendors []policy.Vendor, catalogue CookieLookup) *matcher {
	m := &matcher{vendors: vendors, catalogue: catalogue}
	seen := map[string]bool{}
	for _, d := range declared {
		m.declared = append(m.declared, prepare(d))
		if k := normVendor(d.Provider); k != "" && !seen[k] {
			seen[k] = true
			m.providers = append(m.providers, policy.Vendor{Vendor: d.Provider, Category: d.Category})
		}
	}
	return m
}

// nameMatch returns how a declaration's name or pattern covers a cookie
// name, ignoring domain constraints.
func nameMatch(d policy.Declaration, name string) report.MatchKind {
	pd := prepare(d)
	return pd.match(name, NormalizeName(name))
}

// match is nameMatch with the cookie's near-match key already computed.
//
// A pattern that is the written name with spaces read as underscores
// ("VISITOR INFO1 LIVE") gives a near match, as the audit reports spacing
// differences; any other literal pattern equal to the cookie's name is an
// exact match.
func (pd *preparedDecl) match(name, norm string) report.MatchKind {
	if pd.d.Name == name {
		return report.MatchExact
	}
	if !pd.glob && pd.pattern == name {
		if pd.normName == norm {
			return report.MatchNear
		}
		return report.MatchExact
	}
	if pd.glob && policy.MatchGlobParts(pd.parts, name) {
		return report.MatchPattern
	}
	if norm == "" || pd.normPattern == "" {
		return report.MatchNone
	}
	if pd.normPattern == norm || pd.normName == norm {
		return report.MatchNear
	}
	if pd.normGlob && policy.MatchGlobParts(pd.normParts, norm) {
		return report.MatchNear
	}
	return report.MatchNone
}

// constraintAllows reports whether a declaration's domain or provider
// permits a cookie with this domain, set from one of setByURLs. A Domain
// must contain the cookie's domain. A Provider only constrains when it is
// written as a domain name ("youtube.com"): the cookie's domain or the URL
// that set it must then lie within it. Providers written as names ("Google")
// do not constrain, since names cannot be checked against domains reliably.
func constraintAllows(d policy.Declaration, cookieDomain string, setByURLs []string) bool {
	if d.Domain != "" && !domainWithin(cookieDomain, d.Domain) {
		return false
	}
	if prov, ok := providerDomain(d.Provider); ok {
		if domainWithin(cookieDomain, prov) {
			return true
		}
		for _, u := range setByURLs {
			if pu, err := url.Parse(u); err == nil && pu.Hostname() != "" && domainWithin(pu.Hostname(), prov) {
				return true
			}
		}
		return false
	}
	return true
}

// providerDomain returns the provider as a bare domain when it is written
// as one.
func providerDomain(p string) (string, bool) {
	p = strings.ToLower(strings.TrimSpace(p))
	if p == "" || strings.ContainsAny(p, " \t,;()") {
		return "", false
	}
	p = bareHost(p)
	dot := strings.LastIndexByte(p, '.')
	if dot <= 0 || dot >= len(p)-2 {
		return "", false
	}
	for _, r := range p[dot+1:] {
		if r < 'a' || r > 'z' {
			return "", false
		}
	}
	return p, true
}

// bareHost strips a scheme, path and leading dot from a domain or URL.
func bareHost(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
	}
	if i := strings.IndexAny(s, "/:"); i >= 0 {
		s = s[:i]
	}
	return strings.TrimPrefix(s, ".")
}

// domainWithin reports whether domain equals parent or is a subdomain of it.
func domainWithin(domain, parent string) bool {
	c, p := bareHost(domain), bareHost(parent)
	if c == "" || p == "" {
		return false
	}
	return c == p || strings.HasSuffix(c, "."+p)
}

// normVendor folds a vendor name for comparison.
func normVendor(v string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(v) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		default:
			space = true
		}
	}
	return b.String()
}

// vendorCovers reports whether a disclosed vendor covers the catalogue's
// vendor: the same name, or a broader one ("Microsoft" covers "Microsoft
// Clarity"). A narrower disclosure ("Google Analytics") does not cover a
// broader catalogue vendor ("Google"), since that would hide advertising
// cookies behind an analytics disclosure.
func vendorCovers(disclosed, catalogued string) bool {
	d, c := normVendor(disclosed), normVendor(catalogued)
	if d == "" || c == "" {
		return false
	}
	return d == c || strings.HasPrefix(c, d+" ")
}

// matchRank orders the match kinds a declaration can give, strongest
// highest.
var matchRank = map[report.MatchKind]int{report.MatchExact: 4, report.MatchPattern: 3, report.MatchNear: 2, report.MatchMentioned: 1, report.MatchNone: 0}

// match matches one observed cookie.
func (m *matcher) match(name, domain string, setByURLs []string) report.CookieMatch {
	cm := report.CookieMatch{Cookie: name, Domain: domain, Match: report.MatchNone, Category: policy.Unknown}
	best := report.MatchNone
	var hits []policy.Declaration
	norm := NormalizeName(name)
	for i := range m.declared {
		pd := &m.declared[i]
		k := pd.match(name, norm)
		if k == report.MatchNone {
			continue
		}
		if pd.d.Mentioned {
			k = report.MatchMentioned
		}
		d := pd.d
		if !constraintAllows(d, domain, setByURLs) {
			cm.Excluded = appendUnique(cm.Excluded, d.Name)
			continue
		}
		pd.used = true
		switch {
		case matchRank[k] > matchRank[best]:
			best, hits = k, []policy.Declaration{d}
		case k == best:
			hits = append(hits, d)
		}
	}
	var entry policy.CatalogueEntry
	var inCatalogue bool
	if m.catalogue != nil {
		entry, inCatalogue = m.catalogue.Lookup(name)
	}
	if best != report.MatchNone {
		cm.Match = best
		var names []string
		for _, d := range hits {
			names = appendUnique(names, d.Name)
			if d.Expiry.Compare(cm.Expiry) > 0 {
				cm.Expiry = d.Expiry
			}
		}
		cm.Declared = strings.Join(names, ", ")
		if c, ok := declaredCategory(hits); ok {
			cm.Category, cm.CategorySource = c, "declaration"
			return cm
		}
	} else if inCatalogue {
		if v, ok := m.disclosedVendor(entry.Vendor); ok {
			cm.Match, cm.Declared = report.MatchVendor, v.Vendor
			if entry.Category.Known() {
				cm.Category, cm.CategorySource = entry.Category, "catalogue"
			} else if v.Category.Known() {
				cm.Category, cm.CategorySource = v.Category, "vendor"
			}
			return cm
		}
	}
	if inCatalogue && entry.Category.Known() {
		cm.Category, cm.CategorySource = entry.Category, "catalogue"
	}
	return cm
}

// disclosedVendor finds the disclosure covering a catalogued vendor: a
// vendor the policy names (see vendorCovers), or the exact provider of one
// of its declarations (a policy naming _ga with provider "Google Analytics"
// discloses Google Analytics, and so its _ga_<id> cookies).
func (m *matcher) disclosedVendor(catalogued string) (policy.Vendor, bool) {
	for _, v := range m.vendors {
		if vendorCovers(v.Vendor, catalogued) {
			return v, true
		}
	}
	c := normVendor(catalogued)
	for _, v := range m.providers {
		if normVendor(v.Vendor) == c {
			return v, true
		}
	}
	return policy.Vendor{}, false
}

// declaredCategory picks the category the matched declarations give. When
// they disagree (a cookie listed under two headings), a non-necessary
// category wins: the policy itself says the cookie is used for more than
// strict necessity.
func declaredCategory(ds []policy.Declaration) (policy.Category, bool) {
	necessary := false
	for _, d := range ds {
		switch d.Category {
		case policy.Necessary:
			necessary = true
		case policy.Functional, policy.Analytics, policy.Marketing:
			return d.Category, true
		}
	}
	if necessary {
		return policy.Necessary, true
	}
	return policy.Unknown, false
}

func appendUnique(list []string, s string) []string {
	for _, v := range list {
		if v == s {
			return list
		}
	}
	return append(list, s)
}

// usedElsewhere reports whether any declaration with this name and domain
// matched an observed cookie (a cookie listed in two sections is one
// declaration for declared-unused).
func (m *matcher) usedElsewhere(key [2]string) bool {
	for i := range m.declared {
		if pd := &m.declared[i]; pd.used && pd.d.Name == key[0] && pd.d.Domain == key[1] {
			return true
		}
	}
	return false
}
