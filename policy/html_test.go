package policy

import (
	"path/filepath"
	"strings"
	"testing"
)

// seedDeclared returns the hand-checked declarations of a seed case.
func seedDeclared(t *testing.T, file string) string {
	t.Helper()
	for _, c := range seedCases {
		if c.file == file {
			return c.declared
		}
	}
	t.Fatalf("no seed case %s", file)
	return ""
}

// TestHTMLLayouts reads HTML pages that reproduce each seed's layout as a
// page would serve it (headings and paragraphs, real tables, lists, cells
// holding paragraphs, a provider table with prose cells, a definition list
// and a CSS grid). The seeds' pages must yield the same declarations as
// their extracted text; script, navigation and hidden content add nothing.
func TestHTMLLayouts(t *testing.T) {
	tests := []struct {
		desc     string
		file     string
		declared string
		vendors  string
	}{
		{
			desc:     "000 as headings, <h5>/<strong> names and paragraphs",
			file:     "000_name_then_paragraph.html",
			declared: seedDeclared(t, "000_936bf61fe1d0b83b.txt"),
			vendors:  "Google Analytics/analytics; Microsoft Clarity/analytics; Squiz Matrix/necessary",
		},
		{
			desc:     "001 as Name | Purpose | Expires tables",
			file:     "001_tables.html",
			declared: seedDeclared(t, "001_c25fae55c9daced9.txt"),
			vendors:  "Google Analytics/analytics; Hotjar/analytics; GovMetric/analytics; YouTube/functional; Vimeo/functional; Squiz Matrix/necessary; Modern.Gov/necessary; Mailchimp/marketing",
		},
		{
			desc:     "002 as dash lists and a table with a paragraph per cell",
			file:     "002_lists_and_cell_paragraphs.html",
			declared: seedDeclared(t, "002_7bfbcf111d011462.txt"),
			vendors:  "Google Analytics/analytics; X (Twitter)/marketing; YouTube/marketing; AddThis/marketing",
		},
		{
			desc:     "004 as a provider table with lists and prose in cells",
			file:     "004_provider_table.html",
			declared: seedDeclared(t, "004_26036ac508d70de8.txt"),
			vendors:  "Google Analytics/analytics; YouTube/marketing; X (Twitter)/marketing; Drupal/necessary; Siteimprove/analytics",
		},
		{
			desc: "definition list, div grid and names in prose",
			file: "dl_and_grid.html",
			declared: "CookieControl=7776000/necessary ASP.NET_SessionId=0/necessary nmstat=86400000/analytics " +
				"_ga=63072000/analytics _gid=63072000/analytics _ga_XXXXXXXXXX=34473600/analytics " +
				"VISITOR_INFO1_LIVE=-/marketing YSC=-/marketing",
			vendors: "Civic Cookie Control/necessary; Siteimprove/analytics; Google Analytics/analytics; YouTube/marketing",
		},
	}
	for _, tt := range tests {
		doc, err := LoadFile(filepath.Join("..", "testdata", "policy", "html", tt.file))
		if err != nil {
			t.Errorf("%s: %v", tt.desc, err)
			continue
		}
		checkCompact(t, tt.desc, doc, tt.declared, tt.vendors)
	}
}

func TestParseHTMLDetails(t *testing.T) {
	tests := []struct {
		desc string
		html string
		want string // name pattern provider expiry_text source, one declaration per line
	}{
		{
			desc: "GOV.UK table with a wildcard name and provider from the heading",
			html: `<h2>Cookies that measure website use</h2><h3>Google Analytics</h3>
<table><thead><tr><th>Name</th><th>Purpose</th><th>Expires</th></tr></thead>
<tbody><tr><td>_ga_&lt;container-id&gt;</td><td>Persists session state</td><td>2 years</td></tr></tbody></table>`,
			want: `_ga_<container-id> | _ga_* | analytics | Google Analytics | 2 years | section "Google Analytics", table 1 row 1`,
		},
		{
			desc: "table with a provider column and several names in one cell",
			html: `<h2>Strictly necessary cookies</h2><table><tr><th>Cookie name</th><th>Provider</th><th>Purpose</th><th>Duration</th></tr>
<tr><td>AWSALB<br>AWSALBCORS</td><td>Amazon Web Services</td><td>Load balancing</td><td>7 days</td></tr></table>`,
			want: "AWSALB | AWSALB | necessary | Amazon Web Services | 7 days | section \"Strictly necessary cookies\", table 1 row 1\n" +
				"AWSALBCORS | AWSALBCORS | necessary | Amazon Web Services | 7 days | section \"Strictly necessary cookies\", table 1 row 1",
		},
		{
			desc: "a category column wins over the heading",
			html: `<h2>Cookies we use</h2><table><tr><th>Name</th><th>Category</th><th>Purpose</th><th>Expiry</th></tr>
<tr><td>_hjSessionUser_{site_id}</td><td>Analytics</td><td>Hotjar user ID</td><td>365 days</td></tr></table>`,
			want: `_hjSessionUser_{site_id} | _hjSessionUser_* | analytics |  | 365 days | section "Cookies we use", table 1 row 1`,
		},
		{
			desc: "hidden and scripted text is not read",
			html: `<h2>Essential cookies</h2><p hidden>FAKE_ONE</p><p>Used for nothing. Expires after 1 day.</p>
<div style="display: none"><p>FAKE_TWO</p><p>Expires after 1 day.</p></div><script>/* SQ_SYSTEM_SESSION */</script>`,
			want: ``,
		},
		{
			desc: "a domain column constrains the declaration; a party column does not",
			html: `<h2>Marketing cookies</h2><table><tr><th>Name</th><th>Domain</th><th>Purpose</th><th>Expiry</th></tr>
<tr><td>IDE</td><td>.doubleclick.net</td><td>Ad targeting</td><td>13 months</td></tr>
<tr><td>_fbp</td><td>Third party</td><td>Meta Pixel</td><td>90 days</td></tr></table>`,
			want: "IDE | IDE | marketing |  | 13 months | section \"Marketing cookies\", table 1 row 1 | .doubleclick.net\n" +
				"_fbp | _fbp | marketing |  | 90 days | section \"Marketing cookies\", table 1 row 2 | ",
		},
		{
			desc: "a table without a header row",
			html: `<h2>Functional cookies</h2><table><tr><td>YSC</td><td>Remembers video preferences</td><td>Session</td></tr></table>`,
			want: `YSC | YSC | functional |  | Session | section "Functional cookies", table 1 row 1`,
		},
	}
	for _, tt := range tests {
		doc, err := Parse("test.html", []byte(tt.html), "text/html; charset=utf-8")
		if err != nil {
			t.Errorf("%s: %v", tt.desc, err)
			continue
		}
		var lines []string
		for _, d := range doc.Declared {
			line := d.Name + " | " + d.Pattern + " | " + string(d.Category) + " | " + d.Provider + " | " + d.ExpiryText + " | " + d.Source
			if strings.Contains(tt.desc, "domain") {
				line += " | " + d.Domain
			}
			lines = append(lines, line)
		}
		if got := strings.Join(lines, "\n"); got != tt.want {
			t.Errorf("%s:\n got: %s\nwant: %s", tt.desc, got, tt.want)
		}
	}
}
