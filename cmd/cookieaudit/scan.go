package main

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/cookieaudit/cookieaudit/crawler/observe"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/cookieaudit/cookieaudit/audit"
	"github.com/cookieaudit/cookieaudit/crawler"
	"github.com/cookieaudit/cookieaudit/crawler/consent"
	"github.com/cookieaudit/cookieaudit/policy"
)

// crawlFlags bound the crawl.
type crawlFlags struct {
	phases      []string
	maxPages    int
	maxDepth    int
	settle      time.Duration
	pageTimeout time.Duration
	concurrency int
	siteTimeout time.Duration
	fs          *pflag.FlagSet
}

// changed reports whether the user set a flag.
func (c *crawlFlags) changed(name string) bool { return c.fs != nil && c.fs.Changed(name) }

func (c *crawlFlags) register(cmd *cobra.Command) {
	fs := cmd.Flags()
	c.fs = fs
	fs.StringSliceVar(&c.phases, "phases", []string{"pre-consent", "accept", "reject"}, "phases to crawl: pre-consent, accept, reject")
	fs.IntVar(&c.maxPages, "max-pages", 10, "pages to visit per site and phase")
	fs.IntVar(&c.maxDepth, "max-depth", 0, "link depth to follow from the start page (0: no limit)")
	fs.DurationVar(&c.settle, "settle", 1500*time.Millisecond, "wait after the network goes quiet, so late cookies are seen")
	fs.DurationVar(&c.pageTimeout, "page-timeout", 30*time.Second, "give up on a page after this long")
	fs.IntVar(&c.concurrency, "concurrency", 0, "site-phases crawled at once (default: number of CPUs)")
	fs.DurationVar(&c.siteTimeout, "site-timeout", 5*time.Minute, "budget for one site's phase; pages left are skipped (0: none)")
}

func (c *crawlFlags) validate() error {
	for _, p := range c.phases {
		switch observe.Phase(p) {
		case observe.PhasePreConsent, observe.PhaseAccept, observe.PhaseReject:
		default:
			return usagef("--phases: unknown phase %q (want pre-consent, accept, reject)", p)
		}
	}
	if c.maxPages < 1 {
		return usagef("--max-pages must be at least 1")
	}
	if c.maxDepth < 0 || c.settle < 0 || c.pageTimeout <= 0 || c.concurrency < 0 || c.siteTimeout < 0 {
		return usagef("--max-depth, --settle, --page-timeout, --site-timeout and --concurrency must not be negative")
	}
	return nil
}

func (c *crawlFlags) config(g *globalOptions) crawler.Config {
	cfg := crawler.Config{
		MaxPages: c.maxPages, MaxDepth: c.maxDepth, Settle: c.settle,
		PageTimeout: c.pageTimeout, SiteTimeout: c.siteTimeout, Logger: g.logger,
	}
	for _, p := range c.phases {
		cfg.Phases = append(cfg.Phases, observe.Phase(p))
	}
	return cfg
}

// scanOptions are the options of `cookieaudit scan`.
type scanOptions struct {
	sites      []string
	configPath string
	policy     string
	cookieDB   string
	results    string
	resume     bool
	shard      string
	consent    consentFlags
	browser    browserFlags
	crawl      crawlFlags
	out        outputFlags
}

func newScanCmd(g *globalOptions) *cobra.Command {
	o := &scanOptions{}
	cmd := &cobra.Command{
		Use:   "scan URL...",
		Short: "Crawl sites before consent, after accepting and after rejecting, and audit their cookies",
		Long: `Scan crawls each site in three fresh browser profiles (pre-consent, accept,
reject), records every cookie and web storage item, reads the site's cookie
policy (found from the pages crawled, or --policy), and reports findings.

Exit status: 0 when the scan ran (and no --fail-on threshold was met),
1 when --fail-on was met, 2 on usage or run errors.`,
		Example: `  cookieaudit scan https://www.example.gov.uk/
  cookieaudit scan --format json -o results.json https://www.example.gov.uk/
  cookieaudit scan --fail-on high --output-dir out/ https://www.example.gov.uk/`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 && o.configPath == "" {
				return usagef("scan: give at least one site URL, or --config")
			}
			sites, err := normalizeSites(args)
			if err != nil {
				return err
			}
			o.sites = sites
			if o.resume && o.results == "" {
				return usagef("--resume needs --results FILE")
			}
			if _, _, err := parseShard(o.shard); err != nil {
				return err
			}
			if err := o.crawl.validate(); err != nil {
				return err
			}
			if err := o.out.validate(); err != nil {
				return err
			}
			return runScan(cmd.Context(), g, o)
		},
	}
	fs := cmd.Flags()
	fs.StringVarP(&o.configPath, "config", "c", "", "YAML file listing sites with their policy, page budget, consent selectors and waivers")
	fs.StringVar(&o.policy, "policy", "", "cookie policy to audit against: a URL, or a file (.html, .txt, .yaml); default: found from the pages crawled")
	fs.StringVar(&o.cookieDB, "cookie-db", "", "extra catalogue of known cookies: a CSV in the Open Cookie Database layout")
	fs.StringVar(&o.results, "results", "", "stream each site's result to this JSON Lines `FILE` as it finishes (nothing is lost if the run is killed)")
	fs.BoolVar(&o.resume, "resume", false, "with --results: skip the sites already complete in the file and scan the rest")
	fs.StringVar(&o.shard, "shard", "", "scan only shard `K/N` of the site list (1 <= K <= N), for CI matrices and Kubernetes Indexed Jobs; combine with 'cookieaudit merge'")
	o.browser.register(cmd.Flags())
	o.crawl.register(cmd)
	o.consent.register(cmd.Flags())
	o.out.register(cmd.Flags())
	return cmd
}

