package policy

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Lifetime cells: finding, in a row whose cells are not separated, the run
// of words that states how long a cookie lasts, at the row's end, at its
// start or between other cells.

// durationAnchorRE finds the quantities and lifetime phrases a row's lifetime
// cell is written with.
var durationAnchorRE = regexp.MustCompile(`(?i)(\d+(?:\.\d+)?|\ban?|\bone|\btwo|\bthree|\bfour|\bfive|\bsix|\bseven|\beight|\bnine|\bten|\beleven|\btwelve|\bthirty|\bninety)\s*(-\s*)?(milliseconds?|ms|seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|yrs?)\b|session\b|\bbrowser\b|\bnever\b|\bpersistent\b|\bno expiry\b|\bexpiration\b|\bvariable\b|\bpermanent\b|\binstantly\b|\bimmediately\b|\bdisplayed\b`)

// durationTail returns the lifetime cell at the end of a row ("... 1 day",
// "...visited before2 years", "...session.Per session", "... First party
// Removed when browser is closed"), or "". The cell starts at a cell
// boundary: after a sentence end, at a capital or a digit, after a run of
// spaces that separates spaced cells, or where cells ran together.
func durationTail(text string) string {
	locs := durationAnchorRE.FindAllStringIndex(text, -1)
	if locs == nil {
		return ""
	}
	last := locs[len(locs)-1]
	after := strings.TrimSpace(text[last[1]:])
	if countWords(after) > 4 || strings.Contains(after, ". ") || len(after) > 40 {
		return ""
	}
	if first, _ := utf8.DecodeRuneInString(after); unicode.IsUpper(first) {
		return "" // a capital after the lifetime starts another cell
	}
	// Extend left over the words lifetimes are written with; the cell
	// starts at the leftmost of those words that sits on a cell boundary.
	starts := []int{last[0]}
	start := last[0]
	for {
		prevEnd := strings.TrimRight(text[:start], " \t\n")
		if prevEnd == "" || strings.ContainsAny(prevEnd[len(prevEnd)-1:], ".!?\n") {
			break
		}
		k := strings.LastIndexAny(prevEnd, " \t\n") + 1
		w := prevEnd[k:]
		// A glued word ("before2", "usersSession") stops the cell.
		if g := gluedStart(w); g > 0 {
			starts = append(starts, k+g)
			break
		}
		lw := strings.ToLower(strings.Trim(w, ",()"))
		if !durationWords[lw] && !isNumber(lw) && !unitWord(lw) && numberWords[lw] == 0 && lw != "automatically" && lw != "rolling" && lw != "browser" {
			break
		}
		start = k
		starts = append(starts, k)
	}
	tail := ""
	for n := len(starts) - 1; n >= 0; n-- {
		st := starts[n]
		cand := strings.TrimLeft(text[st:], " ")
		if cand == "" {
			continue
		}
		first, _ := utf8.DecodeRuneInString(cand)
		before := strings.TrimRight(text[:st], " \t")
		if before == "" || unicode.IsUpper(first) || unicode.IsDigit(first) || strings.ContainsAny(before[len(before)-1:], ".!?\n)") ||
			st > 0 && text[st-1] != ' ' && text[st-1] != '\n' || st > 1 && text[st-1] == ' ' && text[st-2] == ' ' {
			tail = cand
			break
		}
	}
	if tail == "" {
		return ""
	}
	if !WrittenLifetime(tail).Known() {
		if !strings.Contains(strings.ToLower(tail), "variable") && !strings.Contains(strings.ToLower(tail), "persistent") && !strings.Contains(strings.ToLower(tail), "expiration") {
			return ""
		}
	}
	return tail
}

// durationInside finds a lifetime cell inside a row: a run of lifetime
// words that starts a cell (a capital or a digit) and ends before the next
// cell's capital ("_ga Google 2 years Used to distinguish users"). It
// returns its offset and text, or "".
func durationInside(text string) (int, string) {
	for k := 0; k < len(text); k++ {
		if k > 0 && text[k-1] != ' ' {
			continue
		}
		c := text[k]
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z') {
			continue
		}
		if !lifetimeOpener(strings.ToLower(strings.Trim(firstField(text[k:]), ".,()"))) {
			continue
		}
		if head := durationHead(text[k:]); head != "" {
			return k, head
		}
	}
	return 0, ""
}

// lifetimeOpener reports whether a lower-case word can open a lifetime
// cell ("2 years", "Session", "When you close your browser", "Up to 2
// years").
func lifetimeOpener(w string) bool {
	if isNumber(w) || numberWords[w] > 0 {
		return true
	}
	switch w {
	case "session", "browser", "never", "persistent", "permanent", "when", "until", "after", "up", "expires", "end", "at", "per", "variable", "as":
		return true
	}
	return false
}

// gluedStart returns the offset in w where a lifetime glued to the end of
// the previous cell starts ("before2" -> 6, "usersSession" -> 5), or 0.
func gluedStart(w string) int {
	for i := len(w) - 1; i > 0; i-- {
		c, p := w[i], w[i-1]
		if (c >= '0' && c <= '9' && (p >= 'a' && p <= 'z' || p == '.')) || (c >= 'A' && c <= 'Z' && (p >= 'a' && p <= 'z' || p == '.')) {
			return i
		}
	}
	return 0
}

// durationHead returns the lifetime cell at the start of a text ("Browser
// session This cookie ...", "1 year, 11 months and 29 days Unique ID ..."),
// or "": the longest run of lifetime words that ends with a quantity or a
// lifetime phrase.
func durationHead(text string) string {
	fields := strings.Fields(text)
	end := 0
	pos := 0
	for k, f := range fields {
		lw := strings.ToLower(strings.Trim(f, ",.()"))
		next := ""
		if k+1 < len(fields) {
			next = strings.ToLower(strings.Trim(fields[k+1], ",.()"))
		}
		isQty := isNumber(lw) || unitWord(lw) || numberWords[lw] > 0 && lw != "a" && lw != "an" && unitWord(next) || (lw == "a" || lw == "an") && unitWord(next)
		if !durationWords[lw] && !isQty && lw != "browser" {
			break
		}
		if k > 0 && startsCell(f) && end > 0 && !isQty {
			break // a capital after a lifetime starts the next cell
		}
		pos = strings.Index(text[pos:], f) + pos + len(f)
		if durationAnchorRE.MatchString(f) || unitWord(lw) || lw == "session" {
			end = pos
		}
	}
	if end == 0 {
		return ""
	}
	head := strings.TrimRight(text[:end], " ,")
	if !WrittenLifetime(head).Known() {
		return ""
	}
	return head
}

func isNumber(w string) bool {
	if w == "" {
		return false
	}
	for _, r := range w {
		if (r < '0' || r > '9') && r != '.' {
			return false
		}
	}
	return true
}

func unitWord(w string) bool {
	switch strings.TrimRight(w, "s") {
	case "second", "sec", "minute", "min", "hour", "hr", "day", "week", "month", "year", "yr":
		return true
	}
	return false
}
