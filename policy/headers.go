package policy

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Table headers. A cookie table is read by the role of each column (name,
// purpose, lifetime, provider, type, category, domain), which its header
// gives: one cell per column (HTML, pipes, tabs, one paragraph per cell),
// or a whole header written on one line with its cells separated by spaces
// or run together.

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

func indexOf(cols []column, want column) int {
	for i, c := range cols {
		if c == want {
			return i
		}
	}
	return -1
}

func hasRole(roles []column, want column) bool {
	for _, r := range roles {
		if r == want {
			return true
		}
	}
	return false
}

// startsCell reports whether a header word begins a new column: written
// with a capital in a header whose other cells start with capitals.
func startsCell(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
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

// headerWordRoles gives the role of the words a column header is written
// with; filler words ("of", "it", "for") join the column they sit in.
var headerWordRoles = map[string]column{
	"name": colName, "names": colName, "cookie": colName, "cookies": colName, "id": colName,
	"purpose": colPurpose, "purposes": colPurpose, "description": colPurpose, "function": colPurpose, "why": colPurpose,
	"content": colPurpose, "details": colPurpose, "information": colPurpose, "info": colPurpose, "notes": colPurpose,
	"comments": colPurpose, "usage": colPurpose, "reason": colPurpose, "explanation": colPurpose,
	"age": colExpiry, "validity": colExpiry, "length": colExpiry, "lifespan/expiry": colExpiry,
	"expires": colExpiry, "expiry": colExpiry, "expiration": colExpiry, "duration": colExpiry, "lasts": colExpiry,
	"lifetime": colExpiry, "lifespan": colExpiry, "retention": colExpiry, "long": colExpiry, "storage": colExpiry,
	"provider": colProvider, "software": colProvider, "party": colProvider, "vendor": colProvider, "supplier": colProvider,
	"set": colProvider, "owner": colProvider, "company": colProvider, "service": colProvider,
	"type": colType, "category": colCategory, "categories": colCategory, "domain": colDomain, "host": colDomain,
}

// headerFillers are words that appear inside column headers without naming
// a role ("Name of cookie", "How long it lasts for", "Data stored").
var headerFillers = map[string]bool{
	"of": true, "it": true, "for": true, "we": true, "use": true, "how": true, "is": true, "this": true, "the": true,
	"strictly": true, "necessary": true, "necessary?": true, "data": true, "stored": true, "default": true, "time": true,
	"and": true, "typical": true, "what": true, "does": true, "do": true, "on": true, "used": true, "by": true, "period": true,
	"first": true, "third": true, "or": true, "more": true, "collected": true, "personal": true, "maximum": true, "/": true,
	"when": true, "does?": true, "they": true, "to": true, "you": true, "your": true,
}

// gluedCellsRE splits a header whose cells ran together ("NamePurposeExpires")
// at each lower-case letter (or '?') followed by a capital.
var gluedCellsRE = regexp.MustCompile(`([a-z?)])([A-Z])`)

// headerLine recognises a line that is a table header and returns the
// roles of its columns in order and whether its cells ran together.
func headerLine(text string) (cols []column, glued bool) {
	t := strings.TrimSpace(text)
	if t == "" || len(t) > 110 || strings.ContainsAny(t, "|\t") || strings.HasSuffix(t, ".") || strings.HasSuffix(t, ":") {
		return nil, false
	}
	if !containsFold(t, "name") && !containsFold(t, "cookie") {
		return nil, false // every cookie table header has a name column
	}
	if parts := strings.Split(gluedCellsRE.ReplaceAllString(t, "$1\x00$2"), "\x00"); len(parts) >= 2 {
		if c := headerColumns(parts); c != nil && allHeaderWords(t) {
			return c, true
		}
	}
	words := strings.Fields(strings.ReplaceAll(t, "/", " / "))
	if len(words) < 2 || len(words) > 14 {
		return nil, false
	}
	var cells []string
	var roles []column
	unknown := 0
	for k, w := range words {
		lw := strings.ToLower(strings.Trim(w, "()"))
		role, ok := headerWordRoles[lw]
		if !ok && !headerFillers[lw] && otherColumnWord(w) && k > 0 && k < len(words)-1 && unknown == 0 {
			// One column the reader has no role for between known ones
			// ("Cookie Purpose Intrusiveness Expiry").
			unknown++
			cells, roles = append(cells, w), append(roles, colOther)
			continue
		}
		if !ok {
			if !headerFillers[lw] {
				return nil, false
			}
			if len(cells) == 0 {
				cells, roles = append(cells, w), append(roles, colOther)
			} else {
				cells[len(cells)-1] += " " + w
			}
			continue
		}
		last := len(roles) - 1
		// A word joins the cell before it when that cell has the same
		// role ("Cookie name", "Cookie Name"), is still only fillers ("How long"), or
		// when "cookie" qualifies another column ("Type of cookie").
		switch {
		case last >= 0 && roles[last] == role && !startsCell(w),
			last >= 0 && roles[last] == colOther && !startsCell(w),
			last >= 0 && role == colName && (lw == "cookie" || lw == "cookies") && hasRole(roles, colName),
			last >= 0 && role == colName && roles[last] == colName && (strings.EqualFold(cells[last], "cookie") || strings.EqualFold(cells[last], "cookies")),
			last >= 0 && (lw == "party" || lw == "set") && roles[last] != colProvider && strings.HasSuffix(strings.ToLower(cells[last]), "third"):
			cells[last] += " " + w
			if roles[last] == colOther {
				roles[last] = role
			}
		default:
			cells, roles = append(cells, w), append(roles, role)
		}
	}
	c := headerColumns(cells)
	if c == nil || unknown > 0 && len(cells)-unknown < 3 {
		return nil, false
	}
	return roles, false
}

// otherColumnWord reports whether a header word can title a column the
// reader has no role for: one capitalised word of letters.
func otherColumnWord(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return len(w) >= 4 && len(w) <= 20 && unicode.IsUpper(r) && isLetters(w)
}

// allHeaderWords reports whether every word of a run-together header is a
// header word once its cells are split.
func allHeaderWords(t string) bool {
	for _, w := range strings.Fields(gluedCellsRE.ReplaceAllString(t, "$1 $2")) {
		lw := strings.ToLower(strings.Trim(w, "()"))
		if _, ok := headerWordRoles[lw]; !ok && !headerFillers[lw] {
			return false
		}
	}
	return true
}

// roleCellText is the header cell written for a role, so that a text table
// found by its shape is read by headerColumns like any other.
func roleCellText(c column) string {
	switch c {
	case colName:
		return "Name"
	case colPurpose:
		return "Purpose"
	case colExpiry:
		return "Expires"
	case colProvider:
		return "Provider"
	case colType:
		return "Type"
	case colCategory:
		return "Category"
	case colDomain:
		return "Domain"
	}
	return "Notes"
}
