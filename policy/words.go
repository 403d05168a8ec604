package policy

import (
	"strings"
	"unicode"
)

// Word helpers the readers share.

// countWords returns the number of words in s, as len(strings.Fields(s))
// would, without allocating.
func countWords(s string) int {
	n, in := 0, false
	for i := 0; i < len(s); i++ {
		space := s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\v' || s[i] == '\f'
		if !space && !in {
			n++
		}
		in = !space
	}
	return n
}

// containsFold reports whether s contains the lower-case ASCII word w in
// any case, without allocating.
func containsFold(s, w string) bool { return indexFold(s, w) >= 0 }

// indexFold returns the index in s of the lower-case ASCII word w in any
// case, or -1. Candidates are found with IndexByte for the first letter in
// either case.
func indexFold(s, w string) int {
	if w == "" {
		return 0
	}
	lo, up := w[0], w[0]
	if lo >= 'a' && lo <= 'z' {
		up = lo - 'a' + 'A'
	}
	nextLo, nextUp := -2, -2 // -2: not searched yet
	for off := 0; off+len(w) <= len(s); {
		if nextLo != -1 && nextLo < off {
			if k := strings.IndexByte(s[off:], lo); k >= 0 {
				nextLo = off + k
			} else {
				nextLo = -1
			}
		}
		if up != lo && nextUp != -1 && nextUp < off {
			if k := strings.IndexByte(s[off:], up); k >= 0 {
				nextUp = off + k
			} else {
				nextUp = -1
			}
		}
		i := nextLo
		if up != lo && nextUp >= 0 && (i < 0 || nextUp < i) {
			i = nextUp
		}
		if i < 0 || i+len(w) > len(s) {
			return -1
		}
		k := 1
		for k < len(w) && (s[i+k]|0x20) == w[k] {
			k++
		}
		if k == len(w) {
			return i
		}
		off = i + 1
	}
	return -1
}

func isLetters(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

func firstField(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return strings.TrimRight(f[0], ",")
	}
	return ""
}

// plainWord reports whether w is an ordinary capitalised word ("Used",
// "Hotjar", "A", "It") rather than part of an identifier.
func plainWord(w string) bool {
	w = strings.TrimRight(w, ",:;’'")
	if w == "" {
		return false
	}
	if len(w) == 1 {
		return w == "A" || w == "I"
	}
	for i, r := range w {
		if i == 0 {
			if !unicode.IsUpper(r) {
				return false
			}
			continue
		}
		if !unicode.IsLower(r) && r != '’' && r != '\'' {
			return false
		}
	}
	return true
}
