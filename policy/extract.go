package policy

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// reader interprets a page's blocks into declarations and vendors. It keeps
// the section state a human reader keeps: the category heading in force,
// the vendor the section is about, and whether the text just announced a
// list of cookies.
type reader struct {
	blocks []block
	doc    *Document

	heading     string   // current section heading
	category    Category // category from the last category heading
	catStrong   bool     // no unrelated heading since the category heading
	catFromPara bool     // the category came from a paragraph, not a heading
	emptyRun    int      // consecutive category headings whose sections declared nothing
	declAtCat   int      // len(doc.Declared) when the last category heading was read
	sectionVend string   // vendor named by the current section heading
	listVendor  string   // vendor of "X uses the following cookies"
	listContext bool     // "the following cookies" seen in this section

	// A text table whose header was read from a paragraph (fused header,
	// one cell per paragraph).
	textCols []column
	textTbl  int

	// HTML or tab table in progress.
	tblID   int
	tblCols []column
	rowNum  int // data rows read in the current table
	// namedTable is the table whose row last declared a name.
	namedTable int
	pending    *block // tab row waiting for continuation lines

	pendingParas int // paragraphs appended to pending

	vendorSeen  map[string]bool
	purposeSeen map[string]bool // purposes already searched for vendors
	tableCount  int
	names       map[string]bool // distinct names declared

	// Declarations doc.Declared[openFrom:openTo] were read without a
	// lifetime from text blocks ending just before block openNext; a short
	// lifetime line there completes them (a row wrapped over paragraphs).
	openFrom, openTo, openNext int

	// states[i] is the section state when block i was read, for the
	// record reader's second pass (records.go).
	states []sectionState
	// consumed[i] is true when a layout reader declared names from block
	// i; the record reader leaves such blocks to it.
	consumed []bool
	// recordLifetimes caches the lifetime each record span states, as the
	// record reader's rounds weigh the same spans again.
	recordLifetimes map[string]string
	// weights weigh the record reader's signals (recordWeightsInUse).
	weights *recordWeights
	// recordCandidates, when set, is given every token the record reader
	// weighed whose name the layout readers did not declare, after its
	// last round: the examples its weights are learned from.
	recordCandidates func(nameToken)
}

// column is the role of a table column.
type column int

const (
	colOther column = iota
	colName
	colPurpose
	colExpiry
	colProvider
	colCategory
	colType
	colDomain
)

func newReader(blocks []block, source string) *reader {
	return &reader{blocks: blocks, doc: &Document{Source: source, Declared: []Declaration{}, Vendors: []Vendor{}}, category: Unknown, vendorSeen: map[string]bool{}, purposeSeen: map[string]bool{}, names: map[string]bool{}, weights: recordWeightsInUse}
}

// run reads every block.
func (r *reader) run() *Document {
	for i := 0; i < len(r.blocks) && len(r.names) <= MaxDeclaredNames; {
		if r.trailingLifetime(i) {
			i++
			continue
		}
		from := len(r.doc.Declared)
		state := r.sectionState()
		n := r.step(i) // stops early once the document cannot be a policy
		r.noteOpen(from, i, n)
		read := false
		for _, d := range r.doc.Declared[from:] {
			read = read || !notAName(d.Name)
		}
		for len(r.states) < i+n {
			r.states = append(r.states, state)
			r.consumed = append(r.consumed, read)
		}
		i += n
	}
	r.flushPending()
	r.dropNonNames()
	r.readRecords()
	return r.doc
}

