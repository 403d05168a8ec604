package consent_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/cookieaudit/cookieaudit/audit"
	"github.com/cookieaudit/cookieaudit/audit/report"
	"github.com/cookieaudit/cookieaudit/crawler/consent"
	"github.com/cookieaudit/cookieaudit/crawler/observe"
)

// lookLine says in one line how a control is drawn, without its pixel
// sizes (which follow the fonts installed).
func lookLine(l *observe.ControlLook) string {
	if l == nil {
		return "none"
	}
	return fmt.Sprintf("%s %q %gpx/%d %s on %s %.2f", l.Appearance, l.Name, l.FontSize, l.FontWeight, l.Color, l.Background, l.Contrast)
}

// prominenceLine renders a phase's first-layer measurements: accept,
// reject, whether reject's box is under half of accept's, which reads
// first and the clicks needed to refuse.
func prominenceLine(p *observe.Prominence) string {
	if p == nil {
		return "not measured"
	}
	size := "-"
	if p.Accept != nil && p.Reject != nil {
		size = "comparable"
		if p.Reject.Area() < p.Accept.Area()/2 {
			size = "under-half"
		}
	}
	return fmt.Sprintf("accept=%s reject=%s size=%s reject-first=%t clicks=%d", lookLine(p.Accept), lookLine(p.Reject), size, p.RejectFirst, p.ClicksToRefuse)
}

