package policy

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

var (
	// followingRE finds "X uses the following cookies", "We use the
	// following cookie to ...", "Cookies set by this web site include:".
	followingRE = regexp.MustCompile(`(?i)^(?:(.{2,60}?)\s+(?:uses|use|sets|set|places|may set|will set)\s+(?:the following|these|the cookies? (?:below|listed))\b.{0,20}?\bcookies?\b|.{0,40}\bcookies? (?:set|used|placed) (?:by|on) .{0,40}(?:include|are)\s*:|.{0,40}\bthe following cookies?\b)`)
	// thisCookieRE starts a sentence about the cookie just named.
	thisCookieRE = regexp.MustCompile(`(?i)^(this|the|that|these|those|each|such)\s+cookies?\b|^it\b|^they\b`)
	// sessionWordRE finds "session" in a label such as "Drupal session".
	sessionWordRE = regexp.MustCompile(`(?i)\bsession\b`)
	// usedByRE finds the vendor a description says sets the cookie.
	usedByRE = regexp.MustCompile(`(?:used|set|placed|provided|dropped)\s+by\s+(.{2,40})`)
)

var (
	sectionCatRE = regexp.MustCompile(`(?i)\b(?:these|this (?:system|site|website|service) uses|we use|uses|the following)\s+((?:strictly )?necessary|essential|analytics?|analytical|performance|functional|functionality|marketing|advertising|targeting)\s+cookies\b`)
)

// sectionCategory reads the category a paragraph gives the cookies listed
// in its section ("This system uses essential cookies ... listed in a table
// below"), or "".
func sectionCategory(text string) Category {
	if !containsFold(text, " cookies") || !(containsFold(text, "below") || containsFold(text, "listed") || containsFold(text, "following")) {
		return ""
	}
	lower := strings.ToLower(text)
	if !hasAny(lower, []string{"necessary", "essential", "analytic", "performance", "functional", "marketing", "advertising", "targeting"}) {
		return ""
	}
	// The phrase ends in "cookies": look only at a window before each.
	var m []string
	for off := 0; m == nil && off < len(text); {
		k := indexFold(text[off:], "cookies")
		if k < 0 {
			break
		}
		at := off + k
		m = sectionCatRE.FindStringSubmatch(text[max(0, at-80) : at+len("cookies")])
		off = at + len("cookies")
	}
	if m == nil { // "below", "listed" or "following" was checked above
		return ""
	}
	return headingCategory(m[1] + " cookies")
}

// cookieContext says a paragraph is about cookies or tracking, so the
// vendors it names are disclosed rather than merely linked ("Follow us on
// Twitter" discloses nothing).
func cookieContext(text string) bool {
	if containsFold(text, "cookie") {
		return true
	}
	l := " " + strings.ToLower(text) + " "
	return hasAny(l, []string{"cookie", " we use ", " using ", " use ", " uses ", " used ", "analytic", "track", "embed", "collect"})
}

// noteVendors records the known vendors a text discloses.
func (r *reader) noteVendors(text string) {
	found := findVendors(text)
	if len(found) == 0 || !cookieContext(text) {
		return
	}
	for _, v := range found {
		if r.vendorSeen[v.Name] {
			continue
		}
		r.vendorSeen[v.Name] = true
		cat := v.Category
		if r.catStrong && r.category != Unknown && r.emptyRun < 3 {
			cat = r.category
		}
		r.doc.Vendors = append(r.doc.Vendors, Vendor{Vendor: v.Name, Category: cat})
	}
}

