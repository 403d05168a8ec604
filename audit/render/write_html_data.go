package render

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"html/template"
	"image"
	"image/color"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/cookieaudit/cookieaudit/audit"

	"github.com/cookieaudit/cookieaudit/audit/report"

	"github.com/cookieaudit/cookieaudit/crawler/observe"
)

// maxScreenshotBytes bounds the size of one screenshot embedded in the
// HTML report; a larger file is named, not embedded.
const maxScreenshotBytes = 8 << 20

// worstFindings is how many findings the summary at the top lists.
const worstFindings = 5

// htmlReport is what the HTML template renders.
type htmlReport struct {
	R          *report.Report
	ScriptHash string
	Sites      []htmlSite
	Rules      []htmlRule
	Worst      []htmlWorst
	Audited    int
	Failed     int
	// New counts the findings new since the baseline (not waived).
	New int
	// Gate is the --fail-on gate the verdicts follow, "" for none.
	Gate string
}

type htmlSite struct {
	Index int
	Site  *report.Site
	// Label is the site as a reader names it (host, no scheme).
	Label string
	Sum   audit.SiteSummary
	// Coverage is how many pages were crawled and failed.
	Coverage audit.Coverage
	// Problem says why the site was not audited; "" when it was.
	Problem     string
	PolicyError string
	// Verdict is "pass", "warn", "fail" or "error" (see HTMLWriter.verdict).
	Verdict  string
	Consent  []htmlConsent
	Findings []htmlFinding
	Phases   []htmlPhase
}

// VerdictText is the site's verdict in words.
func (s htmlSite) VerdictText() string {
	if s.Verdict == "error" {
		return "not audited"
	}
	return s.Verdict
}

// VerdictRank sorts sites worst first.
func (s htmlSite) VerdictRank() int {
	return slices.Index([]string{"fail", "error", "warn", "pass"}, s.Verdict)
}

// verdict is a site's result: "error" when it could not be audited; with
// a --fail-on gate "fail" when a finding of the site meets it, else
// "pass"; without one "fail" on a medium or high finding, "warn" on low
// or info findings only, else "pass". Waived and resolved findings never
// count.
func (h HTMLWriter) verdict(r *report.Report, s *report.Site, hs htmlSite) string {
	switch {
	case hs.Problem != "":
		return "error"
	case !h.FailOn.IsZero():
		if len(h.FailOn.FailingIn(r, s)) > 0 {
			return "fail"
		}
		return "pass"
	case hs.Sum.Count(report.High)+hs.Sum.Count(report.Medium) > 0:
		return "fail"
	case hs.Sum.Count(report.Low)+hs.Sum.Count(report.Info) > 0:
		return "warn"
	}
	return "pass"
}

type htmlRule struct {
	ID, Description string
	// Verdict is "fail" when an audited site breaks the rule, "note" when
	// only notes (info) were found, else "pass".
	Verdict string
	Failing []htmlRuleSite
	Audited int
}

// Rank sorts rules failing first.
func (r htmlRule) Rank() int { return slices.Index([]string{"fail", "note", "pass"}, r.Verdict) }

type htmlRuleSite struct {
	Index int
	Label string
	Count int
}

type htmlWorst struct {
	Index int
	Label string
	F     report.Finding
}

type htmlFinding struct {
	F      report.Finding
	Note   string
	Advice string
	Seen   string
}

type htmlConsent struct {
	Title         string
	Before, After htmlShot
	Facts         []htmlFact
	FirstLayer    *htmlFirstLayer
}

// Shots lists the screenshots there are, before then after.
func (c htmlConsent) Shots() []htmlShot {
	var out []htmlShot
	for _, s := range []htmlShot{c.Before, c.After} {
		if s.Src != "" || s.Missing != "" {
			out = append(out, s)
		}
	}
	return out
}

type htmlShot struct {
	Src           template.URL
	Caption       string
	Missing       string
	Width, Height int
}

type htmlFact struct{ Label, Value string }

type htmlPhase struct {
	Title   string
	Cookies []htmlCookie
	// Storage is the phase's localStorage and sessionStorage keys (names
	// and sizes only).
	Storage []observe.StorageItem
	// Trackers are the phase's requests a tracker list recognised.
	Trackers []htmlTracker
}

// htmlTracker is a tracker request as the HTML report shows it.
type htmlTracker struct {
	T report.TrackerRequest
	// Carried says what it carried: identifiers and the cookies they came
	// from, cookies sent, the Consent Mode state.
	Carried string
}

type htmlCookie struct {
	C     observe.Cookie
	M     report.CookieMatch
	Flags string
}

