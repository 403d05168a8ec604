package audit

import (
	"cmp"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/cookieaudit/cookieaudit/crawler/observe"

	"github.com/cookieaudit/cookieaudit/policy"
)

// Rule IDs.
const (
	RuleUndeclared     = "undeclared"
	RuleOverlong       = "overlong"
	RulePreConsent     = "pre-consent"
	RuleAfterReject    = "after-reject"
	RuleDeclaredUnused = "declared-unused"
	RuleLifetimeCap    = "lifetime-cap"
	RuleInsecure       = "insecure"
	RuleNoRejectOption = "no-reject-option"
	RulePolicyMissing  = "policy-missing"
)

// Rules lists every rule ID with a one-line description, in report order.
//
// Severities: undeclared medium (low when the catalogue says strictly
// necessary); overlong medium; pre-consent high for marketing and
// unclassified cookies, medium for functional ones, and for analytics high,
// or in the uk profile (the Data (Use and Access) Act 2025 exception) low
// when the policy names the cookie and medium when it names only the
// vendor; after-reject high (medium for
// functional); declared-unused info; lifetime-cap low; insecure low
// (medium for SameSite=None without Secure); no-reject-option medium;
// policy-missing high (medium when only necessary cookies were seen).
// Sightings the browser blocked give info findings (see Evaluate).
var Rules = []RuleInfo{
	{RuleUndeclared, "Cookie observed but not declared in the cookie policy"},
	{RuleOverlong, "Cookie lasts longer than the policy declares"},
	{RulePreConsent, "Non-essential cookie set before consent"},
	{RuleAfterReject, "Non-essential cookie set after the visitor rejected cookies"},
	{RuleDeclaredUnused, "Cookie declared in the policy but not observed"},
	{RuleLifetimeCap, "Non-essential cookie lasts longer than the lifetime cap"},
	{RuleInsecure, "Cookie lacks the Secure attribute on an HTTPS site"},
	{RuleNoRejectOption, "Cookie banner offers no reject option on its first layer"},
	{RulePolicyMissing, "No cookie policy could be read"},
}

// RuleInfo describes a rule.
type RuleInfo struct {
	ID          string
	Description string
}

// ruleKnown reports whether id is a rule ID.
func ruleKnown(id string) bool {
	for _, r := range Rules {
		if r.ID == id {
			return true
		}
	}
	return false
}

// EvaluateReport evaluates every site of the report and records the
// settings used in r.Audit.
func EvaluateReport(r *Report, opts Options) {
	opts = opts.normalized()
	for i := range r.Sites {
		Evaluate(&r.Sites[i], opts)
	}
	r.Audit = opts.Settings()
}

// Settings returns the settings these options evaluate with (defaults
// filled in), for Report.Audit. A caller that runs Evaluate site by site
// should set r.Audit = opts.Settings(), so that `report` knows the saved
// findings are audited and keeps them (with their waivers).
func (o Options) Settings() *AuditSettings {
	n := o.normalized()
	return &AuditSettings{
		Profile:            n.Profile,
		ExpiryTolerance:    n.ExpiryTolerance,
		LifetimeCapSeconds: int64(n.LifetimeCap / time.Second),
	}
}

