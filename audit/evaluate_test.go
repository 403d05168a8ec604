package audit

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/cookieaudit/cookieaudit/audit/audittest"
	"github.com/cookieaudit/cookieaudit/audit/report"

	"github.com/cookieaudit/cookieaudit/crawler/observe"

	"github.com/cookieaudit/cookieaudit/policy"
)

// evaluateAll evaluates every site of r with opts and records the settings,
// as the application layer does for a report with no config.
func evaluateAll(r *report.Report, opts Options) {
	for i := range r.Sites {
		Evaluate(&r.Sites[i], opts)
	}
	r.Audit = opts.Settings()
}

func TestEvaluateFixture(t *testing.T) {
	r := audittest.LoadFixture(t)
	evaluateAll(r, Options{Catalogue: audittest.Cookies, Now: audittest.Now})
	want := []string{
		// www.testshire.gov.uk: every planted violation once, nothing else;
		// the YouTube cookies are undeclared although the policy names
		// YouTube as a vendor.
		`high after-reject _hjSessionUser_123456 .testshire.gov.uk [reject]
high pre-consent <script>alert(1)</script> .testshire.gov.uk [pre-consent]
medium no-reject-option  www.testshire.gov.uk [accept reject]
medium overlong lang www.testshire.gov.uk [accept]
medium overlong prefs www.testshire.gov.uk [accept]
medium undeclared <script>alert(1)</script> .testshire.gov.uk [pre-consent]
medium undeclared =HYPERLINK("http://x") .testshire.gov.uk [accept]
medium undeclared a|b*c .testshire.gov.uk [accept]
low insecure legacy_flag www.testshire.gov.uk [pre-consent accept reject]
low lifetime-cap _ga .testshire.gov.uk [pre-consent accept]
low lifetime-cap _ga_ABC123 .testshire.gov.uk [accept]
low pre-consent _ga .testshire.gov.uk [pre-consent]
low undeclared VISITOR_INFO1_LIVE .youtube.com [accept]
low undeclared YSC .youtube.com [pre-consent accept]
info declared-unused old_tracker  []
info pre-consent YSC .youtube.com [pre-consent] blocked`,
		// www.nopolicy.gov.uk: undeclared analytics before consent is high
		// even in the uk profile, and the missing policy is reported once.
		`high policy-missing  www.nopolicy.gov.uk []
high pre-consent _ga .nopolicy.gov.uk [pre-consent]
low lifetime-cap _ga .nopolicy.gov.uk [pre-consent]`,
		// A site that could not be crawled has no findings.
		``,
	}
	if len(r.Sites) != len(want) {
		t.Fatalf("got %d sites, want %d", len(r.Sites), len(want))
	}
	for i, s := range r.Sites {
		if got := audittest.CompactAll(s.Findings); got != want[i] {
			t.Errorf("site %s findings:\n%s\nwant:\n%s", s.URL, got, want[i])
		}
	}
	if r.Audit == nil || r.Audit.Profile != ProfileUK || r.Audit.ExpiryTolerance != 0.1 {
		t.Errorf("audit settings = %+v", r.Audit)
	}
}

func TestEvaluateFixtureMessages(t *testing.T) {
	r := audittest.LoadFixture(t)
	evaluateAll(r, Options{Catalogue: audittest.Cookies, Now: audittest.Now})
	want := map[string]string{
		"pre-consent _ga":                       `Analytics cookie "_ga" (.testshire.gov.uk) was set before consent on https://www.testshire.gov.uk/ by the script https://www.googletagmanager.com/gtag/js?id=G-ABC123, lasting 2 years; under the Data (Use and Access) Act 2025 a declared analytics cookie is permitted before consent only if visitors get clear information about it and an easy way to object.`,
		"overlong prefs":                        `Cookie "prefs" (www.testshire.gov.uk) is declared in the policy as a session cookie but persists for 1 year, seen after accepting on https://www.testshire.gov.uk/bins by the script https://www.testshire.gov.uk/js/site.js.`,
		"overlong lang":                         `Cookie "lang" (www.testshire.gov.uk) lasts 90 days but the policy declares 30 days (more than 10% longer), seen after accepting on https://www.testshire.gov.uk/ by the script https://www.testshire.gov.uk/js/site.js.`,
		"pre-consent YSC":                       `Marketing cookie "YSC" (.youtube.com) was attempted before consent on https://www.testshire.gov.uk/news/council-meeting by a Set-Cookie header in the response to https://www.youtube-nocookie.com/embed/abc but the browser blocked it (UserPreferences); a browser that accepts third-party cookies would store it.`,
		"pre-consent <script>alert(1)</script>": `Unclassified cookie "<script>alert(1)</script>" (.testshire.gov.uk) was set before consent on https://www.testshire.gov.uk/ by the script https://www.testshire.gov.uk/js/site.js, lasting 30 days (neither the policy nor the catalogue says what it is for, so it is treated as non-essential).`,
		"no-reject-option ":                     `The cookie banner (Civic Cookie Control) on https://www.testshire.gov.uk/ offers accept but no reject option on its first layer, so refusing cookies is harder than accepting them.`,
		"declared-unused old_tracker":           `The policy declares cookie "old_tracker" (table 4 row 1) but it was not observed in any phase on the 5 pages crawled on https://www.testshire.gov.uk/.`,
		"lifetime-cap _ga_ABC123":               `Analytics cookie "_ga_ABC123" (.testshire.gov.uk) lasts 2 years, longer than the 13-month cap for non-essential cookies, seen after accepting on https://www.testshire.gov.uk/ by the script https://www.googletagmanager.com/gtag/js?id=G-ABC123.`,
	}
	got := map[string]string{}
	for _, f := range r.Sites[0].Findings {
		got[f.Rule+" "+f.Cookie] = f.Message
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s message:\n got %s\nwant %s", k, got[k], w)
		}
	}
	for _, f := range r.Sites[0].Findings {
		if strings.Count(f.Message, ". ") > 0 || !strings.HasSuffix(f.Message, ".") {
			t.Errorf("%s %s: message is not one sentence: %s", f.Rule, f.Cookie, f.Message)
		}
	}
}

// site builds a one-site fixture: cookies observed on https://www.x.gov.uk/
// against the declarations given.
func site(declared []policy.Declaration, cookies ...observe.Cookie) *report.Site {
	s := &report.Site{}
	s.URL = "https://www.x.gov.uk/"
	s.Policy = report.PolicyRef{URL: "https://www.x.gov.uk/cookies"}
	s.Declared = declared
	for _, p := range observe.AllPhases {
		pr := observe.PhaseResult{Phase: p, Pages: []observe.Page{{URL: s.URL, Status: 200}}}
		if p != observe.PhasePreConsent {
			// A banner that offered both choices and recorded the one made.
			pr.Consent = &observe.ConsentEvidence{Outcome: observe.ConsentGiven, BannerFound: true, RejectOnFirstLayer: true,
				ConsentRecords: []string{"cookie:banner_choice"}}
		}
		s.Phases = append(s.Phases, pr)
	}
	s.Cookies = cookies
	return s
}

