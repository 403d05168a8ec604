package crawler

import (
	"crypto/sha256"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cookieaudit/cookieaudit/crawler/observe"

	"github.com/chromedp/cdproto/network"
)

// maxEndpoints bounds the endpoints a phase records; requests to further
// endpoints are counted in dropped only.
const maxEndpoints = 1000

// idParams are the query (or beacon URL) parameters that carry a visitor
// identifier: Google's client and user IDs (cid, uid, _gid is Universal
// Analytics' own), the Meta pixel's browser and click IDs (fbp, fbc), and the
// IDs of other tags that send a stored visitor ID in the URL.
var idParams = map[string]bool{
	"cid": true, "uid": true, "user_id": true, "_gid": true,
	"fbp": true, "fbc": true, "_fbp": true, "_fbc": true,
	"ttp": true, "_ttp": true, "li_fat_id": true, "muid": true,
	"_hjuid": true, "vuid": true, "guid": true, "twclid": true,
}

// measurementParams are the parameters naming the tag's account or
// property, kept with their value when it has the shape of such an ID (so
// that a page's own "id" parameter is never kept): Google's tid (G-, UA-,
// AW-, DC-) and id (GTM-, G-), the Meta pixel's id and the LinkedIn
// partner's pid (digits), the X pixel's txn_id (five characters).
var measurementParams = []struct {
	name  string
	shape *regexp.Regexp
}{
	{"tid", regexp.MustCompile(`^(?:G|UA|AW|DC)-[A-Z0-9-]{4,16}$`)},
	{"id", regexp.MustCompile(`^(?:(?:GTM|G|AW)-[A-Z0-9]{4,12}|\d{10,20})$`)},
	{"pid", regexp.MustCompile(`^\d{4,12}$`)},
	{"txn_id", regexp.MustCompile(`^[a-z0-9]{5}$`)},
}

// requestLog records the endpoints a phase's pages contacted, merged by
// host, path, whether they came before or after the consent choice and the
// consent signals sent. Its methods are called with the recorder's lock
// held.
type requestLog struct {
	endpoints map[string]*observe.Request
	order     []string
	dropped   int
	// pending maps a request ID to the endpoint it was merged into, so
	// that the cookies it carried (reported separately) join it.
	pending map[network.RequestID]string
	// early holds cookie reports that came before their request.
	early map[network.RequestID][]string
	// idValues maps the hash of each identifier value sent to the
	// endpoints and parameter it was sent to; cookieValues maps the hash of
	// each stored cookie's value (and of the client ID inside a _ga value)
	// to the cookie's name. Only hashes are kept, never values, and they
	// never leave the crawler.
	idValues     map[[32]byte][]idUse
	cookieValues map[[32]byte]cookieValue
	// choosing is true while the consent choice is being made: what a
	// click sets off is sent before the crawler knows the choice went
	// through, so those endpoints are kept apart in during until it does.
	choosing bool
	during   []string
	// choiceStart is when the attempt to make the choice that went through
	// began; zero when none did.
	choiceStart, startedAt time.Time
}

// idUse is one endpoint an identifier value was sent to, and when.
type idUse struct {
	endpoint string
	at       time.Time
}

// cookieValue is a cookie whose value (as a hash) was stored, and when it
// was first written or seen.
type cookieValue struct {
	name string
	at   time.Time
}

func newRequestLog() *requestLog {
	return &requestLog{
		endpoints:    map[string]*observe.Request{},
		pending:      map[network.RequestID]string{},
		early:        map[network.RequestID][]string{},
		idValues:     map[[32]byte][]idUse{},
		cookieValues: map[[32]byte]cookieValue{},
	}
}

