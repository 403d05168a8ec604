package render

import (
	"bytes"
	"context"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cookieaudit/cookieaudit/audit/report"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

var readmeImage = flag.String("readme-image", "", "write a screenshot of the top of the HTML report (1,400 px wide) to this PNG `file`, e.g. ../docs/report.png")

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

// TestHTMLReportInBrowser opens the HTML report, copied alone into an
// empty directory so that it can only show what it embeds, in headless
// Chromium, and checks what a reader relies on: the screenshots load, the
// inline script runs under the report's own Content-Security-Policy (a
// header click sorts, typing filters), and nothing is wider than the
// window on a desktop (1,400 px) or a phone (390 px).
func TestHTMLReportInBrowser(t *testing.T) {
	browser := findChromium(t)
	r := goldenReport(t)
	// A site whose long URL has no place to break, as real ones have, and
	// which could not be audited.
	long := report.Site{}
	long.URL = "https://www.examplecouncilwithalongname.gov.uk/residents/wasteandrecycling/bincollectiondayfinderforyouraddress?postcode=AB12CD"
	long.Status, long.Error = "failed", "navigate: net::ERR_CONNECTION_TIMED_OUT at "+long.URL
	r.Sites = append(r.Sites, long)
	var buf bytes.Buffer
	if err := (HTMLWriter{BaseDir: goldenDir}).Write(&buf, r); err != nil {
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
	ctx, cancel := context.WithTimeout(tabCtx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1400, 900)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+page)); err != nil {
		t.Fatal(err)
	}

	// Images decode asynchronously: wait (bounded by ctx) until every one
	// has finished, loaded or not, then check that each one loaded.
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`Array.from(document.images).every(i => i.complete)`)); err != nil {
		t.Fatalf("waiting for the screenshots: %v", err)
	}
	cookies := `Array.from(document.querySelectorAll("#findings-1 tbody tr")).filter(r => !r.hidden).map(r => r.children[2].getAttribute("data-sort")).join(" ")`
	tests := []struct {
		desc, script, want string
	}{
		{"screenshots embedded and decoded", `Array.from(document.images).map(i => i.naturalWidth + "x" + i.naturalHeight + " " + i.src.slice(0, 22)).join(" | ")`,
			`480x300 data:image/png;base64, | 480x300 data:image/png;base64, | 480x300 data:image/png;base64, | 480x300 data:image/png;base64,`},
		{"screenshot captions", `Array.from(document.querySelectorAll("#site-1 figcaption")).map(c => c.textContent).join(" | ")`,
			`Before: the banner as the visitor first sees it | After the choice | Before: the banner as the visitor first sees it | After the choice`},
		{"consent evidence beside them", `Array.from(document.querySelectorAll("#site-1 .consent > div > dl.ev dd")).map(d => d.textContent).join(" | ")`,
			`choice made | Civic Cookie Control | clicked "Accept all cookies" | yes | CookieControl cookie (optionalCookies): allowed necessary, analytics, marketing; stored in CookieControl | no: refusing takes more steps than accepting (first layer offers accept: Accept all cookies; settings: Cookie settings) | ` +
				`choice made | Civic Cookie Control | clicked "Cookie settings", then "Save preferences" | yes, but it came back on https://www.testshire.gov.uk/contact-us, so the choice was not remembered | CookieControl cookie (optionalCookies): allowed necessary; refused analytics, marketing; stored in CookieControl | no: refusing takes more steps than accepting (first layer offers accept: Accept all cookies; settings: Cookie settings)`},
		{"first layer measured beside them", `Array.from(document.querySelectorAll("#site-1 .firstlayer td, #site-1 .firstlayer dd:not(:has(ul)), #site-1 .firstlayer li")).map(d => d.textContent).join(" | ")`,
			`Accept: Accept all cookies | button <button> | 180 × 44 | 16px, weight 700 | Aa #ffffff on #1d70b8 | 5.17:1 | 2 (through the settings layer) | ` +
				`Accept: Accept all cookies | button <button> | 180 × 44 | 16px, weight 700 | Aa #ffffff on #1d70b8 | 5.17:1 | 3 (through the settings layer) | ` +
				`Necessary cookies: on, strictly necessary | Analytical Cookies: on before the visitor chose: pre-ticked`},
		{"rules summary", `Array.from(document.querySelectorAll("#rules tbody tr")).map(r => r.children[0].textContent + "=" + r.children[2].querySelector(".badge").textContent).join(" ")`,
			`undeclared=fail overlong=fail pre-consent=fail after-reject=fail declared-unused=note lifetime-cap=fail insecure=pass no-reject-option=fail policy-missing=fail reject-not-recorded=pass consent-not-persisted=fail tracker-before-consent=pass tracker-after-reject=pass consent-mode-mismatch=pass reject-less-prominent=pass preticked-consent=fail`},
		{"unreachable site is an error", `document.querySelector("#site-3 .problem").textContent`,
			`Not audited: the crawl failed: navigate: net::ERR_NAME_NOT_RESOLVED. Check that the site is online and reachable from where the audit runs, then audit it again.`},
		{"as written: by severity", cookies,
			`_hjSessionUser_123456 <script>alert(1)</script>   lang prefs  <script>alert(1)</script> =HYPERLINK("http://x") a|b*c legacy_flag _ga _ga_ABC123 _ga VISITOR_INFO1_LIVE YSC old_tracker YSC`},
		// localeCompare orders as a reader would, ignoring case and
		// punctuation first.
		{"click Cookie: ascending", `document.querySelectorAll("#findings-1 th")[2].click(); ` + cookies,
			`   _ga _ga _ga_ABC123 _hjSessionUser_123456 <script>alert(1)</script> <script>alert(1)</script> =HYPERLINK("http://x") a|b*c lang legacy_flag old_tracker prefs VISITOR_INFO1_LIVE YSC YSC`},
		{"click Severity twice: descending rank", `var th = document.querySelectorAll("#findings-1 th")[0]; th.click(); th.click(); ` +
			`Array.from(document.querySelectorAll("#findings-1 tbody tr")).map(r => r.children[0].getAttribute("data-sort")).join(" ")`,
			`3 3 2 2 2 2 2 2 1 1 1 1 1 1 1 1 0 0`},
		{"sort the sites by result", `document.querySelectorAll("#sites th")[1].click(); ` +
			`Array.from(document.querySelectorAll("#sites tbody tr")).map(r => r.children[0].textContent).join(" ")`,
			`www.testshire.gov.uk www.nopolicy.gov.uk www.unreachable.gov.uk ` + strings.TrimPrefix(long.URL, "https://")},
		{"filter on a rule", `var i = document.querySelector("input[data-filter=findings-1]"); i.value = "OVERLONG"; i.dispatchEvent(new Event("input")); ` + cookies,
			`lang prefs`},
		{"filter the cookies of every phase", `var i = document.querySelector("#site-1 input[data-filter^=cookies]"); i.value = "youtube"; i.dispatchEvent(new Event("input")); ` +
			`Array.from(document.querySelectorAll("#site-1 .phases tbody tr")).filter(r => !r.hidden).map(r => r.children[0].textContent).join(" ")`,
			`YSC VISITOR_INFO1_LIVE YSC`},
		{"clear the filter", `var i = document.querySelector("input[data-filter=findings-1]"); i.value = ""; i.dispatchEvent(new Event("input")); ` +
			`document.querySelectorAll("#findings-1 tbody tr:not([hidden])").length + ""`, `18`},
		{"a screenshot opens full size on click", `var img = document.querySelector("#site-1 figure img"); var before = Math.round(img.getBoundingClientRect().width); img.click(); ` +
			`(before < 480) + " " + getComputedStyle(img).position + " " + Math.round(img.getBoundingClientRect().width)`, `true fixed 482`}, // 480 px and its border
		{"Escape closes it", `document.dispatchEvent(new KeyboardEvent("keydown", {key: "Escape"})); getComputedStyle(document.querySelector("#site-1 figure img")).position`, `static`},
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

	// Printed, the filters go and each site starts a page.
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	printed, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector("input[data-filter]")).display + " " + getComputedStyle(document.querySelector("#site-1 h2")).breakBefore`))
	if err != nil {
		t.Fatal(err)
	}
	if printed != "none page" {
		t.Errorf("printed: filter display and site break = %q, want \"none page\"", printed)
	}
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: ""}); err != nil {
		t.Fatal(err)
	}

	// overflow lists the elements reaching past the window's right edge,
	// and says whether the page scrolls sideways.
	const overflow = `(() => {
  const w = document.documentElement.clientWidth, out = [];
  if (document.documentElement.scrollWidth > w) out.push("page scrolls sideways: " + document.documentElement.scrollWidth + " > " + w);
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > w + 0.5) out.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className ? "." + el.className : "") + " ends at " + Math.round(r.right));
  }
  return out.slice(0, 8).join("; ");
})()`
	for _, width := range []int64{1400, 390} {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900)); err != nil {
			t.Fatal(err)
		}
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](overflow))
		if err != nil {
			t.Fatal(err)
		}
		if got != "" {
			t.Errorf("at %d px: %s", width, got)
		}
		// The evidence column is on screen, not scrolled off.
		right, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.querySelector("#findings-1 tbody td[data-label=Evidence]").getBoundingClientRect().right`))
		if err != nil {
			t.Fatal(err)
		}
		if right <= 0 || right > float64(width) {
			t.Errorf("at %d px the evidence column ends at %.0f px", width, right)
		}
	}
	if *readmeImage != "" {
		// The golden report alone, as it opens.
		var golden bytes.Buffer
		if err := (HTMLWriter{BaseDir: goldenDir}).Write(&golden, goldenReport(t)); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(page, golden.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(1400, 1900)); err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(ctx, chromedp.Navigate("file://"+page)); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`Array.from(document.images).every(i => i.complete)`)); err != nil {
			t.Fatal(err)
		}
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(*readmeImage, png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
