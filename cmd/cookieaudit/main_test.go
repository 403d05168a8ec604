package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"sync"
	"testing"

	cookieaudit "github.com/cookieaudit/cookieaudit"
	"github.com/cookieaudit/cookieaudit/crawler"
	"github.com/cookieaudit/cookieaudit/crawler/fixture"
)

// The fixture sites are served once per test binary, and the scans of
// every test share one browser mapped to them: each site-phase still gets
// its own fresh browser context, so the tests stay isolated.
var (
	sites        *fixture.Server
	requests     = &requestHooks{hooks: map[string][]chan struct{}{}}
	browserOnce  sync.Once
	browser      *crawler.Browser
	browserError error
)

func TestMain(m *testing.M) {
	flag.Parse()
	srv, err := fixture.Start(notifyingFS{cookieaudit.Sites(), requests})
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
	var out, errb bytes.Buffer
	g := &globalOptions{stdout: &out, stderr: &errb, sharedBrowser: sharedBrowser}
	root := newRootCmd(g)
	root.SetArgs(args)
	cmd, err := root.ExecuteContextC(ctx)
	if err != nil {
		errb.WriteString(errorMessage(cmd, err) + "\n")
	}
	return out.String(), errb.String(), exitCode(err)
}

// requestHooks signal tests when the fixture server is asked for a file,
// so a test can act at a point of a crawl (stop it while a page loads)
// without guessing how long the crawl takes.
type requestHooks struct {
	mu    sync.Mutex
	hooks map[string][]chan struct{}
}

// onRequest returns a channel closed the first time the server reads name
// (HOST/PATH, e.g. www.slowshire.gov.uk/index.html) after the call.
func onRequest(name string) <-chan struct{} {
	ch := make(chan struct{})
	requests.mu.Lock()
	requests.hooks[name] = append(requests.hooks[name], ch)
	requests.mu.Unlock()
	return ch
}

func (h *requestHooks) requested(name string) {
	h.mu.Lock()
	chs := h.hooks[name]
	delete(h.hooks, name)
	h.mu.Unlock()
	for _, ch := range chs {
		close(ch)
	}
}

// notifyingFS is the fixture sites' file system, telling hooks of every
// file opened.
type notifyingFS struct {
	fs.FS
	hooks *requestHooks
}

func (n notifyingFS) Open(name string) (fs.File, error) {
	n.hooks.requested(name)
	return n.FS.Open(name)
}