// onRequest records a request the page made; pageURL is the top-level page
// and afterChoice says whether the consent choice has been made.
func (l *requestLog) onRequest(ev *network.EventRequestWillBeSent, pageURL string, afterChoice bool, now time.Time) {
	// A redirect comes as the same request to a new URL: it is recorded
	// too (a pixel's redirect chain syncs identifiers across trackers).
	if ev.Request == nil {
		return
	}
	u, err := url.Parse(ev.Request.URL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return
	}
	top, err := url.Parse(pageURL)
	if err != nil || top.Host == "" {
		return
	}
	host := strings.ToLower(u.Hostname())
	third := siteOf(host) != siteOf(top.Hostname())
	q := u.Query()
	// A beacon's body is never read: every tag recorded here sends its
	// identifiers and consent signals in the URL.
	tagged := q.Get("gcs") != "" || q.Get("gcd") != "" || (q.Get("v") == "2" && strings.HasPrefix(q.Get("tid"), "G-"))
	if !third && !tagged {
		return
	}
	gcs, gcd := clip(q.Get("gcs"), 8), clip(q.Get("gcd"), 24)
	key := host + u.EscapedPath() + "\x00" + gcs + "\x00" + gcd
	switch {
	case afterChoice:
		key += "\x00after"
	case l.choosing:
		key += "\x00during"
	}
	rec, ok := l.endpoints[key]
	if !ok {
		if len(l.endpoints) >= maxEndpoints {
			l.dropped++
			return
		}
		rec = &observe.Request{
			Host: host, Path: clip(u.EscapedPath(), 200), Method: ev.Request.Method, Type: string(ev.Type),
			Initiator: initiatorOf(ev), PageURL: pageURL, ThirdParty: third, AfterChoice: afterChoice,
			GCS: gcs, GCD: gcd,
		}
		if rec.Path == "" {
			rec.Path = "/"
		}
		l.endpoints[key] = rec
		l.order = append(l.order, key)
		if l.choosing && !afterChoice {
			l.during = append(l.during, key)
		}
	}
	rec.Count++
	for name, vs := range q {
		lname := strings.ToLower(name)
		if idParams[lname] && len(vs) > 0 && vs[0] != "" {
			rec.IDParams = addName(rec.IDParams, lname)
			for _, v := range vs {
				h := sha256.Sum256([]byte(v))
				if uses, ok := l.idValues[h]; (ok || len(l.idValues) < 5000) && len(uses) < 50 {
					l.idValues[h] = append(uses, idUse{key, now})
				}
			}
		}
	}
	if rec.MeasurementID == "" {
		for _, p := range measurementParams {
			if v := q.Get(p.name); p.shape.MatchString(v) {
				rec.MeasurementID = v
				break
			}
		}
	}
	l.pending[ev.RequestID] = key
	if names, ok := l.early[ev.RequestID]; ok {
		delete(l.early, ev.RequestID)
		l.addCookies(key, names)
	}
}

// onRequestCookies records the cookies the browser sent with a request
// (names only).
func (l *requestLog) onRequestCookies(ev *network.EventRequestWillBeSentExtraInfo) {
	var names []string
	for _, c := range ev.AssociatedCookies {
		if c == nil || c.Cookie == nil || len(c.BlockedReasons) > 0 {
			continue
		}
		names = append(names, c.Cookie.Name)
	}
	if len(names) == 0 {
		return
	}
	key, ok := l.pending[ev.RequestID]
	if !ok {
		if len(l.early) < 10000 {
			l.early[ev.RequestID] = names
		}
		return
	}
	l.addCookies(key, names)
}

func (l *requestLog) addCookies(key string, names []string) {
	rec := l.endpoints[key]
	if rec == nil {
		return
	}
	for _, n := range names {
		if len(rec.Cookies) < 30 {
			rec.Cookies = addName(rec.Cookies, n)
		}
	}
}

// choiceStarted notes that the crawler is about to make the consent
// choice.
func (l *requestLog) choiceStarted(now time.Time) { l.choosing, l.startedAt = true, now }

// choiceEnded notes that the attempt to make the choice is over: made, so
// that what it set off counts as after it, or not.
func (l *requestLog) choiceEnded(made bool) {
	l.choosing = false
	if made {
		l.choiceStart = l.startedAt
	}
	for _, k := range l.during {
		if rec := l.endpoints[k]; rec != nil {
			rec.AfterChoice = made
		}
	}
	l.during = nil
}

// ended forgets a request that has ended.
func (l *requestLog) ended(id network.RequestID) {
	delete(l.pending, id)
	delete(l.early, id)
}

// gaValue matches a Google Analytics _ga cookie's value, whose last two
// fields are the client ID that GA4 and Universal Analytics send as cid.
var gaValue = regexp.MustCompile(`^GA\d\.\d+\.(.+)$`)

