package audit

import (
	"fmt"
	"slices"
	"strings"

	"github.com/cookieaudit/cookieaudit/audit/report"
	"github.com/cookieaudit/cookieaudit/crawler/observe"
	"github.com/cookieaudit/cookieaudit/policy"
)

// trackerSighting is an observed request a tracker list recognised.
type trackerSighting struct {
	req observe.Request
	ep  TrackerEndpoint
	// cm is the Consent Mode state it sent; signalled is false when it
	// sent none.
	cm        ConsentMode
	signalled bool
}

// classifyRequests recognises the site's observed requests with the
// tracker list and records them in site.Trackers.
func (e *evaluation) classifyRequests() {
	e.site.Trackers = nil
	for _, q := range e.site.Requests {
		ep, ok := e.opts.Trackers.Classify(q.Host, q.Path)
		if !ok {
			continue
		}
		if ep.Host == "*" && ep.Source == "built-in" && q.GCS == "" && q.GCD == "" && q.MeasurementID == "" {
			// A built-in path-only entry (first-party tagging) needs the
			// tag's own parameters to tell a measurement hit from another
			// endpoint of that name.
			continue
		}
		s := trackerSighting{req: q, ep: ep}
		s.cm, s.signalled = ReadConsentMode(q.GCS, q.GCD)
		tr := report.TrackerRequest{Request: q, Vendor: ep.Vendor, Category: ep.Category, Role: string(ep.Role)}
		if s.signalled {
			tr.ConsentMode = s.cm.String()
			tr.Cookieless = s.cookieless()
		}
		e.site.Trackers = append(e.site.Trackers, tr)
		e.trackers = append(e.trackers, s)
	}
}

// cookieless reports whether a request signalled both storage signals
// denied and carried no cookie and no identifier read from one.
func (s trackerSighting) cookieless() bool {
	return s.signalled && s.cm.StorageDenied() && len(s.req.IDCookies) == 0 && len(s.req.Cookies) == 0
}

// nonEssential reports whether the endpoint tracks for analytics or
// advertising: a collection endpoint or an embed, not a tag's loader.
func (s trackerSighting) nonEssential() bool {
	if s.ep.Role == RoleLoader {
		return false
	}
	return s.ep.Category == policy.Analytics || s.ep.Category == policy.Marketing
}

// judgedWhen says when a request was sent, for the tracker rules: "before
// consent" in the pre-consent phase, "after rejecting" for a request the
// reject phase made after the refusal went through, "" otherwise.
func (e *evaluation) judgedWhen(q observe.Request) string {
	switch {
	case q.Phase == observe.PhasePreConsent:
		return "before consent"
	case q.Phase == observe.PhaseReject && e.rejected && q.AfterChoice:
		return "after rejecting"
	}
	return ""
}

// checkTrackerBeforeConsent raises tracker-before-consent for each
// non-essential tracker endpoint contacted in the pre-consent phase, unless
// it sent Consent Mode signals (consent-mode-mismatch judges those).
func checkTrackerBeforeConsent(e *evaluation, r *Rule) {
	e.trackerFindings(r, func(s trackerSighting) (report.Severity, bool) {
		if s.req.Phase != observe.PhasePreConsent || !s.nonEssential() || s.signalled {
			return "", false
		}
		key := ""
		if s.ep.Category == policy.Analytics {
			if _, ok := e.matcher.disclosedVendor(s.ep.Vendor); ok {
				key = caseVendorAnalytics
			}
		}
		return r.SeverityIn(e.opts.Profile, key), true
	})
}

// checkTrackerAfterReject raises tracker-after-reject for each
// non-essential tracker endpoint contacted after the visitor refused,
// unless it sent Consent Mode signals.
func checkTrackerAfterReject(e *evaluation, r *Rule) {
	e.trackerFindings(r, func(s trackerSighting) (report.Severity, bool) {
		if s.req.Phase != observe.PhaseReject || !s.nonEssential() || s.signalled {
			return "", false
		}
		return r.Severity, true
	})
}

// checkConsentModeMismatch raises consent-mode-mismatch for each endpoint a
// Google tag sent, before consent or after a refusal, Consent Mode signals
// granting ad_storage or analytics_storage to, or an identifier read from a
// cookie.
func checkConsentModeMismatch(e *evaluation, r *Rule) {
	e.trackerFindings(r, func(s trackerSighting) (report.Severity, bool) {
		if !s.signalled {
			return "", false
		}
		return r.Severity, len(s.cm.StorageGranted()) > 0 || len(s.req.IDCookies) > 0 || len(s.req.Cookies) > 0
	})
}

