package policy

import (
	"regexp"
	"strings"
)

var (
	// followingRE finds "X uses the following cookies", "We use the
	// following cookie to ...", "Cookies set by this web site include:".
	followingRE = regexp.MustCompile(`(?i)^(?:(.{2,60}?)\s+(?:uses|use|sets|set|places|may set|will set)\s+(?:the following|these|the cookies? (?:below|listed))\b.{0,20}?\bcookies?\b|.{0,40}\bcookies? (?:set|used|placed) (?:by|on) .{0,40}(?:include|are)\s*:|.{0,40}\bthe following cookies?\b)`)
	// cookieContextRE says a paragraph is about cookies or tracking, so the
	// vendors it names are disclosed rather than merely linked.
	cookieContextRE = regexp.MustCompile(`(?i)cookie|\bwe use\b|\busing\b|\buses?\b|\bused\b|analytic|track|embed|collect`)
	// itemMarkerRE finds lettered or bulleted items inside a run of text:
	// "a. ASP.NET_SessionId - ...", "• sets a cookie".
	itemMarkerRE = regexp.MustCompile(`(?:^|\s)(?:[a-z]|\d{1,2})[.)]\s+|•|\n`)
	// dashItemRE reads "NAME – description" and "NAME, NAME - description".
	dashItemRE = regexp.MustCompile(`^\s*([^\s–—:-][^–—:]{0,150}?)\s+[-–—:]\s+(\S.*)$`)
	// parenListRE reads "Google Analytics cookies (utma;utmb;utmc)".
	parenListRE = regexp.MustCompile(`(?i)((?:[\w.’'-]+\s+){0,4})cookies?\s*\(([^()]{2,200})\)`)
	// namedCookieRE reads "the standard JSESSIONID cookie", "a cookie
	// called has_js".
	namedCookieRE = regexp.MustCompile(`(?i)([^\s,;:()"“”]{2,80}(?:\s*(?:,|\band\b|&)\s*[^\s,;:()"“”]{2,80}){0,8})\s+cookies?\b|\bcookies?\s+(?:called|named)\s+["“']?([^\s,;:()"“”']{2,80})`)
	// sentenceRE splits prose into sentences, keeping the boundaries.
	sentenceRE = regexp.MustCompile(`[.!?:]\s+|\n`)
	// thisCookieRE starts a sentence about the cookie just named.
	thisCookieRE = regexp.MustCompile(`(?i)^(this|the|that|these|those|each|such)\s+cookies?\b|^it\b|^they\b`)
	// parenAfterRE finds "cookies (" after a name group.
	parenAfterRE = regexp.MustCompile(`^cookies?\s*\(`)
	// sessionWordRE finds "session" in a label such as "Drupal session".
	sessionWordRE = regexp.MustCompile(`(?i)\bsession\b`)
	// usedByRE finds the vendor a description says sets the cookie.
	usedByRE = regexp.MustCompile(`(?:used|set|placed|provided|dropped)\s+by\s+(.{2,40})`)
)

var (
	sectionCatRE  = regexp.MustCompile(`(?i)\b(?:these|this (?:system|site|website|service) uses|we use|uses|the following)\s+((?:strictly )?necessary|essential|analytics?|analytical|performance|functional|functionality|marketing|advertising|targeting)\s+cookies\b`)
	listedBelowRE = regexp.MustCompile(`(?i)\b(listed|table below|below|following)\b`)
)

// sectionCategory reads the category a paragraph gives the cookies listed
// in its section ("This system uses essential cookies ... listed in a table
// below"), or "".
func sectionCategory(text string) Category {
	m := sectionCatRE.FindStringSubmatch(text)
	if m == nil || !listedBelowRE.MatchString(text) {
		return ""
	}
	return headingCategory(m[1] + " cookies")
}

// noteVendors records the known vendors a text discloses.
func (r *reader) noteVendors(text string) {
	if !cookieContextRE.MatchString(text) {
		return
	}
	for _, v := range findVendors(text) {
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
		m := followingRE.FindStringSubmatch(normalizeSpace(text))
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
	for _, item := range splitKeep(text, itemMarkerRE) {
		if cur != nil && item.hard {
			finish()
		}
		for _, sent := range splitKeep(item.text, sentenceRE) {
			if m := dashItemRE.FindStringSubmatch(sent.text); m != nil {
				if names := parseNames(m[1], item.hard && item.marked); names != nil {
					finish()
					cur = &pending{names: names}
					cur.desc.WriteString(m[2])
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
}

// piece is a part of a text split at separators.
type piece struct {
	text   string
	sep    string // the separator that followed it
	hard   bool   // it began at a separator (or the text start)
	marked bool   // it began at a list marker rather than a line break
}

// splitKeep splits text at re's matches and keeps the separators.
func splitKeep(text string, re *regexp.Regexp) []piece {
	var out []piece
	last := 0
	marked := true
	for _, loc := range re.FindAllStringIndex(text, -1) {
		if loc[0] > last || loc[0] == 0 {
			out = append(out, piece{text: text[last:loc[0]], sep: text[loc[0]:loc[1]], hard: true, marked: marked})
		}
		sep := strings.TrimSpace(text[loc[0]:loc[1]])
		marked = sep != ""
		last = loc[1]
	}
	out = append(out, piece{text: text[last:], hard: true, marked: marked})
	return out
}

// proseNames finds cookies named inside running text.
func (r *reader) proseNames(text string, where string) {
	if text == "" || !strings.Contains(strings.ToLower(text), "cookie") {
		return
	}
	sentences := splitKeep(text, sentenceRE)
	for si, s := range sentences {
		for _, m := range parenListRE.FindAllStringSubmatch(s.text, -1) {
			names := parseNames(m[2], true)
			if names == nil {
				continue
			}
			label := labelBefore(m[1])
			expiry := ""
			if sessionWordRE.MatchString(label) {
				expiry = "session cookies"
			}
			provider := ""
			if v := findVendors(label); len(v) == 1 {
				provider = v[0].Name
			}
			for _, n := range names {
				r.declare(n, strings.TrimSpace(s.text), expiry, r.providerFor(provider), r.categoryFor(label, ""), where)
			}
		}
		for _, m := range namedCookieRE.FindAllStringSubmatch(s.text, -1) {
			tok, weakOK := m[1], false
			if tok == "" {
				tok, weakOK = m[2], true
			}
			if rest := strings.TrimLeft(s.text[strings.Index(s.text, tok)+len(tok):], " "); parenAfterRE.MatchString(rest) {
				continue // handled as a parenthesised list
			}
			names := parseNames(tok, weakOK)
			if names == nil {
				continue
			}
			provider := ""
			if v := findVendors(s.text); len(v) == 1 {
				provider = v[0].Name
			}
			desc := strings.TrimSpace(s.text)
			expiry := expiryIn(desc)
			if si+1 < len(sentences) {
				next := strings.TrimSpace(sentences[si+1].text)
				if thisCookieRE.MatchString(next) {
					desc += " " + next
					if expiry == "" {
						expiry = expiryIn(next)
					}
				}
			}
			for _, n := range names {
				r.declare(n, desc, expiry, r.providerFor(provider), r.categoryFor("", desc), where)
			}
		}
	}
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
