package app

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cookieaudit/cookieaudit/audit"
	"github.com/cookieaudit/cookieaudit/policy"
)

func TestLoadConfig(t *testing.T) {
	path := filepath.Join("..", "..", "..", "testdata", "audit", "config", "valid.yaml")
	cfg, err := LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range cfg.Sites {
		src := "discover"
		switch {
		case s.Policy.URL != "":
			src = "url " + s.Policy.URL
		case s.Policy.File != "":
			src = "file " + filepath.Base(s.Policy.File)
		case s.Policy.Inline != nil:
			var ds []string
			for _, d := range s.Policy.Inline.Declared {
				exp := "?"
				if d.Expiry.Known() {
					exp = d.Expiry.String()
				}
				ds = append(ds, d.Pattern+"="+string(d.Category)+"/"+exp)
			}
			src = "inline " + strings.Join(ds, ",") + " vendors=" + s.Policy.Inline.Vendors[0].Vendor
		}
		settings := Resolve(Overrides{}, cfg, &s)
		var ws []string
		for _, w := range settings.Audit.Waivers {
			ws = append(ws, w.Rule+":"+w.Cookie+w.Request+"<"+w.Expires.Format(time.DateOnly))
		}
		got = append(got, strings.Join([]string{s.URL, src,
			"pages=" + strconv.Itoa(settings.MaxPages), "depth=" + strconv.Itoa(settings.MaxDepth),
			"consent=" + settings.Consent.Accept + "|" + settings.Consent.Reject + "|" + settings.Consent.Settings + "|" + settings.Consent.Save,
			"waivers=" + strings.Join(ws, ","), "line=" + strconv.Itoa(s.Line)}, " "))
	}
	want := `https://www.testshire.gov.uk/ url https://www.testshire.gov.uk/cookies pages=20 depth=3 consent=#ccc-notify-accept|#ccc-notify-reject|#ccc-icon|#ccc-dismiss-button waivers=pre-consent:_ga<2026-07-01,insecure:legacy_*<2027-04-01 line=18
https://www.otherborough.gov.uk/ file otherborough-cookies.yaml pages=10 depth=3 consent=#ccc-notify-accept|#ccc-notify-reject|| waivers=tracker-before-consent:px.ads.linkedin.com/*<0001-01-01,insecure:legacy_*<2027-04-01 line=30
https://www.smalltown.gov.uk/ inline _ga=analytics/2 years,_ga_*=analytics/2 years,ASP.NET_SessionId=necessary/session vendors=YouTube pages=10 depth=0 consent=#ccc-notify-accept|#ccc-notify-reject|| waivers=insecure:legacy_*<2027-04-01 line=35`
	if g := strings.Join(got, "\n"); g != want {
		t.Errorf("sites:\n%s\nwant:\n%s", g, want)
	}
	opts := Resolve(Overrides{}, cfg, &cfg.Sites[0]).Audit
	if opts.Profile != audit.ProfileStrict || opts.ExpiryTolerance != 0.2 || opts.LifetimeCap != policy.LifetimeOf(12*policy.Month) || len(opts.Waivers) != 2 {
		t.Errorf("options = %+v", opts)
	}
	uk := audit.ProfileUK
	if opts := Resolve(Overrides{Profile: &uk}, cfg, &cfg.Sites[0]).Audit; opts.Profile != audit.ProfileUK {
		t.Errorf("a flag's profile should win over the config's, got %s", opts.Profile)
	}
	if s, ok := cfg.SiteFor("https://www.smalltown.gov.uk"); !ok || s.Policy.Inline == nil {
		t.Errorf("SiteFor without trailing slash: %v %v", s, ok)
	}
	if d := cfg.Sites[2].Policy.Inline.Declared[0]; d.Source != "valid.yaml line 39" {
		t.Errorf("inline declaration source = %q", d.Source)
	}
}

