package consent_test

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cookieaudit/cookieaudit/audit/report"

	"github.com/cookieaudit/cookieaudit/audit"
	"github.com/cookieaudit/cookieaudit/crawler"
	"github.com/cookieaudit/cookieaudit/crawler/consent"
	"github.com/cookieaudit/cookieaudit/crawler/observe"
)

// managerCase is a fixture reproducing a consent manager councils use, with
// the evidence expected per choice and the cookie set expected per phase.
type managerCase struct {
	desc   string
	site   string
	accept string
	reject string
	// cookies maps a phase to the names of the site's cookies in it,
	// sorted, a name deleted during the phase marked "(deleted)".
	cookies map[observe.Phase]string
	// rules are the banner rules the audit raises on the crawl (see
	// bannerRules): only the banners planted with a fault may have any.
	rules string
}

// bannerRules audits a crawl with no policy and lists the rules about the
// banner it raised (no-reject-option, reject-not-recorded,
// consent-not-persisted), sorted.
func bannerRules(r observe.SiteResult) string {
	site := report.Site{SiteResult: r}
	audit.Evaluate(&site, audit.Options{})
	var ids []string
	for _, f := range site.Findings {
		switch f.Rule {
		case audit.RuleNoRejectOption, audit.RuleRejectNotRecorded, audit.RuleConsentNotPersisted:
			if !slices.Contains(ids, f.Rule) {
				ids = append(ids, f.Rule)
			}
		}
	}
	slices.Sort(ids)
	return strings.Join(ids, " ")
}

// scanPhases crawls the sites in the given phases, up to pages pages each,
// with mgr operating the banners.
func scanPhases(t testing.TB, mgr crawler.Consenter, sites []string, phases []observe.Phase, pages int) map[string]observe.SiteResult {
	t.Helper()
	b := sharedBrowser(t)
	cfg := crawler.Config{
		Phases:      phases,
		MaxPages:    pages,
		Settle:      500 * time.Millisecond,
		PageTimeout: 30 * time.Second,
		Consent:     mgr,
	}
	out := map[string]observe.SiteResult{}
	// A hang guard only: a loaded machine takes minutes.
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	b.Scan(ctx, sites, cfg, crawler.ScanOptions{Concurrency: 2}, func(r observe.SiteResult) { out[r.URL] = r })
	return out
}

