package audit

import (
	"fmt"
	"strings"

	"github.com/cookieaudit/cookieaudit/audit/report"
)

// FailOn is a CI gate: a severity threshold, a set of rule IDs, or both.
// The zero FailOn is never met.
type FailOn struct {
	// Threshold is the lowest severity that fails; "" for none.
	Threshold report.Severity
	// Rules are rule IDs that fail at any severity.
	Rules []string
}

// ParseFailOn reads a gate: "high", "medium", "low" or "info" (that
// severity or higher), a comma list of rule IDs, or both mixed
// ("high,undeclared"). "" and "none" give a gate that is never met. With
// several severities the lowest wins.
func ParseFailOn(s string) (FailOn, error) {
	var f FailOn
	for _, part := range strings.Split(s, ",") {
		p := strings.ToLower(strings.TrimSpace(part))
		switch p {
		case "", "none":
			continue
		case string(report.High), string(report.Medium), string(report.Low), string(report.Info):
			if f.Threshold == "" || SeverityRank(report.Severity(p)) > SeverityRank(f.Threshold) {
				f.Threshold = report.Severity(p)
			}
		default:
			if !ruleKnown(p) {
				return FailOn{}, fmt.Errorf("audit: --fail-on: %q is neither a severity (high, medium, low, info) nor a rule ID (%s)", part, ruleIDs())
			}
			f.Rules = appendUnique(f.Rules, p)
		}
	}
	return f, nil
}

// String writes the gate back in ParseFailOn's syntax.
func (f FailOn) String() string {
	var parts []string
	if f.Threshold != "" {
		parts = append(parts, string(f.Threshold))
	}
	parts = append(parts, f.Rules...)
	return strings.Join(parts, ",")
}

// Failing returns the findings that fail the gate, for reporting why; the
// gate is met when there is any. Waived and resolved findings never count;
// when a baseline was applied only new findings count. Blocked-only
// findings (info evidence of a cookie the browser refused) count for the
// "info" threshold but never for a rule ID, since nothing was stored on the
// visitor's device.
func (f FailOn) Failing(r *report.Report) []report.Finding {
	var out []report.Finding
	for i := range r.Sites {
		out = append(out, f.FailingIn(r, &r.Sites[i])...)
	}
	return out
}

// FailingIn returns the findings of one site of r that fail the gate.
func (f FailOn) FailingIn(r *report.Report, s *report.Site) []report.Finding {
	var out []report.Finding
	for _, fd := range s.Findings {
		if f.fails(fd, r.Baseline != "") {
			out = append(out, fd)
		}
	}
	return out
}

// IsZero reports whether the gate is never met (no --fail-on given).
func (f FailOn) IsZero() bool { return f.Threshold == "" && len(f.Rules) == 0 }

func (f FailOn) fails(fd report.Finding, baseline bool) bool {
	if fd.Waived != "" || fd.Status == StatusResolved {
		return false
	}
	if baseline && fd.Status != StatusNew {
		return false
	}
	if f.Threshold != "" && SeverityRank(fd.Severity) <= SeverityRank(f.Threshold) {
		return true
	}
	if !fd.Blocked {
		for _, r := range f.Rules {
			if r == fd.Rule {
				return true
			}
		}
	}
	return false
}

func ruleIDs() string { return strings.Join(RuleIDs(), ", ") }

// RuleKnown reports whether id names a rule.
func RuleKnown(id string) bool { return ruleKnown(id) }
