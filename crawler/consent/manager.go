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

	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
	"golang.org/x/net/publicsuffix"

	"github.com/cookieaudit/cookieaudit/crawler/consent/acpkg"
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
	// rulesTop and rulesFrame are the autoconsent rule bundles, as JSON,
	// for top-level documents and for iframes.
	rulesTop, rulesFrame string
	ac                   *acpkg.Package // nil when autoconsent is off

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
	m := &Manager{opts: opts, log: opts.Logger, tabs: map[target.ID]*tab{}, firstLayers: map[target.ID][]string{}}
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

// splitRules parses autoconsent's rules.json and returns the rule bundle
// for top-level documents and the smaller one for iframes (rules whose
// runContext allows frames), each as JSON.
func splitRules(data []byte) (top, frame string, err error) {
	var bundle struct {
		Autoconsent []json.RawMessage `json:"autoconsent"`
	}
	if err := json.Unmarshal(data, &bundle); err != nil {
		return "", "", err
	}
	if len(bundle.Autoconsent) == 0 {
		return "", "", fmt.Errorf("no rules")
	}
	var tops, frames []json.RawMessage
	for _, r := range bundle.Autoconsent {
		var rc struct {
			RunContext *struct {
				Main  *bool `json:"main"`
				Frame *bool `json:"frame"`
			} `json:"runContext"`
		}
		if err := json.Unmarshal(r, &rc); err != nil {
			return "", "", err
		}
		main, inFrame := true, false
		if rc.RunContext != nil {
			if rc.RunContext.Main != nil {
				main = *rc.RunContext.Main
			}
			if rc.RunContext.Frame != nil {
				inFrame = *rc.RunContext.Frame
			}
		}
		if main {
			tops = append(tops, r)
		}
		if inFrame {
			frames = append(frames, r)
		}
	}
	enc := func(rs []json.RawMessage) (string, error) {
		if rs == nil {
			rs = []json.RawMessage{}
		}
		b, err := json.Marshal(map[string]any{"autoconsent": rs})
		return string(b), err
	}
	if top, err = enc(tops); err != nil {
		return "", "", err
	}
	frame, err = enc(frames)
	return top, frame, err
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
