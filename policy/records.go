package policy

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The record reader is the reader's second pass. Where the layout readers
// (tables, lists, labelled blocks, prose) each know one way of writing a
// declaration, it looks at every name-shaped token of the page and weighs
// signals that do not depend on layout: the token's shape, whether it is a
// known cookie name, where it stands in its block (the head of a line, a
// list item or a cell; after a label; in quotes), what follows it (a
// separator, a lifetime label), and what its record holds (a lifetime,
// purpose wording, the word cookie). A record runs from a name to the next
// name: the rest of its line, item or cell and, for a name standing alone
// as a heading, the paragraphs under it. Names declared together ("_utmb &
// _utmc") share one record. The record reader adds the names the layout
// readers missed, with the lifetime their record states.

// sectionState is the reader's section state (heading, category and vendor
// in force) when it reached a block, kept so that the second pass can give
// a name the category and provider of the section it stands in.
type sectionState struct {
	heading                string
	category               Category
	catStrong, catFromPara bool
	emptyRun               int
	sectionVend            string
	listVendor             string
}

func (r *reader) sectionState() sectionState {
	return sectionState{r.heading, r.category, r.catStrong, r.catFromPara, r.emptyRun, r.sectionVend, r.listVendor}
}

func (r *reader) setSectionState(s sectionState) {
	r.heading, r.category, r.catStrong, r.catFromPara, r.emptyRun, r.sectionVend, r.listVendor =
		s.heading, s.category, s.catStrong, s.catFromPara, s.emptyRun, s.sectionVend, s.listVendor
}

// nameToken is one name-shaped token of a block and its signals.
type nameToken struct {
	name       string
	block      int // index into reader.blocks
	start, end int // byte offsets of the name in the block's text
	shape      nameShape
	known      knownLevel
	plainWord  bool // lower-case letters only ("vary"): a name only in a declaring context
	// lettersOnly is an unknown token of letters alone ("SurveyMonkey",
	// "PAE", "MemberLoggedIn"): a product, an acronym or a name, a name
	// only with a lifetime in its record.
	lettersOnly bool
	// dottedWords is a token of capitalised words joined by dots, as two
	// sentences run together are written too.
	dottedWords bool
	head        bool // first token of its line, item or cell, or after a label ("Visitor ID: _utma")
	quoted      bool // in quotes or backticks
	separated   bool // followed by a separator, a lifetime label or the end of its block
	glued       bool // cut out of a longer token ("Analytics_ga")
	joinedPrev  bool // joined to the token before it by "&", "and", "," or "/"
	// layoutBlock is a token of a block a layout reader declared names
	// from; layoutName is one of the names it declared there.
	layoutBlock, layoutName bool
	// namedInProse is a token that running text names as a cookie ("a
	// cookie named X", "usually called X", "the X cookie").
	namedInProse bool
	features     recordFeatures
	candidate    bool // could be a declared name in its place (tokenFeatures)
	score        float64
	accepted     bool
}

// The record reader's signals, one feature each in a token's feature
// vector. Binary features are 0 or 1.
const (
	fStrongShape    = iota // shaped like an identifier (underscores, digits, camelCase, capitals)
	fWeakShape             // a name only where the layout says so ("connect.sid", "menupath")
	fKnownExact            // a known cookie name as written
	fKnownFolded           // a known name in other case
	fKnownPrefix           // starts with a known wildcard name's fixed part
	fHead                  // heads its line, item or cell, or follows a label
	fQuoted                // in quotes or backticks
	fSeparated             // followed by a separator, a lifetime label or its block's end
	fGlued                 // cut out of a longer token
	fJoined                // joined to the token before it by "&", "and", "," or "/"
	fInsideRecord          // in the running text of a line that does not start with a name
	fAfterOwnName          // in the description of a name heading its line
	fLifetime              // its record states a lifetime
	fPurpose               // its record says what a cookie does
	fCookieWord            // its record or block says "cookie"
	fSiblings              // names around it were read as declared (second round)
	fLayoutBlock           // a layout reader declared names from its block
	fNamedInProse          // running text names it as a cookie ("a cookie named X", "usually called X", "the X cookie")
	fDigitStart            // starts with a digit ("4HGAllowGoogleTracking", "1P_JAR")
	fInRow                 // stands in a table row
	fHeadLifetime          // heads its record, and the record states a lifetime
	fInsideLifetime        // in running text, and its record states a lifetime
	fLayoutHead            // heads its line or cell in a layout reader's block
	nRecordFeatures
)

// recordFeatureNames names the features, in order, for the generated
// weights file and the training report.
var recordFeatureNames = [nRecordFeatures]string{
	"strong shape", "weak shape", "known exact", "known folded", "known prefix", "head", "quoted", "separated",
	"glued", "joined", "inside record", "after own name", "lifetime", "purpose", "cookie word", "siblings",
	"layout block", "named in prose", "digit start", "in row", "head and lifetime", "inside and lifetime",
	"layout head",
}

// recordFeatures is one token's feature vector.
type recordFeatures [nRecordFeatures]float64

// recordWeights weighs a token's features: it is read as a declared name
// when Bias plus the weighted features is at least 0 (a logistic model's
// probability of at least one half).
type recordWeights struct {
	Bias float64
	W    recordFeatures
}

// recordWeightsInUse are the weights the reader uses: learned from the
// annotated corpora (recordweights_gen.go) or set by hand, whichever
// scored better on batches left out of training (TestRecordWeightsHeldOut).
var recordWeightsInUse = &handRecordWeights