// choicesLine lists the settings layer's choices as "label:on|off", with
// "(necessary)" and "(hidden)" marks.
func choicesLine(cs []observe.ConsentChoice) string {
	var parts []string
	for _, c := range cs {
		s := c.Label + ":off"
		if c.On {
			s = c.Label + ":on"
		}
		if c.Necessary {
			s += "(necessary)"
		}
		if !c.Visible {
			s += "(hidden)"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

// firstLayerRules audits a crawl with no policy and lists the first-layer
// rules it raised, with their severity in the uk profile.
func firstLayerRules(r observe.SiteResult) string {
	site := report.Site{SiteResult: r}
	audit.Evaluate(&site, audit.Options{})
	var out []string
	for _, f := range site.Findings {
		if f.Rule == audit.RuleRejectLessProminent || f.Rule == audit.RulePreticked {
			out = append(out, string(f.Severity)+" "+f.Rule)
		}
	}
	slices.Sort(out)
	return strings.Join(out, ", ")
}

// firstLayerCase is a fixture banner with its first layer as measured
// before the accept click, the choices read before the reject phase's
// clicks and, when it had to open the layer elsewhere, by the accept
// phase, and the rules the audit raises.
type firstLayerCase struct {
	site       string
	prominence string
	choices    string
	// probed are the choices the accept phase read by opening the
	// settings layer in a throwaway tab, when it had to.
	probed string
	rules  string
}

// TestFirstLayerMeasured measures the planted banners and their clean
// twins, and the consent managers' fixtures, in a real browser.
func TestFirstLayerMeasured(t *testing.T) {
	var names []string
	for _, c := range firstLayerCases {
		names = append(names, c.site)
	}
	results := scanFixtures(t, consent.Options{}, names)
	for _, c := range firstLayerCases {
		t.Run(c.site, func(t *testing.T) {
			r, ok := results[c.site]
			if !ok {
				t.Fatal("no result")
			}
			acc, rej := phaseConsent(r, observe.PhaseAccept), phaseConsent(r, observe.PhaseReject)
			if acc == nil || rej == nil {
				t.Fatalf("consent evidence missing: %+v", r.Phases)
			}
			if got := prominenceLine(acc.Prominence); got != c.prominence {
				t.Errorf("first layer\n got: %s\nwant: %s", got, c.prominence)
			}
			if got := choicesLine(rej.Choices); got != c.choices {
				t.Errorf("choices\n got: %s\nwant: %s", got, c.choices)
			}
			probed := ""
			if acc.ChoicesInSeparateTab {
				probed = choicesLine(acc.Choices)
			}
			if probed != c.probed {
				t.Errorf("choices read in a separate tab\n got: %s\nwant: %s", probed, c.probed)
			}
			if got := firstLayerRules(r); got != c.rules {
				t.Errorf("rules %q, want %q", got, c.rules)
			}
		})
	}
}

// countingReader is the consent manager, counting the settings layers it
// reads in a throwaway tab.
type countingReader struct {
	*consent.Manager
	elsewhere atomic.Int32
}

func (c *countingReader) ReadSettingsLayerAt(ctx context.Context, pageURL string) []observe.ConsentChoice {
	c.elsewhere.Add(1)
	return c.Manager.ReadSettingsLayerAt(ctx, pageURL)
}

// TestSettingsLayerReadInPreConsentTab crawls the fixtures whose settings
// layer the accept phase has to have read elsewhere, in all three phases:
// the choices are read in the pre-consent phase's tab after its last read,
// the same as a throwaway tab reads them when there is no pre-consent phase
// (TestFirstLayerMeasured), and no throwaway tab is opened. The fixtures
// whose choices the page itself shows read none.
func TestSettingsLayerReadInPreConsentTab(t *testing.T) {
	requireNodeModules(t)
	mgr, err := consent.New(consent.Options{})
	if err != nil {
		t.Fatal(err)
	}
	reader := &countingReader{Manager: mgr}
	var sites []string
	for _, c := range firstLayerCases {
		sites = append(sites, fixtures.URL(c.site, "/"))
	}
	results := scanPhases(t, reader, sites, []observe.Phase{observe.PhasePreConsent, observe.PhaseAccept, observe.PhaseReject}, 1)
	for _, c := range firstLayerCases {
		t.Run(c.site, func(t *testing.T) {
			acc := phaseConsent(results[fixtures.URL(c.site, "/")], observe.PhaseAccept)
			if acc == nil {
				t.Fatal("no accept evidence")
			}
			probed := ""
			if acc.ChoicesInSeparateTab {
				probed = choicesLine(acc.Choices)
			}
			if probed != c.probed {
				t.Errorf("choices read elsewhere\n got: %s\nwant: %s", probed, c.probed)
			}
		})
	}
	if n := reader.elsewhere.Load(); n != 0 {
		t.Errorf("%d settings layers read in a throwaway tab, want none", n)
	}
}

// firstLayerCases are the planted banners, their clean twins and the
// consent managers' fixtures, measured with the native search (the
// fixtures that load no stylesheet draw Chromium's default buttons:
// 13.3px black on #efefef).
var firstLayerCases = []firstLayerCase{
	{
		site:       "www.greylinkshire.gov.uk", // planted: reject a small pale grey link
		prominence: `accept=button "Accept all cookies" 18px/700 #ffffff on #00703c 6.21 reject=link "Reject" 12px/400 #a6a6a6 on #ffffff 2.43 size=under-half reject-first=false clicks=1`,
		rules:      "medium reject-less-prominent",
	},
	{
		site:       "www.fairshire.gov.uk", // twin: equally prominent buttons, reject first
		prominence: `accept=button "Accept analytics cookies" 17px/600 #ffffff on #1d70b8 5.17 reject=button "Reject analytics cookies" 17px/600 #ffffff on #1d70b8 5.17 size=comparable reject-first=true clicks=1`,
	},
	{
		site:       "www.tickshire.gov.uk", // planted: analytics switched on in the hidden preference centre
		prominence: `accept=button "Accept all" 16px/700 #ffffff on #4c2c92 10.08 reject=button "Reject all" 16px/700 #ffffff on #4c2c92 10.08 size=comparable reject-first=false clicks=1`,
		choices:    "Necessary:on(necessary)(hidden) Analytics:on(hidden) Advertisement:off(hidden)",
		probed:     "Necessary:on(necessary) Analytics:on Advertisement:off",
		rules:      "medium preticked-consent",
	},
	{
		site:       "www.untickshire.gov.uk", // twin: every optional switch off
		prominence: `accept=button "Accept all" 16px/700 #ffffff on #4c2c92 10.08 reject=button "Reject all" 16px/700 #ffffff on #4c2c92 10.08 size=comparable reject-first=false clicks=1`,
		choices:    "Necessary:on(necessary)(hidden) Analytics:off(hidden) Advertisement:off(hidden)",
	},
	{
		site:       "www.civicshire.gov.uk", // Civic Cookie Control 9.10: reject on the panel, its switch read once the panel is open
		prominence: `accept=button "Accept" 13.3px/400 #000000 on #efefef 18.26 reject=none size=- reject-first=false clicks=2`,
		choices:    "Analytical Cookies:off",
	},
	{
		site:       "www.onetrustborough.gov.uk", // the preference centre is built when opened: read in a separate tab
		probed:     "Performance Cookies:off Functional Cookies:off Targeting Cookies:off",
		prominence: `accept=button "Accept All Cookies" 13.3px/400 #000000 on #efefef 18.26 reject=button "Reject All" 13.3px/400 #000000 on #efefef 18.26 size=comparable reject-first=true clicks=1`,
	},
	{
		site:       "www.cookiebotshire.gov.uk", // Cookiebot's boxes on the first layer, unticked
		prominence: `accept=button "Allow all" 13.3px/400 #000000 on #efefef 18.26 reject=button "Deny" 13.3px/400 #000000 on #efefef 18.26 size=comparable reject-first=true clicks=1`,
		choices:    "Necessary:on(necessary) Preferences:off Statistics:off Marketing:off",
	},
	{
		site:       "www.silktideborough.gov.uk",
		prominence: `accept=button "Accept all cookies" 13.3px/400 #000000 on #efefef 18.26 reject=button "Reject non-essential" 13.3px/400 #000000 on #efefef 18.26 size=comparable reject-first=false clicks=1`,
	},
	{
		site:       "www.squizborough.gov.uk",
		prominence: `accept=button "Accept cookies" 13.3px/400 #000000 on #efefef 18.26 reject=button "Reject cookies" 13.3px/400 #000000 on #efefef 18.26 size=comparable reject-first=false clicks=1`,
	},
	{
		site:       "www.manageshire.gov.uk", // reject on the second layer, its box read there
		prominence: `accept=button "Accept all cookies" 13.3px/400 #000000 on #efefef 18.26 reject=none size=- reject-first=false clicks=2`,
		choices:    "Use analytics cookies:off",
	},
	{
		site:       "www.govukshire.gov.uk", // GOV.UK Frontend's own styles
		prominence: `accept=button "Accept analytics cookies" 19px/400 #ffffff on #0f7a52 5.35 reject=button "Reject analytics cookies" 19px/400 #ffffff on #0f7a52 5.35 size=comparable reject-first=false clicks=1`,
	},
	{
		site:       "www.layershire.gov.uk", // analytics ticked in advance on the settings layer
		prominence: `accept=button "Accept all cookies" 13.3px/400 #000000 on #efefef 18.26 reject=none size=- reject-first=false clicks=2`,
		choices:    "Strictly necessary cookies:on(necessary) Analytics cookies:on Marketing cookies:off",
		rules:      "medium preticked-consent",
	},
	{
		site:       "www.radioshire.gov.uk", // the "use" radio chosen in advance
		prominence: `accept=button "Accept additional cookies" 13.3px/400 #000000 on #efefef 18.26 reject=none size=- reject-first=false clicks=2`,
		choices:    "Do you want to accept analytics cookies?:on",
		rules:      "medium preticked-consent",
	},
	{
		site:       "www.vanillashire.gov.uk", // vanilla-cookieconsent v3's own styles; its preferences built when opened
		probed:     "Strictly necessary cookies:on(necessary) Analytics cookies:off",
		prominence: `accept=button "Accept all" 13.1px/600 #ffffff on #30363c 12.22 reject=button "Reject all" 13.1px/600 #ffffff on #30363c 12.22 size=comparable reject-first=false clicks=1`,
	},
	{
		site:       "www.klaroborough.gov.uk", // klaro's own styles: accept's white on green is under 4.5:1, reject's is not
		probed:     "Analytics:off Fixture Metrics:off(hidden)",
		prominence: `accept=button "That's ok" 14px/400 #ffffff on #1a936f 3.86 reject=button "I decline" 14px/400 #ffffff on #5c5c5c 6.69 size=comparable reject-first=true clicks=1`,
	},
	{
		site:       "www.osanoshire.gov.uk", // Osano cookieconsent's opt-in theme draws "deny" as bare text
		prominence: `accept=button "allow cookies" 14.4px/700 #000000 on #ffffff 21.00 reject=link "deny cookies" 14.4px/700 #000000 on #ffffff 21.00 size=comparable reject-first=true clicks=1`,
		rules:      "medium reject-less-prominent",
	},
	{
		site:       "www.frameshire.gov.uk", // banner in a cross-site iframe
		prominence: `accept=button "Accept all cookies" 16px/400 #000000 on #efefef 18.26 reject=button "Reject all cookies" 16px/400 #000000 on #efefef 18.26 size=comparable reject-first=false clicks=1`,
	},
	{
		site:       "www.shadowshire.gov.uk", // banner in an open shadow root
		prominence: `accept=button "Allow all" 16px/400 #000000 on #efefef 18.26 reject=button "Deny all" 16px/400 #000000 on #efefef 18.26 size=comparable reject-first=false clicks=1`,
	},
}
