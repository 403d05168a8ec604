package render

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cookieaudit/cookieaudit/audit"

	"github.com/cookieaudit/cookieaudit/audit/audittest"
	"github.com/cookieaudit/cookieaudit/audit/report"

	"golang.org/x/net/html"

	"github.com/cookieaudit/cookieaudit/crawler/observe"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/audit/golden")

// evaluateAll evaluates every site of r with opts and records the settings,
// as the application layer does for a report with no config.
func evaluateAll(r *report.Report, opts audit.Options) {
	for i := range r.Sites {
		audit.Evaluate(&r.Sites[i], opts)
	}
	r.Audit = opts.Settings()
}

// goldenReport is the fixture scan evaluated with fixed options, one live
// and one expired waiver.
func goldenReport(t testing.TB) *report.Report {
	t.Helper()
	r := audittest.LoadFixture(t)
	addConsentEvidence(r)
	evaluateAll(r, audit.Options{
		Catalogue: audittest.Cookies,
		Now:       audittest.Now,
		Waivers: []audit.Waiver{
			{Rule: audit.RuleInsecure, Cookie: "legacy_flag", Reason: "legacy CMS, replacement due in March (ticket 4411)", Expires: audittest.Now.Add(90 * 24 * time.Hour)},
			{Rule: audit.RuleLifetimeCap, Cookie: "_ga_*", Reason: "accepted by the DPO in 2025", Expires: audittest.Now.Add(-24 * time.Hour)},
		},
	})
	return r
}

// addConsentEvidence gives the fixture's first site what a crawl with
// screenshots records of its banner: screenshots (relative to goldenDir),
// the controls of the first layer and clicked, and the consent manager's
// record read back.
func addConsentEvidence(r *report.Report) {
	for i := range r.Sites[0].Phases {
		pr := &r.Sites[0].Phases[i]
		e := pr.Consent
		if e == nil {
			continue
		}
		choice := string(pr.Phase)
		e.ScreenshotBefore = "screenshots/www.testshire.gov.uk-" + choice + "-before.png"
		e.ScreenshotAfter = "screenshots/www.testshire.gov.uk-" + choice + "-after.png"
		e.Via = observe.ConsentViaClick
		e.FirstLayer = []string{"accept: Accept all cookies", "settings: Cookie settings"}
		e.State = &observe.ConsentState{Source: "CookieControl cookie (optionalCookies)", Accepted: []string{"necessary", "analytics", "marketing"}}
		e.Clicked = []string{"Accept all cookies"}
		e.Prominence = &observe.Prominence{ClicksToRefuse: 2, Accept: &observe.ControlLook{
			Name: "Accept all cookies", Tag: "button", Appearance: observe.ControlButton, X: 32, Y: 700, Width: 180, Height: 44,
			FontSize: 16, FontWeight: 700, Color: "#ffffff", Background: "#1d70b8", Contrast: 5.17}}
		if pr.Phase == observe.PhaseReject {
			e.Prominence.ClicksToRefuse = 3
			e.Choices = []observe.ConsentChoice{{Label: "Necessary cookies", On: true, Necessary: true, Visible: true}, {Label: "Analytical Cookies", On: true, Visible: true}}
			e.Clicked = []string{"Cookie settings", "Save preferences"}
			e.State = &observe.ConsentState{Source: "CookieControl cookie (optionalCookies)", Accepted: []string{"necessary"}, Refused: []string{"analytics", "marketing"}}
			e.BannerReturnedOn = "https://www.testshire.gov.uk/contact-us"
		}
	}
}

func TestGolden(t *testing.T) {
	r := goldenReport(t)
	for _, f := range Formats {
		t.Run(f.Name, func(t *testing.T) {
			checkGolden(t, f.New(WriteOptions{BaseDir: goldenDir}), r, f.File)
		})
	}
	// The terminal table fitted to two common terminal widths.
	for _, width := range []int{80, 120} {
		t.Run("table-"+strconv.Itoa(width), func(t *testing.T) {
			checkGolden(t, TableWriter{Width: width}, r, "report-"+strconv.Itoa(width)+".txt")
		})
	}
}

// goldenDir holds the golden files; screenshot paths in the golden report
// are relative to it.
var goldenDir = filepath.Join(audittest.TestdataDir(), "audit", "golden")

