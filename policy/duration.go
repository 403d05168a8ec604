package policy

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Month and Year are the one month and year cookieaudit counts in, for a
// policy's written durations, lifetime caps and drafted lifetimes alike: a
// month is 30 days and a year 365 days, as the corpora's annotation rules
// count them.
const (
	Month = secondsPerMonth * time.Second
	Year  = secondsPerYear * time.Second
)

// Lifetimes in seconds used when converting written durations.
const (
	secondsPerMinute = 60
	secondsPerHour   = 60 * secondsPerMinute
	secondsPerDay    = 24 * secondsPerHour
	secondsPerWeek   = 7 * secondsPerDay
	secondsPerMonth  = 30 * secondsPerDay
	secondsPerYear   = 365 * secondsPerDay
)

// NeverExpiresSeconds is the longest lifetime a browser gives a cookie:
// Browsers cap a cookie's lifetime at 400 days (RFC 6265bis, enforced by
// Chromium), so a cookie a policy says never expires ("Never", "stored
// indefinitely", for which WrittenLifetime states none) may
// legitimately live that long and no longer.
const NeverExpiresSeconds = 400 * secondsPerDay

// maxLifetimeSeconds caps absurd written lifetimes (ten thousand years) so
// that they cannot overflow; a page's "2096 years" is kept as written.
const maxLifetimeSeconds = 10000 * secondsPerYear

var (
	// quantityRE finds "90 days", "24 hours", "100ms", "one year", "a week".
	quantityRE = regexp.MustCompile(`(?i)\b(\d+(?:\.\d+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|eighteen|twenty|thirty|sixty|ninety)\s*(-\s*)?(milliseconds?|ms|seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|yrs?)\b`)
	// sessionRE recognises a cookie that lasts only for the browser session.
	sessionRE = regexp.MustCompile(`(?i)\bsession\b|\b(clos(e|es|ed|ing)|exit(s|ed|ing)?|quit(s|ting)?) (?:(your|the|their|a|this) )?(?:web |internet )?(browser|website|site)|browser (window )?is closed|browser (window )?closes|when you leave the (site|website)|leaves the web-?site|as soon as it has been displayed|deleted immediately|immediately deleted|\bon exit\b|\bafter each visit\b|\b(?:end|length) of (?:your|the|each|a) visit\b|^\s*(?:instantly|immediately)\s*$|^\s*(?:when|once|until) (?:the )?(?:user|you) (?:logs? ?out|logged out|signs? out)\b`)
	// idleRE finds a server-side idle timeout offered beside a session
	// ("has no input for 30 minutes or when the browser is closed").
	idleRE = regexp.MustCompile(`(?i)\b(no input|no activity|inactiv\w*|idle)\b`)
	// permanentRE finds the word "permanent", which says a cookie outlasts
	// the session rather than that it never expires when a quantity follows.
	permanentRE = regexp.MustCompile(`(?i)\bpermanent(ly)?\b`)
	// neverRE recognises a cookie that never expires.
	neverRE = regexp.MustCompile(`(?i)^\s*never\b|\bnever expires?\b|\bindefinite(ly)?\b|\bpermanent(ly)?\b|\bdoes not expire\b|\bno expiry\b|\bno explicit expir`)
	// retentionRE recognises statements about keeping data, which are not
	// cookie lifetimes ("Google may retain user and event data for up to
	// 14 months").
	retentionRE = regexp.MustCompile(`(?i)\bretain(s|ed)?\s+(\S+\s+){0,4}data\b|\bdata retention\b|\bdata (is|are|will be) (retained|kept|stored|held)\b`)
	// orRE and persistentRE qualify a session phrase next to a quantity.
	orRE         = regexp.MustCompile(`(?i)\bor\b`)
	persistentRE = regexp.MustCompile(`(?i)\bpersistent\b`)
	// rangeSepRE separates alternatives or range ends between quantities.
	rangeSepRE = regexp.MustCompile(`(?i)^[\s,;]*(?:and\s+)?[\s,;]*$`)
)

var numberWords = map[string]float64{
	"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
	"seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
	"thirteen": 13, "eighteen": 18, "twenty": 20, "thirty": 30, "sixty": 60, "ninety": 90,
}

