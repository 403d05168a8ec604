package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cookieaudit/cookieaudit/audit/report"

	"github.com/cookieaudit/cookieaudit/audit"
	"github.com/cookieaudit/cookieaudit/cmd/internal/app"
)

func TestScanUsageErrors(t *testing.T) {
	tests := []struct {
		desc string
		args []string
		want string
	}{
		{"no site", []string{"scan"}, "give at least one site URL"},
		{"ftp URL", []string{"scan", "ftp://x.gov.uk"}, `"ftp://x.gov.uk": ftp: URLs are not web pages`},
		{"javascript URL", []string{"scan", "javascript:alert(1)"}, `"javascript:alert(1)": javascript: URLs are not web pages`},
		{"file URL", []string{"scan", "file:///etc/passwd"}, `file: URLs are not web pages`},
		{"empty host", []string{"scan", "http://"}, `"http://" has no host name`},
		{"missing baseline", []string{"scan", "--baseline", "/nonexistent/last.json", "https://a.gov.uk"}, "--baseline /nonexistent/last.json does not exist: on the first run of a job give --baseline-optional"},
		{"baseline not a report", []string{"scan", "--baseline", "../../testdata/audit/golden/report.sarif", "https://a.gov.uk"}, "want a JSON report written by cookieaudit"},
		{"output into a missing directory", []string{"scan", "-o", "/nonexistent/dir/report.json", "https://a.gov.uk"}, "directory /nonexistent/dir does not exist: create it first"},
		{"output extension disagrees", []string{"scan", "-o", "report.html", "--format", "json", "https://a.gov.uk"}, "names a .html file but --format is json"},
		{"missing policy file", []string{"scan", "--policy", "/nonexistent/cookies.html", "https://a.gov.uk"}, "--policy /nonexistent/cookies.html"},
		{"results into a missing directory", []string{"scan", "--results", "/nonexistent/run.jsonl", "https://a.gov.uk"}, "--results /nonexistent/run.jsonl"},
		{"bad config", []string{"scan", "--config", "../../testdata/audit/config/invalid.yaml"}, "sites[0].max_pages: 0 is out of range"},
		{"unknown phase", []string{"scan", "--phases", "later", "https://a.gov.uk"}, `unknown phase "later"`},
		{"bad shard", []string{"scan", "--shard", "3/2", "https://a.gov.uk"}, "--shard"},
		{"resume alone", []string{"scan", "--resume", "https://a.gov.uk"}, "--resume needs --results"},
		{"bad resolve", []string{"scan", "--resolve", "www.a.gov.uk:443", "https://a.gov.uk"}, "want HOST:PORT:ADDR"},
		{"bad format", []string{"scan", "--format", "pdf", "https://a.gov.uk"}, "--format"},
		{"unknown flag", []string{"scan", "--nope", "https://a.gov.uk"}, "unknown flag"},
		{"missing config", []string{"scan", "--config", "/nonexistent/sites.yaml"}, "sites.yaml"},
	}
	// Every input is checked before a browser starts: a crawl of a.gov.uk
	// would end in exit 3, not in these messages.
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			_, stderr, code := run(t, tt.args...)
			if code != exitError || !strings.Contains(stderr, tt.want) {
				t.Errorf("%s: exit %d, stderr %q; want exit 2 and %q", tt.desc, code, stderr, tt.want)
			}
		})
	}
}

func TestShardSitesCoverTheListOnce(t *testing.T) {
	sites := []string{"https://e/", "https://a/", "https://d/", "https://b/", "https://c/"}
	var all []string
	for k := 1; k <= 3; k++ {
		all = append(all, app.ShardSites(sites, k, 3)...)
	}
	if got := strings.Join(slices.Sorted(slices.Values(all)), " "); got != "https://a/ https://b/ https://c/ https://d/ https://e/" {
		t.Errorf("shards cover %q", got)
	}
	if got := strings.Join(app.ShardSites(sites, 2, 3), " "); got != "https://b/ https://e/" {
		t.Errorf("shard 2/3 = %q", got)
	}
}

// browserArgs bound the crawl of the fixture sites, which the test
// binary's shared browser reaches (see TestMain). The settle time outlasts
// Testshire's cookie set a second after load twice over, so runs compare
// on a busy machine too.
func browserArgs(t *testing.T) []string {
	t.Helper()
	return []string{"--settle", "2s", "--max-pages", "2"}
}

func decodeReport(t *testing.T, data string) *report.Report {
	t.Helper()
	r, err := report.ReadReport(strings.NewReader(data))
	if err != nil {
		t.Fatalf("report: %v\n%s", err, data)
	}
	return r
}

// siteSummary is a compact, timing-free view of a report's sites.
func siteSummary(r *report.Report) string {
	var b strings.Builder
	for _, s := range r.Sites {
		fmt.Fprintf(&b, "%s err=%q policy=%s %s\n", s.URL, s.Error, s.Policy.URL, s.Policy.Error)
		var names []string
		for _, c := range s.Cookies {
			names = append(names, string(c.Phase)+":"+c.Name)
		}
		fmt.Fprintf(&b, "  cookies %s\n", strings.Join(names, " "))
		for _, f := range s.Findings {
			fmt.Fprintf(&b, "  %s %s %s %s\n", f.Severity, f.Rule, f.Cookie, f.Domain)
		}
	}
	return b.String()
}

