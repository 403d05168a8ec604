package policy

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// A policy names more cookies than its reader turns into declarations: in
// running text, in layouts the reader does not know, behind accordions. The
// audit must not call a cookie undeclared when the policy names it, so
// Mentions looks for observed cookie names in the whole text of the
// document, independently of the extraction.

// mentionKind says what a record of a policy's text is.
type mentionKind int

const (
	mentionPara    mentionKind = iota // a paragraph, or a line of one
	mentionHeading                    // a heading
	mentionItem                       // a list item
	mentionTerm                       // a definition term (<dt>)
	mentionRow                        // a table row, or a line with cells
)

// mentionRecord is one unit of a policy's text in reading order: a row, an
// item, a heading, a term or a paragraph. Hidden content (accordions,
// tabs, <details>) is kept: a visitor opens it to read the policy.
type mentionRecord struct {
	kind  mentionKind
	text  string   // white space collapsed; a row's cells joined by " | "
	cells []string // a row's cells
	where string   // "line 12", "table 2, row 3", "list item 4", …
}

// Mentions returns, for each of the observed cookie names that the
// document's text names, a declaration marked Mentioned: Name is the name
// as written ("_ga_<container-id>"), Pattern the observed name, and the
// lifetime is the one its record states (the row, the item, the labelled
// field, the sentence, or the text under the name's heading up to the next
// name), if any. Names are found exactly, as pattern forms ("_ga_*",
// "_hjSessionUser_{site_id}", "_gat_UA-[number]", a trailing "_"), and in
// case, hyphen and underscore variants; a name that is also an ordinary
// word ("session", "lang", "PREF") counts only where the text declares it:
// a table cell, the head of an item or line, quotes, or a label ("Name:
// lang"). Names not found get no declaration. A YAML document has no text
// and mentions nothing.
func (d *Document) Mentions(cookies []string) []Declaration {
	if d == nil || len(d.records) == 0 || len(cookies) == 0 {
		return nil
	}
	s := newMentionSearch(d, cookies)
	var out []Declaration
	for _, name := range s.names {
		if decl, ok := s.find(name); ok {
			out = append(out, decl)
		}
	}
	return out
}

// mentionSearch looks for a set of observed names in a document's records.
type mentionSearch struct {
	records []mentionRecord
	tokens  [][]mentionToken // per record (per cell for rows), scanned when first read (toks)
	scanned []bool
	names   []string
	known   map[string]bool // observed and declared names: they end a record's window
}

// mentionToken is a name-like run of a record's text.
type mentionToken struct {
	text       string
	name       writtenName // its match keys, set by newMentionSearch
	start, end int         // byte offsets in the record's text (or its cell's)
	cell       int         // the cell of a row, else -1
	head       bool
	quoted     bool
	labelled   bool
}

// mentionDashes turns the hyphens that word processors put into names
// (non-breaking, figure) into the ASCII hyphen sites set.
var mentionDashes = strings.NewReplacer("\u2010", "-", "\u2011", "-", "\u2012", "-", "\u00ad", "")

// mentionText collapses a text's white space and straightens its hyphens.
func mentionText(s string) string { return normalizeSpace(mentionDashes.Replace(s)) }

func newMentionSearch(d *Document, cookies []string) *mentionSearch {
	s := &mentionSearch{records: d.records, known: map[string]bool{}}
	for _, c := range cookies {
		if c = strings.TrimSpace(c); c != "" && !s.known[c] {
			s.known[c] = true
			s.names = append(s.names, c)
		}
	}
	for _, decl := range d.Declared {
		s.known[decl.Name] = true
	}
	s.tokens = make([][]mentionToken, len(s.records))
	s.scanned = make([]bool, len(s.records))
	return s
}

// toks returns record ri's tokens, scanning the record the first time:
// a lookup reads only the records it needs.
func (s *mentionSearch) toks(ri int) []mentionToken {
	if s.scanned[ri] {
		return s.tokens[ri]
	}
	s.scanned[ri] = true
	r := s.records[ri]
	var toks []mentionToken
	if r.kind == mentionRow {
		for c, cell := range r.cells {
			toks = append(toks, scanMentionTokens(cell, c)...)
		}
	} else {
		toks = scanMentionTokens(r.text, -1)
	}
	for j := range toks {
		toks[j].name = newWrittenName(toks[j].text)
	}
	s.tokens[ri] = toks
	return toks
}

// mentionHit is one place a name is written.
type mentionHit struct {
	record    int
	token     int
	written   string
	declaring bool
}

