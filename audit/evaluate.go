package audit

import (
	"cmp"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/cookieaudit/cookieaudit/audit/report"

	"github.com/cookieaudit/cookieaudit/crawler/observe"

	"github.com/cookieaudit/cookieaudit/policy"
)

// Settings returns the settings these options evaluate with (defaults
// filled in), for Report.Audit. A caller that runs Evaluate site by site
// should set r.Audit = opts.Settings(), so that `report` knows the saved
// findings are audited and keeps them (with their waivers).
func (o Options) Settings() *report.AuditSettings {
	n := o.normalized()
	return &report.AuditSettings{
		Profile:         n.Profile,
		ExpiryTolerance: n.ExpiryTolerance,
		LifetimeCap:     n.LifetimeCap,
	}
}

// Evaluate compares what was observed on a site with what its policy
// declares and replaces site.Findings (and site.Matches) with the result,
// sorted by severity, rule, cookie and domain. Every rule in Rules is
// checked in turn. There is one finding per rule, cookie name and domain,
// with the phases and evidence of every sighting merged.
//
// Blocked cookies (Blocked=true) were refused by the browser, so nothing was
// stored on this visitor's device and they violate nothing on this visit.
// Many visitors' browsers would store them, though, so an attempt that
// would otherwise break a rule is reported under that rule with severity
// info and Blocked=true: evidence for the DPO, never counted by a rule-ID
// gate. When a cookie was both stored and blocked, the stored sightings
// decide the severity and the blocked ones are added as evidence.
//
// When the policy is missing, the rules that compare against declarations
// (undeclared, overlong, declared-unused) are not evaluated: the single
// policy-missing finding says how many cookies could not be checked. A site
// that could not be audited, or whose policy read was interrupted, gets no
// policy-missing finding: that is no fault of the site's policy.
func Evaluate(site *report.Site, opts Options) {
	opts = opts.normalized()
	site.Findings = []report.Finding{}
	site.Matches = nil
	if CrawlFailed(site) {
		return
	}
	e := newEvaluation(site, opts)
	for i := range Rules {
		r := &Rules[i]
		r.check(e, r)
	}
	applyWaivers(e.findings, opts.Waivers, opts.Now)
	SortFindings(e.findings)
	site.Findings = e.findings
	if site.Findings == nil {
		site.Findings = []report.Finding{}
	}
}

// CrawlFailed reports whether a site could not be audited: its crawl
// failed (DNS, TLS, an HTTP error on its start page in every phase), or it
// has an error and nothing was seen. Such a site has no findings, only its
// error: cookies a 404 page sets say nothing of the site.
func CrawlFailed(site *report.Site) bool {
	return site.Status == observe.SiteFailed || (site.Error != "" && len(site.Cookies) == 0 && !site.VisitedAnyPage())
}

// newEvaluation prepares a site's evaluation: it matches every observed
// cookie against the policy and records the matches in site.Matches.
func newEvaluation(site *report.Site, opts Options) *evaluation {
	e := &evaluation{site: site, opts: opts, https: isHTTPS(site.URL), rejected: rejectClicked(site)}
	e.policyMissing = site.Policy.Error != "" || (site.Policy.URL == "" && len(site.Declared) == 0 && len(site.Vendors) == 0)
	e.matcher = newMatcher(site.Declared, site.Vendors, opts.Catalogue)
	records := consentRecords(site)
	for _, g := range groupCookies(site.Cookies) {
		cm := e.matcher.match(g.name, g.domain, g.setBy)
		if cm.CategorySource == "" && records[g.name] {
			// The consent manager's record of the visitor's choice is
			// strictly necessary (ICO guidance) when nothing else
			// classifies it.
			cm.Category, cm.CategorySource = policy.Necessary, "consent-record"
		}
		site.Matches = append(site.Matches, cm)
		e.cookies = append(e.cookies, matchedCookie{cookieGroup: g, match: cm})
	}
	e.classifyRequests()
	return e
}

// rejectClicked reports whether the crawler refused consent in the reject
// phase. When it could not (no banner found, or the click failed), the
// reject phase's cookies are those of a visitor who made no choice, so
// after-reject is not judged: pre-consent already covers them.
func rejectClicked(s *report.Site) bool {
	for _, p := range s.Phases {
		if p.Phase == observe.PhaseReject && p.ConsentOutcome() == observe.ConsentGiven {
			return true
		}
	}
	return false
}

