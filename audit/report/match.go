package report

import "github.com/cookieaudit/cookieaudit/policy"

// MatchKind says how an observed cookie was matched to the policy.
type MatchKind string

// Match kinds, strongest first.
const (
	// MatchExact: a declaration names the cookie exactly.
	MatchExact MatchKind = "exact"
	// MatchPattern: a declaration's wildcard pattern covers the cookie.
	MatchPattern MatchKind = "pattern"
	// MatchNear: the names agree once case, leading underscores and
	// spaces/hyphens versus underscores are ignored (e.g. "_cf_bm" declared,
	// "__cf_bm" set).
	MatchNear MatchKind = "near"
	// MatchMentioned: no declaration read from the policy's layout covers
	// the cookie, but the policy's text names it (in running text, or in a
	// layout the reader does not know). It counts as declared, with
	// whatever lifetime the text states beside the name.
	MatchMentioned MatchKind = "mentioned"
	// MatchVendor: the cookie is not named but the catalogue attributes it
	// to a vendor the policy discloses ("vendor disclosed, cookie not
	// named"). The vendor gives the cookie its category, but the cookie
	// is still undeclared: the policy does not list it.
	MatchVendor MatchKind = "vendor"
	// MatchNone: nothing in the policy covers the cookie.
	MatchNone MatchKind = "none"
)

// Describe says in words how the cookie matched.
func (k MatchKind) Describe() string {
	switch k {
	case MatchExact:
		return "declared by name"
	case MatchPattern:
		return "declared by pattern"
	case MatchNear:
		return "near match"
	case MatchMentioned:
		return "mentioned in the policy's text"
	case MatchVendor:
		return "vendor disclosed, cookie not named"
	default:
		return "not declared"
	}
}

// CookieMatch records how one observed cookie (name and domain) was matched.
type CookieMatch struct {
	Cookie string    `json:"cookie"`
	Domain string    `json:"domain"`
	Match  MatchKind `json:"match"`
	// Declared names the declarations (or the vendor) that matched.
	Declared string `json:"declared,omitempty"`
	// Category is the cookie's purpose class and CategorySource where it
	// came from: "declaration", "catalogue", "vendor", "consent-record" (the
	// consent manager's own record of the choice) or "" (unknown).
	Category       policy.Category `json:"category"`
	CategorySource string          `json:"category_source,omitempty"`
	// Expiry is the longest lifetime the matched declarations state;
	// unknown (and left out of the JSON) when none states one.
	Expiry policy.Lifetime `json:"declared_expiry_seconds,omitzero"`
	// Excluded names declarations whose name fits but whose domain or
	// provider rules this cookie out.
	Excluded []string `json:"excluded,omitempty"`
}

// MatchesByCookie indexes the site's matches by cookie name and domain.
func (s *Site) MatchesByCookie() map[[2]string]CookieMatch {
	idx := make(map[[2]string]CookieMatch, len(s.Matches))
	for _, m := range s.Matches {
		idx[[2]string{m.Cookie, m.Domain}] = m
	}
	return idx
}
