package audit

import (
	"strings"
	"testing"

	"github.com/cookieaudit/cookieaudit/audit/audittest"
	"github.com/cookieaudit/cookieaudit/audit/report"
	"github.com/cookieaudit/cookieaudit/crawler/observe"
	"github.com/cookieaudit/cookieaudit/policy"
)

// look is a control drawn as a button of the given size, text size and
// contrast, with mods applied.
func look(name string, w, h, font, contrast float64, mods ...func(*observe.ControlLook)) *observe.ControlLook {
	l := &observe.ControlLook{Name: name, Tag: "button", Appearance: observe.ControlButton, Width: w, Height: h,
		FontSize: font, FontWeight: 700, Color: "#ffffff", Background: "#00703c", Contrast: contrast}
	for _, m := range mods {
		m(l)
	}
	return l
}

func asLink(l *observe.ControlLook) { l.Tag, l.Appearance = "a", observe.ControlLink }

// TestFirstLayerRules checks reject-less-prominent and preticked-consent
// against the first layer's measurements and the settings layer's
// choices, in both profiles.
func TestFirstLayerRules(t *testing.T) {
	const acc, rej = 1, 2
	accept := look("Accept all cookies", 200, 44, 18, 6.2)
	prom := func(reject *observe.ControlLook) *observe.Prominence {
		return &observe.Prominence{Accept: accept, Reject: reject, ClicksToRefuse: 1}
	}
	analytics := observe.ConsentChoice{Label: "Analytics", On: true}
	tests := []struct {
		desc    string
		profile string
		phases  []int
		ev      observe.ConsentEvidence
		want    string
	}{
		{"equally prominent buttons", "", []int{acc, rej},
			observe.ConsentEvidence{Prominence: prom(look("Reject all cookies", 190, 44, 18, 6.2))}, ``},
		{"small grey link beside an accept button", "", []int{acc, rej},
			observe.ConsentEvidence{Prominence: prom(look("Reject", 40, 18, 12, 2.4, asLink))},
			`medium reject-less-prominent  www.x.gov.uk [accept reject]`},
		{"a link of the same size and colours is still a link", ProfileUK, []int{rej},
			observe.ConsentEvidence{Prominence: prom(look("Reject", 190, 44, 18, 6.2, asLink))},
			`medium reject-less-prominent  www.x.gov.uk [reject]`},
		{"button with under half accept's area", "", []int{acc},
			observe.ConsentEvidence{Prominence: prom(look("Reject", 100, 40, 18, 6.2))},
			`medium reject-less-prominent  www.x.gov.uk [accept]`},
		{"button with exactly half accept's area is comparable", "", []int{acc},
			observe.ConsentEvidence{Prominence: prom(look("Reject", 100, 44, 18, 6.2))}, ``},
		{"smaller text only: low in the uk profile", ProfileUK, []int{acc},
			observe.ConsentEvidence{Prominence: prom(look("Reject", 200, 44, 14, 6.2))},
			`low reject-less-prominent  www.x.gov.uk [accept]`},
		{"smaller text only: medium in the strict profile", ProfileStrict, []int{acc},
			observe.ConsentEvidence{Prominence: prom(look("Reject", 200, 44, 14, 6.2))},
			`medium reject-less-prominent  www.x.gov.uk [accept]`},
		{"text a little smaller is comparable", "", []int{acc},
			observe.ConsentEvidence{Prominence: prom(look("Reject", 200, 44, 15, 6.2))}, ``},
		{"contrast under AA where accept's meets it", ProfileUK, []int{acc},
			observe.ConsentEvidence{Prominence: prom(look("Reject", 200, 44, 18, 3.1))},
			`low reject-less-prominent  www.x.gov.uk [accept]`},
		{"both under AA: reject is no weaker", "", []int{acc},
			observe.ConsentEvidence{Prominence: &observe.Prominence{Accept: look("Accept", 200, 44, 18, 3.9), Reject: look("Reject", 200, 44, 18, 3.0)}}, ``},
		{"contrast unknown behind an image", "", []int{acc},
			observe.ConsentEvidence{Prominence: prom(look("Reject", 200, 44, 18, 0))}, ``},
		{"reject stronger than accept", "", []int{acc},
			observe.ConsentEvidence{Prominence: &observe.Prominence{Accept: look("Accept", 60, 18, 12, 2.5, asLink), Reject: look("Reject", 200, 44, 18, 7)}}, ``},
		{"no reject on the first layer: left to no-reject-option", "", []int{acc},
			observe.ConsentEvidence{Prominence: &observe.Prominence{Accept: accept, ClicksToRefuse: 2}},
			`medium no-reject-option  www.x.gov.uk [accept]`},
		{"not measured", "", []int{acc, rej}, observe.ConsentEvidence{}, ``},
		{"analytics ticked in advance", "", []int{rej},
			observe.ConsentEvidence{Choices: []observe.ConsentChoice{{Label: "Necessary", On: true, Necessary: true}, analytics, {Label: "Marketing"}}},
			`medium preticked-consent  www.x.gov.uk [reject]`},
		{"analytics ticked in advance, strict profile", ProfileStrict, []int{rej},
			observe.ConsentEvidence{Choices: []observe.ConsentChoice{analytics}},
			`high preticked-consent  www.x.gov.uk [reject]`},
		{"marketing ticked in advance is high in the uk profile", ProfileUK, []int{acc, rej},
			observe.ConsentEvidence{Choices: []observe.ConsentChoice{analytics, {Label: "Advertising", On: true}}},
			`high preticked-consent  www.x.gov.uk [accept reject]`},
		{"only the necessary category on", "", []int{acc, rej},
			observe.ConsentEvidence{Choices: []observe.ConsentChoice{{Label: "Strictly necessary", On: true, Necessary: true}, {Label: "Analytics"}}}, ``},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			s := site([]policy.Declaration{decl("sess", "", policy.Necessary, 0)}, cookie(observe.PhasePreConsent, "sess", 0))
			for _, i := range tt.phases {
				ev := tt.ev
				ev.Outcome, ev.BannerFound = observe.ConsentGiven, true
				ev.RejectOnFirstLayer = ev.Prominence == nil || ev.Prominence.Reject != nil
				ev.ScreenshotBefore = "shots/x-before.png"
				ev.ConsentRecords = []string{"cookie:x_consent"} // recorded: not judged here
				s.Phases[i].Consent = &ev
			}
			Evaluate(s, Options{Now: audittest.Now, Profile: tt.profile})
			if got := audittest.CompactAll(s.Findings); got != tt.want {
				t.Errorf("findings:\n%s\nwant:\n%s", got, tt.want)
			}
			for _, f := range s.Findings {
				if strings.Count(f.Message, ". ") > 0 || !strings.HasSuffix(f.Message, ".") || len(f.Evidence) == 0 || f.Observed == "" {
					t.Errorf("%s: message is not one sentence, or no evidence: %s", f.Rule, f.Message)
				}
				if f.Rule != RuleNoRejectOption && f.Evidence[0].Screenshot != "shots/x-before.png" {
					t.Errorf("%s: evidence %+v lacks the banner's screenshot", f.Rule, f.Evidence)
				}
			}
		})
	}
}

