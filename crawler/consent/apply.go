package consent

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/chromedp/cdproto/page"

	"github.com/cookieaudit/cookieaudit/crawler/observe"

	"github.com/chromedp/chromedp"
)

// Timings of the native path: how long a settings layer gets to open, and
// how long a banner gets to go away after the last click.
const (
	layerWait = 800 * time.Millisecond
	// lateWait is how long after Apply starts a banner may still appear
	// (consent managers often load after the page settled).
	lateWait   = 2500 * time.Millisecond
	goneWait   = 3 * time.Second
	pollPeriod = 250 * time.Millisecond
)

// Apply gives (Accept) or refuses (Reject) consent on the page open in the
// tab, as a visitor would: configured selectors first, then autoconsent's
// rules, then the native search for a banner and its buttons. It never
// returns an empty Outcome.
func (m *Manager) Apply(ctx context.Context, action observe.Choice) observe.ConsentEvidence {
	a := &attempt{m: m, ctx: ctx, action: action, start: time.Now()}
	a.run()
	m.retire(ctx)
	if a.res.Outcome == "" {
		a.res.Outcome = observe.ConsentFailed
		if a.res.Error == "" {
			a.res.Error = "stopped before the banner was settled"
			if err := context.Cause(ctx); err != nil {
				a.res.Error += ": " + err.Error()
			}
		}
	}
	if a.res.Outcome == observe.ConsentGiven && len(a.res.FirstLayer) > 0 {
		m.rememberFirstLayer(ctx, a.res.FirstLayer)
	}
	m.log.Debug("consent", "url", a.pageURL, "action", action, "result", a.res.Outcome, "method", a.res.Method, "cmp", a.res.CMP, "button", a.res.ButtonText, "err", a.res.Error)
	return a.res
}

// retire stops autoconsent from loading into the tab's later documents. It
// acts on the page the choice is made on only, and its rules cost every
// document and frame the crawl loads next (measured on the bench council
// sites: accept and reject pages took 550–640 ms against 390 ms before
// consent, with autoconsent loaded into each). A banner that comes back is
// seen by BannerShown, which does not need it.
func (m *Manager) retire(ctx context.Context) {
	t := m.tabOf(ctx)
	if t == nil || ctx.Err() != nil {
		return
	}
	t.mu.Lock()
	id := t.script
	t.script = ""
	t.mu.Unlock()
	if id == "" {
		return
	}
	if _, err := chromedp.Call(ctx, page.RemoveScriptToEvaluateOnNewDocument, page.RemoveScriptToEvaluateOnNewDocumentParams{Identifier: id}); err != nil {
		m.log.Debug("consent: remove autoconsent from later pages", "err", err)
	}
}

// attempt is one Apply call.
type attempt struct {
	m       *Manager
	ctx     context.Context
	action  observe.Choice
	res     observe.ConsentEvidence
	pageURL string
	before  snapshot
	shot    bool // the "before" screenshot is taken
	start   time.Time
	acTried bool // autoconsent acted on the page
	// untoggled counts the choices switched off on a settings layer,
	// each a click for a visitor.
	untoggled int
}

func (a *attempt) run() {
	if loc, err := chromedp.Run(a.ctx, chromedp.Location()); err == nil {
		a.pageURL = loc
	}
	a.before = takeSnapshot(a.ctx)
	a.res.RejectOnFirstLayer = true // false only when seen missing
	first := a.scan()
	if first.found() {
		a.res.BannerFound = true
		a.recordFirstLayer(first)
		a.res.CMP = first.manager()
	}

	if a.viaConfig(first) || a.ctx.Err() != nil {
		return
	}
	if a.viaAutoconsent(first) || a.ctx.Err() != nil {
		return
	}
	a.viaNative(first)
}

// recordFirstLayer records a banner's first layer before anything on it
// is pressed: its controls, whether it offers reject, how it draws accept
// and reject, and the choices its settings layer holds, read without
// opening it.
func (a *attempt) recordFirstLayer(l layer) {
	a.res.FirstLayer = l.summary()
	a.res.RejectOnFirstLayer = l.best(KindReject) != nil
	start := time.Now()
	a.res.Prominence = measureFirstLayer(a.ctx, l)
	a.res.Choices = readChoices(a.ctx)
	a.m.log.Debug("first layer measured", "url", a.pageURL, "choices", len(a.res.Choices), "took", time.Since(start))
}

// readOpenChoices reads the choices of a settings layer the phase itself
// opened, before any is changed; they replace those read from the hidden
// markup, if any were found.
func (a *attempt) readOpenChoices() {
	if cs := readChoices(a.ctx); len(cs) > 0 {
		a.res.Choices = cs
	}
}

