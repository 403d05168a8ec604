package policy

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// Table rows. A row of a table with a header (HTML, tab-separated, pipes,
// or a header line) is read by its columns' roles; a row without one only
// when it has the shape of a cookie record.

// flushPending reads the tab-separated row that was waiting for
// continuation lines.
func (r *reader) flushPending() {
	if r.pending == nil {
		return
	}
	b := *r.pending
	r.pending, r.pendingParas = nil, 0
	r.tableRow(b)
}

// readRow handles a table row: a header, a continuation of the previous
// tab row, or a row to read (tab rows wait for their continuation lines).
func (r *reader) readRow(b block) {
	if b.table != r.tblID {
		r.flushPending()
		r.tblID, r.tblCols, r.rowNum = b.table, nil, 0
	}
	if b.tabbed && r.pending != nil && len(b.cells) > 0 && b.cells[0] == "" {
		for i, c := range b.cells {
			if c == "" {
				continue
			}
			for len(r.pending.cells) <= i {
				r.pending.cells = append(r.pending.cells, "")
			}
			if r.pending.cells[i] == "" {
				r.pending.cells[i] = c
			} else {
				r.pending.cells[i] += "\n" + c
			}
		}
		return
	}
	r.flushPending()
	if cols := headerColumns(b.cells); cols != nil && (b.header || r.tblCols == nil) {
		r.tblCols = cols
		return
	}
	if b.header {
		return
	}
	r.rowNum++
	b.row = r.rowNum
	if b.tabbed {
		cp := b
		cp.cells = append([]string(nil), b.cells...)
		r.pending = &cp
		return
	}
	r.tableRow(b)
}

// inferColumns guesses column roles for a table without a header: the first
// cell holding names, a cell holding only a lifetime, the rest purpose.
func inferColumns(cells []string) []column {
	cols := make([]column, len(cells))
	name, expiry := false, false
	for i, c := range cells {
		switch {
		case !name && i < 2 && parseNames(c, false) != nil:
			cols[i], name = colName, true
		case isDurationLine(c):
			cols[i], expiry = colExpiry, true
		default:
			cols[i] = colPurpose
		}
	}
	// Without a header, a row is a cookie record only with the shape of
	// one: names in its first cells and a lifetime cell.
	if !name || !expiry {
		return nil
	}
	return cols
}

// roleCells are a table row's cells gathered by their column's role: every
// name cell in order, every purpose cell in order, and the last cell of each
// other role.
type roleCells struct {
	names, purposes                    []string
	expiry, typ, cat, provider, domain string
}

// cellsByRole gathers cells (in column order) by the role of their column
// in cols; cells past the last column are left out.
func cellsByRole(cols []column, cells []string) roleCells {
	var rc roleCells
	for i, c := range cells[:min(len(cells), len(cols))] {
		switch cols[i] {
		case colName:
			rc.names = append(rc.names, c)
		case colPurpose:
			rc.purposes = append(rc.purposes, c)
		case colExpiry:
			rc.expiry = c
		case colType:
			rc.typ = c
		case colCategory:
			rc.cat = c
		case colProvider:
			rc.provider = c
		case colDomain:
			rc.domain = c
		}
	}
	return rc
}

