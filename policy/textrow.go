package policy

import (
	"iter"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Rows of a text table under a header line: where the names end, where
// the lifetime cell starts, and what lies between them.

// readRecord reads the row at line j of a text table: the names at its
// start, then (by the header's order) the lifetime right after them or at
// the end, and the purpose in between. A row may wrap onto up to three more
// lines (a name on its own line, its purpose, then its lifetime). It
// returns the record, the number of lines used and whether line j is a row.
func (lay textTableLayout) readRecord(lines []textLine, j int) (textRecord, int, bool) {
	l := strings.TrimSpace(lines[j].raw)
	rec := textRecord{line: lines[j].num}
	label := ""
	if lay.nameAt > 0 {
		// A label column ahead of the name: the names start at the first
		// identifier-like token.
		lb, rest, ok := splitLabel(l)
		if !ok {
			return rec, 0, false
		}
		label, l = lb, rest
	}
	if lay.kindAfterName() {
		// The name run together with a type cell that says how long the
		// cookie lasts ("StylePermanent cookie (one year)", "ANONIDSession
		// cookieRecords ..."): the name ends where that cell starts.
		if m := gluedKindRE.FindStringSubmatch(l); m != nil && len(m[1]) >= 2 && cookieTokenChars(m[1]) {
			rec.label, rec.names, rec.kind, rec.middle = label, m[1], m[2], strings.TrimSpace(m[3])
			return rec, 1, true
		}
	}
	names, rest, ok := leadingNames(l, lay.glued)
	if lay.glued && lay.expiryFirst {
		if p := gluedLifetimeStart(l); p > 0 {
			names, rest, ok = l[:p], l[p:], true
		}
	}
	if !ok && lay.expiryFirst {
		names, rest, ok = lifetimeFirstWord(l)
	}
	if !ok {
		return rec, 0, false
	}
	rec.label, rec.names = label, names
	text := rest
	n := 1
	// A row ending in a run of spaces has an empty last cell in the copy
	// ("ssess Allow the page to provide you with content  "): it is whole.
	emptyLast := lay.expiryLast() && strings.HasSuffix(strings.TrimRight(lines[j].raw, "\r"), "  ") && strings.TrimSpace(rest) != ""
	// A row that wraps: the name alone on its line (or a row without a
	// lifetime yet) takes following lines that do not start a row.
	if lay.expiryAt >= 0 && !emptyLast {
		for k := j + 1; k < len(lines) && n < 5 && durationTail(text) == "" && !(lay.expiryFirst && durationHead(text) != ""); k++ {
			nl := strings.TrimSpace(lines[k].raw)
			if nl == "" {
				n++
				continue
			}
			if _, _, isRow := leadingNames(nl, lay.glued); isRow || looksLikeHeadingText(nl) && strings.TrimSpace(text) != "" || n >= 5 {
				break
			}
			if headerCols, _ := headerLine(nl); headerCols != nil {
				break
			}
			text = strings.TrimSpace(text + "\n" + nl)
			n++
		}
		// Trailing blank lines are not part of the row.
		for n > 1 && strings.TrimSpace(lines[j+n-1].raw) == "" {
			n--
		}
	}
	switch {
	case lay.expiryAt < 0:
		rec.middle = text
	case lay.expiryFirst:
		rec.expiry = durationHead(text)
		rec.middle = strings.TrimSpace(text[len(rec.expiry):])
	default:
		rec.expiry = durationTail(text)
		rec.middle = strings.TrimSpace(text[:len(text)-len(rec.expiry)])
		rec.expiry = strings.TrimSpace(rec.expiry)
		if rec.expiry == "" {
			// The lifetime column sits between others ("Name Provider
			// Expiry Purpose"): the first lifetime that starts a cell.
			// In the last column it may still be followed by one short
			// cell the header's title ran into ("Expiry Personal data
			// collected" over "... As soon as it has been displayed None").
			if at, head := durationInside(text); head != "" && (!lay.expiryLast() || shortLastCell(text[at+len(head):])) {
				rec.expiry = head
				rec.middle = strings.TrimSpace(text[:at] + " " + text[at+len(head):])
			}
		}
	}
	rec.hasTail = rec.expiry != ""
	// A plain word at a row's start is a name only when the row has the
	// shape of one: a lifetime where the header puts it.
	if lay.expiryAt >= 0 && !rec.hasTail && !strongNames(names) && !(emptyLast && parseNames(names, true) != nil) {
		return rec, 0, false
	}
	if lay.expiryAt < 0 && !strongNames(names) && rest == "" {
		return rec, 0, false
	}
	return rec, n, true
}

// gluedKindRE finds a name run together with a type cell naming the kind of
// cookie and, in brackets, how long it lasts, and the cell after it.
var gluedKindRE = regexp.MustCompile(`^(\S+?)((?:Permanent|Persistent|Session) cookie(?: \([^()]{1,30}\))?)\s*(.*)$`)

// lifetimeFirstWord reads a row of a table whose lifetime column follows
// the name ("Cookie Name Expiry Time Description") when its name is one
// plain word ("Lccookie 1 year This cookie allows ..."): the word is the
// name when the lifetime cell starts right after it, as lifetimeRowName
// takes such a word in a table's name column.
func lifetimeFirstWord(l string) (names, rest string, ok bool) {
	sp := strings.IndexByte(l, ' ')
	if sp <= 0 {
		return "", "", false
	}
	word, after := l[:sp], strings.TrimSpace(l[sp:])
	head := durationHead(after)
	if head == "" || lifetimeRowName(word, head, "") == nil {
		return "", "", false
	}
	return word, after, true
}

// gluedLifetimeStart finds where the lifetime cell starts in a row of a
// run-together table whose lifetime column follows the name ("NameExpires"
// over "StyleOne year", "Session18 years", "SESSIONWhen you close your
// browser"): at the first capital or digit glued to the token before it
// from which the rest of the line is a lifetime. The name before it is one
// token. It returns 0 when there is no such place.
func gluedLifetimeStart(l string) int {
	sp := strings.IndexByte(l, ' ')
	if sp < 0 {
		sp = len(l)
	}
	for p := 1; p < sp; p++ {
		c, prev := l[p], l[p-1]
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') || prev >= '0' && prev <= '9' {
			continue
		}
		if !cookieTokenChars(l[:p]) {
			return 0
		}
		if head := durationHead(l[p:]); head != "" && isDurationLine(head) {
			return p
		}
	}
	return 0
}

