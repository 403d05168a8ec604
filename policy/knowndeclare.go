package policy

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// The known-name pass is the reader's third pass. Every token of the
// page's text that is a known cookie name (the catalogue or the Open
// Cookie Database, as written, in other case or with one separator more or
// less) and stands where a policy declares a name is declared, whatever
// the layout readers and the record reader made of its block: a table
// cell, the head of a line, item or heading (after an optional bullet,
// label, provider or host word), quotes or code, or a list of names
// joined by commas, spaces, "and" or brackets. It reads the document's
// mention records with the mention lookup's tokens, declaring contexts and
// lifetime windows (mention.go), so the two agree on what the text
// declares.

// declareKnownNames adds the known names the document's text declares and
// its readers missed, each with the lifetime its record states.
func (d *Document) declareKnownNames() {
	if len(d.records) == 0 || distinctNames(d.Declared) > MaxDeclaredNames || !recordsAboutCookies(d.records) {
		return
	}
	have := map[string]bool{} // the near-match keys of the declared names
	key := func(name string) string { return NormalizeName(strings.Trim(name, mentionQuotes)) }
	var patterns []writtenName
	for _, decl := range d.Declared {
		have[key(decl.Name)] = true
		if w := newWrittenName(decl.Name); w.glob != nil {
			patterns = append(patterns, w)
		}
	}
	covered := func(w writtenName) bool {
		if have[key(w.text)] {
			return true
		}
		for _, p := range patterns {
			if p.covers(w) {
				return true
			}
		}
		return false
	}
	s := newMentionSearch(d, nil)
	var open []string // the readers' names that state no lifetime
	for _, decl := range d.Declared {
		if !decl.Expiry.Known() && !decl.Mentioned {
			open = append(open, decl.Name)
		}
	}
	heads := map[int]int{} // the record of each name this pass declares
	candidates, at := scanFields(s.records, open, func(f string) bool { return have[key(f)] })
	defer func() { d.groupLifetimes(s, at, heads) }()
	for ri := range s.records {
		if !candidates[ri] {
			continue
		}
		toks := s.toks(ri)
		var added []int  // indexes into d.Declared of this record's names
		var listed []int // the token each of them is
		named := -1      // the last token of the record that is a name (declared here or before)
		for ti := range toks {
			tok := toks[ti]
			inList := named >= 0 && toks[named].cell == tok.cell && nameListGap(s.recordText(ri, tok.cell)[toks[named].end:tok.start])
			if !s.knownDeclared(ri, ti, inList) {
				if have[key(tok.text)] && (tok.head || inList) {
					named = ti // a declared name heads a list the next names join
				}
				continue
			}
			named = ti
			if covered(tok.name) || spacedDeclared(s.recordText(ri, tok.cell), toks, ti, func(n string) bool { return have[key(n)] }) {
				continue
			}
			have[key(tok.text)] = true
			decl := Declaration{Name: tok.text, Pattern: PatternFor(tok.text), Category: Unknown, Source: s.records[ri].where}
			if text, life := s.knownLifetime(ri, ti); life.Known() {
				decl.ExpiryText, decl.Expiry = text, life
			}
			d.Declared = append(d.Declared, decl)
			s.known[tok.text] = true
			heads[len(d.Declared)-1] = ri
			added = append(added, len(d.Declared)-1)
			listed = append(listed, ti)
		}
		// Names listed together ("_utmb & _utmc Google Analytics Cookie")
		// share the lifetime stated after the last of them.
		for k := len(added) - 2; k >= 0; k-- {
			a, b := &d.Declared[added[k]], d.Declared[added[k+1]]
			if !a.Expiry.Known() && b.Expiry.Known() && listed[k+1] == listed[k]+1 {
				a.ExpiryText, a.Expiry = b.ExpiryText, b.Expiry
			}
		}
	}
}