// find looks for one observed name and builds its declaration.
func (s *mentionSearch) find(name string) (Declaration, bool) {
	word := wordLikeName(name)
	observed := newWrittenName(name)
	var hits []mentionHit
	for ri := range s.records {
		for ti, tok := range s.toks(ri) {
			written, ok := mentionForm(tok.name, observed, word)
			if !ok && !word {
				written, ok = s.spacedForm(ri, ti, observed.norm)
			}
			if !ok {
				continue
			}
			declaring := s.declaring(ri, ti)
			if word && !(declaring && s.wordDeclared(ri, ti)) {
				continue
			}
			hits = append(hits, mentionHit{record: ri, token: ti, written: written, declaring: declaring})
		}
	}
	if len(hits) == 0 {
		return Declaration{}, false
	}
	best := hits[0]
	for _, h := range hits {
		if h.declaring {
			best = h
			break
		}
	}
	decl := Declaration{Name: best.written, Pattern: name, Category: Unknown, Mentioned: true,
		Source: "mentioned in " + s.records[best.record].where}
	// The lifetime: the longest any declaring record states, else the
	// longest a running mention's own window states.
	for pass := 0; pass < 2 && !decl.Expiry.Known(); pass++ {
		for _, h := range hits {
			if h.declaring != (pass == 0) {
				continue
			}
			if text, life := s.lifetime(h); life.Compare(decl.Expiry) > 0 {
				decl.ExpiryText, decl.Expiry = text, life
			}
		}
	}
	return decl, true
}

// spacedForm reports whether a name (its near-match key norm) is written with spaces for some of
// its separators ("VISITOR INFO1 LIVE", "ASP.NET SessionID"), starting at
// a record's token, and returns the form written.
func (s *mentionSearch) spacedForm(ri, ti int, norm string) (string, bool) {
	toks := s.toks(ri)
	text := s.records[ri].text
	if toks[ti].cell >= 0 {
		text = s.records[ri].cells[toks[ti].cell]
	}
	if tn := toks[ti].name.norm; len(norm) <= len(tn) || norm[len(tn)] != '_' || !strings.HasPrefix(norm, tn) {
		return "", false
	}
	for j := ti + 1; j < len(toks) && j <= ti+3; j++ {
		if toks[j].cell != toks[ti].cell || text[toks[j-1].end:toks[j].start] != " " {
			break
		}
		written := text[toks[ti].start:toks[j].end]
		if NormalizeName(written) == norm {
			return written, true
		}
	}
	return "", false
}

// declaring reports whether a token sits where a text declares a name: a
// table cell's head, the head of an item, line, heading or term, quotes or
// code, or after a label ("Name:", "cookie called").
func (s *mentionSearch) declaring(ri, ti int) bool {
	tok := s.toks(ri)[ti]
	r := s.records[ri]
	if tok.quoted || tok.labelled {
		return true
	}
	if !tok.head {
		return false
	}
	if tok.cell >= 0 {
		return true
	}
	if text := r.text[tok.end:]; len(text) > 1 && text[0] == ' ' && asciiUpper(text[1]) && (asciiLower(tok.text[0]) || r.kind != mentionPara) {
		return true // "csscached This remembers…", "• PREF Expiry 2 years": a name run into the next column
	}
	// At the head of a paragraph or line, an ordinary word declares only
	// when a separator, a lifetime or the record's end follows ("lang -
	// remembers…", "PREF Expiry 2 years"), not in "Session cookies are…".
	rest := strings.TrimSpace(r.text[tok.end:])
	switch {
	case rest == "":
		return true
	case strings.ContainsAny(rest[:1], "-–—:(|,&/"):
		return true
	}
	return mentionLifetimeStartRE.MatchString(rest)
}

var (
	// mentionCookieWordRE finds the word "cookie(s)" opening a text.
	mentionCookieWordRE = regexp.MustCompile(`(?i)^cookies?\b`)
	// mentionLifetimeStartRE finds a lifetime opening a text ("Expiry 2 years",
	// "30 days", "session").
	mentionLifetimeStartRE = regexp.MustCompile(`(?i)^(?:\d|expir|duration|lasts?\b|lifetime|session\b|persistent\b|retention\b|max(?:imum)?\s+age)`)
	// mentionCookieTypeRE finds the words that name a kind of cookie, not one
	// cookie ("“session” and “persistent” cookies").
	mentionCookieTypeRE = regexp.MustCompile(`(?i)^(?:cookies?|session|persistent|permanent|temporary|functional|analytics?|analytical|necessary|essential|performance|marketing|targeting|advertising|tracking|third[- ]party|first[- ]party|strictly)$`)
)

