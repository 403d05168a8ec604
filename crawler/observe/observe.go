// Package observe holds what a scan observed on a site: its phases, pages,
// cookies, web storage, the requests it sent to other sites and the
// evidence of each consent choice. The crawler
// fills these types and the audit reads them; the package depends on
// nothing but the standard library, so the report schema is visible here in
// one file and readers of a report need no browser code.
package observe

import (
	"encoding/json"
	"slices"
	"strings"
	"time"
)

// Phase names a consent state in which a site is crawled.
type Phase string

// The three consent phases, in the order they are crawled.
const (
	PhasePreConsent Phase = "pre-consent"
	PhaseAccept     Phase = "accept"
	PhaseReject     Phase = "reject"
)

// AllPhases lists every phase in crawl order.
var AllPhases = []Phase{PhasePreConsent, PhaseAccept, PhaseReject}

// Choice is what a phase asks of a consent banner: to give or to refuse
// consent.
type Choice string

// The choices a phase can ask for.
const (
	ChoiceAccept Choice = "accept"
	ChoiceReject Choice = "reject"
)

// ChoiceOf returns the choice a phase makes and whether it makes one at all
// (the pre-consent phase does not).
func ChoiceOf(p Phase) (Choice, bool) {
	switch p {
	case PhaseAccept:
		return ChoiceAccept, true
	case PhaseReject:
		return ChoiceReject, true
	}
	return "", false
}

// ConsentOutcome says whether a phase's consent choice was made.
type ConsentOutcome string

// The outcomes of operating a banner.
const (
	// ConsentNone means nothing was asked: the pre-consent phase, or a
	// phase that ended before its first page was read.
	ConsentNone ConsentOutcome = "none"
	// ConsentGiven means the choice was made, by a click or through the
	// consent manager's own API (see ConsentEvidence.Method).
	ConsentGiven ConsentOutcome = "clicked"
	// ConsentNotFound means no banner offering the choice was found.
	ConsentNotFound ConsentOutcome = "not-found"
	// ConsentFailed means a banner was found but the choice did not go
	// through.
	ConsentFailed ConsentOutcome = "failed"
)

// ConsentMethod says how a banner was found and operated.
type ConsentMethod string

// The methods, in the order they are tried.
const (
	MethodConfig      ConsentMethod = "config"
	MethodAutoconsent ConsentMethod = "autoconsent"
	MethodNative      ConsentMethod = "native"
)

// SiteStatus says whether a site's crawl ran to its end.
type SiteStatus string

// The states a site's crawl can end in.
const (
	// SiteComplete means every requested phase ran.
	SiteComplete SiteStatus = "complete"
	// SiteInterrupted means the run was stopped (Ctrl-C, a deadline) before
	// the site's phases finished; a resumed run crawls it again.
	SiteInterrupted SiteStatus = "interrupted"
	// SiteFailed means the site could not be audited (unreachable, TLS or
	// HTTP error on its start page).
	SiteFailed SiteStatus = "failed"
)

// Cookie is one cookie observed (or blocked) during one phase of a site's
// crawl. It never carries the cookie's value.
//
// Its lifetime is kept as the browser's own facts (Expires, Session and the
// seconds below) rather than as a policy.Lifetime: a cookie the browser
// stored always has a lifetime, session or not, so the "unknown" a
// policy.Lifetime allows cannot arise here, and this package imports
// nothing from policy. The audit turns these facts into the lifetime it
// judges in one function, audit.CookieLifetime.
type Cookie struct {
	Phase  Phase  `json:"phase"`
	Name   string `json:"name"`
	Domain string `json:"domain"`
	Path   string `json:"path"`
	// Expires is the effective expiry from the browser's store; nil for a
	// session cookie.
	Expires *time.Time `json:"expires"`
	Session bool       `json:"session"`
	// LifetimeSeconds is the effective lifetime (Expires minus the time the
	// cookie was set); 0 for a session cookie.
	LifetimeSeconds int64 `json:"lifetime_seconds"`
	// RequestedLifetimeSeconds is what the Set-Cookie header or the
	// document.cookie write asked for, before Chrome's 400-day cap; 0 for a
	// session cookie. When the request was not seen it equals
	// LifetimeSeconds.
	RequestedLifetimeSeconds int64  `json:"requested_lifetime_seconds"`
	Secure                   bool   `json:"secure"`
	HTTPOnly                 bool   `json:"http_only"`
	SameSite                 string `json:"same_site"`
	Partitioned              bool   `json:"partitioned"`
	ThirdParty               bool   `json:"third_party"`
	// SetBy is "header", "script", or "" when the origin of the cookie was
	// not seen.
	SetBy         string `json:"set_by"`
	SetByURL      string `json:"set_by_url"`
	FirstSeenURL  string `json:"first_seen_url"`
	Blocked       bool   `json:"blocked"`
	BlockedReason string `json:"blocked_reason"`
	// Removed is true when the cookie was set and then removed (or expired)
	// during the phase, so it is not in the store at the end.
	Removed bool `json:"removed,omitempty"`
	// AfterChoice says, in an accept or reject phase whose choice was
	// made, whether the cookie was written after the choice, kept through
	// it, or gone once it had settled. It is empty in the pre-consent
	// phase, when no choice was made, and in reports written before it was
	// recorded.
	AfterChoice AfterChoice `json:"after_choice,omitempty"`
}