// spacedDeclared reports whether token ti is part of a name declared with
// spaces for some of its separators: it starts one ("VISITOR INFO1 LIVE")
// or ends one after the words before it ("ASP.NET Sessionid").
func spacedDeclared(text string, toks []mentionToken, ti int, declared func(string) bool) bool {
	for j := ti + 1; j < len(toks) && j <= ti+3 && toks[j].cell == toks[ti].cell; j++ {
		if declared(text[toks[ti].start:toks[j].end]) {
			return true
		}
	}
	start := toks[ti].start
	for words := 0; words < 2 && start > 0 && text[start-1] == ' '; words++ {
		start--
		for start > 0 && !isSpaceByte(text[start-1]) {
			start--
		}
		if declared(text[start:toks[ti].end]) {
			return true
		}
	}
	return false
}

// groupLifetimeRE finds a sentence stating the lifetime of a group of
// cookies ("They expire after 12 months", "These are session cookies",
// "All of these cookies expire …", "The cookies expire 30 minutes …").
var groupLifetimeRE = regexp.MustCompile(`(?i)^(?:these|they|all|both|each of these|the following|such|the (?:above |two |three |four )?cookies)\b`)

// maxGroupRecords bounds how far a group's lifetime sentence may stand
// from a name of the list it speaks for.
const maxGroupRecords = 40

// groupLifetimes gives the declarations that state no lifetime of their
// own the lifetime of their group: a sentence about the group ("They
// expire after 12 months", "These are session cookies") standing right
// before the list of names the declaration is one of, or right after it.
// Rows and records that open with a name make up the list.
func (d *Document) groupLifetimes(s *mentionSearch, at map[string][]int, heads map[int]int) {
	first := func(name string) (int, bool) {
		for _, ri := range at[name] {
			for _, t := range s.toks(ri) {
				if t.head && t.text == name {
					return ri, true
				}
			}
		}
		return 0, false
	}
	isListed := make([]int8, len(s.records)) // 0 unknown, 1 yes, -1 no
	listed := func(j int) bool {
		if isListed[j] == 0 {
			isListed[j] = -1
			if s.records[j].kind == mentionRow || s.opensWithName(j) {
				isListed[j] = 1
			}
		}
		return isListed[j] > 0
	}
	group := map[int]string{}
	for k := range d.Declared {
		decl := &d.Declared[k]
		if decl.Expiry.Known() || decl.Mentioned {
			continue
		}
		ri, ok := heads[k]
		if !ok {
			ri, ok = first(decl.Name)
		}
		if !ok || !listed(ri) {
			continue
		}
		text, seen := group[ri]
		if !seen {
			text = s.groupLifetime(ri, listed)
			group[ri] = text
		}
		if life := WrittenLifetime(text); life.Known() {
			decl.ExpiryText, decl.Expiry = text, life
		}
	}
}

// maxLeadInRecords is how many records before a list its lead-in may
// span.
const maxLeadInRecords = 2

// groupLifetime returns the group lifetime sentence of the list record ri
// stands in, or "": in the lead-in right before the list (up to
// maxLeadInRecords records, not the body of a name before it), else, for a list of two
// names or more, in the record right after it.
func (s *mentionSearch) groupLifetime(ri int, listed func(int) bool) string {
	from, to := ri, ri
	for from > 0 && ri-from < maxGroupRecords && listed(from-1) {
		from--
	}
	for to+1 < len(s.records) && to-ri < maxGroupRecords && listed(to+1) {
		to++
	}
	// The lead-in may be followed by one more paragraph about the group
	// ("These cookies are deleted when you close your browser." then
	// "Blocking these cookies will mean …").
	for j := from - 1; j >= 0 && j >= from-maxLeadInRecords && s.records[j].kind != mentionHeading; j-- {
		if j > 0 && listed(j-1) {
			break // the body of a name before the list
		}
		if sent := groupLifetimeSentence(s.records[j].text); sent != "" {
			return sent
		}
	}
	names := 0
	for j := from; j <= to; j++ {
		for _, t := range s.toks(j) {
			if s.known[t.text] {
				names++
			}
		}
	}
	if j := to + 1; names >= 2 && j < len(s.records) && s.records[j].kind != mentionHeading && !listed(j) {
		return groupLifetimeSentence(s.records[j].text)
	}
	return ""
}