// best returns the highest score a token with feature k can reach.
func (w *recordWeights) best(k int) float64 {
	s := w.Bias + w.W[k]
	for j, v := range w.W {
		if j != k && v > 0 {
			s += v
		}
	}
	return s
}

// score returns the weighted sum of f.
func (w *recordWeights) score(f *recordFeatures) float64 {
	s := w.Bias
	for k, v := range f {
		s += w.W[k] * v
	}
	return s
}

// handRecordWeights are the weights set by hand before any were learned
// (a threshold of 4); a layout reader's block is left to it.
var handRecordWeights = recordWeights{Bias: -4.0, W: recordFeatures{
	fStrongShape: 2.0, fWeakShape: 0.5, fKnownExact: 2.0, fKnownFolded: 1.0, fKnownPrefix: 1.0, fHead: 1.5,
	fQuoted: 1.0, fSeparated: 0.5, fGlued: -1.0, fJoined: 1.0, fInsideRecord: -1.5, fAfterOwnName: -3.0,
	fLifetime: 1.5, fPurpose: 0.5, fCookieWord: 0.5, fSiblings: 1.5, fLayoutBlock: -100, fNamedInProse: 3.0,
}}

// fieldSpans returns the byte offsets of the whitespace-separated tokens
// of text, as strings.Fields splits them.
func fieldSpans(text string) [][2]int {
	locs := make([][2]int, 0, len(text)/6)
	start := -1
	for i, c := range text {
		if unicode.IsSpace(c) {
			if start >= 0 {
				locs = append(locs, [2]int{start, i})
				start = -1
			}
		} else if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		locs = append(locs, [2]int{start, len(text)})
	}
	return locs
}

// purposeRE finds the wording with which a record says what a cookie does.
var purposeRE = regexp.MustCompile(`(?i)\b(used (to|for|by|in)|uses?|stores?|remembers?|tracks?|records?|identif\w+|distinguish\w*|registers?|collects?|saves?|keeps?|allows?|enables?|helps?|sets?|holds?|contains?|determines?|checks?|manages?|prevents?|provides?)\b`)

// lifetimeLabelRE finds a lifetime label after a name ("SS Expiry 10
// years") or opening a field ("Retention: 1 year").
var lifetimeLabelRE = regexp.MustCompile(`(?i)^(expiry|expires?|expiration|duration|lifetime|life span|retention|retained|persistence|max-age)\b`)

// joinWordRE finds the words and marks that join two names declared
// together: "&", "and", ",", "/", "or", "|".
var joinWordRE = regexp.MustCompile(`^(?:\s*(?:,|&|/|\||\band\b|\bor\b)\s*)+$`)

// joinsNames reports whether the text between two names declares them
// together: joinWordRE's words, in or out of brackets ("__utma (and
// __utmb, __utmc)"); a bracket alone ("__lc_cst (customerSecureToken)")
// holds another form of the name, not a second name.
func joinsNames(gap string) bool {
	if !strings.ContainsAny(gap, "()") {
		return joinWordRE.MatchString(gap)
	}
	return len(gap) <= 12 && joinWordRE.MatchString(strings.NewReplacer("(", " ", ")", " ").Replace(gap))
}

// readRecords runs the second pass over the page.
func (r *reader) readRecords() {
	if len(r.names) > MaxDeclaredNames || !r.aboutCookies() {
		return
	}
	toks := r.nameTokens()
	if len(toks) == 0 {
		return
	}
	// Under weights that can never accept a token of a layout reader's
	// block, its tokens are context only and are not weighed (unless the
	// weights are being learned from them).
	layoutHopeless := r.weights.best(fLayoutBlock) < 0 && r.recordCandidates == nil
	// Two rounds: the second adds what the first accepted around each
	// token (a list of names is read as one).
	for round := 0; round < 2; round++ {
		for i := range toks {
			if toks[i].layoutBlock && layoutHopeless {
				toks[i].candidate = false
				toks[i].accepted = toks[i].layoutName
				continue
			}
			toks[i].features, toks[i].candidate = r.tokenFeatures(toks, i, round)
			toks[i].score = r.weights.score(&toks[i].features)
		}
		for i := range toks {
			toks[i].accepted = toks[i].candidate && toks[i].score >= 0 || toks[i].layoutName
		}
		// A name joined to an accepted one is declared with it.
		for i := 1; i < len(toks); i++ {
			if toks[i].joinedPrev && toks[i-1].accepted && toks[i].shape != shapeNone {
				toks[i].accepted = true
			}
		}
		for i := len(toks) - 2; i >= 0; i-- {
			if toks[i+1].joinedPrev && toks[i+1].accepted && toks[i].shape == shapeStrong {
				toks[i].accepted = true
			}
		}
	}
	if r.recordCandidates != nil {
		folded := map[string]bool{}
		for n := range r.names {
			folded[strings.ToLower(n)] = true
		}
		for _, t := range toks {
			if t.candidate && !folded[strings.ToLower(t.name)] {
				r.recordCandidates(t)
			}
		}
	}
	r.declareRecords(toks)
}

// aboutCookies reports whether the page speaks of cookies at all; a page
// that does not (a help page, a privacy notice about other data) declares
// nothing.
func (r *reader) aboutCookies() bool {
	for _, b := range r.blocks {
		if containsFold(b.text, "cookie") {
			return true
		}
	}
	return false
}

