package crawler

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/cookieaudit/cookieaudit/crawler/observe"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/domstorage"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/chromedp"
)

//go:embed instrument.js
var instrumentJS string

const bindingName = "__cookieauditReport"

// Consenter gives or refuses consent on the page open in a tab.
type Consenter interface {
	// Prepare runs once on a fresh tab before its first navigation.
	Prepare(ctx context.Context) error
	// Apply acts on the banner of the page loaded in the tab.
	Apply(ctx context.Context, choice observe.Choice) observe.ConsentEvidence
}

// Config bounds a crawl.
type Config struct {
	Phases      []observe.Phase
	MaxPages    int           // pages per site-phase
	MaxDepth    int           // link depth from the start page; 0 unlimited
	Settle      time.Duration // wait after the network goes quiet
	PageTimeout time.Duration
	// SiteTimeout bounds one site-phase's crawl; 0 means none.
	SiteTimeout time.Duration
	// QuietWindow is how long the network must be idle after a load before
	// the settle time starts, unless the page is found idle sooner with
	// nothing of its due within the window (see waitQuiet); 0 means 50 ms,
	// negative means no wait.
	QuietWindow time.Duration
	// LongRequest is how long a request may stay in flight and still keep
	// the page from being quiet when page script made it (fetch,
	// XMLHttpRequest: how long polls are made), and a quarter of how long
	// other requests may; 0 means 250 ms. Event streams and web sockets
	// never keep it, nor do requests of a document already left.
	LongRequest time.Duration
	// LateHorizon is how far after each page's load the crawler runs the
	// pending timers of the page and its frames ahead of time, so cookies
	// that timers set within it are recorded without waiting in real time;
	// 0 or less means DefaultLateHorizon. Settle still waits in real time.
	LateHorizon time.Duration
	// DisableLateTimers turns running timers ahead of time off: only what
	// pages set within their real-time settling is recorded.
	DisableLateTimers bool
	// Trace, when set, receives the crawler's account of each page's
	// settling. It is called from the crawling goroutine.
	Trace func(PageTrace)
	// HARDir, when set, is the directory a HAR file of each site-phase's
	// requests is written to (see harLog); empty writes none.
	HARDir string
	// PageStarted, when set, is told each page's URL as its load starts,
	// so a progress display can show a slow page. It is called from the
	// crawling goroutine and must not block.
	PageStarted func(url string)
	// Consent operates banners in the accept and reject phases; nil records
	// evidence of "not-found".
	Consent Consenter
	Logger  *slog.Logger
	// preConsentSettings are the choices of the banner's settings layer
	// the site's pre-consent phase read (see SettingsReader), for its
	// accept phase.
	preConsentSettings []observe.ConsentChoice
}

func (c *Config) defaults() {
	if len(c.Phases) == 0 {
		c.Phases = observe.AllPhases
	}
	if c.MaxPages <= 0 {
		c.MaxPages = 10
	}
	if c.PageTimeout <= 0 {
		c.PageTimeout = 30 * time.Second
	}
	if c.Logger == nil {
		c.Logger = discardLogger()
	}
	if c.QuietWindow == 0 {
		c.QuietWindow = defaultQuietWindow
	}
	if c.LongRequest <= 0 {
		c.LongRequest = defaultLongRequest
	}
	if c.LateHorizon <= 0 {
		c.LateHorizon = DefaultLateHorizon
	}
}

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

// defaultQuietWindow is how long the network must be idle before the settle
// time starts; maxQuietWait bounds the wait for pages that never go idle.
const (
	defaultQuietWindow = 50 * time.Millisecond
	maxQuietWait       = 8 * time.Second
)

// phaseOutcome is one site-phase's result.
type phaseOutcome struct {
	result   observe.PhaseResult
	cookies  []observe.Cookie
	storage  []observe.StorageItem
	requests []observe.Request
	policies []string
	// settingsLayer are the choices of the banner's settings layer the
	// pre-consent phase read after its last read, for the accept phase.
	settingsLayer []observe.ConsentChoice
	// policyPages are the documents of the best policy candidates visited.
	policyPages []observe.PolicyPage
	// skipped is true for a phase not crawled because the site's start
	// page could not be reached in pre-consent.
	skipped bool
}