// groupLifetimeSentence returns the sentence of a text that states a
// group's lifetime, or "".
func groupLifetimeSentence(text string) string {
	for _, sent := range mentionSentences(text) {
		if !groupLifetimeRE.MatchString(sent) || !expirySentenceRE.MatchString(sent) && !sessionEndRE.MatchString(sent) && !containsFold(sent, "session cookies") {
			continue
		}
		if WrittenLifetime(sent).Known() {
			return sent
		}
	}
	return ""
}

// scanFields reads the name-like words of every record once, without
// tokenizing it: it returns which records may declare a known name not yet
// declared (mayBeKnownName) and, for each of the names given, the first
// three records it stands in.
func scanFields(records []mentionRecord, names []string, declared func(string) bool) ([]bool, map[string][]int) {
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	at := map[string][]int{}
	candidates := make([]bool, len(records))
	for ri, r := range records {
		short := r.kind == mentionRow || countWords(r.text) <= 4 || strings.Contains(r.text, ":")
		candidates[ri] = strings.Contains(r.text, "_") && strings.ContainsAny(r.text, "<{[*") // "_ga_<container-id>"
		text := r.text
		for i := 0; i < len(text); {
			c, size := rune(text[i]), 1
			if c >= utf8.RuneSelf {
				c, size = utf8.DecodeRuneInString(text[i:])
			}
			if !mentionNameRune(c) {
				i += size
				continue
			}
			j := i + size
			for j < len(text) {
				c, size = rune(text[j]), 1
				if c >= utf8.RuneSelf {
					c, size = utf8.DecodeRuneInString(text[j:])
				}
				if !mentionNameRune(c) {
					break
				}
				j += size
			}
			f := strings.TrimRight(text[i:j], ".:,;!?/")
			i = j
			if l := at[f]; len(want) > 0 && want[f] && len(l) < 3 && (len(l) == 0 || l[len(l)-1] != ri) {
				at[f] = append(l, ri)
			}
			if !candidates[ri] && mayBeKnownName(f, short) && !declared(f) && !ruledOut(f, r) {
				candidates[ri] = true
			}
		}
	}
	return candidates, at
}

// mayBeKnownName reports whether a word of a record could be a known name
// the record declares: a known name or a near form of one that is shaped
// like an identifier, is in capitals, or stands in a short record (a row,
// a line of a few words, a labelled field) where an ordinary word may be
// a name.
func mayBeKnownName(f string, short bool) bool {
	if len(f) < 2 {
		return false
	}
	shaped := identifierShaped(f)
	known := defaultKnownNames()
	if !shaped && !short && !(len(f) >= 3 && capitalLetters(f)) {
		return len(f) >= 5 && known.exact[f] && !wordLikeName(f) // a catalogue name in running text ("nmstat")
	}
	return known.level(f) != unknownName || known.nearly(f)
}

// ruledOut reports whether a known word of a record cannot be declared
// there whatever its context (knownDeclared's tests that need no tokens):
// a word of the lexicons, a name with the next cell's word run into it,
// two names run together, or, in a row, an ordinary word or an acronym
// that is not a cell of its own or a labelled cell's value ("Campaign
// tracker: utmz").
func ruledOut(f string, r mentionRecord) bool {
	lower := strings.ToLower(f)
	if stopWords[lower] || glueWords[lower] || headerWords[lower] || productNames[lower] || isVendorWord(f) || cutGluedWord(f) != f {
		return true
	}
	if _, _, ok := splitKnownPair(f); ok {
		return true
	}
	if r.kind == mentionRow && !identifierShaped(f) && (wordLikeName(f) || acronyms[f]) {
		for _, c := range r.cells {
			if c = strings.Trim(c, " \"'`“”‘’*"); c == f || strings.HasSuffix(c, ": "+f) {
				return false
			}
		}
		return true
	}
	return false
}

// capitalLetters reports whether s is ASCII capitals only.
func capitalLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if !asciiUpper(s[i]) {
			return false
		}
	}
	return s != ""
}

// recordsAboutCookies reports whether a document's text speaks of cookies
// at all; a page that does not declares nothing.
func recordsAboutCookies(records []mentionRecord) bool {
	for _, r := range records {
		if containsFold(r.text, "cookie") {
			return true
		}
	}
	return false
}

