// Package audit judges what the crawler observed against what the policy
// declares: the rule table, matching observed cookies to declarations,
// evaluation into findings, waivers, the baseline and the --fail-on gate.
// The report model is in audit/report and the writers in audit/render.
package audit

import (
	"fmt"

	"github.com/cookieaudit/cookieaudit/audit/report"
)

// Rule IDs.
const (
	RuleUndeclared           = "undeclared"
	RuleOverlong             = "overlong"
	RulePreConsent           = "pre-consent"
	RuleAfterReject          = "after-reject"
	RuleDeclaredUnused       = "declared-unused"
	RuleLifetimeCap          = "lifetime-cap"
	RuleInsecure             = "insecure"
	RuleNoRejectOption       = "no-reject-option"
	RulePolicyMissing        = "policy-missing"
	RuleRejectNotRecorded    = "reject-not-recorded"
	RuleConsentNotPersisted  = "consent-not-persisted"
	RuleTrackerBeforeConsent = "tracker-before-consent"
	RuleTrackerAfterReject   = "tracker-after-reject"
	RuleConsentModeMismatch  = "consent-mode-mismatch"
	RuleRejectLessProminent  = "reject-less-prominent"
	RulePreticked            = "preticked-consent"
)

// Rule is one check the audit makes: its ID, what it tells people, how
// severe its findings are and the function that raises them. Rules is the
// only place a rule is listed; reports, SARIF, --fail-on, waivers and the
// README read it.
type Rule struct {
	// ID names the rule in findings, --fail-on and waivers.
	ID string
	// Summary is one line saying what the rule flags (SARIF
	// shortDescription, JUnit).
	Summary string
	// Description tells the site's owner what is wrong and what to change,
	// in a few sentences.
	Description string
	// Severity is the severity of a finding when no case below applies.
	Severity report.Severity
	// Cases are the circumstances in which a finding's severity differs
	// from Severity, some of them only in one profile.
	Cases []SeverityCase
	// check raises the rule's findings on the site being evaluated.
	check func(e *evaluation, r *Rule)
}

// SeverityCase is a circumstance in which a rule's finding takes another
// severity.
type SeverityCase struct {
	// Key is how the rule's check names the case.
	Key string
	// When says the circumstance in words.
	When string
	// Profile limits the case to one severity profile; empty means every
	// profile.
	Profile  string
	Severity report.Severity
}