// Write implements Writer.
func (h HTMLWriter) Write(w io.Writer, r *report.Report) error {
	sum := sha256.Sum256([]byte(htmlScript))
	data := htmlReport{R: r, ScriptHash: "sha256-" + base64.StdEncoding.EncodeToString(sum[:]), Gate: h.FailOn.String()}
	for i := range r.Sites {
		hs := h.site(r, i+1, &r.Sites[i])
		for _, f := range r.Sites[i].Findings {
			if f.Status == audit.StatusNew && f.Waived == "" {
				data.New++
			}
		}
		if hs.Problem != "" {
			data.Failed++
		} else {
			data.Audited++
		}
		data.Sites = append(data.Sites, hs)
	}
	data.Rules = ruleVerdicts(data.Sites)
	data.Worst = worstOf(data.Sites)
	if err := htmlTemplate.Execute(w, data); err != nil {
		return fmt.Errorf("audit: write html: %w", err)
	}
	return nil
}

// site prepares one site's section.
func (h HTMLWriter) site(r *report.Report, index int, s *report.Site) htmlSite {
	hs := htmlSite{Index: index, Site: s, Label: siteLabel(s.URL), Sum: audit.Summarize(s), Coverage: audit.SiteCoverage(s), Problem: councilText(audit.SiteProblem(s)),
		PolicyError: councilText(s.Policy.Error)}
	hs.Verdict = h.verdict(r, s, hs)
	for _, f := range s.Findings {
		note := councilText(findingNote(f))
		f.Declared, f.Observed = councilText(f.Declared), councilText(f.Observed)
		hs.Findings = append(hs.Findings, htmlFinding{F: f, Note: note, Advice: adviceFor(f), Seen: seenIn(f.Phases)})
	}
	for _, pr := range s.Phases {
		if pr.Consent != nil {
			hs.Consent = append(hs.Consent, h.consent(pr))
		}
	}
	matches := s.MatchesByCookie()
	for _, p := range observe.AllPhases {
		hp := htmlPhase{Title: phaseTitle(p)}
		for _, pr := range s.Phases {
			if pr.Phase == p && pr.ConsentOutcome() != observe.ConsentNone {
				hp.Title += " (" + outcomeText(pr.ConsentOutcome()) + ")"
			}
		}
		for _, it := range s.Storage {
			if it.Phase == p {
				hp.Storage = append(hp.Storage, it)
			}
		}
		for _, c := range s.Cookies {
			if c.Phase == p {
				hp.Cookies = append(hp.Cookies, htmlCookie{C: c, M: matches[[2]string{c.Name, c.Domain}], Flags: cookieFlags(c)})
			}
		}
		for _, t := range s.Trackers {
			if t.Phase == p {
				hp.Trackers = append(hp.Trackers, htmlTracker{T: t, Carried: trackerCarried(t)})
			}
		}
		hs.Phases = append(hs.Phases, hp)
	}
	return hs
}

// ruleVerdicts says, per rule, which audited sites break it.
func ruleVerdicts(sites []htmlSite) []htmlRule {
	var out []htmlRule
	for _, ri := range audit.Rules {
		hr := htmlRule{ID: ri.ID, Description: ri.Description, Verdict: "pass"}
		for _, s := range sites {
			if s.Problem != "" {
				continue
			}
			hr.Audited++
			failing, notes := 0, 0
			for _, f := range s.Site.Findings {
				if f.Rule != ri.ID || f.Waived != "" || f.Status == audit.StatusResolved {
					continue
				}
				if f.Severity == report.Info {
					notes++
				} else {
					failing++
				}
			}
			switch {
			case failing > 0:
				hr.Verdict = "fail"
				hr.Failing = append(hr.Failing, htmlRuleSite{Index: s.Index, Label: s.Label, Count: failing})
			case notes > 0 && hr.Verdict == "pass":
				hr.Verdict = "note"
			}
		}
		out = append(out, hr)
	}
	return out
}

// worstOf picks the most severe active findings across the sites, most
// severe first, in site order within a severity.
func worstOf(sites []htmlSite) []htmlWorst {
	var all []htmlWorst
	for _, s := range sites {
		for _, f := range s.Site.Findings {
			if f.Waived == "" && f.Status != audit.StatusResolved && f.Severity != report.Info && !f.Blocked {
				all = append(all, htmlWorst{Index: s.Index, Label: s.Label, F: f})
			}
		}
	}
	slices.SortStableFunc(all, func(a, b htmlWorst) int {
		return cmp.Compare(audit.SeverityRank(a.F.Severity), audit.SeverityRank(b.F.Severity))
	})
	for i := range all {
		all[i].F.Message = councilText(all[i].F.Message)
	}
	return all[:min(len(all), worstFindings)]
}

