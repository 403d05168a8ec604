package policy

import (
	"strings"
	"testing"
)

// TestUnseenLayouts reads layouts the seeds do not have, written as other
// UK public-sector pages write them. The expectations were checked by hand
// against each input.
func TestUnseenLayouts(t *testing.T) {
	tests := []struct {
		desc        string
		contentType string
		input       string
		declared    string
		vendors     string
	}{
		{
			desc:        "GOV.UK-style page with captioned tables and optional categories",
			contentType: TypeHTML,
			input: `<main><h1>Cookies on Anytown Council</h1><p>Cookies are files saved on your phone.</p>
<h2>Essential cookies</h2><p>Essential cookies keep your information secure. We do not need to ask permission to use them.</p>
<table><caption>Essential cookies we use</caption><thead><tr><th>Name</th><th>Purpose</th><th>Expires</th></tr></thead><tbody>
<tr><td>cookies_policy</td><td>Saves your cookie consent settings</td><td>1 year</td></tr>
<tr><td>ASP.NET_SessionId</td><td>Keeps track of your session</td><td>When you close your browser</td></tr></tbody></table>
<h2>Analytics cookies (optional)</h2><p>With your permission, we use Google Analytics to collect data about how you use this website.</p>
<table><thead><tr><th>Name</th><th>Purpose</th><th>Expires</th></tr></thead><tbody>
<tr><td>_ga</td><td>Checks if you've visited before</td><td>2 years</td></tr>
<tr><td>nmstat</td><td>Siteimprove: used to help record your use of the website</td><td>1000 days</td></tr>
<tr><td>_hjSessionUser_{site_id}</td><td>Hotjar user ID</td><td>365 days</td></tr></tbody></table>
<h2>Cookies that help with our communications and marketing</h2><p>These cookies may be set by third party websites and measure how you view YouTube videos.</p>
<table><thead><tr><th>Name</th><th>Purpose</th><th>Expires</th></tr></thead><tbody>
<tr><td>VISITOR_INFO1_LIVE</td><td>Tries to estimate the users' bandwidth</td><td>179 days</td></tr>
<tr><td>YSC</td><td>Registers a unique ID to keep statistics of videos seen</td><td>Session</td></tr></tbody></table>
<h2>Change your cookie settings</h2><form><fieldset><legend>Do you want to accept analytics cookies?</legend></fieldset></form></main>`,
			declared: "cookies_policy=31536000/necessary ASP.NET_SessionId=0/necessary _ga=63072000/analytics " +
				"nmstat=86400000/analytics _hjSessionUser_{site_id}=31536000/analytics " +
				"VISITOR_INFO1_LIVE=15465600/marketing YSC=0/marketing",
			vendors: "Google Analytics/analytics; Siteimprove/analytics; YouTube/marketing",
		},
		{
			desc:        "cookies named in prose, each with its own lifetime, then a tab table",
			contentType: TypeText,
			input: "Cookie policy\n\nWe use Civic Cookie Control to manage your consent. It sets a cookie called CookieControl which expires after 90 days.\n\n" +
				"Our site runs on Squiz Matrix which sets the SQ_SYSTEM_SESSION cookie. This cookie expires when you close your browser.\n\n" +
				"We use Google Analytics. For example, the _ga cookie is kept for 2 years and the _gid cookie for 24 hours.\n\n" +
				"Cookie\tPurpose\tDuration\nPHPSESSID\tKeeps your session\tSession\n_gat\tThrottles requests\t1 minute\n",
			declared: "CookieControl=7776000/necessary SQ_SYSTEM_SESSION=0/unknown _ga=63072000/analytics _gid=86400/analytics " +
				"PHPSESSID=0/necessary _gat=60/unknown",
			vendors: "Civic Cookie Control/necessary; Squiz Matrix/necessary; Google Analytics/analytics",
		},
		{
			desc:        "bold names in list items with a dash or a colon",
			contentType: TypeHTML,
			input: `<h2>Necessary cookies</h2><ul><li><strong>ARRAffinity</strong> - used by Microsoft Azure to route you to the same server. Session.</li>` +
				`<li><strong>__RequestVerificationToken</strong>: prevents cross-site request forgery. Deleted when you close your browser.</li></ul>` +
				`<h2>Third-party content</h2><p>We embed maps from Google Maps.</p>`,
			declared: "ARRAffinity=0/necessary __RequestVerificationToken=0/necessary",
			vendors:  "Microsoft Azure/necessary; Google Maps/functional",
		},
		{
			desc:        "Cookiebot-style declaration with counted categories and a storage-duration column",
			contentType: TypeHTML,
			input: `<h3>Necessary (2)</h3><table><tr><th>Name</th><th>Provider</th><th>Purpose</th><th>Maximum Storage Duration</th><th>Type</th></tr>
<tr><td>CookieConsent</td><td>Cookiebot</td><td>Stores the user's cookie consent state for the current domain</td><td>1 year</td><td>HTTP Cookie</td></tr>
<tr><td>rc::a</td><td>Google</td><td>This cookie is used to distinguish between humans and bots.</td><td>Persistent</td><td>HTML Local Storage</td></tr></table>
<h3>Statistics (1)</h3><table><tr><th>Name</th><th>Provider</th><th>Purpose</th><th>Maximum Storage Duration</th><th>Type</th></tr>
<tr><td>_ga (Google Analytics)</td><td>Google</td><td>Registers a unique ID</td><td>2 years</td><td>HTTP Cookie</td></tr></table>
<h3>Unclassified (1)</h3><table><tr><th>Name</th><th>Provider</th><th>Purpose</th><th>Maximum Storage Duration</th><th>Type</th></tr>
<tr><td>mystery_pref</td><td>www.example.gov.uk</td><td></td><td>Session</td><td>HTTP Cookie</td></tr></table>`,
			declared: "CookieConsent=31536000/necessary rc::a=-/necessary _ga=63072000/analytics mystery_pref=0/unknown",
			vendors:  "Cookiebot/necessary; Google Analytics/analytics",
		},
		{
			desc:        "OneTrust-style list: a subgroup (domain) column and a Cookies column holding several names",
			contentType: TypeHTML,
			input: `<h4>Performance Cookies</h4><table><tr><th>Cookie Subgroup</th><th>Cookies</th><th>Cookies used</th><th>Lifespan</th></tr>
<tr><td>example.gov.uk</td><td>_gid, _ga, _gat_UA-1234567-1</td><td>First Party</td><td>a few seconds to 730 days</td></tr></table>`,
			declared: "_gid=63072000/analytics _ga=63072000/analytics _gat_UA-1234567-1=63072000/analytics",
			vendors:  "",
		},
		{
			desc:        "GOV.UK summary lists: one labelled record per cookie",
			contentType: TypeHTML,
			input: `<h2>Cookies that measure website use</h2>
<dl class="govuk-summary-list"><div class="govuk-summary-list__row"><dt>Name</dt><dd>_ga</dd></div>
<div class="govuk-summary-list__row"><dt>Purpose</dt><dd>Checks if you've visited before</dd></div>
<div class="govuk-summary-list__row"><dt>Expires</dt><dd>2 years</dd></div></dl>
<dl class="govuk-summary-list"><div><dt>Name</dt><dd>_gid</dd></div><div><dt>Purpose</dt><dd>Checks if you've visited before</dd></div><div><dt>Expires</dt><dd>24 hours</dd></div></dl>`,
			declared: "_ga=63072000/analytics _gid=86400/analytics",
			vendors:  "",
		},
		{
			desc:        "labelled fields written with colons in text",
			contentType: TypeText,
			input: `Strictly necessary cookies

Name: ASP.NET_SessionId
Purpose: Keeps your session while you fill in a form
Expiry: When you close your browser

Name: __RequestVerificationToken
Purpose: Stops cross-site request forgery
Expiry: Session
`,
			declared: "ASP.NET_SessionId=0/necessary __RequestVerificationToken=0/necessary",
			vendors:  "",
		},
		{
			desc:        "prose naming products, acronyms and kinds of cookie invents no names",
			contentType: TypeText,
			input: "How we use cookies\n\nWe run surveys with SurveyMonkey, and SurveyMonkey cookies may be set when you answer. " +
				"Our CMS cookies are first-party cookies; non-essential cookies are off until you opt in. " +
				"We never use BBC or GDPR cookies, or cookies (also called web beacons) in emails.\n\n" +
				"Google Analytics sets cookies (for example, _ga and _gid) to count visits. The 'PHPSESSID' cookie keeps your session.\n",
			declared: "_ga=-/analytics _gid=-/analytics PHPSESSID=-/necessary",
			vendors:  "Google Analytics/analytics",
		},
		{
			desc:        "prose that names no cookie invents none",
			contentType: TypeText,
			input: "Cookies\n\nWe use cookies to make the site work and, with your consent, analytics cookies to improve it.\n\n" +
				"Session cookies expire when you close your browser. Persistent cookies stay for up to 2 years.\n\nFollow us on Twitter\n",
			declared: "",
			vendors:  "",
		},
	}
	for _, tt := range tests {
		doc, err := Parse("test", []byte(tt.input), tt.contentType)
		if err != nil {
			t.Errorf("%s: %v", tt.desc, err)
			continue
		}
		checkCompact(t, tt.desc, doc, tt.declared, tt.vendors)
	}
	if doc, _ := Parse("t", []byte("x"), TypeText); doc == nil || doc.Declared == nil || doc.Vendors == nil || !strings.HasPrefix(doc.Source, "t") {
		t.Error("an empty policy should give empty (not nil) lists, so JSON shows [] ")
	}
}
