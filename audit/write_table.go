package audit

import (
	"fmt"
	"io"
	"strings"

	"github.com/cookieaudit/cookieaudit/crawler/observe"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"
)

// TableWriter writes terminal tables: a summary per site (cookies per
// phase, findings by rule), each site's cookies across the phases, and then
// the findings. Untrusted strings have
// control characters escaped so that a cookie name cannot drive the
// terminal.
type TableWriter struct{}

// Write implements Writer.
func (TableWriter) Write(w io.Writer, r *Report) error {
	sum := tablewriter.NewTable(w, tablewriter.WithHeaderAutoFormat(tw.Off))
	sum.Header("Site", "Pre-consent", "Accept", "Reject", "Findings", "Policy")
	for i := range r.Sites {
		s := &r.Sites[i]
		ss := Summarize(s)
		pol := s.Policy.URL
		switch {
		case s.Error != "":
			pol = "site error: " + s.Error
		case s.Policy.Error != "":
			pol = "error: " + s.Policy.Error
		}
		if err := sum.Append([]string{TerminalSafe(s.URL), ss.PhaseCell(observe.PhasePreConsent),
			ss.PhaseCell(observe.PhaseAccept), ss.PhaseCell(observe.PhaseReject), ss.RulesCell(), TerminalSafe(pol)}); err != nil {
			return fmt.Errorf("audit: table: %w", err)
		}
	}
	if err := sum.Render(); err != nil {
		return fmt.Errorf("audit: table: %w", err)
	}
	if err := writeCookieTable(w, r); err != nil {
		return err
	}
	n := 0
	for _, s := range r.Sites {
		n += len(s.Findings)
	}
	if n == 0 {
		_, err := fmt.Fprintln(w, "\nNo findings.")
		return err
	}
	if _, err := fmt.Fprintln(w); err != nil {
		return err
	}
	ft := tablewriter.NewTable(w, tablewriter.WithHeaderAutoFormat(tw.Off))
	ft.Header("Site", "Severity", "Rule", "Cookie", "Domain", "Phases", "Declared", "Observed", "Status")
	for _, s := range r.Sites {
		host := hostOf(s.URL)
		for _, f := range s.Findings {
			if err := ft.Append([]string{TerminalSafe(host), string(f.Severity), f.Rule, TerminalSafe(f.Cookie),
				TerminalSafe(f.Domain), joinPhases(f.Phases), TerminalSafe(f.Declared), TerminalSafe(f.Observed),
				statusCell(f)}); err != nil {
				return fmt.Errorf("audit: table: %w", err)
			}
		}
	}
	if err := ft.Render(); err != nil {
		return fmt.Errorf("audit: table: %w", err)
	}
	return nil
}

// statusCell says whether a finding is new, unchanged, resolved, waived or
// blocked-only evidence.
func statusCell(f Finding) string {
	var parts []string
	if f.Status != "" {
		parts = append(parts, f.Status)
	}
	if f.Waived != "" {
		parts = append(parts, "waived")
	}
	if f.WaiverExpired != "" {
		parts = append(parts, "waiver expired")
	}
	if f.Blocked {
		parts = append(parts, "blocked")
	}
	return strings.Join(parts, ", ")
}