func TestLoadConfigErrors(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "testdata", "audit", "config")
	tests := []struct {
		desc, file string
		want       []string
	}{
		{"every problem with file, line and field", "invalid.yaml", []string{
			`invalid.yaml:2: defaults.profile: unknown profile "lenient" (want uk or strict)`,
			`invalid.yaml:3: defaults.lifetime_cap: cannot read "forever"`,
			`invalid.yaml:5: sites[0].url: "ftp://www.testshire.gov.uk/": ftp: URLs are not web pages`,
			`invalid.yaml:6: sites[0].max_pages: 0 is out of range (1 to 100000)`,
			`invalid.yaml:8: sites[0].waivers[0].rule: unknown rule "pre_consent"`,
			`invalid.yaml:8: sites[0].waivers[0].reason: missing: say why the finding is accepted`,
			`invalid.yaml:10: sites[0].waivers[0].expires: cannot read "31/12/2026" (want YYYY-MM-DD or RFC 3339)`,
			`invalid.yaml:11: sites[1].url: missing`,
			`invalid.yaml:11: sites[1].policy: policy file missing-file.yaml: no such file or directory`,
			`invalid.yaml:18: sites[2].policy.cookies[0]: unknown field "colour"`,
			`invalid.yaml:16: sites[2].policy.cookies[0].category: unknown category "tracking"`,
			`invalid.yaml:17: sites[2].policy.cookies[0].expiry: cannot read the duration "a while"`,
		}},
		{"unknown field", "unknown-field.yaml", []string{
			`unknown-field.yaml:3: sites[0]: unknown field "maxpages" (want url, policy, max_pages, max_depth, consent, waivers)`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			_, err := LoadConfig(filepath.Join(dir, tt.file))
			if err == nil {
				t.Fatal("no error")
			}
			msg := strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), "")
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error lacks %q; got:\n%s", w, msg)
				}
			}
			if n := strings.Count(msg, "\n") + 1; n != len(tt.want) {
				t.Errorf("%d errors, want %d:\n%s", n, len(tt.want), msg)
			}
		})
	}
}

func TestParseConfigSmall(t *testing.T) {
	tests := []struct{ desc, yaml, want string }{
		{"empty file", "", "c.yaml:1: the file is empty"},
		{"no sites", "defaults: {max_pages: 3}\n", "c.yaml:1: sites: no sites listed"},
		{"syntax error", "sites:\n  - url: [\n", "c.yaml:2: did not find expected node content"},
		{"duplicate key", "sites:\n  - url: https://a.gov.uk/\n    url: https://b.gov.uk/\n", `c.yaml:3: mapping key "url" already defined at line 2`},
		{"wrong type", "sites:\n  - url: https://a.gov.uk/\n  - url: https://b.gov.uk/\n  - url: https://c.gov.uk/\n    max_pages: ten\n", `c.yaml:5: sites[2].max_pages: want a number, got "ten"`},
		{"list for a string", "defaults:\n  profile: [uk]\nsites:\n  - url: https://a.gov.uk/\n", "c.yaml:2: defaults.profile: want a string, got a list"},
		{"mapping for a list", "sites:\n  url: https://a.gov.uk/\n", "c.yaml:2: sites: want a list, got a mapping"},
		{"bare host accepted", "sites:\n  - url: www.a.gov.uk\n  - url: javascript:alert(1)\n", `c.yaml:3: sites[1].url: "javascript:alert(1)": javascript: URLs are not web pages`},
		{"same site twice", "sites:\n  - url: https://WWW.a.gov.uk\n  - url: www.a.gov.uk/\n", "c.yaml:3: sites[1].url: https://www.a.gov.uk/ is listed twice (first as sites[0])"},
		{"waiver without rule", "sites:\n  - url: https://a.gov.uk/\n    waivers:\n      - reason: x\n", "c.yaml:4: sites[0].waivers[0].rule: missing"},
		{"policy as a list", "sites:\n  - url: https://a.gov.uk/\n    policy: [a, b]\n", "c.yaml:3: sites[0].policy: want a URL, a file name, or a mapping with cookies:"},
		{"lifetime in seconds that is not a number", "sites:\n  - url: https://a.gov.uk/\n    policy: {cookies: [{name: a, expiry_seconds: ten}]}\n", `c.yaml:3: sites[0].policy.cookies[0].expiry_seconds: want a number, got "ten"`},
		{"negative lifetime in seconds", "sites:\n  - url: https://a.gov.uk/\n    policy: {cookies: [{name: a, expiry_seconds: -1}]}\n", "c.yaml:3: lifetime -1 seconds is negative"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			_, err := ParseConfig("c.yaml", []byte(tt.yaml))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestConfigWaiverExpiryIsEndOfDay(t *testing.T) {
	cfg, err := ParseConfig("c.yaml", []byte("sites:\n  - url: https://a.gov.uk/\n    waivers:\n      - {rule: undeclared, cookie: x, reason: r, expires: 2026-06-30}\n"))
	if err != nil {
		t.Fatal(err)
	}
	w := cfg.Sites[0].Waivers[0]
	if w.Expired(time.Date(2026, 6, 30, 23, 59, 0, 0, time.UTC)) {
		t.Error("waiver expired during its last day")
	}
	if !w.Expired(time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)) {
		t.Error("waiver still live the day after")
	}
}
