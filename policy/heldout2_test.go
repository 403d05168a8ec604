package policy

import "testing"

// TestHeldout2Layouts reads the layouts the second held-out batch of
// council and public-sector pages showed the reader missing, each written
// the way such a page writes it (month = 30 days, year = 365 days, session
// = 0, '-' where no lifetime is stated).
func TestHeldout2Layouts(t *testing.T) {
	checkLayouts(t, []layoutCase{
		{
			desc:        "a name starting with a dot whose parts are capitalised",
			contentType: TypeText,
			input: "Cookie Name | Description/Purpose | Expiration |\n---|---|---|\n" +
				".AspNet.ApplicationCookie | Contains an encrypted authentication ticket | When you close your browser |\n",
			declared: ".AspNet.ApplicationCookie=0/necessary",
		},
		{
			desc:        "names in one cell with their kinds listed in the same order in the next",
			contentType: TypeText,
			input: "Summary of cookies used on this site\nCookie | Name | Type | Purpose |\nGoogle Analytics |\n" +
				"_utma _utmb _utmc _utmz |\nPersistent Persistent Session Persistent |\n",
			declared: "_utma=-/unknown _utmb=-/unknown _utmc=0/unknown _utmz=-/unknown",
		},
		{
			desc:        "a lifetime when the browser window is closed",
			contentType: TypeText,
			input:       "Name | Purpose | Expires |\n---|---|---|\nsessionid | Allow the page to provide you with restricted content. | As soon as the browser window is closed |\n",
			declared:    "sessionid=0/unknown",
		},
		{
			desc:        "a bullet list of one family of hyphenated names",
			contentType: TypeText,
			input: "Essential cookies\n\nCookie consent\n\n  • cookie-form-acknowledged\n  • cookie-essential\n  • cookie-non-essential\n\n" +
				"We use these cookies to control the display of the cookie bar on the website.\n",
			declared: "cookie-form-acknowledged=-/necessary cookie-essential=-/necessary cookie-non-essential=-/necessary",
		},
		{
			desc:        "a bullet naming a cookie with a note in brackets after it",
			contentType: TypeText,
			input:       "Optional cookies\n\nGoogle Analytics\n\n  • _ga\n  • _ga_XXXXXXXXX_1 (where X is a number)\n\nWe use Google Analytics to monitor traffic levels.\n",
			declared:    "_ga=-/unknown _ga_XXXXXXXXX_1=-/unknown",
		},
		{
			desc:        "a spaced row whose lifetime cell is empty in the copy does not end the table",
			contentType: TypeText,
			input: "Name Purpose Expires\nvisitedPreviously randomly generated number 60 days\nssess Allow the page to provide you with content  \n" +
				"jisc_eprivacy Used to remember your privacy preferences 90 days\n",
			declared: "visitedPreviously=5184000/unknown ssess=-/unknown jisc_eprivacy=7776000/functional",
		},
		{
			desc:        "a plain word row without a lifetime and without the trailing spaces of an empty cell is not a row",
			contentType: TypeText,
			input:       "Name Purpose Expires\nvisitedPreviously randomly generated number 60 days\nplease contact us about this table\n",
			declared:    "visitedPreviously=5184000/unknown",
		},
		{
			desc:        "cells run together under a Name Type Usage header, the type saying how long the cookie lasts",
			contentType: TypeText,
			input: "Cookies used on our website\n\nCookie NameTypeUsage\n" +
				"WCCookiesAcceptedPermanent cookie (two months) Records that access to cookies has been allowed\n" +
				"ANONIDSession cookieRecords the number of visitors to the library sections\n" +
				"_utmbPermanent cookie (two years)\n\nRecords moment in time when a visitor enters a site\n\n" +
				"\nPermanent cookie (one year)\n\nTest if cookies are enabled on users' browser\n\n" +
				"socitm_include_mePermanent cookie (one year)Records user's choice to be included in the SOCITM survey\n\nShare this page\n",
			declared: "WCCookiesAccepted=5184000/unknown ANONID=0/unknown _utmb=63072000/unknown socitm_include_me=31536000/analytics",
		},
		{
			desc:        "names given as examples after 'cookies have names like'",
			contentType: TypeText,
			input:       "Why would we use cookies?\nA common use of cookies on our site includes session management; these cookies have names like ASP.NET_SessionId and ASPSESSIONID. Our website will send a unique session key to your web browser.\n",
			declared:    "ASP.NET_SessionId=-/necessary ASPSESSIONID=-/necessary",
		},
		{
			desc:        "a hyphenated name of three parts before 'cookie' in a sentence",
			contentType: TypeText,
			input:       "Cookie consent\n\nWe use the cookie-notification-acknowledged cookie to control the display of the cookie bar on the website.\n",
			declared:    "cookie-notification-acknowledged=-/unknown",
		},
		{
			desc:        "a hyphenated phrase of two parts before 'cookie' is not a name",
			contentType: TypeText,
			input:       "Cookie consent\n\nWe set a first-party cookie and an opt-in cookie to remember your choice.\n",
			declared:    "",
		},
		{
			desc:        "hyphenated words in a bullet list are not names unless they share a first part",
			contentType: TypeText,
			input:       "We use cookies to:\n\n  • keep-alive\n  • opt-out\n  • e-mail\n\nThey help the site work.\n",
			declared:    "",
		},
	})
}
