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

// FuzzParseFailOn checks that a parsed gate prints back to an equivalent
// gate.
func FuzzParseFailOn(f *testing.F) {
	for _, s := range []string{"high", "medium,undeclared", "", "none", "low, pre-consent ,after-reject", "bogus"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		g, err := ParseFailOn(s)
		if err != nil {
			return
		}
		again, err := ParseFailOn(g.String())
		if err != nil || again.String() != g.String() {
			t.Fatalf("%q -> %q -> %q, %v", s, g, again, err)
		}
	})
}

// FuzzParseLifetime checks that accepted lifetimes are positive and at
// most 100 years.
func FuzzParseLifetime(f *testing.F) {
	for _, s := range []string{"13 months", "400d", "2y", "9600h", "1 week", "0d", "-1h", "999999 years"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseLifetime(s)
		if err == nil && (!d.Known() || d.Session() || d.Duration() > 100*policy.Year) {
			t.Fatalf("ParseLifetime(%q) = %v", s, d)
		}
	})
}

func BenchmarkEvaluate(b *testing.B) {
	// A large council site: 400 declarations, 2,000 distinct cookies seen in
	// three phases (6,000 sightings).
	s := &report.Site{}
	s.URL = "https://www.x.gov.uk/"
	s.Policy = report.PolicyRef{URL: s.URL + "cookies"}
	for i := range 400 {
		exp := int64(86400 * (i%700 + 1))
		s.Declared = append(s.Declared, policy.Declaration{Name: fmt.Sprintf("decl_%d", i), Pattern: fmt.Sprintf("decl_%d*", i),
			Category: []policy.Category{policy.Necessary, policy.Analytics, policy.Marketing, policy.Functional}[i%4], Expiry: policy.LifetimeInSeconds(exp)})
	}
	for i := range 2000 {
		for _, p := range observe.AllPhases {
			s.Cookies = append(s.Cookies, observe.Cookie{Phase: p, Name: fmt.Sprintf("decl_%d_%d", i%500, i), Domain: ".x.gov.uk",
				LifetimeSeconds: int64(i * 3600), RequestedLifetimeSeconds: int64(i * 7200), Secure: i%3 != 0,
				FirstSeenURL: s.URL, SetBy: "script", SetByURL: s.URL + "app.js"})
		}
	}
	opts := Options{Catalogue: audittest.Cookies, Now: time.Now()}
	b.ReportAllocs()
	for b.Loop() {
		Evaluate(s, opts)
	}
}

func BenchmarkEvaluateFixture(b *testing.B) {
	r := audittest.LoadFixture(b)
	opts := Options{Catalogue: audittest.Cookies, Now: audittest.Now}
	b.ReportAllocs()
	for b.Loop() {
		Evaluate(&r.Sites[0], opts)
	}
}

// FuzzReadTrackerList checks that any list either fails with an error or
// classifies any request without a panic, and that what it recognises is
// on the host it names.
func FuzzReadTrackerList(f *testing.F) {
	for _, s := range []string{"||a.example^\n/pixel.gif^$third-party\n@@||ok.a.example^", `{"categories":{"Analytics":[{"X":{"https://x/":["x.example"]}}]}}`,
		"||^\n||/\n||*.x^\n||x.example/a*b^|", `{"categories":{"Ads":[{"X":{"u":"dnt"}}]}}`, "\xff\xfe"} {
		f.Add(s, "sub.a.example", "/pixel.gif")
	}
	f.Fuzz(func(t *testing.T, list, host, path string) {
		l, err := ReadTrackerList(strings.NewReader(list), "fuzz.txt")
		if err != nil {
			return
		}
		e, ok := DefaultTrackers().With(l).Classify(host, path)
		if ok && e.Host != "*" && !hostWithin(strings.ToLower(strings.TrimSuffix(host, ".")), e.Host) {
			t.Fatalf("%s%s classified by an entry for %s", host, path, e.Host)
		}
	})
}

// FuzzReadConsentMode checks that any gcs and gcd decode without a panic
// and that a decoded state names only granted or denied.
func FuzzReadConsentMode(f *testing.F) {
	for _, s := range [][2]string{{"G100", "13p3p3p3p5l1"}, {"G1--", "11t1t1t1t5"}, {"", "1"}, {"G1", "13~3~3~3~5"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, gcs, gcd string) {
		cm, _ := ReadConsentMode(gcs, gcd)
		for _, v := range []ConsentValue{cm.AdStorage, cm.AnalyticsStorage, cm.AdUserData, cm.AdPersonalization} {
			if v != "" && v != Granted && v != Denied {
				t.Fatalf("%q %q: state %q", gcs, gcd, v)
			}
		}
	})
}