// checkGolden writes r with w and compares the result with the golden file
// name, rewriting it with -update.
func checkGolden(t *testing.T, w Writer, r *report.Report, name string) {
	t.Helper()
	var buf bytes.Buffer
	if err := w.Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join(goldenDir, name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./audit/render -update to create it)", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("%s differs from %s (run go test ./audit/render -update and review the diff)\ngot:\n%s", name, golden, firstDiff(buf.String(), string(want)))
	}
}

// firstDiff shows the first differing line.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range max(len(g), len(w)) {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return "line " + strconv.Itoa(i+1) + ":\n got: " + gl + "\nwant: " + wl
		}
	}
	return ""
}

func TestJSONRoundTrip(t *testing.T) {
	r := goldenReport(t)
	var buf bytes.Buffer
	if err := (JSONWriter{}).Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	back, err := report.ReadReport(&buf)
	if err != nil {
		t.Fatal(err)
	}
	for i := range r.Sites {
		if got, want := audittest.CompactAll(back.Sites[i].Findings), audittest.CompactAll(r.Sites[i].Findings); got != want {
			t.Errorf("site %d findings after round trip:\n%s\nwant:\n%s", i, got, want)
		}
	}
	// Values are never in a report: the cookie struct has no value field.
	if strings.Contains(buf.String(), `"value"`) {
		t.Error("report JSON contains a value field")
	}
}

func TestReadReportRejects(t *testing.T) {
	tests := []struct{ desc, in, wantErr string }{
		{"wrong schema", `{"schema":"cookieaudit/report/v2","sites":[]}`, `schema "cookieaudit/report/v2" is not "cookieaudit/report/v1"`},
		{"no schema", `{"sites":[]}`, `schema "" is not`},
		{"not json", `<html>`, `invalid character`},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			_, err := report.ReadReport(strings.NewReader(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%s: err = %v, want %q", tt.desc, err, tt.wantErr)
			}
		})
	}
}

