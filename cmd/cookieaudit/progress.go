package main

import (
	"fmt"
	"io"
	"time"

	"github.com/cookieaudit/cookieaudit/audit/report"
)

// progress shows sites done, pages, errors, elapsed and remaining time on
// stderr when it is a terminal (and --verbose is off); otherwise nothing.
type progress struct {
	w            io.Writer
	total, done  int
	pages, fails int
	start        time.Time
}

func newProgress(g *globalOptions) *progress {
	p := &progress{}
	if isTerminal(g.stderr) && !g.verbose {
		p.w = g.stderr
	}
	return p
}

// Start begins counting total sites.
func (p *progress) Start(total int) {
	p.total, p.start = total, time.Now()
	p.print()
}

// SiteDone counts a finished site.
func (p *progress) SiteDone(s report.Site) {
	p.done++
	for _, ph := range s.Phases {
		p.pages += len(ph.Pages)
	}
	if s.Error != "" {
		p.fails++
	}
	p.print()
}

func (p *progress) print() {
	if p.w == nil {
		return
	}
	elapsed := time.Since(p.start).Round(time.Second)
	left := "?"
	if p.done > 0 {
		left = (time.Duration(float64(time.Since(p.start)) / float64(p.done) * float64(p.total-p.done))).Round(time.Second).String()
	}
	fmt.Fprintf(p.w, "\r\x1b[Ksites %d/%d  pages %d  errors %d  elapsed %s  left ~%s", p.done, p.total, p.pages, p.fails, elapsed, left)
}

// Finish ends the progress line.
func (p *progress) Finish() {
	if p.w != nil {
		fmt.Fprintln(p.w)
	}
}
