package crawler_test

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"regexp"
	"testing"
	"time"

	"github.com/cookieaudit/cookieaudit/crawler/observe"

	"github.com/cookieaudit/cookieaudit/crawler"
)

// TestScanDrivesRemoteBrowser attaches to a Chromium started on its own
// with a DevTools port, as a browser service would run, instead of
// launching one.
func TestScanDrivesRemoteBrowser(t *testing.T) {
	path, err := crawler.FindBrowser()
	if err != nil {
		t.Fatal(err)
	}
	// The browser's helper processes may still write to the profile just
	// after it is killed, so the profile is removed leniently.
	profile, err := os.MkdirTemp("", "cookieaudit-remote-")
	if err != nil {
		t.Fatal(err)
	}
	args := []string{"--headless", "--remote-debugging-port=0", "--user-data-dir=" + profile,
		"--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync",
		"--ignore-certificate-errors", "--host-resolver-rules=" + fixtures.ResolverRules(), "about:blank"}
	if os.Geteuid() == 0 {
		args = append(args, "--no-sandbox")
	}
	cmd := exec.Command(path, args...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		for range 20 {
			if os.RemoveAll(profile) == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	wsRE := regexp.MustCompile(`ws://\S+/devtools/browser/\S+`)
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := wsRE.FindString(sc.Text()); m != "" {
				found <- m
			}
		}
	}()
	var ws string
	select {
	case ws = <-found:
	case <-time.After(30 * time.Second):
		t.Fatal("the browser printed no DevTools URL")
	}
	b, err := crawler.Launch(context.Background(), crawler.BrowserOptions{RemoteURL: ws})
	if err != nil {
		t.Fatalf("attach to %s: %v", ws, err)
	}
	defer b.Close()
	res := scan(t, b, crawler.Config{Phases: []observe.Phase{observe.PhasePreConsent}, MaxPages: 1, Settle: 300 * time.Millisecond}, "https://www.otherborough.gov.uk/")
	want := []string{
		"ob_session www.otherborough.gov.uk / session header www.otherborough.gov.uk/ secure httponly Lax",
		"ob_visit www.otherborough.gov.uk / life=600 req=600 script www.otherborough.gov.uk/",
	}
	if d := diffLines(cookieLines(res[0], observe.PhasePreConsent), want); d != "" {
		t.Errorf("cookies through the remote browser (-missing +unexpected):\n%s", d)
	}
}
