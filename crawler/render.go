package crawler

import (
	"context"
	"fmt"
	"time"

	"github.com/chromedp/chromedp"
)

// RenderHTML loads a page in a fresh browser context, lets its scripts run,
// and returns the final URL and the document's HTML. It is how a cookie
// policy built by script is read.
func (b *Browser) RenderHTML(ctx context.Context, pageURL string, timeout time.Duration) (finalURL, html string, err error) {
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	rec := newRecorder(time.Now)
	rec.longPolls = b.longPolls
	tabCtx, cancel := chromedp.NewContext(b.current(), chromedp.WithNewBrowserContext(), chromedp.WithListener(rec.onEvent))
	defer cancel()
	stop := context.AfterFunc(ctx, cancel)
	defer stop()
	if err := chromedp.Do(tabCtx); err != nil {
		return "", "", fmt.Errorf("crawler: render %s: open tab: %w", pageURL, err)
	}
	if err := b.setupTab(tabCtx, rec); err != nil {
		return "", "", fmt.Errorf("crawler: render %s: %w", pageURL, err)
	}
	pg, _ := b.visit(tabCtx, ctx, rec, pageURL, Config{PageTimeout: timeout, Settle: 500 * time.Millisecond, QuietWindow: defaultQuietWindow, LongRequest: defaultLongRequest, LateHorizon: DefaultLateHorizon, Logger: discardLogger()}, true)
	if pg.Error != "" {
		return pg.URL, "", fmt.Errorf("crawler: render %s: %s", pageURL, pg.Error)
	}
	hctx, hcancel := context.WithTimeout(tabCtx, timeout)
	defer hcancel()
	html, err = chromedp.Run(hctx, chromedp.Evaluate[string](`document.documentElement ? document.documentElement.outerHTML : ''`))
	if err != nil {
		return pg.URL, "", fmt.Errorf("crawler: render %s: read document: %w", pageURL, err)
	}
	return pg.URL, html, nil
}
