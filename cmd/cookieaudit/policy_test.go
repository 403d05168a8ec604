package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cookieaudit/cookieaudit/policy"
)

var update = flag.Bool("update", false, "rewrite golden files of cmd tests")

const policyFixtures = "../../testdata/policy"

// TestPolicyExtractGolden runs `policy extract` on fixture files and
// compares its output with golden files (go test -update rewrites them).
func TestPolicyExtractGolden(t *testing.T) {
	tests := []struct {
		desc   string
		args   []string
		golden string
	}{
		{"json from the KCC table page", []string{"policy", "extract", policyFixtures + "/html/001_tables.html", "--format", "json"}, "cmd_001_tables.json"},
		{"json from a seed text", []string{"policy", "extract", "../../../shared/seeds/004_26036ac508d70de8.txt", "-f", "json"}, "cmd_004_seed.json"},
		{"yaml draft from a page", []string{"policy", "extract", policyFixtures + "/html/dl_and_grid.html", "--format", "yaml"}, "cmd_dl_and_grid.yaml"},
		{"default table with the catalogue column", []string{"policy", "extract", policyFixtures + "/html/dl_and_grid.html"}, "cmd_dl_and_grid.txt"},
		{"csv with an extra cookie database", []string{"policy", "extract", policyFixtures + "/html/002_lists_and_cell_paragraphs.html", "--format", "csv", "--cookie-db", policyFixtures + "/cookiedb/open-cookie-database.csv"}, "cmd_002.csv"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			stdout, stderr, code := run(t, tt.args...)
			if code != 0 {
				t.Errorf("%s: exit %d, stderr %s", tt.desc, code, stderr)
				return
			}
			path := filepath.Join(policyFixtures, "golden", tt.golden)
			if *update {
				if err := os.WriteFile(path, []byte(stdout), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%s: %v (run go test -update)", tt.desc, err)
			}
			if stdout != string(want) {
				t.Errorf("%s: output differs from %s\n got:\n%s", tt.desc, path, stdout)
			}
		})
	}
}

func TestPolicyExtractYAMLIsReadBack(t *testing.T) {
	stdout, stderr, code := run(t, "policy", "extract", policyFixtures+"/html/000_name_then_paragraph.html", "--format", "yaml")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	p := filepath.Join(t.TempDir(), "cookies.yaml")
	if err := os.WriteFile(p, []byte(stdout), 0o644); err != nil {
		t.Fatal(err)
	}
	again, stderr, code := run(t, "policy", "extract", p, "--format", "yaml")
	if code != 0 {
		t.Fatalf("re-reading the YAML: exit %d: %s", code, stderr)
	}
	if again != stdout {
		t.Errorf("YAML written by policy extract does not read back the same:\nfirst:\n%s\nsecond:\n%s", stdout, again)
	}
}

func TestPolicyExtractCSVIsSafe(t *testing.T) {
	stdout, stderr, code := run(t, "policy", "extract", policyFixtures+"/html/hostile.html", "--format", "csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(stdout, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 {
		t.Fatalf("got %d rows, want a header and 2: %q", len(rows), rows)
	}
	for _, row := range rows[1:] {
		for _, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) {
				t.Errorf("cell %q would run as a formula", cell)
			}
		}
	}
	if got := rows[1][2]; got != `'=HYPERLINK("http://attacker.example","click")` {
		t.Errorf("purpose cell = %q, want the formula quoted as text", got)
	}

	table, _, _ := run(t, "policy", "extract", policyFixtures+"/html/hostile.html")
	if strings.ContainsAny(table, "\x07\x1b") {
		t.Errorf("table output carries terminal control characters:\n%q", table)
	}
}

func TestPolicyExtractOutputFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "declared.json")
	stdout, stderr, code := run(t, "policy", "extract", policyFixtures+"/html/dl_and_grid.html", "-f", "json", "--output", p)
	if code != 0 || stdout != "" {
		t.Fatalf("exit %d, stdout %q, stderr %s", code, stdout, stderr)
	}
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(`"name": "nmstat"`)) {
		t.Errorf("--output file lacks the declarations:\n%s", b)
	}
}

func TestPolicyExtractErrors(t *testing.T) {
	tests := []struct {
		desc string
		args []string
		code int
		want string
	}{
		{"no source", []string{"policy", "extract"}, 2, "want 1 argument"},
		{"bad format", []string{"policy", "extract", policyFixtures + "/html/dl_and_grid.html", "--format", "pdf"}, 2, `--format "pdf"`},
		{"unknown extension", []string{"policy", "extract", "policy.pdf"}, 2, "unknown extension"},
		{"missing file", []string{"policy", "extract", policyFixtures + "/nothing-here.html"}, 2, "no such file"},
		{"bad cookie database", []string{"policy", "extract", policyFixtures + "/html/dl_and_grid.html", "--cookie-db", policyFixtures + "/html/dl_and_grid.html"}, 2, "--cookie-db"},
		{"policy without a subcommand", []string{"policy"}, 2, "subcommand is required"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			_, stderr, code := run(t, tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.want) {
				t.Errorf("%s: exit %d, stderr %q; want exit %d and %q", tt.desc, code, stderr, tt.code, tt.want)
			}
		})
	}
}

// scriptedPolicyPage is a cookie page whose table is built by script, as
// some consent platforms publish theirs: only a rendering browser sees it.
const scriptedPolicyPage = `<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Cookies on Example Council</title></head>
<body><main><h1>Cookies</h1><h2>Analytics cookies</h2><div id="cookie-table"></div>
<script>
const rows = [["_ga", "Used to distinguish users.", "2 years"], ["_ga_<container-id>", "Used to persist session state.", "2 years"]];
const t = document.createElement("table");
t.innerHTML = "<tr><th>Name</th><th>Purpose</th><th>Expires</th></tr>";
for (const [n, p, e] of rows) {
  const tr = t.insertRow();
  for (const c of [n, p, e]) tr.insertCell().textContent = c;
}
document.getElementById("cookie-table").appendChild(t);
</script></main></body></html>`

// TestPolicyExtractURL renders a policy page in Chromium: the page is served
// on 127.0.0.1 over TLS with a throwaway certificate and reached under a
// council-like name through the browser's resolver rules.
func TestPolicyExtractURL(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/cookies" {
			http.Redirect(w, r, "/cookies", http.StatusFound)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, scriptedPolicyPage)
	}))
	defer srv.Close()
	port := srv.Listener.Addr().(*net.TCPAddr).Port
	stdout, stderr, code := run(t, "policy", "extract", "-k", "--connect-to", fmt.Sprintf("www.example-council.gov.uk:443:127.0.0.1:%d", port),
		"--format", "json", "https://www.example-council.gov.uk/cookie-policy")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc policy.Document
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("%v\n%s", err, stdout)
	}
	var got []string
	for _, d := range doc.Declared {
		got = append(got, fmt.Sprintf("%s %s %s %d", d.Name, d.Pattern, d.Category, d.Expiry.Seconds()))
	}
	want := "_ga _ga analytics 63072000; _ga_<container-id> _ga_* analytics 63072000"
	if strings.Join(got, "; ") != want || doc.Source != "https://www.example-council.gov.uk/cookies" {
		t.Errorf("source %q, declared %q; want the redirected URL and %q", doc.Source, got, want)
	}
}
