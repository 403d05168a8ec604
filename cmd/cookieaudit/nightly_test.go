package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cookieaudit/cookieaudit/audit/report"

	"github.com/cookieaudit/cookieaudit/audit"
)

// nightlyConfig is the example nightly config the README points at.
const nightlyConfig = "../../testdata/nightly/nightly.yaml"

// statuses lists a report's sites as "host status".
func statuses(r *report.Report) string {
	var out []string
	for _, s := range r.Sites {
		out = append(out, strings.TrimSuffix(strings.TrimPrefix(s.URL, "https://"), "/")+" "+string(s.Status))
	}
	return strings.Join(out, ", ")
}

// damageLine cuts the results log line holding marker in half, as two
// writers' interleaved lines or a disk fault would leave it.
func damageLine(t *testing.T, path, marker string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	n := 0
	for i, l := range lines {
		if strings.Contains(l, marker) {
			lines[i] = l[:len(l)/2] + "\n"
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%s has %d lines with %s, want one", path, n, marker)
	}
	if err := os.WriteFile(path, []byte(strings.Join(lines, "")), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readReportFile(t *testing.T, path string) *report.Report {
	t.Helper()
	r, err := report.ReadReportFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestNightlyWorkflow runs the example nightly config end to end, as a CI
// job would on two nights, over the offline fixture sites, and checks
// every exit status: the first night through `demo` with no baseline yet
// (3: a site is down), the second night interrupted (130, partial
// report), refused to a second writer and a week later, resumed past a
// damaged line, refused once finished, merged, compared with the first
// night and gated. An interrupt during a policy read, resumed to the same
// findings as an uninterrupted run, is TestPolicyReadInterruptedThenResumed
// in cmd/internal/app, which needs a seam inside the application layer.
func TestNightlyWorkflow(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	// No page of these sites hangs, so the page timeout is only a hang guard.
	crawl := []string{"--phases", "pre-consent", "--page-timeout", "60s", "--settle", "2s", "--no-autoconsent"}
	night1 := filepath.Join(dir, "night1")
	lastReport := filepath.Join(night1, "report.json")

	// Night 1: no baseline yet. One site cannot be audited: exit 3.
	args := append([]string{"demo", "--config", nightlyConfig, "--results", filepath.Join(dir, "night1.jsonl"),
		"--output-dir", night1, "--baseline", lastReport, "--baseline-optional", "--fail-on", "high"}, crawl...)
	_, stderr, code := run(t, args...)
	if code != exitNotAudited || !strings.Contains(stderr, "1 of 3 site(s)") || !strings.Contains(stderr, "--baseline-optional") {
		t.Fatalf("night 1: exit %d, want 3 naming 1 of 3 sites and the missing baseline; stderr:\n%s", code, stderr)
	}
	first := readReportFile(t, lastReport)
	want := "www.closedborough.gov.uk failed, www.otherborough.gov.uk complete, www.testshire.gov.uk complete"
	if got := statuses(first); got != want {
		t.Fatalf("night 1 sites: %s\nwant %s", got, want)
	}
	if _, err := os.Stat(filepath.Join(night1, "report.html")); err != nil {
		t.Errorf("night 1 wrote no HTML report: %v", err)
	}

	// Without --baseline-optional a missing baseline stops the job before
	// anything is crawled.
	_, stderr, code = run(t, append([]string{"scan", "--config", nightlyConfig, "--baseline", filepath.Join(dir, "none.json")}, crawl...)...)
	if code != exitError || !strings.Contains(stderr, "does not exist") {
		t.Errorf("missing baseline: exit %d, want 2; stderr:\n%s", code, stderr)
	}

	// Night 2 is stopped (as by Ctrl-C) when the server is asked for
	// closedborough's start page, a host no other test visits (tests run
	// in parallel against one fixture server); one site at a time, in the
	// config's order, so testshire and otherborough are done and
	// closedborough cut short. Exit 130, and the partial report says which
	// site is unfinished.
	results := filepath.Join(dir, "night2.jsonl")
	scan := append([]string{"scan", "--config", nightlyConfig, "--results", results, "--concurrency", "1"}, crawl...)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-requests.Next("www.closedborough.gov.uk/index.html")
		cancel()
	}()
	partialPath := filepath.Join(dir, "partial.json")
	_, stderr, code = runContext(t, ctx, append(scan, "-o", partialPath)...)
	if code != exitInterrupted {
		t.Fatalf("interrupted night 2: exit %d, want 130; stderr:\n%s", code, stderr)
	}
	partial := readReportFile(t, partialPath)
	want = "www.closedborough.gov.uk interrupted, www.otherborough.gov.uk complete, www.testshire.gov.uk complete"
	if got := statuses(partial); !partial.Partial || got != want {
		t.Errorf("partial report (partial=%t): %s\nwant %s", partial.Partial, got, want)
	}

	resume := append(scan, "--resume", "-o", filepath.Join(dir, "resumed.json"))

	// While another run writes the log, a second writer is refused,
	// naming the holder's PID (here the test's own process).
	holder, err := report.OpenResults(results)
	if err != nil {
		t.Fatal(err)
	}
	_, stderr, code = run(t, resume...)
	holder.Close()
	if code != exitError || !strings.Contains(stderr, fmt.Sprintf("is being written by another cookieaudit run (PID %d)", os.Getpid())) {
		t.Errorf("second writer: exit %d, want 2 naming PID %d; stderr:\n%s", code, os.Getpid(), stderr)
	}
	// A week later the same log is another night's: refused.
	_, stderr, code = runAt(t, partial.StartedAt.Add(7*24*time.Hour), resume...)
	if code != exitError || !strings.Contains(stderr, "more than --resume-max-age 24h0m0s ago") || !strings.Contains(stderr, "without --resume") {
		t.Errorf("resume a week later: exit %d, want 2 saying how to start afresh; stderr:\n%s", code, stderr)
	}

	// Two writers' interleaved line: otherborough's line is damaged, so
	// the resume warns, skips it and crawls otherborough again too.
	damageLine(t, results, `"url":"https://www.otherborough.gov.uk/"`)

	// Resumed: testshire is kept, otherborough and closedborough crawled;
	// closedborough is down, so the run still exits 3.
	_, stderr, code = run(t, resume...)
	if code != exitNotAudited || !strings.Contains(stderr, "damaged line is skipped") {
		t.Fatalf("resumed night 2: exit %d, want 3 and a warning of the damaged line; stderr:\n%s", code, stderr)
	}
	resumed := readReportFile(t, filepath.Join(dir, "resumed.json"))
	if !resumed.StartedAt.Equal(partial.StartedAt) {
		t.Errorf("resumed report starts %v, want the run's start %v", resumed.StartedAt, partial.StartedAt)
	}
	for i, s := range resumed.Sites {
		if strings.Contains(s.URL, "testshire") && !s.FinishedAt.Equal(partial.Sites[i].FinishedAt) {
			t.Errorf("testshire, kept from the interrupted run, finished %v in the resumed report, want %v", s.FinishedAt, partial.Sites[i].FinishedAt)
		}
	}
	log, err := report.ReadResultsFile(results)
	if err != nil || len(log.Damaged) != 1 || statuses(&report.Report{Sites: log.Sites}) != "www.testshire.gov.uk complete, www.otherborough.gov.uk complete, www.closedborough.gov.uk failed" {
		t.Errorf("results log after resume: %v, damaged %v, sites %s", err, log.Damaged, statuses(&report.Report{Sites: log.Sites}))
	}
	// The run is finished: resuming it again is refused.
	_, stderr, code = run(t, resume...)
	if code != exitError || !strings.Contains(stderr, "there is nothing to resume") {
		t.Errorf("resume of a finished night: exit %d, want 2; stderr:\n%s", code, stderr)
	}

	// Merged and compared with night 1: nothing is new, so --fail-on high
	// passes once the site that is down is allowed for; without the baseline
	// the same findings fail the gate.
	night2 := filepath.Join(dir, "night2")
	merge := []string{"merge", results, "--output-dir", night2, "--fail-on", "high"}
	_, stderr, code = run(t, append(merge, "--baseline", lastReport)...)
	if code != exitNotAudited {
		t.Errorf("merge: exit %d, want 3 (a site is down); stderr:\n%s", code, stderr)
	}
	_, stderr, code = run(t, append(merge, "--baseline", lastReport, "--allow-site-errors")...)
	if code != exitOK {
		t.Errorf("merge against night 1: exit %d, want 0 (nothing new); stderr:\n%s", code, stderr)
	}
	merged := readReportFile(t, filepath.Join(night2, "report.json"))
	if got := statuses(merged); got != "www.closedborough.gov.uk failed, www.otherborough.gov.uk complete, www.testshire.gov.uk complete" {
		t.Errorf("merged night 2 sites: %s", got)
	}
	for _, s := range merged.Sites {
		for _, f := range s.Findings {
			if f.Status != audit.StatusUnchanged {
				t.Errorf("%s %s %s is %q against night 1, want unchanged", s.URL, f.Rule, f.Cookie, f.Status)
			}
		}
	}
	_, stderr, code = run(t, append(merge, "--allow-site-errors")...)
	if code != exitFindings || !strings.Contains(stderr, "meet --fail-on high") {
		t.Errorf("merge without a baseline: exit %d, want 1; stderr:\n%s", code, stderr)
	}
}