// recordText returns the text a record's token offsets refer to: the
// cell's for a row's token, else the record's.
func (s *mentionSearch) recordText(ri, cell int) string {
	if cell >= 0 {
		return s.records[ri].cells[cell]
	}
	return s.records[ri].text
}

// nameListGapRE matches what joins the names of a list: commas, spaces,
// "&", "/", "|", brackets, "and", "or", "plus".
var nameListGapRE = regexp.MustCompile(`^(?:[\s,&/|+;()]|\band\b|\bor\b|\bplus\b)*$`)

// nameListGap reports whether the text between two names joins them into
// one list ("_utmb & _utmc", "__utma (and __utmb, __utmc", "_utma _utmb").
func nameListGap(gap string) bool { return len(gap) <= 12 && nameListGapRE.MatchString(gap) }

// knownDeclared reports whether token ti of record ri is a known cookie
// name standing where the text declares it. A token shaped like an
// identifier ("__utma", "_ga_<container-id>") declares itself in any
// declaring place: the mention lookup's (a cell's head, an item's or
// line's head, quotes, a label), after a provider or host at its line's
// head, or in a list after another name. Capitals ("YSC", "DNT") and
// long catalogue names ("nmstat") must be known as written or in other
// case; an ordinary word that is also a name ("token", "login") is
// declared only alone in a table cell beside a lifetime, after a name
// label or in quotes.
func (s *mentionSearch) knownDeclared(ri, ti int, inList bool) bool {
	tok := s.toks(ri)[ti]
	known := defaultKnownNames()
	level := known.level(tok.text)
	near := level == unknownName && known.nearly(tok.text)
	if level == unknownName && !near {
		return false
	}
	if _, _, ok := splitKnownPair(tok.text); ok && level < knownFolded {
		return false // "_ga_gid": two names run together, the record reader's
	}
	if cutGluedWord(tok.text) != tok.text {
		return false // a name with the next cell's word run into it ("_gatThese"): the record reader's
	}
	lower := strings.ToLower(tok.text)
	if stopWords[lower] || glueWords[lower] || headerWords[lower] || isVendorWord(tok.text) || productNames[lower] {
		return false
	}
	text := s.recordText(ri, tok.cell)
	if tok.labelled && !tok.quoted && !tok.head && !mentionNameLabelRE.MatchString(text[:tok.start]) {
		// "this cookie will be named _dc_gtm_<property-id>": another
		// form of the name the record declares.
		return false
	}
	switch {
	case identifierShaped(tok.text):
		return inList || s.declaring(ri, ti) || s.afterProvider(ri, ti) || tok.cell < 0 && level != knownByPrefix && s.amongNames(ri, ti)
	case !wordLikeName(tok.text):
		// Capitals and catalogue names that are not words.
		if level < knownFolded || len(tok.text) < 3 {
			return false
		}
		if acronyms[tok.text] || !isLetters(tok.text) {
			// "DNT" in a name cell beside its lifetime, not "GDPR" in a
			// sentence or a table of rights.
			return s.aloneInCell(ri, ti) && rowHasLifetimeCell(s.records[ri], tok.cell)
		}
		return inList || s.declaring(ri, ti) || s.afterProvider(ri, ti) || tok.cell < 0 && level == knownExact && s.amongNames(ri, ti)
	default:
		if (level >= knownFolded || known.nearly(tok.text)) && s.aloneOnLine(ri, ti) {
			return true // "utma" on its own line under "Google Analytics"
		}
		if tok.head && tok.start > 0 && mentionFieldLabelRE.MatchString(text[:tok.start]) && countWords(text[:tok.start]) <= 3 {
			return level >= knownFolded || known.nearly(tok.text) // "Campaign tracker: utmz"
		}
		if level != knownExact || len(tok.text) < 4 || !s.wordDeclared(ri, ti) {
			return false
		}
		return s.aloneInCell(ri, ti) && rowHasLifetimeCell(s.records[ri], tok.cell) || tok.labelled && mentionNameLabelRE.MatchString(text[:tok.start])
	}
}