// shortLastCell reports whether what follows a row's lifetime is one short
// capitalised cell ("None", "No", "First party").
func shortLastCell(rest string) bool {
	rest = strings.TrimSpace(rest)
	r, _ := utf8.DecodeRuneInString(rest)
	return rest != "" && unicode.IsUpper(r) && countWords(rest) <= 2 && !strings.ContainsAny(rest, ".,;:")
}

// splitLabel splits a row whose first column is a label ahead of the name
// ("Google Analytics_utma, _utmb", "Website session cookieASP.NET_SessionID",
// "Google Analytics cookie _ga"): the names start at the first token, or
// glued part of a token, that looks like an identifier.
func splitLabel(l string) (label, rest string, ok bool) {
	// Where the cells ran together first ("cookieASP.NET_SessionID"), then
	// at word starts ("Google Analytics cookie _ga").
	for pass := 0; pass < 2; pass++ {
		for p := 1; p < len(l) && p < 120; p++ {
			c, prev := l[p], l[p-1]
			// A label glued to a name that opens with '_' is a
			// capitalised word ("Analytics_utma"); "jadu_session" is one
			// name.
			glue := c == '_' && prev >= 'a' && prev <= 'z' && capitalisedWordBefore(l[:p]) || c >= 'A' && c <= 'Z' && prev >= 'a' && prev <= 'z'
			word := prev == ' ' && c != ' '
			if pass == 0 && !glue || pass == 1 && !word {
				continue
			}
			if names, _, isName := leadingNames(l[p:], true); isName && strongNames(names) {
				return strings.TrimSpace(l[:p]), l[p:], true
			}
		}
	}
	return "", "", false
}

// capitalisedWordBefore reports whether the word that ends s starts with
// a capital ("Google Analytics" ends in "Analytics").
func capitalisedWordBefore(s string) bool {
	k := len(s)
	for k > 0 && asciiLetter(s[k-1]) {
		k--
	}
	return k < len(s) && asciiUpper(s[k])
}

