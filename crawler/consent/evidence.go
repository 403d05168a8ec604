package consent

import (
	"context"
	"crypto/sha256"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/cookieaudit/cookieaudit/crawler/observe"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/chromedp"
)

// snapshot fingerprints the profile's cookies and the frames' web storage:
// each entry's key ("cookie:NAME" or "localStorage:KEY") maps to a hash of
// its value, so a changed choice shows without any value being kept.
type snapshot map[string]string

// entryKey is the report's name for a snapshot key: the part after the
// scope that keeps cookies of different domains or storage of different
// origins apart.
func entryKey(k string) string {
	_, name, _ := strings.Cut(k, " ")
	return name
}

func takeSnapshot(ctx context.Context) snapshot {
	s := snapshot{}
	c := chromedp.FromContext(ctx)
	if c != nil {
		if res, err := chromedp.CallBrowser(ctx, storage.GetCookies, storage.GetCookiesParams{BrowserContextID: c.BrowserContextID}); err == nil {
			for _, ck := range res.Cookies {
				s[ck.Domain+ck.Path+" cookie:"+ck.Name] = fingerprint(ck.Value)
			}
		}
	}
	ws, err := worlds(ctx)
	if err != nil {
		return s
	}
	for _, w := range ws {
		var items []struct {
			Key  string `json:"key"`
			Hash string `json:"hash"`
		}
		if err := w.call(ctx, "__cookieauditNative.storageKeys()", &items); err != nil {
			continue
		}
		origin := w.URL
		if u, err := url.Parse(w.URL); err == nil {
			origin = u.Scheme + "://" + u.Host
		}
		for _, it := range items {
			s[origin+" "+it.Key] = it.Hash
		}
	}
	return s
}

func fingerprint(v string) string {
	h := sha256.Sum256([]byte(v))
	return fmt.Sprintf("%x", h[:8])
}

// consentWords picks, among the entries a click wrote, those that look like
// a consent manager's record rather than a tracker the consent let in.
var consentWords = regexp.MustCompile(`(?i)consent|cookie|gdpr|cmp|klaro|optanon|cybot|euconsent|osano|cc_|privacy|choice|pref|polic|banner|notice|accept|seen|dismiss|decision|tracking|ccc`)

// consentRecords names the cookies and storage keys written or changed
// between two snapshots, keeping the consent-looking ones when there are
// any, as "cookie:NAME" and "localStorage:KEY", sorted.
func consentRecords(before, after snapshot) []string {
	var all, named []string
	for k, h := range after {
		if before[k] == h {
			continue
		}
		name := entryKey(k)
		if slices.Contains(all, name) {
			continue
		}
		all = append(all, name)
		_, bare, _ := strings.Cut(name, ":")
		if consentWords.MatchString(bare) {
			named = append(named, name)
		}
	}
	if len(named) > 0 {
		all = named
	}
	slices.Sort(all)
	return all
}

// screenshot writes a PNG of the viewport as the "before" or "after"
// evidence, once each, when a screenshot directory is set.
func (a *attempt) screenshot(when string) {
	dir := a.m.opts.ScreenshotDir
	if dir == "" || (when == "before" && a.shot) || (when == "after" && a.res.ScreenshotAfter != "") {
		return
	}
	if when == "before" {
		a.shot = true
		// A banner that fades or slides in is photographed once it is
		// drawn in full, not half faded.
		waitAnimations(a.ctx, animationLimit)
	}
	res, err := chromedp.Call(a.ctx, page.CaptureScreenshot, page.CaptureScreenshotParams{Format: page.CaptureScreenshotFormatPng})
	if err != nil {
		a.m.log.Warn("consent screenshot", "url", a.pageURL, "err", err)
		return
	}
	name := screenshotName(a.m.opts.ScreenshotPrefix, a.pageURL, a.action, when)
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, res.Data, 0o644); err != nil {
		a.m.log.Warn("consent screenshot", "path", p, "err", err)
		return
	}
	if when == "before" {
		a.res.ScreenshotBefore = p
	} else {
		a.res.ScreenshotAfter = p
	}
}

// animationLimit bounds the wait for a banner's animations: a banner still
// moving after it is photographed as it is.
const animationLimit = 5 * time.Second

// animationsSettled resolves, within the limit given in milliseconds, once
// no finite CSS animation or transition of the document runs for two frames
// in a row (an endless one, a spinner, is not waited for); it says whether
// they did. Timers are not used: the crawler may run the page's timers
// ahead of time.
const animationsSettled = `(limit) => new Promise((done) => {
  const end = performance.now() + limit;
  const busy = () => document.getAnimations().some((a) => a.playState === "running" && a.effect && isFinite(a.effect.getComputedTiming().endTime));
  let quiet = 0;
  const step = () => {
    quiet = busy() ? 0 : quiet + 1;
    if (quiet >= 2 || performance.now() > end) { done(quiet >= 2); return; }
    requestAnimationFrame(step);
  };
  requestAnimationFrame(step);
})`

// waitAnimations waits, at most limit, for the page's animations to end.
func waitAnimations(ctx context.Context, limit time.Duration) {
	c, cancel := context.WithTimeout(ctx, limit+time.Second)
	defer cancel()
	expr := fmt.Sprintf("(%s)(%d)", animationsSettled, limit.Milliseconds())
	_, _ = chromedp.Call(c, runtime.Evaluate, runtime.EvaluateParams{Expression: expr, AwaitPromise: new(true), ReturnByValue: new(true)})
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// screenshotName is a file name safe on every system, made of the prefix,
// the page's host, the action and the moment: "www.example.gov.uk-accept-before.png".
func screenshotName(prefix, pageURL string, action observe.Choice, when string) string {
	host := "page"
	if u, err := url.Parse(pageURL); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	name := prefix + host + "-" + string(action) + "-" + when
	name = strings.Trim(unsafeName.ReplaceAllString(name, "_"), "._")
	return name + ".png"
}
