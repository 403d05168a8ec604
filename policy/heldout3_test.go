package policy

import "testing"

// TestHeldout3Layouts reads the layouts the third held-out batch of
// council and public-sector pages showed the reader missing, each written
// the way such a page writes it (month = 30 days, year = 365 days, session
// = 0, '-' where no lifetime is stated).
func TestHeldout3Layouts(t *testing.T) {
	checkLayouts(t, []layoutCase{
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
			desc:        "a run-together name and lifetime table splits where the lifetime starts",
			contentType: TypeText,
			input: "Library eBooks\n\nThis online service uses cookies to maintain a login.\n\nNameExpires\n__utmaTwo years\n" +
				"StyleOne year\nSession18 years\nSESSIONWhen you close your browser\nWT_FPC10 years\n",
			declared: "__utma=63072000/unknown Style=31536000/unknown Session=567648000/unknown SESSION=0/unknown WT_FPC=315360000/unknown",
		},
		{
			desc:        "'What we use it for' is a purpose column",
			contentType: TypeText,
			input: "If you've allowed us to, we will save the following cookies on your computer:\nCookie name | What we use it for |\n---|---|\n" +
				"screenwidth | Used to store the width of your screen so we can make what you see look better |\n",
			declared: "screenwidth=-/unknown",
		},
		{
			desc:        "labelled records with a field the reader has no role for, wrapped over lines",
			contentType: TypeText,
			input: "Measuring traffic\nGoogle Analytics sets cookies to help us estimate the number of visitors.\n" +
				"Name: _utmc\nTypical content: randomly generated number\nExpires: when user exits browser\n" +
				"Name: _utmz\nTypical content: randomly generated number info on how the site\nwas reached (e.g. directly or via a link)\nExpires: 6 months\n" +
				"Email\nName: U\nTypical content: Unique identifier of property when selected on My\nBrent\nExpires: 1 year\n",
			declared: "_utmc=0/unknown _utmz=15552000/unknown U=31536000/unknown",
		},
		{
			desc:        "a lone 'Name:' line with one token is not a record",
			contentType: TypeText,
			input:       "Name: U\nWe will write to you about this.\n",
			declared:    "",
		},
		{
			desc:        "a definition list whose labels ran into their values, under a cookies section title",
			contentType: TypeText,
			input: "Strictly necessary cookies\n\ncookie-agreed\n\nContainsAn integer between 0 and 2\nExpiresAfter 100 days\n" +
				"NotesHandles confirmation of essential cookies.\n\nCOMPANY_ID\n\nContainsAn integer\nExpiresWhen you close your browser\n" +
				"NotesUsed to track the portal instance that an authenticated user logged into\n",
			declared: "cookie-agreed=8640000/necessary COMPANY_ID=0/necessary",
		},
		{
			desc:        "a plain word before a colon and a link title is not a cookie",
			contentType: TypeText,
			input: "Cookies\n- This website currently employs Google Analytics tracking cookies for this purpose\n- website: Google Analytics\n" +
				"- To find out more about cookies visit:\n- website: All About Cookies\n- sessionid: Keeps you signed in while you use the site\n",
			declared: "sessionid=-/unknown",
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
	})
}
