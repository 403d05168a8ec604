package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	cookieaudit "github.com/cookieaudit/cookieaudit"
	"github.com/cookieaudit/cookieaudit/crawler"
	"github.com/cookieaudit/cookieaudit/crawler/fixture"
)

// The fixture sites are served once per test binary, and the scans of
// every test share one browser mapped to them: each site-phase still gets
// its own fresh browser context, so the tests stay isolated.
var (
	sites *fixture.Server
	// requests signals when the fixture server is asked for a file, so a
	// test can act at a point of a crawl (stop it while a page loads)
	// without guessing how long the crawl takes.
	requests     fixture.Requests
	browserOnce  sync.Once
	browser      *crawler.Browser
	browserError error
)

func TestMain(m *testing.M) {
	flag.Parse()
	srv, err := fixture.Start(requests.FS(cookieaudit.Sites()))
	if err != nil {
		fmt.Fprintln(os.Stderr, "fixture:", err)
		os.Exit(2)
	}
	sites = srv
	code := m.Run()
	if browser != nil {
		browser.Close()
	}
	srv.Close()
	os.Exit(code)
}

// sharedBrowser launches the test binary's browser on first use.
func sharedBrowser(context.Context) (*crawler.Browser, error) {
	browserOnce.Do(func() {
		browser, browserError = crawler.Launch(context.Background(), crawler.BrowserOptions{
			ResolverRules: sites.ResolverRules(), Insecure: true,
		})
	})
	return browser, browserError
}

// run executes the root command with args, scans sharing the test binary's
// browser, and returns stdout, stderr (with the error main would print)
// and the exit code.
func run(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return runContext(t, context.Background(), args...)
}

// runContext is run with a context the test can cancel, as Ctrl-C does.
func runContext(t *testing.T, ctx context.Context, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return runWith(t, ctx, nil, args...)
}

// runAt is run with the scans' clock reading now.
func runAt(t *testing.T, now time.Time, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return runWith(t, context.Background(), func() time.Time { return now }, args...)
}

// runWith is run with a context and, unless nil, a clock.
func runWith(t *testing.T, ctx context.Context, now func() time.Time, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	g := &globalOptions{stdout: &out, stderr: &errb, sharedBrowser: sharedBrowser, now: now}
	root := newRootCmd(g)
	root.SetArgs(args)
	cmd, err := root.ExecuteContextC(ctx)
	if err != nil {
		errb.WriteString(errorMessage(cmd, err) + "\n")
	}
	return out.String(), errb.String(), exitCode(err)
}
