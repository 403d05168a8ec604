package crawler_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cookieaudit/cookieaudit/crawler"
	"github.com/cookieaudit/cookieaudit/crawler/consent"
	"github.com/cookieaudit/cookieaudit/crawler/observe"
)

// requestLine renders a recorded endpoint as one line: phase (with
// "+after" for requests made after the consent choice), method, type,
// host and path, initiator, cookies and identifier parameters with the
// cookies they were tied to, the measurement ID and consent signals.
func requestLine(r observe.Request) string {
	ph := string(r.Phase)
	if r.AfterChoice {
		ph += "+after"
	}
	s := fmt.Sprintf("%s %s %s %s%s by %s", ph, r.Method, r.Type, r.Host, r.Path, strings.TrimPrefix(r.Initiator, "https://"))
	if !r.ThirdParty {
		s += " 1p"
	}
	if len(r.Cookies) > 0 {
		s += " cookies=" + strings.Join(r.Cookies, ",")
	}
	if len(r.IDParams) > 0 {
		s += " ids=" + strings.Join(r.IDParams, ",")
	}
	if len(r.IDCookies) > 0 {
		s += " from=" + strings.Join(r.IDCookies, ",")
	}
	if r.MeasurementID != "" {
		s += " tag=" + r.MeasurementID
	}
	if r.GCS != "" || r.GCD != "" {
		s += " gcs=" + r.GCS + " gcd=" + r.GCD
	}
	return s
}

