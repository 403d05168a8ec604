package audit

import (
	"fmt"
	"slices"
	"strings"

	"github.com/cookieaudit/cookieaudit/audit/report"

	"github.com/cookieaudit/cookieaudit/crawler/observe"
)

// checkNoRejectOption raises no-reject-option once when a banner's first
// layer was seen offering accept but no reject.
func checkNoRejectOption(e *evaluation, r *Rule) {
	var phases []observe.Phase
	var evs []report.Evidence
	cmpName := ""
	for _, p := range e.site.Phases {
		c := p.Consent
		if c == nil || !c.BannerFound || c.RejectOnFirstLayer {
			continue
		}
		phases = appendPhase(phases, p.Phase)
		if cmpName == "" {
			cmpName = c.CMP
		}
		if len(p.Pages) > 0 {
			evs = appendEvidence(evs, report.Evidence{PageURL: p.Pages[0].URL})
		}
	}
	if len(phases) == 0 {
		return
	}
	sortPhases(phases)
	f := report.Finding{
		Rule: r.ID, Severity: r.Severity, Domain: Host(e.site.URL), Phases: phases,
		Evidence: evs, Observed: "no reject on first layer",
	}
	page := e.site.URL
	if len(evs) > 0 {
		page = evs[0].PageURL
	}
	f.Message = fmt.Sprintf("%s on %s offers accept but no reject option on its first layer, so refusing cookies is harder than accepting them.", bannerName(cmpName), page)
	e.findings = append(e.findings, f)
}

// checkRejectNotRecorded raises reject-not-recorded when a refusal was
// made but the consent manager's record, read back afterwards, accepts
// analytics or marketing, or records no choice at all. When the state
// could not be read but the refusal wrote a record, nothing is claimed.
func checkRejectNotRecorded(e *evaluation, r *Rule) {
	for _, p := range e.site.Phases {
		c := p.Consent
		if p.Phase != observe.PhaseReject || p.ConsentOutcome() != observe.ConsentGiven || c == nil {
			continue
		}
		page := phasePage(e.site, p)
		var observed, why string
		switch st := c.State; {
		case st != nil && len(nonEssential(st.Accepted)) > 0:
			acc := nonEssential(st.Accepted)
			observed = "recorded as accepted: " + strings.Join(acc, ", ")
			verb := "was"
			if len(acc) > 1 {
				verb = "were"
			}
			why = fmt.Sprintf("the consent manager's record (%s) says %s %s accepted, so scripts that read it treat the visitor as having consented",
				st.Source, joinAnd(acc), verb)
		case st != nil && len(st.Accepted) == 0 && len(st.Refused) == 0:
			observed = "record holds no choice"
			why = fmt.Sprintf("the consent manager's record (%s) neither accepts nor refuses any category, so the refusal cannot be honoured on later pages", st.Source)
		case st == nil && len(c.ConsentRecords) == 0:
			observed = "no record written"
			why = "it wrote no cookie or storage entry and no consent state could be read back, so the refusal cannot be honoured on later pages or visits"
		default:
			continue
		}
		e.findings = append(e.findings, report.Finding{
			Rule: r.ID, Severity: r.Severity, Domain: Host(e.site.URL), Phases: []observe.Phase{p.Phase},
			Evidence: []report.Evidence{{PageURL: page}}, Observed: observed,
			Message: fmt.Sprintf("The visitor refused cookies on %s (%s) but the refusal was not recorded: %s.", page, howChosen(c), why),
		})
	}
}

// checkConsentNotPersisted raises consent-not-persisted once when the banner
// came back on a later page after an accept or reject choice.
func checkConsentNotPersisted(e *evaluation, r *Rule) {
	var phases []observe.Phase
	var evs []report.Evidence
	var parts []string
	cmpName := ""
	for _, p := range e.site.Phases {
		c := p.Consent
		if p.ConsentOutcome() != observe.ConsentGiven || c == nil || c.BannerReturnedOn == "" {
			continue
		}
		choice, ok := observe.ChoiceOf(p.Phase)
		if !ok {
			continue
		}
		phases = appendPhase(phases, p.Phase)
		evs = appendEvidence(evs, report.Evidence{PageURL: c.BannerReturnedOn})
		if cmpName == "" {
			cmpName = c.CMP
		}
		verb := "accepted"
		if choice == observe.ChoiceReject {
			verb = "rejected"
		}
		parts = append(parts, fmt.Sprintf("on %s after the visitor %s cookies", c.BannerReturnedOn, verb))
	}
	if len(phases) == 0 {
		return
	}
	sortPhases(phases)
	key := caseAcceptOnly
	if slices.Contains(phases, observe.PhaseReject) {
		key = ""
	}
	e.findings = append(e.findings, report.Finding{
		Rule: r.ID, Severity: r.SeverityIn(e.opts.Profile, key), Domain: Host(e.site.URL), Phases: phases,
		Evidence: evs, Observed: "banner shown again",
		Message: fmt.Sprintf("%s showed again %s, so the choice was not remembered and visitors are asked on every page.",
			bannerName(cmpName), strings.Join(parts, " and ")),
	})
}

// bannerName names the banner, with its consent manager when recognised.
func bannerName(cmpName string) string {
	if cmpName != "" && cmpName != "generic" {
		return fmt.Sprintf("The cookie banner (%s)", cmpName)
	}
	return "The cookie banner"
}

// phasePage is the first page a phase visited, else the site's URL.
func phasePage(s *report.Site, p observe.PhaseResult) string {
	if len(p.Pages) > 0 {
		return p.Pages[0].URL
	}
	return s.URL
}

// howChosen says how a choice was made: the control clicked or the consent
// manager's API call.
func howChosen(c *observe.ConsentEvidence) string {
	switch {
	case c.Via == observe.ConsentViaAPI && c.APICall != "":
		return "through " + c.APICall
	case c.ButtonText != "":
		return fmt.Sprintf("by pressing %q", c.ButtonText)
	}
	return "through the cookie banner"
}

// nonEssentialPurposes are the purpose names, normalised or as consent
// managers write them, that a refusal must refuse.
var nonEssentialPurposes = []string{"analytics", "marketing", "statistics", "performance", "advertising", "targeting"}

// nonEssential returns the categories among cats that a refusal must refuse.
func nonEssential(cats []string) []string {
	var out []string
	for _, c := range cats {
		if slices.Contains(nonEssentialPurposes, strings.ToLower(strings.TrimSpace(c))) {
			out = appendUnique(out, c)
		}
	}
	return out
}

// joinAnd joins words as "a", "a and b", "a, b and c".
func joinAnd(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}
