package crawler

import (
	"context"
	"fmt"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// QuietEnd says how a wait for the network to go quiet ended.
type QuietEnd string

// The ways a wait for quiet ends.
const (
	// QuietIdle means no request that holds the page was in flight for the
	// quiet window.
	QuietIdle QuietEnd = "idle"
	// QuietBound means the page was still busy when the bound (8 s, or the
	// page timeout if shorter) ran out.
	QuietBound QuietEnd = "bound"
	// QuietStopped means the crawl was stopped (interrupt, site timeout).
	QuietStopped QuietEnd = "stopped"
	// QuietSkipped means no wait was asked for (a negative QuietWindow).
	QuietSkipped QuietEnd = "skipped"
)

// PageTrace is the crawler's own account of one page's settling, for
// diagnostics and tests (see Config.Trace).
type PageTrace struct {
	URL string
	// Quiet says how the wait after the load (and the late timers set by
	// then) ended; LateQuiet how the wait after the late timers that
	// scripts loaded meanwhile set ended ("" when there were none).
	Quiet, LateQuiet QuietEnd
	// LongLived counts the requests still in flight when the page went
	// quiet that did not hold it (long polls and hanging requests past
	// the long-request limit).
	LongLived int
	// LateTimers is how many of the page's timers due within the late
	// horizon were run ahead of time.
	LateTimers int
	// Waited is the real time spent waiting for quiet and settling.
	Waited time.Duration
	// IdleEarly is true when the last wait for quiet ended before the
	// quiet window ran out, because the page was idle with no timer due
	// within the window (see waitQuiet).
	IdleEarly bool
	// EarlyRead is true when the page was read during its last quiet
	// window and nothing happened after, so it was not read again.
	EarlyRead bool
}

// DefaultLateHorizon is how far after a page's load the crawler runs the
// page's timers ahead of time unless told otherwise (see
// Config.LateHorizon).
const DefaultLateHorizon = 3 * time.Second

// defaultLongRequest is how long a script's request may stay in flight and
// still hold the page: past it, it is taken for a long poll (other
// requests get four times as long before they are taken for a hanging
// server).
const defaultLongRequest = 250 * time.Millisecond

// quietPoll is how often waitQuiet looks again while a request holds the
// page.
const quietPoll = 10 * time.Millisecond

// earlyRead reads a page (its state, cookies and storage) while the crawler
// waits out the page's quiet window, rather than after it: when nothing
// happens in the window, as on most pages, the read is still current when
// the window ends and the page is left at once. When something happens it
// is read again, so the result is the same as reading after the window.
type earlyRead struct {
	read  func()
	quiet *netQuiet
	// mark is the page's activity when the read running or done began;
	// done is closed when it ends. Both are nil-zero before the first.
	mark uint64
	done chan struct{}
}

// start begins a read, unless one that nothing has overtaken is running or
// done.
func (e *earlyRead) start() {
	if e == nil || e.read == nil {
		return
	}
	if e.done != nil {
		select {
		case <-e.done:
			if !e.quiet.changedSince(e.mark) {
				return // done and still current
			}
		default:
			return // still running: judged when it ends
		}
	}
	e.mark = e.quiet.mark()
	done := make(chan struct{})
	e.done = done
	go func() {
		defer close(done)
		e.read()
	}()
}

// current waits for the read begun last, if any, and reports whether it
// is still current: nothing happened on the page since it began.
func (e *earlyRead) current() bool {
	if e == nil || e.done == nil {
		return false
	}
	<-e.done
	return !e.quiet.changedSince(e.mark)
}

// waitQuiet waits, within the bound, until no request that holds the page
// has been in flight for the quiet window, or, sooner, until nothing holds
// the page, its thread is idle, no timer of its (or, as far as they
// reported, of its frames) is due within the window and nothing happened
// while that was found out: then nothing is left in the page to start a
// request within the window, short of a push from outside. Once nothing
// holds the page, it starts the early read, if any, to run while the
// window passes. early reports whether the page was found idle before the
// window ran out.
func (b *Browser) waitQuiet(ctx context.Context, quiet *netQuiet, cfg Config, read *earlyRead) (end QuietEnd, held int, early bool) {
	if cfg.QuietWindow < 0 {
		return QuietSkipped, 0, false
	}
	deadline := time.Now().Add(min(maxQuietWait, cfg.PageTimeout))
	idleAsked, canAsk := uint64(0), true
	for {
		quietTime, held := quiet.quietFor(cfg.LongRequest)
		if quietTime >= cfg.QuietWindow {
			return QuietIdle, held, false
		}
		next := quietPoll // while a request holds the page
		if quietTime > 0 {
			read.start()
			// Look again when the window would end if nothing happened.
			next = cfg.QuietWindow - quietTime
			if m := quiet.mark(); canAsk && (idleAsked == 0 || m != idleAsked) {
				idleAsked = m
				asked := time.Now()
				due, err := pageIdle(ctx, cfg.QuietWindow, next)
				next -= time.Since(asked)
				switch {
				case err != nil:
					canAsk = false // not an instrumented page: the window decides
				case due == pageBusy:
					// The window decides: it has run out by now.
				case due >= 0:
					// Ask again once the timer has run.
					next, idleAsked = min(next, time.Duration(due+1)*time.Millisecond), 0
				case quiet.changedSince(m):
					// Something happened meanwhile: look again soon.
					next = min(next, quietPoll)
				case quiet.frameTimersPending():
					next, idleAsked = min(next, quietPoll), 0
				default:
					if q, _ := quiet.quietFor(cfg.LongRequest); q > 0 {
						return QuietIdle, held, true
					}
				}
			}
		}
		if !time.Now().Before(deadline) {
			return QuietBound, held, false
		}
		t := time.NewTimer(max(next, time.Millisecond))
		select {
		case <-ctx.Done():
			t.Stop()
			return QuietStopped, held, false
		case <-t.C:
		}
	}
}

// pageBusy is what pageIdle returns when the page's thread was not idle
// within the wait.
const pageBusy = -2

// pageIdle waits, at most wait, until the page's thread is idle and returns
// in how many milliseconds the page's next timer falls due, -1 when none
// does within window, or pageBusy when the wait ran out first (see
// instrument.js). A page busy with animations thus never holds the crawler
// longer than the quiet window would.
func pageIdle(ctx context.Context, window, wait time.Duration) (int, error) {
	c, cancel := context.WithTimeout(ctx, wait+2*time.Second)
	defer cancel()
	expr := fmt.Sprintf(`(() => { const f = globalThis[Symbol.for(%q)]; return typeof f === 'function' ? f(%d, %d) : Promise.reject(new Error('not instrumented')); })()`,
		quietSymbol, window.Milliseconds(), wait.Milliseconds())
	res, err := chromedp.Call(c, runtime.Evaluate, runtime.EvaluateParams{Expression: expr, AwaitPromise: new(true), ReturnByValue: new(true)})
	if err != nil {
		return 0, err
	}
	if res.ExceptionDetails != nil {
		return 0, fmt.Errorf("page idle: %s", res.ExceptionDetails.Text)
	}
	var due int
	if res.Result == nil || len(res.Result.Value) == 0 {
		return 0, fmt.Errorf("page idle: no answer")
	}
	if _, err := fmt.Sscan(string(res.Result.Value), &due); err != nil {
		return 0, fmt.Errorf("page idle: %w", err)
	}
	return due, nil
}

// quietSymbol names (through Symbol.for) the instrumentation's function
// that reports the page idle (see pageIdle).
const quietSymbol = "cookieaudit.quiet"

// settle lets a loaded page finish what it does. With a late horizon it
// first runs the timers the page set for the horizon ahead of time, then
// waits for quiet, then runs any timers that what loaded meanwhile set
// (and waits for quiet again if there were any); without one it only waits
// for quiet. Last it sleeps the explicit settle time.
//
// When read is not nil, settle runs it early, during the last quiet
// window (see earlyRead), and reports whether what it read is still
// current; the caller reads again when it is not.
func (b *Browser) settle(ctx context.Context, quiet *netQuiet, cfg Config, url string, sinceLoad bool, read func()) (PageTrace, bool) {
	start := time.Now()
	tr := PageTrace{URL: url}
	late := func() int {
		if cfg.DisableLateTimers || ctx.Err() != nil {
			return 0
		}
		n, err := advanceTimers(ctx, cfg.LateHorizon, sinceLoad)
		if err != nil {
			cfg.Logger.Debug("late timers", "url", url, "err", err)
		}
		if n > 0 {
			quiet.touch() // what the timers did is news to an early read
		}
		tr.LateTimers += n
		return n
	}
	var early *earlyRead
	if read != nil && cfg.Settle <= 0 {
		early = &earlyRead{read: read, quiet: quiet}
	}
	late()
	tr.Quiet, tr.LongLived, tr.IdleEarly = b.waitQuiet(ctx, quiet, cfg, early)
	if tr.Quiet != QuietStopped && late() > 0 {
		tr.LateQuiet, tr.LongLived, tr.IdleEarly = b.waitQuiet(ctx, quiet, cfg, early)
	}
	if cfg.Settle > 0 {
		select {
		case <-ctx.Done():
		case <-time.After(cfg.Settle):
		}
	}
	current := early.current()
	tr.Waited = time.Since(start)
	tr.EarlyRead = current
	if cfg.Trace != nil {
		cfg.Trace(tr)
	}
	return tr, current
}

// advanceTimers runs, in the top frame, the page's timers that fall due
// within horizon of its load (or of now, when sinceLoad is false) at once
// and in order, as if that time had passed (see instrument.js). Chromium's
// own virtual time (Emulation.setVirtualTimePolicy with a budget) does the
// same for every frame, but once the budget runs out it pauses the page's
// clock, and the next navigation in the tab never reaches its load event
// (measured on Chromium 156), so the crawler keeps real time and moves only
// the timers.
func advanceTimers(ctx context.Context, horizon time.Duration, sinceLoad bool) (int, error) {
	c, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	expr := fmt.Sprintf(`(() => { const f = globalThis[Symbol.for(%q)]; return typeof f === 'function' ? f(%d, %t) : -1; })()`,
		advanceSymbol, horizon.Milliseconds(), sinceLoad)
	res, err := chromedp.Call(c, runtime.Evaluate, runtime.EvaluateParams{Expression: expr, ReturnByValue: new(true)})
	if err != nil {
		return 0, err
	}
	if res.ExceptionDetails != nil {
		return 0, fmt.Errorf("advance timers: %s", res.ExceptionDetails.Text)
	}
	var n int
	if res.Result != nil && len(res.Result.Value) > 0 {
		_, _ = fmt.Sscan(string(res.Result.Value), &n)
	}
	if n < 0 {
		return 0, fmt.Errorf("advance timers: the instrumentation is not in the page")
	}
	return n, nil
}

// advanceSymbol names (through Symbol.for) the instrumentation's function
// that runs the page's timers ahead of time.
const advanceSymbol = "cookieaudit.advanceTimers"
