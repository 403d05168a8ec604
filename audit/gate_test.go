package audit

import (
	"strings"
	"testing"

	"github.com/cookieaudit/cookieaudit/audit/audittest"
	"github.com/cookieaudit/cookieaudit/audit/report"

	"github.com/cookieaudit/cookieaudit/crawler/observe"
)

func TestParseFailOn(t *testing.T) {
	tests := []struct {
		desc, in, want, err string
	}{
		{"empty is never met", "", "", ""},
		{"none", "none", "", ""},
		{"severity", "high", "high", ""},
		{"case and spaces", " Medium ", "medium", ""},
		{"lowest severity wins", "high,low", "low", ""},
		{"rules", "undeclared,pre-consent", "undeclared,pre-consent", ""},
		{"mixed", "high, overlong", "high,overlong", ""},
		{"duplicate rule once", "insecure,insecure", "insecure", ""},
		{"unknown word", "critical", "", `"critical" is neither a severity`},
		{"typo in a rule", "high,pre_consent", "", `"pre_consent" is neither`},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			f, err := ParseFailOn(tt.in)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := f.String(); got != tt.want {
				t.Errorf("ParseFailOn(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func reportWith(fs ...report.Finding) *report.Report {
	s := report.Site{Findings: fs}
	s.URL = "https://www.x.gov.uk/"
	s.Phases = []observe.PhaseResult{{Phase: observe.PhasePreConsent, Pages: []observe.Page{{URL: s.URL}}}}
	return &report.Report{Schema: report.Schema, Sites: []report.Site{s}}
}

func TestFailOnMet(t *testing.T) {
	low := report.Finding{Rule: RuleInsecure, Severity: report.Low, Cookie: "a"}
	high := report.Finding{Rule: RulePreConsent, Severity: report.High, Cookie: "b"}
	blocked := report.Finding{Rule: RulePreConsent, Severity: report.Info, Cookie: "c", Blocked: true}
	waived := report.Finding{Rule: RulePreConsent, Severity: report.High, Cookie: "d", Waived: "ticket 1"}
	tests := []struct {
		desc, gate string
		report     *report.Report
		want       bool
	}{
		{"clean report", "low", reportWith(), false},
		{"empty gate", "", reportWith(high), false},
		{"high met", "high", reportWith(low, high), true},
		{"high not met by low", "high", reportWith(low), false},
		{"medium not met by low", "medium", reportWith(low), false},
		{"low met by low", "low", reportWith(low), true},
		{"rule met", "insecure", reportWith(low), true},
		{"rule not met", "overlong", reportWith(low, high), false},
		{"blocked evidence does not meet its rule", "pre-consent", reportWith(blocked), false},
		{"blocked evidence meets info", "info", reportWith(blocked), true},
		{"waived never counts", "info", reportWith(waived), false},
		{"mixed: rule met though severity is not", "high,insecure", reportWith(low), true},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			f, err := ParseFailOn(tt.gate)
			if err != nil {
				t.Fatal(err)
			}
			if got := len(f.Failing(tt.report)) > 0; got != tt.want {
				t.Errorf("%q fails = %v, want %v", tt.gate, got, tt.want)
			}
		})
	}
}

func TestApplyBaseline(t *testing.T) {
	a := report.Finding{Rule: RuleUndeclared, Severity: report.Medium, Cookie: "a", Domain: ".x.gov.uk"}
	b := report.Finding{Rule: RulePreConsent, Severity: report.High, Cookie: "b", Domain: ".x.gov.uk"}
	c := report.Finding{Rule: RuleInsecure, Severity: report.Low, Cookie: "c", Domain: ".x.gov.uk"}
	prev := reportWith(a, b)
	cur := reportWith(b, c)
	ApplyBaseline(cur, prev)
	want := "high pre-consent b .x.gov.uk [] unchanged\nmedium undeclared a .x.gov.uk [] resolved\nlow insecure c .x.gov.uk [] new"
	if got := audittest.CompactAll(cur.Sites[0].Findings); got != want {
		t.Errorf("after baseline:\n%s\nwant:\n%s", got, want)
	}
	high, _ := ParseFailOn("high")
	if len(high.Failing(cur)) > 0 {
		t.Error("gate high met by an unchanged finding after a baseline")
	}
	lowGate, _ := ParseFailOn("low")
	if len(lowGate.Failing(cur)) == 0 {
		t.Error("gate low not met by a new low finding")
	}
	medium, _ := ParseFailOn("medium")
	if len(medium.Failing(cur)) > 0 {
		t.Error("gate medium met by a resolved finding")
	}

	// Applying the same baseline again changes nothing.
	ApplyBaseline(cur, prev)
	if got := audittest.CompactAll(cur.Sites[0].Findings); got != want {
		t.Errorf("second baseline:\n%s\nwant:\n%s", got, want)
	}

	// A site that failed this time says nothing about what was resolved.
	failed := reportWith()
	failed.Sites[0].Error = "timeout"
	failed.Sites[0].Phases = nil
	ApplyBaseline(failed, prev)
	if len(failed.Sites[0].Findings) != 0 {
		t.Errorf("failed site got findings: %s", audittest.CompactAll(failed.Sites[0].Findings))
	}
}

func TestApplyBaselineTrailingSlash(t *testing.T) {
	f := report.Finding{Rule: RuleUndeclared, Severity: report.Medium, Cookie: "a", Domain: ".x.gov.uk"}
	prev := reportWith(f)
	prev.Sites[0].URL = "https://www.x.gov.uk"
	cur := reportWith(f)
	ApplyBaseline(cur, prev)
	if got := audittest.CompactAll(cur.Sites[0].Findings); got != "medium undeclared a .x.gov.uk [] unchanged" {
		t.Errorf("got %s", got)
	}
}
