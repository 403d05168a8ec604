package policy

import (
	"strings"
	"testing"
)

// TestCouncilLayouts reads the layouts the held-out council corpus showed
// the reader missing, each written the way a council or public-sector page
// writes it (month = 30 days, year = 365 days, session = 0, '-' where no
// lifetime is stated).
func TestCouncilLayouts(t *testing.T) {
	checkLayouts(t, []layoutCase{
		{
			desc:        "header cells with colons one per line, then a name in brackets after a label",
			contentType: TypeText,
			input: "What cookies do we use on this website?\n\nName:\n\nFunction:\n\nExpires:\n\nGeneric Session Cookie (JSESSIONID)\n\n" +
				"This cookie is essential for various parts of the website to function properly.\n\nThis cookie expires when you close your browser.\n",
			declared: "JSESSIONID=0/necessary",
		},
		{
			desc:        "two names in one cell, each lifetime led by its name",
			contentType: TypeHTML,
			input: `<h2>Cookies that measure website use</h2><table><tr><th>Name</th><th>Purpose</th><th>Expires</th></tr>
<tr><td>_ga,<br>_gid</td><td>These help us count how many people visit the site</td><td>_ga 2 years,<br>_gid 24 hours</td></tr></table>`,
			declared: "_ga=63072000/analytics _gid=86400/analytics",
		},
		{
			desc:        "names and lifetimes listed in the same order, as OneTrust lists them",
			contentType: TypeHTML,
			input: `<h4>Strictly Necessary Cookies</h4><table><tr><th>Cookie Subgroup</th><th>Cookies</th><th>Cookies used</th><th>Lifespan</th></tr>
<tr><td>www.example.gov.uk</td><td>ARRAffinity, SC_ANALYTICS_GLOBAL_COOKIE</td><td>First Party</td><td>Session, 3650 Days</td></tr></table>`,
			declared: "ARRAffinity=0/necessary SC_ANALYTICS_GLOBAL_COOKIE=315360000/necessary",
		},
		{
			desc:        "one lifetime with a comma for two names stays one lifetime",
			contentType: TypeText,
			input:       "| Name | Purpose | Expires |\n|---|---|---|\n| _ga, _gid | Count visits | 30 minutes, or when you close your browser |\n",
			declared:    "_ga=1800/unknown _gid=1800/unknown",
		},
		{
			desc:        "a placeholder in round brackets and a prefix ending in a dot",
			contentType: TypeText,
			input: "Cookies on our website\n| Name | Description | Expires |\n|---|---|---|\n" +
				"| voted_(number) | We use this to prevent people from voting on a quick survey more than once | 1 year |\n" +
				"| Localview. | Cookies that begin with 'Localview.' are required to use our mapping system. | 1 year |\n" +
				"| Mapping. | Remembers your last map location. | 1 year |\n",
			declared: "voted_(number)=31536000/analytics Localview.=31536000/unknown",
		},
		{
			desc:        "labelled fields copied onto one line with no space before each label",
			contentType: TypeText,
			input: "Cookie Information\n\nName ASP.NET_SessionIdType SessionDomain  Expires At end of session\n" +
				"When you navigate to the site, the server establishes a unique session for you.\n" +
				"Name nmstatType OtherDomain  Expires 1000 days\nThis cookie is used to help record the visitor’s use of the website.\n",
			declared: "ASP.NET_SessionId=0/unknown nmstat=86400000/unknown",
		},
		{
			desc:        "a row wrapped over paragraphs, its lifetime on a line of its own",
			contentType: TypeText,
			input: "Name Data stored Purpose Expires\nKms_ctamuls\n\nIt stores an identifier for the current session.\n\n" +
				"The purpose is to know if a visitor is logged in.\n\nIt expires after the current session is over\n\nThird party cookies\n",
			declared: "Kms_ctamuls=0/unknown",
		},
		{
			desc:        "a name in a sentence, then its lifetime alone on the next line",
			contentType: TypeText,
			input:       "Google Analytics\n\nThe _ga cookie, installed by Google Analytics, calculates visitor data for the site's analytics report.\n\n2 years\n",
			declared:    "_ga=63072000/analytics",
		},
		{
			desc:        "the next section's heading is not a lifetime",
			contentType: TypeText,
			input:       "Name Purpose Expires\nmy_pref Remembers your settings\nSession cookies\nName Purpose Expires\nsid Keeps you signed in When you close your browser\n",
			declared:    "my_pref=-/functional sid=0/unknown",
		},
		{
			desc:        "a lifetime line after a complete row is left alone",
			contentType: TypeText,
			input:       "| Name | Purpose | Expires |\n|---|---|---|\n| my_pref | Remembers your settings | 1 year |\n\nThese cookies are deleted after 30 days\n",
			declared:    "my_pref=31536000/functional",
		},
		{
			desc:        "a sentence starting with Name is not a record",
			contentType: TypeText,
			input:       "Name Type Domain are shown for each cookie below.\n",
			declared:    "",
		},
	})
}

// TestPerNameExpiry checks how a lifetime cell is shared out among the
// names of its row.
func TestPerNameExpiry(t *testing.T) {
	tests := []struct {
		names, expiry, want string
	}{
		{"_ga _gid", "_ga 2 years, _gid 24 hours", "2 years|24 hours"},
		{"_gid _ga", "_ga 2 years; _gid 24 hours", "24 hours|2 years"},
		{"a_x b_y", "Session, 3650 Days", "Session|3650 Days"},
		{"a_x b_y", "30 minutes, or when you close your browser", "30 minutes, or when you close your browser|30 minutes, or when you close your browser"},
		{"a_x b_y c_z", "Session, 1 year", "Session, 1 year|Session, 1 year|Session, 1 year"},
		{"a_x b_y", "1 year", "1 year|1 year"},
		{"a_x", "a_x 1 year, b_y 2 years", "a_x 1 year, b_y 2 years"},
		{"a_x b_y", "Persistent, Session", "Persistent, Session|Persistent, Session"},
		{"a_x b_y c_z", "Persistent Session Persistent", "Persistent|Session|Persistent"},
		{"a_x b_y", "Persistent Session Persistent", "Persistent Session Persistent|Persistent Session Persistent"},
		{"a_x b_y", "1 year", "1 year|1 year"},
	}
	for _, tt := range tests {
		got := strings.Join(perNameExpiry(strings.Fields(tt.names), tt.expiry), "|")
		if got != tt.want {
			t.Errorf("perNameExpiry(%q, %q) = %q, want %q", tt.names, tt.expiry, got, tt.want)
		}
	}
}
