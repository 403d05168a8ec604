package consent

import (
	"regexp"
	"regexp/syntax"
	"strings"
	"sync"
	"unicode/utf8"
)

// urlPattern is a site-specific rule's runContext.urlPattern. Every
// document's URL is tested against every such pattern (597 in autoconsent
// 16.23), and compiled they hold 1.7 MB of the scan's heap for as long as
// it runs, so a pattern is compiled only when it is first needed: when a
// URL contains the literal texts every match of the pattern must contain
// (its scheme and host name, in almost every rule). A URL without them
// cannot match, which the prefilter decides without the regular
// expression, so the answer is always the compiled pattern's.
type urlPattern struct {
	expr string
	// needs are what every match contains, each one of a set of texts;
	// none when the pattern's structure shows nothing it requires.
	needs []need

	once sync.Once
	re   *regexp.Regexp
}

// need is a condition on a matching URL: it contains one of these texts.
type need []literal

// literal is a text a match contains, lower-cased when fold is set (the
// pattern matches it without regard to case).
type literal struct {
	text string
	fold bool
}

// newURLPattern returns the pattern, or false when Go cannot parse it (a
// JavaScript-only construct such as a lookahead).
func newURLPattern(expr string) (*urlPattern, bool) {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return nil, false
	}
	return &urlPattern{expr: expr, needs: needsOf(re)}, true
}

// matches reports whether the pattern matches rawURL, as
// regexp.MatchString would.
func (p *urlPattern) matches(rawURL string) bool {
	lower := ""
	for _, n := range p.needs {
		met := false
		for _, l := range n {
			s := rawURL
			if l.fold {
				// Outside ASCII, case folding can map a character onto an
				// ASCII letter (the Kelvin sign onto k), which lower-casing
				// does not show: such URLs go to the regular expression.
				if !isASCII(rawURL) {
					met = true
					break
				}
				if lower == "" {
					lower = strings.ToLower(rawURL)
				}
				s = lower
			}
			if strings.Contains(s, l.text) {
				met = true
				break
			}
		}
		if !met {
			return false
		}
	}
	p.once.Do(func() { p.re, _ = regexp.Compile(p.expr) })
	// A pattern that parses but does not compile is sent, as one Go cannot
	// parse is: autoconsent decides.
	return p.re == nil || p.re.MatchString(rawURL)
}

// needsOf returns what every match of re contains, as far as its structure
// shows: each literal it cannot do without, and for an alternation whose
// every branch needs some text, one of those texts. Optional and repeated-
// or-absent parts need nothing.
func needsOf(re *syntax.Regexp) []need {
	switch re.Op {
	case syntax.OpLiteral:
		l := literal{text: string(re.Rune), fold: re.Flags&syntax.FoldCase != 0}
		if l.fold {
			if !isASCII(l.text) {
				return nil
			}
			l.text = strings.ToLower(l.text)
		}
		return []need{{l}}
	case syntax.OpCapture, syntax.OpPlus:
		return needsOf(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return needsOf(re.Sub[0])
		}
	case syntax.OpConcat:
		var needs []need
		for _, sub := range re.Sub {
			needs = append(needs, needsOf(sub)...)
		}
		return needs
	case syntax.OpAlternate:
		var anyOf need
		for _, sub := range re.Sub {
			best := strongest(needsOf(sub))
			if best == nil {
				return nil
			}
			anyOf = append(anyOf, best...)
		}
		return []need{anyOf}
	}
	return nil
}

// strongest returns the need whose shortest text is longest: the one
// fewest URLs meet by chance.
func strongest(needs []need) need {
	var best need
	bestLen := 0
	for _, n := range needs {
		shortest := len(n[0].text)
		for _, l := range n[1:] {
			shortest = min(shortest, len(l.text))
		}
		if shortest > bestLen {
			best, bestLen = n, shortest
		}
	}
	return best
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
