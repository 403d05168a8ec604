package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/cookieaudit/cookieaudit/audit/report"
)

// TestVersionFlags checks the version command's flags without running it.
func TestVersionFlags(t *testing.T) {
	tests := []struct {
		args []string
		want string // "browser autoconsent format", or the usage error
	}{
		{nil, "  text"},
		{[]string{"--format", "json", "--browser", "/opt/chrome", "--autoconsent", "ac"}, "/opt/chrome ac json"},
		{[]string{"--format", "xml"}, `--format "xml": want text or json`},
		{[]string{"extra"}, `unknown command "extra"`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var got string
			g := &globalOptions{stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}}
			cmd := newVersionCmd(g, func(_ context.Context, o *versionOptions) error {
				got = o.browserPath + " " + o.autoconsentDir + " " + o.format
				return nil
			})
			cmd.SetArgs(tt.args)
			cmd.SetOut(&bytes.Buffer{})
			cmd.SetErr(&bytes.Buffer{})
			if err := cmd.Execute(); err != nil {
				got = err.Error()
			}
			if !strings.Contains(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestVersionJSON checks that version --format json is one JSON object
// naming the tool, the report schema and the pinned consent rules.
func TestVersionJSON(t *testing.T) {
	stdout, stderr, code := run(t, "version", "--format", "json", "--browser", "/nonexistent/chrome")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var info versionInfo
	dec := json.NewDecoder(strings.NewReader(stdout))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&info); err != nil {
		t.Fatalf("version --format json: %v\n%s", err, stdout)
	}
	if info.ReportSchema != report.Schema || info.Version == "" || info.Autoconsent.Pinned == "" {
		t.Errorf("version info %+v", info)
	}
	if info.Browser.Path != "/nonexistent/chrome" || info.Browser.Error == "" {
		t.Errorf("browser %+v, want the given path and why its version is unknown", info.Browser)
	}
}

// TestSchemaCommand checks that cookieaudit schema prints the report's
// JSON Schema.
func TestSchemaCommand(t *testing.T) {
	stdout, _, code := run(t, "schema")
	var s struct {
		Schema string `json:"$schema"`
		Title  string `json:"title"`
	}
	if code != 0 || json.Unmarshal([]byte(stdout), &s) != nil || s.Title != report.Schema || !strings.Contains(s.Schema, "2020-12") {
		t.Errorf("schema: exit %d, %.200s", code, stdout)
	}
}