// AfterChoice says what became of a cookie once its phase's consent choice
// (accept or reject) had been made. It tells a cookie that a refusal
// deleted (gone) from one set again after it (written) or left in place
// (kept).
type AfterChoice string

// The fates of a cookie across a consent choice.
const (
	// AfterChoiceWritten means a write of the cookie came after the choice
	// was made: stored, or for a blocked record attempted.
	AfterChoiceWritten AfterChoice = "written"
	// AfterChoiceKept means the cookie was written only before the choice
	// and was still in the browser's store in a snapshot taken after the
	// choice had settled (on the page it was made on or a later one).
	AfterChoiceKept AfterChoice = "kept"
	// AfterChoiceGone means the cookie was written (or attempted) only
	// before the choice and was in no store snapshot taken after it had
	// settled, e.g. a cookie the consent manager deleted on refusal.
	AfterChoiceGone AfterChoice = "gone"
)

// Page is one page visited during a phase.
type Page struct {
	URL    string `json:"url"`
	Status int    `json:"status"`
	Error  string `json:"error"`
}

// PhaseResult is what happened during one phase of a site's crawl.
type PhaseResult struct {
	Phase Phase `json:"phase"`
	// Consent is the evidence of the phase's consent choice; nil when none
	// was attempted (see ConsentOutcome).
	Consent *ConsentEvidence `json:"consent,omitempty"`
	Pages   []Page           `json:"pages"`
	Error   string           `json:"error,omitempty"`
	// Interrupted is true when the run was stopped before the phase ended.
	Interrupted bool `json:"interrupted,omitempty"`
	// Retried is true when the browser died during the phase and the phase
	// was crawled again in a restarted browser.
	Retried bool `json:"retried,omitempty"`
}

// ConsentOutcome is the outcome of the phase's consent choice, as its
// evidence records it: ConsentNone when no choice was attempted.
func (p PhaseResult) ConsentOutcome() ConsentOutcome {
	if p.Consent == nil || p.Consent.Outcome == "" {
		return ConsentNone
	}
	return p.Consent.Outcome
}

// MarshalJSON writes the phase with its consent outcome also as
// consent_action, as schema cookieaudit/report/v1 always had it, so that
// readers of v1 reports keep finding it; the evidence stays its one place
// in memory.
func (p PhaseResult) MarshalJSON() ([]byte, error) {
	type plain PhaseResult // without this method
	return json.Marshal(struct {
		Phase         Phase          `json:"phase"`
		ConsentAction ConsentOutcome `json:"consent_action"`
		plain
	}{p.Phase, p.ConsentOutcome(), plain(p)})
}

// UnmarshalJSON reads a phase, and the consent_action that reports written
// before the evidence was the outcome's one place carried beside it: the
// outcome goes into the evidence when the evidence lacks one.
func (p *PhaseResult) UnmarshalJSON(data []byte) error {
	type plain PhaseResult // without this method
	var v struct {
		plain
		ConsentAction ConsentOutcome `json:"consent_action"`
	}
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	*p = PhaseResult(v.plain)
	if v.ConsentAction == "" || v.ConsentAction == ConsentNone {
		return nil
	}
	if p.Consent == nil {
		p.Consent = &ConsentEvidence{Outcome: v.ConsentAction}
	} else if p.Consent.Outcome == "" {
		p.Consent.Outcome = v.ConsentAction
	}
	return nil
}