// tableRow reads one table row into declarations. When the name column
// does not hold cookie names (a provider table whose "Name" column names
// services), the other cells are read as prose.
func (r *reader) tableRow(b block) {
	cols := r.tblCols
	if cols == nil {
		cols = inferColumns(b.cells)
	}
	where := r.where(b)
	rc := cellsByRole(cols, b.cells)
	nameCell, expiry, typ, cat, provider, domain := "", rc.expiry, rc.typ, rc.cat, rc.provider, rc.domain
	if k := slices.IndexFunc(rc.names, func(c string) bool { return c != "" }); k >= 0 {
		nameCell = rc.names[k]
	}
	var purpose []string
	for _, c := range rc.purposes {
		if c != "" && !strings.EqualFold(c, "none") {
			purpose = append(purpose, c)
		}
	}
	var names []string
	if cols != nil {
		names = columnNames(nameCell)
		if names == nil {
			names = prefixName(nameCell, strings.Join(purpose, " "))
		}
	}
	if names == nil && cols != nil {
		names = lifetimeRowName(nameCell, expiry, typ)
	}
	if names == nil && cols != nil && r.namedTable == b.table && b.table > 0 {
		names = usageRowName(nameCell, strings.Join(purpose, " "))
	}
	if names != nil {
		r.namedTable = b.table
	}
	if names != nil {
		r.noteVendors(b.text)
	} else {
		for i, c := range b.cells {
			if i < len(cols) && (cols[i] == colType || cols[i] == colExpiry || cols[i] == colCategory) {
				continue
			}
			r.prose(c, where, true)
		}
		return
	}
	desc := normalizeSpace(strings.Join(purpose, " "))
	expiry = normalizeSpace(expiry)
	if expiry == "" {
		if WrittenLifetime(typ).Known() {
			expiry = normalizeSpace(typ)
		} else {
			expiry = expiryIn(desc)
		}
	}
	category := r.categoryFor(cat, desc)
	if cat == "" && typ != "" {
		if c := wordingCategory(typ); c != "" && !r.catStrong {
			category = c
		}
	}
	domain = normalizeSpace(domain)
	if !domainRE.MatchString(domain) {
		domain = "" // "First party", "Third party": not a domain
	}
	expiries := perNameExpiry(names, expiry)
	for k, n := range names {
		r.declare(n, desc, expiries[k], r.providerFor(normalizeSpace(provider)), category, where)
		r.doc.Declared[len(r.doc.Declared)-1].Domain = strings.ToLower(domain)
	}
}

// columnNames reads the names in a cell of a table's name column, where the
// column itself is evidence that the cell holds names: a list of names, a
// name with a note in brackets ("_ga (Google Analytics)", "SSESS (plus
// several further characters)"), names in brackets after a label ("KB5
// Cookies (__KBCookie__ and __KBLoggedIn__)"), a name that is also a word
// ("session", "SESSION"), or a name written with spaces ("ASP.Net Session
// Id"). It returns nil when the cell holds no name.
func columnNames(cell string) []string {
	cell = strings.TrimSpace(cell)
	if names := parseNames(cell, true); names != nil {
		return names
	}
	if m := gluedParenRE.FindStringSubmatch(cell); m != nil && classifyName(m[1]+"x"+m[3]) == shapeStrong {
		return []string{cell} // "voted_(number)": a placeholder in round brackets
	}
	if bare := strings.TrimSpace(bracketsRE.ReplaceAllString(cell, " ")); bare != cell && bare != "" {
		if names := parseNames(bare, true); names != nil {
			return names
		}
	}
	if m := bracketsRE.FindAllString(cell, -1); len(m) == 1 {
		if names := parseNames(m[0][1:len(m[0])-1], false); names != nil {
			return names
		}
	}
	f := strings.Fields(cell)
	switch {
	case len(f) == 1 && strings.EqualFold(f[0], "session"):
		return []string{f[0]}
	case len(f) == 1 && len(f[0]) == 2 && strings.ToUpper(f[0]) == f[0] && isLetters(f[0]) && !acronyms[f[0]]:
		return []string{f[0]} // MR, SM: two capitals in a name column
	case len(f) == 1 && strings.HasSuffix(f[0], "'") && classifyName(strings.TrimSuffix(f[0], "'")) == shapeStrong:
		return []string{f[0]} // "_gid'": a stray quote kept as written
	case len(f) >= 2 && allStrong(f):
		return f // "_ga_4F54BBY2EY _ga_JWM3J5QW3F": names side by side
	}
	switch {
	case len(f) >= 2 && len(f) <= 4 && classifyName(f[0]) == shapeStrong && strings.ContainsAny(f[0], "._"):
		for _, w := range f[1:] {
			if !startsCell(w) || len(w) > 10 || !isLetters(w) {
				return nil
			}
		}
		return []string{cell}
	}
	return nil
}

