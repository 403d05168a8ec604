package consent

import (
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/cookieaudit/cookieaudit/crawler/observe"
)

// measureFirstLayer measures how a banner's first layer draws the accept
// and reject controls a phase would press, and counts the clicks a visitor
// needs to refuse. It only reads the page; nil when the layer is no banner.
func measureFirstLayer(ctx context.Context, l layer) *observe.Prominence {
	if !l.found() {
		return nil
	}
	p := &observe.Prominence{}
	acc, rej := l.best(KindAccept), l.best(KindReject)
	p.Accept = measureControl(ctx, acc)
	p.Reject = measureControl(ctx, rej)
	switch {
	case rej != nil:
		p.ClicksToRefuse = 1
	case l.best(KindSettings) != nil:
		p.ClicksToRefuse = 2
	}
	if p.Accept != nil && p.Reject != nil && acc.frame == rej.frame {
		p.RejectFirst = readsBefore(*p.Reject, *p.Accept)
	}
	return p
}

// readsBefore reports whether a visitor reads control a before control b:
// a is higher on the page (by more than half the lower one's height, so
// buttons side by side on a ragged row count as one row) or, on the same
// row, further left.
func readsBefore(a, b observe.ControlLook) bool {
	tol := min(a.Height, b.Height) / 2
	if a.Y+tol < b.Y {
		return true
	}
	if b.Y+tol < a.Y {
		return false
	}
	return a.X < b.X
}

// measureControl measures a control listed by the frame's last scan; nil
// for no control or one that went away.
func measureControl(ctx context.Context, c *control) *observe.ControlLook {
	if c == nil {
		return nil
	}
	var look *observe.ControlLook
	if err := c.frame.call(ctx, "__cookieauditNative.measure("+strconv.Itoa(c.Index)+")", &look); err != nil {
		return nil
	}
	return look
}

// readChoices lists the optional choices of the banner's settings layer in
// every frame as they stand, open or still hidden in the markup, without
// changing any.
func readChoices(ctx context.Context) []observe.ConsentChoice {
	ws, err := worlds(ctx)
	if err != nil {
		return nil
	}
	var out []observe.ConsentChoice
	for _, w := range ws {
		var cs []observe.ConsentChoice
		if err := w.call(ctx, "__cookieauditNative.choices()", &cs); err == nil {
			out = append(out, cs...)
		}
	}
	return out
}

// probeTimeout bounds the visit of the throwaway tab probeSettings opens.
const probeTimeout = 20 * time.Second

// ReadSettingsLayer opens the settings layer of the banner shown on the
// page open in the tab and returns its choices as they stand, when an
// accept phase on that page would want them read with the layer open (see
// observe.ConsentEvidence.SettingsLayerUnread): the first layer offers
// reject and a settings control, and the page keeps no copy of the layer's
// choices, or a hidden one showing an optional choice on. It is for a tab
// whose phase has recorded all it will, the pre-consent phase's after its
// last read, so what opening the layer changes is never recorded. It
// returns nil when there is no such banner or the layer did not open.
func (m *Manager) ReadSettingsLayer(ctx context.Context) []observe.ConsentChoice {
	frames, err := scanPage(ctx)
	if err != nil {
		return nil
	}
	l := bannerLayer(frames)
	settings := l.best(KindSettings)
	if settings == nil || l.best(KindReject) == nil {
		return nil
	}
	if cs := readChoices(ctx); len(cs) > 0 && !observe.HiddenPreticked(cs) {
		return nil
	}
	return openSettingsLayer(ctx, settings)
}

// ReadSettingsLayerAt reads the settings layer of the banner of pageURL in
// a throwaway tab, for an accept phase whose site had no pre-consent phase
// to read it in: see probeSettings.
func (m *Manager) ReadSettingsLayerAt(ctx context.Context, pageURL string) []observe.ConsentChoice {
	start := time.Now()
	cs := probeSettings(ctx, pageURL)
	m.log.Debug("settings layer read in a separate tab", "url", pageURL, "choices", len(cs), "took", time.Since(start))
	return cs
}

// openSettingsLayer presses a first layer's settings control and reads the
// choices once the layer shows one (see waitLayer).
func openSettingsLayer(ctx context.Context, settings *control) []observe.ConsentChoice {
	if _, err := press(ctx, settings); err != nil {
		return nil
	}
	read := func() []observe.ConsentChoice { return readChoices(ctx) }
	shown := func(cs []observe.ConsentChoice) bool {
		return slices.ContainsFunc(cs, func(c observe.ConsentChoice) bool { return c.Visible })
	}
	return waitLayer(ctx, read, shown)
}

// probeSettings opens the banner's settings layer in a throwaway tab, in a
// fresh profile of its own with the phase tab's user agent, loads the
// page there, presses the first layer's settings control and reads the
// choices before anything else is touched. The phase's own tab, profile
// and evidence are left as they were. It returns nil when the layer could
// not be opened.
func probeSettings(ctx context.Context, pageURL string) []observe.ConsentChoice {
	ua, _ := chromedp.Run(ctx, chromedp.Evaluate[string]("navigator.userAgent"))
	// Open the tab with no deadline (the first action on a tab context
	// binds the tab to the context it is given), then bound the visit.
	tabCtx, cancelTab := chromedp.NewContext(context.WithoutCancel(ctx), chromedp.WithNewBrowserContext())
	defer cancelTab()
	if err := chromedp.Do(tabCtx); err != nil {
		return nil
	}
	pctx, cancel := context.WithTimeout(tabCtx, probeTimeout)
	defer cancel()
	defer context.AfterFunc(ctx, cancel)()
	if ua != "" {
		if _, err := chromedp.Call(pctx, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{UserAgent: ua, AcceptLanguage: "en-GB,en;q=0.9"}); err != nil {
			return nil
		}
	}
	if _, err := chromedp.Run(pctx, chromedp.Navigate(pageURL)); err != nil {
		return nil
	}
	deadline := time.Now().Add(lateWait)
	for pctx.Err() == nil {
		frames, err := scanPage(pctx)
		if err == nil {
			if l := bannerLayer(frames); l.found() {
				settings := l.best(KindSettings)
				if settings == nil {
					return nil
				}
				return openSettingsLayer(pctx, settings)
			}
		}
		if time.Now().After(deadline) {
			return nil
		}
		select {
		case <-pctx.Done():
			return nil
		case <-time.After(gonePoll):
		}
	}
	return nil
}
