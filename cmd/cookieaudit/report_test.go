package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cookieaudit/cookieaudit/audit/render"

	"github.com/cookieaudit/cookieaudit/audit/report"
)

const (
	goldenDir   = "../../testdata/audit/golden"
	fixtureScan = "../../testdata/audit/scan.json"
)

// writeReport saves r as JSON in a temporary file.
func writeReport(t *testing.T, r *report.Report) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "r.json")
	var buf bytes.Buffer
	if err := (render.JSONWriter{}).Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func readGolden(t *testing.T) *report.Report {
	t.Helper()
	r, err := report.ReadReportFile(filepath.Join(goldenDir, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestReportRerenders checks that `report` renders a saved, audited report
// in every format exactly as the audit package's golden files, without
// evaluating it again.
func TestReportRerenders(t *testing.T) {
	for _, f := range render.Formats {
		t.Run(f.Name, func(t *testing.T) {
			stdout, stderr, code := run(t, "report", filepath.Join(goldenDir, "report.json"), "--format", f.Name)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			want, err := os.ReadFile(filepath.Join(goldenDir, f.File))
			if err != nil {
				t.Fatal(err)
			}
			if stdout != string(want) {
				t.Errorf("report --format %s differs from %s", f.Name, f.File)
			}
		})
	}
}

func TestReportExitCodes(t *testing.T) {
	golden := filepath.Join(goldenDir, "report.json")

	// An older baseline: only the first site's first two findings.
	older := readGolden(t)
	older.Sites[0].Findings = older.Sites[0].Findings[:2]
	older.Sites = older.Sites[:1]
	olderPath := writeReport(t, older)

	// A clean report: one site, no findings.
	clean := readGolden(t)
	clean.Sites = clean.Sites[2:]
	cleanPath := writeReport(t, clean)

	// Only the waived finding and one info finding remain.
	waivedOnly := readGolden(t)
	var keep []report.Finding
	for _, f := range waivedOnly.Sites[0].Findings {
		if f.Waived != "" || f.Rule == "declared-unused" {
			keep = append(keep, f)
		}
	}
	waivedOnly.Sites[0].Findings = keep
	waivedOnly.Sites = waivedOnly.Sites[:1]
	waivedPath := writeReport(t, waivedOnly)

	badSchema := filepath.Join(t.TempDir(), "bad.json")
	if err := os.WriteFile(badSchema, []byte(`{"schema":"other/v9","sites":[]}`), 0o644); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		desc string
		args []string
		want int
		// stderr must contain this.
		stderr string
	}{
		{"no gate", []string{"report", golden, "--format", "json"}, 0, ""},
		{"high met", []string{"report", golden, "--format", "json", "--fail-on", "high"}, 1, "meet --fail-on high"},
		{"rule met", []string{"report", golden, "--format", "json", "--fail-on", "overlong"}, 1, "medium overlong"},
		{"info rule met", []string{"report", golden, "--format", "json", "--fail-on", "declared-unused"}, 1, ""},
		{"rule not present", []string{"report", cleanPath, "--format", "json", "--fail-on", "undeclared"}, 0, ""},
		{"clean report, low gate", []string{"report", cleanPath, "--format", "json", "--fail-on", "low"}, 0, ""},
		{"waived findings never count", []string{"report", waivedPath, "--format", "json", "--fail-on", "low"}, 0, ""},
		{"info counts info findings", []string{"report", waivedPath, "--format", "json", "--fail-on", "info"}, 1, ""},
		{"baseline: nothing new", []string{"report", golden, "--format", "json", "--fail-on", "info", "--baseline", golden}, 0, ""},
		{"baseline: new findings fail", []string{"report", golden, "--format", "json", "--fail-on", "high", "--baseline", olderPath}, 1, "new since the baseline"},
		{"baseline: old high findings do not fail", []string{"report", golden, "--format", "json", "--fail-on", "after-reject", "--baseline", olderPath}, 0, ""},
		{"unknown gate word", []string{"report", golden, "--fail-on", "critical"}, 2, ""},
		{"unknown format", []string{"report", golden, "--format", "pdf"}, 2, ""},
		{"several formats need a directory", []string{"report", golden, "--format", "md,html"}, 2, "--output-dir"},
		{"output and output-dir", []string{"report", golden, "-o", "x", "--output-dir", "y"}, 2, ""},
		{"bad profile", []string{"report", golden, "--profile", "lenient"}, 2, ""},
		{"bad lifetime cap", []string{"report", golden, "--lifetime-cap", "forever"}, 2, ""},
		{"missing file", []string{"report", "no-such-file.json"}, 2, ""},
		{"wrong schema", []string{"report", badSchema}, 2, ""},
		{"missing baseline", []string{"report", golden, "--baseline", "no-such-file.json"}, 2, ""},
		{"no argument", []string{"report"}, 2, ""},
		{"diff without policy", []string{"diff", golden}, 2, "--policy"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			_, stderr, code := run(t, tt.args...)
			if code != tt.want {
				t.Errorf("exit %d, want %d; stderr: %s", code, tt.want, stderr)
			}
			if !strings.Contains(stderr, tt.stderr) {
				t.Errorf("stderr lacks %q: %s", tt.stderr, stderr)
			}
			if tt.want == exitFindings && strings.Count(stderr, "--fail-on") != 1 {
				t.Errorf("the gate is named %d times, want once: %s", strings.Count(stderr, "--fail-on"), stderr)
			}
		})
	}
}

func TestReportBaselineStatuses(t *testing.T) {
	older := readGolden(t)
	older.Sites[0].Findings = append(older.Sites[0].Findings[:2],
		report.Finding{Rule: "undeclared", Severity: report.Medium, Cookie: "fixed_cookie", Domain: ".testshire.gov.uk", Message: "gone"})
	older.Sites = older.Sites[:1]
	stdout, stderr, code := run(t, "report", filepath.Join(goldenDir, "report.json"), "--format", "json", "--baseline", writeReport(t, older))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	r, err := report.ReadReport(strings.NewReader(stdout))
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, s := range r.Sites {
		for _, f := range s.Findings {
			counts[f.Status]++
			if f.Status == "resolved" && f.Cookie != "fixed_cookie" {
				t.Errorf("unexpected resolved finding %s %s", f.Rule, f.Cookie)
			}
		}
	}
	if counts["unchanged"] != 2 || counts["resolved"] != 1 || counts["new"] != 19 {
		t.Errorf("statuses = %v", counts)
	}
	if r.Baseline == "" {
		t.Error("report does not name its baseline")
	}
}

func TestReportOutputDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	_, stderr, code := run(t, "report", filepath.Join(goldenDir, "report.json"), "--output-dir", dir, "--format", "md,csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, name := range []string{"report.md", "findings.csv"} {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		want, _ := os.ReadFile(filepath.Join(goldenDir, name))
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from the golden file", name)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("%d files written, want 2", len(entries))
	}
	out := filepath.Join(t.TempDir(), "r.sarif")
	if _, stderr, code := run(t, "report", filepath.Join(goldenDir, "report.json"), "--format", "sarif", "-o", out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var sarif map[string]any
	data, _ := os.ReadFile(out)
	if err := json.Unmarshal(data, &sarif); err != nil || sarif["version"] != "2.1.0" {
		t.Errorf("-o sarif: %v %v", err, sarif["version"])
	}
}

// TestReportEvaluatesRawScan checks that a crawl-only report (never
// audited) is evaluated, and that evaluation flags re-evaluate.
func TestReportEvaluatesRawScan(t *testing.T) {
	stdout, stderr, code := run(t, "report", fixtureScan, "--format", "json", "--profile", "strict")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	r, err := report.ReadReport(strings.NewReader(stdout))
	if err != nil {
		t.Fatal(err)
	}
	if r.Audit == nil || r.Audit.Profile != "strict" {
		t.Fatalf("audit settings = %+v", r.Audit)
	}
	var preGA string
	for _, f := range r.Sites[0].Findings {
		if f.Rule == "pre-consent" && f.Cookie == "_ga" {
			preGA = string(f.Severity)
		}
	}
	if preGA != "high" {
		t.Errorf("strict profile: pre-consent _ga severity %q, want high", preGA)
	}
}

// TestDiffAgainstPolicyFile audits the saved scan against the council's YAML
// declaration list: the lifetimes and names it fixes disappear from the
// findings, the rest remain.
func TestDiffAgainstPolicyFile(t *testing.T) {
	stdout, stderr, code := run(t, "diff", fixtureScan, "--policy", "../../testdata/audit/testshire-policy.yaml",
		"--site", "https://www.testshire.gov.uk/", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	r, err := report.ReadReport(strings.NewReader(stdout))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range r.Sites[0].Findings {
		got = append(got, string(f.Severity)+" "+f.Rule+" "+f.Cookie)
	}
	want := `high after-reject _hjSessionUser_123456
high pre-consent <script>alert(1)</script>
medium no-reject-option 
medium undeclared <script>alert(1)</script>
medium undeclared =HYPERLINK("http://x")
medium undeclared a|b*c
low insecure legacy_flag
low lifetime-cap _ga
low lifetime-cap _ga_ABC123
low pre-consent _ga
info pre-consent YSC`
	if g := strings.Join(got, "\n"); g != want {
		t.Errorf("findings:\n%s\nwant:\n%s", g, want)
	}
	if r.Sites[0].Policy.URL == "" || len(r.Sites[0].Declared) != 11 {
		t.Errorf("policy = %+v, %d declared", r.Sites[0].Policy, len(r.Sites[0].Declared))
	}
	if _, _, code := run(t, "diff", fixtureScan, "--policy", "../../testdata/audit/testshire-policy.yaml", "--site", "https://nowhere.example/"); code != 2 {
		t.Errorf("unknown --site: exit %d, want 2", code)
	}
}

// TestReportWithConfig re-evaluates a saved scan with a config's waivers: a
// live waiver silences its finding for the gate, an expired one does not
// and the report says so.
func TestReportWithConfig(t *testing.T) {
	stdout, stderr, code := run(t, "report", fixtureScan, "--config", "../../testdata/audit/config/testshire.yaml",
		"--format", "json", "--fail-on", "undeclared")
	if code != 1 {
		t.Fatalf("exit %d, want 1 (two undeclared cookies are not waived): %s", code, stderr)
	}
	r, err := report.ReadReport(strings.NewReader(stdout))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range r.Sites[0].Findings {
		got[f.Rule+" "+f.Cookie] = f.Waived + "|" + f.WaiverExpired
	}
	if w := got["undeclared a|b*c"]; w != "third-party widget under review (ticket 77)|" {
		t.Errorf("undeclared a|b*c waiver = %q", w)
	}
	if w := got["overlong lang"]; w != "|waiver ended after 2020-01-01: fixed in the last release" {
		t.Errorf("overlong lang waiver = %q", w)
	}
	if _, _, code := run(t, "report", fixtureScan, "--config", "../../testdata/audit/config/invalid.yaml"); code != 2 {
		t.Errorf("invalid config: exit %d, want 2", code)
	}
}

func TestReportFromStdin(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(goldenDir, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	root := newRootCmd(&globalOptions{stdout: &out, stderr: &errb})
	root.SetIn(bytes.NewReader(data))
	root.SetArgs([]string{"report", "-", "--format", "md"})
	if err := root.Execute(); err != nil {
		t.Fatal(err)
	}
	want, _ := os.ReadFile(filepath.Join(goldenDir, "report.md"))
	if out.String() != string(want) {
		t.Error("report - --format md differs from the golden Markdown")
	}
}
