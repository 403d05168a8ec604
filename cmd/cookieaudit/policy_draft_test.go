package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPolicyDraft drafts the demo sites' cookie tables from the golden
// report and checks them against the audit package's golden drafts, the
// form chosen by --output's extension, and the --site filter.
func TestPolicyDraft(t *testing.T) {
	report := filepath.Join(goldenDir, "report.json")
	stdout, stderr, code := run(t, "policy", "draft", report)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want, err := os.ReadFile(filepath.Join(goldenDir, "cookie-policy.md"))
	if err != nil {
		t.Fatal(err)
	}
	if stdout != string(want) {
		t.Errorf("policy draft differs from cookie-policy.md:\n%s", stdout)
	}

	out := filepath.Join(t.TempDir(), "cookies.yaml")
	if _, stderr, code := run(t, "policy", "draft", report, "--site", "https://www.nopolicy.gov.uk", "-o", out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if y := string(data); !strings.HasPrefix(y, "# Cookie policy draft for https://www.nopolicy.gov.uk/\nsource: https://www.nopolicy.gov.uk/\ncookies:\n") ||
		!strings.Contains(y, "  - name: _ga\n") || strings.Contains(y, "testshire") {
		t.Errorf("--site with -o cookies.yaml wrote:\n%s", y)
	}

	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--format", "pdf"}, `--format "pdf"`},
		{[]string{"--site", "https://www.elsewhere.gov.uk/"}, "not in"},
	} {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			_, stderr, code := run(t, append([]string{"policy", "draft", report}, tt.args...)...)
			if code != 2 || !strings.Contains(stderr, tt.want) {
				t.Errorf("%v: exit %d, stderr %q; want exit 2 and %q", tt.args, code, stderr, tt.want)
			}
		})
	}
}
