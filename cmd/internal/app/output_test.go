package app

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/cookieaudit/cookieaudit/audit/report"

	"github.com/cookieaudit/cookieaudit/crawler/observe"
)

func site(u string, status observe.SiteStatus, errText string, findings ...report.Finding) report.Site {
	return report.Site{SiteResult: observe.SiteResult{URL: u, Status: status, Error: errText}, Findings: findings}
}

// TestEmitOutcomes checks the outcome of a written report: sites not
// audited win over the gate, and --allow-site-errors leaves the gate.
func TestEmitOutcomes(t *testing.T) {
	high := report.Finding{Rule: "pre-consent", Severity: report.High, Cookie: "_ga"}
	tests := []struct {
		desc  string
		sites []report.Site
		out   Output
		want  string
	}{
		{"clean", []report.Site{site("https://a/", observe.SiteComplete, "")}, Output{FailOn: "high"}, "ok"},
		{"gate met", []report.Site{site("https://a/", observe.SiteComplete, "", high)}, Output{FailOn: "high"}, "findings"},
		{"unreachable", []report.Site{site("https://a/", observe.SiteFailed, "page load failed: net::ERR_NAME_NOT_RESOLVED")}, Output{}, "not audited"},
		{"unreachable and gate", []report.Site{site("https://a/", observe.SiteFailed, "x"), site("https://b/", observe.SiteComplete, "", high)}, Output{FailOn: "high"}, "not audited+findings"},
		{"allowed", []report.Site{site("https://a/", observe.SiteFailed, "x"), site("https://b/", observe.SiteComplete, "", high)}, Output{FailOn: "high", AllowSiteErrors: true}, "findings"},
		{"interrupted site", []report.Site{site("https://a/", observe.SiteInterrupted, "interrupted after 1 page")}, Output{}, "not audited"},
		{"old report with an error", []report.Site{site("https://a/", "", "HTTP 404 Not Found")}, Output{}, "not audited"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			var stdout bytes.Buffer
			tt.out.Stdout, tt.out.Stderr = &stdout, &bytes.Buffer{}
			err := tt.out.Emit(&report.Report{Schema: report.Schema, Sites: tt.sites})
			var got []string
			if errors.Is(err, ErrSitesNotAudited) {
				got = append(got, "not audited")
			}
			if errors.Is(err, ErrFindings) {
				got = append(got, "findings")
			}
			if err == nil {
				got = append(got, "ok")
			}
			if g := strings.Join(got, "+"); g != tt.want {
				t.Errorf("%s: %v, want %s", tt.desc, err, tt.want)
			}
			if stdout.Len() == 0 {
				t.Errorf("%s: no report written", tt.desc)
			}
		})
	}
}

// TestEmitToADevice writes to something that is not a regular file (a
// named pipe here, /dev/null in a CI job) without replacing it.
func TestEmitToADevice(t *testing.T) {
	pipe := filepath.Join(t.TempDir(), "pipe")
	if err := syscall.Mkfifo(pipe, 0o600); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	read := make(chan string)
	go func() {
		data, _ := os.ReadFile(pipe)
		read <- string(data)
	}()
	out := Output{File: pipe}
	if err := out.Emit(&report.Report{Schema: report.Schema}); err != nil {
		t.Fatal(err)
	}
	if got := <-read; !strings.Contains(got, report.Schema) {
		t.Errorf("read %q from the pipe", got)
	}
	if fi, err := os.Lstat(pipe); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the pipe was replaced: %v %v", fi.Mode(), err)
	}
}