// noteCookieValue remembers the hash of a cookie value written or seen in
// the store at a time, so that an identifier a request carried later can
// be tied to the cookie it was read from. The client ID inside a _ga value
// is remembered too. It must be called before the value is dropped.
func (l *requestLog) noteCookieValue(name, value string, at time.Time) {
	if len(value) < 6 || len(l.cookieValues) >= 5000 {
		return
	}
	note := func(v string) {
		h := sha256.Sum256([]byte(v))
		if old, ok := l.cookieValues[h]; !ok || at.Before(old.at) {
			l.cookieValues[h] = cookieValue{name, at}
		}
	}
	note(value)
	if m := gaValue.FindStringSubmatch(value); m != nil {
		note(m[1])
	}
}

// noteCookieLine remembers the value of a Set-Cookie line (see
// noteCookieValue).
func (l *requestLog) noteCookieLine(line string, at time.Time) {
	nv, _, _ := strings.Cut(line, ";")
	name, value, ok := strings.Cut(nv, "=")
	if ok {
		l.noteCookieValue(strings.TrimSpace(name), strings.TrimSpace(value), at)
	}
}

// requests lists the phase's endpoints in the order they were first
// contacted, each identifier tied to the cookie it carried: a cookie of the
// phase that held the identifier's value. The store is read after each
// page, so a cookie first seen in it may have been written just before the
// request that sent its value; but one first seen after the consent choice
// is not tied to requests made before it (a tag may keep the identifier it
// sent while consent was denied as the cookie's value once it is granted).
func (l *requestLog) requests(phase observe.Phase) []observe.Request {
	for h, uses := range l.idValues {
		c, ok := l.cookieValues[h]
		if !ok {
			continue
		}
		for _, u := range uses {
			if !l.choiceStart.IsZero() && u.at.Before(l.choiceStart) && !c.at.Before(l.choiceStart) {
				continue
			}
			if rec := l.endpoints[u.endpoint]; rec != nil {
				rec.IDCookies = addName(rec.IDCookies, c.name)
			}
		}
	}
	out := make([]observe.Request, 0, len(l.order))
	// Endpoints kept apart while the choice was made join the others of
	// their side of it.
	at := map[string]int{}
	for _, k := range l.order {
		r := *l.endpoints[k]
		r.Phase = phase
		merged := strings.Join([]string{r.Host, r.Path, r.GCS, r.GCD, strconv.FormatBool(r.AfterChoice)}, "\x00")
		if i, ok := at[merged]; ok {
			o := &out[i]
			o.Count += r.Count
			for _, n := range r.Cookies {
				o.Cookies = addName(o.Cookies, n)
			}
			for _, n := range r.IDParams {
				o.IDParams = addName(o.IDParams, n)
			}
			for _, n := range r.IDCookies {
				o.IDCookies = addName(o.IDCookies, n)
			}
			continue
		}
		at[merged] = len(out)
		out = append(out, r)
	}
	for i := range out {
		slices.Sort(out[i].Cookies)
		slices.Sort(out[i].IDParams)
		slices.Sort(out[i].IDCookies)
	}
	return out
}

// initiatorOf is the script that made a request (the top of its stack,
// else the script or document the browser names), without its query.
func initiatorOf(ev *network.EventRequestWillBeSent) string {
	in := ev.Initiator
	if in != nil && in.Stack != nil {
		for st := in.Stack; st != nil; st = st.Parent {
			for _, f := range st.CallFrames {
				if f != nil && strings.HasPrefix(f.URL, "http") {
					return clip(stripQuery(f.URL), 300)
				}
			}
		}
	}
	if in != nil && strings.HasPrefix(in.URL, "http") {
		return clip(stripQuery(in.URL), 300)
	}
	return clip(stripQuery(ev.DocumentURL), 300)
}

func addName(names []string, n string) []string {
	if slices.Contains(names, n) {
		return names
	}
	return append(names, n)
}

// clip cuts s to at most n bytes.
func clip(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// choiceStarted records that the crawler is about to make the phase's
// consent choice; choiceFailed that it did not go through (choiceMade
// tells the request log when it did).
func (r *recorder) choiceStarted() {
	r.mu.Lock()
	r.net.choiceStarted(r.now())
	r.mu.Unlock()
}

func (r *recorder) choiceFailed() {
	r.mu.Lock()
	r.net.choiceEnded(false)
	r.mu.Unlock()
}

// requestsSeen lists the endpoints the phase contacted.
func (r *recorder) requestsSeen(phase observe.Phase) []observe.Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.net.requests(phase)
}
