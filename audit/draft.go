package audit

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/cookieaudit/cookieaudit/audit/report"

	"github.com/cookieaudit/cookieaudit/crawler/observe"

	"github.com/cookieaudit/cookieaudit/policy"
)

// DraftStatus says how a row of a policy draft relates to the current
// policy.
type DraftStatus string

// The states of a draft row.
const (
	// DraftDeclared: the policy declares the cookie and it was seen.
	DraftDeclared DraftStatus = "declared"
	// DraftNew: the cookie was seen but the policy does not declare it.
	DraftNew DraftStatus = "new"
	// DraftReview: the policy declares the cookie but it was not seen on
	// the pages visited, so someone should check whether it is still used.
	DraftReview DraftStatus = "review"
)

// DraftRow is one cookie of the table a site's cookie policy should
// contain.
type DraftRow struct {
	// Name is the cookie's name, or the policy's name for a family of
	// cookies it declares by pattern (e.g. "_ga_<container-id>").
	Name     string
	Pattern  string
	Provider string
	Purpose  string
	Category policy.Category
	// Lifetime is the longest lifetime observed (for a review row, the
	// declared one, unknown when the policy states none).
	Lifetime   policy.Lifetime
	ThirdParty bool
	Domains    []string
	Status     DraftStatus
	// Note explains what differs from the current policy, if anything.
	Note string
	// Suggested is true when the provider or purpose comes from the
	// catalogue of well-known cookies rather than the policy, for a cookie
	// set on the site's own domain, where a common name may belong to
	// someone else than the catalogue says.
	Suggested bool
}

// Party is "first party" or "third party", or "not seen" for a review row.
func (r DraftRow) Party() string {
	switch {
	case r.ThirdParty:
		return "third party"
	case r.Status == DraftReview:
		return "not seen"
	}
	return "first party"
}

// PolicyDraft is the cookie table drafted for one site.
type PolicyDraft struct {
	Site   string
	Policy string
	// Pages counts the distinct pages visited across the phases.
	Pages int
	// Problem says why no draft could be made (the site was not
	// audited).
	Problem string
	Rows    []DraftRow
}

// DraftPolicy drafts the cookie table a site's policy should contain, from
// the cookies observed in every phase (including those the browser
// blocked, which other browsers keep): one row per cookie, or per
// declaration that covers several, with its provider, purpose and category
// from the site's declarations where they exist, else from the catalogue,
// and the longest lifetime observed. Declarations never seen are kept and
// marked for review; cookies the policy does not declare are marked new.
func DraftPolicy(s *report.Site, cat CookieLookup) PolicyDraft {
	d := PolicyDraft{Site: s.URL, Policy: s.Policy.URL, Pages: pagesVisited(s), Problem: SiteProblem(s)}
	if d.Problem != "" && len(s.Cookies) == 0 {
		return d
	}
	lookup := func(string) (policy.CatalogueEntry, bool) { return policy.CatalogueEntry{}, false }
	if cat != nil {
		lookup = cat.Lookup
	}
	matches := s.MatchesByCookie()
	rows := map[string]*DraftRow{}
	var order []string
	seenDecl := map[int]bool{}
	declOf := map[string]int{}     // row key -> index of its declaration
	storedRow := map[string]bool{} // row keys of cookies seen stored
	for _, c := range s.Cookies {
		m := matches[[2]string{c.Name, c.Domain}]
		di := declarationFor(s.Declared, c.Name, m)
		key := "cookie\x00" + c.Name
		if di >= 0 {
			key = fmt.Sprintf("decl\x00%d", di)
			seenDecl[di] = true
			declOf[key] = di
		}
		row, ok := rows[key]
		if !ok {
			row = newDraftRow(s, c, m, di, lookup)
			rows[key] = row
			order = append(order, key)
		}
		if life := CookieLifetime(c); life.Compare(row.Lifetime) > 0 {
			row.Lifetime = life
		}
		// First or third party, and the domains, come from where the
		// cookie was stored; a refused attempt (GA's try at ".gov.uk")
		// counts only for a cookie never stored.
		switch {
		case !c.Blocked && !storedRow[key]:
			storedRow[key] = true
			row.ThirdParty, row.Domains = c.ThirdParty, []string{c.Domain}
		case !c.Blocked || !storedRow[key]:
			row.ThirdParty = row.ThirdParty || c.ThirdParty
			if !slices.Contains(row.Domains, c.Domain) {
				row.Domains = append(row.Domains, c.Domain)
			}
		}
	}
	for _, key := range order {
		row := rows[key]
		if di, ok := declOf[key]; ok {
			if exp := s.Declared[di].Expiry; exp.Known() && row.Lifetime.Compare(exp) > 0 {
				said := PersonLifetime(exp)
				if exp.Session() {
					said = "it lasts until you close your browser"
				}
				row.Note = joinNote(row.Note, "The policy says "+said+".")
			}
		}
		slices.Sort(row.Domains)
		// A third party's domain confirms who sets its cookies; on the
		// site's own domain a catalogue's suggestion needs checking.
		row.Suggested = row.Suggested && !row.ThirdParty
		d.Rows = append(d.Rows, *row)
	}
	for i, decl := range s.Declared {
		if seenDecl[i] {
			continue
		}
		row := DraftRow{Name: decl.Name, Pattern: decl.Pattern, Provider: decl.Provider, Purpose: decl.Purpose,
			Category: decl.Category, Lifetime: decl.Expiry, Status: DraftReview, Domains: []string{},
			Note: fmt.Sprintf("Not seen on the %s visited: check whether the site still uses it.", Count(d.Pages, "page"))}
		fillFromCatalogue(&row, lookup, decl.Name)
		d.Rows = append(d.Rows, row)
	}
	slices.SortStableFunc(d.Rows, func(a, b DraftRow) int {
		return cmp.Or(cmp.Compare(categoryOrder(a.Category), categoryOrder(b.Category)),
			cmp.Compare(strings.ToLower(strings.TrimLeft(a.Name, "_")), strings.ToLower(strings.TrimLeft(b.Name, "_"))),
			cmp.Compare(a.Name, b.Name))
	})
	return d
}