// wordDeclared reports whether an ordinary word that is a cookie's name
// is declared where it stands. A word naming a kind of cookie ("session",
// "necessary") is declared only after a name label ("Cookie name:
// session") or alone in the first cell of a table row, and never right
// before "cookie(s)" ("session cookies"): elsewhere it is a lifetime or a
// category.
func (s *mentionSearch) wordDeclared(ri, ti int) bool {
	r, tok := s.records[ri], s.toks(ri)[ti]
	text := r.text
	if tok.cell >= 0 {
		text = r.cells[tok.cell]
	}
	if !mentionCookieTypeRE.MatchString(tok.text) {
		return true
	}
	if mentionCookieWordRE.MatchString(strings.TrimLeft(text[tok.end:], " \"'“”‘’`")) {
		return false
	}
	return tok.labelled && mentionNameLabelRE.MatchString(text[:tok.start]) || tok.cell == 0 && len(r.cells) >= 3 && text == tok.text
}

// mentionNameLabelRE finds a label naming a cookie right before its name
// ("Cookie name: ", "Name - ").
var mentionNameLabelRE = regexp.MustCompile(`(?i)\b(?:cookie\s*name|name|cookie)\s*[:=–—-]\s*$`)

// wordLikeName reports whether a cookie name is also an ordinary word: letters
// only, in lower case or capitalised ("session", "Language"), or one of the
// all-capital words policies use ("PREF"). A name of five letters or more
// that the catalogue knows as a cookie is not a word.
func wordLikeName(name string) bool {
	lower := strings.ToLower(name)
	if commonWordNames[lower] {
		return true
	}
	if e, ok := DefaultCatalogue().Lookup(lower); ok && len(name) >= 5 && strings.EqualFold(e.Pattern, name) {
		return false // "nmstat", "hubspotutk": known cookies, not words
	}
	for i, r := range name {
		switch {
		case r >= 'a' && r <= 'z':
		case r >= 'A' && r <= 'Z' && i == 0:
		default:
			return false
		}
	}
	return true
}

// commonWordNames are cookie names that are also words a policy writes.
var commonWordNames = map[string]bool{
	"session": true, "text": true, "device": true, "base": true, "pref": true, "collect": true,
	"lang": true, "language": true, "style": true, "test": true, "id": true, "sid": true, "uid": true,
}

// writtenName is a name as a policy writes it, with its match keys.
type writtenName struct {
	text     string
	norm     string   // NormalizeName(text)
	bare     string   // norm without underscores
	glob     []string // its pattern split at '*', when it has placeholders
	normGlob []string // the same for its near-match key
}

func newWrittenName(s string) writtenName {
	w := writtenName{text: s, norm: NormalizeName(s)}
	w.bare = strings.ReplaceAll(w.norm, "_", "")
	if p := PatternFor(s); strings.Contains(p, "*") && patternLiteralLen(p) >= 3 {
		w.glob, w.normGlob = strings.Split(p, "*"), strings.Split(NormalizeName(p), "*")
	}
	return w
}

// mentionForm reports whether a token writes the observed name, and returns
// the form written: the name itself, a pattern form covering it, or a
// case, hyphen or underscore variant of it. An ordinary word must be
// written exactly. Tokens that run into the next word ("_gaUsed to…") are
// split at their case changes.
func mentionForm(tok writtenName, name writtenName, word bool) (string, bool) {
	if tok.text == name.text {
		return tok.text, true
	}
	if word {
		return "", false
	}
	if tok.covers(name) {
		return tok.text, true
	}
	if len(name.text) < 3 || !strings.ContainsAny(tok.text, "ABCDEFGHIJKLMNOPQRSTUVWXYZ*>}]_") {
		return "", false
	}
	for _, span := range fusedSpans(tok.text) {
		if span == name.text || strings.ContainsAny(span, "*<{[#") && newWrittenName(span).covers(name) {
			return span, true
		}
	}
	return "", false
}

// covers reports whether a written name covers an observed one: as a
// pattern (placeholders, a trailing separator standing for a suffix) or as
// a case, hyphen or underscore variant.
func (w writtenName) covers(name writtenName) bool {
	if w.glob != nil {
		return MatchGlobParts(w.glob, name.text) || MatchGlobParts(w.normGlob, name.norm)
	}
	if n := len(w.text); n >= 4 && strings.ContainsRune("_-.", rune(w.text[n-1])) && len(name.text) > n &&
		strings.EqualFold(name.text[:n], w.text) {
		return true // "bb2_screener_", "_hjSessionUser_"
	}
	if w.norm == "" || w.norm != name.norm && (w.bare != name.bare || len(w.norm) < 6) {
		return false
	}
	// "GA" is not "_ga": a variant must look like an identifier or be
	// long enough not to be a word of the text.
	return len(w.norm) >= 4 || strings.ContainsAny(w.text, "_-.0123456789")
}

// patternLiteralLen counts a pattern's characters other than '*'.
func patternLiteralLen(p string) int { return len(p) - strings.Count(p, "*") }