// consentFlags choose how banners are operated.
type consentFlags struct {
	noAutoconsent   bool
	autoconsentPath string
	screenshots     string
	// noFetch keeps autoconsent from being downloaded on first use (the
	// demo contacts nothing outside the machine).
	noFetch bool
}

func (c *consentFlags) register(fs *pflag.FlagSet) {
	fs.BoolVar(&c.noAutoconsent, "no-autoconsent", false, "do not use DuckDuckGo's autoconsent rules; only the built-in banner finder (and config selectors)")
	fs.StringVar(&c.autoconsentPath, "autoconsent", "", "an unpacked @duckduckgo/autoconsent package `DIR` (default: $COOKIEAUDIT_AUTOCONSENT, else the user cache, else node_modules found from here or the binary, else the pinned release fetched from the npm registry into the cache)")
	fs.StringVar(&c.screenshots, "screenshots", "", "write PNG screenshots of each banner before and after the click into `DIR` (default: DIR/screenshots with --output-dir)")
}

// manager builds the consent manager: autoconsent when it can be found (a
// warning, then the built-in finder alone, when it cannot and was not
// asked for by path), selectors from the config per host.
func (c *consentFlags) manager(ctx context.Context, g *globalOptions, conf *audit.Config, outputDir string) (*consent.Manager, error) {
	opts := consent.Options{
		Autoconsent: !c.noAutoconsent, AutoconsentPath: c.autoconsentPath, AutoconsentFetch: !c.noFetch,
		ScreenshotDir: c.screenshots, Logger: g.logger,
		Overrides: consent.Selectors(conf.Defaults.Consent), SiteOverrides: map[string]consent.Selectors{},
	}
	if opts.ScreenshotDir == "" && outputDir != "" {
		opts.ScreenshotDir = filepath.Join(outputDir, "screenshots")
	}
	for _, s := range conf.Sites {
		if u, err := url.Parse(s.URL); err == nil && !s.Consent.IsZero() {
			opts.SiteOverrides[u.Hostname()] = consent.Selectors(s.Consent)
		}
	}
	m, err := consent.NewContext(ctx, opts)
	if errors.Is(err, consent.ErrAutoconsentMissing) && c.autoconsentPath == "" {
		g.logger.Warn("autoconsent not found: using the built-in banner finder only", "err", err)
		opts.Autoconsent, opts.NativeOnlyReason = false, err.Error()
		m, err = consent.New(opts)
	}
	if err != nil {
		return nil, usageError{err}
	}
	return m, nil
}

// normalizeSites checks site URLs, adding https:// when no scheme is given.
func normalizeSites(args []string) ([]string, error) {
	var out []string
	for _, a := range args {
		if !strings.Contains(a, "://") {
			a = "https://" + a
		}
		u, err := url.Parse(a)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" {
			return nil, usagef("scan: %q is not an http(s) URL", a)
		}
		if u.Path == "" {
			u.Path = "/"
		}
		out = append(out, u.String())
	}
	return out, nil
}