// Rules lists every rule in report order (new rules go at the end, so that
// SARIF rule indexes stay stable). Treat it as read-only.
var Rules = []Rule{
	{
		ID:      RuleUndeclared,
		Summary: "Cookie observed but not declared in the cookie policy",
		Description: "The site sets a cookie that its cookie policy does not list, so visitors are not told what it does " +
			"and cannot give informed consent to it (PECR regulation 6 requires clear and comprehensive information). " +
			"Add the cookie to the policy with its purpose, provider and lifetime, or stop setting it. " +
			"When the policy names the cookie's vendor but not the cookie, list the cookie under that vendor.",
		Severity: report.Medium,
		Cases: []SeverityCase{
			{Key: caseNecessary, When: "the cookie is strictly necessary", Severity: report.Low},
			{Key: caseVendor, When: "the policy discloses the cookie's vendor but does not list the cookie", Severity: report.Low},
		},
		check: checkUndeclared,
	},
	{
		ID:      RuleOverlong,
		Summary: "Cookie lasts longer than the policy declares",
		Description: "The cookie lives longer than the cookie policy says (by more than the expiry tolerance, 10% unless set otherwise), " +
			"or the policy calls it a session cookie but it persists after the browser closes, so visitors are told the wrong duration. " +
			"Correct the lifetime in the policy, or shorten the cookie's expiry to match it.",
		Severity: report.Medium,
		check:    checkOverlong,
	},
	{
		ID:      RulePreConsent,
		Summary: "Non-essential cookie set before consent",
		Description: "A cookie that is not strictly necessary is stored before the visitor has made any choice. " +
			"PECR regulation 6 requires consent first for every cookie that is not strictly necessary for a service the visitor asked for. " +
			"Load the script or embed that sets it only after the visitor accepts its category. " +
			"Under the Data (Use and Access) Act 2025 an analytics cookie may be set without consent only when the policy tells visitors about it clearly and they can easily object.",
		Severity: report.High,
		Cases: []SeverityCase{
			{Key: caseFunctional, When: "the cookie is functional", Severity: report.Medium},
			{Key: caseDeclaredAnalytics, When: "the policy declares the analytics cookie (Data (Use and Access) Act 2025 exception)", Profile: ProfileUK, Severity: report.Low},
			{Key: caseVendorAnalytics, When: "the policy names the analytics cookie's vendor but not the cookie", Profile: ProfileUK, Severity: report.Medium},
		},
		check: checkPreConsent,
	},
	{
		ID:      RuleAfterReject,
		Summary: "Non-essential cookie set after the visitor rejected cookies",
		Description: "A cookie that is not strictly necessary is present after the visitor refused cookies: written after the refusal, " +
			"or set before it and left in place. A refusal must stop non-essential cookies. " +
			"Make the consent manager block the scripts of every refused category and delete the cookies they set before the choice.",
		Severity: report.High,
		Cases: []SeverityCase{
			{Key: caseFunctional, When: "the cookie is functional", Severity: report.Medium},
		},
		check: checkAfterReject,
	},
	{
		ID:      RuleDeclaredUnused,
		Summary: "Cookie declared in the policy but not observed",
		Description: "The policy lists a cookie that was not seen on any page crawled, in any consent state. " +
			"It may be obsolete, set only on pages or features the crawl did not reach, or set under another name. " +
			"Check it, and remove it from the policy if the site no longer uses it.",
		Severity: report.Info,
		check:    checkDeclaredUnused,
	},
	{
		ID:      RuleLifetimeCap,
		Summary: "Non-essential cookie lasts longer than the lifetime cap",
		Description: "A cookie that is not strictly necessary lasts longer than the lifetime cap (13 months unless set otherwise), " +
			"the period after which regulators expect consent to be asked again. Shorten the cookie's expiry.",
		Severity: report.Low,
		check:    checkLifetimeCap,
	},
	{
		ID:      RuleInsecure,
		Summary: "Cookie lacks the Secure attribute on an HTTPS site",
		Description: "On an HTTPS site a cookie is set without the Secure attribute, so the browser may send it over an unencrypted connection " +
			"where it can be read or changed (UK GDPR article 32 asks for appropriate security). " +
			"Set Secure on every cookie; a cookie with SameSite=None, sent on cross-site requests, must always have it.",
		Severity: report.Low,
		Cases: []SeverityCase{
			{Key: caseSameSiteNone, When: "the cookie is SameSite=None without Secure", Severity: report.Medium},
		},
		check: checkInsecure,
	},
	{
		ID:      RuleNoRejectOption,
		Summary: "Cookie banner offers no reject option on its first layer",
		Description: "The cookie banner's first layer offers a way to accept but none to reject, so refusing takes more effort than accepting, " +
			"and the ICO expects refusing to be as easy as accepting. " +
			"Put a \"Reject all\" (or \"Necessary cookies only\") button beside \"Accept all\" on the first layer, equally prominent.",
		Severity: report.Medium,
		check:    checkNoRejectOption,
	},
	{
		ID:      RulePolicyMissing,
		Summary: "No cookie policy could be read",
		Description: "No cookie policy could be found or read for the site, so none of its cookies could be checked against what visitors are told. " +
			"Publish a cookie policy that lists each cookie with its purpose, provider and lifetime, and link to it from the banner and every page's footer.",
		Severity: report.High,
		Cases: []SeverityCase{
			{Key: caseOnlyNecessary, When: "only strictly necessary cookies were seen", Severity: report.Medium},
		},
		check: checkPolicyMissing,
	},
	{
		ID:      RuleRejectNotRecorded,
		Summary: "The consent manager did not record the visitor's refusal",
		Description: "After the visitor refused cookies, the consent manager's own record says analytics or marketing cookies were accepted, " +
			"or the refusal left no record at all. Scripts that read the record then behave as if the visitor had consented, " +
			"or the refusal is forgotten on the next page. " +
			"Check the consent manager's configuration so that refusing stores a record that refuses every non-essential category.",
		Severity: report.High,
		check:    checkRejectNotRecorded,
	},
	{
		ID:      RuleConsentNotPersisted,
		Summary: "The cookie banner came back after the visitor's choice",
		Description: "After the visitor accepted or refused cookies, the banner showed again on a later page, so the choice was not remembered. " +
			"Asking again on every page wears visitors down into accepting, and a refusal that is forgotten cannot be honoured. " +
			"Make the consent manager store the choice in a strictly necessary cookie and read it on every page, on every host of the site.",
		Severity: report.Medium,
		Cases: []SeverityCase{
			{Key: caseAcceptOnly, When: "only an acceptance was forgotten", Severity: report.Low},
		},
		check: checkConsentNotPersisted,
	},
	{
		ID:      RuleTrackerBeforeConsent,
		Summary: "Non-essential tracker contacted before consent",
		Description: "Before the visitor made any choice, the page sent a request to an analytics or advertising tracker " +
			"(a pixel, beacon or measurement hit, or an embedded player that stores the vendor's identifiers). " +
			"PECR regulation 6 covers every storage of and access to information on the visitor's device, not only cookies, " +
			"and the ICO names tracking pixels and similar technologies. Load the tag only after the visitor accepts its category, " +
			"or use the vendor's consent API so that it sends nothing until then. " +
			"Google tags that send Consent Mode signals are judged by consent-mode-mismatch instead.",
		Severity: report.High,
		Cases: []SeverityCase{
			{Key: caseVendorAnalytics, When: "the policy names the analytics tracker's vendor (Data (Use and Access) Act 2025 exception)", Profile: ProfileUK, Severity: report.Medium},
		},
		check: checkTrackerBeforeConsent,
	},
	{
		ID:      RuleTrackerAfterReject,
		Summary: "Non-essential tracker contacted after the visitor rejected cookies",
		Description: "After the visitor refused cookies, the page still sent a request to an analytics or advertising tracker. " +
			"A refusal must stop every non-essential storage and access technology, pixels and beacons included. " +
			"Make the consent manager block the tags of every refused category, or tell them of the refusal through the vendor's consent API. " +
			"Google tags that send Consent Mode signals are judged by consent-mode-mismatch instead.",
		Severity: report.High,
		check:    checkTrackerAfterReject,
	},
	{
		ID:      RuleConsentModeMismatch,
		Summary: "Google tag signals consent the visitor did not give",
		Description: "Before the visitor made any choice, or after they refused cookies, a Google tag sent a request whose Consent Mode signals " +
			"(the gcs and gcd parameters) grant ad_storage or analytics_storage, or that carried the client ID kept in a cookie (_ga), " +
			"so Google stores and reads its cookies as if the visitor had consented. " +
			"Set Consent Mode's default to denied for every signal before any Google tag loads, and update it only from the visitor's choice. " +
			"Cookieless pings sent while both storage signals are denied are recorded as evidence, not as findings.",
		Severity: report.High,
		check:    checkConsentModeMismatch,
	},
	{
		ID:      RuleRejectLessProminent,
		Summary: "The banner's reject control is less prominent than accept",
		Description: "The cookie banner's first layer offers reject, but draws it clearly weaker than accept: as a plain link beside an accept button, " +
			"in a box less than half the size, in text a fifth or more smaller, or in text whose contrast is under the WCAG AA minimum of 4.5:1 while accept's meets it. " +
			"Regulators (the ICO, the EDPB's cookie banner taskforce) expect refusing to be as easy and as visible as accepting. " +
			"Style \"Reject all\" like \"Accept all\": the same kind of button, size, text and colours.",
		Severity: report.Medium,
		Cases: []SeverityCase{
			{Key: caseTextOnly, When: "reject is a button of comparable size and only its text is smaller or fainter", Profile: ProfileUK, Severity: report.Low},
		},
		check: checkRejectLessProminent,
	},
	{
		ID:      RulePreticked,
		Summary: "A non-essential purpose is switched on before the visitor chooses",
		Description: "The cookie banner's settings layer has a purpose that is not strictly necessary (analytics, marketing and the like) ticked or switched on before the visitor touched it. " +
			"Consent given through a pre-ticked box is not valid consent (Court of Justice, Planet49, C-673/17; UK GDPR article 4(11)). " +
			"Leave every optional purpose off until the visitor turns it on.",
		Severity: report.High,
		Cases: []SeverityCase{
			{Key: caseAnalyticsOnly, When: "only analytics purposes are switched on (Data (Use and Access) Act 2025 exception)", Profile: ProfileUK, Severity: report.Medium},
		},
		check: checkPreticked,
	},
}

