package audit

import (
	"fmt"
	"path"
	"strings"
	"time"

	"github.com/cookieaudit/cookieaudit/audit/report"
)

// Waiver accepts a finding a site has decided to live with, for a reason and
// usually until a date.
type Waiver struct {
	// Rule is the rule ID waived.
	Rule string `json:"rule" yaml:"rule"`
	// Cookie is a cookie name or glob ('*' for any run of characters); empty
	// matches every finding of the rule, including site-wide ones.
	Cookie string `json:"cookie,omitempty" yaml:"cookie,omitempty"`
	// Domain, when set, limits the waiver to cookies of that domain or its
	// subdomains.
	Domain string `json:"domain,omitempty" yaml:"domain,omitempty"`
	// Request, when set, limits the waiver to tracker findings whose
	// endpoint (host and path, e.g. "www.facebook.com/tr/") it matches as
	// a glob ('*' for any run of characters, "/" included).
	Request string `json:"request,omitempty" yaml:"request,omitempty"`
	Reason  string `json:"reason" yaml:"reason"`
	// Expires is the first instant at which the waiver no longer applies
	// (a date in a config file means "to the end of that day, UTC"); zero
	// means it never expires.
	Expires time.Time `json:"expires,omitzero" yaml:"-"`
}

// covers reports whether the waiver is about this finding, ignoring expiry.
func (w Waiver) covers(f report.Finding) bool {
	if w.Rule != f.Rule {
		return false
	}
	if w.Domain != "" && !domainWithin(f.Domain, w.Domain) {
		return false
	}
	if w.Request != "" && !globMatch(w.Request, f.Request) {
		return false
	}
	if w.Cookie == "" || w.Cookie == f.Cookie {
		return true
	}
	ok, err := path.Match(w.Cookie, f.Cookie)
	return err == nil && ok
}

// Expired reports whether the waiver no longer applies at now.
func (w Waiver) Expired(now time.Time) bool {
	return !w.Expires.IsZero() && !now.Before(w.Expires)
}

// applyWaivers marks findings covered by waivers: Waived with the reason of
// the first live waiver, or WaiverExpired when only expired waivers cover
// the finding.
func applyWaivers(fs []report.Finding, ws []Waiver, now time.Time) {
	for i := range fs {
		f := &fs[i]
		for _, w := range ws {
			if !w.covers(*f) {
				continue
			}
			if w.Expired(now) {
				if f.WaiverExpired == "" {
					f.WaiverExpired = fmt.Sprintf("waiver ended after %s: %s", w.Expires.Add(-time.Nanosecond).UTC().Format(time.DateOnly), w.Reason)
				}
				continue
			}
			f.Waived = w.Reason
			if f.Waived == "" {
				f.Waived = "waived"
			}
			f.WaiverExpired = ""
			break
		}
	}
}

// globMatch reports whether s matches a glob whose '*' stands for any run
// of characters, '/' included.
func globMatch(glob, s string) bool {
	parts := strings.Split(glob, "*")
	if len(parts) == 1 {
		return glob == s
	}
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	for _, p := range parts[1 : len(parts)-1] {
		i := strings.Index(s, p)
		if i < 0 {
			return false
		}
		s = s[i+len(p):]
	}
	return strings.HasSuffix(s, parts[len(parts)-1])
}