// runScan crawls, reads policies, audits and writes the report.
func runScan(ctx context.Context, g *globalOptions, o *scanOptions) error {
	aopts, err := o.out.auditOptions()
	if err != nil {
		return err
	}
	if o.cookieDB != "" {
		extra, err := loadCookieDB(o.cookieDB)
		if err != nil {
			return err
		}
		aopts.Catalogue = policy.DefaultCatalogue().Merge(extra)
	}
	conf := &audit.Config{}
	if o.configPath != "" {
		if conf, err = audit.LoadConfig(o.configPath); err != nil {
			return usageError{err}
		}
		for _, s := range conf.Sites {
			o.sites = append(o.sites, s.URL)
		}
	}
	sites := shardSites(dedupe(o.sites), o.shard)

	rep := &audit.Report{Schema: audit.Schema, Tool: audit.Tool{Name: "cookieaudit", Version: version}, StartedAt: time.Now().UTC()}
	var results *audit.ResultsLog
	if o.results != "" {
		var done []audit.Site
		if results, done, err = audit.OpenResults(o.results, o.resume); err != nil {
			return err
		}
		defer results.Close()
		skip := map[string]bool{}
		for _, s := range done {
			skip[s.URL] = true
		}
		var todo []string
		for _, s := range sites {
			if skip[s] {
				rep.Sites = append(rep.Sites, siteFrom(done, s))
				continue
			}
			todo = append(todo, s)
		}
		if len(rep.Sites) > 0 {
			g.logger.Info("resuming", "complete", len(rep.Sites), "remaining", len(todo))
		}
		sites = todo
	}

	if len(sites) > 0 {
		if err := scanSites(ctx, g, o, conf, aopts, sites, rep, results); err != nil {
			return err
		}
	}
	rep.FinishedAt = time.Now().UTC()
	rep.Audit = aopts.Settings()
	audit.SortSites(rep)
	if ctx.Err() != nil {
		g.logger.Warn("scan interrupted: writing the partial report", "sites", len(rep.Sites))
	}
	return o.out.emit(g, rep)
}

// scanSites launches the browser, crawls the sites and adds each audited
// site to the report (and the results log) as it finishes.
func scanSites(ctx context.Context, g *globalOptions, o *scanOptions, conf *audit.Config, aopts audit.Options,
	sites []string, rep *audit.Report, results *audit.ResultsLog) error {
	br, err := o.browser.launch(ctx, g)
	if err != nil {
		return err
	}
	defer br.Close()
	var fixed *policySource
	if o.policy != "" {
		fixed = loadPolicy(ctx, br, o.policy)
	}
	mgr, err := o.consent.manager(ctx, g, conf, o.out.outputDir)
	if err != nil {
		return err
	}
	rep.Tool.Autoconsent, rep.Tool.ConsentRules = mgr.AutoconsentVersion(), mgr.ConsentRules()
	prog := newProgress(g, len(sites))
	defer prog.finish()
	cfg := o.crawl.config(g)
	cfg.Consent = mgr
	customize := func(site string, c *crawler.Config) {
		if sc, ok := conf.SiteFor(site); ok {
			if sc.MaxPages > 0 && !o.crawl.changed("max-pages") {
				c.MaxPages = sc.MaxPages
			}
			if sc.MaxDepth > 0 && !o.crawl.changed("max-depth") {
				c.MaxDepth = sc.MaxDepth
			}
		}
	}
	var writeErr error
	br.Scan(ctx, sites, cfg, crawler.ScanOptions{Concurrency: o.crawl.concurrency, Customize: customize}, func(sr observe.SiteResult) {
		site := audit.Site{SiteResult: sr, Declared: []policy.Declaration{}, Findings: []audit.Finding{}}
		sc, inConfig := conf.SiteFor(sr.URL)
		ps := fixed
		switch {
		case inConfig && sc.Policy.Inline != nil:
			ps = &policySource{url: o.configPath, doc: sc.Policy.Inline}
		case inConfig && sc.Policy.File != "":
			ps = loadPolicy(ctx, br, sc.Policy.File)
		case inConfig && sc.Policy.URL != "":
			ps = loadPolicy(ctx, br, sc.Policy.URL)
		case ps == nil:
			ps = discoverPolicy(ctx, br, sr.PolicyLinks)
		}
		ps.apply(&site)
		relativeScreenshots(&site, o.out.outputDir)
		opts := aopts
		if inConfig {
			opts = conf.Options(sc, aopts)
		}
		audit.Evaluate(&site, opts)
		rep.Sites = append(rep.Sites, site)
		if results != nil && site.Complete() {
			if err := results.Append(site); err != nil && writeErr == nil {
				writeErr = err
			}
		}
		prog.siteDone(site)
		g.logger.Info("site done", "url", sr.URL, "cookies", len(sr.Cookies), "findings", len(site.Findings), "error", sr.Error)
	})
	return writeErr
}

