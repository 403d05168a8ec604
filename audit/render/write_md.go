package render

import (
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/cookieaudit/cookieaudit/audit"

	"github.com/cookieaudit/cookieaudit/audit/report"

	"github.com/cookieaudit/cookieaudit/crawler/observe"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
)

// MarkdownWriter writes a report ready to paste into a ticket: a summary
// table and, per site, its findings, rendered with tablewriter's Markdown
// renderer. Every untrusted string goes through MarkdownEscape.
type MarkdownWriter struct{}

// MarkdownEscape makes s inert inside Markdown (CommonMark and GitHub
// flavour) table cells: pipes and emphasis, code, link and strikethrough
// characters are backslash-escaped (parentheses need not be, since '[' is), '<', '>' and '&' become entities so no
// HTML gets through, and line breaks become spaces.
func MarkdownEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\\', '`', '*', '_', '[', ']', '|', '~', '#':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '\r', '\n', '\t':
			b.WriteByte(' ')
		default:
			if audit.UnsafeRune(r) {
				fmt.Fprintf(&b, "&#x%x;", r)
				continue
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// markdownTable renders header and rows as a Markdown table.
func markdownTable(w io.Writer, header []string, rows [][]string) error {
	return writeTable(w, header, rows, tablewriter.WithRenderer(renderer.NewMarkdown()), tablewriter.WithHeaderAlignment(tw.AlignLeft))
}

// Write implements Writer.
func (MarkdownWriter) Write(w io.Writer, r *report.Report) error {
	e := MarkdownEscape
	var b strings.Builder
	fmt.Fprintf(&b, "# Cookie audit\n\n")
	fmt.Fprintf(&b, "%s %s, %s to %s UTC", e(r.Tool.Name), e(r.Tool.Version),
		r.StartedAt.UTC().Format("2006-01-02 15:04"), r.FinishedAt.UTC().Format("2006-01-02 15:04"))
	if r.Audit != nil {
		fmt.Fprintf(&b, "; profile %s, expiry tolerance %s, lifetime cap %s", e(r.Audit.Profile),
			audit.Percent(r.Audit.ExpiryTolerance), r.Audit.LifetimeCap)
	}
	if r.Baseline != "" {
		fmt.Fprintf(&b, "; compared with the baseline %s", e(r.Baseline))
	}
	b.WriteString(".\n\n## Summary\n\n")
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	var rows [][]string
	for i := range r.Sites {
		ss := audit.Summarize(&r.Sites[i])
		rules := ss.RulesCell()
		if audit.SiteProblem(&r.Sites[i]) != "" {
			rules = "not audited (see below)"
		}
		rows = append(rows, []string{e(ss.URL), audit.SiteCoverage(&r.Sites[i]).String(), ss.PhaseCell(observe.PhasePreConsent), ss.PhaseCell(observe.PhaseAccept),
			ss.PhaseCell(observe.PhaseReject), fmt.Sprint(ss.BySeverity[report.High]), fmt.Sprint(ss.BySeverity[report.Medium]),
			fmt.Sprint(ss.BySeverity[report.Low]), fmt.Sprint(ss.BySeverity[report.Info]), e(rules)})
	}
	if err := markdownTable(w, []string{"Site", "Pages", "Pre-consent", "Accept", "Reject", "High", "Medium", "Low", "Info", "Findings by rule"}, rows); err != nil {
		return err
	}
	for i := range r.Sites {
		s := &r.Sites[i]
		b.Reset()
		fmt.Fprintf(&b, "\n## %s\n\n", e(s.URL))
		problem := audit.SiteProblem(s)
		if problem != "" {
			fmt.Fprintf(&b, "**Not audited**: %s.\n\n", e(problem))
		}
		if cov := audit.SiteCoverage(s); cov.Failed > 0 {
			fmt.Fprintf(&b, "Pages crawled: %s.\n\n", e(cov.String()))
		}
		switch {
		case s.Policy.Error != "":
			fmt.Fprintf(&b, "Cookie policy: not read (%s).\n\n", e(s.Policy.Error))
		case s.Policy.URL != "":
			fmt.Fprintf(&b, "Cookie policy: %s (%d declarations%s).\n\n", e(s.Policy.URL), len(s.Declared), policyPhaseNote(s.Policy))
		}
		writeConsentMarkdown(&b, s)
		if len(s.Findings) == 0 {
			if problem == "" {
				b.WriteString("No findings.\n")
			}
			if _, err := io.WriteString(w, b.String()); err != nil {
				return err
			}
			if err := writeTrackersMarkdown(w, s); err != nil {
				return err
			}
			continue
		}
		if _, err := io.WriteString(w, b.String()); err != nil {
			return err
		}
		rows = rows[:0]
		for _, f := range s.Findings {
			rows = append(rows, []string{string(f.Severity), f.Rule, e(f.Subject()), e(f.Domain), joinPhases(f.Phases),
				e(f.Declared), e(f.Observed), e(statusCell(f)), e(findingNote(f))})
		}
		if err := markdownTable(w, []string{"Severity", "Rule", "Cookie", "Domain", "Phases", "Declared", "Observed", "Status", "Message"}, rows); err != nil {
			return err
		}
		if err := writeTrackersMarkdown(w, s); err != nil {
			return err
		}
	}
	return nil
}

// findingNote is the message plus any waiver note.
func findingNote(f report.Finding) string {
	m := f.Message
	if f.Waived != "" {
		m += " Waived: " + f.Waived + "."
	}
	if f.WaiverExpired != "" {
		m += " The " + f.WaiverExpired + "."
	}
	return m
}

// safeImagePath matches the screenshot paths a Markdown report links to: a
// relative or absolute file path of plain characters ending in .png, so
// that no path from a report can become a script link.
var safeImagePath = regexp.MustCompile(`^/?[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*\.png$`)

// writeConsentMarkdown lists, per phase, the evidence of the consent
// choice: what was done and seen, and links to the screenshots.
func writeConsentMarkdown(b *strings.Builder, s *report.Site) {
	e := MarkdownEscape
	first := true
	for _, pr := range s.Phases {
		if pr.Consent == nil {
			continue
		}
		if first {
			b.WriteString("Cookie banner:\n\n")
			first = false
		}
		fmt.Fprintf(b, "- **%s.**", consentTitle(pr.Phase))
		for _, f := range consentFacts(pr.Consent) {
			fmt.Fprintf(b, " %s: %s.", f.Label, e(strings.TrimSuffix(f.Value, ".")))
		}
		var shots []string
		for _, sh := range []struct{ label, path string }{{"before", pr.Consent.ScreenshotBefore}, {"after", pr.Consent.ScreenshotAfter}} {
			switch {
			case sh.path == "":
			case safeImagePath.MatchString(sh.path):
				shots = append(shots, "["+sh.label+"]("+sh.path+")")
			default:
				shots = append(shots, sh.label+" "+e(sh.path))
			}
		}
		if len(shots) > 0 {
			fmt.Fprintf(b, " Screenshots: %s.", strings.Join(shots, ", "))
		}
		b.WriteString("\n")
	}
	if !first {
		b.WriteString("\n")
	}
}

// writeTrackersMarkdown lists the site's tracker requests, phase by phase:
// the endpoint, its vendor, what sent it and what it carried.
func writeTrackersMarkdown(w io.Writer, s *report.Site) error {
	if len(s.Trackers) == 0 {
		return nil
	}
	e := MarkdownEscape
	if _, err := io.WriteString(w, "\n### Tracker requests\n\n"); err != nil {
		return err
	}
	var rows [][]string
	for _, t := range s.Trackers {
		phase := string(t.Phase)
		if t.AfterChoice {
			phase += " (after the choice)"
		}
		rows = append(rows, []string{phase, e(t.Host + t.Path), e(t.Vendor), string(t.Category) + ", " + t.Role,
			e(t.Method + " " + t.Type + " by " + t.Initiator), fmt.Sprint(t.Count), e(trackerCarried(t))})
	}
	return markdownTable(w, []string{"Phase", "Request", "Vendor", "Kind", "Sent", "Count", "Carried"}, rows)
}

// policyPhaseNote says, after a policy's declarations, that the policy was
// read as it stood once cookies were accepted, when it was: its cookie
// table filled in only then.
func policyPhaseNote(p report.PolicyRef) string {
	if p.Phase == observe.PhaseAccept {
		return ", read after cookies were accepted: the page lists them only then"
	}
	return ""
}