// aloneInCell reports whether a token fills a table row's cell alone and
// the row states a lifetime or the cell is the row's first: a name cell.
func (s *mentionSearch) aloneInCell(ri, ti int) bool {
	tok := s.toks(ri)[ti]
	r := s.records[ri]
	if tok.cell < 0 || len(r.cells) < 2 || strings.Trim(r.cells[tok.cell], " \"'`“”‘’*") != tok.text {
		return false
	}
	if tok.cell == 0 {
		return true
	}
	_, life := rowMentionLifetime(r, tok.cell)
	return life.Known()
}

// rowHasLifetimeCell reports whether a cell of a row other than the
// name's is only a lifetime ("2 years", "Session").
func rowHasLifetimeCell(r mentionRecord, nameCell int) bool {
	for i, c := range r.cells {
		if i != nameCell && isDurationLine(strings.TrimRight(strings.TrimSpace(c), ".")) {
			return true
		}
	}
	return false
}

// afterProvider reports whether a token is the first name of its line or
// cell after a provider's or a host's name ("Google Analytics __utma …",
// "google.co.uk _utma _utmb …"): up to three capitalised words before it,
// one of them a known vendor's or a host name.
func (s *mentionSearch) afterProvider(ri, ti int) bool {
	tok := s.toks(ri)[ti]
	if tok.cell > 0 {
		return false
	}
	lead := strings.TrimLeft(s.recordText(ri, tok.cell)[:tok.start], "•·▪*–—- ")
	before := strings.Fields(lead)
	if len(before) == 0 || len(before) > 3 {
		return false
	}
	for _, w := range before {
		if !(asciiUpper(w[0]) && isLetters(w) || looksLikeDomain(w)) {
			return false
		}
	}
	return len(before) == 1 && (looksLikeDomain(before[0]) || isVendorWord(before[0])) || vendorPhrase(strings.TrimSpace(lead))
}

// vendorPhrase reports whether a text is a known vendor's name ("Google
// Analytics", "YouTube").
func vendorPhrase(text string) bool {
	f := strings.FieldsFunc(text, notWordRune)
	if len(f) == 0 {
		return false
	}
	for _, a := range vendors().byFirstWord[strings.ToLower(f[0])] {
		if strings.EqualFold(a.text, text) {
			return true
		}
	}
	return false
}

// amongNames reports whether a record of running text already declares
// two names or more besides token ti: a table or list run onto one line,
// where every known name is one of the list.
func (s *mentionSearch) amongNames(ri, ti int) bool {
	n := 0
	for j, t := range s.toks(ri) {
		if j != ti && t.text != s.toks(ri)[ti].text && s.known[t.text] {
			n++
		}
	}
	return n >= 2
}

// aloneOnLine reports whether a token is a line of its own, under a
// provider's line or beside another such name ("Google Analytics" /
// "utma" / "utmz").
func (s *mentionSearch) aloneOnLine(ri, ti int) bool {
	r := s.records[ri]
	if r.kind == mentionRow || r.text != s.toks(ri)[ti].text {
		return false
	}
	alone := func(j int) bool {
		if j < 0 || j >= len(s.records) || s.records[j].kind == mentionRow {
			return false
		}
		t := s.records[j].text
		return vendorPhrase(t) || isVendorWord(t) || len(s.toks(j)) == 1 && s.toks(j)[0].text == t && s.known[t]
	}
	return alone(ri-1) || alone(ri+1)
}

// knownLifetime reads the lifetime a known name's record states: the
// mention lookup's window (the row's lifetime cells, the text up to the
// next name, or the records under a name standing alone), else a
// lifetime closing its window ("… analytical purposes 2 years from
// set/update").
func (s *mentionSearch) knownLifetime(ri, ti int) (string, Lifetime) {
	if text, life := s.lifetime(mentionHit{record: ri, token: ti, declaring: true}); life.Known() {
		return text, life
	}
	tok := s.toks(ri)[ti]
	if tok.cell >= 0 {
		return "", Lifetime{}
	}
	text := s.records[ri].text
	end := s.nextName(ri, ti)
	if end-tok.end > maxRecordBytes {
		return "", Lifetime{}
	}
	if e := lifetimeIn(text[tok.end:end]); e != "" {
		return e, WrittenLifetime(e)
	}
	return "", Lifetime{}
}