// Evaluate compares what was observed on a site with what its policy
// declares and replaces site.Findings (and site.Matches) with the result,
// sorted by severity, rule, cookie and domain. There is one finding per
// rule, cookie name and domain, with the phases and evidence of every
// sighting merged.
//
// Blocked cookies (Blocked=true) were refused by the browser, so nothing was
// stored on this visitor's device and they violate nothing on this visit.
// Many visitors' browsers would store them, though, so an attempt that
// would otherwise break a rule is reported under that rule with severity
// info and Blocked=true: evidence for the DPO, never counted by a rule-ID
// gate. When a cookie was both stored and blocked, the stored sightings
// decide the severity and the blocked ones are added as evidence.
//
// after-reject is judged only when the reject phase actually clicked a
// reject control (consent_action "clicked"); otherwise nobody rejected.
//
// When the policy is missing, the rules that compare against declarations
// (undeclared, overlong, declared-unused) are not evaluated: the single
// policy-missing finding says how many cookies could not be checked.
func Evaluate(site *Site, opts Options) {
	opts = opts.normalized()
	site.Findings = []Finding{}
	site.Matches = nil
	if site.Error != "" && len(site.Cookies) == 0 && !anyPage(site) {
		return
	}
	e := evaluation{site: site, opts: opts, https: isHTTPS(site.URL), rejected: rejectClicked(site)}
	e.policyMissing = site.Policy.Error != "" || (site.Policy.URL == "" && len(site.Declared) == 0 && len(site.Vendors) == 0)
	m := newMatcher(site.Declared, site.Vendors, opts.Catalogue)

	records := consentRecords(site)
	groups := groupCookies(site.Cookies)
	for _, g := range groups {
		cm := m.match(g.name, g.domain, g.setBy)
		if cm.CategorySource == "" && records[g.name] {
			// The consent manager's record of the visitor's choice is
			// strictly necessary (ICO guidance) when nothing else
			// classifies it.
			cm.Category, cm.CategorySource = policy.Necessary, "consent-record"
		}
		site.Matches = append(site.Matches, cm)
		e.cookieRules(g, cm)
	}
	if !e.policyMissing {
		e.declaredUnused(m)
	} else {
		e.policyMissingRule(groups)
	}
	e.noRejectOption()
	applyWaivers(e.findings, opts.Waivers, opts.Now)
	SortFindings(e.findings)
	site.Findings = e.findings
	if site.Findings == nil {
		site.Findings = []Finding{}
	}
}

