package consent

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
	"golang.org/x/net/publicsuffix"
)

// Selectors are CSS selectors, set per site in the configuration file, that
// name a banner's controls when neither autoconsent nor the vocabulary
// finds them. Reject may be empty when Settings and Save are set: the
// settings layer is opened, every optional choice switched off and saved.
type Selectors struct {
	Accept   string `yaml:"accept,omitempty" json:"accept,omitempty"`
	Reject   string `yaml:"reject,omitempty" json:"reject,omitempty"`
	Settings string `yaml:"settings,omitempty" json:"settings,omitempty"`
	Save     string `yaml:"save,omitempty" json:"save,omitempty"`
}

// IsZero reports whether no selector is set.
func (s Selectors) IsZero() bool { return s == Selectors{} }

// Options configure a Manager.
type Options struct {
	// Autoconsent drives DuckDuckGo's autoconsent rules before the native
	// fallback.
	Autoconsent bool
	// AutoconsentPath is the @duckduckgo/autoconsent package directory;
	// empty finds it (see LocateAutoconsent).
	AutoconsentPath string
	// AutoconsentFetch lets New download the pinned autoconsent release
	// into the user cache when no copy is found.
	AutoconsentFetch bool
	// NativeOnlyReason, with Autoconsent off, says why, for ConsentRules.
	NativeOnlyReason string
	// Overrides apply to every site without an entry in SiteOverrides.
	Overrides Selectors
	// SiteOverrides maps a host name (www.example.gov.uk) or a registrable
	// domain (example.gov.uk) to its selectors.
	SiteOverrides map[string]Selectors
	// ScreenshotDir, when set, receives PNG screenshots of the page before
	// and after each click; Result holds their paths.
	ScreenshotDir string
	// ScreenshotPrefix starts every screenshot's file name.
	ScreenshotPrefix string
	// Logger receives diagnostics; nil discards them.
	Logger *slog.Logger
}

// Manager finds cookie banners and gives or refuses consent on them. It
// satisfies crawler.Consenter and is safe for concurrent use by many tabs.
type Manager struct {
	opts   Options
	log    *slog.Logger
	script string // bridge.js and the autoconsent bundle; empty when off
	// rulesTop and rulesFrame are the autoconsent rule bundles for
	// top-level documents and for iframes.
	rulesTop, rulesFrame ruleBundle
	// acVersion and acRules are autoconsent's version and its one-line
	// description (acpkg.Package.Describe); empty when autoconsent is off.
	// The package itself is not kept: its files are 0.8 MB.
	acVersion, acRules string
	// detectWait bounds the wait for autoconsent's detection
	// (acDetectWait; tests may lengthen it, see tab.detect).
	detectWait time.Duration

	mu   sync.Mutex
	tabs map[target.ID]*tab
	// firstLayers remembers, per tab, the controls of the banner a choice
	// was made on, so BannerShown recognises the same banner coming back.
	firstLayers map[target.ID][]string
}

//go:embed bridge.js
var bridgeJS string

// New returns a Manager. With opts.Autoconsent it loads the autoconsent
// bundle and rules, and fails with a message naming the install command
// when they cannot be found.
func New(opts Options) (*Manager, error) {
	return NewContext(context.Background(), opts)
}

// NewContext is New with a context that bounds a download of autoconsent
// (opts.AutoconsentFetch).
func NewContext(ctx context.Context, opts Options) (*Manager, error) {
	m := &Manager{opts: opts, log: opts.Logger, tabs: map[target.ID]*tab{}, firstLayers: map[target.ID][]string{}, detectWait: acDetectWait}
	if m.log == nil {
		m.log = slog.New(slog.DiscardHandler)
	}
	if opts.Autoconsent {
		if err := m.loadAutoconsent(ctx); err != nil {
			return nil, err
		}
	}
	if opts.ScreenshotDir != "" {
		if err := os.MkdirAll(opts.ScreenshotDir, 0o755); err != nil {
			return nil, fmt.Errorf("consent: screenshot directory: %w", err)
		}
	}
	return m, nil
}

// ruleBundle is a set of autoconsent rules ready for its init answers.
// Autoconsent runs a rule whose runContext names a urlPattern only on a
// document whose URL the pattern matches, and most rules (597 of 797 in
// 16.23) are such site-specific rules, so a document is sent the rules
// that hold for every URL and only the site-specific ones that match its
// URL: about 130 KB rather than 800 KB to parse on the first page of every
// consent phase, with the same rules in the same order run.
type ruleBundle struct {
	rules []bundledRule
	// generic is the bundle as JSON when no site-specific rule matches.
	generic string
}