// leadingNames reads the cookie names a row starts with: one name, a group
// joined by commas or "and" ("AWSALB, AWSALBCORS", "_ga, _gid,_gat"), a name
// written with spaces, or, when cells ran together, the name glued to the
// capitalised word that starts the next cell ("_gaThese help us ..."). It
// returns the names as written and the rest of the row.
func leadingNames(l string, glued bool) (names, rest string, ok bool) {
	if l == "" {
		return "", "", false
	}
	if glued {
		if p := gluedNameEnd(l); p > 0 {
			return strings.TrimSpace(l[:p]), l[p:], true
		}
	}
	fields := strings.Fields(l)
	k := 0
	var group []string
	for k < len(fields) {
		w := fields[k]
		tok := strings.TrimRight(w, ",;")
		parts := strings.Split(tok, ",")
		good := true
		for _, p := range parts {
			if p == "" || classifyName(p) == shapeNone && !inCatalogue(p) && !(strings.EqualFold(p, "session") && len(group) == 0) {
				good = false
			}
		}
		if !good {
			break
		}
		group = append(group, tok)
		k++
		if strings.HasSuffix(w, ",") && k < len(fields) {
			continue
		}
		if k+1 < len(fields) && (fields[k] == "and" || fields[k] == "&") {
			k++
			continue
		}
		break
	}
	if len(group) == 0 {
		return "", "", false
	}
	// A name written with spaces: capitalised words up to the word that
	// opens the purpose.
	if len(group) == 1 && k < len(fields) {
		m := k
		for m < len(fields) && m < k+3 && !sentenceOpeners[fields[m]] && startsCell(fields[m]) && len(fields[m]) <= 10 && isLetters(fields[m]) {
			m++
		}
		if m > k && m < len(fields) && sentenceOpeners[fields[m]] && strings.ContainsAny(group[0], "._") {
			group[0] = strings.Join(fields[:m], " ")
			k = m
		}
	}
	names = strings.Join(fields[:k], " ")
	// Keep the row's own spacing after the names.
	idx := 0
	for _, f := range fields[:k] {
		idx = strings.Index(l[idx:], f) + idx + len(f)
	}
	return names, strings.TrimSpace(l[idx:]), true
}

// sentenceOpeners are words a purpose cell starts with; a capitalised word
// before one of them may still belong to a name written with spaces
// ("ASP.Net Session Id This cookie is used ...").
var sentenceOpeners = map[string]bool{
	"This": true, "These": true, "The": true, "It": true, "Used": true, "A": true, "An": true, "Set": true,
}

// gluedNameEnd finds where the names at the start of a run-together row
// end: at the first capitalised plain word glued to them ("_gaThese help"),
// or at a glued lower-case word starting a domain-like provider is left to
// splitRepeatedColumn. It returns 0 when the row does not start with names
// glued to the next cell.
func gluedNameEnd(l string) int {
	for p := range gluedWords(l, 160) {
		head := strings.TrimSpace(l[:p])
		if names := parseNames(strings.ReplaceAll(head, ",", ", "), true); names != nil {
			return p
		}
		if ok := gluedNamesWithTail(head); ok {
			return p
		}
		return 0
	}
	return 0
}

// gluedWords yields, within the first limit bytes of text, where a
// capitalised plain word glued to what comes before it starts ("_gaUsed
// to …": the U), with the offset of the space that ends it from there; a
// space and at least one byte follow the word.
func gluedWords(text string, limit int) iter.Seq2[int, int] {
	return func(yield func(int, int) bool) {
		for p := 1; p < min(len(text), limit); p++ {
			if c := text[p]; c < 'A' || c > 'Z' {
				continue
			}
			if prev, _ := utf8.DecodeLastRuneInString(text[:p]); unicode.IsSpace(prev) {
				continue
			}
			rest := text[p:]
			sp := strings.IndexByte(rest, ' ')
			if sp < 1 || sp+1 >= len(rest) || !plainWord(rest[:sp]) {
				continue
			}
			if !yield(p, sp) {
				return
			}
		}
	}
}

// gluedNamesWithTail accepts a name run together with a following
// lower-case cell ("copcollege.police.uk"): one token, identifier-like.
func gluedNamesWithTail(head string) bool {
	if strings.ContainsAny(head, " ") && !strings.Contains(head, "(") {
		return false
	}
	f := firstField(head)
	return f != "" && classifyName(f) != shapeNone
}

// strongNames reports whether a group of names holds one that looks like an
// identifier on its own or is a catalogued cookie.
func strongNames(group string) bool {
	for _, n := range splitNameList(group) {
		n = strings.TrimSpace(n)
		if classifyName(n) == shapeStrong || inCatalogue(n) {
			return true
		}
	}
	return false
}

// looksLikeHeadingText is the text test for a heading: short, no closing
// punctuation, capitalised, few words.
func looksLikeHeadingText(t string) bool {
	return headingShaped(t, false) && classifyName(firstField(t)) != shapeStrong
}
