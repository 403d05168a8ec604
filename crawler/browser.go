package crawler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/remote"
)

// BrowserOptions configure the Chromium the crawler drives.
type BrowserOptions struct {
	// Path is the Chromium or Chrome executable; empty finds one on PATH.
	Path string
	// RemoteURL, when set, drives an already running browser over the
	// DevTools Protocol (ws://...) instead of launching one.
	RemoteURL string
	// ResolverRules is passed to --host-resolver-rules (see ResolveRules).
	ResolverRules string
	// Insecure accepts invalid TLS certificates.
	Insecure bool
	// UserAgent overrides the user agent; empty uses the browser's own with
	// "HeadlessChrome" written as "Chrome", as a regular visitor's.
	UserAgent string
	// BlockThirdPartyCookies keeps Chromium's default of refusing
	// third-party cookies in fresh profiles. When false the crawler lets
	// them through, as most visitors' browsers still do.
	BlockThirdPartyCookies bool
	// Logger receives browser diagnostics; nil discards them.
	Logger *slog.Logger
}

// ErrNoBrowser is returned when no Chromium executable can be found.
var ErrNoBrowser = errors.New("no Chromium or Chrome found on PATH: install it (Debian/Ubuntu: apt-get install -y chromium-headless-shell chromium) or pass --browser PATH")

