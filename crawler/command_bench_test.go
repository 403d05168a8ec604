package crawler_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/cookieaudit/cookieaudit/audit/report"
	"github.com/cookieaudit/cookieaudit/crawler"
	"github.com/cookieaudit/cookieaudit/crawler/fixture"
	"github.com/cookieaudit/cookieaudit/crawler/observe"
)

// BenchmarkCommand times what a user times: the whole `cookieaudit scan`
// process, from its start until its report is written and it exits,
// against a bare chromedp loop that is a whole process too (this test
// binary again, see bareProcessEnv: it launches the same browser binary,
// visits the same pages, reads the cookie store after each, and exits). The
// sites are the council-like sites of BenchmarkCouncilSites, served by a
// child process; both run at concurrency 2 with the scan's default
// settings otherwise. Each round times, back to back, the bare loop and a
// pre-consent scan, then the bare loop three times over and a default
// three-phase audit; the figures are the best of the rounds, so load from
// elsewhere on a shared machine weighs on each alike. It reports:
//
//   - cmd-ratio-pre: the bare process's time over the pre-consent scan's
//     (the same pages; target ≥ 0.8);
//   - cmd-ratio-audit: the three-pass bare process's time over the
//     three-phase scan's (target ≥ 0.7); the scan must visit every page in
//     every phase and click the banner in accept and reject;
//   - cmd-MB/site-phase: the peak PSS of the scan process and its browser
//     during a further three-phase scan, over the concurrency (target
//     ≤ 150).
//
// COOKIEAUDIT_BENCH_BIN names a cookieaudit binary to time instead of the
// one built from this tree, to compare builds on the same machine.
func BenchmarkCommand(b *testing.B) {
	const sites, workers, rounds = 4, 2, 3
	rules, urls, _ := serveCouncilBench(b, sites)
	paths := fixture.CouncilPagePaths()
	browser, err := crawler.FindBrowser()
	if err != nil {
		b.Fatal(err)
	}
	bin := os.Getenv("COOKIEAUDIT_BENCH_BIN")
	if bin == "" {
		bin = buildCommand(b)
	}
	port := rules[strings.LastIndexByte(rules, ':')+1:]
	dir := b.TempDir()
	scan := func(phases string, sample *atomic.Int64) time.Duration {
		out := filepath.Join(dir, "report.json")
		args := append([]string{"scan", "--phases", phases, "--concurrency", fmt.Sprint(workers), "--browser", browser,
			"--connect-to", "*:443:127.0.0.1:" + port, "--insecure", "-o", out}, urls...)
		d := timeProcess(b, exec.Command(bin, args...), sample)
		checkCommandReport(b, out, strings.Count(phases, ",")+1, len(urls), len(paths))
		return d
	}
	bare := func(passes int) time.Duration {
		job, _ := json.Marshal(bareProcess{Browser: browser, Rules: rules, URLs: urls, Paths: paths, Workers: workers, Passes: passes})
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), bareProcessEnv+"="+string(job))
		return timeProcess(b, cmd, nil)
	}
	best := func(d *time.Duration, t time.Duration) {
		if *d == 0 || t < *d {
			*d = t
		}
	}
	var barePre, scanPre, bareAudit, scanAudit time.Duration
	var peak atomic.Int64
	for b.Loop() {
		for range rounds {
			best(&barePre, bare(1))
			best(&scanPre, scan("pre-consent", nil))
			best(&bareAudit, bare(3))
			best(&scanAudit, scan("pre-consent,accept,reject", nil))
		}
		scan("pre-consent,accept,reject", &peak)
	}
	b.Logf("browser %s; pre-consent: bare %s, scan %s; three phases: bare ×3 %s, scan %s", browser,
		barePre.Round(time.Millisecond), scanPre.Round(time.Millisecond), bareAudit.Round(time.Millisecond), scanAudit.Round(time.Millisecond))
	b.ReportMetric(scanPre.Seconds(), "cmd-pre-s")
	b.ReportMetric(scanAudit.Seconds(), "cmd-audit-s")
	b.ReportMetric(barePre.Seconds()/scanPre.Seconds(), "cmd-ratio-pre")
	b.ReportMetric(bareAudit.Seconds()/scanAudit.Seconds(), "cmd-ratio-audit")
	b.ReportMetric(float64(peak.Load())/workers/(1<<20), "cmd-MB/site-phase")
	b.ReportMetric(0, "ns/op")
}

