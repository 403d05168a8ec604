package crawler

import (
	"encoding/json"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/cookieaudit/cookieaudit/crawler/observe"

	"github.com/chromedp/cdproto/network"
	"golang.org/x/net/publicsuffix"
)

// writeEvent is one cookie write seen during a phase.
type writeEvent struct {
	cookieWrite
	Host     string // the host the write was made on (response or frame URL)
	URLPath  string
	SetBy    string // "header" or "script"
	SetByURL string
	PageURL  string // the top-level page being visited
	At       time.Time
	Blocked  string // the reasons, when the browser refused it
}

// storeCookie is a cookie seen in the browser's store.
type storeCookie struct {
	c         *network.Cookie
	firstSeen time.Time
	pageURL   string
	last      bool // present in the most recent snapshot
	// afterChoice is true when a snapshot taken once the phase's consent
	// choice had settled held the cookie.
	afterChoice bool
}

// recorder collects what one site-phase's tab reports of cookies, web
// storage and requests, and joins the cookie writes to the cookie store
// (whether the page is quiet is netQuiet's to tell). Its methods are safe
// for concurrent use: DevTools events arrive on the tab's reader goroutine.
type recorder struct {
	mu       sync.Mutex
	now      func() time.Time
	page     string // the top-level URL being visited
	requests map[network.RequestID]string
	// early holds Set-Cookie reports that arrived before their request was
	// announced: the network service and the renderer report separately,
	// so the order is not guaranteed.
	early map[network.RequestID]*network.EventResponseReceivedExtraInfo
	// mainFrame is the tab's top frame; doc is the last document response
	// it received since the page was set.
	mainFrame string
	doc       *network.Response
	writes    []writeEvent
	store     map[string]*storeCookie
	storage   map[string]observe.StorageItem
	// lastSnapshot is when the store was last read.
	lastSnapshot time.Time
	// choiceAt is when the phase's consent choice was made (zero when
	// none was); choiceSettled is set once what the choice set off has
	// settled, so later snapshots tell what the choice left in the store.
	choiceAt      time.Time
	choiceSettled bool
	// net records the endpoints the phase contacted (see requests.go);
	// har, when set, keeps the raw exchanges for a HAR file.
	net *requestLog
	har *harLog
}

func newRecorder(now func() time.Time) *recorder {
	return &recorder{
		now:      now,
		requests: map[network.RequestID]string{},
		early:    map[network.RequestID]*network.EventResponseReceivedExtraInfo{},
		store:    map[string]*storeCookie{},
		storage:  map[string]observe.StorageItem{},
		net:      newRequestLog(),
	}
}

// setPage names the top-level page being visited, once known for sure.
func (r *recorder) setPage(u string) {
	r.mu.Lock()
	r.page = u
	r.doc = nil
	r.mu.Unlock()
}

// setMainFrame names the tab's top frame (its target ID).
func (r *recorder) setMainFrame(id string) {
	r.mu.Lock()
	r.mainFrame = id
	r.mu.Unlock()
}

// mainDocument is the top frame's last document response, or nil.
func (r *recorder) mainDocument() *network.Response {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.doc
}

func (r *recorder) currentPage() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.page
}

// onEvent handles one DevTools event. It must return fast.
func (r *recorder) onEvent(ev any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		r.requests[ev.RequestID] = ev.Request.URL
		r.net.onRequest(ev, r.page, !r.choiceAt.IsZero(), r.now())
		r.har.onRequest(ev, r.now())
		if x, ok := r.early[ev.RequestID]; ok {
			delete(r.early, ev.RequestID)
			r.onHeaders(x)
		}
	case *network.EventRequestWillBeSentExtraInfo:
		r.net.onRequestCookies(ev)
	case *network.EventLoadingFinished:
		r.net.ended(ev.RequestID)
		r.har.finished(ev.RequestID, ev.EncodedDataLength, r.now())
	case *network.EventLoadingFailed:
		// Cancelled (by a navigation, a frame going away, page script or
		// the crawler), blocked, or failed: ended all the same.
		r.net.ended(ev.RequestID)
		r.har.failed(ev.RequestID, ev.ErrorText, r.now())
	case *network.EventResponseReceived:
		r.har.onResponse(ev)
		if ev.Type == network.ResourceTypeDocument && string(ev.FrameID) == r.mainFrame && ev.Response != nil {
			r.doc = ev.Response
		}
	case *network.EventResponseReceivedExtraInfo:
		r.onHeaders(ev)
	}
}

