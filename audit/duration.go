package audit

import (
	"fmt"
	"math"
)

const (
	secondsPerDay  = 24 * 60 * 60
	secondsPerYear = 365 * secondsPerDay
)

// HumanLifetime writes a cookie lifetime in seconds the way a DPO would say
// it: "session" for 0, then seconds, minutes, hours, days, or whole years
// when the lifetime is within 1% of a whole number of years ("2 years",
// "90 days", "400 days").
func HumanLifetime(seconds int64) string {
	switch {
	case seconds <= 0:
		return "session"
	case seconds < 120:
		return Count(seconds, "second")
	case seconds < 2*60*60:
		return Count(roundDiv(seconds, 60), "minute")
	case seconds < 2*secondsPerDay:
		return Count(roundDiv(seconds, 60*60), "hour")
	}
	days := roundDiv(seconds, secondsPerDay)
	if seconds >= secondsPerYear*99/100 {
		years := roundDiv(seconds, secondsPerYear)
		if math.Abs(float64(seconds-years*secondsPerYear)) <= float64(seconds)/100 {
			return Count(years, "year")
		}
	}
	return Count(days, "day")
}

func roundDiv(n, d int64) int64 { return (n + d/2) / d }

// Count says how many of a unit there are: "1 page", "3 pages".
func Count[N int | int64](n N, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}