// The severity cases rules name.
const (
	caseNecessary         = "necessary"
	caseVendor            = "vendor"
	caseFunctional        = "functional"
	caseDeclaredAnalytics = "declared-analytics"
	caseVendorAnalytics   = "vendor-analytics"
	caseSameSiteNone      = "samesite-none"
	caseOnlyNecessary     = "only-necessary"
	caseAcceptOnly        = "accept-only"
	caseTextOnly          = "text-only"
	caseAnalyticsOnly     = "analytics-only"
)

// RuleByID returns the rule with this ID.
func RuleByID(id string) (Rule, bool) {
	for _, r := range Rules {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}

// RuleIDs lists every rule ID in report order.
func RuleIDs() []string {
	ids := make([]string, len(Rules))
	for i, r := range Rules {
		ids[i] = r.ID
	}
	return ids
}

// ruleKnown reports whether id is a rule ID.
func ruleKnown(id string) bool {
	_, ok := RuleByID(id)
	return ok
}

// SeverityIn returns the severity of the rule's findings in a profile when
// the case named key applies; "" names no case. It panics when the rule has
// no case of that name, which is a mistake in the table.
func (r *Rule) SeverityIn(profile, key string) report.Severity {
	sev, _ := r.severity(profile, key)
	return sev
}

// severity is SeverityIn that also says whether the case changed the
// severity (false when it is limited to another profile).
func (r *Rule) severity(profile, key string) (report.Severity, bool) {
	if key == "" {
		return r.Severity, false
	}
	found := false
	for _, c := range r.Cases {
		if c.Key != key {
			continue
		}
		found = true
		if c.Profile == "" || c.Profile == profile {
			return c.Severity, true
		}
	}
	if !found {
		panic(fmt.Sprintf("audit: rule %s has no severity case %q", r.ID, key))
	}
	return r.Severity, false
}
