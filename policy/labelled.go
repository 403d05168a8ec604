package policy

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Labelled records: a cookie described field by field ("Name: _ga",
// "Purpose: ...", "Expires: 2 years"), as summary and definition lists
// write it.

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
		if WrittenLifetime(typ).Known() {
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
		if WrittenLifetime(fields[colType]).Known() {
			expiry = fields[colType]
		}
	}
	r.declare(names[0], purpose, expiry, r.providerFor(fields[colProvider]), r.categoryFor(fields[colCategory], purpose), r.where(b))
	return used
}
