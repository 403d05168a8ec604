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
// The evidence (observe.ConsentEvidence) records what was pressed, whether the banner went away, the
// cookie or storage key the choice was written to (values are compared by
// fingerprint in memory and never kept), and screenshots before and after.
// It says how the choice was made (Via): by a click, with the button's
// name, or through the consent manager's script API when autoconsent's rule
// called one (APICall, e.g. "Cookiebot.withdraw()"). FirstLayer lists only
// controls that act, never tabs or switches. After the choice, the state the
// manager recorded is read back in the page (state.js: CookieControl,
// OneTrust, Cookiebot, __tcfapi, vanilla-cookieconsent, klaro, then any JSON
// or per-category record the choice wrote) and only its categories are kept
// (ConsentEvidence.State). BannerShown lets the crawl see a banner that comes
// back on a later page (ConsentEvidence.BannerReturnedOn).
package consent
