package policy

import "testing"

// TestTextTableLayouts reads the text layouts that real policies are
// copied in (issue 12) and the placeholder names of issue 15, each written
// as a UK public-sector page writes it. The expectations were checked by
// hand against each input (month = 30 days, year = 365 days, session = 0,
// '-' where no lifetime is stated).
func TestTextTableLayouts(t *testing.T) {
	checkLayouts(t, []layoutCase{
		{
			desc:        "markdown pipe table with a provider column",
			contentType: TypeText,
			input: "Essential cookies\n| Cookie | Description | Provider | Expiry |\n|---|---|---|---|\n" +
				"| __cf_bm | Protects our services from bots. | Cloudflare | 1 day |\n| cookie-agreed | Remembers your cookie choice. | This website | 12 months |\n",
			declared: "__cf_bm=86400/necessary cookie-agreed=31104000/necessary",
		},
		{
			desc:        "header line, then rows whose cells are separated only by spaces",
			contentType: TypeText,
			input: "Cookies we use\n\nName Purpose Expires\n_gid Used to distinguish users 1 day\nAWSALB, AWSALBCORS Used by the load balancer to route requests. 1 week\n" +
				"session Used to store page state When you close your browser\n\nChange your settings\n",
			declared: "_gid=86400/analytics AWSALB=604800/necessary AWSALBCORS=604800/necessary session=0/unknown",
		},
		{
			desc:        "a provider column before names whose first word is lower case",
			contentType: TypeText,
			input:       "Cookies we use\n\nProvider Name Purpose Expiry\nJadu CMS jadu_session Keeps your session. Session\nOur website cookiePolicy Remembers your choice. 1 year\n",
			declared:    "jadu_session=0/necessary cookiePolicy=31536000/unknown",
		},
		{
			desc:        "lifetime column between the provider and the purpose",
			contentType: TypeText,
			input:       "Name Provider Expiry Notes\n_ga Google 2 years Used to distinguish users.\nPHPSESSID This website Session Keeps your session.\n",
			declared:    "_ga=63072000/analytics PHPSESSID=0/necessary",
		},
		{
			desc:        "lifetime column right after the name",
			contentType: TypeText,
			input: "Cookie name Lasts for Purpose Type of cookie\nASP.NET_SessionId Browser session Keeps your session on the site. Functionality\n" +
				"_ga 1 year, 11 months and 29 days Used to distinguish users. Tracking and performance\n",
			declared: "ASP.NET_SessionId=0/necessary _ga=62553600/analytics",
		},
		{
			desc:        "cells run together, header included",
			contentType: TypeText,
			input: "Cookies that measure website use\n\nNamePurposeExpires\n_gaThese help us count how many people visit by tracking if you’ve visited before2 years\n" +
				"_hjFirstSeenIdentifies a new user’s first session.Per session\n1P_JAR, NIDSet by Google to remember your preferences.\n",
			declared: "_ga=63072000/analytics _hjFirstSeen=0/analytics 1P_JAR=-/analytics NID=-/analytics",
		},
		{
			desc:        "cells run together with the provider between name and purpose",
			contentType: TypeText,
			input: "Strictly necessary cookies\n\nName of cookieProviderWhy we use itHow long it lasts for\n" +
				"copexample.police.ukLets us know if you have agreed to accept cookies.One week.\n" +
				"XSRF-TOKENexample.police.ukUsed to protect from cross-site request forgery.Two hours.\n",
			declared: "cop=604800/necessary XSRF-TOKEN=7200/necessary",
		},
		{
			desc:        "one cell per line, each ending in a bar, with a rule under the header",
			contentType: TypeText,
			input: "Which cookies do we use?\nCookie name |\nType |\nExpiry |\nPurpose |\n---|---|---|---|\n_ga |\nHTTP |\n2 years |\nRegisters a unique ID used to generate statistics. |\n" +
				"has_js |\nHTTP |\nSession |\nRecords whether JavaScript is on. |\n",
			declared: "_ga=63072000/analytics has_js=0/unknown",
		},
		{
			desc:        "GOV.UK page with one table per category",
			contentType: TypeText,
			input: "Essential cookies\n\nEssential cookies keep your information secure.\n\nName Purpose Expires\nsession Used to store page state When you close your browser\ncookies_policy Saves your cookie consent settings 1 year\n\n" +
				"Analytics cookies (optional)\n\nWith your permission, we use Google Analytics to collect data about how you use the service.\n\nName Purpose Expires\n_ga Checks if you've visited before. 2 years\n",
			declared: "session=0/necessary cookies_policy=31536000/necessary _ga=63072000/analytics",
		},
		{
			desc:        "names in prose with lifetimes in brackets",
			contentType: TypeText,
			input:       "Videos\n\nWe embed videos from YouTube. YouTube sets VISITOR_INFO1_LIVE (6 months) and YSC (session) when you play one.\n",
			declared:    "VISITOR_INFO1_LIVE=15552000/unknown YSC=0/unknown",
		},
		{
			desc:        "a label about cookies, a colon, then names",
			contentType: TypeText,
			input:       "Below is a list of cookies used by this website:\n\n  • Web analytics cookies: _ga and _gat\n    These cookies distinguish unique users.\n",
			declared:    "_ga=-/analytics _gat=-/analytics",
		},
		{
			desc:        "a label column ahead of the name, run together",
			contentType: TypeText,
			input: "CookieNamePurpose\nWebsite session cookieASP.NET_SessionIDThis cookie stores a session ID and is removed when the browser is closed.\n" +
				"Google Analytics_utma, _gaThese cookies collect information about how visitors use our site.\n",
			declared: "ASP.NET_SessionID=0/necessary _utma=-/analytics _ga=-/analytics",
		},
		{
			desc:        "Cookiebot placeholders in an HTML table: #, <id>, {ID}, [number] and *",
			contentType: TypeHTML,
			input: `<h3>Statistics (5)</h3><table><tr><th>Name</th><th>Provider</th><th>Purpose</th><th>Maximum Storage Duration</th></tr>
<tr><td>_ga_#</td><td>Google</td><td>Used by Google Analytics to collect data on the number of times a user has visited the website.</td><td>2 years</td></tr>
<tr><td>_hjSessionUser_#</td><td>Hotjar</td><td>Collects statistics on the visitor's visits to the website.</td><td>1 year</td></tr>
<tr><td>_pk_id.&lt;id&gt;</td><td>Matomo</td><td>Stores a unique visitor ID.</td><td>13 months</td></tr>
<tr><td>visid_incap_{ID}</td><td>Imperva</td><td>Preserves users' states across page requests.</td><td>1 year</td></tr>
<tr><td>_gat_UA-[number]</td><td>Google</td><td>Used to throttle the request rate.</td><td>1 minute</td></tr>
<tr><td>incap_ses_*</td><td>Imperva</td><td>Preserves users' states across page requests.</td><td>Session</td></tr></table>`,
			declared: "_ga_#=63072000/analytics _hjSessionUser_#=31536000/analytics _pk_id.<id>=33696000/analytics visid_incap_{ID}=31536000/analytics " +
				"_gat_UA-[number]=60/analytics incap_ses_*=0/analytics",
		},
		{
			desc:        "a cookie named session in an HTML table, names as row headers",
			contentType: TypeHTML,
			input: `<h2>Essential cookies</h2><table><thead><tr><th>Name</th><th>Purpose</th><th>Expires</th></tr></thead>
<tbody><tr><th scope="row">session</th><td>Keeps your answers as you go through the service</td><td>At the end of the session</td></tr>
<tr><th scope="row">csrftoken</th><td>Helps keep the site secure</td><td>1 year</td></tr></tbody></table>`,
			declared: "session=0/necessary csrftoken=31536000/necessary",
		},
	})
}

