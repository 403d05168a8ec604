package consent

import (
	"fmt"
	"strings"
	"testing"
)

func TestNormalizeCategory(t *testing.T) {
	tests := map[string]string{
		"analytics": "analytics", "Analytical Cookies": "analytics", "statistics": "analytics", "usage": "analytics",
		"onetrust:C0001": "necessary", "onetrust:C0002": "analytics", "onetrust:C0003": "preferences",
		"onetrust:C0004": "marketing", "onetrust:C0005": "marketing", "essential": "necessary", "Necessary": "necessary",
		"preferences": "preferences", "functional": "preferences", "settings": "preferences",
		"marketing": "marketing", "advertising": "marketing", "campaigns": "marketing", "targeting": "marketing",
		"tcf:1": "tcf:1", "tcf:8": "analytics", "tcf:4": "marketing", "tcf:11": "tcf:11", "optional": "optional",
		"Video embeds": "video embeds",
	}
	for in, want := range tests {
		t.Run(in, func(t *testing.T) {
			if got := NormalizeCategory(in); got != want {
				t.Errorf("NormalizeCategory(%q) = %q, want %q", in, got, want)
			}
		})
	}
}

func TestStateOf(t *testing.T) {
	tests := []struct {
		granted map[string]bool
		want    string
	}{
		{map[string]bool{"onetrust:C0001": true, "onetrust:C0002": false, "onetrust:C0003": false, "onetrust:C0004": false}, "+necessary -analytics,marketing,preferences"},
		{map[string]bool{"necessary": true, "statistics": true, "preferences": true, "marketing": true}, "+analytics,marketing,necessary,preferences -"},
		// Two names for one category: granted under either counts.
		{map[string]bool{"onetrust:C0004": true, "onetrust:C0005": false}, "+marketing -"},
		{map[string]bool{}, "+ -"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.granted), func(t *testing.T) {
			st := stateOf("src", tt.granted)
			if got := fmt.Sprintf("+%s -%s", strings.Join(st.Accepted, ","), strings.Join(st.Refused, ",")); got != tt.want {
				t.Errorf("stateOf(%v) = %s, want %s", tt.granted, got, tt.want)
			}
		})
	}
}

func FuzzAPICalls(f *testing.F) {
	for _, s := range []string{`() => window.Cookiebot.withdraw() || true`, `klaro.getManager().changeAll(false)`, `__cmp('setConsent', 0)`, `a.b(`, `)(`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, code string) {
		for _, c := range apiCalls(code) {
			if !strings.HasSuffix(c, ")") || !strings.Contains(c, "(") {
				t.Errorf("apiCalls(%q) gave %q, not a call", code, c)
			}
		}
	})
}
