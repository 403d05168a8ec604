package crawler

import (
	"context"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/heapprofiler"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// heapWatch decides when a tab's renderer gets a garbage collection: as
// the tab sets off for its next page, once the renderer's JavaScript heaps
// (V8's and Blink's) have grown by heapGrowth since the last collection, or
// since the tab's second page. A forced collection frees more than garbage
// (the renderer's caches, the compiled code of every script, which the
// next page then compiles again), so one before every page costs time:
// measured on the bench sites (two site-phases at once, three phases), one
// before every page gave 147-150 MB per site-phase in 25-29 s, none 168-170
// MB in 21 s, and one after 2 MB of growth 150-153 MB in 20-24 s.
type heapWatch struct {
	mu      sync.Mutex
	running bool
	// base is the heaps' size after the last collection (or at the first
	// look); 0 before the first look.
	base float64
}

// heapGrowth is how many bytes a renderer's JavaScript heaps may grow by
// before the next page starts with a garbage collection. The bench sites'
// pages leave 0.6 MB each (1.2 MB with autoconsent); real pages with tag
// managers leave more, and get one before most pages.
const heapGrowth = 2e6

// collect looks at the renderer's heaps and, when they have grown enough,
// collects their garbage; it does not wait for either. Started as the tab
// sets off for its next page, it runs while the next document is fetched.
func (h *heapWatch) collect(tabCtx context.Context) {
	h.mu.Lock()
	if h.running {
		h.mu.Unlock()
		return
	}
	h.running = true
	base := h.base
	h.mu.Unlock()
	go func() {
		size := base
		defer func() {
			h.mu.Lock()
			h.running, h.base = false, size
			h.mu.Unlock()
		}()
		ctx, cancel := context.WithTimeout(tabCtx, 5*time.Second)
		defer cancel()
		heaps := func() (float64, bool) {
			u, err := chromedp.Call(ctx, runtime.GetHeapUsage, cdp.Empty{})
			if err != nil {
				return 0, false
			}
			return u.UsedSize + u.EmbedderHeapUsedSize, true
		}
		now, ok := heaps()
		if !ok {
			return
		}
		var due bool
		if size, due = nextCollection(base, now); !due {
			return
		}
		if _, err := chromedp.Call(ctx, heapprofiler.CollectGarbage, cdp.Empty{}); err != nil {
			return
		}
		if after, ok := heaps(); ok {
			size = after
		}
	}()
}

// nextCollection decides, from the heaps' size after the last collection
// (0 before the first look) and their size now, whether a collection is
// due, and returns the size to measure growth from next when it is not.
func nextCollection(base, now float64) (next float64, due bool) {
	switch {
	case base == 0 || now < base:
		return now, false // the first look, or the renderer collected itself
	case now < base+heapGrowth:
		return base, false
	}
	return base, true
}