// fusedSpans returns the runs of a token between its case changes and
// after its placeholders, for text whose words ran together ("_gaUsed",
// "XSRF-TOKENcollege.police.uk", "_ga_*Provides", "Analytics_ga").
func fusedSpans(tok string) []string {
	cuts := []int{0}
	for i := 1; i < len(tok); i++ {
		a, b := tok[i-1], tok[i]
		switch {
		case asciiLower(a) && asciiUpper(b):
			cuts = append(cuts, i)
		case asciiUpper(a) && asciiLower(b) && i >= 2 && asciiUpper(tok[i-2]):
			cuts = append(cuts, i, i-1)
		case strings.IndexByte("*>}]", a) >= 0 && asciiLetter(b):
			cuts = append(cuts, i)
		case b == '_' && asciiLetter(a) && fusedWordBefore(tok[:i]):
			cuts = append(cuts, i)
		}
	}
	cuts = append(cuts, len(tok))
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	if len(cuts) > 12 {
		return nil
	}
	var out []string
	for i, a := range cuts {
		for _, b := range cuts[i+1:] {
			if b > a && !(a == 0 && b == len(tok)) {
				out = append(out, tok[a:b])
			}
		}
	}
	return out
}

func asciiLower(c byte) bool  { return c >= 'a' && c <= 'z' }
func asciiUpper(c byte) bool  { return c >= 'A' && c <= 'Z' }
func asciiLetter(c byte) bool { return asciiLower(c) || asciiUpper(c) }

// fusedWordBefore reports whether a token's start is a word run into a
// name that opens with '_': a capitalised or camel-case word ("Analytics_ga",
// "reCAPTCHA_GRECAPTCHA") or a joining word ("and_gid").
func fusedWordBefore(s string) bool {
	if s == "and" || s == "or" {
		return true
	}
	upper := false
	for i := 0; i < len(s); i++ {
		switch {
		case asciiUpper(s[i]):
			upper = true
		case !asciiLower(s[i]):
			return false
		}
	}
	return upper
}

// identifierShaped reports whether a token looks like a cookie name on its own:
// an underscore, a placeholder, digits among letters, or an inner capital.
func identifierShaped(tok string) bool {
	if len(tok) < 2 {
		return false
	}
	if strings.ContainsAny(tok, "_*<{[#") {
		return true
	}
	var upper, lower, digit, letter bool
	for i := 0; i < len(tok); i++ {
		c := tok[i]
		switch {
		case asciiUpper(c):
			letter = true
			if i > 0 {
				upper = true
			}
		case asciiLower(c):
			letter, lower = true, true
		case c >= '0' && c <= '9':
			digit = true
		}
	}
	return upper && lower || digit && letter
}

// lifetime reads the lifetime a mention's record states: for a cell, the
// row's lifetime cells (or a sentence of its cells saying when it
// expires); otherwise the text from the name up to the next name, or, for
// a name standing alone on its line, heading or label, the records under
// it up to the next name.
func (s *mentionSearch) lifetime(h mentionHit) (string, Lifetime) {
	r := s.records[h.record]
	tok := s.toks(h.record)[h.token]
	var rest string
	if tok.cell >= 0 {
		if t, life := rowMentionLifetime(r, tok.cell); life.Known() || len(r.cells) > 1 {
			return t, life
		}
		rest = r.cells[tok.cell][tok.end:]
	} else {
		rest = r.text[tok.end:s.nextName(h.record, h.token)]
		if t, life := windowMentionLifetime(rest); life.Known() {
			return t, life
		}
	}
	if !h.declaring || countWords(strings.Trim(rest, " ()[]-–—:|,.")) > 4 {
		return "", Lifetime{}
	}
	// A name on its own: its body follows, up to the next name.
	for i := h.record + 1; i < len(s.records) && i <= h.record+6; i++ {
		next := s.records[i]
		if next.kind == mentionHeading || next.kind == mentionTerm || s.opensWithName(i) {
			break
		}
		if next.kind == mentionRow {
			if t, life := rowMentionLifetime(next, -1); life.Known() {
				return t, life
			}
			continue
		}
		if t, life := windowMentionLifetime(next.text); life.Known() {
			return t, life
		}
	}
	return "", Lifetime{}
}

// nextName returns where the window of a record's token ends: at the next
// token that is another name (observed, declared, or shaped like one), or
// the record's end.
func (s *mentionSearch) nextName(ri, ti int) int {
	toks := s.toks(ri)
	for _, t := range toks[ti+1:] {
		if t.text != toks[ti].text && (s.known[t.text] || identifierShaped(t.text)) {
			return t.start
		}
	}
	return len(s.records[ri].text)
}

