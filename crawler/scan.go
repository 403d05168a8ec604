package crawler

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"

	"github.com/cookieaudit/cookieaudit/crawler/observe"
)

// ScanOptions set how many site-phases run at once.
type ScanOptions struct {
	// Concurrency is the number of site-phases crawled at once; 0 means the
	// number of CPUs.
	Concurrency int
	// Customize, when set, adjusts the crawl of one site (its page budget,
	// its consent overrides) before its phases run.
	Customize func(site string, cfg *Config)
}

// Scan crawls every site in every configured phase, Concurrency site-phases
// at a time, each in a fresh browser context. A site's pre-consent phase
// runs before its other phases, and when its start page cannot be reached
// at all (DNS, TLS, connection refused) the other phases are not crawled:
// the site is reported once, as failed. done is called with each site's
// result as soon as its phases finish, on one goroutine of its own, one
// call at a time and in the order sites finish, never while a crawl waits
// on it: a slow done (reading a policy) holds up no crawling. Scan returns
// when every site is done and every done call has returned, or, when ctx
// ends, after reporting the sites some of whose phases ran. A site whose
// phases fail is reported with its errors; it never stops the others.
func (b *Browser) Scan(ctx context.Context, sites []string, cfg Config, so ScanOptions, done func(observe.SiteResult)) {
	cfg.defaults()
	n := so.Concurrency
	if n <= 0 {
		n = runtime.NumCPU()
	}
	s := newScheduler(len(sites), cfg.Phases)
	finished := make(chan observe.SiteResult, len(sites))
	var consumer sync.WaitGroup
	consumer.Go(func() {
		for r := range finished {
			done(r)
		}
	})
	stop := context.AfterFunc(ctx, s.wake)
	defer stop()
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			for {
				j, ok := s.next(ctx)
				if !ok {
					return
				}
				c := cfg
				if so.Customize != nil {
					so.Customize(sites[j.site], &c)
				}
				c.preConsentSettings = s.gateOutcome(j).settingsLayer
				out := b.crawlPhaseGuarded(ctx, sites[j.site], cfg.Phases[j.phase], c)
				if phases, last := s.finish(j, out); last {
					finished <- assemble(sites[j.site], phases)
				}
			}
		})
	}
	wg.Wait()
	// Interrupted: report the sites some of whose phases ran.
	for _, phases := range s.partial() {
		finished <- assemble(sites[phases.site], phases.outcomes)
	}
	close(finished)
	consumer.Wait()
}

// crawlPhaseGuarded is crawlPhaseRetry, with a panic in the site-phase's
// crawl (a consent manager's code meeting a page no one foresaw) made that
// phase's error, as any failure of a phase is, with its stack in the debug
// log: the site's other phases and the other sites go on.
func (b *Browser) crawlPhaseGuarded(ctx context.Context, site string, phase observe.Phase, cfg Config) (out phaseOutcome) {
	defer func() {
		if v := recover(); v != nil {
			cfg.Logger.Error("site-phase crawl panicked", "site", site, "phase", phase, "panic", v)
			cfg.Logger.Debug("site-phase crawl panic", "site", site, "phase", phase, "stack", string(debug.Stack()))
			out = phaseOutcome{result: observe.PhaseResult{Phase: phase, Pages: []observe.Page{}, Error: fmt.Sprintf("internal error while crawling: %v", v)}}
		}
	}()
	return b.crawlPhaseRetry(ctx, site, phase, cfg)
}

// crawlPhaseRetry crawls a site-phase; when the browser dies under it, it
// restarts the browser and tries the site-phase once more.
func (b *Browser) crawlPhaseRetry(ctx context.Context, site string, phase observe.Phase, cfg Config) phaseOutcome {
	bctx, gen := b.generation()
	out := b.crawlPhase(ctx, bctx, site, phase, cfg)
	if ctx.Err() != nil || !out.failed() || b.alive(bctx) {
		return out
	}
	if err := b.restart(gen); err != nil {
		out.result.Error = fmt.Sprintf("browser died and could not be restarted: %v", err)
		return out
	}
	cfg.Logger.Warn("retrying after a browser crash", "site", site, "phase", phase)
	bctx, _ = b.generation()
	out = b.crawlPhase(ctx, bctx, site, phase, cfg)
	out.result.Retried = true
	return out
}

// failed reports whether anything in the phase went wrong, which is when
// the browser's health is worth a check.
func (o phaseOutcome) failed() bool {
	if o.result.Error != "" {
		return true
	}
	for _, p := range o.result.Pages {
		if p.Error != "" {
			return true
		}
	}
	return false
}

// assemble joins a site's phase outcomes into its result.
func assemble(site string, phases []phaseOutcome) observe.SiteResult {
	r := observe.SiteResult{URL: site, Phases: []observe.PhaseResult{}, Cookies: []observe.Cookie{}, Storage: []observe.StorageItem{}}
	failed, interrupted, skipped := 0, false, 0
	for _, p := range phases {
		if p.skipped {
			skipped++
			continue // not crawled: the site could not be reached
		}
		if p.result.Phase == "" {
			continue // never started (interrupted)
		}
		r.Phases = append(r.Phases, p.result)
		interrupted = interrupted || p.result.Interrupted
		r.Cookies = append(r.Cookies, p.cookies...)
		r.Storage = append(r.Storage, p.storage...)
		r.Requests = append(r.Requests, p.requests...)
		if p.result.Error != "" {
			failed++
		}
		if r.PolicyLinks == nil && len(p.policies) > 0 {
			r.PolicyLinks = p.policies
		}
		r.PolicyPages = append(r.PolicyPages, p.policyPages...)
	}
	if failed == len(r.Phases) && failed > 0 {
		r.Error = r.Phases[0].Error
	}
	switch {
	case len(r.Phases)+skipped < len(phases):
		r.Status = observe.SiteInterrupted
		if r.Error == "" {
			r.Error = "interrupted before every phase ran"
		}
	case interrupted:
		r.Status = observe.SiteInterrupted
	case r.Error != "":
		r.Status = observe.SiteFailed
	default:
		r.Status = observe.SiteComplete
	}
	return r
}
