package policy

import (
	"regexp"
	"strings"
)

// Names standing alone: a name line followed by its description, and a
// bullet list of names.

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