// consentRecords names the cookies consent managers wrote to remember the
// visitor's choice. The crawler lists what a consent click wrote as
// "cookie:NAME" and "localStorage:KEY" entries; when none
// looked like a consent record it lists everything the click let in, so
// only cookies whose names look like a consent record are taken (a bare
// name is taken as a cookie).
func consentRecords(s *report.Site) map[string]bool {
	out := map[string]bool{}
	for _, p := range s.Phases {
		if p.Consent == nil {
			continue
		}
		for _, rec := range p.Consent.ConsentRecords {
			if kind, name, ok := strings.Cut(rec, ":"); ok {
				if kind != "cookie" {
					continue
				}
				rec = name
			}
			if consentRecordName.MatchString(rec) {
				out[rec] = true
			}
		}
	}
	return out
}

// consentRecordName matches names consent managers give their records.
var consentRecordName = regexp.MustCompile(`(?i)consent|cookie_?control|cookies?_?(policy|preferences|settings|accepted|agreed)|gdpr|optanon|cookiebot|cybot|cmp|ccc|choice|decision`)

// SortFindings sorts findings by severity (highest first), rule, cookie and
// domain.
func SortFindings(fs []report.Finding) {
	slices.SortStableFunc(fs, func(a, b report.Finding) int {
		return cmp.Or(
			cmp.Compare(SeverityRank(a.Severity), SeverityRank(b.Severity)),
			cmp.Compare(a.Rule, b.Rule),
			cmp.Compare(a.Cookie, b.Cookie),
			cmp.Compare(a.Domain, b.Domain),
			cmp.Compare(a.Status, b.Status),
		)
	})
}

// SeverityRank orders severities: 0 for high up to 3 for info, 4 for
// anything else.
func SeverityRank(s report.Severity) int {
	switch s {
	case report.High:
		return 0
	case report.Medium:
		return 1
	case report.Low:
		return 2
	case report.Info:
		return 3
	}
	return 4
}

// evaluation is the state of one site's evaluation that rules read.
type evaluation struct {
	site  *report.Site
	opts  Options
	https bool
	// policyMissing is true when there is no policy to compare with.
	policyMissing bool
	// rejected is true when the reject phase refused consent.
	rejected bool
	// matcher has matched every observed cookie already, so it knows
	// which declarations were used.
	matcher *matcher
	// cookies are the observed cookies with their matches, by name and
	// domain.
	cookies []matchedCookie
	// trackers are the observed requests a tracker list recognised.
	trackers []trackerSighting
	findings []report.Finding
}

// matchedCookie is a cookie's sightings with how it matched the policy.
type matchedCookie struct {
	cookieGroup
	match report.CookieMatch
}

// necessary reports whether the cookie is strictly necessary.
func (c matchedCookie) necessary() bool { return c.match.Category == policy.Necessary }

// cookieGroup is every sighting of one cookie name and domain on a site.
type cookieGroup struct {
	name, domain string
	records      []observe.Cookie
	// setBy lists the distinct URLs that set the cookie.
	setBy []string
}

func groupCookies(cs []observe.Cookie) []cookieGroup {
	index := map[[2]string]int{}
	var groups []cookieGroup
	for _, c := range cs {
		k := [2]string{c.Name, c.Domain}
		i, ok := index[k]
		if !ok {
			i = len(groups)
			index[k] = i
			groups = append(groups, cookieGroup{name: c.Name, domain: c.Domain})
		}
		groups[i].records = append(groups[i].records, c)
		if c.SetByURL != "" {
			groups[i].setBy = appendUnique(groups[i].setBy, c.SetByURL)
		}
	}
	slices.SortFunc(groups, func(a, b cookieGroup) int {
		return cmp.Or(cmp.Compare(a.name, b.name), cmp.Compare(a.domain, b.domain))
	})
	return foldRefusedWrites(groups)
}