func TestScanAuditsFixtureSitesAndGates(t *testing.T) {
	t.Parallel()
	args := append([]string{"scan", "--phases", "pre-consent", "--format", "json"}, browserArgs(t)...)
	args = append(args, "https://www.testshire.gov.uk/", "www.otherborough.gov.uk")
	stdout, stderr, code := run(t, args...)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	r := decodeReport(t, stdout)
	if r.Schema != report.Schema || len(r.Sites) != 2 {
		t.Fatalf("schema %q, %d sites", r.Schema, len(r.Sites))
	}
	other, shire := r.Sites[0], r.Sites[1]
	if shire.Policy.URL != "https://www.testshire.gov.uk/cookies/" || shire.Policy.Error != "" || len(shire.Declared) != 8 {
		t.Errorf("testshire policy %+v with %d declarations; want the /cookies/ page with 8", shire.Policy, len(shire.Declared))
	}
	if other.Policy.Error == "" {
		t.Errorf("otherborough has no policy link, want a policy error")
	}
	var rules []string
	for _, f := range shire.Findings {
		if f.Cookie == "_tm" {
			rules = append(rules, f.Rule)
		}
	}
	slices.Sort(rules)
	if got := strings.Join(rules, ","); got != "insecure,lifetime-cap,overlong,pre-consent" {
		t.Errorf("_tm findings = %s", got)
	}
	for _, c := range shire.Cookies {
		if c.Name == "SESSIONID" && !strings.Contains(stdout, `"SESSIONID"`) {
			t.Errorf("cookie missing")
		}
	}
	if strings.Contains(stdout, "s3cr3t") || strings.Contains(stdout, "L1") && strings.Contains(stdout, `"value"`) {
		t.Errorf("a cookie value leaked into the report")
	}

	// The same scan as a CI gate.
	_, stderr, code = run(t, append(args, "--fail-on", "pre-consent")...)
	if code != exitFindings || !strings.Contains(stderr, "meet --fail-on") {
		t.Errorf("--fail-on pre-consent: exit %d, stderr %q; want 1", code, stderr)
	}
}

// TestShardsMergedEqualUnshardedAndResume checks that shards merged equal
// one unsharded run, that a site which could not be audited (a 403 start
// page) exits 3 in its shard and in the merge, and that --resume refuses a
// shard whose run finished. No page hangs, so the page timeout is only a
// hang guard; the settle time outlasts Testshire's late cookie threefold.
func TestShardsMergedEqualUnshardedAndResume(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	base := []string{"scan", "--phases", "pre-consent", "--max-depth", "1", "--max-pages", "2", "--settle", "3s", "--page-timeout", "60s"}
	sites := []string{"https://www.testshire.gov.uk/", "https://www.otherborough.gov.uk/", "https://www.forbidden.gov.uk/"}
	whole := filepath.Join(dir, "whole.json")
	if _, stderr, code := run(t, append(append(base, "-o", whole), sites...)...); code != exitNotAudited || !strings.Contains(stderr, "www.forbidden.gov.uk") {
		t.Fatalf("unsharded: exit %d, want 3 for forbidden: %s", code, stderr)
	}
	var shards []string
	for k := 1; k <= 2; k++ {
		p := filepath.Join(dir, fmt.Sprintf("shard-%d.jsonl", k))
		shards = append(shards, p)
		args := append(append(base, "--shard", fmt.Sprintf("%d/2", k), "--results", p, "-o", filepath.Join(dir, fmt.Sprintf("shard-%d.json", k))), sites...)
		// Sorted, shard 1 holds forbidden and testshire, shard 2 otherborough.
		want := map[int]int{1: exitNotAudited, 2: exitOK}[k]
		if _, stderr, code := run(t, args...); code != want {
			t.Fatalf("shard %d: exit %d, want %d: %s", k, code, want, stderr)
		}
	}
	stdout, stderr, code := run(t, append([]string{"merge", "--format", "json"}, shards...)...)
	if code != exitNotAudited {
		t.Fatalf("merge: exit %d, want 3: %s", code, stderr)
	}
	wholeData, _ := os.ReadFile(whole)
	if got, want := siteSummary(decodeReport(t, stdout)), siteSummary(decodeReport(t, string(wholeData))); got != want {
		t.Errorf("merged shards differ from the unsharded run:\n--- merged\n%s--- unsharded\n%s", got, want)
	}

	// The shard's run finished, so there is nothing to resume: --resume is
	// refused before anything is crawled, and the log is left as it was.
	before, _ := os.ReadFile(shards[0])
	args := append(append(base, "--shard", "1/2", "--results", shards[0], "--resume", "--allow-site-errors", "--format", "json"), sites...)
	_, stderr, code = run(t, args...)
	after, _ := os.ReadFile(shards[0])
	if code != exitError || !strings.Contains(stderr, "finished at") || !strings.Contains(stderr, "without --resume") || string(after) != string(before) {
		t.Errorf("resume of a finished shard: exit %d, want 2 saying how to start afresh, log unchanged (%t); stderr:\n%s", code, string(after) == string(before), stderr)
	}
}

