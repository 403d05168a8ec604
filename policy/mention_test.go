package policy

import (
	"fmt"
	"strings"
	"testing"
)

// compactMentions writes what Mentions found for the observed names as
// "observed:written=seconds" items ('-' where no lifetime is stated).
func compactMentions(ds []Declaration) string {
	var out []string
	for _, d := range ds {
		secs := "-"
		if d.Expiry.Known() {
			secs = fmt.Sprint(d.Expiry.Seconds())
		}
		if !d.Mentioned {
			secs += " (not marked mentioned)"
		}
		out = append(out, fmt.Sprintf("%s:%s=%s", d.Pattern, d.Name, secs))
	}
	return strings.Join(out, " ")
}

func TestMentions(t *testing.T) {
	tests := []struct {
		name     string
		ct, text string
		observed string // space-separated cookie names
		want     string
	}{
		// Pattern forms.
		{"angle placeholder in a row", TypeText, "Cookie | Expiry\n_ga_<container-id> | 2 years\n", "_ga_ABC123",
			"_ga_ABC123:_ga_<container-id>=63072000"},
		{"star", TypeText, "_ga_* - Google Analytics. Expires after 2 years.\n", "_ga_ABC123",
			"_ga_ABC123:_ga_*=63072000"},
		{"run of X", TypeText, "• _ga_XXXXXXX Expiry 2 years\n", "_ga_ABC123",
			"_ga_ABC123:_ga_XXXXXXX=63072000"},
		{"UA star in brackets", TypeText, "Google sets _gat_UA-* (1 minute) to limit requests.\n", "_gat_UA-1234-1",
			"_gat_UA-1234-1:_gat_UA-*=60"},
		{"UA number", TypeText, "_gat_UA-[number] | Throttles requests | 1 minute\n", "_gat_UA-1234-1",
			"_gat_UA-1234-1:_gat_UA-[number]=60"},
		{"braces", TypeText, "_hjSessionUser_{site_id} | Hotjar | 365 days\n", "_hjSessionUser_3344",
			"_hjSessionUser_3344:_hjSessionUser_{site_id}=31536000"},
		{"placeholder with spaces", TypeText, "_gat_gtag_< GA ID > | 1 minute\n", "_gat_gtag_UA_1234_1",
			"_gat_gtag_UA_1234_1:_gat_gtag_< GA ID >=60"},
		{"trailing underscore is a prefix", TypeText, "bb2_screener_ | Bad Behavior | 2 days\n", "bb2_screener_1a2b",
			"bb2_screener_1a2b:bb2_screener_=172800"},
		{"case", TypeText, "asp.net_sessionid - keeps your session. Deleted when you close your browser.\n", "ASP.NET_SessionId",
			"ASP.NET_SessionId:asp.net_sessionid=0"},
		{"hyphen for underscore", TypeText, "cookie_management_status | 90 days\n", "cookie-management-status",
			"cookie-management-status:cookie_management_status=7776000"},
		{"one underscore too many", TypeText, "JSESSION_ID | Session\n", "JSESSIONID", "JSESSIONID:JSESSION_ID=0"},
		{"one underscore too few", TypeText, "_hjSessionUser3344 | 1 year\n", "_hjSessionUser_3344",
			"_hjSessionUser_3344:_hjSessionUser3344=31536000"},
		{"spaces for underscores", TypeText, "VISITOR INFO1 LIVE | 6 months\n", "VISITOR_INFO1_LIVE",
			"VISITOR_INFO1_LIVE:VISITOR INFO1 LIVE=15552000"},
		{"dots", TypeText, "haiku.notifications stores your notices. Expires after 30 days.\n", "haiku.notifications",
			"haiku.notifications:haiku.notifications=2592000"},
		{"non-breaking hyphen", TypeHTML, "<table><tr><td>JS\u2011Detection</td><td>Session</td></tr></table>", "JS-Detection",
			"JS-Detection:JS-Detection=0"},
		{"an abbreviation is not a name", TypeText, "We use Google Analytics (GA) to count visits.\n", "_ga", ""},
		{"another cookie's prefix is not a mention", TypeText, "_ga_<container-id> | 2 years\n", "_ga", ""},
		{"run together with the next column", TypeText, "Name Purpose Expiry\n_gaUsed to distinguish users.90 days\n", "_ga",
			"_ga:_ga=-"},
		{"two names joined by and", TypeText, "_ga and_gid | Google Analytics | 2 years\n", "_gid", "_gid:_gid=63072000"},

		// Words that are also cookie names.
		{"word in a cell", TypeText, "lang | Remembers your language | 1 year\n", "lang", "lang:lang=31536000"},
		{"word in a sentence", TypeText, "We remember your lang preference for a year.\n", "lang", ""},
		{"word after a name label", TypeText, "Name: session\nExpiry: when you close your browser\n", "session", "session:session=0"},
		{"quoted kinds of cookie", TypeText, "We use both “session” and “persistent” cookies on our Website.\n", "session persistent", ""},
		{"kind of cookie before cookies", TypeText, "Session cookies expire when you close the browser.\n", "session Session", ""},
		{"kind of cookie as a lifetime cell", TypeText, "PHPSESSID | necessary |\nsession | Keeps you logged in. |\n", "session", ""},
		{"capital word at an item's head", TypeText, "• PREF Expiry 2 years\n", "PREF", "PREF:PREF=63072000"},
		{"verb at an item's head", TypeText, "• collect information about how you use the site\n", "collect", ""},
		{"quoted word", TypeText, "We set “test” to check cookies work. It expires after 1 minute.\n", "test", "test:test=60"},
		{"word in code", TypeHTML, "<p>The <code>`device`</code> cookie remembers your device. It expires after 30 days.</p>", "device", "device:device=2592000"},
		{"word at a line's head before a capital", TypeText, "Name Purpose Expiry\ncsscached This remembers your style version.\n", "csscached", "csscached:csscached=-"},
		{"word after a field label", TypeText, "Campaign tracker: utmz | 6 months\n", "utmz", "utmz:utmz=15552000"},
		{"known cookie in running text", TypeText, "Siteimprove SiteAnalyze statistics Nmstat This cookie helps.\n", "Nmstat", "Nmstat:Nmstat=-"},

		// The lifetime from the name's own record.
		{"row", TypeText, "_ga\tGoogle Analytics\t2 years\n_gid\tGoogle Analytics\t24 hours\n", "_gid", "_gid:_gid=86400"},
		{"item, ignoring a session in the purpose", TypeText, "• __utmb Used to track a user's session. With each new page visited the expiration is set for 30 minutes.\n", "__utmb", "__utmb:__utmb=1800"},
		{"labelled fields", TypeText, "Cookie name: _gid\nPurpose: counts visits\nExpiry: 24 hours\nCookie name: _gat\nExpiry: 1 minute\n", "_gid _gat", "_gid:_gid=86400 _gat:_gat=60"},
		{"sentence, up to the next name", TypeText, "YouTube sets VISITOR_INFO1_LIVE (6 months) and YSC (session).\n", "VISITOR_INFO1_LIVE YSC",
			"VISITOR_INFO1_LIVE:VISITOR_INFO1_LIVE=15552000 YSC:YSC=0"},
		{"one long line, up to the next name", TypeText, "Cookie Name Used by Expiration __utma Google Analytics Stores visits. 2 years from set/update __utmz Google Analytics Stores where you came from. 6 months from set/update\n", "__utma __utmz",
			"__utma:__utma=63072000 __utmz:__utmz=15552000"},
		{"text under a heading", TypeText, "## _clck\nMicrosoft Clarity identifier.\nIt expires after one year.\n## _clsk\nConnects page views. Expires after one day.\n", "_clck _clsk",
			"_clck:_clck=31536000 _clsk:_clsk=86400"},
		{"numbered heading with prose below", TypeText, "2. _utma Google Analytics Cookie\nThese cookies expire two years after they are set.\n3. _utmb & _utmc Google Analytics Cookie\nThey expire after 30 minutes.\n", "_utma _utmc",
			"_utma:_utma=63072000 _utmc:_utmc=1800"},
		{"pipe cells one per line", TypeText, "| Cookie name |\n| _cfduid |\n| Addtoany.com |\n| 1 year |\n| _gid |\n| 1 day |\n", "_cfduid", "_cfduid:_cfduid=31536000"},
		{"running text states no lifetime", TypeText, "The _fbp cookie is set by Meta when you accept marketing cookies.\n", "_fbp", "_fbp:_fbp=-"},
		{"a mention inside another's description", TypeText, "• __utmc Used with __utmb to track a session. Expires when you exit the browser.\n• __utmb Expiry 30 minutes.\n", "__utmb", "__utmb:__utmb=1800"},

		// HTML: every block, hidden content included.
		{"hidden accordion", TypeHTML, `<h2>Analytics</h2><button aria-expanded="false">_hjid</button><div hidden><table><tr><td>_hjid</td><td>Hotjar</td><td>1 year</td></tr></table></div>`, "_hjid", "_hjid:_hjid=31536000"},
		{"display none and aria-hidden", TypeHTML, `<div style="display: none"><ul><li>_clck - expires after 1 year</li></ul></div><div aria-hidden="true"><dl><dt>_clsk</dt><dd>Expires after 1 day.</dd></dl></div>`, "_clck _clsk", "_clck:_clck=31536000 _clsk:_clsk=86400"},
		{"details", TypeHTML, `<details><summary>Cookies we set</summary><p>Name: sessionid<br>Expiry: 2 weeks</p></details>`, "sessionid", "sessionid:sessionid=1209600"},
		{"scripts are not text", TypeHTML, `<p>Cookies.</p><script>document.cookie = "_fbp=1"</script>`, "_fbp", ""},
		{"not named at all", TypeText, "We use cookies to make the site work.\n", "_ga NID", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Parse("test", []byte(tt.text), tt.ct)
			if err != nil {
				t.Fatal(err)
			}
			if got := compactMentions(doc.Mentions(strings.Fields(tt.observed))); got != tt.want {
				t.Errorf("Mentions(%s)\n got: %s\nwant: %s", tt.observed, got, tt.want)
			}
		})
	}
}