// buildCommand builds cookieaudit from this tree into a temporary
// directory, as `make build` does, and returns its path.
func buildCommand(b *testing.B) string {
	b.Helper()
	bin := filepath.Join(b.TempDir(), "cookieaudit")
	out, err := exec.Command("go", "build", "-trimpath", "-o", bin, "../cmd/cookieaudit").CombinedOutput()
	if err != nil {
		b.Fatalf("build cookieaudit: %v\n%s", err, out)
	}
	return bin
}

// timeProcess runs cmd to its end and returns how long it took from its
// start; with peak, it records the peak PSS of its process tree.
func timeProcess(b *testing.B, cmd *exec.Cmd, peak *atomic.Int64) time.Duration {
	b.Helper()
	var stderr strings.Builder
	cmd.Stderr = &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		b.Fatalf("%s: %v", cmd.Path, err)
	}
	stop := func() {}
	if peak != nil {
		stop = samplePSS(peak, cmd.Process.Pid, 0)
	}
	err := cmd.Wait()
	d := time.Since(start)
	stop()
	if err != nil {
		b.Fatalf("%s %s: %v\n%s", filepath.Base(cmd.Path), strings.Join(cmd.Args[1:min(3, len(cmd.Args))], " "), err, stderr.String())
	}
	return d
}

// checkCommandReport fails the benchmark unless the scan's report has every
// site with every phase crawled in full, and consent given in the accept
// and reject phases: a faster scan that did less would not count.
func checkCommandReport(b *testing.B, path string, phases, sites, pages int) {
	b.Helper()
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	r, err := report.ReadReport(f)
	if err != nil {
		b.Fatal(err)
	}
	if len(r.Sites) != sites {
		b.Fatalf("report has %d sites, want %d", len(r.Sites), sites)
	}
	for _, s := range r.Sites {
		if len(s.Phases) != phases {
			b.Fatalf("%s: %d phases, want %d", s.URL, len(s.Phases), phases)
		}
		for _, p := range s.Phases {
			if len(p.Pages) != pages {
				b.Fatalf("%s %s: %d pages, want %d", s.URL, p.Phase, len(p.Pages), pages)
			}
			if p.Phase != observe.PhasePreConsent && p.ConsentOutcome() != observe.ConsentGiven {
				b.Fatalf("%s %s: consent %s, want it given", s.URL, p.Phase, p.ConsentOutcome())
			}
		}
	}
}

// bareProcessEnv, set to a bareProcess as JSON, makes the test binary run
// the bare chromedp loop as a process of its own instead of running tests:
// it launches the browser with chromedp's default options, visits every
// page Passes times over, and exits.
const bareProcessEnv = "COOKIEAUDIT_BARE_LOOP"

// bareProcess is the bare loop's work.
type bareProcess struct {
	Browser string   `json:"browser"`
	Rules   string   `json:"rules"`
	URLs    []string `json:"urls"`
	Paths   []string `json:"paths"`
	Workers int      `json:"workers"`
	Passes  int      `json:"passes"`
}

// runBareProcess is the child's side of BenchmarkCommand's bare loop; it
// returns the exit code.
func runBareProcess(job string) int {
	var p bareProcess
	if err := json.Unmarshal([]byte(job), &p); err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", bareProcessEnv, err)
		return 2
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(p.Browser),
		chromedp.Flag("host-resolver-rules", p.Rules), chromedp.Flag("ignore-certificate-errors", true))
	if os.Geteuid() == 0 {
		opts = append(opts, chromedp.NoSandbox)
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(alloc)
	defer cancel()
	if err := chromedp.Do(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "start the browser:", err)
		return 1
	}
	for range p.Passes {
		n, err := bareLoop(ctx, p.URLs, p.Paths, p.Workers)
		if err != nil || n != int64(len(p.URLs)*len(p.Paths)) {
			fmt.Fprintf(os.Stderr, "bare loop: %d pages: %v\n", n, err)
			return 1
		}
	}
	return 0
}
