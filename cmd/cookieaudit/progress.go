package main

import (
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/cookieaudit/cookieaudit/audit"
	"github.com/cookieaudit/cookieaudit/audit/report"
)

// progress tells how a scan advances, on stderr. On a terminal (without
// --verbose) one line is redrawn: sites done, pages and failed pages,
// elapsed and remaining time, and the page being loaded with how long it
// has been loading, so a slow page is visible; the line is redrawn every
// second. Anywhere else (a CI log) each finished site gets one line in the
// tool's log format: its status, pages, failed pages, findings and time.
type progress struct {
	mu sync.Mutex
	// line is the terminal, or nil; log gets the per-site lines otherwise.
	line io.Writer
	log  *slog.Logger
	now  func() time.Time

	total, done        int
	pages, failedPages int
	failedSites        int
	start              time.Time
	loading            string // the page whose load started last
	loadingSince       time.Time
	siteStart          map[string]time.Time
	stopTicker         chan struct{}
	tickerDone         chan struct{}
	lastWidth          int
}

func newProgress(g *globalOptions) *progress {
	p := &progress{now: time.Now, siteStart: map[string]time.Time{}}
	if g.now != nil {
		p.now = g.now
	}
	switch {
	case isTerminal(g.stderr) && !g.verbose:
		p.line = g.stderr
	default:
		p.log = newLogger(g.stderr, slog.LevelInfo)
	}
	return p
}

// Start begins counting total sites.
func (p *progress) Start(total int) {
	p.mu.Lock()
	p.total, p.start = total, p.now()
	p.drawLocked()
	p.mu.Unlock()
	if p.line != nil {
		p.stopTicker, p.tickerDone = make(chan struct{}), make(chan struct{})
		go p.tick()
	}
}

// tick redraws the terminal line every second, so the elapsed time and a
// slow page's loading time move.
func (p *progress) tick() {
	defer close(p.tickerDone)
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-p.stopTicker:
			return
		case <-t.C:
			p.mu.Lock()
			p.drawLocked()
			p.mu.Unlock()
		}
	}
}

// PageStarted notes the page being loaded.
func (p *progress) PageStarted(site, url string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	if _, ok := p.siteStart[site]; !ok {
		p.siteStart[site] = now
	}
	p.loading, p.loadingSince = url, now
	p.drawLocked()
}

// SiteDone counts a finished site.
func (p *progress) SiteDone(s report.Site) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done++
	cov := audit.SiteCoverage(&s)
	p.pages += cov.Pages
	p.failedPages += cov.Failed
	if audit.SiteProblem(&s) != "" {
		p.failedSites++
	}
	if p.log != nil {
		took := time.Duration(0)
		if at, ok := p.siteStart[s.URL]; ok {
			took = p.now().Sub(at).Round(time.Second)
		}
		attrs := []any{"status", s.Status, "pages", cov.Pages, "failed_pages", cov.Failed}
		if cov.Failed > 0 {
			attrs = append(attrs, "why", cov.Reasons())
		}
		attrs = append(attrs, "findings", activeFindings(&s), "time", took)
		if s.Error != "" {
			attrs = append(attrs, "error", s.Error)
		}
		p.log.Info(fmt.Sprintf("site %d/%d done: %s", p.done, p.total, s.URL), attrs...)
	}
	delete(p.siteStart, s.URL)
	p.drawLocked()
}

// activeFindings counts a site's findings that are neither waived nor
// resolved.
func activeFindings(s *report.Site) int {
	n := 0
	for _, c := range audit.Summarize(s).BySeverity {
		n += c
	}
	return n
}

// drawLocked redraws the terminal line; p.mu is held.
func (p *progress) drawLocked() {
	if p.line == nil {
		return
	}
	text := p.status(p.now())
	fmt.Fprintf(p.line, "\r\x1b[K%s", text)
}

// status is the terminal line's text at now.
func (p *progress) status(now time.Time) string {
	elapsed := now.Sub(p.start).Round(time.Second)
	left := "?"
	if p.done > 0 {
		left = (time.Duration(float64(now.Sub(p.start)) / float64(p.done) * float64(p.total-p.done))).Round(time.Second).String()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "sites %d/%d", p.done, p.total)
	if p.failedSites > 0 {
		fmt.Fprintf(&b, " (%d not audited)", p.failedSites)
	}
	fmt.Fprintf(&b, "  pages %d", p.pages)
	if p.failedPages > 0 {
		fmt.Fprintf(&b, " (%d failed)", p.failedPages)
	}
	fmt.Fprintf(&b, "  elapsed %s  left ~%s", elapsed, left)
	if p.loading != "" && p.done < p.total {
		fmt.Fprintf(&b, "  loading %s (%s)", audit.TerminalSafe(shorten(p.loading, 60)), now.Sub(p.loadingSince).Round(time.Second))
	}
	return b.String()
}

// shorten cuts s to at most n runes, with an ellipsis in the middle.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	half := (n - 1) / 2
	return string(r[:half]) + "…" + string(r[len(r)-(n-1-half):])
}

// Finish ends the progress line.
func (p *progress) Finish() {
	if p.stopTicker != nil {
		close(p.stopTicker)
		<-p.tickerDone
	}
	if p.line != nil {
		fmt.Fprintln(p.line)
	}
}
