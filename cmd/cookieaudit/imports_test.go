package main

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// goList runs go list with a template over the packages and returns its
// lines.
func goList(t *testing.T, args ...string) []string {
	t.Helper()
	out, err := exec.Command("go", append([]string{"list"}, args...)...).Output()
	if err != nil {
		t.Fatalf("go list %s: %v", strings.Join(args, " "), err)
	}
	return strings.Fields(string(out))
}

const module = "github.com/cookieaudit/cookieaudit"

// TestImportGraph checks the layout's import rules: the models import no
// browser or command code, the writers no crawler, policy and crawler
// nothing of each other, and the command only the application layer and
// the packages it wires.
func TestImportGraph(t *testing.T) {
	for _, tt := range []struct {
		pkg       string
		forbidden []string
	}{
		{"crawler/observe", []string{"github.com/chromedp/", "github.com/spf13/cobra"}},
		{"audit/report", []string{"github.com/chromedp/", "github.com/spf13/cobra", module + "/crawler/consent"}},
		{"audit", []string{"github.com/chromedp/", "github.com/spf13/cobra", module + "/crawler/consent"}},
		{"audit/render", []string{"github.com/chromedp/", "github.com/spf13/cobra", module + "/crawler/consent"}},
		{"policy", []string{module + "/crawler", "github.com/chromedp/"}},
		{"crawler", []string{module + "/policy", module + "/audit"}},
	} {
		t.Run(tt.pkg, func(t *testing.T) {
			for _, dep := range goList(t, "-deps", module+"/"+tt.pkg) {
				for _, f := range tt.forbidden {
					if dep == f || strings.HasPrefix(dep, f) && (strings.HasSuffix(f, "/") || strings.HasPrefix(dep, f+"/")) {
						t.Errorf("%s imports %s", tt.pkg, dep)
					}
				}
				if tt.pkg == "audit/render" && dep == module+"/crawler" {
					t.Errorf("audit/render imports the crawler")
				}
			}
		})
	}
	t.Run("cmd/cookieaudit", func(t *testing.T) {
		wired := []string{module, module + "/cmd/internal/app", module + "/audit", module + "/audit/render", module + "/audit/report",
			module + "/crawler", module + "/crawler/observe", module + "/crawler/fixture", module + "/crawler/consent/acpkg", module + "/policy"}
		for _, imp := range goList(t, "-f", `{{join .Imports " "}}`, ".") {
			if strings.HasPrefix(imp, module) && !slices.Contains(wired, imp) {
				t.Errorf("cmd/cookieaudit imports %s, which it neither runs nor wires", imp)
			}
		}
	})
}