// rejectClicked reports whether the crawler refused consent in the reject
// phase. When it could not (no banner found, or the click failed), the
// reject phase's cookies are those of a visitor who made no choice, so
// after-reject is not judged: pre-consent already covers them.
func rejectClicked(s *Site) bool {
	for _, p := range s.Phases {
		if p.Phase == observe.PhaseReject && p.ConsentAction == observe.ConsentGiven {
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
func consentRecords(s *Site) map[string]bool {
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
func SortFindings(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int {
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
func SeverityRank(s Severity) int {
	switch s {
	case High:
		return 0
	case Medium:
		return 1
	case Low:
		return 2
	case Info:
		return 3
	}
	return 4
}

type evaluation struct {
	site          *Site
	opts          Options
	https         bool
	policyMissing bool
	// rejected is true when the reject phase clicked a reject control.
	rejected bool
	findings []Finding
}

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
	return groups
}

// observedLifetime is the lifetime the rules judge: the requested lifetime
// when it is known, else the effective one; 0 for a session cookie.
func observedLifetime(c observe.Cookie) int64 {
	if c.Session {
		return 0
	}
	if c.RequestedLifetimeSeconds > 0 {
		return c.RequestedLifetimeSeconds
	}
	return c.LifetimeSeconds
}

func (e *evaluation) cookieRules(g cookieGroup, cm CookieMatch) {
	necessary := cm.Category == policy.Necessary
	if !e.policyMissing && cm.Match == MatchNone {
		sev := Medium
		if necessary {
			sev = Low
		}
		e.add(RuleUndeclared, g, cm, g.records, sev, func(f *Finding, stored bool, ev Evidence) string {
			f.Observed = lifetimeOf(g.records)
			excluded := ""
			if len(cm.Excluded) > 0 {
				excluded = fmt.Sprintf(" (the policy's %s is declared for another domain or provider)", quoteList(cm.Excluded))
			}
			if !stored {
				return fmt.Sprintf("Cookie %q (%s) is not declared in the cookie policy%s; the browser tried to set it %s %s but blocked it (%s), and a browser that accepts third-party cookies would store it.",
					g.name, g.domain, excluded, phrasePhases(f.Phases), where(ev), blockedReasons(g.records))
			}
			return fmt.Sprintf("Cookie %q (%s, %s) is not declared in the cookie policy%s; it was set %s %s.",
				g.name, g.domain, f.Observed, excluded, phrasePhases(f.Phases), where(ev))
		})
	}
	if !e.policyMissing && cm.ExpirySeconds != nil {
		declared := *cm.ExpirySeconds
		limit := float64(declared) * (1 + e.opts.ExpiryTolerance)
		var over []observe.Cookie
		for _, c := range g.records {
			if c.Blocked {
				continue
			}
			l := observedLifetime(c)
			if (declared == 0 && l > 0) || (declared > 0 && float64(l) > limit) {
				over = append(over, c)
			}
		}
		if len(over) > 0 {
			e.add(RuleOverlong, g, cm, over, Medium, func(f *Finding, _ bool, ev Evidence) string {
				f.Declared = HumanLifetime(declared)
				f.Observed = lifetimeOf(over)
				if declared == 0 {
					return fmt.Sprintf("Cookie %q (%s) is declared in the policy as a session cookie but persists for %s, seen %s %s.",
						g.name, g.domain, f.Observed, phrasePhases(f.Phases), where(ev))
				}
				return fmt.Sprintf("Cookie %q (%s) lasts %s but the policy declares %s (more than %s longer), seen %s %s.",
					g.name, g.domain, f.Observed, f.Declared, percent(e.opts.ExpiryTolerance), phrasePhases(f.Phases), where(ev))
			})
		}
	}
	if !necessary {
		e.consentRule(RulePreConsent, observe.PhasePreConsent, g, cm)
		if e.rejected {
			e.consentRule(RuleAfterReject, observe.PhaseReject, g, cm)
		}
		capSeconds := int64(e.opts.LifetimeCap / time.Second)
		var long []observe.Cookie
		for _, c := range g.records {
			if !c.Blocked && observedLifetime(c) > capSeconds {
				long = append(long, c)
			}
		}
		if len(long) > 0 {
			e.add(RuleLifetimeCap, g, cm, long, Low, func(f *Finding, _ bool, ev Evidence) string {
				f.Declared = capLabel(e.opts.LifetimeCap)
				f.Observed = lifetimeOf(long)
				return fmt.Sprintf("%s cookie %q (%s) lasts %s, longer than the %s cap for non-essential cookies, seen %s %s.",
					categoryLabel(cm.Category), g.name, g.domain, f.Observed, f.Declared, phrasePhases(f.Phases), where(ev))
			})
		}
	}
	if e.https {
		var plain, noneInsecure []observe.Cookie
		for _, c := range g.records {
			if c.Blocked || c.Secure {
				continue
			}
			plain = append(plain, c)
			if strings.EqualFold(c.SameSite, "None") {
				noneInsecure = append(noneInsecure, c)
			}
		}
		if len(plain) > 0 {
			sev := Low
			if len(noneInsecure) > 0 {
				sev = Medium
			}
			e.add(RuleInsecure, g, cm, plain, sev, func(f *Finding, _ bool, ev Evidence) string {
				if len(noneInsecure) > 0 {
					f.Observed = "SameSite=None without Secure"
					return fmt.Sprintf("Cookie %q (%s) is set with SameSite=None but without Secure on the HTTPS site %s, so it is sent on cross-site requests over unencrypted connections; seen %s %s.",
						g.name, g.domain, e.site.URL, phrasePhases(f.Phases), where(ev))
				}
				f.Observed = "Secure not set"
				return fmt.Sprintf("Cookie %q (%s) is set without the Secure attribute on the HTTPS site %s, so it can be sent over unencrypted connections; seen %s %s.",
					g.name, g.domain, e.site.URL, phrasePhases(f.Phases), where(ev))
			})
		}
	}
}

// consentRule reports a non-necessary cookie present in phase (pre-consent
// or reject).
func (e *evaluation) consentRule(rule string, phase observe.Phase, g cookieGroup, cm CookieMatch) {
	var recs []observe.Cookie
	for _, c := range g.records {
		if c.Phase == phase {
			recs = append(recs, c)
		}
	}
	if len(recs) == 0 {
		return
	}
	// In the uk profile, analytics before consent may fall under the Data
	// (Use and Access) Act 2025 exception when the policy informs the
	// visitor: low when it names the cookie, medium when it only names the
	// vendor, high when it says nothing.
	sev, note := High, ""
	switch cm.Category {
	case policy.Functional:
		sev = Medium
	case policy.Analytics:
		if rule == RulePreConsent && e.opts.Profile == ProfileUK {
			switch cm.Match {
			case MatchExact, MatchPattern, MatchNear:
				sev, note = Low, "; under the Data (Use and Access) Act 2025 a declared analytics cookie is permitted before consent only if visitors get clear information about it and an easy way to object"
			case MatchVendor:
				sev, note = Medium, "; the policy names the vendor but not the cookie, and the Data (Use and Access) Act 2025 permits analytics before consent only if visitors get clear information about it and an easy way to object"
			}
		}
	}
	when := "before consent"
	if rule == RuleAfterReject {
		when = "after the visitor rejected cookies"
	}
	e.add(rule, g, cm, recs, sev, func(f *Finding, stored bool, ev Evidence) string {
		cat := string(cm.Category)
		if cm.Category == policy.Unknown || cm.Category == "" {
			cat = "unclassified"
		}
		f.Declared = cat
		if cm.Match != MatchNone {
			f.Declared = fmt.Sprintf("%s (%s)", cat, cm.Match.Describe())
		}
		label := categoryLabel(cm.Category) + " cookie"
		if cm.Category == policy.Unknown || cm.Category == "" {
			label = "Unclassified cookie"
		}
		if !stored {
			f.Observed = "blocked: " + blockedReasons(recs)
			return fmt.Sprintf("%s %q (%s) was attempted %s %s but the browser blocked it (%s); a browser that accepts third-party cookies would store it.",
				label, g.name, g.domain, when, where(ev), blockedReasons(recs))
		}
		f.Observed = "stored, " + lifetimeOf(recs)
		removed := ""
		if allRemoved(recs) {
			f.Observed = "stored then removed, " + lifetimeOf(recs)
			removed = " (the page removed it again during the visit)"
		}
		msg := fmt.Sprintf("%s %q (%s) was set %s %s, lasting %s%s", label, g.name, g.domain, when, where(ev), lifetimeOf(recs), removed)
		if label == "Unclassified cookie" {
			msg += " (neither the policy nor the catalogue says what it is for, so it is treated as non-essential)"
		}
		return msg + note + "."
	})
}

// declaredUnused reports declarations that no observed cookie matched, in
// any phase, stored or blocked (m has matched every cookie already).
func (e *evaluation) declaredUnused(m *matcher) {
	seen := map[[2]string]bool{}
	pages := e.pageCount()
	for i := range m.declared {
		pd := &m.declared[i]
		d := pd.d
		k := [2]string{d.Name, d.Domain}
		if seen[k] {
			continue
		}
		seen[k] = true
		if pd.used || m.usedElsewhere(k) {
			continue
		}
		f := Finding{
			Rule: RuleDeclaredUnused, Severity: Info, Cookie: d.Name, Domain: d.Domain,
			Phases: []observe.Phase{}, Category: d.Category,
		}
		if d.ExpirySeconds != nil {
			f.Declared = HumanLifetime(*d.ExpirySeconds)
		}
		f.Observed = "not observed"
		src := ""
		if d.Source != "" {
			src = " (" + d.Source + ")"
		}
		f.Message = fmt.Sprintf("The policy declares cookie %q%s but it was not observed in any phase on the %s crawled on %s.",
			d.Name, src, plural(int64(pages), "page"), e.site.URL)
		e.findings = append(e.findings, f)
	}
}

func (e *evaluation) policyMissingRule(groups []cookieGroup) {
	stored, nonEssential := 0, 0
	for _, g := range groups {
		for _, c := range g.records {
			if !c.Blocked {
				stored++
				break
			}
		}
	}
	for _, m := range e.site.Matches {
		if m.Category != policy.Necessary {
			nonEssential++
		}
	}
	sev := Medium
	if nonEssential > 0 {
		sev = High
	}
	reason := e.site.Policy.Error
	if reason == "" {
		reason = "no policy was found"
	}
	f := Finding{
		Rule: RulePolicyMissing, Severity: sev, Domain: hostOf(e.site.URL), Phases: []observe.Phase{},
		Observed: reason,
	}
	if e.site.Policy.URL != "" {
		f.Evidence = []Evidence{{PageURL: e.site.Policy.URL}}
	}
	f.Message = fmt.Sprintf("No cookie policy could be read for %s (%s), so the %s observed could not be checked against declarations.",
		e.site.URL, reason, plural(int64(stored), "stored cookie"))
	e.findings = append(e.findings, f)
}

func (e *evaluation) noRejectOption() {
	var phases []observe.Phase
	var evs []Evidence
	cmpName := ""
	for _, p := range e.site.Phases {
		c := p.Consent
		if c == nil || !c.BannerFound || c.RejectOnFirstLayer {
			continue
		}
		phases = appendPhase(phases, p.Phase)
		if cmpName == "" {
			cmpName = c.CMP
		}
		if len(p.Pages) > 0 {
			evs = appendEvidence(evs, Evidence{PageURL: p.Pages[0].URL})
		}
	}
	if len(phases) == 0 {
		return
	}
	sortPhases(phases)
	f := Finding{
		Rule: RuleNoRejectOption, Severity: Medium, Domain: hostOf(e.site.URL), Phases: phases,
		Evidence: evs, Observed: "no reject on first layer",
	}
	banner := "The cookie banner"
	if cmpName != "" && cmpName != "generic" {
		banner = fmt.Sprintf("The cookie banner (%s)", cmpName)
	}
	page := e.site.URL
	if len(evs) > 0 {
		page = evs[0].PageURL
	}
	f.Message = fmt.Sprintf("%s on %s offers accept but no reject option on its first layer, so refusing cookies is harder than accepting them.", banner, page)
	e.findings = append(e.findings, f)
}

// add builds one finding for a cookie from the sightings recs. The finding
// is a violation with severity sev when any sighting was stored; when all
// were blocked it is info evidence with Blocked set. describe fills
// Declared/Observed and returns the message.
func (e *evaluation) add(rule string, g cookieGroup, cm CookieMatch, recs []observe.Cookie, sev Severity,
	describe func(f *Finding, stored bool, first Evidence) string) {
	stored := false
	for _, c := range recs {
		if !c.Blocked {
			stored = true
		}
	}
	f := Finding{Rule: rule, Severity: sev, Cookie: g.name, Domain: g.domain, Category: cm.Category, Match: cm.Match}
	if !stored {
		f.Severity, f.Blocked = Info, true
	}
	// Stored sightings come first so that the message cites one.
	ordered := slices.Clone(recs)
	slices.SortStableFunc(ordered, func(a, b observe.Cookie) int {
		return cmp.Or(boolRank(a.Blocked)-boolRank(b.Blocked), phaseRank(a.Phase)-phaseRank(b.Phase))
	})
	for _, c := range ordered {
		f.Phases = appendPhase(f.Phases, c.Phase)
		f.Evidence = appendEvidence(f.Evidence, Evidence{PageURL: c.FirstSeenURL, SetBy: c.SetBy, SetByURL: c.SetByURL})
	}
	sortPhases(f.Phases)
	first := Evidence{}
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

func anyPage(s *Site) bool {
	for _, p := range s.Phases {
		if len(p.Pages) > 0 {
			return true
		}
	}
	return false
}

func isHTTPS(u string) bool {
	p, err := url.Parse(u)
	return err == nil && strings.EqualFold(p.Scheme, "https")
}

func hostOf(u string) string {
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

func appendEvidence(evs []Evidence, ev Evidence) []Evidence {
	if slices.Contains(evs, ev) {
		return evs
	}
	return append(evs, ev)
}

// where says where a cookie was seen: the page and who set it.
func where(ev Evidence) string {
	s := "on " + orUnknown(ev.PageURL)
	switch {
	case ev.SetBy == "header" && ev.SetByURL != "":
		s += " by a Set-Cookie header from " + ev.SetByURL
	case ev.SetBy == "script" && ev.SetByURL != "":
		s += " by the script " + ev.SetByURL
	case ev.SetBy != "":
		s += " by a " + ev.SetBy
	}
	return s
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
	switch len(words) {
	case 0:
		return "in no phase"
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// lifetimeOf is the longest observed lifetime among recs, in words.
func lifetimeOf(recs []observe.Cookie) string {
	var longest int64
	storedSeen := false
	for _, c := range recs {
		if c.Blocked {
			continue
		}
		storedSeen = true
		longest = max(longest, observedLifetime(c))
	}
	if !storedSeen {
		for _, c := range recs {
			longest = max(longest, observedLifetime(c))
		}
	}
	return HumanLifetime(longest)
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

func capLabel(d time.Duration) string {
	if d == DefaultLifetimeCap {
		return "13-month"
	}
	return HumanLifetime(int64(d / time.Second))
}

func percent(f float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.1f", f*100), "0"), ".") + "%"
}

func quoteList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}