// BrowserNames are the executables FindBrowser looks for, in order: the
// headless shell first (a lighter build of Chromium for automation, which
// measured about half the memory of full Chromium on the same scan), then
// Chromium and Chrome.
var BrowserNames = []string{"chromium-headless-shell", "headless_shell", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"}

// Browser is one running Chromium shared by every site and phase; each
// site-phase gets its own browser context (a fresh, isolated profile).
type Browser struct {
	opts   BrowserOptions
	parent context.Context

	mu        sync.Mutex
	ctx       context.Context // the browser's first tab; lives as long as the browser
	cancel    context.CancelFunc
	gen       int // counts restarts
	userAgent string
	path      string // the executable launched; "" for a remote browser
	product   string // the browser's product and version, e.g. "HeadlessChrome/156.0.8078.114"

	// longPolls are the endpoints its pages have shown to be long polls.
	longPolls *longPolls
}

// debianHeadlessShell is the binary Debian's chromium-headless-shell
// package installs; /usr/bin holds only a shell wrapper around it.
const debianHeadlessShell = "/usr/lib/chromium/chromium-headless-shell"

// FindBrowser returns the first of BrowserNames found on PATH, preferring
// Debian's headless shell binary itself to its wrapper script.
func FindBrowser() (string, error) {
	for _, name := range BrowserNames {
		if name == "chromium-headless-shell" {
			if fi, err := os.Stat(debianHeadlessShell); err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0 {
				return debianHeadlessShell, nil
			}
		}
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", ErrNoBrowser
}

// Launch starts Chromium (or attaches to RemoteURL) and waits until it
// answers. Close must be called to stop it and remove its temporary profile.
func Launch(ctx context.Context, opts BrowserOptions) (*Browser, error) {
	b := &Browser{opts: opts, parent: context.WithoutCancel(ctx), longPolls: newLongPolls()}
	err := b.start()
	if errors.Is(err, errBrowserStart) && ctx.Err() == nil {
		// A browser process can die while starting on a busy machine
		// (seen as a zygote "broken pipe"); a second start usually works.
		if opts.Logger != nil {
			opts.Logger.Warn("browser failed to start; trying once more", "err", err)
		}
		err = b.start()
	}
	if err != nil {
		return nil, err
	}
	return b, nil
}

// errBrowserStart marks a browser process that was started but did not come
// up.
var errBrowserStart = errors.New("start browser")

// start launches (or attaches to) the browser; b.mu is held or b is new.
func (b *Browser) start() error {
	opts := b.opts
	ctx := b.parent
	var allocCtx context.Context
	var allocCancel context.CancelFunc
	path := ""
	if opts.RemoteURL != "" {
		allocCtx, allocCancel = remote.NewAllocator(ctx, opts.RemoteURL)
	} else {
		path = opts.Path
		if path == "" {
			p, err := FindBrowser()
			if err != nil {
				return err
			}
			path = p
		} else if _, err := exec.LookPath(path); err != nil {
			return fmt.Errorf("crawler: browser %s: %w", path, err)
		}
		dir, err := os.MkdirTemp("", "cookieaudit-profile-")
		if err != nil {
			return fmt.Errorf("crawler: profile: %w", err)
		}
		if err := writePreferences(dir, !opts.BlockThirdPartyCookies); err != nil {
			os.RemoveAll(dir)
			return fmt.Errorf("crawler: profile: %w", err)
		}
		var cancelExec context.CancelFunc
		allocCtx, cancelExec = chromedp.NewExecAllocator(ctx, append(b.allocatorOptions(path), chromedp.UserDataDir(dir))...)
		allocCancel = func() { cancelExec(); os.RemoveAll(dir) }
	}
	logf := func(string, ...any) {}
	if opts.Logger != nil {
		logf = func(f string, a ...any) { opts.Logger.Debug(fmt.Sprintf(f, a...), "source", "chromedp") }
	}
	tabCtx, tabCancel := chromedp.NewContext(allocCtx, chromedp.WithErrorf(logf), chromedp.WithLogf(logf))
	cancel := func() { tabCancel(); allocCancel() }
	// Start the browser with no deadline: its life is bound to this context.
	if err := chromedp.Do(tabCtx); err != nil {
		cancel()
		return fmt.Errorf("crawler: %w: %w", errBrowserStart, err)
	}
	v, err := chromedp.CallBrowser(tabCtx, browser.GetVersion, struct{}{})
	if err != nil {
		cancel()
		return fmt.Errorf("crawler: browser version: %w", err)
	}
	ua := opts.UserAgent
	if ua == "" {
		ua = strings.ReplaceAll(v.UserAgent, "HeadlessChrome", "Chrome")
	}
	closePopups(tabCtx)
	if path != "" {
		// The blank tab the browser opened with is never used (each
		// site-phase opens its own), yet its renderer costs memory for the
		// whole run; a headless browser lives on without tabs. A remote
		// browser's tabs are its owner's.
		c := chromedp.FromContext(tabCtx)
		if _, err := chromedp.CallBrowser(tabCtx, target.CloseTarget, target.CloseTargetParams{TargetID: c.Target.TargetID}); err != nil {
			logf("close the first tab: %v", err)
		}
	}
	b.ctx, b.cancel, b.userAgent, b.path, b.product = tabCtx, cancel, ua, path, v.Product
	return nil
}

// closePopups closes windows that pages open (window.open, target=_blank
// clicks) so they neither pile up nor set cookies unrecorded.
func closePopups(ctx context.Context) {
	created := chromedp.BrowserEvents(ctx, target.TargetCreated)
	go func() {
		for ev, err := range created {
			if err != nil {
				return
			}
			if ev.TargetInfo != nil && ev.TargetInfo.Type == "page" && ev.TargetInfo.OpenerID != "" {
				_, _ = chromedp.CallBrowser(ctx, target.CloseTarget, target.CloseTargetParams{TargetID: ev.TargetInfo.TargetID})
			}
		}
	}()
}

// current returns the running browser's context and its generation.
func (b *Browser) current() context.Context {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.ctx
}

func (b *Browser) generation() (context.Context, int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.ctx, b.gen
}

// alive reports whether the browser still answers.
func (b *Browser) alive(ctx context.Context) bool {
	if ctx.Err() != nil {
		return false
	}
	c, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	_, err := chromedp.Targets(c)
	return err == nil
}

// restart replaces a browser that crashed or was killed, once per crash:
// callers that saw generation gen dead share one restart.
func (b *Browser) restart(gen int) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.gen != gen {
		return nil // another worker restarted it already
	}
	if b.opts.Logger != nil {
		b.opts.Logger.Warn("browser died: restarting it")
	}
	b.cancel()
	if err := b.start(); err != nil {
		return err
	}
	b.gen++
	return nil
}

// process is the browser's process, or nil for a remote browser.
func (b *Browser) process() *os.Process {
	c := chromedp.FromContext(b.current())
	if c == nil || c.Browser == nil {
		return nil
	}
	return c.Browser.Process()
}

func (b *Browser) allocatorOptions(path string) []chromedp.ExecAllocatorOption {
	o := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.ModifyCmdFunc(ownProcessGroup),
		chromedp.Headless,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		// Quiet on a closed network.
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-breakpad", true),
		chromedp.Flag("disable-client-side-phishing-detection", true),
		chromedp.Flag("safebrowsing-disable-auto-update", true),
		chromedp.Flag("metrics-recording-only", true),
		chromedp.Flag("password-store", "basic"),
		chromedp.Flag("use-mock-keychain", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-background-timer-throttling", true),
		chromedp.Flag("disable-backgrounding-occluded-windows", true),
		chromedp.Flag("disable-renderer-backgrounding", true),
		chromedp.Flag("disable-hang-monitor", true),
		chromedp.Flag("disable-ipc-flooding-protection", true),
		chromedp.Flag("disable-prompt-on-repost", true),
		chromedp.Flag("mute-audio", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("disable-gpu", true),
		// Fewer processes for the same work: the GPU thread (software
		// compositing only) and the network service run inside the
		// browser process, each saving a process's fixed memory.
		chromedp.Flag("in-process-gpu", true),
		chromedp.Flag("enable-features", "NetworkServiceInProcess2"),
		// With those in-process, the zygote kept for unsandboxed helper
		// processes has nothing to start; the rare one still needed is
		// started directly. One process fewer: 8 MB on the bench's
		// three-phase scan.
		chromedp.Flag("no-unsandboxed-zygote", true),
		chromedp.WindowSize(1366, 900),
		// Look like a regular visitor: no "enable-automation", and
		// navigator.webdriver stays false, so consent managers that hide
		// from bots still show their banner.
		chromedp.Flag("disable-blink-features", "AutomationControlled"),
		// Keep cross-site iframes in the page's process so their network
		// events and cookie writes reach the page's DevTools session. The
		// browser holds no personal data, and each profile is thrown away.
		chromedp.Flag("disable-site-isolation-trials", true),
		chromedp.Flag("disable-features", strings.Join(b.disabledFeatures(), ",")),
	}
	if os.Geteuid() == 0 {
		o = append(o, chromedp.NoSandbox)
	}

	if b.opts.ResolverRules != "" {
		o = append(o, chromedp.Flag("host-resolver-rules", b.opts.ResolverRules))
	}
	if b.opts.Insecure {
		o = append(o, chromedp.Flag("ignore-certificate-errors", true))
	}
	if b.opts.UserAgent != "" {
		o = append(o, chromedp.UserAgent(b.opts.UserAgent))
	}
	return o
}

func (b *Browser) disabledFeatures() []string {
	f := []string{"Translate", "SpareRendererForSitePerProcess", "BackForwardCache", "MediaRouter", "OptimizationHints", "IsolateOrigins", "site-per-process", "InterestFeedContentSuggestions", "AutofillServerCommunication", "CertificateTransparencyComponentUpdater"}
	return f
}

// writePreferences seeds the browser's profile. Fresh profiles, and the
// off-the-record browser contexts made from them, refuse third-party
// cookies; cookie_controls_mode 0 lets them through like the default of
// most visitors' browsers.
func writePreferences(dir string, allowThirdParty bool) error {
	mode := 1
	if allowThirdParty {
		mode = 0
	}
	prefs := fmt.Sprintf(`{"profile":{"cookie_controls_mode":%d,"block_third_party_cookies":%t,"default_content_setting_values":{"cookies":1}}}`, mode, !allowThirdParty)
	if err := os.MkdirAll(filepath.Join(dir, "Default"), 0o700); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "Default", "Preferences"), []byte(prefs), 0o600)
}

// Describe names the browser that ran for a report's tool block: its
// version and, for a launched browser, its executable, e.g.
// "HeadlessChrome/156.0.8078.114 (/usr/bin/chromium-headless-shell)".
func (b *Browser) Describe() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.path == "" {
		return b.product + " (remote)"
	}
	return b.product + " (" + b.path + ")"
}

// UserAgent is the user agent the crawler presents.
func (b *Browser) UserAgent() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.userAgent
}

// Close stops the browser and removes its temporary profile.
func (b *Browser) Close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.cancel()
}