// WrittenLifetime reads a cookie lifetime as a policy writes it. A session
// cookie ("Session", "End of the session", "when you close your browser",
// "As soon as it has been displayed") has SessionLifetime. Compound
// durations add up ("1 year 1 month 4 days"); ranges and alternatives take
// their maximum ("30 seconds to 1 year"); a month is 30 days and a year 365
// days; sub-second lifetimes ("Under 100ms") round up to one second so that
// they stay distinct from session cookies. The lifetime is unknown when the
// text states none in seconds: nothing at all, a cookie that never expires
// ("Never", "No expiry"), or a statement about retaining data rather than
// cookies. A session offered beside a quantity ("30 minutes or when you
// close your browser") takes the quantity, the longer of the two, unless the
// quantity is an idle timeout ("has no input for 30 minutes or when the
// browser is closed").
func WrittenLifetime(text string) Lifetime {
	text = strings.TrimSpace(normalizeSpace(text))
	if text == "" || len(text) > 2000 || !mayStateLifetime(text) {
		return Lifetime{}
	}
	lower := strings.ToLower(text)
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(lower, w) {
				return true
			}
		}
		return false
	}
	if has("retain", "retention", "data") && retentionRE.MatchString(text) {
		return Lifetime{}
	}
	locs := quantityRE.FindAllStringSubmatchIndex(text, -1)
	if has("never", "indefinite", "permanent", "not expire", "no expiry", "no explicit") && neverRE.MatchString(text) &&
		!(len(locs) > 0 && !neverRE.MatchString(permanentRE.ReplaceAllString(text, ""))) {
		// A cookie that never expires has no lifetime to state in
		// seconds; the browser caps it at NeverExpiresSeconds. A
		// "permanent" cookie with a stated quantity ("Permanent cookie
		// (two months)") is a persistent one that lasts that long.
		return Lifetime{}
	}
	session := has("session", "brows", "leave", "displayed", "immediately", "exit", "close", "quit", "instantly", "out", "visit") && sessionRE.MatchString(text)
	if len(locs) == 0 {
		if session {
			return SessionLifetime()
		}
		return Lifetime{}
	}
	// A session phrase offered as an alternative ("no input for 30 minutes
	// or when the browser is closed") makes the cookie a session cookie: the
	// quantity is then a server-side idle timeout.
	if session && orRE.MatchString(text) && !persistentRE.MatchString(text) && idleRE.MatchString(text) {
		return SessionLifetime()
	}
	var best, group float64
	prevEnd := -1
	for _, loc := range locs {
		n := quantityValue(text[loc[2]:loc[3]], text[loc[6]:loc[7]])
		if prevEnd >= 0 && rangeSepRE.MatchString(text[prevEnd:loc[0]]) {
			group += n // "1 year 1 month 4 days", "1 year and 6 months"
		} else {
			group = n
		}
		if group > best {
			best = group
		}
		prevEnd = loc[1]
	}
	if best > 0 && best < 1 {
		best = 1
	}
	if best > maxLifetimeSeconds {
		best = maxLifetimeSeconds
	}
	return LifetimeInSeconds(int64(best + 0.5))
}

// quantityValue converts one number and unit into seconds.
func quantityValue(num, unit string) float64 {
	n, ok := numberWords[strings.ToLower(num)]
	if !ok {
		var err error
		n, err = strconv.ParseFloat(num, 64)
		if err != nil {
			return 0
		}
	}
	u := strings.ToLower(unit)
	switch {
	case u == "ms" || strings.HasPrefix(u, "milli"):
		return n / 1000
	case strings.HasPrefix(u, "sec"):
		return n
	case strings.HasPrefix(u, "min"):
		return n * secondsPerMinute
	case strings.HasPrefix(u, "h"):
		return n * secondsPerHour
	case strings.HasPrefix(u, "d"):
		return n * secondsPerDay
	case strings.HasPrefix(u, "w"):
		return n * secondsPerWeek
	case strings.HasPrefix(u, "mo"):
		return n * secondsPerMonth
	case strings.HasPrefix(u, "y"):
		return n * secondsPerYear
	}
	return 0
}

// isNormalSpace reports whether s is valid UTF-8 without control
// characters or special spaces, with single inner spaces and no surrounding
// space, which normalizeSpace leaves unchanged.
func isNormalSpace(s string) bool {
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c < 0x20 || c == 0x7f || c == ' ' && s[i+1] == ' ':
			return false
		case c < 0x80:
		case c == 0xc2 && i+1 < len(s) && s[i+1] <= 0xa0:
			return false // U+0080–U+00A0: C1 controls and the no-break space
		case c == 0xe2 && i+2 < len(s) && s[i+1] == 0x80 && strings.IndexByte("\x82\x83\x87\x89\x8a\x8b\xaf", s[i+2]) >= 0:
			return false // en, em, figure, thin, hair, zero-width and narrow spaces
		case c == 0xef && i+2 < len(s) && s[i+1] == 0xbb && s[i+2] == 0xbf:
			return false // zero-width no-break space
		case c >= 0x80 && !utf8.FullRuneInString(s[i:]):
			return false
		}
	}
	return utf8.ValidString(s)
}

// normalizeSpace turns non-breaking and other Unicode spaces into plain
// spaces and collapses runs of white space.
func normalizeSpace(s string) string {
	if s == "" || isNormalSpace(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch r {
		case ' ', '\t', '\n', '\r', '\f', '\v', '\u00a0', '\u2007', '\u202f', '\u2002', '\u2003', '\u2009', '\u200a':
			space = true
			continue
		case '\u200b', '\ufeff':
			continue
		}
		if r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 {
			continue // control characters carry nothing a reader needs
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}