// TestInterruptedScanResumes stops a scan part-way (as Ctrl-C or a killed
// pod would), then resumes it: the sites complete before the stop are kept
// and not crawled again, the rest are crawled once, and the final report
// has every site. The stop comes when the fixture server is asked for the
// page that hangs, not after a guessed time.
func TestInterruptedScanResumes(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	results := filepath.Join(dir, "results.jsonl")
	args := append([]string{"scan", "--phases", "pre-consent", "--concurrency", "1", "--results", results, "--format", "json"}, browserArgs(t)...)
	sites := []string{"https://www.otherborough.gov.uk/", "https://www.slowshire.gov.uk/", "https://www.testshire.gov.uk/"}

	// Sites are crawled in URL order; slowshire's start page embeds an
	// image that never loads: stop when the image is asked for, so the
	// page is still loading.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-requests.Next("cdn.slowcdn.net/hang.gif")
		cancel()
	}()
	stdout, stderr, code := runContext(t, ctx, append(append(args, "--page-timeout", "60s"), sites...)...)
	if code != exitInterrupted || !strings.Contains(stderr, "interrupted") || !strings.Contains(stderr, "--resume") {
		t.Fatalf("interrupted scan: exit %d, want 130; stderr %s", code, stderr)
	}
	partial := decodeReport(t, stdout)
	before, err := report.ReadSites(results)
	if err != nil {
		t.Fatal(err)
	}
	if len(before) != 1 || before[0].URL != sites[0] {
		t.Fatalf("results log after the stop holds %d sites (%v), want only %s", len(before), siteSummary(&report.Report{Sites: before}), sites[0])
	}
	var states []string
	for _, s := range partial.Sites {
		states = append(states, s.URL+" "+string(s.Status))
	}
	want := "https://www.otherborough.gov.uk/ complete,https://www.slowshire.gov.uk/ interrupted,https://www.testshire.gov.uk/ interrupted"
	if !partial.Partial || strings.Join(states, ",") != want {
		t.Errorf("partial report (partial=%t):\n%s\nwant %s", partial.Partial, strings.Join(states, ","), want)
	}
	for _, s := range partial.Sites[1:] {
		for _, f := range s.Findings {
			if f.Rule == audit.RulePolicyMissing {
				t.Errorf("%s: an interrupted site got policy-missing", s.URL)
			}
		}
	}

	stdout, stderr, code = run(t, append(append(args, "--resume", "--page-timeout", "3s", "--allow-site-errors"), sites...)...)
	if code != exitOK {
		t.Fatalf("resume: exit %d %s", code, stderr)
	}
	final := decodeReport(t, stdout)
	if len(final.Sites) != 3 || final.Partial {
		t.Fatalf("final report has %d sites (partial=%t), want 3", len(final.Sites), final.Partial)
	}
	data, _ := os.ReadFile(results)
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	for _, s := range sites {
		n := 0
		for _, l := range lines {
			if strings.HasPrefix(l, `{"url":"`+s+`"`) {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%s has %d lines in the results log, want one", s, n)
		}
	}
	for _, s := range final.Sites {
		if s.Error != "" && !strings.Contains(s.Error, "did not load") {
			t.Errorf("%s: error %q after resume", s.URL, s.Error)
		}
	}
}

// TestScanReadsPolicyWhereComplete checks where a scan reads each site's
// policy: from the crawl's own visit of the policy page when the crawl
// reached it (Testshire's, the same 8 declarations as when the page is
// rendered on its own because the crawl stopped short of it), and from
// the accept phase's visit for a site whose cookie list fills in only
// once cookies are accepted (Laterlist), which the report says.
func TestScanReadsPolicyWhereComplete(t *testing.T) {
	t.Parallel()
	tests := []struct {
		desc, site, pages string
		want              string
	}{
		{"rendered on its own", "https://www.testshire.gov.uk/", "1", "https://www.testshire.gov.uk/cookies/ phase= declared=8"},
		{"read from the crawl", "https://www.testshire.gov.uk/", "2", "https://www.testshire.gov.uk/cookies/ phase=pre-consent declared=8"},
		{"filled in on consent", "https://www.laterlist.gov.uk/", "2", "https://www.laterlist.gov.uk/cookies/ phase=accept declared=2"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			stdout, stderr, code := run(t, "scan", "--format", "json", "--max-pages", tt.pages, tt.site)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			s := decodeReport(t, stdout).Sites[0]
			if got := fmt.Sprintf("%s phase=%s declared=%d", s.Policy.URL, s.Policy.Phase, len(s.Declared)); got != tt.want || s.Policy.Error != "" {
				t.Errorf("policy %s (error %q), want %s", got, s.Policy.Error, tt.want)
			}
		})
	}
}