// crawlPhase crawls one site in one phase in a fresh browser context. When
// ctx ends (an interrupt) or the site budget runs out, it stops visiting
// pages but still records what the visited pages set.
func (b *Browser) crawlPhase(ctx context.Context, browserCtx context.Context, start string, phase observe.Phase, cfg Config) phaseOutcome {
	out := phaseOutcome{result: observe.PhaseResult{Phase: phase, Pages: []observe.Page{}}}
	startURL, err := url.Parse(start)
	if err != nil || startURL.Host == "" {
		out.result.Error = fmt.Sprintf("invalid URL %q", start)
		return out
	}
	rec := newRecorder(time.Now)
	quiet := newNetQuiet(time.Now, b.longPolls)
	if cfg.HARDir != "" {
		rec.har = newHARLog()
	}
	runCtx := ctx
	if cfg.SiteTimeout > 0 {
		var cancel context.CancelFunc
		runCtx, cancel = context.WithTimeout(ctx, cfg.SiteTimeout)
		defer cancel()
	}

	// The tab lives with the browser, not with ctx, so that an interrupt
	// still lets the cookies of the pages visited be read.
	tabCtx, cancel, err := b.openTab(browserCtx, rec, quiet)
	defer cancel()
	if err != nil {
		out.result.Error = err.Error()
		return out
	}
	if phase != observe.PhasePreConsent && cfg.Consent != nil {
		if err := cfg.Consent.Prepare(tabCtx); err != nil {
			cfg.Logger.Warn("consent prepare failed", "site", start, "phase", phase, "err", err)
		}
	}

	pages := newFrontier(startURL, cfg.MaxPages, cfg.MaxDepth)
	var heap heapWatch
	var pol policyCandidates
	for !out.stopped(ctx, runCtx, cfg.SiteTimeout) {
		it, ok := pages.next()
		if !ok {
			break
		}
		pg, links := b.visit(tabCtx, runCtx, rec, quiet, &heap, it.url, cfg, len(out.result.Pages) == 0)
		out.result.Pages = append(out.result.Pages, pg)
		if len(out.result.Pages) == 1 && phase != observe.PhasePreConsent {
			b.consent(tabCtx, rec, quiet, phase, cfg, &out.result)
		} else if len(out.result.Pages) > 1 {
			checkBannerReturned(tabCtx, pg, cfg, &out.result)
		}
		if pg.Error == "" && pol.has(it.url) && keepsPolicyPages(&out.result) {
			out.keepPolicyPage(tabCtx, it.url, pg, cfg.Logger)
		}
		for _, l := range pages.add(it, pg.URL, links) {
			pol.add(l.URL, l.Text)
		}
	}
	if out.result.Error == "" {
		out.stopped(ctx, runCtx, cfg.SiteTimeout) // the last page may have been cut short
	}
	if len(out.result.Pages) == 1 && out.result.Pages[0].Error != "" && out.result.Error == "" {
		out.result.Error = out.result.Pages[0].Error
	}
	b.readPhase(tabCtx, rec, startURL.Hostname(), &out)
	if cfg.HARDir != "" {
		if err := rec.har.write(cfg.HARDir, start, phase); err != nil {
			cfg.Logger.Warn("HAR not written", "site", start, "phase", phase, "err", err)
		}
	}
	if readsSettingsLayer(phase, cfg) && out.result.Error == "" {
		// Everything the phase records is read: opening the layer now
		// changes none of it.
		out.settingsLayer = readSettingsLayer(tabCtx, cfg)
	}
	out.policyPages = pol.best(out.policyPages, maxPolicyPages)
	out.policies = pol.list()
	return out
}

// stopped reports whether the phase's crawl is to stop because ctx ended
// (an interrupt) or runCtx did (the site budget ran out), and then says
// which in the result's error.
func (out *phaseOutcome) stopped(ctx, runCtx context.Context, siteTimeout time.Duration) bool {
	if runCtx.Err() == nil {
		return false
	}
	if ctx.Err() != nil {
		out.result.Error = "interrupted after " + plural(len(out.result.Pages), "page")
		out.result.Interrupted = true
	} else {
		out.result.Error = fmt.Sprintf("site timeout (%s) after %s", siteTimeout, plural(len(out.result.Pages), "page"))
	}
	return true
}

