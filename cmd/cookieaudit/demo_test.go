package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDemoFindsEveryPlantedViolation runs the demo as a newcomer would (all
// three phases, banners clicked) and compares every finding with the
// hand-checked list of what the demo sites plant: each violation exactly
// once, with the right rule, and nothing else.
func TestDemoFindsEveryPlantedViolation(t *testing.T) {
	t.Parallel()
	stdout, stderr, code := run(t, "demo", "--format", "json", "--settle", "2s")
	if code != exitOK {
		t.Fatalf("demo: exit %d\n%s", code, stderr)
	}
	r := decodeReport(t, stdout)
	var b strings.Builder
	for _, s := range r.Sites {
		host := strings.TrimSuffix(strings.TrimPrefix(s.URL, "https://"), "/")
		for _, p := range s.Phases {
			fmt.Fprintf(&b, "%s phase %s %s", host, p.Phase, p.ConsentOutcome())
			if p.Consent != nil && p.Consent.ButtonText != "" {
				fmt.Fprintf(&b, " %q gone=%t", p.Consent.ButtonText, p.Consent.BannerGone)
			}
			b.WriteString("\n")
		}
		for _, f := range s.Findings {
			var phases []string
			for _, p := range f.Phases {
				phases = append(phases, string(p))
			}
			fmt.Fprintf(&b, "%s %s %s %s %s %s\n", host, f.Severity, f.Rule, f.Subject(), f.Domain, strings.Join(phases, ","))
		}
	}
	golden := filepath.Join("..", "..", "testdata", "demo", "findings.txt")
	if *update {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if d := diffLines(strings.Split(strings.TrimSpace(b.String()), "\n"), strings.Split(strings.TrimSpace(string(want)), "\n")); d != "" {
		t.Errorf("demo findings differ from %s (-missing +unexpected):\n%s", golden, d)
	}
}

// diffLines compares two lists of lines as sets, and their lengths.
func diffLines(got, want []string) string {
	var b strings.Builder
	count := func(ls []string) map[string]int {
		m := map[string]int{}
		for _, l := range ls {
			m[l]++
		}
		return m
	}
	g, w := count(got), count(want)
	for l, n := range w {
		if g[l] < n {
			fmt.Fprintf(&b, "- %s\n", l)
		}
	}
	for l, n := range g {
		if w[l] < n {
			fmt.Fprintf(&b, "+ %s\n", l)
		}
	}
	return b.String()
}
