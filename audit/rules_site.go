package audit

import (
	"fmt"
	"strings"

	"github.com/cookieaudit/cookieaudit/audit/report"

	"github.com/cookieaudit/cookieaudit/crawler/observe"

	"github.com/cookieaudit/cookieaudit/policy"
)

// checkDeclaredUnused raises declared-unused for each declaration that no
// observed cookie matched, in any phase, stored or blocked. A site that
// could not be audited shows nothing, so nothing is claimed unused there.
func checkDeclaredUnused(e *evaluation, r *Rule) {
	if e.policyMissing || siteFailed(e.site) {
		return
	}
	m := e.matcher
	seen := map[[2]string]bool{}
	pages := e.pageCount()
	for i := range m.declared {
		pd := &m.declared[i]
		d := pd.d
		k := [2]string{d.Name, d.Domain}
		if seen[k] {
			continue
		}
		seen[k] = true
		if pd.used || m.usedElsewhere(k) {
			continue
		}
		f := report.Finding{
			Rule: r.ID, Severity: r.Severity, Cookie: d.Name, Domain: d.Domain,
			Phases: []observe.Phase{}, Category: d.Category,
		}
		if d.Expiry.Known() {
			f.Declared = d.Expiry.String()
		}
		f.Observed = "not observed"
		src := ""
		if d.Source != "" {
			src = " (" + d.Source + ")"
		}
		f.Message = fmt.Sprintf("The policy declares cookie %q%s but it was not observed in any phase on the %s crawled on %s.",
			d.Name, src, Count(int64(pages), "page"), e.site.URL)
		e.findings = append(e.findings, f)
	}
}

// checkPolicyMissing raises policy-missing once when no policy could be
// read, unless the site itself could not be audited or the policy read
// was cut short by an interruption: neither is the policy's fault.
func checkPolicyMissing(e *evaluation, r *Rule) {
	if !e.policyMissing || siteFailed(e.site) || policyReadInterrupted(e.site) {
		return
	}
	stored, nonEssential := 0, 0
	for _, c := range e.cookies {
		for _, rec := range c.records {
			if !rec.Blocked {
				stored++
				break
			}
		}
		if c.match.Category != policy.Necessary {
			nonEssential++
		}
	}
	key := ""
	if nonEssential == 0 {
		key = caseOnlyNecessary
	}
	reason := e.site.Policy.Error
	if reason == "" {
		reason = "no policy was found"
	}
	f := report.Finding{
		Rule: r.ID, Severity: r.SeverityIn(e.opts.Profile, key), Domain: Host(e.site.URL), Phases: []observe.Phase{},
		Observed: reason,
	}
	if e.site.Policy.URL != "" {
		f.Evidence = []report.Evidence{{PageURL: e.site.Policy.URL}}
	}
	f.Message = fmt.Sprintf("No cookie policy could be read for %s (%s), so the %s observed could not be checked against declarations.",
		e.site.URL, reason, Count(int64(stored), "stored cookie"))
	e.findings = append(e.findings, f)
}

// siteFailed reports whether a site could not be audited: the crawl says
// so, or no phase got its start page (unreachable, TLS or HTTP error).
func siteFailed(s *report.Site) bool {
	if s.Status == observe.SiteFailed {
		return true
	}
	for _, p := range s.Phases {
		if len(p.Pages) > 0 && p.Pages[0].Error == "" {
			return false
		}
	}
	return true
}

// policyReadInterrupted reports whether the site's crawl or its policy
// read was cut short by the run or the browser, so a missing policy says
// nothing about the site. Reports written before PolicyRef.Interrupted
// said so only in the error's words.
func policyReadInterrupted(s *report.Site) bool {
	if s.Status == observe.SiteInterrupted || s.Policy.Interrupted {
		return true
	}
	msg := strings.ToLower(s.Policy.Error)
	return strings.Contains(msg, "interrupted") || strings.Contains(msg, "context canceled")
}
