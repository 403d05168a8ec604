package policy

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// headerRole maps a table header cell to a column role.
func headerRole(s string) column {
	if len(s) > 100 {
		return colOther // a header cell is a few words
	}
	s = strings.ToLower(normalizeSpace(s))
	if s == "" || countWords(s) > 6 {
		return colOther
	}
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(s, w) {
				return true
			}
		}
		return false
	}
	switch {
	case has("type"):
		return colType
	case has("categor"):
		return colCategory
	case has("purpose", "description", "what it does", "what they do", "used for", "function", "more information", "details", "why we use", "what it is", "usage", "use it for", "use them for"):
		return colPurpose
	case has("expir", "duration", "lifetime", "retention", "how long", "storage period", "lasts", "life span", "lifespan"):
		return colExpiry
	case has("domain", "host"):
		return colDomain
	case has("provider", "set by", "service", "vendor", "third part", "party", "company", "owner", "supplier", "source"):
		return colProvider
	case has("name", "cookie"):
		return colName
	}
	return colOther
}

// headerColumns returns the roles of a header row's cells, or nil when the
// cells are not a cookie table header (it needs a name column and a
// purpose or expiry column).
func headerColumns(cells []string) []column {
	if len(cells) < 2 {
		return nil
	}
	cols := make([]column, len(cells))
	names, known := 0, 0
	for i, c := range cells {
		cols[i] = headerRole(c)
		if cols[i] == colName {
			names++
		}
		if cols[i] != colOther {
			known++
		}
	}
	if names > 1 {
		// "Cookie | Name | Purpose": the column saying "name" holds the
		// name; the other says what kind of cookie it is. Without one
		// saying "name" ("Cookie subgroup | Cookies"), the one that is
		// just "Cookie(s)" holds the names.
		key := "name"
		if !strings.Contains(strings.ToLower(strings.Join(cells, " ")), "name") {
			key = "cookie"
		}
		for i, c := range cells {
			l := strings.ToLower(strings.TrimSpace(c))
			if cols[i] != colName {
				continue
			}
			if key == "name" && !strings.Contains(l, "name") || key == "cookie" && l != "cookie" && l != "cookies" {
				cols[i] = colType
				names--
			}
		}
	}
	if names == 0 || known < 2 {
		return nil
	}
	for _, c := range cols {
		if c == colPurpose || c == colExpiry {
			return cols
		}
	}
	return nil
}

// headerTerms are the words of cookie table headers, lower case without
// spaces, longest first where one is a prefix of another.
var headerTerms = []string{
	"personaldatacollected", "firstorthirdparty", "moreinformation", "retentionperiod", "storageperiod",
	"typeofcookie", "nameofcookie", "datacollected", "description", "cookiename", "cookietype", "expiration",
	"thirdparty", "whatitdoes", "category", "duration", "lifetime", "provider", "retention", "function",
	"purpose", "service", "usedfor", "expires", "howlong", "domain", "expiry", "cookie", "setby", "party",
	"name", "type",
}

// splitHeader recognises a table header written as one line, with the
// cells run together ("Cookie namePurposeExpiryPersonal data collected") or
// separated by bars, and returns its column roles, or nil.
func splitHeader(text string) []column {
	if len(text) > 120 {
		return nil
	}
	var cells []string
	if strings.Contains(text, "|") {
		cells = strings.Split(strings.Trim(text, "| "), "|")
	} else {
		s := strings.ToLower(strings.ReplaceAll(text, " ", ""))
		for s != "" {
			matched := ""
			for _, t := range headerTerms {
				if strings.HasPrefix(s, t) && len(t) > len(matched) {
					matched = t
				}
			}
			if matched == "" {
				return nil
			}
			cells = append(cells, matched)
			s = s[len(matched):]
		}
		for i, c := range cells {
			cells[i] = spacedTerm(c)
		}
	}
	return headerColumns(cells)
}