// ConsentEvidence is the evidence of one attempt to give or refuse consent.
type ConsentEvidence struct {
	// Outcome says whether the choice was made.
	Outcome ConsentOutcome `json:"consent_action"`
	// CMP names the consent manager recognised, or "generic".
	CMP string `json:"cmp,omitempty"`
	// Method says how the banner was found and operated.
	Method ConsentMethod `json:"method,omitempty"`
	// ButtonText is the accessible name of the last control clicked.
	ButtonText string `json:"button_text,omitempty"`
	// BannerFound is true when a banner was seen at all.
	BannerFound bool `json:"banner_found"`
	// BannerGone is true when the banner was no longer visible after the
	// click.
	BannerGone bool `json:"banner_gone"`
	// ConsentRecords name the cookies ("cookie:NAME") and storage keys
	// ("localStorage:KEY") the consent manager wrote to remember the
	// choice.
	ConsentRecords []string `json:"consent_records,omitempty"`
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
	// Via says whether the choice was made by clicking a control or
	// through the consent manager's own script API (APICall).
	Via ConsentVia `json:"via,omitempty"`
	// APICall is the consent manager API call that made the choice, e.g.
	// "Cookiebot.withdraw()", when Via is ConsentViaAPI.
	APICall string `json:"api_call,omitempty"`
	// State is what the consent manager recorded of the choice, read back
	// after it was made; nil when nothing could be read.
	State *ConsentState `json:"consent_state,omitempty"`
	// BannerReturnedOn is the URL of the first later page of the phase on
	// which the banner showed again after the choice, so the choice was
	// not remembered; empty when it stayed away.
	BannerReturnedOn string `json:"banner_returned_on,omitempty"`
	// Prominence measures how the first layer draws its accept and reject
	// controls, before any click; nil when no first layer was seen.
	Prominence *Prominence `json:"prominence,omitempty"`
	// Choices are the optional choices of the banner's settings layer as
	// they stood before the visitor touched them; empty when none was
	// found.
	Choices []ConsentChoice `json:"choices,omitempty"`
	// ChoicesInSeparateTab is true when Choices were read by opening the
	// settings layer in a throwaway tab with a fresh profile, because the
	// page kept no hidden copy of it and the phase did not open it.
	ChoicesInSeparateTab bool `json:"choices_in_separate_tab,omitempty"`
}

// SettingsLayerUnread reports whether an accept phase's evidence lacks the
// choices of the settings layer its banner offers: consent was given on a
// first layer offering reject and a settings control, and no choice was
// read, or only a hidden copy of the layer showing an optional choice on,
// which the layer may change when it opens. The reject phase presses
// reject on that layer and never opens it, so the choices are then read
// with the layer open elsewhere (ChoicesInSeparateTab).
func (e *ConsentEvidence) SettingsLayerUnread() bool {
	if e == nil || e.Outcome != ConsentGiven || e.Prominence == nil || e.Prominence.Reject == nil {
		return false
	}
	if !slices.ContainsFunc(e.FirstLayer, func(c string) bool { return strings.HasPrefix(c, "settings: ") }) {
		return false
	}
	return len(e.Choices) == 0 || HiddenPreticked(e.Choices)
}

// HiddenPreticked reports whether choices read from a settings layer not
// yet opened include an optional one switched on.
func HiddenPreticked(cs []ConsentChoice) bool {
	return slices.ContainsFunc(cs, func(c ConsentChoice) bool { return c.On && !c.Necessary && !c.Visible })
}