// opensWithName reports whether a record begins with a name or a name's
// label, so that the body of the name before it has ended.
func (s *mentionSearch) opensWithName(ri int) bool {
	t, ok := s.firstToken(ri)
	if !ok {
		return false
	}
	return t.head && (t.labelled || s.known[t.text] || identifierShaped(t.text)) || mentionLabelRE.MatchString(s.records[ri].text)
}

// firstToken returns record ri's first token, scanning only the text up to
// just after it when the record is not scanned yet.
func (s *mentionSearch) firstToken(ri int) (mentionToken, bool) {
	r := s.records[ri]
	if s.scanned[ri] || r.kind == mentionRow {
		toks := s.toks(ri)
		if len(toks) == 0 {
			return mentionToken{}, false
		}
		return toks[0], true
	}
	text := r.text
	i := strings.IndexFunc(text, func(c rune) bool { return mentionNameRune(c) || strings.ContainsRune("<{[(", c) })
	if i < 0 {
		return mentionToken{}, false
	}
	// The token may start later (a bracket or a mark alone is skipped):
	// a window of a few tokens holds it and the character after it.
	cut := len(text)
	for n, k := 0, i; n < 4 && k < len(text); n++ {
		e := mentionTokenEnd(text, k)
		k = max(e, k+1)
		if sp := strings.IndexByte(text[k:], ' '); sp >= 0 {
			k += sp + 1
		} else {
			k = len(text)
		}
		cut = min(len(text), k+1)
	}
	for cut < len(text) && !utf8.RuneStart(text[cut]) {
		cut++
	}
	toks := scanMentionTokens(text[:cut], -1)
	if len(toks) == 0 || toks[0].end >= cut && cut < len(text) {
		toks = s.toks(ri) // the window cut the first token: read the record
		if len(toks) == 0 {
			return mentionToken{}, false
		}
	}
	return toks[0], true
}

// rowMentionLifetime reads a row's lifetime from its cells other than the name's:
// the longest cell that is only a lifetime ("2 years", "Session"), else the
// longest a sentence saying when it expires states.
func rowMentionLifetime(r mentionRecord, nameCell int) (string, Lifetime) {
	var best string
	var longest Lifetime
	take := func(t string) {
		if l := WrittenLifetime(t); l.Compare(longest) > 0 {
			best, longest = t, l
		}
	}
	for i, c := range r.cells {
		if i != nameCell && isDurationLine(strings.TrimRight(strings.TrimSpace(c), ".")) {
			take(strings.TrimSpace(c))
		}
	}
	if longest.Known() {
		return best, longest
	}
	for i, c := range r.cells {
		if i == nameCell {
			continue
		}
		for _, sent := range mentionSentences(c) {
			if mentionExpiryRE.MatchString(sent) {
				take(sent)
			}
		}
	}
	return best, longest
}

var (
	// mentionExpiryRE finds wording that states a cookie's lifetime.
	mentionExpiryRE = regexp.MustCompile(`(?i)\b(?:expir\w*|lasts?|lasting|lifetime|duration|deleted|removed|erased|persists?\s+for|valid\s+for|kept\s+for|stored\s+for|set\s+for|until\s+you)\b`)
	// mentionLabelRE finds a label that introduces a cookie's name.
	mentionLabelRE = regexp.MustCompile(`(?i)^(?:cookie\s*name|name(?:\s+of\s+(?:the\s+)?cookie)?|cookie)\s*[:–—-]\s*\S`)
)

// windowMentionLifetime reads the lifetime a piece of text states about
// the name before it: a bracket right after the name ("(6 months)"), a text
// that is only a lifetime ("- 2 years", "Expiry 10 years"), else the
// longest a sentence saying when it expires, or opening with a lifetime,
// states.
func windowMentionLifetime(w string) (string, Lifetime) {
	t := strings.TrimSpace(w)
	if strings.HasPrefix(t, "(") {
		if end := strings.IndexByte(t, ')'); end > 0 {
			if in := strings.TrimSpace(t[1:end]); isDurationLine(in) {
				return in, WrittenLifetime(in)
			}
		}
	}
	short := strings.TrimSpace(strings.Trim(t, " -–—:|,.;"))
	if short != "" && isDurationLine(short) {
		return short, WrittenLifetime(short)
	}
	var best string
	var longest Lifetime
	for _, sent := range mentionSentences(t) {
		if !mentionExpiryRE.MatchString(sent) && !isDurationLine(strings.Trim(sent, " -–—:|,.;")) && !leadingQuantity(sent) {
			continue
		}
		if l := WrittenLifetime(sent); l.Compare(longest) > 0 {
			best, longest = strings.TrimSpace(sent), l
		}
	}
	return best, longest
}

// leadingQuantity reports whether a sentence opens with a lifetime ("2
// years from set/update"), as the last cell of a row run into one line does.
func leadingQuantity(sent string) bool {
	loc := quantityRE.FindStringIndex(sent)
	return loc != nil && loc[0] == 0
}

