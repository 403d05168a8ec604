// Package report is the report model of cookieaudit: the report, its sites
// and findings and how each cookie matched the policy, the results log a
// run appends to, and the reading and writing of report JSON
// (cookieaudit/report/v1). It imports no browser and no command code.
package report

import (
	"time"

	"github.com/cookieaudit/cookieaudit/crawler/observe"

	"github.com/cookieaudit/cookieaudit/policy"
)

// Schema identifies the JSON report format.
const Schema = "cookieaudit/report/v1"

// Tool identifies the program that wrote a report.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	// Autoconsent is the version of DuckDuckGo's autoconsent rules the
	// banners were operated with; empty when they were not used.
	Autoconsent string `json:"autoconsent,omitempty"`
	// ConsentRules says which rules operated banners: "autoconsent
	// 16.23.0, 797 rules (cache)", or "built-in finder only: " and why.
	ConsentRules string `json:"consent_rules,omitempty"`
	// Browser names the browser that crawled, e.g.
	// "HeadlessChrome/156.0.8078.114 (/usr/lib/chromium/chromium-headless-shell)"
	// (crawler.Browser.Describe).
	Browser string `json:"browser,omitempty"`
}

// Report is the whole result of a run over one or more sites.
type Report struct {
	Schema     string    `json:"schema"`
	Tool       Tool      `json:"tool"`
	StartedAt  time.Time `json:"started_at"`
	FinishedAt time.Time `json:"finished_at"`
	Sites      []Site    `json:"sites"`
	// Audit records the settings the findings were evaluated with; nil when
	// the report has not been audited (a crawl only).
	Audit *AuditSettings `json:"audit,omitempty"`
	// Baseline names the previous report findings were compared with.
	Baseline string `json:"baseline,omitempty"`
	// Partial is true when the run was stopped before every site was
	// crawled; the sites it did not finish have status "interrupted".
	Partial bool `json:"partial,omitempty"`
}

// AuditSettings records how a report's findings were evaluated.
type AuditSettings struct {
	Profile         string  `json:"profile"`
	ExpiryTolerance float64 `json:"expiry_tolerance"`
	// LifetimeCap is the cap lifetime-cap findings were judged against;
	// always known (audit.Options.Settings fills in the default).
	LifetimeCap policy.Lifetime `json:"lifetime_cap_seconds"`
}

// PolicyRef says where a site's cookie policy was read from, or why it could
// not be.
type PolicyRef struct {
	URL   string `json:"url"`
	Error string `json:"error"`
	// Phase is the crawl phase whose visit of the policy page the text was
	// read from: pre-consent, or accept for a policy whose cookie tables
	// fill in only once consent is given. It is empty when the page was
	// rendered on its own, or the policy came from a file or the config.
	Phase observe.Phase `json:"phase,omitempty"`
	// Interrupted is true when the read was cut short by the run (an
	// interrupt) or by the browser (a DevTools error, the browser gone):
	// Error then says nothing about the site's policy, the site is
	// interrupted and a resumed run reads it again.
	Interrupted bool `json:"interrupted,omitempty"`
}

// Site is one site's observations, declarations and findings.
type Site struct {
	observe.SiteResult
	Policy   PolicyRef            `json:"policy"`
	Declared []policy.Declaration `json:"declared"`
	Vendors  []policy.Vendor      `json:"vendors,omitempty"`
	Findings []Finding            `json:"findings"`
	// Matches says, per observed cookie, how it matched the policy.
	Matches []CookieMatch `json:"matches,omitempty"`
	// Trackers are the requests of SiteResult.Requests that a tracker list
	// recognised, with what they are and, for Google's tags, the consent
	// state they sent.
	Trackers []TrackerRequest `json:"trackers,omitempty"`
	// FinishedAt is when the site's crawl ended; merge keeps the newest of
	// two results for one site by it.
	FinishedAt time.Time `json:"finished_at,omitzero"`
}

// Severity ranks findings.
type Severity string

// Severities, highest first.
const (
	High   Severity = "high"
	Medium Severity = "medium"
	Low    Severity = "low"
	Info   Severity = "info"
)

// TrackerRequest is an observed request a tracker list recognised.
type TrackerRequest struct {
	observe.Request
	Vendor   string          `json:"vendor"`
	Category policy.Category `json:"category"`
	// Role is "collect" (a pixel, beacon or measurement hit), "embed" (a
	// third-party frame) or "loader" (a tag's script).
	Role string `json:"role"`
	// ConsentMode is the Google Consent Mode state the request sent, in
	// words ("ad_storage denied, analytics_storage denied, ..."); empty
	// when it sent none.
	ConsentMode string `json:"consent_mode,omitempty"`
	// Cookieless is true for a Google request sent with both storage
	// signals denied and no identifier read from a cookie: a cookieless
	// ping, recorded as evidence, not a finding.
	Cookieless bool `json:"cookieless,omitempty"`
}

// Evidence points at where a cookie was seen being set, or at the page
// and screenshot of a banner a finding is about.
type Evidence struct {
	PageURL  string `json:"page_url"`
	SetBy    string `json:"set_by"`
	SetByURL string `json:"set_by_url"`
	// Screenshot is the path of the banner's screenshot taken before the
	// choice, for findings about how the banner looks.
	Screenshot string `json:"screenshot,omitempty"`
}

// Finding is one problem (or note) about one cookie, one tracker endpoint
// or the whole of one site.
type Finding struct {
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	Cookie   string   `json:"cookie"`
	Domain   string   `json:"domain"`
	// Request is the endpoint (host and path) a tracker finding is about;
	// empty for cookie and site findings.
	Request string          `json:"request,omitempty"`
	Phases  []observe.Phase `json:"phases"`
	// Declared and Observed are short human-readable values, e.g. the
	// declared and observed lifetimes.
	Declared string     `json:"declared,omitempty"`
	Observed string     `json:"observed,omitempty"`
	Evidence []Evidence `json:"evidence,omitempty"`
	Message  string     `json:"message"`
	// Status is "new", "unchanged" or "resolved" when a baseline was given.
	Status string `json:"status,omitempty"`
	// Waived holds the waiver's reason when a waiver applies.
	Waived string `json:"waived,omitempty"`
	// WaiverExpired says that a waiver matched but had expired, so the
	// finding counts again.
	WaiverExpired string `json:"waiver_expired,omitempty"`
	// Category is the cookie's purpose class and Match how it matched the
	// policy (exact, pattern, near, vendor, none).
	Category policy.Category `json:"category,omitempty"`
	Match    MatchKind       `json:"match,omitempty"`
	// Blocked is true when every sighting behind the finding was a cookie
	// the browser refused to store: the finding is evidence (severity
	// info), not a violation on this visit.
	Blocked bool `json:"blocked,omitempty"`
}

// Subject is what the finding is about: its cookie, else the endpoint of a
// tracker finding; empty for a finding about the whole site.
func (f Finding) Subject() string {
	if f.Cookie != "" {
		return f.Cookie
	}
	return f.Request
}

// VisitedAnyPage reports whether any phase of the site's crawl visited a
// page.
func (s *Site) VisitedAnyPage() bool {
	for _, p := range s.Phases {
		if len(p.Pages) > 0 {
			return true
		}
	}
	return false
}