// relativeScreenshots makes screenshot paths relative to the report
// directory, so the report and its screenshots can be moved together.
func relativeScreenshots(site *audit.Site, dir string) {
	if dir == "" {
		return
	}
	for i := range site.Phases {
		c := site.Phases[i].Consent
		if c == nil {
			continue
		}
		for _, p := range []*string{&c.ScreenshotBefore, &c.ScreenshotAfter} {
			if rel, err := filepath.Rel(dir, *p); *p != "" && err == nil && !strings.HasPrefix(rel, "..") {
				*p = filepath.ToSlash(rel)
			}
		}
	}
}

// siteFrom returns the site with the URL from sites.
func siteFrom(sites []audit.Site, u string) audit.Site {
	for _, s := range sites {
		if s.URL == u {
			return s
		}
	}
	return audit.Site{}
}

func dedupe(ss []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// parseShard reads K/N.
func parseShard(s string) (k, n int, err error) {
	if s == "" {
		return 1, 1, nil
	}
	if _, err := fmt.Sscanf(s, "%d/%d", &k, &n); err != nil || n < 1 || k < 1 || k > n || fmt.Sprintf("%d/%d", k, n) != s {
		return 0, 0, usagef("--shard %q: want K/N with 1 <= K <= N, e.g. 2/5", s)
	}
	return k, n, nil
}

// shardSites keeps shard K of N: the sites, sorted, whose position modulo N
// is K-1. Every shard of the same list sees the same order, so the shards
// cover the list exactly once.
func shardSites(sites []string, shard string) []string {
	k, n, _ := parseShard(shard)
	if n == 1 {
		return sites
	}
	sorted := slices.Sorted(slices.Values(sites))
	var out []string
	for i, s := range sorted {
		if i%n == k-1 {
			out = append(out, s)
		}
	}
	return out
}

// policySource is a policy read (or not) for a site.
type policySource struct {
	url string
	doc *policy.Document
	err error
}

func (p *policySource) apply(site *audit.Site) {
	site.Policy.URL = p.url
	if p.err != nil {
		site.Policy.Error = p.err.Error()
		return
	}
	site.Declared = p.doc.Declared
	if site.Declared == nil {
		site.Declared = []policy.Declaration{}
	}
	site.Vendors = p.doc.Vendors
}

// loadPolicy reads a policy from a file or, for a URL, from the rendered page.
func loadPolicy(ctx context.Context, br *crawler.Browser, src string) *policySource {
	doc, where, err := readPolicy(ctx, src, func(ctx context.Context, u string) (string, string, error) {
		return br.RenderHTML(ctx, u, 30*time.Second)
	})
	return &policySource{url: where, doc: doc, err: err}
}

// pageRenderer renders a URL and returns its final URL and HTML.
type pageRenderer func(ctx context.Context, url string) (finalURL, html string, err error)

// readPolicy reads a policy from a file or, for an http(s) URL, from the
// page as render gives it. where is the final URL, or the file's file:// URL.
func readPolicy(ctx context.Context, src string, render pageRenderer) (doc *policy.Document, where string, err error) {
	if strings.HasPrefix(src, "http://") || strings.HasPrefix(src, "https://") {
		final, html, err := render(ctx, src)
		if err != nil {
			return nil, src, err
		}
		doc, err := policy.Parse(final, []byte(html), policy.TypeHTML)
		return doc, final, err
	}
	abs, _ := filepath.Abs(src)
	doc, err = policy.LoadFile(src)
	return doc, "file://" + filepath.ToSlash(abs), err
}

// maxPolicyCandidates bounds how many candidate pages are read per site.
const maxPolicyCandidates = 3

// discoverPolicy reads the best candidate policy page found while crawling:
// the first that declares cookies, else the first that discloses vendors.
func discoverPolicy(ctx context.Context, br *crawler.Browser, links []string) *policySource {
	if len(links) == 0 {
		return &policySource{err: errors.New("policy: no cookie or privacy policy link found on the pages crawled (give one with --policy)")}
	}
	var fallback *policySource
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
	return &policySource{url: links[0], err: fmt.Errorf("policy: no candidate page could be read: %w", errors.Join(errs...))}
}

func loadCookieDB(path string) (*policy.Catalogue, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, usagef("--cookie-db: %v", err)
	}
	defer f.Close()
	c, err := policy.LoadCookieDB(f)
	if err != nil {
		return nil, usagef("--cookie-db %s: %v", path, err)
	}
	return c, nil
}
