package app

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/cookieaudit/cookieaudit/audit"
	"github.com/cookieaudit/cookieaudit/audit/report"

	"github.com/cookieaudit/cookieaudit/crawler"
	"github.com/cookieaudit/cookieaudit/crawler/observe"
	"github.com/cookieaudit/cookieaudit/policy"
)

// Renderer renders a URL and returns its final URL and HTML.
type Renderer func(ctx context.Context, url string) (finalURL, html string, err error)

// isURL reports whether a policy source is an http(s) URL rather than a
// file.
func isURL(src string) bool {
	return strings.HasPrefix(src, "http://") || strings.HasPrefix(src, "https://")
}

// ReadPolicy reads a policy from a file or, for an http(s) URL, from the
// page as render gives it. where is the final URL, or the file's file://
// URL.
func ReadPolicy(ctx context.Context, src string, render Renderer) (doc *policy.Document, where string, err error) {
	if isURL(src) {
		final, html, err := render(ctx, src)
		if err != nil {
			return nil, src, err
		}
		doc, err := parsePolicy(final, []byte(html), policy.TypeHTML)
		return doc, final, err
	}
	abs, _ := filepath.Abs(src)
	where = "file://" + filepath.ToSlash(abs)
	ct, err := policy.FileType(src)
	if err != nil {
		return nil, where, err
	}
	data, err := os.ReadFile(src)
	if err != nil {
		return nil, where, fmt.Errorf("policy: load %s: %w", src, err)
	}
	doc, err = parsePolicy(src, data, ct)
	return doc, where, err
}

// parsePolicy reads a policy document; tests replace it to make a read
// fail in ways no input should.
var parsePolicy = policy.Parse

// policyRead is a policy read (or not) for a site.
type policyRead struct {
	url string
	doc *policy.Document
	err error
	// phase is the crawl phase whose copy of the page was read; "" when
	// the page was rendered on its own or the policy is a file.
	phase observe.Phase
	// interrupted says the read was cut short by the run or the browser,
	// so err says nothing about the site's policy.
	interrupted bool
}

// apply gives the site what was read: its policy's URL and declarations,
// or the error that kept it from being read. The site's observed cookies
// that no declaration covers but the policy's text names are declared as
// mentioned (audit.Mentions), so a saved report keeps them.
func (p *policyRead) apply(site *report.Site) {
	site.Policy = report.PolicyRef{URL: p.url, Phase: p.phase, Interrupted: p.interrupted}
	if p.err != nil {
		site.Policy.Error = p.err.Error()
		return
	}
	site.Declared = p.doc.Declared
	if site.Declared == nil {
		site.Declared = []policy.Declaration{}
	}
	site.Vendors = p.doc.Vendors
	site.Declared = append(site.Declared, audit.Mentions(site, p.doc)...)
}

// ApplyPolicy gives the policy doc to every site of r, or only to the site
// that is the same site as only when it is given, as a scan would have, and
// returns how many sites it gave it to.
func ApplyPolicy(r *report.Report, only string, doc *policy.Document) int {
	n := 0
	for i := range r.Sites {
		if only != "" && !SameSite(r.Sites[i].URL, only) {
			continue
		}
		n++
		site := &r.Sites[i]
		guardSite(site, nil, "reading its policy", func() { (&policyRead{url: doc.Source, doc: doc}).apply(site) })
	}
	return n
}

// ReadPolicyInput reads the policy a command was given: a file, or a URL
// that render renders. A file that cannot be read is an InputError (exit
// 2); a page that cannot be rendered is the run's own error.
func ReadPolicyInput(ctx context.Context, src string, render Renderer) (*policy.Document, error) {
	doc, _, err := ReadPolicy(ctx, src, render)
	switch {
	case err == nil:
		return doc, nil
	case isURL(src):
		return nil, fmt.Errorf("policy %s: %w", src, err)
	default:
		return nil, InputError{Err: err}
	}
}

// policyTimeout bounds the rendering of one policy page.
const policyTimeout = 30 * time.Second

