package crawler

import (
	"context"
	"os"
)

// Process gives the package's external tests the browser's process, so a
// test can kill it as a crash would.
func (b *Browser) Process() *os.Process { return b.process() }

// Context gives the package's benchmarks the running browser's context: a
// chromedp context whose children (chromedp.NewContext) open tabs in this
// browser, to drive it without the crawler.
func (b *Browser) Context() context.Context { return b.current() }