// mentionSentences splits a text at full stops, question and exclamation marks
// followed by a space, semicolons and line breaks.
func mentionSentences(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\n' || c == ';':
		case (c == '.' || c == '!' || c == '?') && (i+1 == len(s) || s[i+1] == ' '):
		default:
			continue
		}
		if t := strings.TrimSpace(s[start:i]); t != "" {
			out = append(out, t)
		}
		start = i + 1
	}
	if t := strings.TrimSpace(s[start:]); t != "" {
		out = append(out, t)
	}
	return out
}

// Scanning a record's text into tokens.

// mentionQuotes open or close a quotation or code.
const mentionQuotes = "\"'`“”‘’«»"

// mentionNameRune reports whether r can be part of a written cookie name.
func mentionNameRune(r rune) bool {
	if r < utf8.RuneSelf {
		return mentionNameASCII[r]
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// mentionNameASCII marks the ASCII characters a written cookie name may
// hold: letters, digits and "_-.$%:/!~+^*#".
var mentionNameASCII = func() (t [utf8.RuneSelf]bool) {
	for c := 0; c < utf8.RuneSelf; c++ {
		t[c] = asciiLetter(byte(c)) || c >= '0' && c <= '9' || strings.IndexByte("_-.$%:/!~+^*#", byte(c)) >= 0
	}
	return t
}()

// mentionConnectorRE matches the words and marks that join names at the head of a
// record ("_utmb & _utmc", "_ga and _gid", "_ga, _gid").
var mentionConnectorRE = regexp.MustCompile(`^\s*(?:[,&/+]|and\b|or\b|plus\b)[\s,&/+]*$`)

// mentionLeadRE matches what may come before a name at the head of a record: a
// bullet, a number, a label ("Name:", "Cookie name -").
var mentionLeadRE = regexp.MustCompile(`(?i)^(?:[•·▪■◦●‣∙*–—-]|\(?\d{1,2}[.)]|[a-z][.)])?\s*(?:(?:cookie\s*name|name(?:\s+of\s+(?:the\s+)?cookie)?|cookie|key)\s*[:–—-]?\s*)?$`)

// mentionFieldLabelRE matches a short label of a record's field before its
// value ("Campaign tracker: ", "Visitor ID: ").
var mentionFieldLabelRE = regexp.MustCompile(`^[^:.;!?]{1,40}:\s*$`)

// mentionLabelBeforeRE finds a label just before a name ("Name: ", "cookie
// called ", "named ").
var mentionLabelBeforeRE = regexp.MustCompile(`(?i)(?:\b(?:cookie\s*name|name|cookie|key)\s*[:=–—-]\s*|\b(?:called|named)\s+)$`)

// mayEndWithLabel is a cheap test that a text could end with a label
// mentionLabelBeforeRE finds: a colon, an equals sign or a dash, or the
// words "called" or "named", before the last spaces.
func mayEndWithLabel(before string) bool {
	b := strings.TrimRight(before, " ")
	if b == "" {
		return false
	}
	if strings.ContainsAny(b[len(b)-1:], ":=-") || strings.HasSuffix(b, "–") || strings.HasSuffix(b, "—") {
		return true
	}
	return len(b) < len(before) && (hasSuffixFold(b, "called") || hasSuffixFold(b, "named"))
}

// hasSuffixFold reports whether s ends with suffix, ignoring ASCII case.
func hasSuffixFold(s, suffix string) bool {
	return len(s) >= len(suffix) && strings.EqualFold(s[len(s)-len(suffix):], suffix)
}

// scanMentionTokens splits a text into name-like tokens, marking those at its
// head, in quotes and after a label. cell is the token's cell, or -1.
func scanMentionTokens(text string, cell int) []mentionToken {
	var out []mentionToken
	headOpen := true
	prevEnd := 0
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !mentionNameRune(r) && !(r == '<' || r == '{' || r == '[' || r == '(') {
			i += size
			continue
		}
		start := i
		end := mentionTokenEnd(text, i)
		if end == start {
			i += size
			continue
		}
		// Trailing punctuation ends a sentence, not a name.
		for end > start && strings.IndexByte(".:,;!?/", text[end-1]) >= 0 {
			end--
		}
		tok := text[start:end]
		next := mentionTokenEnd(text, start)
		if tok == "" || !strings.ContainsFunc(tok, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
			i = max(next, start+size)
			continue
		}
		if start > 0 && strings.IndexByte("<{[", text[start-1]) >= 0 || end < len(text) && strings.IndexByte(">}]", text[end]) >= 0 {
			i = max(next, end, start+size) // the inside of a placeholder broken over lines ("id>")
			continue
		}
		before := text[prevEnd:start]
		t := mentionToken{text: tok, start: start, end: end, cell: cell}
		switch {
		case len(out) <= 4 && start <= 48 && mentionFieldLabelRE.MatchString(text[:start]):
			t.head = true // "Campaign tracker: utmz"
		case len(out) == 0:
			t.head = mentionLeadRE.MatchString(before)
		case headOpen:
			prev := out[len(out)-1]
			t.head = identifierShaped(prev.text) && mentionConnectorRE.MatchString(before)
		}
		headOpen = t.head
		t.labelled = mayEndWithLabel(text[max(0, start-24):start]) && mentionLabelBeforeRE.MatchString(text[max(0, start-24):start])
		t.quoted = quotedAt(text, start, end)
		out = append(out, t)
		prevEnd = end
		i = max(next, end, start+size)
	}
	return out
}

// mentionTokenEnd returns the end of the name-like run starting at i, taking in
// placeholders in brackets written against it ("_ga_<container-id>",
// "voted_(number)", "_gat_gtag_< GA ID >").
func mentionTokenEnd(text string, i int) int {
	j := i
	for j < len(text) {
		r, size := utf8.DecodeRuneInString(text[j:])
		if mentionNameRune(r) {
			j += size
			continue
		}
		closer := map[rune]byte{'<': '>', '{': '}', '[': ']', '(': ')'}[r]
		if closer == 0 {
			break
		}
		k := strings.IndexByte(text[j+1:], closer)
		if k < 0 || k > 40 {
			break
		}
		inner := text[j+1 : j+1+k]
		// A bracket is a placeholder only against a name, and "(…)" only
		// when it holds one word ("voted_(number)", not "_ga (2 years)").
		if j == i && r != '<' && r != '{' && r != '[' || r == '(' && (j == i || strings.ContainsAny(inner, " ,")) ||
			strings.ContainsAny(inner, "<>{}[]()") {
			break
		}
		j += 1 + k + 1
	}
	return j
}

// quotedAt reports whether text[start:end] is enclosed in quotation marks
// or backticks.
func quotedAt(text string, start, end int) bool {
	if start == 0 || end >= len(text) {
		return false
	}
	a, _ := utf8.DecodeLastRuneInString(text[:start])
	b, _ := utf8.DecodeRuneInString(text[end:])
	return strings.ContainsRune(mentionQuotes, a) && strings.ContainsRune(mentionQuotes, b)
}

// Reading a document into records.

// textMentionRecords splits a plain-text policy into records: one per non-blank
// line; a line with tabs or pipes ("_ga | 2 years", "| _ga | 2 years |")
// or columns two spaces apart is a row; "#" lines are headings and
// bulleted or numbered lines items.
func textMentionRecords(data []byte) []mentionRecord {
	var out []mentionRecord
	for n, line := range strings.Split(string(data), "\n") {
		line = strings.TrimRight(line, "\r")
		where := fmt.Sprintf("line %d", n+1)
		text := mentionText(line)
		if text == "" || strings.Trim(text, "|-:+= ") == "" {
			continue
		}
		if cells := mentionCells(line); len(cells) > 0 {
			out = append(out, mentionRecord{kind: mentionRow, cells: cells, text: strings.Join(cells, " | "), where: where})
			continue
		}
		kind := mentionPara
		switch {
		case strings.HasPrefix(text, "#"):
			kind, text = mentionHeading, strings.TrimSpace(strings.TrimLeft(text, "#"))
		case bulletRE.MatchString(text):
			kind, text = mentionItem, strings.TrimSpace(bulletRE.ReplaceAllString(text, ""))
		}
		out = append(out, mentionRecord{kind: kind, text: text, where: where})
	}
	return out
}

// mentionColumnsRE finds the gap between two columns of a text table.
var mentionColumnsRE = regexp.MustCompile(`\S(?: {2,}|\t)\S`)

// mentionCells splits a line of a text table into its cells, or returns nil
// for a line that is not one.
func mentionCells(line string) []string {
	var parts []string
	switch {
	case strings.Contains(line, "\t"):
		parts = strings.Split(line, "\t")
	case strings.Contains(line, "|"):
		parts = strings.Split(line, "|")
	case mentionColumnsRE.MatchString(strings.TrimSpace(line)):
		parts = regexp.MustCompile(` {2,}`).Split(strings.TrimSpace(line), -1)
	default:
		return nil
	}
	var cells []string
	for _, p := range parts {
		if p = mentionText(p); p != "" {
			cells = append(cells, p)
		}
	}
	return cells
}

// htmlMentionRecords reads an HTML policy into records, hidden content included.
// HTML the parser cannot take is read from its text.
func htmlMentionRecords(data []byte) []mentionRecord {
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		return textMentionRecords(htmlText(data))
	}
	w := &mentionWalker{}
	w.walk(doc, 0)
	w.flush()
	return w.out
}