// prose reads running text: it notes announced cookie lists and vendors,
// then finds cookies named in it: "NAME – description" items, names in
// parentheses after "cookies", and "the NAME cookie".
func (r *reader) prose(text, where string, announce bool) {
	if text == "" {
		return
	}
	if announce {
		var m []string
		// followingRE matches within the first 140 bytes or not at all.
		if head := text[:min(len(text), 140)]; containsFold(text, "cookie") && (containsFold(head, "following") || containsFold(head, "these") ||
			containsFold(head, "below") || containsFold(head, "listed") || strings.Contains(head, ":") && (containsFold(head, "include") || containsFold(head, " are"))) {
			// followingRE is anchored and bounded: it never looks past
			// the first couple of hundred bytes.
			m = followingRE.FindStringSubmatch(normalizeSpace(truncate(text, 300)))
		}
		if m == nil && len(text) > 80 {
			r.listContext = false // running prose ends an announced list
		}
		if c := sectionCategory(text); c != "" {
			r.category, r.catStrong, r.catFromPara = c, true, true
			r.emptyRun = 0
			r.declAtCat = len(r.doc.Declared)
		}
		if m != nil {
			r.listContext = true
			r.listVendor = ""
			if subj := strings.TrimSpace(m[1]); subj != "" {
				if v := findVendors(subj); len(v) == 1 {
					r.listVendor = v[0].Name
				}
			}
		}
	}
	r.noteVendors(text)
	if !strings.Contains(text, " - ") && !strings.Contains(text, " – ") && !strings.Contains(text, " — ") &&
		!strings.Contains(text, ":") && !containsFold(text, "cookie") {
		r.bracketedLifetimes(text, where)
		return // neither "NAME – description" items nor cookies named in prose
	}

	// Split into items at markers; within an item, a "NAME – description"
	// at a sentence start begins a declaration whose description runs to
	// the next declaration or marker.
	type pending struct {
		names []string
		desc  strings.Builder
	}
	var cur *pending
	var plain strings.Builder
	finish := func() {
		if cur == nil {
			return
		}
		desc := normalizeSpace(cur.desc.String())
		expiry := expiryIn(desc)
		provider := ""
		if m := usedByRE.FindStringSubmatch(firstSentence(desc)); m != nil {
			if v := findVendors(m[1]); len(v) == 1 {
				provider = v[0].Name
			}
		}
		for _, n := range cur.names {
			r.declare(n, desc, expiry, r.providerFor(provider), r.categoryFor("", desc), where)
		}
		cur = nil
	}
	for _, item := range splitKeep(text, itemSep, "") {
		if cur != nil && item.hard {
			finish()
		}
		for _, sent := range splitKeep(item.text, sentenceSep, sentenceStarts) {
			if head, desc, ok := splitDashItem(sent.text); ok {
				if names := parseNames(head, item.hard && item.marked); names != nil && !(plainWordsOnly(names) && titleOnly(desc)) {
					finish()
					cur = &pending{names: names}
					cur.desc.WriteString(desc)
					cur.desc.WriteString(sent.sep)
					continue
				}
			}
			if cur != nil {
				cur.desc.WriteString(sent.text)
				cur.desc.WriteString(sent.sep)
				continue
			}
			plain.WriteString(sent.text)
			plain.WriteString(sent.sep)
		}
	}
	finish()
	r.proseNames(normalizeSpace(plain.String()), where)
	r.quotedNames(text, where)
	r.cookiesColonNames(text, where)
	r.bracketedLifetimes(text, where)
}

// cookiesColonRE is a label about cookies followed by a colon and what may
// be a list of names: "Web analytics cookies: _ga and _gat".
var cookiesColonRE = regexp.MustCompile(`(?i)^([^:.]{2,60}\bcookies?):\s*([^:]{2,200})$`)

// cookiesColonNames reads "Web analytics cookies: _ga and _gat": a label
// saying what kind of cookies follow, then nothing but names that look like
// identifiers.
func (r *reader) cookiesColonNames(text, where string) {
	t := strings.TrimSpace(text)
	if !strings.Contains(t, ":") || !containsFold(t, "cookie") {
		return
	}
	m := cookiesColonRE.FindStringSubmatch(t)
	if m == nil || !onlyStrongNames(strings.TrimRight(m[2], ".")) {
		return
	}
	label := strings.TrimSpace(m[1])
	for _, n := range parseNames(strings.TrimRight(m[2], "."), false) {
		if !r.declared(n) {
			r.declare(n, label, "", r.providerFor(""), r.categoryFor(label, label), where)
		}
	}
}

// nameThenBracketRE finds a token followed by a note in brackets:
// "VISITOR_INFO1_LIVE (6 months)".
var nameThenBracketRE = regexp.MustCompile(`([^\s,;:()"“”]{2,80})\s*\(([^()]{1,40})\)`)

// bracketedLifetimeAt is a quick test that a sentence has a short text in
// brackets that could state a lifetime, before any regular expression runs.
func bracketedLifetimeAt(s string) bool {
	for off := 0; ; {
		k := strings.IndexByte(s[off:], '(')
		if k < 0 {
			return false
		}
		open := off + k
		end := strings.IndexByte(s[open:], ')')
		if end < 0 {
			return false
		}
		if end <= 41 && mayStateLifetime(s[open+1:open+end]) {
			return true
		}
		off = open + 1
	}
}