// step reads the block at i and returns how many blocks it consumed.
func (r *reader) step(i int) int {
	b := r.blocks[i]
	if b.kind != blockRow || !b.tabbed {
		if r.continuesTabRow(i) {
			r.pending.cells[len(r.pending.cells)-1] += "\n" + b.text
			r.pendingParas++
			return 1
		}
		r.flushPending()
	}
	if b.kind == blockRow {
		r.textCols = nil
		r.readRow(b)
		return 1
	}
	r.tblCols = nil
	if n := r.textTableRow(i); n > 0 {
		return n
	}
	if n := r.labelledRecord(i); n > 0 {
		return n
	}
	if n := r.gluedRecord(i); n > 0 {
		return n
	}
	if n := r.nameListItem(i); n > 0 {
		return n
	}
	if n := r.nameLine(i); n > 0 {
		return n
	}
	if n := r.fusedRow(i); n > 0 {
		return n
	}
	if n, cols := r.headerBlocks(i); n > 0 {
		r.textCols = cols
		return n
	}
	if cols := splitHeader(b.text); cols != nil {
		r.textCols = cols
		r.tableCount++
		r.textTbl = r.tableCount
		return 1
	}
	if b.kind == blockHeading || (b.kind == blockPara && r.looksLikeHeading(i)) {
		r.enterHeading(b)
		// A short label line may still list names after a colon
		// ("Google Analytics cookies: _ga, _gat, _gid").
		r.cookiesColonNames(b.text, r.where(b))
		return 1
	}
	r.prose(b.text, r.where(b), true)
	return 1
}

// noteOpen remembers the declarations the blocks i to i+n-1 of a text
// source made when none of them has a lifetime, so that a lifetime line
// right after them can complete them.
func (r *reader) noteOpen(from, i, n int) {
	r.openFrom, r.openTo, r.openNext = 0, 0, -1
	if len(r.doc.Declared) == from || r.blocks[i].line == 0 || r.pending != nil {
		return
	}
	for _, d := range r.doc.Declared[from:] {
		if d.ExpiryText != "" {
			return
		}
	}
	r.openFrom, r.openTo, r.openNext = from, len(r.doc.Declared), i+n
}

// trailingLifetime completes the declarations read just before block i
// with the lifetime block i states on its own, as a table row or a
// description wrapped over paragraphs is copied as text:
//
//	Kms_ctamuls   It stores an identifier for the current session.
//	It expires after the current session is over
//
// The block must be a short paragraph that states a lifetime and names no
// cookie. It reports whether block i was used so.
func (r *reader) trailingLifetime(i int) bool {
	if i != r.openNext || r.openTo == r.openFrom {
		return false
	}
	b := r.blocks[i]
	if b.kind != blockPara || len(b.text) > 100 {
		return false
	}
	if t := strings.ToLower(strings.TrimRight(b.text, ".: ")); strings.HasSuffix(t, "cookies") || strings.HasSuffix(t, "cookie") ||
		r.looksLikeHeading(i) && !isDurationLine(b.text) && !lifetimeVerbRE.MatchString(b.text) {
		return false // "Session cookies": the next section, not a lifetime
	}
	for _, w := range strings.Fields(b.text) {
		if classifyName(strings.Trim(w, ".,;:()'\"‘’“”")) == shapeStrong {
			return false
		}
	}
	e := expiryIn(b.text)
	if e == "" || len(e) < len(strings.TrimRight(strings.TrimSpace(b.text), "."))-20 {
		return false // a lifetime mentioned inside a longer statement
	}
	life := WrittenLifetime(e)
	if !life.Known() {
		return false
	}
	for k := r.openFrom; k < r.openTo; k++ {
		d := &r.doc.Declared[k]
		d.ExpiryText, d.Expiry = e, life
	}
	r.openFrom, r.openTo, r.openNext = 0, 0, -1
	return true
}

// lifetimeVerbRE finds the words with which a line states a lifetime
// rather than titling a section.
var lifetimeVerbRE = regexp.MustCompile(`(?i)\b(?:expir\w*|remov\w*|delet\w*|until|lasts?)\b`)

// continuesTabRow reports whether a paragraph continues the last cell of a
// tab-separated row (free text cells that wrap onto their own lines).
func (r *reader) continuesTabRow(i int) bool {
	b := r.blocks[i]
	return r.pending != nil && b.kind != blockHeading && r.pendingParas < maxContinuation && !r.looksLikeHeading(i)
}

// maxContinuation bounds the lines of free text that can continue a tab
// row, so that a page's later prose is not swallowed into a table cell.
const maxContinuation = 6