// keepPolicyPage keeps the document of pg, the policy candidate link
// visited, as the tab holds it now.
func (out *phaseOutcome) keepPolicyPage(tabCtx context.Context, link string, pg observe.Page, log *slog.Logger) {
	doc, truncated, err := readDocument(tabCtx)
	if err != nil {
		log.Debug("policy page", "url", pg.URL, "err", err)
		return
	}
	out.policyPages = append(out.policyPages, observe.PolicyPage{Link: link, URL: pg.URL, Phase: out.result.Phase, HTML: doc, Truncated: truncated})
}

// readPhase reads what the phase's pages left once the crawl has ended:
// the cookie store (a failure to read it is the phase's error, unless it
// has one), the frames' web storage, and from rec the phase's cookies,
// storage and requests, judged third-party or not against the site of
// startHost, the start page's host.
func (b *Browser) readPhase(tabCtx context.Context, rec *recorder, startHost string, out *phaseOutcome) {
	phase := out.result.Phase
	if err := b.snapshotCookies(tabCtx, rec); err != nil && out.result.Error == "" {
		out.result.Error = err.Error()
	}
	b.frameStorage(tabCtx, rec)
	out.cookies = rec.cookies(phase, startHost)
	out.storage = rec.storageItems()
	out.requests = rec.requestsSeen(phase)
	site := siteOf(startHost)
	for i := range out.storage {
		out.storage[i].Phase = phase
		if ou, err := url.Parse(out.storage[i].Origin); err == nil {
			out.storage[i].ThirdParty = siteOf(ou.Hostname()) != site
		}
	}
}

// maxPolicyPages bounds the policy documents a phase keeps: as many as the
// application reads candidates.
const maxPolicyPages = 3

// keepsPolicyPages reports whether a phase keeps the documents of the
// policy candidates it visits: the pre-consent phase does, and the accept
// phase once consent was given, for policies whose tables a consent manager
// fills in only after consent.
func keepsPolicyPages(res *observe.PhaseResult) bool {
	return res.Phase == observe.PhasePreConsent || (res.Phase == observe.PhaseAccept && res.ConsentOutcome() == observe.ConsentGiven)
}

// readDocument returns the outer HTML of the tab's document, at most
// observe.MaxPolicyHTML characters of it, and whether it was cut there.
func readDocument(tabCtx context.Context) (html string, truncated bool, err error) {
	ctx, cancel := context.WithTimeout(tabCtx, 10*time.Second)
	defer cancel()
	type document struct {
		HTML      string `json:"html"`
		Truncated bool   `json:"truncated"`
	}
	doc, err := chromedp.Run(ctx, chromedp.Evaluate[document](fmt.Sprintf(readDocumentJS, observe.MaxPolicyHTML)))
	if err != nil {
		return "", false, fmt.Errorf("read document: %w", err)
	}
	return doc.HTML, doc.Truncated, nil
}

// readDocumentJS reads the document's outer HTML, cut at %d characters.
const readDocumentJS = `(() => {
  const h = document.documentElement ? document.documentElement.outerHTML : '';
  return {html: h.length > %[1]d ? h.slice(0, %[1]d) : h, truncated: h.length > %[1]d};
})()`

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}

// consent gives or refuses consent on the first page and lets what the
// choice loads settle before the crawl goes on in the same profile.
func (b *Browser) consent(tabCtx context.Context, rec *recorder, quiet *netQuiet, phase observe.Phase, cfg Config, res *observe.PhaseResult) {
	if cfg.Consent == nil {
		// Nothing can operate a banner, so none is found (as a consent
		// manager that sees none records it).
		res.Consent = &observe.ConsentEvidence{Outcome: observe.ConsentNotFound, RejectOnFirstLayer: true}
		return
	}
	choice, ok := observe.ChoiceOf(phase)
	if !ok {
		return
	}
	actx, cancel := context.WithTimeout(tabCtx, cfg.PageTimeout)
	rec.choiceStarted()
	r := cfg.Consent.Apply(actx, choice)
	cancel()
	res.Consent = &r
	completeSettingsLayer(tabCtx, cfg, res)
	if r.Outcome != observe.ConsentGiven {
		rec.choiceFailed()
		return
	}
	rec.choiceMade()
	b.settle(tabCtx, quiet, cfg, rec.currentPage(), false, nil)
	rec.choiceHasSettled()
	b.collect(tabCtx, rec)
}

