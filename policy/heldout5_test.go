package policy

import "testing"

// TestHeldout5Layouts reads the layouts the fifth held-out council batch
// showed the reader missing, each written the way a council or
// public-sector page writes it (month = 30 days, year = 365 days, session
// = 0, '-' where no lifetime is stated).
func TestHeldout5Layouts(t *testing.T) {
	checkLayouts(t, []layoutCase{
		{
			desc: "a name prefix ending in a hyphen in a table's name cell",
			input: "Cookie Name | Cookie Category | Description | Duration |\n" +
				"wp-settings- | 1 | Wordpress also sets a few wp-settings-[UID] cookies. The number on the end is your user ID. | 1 year |\n" +
				"wp-settings-time- | 2 | Wordpress also sets a few wp-settings-{time}-[UID] cookies. | 1 year |\n",
			declared: "wp-settings-=31536000/functional wp-settings-time-=31536000/functional",
		},
		{
			desc:     "a word cut at a hyphen in prose is not a name",
			input:    "We use first- and third-party cookies on this site, some for 1 year.\n",
			declared: "",
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
			desc:     "names in prose whose cookies 'are set for' a lifetime",
			input:    "Note that in order to remember this permission additional civicAllowCookies and civicShowCookieIcon cookies are set for 3 months.\n",
			declared: "civicAllowCookies=7776000/unknown civicShowCookieIcon=7776000/unknown",
		},
		{
			desc:     "'set for' without a quantity is no lifetime",
			input:    "The has_js cookie is set for visitors whose browser runs JavaScript.\n",
			declared: "has_js=-/unknown",
		},
		{
			desc:     "a table word alone is still not a name",
			input:    "Cookie Name Expiry Time Description\nCookie 1 year This cookie allows you to accept cookies on our site.\n",
			declared: "",
		},
	})
}
