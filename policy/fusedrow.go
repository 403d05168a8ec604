package policy

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Fused rows: a table row copied with its cells run together and no
// header to say where they part.

// fused is a table row whose cells ran together in extracted text.
type fused struct {
	names   []string
	purpose string
	expiry  string
}

// fusedSplit splits a row whose cells ran together: "_gaUsed to distinguish
// users.90 days", "ASP.NET_SessionIdIt stores ... to work.Session",
// "VISITOR INFO1 LIVEUsed to ...After 8 months". The name ends where a
// capitalised plain word that starts the purpose is glued to it; the
// lifetime, when present, is glued after the purpose's last full stop.
func (r *reader) fusedSplit(text string) *fused {
	if len(text) < 4 {
		return nil
	}
	dashChecked := false
	for p, sp := range gluedWords(text, 120) {
		rest := text[p:]
		if !unicode.IsLetter(rune(rest[sp+1])) && rest[sp+1] != '\'' {
			continue
		}
		if spacedField(rest[:sp], rest[sp+1:]) {
			continue // "ARRAffinity This cookie …": the name ends at the space
		}
		head := text[:p]
		if strings.Contains(head, ",") {
			head = strings.ReplaceAll(head, ",", ", ")
		}
		names := parseNames(head, true)
		if len(names) == 0 {
			continue
		}
		if !dashChecked {
			dashChecked = true
			if head, _, ok := splitDashItem(text); ok && parseNames(head, true) != nil {
				return nil // "ARRAffinity - used by ...": a dash item, not glued cells
			}
		}
		f := &fused{names: names, purpose: rest}
		// The lifetime is at most 60 bytes at the end: look only there.
		from := max(0, len(rest)-64)
		for from > 0 && !utf8.RuneStart(rest[from]) {
			from--
		}
		if loc := lastStopRE.FindAllStringIndex(rest[from:], -1); loc != nil {
			cut := from + loc[len(loc)-1][1] - 1 // the capital or digit starting the lifetime
			if tail := rest[cut:]; isDurationLine(tail) {
				f.purpose = rest[:cut]
				f.expiry = tail
			}
		}
		if f.expiry == "" {
			// The lifetime glued to the purpose ("visited before2 years").
			if tail := durationTail(rest); tail != "" && len(tail) < len(rest) {
				f.purpose = strings.TrimSpace(rest[:len(rest)-len(tail)])
				f.expiry = tail
			}
		}
		return f
	}
	return nil
}

// lastStopRE finds sentence ends directly followed by a capital or digit
// (the glued-on next cell), or followed by nothing.
var lastStopRE = regexp.MustCompile(`[.!?)”"]\s?(?:[A-Z0-9])`)

// spacedField reports whether word, the capitalised end of a row's first
// field, is part of the name rather than a description glued to it: it
// opens no description and names no vendor, and the field is followed by
// a capitalised word as a spaced row's next cell is ("ARRAffinity This
// cookie …", "UoAInfrastructure Used for …").
func spacedField(word, after string) bool {
	lower := strings.ToLower(word)
	if glueWords[lower] || isVendorWord(word) || strings.HasSuffix(lower, "s") {
		return false
	}
	next, _, _ := strings.Cut(after, " ")
	return plainWord(next)
}

// fusedRow reads a run-together row; a lifetime on the next line ("_gidUsed
// to distinguish users." then "24 hours") belongs to it.
func (r *reader) fusedRow(i int) int {
	b := r.blocks[i]
	if b.kind == blockHeading {
		return 0
	}
	f := r.fusedSplit(b.text)
	if f == nil {
		return 0
	}
	used := 1
	if f.expiry == "" && i+1 < len(r.blocks) && r.blocks[i+1].kind == blockPara && isDurationLine(r.blocks[i+1].text) {
		f.expiry = r.blocks[i+1].text
		used = 2
	}
	if f.expiry == "" && !r.listContext {
		return 0
	}
	f.purpose = strings.TrimSpace(f.purpose)
	for _, n := range f.names {
		r.declare(n, f.purpose, f.expiry, r.providerFor(""), r.categoryFor("", f.purpose), r.where(b))
	}
	return used
}