// Prominence is how a banner's first layer draws its accept and reject
// controls, measured in the rendered page before any click.
type Prominence struct {
	// Accept and Reject are the controls the phase would press first;
	// Reject is nil when the first layer has none.
	Accept *ControlLook `json:"accept,omitempty"`
	Reject *ControlLook `json:"reject,omitempty"`
	// RejectFirst is true when a visitor reads reject before accept (top
	// to bottom, then left to right); false as well when either is
	// missing.
	RejectFirst bool `json:"reject_first"`
	// ClicksToRefuse is the number of clicks a visitor needs to refuse: 1
	// with a reject on the first layer, else at least 2 through the
	// settings layer (the controls the reject phase pressed, when it
	// refused by clicking); 0 when no way to refuse was found.
	ClicksToRefuse int `json:"clicks_to_refuse"`
}

// ControlLook is how one banner control is drawn, in CSS pixels.
type ControlLook struct {
	// Name is the control's accessible name.
	Name string `json:"name"`
	// Tag is the element's tag name ("button", "a", "div") and Role its
	// ARIA role, when it has one.
	Tag  string `json:"tag"`
	Role string `json:"role,omitempty"`
	// Appearance is ControlButton when the control has a shape of its own
	// (a fill that stands out, a border or a shadow), ControlLink when only
	// its text shows, whatever its tag.
	Appearance ControlAppearance `json:"appearance"`
	// X and Y place the control's box on the page, Width and Height size it.
	X      float64 `json:"x"`
	Y      float64 `json:"y"`
	Width  float64 `json:"width"`
	Height float64 `json:"height"`
	// FontSize (px) and FontWeight (100–900) are those of its text.
	FontSize   float64 `json:"font_size"`
	FontWeight int     `json:"font_weight"`
	// Color is its text colour as drawn and Background the opaque colour
	// behind the text, both "#rrggbb".
	Color      string `json:"color"`
	Background string `json:"background"`
	// Contrast is the WCAG 2 contrast ratio of Color on Background; 0 when
	// it is unknown: an image or gradient lies behind the text, or a colour
	// is in a space other than sRGB.
	Contrast float64 `json:"contrast"`
}

// Area is the control's box's area in square CSS pixels.
func (l ControlLook) Area() float64 { return l.Width * l.Height }

// ControlAppearance says whether a control looks like a button or a link.
type ControlAppearance string

// The appearances of a control.
const (
	ControlButton ControlAppearance = "button"
	ControlLink   ControlAppearance = "link"
)

// ConsentChoice is one optional choice of a banner's settings layer (a
// purpose's toggle, box or radio group) as it stood before the visitor
// touched it.
type ConsentChoice struct {
	// Label is what the choice's label says, e.g. "Analytics cookies".
	Label string `json:"label"`
	// On is true when the choice was switched on (ticked, aria-checked or
	// the consenting radio option selected).
	On bool `json:"on"`
	// Necessary is true when the label says the purpose is strictly
	// necessary, or the choice is locked and names no optional purpose.
	Necessary bool `json:"necessary"`
	// Visible is false when the choice was read from a settings layer not
	// yet opened.
	Visible bool `json:"visible"`
}

// ConsentVia says how a consent choice was made.
type ConsentVia string

// The ways a choice is made.
const (
	ConsentViaClick ConsentVia = "click"
	ConsentViaAPI   ConsentVia = "api"
)

// ConsentState is what a consent manager recorded of the visitor's choice,
// read back through its API or its record after the choice.
type ConsentState struct {
	// Source says where the state was read, e.g. "CookieControl cookie
	// (optionalCookies)", "OneTrust OptanonConsent groups", "Cookiebot
	// CookieConsent", "cookies_policy cookie", "__tcfapi".
	Source string `json:"source"`
	// Accepted and Refused list the purpose categories the record grants
	// and refuses, normalised where they are known ("necessary",
	// "preferences", "analytics", "marketing"), else as the manager names
	// them.
	Accepted []string `json:"accepted"`
	Refused  []string `json:"refused"`
}

// StorageItem is one localStorage or sessionStorage key seen at the end of a
// phase. Only its name and size are kept, never its value.
type StorageItem struct {
	Phase Phase `json:"phase"`
	// Origin is the scheme://host[:port] the storage belongs to.
	Origin string `json:"origin"`
	// Area is "local" or "session".
	Area       string `json:"area"`
	Key        string `json:"key"`
	Size       int    `json:"size"`
	ThirdParty bool   `json:"third_party"`
}

