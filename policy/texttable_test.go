package policy

import "testing"

// TestHeaderLineTables reads tables written as a header line and one line
// per row, their cells separated by spaces or run together, as council and
// public-sector pages are copied: where a row's names end and its lifetime
// cell starts, rows whose name or lifetime cells the copy lost, columns the
// reader has no role for, and a type cell that says how long a cookie lasts
// (month = 30 days, year = 365 days, session = 0, '-' where no lifetime is
// stated).
func TestHeaderLineTables(t *testing.T) {
	checkLayouts(t, []layoutCase{
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
			desc:        "a run-together name and lifetime table splits where the lifetime starts",
			contentType: TypeText,
			input: "Library eBooks\n\nThis online service uses cookies to maintain a login.\n\nNameExpires\n__utmaTwo years\n" +
				"StyleOne year\nSession18 years\nSESSIONWhen you close your browser\nWT_FPC10 years\n",
			declared: "__utma=63072000/unknown Style=31536000/unknown Session=567648000/unknown SESSION=0/unknown WT_FPC=315360000/unknown",
		},
		{
			desc:        "a spaced table with one column the reader has no role for",
			contentType: TypeText,
			input: "Cookie Overview\n\nCookie Purpose Intrusiveness Expiry\n" +
				"has_js This cookie is set to identify when a client browser has Javascript enabled. Very Low Close of Session\n" +
				"SESS### This cookie is set providing a Session ID for the visitor. Very Low Close of Session\n",
			declared: "has_js=0/unknown SESS###=0/necessary",
		},
		{
			desc:        "a spaced table's rows whose name cells the copy lost, one with a cell after its lifetime, then a named row",
			contentType: TypeText,
			input: "Strictly necessary cookies\n\nName Purpose Expires Set by\n\n\nYou may see a banner when you visit our website inviting you to accept cookies.\n\n" +
				"90 days CIVIC\n\n\nInformation banners appear at the top of some webpages.\n\nA cookie is set when an information banner is closed.\n\n" +
				"There are multiple information banners used across the site.\n\nEnd of browser session\n" +
				"SSESS[ID] This cookie is used by Drupal, our content management system (CMS) to allow content editors to remain logged in to the site.  23 days\n",
			declared: "SSESS[ID]=1987200/necessary",
		},
		{
			desc:        "a nameless row whose purpose runs into 'when you close your browser' does not end a spaced table",
			contentType: TypeText,
			input: "Name Purpose Expires\nloginCheck   when you close your browser\n\n\n" +
				"To store a user’s shopping basket when you close your browser\n" +
				"_saml_idp Allow our identity provider to recognise you six months after last visiting the site\n",
			declared: "loginCheck=0/unknown _saml_idp=15552000/unknown",
		},
		{
			desc: "a spaced row ending in 'When user exits browser', its purpose column first",
			input: " Purpose  Cookie name  Where used   Typical content   Expires\n" +
				"Transaction-specific  ASPSESSIONIDQCRBSRDR Users who login to the site  Randomly generated character string  When user exits browser\n",
			declared: "ASPSESSIONIDQCRBSRDR=0/necessary",
		},
		{
			desc: "a spaced row whose lower-case lifetime follows a run of spaces is complete",
			input: " Purpose  Cookie name  Typical content   Expires\n" +
				"Web analytics   _utmc  randomly generated number  when user exits browser\n" +
				"Web analytics   _utmz  randomly generated number plus information on how the site was reached 6 months\n",
			declared: "_utmc=0/unknown _utmz=15552000/unknown",
		},
		{
			desc: "a plain lower-case name whose row ends 'As soon as it has been displayed'",
			input: "Cookie name Purpose Expiry\nserver_id Used for load balancing End of the session\n" +
				"statusmessage Used to store a status message for displaying on screen As soon as it has been displayed\n",
			declared: "server_id=0/necessary statusmessage=0/unknown",
		},
		{
			desc: "a short cell after the lifetime, under a header whose last title ran on ('Expiry Personal data collected')",
			input: "Cookie name Purpose Expiry Personal data collected\nserver_id Used for load balancing End of the session None\n" +
				"statusmessage Used to store a status message for displaying on screen As soon as it has been displayed None\n",
			declared: "server_id=0/necessary statusmessage=0/unknown",
		},
		{
			desc:     "a plain word glued to 'cookie' under a spaced 'Cookie Name Expiry Time' header",
			input:    "Cookie Name Expiry Time Description\nLccookie 1 year This cookie allows you to accept cookies on our site.\n",
			declared: "Lccookie=31536000/unknown",
		},
		{
			desc:     "'Cookie Name' is one name column, so the lifetime column follows it",
			input:    "Cookie Name Expiry Time Description\nMyprefs 30 days Remembers your settings.\n",
			declared: "Myprefs=2592000/functional",
		},
		{
			desc:     "a table word alone is still not a name",
			input:    "Cookie Name Expiry Time Description\nCookie 1 year This cookie allows you to accept cookies on our site.\n",
			declared: "",
		},
		{
			desc: "a lone 'Immediately' closing a spaced row is a session lifetime",
			input: "Cookie Purpose Expires\nsiteBalancer Used for balancing the session to a specific server Immediately\n" +
				"siteFormCheck Used to check that cookies are enabled 1 hour\n",
			declared: "siteBalancer=0/unknown siteFormCheck=3600/unknown",
		},
	})
}
