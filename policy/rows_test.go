package policy

import "testing"

// TestTableRows reads rows of tables with a header row, written the way
// council and public-sector pages write them: which name cells hold cookie
// names (a plain word only with a lifetime or a usage, never a vendor's or a
// table's word), names written with spaces or placeholders, a lifetime per
// name, and the header words of a purpose column (month = 30 days, year =
// 365 days, session = 0, '-' where no lifetime is stated).
func TestTableRows(t *testing.T) {
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
			desc:        "a plain word in the name column of a row that states a lifetime",
			contentType: TypeText,
			input:       "| Name | Purpose | Expires |\n|---|---|---|\n| Style | Remembers your text size | One year |\n| WT_FPC | Counts visits | 10 years |\n",
			declared:    "Style=31536000/unknown WT_FPC=315360000/unknown",
		},
		{
			desc:        "a vendor word in the name column is not a cookie, lifetime or not",
			contentType: TypeText,
			input:       "| Name | Purpose | Expires |\n|---|---|---|\n| Google | Sets the cookies below | 2 years |\n| _ga | Distinguishes users | 2 years |\n",
			declared:    "_ga=63072000/unknown",
		},
		{
			desc:        "a plain word in the name column without a lifetime stays out",
			contentType: TypeText,
			input:       "| Name | Purpose | Expires |\n|---|---|---|\n| Hosting | Our servers set these cookies | |\n| _ga | Distinguishes users | 2 years |\n",
			declared:    "_ga=63072000/unknown",
		},
		{
			desc:        "'What we use it for' is a purpose column",
			contentType: TypeText,
			input: "If you've allowed us to, we will save the following cookies on your computer:\nCookie name | What we use it for |\n---|---|\n" +
				"screenwidth | Used to store the width of your screen so we can make what you see look better |\n",
			declared: "screenwidth=-/unknown",
		},
		{
			desc:        "a plain capitalised word in a names table whose purpose says what it is used for",
			contentType: TypeText,
			input: "Cookie name | What we use it for |\n---|---|\nASP.NET_SessionId | Used to maintain session information |\n" +
				"Clientvars | Used to maintain session information for the platforms other than Microsoft .NET |\n" +
				"Google Analytics | Our site uses Google Analytics, a web analytics service provided by Google |\n" +
				"Analytics | Used to measure how you use the site |\nHosting | Our servers are in the UK |\n",
			declared: "ASP.NET_SessionId=-/necessary Clientvars=-/necessary",
		},
		{
			desc:        "a plain capitalised word heading a table's first row is not a name",
			contentType: TypeText,
			input:       "Cookie name | What we use it for |\n---|---|\nPreferences | Used to remember your settings |\n",
			declared:    "",
		},
		{
			desc: "a name prefix ending in a hyphen in a table's name cell",
			input: "Cookie Name | Cookie Category | Description | Duration |\n" +
				"wp-settings- | 1 | Wordpress also sets a few wp-settings-[UID] cookies. The number on the end is your user ID. | 1 year |\n" +
				"wp-settings-time- | 2 | Wordpress also sets a few wp-settings-{time}-[UID] cookies. | 1 year |\n",
			declared: "wp-settings-=31536000/functional wp-settings-time-=31536000/functional",
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
	})
}
