package crawler

import (
	"strings"
	"testing"
)

// TestPolicyCandidates checks the order policy links are tried in: best
// score first, first found first among equals, and a link met again keeps
// its first place with its best score.
func TestPolicyCandidates(t *testing.T) {
	for _, tt := range []struct {
		links string // url|text, comma-separated
		want  string
	}{
		{"/a|Home, /privacy/|Privacy, /cookies/|Cookies", "/cookies/ /privacy/"},
		{"/privacy/|Privacy notice, /help/|Cookie settings, /cookie-policy/|Our policy", "/cookie-policy/ /help/ /privacy/"},
		{"/help/|Help, /info/|Data protection, /help/|Cookies", "/help/ /info/"},
		{"/x/|Cookies, /y/|Cookies, /x/|Cookies", "/x/ /y/"},
		{"/news/|News", ""},
	} {
		t.Run(tt.links, func(t *testing.T) {
			var p policyCandidates
			for _, l := range strings.Split(tt.links, ", ") {
				u, text, _ := strings.Cut(l, "|")
				p.add("https://www.example.gov.uk"+u, text)
			}
			got := strings.ReplaceAll(strings.Join(p.list(), " "), "https://www.example.gov.uk", "")
			if got != tt.want {
				t.Errorf("%s: got %q, want %q", tt.links, got, tt.want)
			}
		})
	}
}
