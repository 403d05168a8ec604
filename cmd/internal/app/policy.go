package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/cookieaudit/cookieaudit/audit"
	"github.com/cookieaudit/cookieaudit/audit/report"

	"github.com/cookieaudit/cookieaudit/crawler"
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
}

// apply gives the site what was read: its policy's URL and declarations,
// or the error that kept it from being read. The site's observed cookies
// that no declaration covers but the policy's text names are declared as
// mentioned (audit.Mentions), so a saved report keeps them.
func (p *policyRead) apply(site *report.Site) {
	site.Policy = report.PolicyRef{URL: p.url}
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

// loadPolicy reads a policy from a file or, for a URL, from the rendered
// page.
func loadPolicy(ctx context.Context, br *crawler.Browser, src string) *policyRead {
	doc, where, err := ReadPolicy(ctx, src, func(ctx context.Context, u string) (string, string, error) {
		return br.RenderHTML(ctx, u, policyTimeout)
	})
	return &policyRead{url: where, doc: doc, err: err}
}

// maxPolicyCandidates bounds how many candidate pages are read per site.
const maxPolicyCandidates = 3

// discoverPolicy reads the best candidate policy page found while crawling:
// the first that declares cookies, else the first that discloses vendors.
func discoverPolicy(ctx context.Context, br *crawler.Browser, links []string) *policyRead {
	if len(links) == 0 {
		return &policyRead{err: errors.New("policy: no cookie or privacy policy link found on the pages crawled (give one with --policy)")}
	}
	var fallback *policyRead
	var errs []error
	for i, l := range links {
		if i == maxPolicyCandidates {
			break
		}
		ps := loadPolicy(ctx, br, l)
		switch {
		case ps.err != nil:
			errs = append(errs, ps.err)
		case len(ps.doc.Declared) > 0:
			return ps
		case fallback == nil:
			fallback = ps
		}
	}
	if fallback != nil {
		return fallback
	}
	return &policyRead{url: links[0], err: fmt.Errorf("policy: no candidate page could be read: %w", errors.Join(errs...))}
}