// foldRefusedWrites moves the sightings of a cookie the browser only ever
// refused into the group of the same cookie stored under another domain
// (analytics scripts try the public suffix, ".gov.uk", before the site's
// own domain): the refusal is evidence on the stored cookie's findings,
// not a cookie of its own. groups are sorted by name.
func foldRefusedWrites(groups []cookieGroup) []cookieGroup {
	out := groups[:0:0]
	for i, g := range groups {
		if g.stored() {
			out = append(out, g)
			continue
		}
		into := -1
		for j, h := range groups {
			if j == i || h.name != g.name || !h.stored() {
				continue
			}
			// Prefer the stored domain within the refused one's.
			if into < 0 || strings.HasSuffix(h.domain, g.domain) && !strings.HasSuffix(groups[into].domain, g.domain) {
				into = j
			}
		}
		if into < 0 {
			out = append(out, g)
			continue
		}
		groups[into].records = append(groups[into].records, g.records...)
		for _, u := range g.setBy {
			groups[into].setBy = appendUnique(groups[into].setBy, u)
		}
	}
	// A group folded into one already copied to out must be updated there.
	for k := range out {
		for _, g := range groups {
			if g.name == out[k].name && g.domain == out[k].domain {
				out[k] = g
			}
		}
	}
	return out
}

// stored reports whether any sighting of the group was stored.
func (g cookieGroup) stored() bool {
	return slices.ContainsFunc(g.records, func(c observe.Cookie) bool { return !c.Blocked })
}

// add builds one finding for a cookie from the sightings recs. The finding
// is a violation with severity sev when any sighting was stored; when all
// were blocked it is info evidence with Blocked set. describe fills
// Declared/Observed and returns the message.
func (e *evaluation) add(rule string, g cookieGroup, cm report.CookieMatch, recs []observe.Cookie, sev report.Severity,
	describe func(f *report.Finding, stored bool, first report.Evidence) string) {
	stored := false
	for _, c := range recs {
		if !c.Blocked {
			stored = true
		}
	}
	f := report.Finding{Rule: rule, Severity: sev, Cookie: g.name, Domain: g.domain, Category: cm.Category, Match: cm.Match}
	if !stored {
		f.Severity, f.Blocked = report.Info, true
	}
	// Stored sightings come first so that the message cites one.
	ordered := slices.Clone(recs)
	slices.SortStableFunc(ordered, func(a, b observe.Cookie) int {
		return cmp.Or(boolRank(a.Blocked)-boolRank(b.Blocked), phaseRank(a.Phase)-phaseRank(b.Phase))
	})
	for _, c := range ordered {
		f.Phases = appendPhase(f.Phases, c.Phase)
		f.Evidence = appendEvidence(f.Evidence, report.Evidence{PageURL: c.FirstSeenURL, SetBy: c.SetBy, SetByURL: c.SetByURL})
	}
	sortPhases(f.Phases)
	first := report.Evidence{}
	if len(f.Evidence) > 0 {
		first = f.Evidence[0]
	}
	f.Message = describe(&f, stored, first)
	e.findings = append(e.findings, f)
}

func (e *evaluation) pageCount() int {
	seen := map[string]bool{}
	for _, p := range e.site.Phases {
		for _, pg := range p.Pages {
			seen[pg.URL] = true
		}
	}
	return len(seen)
}

func isHTTPS(u string) bool {
	p, err := url.Parse(u)
	return err == nil && strings.EqualFold(p.Scheme, "https")
}