func cookie(phase observe.Phase, name string, lifetime int64, mods ...func(*observe.Cookie)) observe.Cookie {
	c := observe.Cookie{
		Phase: phase, Name: name, Domain: ".x.gov.uk", Path: "/", Secure: true, SameSite: "Lax",
		LifetimeSeconds: lifetime, RequestedLifetimeSeconds: lifetime, Session: lifetime == 0,
		SetBy: "header", SetByURL: "https://www.x.gov.uk/", FirstSeenURL: "https://www.x.gov.uk/",
	}
	for _, m := range mods {
		m(&c)
	}
	return c
}

// decl is a declaration whose lifetime is expiry seconds, 0 for a
// session, unknown when negative.
func decl(name, pattern string, cat policy.Category, expiry int64) policy.Declaration {
	d := policy.Declaration{Name: name, Pattern: pattern, Category: cat}
	if expiry >= 0 {
		d.Expiry = policy.LifetimeInSeconds(expiry)
	}
	return d
}

const day = 86400

func TestRules(t *testing.T) {
	pre, acc, rej := observe.PhasePreConsent, observe.PhaseAccept, observe.PhaseReject
	necessary := []policy.Declaration{decl("sess", "", policy.Necessary, 0)}
	tests := []struct {
		desc string
		site *report.Site
		opts Options
		want string
	}{
		{"declared necessary session cookie: nothing",
			site(necessary, cookie(pre, "sess", 0)), Options{}, ``},
		{"undeclared cookie after accepting",
			site(necessary, cookie(acc, "sess", 0), cookie(acc, "zz", 10*day)), Options{},
			`medium undeclared zz .x.gov.uk [accept]`},
		{"undeclared cookie in two phases: one finding with both phases",
			site(necessary, cookie(acc, "sess", 0), cookie(acc, "zz", 10*day), cookie(rej, "zz", 10*day)), Options{},
			"high after-reject zz .x.gov.uk [reject]\nmedium undeclared zz .x.gov.uk [accept reject]"},
		{"same name on two domains: two findings",
			site(necessary, cookie(acc, "sess", 0), cookie(acc, "zz", day), cookie(acc, "zz", day, func(c *observe.Cookie) { c.Domain = "www.x.gov.uk" })), Options{},
			"medium undeclared zz .x.gov.uk [accept]\nmedium undeclared zz www.x.gov.uk [accept]"},
		{"undeclared necessary cookie from the catalogue is low",
			site(necessary, cookie(pre, "sess", 0), cookie(pre, "__cf_bm", 1800)), Options{Catalogue: audittest.Cookies},
			`low undeclared __cf_bm .x.gov.uk [pre-consent]`},
		{"near match (case, underscores) counts as declared",
			site([]policy.Declaration{decl("_cf_bm", "", policy.Necessary, 1800), decl("Visitor Info1 Live", "", policy.Marketing, 180*day)},
				cookie(pre, "__cf_bm", 1800), cookie(acc, "VISITOR_INFO1_LIVE", 180*day)), Options{}, ``},
		{"pattern match",
			site([]policy.Declaration{decl("_ga_<container-id>", "_ga_*", policy.Analytics, 730*day)}, cookie(acc, "_ga_XYZ", 730*day)), Options{}, `low lifetime-cap _ga_XYZ .x.gov.uk [accept]`},
		{"overlong beyond tolerance",
			site([]policy.Declaration{decl("a", "", policy.Functional, 30*day)}, cookie(acc, "a", 34*day)), Options{},
			`medium overlong a .x.gov.uk [accept]`},
		{"within tolerance is not overlong",
			site([]policy.Declaration{decl("a", "", policy.Functional, 30*day)}, cookie(acc, "a", 33*day)), Options{}, ``},
		{"custom tolerance",
			site([]policy.Declaration{decl("a", "", policy.Functional, 30*day)}, cookie(acc, "a", 32*day)), Options{ExpiryTolerance: 0.05},
			`medium overlong a .x.gov.uk [accept]`},
		{"requested lifetime beats the capped effective lifetime",
			site([]policy.Declaration{decl("a", "", policy.Functional, 365*day)},
				cookie(acc, "a", 400*day, func(c *observe.Cookie) { c.RequestedLifetimeSeconds = 3650 * day })), Options{},
			"medium overlong a .x.gov.uk [accept]\nlow lifetime-cap a .x.gov.uk [accept]"},
		{"declared session but persistent",
			site([]policy.Declaration{decl("a", "", policy.Necessary, 0)}, cookie(pre, "a", 3600)), Options{},
			`medium overlong a .x.gov.uk [pre-consent]`},
		{"no declared expiry: overlong not judged",
			site([]policy.Declaration{decl("a", "", policy.Necessary, -1)}, cookie(pre, "a", 3600*day)), Options{}, ``},
		{"marketing before consent",
			site([]policy.Declaration{decl("m", "", policy.Marketing, 90*day)}, cookie(pre, "m", 90*day)), Options{},
			`high pre-consent m .x.gov.uk [pre-consent]`},
		{"functional before consent is medium",
			site([]policy.Declaration{decl("f", "", policy.Functional, 90*day)}, cookie(pre, "f", 90*day)), Options{},
			`medium pre-consent f .x.gov.uk [pre-consent]`},
		{"declared analytics before consent, uk profile: low",
			site([]policy.Declaration{decl("_gid", "", policy.Analytics, day)}, cookie(pre, "_gid", day)), Options{},
			`low pre-consent _gid .x.gov.uk [pre-consent]`},
		{"declared analytics before consent, strict profile: high",
			site([]policy.Declaration{decl("_gid", "", policy.Analytics, day)}, cookie(pre, "_gid", day)), Options{Profile: ProfileStrict},
			`high pre-consent _gid .x.gov.uk [pre-consent]`},
		{"no reject control found: after-reject is not judged",
			func() *report.Site {
				s := site([]policy.Declaration{decl("m", "", policy.Marketing, day)}, cookie(rej, "m", day))
				s.Phases[2].Consent = &observe.ConsentEvidence{Outcome: observe.ConsentNotFound}
				return s
			}(), Options{}, ``},
		{"declared analytics after reject is high even in uk profile",
			site([]policy.Declaration{decl("_gid", "", policy.Analytics, day)}, cookie(rej, "_gid", day)), Options{},
			`high after-reject _gid .x.gov.uk [reject]`},
		{"vendor-disclosed analytics before consent, uk profile: medium",
			func() *report.Site {
				s := site(necessary, cookie(pre, "sess", 0), cookie(pre, "_clck", 300*day))
				s.Vendors = []policy.Vendor{{Vendor: "Microsoft Clarity", Category: policy.Analytics}}
				return s
			}(), Options{Catalogue: audittest.Cookies}, "medium pre-consent _clck .x.gov.uk [pre-consent]\nlow undeclared _clck .x.gov.uk [pre-consent]"},
		{"vendor-disclosed analytics before consent, strict profile: high",
			func() *report.Site {
				s := site(necessary, cookie(pre, "sess", 0), cookie(pre, "_clck", 300*day))
				s.Vendors = []policy.Vendor{{Vendor: "Microsoft Clarity", Category: policy.Analytics}}
				return s
			}(), Options{Catalogue: audittest.Cookies, Profile: ProfileStrict}, "high pre-consent _clck .x.gov.uk [pre-consent]\nlow undeclared _clck .x.gov.uk [pre-consent]"},
		{"category from the catalogue when the declaration has none",
			site([]policy.Declaration{decl("_gid", "", policy.Unknown, day)}, cookie(pre, "_gid", day)), Options{Catalogue: audittest.Cookies},
			`low pre-consent _gid .x.gov.uk [pre-consent]`},
		{"unknown category counts as not necessary",
			site([]policy.Declaration{decl("q", "", "", day)}, cookie(pre, "q", day)), Options{},
			`high pre-consent q .x.gov.uk [pre-consent]`},
		{"vendor disclosed, cookie not listed: undeclared (low), category from catalogue",
			func() *report.Site {
				s := site(necessary, cookie(pre, "sess", 0), cookie(acc, "_clck", 300*day))
				s.Vendors = []policy.Vendor{{Vendor: "Microsoft", Category: policy.Analytics}}
				return s
			}(), Options{Catalogue: audittest.Cookies}, `low undeclared _clck .x.gov.uk [accept]`},
		{"a declaration's provider discloses its vendor, not its other cookies",
			site([]policy.Declaration{{Name: "_ga", Provider: "Google Analytics", Category: policy.Analytics}},
				cookie(acc, "_ga", day), cookie(acc, "_ga_XYZ", day)), Options{Catalogue: audittest.Cookies}, `low undeclared _ga_XYZ .x.gov.uk [accept]`},
		{"a provider discloses only its own vendor",
			site([]policy.Declaration{{Name: "_ga", Provider: "Google", Category: policy.Analytics}},
				cookie(acc, "_ga", day), cookie(acc, "_ga_XYZ", day)), Options{Catalogue: audittest.Cookies},
			`medium undeclared _ga_XYZ .x.gov.uk [accept]`},
		{"narrower vendor disclosure does not cover a broader vendor",
			func() *report.Site {
				s := site(necessary, cookie(pre, "sess", 0), cookie(acc, "NID", 180*day))
				s.Vendors = []policy.Vendor{{Vendor: "Google Analytics", Category: policy.Analytics}}
				return s
			}(), Options{Catalogue: audittest.Cookies}, `medium undeclared NID .x.gov.uk [accept]`},
		{"declaration domain constrains the match",
			site([]policy.Declaration{{Name: "id", Domain: "other.com", Category: policy.Marketing}}, cookie(acc, "id", day)), Options{},
			"medium undeclared id .x.gov.uk [accept]\ninfo declared-unused id other.com []"},
		{"provider written as a domain constrains the match",
			site([]policy.Declaration{{Name: "VISITOR_INFO1_LIVE", Provider: "youtube.com", Category: policy.Marketing}},
				cookie(acc, "VISITOR_INFO1_LIVE", day, func(c *observe.Cookie) { c.Domain = ".youtube.com" }),
				cookie(acc, "VISITOR_INFO1_LIVE", day, func(c *observe.Cookie) { c.Domain = ".evil.example" })), Options{},
			`medium undeclared VISITOR_INFO1_LIVE .evil.example [accept]`},
		{"blocked before consent is info evidence only",
			site([]policy.Declaration{decl("m", "", policy.Marketing, day)}, cookie(pre, "m", day, func(c *observe.Cookie) { c.Blocked, c.BlockedReason = true, "UserPreferences" })), Options{},
			`info pre-consent m .x.gov.uk [pre-consent] blocked`},
		{"blocked and stored before consent: the stored sighting decides",
			site([]policy.Declaration{decl("m", "", policy.Marketing, day)},
				cookie(pre, "m", day, func(c *observe.Cookie) { c.Blocked, c.BlockedReason = true, "UserPreferences" }),
				cookie(pre, "m", day, func(c *observe.Cookie) { c.FirstSeenURL = "https://www.x.gov.uk/a" })), Options{},
			`high pre-consent m .x.gov.uk [pre-consent]`},
		{"blocked undeclared cookie is info evidence",
			site(necessary, cookie(pre, "sess", 0), cookie(acc, "tp", day, func(c *observe.Cookie) { c.Blocked = true })), Options{},
			`info undeclared tp .x.gov.uk [accept] blocked`},
		{"lifetime cap only for non-necessary cookies",
			site([]policy.Declaration{decl("n", "", policy.Necessary, 3650*day), decl("f", "", policy.Functional, 3650*day)},
				cookie(acc, "n", 3650*day), cookie(acc, "f", 3650*day)), Options{},
			`low lifetime-cap f .x.gov.uk [accept]`},
		{"lifetime cap is configurable",
			site([]policy.Declaration{decl("f", "", policy.Functional, 200*day)}, cookie(acc, "f", 200*day)), Options{LifetimeCap: policy.LifetimeOf(180 * 24 * time.Hour)},
			`low lifetime-cap f .x.gov.uk [accept]`},
		{"13 months of 30 days is within the default cap",
			site([]policy.Declaration{decl("f", "", policy.Functional, 390*day)}, cookie(acc, "f", 390*day)), Options{}, ``},
		{"a day over 13 months of 30 days is over the default cap",
			site([]policy.Declaration{decl("f", "", policy.Functional, 391*day)}, cookie(acc, "f", 391*day)), Options{},
			`low lifetime-cap f .x.gov.uk [accept]`},
		{"insecure on https",
			site(necessary, cookie(pre, "sess", 0, func(c *observe.Cookie) { c.Secure = false })), Options{},
			`low insecure sess .x.gov.uk [pre-consent]`},
		{"SameSite=None without Secure is medium",
			site(necessary, cookie(pre, "sess", 0, func(c *observe.Cookie) { c.Secure, c.SameSite = false, "None" })), Options{},
			`medium insecure sess .x.gov.uk [pre-consent]`},
		{"insecure is not judged on http sites",
			func() *report.Site {
				s := site(necessary, cookie(pre, "sess", 0, func(c *observe.Cookie) { c.Secure = false }))
				s.URL = "http://www.x.gov.uk/"
				return s
			}(), Options{}, ``},
		{"declared but unused; same name twice is one finding",
			site([]policy.Declaration{decl("sess", "", policy.Necessary, 0), decl("gone", "", policy.Marketing, day), decl("gone", "", policy.Analytics, day)},
				cookie(pre, "sess", 0)), Options{},
			`info declared-unused gone  []`},
		{"policy missing: no undeclared noise, one policy-missing",
			func() *report.Site {
				s := site(nil, cookie(acc, "zz", day), cookie(acc, "yy", day))
				s.Policy = report.PolicyRef{Error: "no policy link found"}
				return s
			}(), Options{}, `high policy-missing  www.x.gov.uk []`},
		{"policy missing with only necessary cookies is medium",
			func() *report.Site {
				s := site(nil, cookie(pre, "ASP.NET_SessionId", 0))
				s.Policy = report.PolicyRef{Error: "fetch: 404"}
				return s
			}(), Options{Catalogue: audittest.Cookies}, `medium policy-missing  www.x.gov.uk []`},
		{"policy found but declares nothing: cookies are undeclared",
			site(nil, cookie(acc, "zz", day)), Options{}, `medium undeclared zz .x.gov.uk [accept]`},
		{"no reject option on the first layer",
			func() *report.Site {
				s := site(necessary, cookie(pre, "sess", 0))
				s.Phases[2].Consent = &observe.ConsentEvidence{Outcome: observe.ConsentGiven, BannerFound: true, ConsentRecords: []string{"cookie:cmp_choice"}}
				return s
			}(), Options{}, `medium no-reject-option  www.x.gov.uk [reject]`},
		{"reject on first layer, or no banner: no finding",
			func() *report.Site {
				s := site(necessary, cookie(pre, "sess", 0))
				s.Phases[1].Consent = &observe.ConsentEvidence{Outcome: observe.ConsentGiven, BannerFound: true, RejectOnFirstLayer: true}
				s.Phases[2].Consent = &observe.ConsentEvidence{Outcome: observe.ConsentNotFound}
				return s
			}(), Options{}, ``},
		{"the consent manager's record of a rejection is necessary",
			func() *report.Site {
				s := site(necessary, cookie(pre, "sess", 0), cookie(rej, "cmp_choice", 90*day))
				s.Phases[2].Consent = &observe.ConsentEvidence{Outcome: observe.ConsentGiven, BannerFound: true, RejectOnFirstLayer: true, ConsentRecords: []string{"cmp_choice"}}
				return s
			}(), Options{}, `low undeclared cmp_choice .x.gov.uk [reject]`},
		{"consent record written as cookie:NAME",
			func() *report.Site {
				s := site(necessary, cookie(pre, "sess", 0), cookie(rej, "cmp_choice", 90*day))
				s.Phases[2].Consent = &observe.ConsentEvidence{Outcome: observe.ConsentGiven, BannerFound: true, RejectOnFirstLayer: true, ConsentRecords: []string{"cookie:cmp_choice", "localStorage:x"}}
				return s
			}(), Options{}, `low undeclared cmp_choice .x.gov.uk [reject]`},
		{"a tracker the consent click let in is not a consent record",
			func() *report.Site {
				s := site(necessary, cookie(pre, "sess", 0), cookie(pre, "_trk", 90*day))
				s.Phases[1].Consent = &observe.ConsentEvidence{Outcome: observe.ConsentGiven, BannerFound: true, RejectOnFirstLayer: true, ConsentRecords: []string{"cookie:_trk"}}
				return s
			}(), Options{}, "high pre-consent _trk .x.gov.uk [pre-consent]\nmedium undeclared _trk .x.gov.uk [pre-consent]"},
		{"a consent record in local storage says nothing about cookies",
			func() *report.Site {
				s := site(necessary, cookie(pre, "sess", 0), cookie(rej, "cmp_choice", 90*day))
				s.Phases[2].Consent = &observe.ConsentEvidence{Outcome: observe.ConsentGiven, BannerFound: true, RejectOnFirstLayer: true, ConsentRecords: []string{"localStorage:cmp_choice"}}
				return s
			}(), Options{}, "high after-reject cmp_choice .x.gov.uk [reject]\nmedium undeclared cmp_choice .x.gov.uk [reject]"},
		{"set then removed before consent is still reported",
			site([]policy.Declaration{decl("m", "", policy.Marketing, day)}, cookie(pre, "m", day, func(c *observe.Cookie) { c.Removed = true })), Options{},
			`high pre-consent m .x.gov.uk [pre-consent]`},
		{"live waiver",
			site(necessary, cookie(pre, "sess", 0), cookie(acc, "zz", day)),
			Options{Waivers: []Waiver{{Rule: RuleUndeclared, Cookie: "z*", Reason: "tracked in ticket 12", Expires: audittest.Now.Add(time.Hour)}}},
			`medium undeclared zz .x.gov.uk [accept] waived`},
		{"expired waiver stops applying",
			site(necessary, cookie(pre, "sess", 0), cookie(acc, "zz", day)),
			Options{Waivers: []Waiver{{Rule: RuleUndeclared, Cookie: "zz", Reason: "old", Expires: audittest.Now}}},
			`medium undeclared zz .x.gov.uk [accept] waiver-expired`},
		{"waiver for another rule does not apply",
			site(necessary, cookie(pre, "sess", 0), cookie(acc, "zz", day)),
			Options{Waivers: []Waiver{{Rule: RuleOverlong, Cookie: "zz", Reason: "x"}}},
			`medium undeclared zz .x.gov.uk [accept]`},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			opts := tt.opts
			opts.Now = audittest.Now
			Evaluate(tt.site, opts)
			if got := audittest.CompactAll(tt.site.Findings); got != tt.want {
				t.Errorf("findings:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestNameMatch(t *testing.T) {
	tests := []struct {
		desc, name, pattern, cookie string
		want                        report.MatchKind
	}{
		{"exact", "_ga", "", "_ga", report.MatchExact},
		{"exact is case sensitive", "_GA", "", "_ga", report.MatchNear},
		{"glob", "_ga_<id>", "_ga_*", "_ga_ABC", report.MatchPattern},
		{"extra leading underscore", "_cf_bm", "", "__cf_bm", report.MatchNear},
		{"spaces for underscores", "VISITOR INFO1 LIVE", "", "VISITOR_INFO1_LIVE", report.MatchNear},
		{"spaces for underscores, pattern given", "VISITOR INFO1 LIVE", "VISITOR_INFO1_LIVE", "VISITOR_INFO1_LIVE", report.MatchNear},
		{"literal pattern set by the author", "Session cookie", "PHPSESSID", "PHPSESSID", report.MatchExact},
		{"hyphen for underscore", "has-js", "", "has_js", report.MatchNear},
		{"glob after normalising", "_HJ*", "_HJ*", "_hjid", report.MatchNear},
		{"different", "_ga", "", "_gid", report.MatchNone},
		{"prefix is not a match", "PREF", "", "PREFS", report.MatchNone},
		{"empty cookie name", "_ga", "", "", report.MatchNone},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			got := nameMatch(policy.Declaration{Name: tt.name, Pattern: tt.pattern}, tt.cookie)
			if got != tt.want {
				t.Errorf("nameMatch(%q/%q, %q) = %s, want %s", tt.name, tt.pattern, tt.cookie, got, tt.want)
			}
		})
	}
}

// TestGlobPartsAgreesWithPolicy checks the audit's allocation-free glob
// against policy.Declaration.Matches.
func TestGlobPartsAgreesWithPolicy(t *testing.T) {
	patterns := []string{"_ga_*", "*", "a*b*c", "_hjSession*_*", "*_id", "x**y", "PREF*"}
	names := []string{"_ga_", "_ga_ABC", "abc", "aXbYc", "ab", "_hjSessionUser_1", "user_id", "xy", "x-y", "PREF", "PREFS", ""}
	for _, p := range patterns {
		for _, n := range names {
			want := policy.Declaration{Name: p, Pattern: p}.Matches(n)
			if got := policy.MatchGlobParts(strings.Split(p, "*"), n); got != want {
				t.Errorf("MatchGlobParts(%q, %q) = %v, Matches says %v", p, n, got, want)
			}
		}
	}
}

func TestCookieLifetime(t *testing.T) {
	tests := []struct {
		desc string
		c    observe.Cookie
		want string // the lifetime in words and seconds
	}{
		{"session cookie", observe.Cookie{Session: true}, "session 0s"},
		{"session wins over stray seconds", observe.Cookie{Session: true, LifetimeSeconds: 60, RequestedLifetimeSeconds: 60}, "session 0s"},
		{"requested lifetime before Chrome's cap", observe.Cookie{LifetimeSeconds: 400 * day, RequestedLifetimeSeconds: 3650 * day}, "10 years 315360000s"},
		{"effective lifetime when the request was not seen", observe.Cookie{LifetimeSeconds: 90 * day}, "90 days 7776000s"},
		{"an expiry already past is a session", observe.Cookie{LifetimeSeconds: -5}, "session 0s"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			l := CookieLifetime(tt.c)
			if got := fmt.Sprintf("%s %ds", l, l.Seconds()); got != tt.want || !l.Known() {
				t.Errorf("CookieLifetime = %q (known %v), want %q", got, l.Known(), tt.want)
			}
		})
	}
}