// allStrong reports whether every word looks like an identifier on its own.
func allStrong(words []string) bool {
	for _, w := range words {
		if classifyName(w) != shapeStrong {
			return false
		}
	}
	return true
}

var (
	// gluedParenRE matches a name with a placeholder in round brackets
	// written straight after a separator, with no space: "voted_(number)".
	gluedParenRE = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_.-]*[_.-])\(([A-Za-z][A-Za-z0-9_-]{0,30})\)([A-Za-z0-9_.-]*)$`)
	// bracketsRE finds a note in brackets after a name.
	bracketsRE = regexp.MustCompile(`\([^()]*\)`)
	// domainRE accepts a written cookie domain (".example.gov.uk").
	domainRE = regexp.MustCompile(`^\.?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$`)
)

// prefixName reads a name column cell that holds a prefix ending in a dot or
// a hyphen ("Localview."), which alone does not look like a name, when the
// row's description says cookies begin with it ("Cookies that begin with
// 'Localview.' are required ..."). It returns nil otherwise.
func prefixName(cell, desc string) []string {
	cell = strings.TrimSpace(cell)
	if len(cell) < 3 || len(cell) > 60 || !strings.HasSuffix(cell, ".") && !strings.HasSuffix(cell, "-") || !cookieTokenChars(cell) {
		return nil
	}
	if trimmed := strings.TrimRight(cell, ".-"); trimmed == "" || !unicode.IsLetter(rune(trimmed[0])) && trimmed[0] != '_' {
		return nil
	}
	lower := strings.ToLower(desc)
	at := strings.Index(lower, strings.ToLower(cell))
	if at < 0 {
		return nil
	}
	for _, w := range []string{"begin with", "begins with", "beginning with", "start with", "starts with", "starting with", "prefix"} {
		if k := strings.Index(lower, w); k >= 0 && k < at {
			return []string{cell}
		}
	}
	return nil
}

// lifetimeRowName reads a name column cell that is one plain word
// ("Style", "Session", "Clientvars"), which alone does not look like a
// cookie name, when the row's lifetime cell (or its type cell) states how
// long the cookie lasts: a row with a name and a lifetime is a cookie,
// whatever word names it. A vendor, the first word of a vendor's name
// ("Google") or a table word ("Cookie") is not a name. It returns nil otherwise.
func lifetimeRowName(cell, expiry, typ string) []string {
	cell = strings.TrimSpace(cell)
	if len(cell) < 2 || len(cell) > 40 || !cookieTokenChars(cell) || !unicode.IsLetter(rune(cell[0])) {
		return nil
	}
	if isVendorWord(cell) || len(vendors().byFirstWord[strings.ToLower(cell)]) > 0 || headerRole(cell) != colOther && !cookieCompound(cell) || acronyms[strings.ToUpper(cell)] && strings.ToUpper(cell) != "SESSION" {
		return nil
	}
	if strings.HasSuffix(cell, ".") || strings.HasSuffix(cell, "-") || strings.HasSuffix(cell, ":") {
		return nil
	}
	e := normalizeSpace(expiry)
	if e == "" {
		e = normalizeSpace(typ)
	}
	if !WrittenLifetime(e).Known() || !mayStateLifetime(e) {
		return nil
	}
	return []string{cell}
}

// cookieCompound reports whether the one-word cell is a name made by
// gluing a word to "cookie" ("Lccookie", "Testcookie"): it holds a table
// word but is not one, unlike "Cookie", "Cookies" or "Thirdpartycookie".
func cookieCompound(cell string) bool {
	l := strings.ToLower(cell)
	stem, ok := strings.CutSuffix(l, "cookie")
	if !ok || len(stem) < 2 || !isLetters(stem) {
		return false
	}
	return headerRole(stem) == colOther && wordingCategory(stem) == "" && !strings.Contains(stem, "party")
}

// usageRowName reads a name column cell that is one plain capitalised word
// ("Clientvars") in a table whose earlier row named a cookie, when the
// row's purpose says what the cookie is used for ("Used to maintain
// session information"). A vendor's or a category's word is not a name. It
// returns nil otherwise.
func usageRowName(cell, purpose string) []string {
	cell = strings.TrimSpace(cell)
	if len(cell) < 3 || len(cell) > 30 || !isLetters(cell) || !unicode.IsUpper(rune(cell[0])) {
		return nil
	}
	if isVendorWord(cell) || len(vendors().byFirstWord[strings.ToLower(cell)]) > 0 || headerRole(cell) != colOther || wordingCategory(cell) != "" || acronyms[strings.ToUpper(cell)] {
		return nil
	}
	if !usagePurposeRE.MatchString(purpose) {
		return nil
	}
	return []string{cell}
}

// usagePurposeRE finds a purpose cell that starts by saying what a cookie
// is used for.
var usagePurposeRE = regexp.MustCompile(`^(?:Used (?:to|for|by)|Stores|Remembers|Records|Keeps|Saves|Identifies|Tracks|Holds|Contains)\b`)

// perNameExpiry shares out a lifetime cell among the names of its row when
// the cell gives one lifetime per name: "_ga 2 years, _gid 24 hours" for
// "_ga, _gid", or "Session, 3650 Days" for "ARRAffinity,
// SC_ANALYTICS_GLOBAL_COOKIE" as OneTrust lists do. Otherwise every name
// gets the whole cell ("30 minutes or when you close your browser" is one
// lifetime for all).
func perNameExpiry(names []string, expiry string) []string {
	out := make([]string, len(names))
	for k := range out {
		out[k] = expiry
	}
	if len(names) < 2 {
		return out
	}
	parts := strings.FieldsFunc(expiry, func(r rune) bool { return r == ',' || r == ';' || r == '\n' })
	if len(parts) < 2 {
		// One kind word per name, in the same order, separated by spaces
		// only ("_utma _utmb _utmc" with "Persistent Persistent Session").
		if kinds := strings.Fields(expiry); len(kinds) == len(names) && allLifetimeKinds(kinds) {
			return kinds
		}
		return out
	}
	// Each part led by one of the names: give each name its own part.
	labelled := map[string]string{}
	for _, p := range parts {
		p = strings.TrimSpace(p)
		for _, n := range names {
			rest, ok := strings.CutPrefix(p, n)
			if !ok || rest == "" || rest[0] != ' ' && rest[0] != ':' && rest[0] != '-' {
				continue
			}
			rest = strings.TrimSpace(strings.TrimLeft(rest, " :-–"))
			if WrittenLifetime(rest).Known() {
				labelled[n] = rest
			}
			break
		}
	}
	if len(labelled) == len(parts) {
		for k, n := range names {
			if e, ok := labelled[n]; ok {
				out[k] = e
			}
		}
		return out
	}
	// As many bare lifetimes as names, in the same order.
	if len(parts) != len(names) {
		return out
	}
	bare := make([]string, len(parts))
	for k, p := range parts {
		p = strings.TrimSpace(p)
		first, _, _ := strings.Cut(strings.ToLower(p), " ")
		if !WrittenLifetime(p).Known() || first == "or" || first == "and" || first == "up" || first == "to" {
			return out
		}
		bare[k] = p
	}
	return bare
}

// allLifetimeKinds reports whether every word is a lifetime kind written
// on its own: "Session" or "Persistent".
func allLifetimeKinds(words []string) bool {
	for _, w := range words {
		switch strings.ToLower(strings.Trim(w, ".,;")) {
		case "session", "persistent":
		default:
			return false
		}
	}
	return true
}
