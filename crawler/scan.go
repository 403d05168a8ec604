package crawler

import (
	"context"
	"fmt"
	"runtime"
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
// at a time, each in a fresh browser context. done is called (from one
// goroutine at a time) with each site's result as soon as all its phases
// finish; Scan returns when every site is done or ctx ends. A site whose
// phases fail is reported with its errors; it never stops the others.
func (b *Browser) Scan(ctx context.Context, sites []string, cfg Config, so ScanOptions, done func(observe.SiteResult)) {
	cfg.defaults()
	n := so.Concurrency
	if n <= 0 {
		n = runtime.NumCPU()
	}
	type job struct {
		site  int
		phase int
	}
	jobs := make(chan job)
	results := make([][]phaseOutcome, len(sites))
	remaining := make([]int, len(sites))
	for i := range sites {
		results[i] = make([]phaseOutcome, len(cfg.Phases))
		remaining[i] = len(cfg.Phases)
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			for j := range jobs {
				c := cfg
				if so.Customize != nil {
					so.Customize(sites[j.site], &c)
				}
				out := b.crawlPhaseRetry(ctx, sites[j.site], cfg.Phases[j.phase], c)
				mu.Lock()
				results[j.site][j.phase] = out
				remaining[j.site]--
				last := remaining[j.site] == 0
				if last {
					done(assemble(sites[j.site], results[j.site]))
					results[j.site] = nil
				}
				mu.Unlock()
			}
		})
	}
feed:
	for si := range sites {
		for pi := range cfg.Phases {
			select {
			case jobs <- job{si, pi}:
			case <-ctx.Done():
				break feed
			}
		}
	}
	close(jobs)
	wg.Wait()
	// Interrupted: report the sites some of whose phases ran.
	for i := range sites {
		if remaining[i] > 0 && remaining[i] < len(cfg.Phases) {
			done(assemble(sites[i], results[i]))
		}
	}
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
	failed, interrupted := 0, false
	for _, p := range phases {
		if p.result.Phase == "" {
			continue // never started (interrupted)
		}
		r.Phases = append(r.Phases, p.result)
		interrupted = interrupted || p.result.Interrupted
		r.Cookies = append(r.Cookies, p.cookies...)
		r.Storage = append(r.Storage, p.storage...)
		if p.result.Error != "" {
			failed++
		}
		if r.PolicyLinks == nil && len(p.policies) > 0 {
			r.PolicyLinks = p.policies
		}
	}
	if failed == len(r.Phases) && failed > 0 {
		r.Error = r.Phases[0].Error
	}
	switch {
	case len(r.Phases) < len(phases):
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
