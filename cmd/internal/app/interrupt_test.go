package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	cookieaudit "github.com/cookieaudit/cookieaudit"
	"github.com/cookieaudit/cookieaudit/audit/audittest"
	"github.com/cookieaudit/cookieaudit/audit/report"
	"github.com/cookieaudit/cookieaudit/crawler"
	"github.com/cookieaudit/cookieaudit/crawler/fixture"
	"github.com/cookieaudit/cookieaudit/crawler/observe"
)

// resumeConfig is a nightly config over three fixture sites. testshire's
// policy is given as a URL, so it is always rendered on its own, beside
// the crawl; grantshire's is found from its pages, and otherborough's is
// the council's published table (a file beside the config).
const resumeConfig = `defaults:
  max_pages: 3
  max_depth: 2
sites:
  - url: https://www.testshire.gov.uk/
    policy: https://www.testshire.gov.uk/cookies/
  - url: https://www.grantshire.gov.uk/
  - url: www.otherborough.gov.uk
    policy: otherborough-cookies.yaml
`

// logFindings reads a results log and gives each site's status and
// findings (audittest.Compact), by site URL.
func logFindings(t *testing.T, path string) map[string]string {
	t.Helper()
	log, err := report.ReadResultsFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(log.Damaged) > 0 {
		t.Fatalf("%s has damaged lines: %v", path, log.Damaged)
	}
	out := map[string]string{}
	for _, s := range log.Sites {
		if _, dup := out[s.URL]; dup {
			t.Errorf("%s holds %s twice", path, s.URL)
		}
		out[s.URL] = string(s.Status) + "\n" + audittest.CompactAll(s.Findings)
	}
	return out
}

// TestPolicyReadInterruptedThenResumed stops a real scan (as Ctrl-C does)
// while a site's policy page is being rendered, resumes it with --resume,
// and checks the resumed run's findings are exactly those of a run that
// was never stopped: the site whose read was cut short is interrupted, is
// left out of the results log, and is crawled again on resume.
func TestPolicyReadInterruptedThenResumed(t *testing.T) {
	srv, err := fixture.Start(cookieaudit.Sites())
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	br, err := crawler.Launch(context.Background(), crawler.BrowserOptions{ResolverRules: srv.ResolverRules(), Insecure: true})
	if err != nil {
		t.Fatal(err)
	}
	defer br.Close()

	dir := t.TempDir()
	table, err := os.ReadFile(filepath.Join(audittest.TestdataDir(), "nightly", "otherborough-cookies.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	config := filepath.Join(dir, "nightly.yaml")
	for name, data := range map[string][]byte{config: []byte(resumeConfig), filepath.Join(dir, "otherborough-cookies.yaml"): table} {
		if err := os.WriteFile(name, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	const testshire, policyURL = "https://www.testshire.gov.uk/", "https://www.testshire.gov.uk/cookies/"
	// scan is the run's options writing results to the log and the report
	// to out; no page of these sites hangs, so the page timeout is only a
	// hang guard.
	scan := func(results, out string, resume bool) ScanOptions {
		return ScanOptions{
			ConfigPath: config, Results: results, Resume: resume,
			Phases: []observe.Phase{observe.PhasePreConsent}, Settle: 2 * time.Second, PageTimeout: 60 * time.Second, Concurrency: 1,
			Launch:      func(context.Context) (*crawler.Browser, error) { return br, nil },
			KeepBrowser: true,
			Output:      Output{File: out},
			Logger:      slog.New(slog.DiscardHandler),
		}
	}

	// The first run is stopped when testshire's policy render starts; the
	// read then ends as one cut short past the grace period does, with the
	// run's error.
	results := filepath.Join(dir, "night.jsonl")
	ctx, interrupt := context.WithCancel(context.Background())
	defer interrupt()
	var mu sync.Mutex
	var rendered []string
	first := scan(results, filepath.Join(dir, "partial.json"), false)
	first.wrapRender = func(next Renderer) Renderer {
		return func(rctx context.Context, u string) (string, string, error) {
			mu.Lock()
			rendered = append(rendered, u)
			mu.Unlock()
			if u != policyURL {
				return next(rctx, u)
			}
			interrupt()
			return "", "", fmt.Errorf("render %s: %w", u, context.Cause(ctx))
		}
	}
	err = Run(ctx, first)
	if !errors.Is(err, ErrInterrupted) {
		t.Fatalf("interrupted run: err = %v, want ErrInterrupted", err)
	}
	if !strings.Contains(strings.Join(rendered, " "), policyURL) {
		t.Fatalf("the run ended without rendering %s (rendered %q)", policyURL, rendered)
	}
	partial, err := report.ReadReportFile(filepath.Join(dir, "partial.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !partial.Partial {
		t.Error("the interrupted run's report is not marked partial")
	}
	for _, s := range partial.Sites {
		if s.URL != testshire {
			continue
		}
		if s.Status != observe.SiteInterrupted || !s.Policy.Interrupted || strings.Contains(audittest.CompactAll(s.Findings), "policy-missing") {
			t.Errorf("testshire in the partial report: status %s, policy %+v, findings\n%s\nwant interrupted, no policy-missing",
				s.Status, s.Policy, audittest.CompactAll(s.Findings))
		}
	}
	if _, logged := logFindings(t, results)[testshire]; logged {
		t.Errorf("testshire, whose policy read was cut short, is in the results log")
	}

	// Resumed to the end with the browser's own renderer.
	if err := Run(context.Background(), scan(results, filepath.Join(dir, "resumed.json"), true)); err != nil {
		t.Fatalf("resumed run: %v", err)
	}
	// The same scan, never stopped, into a log of its own.
	whole := filepath.Join(dir, "whole.jsonl")
	if err := Run(context.Background(), scan(whole, filepath.Join(dir, "whole.json"), false)); err != nil {
		t.Fatalf("uninterrupted run: %v", err)
	}

	got, want := logFindings(t, results), logFindings(t, whole)
	if len(want) != 3 {
		t.Fatalf("the uninterrupted run logged %d sites, want 3", len(want))
	}
	if !strings.Contains(want[testshire], "complete") {
		t.Fatalf("testshire in the uninterrupted run:\n%s\nwant complete", want[testshire])
	}
	for site, w := range want {
		if g := got[site]; g != w {
			t.Errorf("%s after resume:\n%s\nwant, as uninterrupted:\n%s", site, g, w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("the resumed log holds %d sites, want %d", len(got), len(want))
	}
}