// nameTokens finds the name-shaped tokens of every block.
func (r *reader) nameTokens() []nameToken {
	var toks []nameToken
	known := defaultKnownNames()
	for bi, b := range r.blocks {
		text := b.text
		if !utf8.ValidString(text) || len(text) > 100_000 {
			continue
		}
		layoutBlock := bi < len(r.consumed) && r.consumed[bi]
		// Heads: the start of the block, and of every cell of a row.
		heads := map[int]bool{0: true}
		if b.kind == blockRow {
			off := 0
			for _, c := range b.cells {
				c = normalizeSpace(c)
				if k := strings.Index(text[off:], c); k >= 0 && c != "" {
					heads[off+k] = true
					off += k + len(c)
				}
			}
		}
		locs := fieldSpans(text)
		firstTok := len(toks)
		for wi, loc := range locs {
			raw := text[loc[0]:loc[1]]
			head := heads[loc[0]] || wi > 0 && labelEnds(text[:loc[0]], locs[:wi]) ||
				b.kind != blockRow && wi == 1 && isNumbering(text[locs[0][0]:locs[0][1]]) // "2. _utma Google Analytics Cookie" left as a paragraph
			if w, ok := runningWord(raw); ok && !head && !known.exact[w] {
				continue // most tokens: a word of running text, never a name there
			}
			inProse := namedInProse(text[:loc[0]], text[loc[1]:])
			t, ok := readToken(raw, !inProse)
			if !ok {
				continue
			}
			start := loc[0] + strings.Index(raw, t.name)
			t.block, t.start, t.end = bi, start, start+len(t.name)
			t.head = head
			if a, b, ok := splitKnownPair(t.name); ok && t.known < knownFolded {
				// "_ga_gid": two known names run together; the first is
				// read here, the second joined to it.
				first := t
				first.name, first.end, first.shape, first.known = a, start+len(a), shapeStrong, knownExact
				first.layoutBlock = layoutBlock
				first.layoutName = layoutBlock && r.names[a]
				first.namedInProse = inProse
				if n := len(toks); n > firstTok && toks[n-1].block == bi {
					first.joinedPrev = joinsNames(text[toks[n-1].end:first.start])
				}
				toks = append(toks, first)
				t.name, t.start, t.known, t.joinedPrev = b, first.end, knownExact, true
			}
			t.layoutBlock = layoutBlock
			t.layoutName = layoutBlock && r.names[t.name]
			t.namedInProse = inProse
			if t.dottedWords && !t.head {
				continue
			}
			if (t.plainWord || t.lettersOnly) && !t.head && !t.quoted && !t.namedInProse && t.known < knownExact && t.shape != shapeStrong {
				continue // a word of running text
			}
			rest := strings.TrimSpace(text[t.end:])
			t.separated = rest == "" || strings.HasPrefix(rest, "-") || strings.HasPrefix(rest, "–") || strings.HasPrefix(rest, "—") ||
				strings.HasPrefix(rest, ":") || strings.HasPrefix(rest, "|") || strings.HasPrefix(rest, "(") || lifetimeLabelRE.MatchString(rest) ||
				heads[loc[1]+1]
			if n := len(toks); n > firstTok && toks[n-1].block == bi && !t.joinedPrev {
				t.joinedPrev = joinsNames(text[toks[n-1].end:t.start])
			}
			toks = append(toks, t)
		}
	}
	return toks
}

// namedInProse reports whether the words around a token name it as a
// cookie: "a cookie called X", "the session cookie, usually called X",
// "the cookie named X", "called something like X" in a sentence about a
// cookie, or "the X cookie".
func namedInProse(before, after string) bool {
	b := strings.TrimRightFunc(before, unicode.IsSpace)
	sentence := b[max(0, len(b)-80):]
	if k := strings.LastIndexAny(sentence, ".!?\n"); k >= 0 {
		sentence = sentence[k+1:]
	}
	sentence = strings.ToLower(sentence)
	for _, lead := range []string{"called", "named", "called something like", "known as"} {
		if strings.HasSuffix(sentence, " "+lead) && strings.Contains(sentence, "cookie") {
			return true
		}
	}
	if !strings.HasSuffix(" "+sentence, " the") {
		return false
	}
	a := strings.TrimLeftFunc(after, unicode.IsSpace)
	return len(a) >= 6 && strings.EqualFold(a[:6], "cookie")
}

// productNames are content-management and booking systems whose names
// head the sections listing their cookies ("ExpressionEngine") and are
// never cookie names themselves.
var productNames = map[string]bool{
	"expressionengine": true, "wordpress": true, "drupal": true, "joomla": true, "umbraco": true, "moodle": true,
	"squarespace": true, "sitecore": true, "kentico": true, "magento": true, "shopify": true, "sharepoint": true,
	"craftcms": true, "silverstripe": true, "contao": true, "typo3": true, "episerver": true, "optimizely": true,
	"ticketsolve": true, "spektrix": true, "tessitura": true, "eventbrite": true, "bookwhen": true, "liquidlogic": true,
	"smartsurvey": true, "surveymonkey": true, "javascript": true,
}