func TestParseLifetime(t *testing.T) {
	tests := []struct {
		in   string
		want string // the lifetime in words and seconds, or "error"
	}{
		{"13 months", "390 days 33696000s"},
		{"400d", "400 days 34560000s"},
		{"2y", "2 years 63072000s"},
		{"1 year", "1 year 31536000s"},
		{"2 weeks", "14 days 1209600s"},
		{"9600h", "400 days 34560000s"},
		{"90m", "90 minutes 5400s"},
		{"", "error"},
		{"0d", "error"},
		{"-5h", "error"},
		{"101 years", "error"},
		{"ten days", "error"},
		{"3 fortnights", "error"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			l, err := ParseLifetime(tt.in)
			got := "error"
			if err == nil {
				got = fmt.Sprintf("%s %ds", l, l.Seconds())
			}
			if got != tt.want {
				t.Errorf("ParseLifetime(%q) = %s (%v), want %s", tt.in, got, err, tt.want)
			}
		})
	}
}

// TestLifetimeCapOptions checks the cap's default and that a policy's "13
// months", the --lifetime-cap "13 months" and the default cap are the same
// lifetime exactly.
func TestLifetimeCapOptions(t *testing.T) {
	flag, err := ParseLifetime("13 months")
	if err != nil {
		t.Fatal(err)
	}
	if written := policy.WrittenLifetime("13 months"); written != DefaultLifetimeCap || flag != DefaultLifetimeCap {
		t.Errorf("policy text %s, flag %s, default cap %s: want them equal", written, flag, DefaultLifetimeCap)
	}
	tests := []struct {
		desc string
		cap  policy.Lifetime
		want string // the settings' cap in seconds, and its label
	}{
		{"unknown means the default", policy.Lifetime{}, "33696000s 13-month"},
		{"a session means the default", policy.SessionLifetime(), "33696000s 13-month"},
		{"13 months is the default", policy.LifetimeOf(13 * policy.Month), "33696000s 13-month"},
		{"a set cap is kept", policy.LifetimeOf(180 * 24 * time.Hour), "15552000s 180 days"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			c := Options{LifetimeCap: tt.cap}.Settings().LifetimeCap
			if got := fmt.Sprintf("%ds %s", c.Seconds(), capLabel(c)); got != tt.want {
				t.Errorf("cap = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestRemovedCookieMessage(t *testing.T) {
	s := site([]policy.Declaration{decl("m", "", policy.Marketing, day)},
		cookie(observe.PhasePreConsent, "m", day, func(c *observe.Cookie) { c.Removed = true }))
	Evaluate(s, Options{Now: audittest.Now})
	f := s.Findings[0]
	if f.Observed != "stored then removed, 24 hours" || !strings.Contains(f.Message, "removed it again during the visit") {
		t.Errorf("observed %q, message %q", f.Observed, f.Message)
	}
}

// removed marks a sighting as removed again during its phase.
func removed(c *observe.Cookie) { c.Removed = true }

// after says what became of a sighting across its phase's choice.
func after(a observe.AfterChoice) func(*observe.Cookie) {
	return func(c *observe.Cookie) { c.AfterChoice = a }
}

// seenOn sets the page a sighting was first seen on.
func seenOn(u string) func(*observe.Cookie) {
	return func(c *observe.Cookie) { c.FirstSeenURL = u }
}

// withPages gives every phase of s the start page and one later page.
func withPages(s *report.Site) *report.Site {
	for i := range s.Phases {
		s.Phases[i].Pages = []observe.Page{{URL: s.URL, Status: 200}, {URL: s.URL + "bins", Status: 200}}
	}
	return s
}

// TestAfterReject checks that after-reject judges the cookies' state after
// the refusal: a cookie the refusal deleted counts only as pre-consent.
func TestAfterReject(t *testing.T) {
	pre, rej := observe.PhasePreConsent, observe.PhaseReject
	marketing := []policy.Declaration{decl("m", "", policy.Marketing, day)}
	later := "https://www.x.gov.uk/bins"
	tests := []struct {
		desc    string
		cookies []observe.Cookie
		want    string
	}{
		{"deleted by the refusal: pre-consent only",
			[]observe.Cookie{cookie(pre, "m", day), cookie(rej, "m", day, removed, after(observe.AfterChoiceGone))},
			`high pre-consent m .x.gov.uk [pre-consent]`},
		{"survives the refusal",
			[]observe.Cookie{cookie(pre, "m", day), cookie(rej, "m", day, after(observe.AfterChoiceKept))},
			"high after-reject m .x.gov.uk [reject]\nhigh pre-consent m .x.gov.uk [pre-consent]"},
		{"survives the refusal, removed by a later page",
			[]observe.Cookie{cookie(rej, "m", day, removed, after(observe.AfterChoiceKept))},
			`high after-reject m .x.gov.uk [reject]`},
		{"deleted by the refusal, set again on the next page",
			[]observe.Cookie{cookie(pre, "m", day), cookie(rej, "m", day, after(observe.AfterChoiceWritten))},
			"high after-reject m .x.gov.uk [reject]\nhigh pre-consent m .x.gov.uk [pre-consent]"},
		{"set again after the refusal, then removed",
			[]observe.Cookie{cookie(rej, "m", day, removed, after(observe.AfterChoiceWritten))},
			`high after-reject m .x.gov.uk [reject]`},
		{"attempt blocked after the refusal is evidence",
			[]observe.Cookie{cookie(rej, "m", day, after(observe.AfterChoiceWritten), func(c *observe.Cookie) { c.Blocked = true })},
			`info after-reject m .x.gov.uk [reject] blocked`},
		{"attempt blocked before the refusal is not after-reject",
			[]observe.Cookie{cookie(rej, "m", day, after(observe.AfterChoiceGone), func(c *observe.Cookie) { c.Blocked = true })},
			``},
		{"unrecorded (older report): removed, seen only on the page of the refusal",
			[]observe.Cookie{cookie(pre, "m", day), cookie(rej, "m", day, removed)},
			`high pre-consent m .x.gov.uk [pre-consent]`},
		{"unrecorded (older report): removed, first seen on a later page",
			[]observe.Cookie{cookie(rej, "m", day, removed, seenOn(later))},
			`high after-reject m .x.gov.uk [reject]`},
		{"unrecorded (older report): still stored at the end of the phase",
			[]observe.Cookie{cookie(rej, "m", day)},
			`high after-reject m .x.gov.uk [reject]`},
		{"functional cookie kept after the refusal is medium",
			[]observe.Cookie{cookie(rej, "f", day, after(observe.AfterChoiceKept))},
			`medium after-reject f .x.gov.uk [reject]`},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			s := withPages(site(append(marketing, decl("f", "", policy.Functional, day)), tt.cookies...))
			Evaluate(s, Options{Now: audittest.Now})
			var got []report.Finding
			for _, f := range s.Findings {
				if f.Rule != RuleDeclaredUnused {
					got = append(got, f)
				}
			}
			if g := audittest.CompactAll(got); g != tt.want {
				t.Errorf("findings:\n%s\nwant:\n%s", g, tt.want)
			}
		})
	}
}

// TestFindingMessages checks the messages that say how a cookie was judged.
func TestFindingMessages(t *testing.T) {
	rej, acc := observe.PhaseReject, observe.PhaseAccept
	tests := []struct {
		desc, rule string
		site       *report.Site
		observed   string
		want       string
	}{
		{"kept through the refusal", RuleAfterReject,
			withPages(site([]policy.Declaration{decl("m", "", policy.Marketing, day)}, cookie(rej, "m", day, after(observe.AfterChoiceKept)))),
			"kept through the refusal, 24 hours",
			`Marketing cookie "m" (.x.gov.uk) was still stored after the visitor rejected cookies, which did not remove it; it was set on https://www.x.gov.uk/ by a Set-Cookie header in the response to https://www.x.gov.uk/, lasting 24 hours.`},
		{"written after the refusal", RuleAfterReject,
			withPages(site([]policy.Declaration{decl("m", "", policy.Marketing, day)}, cookie(rej, "m", day, after(observe.AfterChoiceWritten)))),
			"stored, 24 hours",
			`Marketing cookie "m" (.x.gov.uk) was set after the visitor rejected cookies on https://www.x.gov.uk/ by a Set-Cookie header in the response to https://www.x.gov.uk/, lasting 24 hours.`},
		{"vendor disclosed, cookie not listed", RuleUndeclared,
			func() *report.Site {
				s := site(nil, cookie(acc, "_clck", 300*day))
				s.Vendors = []policy.Vendor{{Vendor: "Microsoft Clarity", Category: policy.Analytics}}
				return s
			}(),
			"300 days",
			`Cookie "_clck" (.x.gov.uk, 300 days) is not listed in the cookie policy, though the policy discloses its vendor Microsoft Clarity; it was set after accepting on https://www.x.gov.uk/ by a Set-Cookie header in the response to https://www.x.gov.uk/.`},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			Evaluate(tt.site, Options{Catalogue: audittest.Cookies, Now: audittest.Now})
			for _, f := range tt.site.Findings {
				if f.Rule != tt.rule {
					continue
				}
				if f.Message != tt.want {
					t.Errorf("message:\n got %s\nwant %s", f.Message, tt.want)
				}
				if f.Observed != tt.observed || (tt.rule == RuleUndeclared && (f.Match != report.MatchVendor || f.Declared != "vendor Microsoft Clarity, cookie not named")) {
					t.Errorf("observed %q, match %q, declared %q", f.Observed, f.Match, f.Declared)
				}
				return
			}
			t.Errorf("no %s finding in %s", tt.rule, audittest.CompactAll(tt.site.Findings))
		})
	}
}