// onHeaders records the Set-Cookie lines of a response, stored or blocked
// with the browser's reasons; r.mu is held.
func (r *recorder) onHeaders(ev *network.EventResponseReceivedExtraInfo) {
	resURL, known := r.requests[ev.RequestID]
	if !known {
		r.early[ev.RequestID] = ev
		return
	}
	u, err := url.Parse(resURL)
	if err != nil || u.Host == "" {
		return
	}
	at := r.now()
	blocked := map[string]string{}
	for _, b := range ev.BlockedCookies {
		reasons := make([]string, len(b.BlockedReasons))
		for i, x := range b.BlockedReasons {
			reasons[i] = string(x)
		}
		blocked[b.CookieLine] = strings.Join(reasons, ",")
	}
	for k, v := range ev.Headers {
		if !strings.EqualFold(k, "set-cookie") {
			continue
		}
		s, _ := v.(string)
		for _, line := range strings.Split(s, "\n") {
			line = strings.TrimSpace(line)
			if line == "" {
				continue
			}
			w, ok := parseCookieLine(line, at)
			if !ok {
				continue
			}
			if blocked[line] == "" {
				r.net.noteCookieLine(line, at)
			}
			r.writes = append(r.writes, writeEvent{
				cookieWrite: w, Host: u.Hostname(), URLPath: u.Path,
				SetBy: "header", SetByURL: stripQuery(resURL), PageURL: r.page, At: at,
				Blocked: blocked[line],
			})
		}
	}
}

// scriptReport is what the instrumentation sends for a script write.
type scriptReport struct {
	Line   string  `json:"line"`
	Page   string  `json:"page"`
	Script string  `json:"script"`
	T      float64 `json:"t"`
	// Stored is false when the write left no trace in document.cookie
	// (refused by the browser), nil when unknown.
	Stored *bool `json:"stored"`
}

// onScriptWrite records a document.cookie or cookieStore write, and
// reports whether payload was one (a refused deletion, which changes
// nothing, is one all the same).
func (r *recorder) onScriptWrite(payload string) bool {
	var rep scriptReport
	if json.Unmarshal([]byte(payload), &rep) != nil {
		return false
	}
	u, err := url.Parse(rep.Page)
	if err != nil || u.Host == "" {
		return false
	}
	at := r.now()
	if rep.T > 0 {
		at = time.UnixMilli(int64(rep.T))
	}
	w, ok := parseCookieLine(rep.Line, at)
	if !ok {
		return false
	}
	by := rep.Script
	if by == "" {
		by = rep.Page
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	ev := writeEvent{
		cookieWrite: w, Host: u.Hostname(), URLPath: u.Path,
		SetBy: "script", SetByURL: stripQuery(by), PageURL: r.page, At: at,
	}
	// The browser's own rules come first: a write it refuses (a Domain
	// that is a public suffix or another site's) can look stored to the
	// page when a cookie of the same name is already there.
	if reason := refusal(u.Hostname(), u.Scheme == "https", w); reason != "" {
		if w.Deletes() {
			return true // a refused deletion changes nothing
		}
		ev.Blocked = reason
	} else if rep.Stored != nil && !*rep.Stored && !w.Deletes() && !w.HTTPOnly {
		ev.Blocked = "NotStored"
		if top, err := url.Parse(r.page); err == nil && siteOf(top.Hostname()) != siteOf(u.Hostname()) {
			ev.Blocked = "ThirdPartyContext"
		}
	}
	r.writes = append(r.writes, ev)
	return true
}

func cookieKey(name, domain, path string) string { return name + "\x00" + domain + "\x00" + path }

// choiceMade records that the phase's consent choice was made now.
func (r *recorder) choiceMade() {
	r.mu.Lock()
	r.choiceAt = r.now()
	r.net.choiceEnded(true)
	r.mu.Unlock()
}

// choiceHasSettled records that what the choice set off has settled: the
// snapshots from now on show what the choice left in the store.
func (r *recorder) choiceHasSettled() {
	r.mu.Lock()
	r.choiceSettled = !r.choiceAt.IsZero()
	r.mu.Unlock()
}

// snapshot merges the cookies now in the profile's store.
func (r *recorder) snapshot(cookies []*network.Cookie) {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.now()
	r.lastSnapshot = now
	for _, s := range r.store {
		s.last = false
	}
	for _, c := range cookies {
		k := cookieKey(c.Name, c.Domain, c.Path)
		s, ok := r.store[k]
		if !ok {
			s = &storeCookie{firstSeen: now, pageURL: r.page}
			r.store[k] = s
		}
		r.net.noteCookieValue(c.Name, c.Value, now)
		c.Value = "" // never kept
		s.c = c
		s.last = true
		s.afterChoice = s.afterChoice || r.choiceSettled
	}
}

// addStorage merges web storage items seen in a frame.
func (r *recorder) addStorage(items []observe.StorageItem) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, it := range items {
		r.storage[it.Origin+"\x00"+it.Area+"\x00"+it.Key] = it
	}
}