// spacedTerm restores the spaces headerRole looks for in a run-together
// header term.
func spacedTerm(t string) string {
	switch t {
	case "cookiename":
		return "cookie name"
	case "nameofcookie":
		return "name of cookie"
	case "typeofcookie", "cookietype":
		return "type of cookie"
	case "moreinformation":
		return "more information"
	case "whatitdoes":
		return "what it does"
	case "usedfor":
		return "used for"
	case "howlong":
		return "how long"
	case "setby":
		return "set by"
	case "thirdparty":
		return "third party"
	}
	return t
}

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

// tableRow reads one table row into declarations. When the name column
// does not hold cookie names (a provider table whose "Name" column names
// services), the other cells are read as prose.
func (r *reader) tableRow(b block) {
	cols := r.tblCols
	if cols == nil {
		cols = inferColumns(b.cells)
	}
	where := r.where(b)
	var nameCell, expiry, typ, cat, provider, domain string
	var purpose []string
	for i, c := range b.cells {
		if i >= len(cols) {
			continue
		}
		switch cols[i] {
		case colName:
			if nameCell == "" {
				nameCell = c
			}
		case colDomain:
			domain = c
		case colPurpose:
			if c != "" && !strings.EqualFold(c, "none") {
				purpose = append(purpose, c)
			}
		case colExpiry:
			expiry = c
		case colType:
			typ = c
		case colCategory:
			cat = c
		case colProvider:
			provider = c
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
		if _, ok := ParseDuration(typ); ok {
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
	if _, ok := ParseDuration(e); !ok || !mayStateLifetime(e) {
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
			if _, ok := ParseDuration(rest); ok {
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
		if _, ok := ParseDuration(p); !ok || first == "or" || first == "and" || first == "up" || first == "to" {
			return out
		}
		bare[k] = p
	}
	return bare
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

var (
	// gluedParenRE matches a name with a placeholder in round brackets
	// written straight after a separator, with no space: "voted_(number)".
	gluedParenRE = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_.-]*[_.-])\(([A-Za-z][A-Za-z0-9_-]{0,30})\)([A-Za-z0-9_.-]*)$`)
	// bracketsRE finds a note in brackets after a name.
	bracketsRE = regexp.MustCompile(`\([^()]*\)`)
	// domainRE accepts a written cookie domain (".example.gov.uk").
	domainRE = regexp.MustCompile(`^\.?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$`)
)

// textTableRow reads a row of a table whose header was a text line: one
// cell per paragraph, cells separated by two or more spaces, or a row
// naming its cookie in quotes. It returns the number of blocks consumed,
// 0 when the block is not a row (which ends the table).
func (r *reader) textTableRow(i int) int {
	if r.textCols == nil {
		return 0
	}
	b := r.blocks[i]
	cols := r.textCols
	if b.kind == blockHeading {
		r.textCols = nil
		return 0
	}
	where := r.where(b)
	if names := columnNames(b.text); names != nil && i+len(cols) <= len(r.blocks) {
		cells := []string{b.text}
		ok := true
		for j := i + 1; j < i+len(cols); j++ {
			nb := r.blocks[j]
			if nb.kind == blockHeading || nb.kind == blockRow || parseNames(nb.text, false) != nil {
				ok = false
				break
			}
			cells = append(cells, nb.text)
		}
		if ok {
			r.declareCells(cols, cells, where)
			return len(cols)
		}
	}
	if raw := b.raw; raw != "" {
		cells := multiSpaceRE.Split(raw, -1)
		if len(cells) == len(cols) {
			if ni := indexOf(cols, colName); ni >= 0 && parseNames(cells[ni], true) != nil {
				for k := range cells {
					cells[k] = normalizeSpace(cells[k])
				}
				r.declareCells(cols, cells, where)
				return 1
			}
		}
		if m := quotedNameRE.FindStringSubmatchIndex(raw); m != nil {
			inner := raw[m[2]:m[3]]
			if names := parseNames(inner, true); len(names) == 1 {
				before := normalizeSpace(raw[:m[0]])
				after := multiSpaceRE.Split(strings.TrimSpace(raw[m[1]:]), -1)
				desc := normalizeSpace(after[0])
				expiry := ""
				if isDurationLine(before) {
					expiry = before
				} else {
					expiry = expiryIn(desc)
				}
				r.declare(names[0], desc, expiry, r.providerFor(""), r.categoryFor("", desc), where)
				return 1
			}
		}
	}
	r.textCols = nil
	return 0
}

var (
	multiSpaceRE = regexp.MustCompile(`[ \t\x{00a0}]{2,}`)
	quotedNameRE = regexp.MustCompile(`["“'‘]([^"“”'‘’\s]{2,80})["”'’]`)
)

func indexOf(cols []column, want column) int {
	for i, c := range cols {
		if c == want {
			return i
		}
	}
	return -1
}

// declareCells declares the names in a row given as cells in column order.
func (r *reader) declareCells(cols []column, cells []string, where string) {
	var names []string
	var purpose []string
	var expiry, typ, cat, provider string
	for i, c := range cells {
		if i >= len(cols) {
			break
		}
		switch cols[i] {
		case colName:
			if names == nil {
				names = columnNames(c)
			}
		case colPurpose:
			purpose = append(purpose, c)
		case colExpiry:
			expiry = c
		case colType:
			typ = c
		case colCategory:
			cat = c
		case colProvider:
			provider = c
		}
	}
	desc := strings.Join(purpose, " ")
	if ni := indexOf(cols, colName); names == nil && ni >= 0 && ni < len(cells) {
		names = prefixName(cells[ni], desc)
	}
	if expiry == "" {
		if _, ok := ParseDuration(typ); ok {
			expiry = typ
		} else {
			expiry = expiryIn(desc)
		}
	}
	expiries := perNameExpiry(names, expiry)
	for k, n := range names {
		r.declare(n, desc, expiries[k], r.providerFor(provider), r.categoryFor(cat, desc), where)
	}
}

// nameLine reads a name (or a group of names) standing alone, followed by
// its description: "_ga" then "Used to distinguish users. Expires after 90
// days." (also <dt>/<dd> and <h3>name</h3><p>...). It returns the number of
// blocks consumed.
func (r *reader) nameLine(i int) int {
	b := r.blocks[i]
	if b.kind == blockRow || i+1 >= len(r.blocks) {
		return 0
	}
	next := r.blocks[i+1]
	if next.kind == blockRow || next.kind == blockHeading || len(next.text) <= len(b.text) || len(b.text) > 200 {
		return 0
	}
	if strings.Count(b.text, " ") > 8 {
		return 0 // prose, not a name or a group of names
	}
	if parseNames(b.text, true) == nil {
		return 0
	}
	if strings.Contains(next.text, "("+strings.TrimSpace(b.text)+")") {
		return 0 // "SAML" then "Security Assertion Markup Language (SAML) is ...": an acronym defined
	}
	expiry := expiryIn(next.text)
	// A plain word standing alone is a name only in an announced list or
	// before a description stating a lifetime, and never as a bullet (a
	// list of what a tool collects: "behaviour", "browser").
	weakOK := (r.listContext || expiry != "") && b.kind != blockItem && next.kind != blockItem
	names := parseNames(b.text, weakOK)
	if names == nil || parseNames(next.text, true) != nil {
		return 0
	}
	if r.fusedSplit(next.text) != nil {
		return 0 // the next line is itself a row
	}
	desc := next.text
	for _, n := range names {
		r.declare(n, desc, expiry, r.providerFor(""), r.categoryFor("", desc), r.where(b))
	}
	return 2
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

// nameListItem reads a list item that holds only identifier-like names
// when a neighbouring item does too: a bullet list of cookie names
// ("incap_ses_*_*", "visid_incap_*_*"), which states no lifetimes. A note
// in brackets after the name is not part of it ("_ga_XXXX_1 (where X is a
// number)"), and names of one family joined by hyphens count as well
// ("cookie-essential", "cookie-non-essential").
func (r *reader) nameListItem(i int) int {
	b := r.blocks[i]
	if b.kind != blockItem {
		return 0
	}
	text := itemNameText(b.text)
	item := func(j int) string {
		if j < 0 || j >= len(r.blocks) || r.blocks[j].kind != blockItem {
			return ""
		}
		return itemNameText(r.blocks[j].text)
	}
	prev, next := item(i-1), item(i+1)
	switch {
	case onlyStrongNames(text):
		if !onlyStrongNames(prev) && !onlyStrongNames(next) {
			return 0
		}
	case nameFamily(text, prev) || nameFamily(text, next):
	default:
		return 0
	}
	for _, n := range parseNames(text, true) {
		r.declare(n, "", "", r.providerFor(""), r.categoryFor("", ""), r.where(b))
	}
	return 1
}

// itemNoteRE is a note in brackets closing a list item.
var itemNoteRE = regexp.MustCompile(`\s+\([^()]{1,60}\)$`)

// itemNameText is a list item's text without a closing note in brackets
// when what is left is a single token.
func itemNameText(t string) string {
	t = strings.TrimSpace(t)
	if loc := itemNoteRE.FindStringIndex(t); loc != nil && !strings.ContainsAny(t[:loc[0]], " \t") {
		return t[:loc[0]]
	}
	return t
}

// nameFamily reports whether a and b are each a single lower-case name of
// parts joined by hyphens and share their first part, as a site's own
// cookies are named ("cookie-form-acknowledged", "cookie-essential").
func nameFamily(a, b string) bool {
	pa, oka := hyphenCompound(a)
	pb, okb := hyphenCompound(b)
	return oka && okb && pa == pb
}

// hyphenCompound returns the first part of a single lower-case name of
// hyphen-joined parts that reads as a name.
func hyphenCompound(t string) (string, bool) {
	if t == "" || strings.ContainsAny(t, " \t") || !strings.Contains(t, "-") || strings.ToLower(t) != t {
		return "", false
	}
	if classifyName(t) == shapeNone || stopWords[t] {
		return "", false
	}
	first, _, _ := strings.Cut(t, "-")
	if len(first) < 2 {
		return "", false
	}
	return first, true
}

// onlyStrongNames reports whether a text is nothing but names that look
// like identifiers on their own (or are catalogued).
func onlyStrongNames(t string) bool {
	if t == "" {
		return false
	}
	names := parseNames(t, false)
	if names == nil {
		return false
	}
	for _, n := range names {
		if classifyName(n) != shapeStrong && !inCatalogue(n) {
			return false
		}
	}
	return true
}

// fused is a table row whose cells ran together in extracted text.
type fused struct {
	names   []string
	purpose string
	expiry  string
}

// fusedSplit splits a row whose cells ran together: "_gaUsed to distinguish
// users.90 days", "ASP.NET_SessionIdIt stores ... to work.Session",
// "VISITOR INFO1 LIVEUsed to ...After 8 months". The name ends where a
// capitalised plain word that starts the purpose is glued to it; the
// lifetime, when present, is glued after the purpose's last full stop.
func (r *reader) fusedSplit(text string) *fused {
	if len(text) < 4 {
		return nil
	}
	dashChecked := false
	limit := len(text)
	if limit > 120 {
		limit = 120
	}
	for p := 1; p < limit; p++ {
		c := text[p]
		if c < 'A' || c > 'Z' {
			continue
		}
		prev, _ := utf8.DecodeLastRuneInString(text[:p])
		if unicode.IsSpace(prev) {
			continue
		}
		rest := text[p:]
		sp := strings.IndexByte(rest, ' ')
		if sp < 1 || sp+1 >= len(rest) {
			continue
		}
		if !plainWord(rest[:sp]) || !unicode.IsLetter(rune(rest[sp+1])) && rest[sp+1] != '\'' {
			continue
		}
		if spacedField(rest[:sp], rest[sp+1:]) {
			continue // "ARRAffinity This cookie …": the name ends at the space
		}
		head := text[:p]
		if strings.Contains(head, ",") {
			head = strings.ReplaceAll(head, ",", ", ")
		}
		names := parseNames(head, true)
		if len(names) == 0 {
			continue
		}
		if !dashChecked {
			dashChecked = true
			if head, _, ok := splitDashItem(text); ok && parseNames(head, true) != nil {
				return nil // "ARRAffinity - used by ...": a dash item, not glued cells
			}
		}
		f := &fused{names: names, purpose: rest}
		// The lifetime is at most 60 bytes at the end: look only there.
		from := max(0, len(rest)-64)
		for from > 0 && !utf8.RuneStart(rest[from]) {
			from--
		}
		if loc := lastStopRE.FindAllStringIndex(rest[from:], -1); loc != nil {
			cut := from + loc[len(loc)-1][1] - 1 // the capital or digit starting the lifetime
			if tail := rest[cut:]; isDurationLine(tail) {
				f.purpose = rest[:cut]
				f.expiry = tail
			}
		}
		if f.expiry == "" {
			// The lifetime glued to the purpose ("visited before2 years").
			if tail := durationTail(rest); tail != "" && len(tail) < len(rest) {
				f.purpose = strings.TrimSpace(rest[:len(rest)-len(tail)])
				f.expiry = tail
			}
		}
		return f
	}
	return nil
}

// lastStopRE finds sentence ends directly followed by a capital or digit
// (the glued-on next cell), or followed by nothing.
var lastStopRE = regexp.MustCompile(`[.!?)”"]\s?(?:[A-Z0-9])`)

// plainWord reports whether w is an ordinary capitalised word ("Used",
// "Hotjar", "A", "It") rather than part of an identifier.
func plainWord(w string) bool {
	w = strings.TrimRight(w, ",:;’'")
	if w == "" {
		return false
	}
	if len(w) == 1 {
		return w == "A" || w == "I"
	}
	for i, r := range w {
		if i == 0 {
			if !unicode.IsUpper(r) {
				return false
			}
			continue
		}
		if !unicode.IsLower(r) && r != '’' && r != '\'' {
			return false
		}
	}
	return true
}

// spacedField reports whether word, the capitalised end of a row's first
// field, is part of the name rather than a description glued to it: it
// opens no description and names no vendor, and the field is followed by
// a capitalised word as a spaced row's next cell is ("ARRAffinity This
// cookie …", "UoAInfrastructure Used for …").
func spacedField(word, after string) bool {
	lower := strings.ToLower(word)
	if glueWords[lower] || isVendorWord(word) || strings.HasSuffix(lower, "s") {
		return false
	}
	next, _, _ := strings.Cut(after, " ")
	return plainWord(next)
}

// fusedRow reads a run-together row; a lifetime on the next line ("_gidUsed
// to distinguish users." then "24 hours") belongs to it.
func (r *reader) fusedRow(i int) int {
	b := r.blocks[i]
	if b.kind == blockHeading {
		return 0
	}
	f := r.fusedSplit(b.text)
	if f == nil {
		return 0
	}
	used := 1
	if f.expiry == "" && i+1 < len(r.blocks) && r.blocks[i+1].kind == blockPara && isDurationLine(r.blocks[i+1].text) {
		f.expiry = r.blocks[i+1].text
		used = 2
	}
	if f.expiry == "" && !r.listContext {
		return 0
	}
	f.purpose = strings.TrimSpace(f.purpose)
	for _, n := range f.names {
		r.declare(n, f.purpose, f.expiry, r.providerFor(""), r.categoryFor("", f.purpose), r.where(b))
	}
	return used
}

// headerBlocks recognises a table header laid out as one block per cell
// (a CSS grid of <div>s: "Name", "Purpose", "Expires") and returns how
// many blocks it spans and the column roles.
func (r *reader) headerBlocks(i int) (int, []column) {
	var cells []string
	seen := map[column]bool{}
	for j := i; j < len(r.blocks) && j < i+8; j++ {
		b := r.blocks[j]
		role := headerRole(b.text)
		if b.kind != blockPara || len(b.text) > 40 || role == colOther {
			break
		}
		if hc, _ := headerLine(b.text); hc != nil && len(hc) > 1 {
			break // a whole header on one line, not one cell of it
		}
		if seen[role] && role != colOther {
			// A second name column right after "Name:", "Function:",
			// "Expires:" is the first row's name cell ("Generic Session
			// Cookie (JSESSIONID)"), not more header.
			break
		}
		seen[role] = true
		cells = append(cells, b.text)
	}
	if len(cells) < 2 {
		return 0, nil
	}
	cols := headerColumns(cells)
	if cols == nil {
		return 0, nil
	}
	return len(cells), cols
}

// field reads a labelled value at block j: "Purpose: Saves your settings"
// in one block, or a label block ("Purpose", as a <dt> or a summary-list
// key) followed by its value block. It returns the role, the value and the
// number of blocks used (0 when block j is not a labelled value).
func (r *reader) field(j int) (column, string, int) {
	if j >= len(r.blocks) {
		return colOther, "", 0
	}
	b := r.blocks[j]
	if b.kind == blockHeading || b.kind == blockRow {
		return colOther, "", 0
	}
	if k := strings.Index(b.text, ":"); k > 0 && k < 30 {
		if role := headerRole(b.text[:k]); role != colOther {
			if v := strings.TrimSpace(b.text[k+1:]); v != "" {
				return role, v, 1
			}
		}
	}
	if m := gluedFieldRE.FindStringSubmatchIndex(b.text); m != nil {
		// A definition list copied with each label run into its value
		// ("ExpiresAfter 100 days", "NotesUsed by the cookie banner").
		if role := gluedFieldRole(b.text[m[2]:m[3]]); role != colOther {
			return role, strings.TrimSpace(b.text[m[3]:]), 1
		}
	}
	if len(b.text) <= 30 && j+1 < len(r.blocks) && labelBlock(strings.TrimSuffix(b.text, ":")) {
		if role := headerRole(strings.TrimSuffix(b.text, ":")); role != colOther {
			next := r.blocks[j+1]
			if next.kind != blockHeading && next.kind != blockRow && !isLabel(next.text) {
				return role, next.text, 2
			}
		}
	}
	return colOther, "", 0
}

// labelBlock reports whether a short block can be a field label standing
// above its value: words only, not an identifier ("COMPANY_ID" holds
// "company" but names a cookie) and not a section title about cookies ("Strictly
// necessary cookies").
func labelBlock(t string) bool {
	for _, c := range t {
		if !unicode.IsLetter(c) && !strings.ContainsRune(" /?()'’", c) {
			return false // "cookie-agreed", "COMPANY_ID": a name, not a label
		}
	}
	if classifyName(t) == shapeStrong {
		return false
	}
	l := strings.ToLower(t)
	return !(countWords(l) > 1 && strings.HasSuffix(l, "cookies"))
}

// gluedFieldRE finds a field label run into its value with nothing between
// them: the label, then a capital, a digit or a quote mark.
var gluedFieldRE = regexp.MustCompile(`^(Expires|Expiry|Expiration|Duration|Lifespan|Purpose|Description|Notes|Provider|Domain|Category|Contains|Content)[A-Z0-9"“'‘]`)

// gluedFieldRole gives the role of a label gluedFieldRE found; "Contains"
// (the value a cookie holds) has none.
func gluedFieldRole(label string) column {
	if label == "Notes" {
		return colPurpose
	}
	return headerRole(label)
}

// otherField reports how many blocks from j hold a labelled field the
// reader has no role for ("Typical content: randomly generated number",
// "ContainsAn integer between 0 and 2"), with the lines its value wraps
// onto when a known field follows them; 0 when block j is not one.
func (r *reader) otherField(j int) int {
	if j >= len(r.blocks) {
		return 0
	}
	b := r.blocks[j]
	if b.kind != blockPara && b.kind != blockItem {
		return 0
	}
	labelled := false
	if m := gluedFieldRE.FindStringSubmatch(b.text); m != nil && gluedFieldRole(m[1]) == colOther {
		labelled = true
	} else if k := strings.Index(b.text, ":"); k > 0 && k <= 25 && strings.TrimSpace(b.text[k+1:]) != "" {
		label := b.text[:k]
		first, _ := utf8.DecodeRuneInString(label)
		labelled = unicode.IsUpper(first) && countWords(label) <= 3 && isLetters(strings.ReplaceAll(label, " ", "")) && headerRole(label) == colOther
	}
	if !labelled {
		return 0
	}
	// The value may wrap onto a few lines of its own before the next field.
	for k := j + 1; k < len(r.blocks) && k <= j+3; k++ {
		if role, _, n := r.field(k); n > 0 {
			if role == colName {
				break
			}
			return k - j
		}
		if r.blocks[k].kind != blockPara || r.blocks[k].line == 0 || r.otherField(k) > 0 {
			break
		}
	}
	return 1
}

// isLabel reports whether a short text is a field label ("Purpose",
// "Expires") rather than a value; a name-like value that happens to
// contain a header word ("nhsuk-cookie-consent") is a value.
func isLabel(t string) bool {
	t = strings.TrimSuffix(strings.TrimSpace(t), ":")
	if len(t) > 30 || headerRole(t) == colOther {
		return false
	}
	return classifyName(t) == shapeNone || countWords(t) > 1
}

// labelledRecord reads a cookie described as labelled fields, as GOV.UK
// summary lists and some text pages do:
//
//	Name     _ga                     Name: _ga
//	Purpose  Checks if you visited   Purpose: Checks if you visited
//	Expires  2 years                 Expires: 2 years
//
// It returns the number of blocks consumed.
func (r *reader) labelledRecord(i int) int {
	role, value, n := r.field(i)
	if n == 0 && r.blocks[i].kind != blockRow && r.blocks[i].kind != blockHeading && len(r.blocks[i].text) <= 120 {
		// The name standing alone, then its labelled fields:
		//	acceptCookies
		//	- Purpose: Used to set up the website cookies
		//	- Expiry: 60 days
		k := i + 1
		for skip := 0; skip < 2; skip++ {
			o := r.otherField(k)
			if o == 0 {
				break
			}
			k += o
		}
		next, _, m := r.field(k)
		strong := onlyStrongNames(r.blocks[i].text)
		if m > 0 && (next == colPurpose || next == colExpiry) && (strong || r.blocks[i].kind != blockItem) {
			role, value, n = colName, r.blocks[i].text, 1
		}
	}
	if n == 0 || role != colName {
		return 0
	}
	names := parseNames(value, true)
	// "Name: U": after an explicit label, one token is the name whatever
	// its shape, provided labelled fields describe it.
	labelledOne := names == nil && n == 1 && len(value) <= 40 && !strings.ContainsAny(value, " ,") && cookieTokenChars(value) &&
		unicode.IsLetter(rune(value[0])) && r.blocks[i].kind != blockItem
	if names == nil && !labelledOne {
		return 0
	}
	var purpose, expiry, provider, cat, typ string
	used, fields := n, 0
	for {
		role, value, n := r.field(i + used)
		if n == 0 {
			if o := r.otherField(i + used); o > 0 {
				used += o
				continue
			}
		}
		if n == 0 || role == colName {
			break
		}
		switch role {
		case colPurpose:
			purpose = value
		case colExpiry:
			expiry = value
		case colProvider:
			provider = value
		case colCategory:
			cat = value
		case colType:
			typ = value
		}
		used += n
		fields++
	}
	if labelledOne {
		if fields == 0 {
			return 0
		}
		names = []string{value}
	}
	if fields == 0 {
		// "Name: TestCookie" followed by unlabelled items describing it.
		if r.blocks[i].kind != blockItem || n != 1 {
			return 0 // a lone "Name: x" is not a cookie record
		}
		var desc []string
		for used < 8 && i+used < len(r.blocks) && r.blocks[i+used].kind == blockItem {
			if role, _, _ := r.field(i + used); role == colName {
				break
			}
			desc = append(desc, r.blocks[i+used].text)
			used++
		}
		if len(desc) == 0 {
			return 0
		}
		purpose = strings.Join(desc, ". ")
		expiry = expiryIn(purpose)
	}
	if expiry == "" {
		if _, ok := ParseDuration(typ); ok {
			expiry = typ
		}
	}
	for _, name := range names {
		r.declare(name, purpose, expiry, r.providerFor(provider), r.categoryFor(cat, purpose), r.where(r.blocks[i]))
	}
	return used
}

// gluedLabelRE finds the field labels of a record copied from a definition
// list whose labels and values ran together.
var gluedLabelRE = regexp.MustCompile(`(Name|Type|Domain|Expires|Expiry|Duration|Lifespan|Provider|Category)(?:\s|$)`)

// gluedRecord reads a cookie whose labelled fields were copied onto one
// line with nothing between a value and the next label, as definition
// lists of some council CMS pages copy:
//
//	Name ASP.NET_SessionIdType SessionDomain  Expires At end of session
//	When you navigate to the site, the server establishes ...
//
// The line must start with "Name" and hold at least one more label; the
// following paragraph, when it is not the next record, is the purpose. It
// returns the number of blocks consumed.
func (r *reader) gluedRecord(i int) int {
	b := r.blocks[i]
	if b.kind == blockHeading || b.kind == blockRow || !strings.HasPrefix(b.text, "Name ") || len(b.text) > 200 {
		return 0
	}
	locs := gluedLabelRE.FindAllStringSubmatchIndex(b.text, -1)
	if len(locs) < 2 || locs[0][0] != 0 {
		return 0
	}
	fields := map[column]string{}
	seen := map[string]bool{}
	for k, l := range locs {
		label := b.text[l[2]:l[3]]
		if seen[label] {
			continue // a label word inside a later value
		}
		seen[label] = true
		end := len(b.text)
		if k+1 < len(locs) {
			end = locs[k+1][0]
		}
		value := strings.TrimSpace(b.text[l[1]:end])
		switch role := headerRole(label); role {
		case colName, colType, colDomain, colExpiry, colProvider, colCategory:
			if _, dup := fields[role]; !dup {
				fields[role] = value
			}
		}
	}
	if len(fields) < 2 {
		return 0
	}
	names := parseNames(fields[colName], true)
	if len(names) != 1 {
		return 0
	}
	used, purpose := 1, ""
	if i+1 < len(r.blocks) {
		if nb := r.blocks[i+1]; nb.kind == blockPara && !strings.HasPrefix(nb.text, "Name ") {
			purpose, used = nb.text, 2
		}
	}
	expiry := fields[colExpiry]
	if expiry == "" {
		if _, ok := ParseDuration(fields[colType]); ok {
			expiry = fields[colType]
		}
	}
	r.declare(names[0], purpose, expiry, r.providerFor(fields[colProvider]), r.categoryFor(fields[colCategory], purpose), r.where(b))
	return used
}
