package crawler

import (
	"cmp"
	"net/url"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/cookieaudit/cookieaudit/crawler/observe"
)

// Link is an anchor found on a page.
type Link struct {
	URL  string `json:"href"`
	Text string `json:"text"`
}

var (
	skipExt = map[string]bool{
		".pdf": true, ".doc": true, ".docx": true, ".xls": true, ".xlsx": true, ".ppt": true, ".pptx": true,
		".odt": true, ".ods": true, ".odp": true, ".rtf": true, ".csv": true, ".txt": true, ".xml": true, ".json": true,
		".zip": true, ".gz": true, ".tar": true, ".7z": true, ".rar": true, ".exe": true, ".msi": true, ".dmg": true,
		".jpg": true, ".jpeg": true, ".png": true, ".gif": true, ".svg": true, ".webp": true, ".bmp": true, ".ico": true, ".tif": true, ".tiff": true,
		".mp3": true, ".mp4": true, ".mov": true, ".avi": true, ".wav": true, ".webm": true, ".ics": true, ".epub": true,
	}
	logoutRe  = regexp.MustCompile(`(?i)(log|sign)[-_ ]?(out|off)`)
	cookieRe  = regexp.MustCompile(`(?i)cookie`)
	privacyRe = regexp.MustCompile(`(?i)privacy|data[-_ ]protection`)
)

// normalizeLink resolves href against base and returns the URL to crawl, or
// "" when the link is not to be followed: not http(s), another site, a
// download, or a logout.
func normalizeLink(base *url.URL, href, text, site string) string {
	href = strings.TrimSpace(href)
	if href == "" || strings.HasPrefix(href, "#") {
		return ""
	}
	u, err := base.Parse(href)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	if siteOf(u.Hostname()) != site {
		return ""
	}
	if skipExt[strings.ToLower(path.Ext(u.Path))] {
		return ""
	}
	if logoutRe.MatchString(u.Path) || logoutRe.MatchString(text) {
		return ""
	}
	u.Fragment = ""
	u.RawFragment = ""
	u.User = nil
	if u.Path == "" {
		u.Path = "/"
	}
	u.Host = strings.ToLower(u.Host)
	return u.String()
}

// policyScore ranks a link as a cookie policy candidate: 3 for a dedicated
// cookie page (cookie in the URL path), 2 for cookie in the link text, 1 for a
// privacy page, 0 for none.
func policyScore(u, text string) int {
	p := u
	if pu, err := url.Parse(u); err == nil {
		p = pu.Path
	}
	switch {
	case cookieRe.MatchString(p):
		return 3
	case cookieRe.MatchString(text):
		return 2
	case privacyRe.MatchString(p) || privacyRe.MatchString(text):
		return 1
	}
	return 0
}

// policyCandidates orders candidate policy links, best first, keeping the
// order found among equals.
type policyCandidates struct {
	index map[string]int // a link's place in links
	links []scored
}

type scored struct {
	url   string
	score int
}

// add notes a link as a candidate if it scores at all; a link seen again
// keeps its first place and its best score.
func (p *policyCandidates) add(u, text string) {
	s := policyScore(u, text)
	if s == 0 {
		return
	}
	if i, ok := p.index[u]; ok {
		p.links[i].score = max(p.links[i].score, s)
		return
	}
	if p.index == nil {
		p.index = map[string]int{}
	}
	p.index[u] = len(p.links)
	p.links = append(p.links, scored{u, s})
}

// has reports whether u is a candidate.
func (p *policyCandidates) has(u string) bool {
	_, ok := p.index[u]
	return ok
}

// best orders the documents of candidate pages as list orders their links
// (best first, then in the order found) and keeps the first n. It is
// called before list, whose sort moves the links from their places.
func (p *policyCandidates) best(pages []observe.PolicyPage, n int) []observe.PolicyPage {
	slices.SortStableFunc(pages, func(a, b observe.PolicyPage) int {
		i, j := p.index[a.Link], p.index[b.Link]
		return cmp.Or(cmp.Compare(p.links[j].score, p.links[i].score), cmp.Compare(i, j))
	})
	return pages[:min(n, len(pages))]
}

// list returns the candidates, best first.
func (p *policyCandidates) list() []string {
	sort.SliceStable(p.links, func(i, j int) bool { return p.links[i].score > p.links[j].score })
	out := make([]string, len(p.links))
	for i, l := range p.links {
		out[i] = l.url
	}
	return out
}