// siteOf is the registrable domain (eTLD+1) of a host, or the host itself
// when it has none (an IP address, localhost).
func siteOf(host string) string {
	host = strings.TrimPrefix(strings.ToLower(host), ".")
	if s, err := publicsuffix.EffectiveTLDPlusOne(host); err == nil {
		return s
	}
	return host
}

func stripQuery(u string) string {
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		return u[:i]
	}
	return u
}

// domainMatches reports whether a write's target matches a stored cookie's
// domain: host-only writes match the host, Domain writes match ".domain".
func (w writeEvent) domain() string {
	if w.Domain != "" {
		return "." + w.Domain
	}
	return strings.ToLower(w.Host)
}

// path is the cookie path a write targets: its Path attribute, else the
// default path of the URL it was set from (the same for headers and
// scripts).
func (w writeEvent) path() string {
	if w.Path != "" {
		return w.Path
	}
	return defaultCookiePath(w.URLPath)
}

// cookies builds the phase's cookie records: everything in the store, what
// was set and removed during the phase, and what the browser blocked.
func (r *recorder) cookies(phase observe.Phase, siteHost string) []observe.Cookie {
	r.mu.Lock()
	defer r.mu.Unlock()
	site := siteOf(siteHost)
	// The last accepted write of each cookie, and the first one's page.
	type hist struct {
		last, first *writeEvent
		deleted     bool // a deletion followed the last write
	}
	writes := map[string]*hist{}
	var blocked []observe.Cookie
	seenBlocked := map[string]bool{}
	// writtenAfterChoice holds the cookies written (or, when blocked,
	// attempted) after the consent choice was made.
	writtenAfterChoice := map[string]bool{}
	for i := range r.writes {
		w := &r.writes[i]
		k := cookieKey(w.Name, w.domain(), w.path())
		if !r.choiceAt.IsZero() && !w.Deletes() && !w.At.Before(r.choiceAt) {
			writtenAfterChoice[k] = true
		}
		if w.Blocked != "" {
			if seenBlocked[k] {
				continue
			}
			seenBlocked[k] = true
			blocked = append(blocked, w.record(phase, site, nil))
			continue
		}
		h := writes[k]
		if h == nil {
			h = &hist{first: w}
			writes[k] = h
		}
		if !w.Deletes() {
			h.last, h.deleted = w, false
		} else if h.last != nil {
			h.deleted = true
		}
	}
	var out []observe.Cookie
	done := map[string]bool{}
	for k, s := range r.store {
		c := s.c
		rec := observe.Cookie{
			Phase: phase, Name: c.Name, Domain: c.Domain, Path: c.Path,
			Session: c.Session, Secure: c.Secure, HTTPOnly: c.HTTPOnly,
			SameSite: string(c.SameSite), Partitioned: c.PartitionKey != nil || c.PartitionKeyOpaque,
			ThirdParty: siteOf(c.Domain) != site, FirstSeenURL: s.pageURL,
			Removed: !s.last,
		}
		setAt := s.firstSeen.Truncate(time.Second)
		var h *hist
		if h = writes[k]; h != nil && h.last != nil {
			setAt = h.last.At.Truncate(time.Second)
			rec.SetBy, rec.SetByURL = h.last.SetBy, h.last.SetByURL
			if h.first.At.Before(s.firstSeen) {
				rec.FirstSeenURL = h.first.PageURL
			}
		}
		if !c.Session && c.Expires > 0 {
			exp := time.Unix(int64(c.Expires), 0).UTC()
			rec.Expires = &exp
			rec.LifetimeSeconds = int64(exp.Sub(setAt).Round(time.Second) / time.Second)
			rec.RequestedLifetimeSeconds = rec.LifetimeSeconds
		}
		if h != nil && h.last != nil && !h.last.Session {
			rec.RequestedLifetimeSeconds = int64(h.last.Lifetime.Round(time.Second) / time.Second)
		}
		if rec.FirstSeenURL == "" {
			rec.FirstSeenURL = rec.SetByURL
		}
		rec.AfterChoice = r.afterChoice(writtenAfterChoice[k] || !s.firstSeen.Before(r.choiceAt), s.afterChoice)
		out = append(out, rec)
		done[k] = true
	}
	// Set and removed before any snapshot saw them, or never stored: a
	// write the page took for stored (its name was already there) that no
	// later read of the store showed, though nothing removed it and it had
	// not expired.
	for k, h := range writes {
		if done[k] || h.last == nil {
			continue
		}
		w := h.last
		if !h.deleted && r.lastSnapshot.After(w.At) && (w.Session || w.At.Add(w.Lifetime).After(r.lastSnapshot)) {
			if seenBlocked[k] {
				continue
			}
			seenBlocked[k] = true
			nw := *w
			nw.Blocked = "NotStored"
			blocked = append(blocked, nw.record(phase, site, h.first))
			continue
		}
		rec := w.record(phase, site, h.first)
		rec.Removed = true
		rec.AfterChoice = r.afterChoice(writtenAfterChoice[k], false)
		out = append(out, rec)
	}
	for i := range blocked {
		b := &blocked[i]
		b.AfterChoice = r.afterChoice(writtenAfterChoice[cookieKey(b.Name, b.Domain, b.Path)], false)
	}
	out = append(out, blocked...)
	sortCookies(out)
	return out
}