// splitKnownPair splits a token that is two known names run together at
// an underscore ("_ga_gid" for "_ga" and "_gid"), both known as written;
// it returns false for any other token.
func splitKnownPair(s string) (string, string, bool) {
	known := defaultKnownNames()
	for i := 2; i < len(s)-2; i++ {
		if s[i] != '_' {
			continue
		}
		a, b := s[:i], s[i:]
		if known.exact[a] && known.exact[b] && classifyName(a) == shapeStrong && classifyName(b) == shapeStrong {
			return a, b, true
		}
	}
	return "", "", false
}

// runningWord returns the word a raw token holds when it is a plain word
// of running text: letters and hyphens, capitalised at most at its first
// letter, with no quotes and at most closing punctuation after it. Such a
// word is never shaped like an identifier, so tokenName would read it only
// where the layout declares it or when it is a known name as written;
// checking this first spares most tokens of a page the full reading.
func runningWord(raw string) (string, bool) {
	w := strings.TrimRight(raw, ",;.)!?")
	if w == "" || strings.HasSuffix(raw, ":") {
		return "", false
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if !(c >= 'a' && c <= 'z' || c == '-' && i > 0 || i == 0 && c >= 'A' && c <= 'Z') {
			return "", false
		}
	}
	return w, true
}

// isNumbering reports whether a token numbers a heading or an item ("2.",
// "(b)", "iv)").
func isNumbering(s string) bool {
	s = strings.Trim(s, "().")
	if s == "" || len(s) > 3 {
		return false
	}
	for _, c := range s {
		if !unicode.IsDigit(c) && !(len(s) == 1 && unicode.IsLetter(c)) {
			return false
		}
	}
	return true
}

// labelEnds reports whether the text before a token ends with a short
// label and a colon ("Visitor ID:", "Specific cookie:", "Name:").
func labelEnds(before string, prev [][2]int) bool {
	b := strings.TrimSpace(before)
	if !strings.HasSuffix(b, ":") || len(prev) > 5 {
		return false
	}
	return countWords(b) <= 4
}

// tokenName reads a raw token into a name candidate: the quotes, brackets
// and punctuation around it come off, and a known name glued to a word
// ("Analytics_ga", "reCAPTCHA_GRECAPTCHAProvides") is cut out.
func tokenName(raw string) (nameToken, bool) { return readToken(raw, true) }

// readToken is tokenName, cutting a glued description word off only when
// cutGlue is set: a name running text calls a cookie ("usually called
// MoodleSession") is written whole.
func readToken(raw string, cutGlue bool) (nameToken, bool) {
	var t nameToken
	if len(raw) > 4 && strings.HasPrefix(raw, "**") && strings.HasSuffix(strings.TrimRight(raw, ",;:.)"), "**") {
		raw = strings.Trim(raw, "*,;:.)") // markdown bold ("**Forms**"), not a wildcard
	}
	s := strings.TrimLeft(raw, "([{•·*\"'‘“`")
	opened := len(s) < len(raw) && strings.ContainsAny(raw[:len(raw)-len(s)], "\"'‘“`")
	trimmed := strings.TrimRight(s, ",;:.)]}\"'’”`!?|")
	t.quoted = opened && len(trimmed) < len(s) && strings.ContainsAny(s[len(trimmed):], "\"'’”`")
	s = trimmed
	if strings.HasSuffix(raw, ":") && !strings.Contains(s, "_") {
		return t, false // a label ("CleanTalk:", "Name:")
	}
	if s == "" || len(s) > 80 {
		return t, false
	}
	if cutGlue {
		s = cutGluedWord(s)
	}
	if s == "" || commonWordsOnly(s) {
		return t, false
	}
	known := defaultKnownNames()
	t.name, t.shape, t.known = s, classifyName(s), known.level(s)
	if productNames[strings.ToLower(s)] && t.known < knownExact {
		return t, false // a CMS or booking system's name heads its section, never a cookie
	}
	if t.shape == shapeNone && s[0] >= '0' && s[0] <= '9' {
		// "4HGAllowGoogleTracking": an identifier after a leading number.
		if rest := strings.TrimLeft(s, "0123456789"); len(rest) >= 6 && classifyName(rest) == shapeStrong && !isLetters(strings.ToLower(rest)) == false && strings.ToLower(rest) != rest {
			t.shape = shapeStrong
		}
	}
	if t.shape == shapeNone && dottedIdentRE.MatchString(s) {
		// "AspNetCore.Antiforgery", "Reflect.Session": words joined by
		// dots, a name only at the head of its line or cell.
		t.shape, t.dottedWords = shapeWeak, true
	}
	if t.shape == shapeNone && t.known < knownFolded {
		if g := gluedKnownName(s); g != "" {
			t.name, t.shape, t.known, t.glued = g, classifyName(g), known.level(g), true
			return t, true
		}
		return t, false
	}
	if t.shape == shapeStrong && t.known == unknownName {
		if g := gluedKnownName(s); g != "" && g != s {
			t.name, t.shape, t.known, t.glued = g, classifyName(g), known.level(g), true
			return t, true
		}
	}
	if stopWords[strings.ToLower(s)] || acronyms[s] || capitalsWord(s) || isVendorWord(s) || looksLikeDomain(s) {
		return t, false
	}
	t.plainWord = isLetters(strings.ReplaceAll(s, "-", "")) && (strings.ToLower(s) == s || strings.Contains(s, "-") && strings.ToLower(s[1:]) == s[1:])
	if t.plainWord && glueWords[strings.ToLower(s)] {
		return t, false
	}
	t.lettersOnly = isLetters(s) && t.known < knownExact
	if isLetters(s) && strings.ToUpper(s) == s && (t.known < knownFolded || t.shape == shapeNone) {
		// Capitals alone ("SS", "SAML", "SOCIETY"): an acronym or a
		// heading's word unless the layout says it is a name.
		t.shape = shapeWeak
	}
	if t.shape == shapeNone && t.known < knownExact {
		return t, false
	}
	return t, true
}

