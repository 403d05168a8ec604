package policy

import "testing"

// TestNamesInProse reads cookie names in running text: names given as
// examples, a name before "cookie", a label line listing names after a
// colon, and lifetimes the sentence states for them; words cut at a hyphen
// are not names (month = 30 days, year = 365 days, session = 0, '-' where no
// lifetime is stated).
func TestNamesInProse(t *testing.T) {
	checkLayouts(t, []layoutCase{
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
			desc: "a short label line listing names after a colon, below a table",
			input: "Cookie name | Purpose | Expiry |\n---|---|---|\nlang | Stores the user's language preference | End of the session |\n" +
				"This service may use non-essential cookies in some places.\n" +
				"Google Analytics cookies: _ga, _gat, _gid, _gali\n" +
				"These cookies are used to collect information about how visitors use our website.\n",
			declared: "lang=0/functional _ga=-/analytics _gat=-/analytics _gid=-/analytics _gali=-/analytics",
		},
		{
			desc:     "a label line of names on its own",
			input:    "Web analytics cookies: _ga and _gat\n",
			declared: "_ga=-/analytics _gat=-/analytics",
		},
		{
			desc:     "a label line whose list is words, not names, declares nothing",
			input:    "Essential cookies: these keep the site secure\n",
			declared: "",
		},
		{
			desc:     "a word cut at a hyphen in prose is not a name",
			input:    "We use first- and third-party cookies on this site, some for 1 year.\n",
			declared: "",
		},
		{
			desc:     "names in prose whose cookies 'are set for' a lifetime",
			input:    "Note that in order to remember this permission additional civicAllowCookies and civicShowCookieIcon cookies are set for 3 months.\n",
			declared: "civicAllowCookies=7776000/unknown civicShowCookieIcon=7776000/unknown",
		},
		{
			desc:     "'set for' without a quantity is no lifetime",
			input:    "The has_js cookie is set for visitors whose browser runs JavaScript.\n",
			declared: "has_js=-/unknown",
		},
	})
}
