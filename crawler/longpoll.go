package crawler

import (
	"net/url"
	"sync"
)

// longPolls is the set of endpoints (origin and path) known to be long
// polls: a script request to one stayed in flight past the long-request
// limit and was then abandoned unanswered. A browser keeps one set for all
// its sites and phases, since the same chat and push vendors serve many
// sites, so that only the first page to meet an endpoint waits the limit
// out. It is safe for concurrent use.
type longPolls struct {
	mu  sync.Mutex
	set map[string]bool
}

// maxLongPolls bounds the set: past it, no more endpoints are learnt and
// pages simply wait the limit out as before.
const maxLongPolls = 10000

func newLongPolls() *longPolls { return &longPolls{set: map[string]bool{}} }

// has reports whether endpoint is known to be a long poll.
func (l *longPolls) has(endpoint string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.set[endpoint]
}

// learn records endpoint as a long poll.
func (l *longPolls) learn(endpoint string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.set) < maxLongPolls {
		l.set[endpoint] = true
	}
}

// forget drops endpoint: it answered within the limit, so a request to it
// is worth waiting for again.
func (l *longPolls) forget(endpoint string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.set, endpoint)
}

// endpointOf is a URL's origin and path, the part of a long poll's URL
// that stays the same from one poll to the next (its query usually
// carries a cursor or a cache-buster).
func endpointOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return u.Scheme + "://" + u.Host + u.Path
}
