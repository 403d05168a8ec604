package crawler

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/cookieaudit/cookieaudit/crawler/observe"

	"github.com/chromedp/cdproto/network"
)

// maxHAREntries bounds the requests one site-phase's HAR file holds.
const maxHAREntries = 5000

// harLog keeps one site-phase's requests for a HAR 1.2 file: every request
// with its headers and response status, but no cookie value, no request or
// response body, no value of a Cookie, Set-Cookie or Authorization header
// and no value of a visitor-identifier parameter. Its methods are called
// with the recorder's lock held and do nothing on a nil log.
type harLog struct {
	entries []*harEntry
	byID    map[network.RequestID]*harEntry
	dropped int
}

func newHARLog() *harLog {
	return &harLog{entries: []*harEntry{}, byID: map[network.RequestID]*harEntry{}}
}

// harEntry is one request and its response in HAR 1.2 form.
type harEntry struct {
	Started  string      `json:"startedDateTime"`
	Time     float64     `json:"time"`
	Request  harRequest  `json:"request"`
	Response harResponse `json:"response"`
	Cache    struct{}    `json:"cache"`
	Timings  harTimings  `json:"timings"`
	Document string      `json:"_documentURL,omitempty"`
	Type     string      `json:"_resourceType,omitempty"`
	Comment  string      `json:"comment,omitempty"`
	start    time.Time
}

type harRequest struct {
	Method      string      `json:"method"`
	URL         string      `json:"url"`
	HTTPVersion string      `json:"httpVersion"`
	Cookies     []harCookie `json:"cookies"`
	Headers     []harNV     `json:"headers"`
	QueryString []harNV     `json:"queryString"`
	HeadersSize int         `json:"headersSize"`
	BodySize    int         `json:"bodySize"`
}

type harResponse struct {
	Status      int64       `json:"status"`
	StatusText  string      `json:"statusText"`
	HTTPVersion string      `json:"httpVersion"`
	Cookies     []harCookie `json:"cookies"`
	Headers     []harNV     `json:"headers"`
	Content     harContent  `json:"content"`
	RedirectURL string      `json:"redirectURL"`
	HeadersSize int         `json:"headersSize"`
	BodySize    int64       `json:"bodySize"`
}

type harContent struct {
	Size     int64  `json:"size"`
	MimeType string `json:"mimeType"`
}

type harCookie struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type harNV struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type harTimings struct {
	Send    float64 `json:"send"`
	Wait    float64 `json:"wait"`
	Receive float64 `json:"receive"`
}

// redacted stands for a value a HAR file never holds.
const redacted = "[redacted]"

// onRequest starts an entry; a redirect ends the entry it continues.
func (h *harLog) onRequest(ev *network.EventRequestWillBeSent, now time.Time) {
	if h == nil || ev.Request == nil {
		return
	}
	if prev, ok := h.byID[ev.RequestID]; ok && ev.RedirectResponse != nil {
		prev.respond(ev.RedirectResponse)
		prev.Response.RedirectURL = redactURL(ev.Request.URL)
		prev.finish(0, now)
	}
	if len(h.entries) >= maxHAREntries {
		h.dropped++
		return
	}
	u := redactURL(ev.Request.URL)
	e := &harEntry{
		Started: now.UTC().Format(time.RFC3339Nano), start: now, Type: string(ev.Type),
		Request: harRequest{
			Method: ev.Request.Method, URL: u, HTTPVersion: "HTTP/1.1", Cookies: []harCookie{},
			Headers: harHeaders(ev.Request.Headers), QueryString: harQuery(u), HeadersSize: -1, BodySize: 0,
		},
		Response: harResponse{Cookies: []harCookie{}, Headers: []harNV{}, HeadersSize: -1, BodySize: -1},
		Document: stripQuery(ev.DocumentURL),
	}
	if ev.Request.HasPostData {
		e.Comment = "request body not recorded"
	}
	h.entries = append(h.entries, e)
	h.byID[ev.RequestID] = e
}

// onResponse records a response's status and headers.
func (h *harLog) onResponse(ev *network.EventResponseReceived) {
	if h == nil || ev.Response == nil {
		return
	}
	if e, ok := h.byID[ev.RequestID]; ok {
		e.respond(ev.Response)
	}
}

// finished ends a request that completed.
func (h *harLog) finished(id network.RequestID, size float64, now time.Time) {
	if h == nil {
		return
	}
	if e, ok := h.byID[id]; ok {
		e.finish(int64(size), now)
		delete(h.byID, id)
	}
}

