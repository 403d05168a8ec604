package crawler

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// cookieWrite is one attempt to set (or delete) a cookie: a Set-Cookie header
// line or a script write. It holds no value.
type cookieWrite struct {
	Name   string
	Domain string // the Domain attribute, without a leading dot; "" for host-only
	Path   string // the Path attribute; "" when absent
	// Session is true when neither Max-Age nor Expires was given.
	Session bool
	// Lifetime is the requested lifetime relative to the write; meaningful
	// when Session is false. Zero or negative deletes the cookie.
	Lifetime                      time.Duration
	Secure, HTTPOnly, Partitioned bool
	SameSite                      string
}

// Deletes reports whether the write removes the cookie (an expiry in the
// past or Max-Age of zero or less).
func (w cookieWrite) Deletes() bool { return !w.Session && w.Lifetime <= 0 }

// parseCookieLine parses one Set-Cookie header line or document.cookie write
// relative to the time it was made. The value is dropped. It returns false
// when the line has no cookie name.
func parseCookieLine(line string, at time.Time) (cookieWrite, bool) {
	parts := strings.Split(line, ";")
	nv := strings.TrimSpace(parts[0])
	name, _, hasEq := strings.Cut(nv, "=")
	name = strings.TrimSpace(name)
	if !hasEq {
		// A nameless cookie ("value" alone) is stored with an empty name.
		name = ""
	}
	w := cookieWrite{Name: name, Session: true}
	var maxAge *int64
	var expires *time.Time
	for _, attr := range parts[1:] {
		k, v, _ := strings.Cut(strings.TrimSpace(attr), "=")
		k, v = strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v)
		switch k {
		case "max-age":
			if n, err := strconv.ParseInt(v, 10, 64); err == nil {
				maxAge = &n
			}
		case "expires":
			if t, ok := parseCookieDate(v); ok {
				expires = &t
			}
		case "domain":
			w.Domain = strings.ToLower(strings.TrimPrefix(v, "."))
		case "path":
			if strings.HasPrefix(v, "/") {
				w.Path = v
			}
		case "secure":
			w.Secure = true
		case "httponly":
			w.HTTPOnly = true
		case "partitioned":
			w.Partitioned = true
		case "samesite":
			switch strings.ToLower(v) {
			case "lax":
				w.SameSite = "Lax"
			case "strict":
				w.SameSite = "Strict"
			case "none":
				w.SameSite = "None"
			}
		}
	}
	switch {
	case maxAge != nil: // Max-Age wins over Expires (RFC 6265 5.3).
		w.Session = false
		w.Lifetime = time.Duration(*maxAge) * time.Second
		if *maxAge > int64(1<<62/time.Second) {
			w.Lifetime = time.Duration(1 << 62)
		}
	case expires != nil:
		w.Session = false
		w.Lifetime = expires.Sub(at)
	}
	if name == "" && !hasEq {
		return w, nv != ""
	}
	return w, true
}

// parseCookieDate reads the date formats seen in Expires attributes.
func parseCookieDate(v string) (time.Time, bool) {
	for _, layout := range []string{
		http.TimeFormat,
		time.RFC1123,
		"Mon, 02-Jan-2006 15:04:05 MST",
		"Mon, 02 Jan 2006 15:04:05 -0700",
		"Monday, 02-Jan-06 15:04:05 MST",
		time.ANSIC,
		"Mon Jan 02 2006 15:04:05 GMT-0700",
	} {
		if t, err := time.Parse(layout, v); err == nil {
			return t, true
		}
	}
	// JavaScript's Date.toString() appends a zone name in brackets.
	if i := strings.Index(v, " ("); i > 0 {
		return parseCookieDate(v[:i])
	}
	return time.Time{}, false
}

// defaultCookiePath is the path a cookie without a Path attribute gets: the
// directory of the request path (RFC 6265 5.1.4).
func defaultCookiePath(urlPath string) string {
	if urlPath == "" || urlPath[0] != '/' {
		return "/"
	}
	i := strings.LastIndex(urlPath, "/")
	if i == 0 {
		return "/"
	}
	return urlPath[:i]
}