// seenIn says in words in which phases a finding was seen.
func seenIn(ps []observe.Phase) string {
	var parts []string
	for _, p := range ps {
		parts = append(parts, phaseTitle(p))
	}
	return strings.Join(parts, "; ")
}

// phaseTitle names a phase for a reader.
func phaseTitle(p observe.Phase) string {
	switch p {
	case observe.PhasePreConsent:
		return "Before consent"
	case observe.PhaseAccept:
		return "After accepting"
	case observe.PhaseReject:
		return "After rejecting"
	}
	return string(p)
}

// consentTitle names the consent choice a phase makes.
func consentTitle(p observe.Phase) string {
	if choice, ok := observe.ChoiceOf(p); ok {
		return "Choosing to " + string(choice)
	}
	return phaseTitle(p)
}

// outcomeText says in words whether a consent choice was made.
func outcomeText(o observe.ConsentOutcome) string {
	switch o {
	case observe.ConsentGiven:
		return "choice made"
	case observe.ConsentNotFound:
		return "no banner offering the choice was found"
	case observe.ConsentFailed:
		return "the banner was found but the choice did not go through"
	}
	return string(o)
}

// consent prepares the evidence of one phase's consent choice: the
// screenshots and what was done and seen.
func (h HTMLWriter) consent(pr observe.PhaseResult) htmlConsent {
	e := pr.Consent
	hc := htmlConsent{Title: consentTitle(pr.Phase)}
	hc.Before = h.shot(e.ScreenshotBefore, "Before: the banner as the visitor first sees it")
	hc.After = h.shot(e.ScreenshotAfter, "After the choice")
	hc.Facts = consentFacts(e)
	hc.FirstLayer = firstLayerView(e)
	return hc
}

// consentFacts says, in words for the council, what the evidence of one
// consent choice shows: the outcome, the consent manager, how the choice
// was made, whether the banner went away and stayed away, the consent
// record and whether the first layer offers a reject.
func consentFacts(e *observe.ConsentEvidence) []htmlFact {
	var facts []htmlFact
	fact := func(label, value string) {
		if value != "" {
			facts = append(facts, htmlFact{label, value})
		}
	}
	fact("Outcome", outcomeText(e.Outcome))
	cmpName := e.CMP
	if cmpName == "" || cmpName == "generic" {
		cmpName = "not recognised (a generic banner)"
	}
	if !e.BannerFound {
		cmpName = "no banner was seen"
	}
	fact("Consent manager", cmpName)
	fact("How", consentHow(e))
	if e.BannerFound && e.Outcome == observe.ConsentGiven {
		gone := "no, it stayed on screen after the choice"
		if e.BannerGone {
			gone = "yes"
		}
		if e.BannerReturnedOn != "" {
			gone += ", but it came back on " + e.BannerReturnedOn + ", so the choice was not remembered"
		}
		fact("Banner went away", gone)
	}
	fact("Consent record", consentRecord(e))
	if e.BannerFound {
		reject := "yes"
		if !e.RejectOnFirstLayer {
			reject = "no: refusing takes more steps than accepting"
		}
		if len(e.FirstLayer) > 0 {
			reject += " (first layer offers " + strings.Join(e.FirstLayer, "; ") + ")"
		}
		fact("Reject on the first layer", reject)
	}
	fact("Banner shown in a frame from", e.BannerFrame)
	fact("Problem", councilText(e.Error))
	fact("Notes", strings.Join(e.Notes, " "))
	return facts
}

// consentHow says how the choice was made: the controls clicked, or the
// consent manager's API call.
func consentHow(e *observe.ConsentEvidence) string {
	var how string
	switch {
	case e.Via == observe.ConsentViaAPI || e.APICall != "":
		how = "through the consent manager's own script"
		if e.APICall != "" {
			how += ": " + e.APICall
		}
	case len(e.Clicked) > 1:
		q := make([]string, len(e.Clicked))
		for i, c := range e.Clicked {
			q[i] = fmt.Sprintf("%q", c)
		}
		how = "clicked " + strings.Join(q, ", then ")
	case len(e.Clicked) == 1:
		how = fmt.Sprintf("clicked %q", e.Clicked[0])
	case e.ButtonText != "":
		how = fmt.Sprintf("clicked %q", e.ButtonText)
	}
	if how == "" {
		return ""
	}
	switch e.Method {
	case observe.MethodConfig:
		how += " (controls configured for this site)"
	case observe.MethodAutoconsent:
		how += " (recognised by the autoconsent rule " + cmp.Or(e.Rule, "for this manager") + ")"
	}
	return how
}

