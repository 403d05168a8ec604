package audit_test

import (
	"fmt"
	"time"

	"github.com/cookieaudit/cookieaudit/audit"
	"github.com/cookieaudit/cookieaudit/audit/report"
	"github.com/cookieaudit/cookieaudit/crawler/observe"
	"github.com/cookieaudit/cookieaudit/policy"
)

// ExampleEvaluate audits one crawled site against its policy: a declared
// analytics cookie set before consent (and for longer than the 13-month
// cap), a cookie the policy does not declare, and a cookie that lives far
// longer than declared.
func ExampleEvaluate() {
	year := int64(365 * 24 * 3600)
	site := report.Site{
		SiteResult: observe.SiteResult{
			URL: "https://www.example.gov.uk/", Status: observe.SiteComplete,
			Phases: []observe.PhaseResult{
				{Phase: observe.PhasePreConsent, Pages: []observe.Page{{URL: "https://www.example.gov.uk/", Status: 200}}},
				{Phase: observe.PhaseAccept, Pages: []observe.Page{{URL: "https://www.example.gov.uk/", Status: 200}},
					Consent: &observe.ConsentEvidence{Outcome: observe.ConsentGiven, BannerFound: true, RejectOnFirstLayer: true, ConsentRecords: []string{"cookie:cookie_preferences"}}},
			},
			Cookies: []observe.Cookie{
				{Phase: observe.PhasePreConsent, Name: "_ga", Domain: ".example.gov.uk", Path: "/", Secure: true, LifetimeSeconds: 2 * year, RequestedLifetimeSeconds: 2 * year},
				{Phase: observe.PhaseAccept, Name: "cookie_preferences", Domain: "www.example.gov.uk", Path: "/", Secure: true, LifetimeSeconds: 5 * year, RequestedLifetimeSeconds: 5 * year},
				{Phase: observe.PhaseAccept, Name: "_hjSessionUser_123", Domain: ".example.gov.uk", Path: "/", Secure: true, LifetimeSeconds: year, RequestedLifetimeSeconds: year},
			},
		},
		Policy: report.PolicyRef{URL: "https://www.example.gov.uk/cookies"},
		Declared: []policy.Declaration{
			{Name: "_ga", Category: policy.Analytics, ExpiryText: "2 years", Expiry: policy.LifetimeInSeconds(2 * year)},
			{Name: "cookie_preferences", Category: policy.Necessary, ExpiryText: "1 year", Expiry: policy.LifetimeInSeconds(year)},
		},
	}
	audit.Evaluate(&site, audit.Options{Now: time.Date(2026, 11, 23, 16, 0, 0, 0, time.UTC)})
	for _, f := range site.Findings {
		fmt.Println(f.Severity, f.Rule, f.Cookie, f.Phases)
	}
	// Output:
	// medium overlong cookie_preferences [accept]
	// medium undeclared _hjSessionUser_123 [accept]
	// low lifetime-cap _ga [pre-consent]
	// low pre-consent _ga [pre-consent]
}
