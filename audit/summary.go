package audit

import (
	"fmt"
	"sort"
	"strings"

	"github.com/cookieaudit/cookieaudit/audit/report"

	"github.com/cookieaudit/cookieaudit/crawler/observe"
)

// SiteSummary counts what one site's report holds, for summary tables.
type SiteSummary struct {
	URL string
	// Cookies counts distinct stored cookies (name and domain) per phase;
	// Blocked counts distinct blocked ones.
	Cookies map[observe.Phase]int
	Blocked map[observe.Phase]int
	// BySeverity and ByRule count active findings: not resolved, not
	// waived.
	BySeverity map[report.Severity]int
	ByRule     map[string]int
	Waived     int
	Resolved   int
}

// Summarize counts a site's cookies and findings.
func Summarize(s *report.Site) SiteSummary {
	sum := SiteSummary{
		URL:     s.URL,
		Cookies: map[observe.Phase]int{}, Blocked: map[observe.Phase]int{},
		BySeverity: map[report.Severity]int{}, ByRule: map[string]int{},
	}
	seen := map[string]bool{}
	for _, c := range s.Cookies {
		k := fmt.Sprintf("%s\x00%s\x00%s\x00%t", c.Phase, c.Name, c.Domain, c.Blocked)
		if seen[k] {
			continue
		}
		seen[k] = true
		if c.Blocked {
			sum.Blocked[c.Phase]++
		} else {
			sum.Cookies[c.Phase]++
		}
	}
	for _, f := range s.Findings {
		switch {
		case f.Status == StatusResolved:
			sum.Resolved++
		case f.Waived != "":
			sum.Waived++
		default:
			sum.BySeverity[f.Severity]++
			sum.ByRule[f.Rule]++
		}
	}
	return sum
}

// PhaseCell writes a phase's cookie count, with blocked attempts, e.g.
// "5 (+1 blocked)".
func (s SiteSummary) PhaseCell(p observe.Phase) string {
	out := fmt.Sprint(s.Cookies[p])
	if b := s.Blocked[p]; b > 0 {
		out += fmt.Sprintf(" (+%d blocked)", b)
	}
	return out
}

// Count is the number of active findings of a severity.
func (s SiteSummary) Count(sev report.Severity) int { return s.BySeverity[sev] }

// SeverityCell writes the finding counts by severity, e.g. "2 high, 6
// medium", or "none".
func (s SiteSummary) SeverityCell() string {
	var parts []string
	for _, sev := range []report.Severity{report.High, report.Medium, report.Low, report.Info} {
		if n := s.BySeverity[sev]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, sev))
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// RulesCell writes the finding counts by rule, e.g. "pre-consent 2,
// undeclared 3", in rule order.
func (s SiteSummary) RulesCell() string {
	var parts []string
	for _, r := range Rules {
		if n := s.ByRule[r.ID]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", r.ID, n))
		}
	}
	var other []string
	for id, n := range s.ByRule {
		if !ruleKnown(id) {
			other = append(other, fmt.Sprintf("%s %d", id, n))
		}
	}
	sort.Strings(other)
	parts = append(parts, other...)
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// TerminalSafe replaces control characters and bidirectional overrides,
// which could rewrite a terminal's display, with visible escapes.
func TerminalSafe(s string) string {
	if !strings.ContainsFunc(s, UnsafeRune) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if UnsafeRune(r) {
			if r < 0x100 {
				fmt.Fprintf(&b, `\x%02x`, r)
			} else {
				fmt.Fprintf(&b, `\u%04x`, r)
			}
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func UnsafeRune(r rune) bool {
	return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) ||
		(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0x200e || r == 0x200f || r == 0xfeff
}

// SiteProblem says why a site could not be audited (fully): its crawl
// failed, or was interrupted before its phases finished. It is "" for a
// site audited to the end.
func SiteProblem(s *report.Site) string {
	switch {
	case s.Status == observe.SiteFailed || (s.Error != "" && s.Status != observe.SiteInterrupted):
		if s.Error == "" {
			return "the crawl failed"
		}
		return "the crawl failed: " + s.Error
	case s.Status == observe.SiteInterrupted:
		msg := "the run was stopped before the site's phases finished"
		if s.Error != "" {
			msg += " (" + s.Error + ")"
		}
		return msg
	}
	return ""
}
