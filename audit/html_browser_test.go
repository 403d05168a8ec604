package audit

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// findChromium returns the browser to test the HTML report in. The test
// runs whenever one is installed (CI installs Chromium).
func findChromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no Chromium on PATH (apt-get install chromium)")
	return ""
}

// TestHTMLReportInBrowser opens the HTML report in headless Chromium and
// checks that its inline script runs under its own Content-Security-Policy:
// clicking a header sorts the findings and typing in the filter hides rows.
func TestHTMLReportInBrowser(t *testing.T) {
	browser := findChromium(t)
	var buf bytes.Buffer
	if err := (HTMLWriter{}).Write(&buf, goldenReport(t)); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(page, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(browser), chromedp.Headless, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-gpu", true),
	}
	if os.Geteuid() == 0 {
		opts = append(opts, chromedp.NoSandbox)
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	tabCtx, cancelTab := chromedp.NewContext(allocCtx)
	defer cancelTab()
	// Open the tab without a deadline, then bound the actions.
	if err := chromedp.Do(tabCtx); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(tabCtx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+page)); err != nil {
		t.Fatal(err)
	}

	cookies := `Array.from(document.querySelectorAll("#findings-1 tbody tr")).filter(r => !r.hidden).map(r => r.children[2].textContent).join(" ")`
	tests := []struct {
		desc, script, want string
	}{
		{"as written: by severity", cookies,
			`_hjSessionUser_123456 <script>alert(1)</script>  lang prefs <script>alert(1)</script> =HYPERLINK("http://x") a|b*c legacy_flag _ga _ga_ABC123 _ga VISITOR_INFO1_LIVE YSC old_tracker YSC`},
		// localeCompare orders as a reader would, ignoring case and
		// punctuation first.
		{"click Cookie: ascending", `document.querySelectorAll("#findings-1 th")[2].click(); ` + cookies,
			` _ga _ga _ga_ABC123 _hjSessionUser_123456 <script>alert(1)</script> <script>alert(1)</script> =HYPERLINK("http://x") a|b*c lang legacy_flag old_tracker prefs VISITOR_INFO1_LIVE YSC YSC`},
		{"click Severity twice: descending rank", `var th = document.querySelectorAll("#findings-1 th")[0]; th.click(); th.click(); ` +
			`Array.from(document.querySelectorAll("#findings-1 tbody tr")).map(r => r.children[0].textContent).join(" ")`,
			`info info low low low low low low medium medium medium medium medium medium high high`},
		{"filter on a rule", `var i = document.querySelector("input[data-filter=findings-1]"); i.value = "OVERLONG"; i.dispatchEvent(new Event("input")); ` + cookies,
			`lang prefs`},
		{"clear the filter", `var i = document.querySelector("input[data-filter=findings-1]"); i.value = ""; i.dispatchEvent(new Event("input")); ` +
			`document.querySelectorAll("#findings-1 tbody tr:not([hidden])").length + ""`, `16`},
	}
	for _, tt := range tests {
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](tt.script))
		if err != nil {
			t.Fatalf("%s: %v", tt.desc, err)
		}
		if got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.desc, got, tt.want)
		}
	}
}
