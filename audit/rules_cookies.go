package audit

import (
	"fmt"
	"slices"
	"strings"

	"github.com/cookieaudit/cookieaudit/audit/report"

	"github.com/cookieaudit/cookieaudit/crawler/observe"

	"github.com/cookieaudit/cookieaudit/policy"
)

// checkUndeclared raises undeclared for each cookie no declaration covers,
// including one whose vendor the policy discloses without listing it.
func checkUndeclared(e *evaluation, r *Rule) {
	if e.policyMissing {
		return
	}
	for _, c := range e.cookies {
		cm := c.match
		if cm.Match != report.MatchNone && cm.Match != report.MatchVendor {
			continue
		}
		key := ""
		switch {
		case c.necessary():
			key = caseNecessary
		case cm.Match == report.MatchVendor:
			key = caseVendor
		}
		e.add(r.ID, c.cookieGroup, cm, c.records, r.SeverityIn(e.opts.Profile, key), func(f *report.Finding, stored bool, ev report.Evidence) string {
			f.Observed = lifetimeOf(c.records)
			unlisted := "is not declared in the cookie policy"
			if cm.Match == report.MatchVendor {
				f.Declared = "vendor " + cm.Declared + ", cookie not named"
				unlisted = fmt.Sprintf("is not listed in the cookie policy, though the policy discloses its vendor %s", cm.Declared)
			}
			if len(cm.Excluded) > 0 {
				unlisted += fmt.Sprintf(" (the policy's %s is declared for another domain or provider)", quoteList(cm.Excluded))
			}
			if !stored {
				return fmt.Sprintf("Cookie %q (%s) %s; the browser tried to set it %s %s but blocked it (%s), and %s.",
					c.name, c.domain, unlisted, phrasePhases(f.Phases), where(ev), blockedReasons(c.records), refusalNote(c.records))
			}
			return fmt.Sprintf("Cookie %q (%s, %s) %s; it was set %s %s.",
				c.name, c.domain, f.Observed, unlisted, phrasePhases(f.Phases), where(ev))
		})
	}
}

// checkOverlong raises overlong for each stored cookie that outlives the
// lifetime its declarations state by more than the tolerance.
func checkOverlong(e *evaluation, r *Rule) {
	if e.policyMissing {
		return
	}
	for _, c := range e.cookies {
		declared := c.match.Expiry
		if !declared.Known() {
			continue
		}
		limit := float64(declared.Seconds()) * (1 + e.opts.ExpiryTolerance)
		var over []observe.Cookie
		for _, rec := range c.records {
			if rec.Blocked {
				continue
			}
			l := CookieLifetime(rec)
			if declared.Session() && !l.Session() || !declared.Session() && float64(l.Seconds()) > limit {
				over = append(over, rec)
			}
		}
		if len(over) == 0 {
			continue
		}
		e.add(r.ID, c.cookieGroup, c.match, over, r.Severity, func(f *report.Finding, _ bool, ev report.Evidence) string {
			f.Declared = declared.String()
			f.Observed = lifetimeOf(over)
			if declared.Session() {
				return fmt.Sprintf("Cookie %q (%s) is declared in the policy as a session cookie but persists for %s, seen %s %s.",
					c.name, c.domain, f.Observed, phrasePhases(f.Phases), where(ev))
			}
			return fmt.Sprintf("Cookie %q (%s) lasts %s but the policy declares %s (more than %s longer), seen %s %s.",
				c.name, c.domain, f.Observed, f.Declared, Percent(e.opts.ExpiryTolerance), phrasePhases(f.Phases), where(ev))
		})
	}
}