// mentionWalker gathers an HTML page's records.
type mentionWalker struct {
	out    []mentionRecord
	buf    strings.Builder
	kind   mentionKind
	counts [mentionRow + 1]int
	tables int
}

var mentionKindNames = [...]string{mentionPara: "paragraph", mentionHeading: "heading", mentionItem: "list item", mentionTerm: "term", mentionRow: "row"}

func (w *mentionWalker) flush() {
	text := mentionText(w.buf.String())
	w.buf.Reset()
	kind := w.kind
	w.kind = mentionPara
	if text == "" {
		return
	}
	w.counts[kind]++
	w.out = append(w.out, mentionRecord{kind: kind, text: text, where: fmt.Sprintf("%s %d", mentionKindNames[kind], w.counts[kind])})
}

// unreadElement reports whether an element holds nothing a visitor reads
// as the policy. Hidden elements are read: accordions and tabs hide the
// cookie tables of many policies until opened.
func unreadElement(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Svg, atom.Head, atom.Nav, atom.Iframe, atom.Select, atom.Textarea:
		return true
	}
	return false
}

func (w *mentionWalker) walk(n *html.Node, depth int) {
	if depth > 300 {
		return
	}
	switch n.Type {
	case html.TextNode:
		w.buf.WriteString(n.Data)
		return
	case html.ElementNode:
		if unreadElement(n) {
			return
		}
		switch n.DataAtom {
		case atom.Table:
			w.flush()
			w.table(n, depth)
			return
		case atom.Br:
			kind := w.kind
			w.flush()
			if kind != mentionHeading {
				w.kind = kind
			}
			return
		case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Li, atom.Dt:
			w.flush()
			switch n.DataAtom {
			case atom.Li:
				w.kind = mentionItem
			case atom.Dt:
				w.kind = mentionTerm
			default:
				w.kind = mentionHeading
			}
			w.children(n, depth)
			w.flush()
			return
		}
		if mentionBlock(n.DataAtom) {
			kind := w.kind
			w.flush()
			w.kind = kind // an item's text before its nested list
			w.children(n, depth)
			w.flush()
			return
		}
	}
	w.children(n, depth)
}