// scan is scanPage reduced to the banner's controls; errors leave it empty.
func (a *attempt) scan() layer {
	frames, err := scanPage(a.ctx)
	if err != nil {
		a.m.log.Debug("consent scan", "url", a.pageURL, "err", err)
	}
	return bannerLayer(frames)
}

// viaConfig presses the site's configured selectors, if any. It returns
// true when it settled the attempt.
func (a *attempt) viaConfig(first layer) bool {
	sel := a.m.selectorsFor(a.pageURL)
	steps := []string{sel.Accept}
	if a.action == observe.ChoiceReject {
		steps = []string{sel.Reject}
		if sel.Reject == "" && sel.Settings != "" && sel.Save != "" {
			steps = []string{sel.Settings, "", sel.Save} // "" switches the choices off
		}
	}
	if steps[0] == "" {
		return false
	}
	a.screenshot("before")
	for i, s := range steps {
		if s == "" {
			time.Sleep(layerWait)
			a.readOpenChoices()
			a.untoggled += clearChoices(a.ctx)
			continue
		}
		name, ok, err := pressSelector(a.ctx, s)
		if err != nil || !ok {
			msg := "configured selector " + s + " matched no visible element"
			if err != nil {
				msg = err.Error()
			}
			if i == 0 {
				// Not shown on this page: let the other methods try.
				a.res.Notes = append(a.res.Notes, msg)
				return false
			}
			a.res.Method = observe.MethodConfig
			a.fail(msg)
			return true
		}
		a.clicked(name)
	}
	a.res.Method = observe.MethodConfig
	a.res.BannerFound = true
	if a.res.CMP == "" {
		a.res.CMP = first.manager()
	}
	a.finish()
	return true
}

// viaAutoconsent lets autoconsent opt in or out when it saw a popup. It
// returns true when it settled the attempt.
func (a *attempt) viaAutoconsent(first layer) bool {
	t := a.m.tabOf(a.ctx)
	if t == nil {
		return false
	}
	popup, ok := t.popup(a.ctx, 0, first.found())
	if !ok {
		begun, waitingAfter := t.topDetection()
		a.m.log.Debug("autoconsent saw no popup", "url", a.pageURL, "attempts", begun, "waiting_after", waitingAfter)
		return false
	}
	begun, _ := t.topDetection()
	a.m.log.Debug("autoconsent popup", "url", a.pageURL, "rule", popup.CMP, "attempt", begun)
	if strings.HasPrefix(popup.CMP, "HEURISTIC") && (a.action == observe.ChoiceAccept || first.best(KindReject) != nil) {
		// The heuristic only presses reject buttons, which the native
		// search presses as well when it sees one; leaving those banners
		// to it keeps the evidence the same whether or not the heuristic
		// was quick enough to report.
		return false
	}
	a.res.BannerFound = true
	if !first.found() {
		// The banner came after the first look: read its first layer now
		// that autoconsent sees it (it may still be fading in).
		a.readLateFirstLayer()
	}
	// The markup the banner sits in names the library; autoconsent's rule
	// may be named after a product built on it (its "Complianz" rule runs
	// Osano's cookieconsent), so it names the consent manager only when the
	// markup did not.
	a.res.Rule = popup.CMP
	if t.inIframe(a.ctx, popup.ctx) {
		a.res.BannerFrame = popup.URL
	}
	if a.res.CMP == "" || a.res.CMP == "generic" {
		a.res.CMP = cmpName(popup.CMP)
	}
	a.screenshot("before")
	a.acTried = true
	done, clicks, calls, detail := t.act(a.ctx, popup, a.action)
	for _, c := range clicks {
		a.clicked(c)
	}
	if len(calls) > 0 {
		// The choice went through the consent manager's script interface;
		// any clicks only opened a layer on the way.
		a.res.Via = observe.ConsentViaAPI
		a.res.APICall = strings.Join(calls, "; ")
	}
	if !done {
		a.res.Notes = append(a.res.Notes, detail)
		a.apiGaveWay()
		a.m.log.Debug("autoconsent did not settle the banner; trying the native search", "url", a.pageURL, "detail", detail)
		return false
	}
	if a.scan().found() && !a.bannerGone() {
		// Autoconsent's rule reported success but pressed nothing that
		// closed the banner (a rule written for another version of it).
		a.res.Notes = append(a.res.Notes, "autoconsent reported success for "+popup.CMP+" but the banner stayed")
		a.apiGaveWay()
		return false
	}
	a.res.Method = observe.MethodAutoconsent
	if len(clicks) == 0 && len(calls) == 0 {
		a.res.Notes = append(a.res.Notes, "autoconsent reported the choice made, but neither a click nor a consent manager call was seen")
	}
	a.finish()
	return true
}

