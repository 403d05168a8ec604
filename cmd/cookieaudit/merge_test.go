package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cookieaudit/cookieaudit/audit/report"
)

// TestMergeRefusesWhatIsNotAReport: a SARIF file, an empty file or another
// tool's JSON given to merge is an input error, not an empty report.
func TestMergeRefusesWhatIsNotAReport(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.jsonl")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "other.json")
	if err := os.WriteFile(other, []byte(`{"name": "not ours"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ file, want string }{
		{filepath.Join(goldenDir, "report.sarif"), "is a SARIF file, not a cookieaudit report"},
		{empty, "is empty: want a report"},
		{other, "is not a cookieaudit report or results log"},
		{filepath.Join(dir, "missing.jsonl"), "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			_, stderr, code := run(t, "merge", filepath.Join(goldenDir, "report.json"), tt.file)
			if code != exitError || !strings.Contains(stderr, tt.want) {
				t.Errorf("merge %s: exit %d, stderr %q; want 2 and %q", filepath.Base(tt.file), code, stderr, tt.want)
			}
		})
	}
}

// TestMergeKeepsNewestAndSaysSo merges two reports holding the same site:
// the one finished later wins whatever the argument order, and stderr
// names the site.
func TestMergeKeepsNewestAndSaysSo(t *testing.T) {
	t.Parallel()
	older, newer := readGolden(t), readGolden(t)
	newer.FinishedAt = older.FinishedAt.Add(24 * time.Hour)
	newer.Sites = newer.Sites[:1]
	newer.Sites[0].Findings = []report.Finding{}
	newer.Sites[0].Cookies = nil
	oldPath, newPath := writeReport(t, older), writeReport(t, newer)
	for _, order := range [][]string{{oldPath, newPath}, {newPath, oldPath}} {
		stdout, stderr, code := run(t, append([]string{"merge", "--format", "json"}, order...)...)
		if code != exitNotAudited { // the golden report has an unreachable site
			t.Fatalf("merge: exit %d: %s", code, stderr)
		}
		r := decodeReport(t, stdout)
		site := newer.Sites[0].URL
		for _, s := range r.Sites {
			if s.URL == site && (len(s.Findings) != 0 || len(s.Cookies) != 0) {
				t.Errorf("order %v: %s kept the older result (%d findings)", order, site, len(s.Findings))
			}
		}
		if !strings.Contains(stderr, "warning: "+site+" is in more than one input: kept the result finished "+newer.FinishedAt.UTC().Format(time.RFC3339)) {
			t.Errorf("order %v: no warning about %s; stderr:\n%s", order, site, stderr)
		}
	}
}

// TestMergeAuditsUnauditedReports: merge computes findings for a report
// never audited, as `report` does.
func TestMergeAuditsUnauditedReports(t *testing.T) {
	t.Parallel()
	want, _, code := run(t, "report", fixtureScan, "--format", "csv")
	if code != exitOK {
		t.Fatalf("report: exit %d", code)
	}
	got, stderr, code := run(t, "merge", fixtureScan, "--format", "csv", "--allow-site-errors")
	if code != exitOK {
		t.Fatalf("merge: exit %d: %s", code, stderr)
	}
	// merge sorts the sites by URL; report keeps their order.
	if d := diffLines(strings.Split(got, "\n"), strings.Split(want, "\n")); d != "" || strings.Count(got, "\n") < 5 {
		t.Errorf("merge of an un-audited scan differs from report (-missing +unexpected):\n%s", d)
	}
}

// TestOutputFormatFromExtension: -o report.html writes HTML, not JSON;
// an explicit --format that contradicts the extension is refused.
func TestOutputFormatFromExtension(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	golden := filepath.Join(goldenDir, "report.json")
	for _, f := range []struct{ name, golden string }{{"out.html", "report.html"}, {"out.md", "report.md"}, {"out.sarif", "report.sarif"}, {"out.xml", "junit.xml"}, {"out.json", "report.json"}} {
		t.Run(f.name, func(t *testing.T) {
			p := filepath.Join(dir, f.name)
			if _, stderr, code := run(t, "report", golden, "-o", p); code != exitOK {
				t.Fatalf("-o %s: exit %d: %s", f.name, code, stderr)
			}
			got, _ := os.ReadFile(p)
			want, _ := os.ReadFile(filepath.Join(goldenDir, f.golden))
			if string(got) != string(want) {
				t.Errorf("-o %s did not write %s", f.name, f.golden)
			}
		})
	}
	if _, stderr, code := run(t, "report", golden, "-o", filepath.Join(dir, "r.html"), "--format", "json"); code != exitError || !strings.Contains(stderr, "names a .html file but --format is json") {
		t.Errorf("mismatch: exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "r.html")); err == nil {
		t.Error("the refused report was written anyway")
	}
}