func (w *mentionWalker) children(n *html.Node, depth int) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c, depth+1)
	}
}

// mentionBlock reports whether an element starts a new record.
func mentionBlock(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Section, atom.Article, atom.Ul, atom.Ol, atom.Dl, atom.Dd, atom.Details, atom.Summary,
		atom.Blockquote, atom.Pre, atom.Figure, atom.Figcaption, atom.Header, atom.Footer, atom.Aside, atom.Main,
		atom.Form, atom.Fieldset, atom.Legend, atom.Caption, atom.Address, atom.Body, atom.Html, atom.Button, atom.Label, atom.Hr:
		return true
	}
	return false
}

// table adds a record per row of an HTML table, hidden rows included.
func (w *mentionWalker) table(t *html.Node, depth int) {
	w.tables++
	table, row := w.tables, 0
	var visit func(n *html.Node, d int)
	visit = func(n *html.Node, d int) {
		if d > 300 {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode || unreadElement(c) {
				continue
			}
			switch c.DataAtom {
			case atom.Tr:
				var cells []string
				for td := c.FirstChild; td != nil; td = td.NextSibling {
					if td.Type == html.ElementNode && (td.DataAtom == atom.Td || td.DataAtom == atom.Th) {
						cells = append(cells, mentionText(mentionNodeText(td, d)))
					}
				}
				if strings.Join(cells, "") == "" {
					continue
				}
				row++
				w.out = append(w.out, mentionRecord{kind: mentionRow, cells: cells, text: strings.Join(cells, " | "),
					where: fmt.Sprintf("table %d, row %d", table, row)})
			case atom.Caption:
				w.walk(c, d)
				w.flush()
			case atom.Table:
				w.table(c, d)
			default:
				visit(c, d+1)
			}
		}
	}
	visit(t, depth)
}

// mentionNodeText returns an element's text, with block boundaries as spaces.
func mentionNodeText(n *html.Node, depth int) string {
	var b strings.Builder
	var rec func(*html.Node, int)
	rec = func(n *html.Node, d int) {
		if d > 300 {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case c.Type == html.TextNode:
				b.WriteString(c.Data)
			case c.Type == html.ElementNode && !unreadElement(c):
				if c.DataAtom == atom.Br || mentionBlock(c.DataAtom) || c.DataAtom == atom.Li {
					b.WriteByte(' ')
				}
				rec(c, d+1)
			}
		}
	}
	rec(n, depth)
	return b.String()
}
