package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cookieaudit/cookieaudit/audit"
	"github.com/cookieaudit/cookieaudit/crawler"
	"github.com/cookieaudit/cookieaudit/crawler/observe"
)

// TestScanJudgesTrackersOnFixtures scans the tag fixtures end to end: the
// planted cases (GA4 with Consent Mode granted by default, a Meta pixel
// before consent) are found, their negative twins (Consent Mode denied by
// default with cookieless pings, a pixel held by its consent API) stay
// clean, --fail-on gates on the new rules and --har writes a file per site
// and phase.
func TestScanJudgesTrackersOnFixtures(t *testing.T) {
	t.Parallel()
	har := t.TempDir()
	sites := []string{"https://www.grantshire.gov.uk/", "https://www.deniedshire.gov.uk/", "https://www.pixelshire.gov.uk/", "https://www.waitshire.gov.uk/"}
	args := append([]string{"scan", "--format", "json", "--no-autoconsent", "--har", har, "--fail-on", "tracker-before-consent,consent-mode-mismatch"}, browserArgs(t)...)
	stdout, stderr, code := run(t, append(args, sites...)...)
	if code != exitFindings {
		t.Fatalf("exit %d, want %d (findings meet --fail-on): %s", code, exitFindings, stderr)
	}
	r := decodeReport(t, stdout)
	want := map[string][]string{
		"https://www.grantshire.gov.uk/": {
			"high consent-mode-mismatch www.google-analytics.com/g/collect [pre-consent reject]",
		},
		"https://www.deniedshire.gov.uk/": nil,
		"https://www.pixelshire.gov.uk/": {
			"high tracker-after-reject www.facebook.com/tr/ [reject]",
			"high tracker-before-consent www.facebook.com/tr/ [pre-consent]",
		},
		"https://www.waitshire.gov.uk/": nil,
	}
	tracking := []string{audit.RuleTrackerBeforeConsent, audit.RuleTrackerAfterReject, audit.RuleConsentModeMismatch}
	for _, s := range r.Sites {
		var got []string
		for _, f := range s.Findings {
			if slices.Contains(tracking, f.Rule) {
				var ps []string
				for _, p := range f.Phases {
					ps = append(ps, string(p))
				}
				got = append(got, string(f.Severity)+" "+f.Rule+" "+f.Request+" ["+strings.Join(ps, " ")+"]")
			}
		}
		if !slices.Equal(got, want[s.URL]) {
			t.Errorf("%s tracker findings:\n%s\nwant:\n%s", s.URL, strings.Join(got, "\n"), strings.Join(want[s.URL], "\n"))
		}
		cookieless := 0
		for _, tr := range s.Trackers {
			if tr.Cookieless {
				cookieless++
			}
		}
		if wantPings := s.URL == "https://www.deniedshire.gov.uk/"; (cookieless > 0) != wantPings {
			t.Errorf("%s: %d cookieless pings recorded", s.URL, cookieless)
		}
		for _, p := range observe.AllPhases {
			if _, err := os.Stat(filepath.Join(har, crawler.HARFileName(s.URL, p))); err != nil {
				t.Errorf("no HAR file: %v", err)
			}
		}
	}
}
