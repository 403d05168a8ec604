package audit

import (
	"cmp"
	"fmt"
	"slices"
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

// Coverage is how much of a site its crawl reached: the pages loaded over
// every phase, and those that failed, counted by why.
type Coverage struct {
	Pages  int
	Failed int
	// Why counts the failed pages by reason, most first ("timeout",
	// "redirect loop", "HTTP 404", ...).
	Why []ReasonCount
}

// ReasonCount is how many pages failed for one reason.
type ReasonCount struct {
	Reason string
	N      int
}

// SiteCoverage counts the pages a site's crawl loaded and those that
// failed.
func SiteCoverage(s *report.Site) Coverage {
	var c Coverage
	counts := map[string]int{}
	for _, p := range s.Phases {
		for _, pg := range p.Pages {
			c.Pages++
			if pg.Error != "" {
				c.Failed++
				counts[PageFailure(pg.Error)]++
			}
		}
	}
	c.Why = sortedReasons(counts)
	return c
}

// Plus is the coverage of two crawls together.
func (c Coverage) Plus(o Coverage) Coverage {
	counts := map[string]int{}
	for _, r := range append(slices.Clone(c.Why), o.Why...) {
		counts[r.Reason] += r.N
	}
	return Coverage{Pages: c.Pages + o.Pages, Failed: c.Failed + o.Failed, Why: sortedReasons(counts)}
}

// sortedReasons lists counted reasons, most first, then by name.
func sortedReasons(counts map[string]int) []ReasonCount {
	var out []ReasonCount
	for reason, n := range counts {
		out = append(out, ReasonCount{reason, n})
	}
	slices.SortFunc(out, func(a, b ReasonCount) int { return cmp.Or(cmp.Compare(b.N, a.N), cmp.Compare(a.Reason, b.Reason)) })
	return out
}

// Reasons writes the failed pages' reasons, e.g. "timeout ×4, redirect
// loop ×2", or "".
func (c Coverage) Reasons() string {
	parts := make([]string, len(c.Why))
	for i, r := range c.Why {
		parts[i] = fmt.Sprintf("%s ×%d", r.Reason, r.N)
	}
	return strings.Join(parts, ", ")
}

// String writes the coverage in a few words, e.g. "30 pages, 6 failed
// (timeout ×4, redirect loop ×2)" or "12 pages".
func (c Coverage) String() string {
	out := Count(int64(c.Pages), "page")
	if c.Failed > 0 {
		out += fmt.Sprintf(", %d failed (%s)", c.Failed, c.Reasons())
	}
	return out
}

// pageFailures map a page error's telling part to its reason, in order.
var pageFailures = []struct{ marker, reason string }{
	{"page did not load within", "timeout"},
	{"ERR_TIMED_OUT", "timeout"},
	{"ERR_TOO_MANY_REDIRECTS", "redirect loop"},
	{"ERR_NAME_NOT_RESOLVED", "DNS"},
	{"ERR_NAME_RESOLUTION_FAILED", "DNS"},
	{"ERR_CERT_", "TLS"},
	{"ERR_SSL_", "TLS"},
	{"ERR_CONNECTION_REFUSED", "connection refused"},
	{"ERR_CONNECTION_", "connection failed"},
	{"ERR_ADDRESS_UNREACHABLE", "connection failed"},
	{"ERR_INTERNET_DISCONNECTED", "connection failed"},
	{"page load stopped", "stopped"},
	{"blocked by a bot check", "bot check"},
	{"ERR_ABORTED", "aborted"},
}

// PageFailure names why a page failed, from its error: "timeout",
// "redirect loop", "HTTP 404", "DNS", "TLS", "connection refused", ...;
// an error it does not know is "other".
func PageFailure(err string) string {
	for _, f := range pageFailures {
		if strings.Contains(err, f.marker) {
			return f.reason
		}
	}
	var code int
	if _, scanErr := fmt.Sscanf(err, "HTTP %d", &code); scanErr == nil {
		return fmt.Sprintf("HTTP %d", code)
	}
	return "other"
}
