package crawler

import (
	"encoding/json"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
)

// netQuiet tracks, for one tab, what keeps its page from being quiet (see
// waitQuiet): the requests in flight that still hold the page, when the
// network last did anything, the short timers subframes have pending, and
// a count of everything that happened on the page, so that a read of it
// can tell whether it is still current. It is fed the tab's DevTools
// events and its methods are safe for concurrent use: the events arrive
// on the tab's reader goroutine.
type netQuiet struct {
	mu  sync.Mutex
	now func() time.Time
	// inflight holds the requests that may still hold the page (see
	// quietFor); loaders is each frame's current document loader, so
	// requests of a document already replaced (pagehide beacons, requests
	// the navigation cancelled) never hold the next page.
	inflight map[network.RequestID]inflightRequest
	loaders  map[cdp.FrameID]cdp.LoaderID
	// longPolls are the endpoints known to be long polls, which a page's
	// requests to need not be waited for (see quietFor).
	longPolls *longPolls
	lastNet   time.Time
	// activity counts network events, cookie writes and timer reports, so
	// that a read of the page can tell whether anything happened since
	// (see changedSince).
	activity uint64
	// frameTimers counts, by frame, the short timers subframes set that
	// have neither run nor been cleared, on the page being visited.
	frameTimers map[string]int
}

// newNetQuiet returns a tracker that reads the time from now and shares
// what it learns of long polls through polls.
func newNetQuiet(now func() time.Time, polls *longPolls) *netQuiet {
	return &netQuiet{
		now:         now,
		inflight:    map[network.RequestID]inflightRequest{},
		loaders:     map[cdp.FrameID]cdp.LoaderID{},
		longPolls:   polls,
		frameTimers: map[string]int{},
	}
}

// inflightRequest is a request that has started and not yet ended.
type inflightRequest struct {
	start  time.Time
	frame  cdp.FrameID
	loader cdp.LoaderID
	script bool // made with fetch or XMLHttpRequest
	// endpoint is the request URL's origin and path (see endpointOf).
	endpoint string
	// answered is set once the response's headers arrived; overdue once
	// the request outlived the long-request limit (see quietFor).
	answered, overdue bool
}

// onEvent handles one DevTools event. It must return fast.
func (q *netQuiet) onEvent(ev any) {
	q.mu.Lock()
	defer q.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		q.onRequest(ev)
	case *network.EventLoadingFinished:
		q.ended(ev.RequestID)
	case *network.EventLoadingFailed:
		// Cancelled (by a navigation, a frame going away, page script or
		// the crawler), blocked, or failed: ended all the same.
		q.abandoned(ev.RequestID)
	case *network.EventResponseReceived:
		if r, ok := q.inflight[ev.RequestID]; ok {
			r.answered = true
			q.inflight[ev.RequestID] = r
		}
		// A stream that has begun (server-sent events, a streamed fetch)
		// may never finish: once its headers are in, it holds nothing.
		if ev.Response != nil && ev.Response.MimeType == "text/event-stream" {
			q.ended(ev.RequestID)
		}
	case *network.EventResponseReceivedExtraInfo:
		q.activity++ // it may set cookies
	case *page.EventFrameNavigated:
		if ev.Frame != nil {
			q.onFrameDocument(ev.Frame.ID, ev.Frame.LoaderID)
		}
	case *page.EventFrameDetached:
		q.onFrameGone(ev.FrameID)
	case *runtime.EventBindingCalled:
		// Handled here, in the order of the tab's messages, so that a wait
		// for quiet never reads the page idle before it hears of the timer.
		if ev.Name == bindingName && strings.HasPrefix(ev.Payload, `{"timer":`) {
			q.onFrameTimer(ev.Payload)
		}
	}
}

// onRequest notes a request starting; q.mu is held.
func (q *netQuiet) onRequest(ev *network.EventRequestWillBeSent) {
	q.lastNet = q.now()
	q.activity++
	if ev.RedirectResponse != nil {
		// A redirect continues the same request under the same ID.
		if r, ok := q.inflight[ev.RequestID]; ok {
			r.loader = ev.LoaderID
			q.inflight[ev.RequestID] = r
			return
		}
	}
	switch ev.Type {
	case network.ResourceTypeEventSource, network.ResourceTypeWebSocket:
		return // meant to stay open for the page's whole life
	}
	if cur, ok := q.loaders[ev.FrameID]; ok && ev.LoaderID != "" && ev.LoaderID != cur && ev.Type != network.ResourceTypeDocument {
		return // sent by a document the frame has already left (pagehide)
	}
	q.inflight[ev.RequestID] = inflightRequest{start: q.now(), frame: ev.FrameID, loader: ev.LoaderID,
		script:   ev.Type == network.ResourceTypeFetch || ev.Type == network.ResourceTypeXHR,
		endpoint: endpointOf(ev.Request.URL)}
}

