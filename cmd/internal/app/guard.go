package app

import (
	"fmt"
	"log/slog"
	"runtime/debug"

	"github.com/cookieaudit/cookieaudit/audit"
	"github.com/cookieaudit/cookieaudit/audit/report"
	"github.com/cookieaudit/cookieaudit/policy"
)

// guardSite runs work, one step of reading a site's policy or auditing the
// site, and reports whether it ran to its end. A panic in it ends neither
// the run nor the other sites: it is recovered and becomes this site's
// policy error, the site keeps no declarations, and the stack goes to log
// at debug level (nil: the default logger).
func guardSite(site *report.Site, log *slog.Logger, step string, work func()) (ok bool) {
	defer func() {
		p := recover()
		if p == nil {
			return
		}
		ok = false
		if log == nil {
			log = slog.Default()
		}
		log.Debug("panic", "url", site.URL, "step", step, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
		site.Policy.Error = fmt.Sprintf("policy: internal error while %s: %v (a bug in cookieaudit: please report it; -v logs where it happened)", step, p)
		site.Declared, site.Vendors = []policy.Declaration{}, nil
	}()
	work()
	return true
}

// evaluateSite audits the site (audit.Evaluate). When the audit panics,
// the panic becomes the site's policy error (see guardSite) and the site is
// audited again as one whose policy could not be read; should that panic
// too, the site is left without findings and its error says why.
func evaluateSite(site *report.Site, opts audit.Options, log *slog.Logger) {
	if guardSite(site, log, "auditing the site", func() { audit.Evaluate(site, opts) }) {
		return
	}
	if !guardSite(site, log, "auditing the site without its policy", func() { audit.Evaluate(site, opts) }) {
		site.Findings, site.Matches = []report.Finding{}, nil
	}
}