// consentRecord says what the consent manager recorded of the choice.
func consentRecord(e *observe.ConsentEvidence) string {
	var parts []string
	if st := e.State; st != nil {
		s := st.Source
		var grants []string
		if len(st.Accepted) > 0 {
			grants = append(grants, "allowed "+strings.Join(st.Accepted, ", "))
		}
		if len(st.Refused) > 0 {
			grants = append(grants, "refused "+strings.Join(st.Refused, ", "))
		}
		if len(grants) == 0 {
			grants = append(grants, "nothing allowed or refused")
		}
		parts = append(parts, strings.TrimSpace(s+": "+strings.Join(grants, "; ")))
	}
	if len(e.ConsentRecords) > 0 {
		parts = append(parts, "stored in "+strings.Join(e.ConsentRecords, ", "))
	}
	if len(parts) == 0 && e.Outcome == observe.ConsentGiven {
		return "none found: the choice may not be remembered"
	}
	return strings.Join(parts, "; ")
}

// shot reads a screenshot for embedding as a data: URI, so the report
// stays one file that works offline. A relative path is read from the
// writer's BaseDir. Anything that is not a readable PNG is named instead.
func (h HTMLWriter) shot(path, caption string) htmlShot {
	if path == "" {
		return htmlShot{}
	}
	s := htmlShot{Caption: caption}
	p := filepath.FromSlash(path)
	if !filepath.IsAbs(p) && h.BaseDir != "" {
		p = filepath.Join(h.BaseDir, p)
	}
	data, err := readSmallFile(p, maxScreenshotBytes)
	if err != nil {
		s.Missing = "Screenshot not available (" + filepath.Base(path) + ")."
		return s
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		s.Missing = "Screenshot " + filepath.Base(path) + " is not a PNG image."
		return s
	}
	s.Width, s.Height = cfg.Width, cfg.Height
	if small, w, h, ok := shrinkPNG(data, cfg.Width); ok {
		data, s.Width, s.Height = small, w, h
	}
	s.Src = template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(data))
	return s
}

// shotWidth is the width screenshots are shrunk towards: the report shows
// them at most half a page wide, so a full-size viewport capture only adds
// bytes.
const shotWidth = 700

// shrinkPNG scales a screenshot down by the whole factor that brings it
// nearest shotWidth (1,366 px wide becomes 683), averaging each block of pixels, and returns the smaller PNG and
// its size; ok is false when the picture is small enough already or
// shrinking it does not make the file smaller.
func shrinkPNG(data []byte, width int) (small []byte, w, h int, ok bool) {
	k := (width + shotWidth/2) / shotWidth
	if k < 2 {
		return nil, 0, 0, false
	}
	src, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, 0, 0, false
	}
	b := src.Bounds()
	w, h = b.Dx()/k, b.Dy()/k
	dst := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			var r, g, bl, a uint32
			for dy := range k {
				for dx := range k {
					cr, cg, cb, ca := src.At(b.Min.X+x*k+dx, b.Min.Y+y*k+dy).RGBA()
					r, g, bl, a = r+cr, g+cg, bl+cb, a+ca
				}
			}
			n := uint32(k * k)
			// Average premultiplied values, then store them straight.
			px := color.RGBA64{R: uint16(r / n), G: uint16(g / n), B: uint16(bl / n), A: uint16(a / n)}
			dst.Set(x, y, px)
		}
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, dst); err != nil || buf.Len() >= len(data) {
		return nil, 0, 0, false
	}
	return buf.Bytes(), w, h, true
}

// readSmallFile reads a file of at most limit bytes.
func readSmallFile(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s: larger than %d bytes", path, limit)
	}
	return data, nil
}

// trackerCarried says what a tracker request carried, in words: the
// identifiers and the cookies they were read from, the cookies sent and
// the Consent Mode state ("cookieless ping" when both storage signals were
// denied and nothing identified the visitor).
func trackerCarried(t report.TrackerRequest) string {
	var parts []string
	switch {
	case len(t.IDCookies) > 0:
		parts = append(parts, strings.Join(t.IDParams, ", ")+" from "+strings.Join(t.IDCookies, ", "))
	case len(t.IDParams) > 0:
		parts = append(parts, strings.Join(t.IDParams, ", ")+" (not from a cookie)")
	}
	if len(t.Cookies) > 0 {
		parts = append(parts, "cookies "+strings.Join(t.Cookies, ", "))
	}
	if t.ConsentMode != "" {
		cm := "Consent Mode: " + t.ConsentMode
		if t.Cookieless {
			cm = "cookieless ping; " + cm
		}
		parts = append(parts, cm)
	}
	return strings.Join(parts, "; ")
}