// where describes a block's position for Declaration.Source.
func (r *reader) where(b block) string {
	var pos string
	switch {
	case b.kind == blockRow:
		pos = fmt.Sprintf("table %d row %d", b.table, b.row)
	case b.line > 0:
		pos = fmt.Sprintf("line %d", b.line)
	default:
		pos = fmt.Sprintf("block %d", b.ord)
	}
	if b.kind == blockRow && b.line > 0 {
		pos += fmt.Sprintf(" (line %d)", b.line)
	}
	if r.heading != "" {
		return fmt.Sprintf("section %q, %s", truncate(r.heading, 60), pos)
	}
	return pos
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

var (
	countSuffixRE   = regexp.MustCompile(`\s*\(\d+\)\s*$`)
	bareCategoryRE  = regexp.MustCompile(`(?i)^(strictly necessary|necessary|essential|analytics?|analytical|performance|statistics|marketing|advertising|targeting|functional|functionality|preferences|settings|unclassified|uncategori[sz]ed|other)((/| and | & )[a-z]+)?$`)
	unclassifiedRE  = regexp.MustCompile(`(?i)^(unclassified|uncategori[sz]ed|other)( cookies)?$`)
	catNecessaryRE  = regexp.MustCompile(`(?i)\b(strictly necessary|necessary|essential|required|security)\b`)
	catAnalyticsRE  = regexp.MustCompile(`(?i)\b(analytics?|analytical|performance|statistics?|statistical|measure\w*|measurement|usage)\b`)
	catMarketingRE  = regexp.MustCompile(`(?i)\b(marketing|advertising|advertisement|targeting|targeted|social media|retargeting)\b`)
	catFunctionalRE = regexp.MustCompile(`(?i)\b(functional|functionality|preferences?|settings|personali[sz]ation|personali[sz]ed)\b`)
)

// managingHeading reports whether a heading is about managing cookies (or
// about the policy) rather than naming a category: "How to manage cookies",
// "Change your settings", "Opt out", "List of cookies".
func managingHeading(h string) bool {
	words := strings.FieldsFunc(strings.ToLower(h), func(r rune) bool { return !unicode.IsLetter(r) && r != '-' })
	for i, w := range words {
		switch w {
		case "how", "what", "why", "about", "policy":
			return true
		case "find", "list":
			if i+1 < len(words) && (w == "find" && words[i+1] == "out" || w == "list" && words[i+1] == "of") {
				return true
			}
		case "opt":
			if i+1 < len(words) && strings.HasPrefix(words[i+1], "in") || i+1 < len(words) && strings.HasPrefix(words[i+1], "out") {
				return true
			}
		}
		for _, p := range []string{"accept", "reject", "manag", "chang", "control", "delet", "disabl", "block", "turn", "withdraw", "opt-in", "opt-out", "optin", "optout"} {
			if strings.HasPrefix(w, p) {
				return true
			}
		}
	}
	return false
}

// headingCategory returns the category a heading announces ("Strictly
// necessary cookies", "Analytical/performance cookies", "Cookies that
// measure website use"), or "" when it announces none.
func headingCategory(h string) Category {
	if strings.HasSuffix(strings.TrimSpace(h), ")") {
		h = countSuffixRE.ReplaceAllString(h, "") // "Necessary (5)" in Cookiebot declarations
	}
	words := countWords(h)
	if words > 8 {
		return ""
	}
	if !containsFold(h, "cookie") && (words > 3 || !bareCategoryRE.MatchString(strings.TrimSpace(h))) {
		return ""
	}
	if managingHeading(h) {
		return ""
	}
	switch {
	case unclassifiedRE.MatchString(h):
		return Unknown
	case catNecessaryRE.MatchString(h):
		return Necessary
	case catAnalyticsRE.MatchString(h):
		return Analytics
	case catMarketingRE.MatchString(h):
		return Marketing
	case catFunctionalRE.MatchString(h):
		return Functional
	}
	return ""
}

// enterHeading updates the section state for a heading.
func (r *reader) enterHeading(b block) {
	r.heading = b.text
	if r.catFromPara {
		// A category read from a section's paragraph covers that section.
		r.catStrong, r.catFromPara = false, false
	}
	r.listContext = false
	r.listVendor = ""
	r.textCols = nil
	if c := headingCategory(b.text); c != "" {
		if c == r.category && r.catStrong {
			return // a sub-heading repeating the category ("Arena Essential Cookies")
		}
		if len(r.doc.Declared) == r.declAtCat && r.category != Unknown {
			r.emptyRun++
		} else {
			r.emptyRun = 1
		}
		r.category, r.catStrong = c, true
		r.declAtCat = len(r.doc.Declared)
		r.sectionVend = ""
		return
	}
	if v := vendorForHeading(b.text); v != nil {
		r.sectionVend = v.Name
		return
	}
	r.sectionVend = ""
	r.catStrong = false
}

// looksLikeHeading guesses whether a text line is a heading: short, no
// closing punctuation, starting with a capital, standing on its own.
func (r *reader) looksLikeHeading(i int) bool {
	if r.blocks[i].line == 0 {
		return false // HTML headings are marked up
	}
	return headingShaped(r.blocks[i].text, true)
}

// headingShaped reports whether a line has a heading's shape: at most ten
// words, no closing punctuation, starting with a capital (or a digit when
// digitOK).
func headingShaped(t string, digitOK bool) bool {
	if t == "" || len(t) > 90 || countWords(t) > 10 {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(t)
	if strings.ContainsRune(".:;,!?", last) {
		return false
	}
	first, _ := utf8.DecodeRuneInString(t)
	return unicode.IsUpper(first) || digitOK && unicode.IsDigit(first)
}

// categoryFor decides a declaration's category: an explicit category
// column, then a category heading still in force, then the wording of the
// purpose, then a category heading whose section has drifted, else unknown.
func (r *reader) categoryFor(explicit, purpose string) Category {
	if explicit != "" {
		if c := wordingCategory(explicit); c != "" {
			return c
		}
	}
	glossary := r.emptyRun >= 3
	if r.catStrong && r.category != Unknown && !glossary {
		return r.category
	}
	if c := wordingCategory(firstSentence(purpose)); c != "" {
		return c
	}
	if r.category != Unknown && !glossary {
		return r.category
	}
	return Unknown
}

// Wording that gives a purpose's category, checked in this order on the
// lower-cased first sentence. A leading space marks a word start; a
// trailing space a word end.
var (
	wordNecessary = []string{"strictly necessary", " essential", "load balanc", "load-balanc", " security", " secure ", "malicious", " protect",
		"authenticat", "logged in", "logged-in", " log in", " login", " log-in", "session state", "session id", "session information",
		"session identifier", "session management", "maintain a user's session", "maintain the session", "maintain your session",
		"maintain a session", "maintain user session", " your session", "consent", "cookie preferences", "cookie choices", "cookie settings",
		"accepted the use", "saved your", "fraud", " csrf", "forgery"}
	wordAnalytics  = []string{"analytic", "statistic", "distinguish users", "distinguish visitors", "how visitors use", "how users use", "how you use", "measur", "page view", "pageview", " survey", "feedback", "heatmap", "recording", "sampl"}
	wordMarketing  = []string{"advertis", "marketing", "targeting", "retarget", " ads ", " ad ", "campaign"}
	wordFunctional = []string{"preference", "remember your", "remember the user", "settings", " video", "playback", "embedded", "language"}
)

// hasAny reports whether the padded lower-case text contains any of words.
func hasAny(padded string, words []string) bool {
	for _, w := range words {
		if strings.Contains(padded, w) {
			return true
		}
	}
	return false
}

// wordingCategory reads a category from a purpose's wording, or "".
func wordingCategory(s string) Category {
	if s == "" {
		return ""
	}
	padded := " " + strings.Map(func(r rune) rune {
		switch r {
		case '.', ',', ';', ':', '(', ')', '!', '?', '"', '\u2019':
			if r == '\u2019' {
				return '\''
			}
			return ' '
		}
		return unicode.ToLower(r)
	}, s) + " "
	switch {
	case hasAny(padded, wordNecessary):
		return Necessary
	case hasAny(padded, wordAnalytics):
		return Analytics
	case hasAny(padded, wordMarketing):
		return Marketing
	case hasAny(padded, wordFunctional):
		return Functional
	}
	return ""
}

var sentenceEndRE = regexp.MustCompile(`[.!?](\s|$)`)

func firstSentence(s string) string {
	if loc := sentenceEndRE.FindStringIndex(s); loc != nil {
		return s[:loc[0]+1]
	}
	return s
}

// providerFor decides a declaration's provider: explicit, then the vendor
// that "uses the following cookies", then the section's vendor heading.
func (r *reader) providerFor(explicit string) string {
	if explicit != "" {
		if v := findVendors(explicit); len(v) == 1 {
			return v[0].Name
		}
		return explicit
	}
	if r.listVendor != "" {
		return r.listVendor
	}
	return r.sectionVend
}

// declare records one declaration.
func (r *reader) declare(name, purpose, expiry, provider string, cat Category, source string) {
	name = strings.TrimSpace(name)
	if name == "" {
		return
	}
	d := Declaration{
		Name:       name,
		Pattern:    PatternFor(name),
		Purpose:    strings.TrimSpace(purpose),
		Category:   cat,
		Provider:   provider,
		ExpiryText: strings.TrimSpace(expiry),
		Source:     source,
	}
	d.Expiry = WrittenLifetime(d.ExpiryText)
	r.doc.Declared = append(r.doc.Declared, d)
	r.names[name] = true
	if !r.purposeSeen[d.Purpose] {
		r.purposeSeen[d.Purpose] = true
		r.noteVendors(d.Purpose)
	}
}

// ---- names ----

var nameListSeparators = strings.NewReplacer(";", ",", "\n", ",", "&", ",", " / ", ",")

// splitNameList splits a list of names at commas, semicolons, line
// breaks, ampersands, " / " and the words "and" and "or".
func splitNameList(text string) []string {
	if strings.ContainsAny(text, ";\n&/") {
		text = nameListSeparators.Replace(text)
	}
	var out []string
	for _, part := range strings.Split(text, ",") {
		start, end := -1, -1 // the current group of words in part
		for i := 0; i < len(part); {
			for i < len(part) && isSpaceByte(part[i]) {
				i++
			}
			if i == len(part) {
				break
			}
			w := i
			for i < len(part) && !isSpaceByte(part[i]) {
				i++
			}
			if word := part[w:i]; word == "and" || word == "or" {
				if start >= 0 {
					out = append(out, collapseSpaces(part[start:end]))
				}
				start = -1
				continue
			}
			if start < 0 {
				start = w
			}
			end = i
		}
		if start >= 0 {
			out = append(out, collapseSpaces(part[start:end]))
		}
	}
	return out
}

// collapseSpaces joins the words of s with single spaces, copying only
// when s has other white space; unlike normalizeSpace it keeps the marks
// protectPlaceholders leaves inside placeholders.
func collapseSpaces(s string) string {
	for i := 0; i < len(s); i++ {
		if isSpaceByte(s[i]) && (s[i] != ' ' || i+1 < len(s) && isSpaceByte(s[i+1])) {
			return strings.Join(strings.Fields(s), " ")
		}
	}
	return s
}

// parseNames reads a text that should consist only of cookie names ("_ga",
// "_ga, _gid and _gat", "VISITOR INFO1 LIVE"). It returns nil unless every
// part is a name; weak (plain lower-case) names are allowed when weakOK.
func parseNames(text string, weakOK bool) []string {
	text = trimQuotes(strings.TrimSpace(text))
	if text == "" || len(text) > 400 {
		return nil
	}
	if strings.ContainsAny(text, "<{[") {
		text = protectPlaceholders(text)
	}
	var names []string
	strong, weak := false, false
	for _, part := range splitNameList(text) {
		part = trimQuotes(strings.TrimSpace(part))
		if part == "" {
			continue
		}
		if strings.Contains(part, " ") {
			if !capsWords(part) && !spacedName(part) {
				return nil
			}
			names = append(names, part)
			strong = true
			continue
		}
		switch classifyName(part) {
		case shapeStrong:
			strong = true
		case shapeWeak:
			if !inCatalogue(part) {
				weak = true
			}
		default:
			return nil
		}
		names = append(names, part)
	}
	for i, n := range names {
		names[i] = strings.ReplaceAll(n, placeholderSpace, " ")
	}
	switch {
	case len(names) == 0:
		return nil
	case weak && !weakOK && !strong:
		// Plain words alone are names only where the layout says so; with
		// an identifier-like name beside them ("butma, _utmb") they are a
		// group of names.
		return nil
	case !strong && !weak && !allInCatalogue(names):
		return nil
	}
	return names
}

// trimQuotes removes quotes around a name, and a lone quote mark that only
// opens or closes a quotation; a quote mark that is part of what the page
// wrote as the name ("_gid'") stays.
func trimQuotes(s string) string {
	const quotes = "\"“”'‘’`"
	for s != "" {
		first, fw := utf8.DecodeRuneInString(s)
		last, lw := utf8.DecodeLastRuneInString(s)
		// A lone quote is both the first and the last rune: trimming it
		// from both ends would cross over, so it is trimmed once below.
		if fw < len(s) && strings.ContainsRune(quotes, first) && strings.ContainsRune(quotes, last) {
			s = strings.TrimSpace(s[fw : len(s)-lw])
			continue
		}
		if strings.ContainsRune(quotes, first) {
			s = strings.TrimSpace(s[fw:])
			continue
		}
		break
	}
	return s
}

// placeholderRunRE finds a bracketed placeholder that holds spaces.
var placeholderRunRE = regexp.MustCompile(`<[^<>]{1,40}>|\{[^{}]{1,40}\}|\[[^\[\]]{1,40}\]`)

// protectPlaceholders marks the spaces inside placeholders ("_ga_<unique
// id>", "_gat_gtag_< GA ID >") so that a list of names is not split there.
func protectPlaceholders(s string) string {
	return placeholderRunRE.ReplaceAllStringFunc(s, func(m string) string {
		if strings.Count(m, " ") > 4 {
			return m
		}
		return strings.ReplaceAll(m, " ", placeholderSpace)
	})
}

func inCatalogue(name string) bool {
	_, ok := DefaultCatalogue().exact[name]
	return ok
}

func allInCatalogue(names []string) bool {
	for _, n := range names {
		if !inCatalogue(n) {
			return false
		}
	}
	return true
}

var capsWordRE = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)

// spacedName reports whether s is one name written with a space: a
// dotted acronym before an identifier ("ASP.NET SessionId"), a prefix
// ending in an underscore before the rest ("BNI-BARRACUDA_ LB_COOKIE"), or
// a name before a bracketed placeholder ("SESS [id]"). Two known names
// ("_ga _gid") are two names.
func spacedName(s string) bool {
	f := strings.Fields(s)
	if len(f) != 2 {
		return false
	}
	head, tail := f[0], f[1]
	if strings.ContainsAny(tail[:1], "[<{") {
		return classifyName(head) != shapeNone // "SESS [id]": a placeholder suffix
	}
	if dottedAcronym(head) {
		return isLetters(tail) && tail[0] >= 'A' && tail[0] <= 'Z' // "ASP.NET Sessionid"
	}
	if defaultKnownNames().level(tail) >= knownFolded {
		return false // "_ga _gid": two names
	}
	return classifyName(tail) == shapeStrong && len(head) > 2 && strings.HasSuffix(head, "_") && classifyName(head) != shapeNone
}

// capsWords reports whether s is a name written as capital words with
// spaces for underscores ("VISITOR INFO1 LIVE"): two to five words, at
// least one with a digit or underscore, or all words long.
func capsWords(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == ' ') {
			return false // only capitals, digits, underscores and spaces
		}
	}
	f := strings.Fields(s)
	if len(f) < 2 || len(f) > 5 {
		return false
	}
	ident := false
	for _, w := range f {
		if !capsWordRE.MatchString(w) || acronyms[w] && len(f) == 2 {
			return false
		}
		if strings.ContainsAny(w, "0123456789_") {
			ident = true
		}
	}
	return ident
}