// gluedKnownName finds a known name glued to the words around it, as text
// copied from a page without the spaces between cells runs them together
// ("Google Analytics_ga", "DoubleClick__gadsProvides"): it starts where a
// lower-case letter meets a capital or an underscore and is the longest
// known name from there that looks like an identifier.
func gluedKnownName(s string) string {
	known := defaultKnownNames()
	best := ""
	for i := 1; i < len(s); i++ {
		prev, c := s[i-1], s[i]
		if !(prev >= 'a' && prev <= 'z' && (c >= 'A' && c <= 'Z' || c == '_') || prev >= 'A' && prev <= 'Z' && c == '_') || i < 4 && s[:i] != "and" && s[:i] != "or" {
			continue // the word before must be a word ("Analytics", "token"), not a name's prefix ("dmsTPC")
		}
		for j := len(s); j > i+2; j-- {
			sub := s[i:j]
			if len(sub) <= len(best) {
				break
			}
			if known.level(sub) == knownExact && classifyName(sub) == shapeStrong && !acronyms[sub] {
				best = sub
				break
			}
		}
	}
	return best
}

// hostNameRE matches a host name ("www.senedd.wales", "example.co.uk").
var hostNameRE = regexp.MustCompile(`^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:uk|com|org|net|wales|cymru|scot|gov|tv|io|info|eu|ie|biz|ai|co|app|me)$`)

// looksLikeDomain reports whether a token is a host name rather than a
// cookie name.
func looksLikeDomain(s string) bool {
	return strings.Count(s, ".") >= 1 && hostNameRE.MatchString(strings.ToLower(s)) && !strings.Contains(s, "_")
}

// notAName reports whether a token a layout reader took for a name is a
// column's header word ("Name"), a label ("CleanTalk:") or a host name
// ("www.example.org"): the record reader's vetoes.
func notAName(name string) bool {
	return headerWords[strings.ToLower(name)] || capitalsWord(name) || strings.HasSuffix(name, ":") || looksLikeDomain(name) ||
		productNames[strings.ToLower(name)] && defaultKnownNames().level(name) < knownExact ||
		len(name) > 4 && strings.HasPrefix(name, "**") && strings.HasSuffix(name, "**") // markdown bold: a heading
}

// capitalsWord reports whether a token is an English word written in
// capitals, as headings and labels are ("ABOUT COOKIES", "NOTE:",
// "MARKETING (OPTIONAL)"), not a server-set name ("ANONSERVERID").
func capitalsWord(s string) bool {
	if len(s) < 3 || !isLetters(s) || strings.ToUpper(s) != s {
		return false
	}
	lower := strings.ToLower(s)
	return headingWords[lower]
}

// headingWords are English words that open capitals headings and labels
// of cookie pages and are never cookie names. Column words that are also
// names ("SESSION") are left out.
var headingWords = map[string]bool{
	"marketing": true, "analytics": true, "necessary": true, "functional": true, "essential": true,
	"performance": true, "advertising": true, "first": true, "third": true, "party": true, "strictly": true,
	"optional": true, "required": true, "these": true, "this": true, "when": true, "used": true,
	"about": true, "note": true, "please": true, "what": true, "how": true, "why": true, "your": true,
	"use": true, "using": true, "managing": true, "manage": true, "contact": true, "privacy": true,
	"policy": true, "notice": true, "important": true, "warning": true, "changes": true, "statistics": true,
	"preferences": true, "targeting": true, "social": true, "media": true, "website": true, "site": true,
	"following": true, "list": true, "table": true, "our": true, "also": true, "all": true, "who": true,
}

// headerWords head a table's columns and never name a cookie.
var headerWords = map[string]bool{"name": true, "cookie": true, "cookies": true, "purpose": true, "expiry": true, "expires": true,
	"duration": true, "provider": true, "description": true, "type": true, "category": true, "domain": true, "lifetime": true}

// dropNonNames removes the layout readers' declarations that notAName
// vetoes.
func (r *reader) dropNonNames() {
	var kept []Declaration
	for _, d := range r.doc.Declared {
		if notAName(d.Name) {
			delete(r.names, d.Name)
			continue
		}
		if a, b, ok := splitKnownPair(d.Name); ok && defaultKnownNames().level(d.Name) < knownFolded {
			// "_ga_gid": two known names run together, declared apart.
			delete(r.names, d.Name)
			for _, n := range []string{a, b} {
				if !r.names[n] {
					r.names[n] = true
					e := d
					e.Name = n
					kept = append(kept, e)
				}
			}
			continue
		}
		kept = append(kept, d)
	}
	if kept == nil {
		kept = []Declaration{}
	}
	r.doc.Declared = kept
}

