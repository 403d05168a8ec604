package render

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/cookieaudit/cookieaudit/audit"
	"github.com/cookieaudit/cookieaudit/audit/audittest"
	"github.com/cookieaudit/cookieaudit/audit/report"
	"github.com/cookieaudit/cookieaudit/crawler/observe"

	"github.com/olekukonko/tablewriter/pkg/twwidth"
)

func TestFormatForPath(t *testing.T) {
	tests := []struct{ path, want string }{
		{"report.html", "html"},
		{"out/REPORT.HTM", "html"},
		{"findings.csv", "csv"},
		{"nightly.csv", "csv"},
		{"out/cookies.csv", "cookies-csv"},
		{"junit.xml", "junit"},
		{"results.json", "json"},
		{"ticket.md", "md"},
		{"ticket.markdown", "md"},
		{"scan.sarif", "sarif"},
		{"report.txt", "table"},
		{"report", ""},
		{"report.pdf", ""},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			got, ok := FormatForPath(tt.path)
			if got != tt.want || ok != (tt.want != "") {
				t.Errorf("FormatForPath(%q) = %q, %t; want %q", tt.path, got, ok, tt.want)
			}
		})
	}
}

func TestLookupFormatAliases(t *testing.T) {
	for _, name := range []string{"md", "Markdown", " markdown ", "findings-csv", "HTML"} {
		if _, ok := LookupFormat(name); !ok {
			t.Errorf("LookupFormat(%q) found nothing", name)
		}
	}
	seen := map[string]bool{}
	for _, f := range Formats {
		for _, n := range append([]string{f.Name, f.File}, f.Aliases...) {
			if seen[n] {
				t.Errorf("%q names two formats", n)
			}
			seen[n] = true
		}
		if f.New == nil || f.Description == "" {
			t.Errorf("format %s lacks a writer or a description", f.Name)
		}
	}
}

// TestTableFitsWidth renders the golden report at many widths and checks
// that no line is wider than asked, and that cookie names stay whole when
// there is room for them.
func TestTableFitsWidth(t *testing.T) {
	r := goldenReport(t)
	for width := minTableWidth; width <= 200; width += 7 {
		var buf bytes.Buffer
		if err := (TableWriter{Width: width}).Write(&buf, r); err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(buf.String(), "\n") {
			if w := twwidth.Width(line); w > width {
				t.Errorf("width %d: line %d is %d wide: %s", width, i+1, w, line)
				break
			}
		}
		if width >= 80 && !strings.Contains(buf.String(), " _hjSessionUser_123456 ") {
			t.Errorf("width %d: a cookie name was broken", width)
		}
	}
}

func TestWrapLine(t *testing.T) {
	tests := []struct {
		in    string
		width int
		want  string
	}{
		{"no reject on first layer", 12, "no reject on|first layer"},
		{"short", 12, "short"},
		{"script https://www.googletagmanager.com/gtag/js?id=G-ABC123", 20, "script https://|www.googletagmanager|.com/gtag/js?id=G-|ABC123"},
		{"abcdefghijklmnop", 6, "abcdef|ghijkl|mnop"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := strings.Join(wrapLine(tt.in, tt.width), "|"); got != tt.want {
				t.Errorf("wrapLine(%q, %d) = %q, want %q", tt.in, tt.width, got, tt.want)
			}
		})
	}
}

// TestUnreachableSiteIsAnError checks that a site whose crawl failed is
// reported as not audited, never as having no findings.
func TestUnreachableSiteIsAnError(t *testing.T) {
	r := &report.Report{Schema: report.Schema, Sites: []report.Site{{}}}
	r.Sites[0].URL = "https://www.gone.gov.uk/"
	r.Sites[0].Status = "failed"
	r.Sites[0].Error = "navigate: net::ERR_CONNECTION_REFUSED"
	for _, name := range []string{"table", "md"} {
		w, _ := WriterFor(name)
		var buf bytes.Buffer
		if err := w.Write(&buf, r); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		if strings.Contains(strings.ToLower(out), "no findings") || !strings.Contains(out, "CONNECTION") {
			t.Errorf("%s: failed site not shown as an error:\n%s", name, out)
		}
	}
}