// ---- expiry sentences ----

var expirySentenceRE = regexp.MustCompile(`(?i)\b(expir\w*|lasts?|lasting|stored for|kept for|set for|stays? for|deleted|removed|persists?|valid for|remains?|duration|lifetime|life ?span|retained for|session cookie|close your browser|end of (the|your) session|after each visit|(?:duration|length) of (?:a|the|your|each) visit)\b`)
var (
	sessionEndRE = regexp.MustCompile(`(?i)end of (the |your |a )?(browser |browsing )?session|(?:duration|length) of (?:a|the|your|each) (?:(?:user|visitor)(?:'s|’s|s'|s’)? |browsing |browser )?(?:session|visit)|after each visit|session cookie|clos(e|es|ed|ing) (your|the) (web )?browser|browser is closed|when (you|the user) leaves?`)
)

// expiryIn finds the sentence of a description that states the cookie's
// lifetime ("Expires after 90 days.") and returns it, or "".
func expiryIn(desc string) string {
	if !mayStateLifetime(desc) {
		return ""
	}
	// Only sentences that could state a lifetime are looked at, each once.
	type sentence struct {
		text          string
		lifetime, exp bool // lifetime wording; says "expires"
	}
	var sentences []sentence
	for _, p := range splitKeep(desc, sentenceSep, sentenceStarts) {
		t := strings.TrimSpace(p.text)
		if t == "" || !mayStateLifetime(t) {
			continue
		}
		sentences = append(sentences, sentence{text: t, lifetime: expirySentenceRE.MatchString(t), exp: containsFold(t, "expir")})
	}
	// Sentences saying "expires" first, then other lifetime wording; a
	// sentence that only mentions a session ("Used to persist session
	// state") does not state a lifetime.
	for pass := 0; pass < 2; pass++ {
		for _, sent := range sentences {
			s := sent.text
			if pass == 1 && isDurationLine(strings.TrimRight(s, ".")) {
				return strings.TrimRight(s, ".") // "Session." on its own
			}
			if !sent.lifetime || (pass == 0) != sent.exp {
				continue
			}
			if pass == 1 && !quantityRE.MatchString(s) && !sessionEndRE.MatchString(s) {
				continue
			}
			if WrittenLifetime(s).Known() {
				return strings.TrimRight(s, ".")
			}
		}
	}
	return ""
}