func TestFirstLayerMessages(t *testing.T) {
	s := site(nil)
	s.Phases[1].Consent = &observe.ConsentEvidence{Outcome: observe.ConsentGiven, BannerFound: true, RejectOnFirstLayer: true, CMP: "generic",
		Prominence: &observe.Prominence{
			Accept: look("Accept all cookies", 196, 48, 18, 6.21),
			Reject: look("Reject", 38, 18, 12, 2.43, asLink, func(l *observe.ControlLook) { l.FontWeight, l.Color, l.Background = 400, "#a6a6a6", "#ffffff" }),
		},
		Choices: []observe.ConsentChoice{{Label: "Analytics", On: true}, {Label: "Advertisement", On: true}},
	}
	Evaluate(s, Options{Now: audittest.Now})
	want := map[string]string{
		RuleRejectLessProminent: `The cookie banner on https://www.x.gov.uk/ draws its reject control "Reject" weaker than accept "Accept all cookies": it is a plain link beside an accept button, its box is 7% the size of accept's, its text is 12px against accept's 18px and its text contrast of 2.43:1 is under WCAG AA's 4.5:1, while accept's is 6.21:1, so refusing is less prominent than accepting.`,
		RulePreticked:           `The cookie banner on https://www.x.gov.uk/ has "Analytics" and "Advertisement" switched on in its settings before the visitor chose anything, and consent by a pre-ticked box is not valid consent (Planet49).`,
	}
	observed := map[string]string{
		RuleRejectLessProminent: `reject link "Reject" 38×18px, 12px/400, #a6a6a6 on #ffffff (2.43:1); accept button "Accept all cookies" 196×48px, 18px/700, #ffffff on #00703c (6.21:1)`,
		RulePreticked:           `on before any choice: Analytics, Advertisement`,
	}
	for _, f := range s.Findings {
		if w, ok := want[f.Rule]; ok {
			if f.Message != w {
				t.Errorf("%s message:\n got %s\nwant %s", f.Rule, f.Message, w)
			}
			if f.Observed != observed[f.Rule] {
				t.Errorf("%s observed:\n got %s\nwant %s", f.Rule, f.Observed, observed[f.Rule])
			}
			delete(want, f.Rule)
		}
	}
	if len(want) > 0 {
		t.Errorf("missing findings %v in %s", want, audittest.CompactAll(s.Findings))
	}
}

