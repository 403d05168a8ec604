package crawler_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cookieaudit/cookieaudit/crawler"
)

// TestLaunchRetriesABrowserThatDiesStarting starts the browser through a
// wrapper that dies the first time, as a browser process can on a busy
// machine, and checks that Launch tries once more; a browser that never
// comes up is still an error that says so.
func TestLaunchRetriesABrowserThatDiesStarting(t *testing.T) {
	real, err := crawler.FindBrowser()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	mark := filepath.Join(dir, "started-once")
	wrapper := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("#!/bin/sh\n"+body), 0o755); err != nil {
			t.Fatal(err)
		}
		return p
	}
	flaky := wrapper("flaky-browser", fmt.Sprintf("if [ ! -e %q ]; then touch %q; exit 1; fi\nexec %q \"$@\"\n", mark, mark, real))
	b, err := crawler.Launch(context.Background(), crawler.BrowserOptions{Path: flaky})
	if err != nil {
		t.Fatalf("launch through a browser that dies once: %v", err)
	}
	b.Close()
	if _, err := os.Stat(mark); err != nil {
		t.Errorf("the first start was never tried: %v", err)
	}

	dead := wrapper("dead-browser", "exit 1\n")
	if _, err := crawler.Launch(context.Background(), crawler.BrowserOptions{Path: dead}); err == nil || !strings.Contains(err.Error(), "start browser") {
		t.Errorf("launch of a browser that never starts: err = %v, want a start browser error", err)
	}
}