// mayStateLifetime is a cheap test that a text could state a lifetime at
// all: it has a digit or one of the words lifetimes are written with.
func mayStateLifetime(s string) bool {
	if strings.ContainsAny(s, "0123456789") {
		return true
	}
	for _, w := range lifetimeWords {
		if containsFold(s, w) {
			return true
		}
	}
	return false
}

// lifetimeWords are the words (lower case) a lifetime is written with.
var lifetimeWords = []string{"session", "never", "browser", "indefinite", "permanent", "displayed", "year", "month", "week", "day", "hour", "minute", "second", "immediately", "expir", "close", "leave", "exit", "instantly", "quit", "no expiry", "logout", "logs out", "log out", "logged out", "signs out", "sign out", "visit"}

// isDurationLine reports whether a whole short text is just a lifetime
// ("24 hours", "Session", "After 8 months", "When you close your
// browser"): once its quantities are removed, only words that lifetimes are
// written with may remain.
func isDurationLine(t string) bool {
	if len(t) > 60 || countWords(t) > 9 {
		return false
	}
	if !WrittenLifetime(t).Known() {
		return false
	}
	rest := strings.ToLower(quantityRE.ReplaceAllString(t, " "))
	for _, w := range strings.FieldsFunc(rest, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' }) {
		if !durationWords[w] {
			return false
		}
	}
	return true
}