// TestFirstLayerGateAndWaivers checks that --fail-on names the new rules
// and that a waiver for a site's banner covers its finding.
func TestFirstLayerGateAndWaivers(t *testing.T) {
	build := func() *report.Report {
		s := site(nil)
		s.Phases[1].Consent = &observe.ConsentEvidence{Outcome: observe.ConsentGiven, BannerFound: true, RejectOnFirstLayer: true,
			Prominence: &observe.Prominence{Accept: look("Accept", 200, 44, 18, 6), Reject: look("Reject", 40, 18, 12, 2.4, asLink)},
			Choices:    []observe.ConsentChoice{{Label: "Marketing", On: true}}}
		return &report.Report{Sites: []report.Site{*s}}
	}
	for _, tt := range []struct {
		desc, failOn string
		waivers      []Waiver
		want         string
	}{
		{"gate on reject-less-prominent", RuleRejectLessProminent, nil, "reject-less-prominent"},
		{"gate on preticked-consent", RulePreticked, nil, "preticked-consent"},
		{"gate on high catches the pre-ticked marketing switch", "high", nil, "preticked-consent"},
		{"waived for the site's domain", RuleRejectLessProminent + "," + RulePreticked,
			[]Waiver{{Rule: RuleRejectLessProminent, Domain: "www.x.gov.uk", Reason: "banner redesign under way"}}, "preticked-consent"},
	} {
		t.Run(tt.desc, func(t *testing.T) {
			r := build()
			for i := range r.Sites {
				Evaluate(&r.Sites[i], Options{Now: audittest.Now, Waivers: tt.waivers})
			}
			gate, err := ParseFailOn(tt.failOn)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, f := range gate.Failing(r) {
				ids = append(ids, f.Rule)
			}
			if got := strings.Join(ids, ","); got != tt.want {
				t.Errorf("failing %q, want %q", got, tt.want)
			}
		})
	}
}

// TestPretickedOpenedLayerDecides checks that a settings layer read open
// outweighs a hidden copy of it read in another phase.
func TestPretickedOpenedLayerDecides(t *testing.T) {
	hiddenOn := []observe.ConsentChoice{{Label: "Analytics", On: true}}
	tests := []struct {
		desc   string
		accept observe.ConsentEvidence
		reject observe.ConsentEvidence
		want   string
	}{
		{"hidden copy on, the layer opened in a separate tab off",
			observe.ConsentEvidence{Choices: []observe.ConsentChoice{{Label: "Analytics", Visible: true}}, ChoicesInSeparateTab: true},
			observe.ConsentEvidence{Choices: hiddenOn}, ``},
		{"hidden copy on, the layer opened by the refusal off",
			observe.ConsentEvidence{Choices: hiddenOn},
			observe.ConsentEvidence{Choices: []observe.ConsentChoice{{Label: "Analytics", Visible: true}}}, ``},
		{"hidden copy on and the opened layer on",
			observe.ConsentEvidence{Choices: []observe.ConsentChoice{{Label: "Analytics", On: true}}, ChoicesInSeparateTab: true},
			observe.ConsentEvidence{Choices: hiddenOn}, `medium preticked-consent  www.x.gov.uk [accept]`},
		{"hidden copy on, never opened",
			observe.ConsentEvidence{Choices: hiddenOn},
			observe.ConsentEvidence{Choices: hiddenOn}, `medium preticked-consent  www.x.gov.uk [accept reject]`},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			s := site(nil)
			for i, ev := range []observe.ConsentEvidence{tt.accept, tt.reject} {
				ev.Outcome, ev.BannerFound, ev.RejectOnFirstLayer = observe.ConsentGiven, true, true
				ev.ConsentRecords = []string{"cookie:x_consent"}
				s.Phases[i+1].Consent = &ev
			}
			Evaluate(s, Options{Now: audittest.Now})
			if got := audittest.CompactAll(s.Findings); got != tt.want {
				t.Errorf("findings:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}