// glueWords are the words that open a description or a cell and that
// text copied without the spaces between cells glues to the name before
// them ("_gaThese help us count", "NIDSet by Google", "ExpiresAfter 100
// days").
var glueWords = map[string]bool{
	"these": true, "this": true, "used": true, "uses": true, "set": true, "sets": true, "saves": true, "tracks": true,
	"checks": true, "lets": true, "contains": true, "after": true, "when": true, "handles": true, "stores": true,
	"remembers": true, "provides": true, "records": true, "is": true, "a": true, "an": true, "the": true, "it": true,
	"if": true, "allows": true, "enables": true, "helps": true, "registers": true, "collects": true, "determines": true,
	"identifies": true, "keeps": true, "holds": true, "causes": true, "expires": true, "session": true, "persistent": true,
	"notes": true, "name": true, "purpose": true, "duration": true, "expiry": true, "type": true, "we": true, "our": true,
	"to": true, "in": true, "for": true, "cookie": true, "cookies": true, "description": true, "provider": true,
	"personal": true, "data": true, "timestamps": true, "stored": true, "expiration": true, "lifetime": true,
	"category": true, "domain": true, "necessary": true, "essential": true, "analytics": true, "functional": true,
	"marketing": true, "first": true, "third": true, "party": true, "until": true, "end": true, "of": true,
}

// cutGluedWord cuts a description's first word off the name it was glued
// to ("_gaThese" to "_ga", "CookieControlSaves" to "CookieControl"); a
// token that is only the glued word and the words before it stays whole
// for commonWordsOnly to judge.
func cutGluedWord(s string) string {
	end := len(s)
	k := end - 1
	for k > 0 && s[k] >= 'a' && s[k] <= 'z' {
		k--
	}
	if k <= 0 || s[k] < 'A' || s[k] > 'Z' {
		return s
	}
	word := s[k:]
	prev := s[k-1]
	if !(prev >= 'a' && prev <= 'z' || prev >= '0' && prev <= '9' || prev == '_' || prev == '>' || prev == '}' || prev == '*' || prev == ']' ||
		prev >= 'A' && prev <= 'Z' && len(word) > 1) {
		return s
	}
	if glueWords[strings.ToLower(word)] && !keepGlued[strings.ToLower(word)] || isVendorWord(word) || defaultKnownNames().level(s[:k]) == knownExact && defaultKnownNames().level(s) != knownExact {
		return s[:k]
	}
	return s
}

// keepGlued are glue words that also end real names ("MemberLoggedIn",
// "OptOut"), never cut off.
var keepGlued = map[string]bool{"name": true, "cookie": true, "cookies": true, "in": true, "to": true, "for": true, "of": true, "end": true, "first": true, "third": true, "party": true, "until": true, "our": true, "we": true}

// recordLifetime returns lifetimeIn(span), computed once per span.
func (r *reader) recordLifetime(span string) string {
	if e, ok := r.recordLifetimes[span]; ok {
		return e
	}
	if r.recordLifetimes == nil {
		r.recordLifetimes = map[string]string{}
	}
	e := lifetimeIn(span)
	r.recordLifetimes[span] = e
	return e
}

// lifetimeIn returns the lifetime a record states: a sentence stating one
// (expiryIn), the whole record when it is only a lifetime ("Expiry 10
// years" after its label), or a lifetime closing the record, as the last
// cell of a row copied as running text ("... analytical purposes. 2 years
// from set/update").
func lifetimeIn(span string) string {
	if e := expiryIn(span); e != "" {
		return e
	}
	t := strings.TrimSpace(strings.Trim(span, " |-–:.\n"))
	if m := lifetimeLabelRE.FindString(t); m != "" {
		t = strings.TrimSpace(strings.TrimLeft(t[len(m):], " :-–"))
	}
	if isDurationLine(t) {
		return t
	}
	last := t
	if k := strings.LastIndexAny(t, ".!?\n"); k >= 0 {
		last = strings.TrimSpace(t[k+1:])
	}
	if last != "" && len(last) <= 40 && countWords(last) <= 7 {
		if WrittenLifetime(last).Known() {
			return last
		}
	}
	// A lifetime cell closing a row run together without full stops
	// ("... analytical purposes 2 year from set / update").
	window := t
	if k := len(t) - 41; k > 0 {
		// A tail of at most 40 bytes (and a session ending) starts in the
		// last 41; the window opens at the space before them so that no
		// number or word is cut.
		window = t[max(0, strings.LastIndexByte(t[:k], ' ')):]
	}
	if locs := quantityRE.FindAllStringIndex(window, -1); len(locs) > 0 {
		tail := window[locs[len(locs)-1][0]:]
		if len(tail) <= 40 && countWords(tail) <= 6 {
			if WrittenLifetime(tail).Known() {
				return tail
			}
		}
	}
	if m := sessionTailRE.FindString(window); m != "" {
		return strings.TrimSpace(m)
	}
	return ""
}

// sessionTailRE finds a session lifetime closing a record.
var sessionTailRE = regexp.MustCompile(`(?i)\b(?:end of (?:the )?(?:browser |browsing )?session|session)\s*$`)

// commonWordsOnly reports whether a camel-case token is only words that
// open descriptions or head columns run together ("ExpiresAfter",
// "CookieNamePurpose"), not an identifier.
func commonWordsOnly(s string) bool {
	if !isLetters(s) {
		return false
	}
	var words []string
	start := 0
	for i := 1; i < len(s); i++ {
		if s[i] >= 'A' && s[i] <= 'Z' && s[i-1] >= 'a' && s[i-1] <= 'z' {
			words = append(words, s[start:i])
			start = i
		}
	}
	words = append(words, s[start:])
	if len(words) < 2 {
		return false
	}
	for _, w := range words {
		if !glueWords[strings.ToLower(w)] && !stopWords[strings.ToLower(w)] {
			return false
		}
	}
	return true
}