// durationWords are the words that may surround quantities in a lifetime.
var durationWords = map[string]bool{
	"expires": true, "expire": true, "expiry": true, "after": true, "at": true, "the": true, "end": true, "of": true,
	"session": true, "until": true, "up": true, "to": true, "for": true, "when": true, "you": true, "close": true,
	"closes": true, "your": true, "browser": true, "is": true, "closed": true, "within": true, "approximately": true,
	"about": true, "around": true, "over": true, "under": true, "less": true, "than": true, "more": true, "persistent": true,
	"cookie": true, "cookies": true, "in": true, "on": true, "a": true, "an": true, "or": true, "and": true, "be": true,
	"deleted": true, "as": true, "soon": true, "it": true, "has": true, "been": true, "displayed": true, "never": true,
	"browsing": true, "visit": true, "leave": true, "website": true, "site": true, "web": true, "indefinitely": true,
	"permanent": true, "stored": true, "stays": true, "lasts": true, "from": true, "set": true, "last": true, "max": true,
	"maximum": true, "one": true, "two": true, "three": true, "four": true, "five": true, "six": true, "seven": true,
	"eight": true, "nine": true, "ten": true, "eleven": true, "twelve": true, "by": true, "default": true, "exit": true,
	"immediately": true, "removed": true, "are": true, "this": true, "per": true, "each": true, "user": true, "once": true, "exits": true, "exited": true, "leaves": true,
}