// checkPreConsent raises pre-consent for each cookie that is not strictly
// necessary seen before consent.
//
// In the uk profile, analytics before consent may fall under the Data (Use
// and Access) Act 2025 exception when the policy informs the visitor: low
// when it names the cookie, medium when it only names the vendor, high
// when it says nothing.
func checkPreConsent(e *evaluation, r *Rule) {
	for _, c := range e.cookies {
		if c.necessary() {
			continue
		}
		recs := inPhase(c.records, observe.PhasePreConsent)
		if len(recs) == 0 {
			continue
		}
		key, note := "", ""
		switch c.match.Category {
		case policy.Functional:
			key = caseFunctional
		case policy.Analytics:
			switch c.match.Match {
			case report.MatchExact, report.MatchPattern, report.MatchNear:
				key = caseDeclaredAnalytics
				note = "; under the Data (Use and Access) Act 2025 a declared analytics cookie is permitted before consent only if visitors get clear information about it and an easy way to object"
			case report.MatchVendor:
				key = caseVendorAnalytics
				note = "; the policy names the vendor but not the cookie, and the Data (Use and Access) Act 2025 permits analytics before consent only if visitors get clear information about it and an easy way to object"
			}
		}
		sev, applied := r.severity(e.opts.Profile, key)
		if !applied {
			note = ""
		}
		e.consentFinding(r.ID, c, recs, sev, "set before consent", "stored", note)
	}
}

// checkAfterReject raises after-reject for each cookie that is not strictly
// necessary present after the visitor refused consent: written after the
// refusal, or kept through it. A cookie seen only before the refusal and
// deleted by it does not count; pre-consent covers it. Nothing is judged
// when no refusal was made.
func checkAfterReject(e *evaluation, r *Rule) {
	if !e.rejected {
		return
	}
	choicePages := e.choicePages(observe.PhaseReject)
	for _, c := range e.cookies {
		if c.necessary() {
			continue
		}
		var recs []observe.Cookie
		kept := true
		for _, rec := range inPhase(c.records, observe.PhaseReject) {
			if presentAfterChoice(rec, choicePages) {
				recs = append(recs, rec)
				kept = kept && rec.AfterChoice == observe.AfterChoiceKept
			}
		}
		if len(recs) == 0 {
			continue
		}
		key := ""
		if c.match.Category == policy.Functional {
			key = caseFunctional
		}
		what, state := "set after the visitor rejected cookies", "stored"
		if kept {
			what = "still stored after the visitor rejected cookies, which did not remove it; it was set"
			state = "kept through the refusal"
		}
		e.consentFinding(r.ID, c, recs, r.SeverityIn(e.opts.Profile, key), what, state, "")
	}
}

// presentAfterChoice reports whether a sighting in an accept or reject
// phase shows the cookie present after the phase's choice: written after
// it, or kept through it. Where the crawler did not record that (older
// reports), a cookie counts unless it was removed again during the phase
// and first seen on the page the choice was made on, where a consent
// manager deletes the cookies of refused categories.
func presentAfterChoice(c observe.Cookie, choicePages []string) bool {
	switch c.AfterChoice {
	case observe.AfterChoiceWritten, observe.AfterChoiceKept:
		return true
	case observe.AfterChoiceGone:
		return false
	}
	if !c.Removed {
		return true
	}
	return c.FirstSeenURL != "" && !slices.Contains(choicePages, c.FirstSeenURL)
}

// choicePages are the URLs the page on which a phase's choice was made
// goes by: the site's start URL and the phase's first page.
func (e *evaluation) choicePages(phase observe.Phase) []string {
	pages := []string{e.site.URL}
	for _, p := range e.site.Phases {
		if p.Phase == phase && len(p.Pages) > 0 {
			pages = append(pages, p.Pages[0].URL)
		}
	}
	return pages
}

