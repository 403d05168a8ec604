package audit

import (
	"strings"

	"github.com/cookieaudit/cookieaudit/audit/report"
)

// Finding statuses set by ApplyBaseline.
const (
	StatusNew       = "new"
	StatusUnchanged = "unchanged"
	StatusResolved  = "resolved"
)

// findingKey identifies a finding across runs: site (without a trailing
// slash), rule, cookie, domain and, for a tracker finding, its endpoint.
type findingKey struct{ site, rule, cookie, domain, request string }

func keyOf(siteURL string, f report.Finding) findingKey {
	return findingKey{strings.TrimSuffix(siteURL, "/"), f.Rule, f.Cookie, f.Domain, f.Request}
}

// ApplyBaseline compares r with a previous report: each finding of r is
// marked new or unchanged, and each finding of previous that r no longer
// has is added to the same site with Status "resolved". Resolved findings
// are only claimed for sites that r scanned successfully: a site missing
// from r, or one whose crawl failed without observing anything, says
// nothing about whether its findings were fixed. Findings already resolved
// in previous are not carried forward again.
func ApplyBaseline(r *report.Report, previous *report.Report) {
	if previous == nil {
		return
	}
	if r.Baseline == "" {
		r.Baseline = previous.StartedAt.UTC().Format("2006-01-02T15:04:05Z")
	}
	before := map[findingKey]report.Finding{}
	var order []findingKey
	for _, s := range previous.Sites {
		for _, f := range s.Findings {
			if f.Status == StatusResolved {
				continue
			}
			k := keyOf(s.URL, f)
			if _, dup := before[k]; !dup {
				order = append(order, k)
			}
			before[k] = f
		}
	}
	now := map[findingKey]bool{}
	for i := range r.Sites {
		s := &r.Sites[i]
		kept := s.Findings[:0]
		for _, f := range s.Findings {
			if f.Status == StatusResolved {
				continue // from an earlier baseline comparison
			}
			k := keyOf(s.URL, f)
			now[k] = true
			f.Status = StatusNew
			if _, ok := before[k]; ok {
				f.Status = StatusUnchanged
			}
			kept = append(kept, f)
		}
		s.Findings = kept
	}
	for i := range r.Sites {
		s := &r.Sites[i]
		if CrawlFailed(s) {
			continue
		}
		added := false
		for _, k := range order {
			if k.site != strings.TrimSuffix(s.URL, "/") || now[k] {
				continue
			}
			f := before[k]
			f.Status = StatusResolved
			s.Findings = append(s.Findings, f)
			added = true
		}
		if added {
			SortFindings(s.Findings)
		}
	}
}
