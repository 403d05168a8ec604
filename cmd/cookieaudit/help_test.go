package main

import (
	"regexp"
	"strings"
	"testing"
)

// TestScanHelpIsGrouped checks that scan --help shows its flags in named
// groups, in order, each flag once, with placeholders instead of Go types.
func TestScanHelpIsGrouped(t *testing.T) {
	t.Parallel()
	stdout, _, code := run(t, "scan", "--help")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	var order []string
	for _, l := range strings.Split(stdout, "\n") {
		if strings.HasSuffix(l, " flags:") {
			order = append(order, strings.TrimSuffix(l, " flags:"))
		}
	}
	if got := strings.Join(order, ","); got != "Crawl,Consent,Policy,Audit,Output,CI,Browser,Global" {
		t.Errorf("groups = %s", got)
	}
	section := func(name string) string {
		i := strings.Index(stdout, name+" flags:")
		rest := stdout[i+len(name)+7:]
		if j := strings.Index(rest, " flags:\n"); j >= 0 {
			rest = rest[:strings.LastIndex(rest[:j], "\n")]
		}
		return rest
	}
	for group, flags := range map[string][]string{
		"Crawl":   {"--config FILE", "--phases PHASES", "--max-pages N", "--settle DURATION"},
		"Consent": {"--autoconsent DIR", "--screenshots DIR"},
		"Policy":  {"--policy URL|FILE", "--cookie-db CSV"},
		"Audit":   {"--profile PROFILE", "--lifetime-cap LIFETIME"},
		"Output":  {"--format FORMAT", "-o, --output FILE", "--output-dir DIR"},
		"CI":      {"--fail-on SEVERITY|RULE,...", "--baseline FILE", "--baseline-optional", "--allow-site-errors", "--results FILE", "--resume", "--shard K/N"},
		"Browser": {"--browser PATH", "--browser-url URL", "-k, --insecure", "--resolve HOST:PORT:ADDR", "--connect-to HOST:PORT:ADDR:PORT2", "--user-agent STRING"},
	} {
		s := section(group)
		for _, f := range flags {
			if !strings.Contains(s, f+" ") && !strings.Contains(s, f+"\n") {
				t.Errorf("%s flags lack %q:\n%s", group, f, s)
			}
		}
	}
	if m := regexp.MustCompile(`--[a-z-]+ (string|int|duration|float|strings|stringArray)\b`).FindString(stdout); m != "" {
		t.Errorf("a Go type as a placeholder: %q", m)
	}
	flags := stdout[strings.Index(stdout, "Crawl flags:"):]
	for _, f := range []string{"--max-pages", "--policy ", "--baseline ", "--browser "} {
		if n := strings.Count(flags, f); n != 1 {
			t.Errorf("%s shown %d times", f, n)
		}
	}
	if m := regexp.MustCompile(`\(default: [^)]*\)\s+\(default`).FindString(flags); m != "" {
		t.Errorf("a flag states its default twice: %q", m)
	}
}

// TestCompletionOfEnumValues asks cobra's completion machinery, as a shell
// would, for the values of the enum flags.
func TestCompletionOfEnumValues(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"scan", "--format", ""}, []string{"json", "html", "sarif", "junit", "md"}},
		{[]string{"scan", "--fail-on", ""}, []string{"high", "info", "undeclared", "pre-consent"}},
		{[]string{"scan", "--fail-on", "high,"}, []string{"high,undeclared"}},
		{[]string{"scan", "--profile", ""}, []string{"uk", "strict"}},
		{[]string{"scan", "--phases", "pre-consent,"}, []string{"pre-consent,accept", "pre-consent,reject"}},
		{[]string{"report", "x.json", "--format", ""}, []string{"csv", "cookies-csv"}},
		{[]string{"demo", "--fail-on", ""}, []string{"medium"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			stdout, _, _ := run(t, append([]string{"__complete"}, tt.args...)...)
			got := strings.Split(stdout, "\n")
			for _, w := range tt.want {
				found := false
				for _, g := range got {
					if g == w {
						found = true
					}
				}
				if !found {
					t.Errorf("completing %v: %q missing from\n%s", tt.args, w, stdout)
				}
			}
		})
	}
}

// TestDemoTakesTheOfflineScanOptions: demo accepts the nightly workflow's
// flags and checks them as scan does, before anything starts.
func TestDemoTakesTheOfflineScanOptions(t *testing.T) {
	t.Parallel()
	stdout, _, _ := run(t, "demo", "--help")
	for _, f := range []string{"--config FILE", "--results FILE", "--resume", "--output-dir DIR", "--fail-on", "--baseline FILE", "--baseline-optional"} {
		if !strings.Contains(stdout, f) {
			t.Errorf("demo --help lacks %s", f)
		}
	}
	_, stderr, code := run(t, "demo", "--resume")
	if code != exitError || !strings.Contains(stderr, "--resume needs --results FILE") {
		t.Errorf("demo --resume alone: exit %d, %s", code, stderr)
	}
	_, stderr, code = run(t, "demo", "--baseline", "/nonexistent/last.json")
	if code != exitError || !strings.Contains(stderr, "--baseline-optional") {
		t.Errorf("demo with a missing baseline: exit %d, %s", code, stderr)
	}
}
