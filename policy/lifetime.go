package policy

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"time"

	"gopkg.in/yaml.v3"
)

// Lifetime is how long a cookie lasts: a browser session, a fixed number
// of whole seconds, or unknown (the zero value) when nothing states it. A
// policy's declared lifetime, a catalogue's typical one, the lifetime the
// audit judges an observed cookie by and the lifetime cap are all
// Lifetimes, so that a session (0 seconds) is never confused with a
// lifetime nobody stated.
//
// In JSON and YAML a Lifetime is its seconds: 0 for a session, null (or
// left out) when unknown.
type Lifetime struct {
	// seconds is the lifetime in whole seconds, 0 for a session; it is
	// never negative, and 0 when known is false.
	seconds int64
	known   bool
}

// SessionLifetime is the lifetime of a cookie that lasts until the
// browser is closed.
func SessionLifetime() Lifetime { return Lifetime{known: true} }

// LifetimeOf is the lifetime d, rounded to the nearest second. A positive
// d shorter than half a second rounds up to one second so that it stays
// distinct from a session; zero or less is a session.
func LifetimeOf(d time.Duration) Lifetime {
	if d <= 0 {
		return SessionLifetime()
	}
	return LifetimeInSeconds(max(int64(d.Round(time.Second)/time.Second), 1))
}

// LifetimeInSeconds is the lifetime of n seconds; zero or less is a
// session.
func LifetimeInSeconds(n int64) Lifetime {
	return Lifetime{seconds: max(n, 0), known: true}
}

// Known reports whether the lifetime is stated: a session or a duration.
func (l Lifetime) Known() bool { return l.known }

// IsZero reports whether the lifetime is unknown, the zero value; the JSON
// and YAML encoders leave an unknown lifetime out of a field marked
// omitzero or omitempty.
func (l Lifetime) IsZero() bool { return !l.known }

// Session reports whether the cookie lasts until the browser is closed.
func (l Lifetime) Session() bool { return l.known && l.seconds == 0 }

// Seconds is the lifetime in whole seconds: 0 for a session, and 0 when
// unknown (see Known).
func (l Lifetime) Seconds() int64 { return l.seconds }

// Duration is the lifetime as a time.Duration: 0 for a session or when
// unknown, and the longest time.Duration for a lifetime longer than that
// (about 292 years).
func (l Lifetime) Duration() time.Duration {
	if l.seconds > int64(math.MaxInt64/time.Second) {
		return math.MaxInt64
	}
	return time.Duration(l.seconds) * time.Second
}

// Compare returns -1, 0 or +1 as l is shorter than, as long as or longer
// than o, where unknown is shorter than a session and a session shorter
// than any duration; so the longer of two lifetimes is a known one when
// either is.
func (l Lifetime) Compare(o Lifetime) int {
	switch {
	case l.known != o.known:
		if l.known {
			return 1
		}
		return -1
	case l.seconds < o.seconds:
		return -1
	case l.seconds > o.seconds:
		return 1
	}
	return 0
}

// String words the lifetime the way a DPO would say it: "unknown",
// "session", then seconds, minutes, hours or days, or whole years when the
// lifetime is within 1% of a whole number of years ("2 years", "90 days",
// "400 days").
func (l Lifetime) String() string {
	s := l.seconds
	switch {
	case !l.known:
		return "unknown"
	case s == 0:
		return "session"
	case s < 2*secondsPerMinute:
		return countOf(s, "second")
	case s < 2*secondsPerHour:
		return countOf(roundDiv(s, secondsPerMinute), "minute")
	case s < 2*secondsPerDay:
		return countOf(roundDiv(s, secondsPerHour), "hour")
	}
	if s >= secondsPerYear*99/100 {
		years := roundDiv(s, secondsPerYear)
		if math.Abs(float64(s-years*secondsPerYear)) <= float64(s)/100 {
			return countOf(years, "year")
		}
	}
	return countOf(roundDiv(s, secondsPerDay), "day")
}

// roundDiv divides n by d, rounding half up.
func roundDiv(n, d int64) int64 { return (n + d/2) / d }

// countOf says how many of a unit there are: "1 day", "3 days".
func countOf(n int64, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return strconv.FormatInt(n, 10) + " " + unit + "s"
}

// MarshalJSON writes the lifetime in seconds, or null when unknown.
func (l Lifetime) MarshalJSON() ([]byte, error) {
	if !l.known {
		return []byte("null"), nil
	}
	return strconv.AppendInt(nil, l.seconds, 10), nil
}

// UnmarshalJSON reads a lifetime in seconds; null is unknown.
func (l *Lifetime) UnmarshalJSON(data []byte) error {
	if bytes.Equal(bytes.TrimSpace(data), []byte("null")) {
		*l = Lifetime{}
		return nil
	}
	v, err := parseSeconds(string(bytes.TrimSpace(data)))
	if err != nil {
		return err
	}
	*l = v
	return nil
}

// MarshalYAML writes the lifetime in seconds, or null when unknown.
func (l Lifetime) MarshalYAML() (any, error) {
	if !l.known {
		return nil, nil
	}
	return l.seconds, nil
}

// UnmarshalYAML reads a lifetime in seconds; null (~) is unknown. A value
// that is not a number, or a negative one, is a *yaml.TypeError, which the
// decoder reports with the others it finds.
func (l *Lifetime) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" {
		*l = Lifetime{}
		return nil
	}
	var secs int64
	if err := n.Decode(&secs); err != nil {
		return err
	}
	if secs < 0 {
		return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: lifetime %d seconds is negative (0 is a session; leave it out when unknown)", n.Line, secs)}}
	}
	*l = LifetimeInSeconds(secs)
	return nil
}

// parseSeconds reads a JSON number of seconds.
func parseSeconds(s string) (Lifetime, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return Lifetime{}, fmt.Errorf("policy: lifetime %s is not a whole number of seconds", s)
	}
	if n < 0 {
		return Lifetime{}, fmt.Errorf("policy: lifetime %d seconds is negative (0 is a session, null unknown)", n)
	}
	return LifetimeInSeconds(n), nil
}