// recordSpan returns the text of token i's record: from the token's end to
// the next token that heads a record in the same block (or the block's
// end) and, for a name that stands alone at the head of a short block, the
// paragraphs under it up to the next heading or name.
func (r *reader) recordSpan(toks []nameToken, i int, accepted func(int) bool) string {
	t := toks[i]
	text := r.blocks[t.block].text
	end := len(text)
	for j := i + 1; j < len(toks) && toks[j].block == t.block; j++ {
		if !toks[j].joinedPrev && (accepted(j) || toks[j].head) {
			end = toks[j].start
			break
		}
	}
	if end < t.end {
		end = t.end
	}
	if end > t.end+maxRecordBytes {
		// A record is a row, an item or a paragraph; bounding it keeps a
		// page that is one long paragraph linear to read.
		end = t.end + maxRecordBytes
		for end > t.end && !utf8.RuneStart(text[end]) {
			end--
		}
	}
	span := text[t.end:end]
	if !t.head || end < len(text) || countWords(text) > 14 || expiryIn(span) != "" {
		return span
	}
	// A name line: its body follows in the next blocks.
	var b strings.Builder
	b.WriteString(span)
	next := i + 1
	for k := t.block + 1; k < len(r.blocks) && k <= t.block+4; k++ {
		nb := r.blocks[k]
		if nb.kind == blockHeading || nb.kind == blockRow {
			break
		}
		for next < len(toks) && toks[next].block < k {
			next++
		}
		if next < len(toks) && toks[next].block == k && toks[next].head && (accepted(next) || toks[next].shape == shapeStrong) {
			break
		}
		b.WriteString(" \n")
		b.WriteString(nb.text)
		if expiryIn(nb.text) != "" {
			break
		}
	}
	return b.String()
}

// maxRecordBytes bounds the text of one record.
const maxRecordBytes = 1200

// tokenFeatures returns token i's feature vector, or false when the
// token cannot be a declared name in its place whatever the weights: a
// plain word outside a declaring context, a product's or a heading's word
// with nothing in its record that makes it a name.
func (r *reader) tokenFeatures(toks []nameToken, i, round int) (recordFeatures, bool) {
	t := toks[i]
	var f recordFeatures
	one := func(k int, on bool) {
		if on {
			f[k] = 1
		}
	}
	one(fStrongShape, t.shape == shapeStrong)
	one(fWeakShape, t.shape == shapeWeak)
	one(fKnownExact, t.known == knownExact)
	one(fKnownFolded, t.known == knownFolded)
	one(fKnownPrefix, t.known == knownByPrefix)
	if t.plainWord && !(t.head || t.quoted) {
		return f, false // "language", "collect": names only in a declaring context
	}
	one(fHead, t.head)
	one(fQuoted, t.quoted)
	one(fSeparated, t.separated)
	one(fGlued, t.glued)
	one(fJoined, t.joinedPrev)
	one(fLayoutBlock, t.layoutBlock)
	one(fNamedInProse, t.namedInProse)
	one(fDigitStart, t.name[0] >= '0' && t.name[0] <= '9')
	one(fInRow, r.blocks[t.block].kind == blockRow)
	if !t.head && !t.quoted && !t.joinedPrev {
		// Inside running text: a name in someone else's description is a
		// mention, not a declaration.
		f[fInsideRecord] = 1
		for j := i - 1; j >= 0 && toks[j].block == t.block; j-- {
			if toks[j].head && (round == 0 || toks[j].accepted) {
				f[fAfterOwnName] = 1
				break
			}
		}
	}
	accepted := func(j int) bool {
		if round == 0 {
			return toks[j].shape == shapeStrong && toks[j].known >= knownFolded
		}
		return toks[j].accepted
	}
	span := r.recordSpan(toks, i, accepted)
	lifetime := r.recordLifetime(span) != ""
	one(fLifetime, lifetime)
	one(fHeadLifetime, lifetime && t.head)
	one(fInsideLifetime, lifetime && f[fInsideRecord] == 1)
	one(fLayoutHead, t.layoutBlock && t.head)
	switch {
	case t.plainWord && r.blocks[t.block].kind == blockRow && !t.quoted:
		return f, false // a table's plain word the table reader did not take
	case t.plainWord && t.known != knownExact && !(lifetime && t.separated && t.head):
		return f, false // a plain word ("one-off", "store") is a name only with a lifetime beside it
	case t.plainWord && !(t.separated || lifetime):
		return f, false
	case t.lettersOnly && !t.namedInProse && !lifetime && !(t.head && capitalsName(t.name) && r.blocks[t.block].kind != blockRow && describedNext(r.blocks[t.block].text[t.end:])):
		return f, false
	case t.dottedWords && !lifetime:
		return f, false
	case t.lettersOnly && !t.namedInProse && !(t.head && (t.separated || capitalsName(t.name) && describedNext(r.blocks[t.block].text[t.end:])) || t.quoted || round > 0 && r.siblingInBlock(toks, i)):
		return f, false
	}
	one(fPurpose, purposeRE.MatchString(span))
	one(fCookieWord, containsFold(span, "cookie") || containsFold(r.blocks[t.block].text, "cookie"))
	one(fSiblings, round > 0 && r.siblingsAccepted(toks, i))
	return f, true
}