// bracketedLifetimes reads names written in prose each followed by its
// lifetime in brackets: "YouTube sets VISITOR_INFO1_LIVE (6 months) and
// YSC (session)". The name must look like an identifier on its own and the
// brackets hold nothing but a lifetime.
func (r *reader) bracketedLifetimes(text, where string) {
	if !bracketedLifetimeAt(text) {
		return
	}
	for _, sent := range splitKeep(text, sentenceSep, sentenceStarts) {
		if !bracketedLifetimeAt(sent.text) {
			continue
		}
		for _, m := range nameThenBracketRE.FindAllStringSubmatch(sent.text, -1) {
			name := strings.TrimRight(m[1], ".")
			if classifyName(name) != shapeStrong && !inCatalogue(name) || !isDurationLine(m[2]) || r.declared(name) {
				continue
			}
			provider := ""
			if v := findVendors(sent.text); len(v) == 1 {
				provider = v[0].Name
			}
			desc := strings.TrimSpace(sent.text)
			r.declare(name, desc, m[2], r.providerFor(provider), r.categoryFor("", desc), where)
		}
	}
}

var (
	// labelQuotedRE is a list item naming a cookie in quotes after a
	// label: "Forms authentication: '.ASPXAUTH'".
	labelQuotedRE = regexp.MustCompile(`^([^:'"‘“]{2,60}):\s*["'‘“]([^\s"'’”]{2,80})["'’”]\.?$`)
	// nameIsQuotedRE is a sentence giving a cookie's name in quotes: "a
	// cookie whose name is "PollTimeout-<pollid>"", "The cookie name will
	// always be in the format 'newsflash--XXX'".
	nameIsQuotedRE = regexp.MustCompile(`(?i)\bcookie\b[^.]{0,40}?\bname\b[^."'‘“]{0,40}["'‘“]([^\s"'’”]{2,80})["'’”]`)
)

// quotedNames reads cookies whose names a text gives in quotes: a list item
// "Label: 'name'", or a sentence saying what a cookie's name is. The quotes
// and the words around them are the evidence, so plain words count too.
func (r *reader) quotedNames(text, where string) {
	if !strings.ContainsAny(text, "'\"‘“") {
		return
	}
	last, _ := utf8.DecodeLastRuneInString(strings.TrimRight(text, ". "))
	if !(strings.Contains(text, ":") && strings.ContainsRune("'\"’”", last)) && !containsFold(text, "name") {
		return
	}
	if m := labelQuotedRE.FindStringSubmatch(strings.TrimSpace(text)); m != nil && classifyName(m[2]) != shapeNone {
		label := strings.TrimSpace(m[1])
		r.declare(m[2], label, "", r.providerFor(""), r.categoryFor("", label), where)
		return
	}
	if !containsFold(text, "name") {
		return
	}
	for _, m := range nameIsQuotedRE.FindAllStringSubmatch(text, -1) {
		if classifyName(m[1]) == shapeNone || r.declared(m[1]) {
			continue
		}
		r.declare(m[1], strings.TrimSpace(text), expiryIn(text), r.providerFor(""), r.categoryFor("", text), where)
	}
}

// declared reports whether a name was already declared.
func (r *reader) declared(name string) bool {
	return r.names[name]
}

// splitDashItem splits "NAME – description", "NAME, NAME - description"
// or "NAME: description" at its first spaced dash or colon, which must come
// within the first 150 bytes.
func splitDashItem(s string) (head, desc string, ok bool) {
	s = strings.TrimLeft(s, " ")
	cut, width := -1, 0
	for _, sep := range []string{" - ", " – ", " — ", ": "} {
		if i := strings.Index(s[:min(len(s), 170)], sep); i >= 0 && (cut < 0 || i < cut) {
			cut, width = i, len(sep)
		}
	}
	if cut <= 0 || cut > 150 {
		return "", "", false
	}
	head = strings.TrimSpace(s[:cut])
	desc = strings.TrimSpace(s[cut+width:])
	if head == "" || desc == "" || strings.ContainsAny(head, "–—") {
		return "", "", false
	}
	return head, desc, true
}

// plainWordsOnly reports whether every name is a plain lower-case word,
// which is a name only where the layout says so.
func plainWordsOnly(names []string) bool {
	for _, n := range names {
		if classifyName(n) != shapeWeak {
			return false
		}
	}
	return true
}