// waitLayer waits for the layer a press opens: it looks every gonePoll
// until opened holds of what the page shows, then lets the layer's finite
// animations end (a panel sliding or fading in), all within layerWait, and
// returns a last look. A layer that never shows what opened asks for is
// looked at once layerWait has passed, as a visitor would after a pause.
func (a *attempt) waitLayer(opened func(layer) bool) layer {
	return waitLayer(a.ctx, a.scan, opened)
}

// waitLayer calls look every gonePoll, at most layerWait, until ready holds
// of what it returns, then waits for the page's animations for what remains
// of layerWait and returns look() once more.
func waitLayer[T any](ctx context.Context, look func() T, ready func(T) bool) T {
	deadline := time.Now().Add(layerWait)
	for !ready(look()) {
		left := time.Until(deadline)
		if left <= 0 || ctx.Err() != nil {
			return look()
		}
		select {
		case <-ctx.Done():
			return look()
		case <-time.After(min(gonePoll, left)):
		}
	}
	if left := time.Until(deadline); left > 0 {
		waitAnimations(ctx, left)
	}
	return look()
}

// readLateFirstLayer looks again, for a short while, for a banner's first
// layer that was not there when Apply started, and records it.
func (a *attempt) readLateFirstLayer() {
	deadline := time.Now().Add(layerWait)
	for {
		if l := a.scan(); l.found() {
			a.recordFirstLayer(l)
			if a.res.CMP == "" || a.res.CMP == "generic" {
				a.res.CMP = l.manager()
			}
			return
		}
		if time.Now().After(deadline) || a.ctx.Err() != nil {
			return
		}
		select {
		case <-a.ctx.Done():
			return
		case <-time.After(pollPeriod):
		}
	}
}

// apiGaveWay notes the consent manager calls of an autoconsent attempt
// that did not settle the banner, so that the method that follows says how
// the choice was made.
func (a *attempt) apiGaveWay() {
	if a.res.APICall != "" {
		a.res.Notes = append(a.res.Notes, "autoconsent called "+a.res.APICall)
	}
	a.res.APICall = ""
	a.res.Via = ""
	if len(a.res.Clicked) > 0 {
		a.res.Via = observe.ConsentViaClick
	}
}

// viaNative finds the banner's controls by their names and presses them.
func (a *attempt) viaNative(first layer) {
	l := first
	if len(a.res.Clicked) > 0 || a.res.Method != "" || a.acTried {
		l = a.scan() // an earlier method changed the page
	}
	for !l.found() && !a.res.BannerFound && time.Since(a.start) < lateWait && a.ctx.Err() == nil {
		time.Sleep(2 * pollPeriod)
		l = a.scan()
		if l.found() {
			a.res.BannerFound = true
			a.recordFirstLayer(l)
		}
	}
	if !l.found() {
		if a.res.BannerFound {
			if len(a.res.Clicked) > 0 && a.bannerGone() {
				// Autoconsent pressed controls that closed the banner
				// although it did not confirm the outcome.
				a.res.Method = observe.MethodAutoconsent
				a.finish()
				return
			}
			a.res.Method = observe.MethodNative
			a.fail("banner seen but no " + string(a.action) + " control found")
			return
		}
		a.res.Outcome = observe.ConsentNotFound
		return
	}
	a.res.BannerFound = true
	a.res.Method = observe.MethodNative
	if a.res.CMP == "" || a.res.CMP == "generic" {
		a.res.CMP = l.manager()
	}
	a.screenshot("before")
	if a.action == observe.ChoiceAccept {
		c := l.best(KindAccept)
		if c == nil {
			a.fail("banner offers no accept control")
			return
		}
		if a.press(c) {
			a.finish()
		}
		return
	}
	if c := l.best(KindReject); c != nil {
		if a.press(c) {
			a.finish()
		}
		return
	}
	settings := l.best(KindSettings)
	if settings == nil {
		a.fail("banner offers no reject control and no settings layer")
		return
	}
	if !a.press(settings) {
		return
	}
	second := a.waitLayer(func(l layer) bool { return l.best(KindReject) != nil || l.best(KindSave) != nil })
	a.readOpenChoices()
	if c := second.best(KindReject); c != nil {
		if a.press(c) {
			a.finish()
		}
		return
	}
	n := clearChoices(a.ctx)
	a.untoggled += n
	a.m.log.Debug("settings layer", "url", a.pageURL, "switched_off", n)
	second = a.scan()
	save := second.best(KindSave)
	if save == nil {
		a.fail("settings layer has no save control")
		return
	}
	if a.press(save) {
		a.finish()
	}
}