// afterChoice says what became of a cookie across the phase's consent
// choice: written after it, kept in the store through it, or gone; empty
// when no choice was made.
func (r *recorder) afterChoice(writtenAfter, storedAfter bool) observe.AfterChoice {
	switch {
	case r.choiceAt.IsZero():
		return ""
	case writtenAfter:
		return observe.AfterChoiceWritten
	case storedAfter:
		return observe.AfterChoiceKept
	}
	return observe.AfterChoiceGone
}

// record turns a write into a cookie record, for cookies the store never
// showed (blocked, or removed before a snapshot).
func (w *writeEvent) record(phase observe.Phase, site string, first *writeEvent) observe.Cookie {
	rec := observe.Cookie{
		Phase: phase, Name: w.Name, Domain: w.domain(), Path: w.path(),
		Session: w.Session, Secure: w.Secure, HTTPOnly: w.HTTPOnly, SameSite: w.SameSite,
		Partitioned: w.Partitioned, SetBy: w.SetBy, SetByURL: w.SetByURL,
		FirstSeenURL: w.PageURL, Blocked: w.Blocked != "", BlockedReason: w.Blocked,
	}
	rec.ThirdParty = siteOf(rec.Domain) != site
	if first != nil {
		rec.FirstSeenURL = first.PageURL
	}
	if !w.Session {
		secs := int64(w.Lifetime.Round(time.Second) / time.Second)
		rec.RequestedLifetimeSeconds = secs
		capped := min(secs, maxCookieLifetime)
		rec.LifetimeSeconds = capped
		exp := w.At.Add(time.Duration(capped) * time.Second).UTC().Truncate(time.Second)
		rec.Expires = &exp
	}
	return rec
}

// maxCookieLifetime is Chrome's cap on a stored cookie's lifetime: 400 days.
const maxCookieLifetime = 400 * 24 * 3600

// phaseOrder is the order phases are reported in.
var phaseOrder = map[observe.Phase]int{observe.PhasePreConsent: 0, observe.PhaseAccept: 1, observe.PhaseReject: 2}

// sortCookies orders cookies by phase, stored before blocked, then by
// name, domain and path.
func sortCookies(cs []observe.Cookie) {
	sort.SliceStable(cs, func(i, j int) bool {
		a, b := cs[i], cs[j]
		if a.Phase != b.Phase {
			return phaseOrder[a.Phase] < phaseOrder[b.Phase]
		}
		if a.Blocked != b.Blocked {
			return !a.Blocked
		}
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		if a.Domain != b.Domain {
			return a.Domain < b.Domain
		}
		return a.Path < b.Path
	})
}

// storageItems lists the web storage seen, sorted.
func (r *recorder) storageItems() []observe.StorageItem {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]observe.StorageItem, 0, len(r.storage))
	for _, it := range r.storage {
		out = append(out, it)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Origin != b.Origin {
			return a.Origin < b.Origin
		}
		if a.Area != b.Area {
			return a.Area < b.Area
		}
		return a.Key < b.Key
	})
	return out
}
