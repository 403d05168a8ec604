package consent

import (
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
	if want := `{"autoconsent":[{"name":"top"},{"name":"both","runContext":{"frame":true}}]}`; strings.Join(strings.Fields(top), "") != want {
		t.Errorf("top rules = %s, want %s", top, want)
	}
	if want := `{"autoconsent":[{"name":"both","runContext":{"frame":true}},{"name":"frameonly","runContext":{"main":false,"frame":true}}]}`; strings.Join(strings.Fields(frame), "") != want {
		t.Errorf("frame rules = %s, want %s", frame, want)
	}
	for _, bad := range []string{`{}`, `{"autoconsent":[]}`, `[`, `{"autoconsent":[{"runContext":7}]}`} {
		if _, _, err := splitRules([]byte(bad)); err == nil {
			t.Errorf("splitRules(%s): no error", bad)
		}
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
