package app

import (
	"os"
	"strings"
	"testing"

	"github.com/cookieaudit/cookieaudit/audit"
)

// FuzzParseConfig checks that any input is either accepted or rejected
// with an error that names the file, and never panics.
func FuzzParseConfig(f *testing.F) {
	for _, name := range []string{"valid.yaml", "invalid.yaml", "unknown-field.yaml"} {
		data, err := os.ReadFile("../../../testdata/audit/config/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("sites: [{url: 'https://a.gov.uk/', policy: {cookies: [{name: x, expiry: 2 years}]}}]"))
	f.Add([]byte("sites:\n  - url: https://a.gov.uk/\n    waivers: [{rule: insecure, reason: r, expires: 2026-01-01}]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := ParseConfig("fuzz.yaml", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.yaml") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		if len(cfg.Sites) == 0 {
			t.Fatal("accepted a config without sites")
		}
		for _, s := range cfg.Sites {
			for _, w := range s.Waivers {
				if !audit.RuleKnown(w.Rule) || w.Reason == "" {
					t.Fatalf("accepted a bad waiver %+v", w)
				}
			}
		}
	})
}