// bundledRule is one rule as JSON, with its URL pattern when it has one.
type bundledRule struct {
	raw json.RawMessage
	// pattern is nil for a rule that runs on every URL, or for one whose
	// JavaScript pattern Go cannot parse (always sent: autoconsent
	// decides).
	pattern   *urlPattern
	siteBound bool
}

// forURL is the bundle, as the JSON of initResp's rules, for a document
// at pageURL.
func (b ruleBundle) forURL(pageURL string) string {
	var picked []json.RawMessage
	specific := false
	for _, r := range b.rules {
		switch {
		case !r.siteBound || r.pattern == nil:
			picked = append(picked, r.raw)
		case r.pattern.matches(pageURL):
			picked = append(picked, r.raw)
			specific = true
		}
	}
	if !specific {
		return b.generic
	}
	return encodeRules(picked)
}

// encodeRules writes rules as autoconsent's rule bundle JSON.
func encodeRules(rules []json.RawMessage) string {
	var sb strings.Builder
	sb.WriteString(`{"autoconsent":[`)
	for i, r := range rules {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.Write(r)
	}
	sb.WriteString(`]}`)
	return sb.String()
}

// splitRules parses autoconsent's rules.json and returns the rule bundle
// for top-level documents and the smaller one for iframes (rules whose
// runContext allows frames).
func splitRules(data []byte) (top, frame ruleBundle, err error) {
	var bundle struct {
		Autoconsent []json.RawMessage `json:"autoconsent"`
	}
	if err := json.Unmarshal(data, &bundle); err != nil {
		return top, frame, err
	}
	if len(bundle.Autoconsent) == 0 {
		return top, frame, fmt.Errorf("no rules")
	}
	for _, raw := range bundle.Autoconsent {
		var rc struct {
			RunContext *struct {
				Main       *bool  `json:"main"`
				Frame      *bool  `json:"frame"`
				URLPattern string `json:"urlPattern"`
			} `json:"runContext"`
		}
		if err := json.Unmarshal(raw, &rc); err != nil {
			return top, frame, err
		}
		main, inFrame := true, false
		r := bundledRule{raw: raw}
		if c := rc.RunContext; c != nil {
			if c.Main != nil {
				main = *c.Main
			}
			if c.Frame != nil {
				inFrame = *c.Frame
			}
			if c.URLPattern != "" {
				r.siteBound = true
				r.pattern, _ = newURLPattern(c.URLPattern)
			}
		}
		if main {
			top.rules = append(top.rules, r)
		}
		if inFrame {
			frame.rules = append(frame.rules, r)
		}
	}
	for _, b := range []*ruleBundle{&top, &frame} {
		var generic []json.RawMessage
		for _, r := range b.rules {
			if !r.siteBound || r.pattern == nil {
				generic = append(generic, r.raw)
			}
		}
		b.generic = encodeRules(generic)
	}
	return top, frame, nil
}

// selectorsFor returns the configured selectors for the page's host.
func (m *Manager) selectorsFor(pageURL string) Selectors {
	u, err := url.Parse(pageURL)
	if err == nil && len(m.opts.SiteOverrides) > 0 {
		host := strings.ToLower(u.Hostname())
		if s, ok := m.opts.SiteOverrides[host]; ok {
			return s
		}
		if etld1, err := publicsuffix.EffectiveTLDPlusOne(host); err == nil {
			if s, ok := m.opts.SiteOverrides[etld1]; ok {
				return s
			}
		}
	}
	return m.opts.Overrides
}

// Prepare readies a fresh tab: with autoconsent on it installs the bundle in
// an isolated world of every frame and starts answering its messages.
func (m *Manager) Prepare(ctx context.Context) error {
	if m.script == "" {
		return nil
	}
	c := chromedp.FromContext(ctx)
	if c == nil || c.Target == nil {
		return fmt.Errorf("consent: prepare: no tab in context")
	}
	t := newTab(m, c.Target.TargetID)
	if err := t.start(ctx); err != nil {
		return fmt.Errorf("consent: prepare autoconsent: %w", err)
	}
	m.mu.Lock()
	m.tabs[c.Target.TargetID] = t
	m.mu.Unlock()
	context.AfterFunc(ctx, func() {
		m.mu.Lock()
		delete(m.tabs, c.Target.TargetID)
		m.mu.Unlock()
	})
	return nil
}

func (m *Manager) tabOf(ctx context.Context) *tab {
	c := chromedp.FromContext(ctx)
	if c == nil || c.Target == nil {
		return nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.tabs[c.Target.TargetID]
}
