package policy

import "testing"

// TestRecordReader checks the layouts the issue lists that the layout
// readers alone missed, each read by the record reader's signals, and that
// a page without cookie names still reads nothing.
func TestRecordReader(t *testing.T) {
	for _, tt := range []struct{ desc, text, want string }{
		{"bullets running name and lifetime together",
			"Cookies set by Google Maps\n\n  • SS Expiry 10 years\n  • NID Expiry 6 months\n  • PREF Expiry 2 years\n",
			"SS=315360000/unknown NID=15552000/unknown PREF=63072000/unknown"},
		{"numbered headings with the lifetime in the prose below",
			"The following cookies are used on this website:\n\n2. _utma Google Analytics Cookie\nThese cookies store information about visits. These cookies expire two years after they are set up.\n\n4. _utmz Google Analytics Cookie\nThis cookie stores the website the user came from and expires six months from the date it was set.\n",
			"_utma=63072000/analytics _utmz=15552000/analytics"},
		{"a table run together on one line",
			"Cookie Name Used by Description Expiration __utma Google Analytics Stores the number of visits 2 years from set/update _ga and _gid Google Analytics Used to distinguish users. 2 years and 2 hours ai_session Website Tracks users as they navigate. 1 day",
			"__utma=63072000/analytics _ga=63072000/analytics _gid=7200/analytics ai_session=86400/unknown"},
		{"a page run onto one line after capitals headings",
			"Our Cookies ABOUT COOKIES & Your choices A cookie is a small file stored by your browser. " +
				"COOKIES THAT WE USE This website uses the following cookies: Cookie Name Used by Description Expiration " +
				"__utma Google Analytics Stores the number of your visits. 2 years from set/update " +
				"_gid Google Analytics Used to distinguish between users. 24 hours\n",
			"__utma=63072000/analytics _gid=86400/analytics"},
		{"a table run onto one line whose name ends in 'Cookie' keeps it",
			"Cookie Name Used by Description Expiration IDE, DSID Doubleclick.net These cookies are managed by DoubleClick. " +
				"2 years from set/update SiteMsgCookie Website Stores whether you accepted the cookie message. 365 days\n",
			"IDE=63072000/unknown DSID=63072000/unknown SiteMsgCookie=31536000/unknown"},
		{"capitals names opening their description",
			"Cookies\n\n_shibsession_XXX this is used to keep you logged in.\n\nANONSERVERID this is used to identify which server should process requests.\n\nSAML\n\nSecurity Assertion Markup Language (SAML) is used to allow users to log in.\n",
			"_shibsession_XXX=-/necessary ANONSERVERID=-/unknown"},
		{"a name running text calls a cookie",
			"How we use cookies\n\nThe essential one is the session cookie, usually called MoodleSession. It keeps you logged in from page to page.\n",
			"MoodleSession=-/unknown"},
		{"two known names run together and a name after a leading number",
			"Cookies we use\n\n_ga_gid These are Google Analytics cookies used to distinguish users.\n\n4HGAllowGoogleTracking Stores your cookie choice. Expires after 30 days.\n",
			"_ga=-/analytics _gid=-/analytics 4HGAllowGoogleTracking=2592000/unknown"},
		{"a CMS heading and a bold heading are not names",
			"Cookies\n\nExpressionEngine\n\nOur site is built with a content management system called ExpressionEngine, which sets cookies.\n\nexp_last_visit - Date of your last visit. Expires after 1 year.\n\n**Forms**\n\nWe keep what you send us.\n",
			"exp_last_visit=31536000/unknown"},
		{"a page naming no cookie",
			"Repairs\n\n• Emergency repairs Response time: 24 hours\n• Urgent repairs within 7 days\n\nWe use cookies; see our cookie policy.\n",
			""},
	} {
		t.Run(tt.desc, func(t *testing.T) {
			doc, err := Parse(tt.desc, []byte(tt.text), TypeText)
			if err != nil {
				t.Fatal(err)
			}
			if got, _ := compact(doc); got != tt.want {
				t.Errorf("declared\n got: %s\nwant: %s", got, tt.want)
			}
		})
	}
}

// TestNotAName checks the record reader's vetoes on what a layout reader
// took for a name.
func TestNotAName(t *testing.T) {
	for _, tt := range []struct {
		name string
		want bool
	}{
		{"Name", true}, {"CleanTalk:", true}, {"www.senedd.wales", true}, {"chat.meetami.ai", true},
		{"session", false}, {"connect.sid", false}, {"NIGOV_.nidirect.gov.uk", false}, {"_ga", false},
	} {
		if got := notAName(tt.name); got != tt.want {
			t.Errorf("notAName(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}