// siblingsAccepted reports whether the names around token i were read as
// declared: another token in its block, or the head of the block before or
// after it. A name among declared names is one of a list.
func (r *reader) siblingsAccepted(toks []nameToken, i int) bool {
	t := toks[i]
	n := 0
	for j := i - 1; j >= 0 && toks[j].block >= t.block-2; j-- {
		if toks[j].accepted && (toks[j].block == t.block || toks[j].head && t.head) {
			n++
			break
		}
	}
	for j := i + 1; j < len(toks) && toks[j].block <= t.block+2; j++ {
		if toks[j].accepted && (toks[j].block == t.block || toks[j].head && t.head) {
			n++
			break
		}
	}
	if n == 0 {
		// The layout readers' names count too.
		for k := max(0, t.block-1); k <= min(len(r.blocks)-1, t.block+1); k++ {
			if k != t.block && r.declaredIn(k) {
				n++
			}
		}
	}
	return n > 0
}

// siblingInBlock reports whether another token of token i's block was
// read as a name (a table run together on one line).
func (r *reader) siblingInBlock(toks []nameToken, i int) bool {
	n := 0
	for j := i - 1; j >= 0 && toks[j].block == toks[i].block; j-- {
		if toks[j].accepted {
			n++
		}
	}
	for j := i + 1; j < len(toks) && toks[j].block == toks[i].block; j++ {
		if toks[j].accepted {
			n++
		}
	}
	return n >= 2
}

// dottedIdentRE matches words joined by dots with no space after them
// ("AspNetCore.Antiforgery").
var dottedIdentRE = regexp.MustCompile(`^\.?[A-Z][A-Za-z]{2,}(\.[A-Z][A-Za-z]{2,})+$`)

// describedNext reports whether the text after a name opens its
// description ("ANONSERVERID this is used to identify ..."): purpose
// wording within its first six words.
func describedNext(rest string) bool {
	f := strings.Fields(rest)
	return len(f) > 0 && purposeRE.MatchString(strings.Join(f[:min(len(f), 6)], " "))
}

// capitalsName reports whether a token is six or more capitals, as
// server-set names are written ("ANONSERVERID"); shorter ones are mostly
// acronyms.
func capitalsName(s string) bool { return len(s) >= 6 && strings.ToUpper(s) == s }

// declaredIn reports whether the layout readers declared a name at the
// head of block k.
func (r *reader) declaredIn(k int) bool {
	f := strings.Fields(r.blocks[k].text)
	if len(f) == 0 {
		return false
	}
	t, ok := tokenName(f[0])
	return ok && r.names[t.name]
}

// declareRecords adds the accepted names the layout readers missed, each
// with the lifetime and purpose of its record and the category and
// provider of its section.
func (r *reader) declareRecords(toks []nameToken) {
	folded := map[string]bool{}
	for n := range r.names {
		folded[strings.ToLower(n)] = true
	}
	saved := r.sectionState()
	defer r.setSectionState(saved)
	accepted := func(j int) bool { return toks[j].accepted }
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.head && r.blocks[t.block].kind != blockRow && r.names[t.name] {
			r.completeLifetime(t.name, r.recordLifetime(r.recordSpan(toks, i, accepted)))
		}
		if !t.accepted || folded[strings.ToLower(t.name)] {
			continue
		}
		// Names declared together share the record of the last of them.
		last := i
		for last+1 < len(toks) && toks[last+1].joinedPrev && toks[last+1].accepted {
			last++
		}
		span := r.recordSpan(toks, last, accepted)
		expiry := r.recordLifetime(span)
		purpose := strings.TrimSpace(strings.Trim(span, " |-–:"))
		if t.block < len(r.states) {
			r.setSectionState(r.states[t.block])
		}
		b := r.blocks[t.block]
		lifetimes := respectively(expiry, last-i+1)
		for k := i; k <= last; k++ {
			name := toks[k].name
			if folded[strings.ToLower(name)] {
				continue
			}
			folded[strings.ToLower(name)] = true
			r.declare(name, purpose, lifetimes[k-i], r.providerFor(""), r.categoryFor("", purpose), r.where(b))
		}
		i = last
	}
}

// completeLifetime gives the layout readers' declarations of name that
// have no lifetime the one their record states.
func (r *reader) completeLifetime(name, expiry string) {
	life := WrittenLifetime(expiry)
	if !life.Known() || !quantityRE.MatchString(expiry) && !expirySentenceRE.MatchString(expiry) {
		return
	}
	for k := range r.doc.Declared {
		d := &r.doc.Declared[k]
		if d.Name == name && d.ExpiryText == "" && !d.Expiry.Known() {
			d.ExpiryText, d.Expiry = expiry, life
		}
	}
}

// respectivelyRE splits a lifetime that gives names declared together one
// lifetime each ("2 years and 2 hours" for "_ga and _gid").
var respectivelyRE = regexp.MustCompile(`\s*(?:,|\band\b|&|/)\s*`)

// respectively returns the lifetime of each of n names declared together:
// one lifetime each when the text lists exactly n of them, else the whole
// text for every name.
func respectively(expiry string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = expiry
	}
	if n < 2 {
		return out
	}
	parts := respectivelyRE.Split(strings.TrimSpace(expiry), -1)
	if len(parts) != n {
		return out
	}
	for _, p := range parts {
		if !isDurationLine(p) || len(quantityRE.FindAllString(p, -1)) != 1 {
			return out
		}
	}
	return parts
}
