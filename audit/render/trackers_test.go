package render

import (
	"bytes"
	"strings"
	"testing"

	"github.com/cookieaudit/cookieaudit/audit"
	"github.com/cookieaudit/cookieaudit/audit/audittest"
	"github.com/cookieaudit/cookieaudit/audit/report"
	"github.com/cookieaudit/cookieaudit/crawler/observe"
)

// trackerReport is a one-site report whose crawl saw a Meta pixel before
// consent (sent by a script whose URL is hostile), GA4 cookieless pings
// and GA4 granting consent after the refusal.
func trackerReport(t testing.TB) *report.Report {
	t.Helper()
	s := report.Site{}
	s.URL = "https://www.x.gov.uk/"
	s.Status = observe.SiteComplete
	s.Policy = report.PolicyRef{URL: "https://www.x.gov.uk/cookies"}
	for _, p := range observe.AllPhases {
		action := observe.ConsentGiven
		if p == observe.PhasePreConsent {
			action = observe.ConsentNone
		}
		pr := observe.PhaseResult{Phase: p, Pages: []observe.Page{{URL: s.URL, Status: 200}}}
		if action != observe.ConsentNone {
			// A banner that offered both choices and recorded the one made.
			pr.Consent = &observe.ConsentEvidence{Outcome: action, BannerFound: true, RejectOnFirstLayer: true,
				ConsentRecords: []string{"cookie:banner_choice"}}
		}
		s.Phases = append(s.Phases, pr)
	}
	s.Requests = []observe.Request{
		{Phase: observe.PhasePreConsent, Host: "www.facebook.com", Path: "/tr/", Method: "GET", Type: "Image", Count: 2, ThirdParty: true,
			Initiator: `https://evil.example/=cmd|' /C calc'!A0<script>alert(1)</script>`, PageURL: s.URL,
			IDParams: []string{"fbp"}, IDCookies: []string{"_fbp"}, MeasurementID: "1234567890123456"},
		{Phase: observe.PhasePreConsent, Host: "www.google-analytics.com", Path: "/g/collect", Method: "POST", Type: "Ping", Count: 1, ThirdParty: true,
			Initiator: "https://www.googletagmanager.com/gtag/js", PageURL: s.URL, IDParams: []string{"cid"}, GCS: "G100", GCD: "13p3p3p3p5l1"},
		{Phase: observe.PhaseReject, AfterChoice: true, Host: "www.google-analytics.com", Path: "/g/collect", Method: "POST", Type: "Ping", Count: 1, ThirdParty: true,
			Initiator: "https://www.googletagmanager.com/gtag/js", PageURL: s.URL + "services/", IDParams: []string{"cid"}, IDCookies: []string{"_ga"}, GCS: "G111", GCD: "13t3t3t3t5l1"},
	}
	r := &report.Report{Schema: report.Schema, Tool: report.Tool{Name: "cookieaudit", Version: "test"}, StartedAt: audittest.Now, FinishedAt: audittest.Now, Sites: []report.Site{s}}
	evaluateAll(r, audit.Options{Now: audittest.Now})
	return r
}

// TestTrackerEvidenceInEveryFormat renders tracker findings and tracker
// requests in every format: each names the rule and the endpoint, the
// Markdown and HTML reports list the requests with the cookieless pings
// marked, and hostile text stays text.
func TestTrackerEvidenceInEveryFormat(t *testing.T) {
	r := trackerReport(t)
	if got := audittest.CompactAll(r.Sites[0].Findings); got != "high consent-mode-mismatch  www.google-analytics.com [reject] www.google-analytics.com/g/collect\n"+
		"high tracker-before-consent  www.facebook.com [pre-consent] www.facebook.com/tr/" {
		t.Fatalf("findings:\n%s", got)
	}
	tests := []struct {
		format string
		want   []string
		// never must not appear in the output.
		never []string
	}{
		{"table", []string{"tracker-before-consent", "www.facebook.com/tr/", "consent-mode-mismatch"}, []string{"<script>"}},
		{"csv", []string{"high,tracker-before-consent,www.facebook.com/tr/,www.facebook.com,pre-consent,marketing"}, nil},
		{"md", []string{"### Tracker requests", "www.facebook.com/tr/", "cookieless ping; Consent Mode: ad\\_storage denied", "reject (after the choice)", "fbp from \\_fbp"}, []string{"<script>"}},
		{"html", []string{"www.facebook.com/tr/", "cookieless ping; Consent Mode: ad_storage denied", "&lt;script&gt;", "Set Google Consent Mode"}, []string{"<script>alert"}},
		{"json", []string{`"trackers"`, `"cookieless": true`, `"request": "www.facebook.com/tr/"`}, nil},
		{"sarif", []string{`"ruleId": "tracker-before-consent"`, `"request": "www.facebook.com/tr/"`}, nil},
		{"junit", []string{`<testcase name="consent-mode-mismatch"`, "Meta pixel (marketing tracker) was contacted before consent"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			w, err := WriterFor(tt.format)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := w.Write(&buf, r); err != nil {
				t.Fatal(err)
			}
			out := buf.String()
			for _, s := range tt.want {
				if !strings.Contains(out, s) {
					t.Errorf("no %q in:\n%s", s, out)
				}
			}
			for _, s := range tt.never {
				if strings.Contains(out, s) {
					t.Errorf("%q in the output", s)
				}
			}
		})
	}
}