// consentFinding reports a cookie that is not strictly necessary present
// where consent was not given; what says when ("set before consent"),
// state how it was found ("stored"), and note is appended to the message.
func (e *evaluation) consentFinding(rule string, c matchedCookie, recs []observe.Cookie, sev report.Severity, what, state, note string) {
	cm := c.match
	e.add(rule, c.cookieGroup, cm, recs, sev, func(f *report.Finding, stored bool, ev report.Evidence) string {
		cat := string(cm.Category)
		if cm.Category == policy.Unknown || cm.Category == "" {
			cat = "unclassified"
		}
		f.Declared = cat
		if cm.Match != report.MatchNone {
			f.Declared = fmt.Sprintf("%s (%s)", cat, cm.Match.Describe())
		}
		label := categoryLabel(cm.Category) + " cookie"
		if cm.Category == policy.Unknown || cm.Category == "" {
			label = "Unclassified cookie"
		}
		if !stored {
			f.Observed = "blocked: " + blockedReasons(recs)
			attempted := strings.Replace(what, "set ", "attempted ", 1)
			return fmt.Sprintf("%s %q (%s) was %s %s but the browser blocked it (%s); %s.",
				label, c.name, c.domain, attempted, where(ev), blockedReasons(recs), refusalNote(recs))
		}
		f.Observed = state + ", " + lifetimeOf(recs)
		removed := ""
		if allRemoved(recs) {
			f.Observed = state + " then removed, " + lifetimeOf(recs)
			removed = " (the page removed it again during the visit)"
		}
		msg := fmt.Sprintf("%s %q (%s) was %s %s, lasting %s%s", label, c.name, c.domain, what, where(ev), lifetimeOf(recs), removed)
		if label == "Unclassified cookie" {
			msg += " (neither the policy nor the catalogue says what it is for, so it is treated as non-essential)"
		}
		return msg + note + "."
	})
}

// checkLifetimeCap raises lifetime-cap for each cookie that is not strictly
// necessary and lives longer than the cap.
func checkLifetimeCap(e *evaluation, r *Rule) {
	for _, c := range e.cookies {
		if c.necessary() {
			continue
		}
		var long []observe.Cookie
		for _, rec := range c.records {
			if !rec.Blocked && CookieLifetime(rec).Compare(e.opts.LifetimeCap) > 0 {
				long = append(long, rec)
			}
		}
		if len(long) == 0 {
			continue
		}
		e.add(r.ID, c.cookieGroup, c.match, long, r.Severity, func(f *report.Finding, _ bool, ev report.Evidence) string {
			f.Declared = capLabel(e.opts.LifetimeCap)
			f.Observed = lifetimeOf(long)
			return fmt.Sprintf("%s cookie %q (%s) lasts %s, longer than the %s cap for non-essential cookies, seen %s %s.",
				categoryLabel(c.match.Category), c.name, c.domain, f.Observed, f.Declared, phrasePhases(f.Phases), where(ev))
		})
	}
}

// checkInsecure raises insecure for each stored cookie without Secure on
// an HTTPS site.
func checkInsecure(e *evaluation, r *Rule) {
	if !e.https {
		return
	}
	for _, c := range e.cookies {
		var plain, noneInsecure []observe.Cookie
		for _, rec := range c.records {
			if rec.Blocked || rec.Secure {
				continue
			}
			plain = append(plain, rec)
			if strings.EqualFold(rec.SameSite, "None") {
				noneInsecure = append(noneInsecure, rec)
			}
		}
		if len(plain) == 0 {
			continue
		}
		key := ""
		if len(noneInsecure) > 0 {
			key = caseSameSiteNone
		}
		e.add(r.ID, c.cookieGroup, c.match, plain, r.SeverityIn(e.opts.Profile, key), func(f *report.Finding, _ bool, ev report.Evidence) string {
			if len(noneInsecure) > 0 {
				f.Observed = "SameSite=None without Secure"
				return fmt.Sprintf("Cookie %q (%s) is set with SameSite=None but without Secure on the HTTPS site %s, so it is sent on cross-site requests over unencrypted connections; seen %s %s.",
					c.name, c.domain, e.site.URL, phrasePhases(f.Phases), where(ev))
			}
			f.Observed = "Secure not set"
			return fmt.Sprintf("Cookie %q (%s) is set without the Secure attribute on the HTTPS site %s, so it can be sent over unencrypted connections; seen %s %s.",
				c.name, c.domain, e.site.URL, phrasePhases(f.Phases), where(ev))
		})
	}
}

// inPhase returns the sightings of one phase.
func inPhase(recs []observe.Cookie, phase observe.Phase) []observe.Cookie {
	var out []observe.Cookie
	for _, c := range recs {
		if c.Phase == phase {
			out = append(out, c)
		}
	}
	return out
}
