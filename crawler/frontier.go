package crawler

import (
	"net/url"
	"slices"
	"strings"
)

// frontier is a site-phase's queue of pages to visit. It starts at the
// site's start page and takes in the links of each page visited: those
// that stay on the site and lead to a page (see normalizeLink), each once,
// within the depth limit and a few of each URL shape (see foldKey). Pages
// come out in the order their links were found (breadth first), up to the
// page limit.
type frontier struct {
	site     string // the start page's registrable domain
	maxPages int
	maxDepth int // 0 is unlimited
	queue    []queuedPage
	// taken counts the pages that came out of the queue.
	taken int
	seen  map[string]bool
	// folds counts the URLs queued of each shape.
	folds map[string]int
}

// queuedPage is a page waiting in the frontier, with its link depth from
// the start page.
type queuedPage struct {
	url   string
	depth int
}

// newFrontier returns a frontier holding the start page, that lets
// maxPages pages out and follows links at most maxDepth from the start
// page (0 is unlimited).
func newFrontier(start *url.URL, maxPages, maxDepth int) *frontier {
	return &frontier{
		site:     siteOf(start.Hostname()),
		maxPages: maxPages,
		maxDepth: maxDepth,
		queue:    []queuedPage{{start.String(), 0}},
		seen:     map[string]bool{start.String(): true},
		folds:    map[string]int{foldKey(start): 1},
	}
}

// next takes the next page to visit out of the queue; false when the
// queue is empty or the page limit is reached.
func (f *frontier) next() (queuedPage, bool) {
	if len(f.queue) == 0 || f.taken >= f.maxPages {
		return queuedPage{}, false
	}
	p := f.queue[0]
	f.queue = f.queue[1:]
	f.taken++
	return p, true
}

// add queues the links found on page from, whose document's URL was
// pageURL (the one relative links resolve against), and returns every
// link that stays on the site and leads to a page, normalised, whether
// queued or not (a link already seen, too deep, or of a shape followed
// often enough is not).
func (f *frontier) add(from queuedPage, pageURL string, links []Link) []Link {
	if len(links) == 0 {
		return nil
	}
	base, _ := url.Parse(pageURL)
	if base == nil {
		return nil
	}
	var found []Link
	for _, l := range links {
		n := normalizeLink(base, l.URL, l.Text, f.site)
		if n == "" {
			continue
		}
		found = append(found, Link{URL: n, Text: l.Text})
		if f.seen[n] || (f.maxDepth > 0 && from.depth+1 > f.maxDepth) {
			continue
		}
		f.seen[n] = true
		// Crawl traps (calendars, faceted search) differ only in query
		// values: follow a few of each shape.
		nu, _ := url.Parse(n)
		k := foldKey(nu)
		if f.folds[k] >= foldLimit {
			continue
		}
		f.folds[k]++
		f.queue = append(f.queue, queuedPage{n, from.depth + 1})
	}
	return found
}

// foldLimit is how many URLs of one shape (same path and query keys) a
// phase follows.
const foldLimit = 3

// foldKey is a URL's shape: its host, path and sorted query keys.
func foldKey(u *url.URL) string {
	if u == nil {
		return ""
	}
	keys := make([]string, 0, len(u.Query()))
	for k := range u.Query() {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if len(keys) == 0 {
		return u.Host + u.Path + "?" + u.RawQuery
	}
	return u.Host + u.Path + "?" + strings.Join(keys, "&")
}
