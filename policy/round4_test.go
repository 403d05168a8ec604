package policy

import "testing"

// TestRound4Layouts reads the shapes first-sight batches 09-14 showed the
// reader missing, each written afresh the way such pages write it (month =
// 30 days, year = 365 days, session = 0, '-' where no lifetime is stated).
func TestRound4Layouts(t *testing.T) {
	checkLayouts(t, []layoutCase{
		{
			desc: "a page run onto one line after capitals headings",
			input: "Our Cookies ABOUT COOKIES & Your choices A cookie is a small file stored by your browser. " +
				"COOKIES THAT WE USE This website uses the following cookies: Cookie Name Used by Description Expiration " +
				"__utma Google Analytics Stores the number of your visits. 2 years from set/update " +
				"_gid Google Analytics Used to distinguish between users. 24 hours\n",
			declared: "__utma=63072000/analytics _gid=86400/analytics",
		},
		{
			desc: "a capitals label in prose is not a name",
			input: "| Cookie | Purpose | Expires |\n|---|---|---|\n| sitePrefs | Remembers your settings. | 30 days |\n\n" +
				"NOTE: blocking these cookies may stop parts of the site working.\n",
			declared: "sitePrefs=2592000/functional",
		},
		{
			desc:     "a name written with a space after a dotted acronym in a pipe cell",
			input:    "| Cookie | Description | Duration |\n|---|---|---|\n| ASP.NET Sessionid | Keeps your session on the server. | Session |\n",
			declared: "ASP.NET Sessionid=0/necessary",
		},
		{
			desc:     "a name with a bracketed placeholder after a space",
			input:    "| Cookie | Description | Duration |\n|---|---|---|\n| SESS [id] | Keeps you logged in. | Session |\n",
			declared: "SESS [id]=0/necessary",
		},
		{
			desc:     "two names in one cell stay two names",
			input:    "| Cookie | Description | Duration |\n|---|---|---|\n| _ga _gid | Distinguish users. | 2 years |\n",
			declared: "_ga=63072000/analytics _gid=63072000/analytics",
		},
		{
			desc: "a lone 'Immediately' closing a spaced row is a session lifetime",
			input: "Cookie Purpose Expires\nsiteBalancer Used for balancing the session to a specific server Immediately\n" +
				"siteFormCheck Used to check that cookies are enabled 1 hour\n",
			declared: "siteBalancer=0/unknown siteFormCheck=3600/unknown",
		},
		{
			desc:     "a capitalised word ending a name before the next cell is part of the name",
			input:    "Cookies we use\n\nAzure web services\n\nARRAffinity This cookie keeps you on one server of our cloud platform. It expires when the browsing session ends.\n",
			declared: "ARRAffinity=0/unknown",
		},
		{
			desc: "a name ending in 'Cookie' keeps it",
			input: "Cookie Name Used by Description Expiration IDE, DSID Doubleclick.net These cookies are managed by DoubleClick. " +
				"2 years from set/update SiteMsgCookie Website Stores whether you accepted the cookie message. 365 days\n",
			declared: "IDE=63072000/unknown DSID=63072000/unknown SiteMsgCookie=31536000/unknown",
		},
		{
			desc: "a group's lifetime two paragraphs before its dash list",
			input: "These cookies are needed for our online forms. These cookies are deleted when you close your internet browser.\n\n" +
				"Blocking these cookies will stop the forms working.\n\n" +
				"formServer - Used to send your request to the right server.\n\n" +
				"formSession - A unique identifier for your visit.\n",
			declared: "formServer=0/unknown formSession=0/unknown",
		},
	})
}