// TestScanRecordsTrackerRequests crawls the tag fixtures in every phase:
// GA4 through gtag.js with Consent Mode defaulting to granted (grantshire)
// and to denied (deniedshire), a Meta pixel firing on every page
// (pixelshire) and one held back by its consent API until the visitor
// accepts (waitshire). Each endpoint is recorded once per phase, side of
// the choice and consent signals, with what made it, the identifiers it
// carried and the cookies they were read from.
func TestScanRecordsTrackerRequests(t *testing.T) {
	b := launch(t, crawler.BrowserOptions{})
	mgr, err := consent.New(consent.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"https://www.grantshire.gov.uk/": {
			"pre-consent GET Script www.googletagmanager.com/gtag/js by www.grantshire.gov.uk/ tag=G-GR4NT5H1RE",
			"pre-consent POST Ping www.google-analytics.com/g/collect by www.googletagmanager.com/gtag/js ids=cid from=_ga tag=G-GR4NT5H1RE gcs=G111 gcd=13t3t3t3t5l1",
			"accept GET Script www.googletagmanager.com/gtag/js by www.grantshire.gov.uk/ tag=G-GR4NT5H1RE",
			"accept POST Ping www.google-analytics.com/g/collect by www.googletagmanager.com/gtag/js ids=cid from=_ga tag=G-GR4NT5H1RE gcs=G111 gcd=13t3t3t3t5l1",
			"accept+after POST Ping www.google-analytics.com/g/collect by www.googletagmanager.com/gtag/js ids=cid from=_ga tag=G-GR4NT5H1RE gcs=G111 gcd=13v3v3v3v5l1",
			"accept+after GET Script www.googletagmanager.com/gtag/js by www.grantshire.gov.uk/cookies/ tag=G-GR4NT5H1RE",
			"accept+after POST Ping www.google-analytics.com/g/collect by www.googletagmanager.com/gtag/js ids=cid from=_ga tag=G-GR4NT5H1RE gcs=G111 gcd=13t3t3t3t5l1",
			"reject GET Script www.googletagmanager.com/gtag/js by www.grantshire.gov.uk/ tag=G-GR4NT5H1RE",
			"reject POST Ping www.google-analytics.com/g/collect by www.googletagmanager.com/gtag/js ids=cid from=_ga tag=G-GR4NT5H1RE gcs=G111 gcd=13t3t3t3t5l1",
			"reject+after POST Ping www.google-analytics.com/g/collect by www.googletagmanager.com/gtag/js ids=cid from=_ga tag=G-GR4NT5H1RE gcs=G100 gcd=13u3u3u3u5l1",
			"reject+after GET Script www.googletagmanager.com/gtag/js by www.grantshire.gov.uk/cookies/ tag=G-GR4NT5H1RE",
			"reject+after POST Ping www.google-analytics.com/g/collect by www.googletagmanager.com/gtag/js ids=cid from=_ga tag=G-GR4NT5H1RE gcs=G111 gcd=13t3t3t3t5l1",
		},
		"https://www.deniedshire.gov.uk/": {
			"pre-consent GET Script www.googletagmanager.com/gtag/js by www.deniedshire.gov.uk/ tag=G-D3N13D5H1R",
			"pre-consent POST Ping www.google-analytics.com/g/collect by www.googletagmanager.com/gtag/js ids=cid tag=G-D3N13D5H1R gcs=G100 gcd=13p3p3p3p5l1",
			"accept GET Script www.googletagmanager.com/gtag/js by www.deniedshire.gov.uk/ tag=G-D3N13D5H1R",
			"accept POST Ping www.google-analytics.com/g/collect by www.googletagmanager.com/gtag/js ids=cid tag=G-D3N13D5H1R gcs=G100 gcd=13p3p3p3p5l1",
			"accept+after POST Ping www.google-analytics.com/g/collect by www.googletagmanager.com/gtag/js ids=cid from=_ga tag=G-D3N13D5H1R gcs=G111 gcd=13r3r3r3r5l1",
			"accept+after GET Script www.googletagmanager.com/gtag/js by www.deniedshire.gov.uk/cookies/ tag=G-D3N13D5H1R",
			"accept+after POST Ping www.google-analytics.com/g/collect by www.googletagmanager.com/gtag/js ids=cid tag=G-D3N13D5H1R gcs=G100 gcd=13p3p3p3p5l1",
			"reject GET Script www.googletagmanager.com/gtag/js by www.deniedshire.gov.uk/ tag=G-D3N13D5H1R",
			"reject POST Ping www.google-analytics.com/g/collect by www.googletagmanager.com/gtag/js ids=cid tag=G-D3N13D5H1R gcs=G100 gcd=13p3p3p3p5l1",
			"reject+after POST Ping www.google-analytics.com/g/collect by www.googletagmanager.com/gtag/js ids=cid tag=G-D3N13D5H1R gcs=G100 gcd=13q3q3q3q5l1",
			"reject+after GET Script www.googletagmanager.com/gtag/js by www.deniedshire.gov.uk/cookies/ tag=G-D3N13D5H1R",
			"reject+after POST Ping www.google-analytics.com/g/collect by www.googletagmanager.com/gtag/js ids=cid tag=G-D3N13D5H1R gcs=G100 gcd=13p3p3p3p5l1",
		},
		"https://www.pixelshire.gov.uk/": {
			"pre-consent GET Script connect.facebook.net/en_US/fbevents.js by www.pixelshire.gov.uk/",
			"pre-consent GET Script connect.facebook.net/signals/config/1234567890123456 by connect.facebook.net/en_US/fbevents.js",
			"pre-consent GET Image www.facebook.com/tr/ by www.pixelshire.gov.uk/ ids=fbp from=_fbp tag=1234567890123456",
			"accept GET Script connect.facebook.net/en_US/fbevents.js by www.pixelshire.gov.uk/",
			"accept GET Script connect.facebook.net/signals/config/1234567890123456 by connect.facebook.net/en_US/fbevents.js",
			"accept GET Image www.facebook.com/tr/ by www.pixelshire.gov.uk/ ids=fbp from=_fbp tag=1234567890123456",
			"accept+after GET Script connect.facebook.net/en_US/fbevents.js by www.pixelshire.gov.uk/cookies/",
			"accept+after GET Script connect.facebook.net/signals/config/1234567890123456 by connect.facebook.net/en_US/fbevents.js",
			"accept+after GET Image www.facebook.com/tr/ by www.pixelshire.gov.uk/cookies/ ids=fbp from=_fbp tag=1234567890123456",
			"reject GET Script connect.facebook.net/en_US/fbevents.js by www.pixelshire.gov.uk/",
			"reject GET Script connect.facebook.net/signals/config/1234567890123456 by connect.facebook.net/en_US/fbevents.js",
			"reject GET Image www.facebook.com/tr/ by www.pixelshire.gov.uk/ ids=fbp from=_fbp tag=1234567890123456",
			"reject+after GET Script connect.facebook.net/en_US/fbevents.js by www.pixelshire.gov.uk/cookies/",
			"reject+after GET Script connect.facebook.net/signals/config/1234567890123456 by connect.facebook.net/en_US/fbevents.js",
			"reject+after GET Image www.facebook.com/tr/ by www.pixelshire.gov.uk/cookies/ ids=fbp from=_fbp tag=1234567890123456",
		},
		"https://www.waitshire.gov.uk/": {
			"pre-consent GET Script connect.facebook.net/en_US/fbevents.js by www.waitshire.gov.uk/",
			"pre-consent GET Script connect.facebook.net/signals/config/1234567890123456 by connect.facebook.net/en_US/fbevents.js",
			"accept GET Script connect.facebook.net/en_US/fbevents.js by www.waitshire.gov.uk/",
			"accept GET Script connect.facebook.net/signals/config/1234567890123456 by connect.facebook.net/en_US/fbevents.js",
			"accept+after GET Image www.facebook.com/tr/ by www.waitshire.gov.uk/ ids=fbp from=_fbp tag=1234567890123456",
			"accept+after GET Script connect.facebook.net/en_US/fbevents.js by www.waitshire.gov.uk/cookies/",
			"accept+after GET Script connect.facebook.net/signals/config/1234567890123456 by connect.facebook.net/en_US/fbevents.js",
			"reject GET Script connect.facebook.net/en_US/fbevents.js by www.waitshire.gov.uk/",
			"reject GET Script connect.facebook.net/signals/config/1234567890123456 by connect.facebook.net/en_US/fbevents.js",
			"reject+after GET Script connect.facebook.net/en_US/fbevents.js by www.waitshire.gov.uk/cookies/",
			"reject+after GET Script connect.facebook.net/signals/config/1234567890123456 by connect.facebook.net/en_US/fbevents.js",
		},
	}
	sites := slices.Sorted(maps.Keys(want))
	har := t.TempDir()
	res := scan(t, b, crawler.Config{MaxPages: 2, Consent: mgr, HARDir: har}, sites...)
	if len(res) != len(sites) {
		t.Fatalf("got %d site results, want %d", len(res), len(sites))
	}
	for _, r := range res {
		t.Run(r.URL, func(t *testing.T) {
			for _, p := range r.Phases {
				if p.Phase != observe.PhasePreConsent && p.ConsentOutcome() != observe.ConsentGiven {
					t.Fatalf("%s: consent %s, want the banner clicked", p.Phase, p.ConsentOutcome())
				}
			}
			var got []string
			for _, q := range r.Requests {
				got = append(got, requestLine(q))
			}
			if d := diffLines(got, want[r.URL]); d != "" {
				t.Errorf("requests differ (-missing +unexpected):\n%s", d)
			}
		})
	}
	t.Run("HAR", func(t *testing.T) {
		data, err := os.ReadFile(filepath.Join(har, crawler.HARFileName("https://www.grantshire.gov.uk/", observe.PhasePreConsent)))
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Log struct {
				Version string `json:"version"`
				Entries []struct {
					Request struct {
						URL     string `json:"url"`
						Headers []struct{ Name, Value string }
					} `json:"request"`
					Response struct {
						Status  int `json:"status"`
						Headers []struct{ Name, Value string }
					} `json:"response"`
				} `json:"entries"`
			} `json:"log"`
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatalf("HAR is not JSON: %v", err)
		}
		if doc.Log.Version != "1.2" {
			t.Errorf("HAR version %q, want 1.2", doc.Log.Version)
		}
		collects := 0
		for _, e := range doc.Log.Entries {
			u, err := url.Parse(e.Request.URL)
			if err != nil {
				t.Fatalf("entry URL %q: %v", e.Request.URL, err)
			}
			if u.Path == "/g/collect" {
				collects++
				if cid := u.Query().Get("cid"); cid != "[redacted]" {
					t.Errorf("collect hit keeps cid %q", cid)
				}
				if u.Query().Get("gcs") != "G111" {
					t.Errorf("collect hit lost its consent signal: %s", e.Request.URL)
				}
			}
			for _, h := range append(e.Request.Headers, e.Response.Headers...) {
				if n := strings.ToLower(h.Name); (n == "cookie" || n == "set-cookie") && h.Value != "[redacted]" {
					t.Errorf("%s header value kept: %q", h.Name, h.Value)
				}
			}
		}
		if collects != 2 {
			t.Errorf("HAR holds %d collect hits, want 2 (one a page)", collects)
		}
		if strings.Contains(string(data), "SESSIONID=s1") || strings.Contains(string(data), "GA1.1.") {
			t.Error("HAR holds a cookie value")
		}
	})
}
