// Package crawler visits websites in headless Chromium, one fresh browser
// profile per site and consent phase, and records every cookie and web
// storage item the pages create.
package crawler

import (
	"time"

	"github.com/cookieaudit/cookieaudit/crawler/consent"
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

// Cookie is one cookie observed (or blocked) during one phase of a site's
// crawl. It never carries the cookie's value.
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
}

// Page is one page visited during a phase.
type Page struct {
	URL    string `json:"url"`
	Status int    `json:"status"`
	Error  string `json:"error"`
}

// PhaseResult is what happened during one phase of a site's crawl.
type PhaseResult struct {
	Phase Phase `json:"phase"`
	// ConsentAction is "none" (pre-consent), "clicked", "not-found" or
	// "failed".
	ConsentAction string          `json:"consent_action"`
	Consent       *consent.Result `json:"consent,omitempty"`
	Pages         []Page          `json:"pages"`
	Error         string          `json:"error,omitempty"`
	// Retried is true when the browser died during the phase and the phase
	// was crawled again in a restarted browser.
	Retried bool `json:"retried,omitempty"`
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

// SiteResult is everything the crawler saw on one site across its phases.
type SiteResult struct {
	URL     string        `json:"url"`
	Error   string        `json:"error"`
	Phases  []PhaseResult `json:"phases"`
	Cookies []Cookie      `json:"cookies"`
	Storage []StorageItem `json:"storage"`
	// PolicyLinks are same-site links whose text or URL is about cookies or
	// privacy, best candidate first, for policy discovery.
	PolicyLinks []string `json:"policy_links,omitempty"`
}