// TestPolicyMissingOnlyWhenAudited checks that a site that could not be
// audited, or whose policy read was interrupted, gets no policy-missing.
func TestPolicyMissingOnlyWhenAudited(t *testing.T) {
	acc := observe.PhaseAccept
	tests := []struct {
		desc   string
		status observe.SiteStatus
		page   string // the start page's error in every phase
		policy string // the policy read's error
		want   string
		// cut says the read was cut short (PolicyRef.Interrupted).
		cut bool
	}{
		{"audited site without a policy", observe.SiteComplete, "", "policy: no cookie or privacy policy link found on the pages crawled",
			`high policy-missing  www.x.gov.uk []`, false},
		{"report written before the status was recorded", "", "", "no policy link",
			`high policy-missing  www.x.gov.uk []`, false},
		{"site failed", observe.SiteFailed, "", "policy: no cookie or privacy policy link found on the pages crawled", ``, false},
		{"start page unreachable (TLS refused)", "", "net::ERR_SSL_PROTOCOL_ERROR", "no policy link", ``, false},
		{"start page unreachable (DNS)", observe.SiteComplete, "net::ERR_NAME_NOT_RESOLVED", "no policy link", ``, false},
		{"site interrupted", observe.SiteInterrupted, "", "policy: no candidate page could be read", ``, false},
		{"policy read cut short", observe.SiteComplete, "", "policy: no candidate page could be read: render https://www.x.gov.uk/cookies: context canceled", ``, false},
		{"policy read says interrupted", observe.SiteComplete, "", "policy read interrupted", ``, false},
		{"policy page timed out is the site's fault", observe.SiteComplete, "", "policy: no candidate page could be read: context deadline exceeded",
			`high policy-missing  www.x.gov.uk []`, false},
		{"policy read cut by the browser", observe.SiteComplete, "", "crawler: render https://www.x.gov.uk/cookies: browser failure: target detached", ``, true},
		{"policy page missing is the site's fault", observe.SiteComplete, "", "crawler: render https://www.x.gov.uk/cookies: HTTP 404 Not Found",
			`high policy-missing  www.x.gov.uk []`, false},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			s := site(nil, cookie(acc, "zz", day))
			s.Status = tt.status
			s.Policy = report.PolicyRef{Error: tt.policy, Interrupted: tt.cut}
			for i := range s.Phases {
				s.Phases[i].Pages[0].Error = tt.page
			}
			Evaluate(s, Options{Now: audittest.Now})
			if got := audittest.CompactAll(s.Findings); got != tt.want {
				t.Errorf("findings:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// TestDeclaredUnusedNeedsACrawl checks that a site that could not be
// audited claims no declared cookie unused.
func TestDeclaredUnusedNeedsACrawl(t *testing.T) {
	s := site([]policy.Declaration{decl("gone", "", policy.Marketing, day)})
	s.Status = observe.SiteFailed
	for i := range s.Phases {
		s.Phases[i].Pages[0] = observe.Page{URL: s.URL, Error: "net::ERR_CONNECTION_REFUSED"}
	}
	Evaluate(s, Options{Now: audittest.Now})
	if got := audittest.CompactAll(s.Findings); got != "" {
		t.Errorf("findings of a site that could not be audited:\n%s", got)
	}
}

// TestTruthfulEvidence checks what findings say of who set a cookie and of
// a refused write: a header cookie came in the response to a URL; only a
// script's own URL is called the script; only a third-party refusal
// mentions browsers that accept third-party cookies; and a refused write
// of a cookie stored under the site's own domain (GA's try at the public
// suffix) is evidence on that cookie's findings, not a finding of its own.
func TestTruthfulEvidence(t *testing.T) {
	pre, rej := observe.PhasePreConsent, observe.PhaseReject
	const page = "https://www.x.gov.uk/"
	inline := func(c *observe.Cookie) { c.SetBy, c.SetByURL = "script", page }
	gtag := func(c *observe.Cookie) {
		c.SetBy, c.SetByURL = "script", "https://www.googletagmanager.com/gtag/js?id=G-1"
	}
	refused := func(domain, reason string) func(*observe.Cookie) {
		return func(c *observe.Cookie) {
			c.Domain, c.Blocked, c.BlockedReason, c.ThirdParty = domain, true, reason, true
		}
	}
	tests := []struct {
		name    string
		cookies []observe.Cookie
		want    string // the site's findings, compact, each with its message's telling part
	}{
		{"header cookie", []observe.Cookie{cookie(pre, "_ga", 400*day)},
			"pre-consent _ga .x.gov.uk: by a Set-Cookie header in the response to https://www.x.gov.uk/"},
		{"inline script", []observe.Cookie{cookie(pre, "_ga", 400*day, inline)},
			"pre-consent _ga .x.gov.uk: by a script on the page"},
		{"script file", []observe.Cookie{cookie(pre, "_ga", 400*day, gtag)},
			"pre-consent _ga .x.gov.uk: by the script https://www.googletagmanager.com/gtag/js?id=G-1"},
		{"third-party refusal", []observe.Cookie{cookie(pre, "_ga", 400*day, refused(".tracker.example", "ThirdPartyContext"))},
			"pre-consent _ga .tracker.example: a browser that accepts third-party cookies would store it"},
		{"refused on a public suffix, never stored", []observe.Cookie{cookie(pre, "_ga", 400*day, refused(".gov.uk", "InvalidDomain"))},
			"pre-consent _ga .gov.uk: browsers refuse it for that reason, so it was not stored"},
		{"refused on a public suffix, stored on the site's domain",
			[]observe.Cookie{cookie(pre, "_ga", 400*day, gtag), cookie(rej, "_ga", 400*day, gtag),
				cookie(pre, "_ga", 400*day, gtag, refused(".gov.uk", "InvalidDomain")), cookie(rej, "_ga", 400*day, gtag, refused(".gov.uk", "InvalidDomain"))},
			"after-reject _ga .x.gov.uk: by the script https://www.googletagmanager.com/gtag/js?id=G-1\n" +
				"pre-consent _ga .x.gov.uk: by the script https://www.googletagmanager.com/gtag/js?id=G-1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := site([]policy.Declaration{decl("_ga", "", policy.Analytics, 400*day)}, tt.cookies...)
			Evaluate(s, Options{Now: audittest.Now, Profile: "strict"})
			var got []string
			for _, f := range s.Findings {
				if f.Rule != RulePreConsent && f.Rule != RuleAfterReject {
					continue
				}
				var telling string
				for _, part := range []string{"by a Set-Cookie header in the response to https://www.x.gov.uk/", "by a script on the page",
					"by the script https://www.googletagmanager.com/gtag/js?id=G-1", "a browser that accepts third-party cookies would store it",
					"browsers refuse it for that reason, so it was not stored"} {
					if strings.Contains(f.Message, part) {
						telling = part
					}
				}
				if strings.Contains(f.Message, "third-party cookies") && !strings.Contains(telling, "third-party") {
					t.Errorf("%s mentions third-party cookies: %s", f.Rule, f.Message)
				}
				got = append(got, fmt.Sprintf("%s %s %s: %s", f.Rule, f.Cookie, f.Domain, telling))
			}
			if strings.Join(got, "\n") != tt.want {
				t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), tt.want)
			}
		})
	}
}

// TestFailedStartPageHasNoFindings gives a site whose start page answered
// 404 in every phase, yet set cookies as error pages do: the site could
// not be audited, so it has no findings, only its error.
func TestFailedStartPageHasNoFindings(t *testing.T) {
	s := site(nil, cookie(observe.PhasePreConsent, "_ga", 400*day), cookie(observe.PhasePreConsent, "_gid", day))
	s.Status, s.Error = observe.SiteFailed, "HTTP 404 Not Found"
	s.Policy = report.PolicyRef{Error: "not read: the site could not be crawled"}
	for i := range s.Phases {
		s.Phases[i].Pages[0].Status, s.Phases[i].Pages[0].Error = 404, "HTTP 404 Not Found"
	}
	Evaluate(s, Options{Now: audittest.Now})
	if got := audittest.CompactAll(s.Findings); got != "" {
		t.Errorf("findings of a site whose start page failed:\n%s", got)
	}
}

// TestConsentEvidenceRules checks reject-not-recorded and
// consent-not-persisted against what the consent manager recorded and
// whether its banner came back.
func TestConsentEvidenceRules(t *testing.T) {
	const acc, rej = 1, 2
	state := func(accepted, refused []string) *observe.ConsentState {
		return &observe.ConsentState{Source: "CookieControl cookie (optionalCookies)", Accepted: accepted, Refused: refused}
	}
	records := []string{"cookie:CookieControl"}
	type phaseEvidence struct {
		phase  int
		action observe.ConsentOutcome
		ev     observe.ConsentEvidence
	}
	tests := []struct {
		desc string
		ev   []phaseEvidence
		want string
	}{
		{"refusal recorded", []phaseEvidence{{rej, observe.ConsentGiven,
			observe.ConsentEvidence{State: state([]string{"necessary"}, []string{"analytics", "marketing"}), ConsentRecords: records}}}, ``},
		{"refusal recorded as accepting analytics", []phaseEvidence{{rej, observe.ConsentGiven,
			observe.ConsentEvidence{State: state([]string{"necessary", "analytics"}, []string{"marketing"}), ConsentRecords: records}}},
			`high reject-not-recorded  www.x.gov.uk [reject]`},
		{"refusal recorded as accepting marketing under the manager's own name", []phaseEvidence{{rej, observe.ConsentGiven,
			observe.ConsentEvidence{State: state([]string{"Targeting"}, nil)}}},
			`high reject-not-recorded  www.x.gov.uk [reject]`},
		{"record holds no choice", []phaseEvidence{{rej, observe.ConsentGiven,
			observe.ConsentEvidence{State: state(nil, nil), ConsentRecords: records}}},
			`high reject-not-recorded  www.x.gov.uk [reject]`},
		{"refusal wrote nothing and no state was read", []phaseEvidence{{rej, observe.ConsentGiven,
			observe.ConsentEvidence{}}},
			`high reject-not-recorded  www.x.gov.uk [reject]`},
		{"record written but its state unreadable: nothing claimed", []phaseEvidence{{rej, observe.ConsentGiven,
			observe.ConsentEvidence{ConsentRecords: records}}}, ``},
		{"no refusal made: nothing judged", []phaseEvidence{{rej, observe.ConsentNotFound,
			observe.ConsentEvidence{}}}, ``},
		{"acceptance recorded as accepting analytics is fine", []phaseEvidence{{acc, observe.ConsentGiven,
			observe.ConsentEvidence{State: state([]string{"analytics"}, nil)}}}, ``},
		{"banner back after the refusal", []phaseEvidence{{rej, observe.ConsentGiven,
			observe.ConsentEvidence{ConsentRecords: records, BannerReturnedOn: "https://www.x.gov.uk/bins"}}},
			`medium consent-not-persisted  www.x.gov.uk [reject]`},
		{"banner back after accepting only", []phaseEvidence{{acc, observe.ConsentGiven,
			observe.ConsentEvidence{ConsentRecords: records, BannerReturnedOn: "https://www.x.gov.uk/bins"}}},
			`low consent-not-persisted  www.x.gov.uk [accept]`},
		{"banner back after both choices: one finding", []phaseEvidence{
			{acc, observe.ConsentGiven, observe.ConsentEvidence{ConsentRecords: records, BannerReturnedOn: "https://www.x.gov.uk/bins"}},
			{rej, observe.ConsentGiven, observe.ConsentEvidence{ConsentRecords: records, BannerReturnedOn: "https://www.x.gov.uk/news"}}},
			`medium consent-not-persisted  www.x.gov.uk [accept reject]`},
		{"banner back but the choice was never made", []phaseEvidence{{rej, observe.ConsentFailed,
			observe.ConsentEvidence{BannerReturnedOn: "https://www.x.gov.uk/bins"}}}, ``},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			s := site([]policy.Declaration{decl("sess", "", policy.Necessary, 0)}, cookie(observe.PhasePreConsent, "sess", 0))
			for _, pe := range tt.ev {
				ev := pe.ev
				ev.Outcome, ev.BannerFound, ev.RejectOnFirstLayer = pe.action, true, true
				s.Phases[pe.phase].Consent = &ev
			}
			Evaluate(s, Options{Now: audittest.Now})
			if got := audittest.CompactAll(s.Findings); got != tt.want {
				t.Errorf("findings:\n%s\nwant:\n%s", got, tt.want)
			}
			for _, f := range s.Findings {
				if strings.Count(f.Message, ". ") > 0 || !strings.HasSuffix(f.Message, ".") || len(f.Evidence) == 0 {
					t.Errorf("%s: message is not one sentence, or no evidence: %s", f.Rule, f.Message)
				}
			}
		})
	}
}