func TestSafeCell(t *testing.T) {
	tests := []struct{ in, want string }{
		{`=HYPERLINK("http://x")`, `'=HYPERLINK("http://x")`},
		{"+1", "'+1"},
		{"-1+2", "'-1+2"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{"_ga", "_ga"},
		{"a=b", "a=b"},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := SafeCell(tt.in); got != tt.want {
				t.Errorf("SafeCell(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestCSVFormulaInjection reads both CSV files back and checks that no cell
// would be evaluated as a formula, and that hostile names survive as text.
func TestCSVFormulaInjection(t *testing.T) {
	r := goldenReport(t)
	for _, w := range []Writer{FindingsCSVWriter{}, CookiesCSVWriter{}} {
		var buf bytes.Buffer
		if err := w.Write(&buf, r); err != nil {
			t.Fatal(err)
		}
		data := buf.Bytes()
		if !bytes.HasPrefix(data, []byte(utf8BOM)) {
			t.Errorf("%T: no UTF-8 byte order mark", w)
		}
		rows, err := csv.NewReader(bytes.NewReader(data[len(utf8BOM):])).ReadAll()
		if err != nil {
			t.Fatalf("%T: %v", w, err)
		}
		found := false
		for _, row := range rows {
			if len(row) != len(rows[0]) {
				t.Errorf("%T: row has %d cells, header %d", w, len(row), len(rows[0]))
			}
			for _, cell := range row {
				if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
					t.Errorf("%T: cell %q would run as a formula", w, cell)
				}
				if cell == `'=HYPERLINK("http://x")` {
					found = true
				}
			}
		}
		if !found {
			t.Errorf("%T: neutralised hostile cookie name not found", w)
		}
	}
}

// TestHTMLInjection parses the HTML report and checks that a cookie named
// <script>alert(1)</script> is text, that the only script is the report's
// own, and that nothing is loaded from outside.
func TestHTMLInjection(t *testing.T) {
	r := goldenReport(t)
	var buf bytes.Buffer
	if err := (HTMLWriter{BaseDir: goldenDir}).Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	scripts, hostileText := 0, 0
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if n.Data == "script" {
				scripts++
				if n.FirstChild == nil || n.FirstChild.Data != htmlScript {
					t.Errorf("a script other than the report's own: %q", n.FirstChild.Data)
				}
			}
			for _, a := range n.Attr {
				if (a.Key == "src" && !strings.HasPrefix(a.Val, "data:image/png;base64,") || a.Key == "href" && !strings.HasPrefix(a.Val, "#") && !strings.HasPrefix(a.Val, "https://www.testshire.gov.uk/")) ||
					strings.HasPrefix(a.Key, "on") {
					t.Errorf("<%s %s=%q> loads or runs something", n.Data, a.Key, a.Val)
				}
			}
		}
		if n.Type == html.TextNode && strings.Contains(n.Data, "<script>alert(1)</script>") {
			hostileText++
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if scripts != 1 {
		t.Errorf("%d script elements, want 1", scripts)
	}
	if hostileText == 0 {
		t.Error("the hostile cookie name is not shown as text")
	}
	if !strings.Contains(buf.String(), "script-src 'sha256-") {
		t.Error("no Content-Security-Policy pinning the script")
	}
	for _, id := range []string{`class="phases"`, `data-filter="findings-1"`, `class="sortable`, `img-src data:`, `<img src="data:image/png;base64,`} {
		if !strings.Contains(buf.String(), id) {
			t.Errorf("HTML lacks %s", id)
		}
	}
}

// TestMarkdownEscaping checks that hostile names cannot break a Markdown
// table or inject HTML.
func TestMarkdownEscaping(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a|b*c", `a\|b\*c`},
		{"<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"},
		{"_ga_ABC", `\_ga\_ABC`},
		{"[x](javascript:alert(1))", `\[x\](javascript:alert(1))`},
		{"line\nbreak", "line break"},
		{"`code`", "\\`code\\`"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := MarkdownEscape(tt.in); got != tt.want {
				t.Errorf("MarkdownEscape(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
	r := goldenReport(t)
	var buf bytes.Buffer
	if err := (MarkdownWriter{}).Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.Contains(out, "<script>") {
		t.Error("raw <script> in Markdown")
	}
	// Every table row has as many unescaped pipes as its header.
	want := -1
	for _, line := range strings.Split(out, "\n") {
		if !strings.HasPrefix(line, "|") {
			want = -1
			continue
		}
		n := strings.Count(line, "|") - strings.Count(line, `\|`)
		if want < 0 {
			want = n
		} else if n != want {
			t.Errorf("row has %d cell separators, header %d: %s", n, want, line)
		}
	}
}

func TestSARIFRequiredFields(t *testing.T) {
	r := goldenReport(t)
	audit.ApplyBaseline(r, &report.Report{Schema: report.Schema, Sites: []report.Site{{SiteResult: r.Sites[0].SiteResult, Findings: r.Sites[0].Findings[:1]}}})
	var buf bytes.Buffer
	if err := (SARIFWriter{}).Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name  string `json:"name"`
					Rules []struct {
						ID string `json:"id"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex int    `json:"ruleIndex"`
				Level     string `json:"level"`
				Message   struct {
					Text string `json:"text"`
				} `json:"message"`
				BaselineState string `json:"baselineState"`
				Suppressions  []struct {
					Kind string `json:"kind"`
				} `json:"suppressions"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 || log.Runs[0].Tool.Driver.Name == "" {
		t.Fatalf("bad SARIF envelope: %+v", log)
	}
	run := log.Runs[0]
	total := 0
	for _, s := range r.Sites {
		total += len(s.Findings)
	}
	if len(run.Results) != total {
		t.Errorf("%d results, want %d", len(run.Results), total)
	}
	states := map[string]int{}
	suppressed := 0
	for _, res := range run.Results {
		if res.Message.Text == "" || len(res.Locations) == 0 || res.Locations[0].PhysicalLocation.ArtifactLocation.URI == "" {
			t.Errorf("result lacks message or location: %+v", res)
		}
		if res.RuleIndex >= len(run.Tool.Driver.Rules) || run.Tool.Driver.Rules[res.RuleIndex].ID != res.RuleID {
			t.Errorf("ruleIndex %d does not point at %s", res.RuleIndex, res.RuleID)
		}
		if !strings.Contains("error warning note none", res.Level) {
			t.Errorf("bad level %q", res.Level)
		}
		states[res.BaselineState]++
		suppressed += len(res.Suppressions)
	}
	if states["unchanged"] != 1 || states["absent"] != 0 || states["new"] != total-1 {
		t.Errorf("baseline states = %v", states)
	}
	if suppressed != 1 {
		t.Errorf("%d suppressions, want 1 (the live waiver)", suppressed)
	}
}

func TestJUnitCounts(t *testing.T) {
	r := goldenReport(t)
	var buf bytes.Buffer
	if err := (JUnitWriter{}).Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	var got junitSuites
	if err := xml.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, s := range got.Suites {
		var failed []string
		for _, c := range s.Cases {
			if c.Failure != nil {
				failed = append(failed, c.Name)
			}
		}
		lines = append(lines, s.Name+" tests="+strconv.Itoa(s.Tests)+" failures="+strconv.Itoa(s.Failures)+
			" errors="+strconv.Itoa(s.Errors)+" skipped="+strconv.Itoa(s.Skipped)+" failed="+strings.Join(failed, ","))
	}
	// One test case per rule, and for the unreachable site one more for
	// the crawl.
	n := strconv.Itoa(len(audit.Rules))
	want := `https://www.testshire.gov.uk/ tests=` + n + ` failures=8 errors=0 skipped=0 failed=undeclared,overlong,pre-consent,after-reject,lifetime-cap,no-reject-option,consent-not-persisted,preticked-consent
https://www.nopolicy.gov.uk/ tests=` + n + ` failures=3 errors=0 skipped=0 failed=pre-consent,lifetime-cap,policy-missing
https://www.unreachable.gov.uk/ tests=` + strconv.Itoa(len(audit.Rules)+1) + ` failures=0 errors=1 skipped=` + n + ` failed=`
	if g := strings.Join(lines, "\n"); g != want {
		t.Errorf("junit:\n%s\nwant:\n%s", g, want)
	}
}

func TestWriteFiles(t *testing.T) {
	dir := t.TempDir()
	paths, err := WriteFilesWith(filepath.Join(dir, "out"), nil, goldenReport(t), WriteOptions{BaseDir: filepath.Join(dir, "out")})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil || fi.Size() == 0 {
			t.Errorf("%s: %v, size %d", p, err, fi.Size())
		}
		names = append(names, filepath.Base(p))
	}
	want := "report.json findings.csv cookies.csv report.md report.html report.sarif junit.xml"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("files = %s, want %s", got, want)
	}
	if _, err := WriteFilesWith(dir, []string{"pdf"}, goldenReport(t), WriteOptions{BaseDir: dir}); err == nil || !strings.Contains(err.Error(), `unknown format "pdf"`) {
		t.Errorf("unknown format: err = %v", err)
	}
}

func TestTerminalSafe(t *testing.T) {
	tests := []struct{ in, want string }{
		{"_ga", "_ga"},
		{"a\x1b[31mred", `a\x1b[31mred`},
		{"x\u202ey", `x\u202ey`},
		{"naïve", "naïve"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := audit.TerminalSafe(tt.in); got != tt.want {
				t.Errorf("TerminalSafe(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestWritersOnEmptyReport checks every writer copes with a report of no
// sites and one with a site but nothing observed.
func TestWritersOnEmptyReport(t *testing.T) {
	empty := &report.Report{Schema: report.Schema}
	one := &report.Report{Schema: report.Schema, Sites: []report.Site{{}}}
	one.Sites[0].URL = "https://www.x.gov.uk/"
	for _, r := range []*report.Report{empty, one} {
		for _, f := range Formats {
			w, _ := WriterFor(f.Name)
			var buf bytes.Buffer
			if err := w.Write(&buf, r); err != nil {
				t.Errorf("%s on %d sites: %v", f.Name, len(r.Sites), err)
			}
			if buf.Len() == 0 {
				t.Errorf("%s on %d sites wrote nothing", f.Name, len(r.Sites))
			}
		}
	}
}

// TestPolicyPhaseNote checks that Markdown and HTML say when a policy was
// read as it stood after cookies were accepted, and only then.
func TestPolicyPhaseNote(t *testing.T) {
	const note = "read after cookies were accepted"
	tests := []struct {
		phase observe.Phase
		want  bool
	}{{observe.PhaseAccept, true}, {observe.PhasePreConsent, false}, {"", false}}
	for _, tt := range tests {
		for _, w := range []Writer{MarkdownWriter{}, HTMLWriter{}} {
			t.Run(fmt.Sprintf("%T %s", w, tt.phase), func(t *testing.T) {
				r := goldenReport(t)
				r.Sites[0].Policy = report.PolicyRef{URL: "https://www.x.gov.uk/cookies/", Phase: tt.phase}
				var buf bytes.Buffer
				if err := w.Write(&buf, r); err != nil {
					t.Fatal(err)
				}
				if got := strings.Contains(buf.String(), note); got != tt.want {
					t.Errorf("note shown %t, want %t", got, tt.want)
				}
			})
		}
	}
}
