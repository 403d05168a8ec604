package crawler

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/cookieaudit/cookieaudit/crawler/observe"
)

// ErrBrowser marks a failure of the browser or of its DevTools connection
// (a tab that could not be opened, a target detached, the browser gone)
// rather than of the page: it says nothing about the site.
var ErrBrowser = errors.New("browser failure")

// RenderHTML loads a page in a fresh browser context, lets its scripts run
// until the page is quiet (as the crawl waits for each page), and returns
// the final URL and the document's HTML, at most observe.MaxPolicyHTML
// characters of it. It is how a cookie policy built by script is read when
// the crawl did not visit it. An error of the page (an HTTP error status, a
// network error, a timeout, a bot check) is returned as it is; one of the
// browser wraps ErrBrowser; when ctx ends first the error wraps its cause.
func (b *Browser) RenderHTML(ctx context.Context, pageURL string, timeout time.Duration) (finalURL, html string, err error) {
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	defer func() {
		if err != nil && ctx.Err() != nil {
			err = fmt.Errorf("crawler: render %s: %w", pageURL, context.Cause(ctx))
		}
	}()
	rec := newRecorder(time.Now)
	quiet := newNetQuiet(time.Now, b.longPolls)
	tabCtx, cancel, err := b.openTab(b.current(), rec, quiet)
	defer cancel()
	if err != nil {
		return "", "", fmt.Errorf("crawler: render %s: %w: %w", pageURL, ErrBrowser, err)
	}
	stop := context.AfterFunc(ctx, cancel)
	defer stop()
	cfg := Config{PageTimeout: timeout}
	cfg.defaults()
	pg, _ := b.visit(tabCtx, ctx, rec, quiet, nil, pageURL, cfg, true)
	switch {
	case pg.Error != "" && pageFault(pg):
		return pg.URL, "", fmt.Errorf("crawler: render %s: %s", pageURL, pg.Error)
	case pg.Error != "":
		return pg.URL, "", fmt.Errorf("crawler: render %s: %w: %s", pageURL, ErrBrowser, pg.Error)
	}
	html, _, err = readDocument(tabCtx)
	if err != nil {
		return pg.URL, "", fmt.Errorf("crawler: render %s: %w: %w", pageURL, ErrBrowser, err)
	}
	return pg.URL, html, nil
}

// pageFault reports whether a page's error is the page's own (an HTTP
// error status, a network error, a load timeout, a bot check), not the
// browser's.
func pageFault(pg observe.Page) bool {
	return pg.Status >= 400 || strings.Contains(pg.Error, "net::") ||
		strings.HasPrefix(pg.Error, "page did not load within") || strings.HasPrefix(pg.Error, "blocked by a bot check")
}