// browserRenderer renders pages in br, at most n at once, each within
// policyTimeout.
func browserRenderer(br *crawler.Browser, n int) Renderer {
	slots := make(chan struct{}, max(n, 1))
	return func(ctx context.Context, u string) (string, string, error) {
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			return "", "", fmt.Errorf("render %s: %w", u, context.Cause(ctx))
		}
		defer func() { <-slots }()
		return br.RenderHTML(ctx, u, policyTimeout)
	}
}

// cutShort reports whether a read failed because the run ended (ctx) or
// the browser failed, not because of the page.
func cutShort(ctx context.Context, err error) bool {
	return err != nil && (ctx.Err() != nil || errors.Is(err, crawler.ErrBrowser) || errors.Is(err, context.Canceled))
}

// loadPolicy reads a policy from a file or, for a URL, from the page as
// render gives it.
func loadPolicy(ctx context.Context, render Renderer, src string) *policyRead {
	doc, where, err := ReadPolicy(ctx, src, render)
	r := &policyRead{url: where, doc: doc, err: err, interrupted: isURL(src) && cutShort(ctx, err)}
	if r.interrupted {
		r.err = fmt.Errorf("policy: read cut short by the run or the browser: %w", err)
	}
	return r
}

// maxPolicyCandidates bounds how many candidate pages are read per site.
const maxPolicyCandidates = 3

// discoverPolicy reads the best candidate policy page of a crawled site:
// the first that declares cookies, else the first that discloses vendors.
// The copies the crawl kept come first, in the candidates' order, each
// read as the pre-consent visit left it, or as the accept visit did when
// only that copy declares cookies (a table filled in on consent). Only
// when none of them declares cookies are the best candidates the crawl did
// not visit rendered on their own. A read cut short by the run or the
// browser makes the whole read interrupted unless a page declaring cookies
// was read before it.
func discoverPolicy(ctx context.Context, render Renderer, sr observe.SiteResult) *policyRead {
	links := sr.PolicyLinks
	if len(links) == 0 && len(sr.PolicyPages) == 0 {
		return &policyRead{err: errors.New("policy: no cookie or privacy policy link found on the pages crawled (give one with --policy)")}
	}
	var fallback, cut *policyRead
	var errs []error
	// consider notes a read and reports whether it declares cookies.
	consider := func(r *policyRead) bool {
		switch {
		case r.interrupted:
			cut = cmp.Or(cut, r)
		case r.err != nil:
			errs = append(errs, r.err)
		case len(r.doc.Declared) > 0:
			return true
		case fallback == nil:
			fallback = r
		}
		return false
	}
	crawled := map[string]bool{}
	for _, link := range keptLinks(sr.PolicyPages) {
		crawled[link] = true
		var first *policyRead
		for _, pg := range sr.PolicyPages {
			if pg.Link != link {
				continue
			}
			doc, err := policy.Parse(pg.URL, []byte(pg.HTML), policy.TypeHTML)
			r := &policyRead{url: pg.URL, doc: doc, err: err, phase: pg.Phase}
			if err == nil && len(doc.Declared) > 0 {
				return r
			}
			if first == nil || first.err != nil {
				first = r
			}
		}
		consider(first)
	}
	for i, l := range links {
		if i == maxPolicyCandidates {
			break
		}
		if crawled[l] {
			continue
		}
		if r := loadPolicy(ctx, render, l); consider(r) {
			return r
		}
	}
	switch {
	case cut != nil:
		return cut
	case fallback != nil:
		return fallback
	}
	return &policyRead{url: links[0], err: fmt.Errorf("policy: no candidate page could be read: %w", errors.Join(errs...))}
}

// keptLinks lists the candidate links of the kept pages, each once, in
// the order they are kept: a phase's best first, pre-consent's before
// accept's.
func keptLinks(pages []observe.PolicyPage) []string {
	var out []string
	for _, pg := range pages {
		if !slices.Contains(out, pg.Link) {
			out = append(out, pg.Link)
		}
	}
	return out
}
