package audit

import (
	"fmt"
	"time"

	"github.com/cookieaudit/cookieaudit/crawler/observe"
	"github.com/cookieaudit/cookieaudit/policy"
)

// CookieLifetime is the lifetime the audit judges an observed cookie by: a
// session for a session cookie, else the lifetime its Set-Cookie header or
// document.cookie write requested when that is known (before Chrome's
// 400-day cap), else the browser's effective one. It is the one place an
// observed cookie's facts become a policy.Lifetime.
func CookieLifetime(c observe.Cookie) policy.Lifetime {
	switch {
	case c.Session:
		return policy.SessionLifetime()
	case c.RequestedLifetimeSeconds > 0:
		return policy.LifetimeInSeconds(c.RequestedLifetimeSeconds)
	}
	return policy.LifetimeInSeconds(c.LifetimeSeconds)
}

// Count says how many of a unit there are: "1 page", "3 pages".
func Count[N int | int64](n N, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}

// PersonLifetime words a cookie lifetime as a person would: "when you
// close your browser" for a session cookie, "not stated" when unknown,
// else minutes, hours, days, months or years, rounded to the unit a reader
// expects ("3 months" for 90 days, "1 year and 1 month" for 400 days).
func PersonLifetime(l policy.Lifetime) string {
	const (
		day   = int64(24 * time.Hour / time.Second)
		month = int64(policy.Month / time.Second)
		year  = int64(policy.Year / time.Second)
	)
	seconds := l.Seconds()
	switch {
	case !l.Known():
		return "not stated"
	case l.Session():
		return "when you close your browser"
	case seconds < 2*60*60:
		return Count(max(roundDiv(seconds, 60), 1), "minute")
	case seconds < 2*day:
		return Count(roundDiv(seconds, 60*60), "hour")
	case seconds < 28*day:
		return Count(roundDiv(seconds, day), "day")
	case seconds < year*99/100:
		months := roundDiv(seconds, month)
		if months >= 12 {
			return "1 year"
		}
		return Count(months, "month")
	}
	months := roundDiv(seconds, month)
	years, rest := months/12, months%12
	if rest == 0 {
		return Count(years, "year")
	}
	return Count(years, "year") + " and " + Count(rest, "month")
}

// roundDiv divides n by d, rounding half up.
func roundDiv(n, d int64) int64 { return (n + d/2) / d }
