package render

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/cookieaudit/cookieaudit/audit"

	"github.com/cookieaudit/cookieaudit/audit/report"
)

// messagePrefix starts every line the run summary and warnings write, so a
// CI log shows which program spoke.
const messagePrefix = "cookieaudit: "

// WriteWarning writes one warning line in the one format every warning
// shares: "cookieaudit: warning: MESSAGE". Control characters in the
// message are escaped.
func WriteWarning(w io.Writer, message string) error {
	_, err := fmt.Fprintf(w, "%swarning: %s\n", messagePrefix, audit.TerminalSafe(strings.TrimSpace(message)))
	return err
}

// WriteRunSummary writes a short summary of a run for stderr, so that a CI
// log explains itself without the report: the sites audited and those that
// failed (with why), the active findings by severity and by rule (waived
// and resolved ones counted apart), and the files written.
//
//	cookieaudit: 3 sites: 2 audited, 1 failed
//	cookieaudit: failed: www.unreachable.gov.uk (the crawl failed: navigate: net::ERR_NAME_NOT_RESOLVED)
//	cookieaudit: crawled 61 pages, 7 failed (timeout ×4, DNS ×3)
//	cookieaudit: www.testshire.gov.uk: 4 of 30 pages failed (timeout ×4)
//	cookieaudit: 15 findings: 4 high, 6 medium, 4 low, 1 info; 1 waived
//	cookieaudit: against the baseline of 2026-12-06T02:00:00Z: 2 new, 13 unchanged, 1 resolved
//	cookieaudit: by rule: pre-consent 4, undeclared 3, ...
//	cookieaudit: wrote out/report.json, out/report.html
func WriteRunSummary(w io.Writer, r *report.Report, filesWritten []string) error {
	var b strings.Builder
	line := func(format string, args ...any) {
		b.WriteString(messagePrefix)
		fmt.Fprintf(&b, format, args...)
		b.WriteByte('\n')
	}
	var failed, coverage []string
	var pages audit.Coverage
	bySev := map[report.Severity]int{}
	byRule := map[string]int{}
	byStatus := map[string]int{}
	active, waived, resolved := 0, 0, 0
	for i := range r.Sites {
		s := &r.Sites[i]
		if p := audit.SiteProblem(s); p != "" {
			failed = append(failed, fmt.Sprintf("%s (%s)", siteLabel(s.URL), p))
		}
		cov := audit.SiteCoverage(s)
		pages = pages.Plus(cov)
		if cov.Failed > 0 && audit.SiteProblem(s) == "" {
			coverage = append(coverage, fmt.Sprintf("%s: %d of %s failed (%s)", siteLabel(s.URL), cov.Failed, audit.Count(cov.Pages, "page"), cov.Reasons()))
		}
		for _, f := range s.Findings {
			if f.Waived == "" {
				byStatus[f.Status]++
			}
		}
		ss := audit.Summarize(s)
		waived += ss.Waived
		resolved += ss.Resolved
		for sev, n := range ss.BySeverity {
			bySev[sev] += n
			active += n
		}
		for rule, n := range ss.ByRule {
			byRule[rule] += n
		}
	}
	sites := len(r.Sites)
	if len(failed) == 0 {
		line("%s audited", audit.Count(sites, "site"))
	} else {
		line("%s: %d audited, %d failed", audit.Count(sites, "site"), sites-len(failed), len(failed))
		for _, f := range failed {
			line("failed: %s", audit.TerminalSafe(f))
		}
	}
	if pages.Pages > 0 {
		line("crawled %s", pages)
	}
	for _, c := range coverage {
		line("%s", audit.TerminalSafe(c))
	}
	var sevParts []string
	for _, sev := range []report.Severity{report.High, report.Medium, report.Low, report.Info} {
		if n := bySev[sev]; n > 0 {
			sevParts = append(sevParts, fmt.Sprintf("%d %s", n, sev))
		}
	}
	var extra []string
	if waived > 0 {
		extra = append(extra, fmt.Sprintf("%d waived", waived))
	}
	findings := audit.Count(active, "finding")
	if len(sevParts) > 0 {
		findings += ": " + strings.Join(sevParts, ", ")
	}
	if len(extra) > 0 {
		findings += "; " + strings.Join(extra, ", ")
	}
	line("%s", findings)
	if r.Baseline != "" {
		line("against the baseline of %s: %d new, %d unchanged, %d resolved", audit.TerminalSafe(r.Baseline), byStatus[audit.StatusNew], byStatus[audit.StatusUnchanged], resolved)
	}
	if len(byRule) > 0 {
		rules := make([]string, 0, len(byRule))
		for id := range byRule {
			rules = append(rules, id)
		}
		slices.SortFunc(rules, func(a, b string) int {
			return cmp.Or(cmp.Compare(byRule[b], byRule[a]), cmp.Compare(ruleOrder(a), ruleOrder(b)), cmp.Compare(a, b))
		})
		parts := make([]string, len(rules))
		for i, id := range rules {
			parts[i] = fmt.Sprintf("%s %d", id, byRule[id])
		}
		line("by rule: %s", strings.Join(parts, ", "))
	}
	if len(filesWritten) > 0 {
		line("wrote %s", strings.Join(filesWritten, ", "))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// ruleOrder is a rule's position in Rules; unknown rules come last.
func ruleOrder(id string) int {
	for i, r := range audit.Rules {
		if r.ID == id {
			return i
		}
	}
	return len(audit.Rules)
}