// declarationFor finds the declaration an observed cookie matched, or -1.
func declarationFor(declared []policy.Declaration, name string, m report.CookieMatch) int {
	switch m.Match {
	case report.MatchExact, report.MatchPattern, report.MatchNear, report.MatchMentioned:
	default:
		return -1
	}
	for i, d := range declared {
		if d.Name == m.Declared {
			return i
		}
	}
	for i, d := range declared {
		if d.Matches(name) || (m.Match == report.MatchNear && NormalizeName(d.Name) == NormalizeName(name)) {
			return i
		}
	}
	return -1
}

// newDraftRow starts the row of an observed cookie.
func newDraftRow(s *report.Site, c observe.Cookie, m report.CookieMatch, di int, lookup func(string) (policy.CatalogueEntry, bool)) *DraftRow {
	row := &DraftRow{Name: c.Name, Category: m.Category, Status: DraftNew}
	if di >= 0 {
		decl := s.Declared[di]
		row.Status = DraftDeclared
		row.Provider, row.Purpose = decl.Provider, decl.Purpose
		if decl.Category.Known() {
			row.Category = decl.Category
		}
		switch {
		case decl.Mentioned:
			row.Note = fmt.Sprintf("The policy names it only in its text (%s): list it with its purpose and lifetime.",
				strings.TrimPrefix(decl.Source, "mentioned in "))
		case m.Match == report.MatchNear:
			row.Note = fmt.Sprintf("The policy spells it %q: use the name the site sets.", decl.Name)
		default:
			row.Name, row.Pattern = decl.Name, cmp.Or(decl.Pattern, policy.PatternFor(decl.Name))
		}
	} else if m.Match == report.MatchVendor {
		row.Note = fmt.Sprintf("The policy names %s but not this cookie.", m.Declared)
	}
	fillFromCatalogue(row, lookup, c.Name)
	if !row.Category.Known() {
		row.Category = policy.Unknown
	}
	return row
}

// fillFromCatalogue fills what the policy leaves out from the catalogue.
func fillFromCatalogue(row *DraftRow, lookup func(string) (policy.CatalogueEntry, bool), name string) {
	e, ok := lookup(name)
	if !ok && row.Pattern != "" {
		e, ok = lookup(strings.ReplaceAll(row.Pattern, "*", ""))
	}
	if !ok {
		return
	}
	if (row.Provider == "" && e.Vendor != "") || (row.Purpose == "" && e.Description != "") {
		row.Suggested = true
	}
	row.Provider = cmp.Or(row.Provider, e.Vendor)
	row.Purpose = cmp.Or(row.Purpose, e.Description)
	if !row.Category.Known() {
		row.Category = e.Category
	}
}

func joinNote(a, b string) string { return strings.TrimSpace(a + " " + b) }

// categoryOrder orders a policy's sections as policies usually do.
func categoryOrder(c policy.Category) int {
	i := slices.Index([]policy.Category{policy.Necessary, policy.Functional, policy.Analytics, policy.Marketing}, c)
	if i < 0 {
		return 4
	}
	return i
}

// pagesVisited counts the distinct pages visited in a site's phases.
func pagesVisited(s *report.Site) int {
	seen := map[string]bool{}
	for _, p := range s.Phases {
		for _, pg := range p.Pages {
			seen[pg.URL] = true
		}
	}
	return len(seen)
}
