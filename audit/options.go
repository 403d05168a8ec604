package audit

import (
	"fmt"
	"strings"
	"time"

	"github.com/cookieaudit/cookieaudit/policy"
)

// Profile names a severity profile.
const (
	// ProfileUK reflects the Data (Use and Access) Act 2025 exception for
	// analytics: a declared analytics cookie before consent is a lower
	// severity finding.
	ProfileUK = "uk"
	// ProfileStrict treats every non-necessary cookie before consent as high.
	ProfileStrict = "strict"
)

// DefaultExpiryTolerance is how much longer than declared a cookie may
// live before it is overlong (10%); the default of Options.ExpiryTolerance.
const DefaultExpiryTolerance = 0.10

// DefaultLifetimeCap is 13 months (390 days: a month is policy.Month, 30
// days, everywhere); the default of Options.LifetimeCap.
var DefaultLifetimeCap = policy.LifetimeOf(13 * policy.Month)

// CookieLookup looks up well-known cookies by name. *policy.Catalogue
// satisfies it; tests use small fakes so that they never depend on the
// real catalogue's contents.
type CookieLookup interface {
	Lookup(name string) (policy.CatalogueEntry, bool)
}

// Options tune Evaluate.
type Options struct {
	// Profile is "uk" (the default when empty) or "strict".
	Profile string
	// ExpiryTolerance is the fraction by which an observed lifetime may
	// exceed the declared one; 0 means DefaultExpiryTolerance, a negative
	// value means no tolerance.
	ExpiryTolerance float64
	// LifetimeCap is the longest lifetime a non-necessary cookie may have;
	// unknown (the zero value) or a session means DefaultLifetimeCap.
	LifetimeCap policy.Lifetime
	// Catalogue classifies cookies the policy does not; nil means none.
	Catalogue CookieLookup
	// Trackers recognises tracker endpoints among the observed requests;
	// nil means DefaultTrackers.
	Trackers *TrackerList
	// Waivers suppress findings a site has accepted, until they expire.
	Waivers []Waiver
	// Now is the time waivers are checked against; zero means time.Now().
	Now time.Time
}

// normalized returns the options with defaults filled in.
func (o Options) normalized() Options {
	if o.Profile == "" {
		o.Profile = ProfileUK
	}
	switch {
	case o.ExpiryTolerance == 0:
		o.ExpiryTolerance = DefaultExpiryTolerance
	case o.ExpiryTolerance < 0:
		o.ExpiryTolerance = 0
	}
	if !o.LifetimeCap.Known() || o.LifetimeCap.Session() {
		o.LifetimeCap = DefaultLifetimeCap
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	if o.Trackers == nil {
		o.Trackers = DefaultTrackers()
	}
	return o
}

// ParseProfile checks a profile name.
func ParseProfile(s string) (string, error) {
	switch p := strings.ToLower(strings.TrimSpace(s)); p {
	case "", ProfileUK:
		return ProfileUK, nil
	case ProfileStrict:
		return ProfileStrict, nil
	default:
		return "", fmt.Errorf("audit: unknown profile %q (want uk or strict)", s)
	}
}

// maxLifetime bounds ParseLifetime.
const maxLifetime = 100 * 365 * 24 * time.Hour

// ParseLifetime reads a lifetime cap such as "13 months", "400d", "2y",
// "1 year" or a Go duration ("9672h"). Months are 30 days and years 365
// days (policy.Month, policy.Year). The lifetime is positive, at most 100
// years.
func ParseLifetime(s string) (policy.Lifetime, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	if t == "" {
		return policy.Lifetime{}, fmt.Errorf("audit: empty lifetime")
	}
	if d, err := time.ParseDuration(t); err == nil {
		if d > maxLifetime {
			return policy.Lifetime{}, fmt.Errorf("audit: lifetime %q is longer than 100 years", s)
		}
		if d <= 0 {
			return policy.Lifetime{}, fmt.Errorf("audit: lifetime %q must be positive", s)
		}
		return policy.LifetimeOf(d), nil
	}
	i := 0
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	if i == 0 || i > 6 {
		return policy.Lifetime{}, fmt.Errorf("audit: cannot read lifetime %q (want e.g. \"13 months\", \"400d\")", s)
	}
	var n int64
	for _, c := range t[:i] {
		n = n*10 + int64(c-'0')
	}
	day := 24 * time.Hour
	var unit time.Duration
	switch strings.TrimSpace(t[i:]) {
	case "d", "day", "days":
		unit = day
	case "w", "week", "weeks":
		unit = 7 * day
	case "mo", "month", "months":
		unit = policy.Month
	case "y", "year", "years":
		unit = policy.Year
	default:
		return policy.Lifetime{}, fmt.Errorf("audit: cannot read lifetime %q (units: days, weeks, months, years)", s)
	}
	if n <= 0 {
		return policy.Lifetime{}, fmt.Errorf("audit: lifetime %q must be positive", s)
	}
	if n > int64(maxLifetime/unit) {
		return policy.Lifetime{}, fmt.Errorf("audit: lifetime %q is longer than 100 years", s)
	}
	return policy.LifetimeOf(time.Duration(n) * unit), nil
}