// Request is one endpoint (host and path) contacted during a phase, with
// every request to it merged: a third-party request, or a first-party one
// that carried a tag's measurement or consent parameters (server-side
// tagging). It keeps no query value but the consent signals and the
// measurement ID, never a cookie or an identifier's value.
type Request struct {
	Phase Phase `json:"phase"`
	// Host and Path say where it went; the query is dropped.
	Host string `json:"host"`
	Path string `json:"path"`
	// Method is the first request's HTTP method.
	Method string `json:"method"`
	// Type is the browser's resource type: Script, Image, Ping (a
	// sendBeacon), Fetch, XHR, Document (an iframe), Stylesheet and so on.
	Type string `json:"type"`
	// Initiator is the script that made the first request (its URL without
	// the query), or the page when the HTML asked for it.
	Initiator string `json:"initiator"`
	// PageURL is the top-level page the first request was made on.
	PageURL string `json:"page_url"`
	// Count is how many requests were merged.
	Count int `json:"count"`
	// ThirdParty is false for a first-party endpoint of the site.
	ThirdParty bool `json:"third_party"`
	// AfterChoice is true in an accept or reject phase for requests made
	// after the consent choice; requests made before it are kept apart.
	AfterChoice bool `json:"after_choice,omitempty"`
	// Cookies names the cookies the browser sent with it (never values).
	Cookies []string `json:"cookies,omitempty"`
	// IDParams names the visitor-identifier parameters it carried, e.g.
	// cid, uid, fbp.
	IDParams []string `json:"id_params,omitempty"`
	// IDCookies names the cookies of the visiting browser whose value an
	// identifier parameter carried, e.g. _ga for GA4's cid, _fbp for the
	// Meta pixel's fbp: the request read a stored identifier.
	IDCookies []string `json:"id_cookies,omitempty"`
	// MeasurementID is the tag's account or property ID (tid, id, pid), when
	// one was sent.
	MeasurementID string `json:"measurement_id,omitempty"`
	// GCS and GCD are Google Consent Mode's consent signals (the gcs and
	// gcd parameters) as sent, e.g. "G100" and "13p3p3p3p5"; empty when
	// not sent.
	GCS string `json:"gcs,omitempty"`
	GCD string `json:"gcd,omitempty"`
}

// SiteResult is everything the crawler saw on one site across its phases.
type SiteResult struct {
	URL   string `json:"url"`
	Error string `json:"error"`
	// Status says whether the crawl ran to its end; empty in reports
	// written before it was recorded.
	Status  SiteStatus    `json:"status,omitempty"`
	Phases  []PhaseResult `json:"phases"`
	Cookies []Cookie      `json:"cookies"`
	Storage []StorageItem `json:"storage"`
	// Requests are the endpoints outside the site (and the site's own
	// endpoints that carried a tag's measurement or consent parameters)
	// contacted in each phase; empty in reports written before they were
	// recorded.
	Requests []Request `json:"requests,omitempty"`
	// PolicyLinks are same-site links whose text or URL is about cookies or
	// privacy, best candidate first, for policy discovery.
	PolicyLinks []string `json:"policy_links,omitempty"`
	// PolicyPages are the documents of the policy candidates the crawl
	// visited, best candidate first, so that the policy is read without
	// loading its page again. They are the crawl's working data, not the
	// report's: never written out.
	PolicyPages []PolicyPage `json:"-"`
}

// PolicyPage is the rendered document of a page that the crawl visited and
// that was a cookie policy candidate (see SiteResult.PolicyLinks), as it
// stood once the page had settled.
type PolicyPage struct {
	// Link is the candidate link the page was visited by; URL is where it
	// ended, after redirects.
	Link string
	URL  string
	// Phase is the phase whose visit the document comes from: pre-consent,
	// or accept when consent was given (tables some consent managers fill
	// in only then).
	Phase Phase
	// HTML is the document's outer HTML, at most MaxPolicyHTML characters.
	HTML string
	// Truncated is true when the document was longer and HTML is its start.
	Truncated bool
}

// MaxPolicyHTML bounds the characters of a kept policy document (about
// 2 MB: a long policy with every table is a few hundred KB).
const MaxPolicyHTML = 2 << 20
