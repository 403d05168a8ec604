package render

import (
	"regexp"
	"strings"

	"github.com/cookieaudit/cookieaudit/audit"

	"github.com/cookieaudit/cookieaudit/audit/report"
)

// ruleAdvice says, per rule, what a council changes to fix a finding: the
// last column of the HTML report's findings, written for the people who
// run the site rather than for the command line.
var ruleAdvice = map[string]string{
	audit.RuleUndeclared:           "Add the cookie to the cookie policy: its name, who sets it, what it is for and how long it lasts.",
	audit.RuleOverlong:             "Make the policy and the cookie agree: correct the lifetime the policy states, or shorten the cookie's expiry.",
	audit.RulePreConsent:           "Set this cookie only after the visitor accepts: have the consent manager hold back the script or service that sets it until then.",
	audit.RuleAfterReject:          "Respect the visitor's refusal: have the consent manager block the script or service that sets this cookie when cookies are rejected.",
	audit.RuleDeclaredUnused:       "Check whether the site still uses this cookie; if it does not, remove it from the policy.",
	audit.RuleLifetimeCap:          "Shorten the cookie's lifetime to the cap or less in the settings of the service that sets it.",
	audit.RuleInsecure:             "Set the Secure attribute on this cookie so it is only sent over HTTPS.",
	audit.RuleNoRejectOption:       "Put a \"Reject\" button on the banner's first layer, as easy to use as \"Accept\".",
	audit.RulePolicyMissing:        "Publish a cookie policy and link it from every page (for example in the footer) with a link that says \"Cookies\".",
	audit.RuleTrackerBeforeConsent: "Load this tracker only after the visitor accepts its category, or use the vendor's consent setting so that it sends nothing until then.",
	audit.RuleTrackerAfterReject:   "Respect the visitor's refusal: have the consent manager block this tracker, or tell it of the refusal through the vendor's consent setting.",
	audit.RuleConsentModeMismatch:  "Set Google Consent Mode's default to \"denied\" for every signal before any Google tag loads, and grant only what the visitor accepts.",
	audit.RuleRejectLessProminent:  "Make \"Reject\" look like \"Accept\": the same kind of button, as large, with text as large and as clear.",
	audit.RulePreticked:            "Leave every optional purpose switched off in the banner's settings until the visitor turns it on.",
}

// adviceFor returns the advice for a finding's rule, or "" for a rule
// without any.
func adviceFor(f report.Finding) string {
	if f.Blocked {
		return "Nothing on this visit: the browser refused the cookie. Fix it as for a stored cookie, since other browsers would keep it."
	}
	return ruleAdvice[f.Rule]
}

// commandHint matches a parenthesised hint addressed to a command-line user,
// e.g. " (give one with --policy)".
var commandHint = regexp.MustCompile(`\s*\([^()]*(?:^|\s)--[a-z][^()]*\)`)

// councilText removes hints addressed to a command-line user from a
// message, so that a report a council reads speaks about the site, not
// about the tool's flags.
func councilText(s string) string {
	return strings.TrimSpace(commandHint.ReplaceAllString(s, ""))
}