// cookieSet lists the phase's cookie names, sorted, "(deleted)" after those
// removed before the phase ended.
func cookieSet(r observe.SiteResult, phase observe.Phase) string {
	var names []string
	for _, c := range r.Cookies {
		if c.Phase != phase || c.Blocked {
			continue
		}
		n := c.Name
		if c.Removed {
			n += "(deleted)"
		}
		if !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	return strings.Join(names, " ")
}

// choiceEvidence extends evidence with how the choice was made, what the
// manager recorded and whether the banner came back.
func choiceEvidence(r observe.SiteResult, phase observe.Phase) string {
	s := evidence(r, phase)
	res := phaseConsent(r, phase)
	if res == nil {
		return s
	}
	s += " first=" + strings.Join(res.FirstLayer, "|")
	if res.BannerReturnedOn != "" {
		s += " returned=" + res.BannerReturnedOn
	}
	return s
}

// notes are the phase's consent notes, to explain a failure.
func notes(r observe.SiteResult, phase observe.Phase) []string {
	if res := phaseConsent(r, phase); res != nil {
		return res.Notes
	}
	return nil
}

func runManagerCases(t *testing.T, opts consent.Options, cases []managerCase) {
	requireNodeModules(t)
	mgr, err := consent.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	var sites []string
	for _, c := range cases {
		sites = append(sites, fixtures.URL(c.site, "/"))
	}
	results := scanPhases(t, mgr, sites, observe.AllPhases, 2)
	for _, c := range cases {
		t.Run(c.site, func(t *testing.T) {
			r, ok := results[fixtures.URL(c.site, "/")]
			if !ok {
				t.Fatalf("%s: no result", c.desc)
			}
			if got := choiceEvidence(r, observe.PhaseAccept); got != c.accept {
				t.Errorf("%s: accept\n got: %s\nwant: %s\nnotes: %q", c.desc, got, c.accept, notes(r, observe.PhaseAccept))
			}
			if got := choiceEvidence(r, observe.PhaseReject); got != c.reject {
				t.Errorf("%s: reject\n got: %s\nwant: %s\nnotes: %q", c.desc, got, c.reject, notes(r, observe.PhaseReject))
			}
			for _, p := range observe.AllPhases {
				if got, want := cookieSet(r, p), c.cookies[p]; got != want {
					t.Errorf("%s: %s cookies\n got: %s\nwant: %s", c.desc, p, got, want)
				}
			}
			if got := bannerRules(r); got != c.rules {
				t.Errorf("%s: banner rules %q, want %q", c.desc, got, c.rules)
			}
		})
	}
}

// TestManagersNative runs the consent managers' fixtures with autoconsent
// off.
func TestManagersNative(t *testing.T) {
	runManagerCases(t, consent.Options{}, managerNative)
}

// TestManagersAutoconsent runs them with autoconsent first.
func TestManagersAutoconsent(t *testing.T) {
	runManagerCases(t, consent.Options{Autoconsent: true, AutoconsentPath: filepath.Join(nodeModules, "@duckduckgo", "autoconsent")}, managerAutoconsent)
}

// managerNative are the manager fixtures as the native search handles them.
var managerNative = []managerCase{
	{
		desc:   "Cookie Control: accept and Cookie Preferences on the notify bar, reject in the panel; revoking deletes the heat-map cookie",
		site:   "www.civicshire.gov.uk",
		accept: `clicked native cmp=civic-cookie-control clicked="Accept" gone=true record="cookie:CookieControl" reject1=false analytics=true via=click state=CookieControl cookie (optionalCookies):+analytics- first=accept: Accept|settings: Cookie Preferences`,
		reject: `clicked native cmp=civic-cookie-control clicked="Cookie Preferences > Reject All" gone=true record="cookie:CookieControl" reject1=false analytics=false via=click state=CookieControl cookie (optionalCookies):+-analytics first=accept: Accept|settings: Cookie Preferences`,
		cookies: map[observe.Phase]string{
			observe.PhasePreConsent: "_hjSessionUser_2841",
			observe.PhaseAccept:     "CookieControl _fm_id _hjSessionUser_2841",
			observe.PhaseReject:     "CookieControl _hjSessionUser_2841(deleted)",
		},
		rules: "no-reject-option",
	},
	{
		desc:   "OneTrust banner with Reject All on the first layer; OptanonConsent written on the first visit",
		site:   "www.onetrustborough.gov.uk",
		accept: `clicked native cmp=onetrust clicked="Accept All Cookies" gone=true record="cookie:OptanonAlertBoxClosed, cookie:OptanonConsent" reject1=true analytics=true via=click state=OneTrust OptanonConsent groups:+analytics,marketing,necessary,preferences- first=accept: Accept All Cookies|reject: Reject All|settings: Cookies Settings`,
		reject: `clicked native cmp=onetrust clicked="Reject All" gone=true record="cookie:OptanonAlertBoxClosed, cookie:OptanonConsent" reject1=true analytics=false via=click state=OneTrust OptanonConsent groups:+necessary-analytics,marketing,preferences first=accept: Accept All Cookies|reject: Reject All|settings: Cookies Settings`,
		cookies: map[observe.Phase]string{
			observe.PhasePreConsent: "OptanonConsent",
			observe.PhaseAccept:     "OptanonAlertBoxClosed OptanonConsent _fm_id",
			observe.PhaseReject:     "OptanonAlertBoxClosed OptanonConsent",
		},
	},
	{
		desc:   "Cookiebot: tabs and switches are not controls; Deny deletes the declared _pk_id.# cookie, _clck survives",
		site:   "www.cookiebotshire.gov.uk",
		accept: `clicked native cmp=cookiebot clicked="Allow all" gone=true record="cookie:CookieConsent" reject1=true analytics=true via=click state=Cookiebot.consent:+analytics,marketing,necessary,preferences- first=accept: Allow all|reject: Deny|settings: Customize`,
		reject: `clicked native cmp=cookiebot clicked="Deny" gone=true record="cookie:CookieConsent" reject1=true analytics=false via=click state=Cookiebot.consent:+necessary-analytics,marketing,preferences first=accept: Allow all|reject: Deny|settings: Customize`,
		cookies: map[observe.Phase]string{
			observe.PhasePreConsent: "_clck _pk_id.7.c0de",
			observe.PhaseAccept:     "CookieConsent _clck _fm_id _pk_id.7.c0de",
			observe.PhaseReject:     "CookieConsent _clck _pk_id.7.c0de(deleted)",
		},
	},
	{
		desc:   "Silktide Consent Manager, choices per category in localStorage",
		site:   "www.silktideborough.gov.uk",
		accept: `clicked native cmp=silktide clicked="Accept all cookies" gone=true record="localStorage:silktideCookieBanner_InitialChoice, localStorage:silktideCookieChoice_analytics, localStorage:silktideCookieChoice_necessary" reject1=true analytics=true via=click state=storage keys per category:+analytics,necessary- first=accept: Accept all cookies|reject: Reject non-essential`,
		reject: `clicked native cmp=silktide clicked="Reject non-essential" gone=true record="localStorage:silktideCookieBanner_InitialChoice, localStorage:silktideCookieChoice_analytics, localStorage:silktideCookieChoice_necessary" reject1=true analytics=false via=click state=storage keys per category:+necessary-analytics first=accept: Accept all cookies|reject: Reject non-essential`,
		cookies: map[observe.Phase]string{
			observe.PhasePreConsent: "",
			observe.PhaseAccept:     "_fm_id",
			observe.PhaseReject:     "",
		},
	},
	{
		desc:   "Squiz banner with the squiz.cdp.consent cookie",
		site:   "www.squizborough.gov.uk",
		accept: `clicked native cmp=squiz clicked="Accept cookies" gone=true record="cookie:squiz.cdp.consent" reject1=true analytics=true via=click state=cookie:squiz.cdp.consent (JSON):+analytics,necessary- first=accept: Accept cookies|reject: Reject cookies`,
		reject: `clicked native cmp=squiz clicked="Reject cookies" gone=true record="cookie:squiz.cdp.consent" reject1=true analytics=false via=click state=cookie:squiz.cdp.consent (JSON):+necessary-analytics first=accept: Accept cookies|reject: Reject cookies`,
		cookies: map[observe.Phase]string{
			observe.PhasePreConsent: "",
			observe.PhaseAccept:     "_fm_id squiz.cdp.consent",
			observe.PhaseReject:     "squiz.cdp.consent",
		},
	},
	{
		desc:   "home-made banner: accept and Manage cookies on the first layer, reject on the second",
		site:   "www.manageshire.gov.uk",
		accept: `clicked native cmp=generic clicked="Accept all cookies" gone=true record="cookie:manageshire_cookie_prefs" reject1=false analytics=true via=click state=cookie:manageshire_cookie_prefs (JSON):+analytics,necessary- first=accept: Accept all cookies|settings: Manage cookies`,
		reject: `clicked native cmp=generic clicked="Manage cookies > Reject all" gone=true record="cookie:manageshire_cookie_prefs" reject1=false analytics=false via=click state=cookie:manageshire_cookie_prefs (JSON):+necessary-analytics first=accept: Accept all cookies|settings: Manage cookies`,
		cookies: map[observe.Phase]string{
			observe.PhasePreConsent: "",
			observe.PhaseAccept:     "_fm_id manageshire_cookie_prefs",
			observe.PhaseReject:     "manageshire_cookie_prefs",
		},
		rules: "no-reject-option",
	},
	{
		desc:   "a banner that forgets the choice and comes back on the next page",
		site:   "www.forgetshire.gov.uk",
		accept: `clicked native cmp=generic clicked="Accept cookies" gone=true record="cookie:cookieConsent" reject1=true analytics=true via=click state=cookie:cookieConsent:+optional- first=accept: Accept cookies|reject: Reject cookies returned=https://www.forgetshire.gov.uk/news/`,
		reject: `clicked native cmp=generic clicked="Reject cookies" gone=true record="cookie:cookieConsent" reject1=true analytics=false via=click state=cookie:cookieConsent:+-optional first=accept: Accept cookies|reject: Reject cookies returned=https://www.forgetshire.gov.uk/news/`,
		cookies: map[observe.Phase]string{
			observe.PhasePreConsent: "",
			observe.PhaseAccept:     "_fm_id cookieConsent",
			observe.PhaseReject:     "cookieConsent",
		},
		rules: "consent-not-persisted",
	},
	{
		desc:   "a banner whose refusal only hides it: nothing recorded, asked again on every page",
		site:   "www.dismissshire.gov.uk",
		accept: `clicked native cmp=generic clicked="Yes, I accept cookies" gone=true record="cookie:dismissshire_consent" reject1=true analytics=true via=click state=cookie:dismissshire_consent:+optional- first=accept: Yes, I accept cookies|reject: No thanks`,
		reject: `clicked native cmp=generic clicked="No thanks" gone=true record="" reject1=true analytics=false via=click first=accept: Yes, I accept cookies|reject: No thanks returned=https://www.dismissshire.gov.uk/news/`,
		cookies: map[observe.Phase]string{
			observe.PhasePreConsent: "",
			observe.PhaseAccept:     "_fm_id dismissshire_consent",
			observe.PhaseReject:     "",
		},
		rules: "consent-not-persisted reject-not-recorded",
	},
}

// managerAutoconsent are the manager fixtures with autoconsent first.
var managerAutoconsent = []managerCase{
	{
		desc:   "Cookie Control by autoconsent's civic-cookie-control rule",
		site:   "www.civicshire.gov.uk",
		accept: `clicked autoconsent cmp=civic-cookie-control rule=civic-cookie-control clicked="Accept" gone=true record="cookie:CookieControl" reject1=false analytics=true via=click state=CookieControl cookie (optionalCookies):+analytics- first=accept: Accept|settings: Cookie Preferences`,
		reject: `clicked autoconsent cmp=civic-cookie-control rule=civic-cookie-control clicked="Cookie Preferences > Reject All" gone=true record="cookie:CookieControl" reject1=false analytics=false via=click state=CookieControl cookie (optionalCookies):+-analytics first=accept: Accept|settings: Cookie Preferences`,
		cookies: map[observe.Phase]string{
			observe.PhasePreConsent: "_hjSessionUser_2841",
			observe.PhaseAccept:     "CookieControl _fm_id _hjSessionUser_2841",
			observe.PhaseReject:     "CookieControl _hjSessionUser_2841(deleted)",
		},
		rules: "no-reject-option",
	},
	{
		desc:   "OneTrust by autoconsent's Onetrust rule",
		site:   "www.onetrustborough.gov.uk",
		accept: `clicked autoconsent cmp=onetrust rule=Onetrust clicked="Accept All Cookies" gone=true record="cookie:OptanonAlertBoxClosed, cookie:OptanonConsent" reject1=true analytics=true via=click state=OneTrust OptanonConsent groups:+analytics,marketing,necessary,preferences- first=accept: Accept All Cookies|reject: Reject All|settings: Cookies Settings`,
		reject: `clicked autoconsent cmp=onetrust rule=Onetrust clicked="Reject All" gone=true record="cookie:OptanonAlertBoxClosed, cookie:OptanonConsent" reject1=true analytics=false via=click state=OneTrust OptanonConsent groups:+necessary-analytics,marketing,preferences first=accept: Accept All Cookies|reject: Reject All|settings: Cookies Settings`,
		cookies: map[observe.Phase]string{
			observe.PhasePreConsent: "OptanonConsent",
			observe.PhaseAccept:     "OptanonAlertBoxClosed OptanonConsent _fm_id",
			observe.PhaseReject:     "OptanonAlertBoxClosed OptanonConsent",
		},
	},
	{
		desc:   "Cookiebot: the rule ticks boxes but presses no current \"Allow all\", so the native search accepts; refusing goes through Cookiebot.withdraw()",
		site:   "www.cookiebotshire.gov.uk",
		accept: `clicked native cmp=cookiebot rule=Cybotcookiebot clicked="Allow all" gone=true record="cookie:CookieConsent" reject1=true analytics=true via=click state=Cookiebot.consent:+analytics,marketing,necessary,preferences- first=accept: Allow all|reject: Deny|settings: Customize`,
		reject: `clicked autoconsent cmp=cookiebot rule=Cybotcookiebot clicked="" gone=true record="cookie:CookieConsent" reject1=true analytics=false via=api api=Cookiebot.withdraw() state=Cookiebot.consent:+necessary-analytics,marketing,preferences first=accept: Allow all|reject: Deny|settings: Customize`,
		cookies: map[observe.Phase]string{
			observe.PhasePreConsent: "_clck _pk_id.7.c0de",
			observe.PhaseAccept:     "CookieConsent _clck _fm_id _pk_id.7.c0de",
			observe.PhaseReject:     "CookieConsent _clck _pk_id.7.c0de(deleted)",
		},
	},
	managerNative[3], // www.silktideborough.gov.uk: no rule; the heuristic's reject is left to the native search
	{
		desc:   "Squiz by autoconsent's squiz rule",
		site:   "www.squizborough.gov.uk",
		accept: `clicked autoconsent cmp=squiz rule=squiz clicked="Accept cookies" gone=true record="cookie:squiz.cdp.consent" reject1=true analytics=true via=click state=cookie:squiz.cdp.consent (JSON):+analytics,necessary- first=accept: Accept cookies|reject: Reject cookies`,
		reject: `clicked autoconsent cmp=squiz rule=squiz clicked="Reject cookies" gone=true record="cookie:squiz.cdp.consent" reject1=true analytics=false via=click state=cookie:squiz.cdp.consent (JSON):+necessary-analytics first=accept: Accept cookies|reject: Reject cookies`,
		cookies: map[observe.Phase]string{
			observe.PhasePreConsent: "",
			observe.PhaseAccept:     "_fm_id squiz.cdp.consent",
			observe.PhaseReject:     "squiz.cdp.consent",
		},
	},
	managerNative[5], // www.manageshire.gov.uk: no rule; the native search answers
	managerNative[6], // www.forgetshire.gov.uk: no rule; the native search answers
}

// TestHiddenFromBots runs banners that hide from automated browsers: the
// vanilla-cookieconsent library with its defaults (hideFromBots: true checks
// navigator.webdriver and crawler user agents) and a TCF consent manager
// that also checks for HeadlessChrome in the user agent and client hints.
// Both must show their banner to the crawler as to a visitor.
func TestHiddenFromBots(t *testing.T) {
	runManagerCases(t, consent.Options{}, botCases)
}

var botCases = []managerCase{
	{
		desc:   "vanilla-cookieconsent v3 with the library's defaults",
		site:   "www.vanillashire.gov.uk",
		accept: `clicked native cmp=cookieconsent3 clicked="Accept all" gone=true record="cookie:cc_cookie" reject1=true analytics=true via=click state=CookieConsent.getUserPreferences():+analytics,necessary- first=accept: Accept all|reject: Reject all|settings: Manage preferences`,
		reject: `clicked native cmp=cookieconsent3 clicked="Reject all" gone=true record="cookie:cc_cookie" reject1=true analytics=false via=click state=CookieConsent.getUserPreferences():+necessary-analytics first=accept: Accept all|reject: Reject all|settings: Manage preferences`,
		cookies: map[observe.Phase]string{
			observe.PhasePreConsent: "",
			observe.PhaseAccept:     "_fm_id cc_cookie",
			observe.PhaseReject:     "cc_cookie",
		},
	},
	{
		desc:   "TCF consent manager hiding from webdriver and headless browsers; state read through __tcfapi",
		site:   "www.botcheckshire.gov.uk",
		accept: `clicked native cmp=generic clicked="Accept all" gone=true record="cookie:euconsent-v2" reject1=true analytics=true via=click state=__tcfapi getTCData:+analytics,marketing,tcf:1,tcf:11- first=accept: Accept all|reject: Reject all`,
		reject: `clicked native cmp=generic clicked="Reject all" gone=true record="cookie:euconsent-v2" reject1=true analytics=false via=click state=__tcfapi getTCData:+-analytics,marketing,tcf:1,tcf:11 first=accept: Accept all|reject: Reject all`,
		cookies: map[observe.Phase]string{
			observe.PhasePreConsent: "",
			observe.PhaseAccept:     "_fm_id euconsent-v2",
			observe.PhaseReject:     "euconsent-v2",
		},
	},
}