// trackerFindings raises one finding of rule r per endpoint (host and
// path) whose sightings at a judged time (see judgedWhen) judge accepts,
// with the phases, pages and initiators of them all.
func (e *evaluation) trackerFindings(r *Rule, judge func(trackerSighting) (report.Severity, bool)) {
	type group struct {
		f    *report.Finding
		hits []trackerSighting
	}
	var groups []*group
	byEndpoint := map[string]*group{}
	for _, s := range e.trackers {
		if e.judgedWhen(s.req) == "" {
			continue
		}
		sev, ok := judge(s)
		if !ok {
			continue
		}
		endpoint := s.req.Host + s.req.Path
		g := byEndpoint[endpoint]
		if g == nil {
			g = &group{f: &report.Finding{Rule: r.ID, Severity: sev, Domain: s.req.Host, Request: endpoint, Category: s.ep.Category}}
			byEndpoint[endpoint] = g
			groups = append(groups, g)
		}
		if SeverityRank(sev) < SeverityRank(g.f.Severity) {
			g.f.Severity = sev
		}
		g.f.Phases = appendPhase(g.f.Phases, s.req.Phase)
		g.f.Evidence = appendEvidence(g.f.Evidence, report.Evidence{PageURL: s.req.PageURL, SetBy: strings.ToLower(s.req.Type), SetByURL: s.req.Initiator})
		g.hits = append(g.hits, s)
	}
	for _, g := range groups {
		g.f.Observed = trackerObserved(r.ID, g.hits)
		var when []string
		for _, s := range g.hits {
			if w := e.judgedWhen(s.req); !slices.Contains(when, w) {
				when = append(when, w)
			}
		}
		sortPhases(g.f.Phases)
		g.f.Message = trackerMessage(r.ID, joinAnd(when), g.hits)
		e.findings = append(e.findings, *g.f)
	}
}

// trackerObserved says briefly what the requests behind a finding carried.
func trackerObserved(rule string, hits []trackerSighting) string {
	var parts []string
	add := func(s string) {
		for _, p := range parts {
			if p == s {
				return
			}
		}
		parts = append(parts, s)
	}
	for _, s := range hits {
		if rule == RuleConsentModeMismatch {
			if g := s.cm.StorageGranted(); len(g) > 0 {
				add(strings.Join(g, " and ") + " granted")
			}
		}
		for _, c := range s.req.IDCookies {
			add(c + " read")
		}
		if len(s.req.Cookies) > 0 {
			add("cookies sent: " + strings.Join(s.req.Cookies, ", "))
		}
	}
	if len(parts) == 0 {
		total := 0
		for _, s := range hits {
			total += s.req.Count
		}
		return plural(total, "request")
	}
	return strings.Join(parts, "; ")
}

// trackerMessage says what a tracker finding is about: the vendor, the
// request, the page and what sent it, and what it carried.
func trackerMessage(rule, when string, hits []trackerSighting) string {
	s := hits[0]
	q := s.req
	// The browser names the page for an image or frame a script created
	// asynchronously as well as for one in the page's HTML.
	by := "the page (the browser named no script)"
	if q.Initiator != "" && q.Initiator != q.PageURL {
		by = q.Initiator
	}
	tag := ""
	if q.MeasurementID != "" {
		tag = " for tag " + q.MeasurementID
	}
	what := fmt.Sprintf("%s (%s tracker) was contacted %s on %s: a %s %s request to %s%s%s, sent by %s",
		s.ep.Vendor, strings.ToLower(categoryLabel(s.ep.Category)), when, q.PageURL, q.Method, strings.ToLower(q.Type), q.Host, q.Path, tag, by)
	var carried []string
	if rule == RuleConsentModeMismatch {
		if g := s.cm.StorageGranted(); len(g) > 0 {
			carried = append(carried, fmt.Sprintf("Consent Mode signals granting %s (%s)", joinAnd(g), s.cm))
		} else {
			carried = append(carried, fmt.Sprintf("Consent Mode signals (%s)", s.cm))
		}
	}
	if len(q.IDCookies) > 0 {
		carried = append(carried, fmt.Sprintf("the identifier stored in %s (%s)", quoteList(q.IDCookies), strings.Join(q.IDParams, ", ")))
	} else if len(q.IDParams) > 0 && rule != RuleConsentModeMismatch {
		carried = append(carried, "identifier parameters "+strings.Join(q.IDParams, ", "))
	}
	if len(q.Cookies) > 0 {
		carried = append(carried, "the cookies "+quoteList(q.Cookies))
	}
	if len(carried) > 0 {
		what += "; it carried " + joinAnd(carried)
	}
	if n := len(hits); n > 1 {
		what += fmt.Sprintf(" (and %s more like it)", plural(n-1, "sighting"))
	}
	return what + "."
}

// plural says n things, e.g. "1 request", "3 requests".
func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}