func TestWriteRunSummary(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteRunSummary(&buf, goldenReport(t), []string{"out/report.json", "out/report.html"}); err != nil {
		t.Fatal(err)
	}
	want := `cookieaudit: 3 sites: 2 audited, 1 failed
cookieaudit: failed: www.unreachable.gov.uk (the crawl failed: navigate: net::ERR_NAME_NOT_RESOLVED)
cookieaudit: crawled 16 pages
cookieaudit: 20 findings: 4 high, 8 medium, 6 low, 2 info; 1 waived
cookieaudit: by rule: undeclared 5, pre-consent 4, lifetime-cap 3, overlong 2, after-reject 1, declared-unused 1, no-reject-option 1, policy-missing 1, consent-not-persisted 1, preticked-consent 1
cookieaudit: wrote out/report.json, out/report.html
`
	if got := buf.String(); got != want {
		t.Errorf("summary:\n%s\nwant:\n%s", got, want)
	}
	buf.Reset()
	if err := WriteRunSummary(&buf, &report.Report{Schema: report.Schema, Sites: []report.Site{{}}}, nil); err != nil {
		t.Fatal(err)
	}
	if want := "cookieaudit: 1 site audited\ncookieaudit: 0 findings\n"; buf.String() != want {
		t.Errorf("empty summary = %q, want %q", buf.String(), want)
	}
	buf.Reset()
	if err := WriteWarning(&buf, "interrupted\x1b[2J: 2 sites not finished "); err != nil {
		t.Fatal(err)
	}
	if want := "cookieaudit: warning: interrupted\\x1b[2J: 2 sites not finished\n"; buf.String() != want {
		t.Errorf("warning = %q, want %q", buf.String(), want)
	}
}

// TestRunSummaryAgainstBaseline checks that with a baseline the summary
// counts findings new, unchanged and resolved (waived ones apart).
func TestRunSummaryAgainstBaseline(t *testing.T) {
	f := func(rule, status, waived string) report.Finding {
		return report.Finding{Rule: rule, Severity: report.High, Cookie: "_ga", Status: status, Waived: waived}
	}
	r := &report.Report{Schema: report.Schema, Baseline: "2026-12-06T02:00:00Z", Sites: []report.Site{{SiteResult: observe.SiteResult{URL: "https://www.x.gov.uk/", Status: observe.SiteComplete},
		Findings: []report.Finding{f("pre-consent", "new", ""), f("after-reject", "new", ""), f("overlong", "unchanged", ""), f("undeclared", "unchanged", "ticket 12"), f("lifetime-cap", "resolved", "")}}}}
	var b bytes.Buffer
	if err := WriteRunSummary(&b, r, nil); err != nil {
		t.Fatal(err)
	}
	want := "cookieaudit: 1 site audited\ncookieaudit: 3 findings: 3 high; 1 waived\n" +
		"cookieaudit: against the baseline of 2026-12-06T02:00:00Z: 2 new, 1 unchanged, 1 resolved\n" +
		"cookieaudit: by rule: overlong 1, pre-consent 1, after-reject 1\n"
	if b.String() != want {
		t.Errorf("summary:\n%s\nwant:\n%s", b.String(), want)
	}
}

// TestCoverageInEveryView gives a site pages that timed out and pages in
// a redirect loop, and checks that the table, Markdown, HTML and the run
// summary each say how many pages were crawled and why some failed.
func TestCoverageInEveryView(t *testing.T) {
	var pages []observe.Page
	for i, e := range []string{"", "page did not load within 30s", "", "page load failed: net::ERR_TOO_MANY_REDIRECTS",
		"page did not load within 30s", "page did not load within 30s", "page load failed: net::ERR_TOO_MANY_REDIRECTS", "page did not load within 30s"} {
		pages = append(pages, observe.Page{URL: fmt.Sprintf("https://www.x.gov.uk/%d", i), Status: 200, Error: e})
	}
	r := &report.Report{Schema: report.Schema, Sites: []report.Site{{SiteResult: observe.SiteResult{URL: "https://www.x.gov.uk/", Status: observe.SiteComplete,
		Phases: []observe.PhaseResult{{Phase: observe.PhasePreConsent, Pages: pages[:4]},
			{Phase: observe.PhaseReject, Consent: &observe.ConsentEvidence{Outcome: observe.ConsentNotFound}, Pages: pages[4:]}}}, Findings: []report.Finding{}}}}
	tests := []struct {
		name string
		w    Writer
		want string
	}{
		{"table", TableWriter{Width: 160}, "│ www.x.gov.uk │ 8                │"},
		{"table reasons", TableWriter{Width: 160}, "│              │ 6 failed:        │             │        │        │          │         │\n" +
			"│              │ timeout ×4       │             │        │        │          │         │\n" +
			"│              │ redirect loop ×2 │"},
		{"md", MarkdownWriter{}, "| 8 pages, 6 failed (timeout ×4, redirect loop ×2) |"},
		{"md site", MarkdownWriter{}, "Pages crawled: 8 pages, 6 failed (timeout ×4, redirect loop ×2)."},
		{"html", HTMLWriter{}, `<td data-label="Pages" data-sort="8">8, 6 failed (timeout ×4, redirect loop ×2)</td>`},
		{"html site", HTMLWriter{}, "<p>Pages crawled: 8 pages, 6 failed (timeout ×4, redirect loop ×2).</p>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tt.w.Write(&b, r); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(b.String(), tt.want) {
				t.Errorf("no %q in:\n%s", tt.want, b.String())
			}
		})
	}
	var b bytes.Buffer
	if err := WriteRunSummary(&b, r, nil); err != nil {
		t.Fatal(err)
	}
	want := "cookieaudit: 1 site audited\ncookieaudit: crawled 8 pages, 6 failed (timeout ×4, redirect loop ×2)\n" +
		"cookieaudit: www.x.gov.uk: 6 of 8 pages failed (timeout ×4, redirect loop ×2)\ncookieaudit: 0 findings\n"
	if b.String() != want {
		t.Errorf("summary:\n%s\nwant:\n%s", b.String(), want)
	}
}