// TestMentionsOfYAML checks that a YAML policy, which has no text, names
// nothing beyond its declarations.
func TestMentionsOfYAML(t *testing.T) {
	doc, err := Parse("p.yaml", []byte("cookies:\n  - {name: _ga, expiry: 2 years}\n"), TypeYAML)
	if err != nil {
		t.Fatal(err)
	}
	if got := doc.Mentions([]string{"_ga", "_gid"}); len(got) != 0 {
		t.Errorf("a YAML policy mentions %v", got)
	}
}

// FuzzMentions looks for names in any text, read as text and as HTML: it
// must never panic, and every mention found must be one of the names asked
// for, marked as a mention, with no negative lifetime.
func FuzzMentions(f *testing.F) {
	for _, s := range []string{
		"We use both “session” and “persistent” cookies on our Website.",
		"_ga_<container-id> | 2 years\n• PREF Expiry 2 years\nName: lang\nExpiry: 1 year",
		"JS\u2011Detection\u00a0| session\u200b|\u200f_gid\u200e (24 hours)",
		"“_ga” – ‘_gid’ — «lang» <id> {x [y (z _gat_UA-[number",
		"<details><summary>_hjid</summary><table><tr><td>_hjid<td>1 year</table></details><p hidden>session:",
	} {
		f.Add(s, "_ga _gid session lang _hjid JS-Detection _gat_UA-1-1")
	}
	f.Fuzz(func(t *testing.T, text, names string) {
		asked := map[string]bool{}
		for _, n := range strings.Fields(names) {
			asked[n] = true
		}
		for _, records := range [][]mentionRecord{textMentionRecords([]byte(text)), htmlMentionRecords([]byte(text))} {
			doc := &Document{records: records}
			for _, d := range doc.Mentions(append(strings.Fields(names), strings.Fields(text)...)) {
				if !d.Mentioned || d.Name == "" {
					t.Fatalf("bad mention %+v", d)
				}
				if !asked[d.Pattern] && !strings.Contains(text, d.Pattern) {
					t.Fatalf("mention of %q, which was not asked for", d.Pattern)
				}
			}
		}
	})
}

// TestMentionFirstToken checks that reading a record's first token alone
// gives the token a full scan of the record gives, on every record of every
// annotated corpus page.
func TestMentionFirstToken(t *testing.T) {
	for _, c := range recordCorpora(t) {
		for _, p := range c.pages {
			doc, err := readCorpusPage(p.path)
			if err != nil {
				t.Fatal(err)
			}
			quick, full := newMentionSearch(doc, nil), newMentionSearch(doc, nil)
			for ri := range doc.records {
				got, ok := quick.firstToken(ri)
				toks := full.toks(ri)
				same := func(a, b mentionToken) bool {
					return a.text == b.text && a.start == b.start && a.end == b.end && a.cell == b.cell && a.head == b.head &&
						a.quoted == b.quoted && a.labelled == b.labelled
				}
				if ok != (len(toks) > 0) || ok && !same(got, toks[0]) {
					t.Errorf("%s %s: first token %+v (%v), full scan %+v", p.path, doc.records[ri].where, got, ok, toks[:min(1, len(toks))])
				}
			}
		}
	}
}
