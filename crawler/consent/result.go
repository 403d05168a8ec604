// Package consent finds a page's cookie banner and gives or refuses consent
// the way a visitor would.
//
// A Manager (see New) satisfies the crawler's Consenter. For each accept or
// reject phase it tries, in order:
//
//  1. the site's configured CSS selectors (Options.SiteOverrides), method
//     "config";
//  2. DuckDuckGo's autoconsent rules (npm package @duckduckgo/autoconsent),
//     injected with Page.addScriptToEvaluateOnNewDocument into an isolated
//     world of every frame and answered over a Runtime binding, method
//     "autoconsent"; its cosmetic rules are off (hiding a banner is not
//     consent) and its heuristic clicker may press only reject buttons;
//  3. a native search, method "native": native.js lists the visible controls
//     of every rendered frame (same- and cross-origin iframes, open shadow
//     roots) with their accessible names, Classify names them from an
//     accept, reject, settings and save vocabulary, and only controls inside
//     something about cookies are pressed. Refusing without a reject button
//     opens the settings layer, switches every optional choice off and
//     saves. Links that load another page are pressed only when plainly
//     named accept or reject, never "Cookie policy" or "Manage cookies".
//
// The Result records what was pressed, whether the banner went away, the
// cookie or storage key the choice was written to (values are compared by
// fingerprint in memory and never kept), and screenshots before and after.
package consent

// Action is what the crawler asks of a banner.
type Action string

// The actions a phase can ask for.
const (
	Accept Action = "accept"
	Reject Action = "reject"
)

// Result is the evidence of one attempt to give or refuse consent.
type Result struct {
	// Action is "clicked", "not-found" or "failed".
	Action string `json:"consent_action"`
	// CMP names the consent manager recognised, or "generic".
	CMP string `json:"cmp,omitempty"`
	// Method is "autoconsent", "native" or "config".
	Method string `json:"method,omitempty"`
	// ButtonText is the accessible name of the last control clicked.
	ButtonText string `json:"button_text,omitempty"`
	// BannerFound is true when a banner was seen at all.
	BannerFound bool `json:"banner_found"`
	// BannerGone is true when the banner was no longer visible after the
	// click.
	BannerGone bool `json:"banner_gone"`
	// ConsentRecord names the cookie or storage key the consent manager
	// wrote to remember the choice.
	ConsentRecord string `json:"consent_record,omitempty"`
	// RejectOnFirstLayer is false only when the first layer was seen
	// offering accept but no reject control.
	RejectOnFirstLayer bool `json:"reject_on_first_layer"`
	// ScreenshotBefore and ScreenshotAfter are paths of PNG files.
	ScreenshotBefore string `json:"screenshot_before,omitempty"`
	ScreenshotAfter  string `json:"screenshot_after,omitempty"`
	Error            string `json:"error,omitempty"`
	// Clicked lists, in order, the accessible names of every control
	// pressed (a settings layer takes several).
	Clicked []string `json:"clicked,omitempty"`
	// FirstLayer lists the consent controls the first layer offered, as
	// "kind: name" (kinds accept, reject, settings, save).
	FirstLayer []string `json:"first_layer,omitempty"`
	// BannerFrame is the URL of the iframe holding the banner, when it was
	// not in the page itself.
	BannerFrame string `json:"banner_frame,omitempty"`
	// Rule is the autoconsent rule that recognised the banner, if any.
	Rule string `json:"autoconsent_rule,omitempty"`
	// Notes explain why an earlier method gave way to a later one.
	Notes []string `json:"notes,omitempty"`
}
