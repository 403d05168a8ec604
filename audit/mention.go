package audit

import (
	"github.com/cookieaudit/cookieaudit/audit/report"

	"github.com/cookieaudit/cookieaudit/policy"
)

// Mentions returns the declarations the policy doc gives the site's
// observed cookies by naming them in its text (policy.Document.Mentions),
// for the cookies that none of the site's declarations covers; a cookie
// that a declaration names but rules out by domain or provider is left to
// that declaration. Added to site.Declared, they make the audit report such
// a cookie as "mentioned", not undeclared. The site's Declared must
// already hold what was read from doc.
func Mentions(site *report.Site, doc *policy.Document) []policy.Declaration {
	if doc == nil {
		return nil
	}
	m := newMatcher(site.Declared, nil, nil)
	var uncovered []string
	for _, g := range groupCookies(site.Cookies) {
		cm := m.match(g.name, g.domain, g.setBy)
		if cm.Match == report.MatchNone && len(cm.Excluded) == 0 {
			uncovered = appendUnique(uncovered, g.name)
		}
	}
	return doc.Mentions(uncovered)
}