// listenTab passes each of a tab's DevTools events to the recorder and then
// to the quiet tracker, in the order the tab sent them.
func listenTab(rec *recorder, quiet *netQuiet) func(ev any) {
	return func(ev any) {
		rec.onEvent(ev)
		quiet.onEvent(ev)
	}
}

// openTab opens a tab in a fresh browser context (a fresh profile) of
// parent, its events going to rec and quiet, and readies it for crawling
// (setupTab). The tab is opened with no deadline, since the first action
// on a tab binds it to the context given; it closes with cancel, which is
// to be called whatever the error.
func (b *Browser) openTab(parent context.Context, rec *recorder, quiet *netQuiet) (context.Context, context.CancelFunc, error) {
	tabCtx, cancel := chromedp.NewContext(parent, chromedp.WithNewBrowserContext(), chromedp.WithListener(listenTab(rec, quiet)))
	if err := chromedp.Do(tabCtx); err != nil {
		return tabCtx, cancel, fmt.Errorf("open tab: %w", err)
	}
	if err := b.setupTab(tabCtx, rec, quiet); err != nil {
		return tabCtx, cancel, fmt.Errorf("set up tab: %w", err)
	}
	return tabCtx, cancel, nil
}

// setupTab readies a fresh tab for crawling: it enables the network
// domain, the cookie controls, the user agent and the instrumentation, and
// passes the page's script cookie writes to rec (and tells quiet of them).
func (b *Browser) setupTab(ctx context.Context, rec *recorder, quiet *netQuiet) error {
	c := chromedp.FromContext(ctx)
	rec.setMainFrame(string(c.Target.TargetID))
	// No response bodies are kept for DevTools: the crawler never reads
	// them, and on real pages they would hold megabytes per tab.
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{
		MaxTotalBufferSize: new(int64(0)), MaxResourceBufferSize: new(int64(0)), MaxPostDataSize: new(int64(0)),
	}); err != nil {
		return err
	}
	// The headless shell keeps no profile preferences, so the choice on
	// third-party cookies is made for the tab as well.
	if _, err := chromedp.Call(ctx, network.SetCookieControls, network.SetCookieControlsParams{EnableThirdPartyCookieRestriction: b.opts.BlockThirdPartyCookies}); err != nil {
		return fmt.Errorf("cookie controls: %w", err)
	}
	if _, err := chromedp.Call(ctx, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{UserAgent: b.UserAgent(), AcceptLanguage: "en-GB,en;q=0.9"}); err != nil {
		return err
	}
	if _, err := chromedp.Call(ctx, runtime.AddBinding, runtime.AddBindingParams{Name: bindingName}); err != nil {
		return err
	}
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: instrumentJS}); err != nil {
		return err
	}
	if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorDeny, BrowserContextID: c.BrowserContextID,
	}); err != nil {
		return err
	}
	// Script writes and dialogs need commands, so they are handled off the
	// tab's reader goroutine.
	bindings := chromedp.Events(ctx, runtime.BindingCalled)
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for ev, err := range bindings {
			if err != nil {
				return
			}
			if ev.Name == bindingName && rec.onScriptWrite(ev.Payload) {
				quiet.touch()
			}
		}
	}()
	go func() {
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			// Dismiss alerts and prompts; let beforeunload leave the page.
			accept := ev.Type == page.DialogTypeBeforeunload || ev.Type == page.DialogTypeAlert
			_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: accept})
		}
	}()
	return nil
}