// TestPlaceholderPatterns checks that every placeholder form is matched as
// a wildcard, so that a declared "_ga_#" covers an observed "_ga_ABC123".
func TestPlaceholderPatterns(t *testing.T) {
	tests := []struct{ declared, observed string }{
		{"_ga_#", "_ga_4F54BBY2EY"},
		{"_hjSessionUser_#", "_hjSessionUser_1234567"},
		{"AMCV_#AdobeOrg", "AMCV_ABC123%40AdobeOrg"},
		{"_pk_id.<id>", "_pk_id.1.abcd"},
		{"visid_incap_{ID}", "visid_incap_2671893"},
		{"_gat_UA-[number]", "_gat_UA-1234567-1"},
		{"incap_ses_*_*", "incap_ses_123_456"},
		{"_gat_gtag_< GA ID >", "_gat_gtag_UA_123_1"},
		{"voted_(number)", "voted_17"},
	}
	for _, tt := range tests {
		d := Declaration{Name: tt.declared, Pattern: PatternFor(tt.declared)}
		if !d.Matches(tt.observed) {
			t.Errorf("declared %q (pattern %q) does not match %q", tt.declared, d.Pattern, tt.observed)
		}
	}
}

// layoutCase is a policy snippet and the declarations it must give, in
// compact form (see compact); an empty contentType means plain text.
type layoutCase struct {
	desc, contentType, input, declared string
}

// checkLayouts reads each case and compares what it declares.
func checkLayouts(t *testing.T, tests []layoutCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			ct := tt.contentType
			if ct == "" {
				ct = TypeText
			}
			doc, err := Parse("layout", []byte(tt.input), ct)
			if err != nil {
				t.Fatal(err)
			}
			if got, _ := compact(doc); got != tt.declared {
				t.Errorf("declared\n got: %s\nwant: %s", got, tt.declared)
			}
		})
	}
}
