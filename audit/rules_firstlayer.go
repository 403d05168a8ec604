package audit

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/cookieaudit/cookieaudit/audit/report"

	"github.com/cookieaudit/cookieaudit/crawler/observe"
)

// The thresholds of reject-less-prominent. Each marks reject as clearly
// weaker, not merely different: designers' type scales step by 10–15%, so
// a fifth smaller is at least two steps down, and half the area is a
// visibly smaller target.
const (
	// minAreaRatio is the least share of accept's box reject's may have.
	minAreaRatio = 0.5
	// minFontRatio is the least share of accept's text size reject's may
	// have.
	minFontRatio = 0.8
	// wcagAA is WCAG 2's minimum contrast ratio for normal text (success
	// criterion 1.4.3, level AA).
	wcagAA = 4.5
)

// RejectWeaknesses lists, in words, how a first layer draws its reject
// control weaker than accept, by the thresholds of reject-less-prominent;
// textOnly is true when reject is a button of comparable size and only
// its text is smaller or fainter. Both are empty when either control was
// not measured.
func RejectWeaknesses(p *observe.Prominence) (weak []string, textOnly bool) {
	if p == nil || p.Accept == nil || p.Reject == nil {
		return nil, false
	}
	acc, rej := p.Accept, p.Reject
	shape := false
	if rej.Appearance == observe.ControlLink && acc.Appearance == observe.ControlButton {
		weak = append(weak, "it is a plain link beside an accept button")
		shape = true
	}
	if acc.Area() > 0 && rej.Area() > 0 && rej.Area() < minAreaRatio*acc.Area() {
		weak = append(weak, fmt.Sprintf("its box is %d%% the size of accept's", int(100*rej.Area()/acc.Area())))
		shape = true
	}
	if acc.FontSize > 0 && rej.FontSize > 0 && rej.FontSize < minFontRatio*acc.FontSize {
		weak = append(weak, fmt.Sprintf("its text is %gpx against accept's %gpx", rej.FontSize, acc.FontSize))
	}
	if rej.Contrast > 0 && rej.Contrast < wcagAA && acc.Contrast >= wcagAA {
		weak = append(weak, fmt.Sprintf("its text contrast of %.2f:1 is under WCAG AA's 4.5:1, while accept's is %.2f:1", rej.Contrast, acc.Contrast))
	}
	return weak, len(weak) > 0 && !shape
}

// LookText says how a control is drawn in one short line: `link "Reject"
// 41×18px, 12px/400, #a6a6a6 on #fefefe (2.37:1)`.
func LookText(l *observe.ControlLook) string {
	if l == nil {
		return "none"
	}
	contrast := "contrast unknown"
	if l.Contrast > 0 {
		contrast = fmt.Sprintf("%.2f:1", l.Contrast)
	}
	return fmt.Sprintf("%s %q %g×%gpx, %gpx/%d, %s on %s (%s)", l.Appearance, l.Name, l.Width, l.Height, l.FontSize, l.FontWeight, l.Color, l.Background, contrast)
}

// checkRejectLessProminent raises reject-less-prominent once when a first
// layer draws its reject control clearly weaker than accept; the first
// phase that measured it gives the measurements and the screenshot.
func checkRejectLessProminent(e *evaluation, r *Rule) {
	var f *report.Finding
	for _, p := range e.site.Phases {
		c := p.Consent
		if c == nil {
			continue
		}
		weak, textOnly := RejectWeaknesses(c.Prominence)
		if len(weak) == 0 {
			continue
		}
		if f != nil {
			f.Phases = appendPhase(f.Phases, p.Phase)
			continue
		}
		page := phasePage(e.site, p)
		key := ""
		if textOnly {
			key = caseTextOnly
		}
		f = &report.Finding{
			Rule: r.ID, Severity: r.SeverityIn(e.opts.Profile, key), Domain: Host(e.site.URL), Phases: []observe.Phase{p.Phase},
			Evidence: []report.Evidence{{PageURL: page, Screenshot: c.ScreenshotBefore}},
			Observed: "reject " + LookText(c.Prominence.Reject) + "; accept " + LookText(c.Prominence.Accept),
			Message: fmt.Sprintf("%s on %s draws its reject control %q weaker than accept %q: %s, so refusing is less prominent than accepting.",
				bannerName(c.CMP), page, c.Prominence.Reject.Name, c.Prominence.Accept.Name, joinAnd(weak)),
		}
	}
	if f != nil {
		sortPhases(f.Phases)
		e.findings = append(e.findings, *f)
	}
}

// analyticsPurpose matches the labels of purposes that only measure use.
var analyticsPurpose = regexp.MustCompile(`(?i)analytic|statistic|performance|measur`)

// seenOpen reports whether a choice was read from a settings layer that
// was open, as a visitor sees it.
func seenOpen(c *observe.ConsentEvidence, ch observe.ConsentChoice) bool {
	return ch.Visible || c.ChoicesInSeparateTab
}

// checkPreticked raises preticked-consent once when a banner's settings
// layer had a non-essential purpose switched on before any choice. When
// some phase read the layer open, only such readings count: a hidden copy
// of the layer may be set as the visitor's choice only when it opens.
func checkPreticked(e *evaluation, r *Rule) {
	opened := false
	for _, p := range e.site.Phases {
		if c := p.Consent; c != nil && slices.ContainsFunc(c.Choices, func(ch observe.ConsentChoice) bool { return seenOpen(c, ch) }) {
			opened = true
		}
	}
	var phases []observe.Phase
	var labels []string
	var ev report.Evidence
	cmpName := ""
	for _, p := range e.site.Phases {
		c := p.Consent
		if c == nil {
			continue
		}
		found := false
		for _, ch := range c.Choices {
			if ch.On && !ch.Necessary && (!opened || seenOpen(c, ch)) {
				labels = appendUnique(labels, ch.Label)
				found = true
			}
		}
		if !found {
			continue
		}
		if len(phases) == 0 {
			ev = report.Evidence{PageURL: phasePage(e.site, p), Screenshot: c.ScreenshotBefore}
			cmpName = c.CMP
		}
		phases = appendPhase(phases, p.Phase)
	}
	if len(phases) == 0 {
		return
	}
	sortPhases(phases)
	key := caseAnalyticsOnly
	for _, l := range labels {
		if !analyticsPurpose.MatchString(l) {
			key = ""
		}
	}
	quoted := make([]string, len(labels))
	for i, l := range labels {
		quoted[i] = fmt.Sprintf("%q", l)
	}
	e.findings = append(e.findings, report.Finding{
		Rule: r.ID, Severity: r.SeverityIn(e.opts.Profile, key), Domain: Host(e.site.URL), Phases: phases,
		Evidence: []report.Evidence{ev}, Observed: "on before any choice: " + strings.Join(labels, ", "),
		Message: fmt.Sprintf("%s on %s has %s switched on in its settings before the visitor chose anything, and consent by a pre-ticked box is not valid consent (Planet49).",
			bannerName(cmpName), ev.PageURL, joinAnd(quoted)),
	})
}
