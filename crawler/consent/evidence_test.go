package consent

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/cookieaudit/cookieaudit/crawler/observe"
)

func TestConsentRecord(t *testing.T) {
	tests := []struct {
		desc          string
		before, after snapshot
		want          string
	}{
		{
			desc:   "new consent cookie, tracker left out",
			before: snapshot{},
			after:  snapshot{".x.gov.uk/ cookie:cookies_policy": "a", "www.x.gov.uk/ cookie:_fm_id": "b"},
			want:   "cookie:cookies_policy",
		},
		{
			desc:   "changed value counts, unchanged does not",
			before: snapshot{"x/ cookie:cookies_policy": "a", "x/ cookie:SESSION": "s"},
			after:  snapshot{"x/ cookie:cookies_policy": "b", "x/ cookie:SESSION": "s"},
			want:   "cookie:cookies_policy",
		},
		{
			desc:   "nothing consent-like: every change",
			before: snapshot{},
			after:  snapshot{"x/ cookie:zz": "1", "https://x localStorage:aa": "2"},
			want:   "cookie:zz, localStorage:aa",
		},
		{
			desc:   "storage record",
			before: snapshot{},
			after:  snapshot{"https://x localStorage:shadowshire-consent": "1", "https://y localStorage:shadowshire-consent": "1"},
			want:   "localStorage:shadowshire-consent",
		},
		{
			desc:   "no change",
			before: snapshot{"x/ cookie:a": "1"},
			after:  snapshot{"x/ cookie:a": "1"},
			want:   "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			if got := strings.Join(consentRecords(tt.before, tt.after), ", "); got != tt.want {
				t.Errorf("%s: consentRecords = %q, want %q", tt.desc, got, tt.want)
			}
		})
	}
}

func TestScreenshotName(t *testing.T) {
	tests := []struct {
		desc, prefix, url string
		action            observe.Choice
		when, want        string
	}{
		{"plain", "", "https://www.example.gov.uk/a/b?c=d", observe.ChoiceAccept, "before", "www.example.gov.uk-accept-before.png"},
		{"prefix", "run1-", "https://www.example.gov.uk/", observe.ChoiceReject, "after", "run1-www.example.gov.uk-reject-after.png"},
		{"unsafe prefix", "../x y/", "https://h/", observe.ChoiceAccept, "after", "x_y_h-accept-after.png"},
		{"no URL", "", "", observe.ChoiceReject, "before", "page-reject-before.png"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			if got := screenshotName(tt.prefix, tt.url, tt.action, tt.when); got != tt.want {
				t.Errorf("%s: screenshotName = %q, want %q", tt.desc, got, tt.want)
			}
		})
	}
}

func TestSplitRules(t *testing.T) {
	rules := `{"autoconsent":[
		{"name":"top"},
		{"name":"both","runContext":{"frame":true}},
		{"name":"frameonly","runContext":{"main":false,"frame":true}}
	]}`
	top, frame, err := splitRules([]byte(rules))
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"autoconsent":[{"name":"top"},{"name":"both","runContext":{"frame":true}}]}`; strings.Join(strings.Fields(top.forURL("https://www.a.gov.uk/")), "") != want {
		t.Errorf("top rules = %s, want %s", top.forURL("https://www.a.gov.uk/"), want)
	}
	if want := `{"autoconsent":[{"name":"both","runContext":{"frame":true}},{"name":"frameonly","runContext":{"main":false,"frame":true}}]}`; strings.Join(strings.Fields(frame.forURL("https://www.a.gov.uk/")), "") != want {
		t.Errorf("frame rules = %s, want %s", frame.forURL("https://www.a.gov.uk/"), want)
	}
	for _, bad := range []string{`{}`, `{"autoconsent":[]}`, `[`, `{"autoconsent":[{"runContext":7}]}`} {
		if _, _, err := splitRules([]byte(bad)); err == nil {
			t.Errorf("splitRules(%s): no error", bad)
		}
	}
}

// TestRulesForURL checks that a document is sent the rules that run on
// every URL and only the site-specific rules whose URL pattern matches it,
// in the bundle's order; a pattern Go cannot compile is always sent.
func TestRulesForURL(t *testing.T) {
	top, _, err := splitRules([]byte(`{"autoconsent":[
		{"name":"generic-one"},
		{"name":"council","runContext":{"urlPattern":"^https?://(www\\.)?council\\.gov\\.uk/"}},
		{"name":"generic-two","runContext":{"frame":true}},
		{"name":"shop","runContext":{"urlPattern":"^https://shop\\.example/(?:basket|$)"}},
		{"name":"lookahead","runContext":{"urlPattern":"^https://(?=x)x\\.example/"}}
	]}`))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ desc, url, want string }{
		{"no site matches", "https://www.other.gov.uk/", "generic-one generic-two lookahead"},
		{"the council's page", "https://www.council.gov.uk/bins", "generic-one council generic-two lookahead"},
		{"the council's host elsewhere in the URL", "https://www.other.gov.uk/?r=https://www.council.gov.uk/", "generic-one generic-two lookahead"},
		{"the shop's front page", "https://shop.example/", "generic-one generic-two shop lookahead"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			var bundle struct {
				Autoconsent []struct{ Name string } `json:"autoconsent"`
			}
			if err := json.Unmarshal([]byte(top.forURL(tt.url)), &bundle); err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, r := range bundle.Autoconsent {
				names = append(names, r.Name)
			}
			if got := strings.Join(names, " "); got != tt.want {
				t.Errorf("rules %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSelectorsFor(t *testing.T) {
	m := &Manager{opts: Options{
		Overrides: Selectors{Accept: "#default"},
		SiteOverrides: map[string]Selectors{
			"www.a.gov.uk": {Accept: "#host"},
			"b.gov.uk":     {Accept: "#domain"},
		},
	}}
	tests := []struct{ desc, url, want string }{
		{"host entry", "https://www.a.gov.uk/x", "#host"},
		{"host entry, case", "https://WWW.A.GOV.UK/", "#host"},
		{"registrable domain entry", "https://www.b.gov.uk/", "#domain"},
		{"default", "https://www.c.gov.uk/", "#default"},
		{"bad URL", "::", "#default"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			if got := m.selectorsFor(tt.url).Accept; got != tt.want {
				t.Errorf("%s: selectorsFor(%q).Accept = %q, want %q", tt.desc, tt.url, got, tt.want)
			}
		})
	}
}
