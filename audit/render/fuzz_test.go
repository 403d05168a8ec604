package render

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/cookieaudit/cookieaudit/audit"

	"github.com/cookieaudit/cookieaudit/audit/audittest"
	"github.com/cookieaudit/cookieaudit/audit/report"

	"github.com/cookieaudit/cookieaudit/crawler/observe"

	"golang.org/x/net/html"

	"github.com/cookieaudit/cookieaudit/policy"
)

// FuzzCookieNames plants an arbitrary cookie name in a site and checks that
// every writer escapes it: CSV cells never start a formula, Markdown rows
// keep their columns, and the HTML never contains the name's markup raw.
func FuzzCookieNames(f *testing.F) {
	for _, s := range []string{`=HYPERLINK("http://x")`, "<script>alert(1)</script>", "a|b*c", "+1", "@x", "\tx", "_ga", "x\ny", "&lt;b&gt;"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if !utf8.ValidString(name) || name == "" || audit.NormalizeName(name) == "sess" {
			return
		}
		s := &report.Site{}
		s.URL = "https://www.x.gov.uk/"
		s.Policy = report.PolicyRef{URL: s.URL + "cookies"}
		s.Declared = []policy.Declaration{{Name: "sess", Category: policy.Necessary}}
		s.Cookies = []observe.Cookie{{Phase: observe.PhasePreConsent, Name: name, Domain: ".x.gov.uk", LifetimeSeconds: 86400, RequestedLifetimeSeconds: 86400}}
		r := &report.Report{Schema: report.Schema, Sites: []report.Site{*s}}
		evaluateAll(r, audit.Options{Now: audittest.Now})
		if len(r.Sites[0].Findings) == 0 {
			t.Fatal("no findings for an undeclared cookie before consent")
		}

		var buf bytes.Buffer
		if err := (FindingsCSVWriter{}).Write(&buf, r); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(bytes.NewReader(buf.Bytes()[len(utf8BOM):])).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range rows {
			for _, cell := range row {
				if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
					t.Fatalf("formula cell %q", cell)
				}
			}
		}

		buf.Reset()
		if err := (MarkdownWriter{}).Write(&buf, r); err != nil {
			t.Fatal(err)
		}
		want := -1
		for _, line := range strings.Split(buf.String(), "\n") {
			if !strings.HasPrefix(line, "|") {
				want = -1
				continue
			}
			n := strings.Count(line, "|") - strings.Count(line, `\|`)
			if want < 0 {
				want = n
			} else if n != want {
				t.Fatalf("Markdown row broken by %q: %s", name, line)
			}
		}

		if got, want := htmlShape(t, r), htmlShape(t, withCookieName(r, "harmless")); got != want {
			t.Fatalf("cookie name %q changed the HTML's element structure", name)
		}
	})
}

// withCookieName re-evaluates r's single site with its cookie renamed.
func withCookieName(r *report.Report, name string) *report.Report {
	s := r.Sites[0]
	s.Cookies = []observe.Cookie{s.Cookies[0]}
	s.Cookies[0].Name = name
	out := &report.Report{Schema: report.Schema, Sites: []report.Site{s}}
	evaluateAll(out, audit.Options{Now: audittest.Now})
	return out
}

// htmlShape renders r as HTML and lists its elements and attribute names.
func htmlShape(t *testing.T, r *report.Report) string {
	t.Helper()
	var buf bytes.Buffer
	if err := (HTMLWriter{}).Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(&buf)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			b.WriteString("<" + n.Data)
			for _, a := range n.Attr {
				b.WriteString(" " + a.Key)
			}
			b.WriteString(">")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return b.String()
}

func BenchmarkWriteHTML(b *testing.B) {
	r := goldenReport(b)
	b.ReportAllocs()
	for b.Loop() {
		var buf bytes.Buffer
		if err := (HTMLWriter{}).Write(&buf, r); err != nil {
			b.Fatal(err)
		}
	}
}
