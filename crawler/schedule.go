package crawler

import (
	"context"
	"strings"
	"sync"

	"github.com/cookieaudit/cookieaudit/crawler/observe"
)

// job is one site-phase to crawl: indexes into the sites and the phases.
type job struct{ site, phase int }

// scheduler hands site-phases to Scan's workers. A site's pre-consent
// phase goes first; its other phases are queued when it ends, ahead of
// other sites' so sites finish early, unless the site could not be
// reached, when they are skipped.
type scheduler struct {
	mu        sync.Mutex
	cond      *sync.Cond
	queue     []job
	running   int
	gate      int // the index of the pre-consent phase, or -1
	phases    int
	outcomes  [][]phaseOutcome
	remaining []int
}

func newScheduler(sites int, phases []observe.Phase) *scheduler {
	s := &scheduler{gate: -1, phases: len(phases), outcomes: make([][]phaseOutcome, sites), remaining: make([]int, sites)}
	s.cond = sync.NewCond(&s.mu)
	for i, p := range phases {
		if p == observe.PhasePreConsent && len(phases) > 1 {
			s.gate = i
		}
	}
	for si := range sites {
		s.outcomes[si] = make([]phaseOutcome, len(phases))
		s.remaining[si] = len(phases)
		if s.gate >= 0 {
			s.queue = append(s.queue, job{si, s.gate})
			continue
		}
		for pi := range phases {
			s.queue = append(s.queue, job{si, pi})
		}
	}
	return s
}

// next returns the next site-phase to crawl, waiting while the only work
// left depends on phases still running; false when there is none or ctx
// has ended.
func (s *scheduler) next(ctx context.Context) (job, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for len(s.queue) == 0 && s.running > 0 && ctx.Err() == nil {
		s.cond.Wait()
	}
	if len(s.queue) == 0 || ctx.Err() != nil {
		return job{}, false
	}
	j := s.queue[0]
	s.queue = s.queue[1:]
	s.running++
	return j, true
}

// wake lets waiting workers see that the context ended.
func (s *scheduler) wake() {
	s.mu.Lock()
	s.cond.Broadcast()
	s.mu.Unlock()
}

// finish records a site-phase's outcome. It returns the site's outcomes and
// true when that was the site's last phase.
func (s *scheduler) finish(j job, out phaseOutcome) ([]phaseOutcome, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.cond.Broadcast()
	s.running--
	s.outcomes[j.site][j.phase] = out
	s.remaining[j.site]--
	if j.phase == s.gate {
		var rest []job
		for pi := range s.phases {
			if pi == s.gate {
				continue
			}
			if unreachable(out) {
				s.outcomes[j.site][pi] = phaseOutcome{skipped: true}
				s.remaining[j.site]--
				continue
			}
			rest = append(rest, job{j.site, pi})
		}
		s.queue = append(rest, s.queue...)
	}
	if s.remaining[j.site] > 0 {
		return nil, false
	}
	phases := s.outcomes[j.site]
	s.outcomes[j.site] = nil
	return phases, true
}

// gateOutcome is the outcome of the site's pre-consent phase, when job is
// another of its phases and the pre-consent phase ran first; empty
// otherwise.
func (s *scheduler) gateOutcome(j job) phaseOutcome {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.gate < 0 || j.phase == s.gate || s.outcomes[j.site] == nil {
		return phaseOutcome{}
	}
	return s.outcomes[j.site][s.gate]
}

// partialSite is an interrupted site some of whose phases ran.
type partialSite struct {
	site     int
	outcomes []phaseOutcome
}

// partial lists the sites some but not all of whose phases ran.
func (s *scheduler) partial() []partialSite {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []partialSite
	for i, rem := range s.remaining {
		if rem > 0 && rem < s.phases {
			out = append(out, partialSite{i, s.outcomes[i]})
		}
	}
	return out
}

// unreachable reports whether a phase found its site's start page
// unreachable at the network level (DNS, TLS, refused or reset
// connection), so that crawling it again in another phase is in vain.
func unreachable(o phaseOutcome) bool {
	if o.result.Interrupted || len(o.result.Pages) == 0 {
		return false
	}
	first := o.result.Pages[0]
	return first.Status == 0 && strings.Contains(first.Error, "net::ERR_") && !strings.Contains(first.Error, "ERR_ABORTED")
}