// visit loads one page, waits for it to settle, snapshots cookies and
// storage, and returns its links. first says it is the tab's first page;
// heap, when not nil, decides the renderer's garbage collections.
func (b *Browser) visit(tabCtx, runCtx context.Context, rec *recorder, quiet *netQuiet, heap *heapWatch, target string, cfg Config, first bool) (observe.Page, []Link) {
	pg := observe.Page{URL: target}
	if cfg.PageStarted != nil {
		cfg.PageStarted(target)
	}
	rec.setPage(target)
	quiet.startPage()
	pctx, cancel := context.WithTimeout(tabCtx, cfg.PageTimeout)
	defer cancel()
	// An interrupt or the site budget ends the page early too.
	stop := context.AfterFunc(runCtx, cancel)
	defer stop()
	if !first && heap != nil {
		heap.collect(tabCtx)
	}
	resp, err := chromedp.Run(pctx, chromedp.NavigateResponse(target))
	if resp != nil {
		pg.Status = int(resp.Status)
		if resp.URL != "" {
			pg.URL = resp.URL
			rec.setPage(resp.URL)
		}
	}
	if err != nil {
		pg.Error = navError(err, pctx, cfg.PageTimeout)
		// Stop whatever is still loading so the tab can be reused.
		sctx, scancel := context.WithTimeout(tabCtx, 2*time.Second)
		_, _ = chromedp.Call(sctx, page.StopLoading, struct{}{})
		scancel()
		quiet.clearInflight()
		doc := rec.mainDocument()
		if resp == nil && (doc == nil || runCtx.Err() != nil) {
			b.collect(tabCtx, rec)
			return pg, nil
		}
		if resp == nil {
			// The document arrived but the load never finished: read the
			// page as it stands.
			pg.Status, pg.URL = int(doc.Status), doc.URL
		}
		// The page's own deadline has passed; give the reads below their
		// own.
		cancel()
		pctx, cancel = context.WithTimeout(tabCtx, 10*time.Second)
		defer cancel()
	}
	if pg.Status >= 400 && pg.Error == "" {
		pg.Error = fmt.Sprintf("HTTP %d %s", pg.Status, http.StatusText(pg.Status))
	}
	// The page's URL, links and own web storage in one round trip, then
	// the cookie store and, when the page has frames, theirs.
	var st pageState
	// The cookie store is read beside the page, each a round trip of its
	// own.
	read := func() {
		var cookies sync.WaitGroup
		cookies.Go(func() {
			_ = b.snapshotCookies(tabCtx, rec) // a failure shows at the phase's last read
		})
		st, err = chromedp.Run(pctx, chromedp.Evaluate[pageState](pageStateJS))
		if err == nil && st.Frames > 0 {
			b.frameStorage(tabCtx, rec)
		}
		cookies.Wait()
	}
	if _, current := b.settle(pctx, quiet, cfg, pg.URL, true, read); !current {
		read()
	}
	if err != nil {
		cfg.Logger.Debug("page state", "url", target, "err", err)
		b.collect(tabCtx, rec)
		return pg, nil
	}
	if st.URL != "" {
		pg.URL = st.URL
		rec.setPage(st.URL)
	}
	if st.BotCheck != "" && pg.Error == "" {
		pg.Error = "blocked by a bot check (" + st.BotCheck + "): the site did not serve its pages to the crawler"
	}
	rec.addStorage(st.storageItems())
	if st.BotCheck != "" || pg.Status >= 400 {
		return pg, nil // not the site's content: its links lead nowhere useful
	}
	// A page whose document arrived but whose load never finished (a
	// hanging third-party resource) is still the site's page: follow it.
	return pg, st.Links
}

// pageState is what pageStateJS reads from a loaded page.
type pageState struct {
	URL    string `json:"url"`
	Origin string `json:"origin"`
	Links  []Link `json:"links"`
	Frames int    `json:"frames"`
	// BotCheck names the bot wall (captcha, challenge) the page shows
	// instead of its content, if any.
	BotCheck string `json:"bot_check"`
	Storage  []struct {
		Area string `json:"area"`
		Key  string `json:"key"`
		Size int    `json:"size"`
	} `json:"storage"`
}

func (st pageState) storageItems() []observe.StorageItem {
	out := make([]observe.StorageItem, 0, len(st.Storage))
	for _, it := range st.Storage {
		out = append(out, observe.StorageItem{Origin: st.Origin, Area: it.Area, Key: it.Key, Size: it.Size})
	}
	return out
}

