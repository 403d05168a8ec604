package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/cookieaudit/cookieaudit/audit"

	"github.com/cookieaudit/cookieaudit/audit/report"

	"github.com/cookieaudit/cookieaudit/crawler/observe"
)

// TableWriter writes terminal tables fitted to Width columns: a summary per
// site (cookies per phase, findings by rule), each site's cookies across
// the phases, each site's findings, and a legend of the rules that
// appear. Free-text columns wrap, and columns are dropped (least useful
// first) before a row would be wider than Width. A site that could not be
// audited shows as an error, never as "no findings". Untrusted strings
// have control characters escaped so that a cookie name cannot drive the
// terminal.
type TableWriter struct {
	// Width is the terminal's width in columns; 0 means DefaultTableWidth.
	Width int
}

func (t TableWriter) width() int {
	if t.Width <= 0 {
		return DefaultTableWidth
	}
	return max(t.Width, minTableWidth)
}

// Write implements Writer.
func (t TableWriter) Write(w io.Writer, r *report.Report) error {
	width := t.width()
	if err := writeSiteSummaryTable(w, r, width); err != nil {
		return err
	}
	if err := writeCookieTable(w, r, width); err != nil {
		return err
	}
	if err := writeFindingTables(w, r, width); err != nil {
		return err
	}
	return writeRuleLegend(w, r, width)
}

// writeSiteSummaryTable writes one row per site: its cookies per phase,
// its findings by rule (or why it could not be audited) and its policy.
func writeSiteSummaryTable(w io.Writer, r *report.Report, width int) error {
	cols := []textColumn{
		{header: "Site", minWidth: 16, wordMin: 30},
		{header: "Pages", minWidth: 7, dropRank: 4},
		{header: "Pre-consent", minWidth: 7, dropRank: 1},
		{header: "Accept", minWidth: 6, dropRank: 2},
		{header: "Reject", minWidth: 6, dropRank: 3},
		{header: "Findings", minWidth: 8},
		{header: "By rule", minWidth: 16, dropRank: 5},
		{header: "Policy", minWidth: 16, dropRank: 6},
	}
	for i := range r.Sites {
		s := &r.Sites[i]
		ss := audit.Summarize(s)
		cells := []string{audit.TerminalSafe(siteLabel(s.URL)), pagesCell(audit.SiteCoverage(s)), ss.PhaseCell(observe.PhasePreConsent), ss.PhaseCell(observe.PhaseAccept),
			ss.PhaseCell(observe.PhaseReject), strings.ReplaceAll(ss.SeverityCell(), ", ", "\n"), strings.ReplaceAll(ss.RulesCell(), ", ", "\n"), audit.TerminalSafe(s.Policy.URL)}
		if s.Policy.Error != "" {
			cells[7] = "not read: " + audit.TerminalSafe(s.Policy.Error)
		}
		if problem := audit.SiteProblem(s); problem != "" {
			cells[2], cells[3], cells[4] = "-", "-", "-"
			cells[5] = "ERROR: not audited"
			cells[6] = audit.TerminalSafe(problem)
			cells[7] = ""
		}
		addRow(cols, cells)
	}
	headers, rows := fittedTable(cols, width)
	return renderTable(w, headers, rows)
}

// pagesCell writes a site's coverage for a table cell: the pages loaded,
// then those that failed and why, one reason a line.
func pagesCell(c audit.Coverage) string {
	out := fmt.Sprint(c.Pages)
	if c.Failed > 0 {
		out += fmt.Sprintf("\n%d failed:\n%s", c.Failed, strings.ReplaceAll(c.Reasons(), ", ", "\n"))
	}
	return out
}

// writeFindingTables writes each site's findings, or says that the site
// could not be audited or has none.
func writeFindingTables(w io.Writer, r *report.Report, width int) error {
	for i := range r.Sites {
		s := &r.Sites[i]
		host := audit.TerminalSafe(audit.Host(s.URL))
		if problem := audit.SiteProblem(s); problem != "" {
			if _, err := fmt.Fprintln(w); err != nil {
				return err
			}
			if err := writeHanging(w, "ERROR "+host+": ", "not audited, "+audit.TerminalSafe(problem), width); err != nil {
				return err
			}
			if len(s.Findings) == 0 {
				continue
			}
		}
		if len(s.Findings) == 0 {
			if _, err := fmt.Fprintf(w, "\nNo findings on %s.\n", host); err != nil {
				return err
			}
			continue
		}
		if _, err := fmt.Fprintf(w, "\nFindings on %s (%d)\n", host, len(s.Findings)); err != nil {
			return err
		}
		cols := []textColumn{
			{header: "Severity"},
			{header: "Rule", minWidth: 11, wordMin: 21},
			{header: "Cookie", minWidth: 12, wordMin: 20},
			{header: "Domain", minWidth: 12, wordMin: 24, dropRank: 4},
			{header: "Phases", minWidth: 11, dropRank: 3},
			{header: "Declared", minWidth: 12, dropRank: 5},
			{header: "Observed", minWidth: 10},
			{header: "Status", minWidth: 7, dropRank: 1},
		}
		for _, f := range s.Findings {
			cells := []string{string(f.Severity), f.Rule, audit.TerminalSafe(f.Subject()), audit.TerminalSafe(f.Domain), joinPhases(f.Phases),
				audit.TerminalSafe(f.Declared), audit.TerminalSafe(f.Observed), statusCell(f)}
			addRow(cols, cells)
		}
		headers, rows := fittedTable(cols, width)
		if err := renderTable(w, headers, rows); err != nil {
			return err
		}
	}
	return nil
}

// writeRuleLegend explains the rule names that appear in the report.
func writeRuleLegend(w io.Writer, r *report.Report, width int) error {
	used := map[string]bool{}
	for _, s := range r.Sites {
		for _, f := range s.Findings {
			used[f.Rule] = true
		}
	}
	if len(used) == 0 {
		return nil
	}
	if _, err := fmt.Fprintln(w, "\nRules"); err != nil {
		return err
	}
	pad := 0
	for _, ri := range audit.Rules {
		if used[ri.ID] {
			pad = max(pad, len(ri.ID))
		}
	}
	for _, ri := range audit.Rules {
		if !used[ri.ID] {
			continue
		}
		label := "  " + ri.ID + strings.Repeat(" ", pad-len(ri.ID)+2)
		if err := writeHanging(w, label, ri.Description, width); err != nil {
			return err
		}
	}
	return nil
}

// statusCell says whether a finding is new, unchanged, resolved, waived or
// blocked-only evidence.
func statusCell(f report.Finding) string {
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

// siteLabel is a site's URL as a reader names it: without "https://" and
// the trailing slash of a bare host.
func siteLabel(u string) string {
	return strings.TrimSuffix(strings.TrimPrefix(u, "https://"), "/")
}
