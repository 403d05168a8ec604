package consent

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"regexp/syntax"
	"strings"
	"testing"
)

func TestNeedsOf(t *testing.T) {
	tests := []struct{ expr, want string }{
		{`^https?://(www\.)?council\.gov\.uk/`, `"http" "://" "council.gov.uk/"`},
		{`^https://([a-z0-9-]+\.)?(twitter|x)\.com/`, `"https://" "twitter"|"x" ".com/"`},
		{`(?i)^https://Shop\.EXAMPLE/`, `~"https://shop.example/"`},
		{`^https://(a|b?)\.example`, `"https://" ".example"`},
		{`^https://(\w+\.)+dji\.com/`, `"https://" "." "dji.com/"`},
		{`^https://x{2,}\.example`, `"https://" "x" ".example"`},
		{`^https://x{0,3}\.example`, `"https://" ".example"`},
		{`[a-z]*`, ``},
		{`(?i)k\x{212A}`, `~"kk"`},
		{`(?i)straße`, ``},
	}
	for _, tt := range tests {
		re, err := syntax.Parse(tt.expr, syntax.Perl)
		if err != nil {
			t.Fatalf("%s: %v", tt.expr, err)
		}
		var parts []string
		for _, n := range needsOf(re) {
			var alts []string
			for _, l := range n {
				s := fmt.Sprintf("%q", l.text)
				if l.fold {
					s = "~" + s
				}
				alts = append(alts, s)
			}
			parts = append(parts, strings.Join(alts, "|"))
		}
		if got := strings.Join(parts, " "); got != tt.want {
			t.Errorf("needsOf(%s) = %s, want %s", tt.expr, got, tt.want)
		}
	}
}

// TestURLPatternMatchesAsRegexp checks the prefilter against the regular
// expressions themselves: every URL pattern of the pinned autoconsent
// rules, on a URL made to match each of them (so that every pattern meets
// URLs it matches and many it does not) and on URLs in other case and
// outside ASCII, answers as regexp.MatchString does. And it checks what the
// prefilter is for: a council page's URL compiles almost none of them.
func TestURLPatternMatchesAsRegexp(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "node_modules", "@duckduckgo", "autoconsent", "rules", "rules.json"))
	if err != nil {
		t.Fatalf("the pinned autoconsent rules: %v (run `%s`)", err, InstallCommand)
	}
	var rules struct {
		Autoconsent []struct {
			RunContext struct{ URLPattern string } `json:"runContext"`
		} `json:"autoconsent"`
	}
	if err := json.Unmarshal(data, &rules); err != nil {
		t.Fatal(err)
	}
	var exprs []string
	for _, r := range rules.Autoconsent {
		if e := r.RunContext.URLPattern; e != "" {
			if _, err := regexp.Compile(e); err == nil {
				exprs = append(exprs, e)
			}
		}
	}
	if len(exprs) < 500 {
		t.Fatalf("%d URL patterns Go compiles, want the pinned rules' 500 or more", len(exprs))
	}
	fresh := func() []*urlPattern {
		var ps []*urlPattern
		for _, e := range exprs {
			p, ok := newURLPattern(e)
			if !ok {
				t.Fatalf("newURLPattern(%s) refused a pattern Go compiles", e)
			}
			ps = append(ps, p)
		}
		return ps
	}

	ps, compiled := fresh(), 0
	for _, p := range ps {
		if page := "https://www.ashworth.gov.uk/bins/"; p.matches(page) {
			t.Errorf("%s: matched %s", p.expr, page)
		}
		if p.re != nil {
			compiled++
		}
	}
	if compiled > len(ps)/100 {
		t.Errorf("a council page compiled %d of %d patterns, want at most 1%%", compiled, len(ps))
	}
	var urls []string
	for _, e := range exprs {
		u := matchingText(e)
		urls = append(urls, u, strings.ToUpper(u), strings.ReplaceAll(u, "k", "\u212a"))
	}
	urls = append(urls, "https://www.ashworth.gov.uk/bins/", "", "https://")
	matched := 0
	for _, p := range ps {
		re := regexp.MustCompile(p.expr)
		for _, u := range urls {
			want := re.MatchString(u)
			if got := p.matches(u); got != want {
				t.Errorf("%s on %q: %t, regexp says %t", p.expr, u, got, want)
			}
			if want {
				matched++
			}
		}
	}
	if matched < len(exprs) {
		t.Errorf("%d matches in all, want at least one per pattern (%d)", matched, len(exprs))
	}
}

// matchingText returns a text the regular expression expr likely matches:
// each part's first choice, each repetition at its least but once.
func matchingText(expr string) string {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return ""
	}
	var sb strings.Builder
	var walk func(*syntax.Regexp)
	walk = func(re *syntax.Regexp) {
		switch re.Op {
		case syntax.OpLiteral:
			sb.WriteString(string(re.Rune))
		case syntax.OpCharClass:
			if len(re.Rune) > 0 {
				sb.WriteRune(re.Rune[0])
			}
		case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
			sb.WriteByte('a')
		case syntax.OpCapture, syntax.OpPlus, syntax.OpAlternate:
			walk(re.Sub[0])
		case syntax.OpRepeat:
			for range max(re.Min, 1) {
				walk(re.Sub[0])
			}
		case syntax.OpConcat:
			for _, sub := range re.Sub {
				walk(sub)
			}
		}
	}
	walk(re)
	return sb.String()
}
