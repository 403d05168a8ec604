package audit

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cookieaudit/cookieaudit/audit/audittest"
	"github.com/cookieaudit/cookieaudit/crawler/observe"
	"github.com/cookieaudit/cookieaudit/policy"
)

// mentioned is a declaration Mentions would give: the name as written,
// the observed name as its pattern.
func mentioned(written, observed string, expiry int64) policy.Declaration {
	d := decl(written, observed, policy.Unknown, expiry)
	d.Mentioned = true
	return d
}

// TestMentionedMatch checks how a cookie the policy only names in its text
// is judged: declared with match "mentioned", weaker than a declaration,
// with the lifetime its record states.
func TestMentionedMatch(t *testing.T) {
	acc := observe.PhaseAccept
	tests := []struct {
		name     string
		declared []policy.Declaration
		cookies  []observe.Cookie
		matches  string
		findings string
	}{
		{"mentioned is declared",
			[]policy.Declaration{mentioned("_hjSessionUser_{site_id}", "_hjSessionUser_1", 365*day)},
			[]observe.Cookie{cookie(acc, "_hjSessionUser_1", 365*day)},
			"_hjSessionUser_1=mentioned(_hjSessionUser_{site_id})", ""},
		{"a shorter lifetime in the mention is overlong",
			[]policy.Declaration{mentioned("_gid", "_gid", day)},
			[]observe.Cookie{cookie(acc, "_gid", 2*day)},
			"_gid=mentioned(_gid)", "medium overlong _gid .x.gov.uk [accept]"},
		{"a mention without lifetime",
			[]policy.Declaration{mentioned("NID", "NID", -1)},
			[]observe.Cookie{cookie(acc, "NID", 450*day)},
			"NID=mentioned(NID)", "low lifetime-cap NID .x.gov.uk [accept]"},
		{"a declaration beats a mention",
			[]policy.Declaration{decl("_ga", "", policy.Analytics, 730*day), mentioned("_ga", "_ga", day)},
			[]observe.Cookie{cookie(acc, "_ga", 730*day)},
			"_ga=exact(_ga)", "low lifetime-cap _ga .x.gov.uk [accept]"},
		{"named nowhere is undeclared",
			[]policy.Declaration{mentioned("_gid", "_gid", day)},
			[]observe.Cookie{cookie(acc, "_fbp", 90*day)},
			"_fbp=none()", "medium undeclared _fbp .x.gov.uk [accept]\ninfo declared-unused _gid  []"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := site(tt.declared, tt.cookies...)
			Evaluate(s, Options{Catalogue: audittest.Cookies, Now: audittest.Now})
			var ms []string
			for _, m := range s.Matches {
				ms = append(ms, fmt.Sprintf("%s=%s(%s)", m.Cookie, m.Match, m.Declared))
			}
			if got := strings.Join(ms, " "); got != tt.matches {
				t.Errorf("matches %s, want %s", got, tt.matches)
			}
			if got := audittest.CompactAll(s.Findings); got != tt.findings {
				t.Errorf("findings:\n%s\nwant:\n%s", got, tt.findings)
			}
		})
	}
}

// TestMentions checks that only the cookies no declaration covers are
// looked for in the policy's text: not one declared by name, nor one a
// declaration names but rules out by its domain.
func TestMentions(t *testing.T) {
	doc, err := policy.Parse("p.txt", []byte("Analytics\n\nWe set _ga, _hjid and _gid. _gid expires after 24 hours.\n"), policy.TypeText)
	if err != nil {
		t.Fatal(err)
	}
	hjid := decl("_hjid", "", policy.Analytics, 365*day)
	hjid.Domain = "other.gov.uk"
	acc := observe.PhaseAccept
	s := site([]policy.Declaration{decl("_ga", "", policy.Analytics, 730*day), hjid},
		cookie(acc, "_ga", 730*day), cookie(acc, "_hjid", 365*day), cookie(acc, "_gid", day), cookie(acc, "_clck", day))
	var got []string
	for _, d := range Mentions(s, doc) {
		exp := "-"
		if d.Expiry.Known() {
			exp = fmt.Sprint(d.Expiry.Seconds())
		}
		got = append(got, fmt.Sprintf("%s:%s=%s mentioned=%v", d.Pattern, d.Name, exp, d.Mentioned))
	}
	if g, want := strings.Join(got, " "), "_gid:_gid=86400 mentioned=true"; g != want {
		t.Errorf("Mentions = %s\nwant %s", g, want)
	}
	if Mentions(s, nil) != nil {
		t.Error("a site without a policy document has mentions")
	}
}
