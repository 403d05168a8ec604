package policy

import "testing"

// TestHeldout4Layouts reads the layouts the fourth held-out council batch
// showed the reader missing, each written the way the page writes it
// (month = 30 days, year = 365 days, session = 0, '-' where no lifetime is
// stated).
func TestHeldout4Layouts(t *testing.T) {
	checkLayouts(t, []layoutCase{
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
			desc:     "a lifetime written as the user logging out",
			input:    "Our use of cookies\n- Name: ESFSessionID\nTypical content: This cookie is essential for the login process.\nExpires: when user logout\n",
			declared: "ESFSessionID=0/unknown",
		},
	})
}

// TestParseDurationLogout checks that a cookie said to last until the user
// logs out is a session cookie, and that a quantity beside it still wins.
func TestParseDurationLogout(t *testing.T) {
	tests := []struct {
		text string
		want string
	}{
		{"when user logout", "0"},
		{"When the user logs out", "0"},
		{"until you sign out", "0"},
		{"2 hours rolling, deleted on sign out", "7200"},
		{"Used to log out users", "none"},
	}
	for _, tt := range tests {
		if got := secondsText(WrittenLifetime(tt.text)); got != tt.want {
			t.Errorf("WrittenLifetime(%q) = %s, want %s", tt.text, got, tt.want)
		}
	}
}