// TestREADMEListsEveryFormat checks that the README's table of formats
// names every format and the file it is written to.
func TestREADMEListsEveryFormat(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(audittest.TestdataDir(), "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range Formats {
		row := "| `" + f.Name + "` |"
		if !strings.Contains(string(readme), row) || !strings.Contains(string(readme), "`"+f.File+"`") {
			t.Errorf("README's table of formats lacks %s (%s)", f.Name, f.File)
		}
	}
	// The terminal sample is the golden 80-column table's summary.
	golden, err := os.ReadFile(filepath.Join(goldenDir, "report-80.txt"))
	if err != nil {
		t.Fatal(err)
	}
	summary, _, _ := strings.Cut(string(golden), "\n\nCookies on")
	if !strings.Contains(string(readme), summary) {
		t.Error("README's terminal sample differs from report-80.txt: paste its summary table again")
	}
}

func TestSafeImagePath(t *testing.T) {
	tests := []struct {
		path string
		want bool
	}{
		{"screenshots/www.testshire.gov.uk-accept-before.png", true},
		{"/tmp/shots/a.png", true},
		{"javascript:alert(1).png", false},
		{"javascript:x.png", false},
		{"../x y.png", false},
		{"a.png)](http://evil", false},
		{"x.svg", false},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			if got := safeImagePath.MatchString(tt.path); got != tt.want {
				t.Errorf("safeImagePath(%q) = %t, want %t", tt.path, got, tt.want)
			}
		})
	}
}

// FuzzWrapLine checks that wrapping never makes a line wider than asked
// (unless one character is wider) and never loses or reorders text.
func FuzzWrapLine(f *testing.F) {
	f.Add("script https://www.googletagmanager.com/gtag/js?id=G-ABC123", 20)
	f.Add("no reject on first layer", 3)
	f.Add("日本語のクッキー名前", 1)
	f.Add("a  b", 1)
	f.Fuzz(func(t *testing.T, s string, width int) {
		if width < 1 || width > 200 || strings.ContainsAny(s, "\n\r") || !utf8.ValidString(s) {
			t.Skip()
		}
		lines := wrapLine(s, width)
		widest := 0
		for _, r := range s {
			widest = max(widest, twwidth.Width(string(r)))
		}
		for _, l := range lines {
			if w := twwidth.Width(l); w > max(width, widest) && twwidth.Width(s) > width {
				t.Errorf("wrapLine(%q, %d): line %q is %d wide", s, width, l, w)
			}
		}
		squeeze := func(x string) string { return strings.Join(strings.Fields(x), "") }
		if got, want := squeeze(strings.Join(lines, " ")), squeeze(s); got != want {
			t.Errorf("wrapLine(%q, %d) = %q: text changed", s, width, lines)
		}
	})
}

