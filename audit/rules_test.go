package audit

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/cookieaudit/cookieaudit/audit/report"
)

// TestRuleTable checks that every rule is complete: an ID, a summary, a
// description for people, a known severity for it and each of its cases,
// and a check.
func TestRuleTable(t *testing.T) {
	known := map[report.Severity]bool{report.High: true, report.Medium: true, report.Low: true, report.Info: true}
	ids := map[string]bool{}
	for _, r := range Rules {
		switch {
		case r.ID == "" || r.ID != strings.ToLower(r.ID) || strings.ContainsAny(r.ID, " ,_"):
			t.Errorf("rule %q: the ID must be lower-case words joined by hyphens", r.ID)
		case ids[r.ID]:
			t.Errorf("rule %s is listed twice", r.ID)
		}
		ids[r.ID] = true
		if r.Summary == "" {
			t.Errorf("rule %s has no summary", r.ID)
		}
		// The description speaks to the site's owner: sentences, and no
		// command-line flags.
		if len(r.Description) < 80 || !strings.HasSuffix(r.Description, ".") || strings.Contains(r.Description, "--") {
			t.Errorf("rule %s: the description should say in sentences what is wrong and what to change, without flags: %q", r.ID, r.Description)
		}
		if !known[r.Severity] {
			t.Errorf("rule %s has severity %q", r.ID, r.Severity)
		}
		if r.check == nil {
			t.Errorf("rule %s has no check", r.ID)
		}
		keys := map[string]bool{}
		for _, c := range r.Cases {
			if c.Key == "" || c.When == "" || !known[c.Severity] || c.Severity == r.Severity {
				t.Errorf("rule %s: case %+v needs a key, a circumstance and a severity other than the rule's", r.ID, c)
			}
			if c.Profile != "" && c.Profile != ProfileUK && c.Profile != ProfileStrict {
				t.Errorf("rule %s: case %s names unknown profile %q", r.ID, c.Key, c.Profile)
			}
			if keys[c.Key+"/"+c.Profile] {
				t.Errorf("rule %s: case %s listed twice", r.ID, c.Key)
			}
			keys[c.Key+"/"+c.Profile] = true
		}
	}
}

func TestRuleSeverityCases(t *testing.T) {
	pre, _ := RuleByID(RulePreConsent)
	tests := []struct {
		profile, key string
		want         report.Severity
	}{
		{ProfileUK, "", report.High},
		{ProfileUK, caseFunctional, report.Medium},
		{ProfileStrict, caseFunctional, report.Medium},
		{ProfileUK, caseDeclaredAnalytics, report.Low},
		{ProfileStrict, caseDeclaredAnalytics, report.High},
		{ProfileUK, caseVendorAnalytics, report.Medium},
	}
	for _, tt := range tests {
		t.Run(tt.profile+"/"+tt.key, func(t *testing.T) {
			if got := pre.SeverityIn(tt.profile, tt.key); got != tt.want {
				t.Errorf("pre-consent in %s, case %q: %s, want %s", tt.profile, tt.key, got, tt.want)
			}
		})
	}
	defer func() {
		if recover() == nil {
			t.Error("a case the rule does not have should panic")
		}
	}()
	pre.SeverityIn(ProfileUK, "no-such-case")
}

func TestRuleByID(t *testing.T) {
	if r, ok := RuleByID(RuleAfterReject); !ok || r.ID != RuleAfterReject || r.Severity != report.High {
		t.Errorf("RuleByID(after-reject) = %+v, %v", r, ok)
	}
	if _, ok := RuleByID("cookie-monster"); ok {
		t.Error("RuleByID found an unknown rule")
	}
	if got := strings.Join(RuleIDs(), ","); !strings.HasPrefix(got, "undeclared,overlong,") || len(RuleIDs()) != len(Rules) {
		t.Errorf("RuleIDs() = %s", got)
	}
}

// TestREADMEListsEveryRule checks that the README's findings table has one
// row per rule, starting with its default severity, and no other.
func TestREADMEListsEveryRule(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	start := strings.Index(text, "\n## Findings\n")
	if start < 0 {
		t.Fatal("README has no Findings section")
	}
	section := text[start+1:]
	if end := strings.Index(section[1:], "\n## "); end >= 0 {
		section = section[:end+1]
	}
	row := regexp.MustCompile("(?m)^\\| `([a-z-]+)` \\| ([a-z]+)")
	listed := map[string]string{}
	for _, m := range row.FindAllStringSubmatch(section, -1) {
		listed[m[1]] = m[2]
	}
	for _, r := range Rules {
		sev, ok := listed[r.ID]
		switch {
		case !ok:
			t.Errorf("README's findings table does not list rule %s", r.ID)
		case sev != string(r.Severity):
			t.Errorf("README gives rule %s severity %s, the table %s", r.ID, sev, r.Severity)
		}
		delete(listed, r.ID)
	}
	for id := range listed {
		t.Errorf("README lists %s, which is no rule", id)
	}
}