// press clicks a control, recording it; on error it fails the attempt.
func (a *attempt) press(c *control) bool {
	name, err := press(a.ctx, c)
	if err != nil {
		a.fail(err.Error())
		return false
	}
	if name == "" {
		name = c.Name
	}
	if !c.frame.Top && a.res.BannerFrame == "" {
		a.res.BannerFrame = c.frame.URL
	}
	a.clicked(name)
	return true
}

func (a *attempt) clicked(name string) {
	a.res.Clicked = append(a.res.Clicked, name)
	a.res.ButtonText = name
	if a.res.Via == "" {
		a.res.Via = observe.ConsentViaClick
	}
}

func (a *attempt) fail(msg string) {
	a.res.Outcome = observe.ConsentFailed
	a.res.Error = msg
	a.screenshot("after")
}

// finish waits for the banner to go, then records the evidence.
func (a *attempt) finish() {
	a.res.Outcome = observe.ConsentGiven
	if p := a.res.Prominence; p != nil && a.action == observe.ChoiceReject && a.res.Via == observe.ConsentViaClick {
		// The refusal's own clicks say what it took, switching off
		// ticked choices included.
		p.ClicksToRefuse = max(p.ClicksToRefuse, len(a.res.Clicked)+a.untoggled)
	}
	a.res.BannerGone = a.bannerGone()
	a.screenshot("after")
	after := takeSnapshot(a.ctx)
	a.res.ConsentRecords = consentRecords(a.before, after)
	a.res.State = readState(a.ctx, a.res.ConsentRecords)
}

// bannerGone polls until no accept or reject control is visible. It looks
// often: most banners are gone within a few frames of the click.
func (a *attempt) bannerGone() bool {
	deadline := time.Now().Add(goneWait)
	for {
		if !a.scan().found() {
			return true
		}
		if time.Now().After(deadline) || a.ctx.Err() != nil {
			return false
		}
		select {
		case <-a.ctx.Done():
			return false
		case <-time.After(gonePoll):
		}
	}
}

// gonePoll is how often bannerGone looks.
const gonePoll = 80 * time.Millisecond

// bannerCheckWait is how long BannerShown looks again for a banner injected
// after the page settled; short, as it is spent on every later page.
const bannerCheckWait = 400 * time.Millisecond

// BannerShown reports whether the consent banner is visible on the page
// open in the tab (which the crawl let settle, running its timers ahead):
// a banner offering accept or reject, and, when a choice was made on a
// banner in this tab, one sharing a control with it (a cookie settings
// page with its own buttons is not the banner coming back). While
// something on the page is still animating, a banner may be fading or
// sliding in, so it looks once more a moment later; a still page is judged
// at once. It satisfies crawler.BannerChecker.
func (m *Manager) BannerShown(ctx context.Context) bool {
	known := m.firstLayerOf(ctx)
	deadline := time.Now().Add(bannerCheckWait)
	for {
		frames, err := scanPage(ctx)
		if err == nil {
			if l := bannerLayer(frames); l.found() && (len(known) == 0 || slices.ContainsFunc(l.summary(), func(c string) bool { return slices.Contains(known, c) })) {
				return true
			}
			if !slices.ContainsFunc(frames, func(f *frameWorld) bool { return f.Moving }) {
				return false
			}
		}
		if time.Now().After(deadline) {
			return false
		}
		select {
		case <-ctx.Done():
			return false
		case <-time.After(bannerCheckWait):
		}
	}
}

// maxRemembered bounds the first layers kept for BannerShown; past it they
// are all forgotten, and BannerShown then takes any banner for the one.
const maxRemembered = 256

// rememberFirstLayer keeps the first layer a choice was made on for the
// tab in ctx.
func (m *Manager) rememberFirstLayer(ctx context.Context, first []string) {
	c := chromedp.FromContext(ctx)
	if c == nil || c.Target == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.firstLayers) >= maxRemembered {
		clear(m.firstLayers)
	}
	m.firstLayers[c.Target.TargetID] = slices.Clone(first)
}

func (m *Manager) firstLayerOf(ctx context.Context) []string {
	c := chromedp.FromContext(ctx)
	if c == nil || c.Target == nil {
		return nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.firstLayers[c.Target.TargetID]
}