func TestConsentEvidenceMessages(t *testing.T) {
	s := site(nil)
	s.Phases[1].Consent = &observe.ConsentEvidence{Outcome: observe.ConsentGiven, CMP: "OneTrust", BannerReturnedOn: "https://www.x.gov.uk/bins"}
	s.Phases[2].Consent = &observe.ConsentEvidence{Outcome: observe.ConsentGiven, CMP: "OneTrust", Via: observe.ConsentViaAPI, APICall: "OneTrust.RejectAll()",
		State: &observe.ConsentState{Source: "OneTrust OptanonConsent groups", Accepted: []string{"necessary", "analytics", "marketing"}}}
	Evaluate(s, Options{Now: audittest.Now})
	want := map[string]string{
		RuleRejectNotRecorded:   `The visitor refused cookies on https://www.x.gov.uk/ (through OneTrust.RejectAll()) but the refusal was not recorded: the consent manager's record (OneTrust OptanonConsent groups) says analytics and marketing were accepted, so scripts that read it treat the visitor as having consented.`,
		RuleConsentNotPersisted: `The cookie banner (OneTrust) showed again on https://www.x.gov.uk/bins after the visitor accepted cookies, so the choice was not remembered and visitors are asked on every page.`,
	}
	for _, f := range s.Findings {
		if w, ok := want[f.Rule]; ok {
			if f.Message != w {
				t.Errorf("%s message:\n got %s\nwant %s", f.Rule, f.Message, w)
			}
			delete(want, f.Rule)
		}
	}
	if len(want) > 0 {
		t.Errorf("missing findings %v in %s", want, audittest.CompactAll(s.Findings))
	}
}