// TestShrinkPNG checks that a full-size screenshot is embedded at half its
// size, still a PNG with the same picture, and that a small one is kept.
func TestShrinkPNG(t *testing.T) {
	img := image.NewNRGBA(image.Rect(0, 0, 1366, 813))
	for y := range 813 {
		for x := range 1366 {
			c := color.NRGBA{R: 255, A: 255}
			if y >= 500 {
				c = color.NRGBA{B: 200, A: 255}
			}
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.NoCompression}).Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	small, w, h, ok := shrinkPNG(buf.Bytes(), 1366)
	if !ok || w != 683 || h != 406 || len(small) >= buf.Len() {
		t.Fatalf("shrinkPNG = %d bytes, %dx%d, %t; want 683x406 and fewer than %d bytes", len(small), w, h, ok, buf.Len())
	}
	back, err := png.Decode(bytes.NewReader(small))
	if err != nil {
		t.Fatal(err)
	}
	if r, _, _, _ := back.At(10, 10).RGBA(); r>>8 != 255 {
		t.Errorf("top is not red after shrinking: %v", back.At(10, 10))
	}
	if _, _, b, _ := back.At(10, 300).RGBA(); b>>8 != 200 {
		t.Errorf("bottom is not blue after shrinking: %v", back.At(10, 300))
	}
	if _, _, _, ok := shrinkPNG(buf.Bytes(), 1000); ok {
		t.Error("a 1,000 px wide screenshot was shrunk")
	}
}

// TestHTMLVerdicts checks each site's result in the HTML report: without
// --fail-on, fail on a high or medium finding, warn on low or info only,
// pass on none; with --fail-on, fail only when the gate is met; and "At a
// glance" counts the findings new since the baseline.
func TestHTMLVerdicts(t *testing.T) {
	mk := func(host string, sevs ...report.Severity) report.Site {
		s := report.Site{SiteResult: observe.SiteResult{URL: "https://" + host + "/", Status: observe.SiteComplete}, Findings: []report.Finding{}}
		for i, sev := range sevs {
			status := audit.StatusUnchanged
			if i == 0 {
				status = audit.StatusNew
			}
			s.Findings = append(s.Findings, report.Finding{Rule: "undeclared", Severity: sev, Cookie: fmt.Sprint("c", i), Status: status})
		}
		return s
	}
	down := report.Site{SiteResult: observe.SiteResult{URL: "https://down.gov.uk/", Status: observe.SiteFailed, Error: "HTTP 404 Not Found"}}
	r := &report.Report{Schema: report.Schema, Baseline: "2026-12-06T02:00:00Z", Sites: []report.Site{
		mk("high.gov.uk", report.High, report.Low), mk("medium.gov.uk", report.Medium), mk("low.gov.uk", report.Low, report.Info),
		mk("info.gov.uk", report.Info), mk("clean.gov.uk"), down}}
	badges := regexp.MustCompile(`<td data-label="Site"><a href="#site-\d+">([^<]+)</a></td><td data-label="Result"[^>]*><span class="badge [a-z]+">([^<]+)</span>`)
	tests := []struct {
		name, gate, want, glance string
	}{
		{"by severity", "", "high.gov.uk fail, medium.gov.uk fail, low.gov.uk warn, info.gov.uk warn, clean.gov.uk pass, down.gov.uk not audited",
			"A site fails on a high or medium finding, and warns on low or info findings only."},
		{"--fail-on high", "high", "high.gov.uk fail, medium.gov.uk pass, low.gov.uk pass, info.gov.uk pass, clean.gov.uk pass, down.gov.uk not audited",
			"A site fails when a finding new since then meets --fail-on high."},
		{"--fail-on low", "low", "high.gov.uk fail, medium.gov.uk fail, low.gov.uk fail, info.gov.uk pass, clean.gov.uk pass, down.gov.uk not audited", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gate, err := audit.ParseFailOn(tt.gate)
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := (HTMLWriter{FailOn: gate}).Write(&b, r); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, m := range badges.FindAllStringSubmatch(b.String(), -1) {
				got = append(got, m[1]+" "+m[2])
			}
			if strings.Join(got, ", ") != tt.want {
				t.Errorf("results: %s\nwant:    %s", strings.Join(got, ", "), tt.want)
			}
			if !strings.Contains(b.String(), "<strong>4 findings new</strong> since the previous report (2026-12-06T02:00:00Z).") || !strings.Contains(b.String(), tt.glance) {
				_, glance, _ := strings.Cut(b.String(), "<h2>At a glance</h2>")
				t.Errorf("At a glance lacks the new findings or %q:\n%s", tt.glance, glance[:min(len(glance), 600)])
			}
		})
	}
}