// titleOnly reports whether a text is only a title of a few capitalised
// words ("Google Analytics", "All About Cookies"), as a link after a label
// is ("website: All About Cookies"), rather than a description.
func titleOnly(s string) bool {
	f := strings.Fields(strings.TrimRight(s, "."))
	if len(f) == 0 || len(f) > 5 {
		return false
	}
	for _, w := range f {
		if r, _ := utf8.DecodeRuneInString(w); !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

// piece is a part of a text split at separators.
type piece struct {
	text   string
	sep    string // the separator that followed it
	hard   bool   // it began at a separator (or the text start)
	marked bool   // it began at a list marker rather than a line break
}

// splitKeep splits text at the separators sepAt finds and keeps them.
// sepAt returns the length of a separator starting at i, or 0; starts, when
// not empty, holds every byte a separator can start with.
func splitKeep(text string, sepAt func(s string, i int) int, starts string) []piece {
	var out []piece
	last := 0
	marked := true
	for i := 0; i < len(text); {
		if starts != "" {
			// Separators start only at these bytes: skip to the next one
			// instead of testing every byte.
			k := strings.IndexAny(text[i:], starts)
			if k < 0 {
				break
			}
			i += k
		}
		n := sepAt(text, i)
		if n == 0 {
			i++
			continue
		}
		if i > last || i == 0 {
			out = append(out, piece{text: text[last:i], sep: text[i : i+n], hard: true, marked: marked})
		}
		marked = strings.TrimSpace(text[i:i+n]) != ""
		i += n
		last = i
	}
	out = append(out, piece{text: text[last:], hard: true, marked: marked})
	return out
}

// sentenceStarts are the bytes a sentenceSep separator starts with.
const sentenceStarts = "\n.!?"

func isSpaceByte(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

// spacesAt returns the number of white space bytes at s[i:].
func spacesAt(s string, i int) int {
	n := 0
	for i+n < len(s) && isSpaceByte(s[i+n]) && s[i+n] != '\n' {
		n++
	}
	return n
}

// sentenceSep finds a line break, or a full stop, question or exclamation
// mark or colon followed by white space.
func sentenceSep(s string, i int) int {
	switch s[i] {
	case '\n':
		return 1
	case '.', '!', '?':
		if n := spacesAt(s, i+1); n > 0 {
			return 1 + n
		}
	}
	return 0
}

// itemSep finds list markers inside a run of text: a line break, a bullet,
// or "a. " / "b) " / "1. " at the start or after white space.
func itemSep(s string, i int) int {
	if s[i] == '\n' {
		return 1
	}
	if strings.HasPrefix(s[i:], "•") {
		return len("•")
	}
	if i > 0 && !isSpaceByte(s[i-1]) {
		return 0
	}
	j := i
	switch {
	case s[j] >= 'a' && s[j] <= 'z':
		j++
	case s[j] >= '0' && s[j] <= '9':
		j++
		if j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
	default:
		return 0
	}
	if j < len(s) && (s[j] == '.' || s[j] == ')') {
		if n := spacesAt(s, j+1); n > 0 {
			return j + 1 + n - i
		}
	}
	return 0
}

// proseNames finds cookies named inside running text.
func (r *reader) proseNames(text string, where string) {
	if text == "" || !containsFold(text, "cookie") {
		return
	}
	sentences := splitKeep(text, sentenceSep, sentenceStarts)
	for si, s := range sentences {
		if !containsFold(s.text, "cookie") {
			continue
		}
		lower := strings.ToLower(s.text)
		mentions := cookieMentions(s.text, lower)
		for mi, m := range mentions {
			if m.paren != "" {
				names := parseNames(examplePrefixRE.ReplaceAllString(m.paren, ""), true)
				if names == nil {
					continue
				}
				label := labelBefore(m.before)
				expiry := ""
				if sessionWordRE.MatchString(label) {
					expiry = "session cookies"
				}
				// "Google Analytics cookies (_ga)" names its kind in the
				// label; "Google Analytics sets cookies (_ga)" in the
				// sentence.
				about, purpose := label, ""
				if about == "" {
					about, purpose = s.text, s.text
				}
				provider := ""
				if v := findVendors(about); len(v) == 1 {
					provider = v[0].Name
				}
				for _, n := range names {
					r.declare(n, strings.TrimSpace(s.text), expiry, r.providerFor(provider), r.categoryFor(label, purpose), where)
				}
				continue
			}
			names := parseNames(m.group, m.called || hyphenatedName(m.group))
			if names == nil || !m.called && !proseNamesOK(names) {
				continue
			}
			provider := ""
			if v := findVendors(s.text); len(v) == 1 {
				provider = v[0].Name
			}
			desc := strings.TrimSpace(s.text)
			expiry := ""
			if len(mentions) > 1 {
				// "the _ga cookie is kept for 2 years and the _gid cookie
				// for 24 hours": each name takes the lifetime written
				// between its "cookie" and the next one.
				end := len(s.text)
				if mi+1 < len(mentions) {
					end = mentions[mi+1].at
				}
				expiry = quantitySpan(s.text[m.at:end])
			} else {
				expiry = expiryIn(desc)
			}
			if si+1 < len(sentences) {
				next := strings.TrimSpace(sentences[si+1].text)
				if thisCookieRE.MatchString(next) {
					desc += " " + next
					if expiry == "" {
						expiry = expiryIn(next)
					}
				}
			}
			cat := r.categoryFor("", desc)
			if cat == Unknown && si > 0 {
				cat = r.categoryFor("", sentences[si-1].text) // "We use X to manage consent. It sets a cookie called Y."
			}
			for _, n := range names {
				r.declare(n, desc, expiry, r.providerFor(provider), cat, where)
			}
		}
	}
}

// quantitySpan returns the written lifetime in a text, from its first to
// its last quantity ("30 seconds to 1 year"), or "".
func quantitySpan(s string) string {
	locs := quantityRE.FindAllStringIndex(s, -1)
	if locs == nil {
		return ""
	}
	return s[locs[0][0]:locs[len(locs)-1][1]]
}

// cookieMention is a place where a sentence names cookies: a group of
// names before "cookie(s)" ("the standard JSESSIONID cookie",
// "VISITOR_INFO1_LIVE and YSC cookies"), a list in parentheses after it
// ("Google Analytics cookies (utma;utmb)"), or a name after "cookie called".
type cookieMention struct {
	at     int    // where the word "cookie" starts in the sentence
	group  string // names before "cookie", or after "called"/"named"
	called bool   // the name followed "called"/"named": plain words allowed
	before string // up to four words before "cookies (" (the list's label)
	paren  string // the parenthesised list
}

// cookieMentions scans a sentence (and its lower-case copy) for the word
// "cookie" and reads the names around each occurrence.
func cookieMentions(text, lower string) []cookieMention {
	var out []cookieMention
	for off := 0; off < len(lower); {
		k := strings.Index(lower[off:], "cookie")
		if k < 0 {
			break
		}
		at := off + k
		end := at + len("cookie")
		if end < len(lower) && lower[end] == 's' {
			end++
		}
		off = end
		if end < len(lower) && isWordByte(lower[end]) || at > 0 && isWordByte(lower[at-1]) {
			continue // "cookiebot", "CookieControl", "_cookie"
		}
		rest := strings.TrimLeft(text[end:], " ")
		if strings.HasPrefix(rest, "(") {
			if close := strings.IndexByte(rest, ')'); close > 1 && close < 200 && !strings.Contains(rest[1:close], "(") {
				out = append(out, cookieMention{at: at, before: lastWords(text[max(0, at-200):at], 4), paren: rest[1:close]})
			}
			continue
		}
		if called := calledRE.FindStringSubmatch(rest); called != nil {
			out = append(out, cookieMention{at: at, group: called[1], called: true})
			continue
		}
		if like := namesLikeRE.FindStringSubmatch(rest); like != nil {
			// "these cookies have names like ASP.NET_SessionId and
			// ASPSESSIONID": the names the sentence gives as examples.
			out = append(out, cookieMention{at: at, group: strings.TrimRight(like[1], ".")})
			continue
		}
		if g := nameGroupBefore(text[max(0, at-600):at]); g != "" {
			out = append(out, cookieMention{at: at, group: g})
		}
	}
	return out
}

// examplePrefixRE drops "for example" and the like before a bracketed
// list of names.
var examplePrefixRE = regexp.MustCompile(`(?i)^\s*(e\.g\.?|eg|i\.e\.?|for example|such as|including|namely|called|named)[,:]?\s+`)

// proseNamesOK is the stricter test for names met in running text ("the
// NAME cookie"): a capitalised camel-case word there is more often a
// product ("SurveyMonkey cookies") than a cookie, unless the catalogue
// knows it.
func proseNamesOK(names []string) bool {
	for _, n := range names {
		if inCatalogue(n) || strings.ContainsAny(n, "_0123456789<{[*.") || strings.ToUpper(n) == n {
			continue
		}
		if first, _ := utf8.DecodeRuneInString(n); unicode.IsLower(first) {
			continue // dmsTPC, has_js
		}
		return false
	}
	return true
}

// hyphenatedName reports whether a group before "cookie" is one lower-case
// name of three or more parts joined by hyphens ("the
// cookie-notification-acknowledged cookie"), which no English phrase is.
func hyphenatedName(group string) bool {
	return strings.Count(group, "-") >= 2 && !strings.ContainsAny(group, " \t") && strings.ToLower(group) == group &&
		!stopWords[group] && classifyName(group) != shapeNone
}

// namesLikeRE finds names given as examples after "cookies": "have names
// like A and B", "with names such as A, B".
var namesLikeRE = regexp.MustCompile(`^(?i:(?:have|has|with|use|using)\s+names?\s+(?:like|such as|including))\s+([^\s,;:()"“”']{2,80}(?:(?:,\s*|\s+and\s+|\s+or\s+)[^\s,;:()"“”']{2,80}){0,8})`)

var calledRE = regexp.MustCompile(`^(?i:called|named)\s+["“']?([^\s,;:()"“”']{2,80})`)

func isWordByte(b byte) bool {
	return b == '_' || b == '-' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

// lastWords returns up to n words at the end of s.
func lastWords(s string, n int) string {
	f := strings.Fields(s)
	if len(f) > n {
		f = f[len(f)-n:]
	}
	return strings.Join(f, " ")
}

// nameGroupBefore returns the run of name-like tokens joined by commas,
// "and" or "&" that ends s ("VISITOR_INFO1_LIVE and YSC"), or "".
func nameGroupBefore(s string) string {
	// Quick test: the word before "cookie" must look like part of a name.
	t := strings.TrimRight(s, " \t\n'‘’\"“”`")
	if t == "" {
		return ""
	}
	if c := t[len(t)-1]; !isWordByte(c) && c != '*' && c != '>' && c != '}' && c != ']' && c != '#' && c != '.' {
		return ""
	}
	if k := strings.LastIndexAny(t, " \t\n"); k >= 0 {
		if w := strings.Trim(t[k+1:], "'‘’\"“”`"); classifyName(w) == shapeNone && !inCatalogue(w) && !strings.EqualFold(w, "and") {
			return ""
		}
	}
	f := lastTokens(s, 40) // a group is at most 17 names and their joiners
	var group []string
	for i := len(f) - 1; i >= 0 && len(group) < 17; i-- {
		w := f[i]
		if len(group) > 0 && (w == "and" || w == "&") {
			group = append(group, w)
			continue
		}
		comma := strings.HasSuffix(w, ",")
		tok := strings.TrimSuffix(w, ",")
		if len(group) > 0 && !comma && group[len(group)-1] != "and" && group[len(group)-1] != "&" {
			break
		}
		if len(group) == 0 && comma {
			break
		}
		tok = strings.Trim(tok, "'‘’\"“”`")
		if tok == "" || strings.ContainsAny(tok, ";:()\"“”") {
			break
		}
		group = append(group, tok)
	}
	for len(group) > 0 && (group[len(group)-1] == "and" || group[len(group)-1] == "&") {
		group = group[:len(group)-1]
	}
	for i, j := 0, len(group)-1; i < j; i, j = i+1, j-1 {
		group[i], group[j] = group[j], group[i]
	}
	return strings.Join(group, ", ")
}

// lastTokens returns up to n white-space separated words at the end of s,
// in order, without splitting the rest of s.
func lastTokens(s string, n int) []string {
	var rev []string
	end := len(s)
	for len(rev) < n {
		for end > 0 && isSpaceByte(s[end-1]) {
			end--
		}
		if end == 0 {
			break
		}
		start := end
		for start > 0 && !isSpaceByte(s[start-1]) {
			start--
		}
		rev = append(rev, s[start:end])
		end = start
	}
	for a, b := 0, len(rev)-1; a < b; a, b = a+1, b-1 {
		rev[a], rev[b] = rev[b], rev[a]
	}
	return rev
}

// labelBefore keeps the words that qualify "cookies" in "This microsite
// uses Google Analytics cookies": the words after the last verb or
// conjunction.
func labelBefore(words string) string {
	f := strings.Fields(words)
	for i := len(f) - 1; i >= 0; i-- {
		switch strings.ToLower(f[i]) {
		case "and", "uses", "use", "sets", "set", "with", "of", "the", "our", "its", "their", "also", "as", "or":
			return strings.Join(f[i+1:], " ")
		}
	}
	return strings.Join(f, " ")
}