// failed ends a request that did not complete.
func (h *harLog) failed(id network.RequestID, why string, now time.Time) {
	if h == nil {
		return
	}
	if e, ok := h.byID[id]; ok {
		e.Comment = strings.TrimPrefix(e.Comment+"; failed: "+why, "; ")
		e.finish(0, now)
		delete(h.byID, id)
	}
}

func (e *harEntry) respond(r *network.Response) {
	e.Response.Status, e.Response.StatusText = r.Status, r.StatusText
	e.Response.Headers = harHeaders(r.Headers)
	e.Response.Content.MimeType = r.MimeType
	if p := strings.ToUpper(r.Protocol); p != "" {
		e.Response.HTTPVersion = p
		e.Request.HTTPVersion = p
	}
	for _, nv := range e.Response.Headers {
		if strings.EqualFold(nv.Name, "set-cookie") {
			// The names only: a cookie's value is never kept.
			for _, line := range strings.Split(fmt.Sprint(r.Headers[nv.Name]), "\n") {
				if name, _, ok := strings.Cut(strings.TrimSpace(line), "="); ok && name != "" {
					e.Response.Cookies = append(e.Response.Cookies, harCookie{Name: name, Value: redacted})
				}
			}
		}
	}
}

func (e *harEntry) finish(size int64, now time.Time) {
	e.Time = float64(now.Sub(e.start).Microseconds()) / 1000
	e.Timings = harTimings{Wait: e.Time}
	e.Response.BodySize = size
	e.Response.Content.Size = size
}

// sensitiveHeaders are the headers whose values a HAR file never holds.
var sensitiveHeaders = map[string]bool{"cookie": true, "set-cookie": true, "authorization": true, "proxy-authorization": true}

func harHeaders(hs network.Headers) []harNV {
	out := []harNV{}
	for k, v := range hs {
		val := fmt.Sprint(v)
		if sensitiveHeaders[strings.ToLower(k)] {
			val = redacted
		}
		out = append(out, harNV{Name: k, Value: val})
	}
	sortNV(out)
	return out
}

func harQuery(u string) []harNV {
	out := []harNV{}
	pu, err := url.Parse(u)
	if err != nil {
		return out
	}
	for k, vs := range pu.Query() {
		for _, v := range vs {
			out = append(out, harNV{Name: k, Value: v})
		}
	}
	sortNV(out)
	return out
}

func sortNV(nv []harNV) {
	slices.SortStableFunc(nv, func(a, b harNV) int { return strings.Compare(a.Name, b.Name) })
}

// redactURL replaces the values of visitor-identifier parameters (see
// idParams) in a URL's query.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.RawQuery == "" {
		return raw
	}
	parts := strings.Split(u.RawQuery, "&")
	changed := false
	for i, p := range parts {
		k, _, ok := strings.Cut(p, "=")
		name, err := url.QueryUnescape(k)
		if ok && err == nil && idParams[strings.ToLower(name)] {
			parts[i] = k + "=" + url.QueryEscape(redacted)
			changed = true
		}
	}
	if !changed {
		return raw
	}
	u.RawQuery = strings.Join(parts, "&")
	return u.String()
}

// unsafeName matches the characters a HAR file's name does not keep.
var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// HARFileName is the name of the HAR file of a site's phase: the site's
// host and path, made safe for a file name, and the phase, e.g.
// "www.testshire.gov.uk_pre-consent.har".
func HARFileName(site string, phase observe.Phase) string {
	base := site
	if u, err := url.Parse(site); err == nil && u.Host != "" {
		base = u.Host + strings.TrimSuffix(u.Path, "/")
	}
	base = strings.Trim(unsafeName.ReplaceAllString(base, "_"), "_.")
	if base == "" {
		base = "site"
	}
	return clip(base, 150) + "_" + string(phase) + ".har"
}

// write writes the log as a HAR 1.2 file in dir.
func (h *harLog) write(dir, site string, phase observe.Phase) error {
	if h == nil {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("HAR directory: %w", err)
	}
	comment := fmt.Sprintf("cookieaudit %s phase of %s; no cookie values, request bodies or identifier values", phase, site)
	if h.dropped > 0 {
		comment += fmt.Sprintf("; %d further requests not recorded", h.dropped)
	}
	doc := map[string]any{"log": map[string]any{
		"version": "1.2",
		"creator": map[string]string{"name": "cookieaudit", "version": "1"},
		"pages":   []any{},
		"entries": h.entries,
		"comment": comment,
	}}
	data, err := json.MarshalIndent(doc, "", " ")
	if err != nil {
		return fmt.Errorf("HAR: %w", err)
	}
	name := filepath.Join(dir, HARFileName(site, phase))
	if err := os.WriteFile(name, data, 0o644); err != nil {
		return fmt.Errorf("HAR: %w", err)
	}
	return nil
}
