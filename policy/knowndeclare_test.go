package policy

import "testing"

// TestKnownNamesDeclared checks the known-name pass on the shapes the
// first-sight batches' collectors reported missed (written as those
// pages write them), on group lifetimes, and that ordinary words, alternative
// names and pages without cookies declare nothing.
func TestKnownNamesDeclared(t *testing.T) {
	for _, tt := range []struct{ desc, contentType, text, want string }{
		{"a provider before the names, one row a line", TypeText,
			"Cookies we use\n\nGoogle Analytics __utma __utmb __utmc __utmz\nSiteimprove nmstat\nYouTube VISITOR_INFO1_LIVE YSC\n",
			"__utma=-/unknown __utmb=-/unknown __utmc=-/unknown __utmz=-/unknown nmstat=-/unknown VISITOR_INFO1_LIVE=-/unknown YSC=-/unknown"},
		{"a host before the names, one underscore short", TypeText,
			"Third party cookies\n\ngoogle.co.uk NID\ngoogle.com _utma _utmb _utmc _utmz\ndoubleclick.net IDE\n",
			"NID=-/unknown _utma=-/unknown _utmb=-/unknown _utmc=-/unknown _utmz=-/unknown IDE=-/unknown"},
		{"a known capitals word alone in a table's name cell", TypeHTML,
			"<h1>Cookies</h1><table><tr><th>Cookie</th><th>Purpose</th><th>Expiry</th></tr><tr><td>DNT</td><td>Do not track</td><td>1 year</td></tr><tr><td>NID</td><td>Google</td><td>6 months</td></tr></table>",
			"NID=15552000/unknown DNT=31536000/unknown"},
		{"bare lower-case names on lines of their own under a provider", TypeText,
			"Cookies we use\n\nGoogle Analytics\nutma\nutmz\n\nThese cookies help us understand how people use the site.\n",
			"utma=-/unknown utmz=-/unknown"},
		{"a catalogue name among others in a table run onto one line", TypeText,
			"Cookies This site uses cookies. Cookie Purpose nmstat Siteimprove analytics counts visits YSC YouTube tracks views VISITOR_INFO1_LIVE YouTube estimates bandwidth PHPSESSID keeps your session",
			"YSC=-/unknown VISITOR_INFO1_LIVE=-/unknown PHPSESSID=0/necessary nmstat=-/unknown"},
		{"more names in brackets share the lifetime", TypeText,
			"Cookies we use\n\n• __utma (and __utmb, __utmc, __utmz) - Google Analytics cookies that collect anonymous statistics. They expire after 2 years.\n",
			"__utma=63072000/analytics __utmb=63072000/analytics __utmc=63072000/analytics __utmz=63072000/analytics"},
		{"a group lifetime before the list", TypeText,
			"Analytics cookies\n\nWe use Google Analytics. These cookies are stored for 2 years.\n\n__utma\n__utmz\n",
			"__utma=63072000/analytics __utmz=63072000/analytics"},
		{"a group lifetime after the list", TypeText,
			"Cookies\n\nName Purpose ExpiryGoogle Analytics\n_ga\n_gid\n_gat\nThese cookies are used to collect information about how you use our site. They expire after 2 years.\n",
			"_gat=63072000/analytics _ga=63072000/unknown _gid=63072000/unknown"},
		{"a lifetime in a name's own body is not the next list's", TypeText,
			"Cookies\n\n2. _utma Google Analytics Cookie\nThese cookies expire two years after they are set.\n\n3. _utmb & _utmc Google Analytics Cookie\nThese are used to measure time on the site. The cookies expire 30 minutes from the time they were set.\n",
			"_utma=63072000/analytics _utmb=1800/analytics _utmc=1800/analytics"},
		{"lifetime wording", TypeText,
			"Cookies\n\nPHPSESSID - keeps your session for the duration of a user's session.\nvisit_token - counts your visits. After each visit\nlang_choice - remembers your language. Duration of cookie:expires after 1 year\n",
			"PHPSESSID=0/necessary visit_token=0/unknown lang_choice=31536000/functional"},
		{"ordinary words and acronyms that are also names", TypeText,
			"Cookies\n\nLogin | Sign in to your account | 2 years\nWe store your token and your login. Our GDPR notice explains your rights.\nGDPR | Your rights under the law |\n",
			""},
		{"another form of a declared name in its description", TypeText,
			"Cookies\n\nName Description Expiry\n_ga Used to distinguish users 2 years\n_gat Used to throttle request rate. If Google Analytics is deployed via Google Tag Manager, this cookie will be named _dc_gtm_<property-id>. 1 minute\n",
			"_ga=63072000/analytics _gat=60/unknown"},
		{"a page that does not speak of cookies", TypeText,
			"Repairs\n\nGoogle Analytics __utma __utmb\n_ga\n",
			""},
	} {
		t.Run(tt.desc, func(t *testing.T) {
			doc, err := Parse(tt.desc, []byte(tt.text), tt.contentType)
			if err != nil {
				t.Fatal(err)
			}
			if got, _ := compact(doc); got != tt.want {
				t.Errorf("declared\n got: %s\nwant: %s", got, tt.want)
			}
		})
	}
}

// TestKnownNamesNearly checks the near forms of known names: case and one
// separator more or less.
func TestKnownNamesNearly(t *testing.T) {
	known := defaultKnownNames()
	for _, tt := range []struct {
		tok  string
		want bool
	}{
		{"__utmz", true}, {"_utmz", true}, {"utmz", true}, {"ASP.Net_SessionId", true}, {"asp-net-sessionid", true},
		{"_ga", false}, {"visitors", false}, {"utmzz", false}, {"Nmstat", true}, {"ünïcode_name", false},
	} {
		if got := known.nearly(tt.tok); got != tt.want {
			t.Errorf("nearly(%q) = %v, want %v", tt.tok, got, tt.want)
		}
	}
}