// pageStateJS reads the page's URL, its links (at most 2,000), how many
// frames it has, and its own storage keys with sizes (never values).
const pageStateJS = `(() => {
  const links = Array.from(document.querySelectorAll('a[href], area[href]')).slice(0, 2000).map(a => ({
    href: String(a.href),
    text: (a.innerText || a.textContent || a.getAttribute('aria-label') || '').trim().slice(0, 200)}));
  const storage = [];
  for (const [area, get] of [['local', () => localStorage], ['session', () => sessionStorage]]) {
    try {
      const s = get();
      for (let i = 0; i < s.length && i < 1000; i++) {
        const k = s.key(i);
        storage.push({area: area, key: k, size: k.length + (s.getItem(k) || '').length});
      }
    } catch (e) {}
  }
  const text = ((document.title || '') + ' ' + (document.body ? document.body.innerText.slice(0, 3000) : '')).toLowerCase();
  let botCheck = '';
  if (document.querySelector('#challenge-form, #cf-challenge-running, .cf-turnstile, iframe[src*="challenges.cloudflare.com"]')) botCheck = 'Cloudflare challenge';
  else if (/just a moment\.\.\.|attention required|verify you are (a )?human|are you a robot|unusual traffic from your/.test(text) &&
           document.querySelectorAll('a[href]').length < 15) botCheck = 'human verification page';
  else if (document.querySelector('.g-recaptcha, .h-captcha, iframe[src*="recaptcha"], iframe[src*="hcaptcha"]') &&
           document.querySelectorAll('a[href]').length < 15) botCheck = 'captcha page';
  return {url: String(location.href), origin: String(location.origin), links: links, frames: window.frames.length, storage: storage, bot_check: botCheck};
})()`

func navError(err error, pctx context.Context, timeout time.Duration) string {
	if errors.Is(err, context.Canceled) || errors.Is(pctx.Err(), context.Canceled) {
		return "page load stopped (interrupted or site timeout)"
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(pctx.Err(), context.DeadlineExceeded) {
		return fmt.Sprintf("page did not load within %s", timeout)
	}
	msg := err.Error()
	if i := strings.Index(msg, "net::"); i >= 0 {
		return "page load failed: " + msg[i:]
	}
	return msg
}

// collect snapshots the profile's cookies and the frames' web storage.
func (b *Browser) collect(tabCtx context.Context, rec *recorder) {
	_ = b.snapshotCookies(tabCtx, rec)
	b.frameStorage(tabCtx, rec)
}

// snapshotCookies reads the profile's cookie store.
func (b *Browser) snapshotCookies(tabCtx context.Context, rec *recorder) error {
	ctx, cancel := context.WithTimeout(tabCtx, 10*time.Second)
	defer cancel()
	c := chromedp.FromContext(tabCtx)
	res, err := chromedp.CallBrowser(ctx, storage.GetCookies, storage.GetCookiesParams{BrowserContextID: c.BrowserContextID})
	if err != nil {
		return fmt.Errorf("read cookies: %w", err)
	}
	rec.snapshot(res.Cookies)
	return nil
}

// frameStorage reads the web storage of every frame's origin, the origins
// and their two areas at once.
func (b *Browser) frameStorage(tabCtx context.Context, rec *recorder) {
	ctx, cancel := context.WithTimeout(tabCtx, 10*time.Second)
	defer cancel()
	tree, err := chromedp.Call(ctx, page.GetFrameTree, struct{}{})
	if err != nil || tree.FrameTree == nil {
		return
	}
	origins := map[string]bool{}
	var walk func(t *page.FrameTree)
	walk = func(t *page.FrameTree) {
		if t.Frame != nil {
			origins[t.Frame.SecurityOrigin] = true
		}
		for _, ch := range t.ChildFrames {
			walk(ch)
		}
	}
	walk(tree.FrameTree)
	var reads sync.WaitGroup
	for origin := range origins {
		ou, err := url.Parse(origin)
		if err != nil || (ou.Scheme != "https" && ou.Scheme != "http") {
			continue
		}
		for _, local := range []bool{true, false} {
			reads.Go(func() { rec.addStorage(domStorage(ctx, origin, local)) })
		}
	}
	reads.Wait()
}

// domStorage reads the keys and sizes (never the values) of origin's local
// or session storage; nil when it cannot be read.
func domStorage(ctx context.Context, origin string, local bool) []observe.StorageItem {
	res, err := chromedp.Call(ctx, domstorage.GetDOMStorageItems, domstorage.GetDOMStorageItemsParams{
		StorageID: &domstorage.StorageID{SecurityOrigin: origin, IsLocalStorage: local},
	})
	if err != nil {
		return nil
	}
	area := "session"
	if local {
		area = "local"
	}
	var items []observe.StorageItem
	for _, e := range res.Entries {
		if len(e) < 1 {
			continue
		}
		size := len(e[0])
		if len(e) > 1 {
			size += len(e[1])
		}
		items = append(items, observe.StorageItem{Origin: origin, Area: area, Key: e[0], Size: size})
	}
	return items
}