// ended notes a request's end; q.mu is held. An endpoint taken for a long
// poll that now answers within the limit is one no longer.
func (q *netQuiet) ended(id network.RequestID) {
	if r, ok := q.inflight[id]; ok {
		if !r.overdue {
			q.longPolls.forget(r.endpoint)
		}
		delete(q.inflight, id)
		q.lastNet = q.now()
		q.activity++
	}
}

// abandoned notes a request ending unfinished (cancelled, failed, or its
// frame gone or moved on); q.mu is held. A script request that did so
// unanswered after outliving the limit marks its endpoint a long poll.
func (q *netQuiet) abandoned(id network.RequestID) {
	r, ok := q.inflight[id]
	if !ok {
		return
	}
	if r.script && r.overdue && !r.answered {
		q.longPolls.learn(r.endpoint)
	}
	delete(q.inflight, id)
	q.lastNet = q.now()
	q.activity++
}

// onFrameDocument notes a frame committing a new document: the requests of
// its previous document end with it. q.mu is held.
func (q *netQuiet) onFrameDocument(frame cdp.FrameID, loader cdp.LoaderID) {
	q.loaders[frame] = loader
	for id, r := range q.inflight {
		if r.frame == frame && r.loader != loader {
			q.abandoned(id)
		}
	}
}

// onFrameGone notes a frame going away: its requests end. q.mu is held.
func (q *netQuiet) onFrameGone(frame cdp.FrameID) {
	delete(q.loaders, frame)
	for id, r := range q.inflight {
		if r.frame == frame {
			q.abandoned(id)
		}
	}
}

// onFrameTimer notes a subframe setting a short timer (+1), or one of its
// short timers running or being cleared (-1) (see instrument.js); q.mu is
// held.
func (q *netQuiet) onFrameTimer(payload string) {
	var rep struct {
		Timer int    `json:"timer"`
		Frame string `json:"frame"`
	}
	if json.Unmarshal([]byte(payload), &rep) != nil || rep.Frame == "" {
		return
	}
	switch {
	case rep.Timer > 0:
		if len(q.frameTimers) < 1000 {
			q.frameTimers[rep.Frame]++
		}
	case q.frameTimers[rep.Frame] > 1:
		q.frameTimers[rep.Frame]--
	default:
		// Its last, or one of a page already left.
		delete(q.frameTimers, rep.Frame)
	}
	q.activity++
}

// startPage notes the crawler setting off for the next page: what the
// frames of the last one said of their timers no longer counts.
func (q *netQuiet) startPage() {
	q.mu.Lock()
	clear(q.frameTimers)
	q.mu.Unlock()
}

// frameTimersPending reports whether a subframe has a short timer that has
// neither run nor been cleared.
func (q *netQuiet) frameTimersPending() bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.frameTimers) > 0
}

// quietFor reports how long the network has had no request in flight that
// holds the page; 0 while one does. A request stops holding the page when
// it ends in any way, when its frame navigates or goes away, or once it
// has been in flight for longRequest if page script made it with fetch or
// XMLHttpRequest (the means of long polls and streams), four times that
// otherwise (a hanging server). A script request to an endpoint that an
// earlier page's request left unanswered past the limit (a long poll, see
// abandoned) never holds the page: each page with a chat widget would
// otherwise wait the limit out again.
// held counts the requests still in flight that no longer hold the page.
func (q *netQuiet) quietFor(longRequest time.Duration) (quiet time.Duration, held int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	now := q.now()
	busy := false
	for id, r := range q.inflight {
		if r.script && q.longPolls.has(r.endpoint) {
			held++
			continue
		}
		limit := longRequest
		if !r.script {
			limit *= 4
		}
		if now.Sub(r.start) < limit {
			busy = true
			continue
		}
		if !r.overdue {
			r.overdue = true
			q.inflight[id] = r
		}
		held++
	}
	if busy {
		return 0, 0
	}
	return now.Sub(q.lastNet), held
}

// mark returns the page's activity so far, for changedSince.
func (q *netQuiet) mark() uint64 {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.activity
}

// changedSince reports whether a request started or ended, a response
// that may set cookies arrived, a script wrote a cookie, a frame's timer
// was set or ended, or the crawler ran the page's timers after mark
// returned m.
func (q *netQuiet) changedSince(m uint64) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.activity != m
}

// touch counts activity the tracker does not see in the tab's events (a
// script's cookie write, the crawler running the page's timers).
func (q *netQuiet) touch() {
	q.mu.Lock()
	q.activity++
	q.mu.Unlock()
}

// clearInflight forgets requests in flight (after a page is abandoned).
func (q *netQuiet) clearInflight() {
	q.mu.Lock()
	for id := range q.inflight {
		q.abandoned(id)
	}
	q.mu.Unlock()
}