func Host(u string) string {
	p, err := url.Parse(u)
	if err != nil || p.Hostname() == "" {
		return u
	}
	return p.Hostname()
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

func phaseRank(p observe.Phase) int {
	for i, q := range observe.AllPhases {
		if p == q {
			return i
		}
	}
	return len(observe.AllPhases)
}

func appendPhase(ps []observe.Phase, p observe.Phase) []observe.Phase {
	if slices.Contains(ps, p) {
		return ps
	}
	return append(ps, p)
}

func sortPhases(ps []observe.Phase) {
	slices.SortFunc(ps, func(a, b observe.Phase) int { return phaseRank(a) - phaseRank(b) })
}

func appendEvidence(evs []report.Evidence, ev report.Evidence) []report.Evidence {
	if slices.Contains(evs, ev) {
		return evs
	}
	return append(evs, ev)
}

// where says where a cookie was seen: the page and who set it. A header
// cookie came in the response to a URL (a page, a frame, an image); a
// script's write names the script only when its URL is a script's, not
// the page the write was made on (an inline script).
func where(ev report.Evidence) string {
	s := "on " + orUnknown(ev.PageURL)
	switch {
	case ev.SetBy == "header" && ev.SetByURL != "":
		s += " by a Set-Cookie header in the response to " + ev.SetByURL
	case ev.SetBy == "script" && ev.SetByURL != "" && !samePage(ev.SetByURL, ev.PageURL):
		s += " by the script " + ev.SetByURL
	case ev.SetBy == "script":
		s += " by a script on the page"
	case ev.SetBy != "":
		s += " by a " + ev.SetBy
	}
	return s
}

// samePage reports whether two URLs are one page (fragments aside).
func samePage(a, b string) bool {
	a, _, _ = strings.Cut(a, "#")
	b, _, _ = strings.Cut(b, "#")
	return a == b
}

// thirdPartyRefusals are the reasons a browser gives for refusing a cookie
// because it is a third party's: a browser that accepts third-party
// cookies would store it.
var thirdPartyRefusals = []string{"ThirdPartyContext", "UserPreferences", "ThirdPartyPhaseout", "ThirdPartyBlockedInFirstPartySet"}

// refusedBecauseThirdParty reports whether every refusal among recs was
// for being a third party's cookie.
func refusedBecauseThirdParty(recs []observe.Cookie) bool {
	any := false
	for _, c := range recs {
		if !c.Blocked {
			continue
		}
		any = true
		if !slices.Contains(thirdPartyRefusals, c.BlockedReason) {
			return false
		}
	}
	return any
}

// refusalNote says what a refused cookie means for other visitors: only a
// refusal of a third party's cookie depends on the browser's settings;
// any other (a public suffix domain, a missing Secure) every browser
// makes.
func refusalNote(recs []observe.Cookie) string {
	if refusedBecauseThirdParty(recs) {
		return "a browser that accepts third-party cookies would store it"
	}
	return "browsers refuse it for that reason, so it was not stored"
}

func orUnknown(s string) string {
	if s == "" {
		return "an unknown page"
	}
	return s
}

// phrasePhases writes the phases as words: "before consent", "after
// accepting", "after rejecting".
func phrasePhases(ps []observe.Phase) string {
	var words []string
	for _, p := range ps {
		switch p {
		case observe.PhasePreConsent:
			words = append(words, "before consent")
		case observe.PhaseAccept:
			words = append(words, "after accepting")
		case observe.PhaseReject:
			words = append(words, "after rejecting")
		default:
			words = append(words, "in the "+string(p)+" phase")
		}
	}
	if len(words) == 0 {
		return "in no phase"
	}
	return joinAnd(words)
}

// lifetimeOf is the longest observed lifetime among recs (the stored
// ones when any was stored), in words.
func lifetimeOf(recs []observe.Cookie) string {
	longest := policy.SessionLifetime()
	storedSeen := false
	for _, c := range recs {
		if c.Blocked {
			continue
		}
		storedSeen = true
		if l := CookieLifetime(c); l.Compare(longest) > 0 {
			longest = l
		}
	}
	if !storedSeen {
		for _, c := range recs {
			if l := CookieLifetime(c); l.Compare(longest) > 0 {
				longest = l
			}
		}
	}
	return longest.String()
}

// allRemoved reports whether every stored sighting was removed again
// during its phase.
func allRemoved(recs []observe.Cookie) bool {
	stored := false
	for _, c := range recs {
		if c.Blocked {
			continue
		}
		if !c.Removed {
			return false
		}
		stored = true
	}
	return stored
}

func blockedReasons(recs []observe.Cookie) string {
	var rs []string
	for _, c := range recs {
		if c.Blocked {
			r := c.BlockedReason
			if r == "" {
				r = "no reason given"
			}
			rs = appendUnique(rs, r)
		}
	}
	return strings.Join(rs, ", ")
}

func categoryLabel(c policy.Category) string {
	switch c {
	case policy.Necessary:
		return "Strictly necessary"
	case policy.Functional:
		return "Functional"
	case policy.Analytics:
		return "Analytics"
	case policy.Marketing:
		return "Marketing"
	}
	return "Unclassified"
}

func capLabel(c policy.Lifetime) string {
	if c == DefaultLifetimeCap {
		return "13-month"
	}
	return c.String()
}

// Percent writes a fraction as a percentage with at most one decimal.
func Percent(f float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.1f", f*100), "0"), ".") + "%"
}

func quoteList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}
