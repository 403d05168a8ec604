// Package app runs a scan from start to end: it checks every input,
// reads the site list and config, launches the browser, crawls, reads each
// site's cookie policy, audits, keeps the results log, and writes the
// report. It is what `cookieaudit scan` and `demo` call, and it runs without
// cobra, so tests drive it directly.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/cookieaudit/cookieaudit/audit/report"

	"github.com/cookieaudit/cookieaudit/audit"
	"github.com/cookieaudit/cookieaudit/crawler"
	"github.com/cookieaudit/cookieaudit/crawler/consent"
	"github.com/cookieaudit/cookieaudit/crawler/observe"
	"github.com/cookieaudit/cookieaudit/policy"
)

// ScanOptions are everything a scan needs. The command line fills them;
// nothing else decides a default (see Resolve for the crawl budget and the
// audit settings).
type ScanOptions struct {
	// Sites are the sites given as arguments, in any form NormalizeSite
	// accepts; the config's sites are added.
	Sites []string
	// ConfigPath is a YAML config (see Config); "" for none.
	ConfigPath string
	// Policy is a policy URL or file for every site not configured
	// otherwise; "" discovers each site's policy from its pages.
	Policy string
	// CookieDB is an extra cookie catalogue (Open Cookie Database CSV).
	CookieDB string
	// Results is a JSON Lines log each site is appended to as it finishes.
	Results string
	// Resume skips the sites already audited in Results; sites that
	// failed or were interrupted are crawled again.
	Resume bool
	// Shard is K/N: scan only that shard of the sorted site list.
	Shard string

	Phases []observe.Phase
	Settle time.Duration
	// LateHorizon is how far after load each page's timers are run ahead
	// of time (crawler.Config.LateHorizon): 0 means the crawler's default,
	// negative none.
	LateHorizon time.Duration
	PageTimeout time.Duration
	SiteTimeout time.Duration
	// Concurrency is the number of site-phases crawled at once; 0 means
	// the number of CPUs.
	Concurrency int
	// Overrides are the crawl budget and audit settings given as flags.
	Overrides Overrides

	// Autoconsent uses DuckDuckGo's autoconsent rules, from
	// AutoconsentPath when set.
	Autoconsent     bool
	AutoconsentPath string
	// AutoconsentFetch lets the pinned autoconsent release be fetched from
	// the npm registry into the user cache when no copy is found (the demo
	// turns it off: it contacts nothing outside the machine).
	AutoconsentFetch bool
	// Screenshots is a directory for banner screenshots; "" means
	// Output.Dir/screenshots with an output directory, else none.
	Screenshots string

	// Launch starts the browser, after every input has been checked and
	// only when a site is left to crawl. Run closes it unless KeepBrowser
	// (a browser shared by many runs, as tests do).
	Launch      func(ctx context.Context) (*crawler.Browser, error)
	KeepBrowser bool

	Output   Output
	Tool     report.Tool
	Logger   *slog.Logger
	Progress Progress
}

// Progress is told how a scan advances.
type Progress interface {
	Start(total int)
	SiteDone(site report.Site)
	Finish()
}

// plan is a scan with every input checked and read.
type plan struct {
	sites     []string
	cfg       *Config
	fixed     *policyRead
	catalogue *policy.Catalogue
	consent   consent.Options
}

// prepare checks every input and reads the files the scan needs, before a
// browser starts; its errors are InputErrors that say what to do.
func (o *ScanOptions) prepare() (*plan, error) {
	p := &plan{}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if len(o.Sites) == 0 && o.ConfigPath == "" {
		return nil, Inputf("scan: give at least one site URL, or --config FILE")
	}
	for _, ph := range o.Phases {
		if _, ok := observe.ChoiceOf(ph); !ok && ph != observe.PhasePreConsent {
			return nil, Inputf("--phases: unknown phase %q (want pre-consent, accept, reject)", ph)
		}
	}
	if o.Resume && o.Results == "" {
		return nil, Inputf("--resume needs --results FILE (the log of the run to resume)")
	}
	k, n, err := ParseShard(o.Shard)
	if err != nil {
		return nil, InputError{err}
	}
	sites, err := NormalizeSites(o.Sites)
	if err != nil {
		return nil, Inputf("scan: %v", err)
	}
	if o.ConfigPath != "" {
		if p.cfg, err = LoadConfig(o.ConfigPath); err != nil {
			return nil, InputError{err}
		}
		for _, s := range p.cfg.Sites {
			sites = append(sites, s.URL)
		}
		sites, _ = NormalizeSites(sites) // dedupes; every URL is normalised already
	}
	p.sites = ShardSites(sites, k, n)
	if o.Policy != "" {
		if isURL(o.Policy) {
			if _, err := NormalizeSite(o.Policy); err != nil {
				return nil, Inputf("--policy: %v", err)
			}
		} else {
			doc, where, err := ReadPolicy(context.Background(), o.Policy, nil)
			if err != nil {
				return nil, Inputf("--policy %s: %v (give a policy file that exists, or its URL)", o.Policy, err)
			}
			p.fixed = &policyRead{url: where, doc: doc}
		}
	}
	if p.catalogue, err = Catalogue(o.CookieDB); err != nil {
		return nil, err
	}
	if o.Results != "" {
		if err := checkWritableDir(filepath.Dir(o.Results)); err != nil {
			return nil, Inputf("--results %s: %v", o.Results, err)
		}
	}
	if err := o.Output.Check(); err != nil {
		return nil, err
	}
	p.consent = o.consentOptions(p.cfg)
	return p, nil
}

// Catalogue is the built-in catalogue of known cookies, with the Open
// Cookie Database CSV at cookieDB merged in when one is named.
func Catalogue(cookieDB string) (*policy.Catalogue, error) {
	cat := policy.DefaultCatalogue()
	if cookieDB == "" {
		return cat, nil
	}
	extra, err := LoadCookieDB(cookieDB)
	if err != nil {
		return nil, err
	}
	return cat.Merge(extra), nil
}

// LoadCookieDB reads an extra cookie catalogue in the Open Cookie Database
// CSV layout.
func LoadCookieDB(path string) (*policy.Catalogue, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, Inputf("--cookie-db: %v", err)
	}
	defer f.Close()
	c, err := policy.LoadCookieDB(f)
	if err != nil {
		return nil, Inputf("--cookie-db %s: %v", path, err)
	}
	return c, nil
}

// consentOptions are the consent manager's options: the config's selectors
// per host, as Resolve decides them.
func (o *ScanOptions) consentOptions(cfg *Config) consent.Options {
	opts := consent.Options{
		Autoconsent: o.Autoconsent, AutoconsentPath: o.AutoconsentPath, AutoconsentFetch: o.AutoconsentFetch,
		ScreenshotDir: o.Screenshots, Logger: o.Logger,
		SiteOverrides: map[string]consent.Selectors{},
	}
	if opts.ScreenshotDir == "" && o.Output.Dir != "" {
		opts.ScreenshotDir = filepath.Join(o.Output.Dir, "screenshots")
	}
	if cfg != nil {
		opts.Overrides = Resolve(o.Overrides, cfg, nil).Consent
		for i := range cfg.Sites {
			s := &cfg.Sites[i]
			if u, err := url.Parse(s.URL); err == nil {
				if sel := Resolve(o.Overrides, cfg, s).Consent; !sel.IsZero() {
					opts.SiteOverrides[u.Hostname()] = sel
				}
			}
		}
	}
	return opts
}

// newManager builds the consent manager: autoconsent when it can be found
// (a warning, then the built-in finder alone, when it cannot and was not
// asked for by path).
func (o *ScanOptions) newManager(ctx context.Context, opts consent.Options) (*consent.Manager, error) {
	m, err := consent.NewContext(ctx, opts)
	if errors.Is(err, consent.ErrAutoconsentMissing) && o.AutoconsentPath == "" {
		o.Logger.Warn("autoconsent not found: using the built-in banner finder only", "err", err)
		opts.Autoconsent, opts.NativeOnlyReason = false, err.Error()
		m, err = consent.New(opts)
	}
	if err != nil {
		return nil, InputError{err}
	}
	return m, nil
}

// Run scans, audits and writes the report. Its error says how the run
// ended: an InputError (nothing was crawled), ErrInterrupted (ctx ended;
// the partial report was written), ErrSitesNotAudited, ErrFindings, or
// another failure.
func Run(ctx context.Context, o ScanOptions) error {
	p, err := o.prepare()
	if err != nil {
		return err
	}
	mgr, err := o.newManager(ctx, p.consent)
	if err != nil {
		return err
	}
	rep := &report.Report{Schema: report.Schema, Tool: o.Tool, StartedAt: time.Now().UTC(), Sites: []report.Site{}}
	rep.Tool.Autoconsent, rep.Tool.ConsentRules = mgr.AutoconsentVersion(), mgr.ConsentRules()
	todo := p.sites
	var results *report.ResultsLog
	if o.Results != "" {
		var done []report.Site
		if results, done, err = report.OpenResults(o.Results, o.Resume); err != nil {
			return InputError{err}
		}
		defer results.Close()
		kept := map[string]report.Site{}
		for _, s := range done {
			kept[siteKey(s.URL)] = s
		}
		todo = nil
		for _, s := range p.sites {
			if d, ok := kept[siteKey(s)]; ok {
				rep.Sites = append(rep.Sites, d)
				continue
			}
			todo = append(todo, s)
		}
		if len(rep.Sites) > 0 {
			o.Logger.Info("resuming", "done", len(rep.Sites), "remaining", len(todo))
		}
	}
	var scanErr error
	if len(todo) > 0 {
		scanErr = o.scan(ctx, p, mgr, todo, rep, results)
	}
	rep.FinishedAt = time.Now().UTC()
	rep.Audit = Resolve(o.Overrides, p.cfg, nil).Audit.Settings()
	report.SortSites(rep)
	interrupted := ctx.Err() != nil
	if interrupted {
		rep.Partial = true
		markUnstarted(rep, todo)
	}
	if scanErr != nil && !interrupted {
		return scanErr
	}
	err = o.Output.Emit(rep)
	if interrupted {
		return fmt.Errorf("%w (%d of %d sites audited); run again with --resume to finish", ErrInterrupted, len(rep.Sites)-len(NotAudited(rep)), len(rep.Sites))
	}
	return err
}

// markUnstarted adds the sites an interrupted run never reached, so the
// partial report lists every site and says which are incomplete.
func markUnstarted(rep *report.Report, todo []string) {
	have := map[string]bool{}
	for _, s := range rep.Sites {
		have[siteKey(s.URL)] = true
	}
	for _, u := range todo {
		if have[siteKey(u)] {
			continue
		}
		rep.Sites = append(rep.Sites, report.Site{
			SiteResult: observe.SiteResult{URL: u, Status: observe.SiteInterrupted, Error: "interrupted before the site was crawled",
				Phases: []observe.PhaseResult{}, Cookies: []observe.Cookie{}, Storage: []observe.StorageItem{}},
			Declared: []policy.Declaration{}, Findings: []report.Finding{},
		})
	}
	report.SortSites(rep)
}

// scan launches the browser (unless one was given), crawls the sites and
// adds each audited site to the report (and the results log) as it
// finishes.
func (o *ScanOptions) scan(ctx context.Context, p *plan, mgr *consent.Manager, sites []string, rep *report.Report, results *report.ResultsLog) error {
	if o.Launch == nil {
		return errors.New("scan: no browser to launch")
	}
	br, err := o.Launch(ctx)
	if err != nil {
		return err
	}
	if !o.KeepBrowser {
		defer br.Close()
	}
	rep.Tool.Browser = br.Describe()
	if o.Progress != nil {
		o.Progress.Start(len(sites))
		defer o.Progress.Finish()
	}
	workers := o.Concurrency
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	f := &siteFinisher{o: o, p: p, rep: rep, results: results, render: browserRenderer(br, workers)}
	f.fixed = p.fixed
	if f.fixed == nil && o.Policy != "" {
		f.fixed = loadPolicy(ctx, f.render, o.Policy)
	}
	cfg := crawler.Config{
		Phases: o.Phases, Settle: o.Settle, LateHorizon: o.LateHorizon, PageTimeout: o.PageTimeout, SiteTimeout: o.SiteTimeout,
		Consent: mgr, Logger: o.Logger,
	}
	customize := func(site string, c *crawler.Config) {
		sc, _ := p.cfg.SiteFor(site)
		s := Resolve(o.Overrides, p.cfg, sc)
		c.MaxPages, c.MaxDepth = s.MaxPages, s.MaxDepth
	}
	br.Scan(ctx, sites, cfg, crawler.ScanOptions{Concurrency: o.Concurrency, Customize: customize}, func(sr observe.SiteResult) {
		f.start(ctx, sr)
	})
	return f.wait()
}

// siteFinisher finishes each crawled site beside the crawl and beside the
// others: it reads the site's policy, audits it, and adds it to the report
// and the results log.
type siteFinisher struct {
	o       *ScanOptions
	p       *plan
	fixed   *policyRead // --policy's, read once
	render  Renderer
	results *report.ResultsLog

	wg       sync.WaitGroup
	mu       sync.Mutex // guards what follows
	rep      *report.Report
	writeErr error
}

// start finishes a site on a goroutine of its own.
func (f *siteFinisher) start(ctx context.Context, sr observe.SiteResult) {
	f.wg.Go(func() { f.add(f.audit(ctx, sr)) })
}

// wait waits for every site started and returns the first error writing
// the results log.
func (f *siteFinisher) wait() error {
	f.wg.Wait()
	return f.writeErr
}

// audit reads a crawled site's policy and evaluates its findings. A site
// whose crawl ran to its end keeps its audit when the run is stopped while
// its policy is read: the read gets a short grace period past the
// interrupt, so nothing already gathered is lost (a second Ctrl-C still
// ends the process at once). A read cut short all the same, by the run or
// by the browser, leaves the site interrupted, to be crawled again by
// --resume, and is no finding.
func (f *siteFinisher) audit(ctx context.Context, sr observe.SiteResult) (site report.Site) {
	site = report.Site{SiteResult: sr, Declared: []policy.Declaration{}, Findings: []report.Finding{}, FinishedAt: time.Now().UTC()}
	site.PolicyPages = nil // read below; never kept with the report
	defer func() {
		if v := recover(); v != nil {
			f.o.Logger.Error("site audit panicked", "url", sr.URL, "panic", v, "stack", string(debug.Stack()))
			site.Status, site.Error, site.Findings = observe.SiteFailed, fmt.Sprintf("internal error while auditing the site: %v", v), []report.Finding{}
		}
	}()
	sc, _ := f.p.cfg.SiteFor(sr.URL)
	switch sr.Status {
	case observe.SiteFailed:
		// Nothing was crawled to find or judge a policy by.
		site.Policy = report.PolicyRef{Error: "not read: the site could not be crawled"}
	case observe.SiteComplete:
		pctx, cancel := graceContext(ctx, policyGrace)
		f.o.sitePolicy(pctx, f.render, sc, f.fixed, sr).apply(&site)
		cancel()
		if site.Policy.Interrupted {
			site.Status, site.Error = observe.SiteInterrupted, site.Policy.Error
		}
	default:
		site.Policy = report.PolicyRef{Error: "not read: the run was interrupted", Interrupted: true}
	}
	relativeScreenshots(&site, f.o.Output.Dir)
	opts := Resolve(f.o.Overrides, f.p.cfg, sc).Audit
	opts.Catalogue = f.p.catalogue
	audit.Evaluate(&site, opts)
	return site
}

// add puts an audited site in the report and, unless it is to be crawled
// again, in the results log.
func (f *siteFinisher) add(site report.Site) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.rep.Sites = append(f.rep.Sites, site)
	if f.results != nil && site.Status != observe.SiteInterrupted {
		if err := f.results.Append(site); err != nil && f.writeErr == nil {
			f.writeErr = err
		}
	}
	if f.o.Progress != nil {
		f.o.Progress.SiteDone(site)
	}
	f.o.Logger.Info("site done", "url", site.URL, "status", site.Status, "cookies", len(site.Cookies), "findings", len(site.Findings), "error", site.Error)
}

// sitePolicy reads a site's policy: the config's, else --policy's, else
// the best one found on the pages crawled.
func (o *ScanOptions) sitePolicy(ctx context.Context, render Renderer, sc *SiteConfig, fixed *policyRead, sr observe.SiteResult) *policyRead {
	switch {
	case sc != nil && sc.Policy.Inline != nil:
		return &policyRead{url: o.ConfigPath, doc: sc.Policy.Inline}
	case sc != nil && sc.Policy.File != "":
		return loadPolicy(ctx, render, sc.Policy.File)
	case sc != nil && sc.Policy.URL != "":
		return loadPolicy(ctx, render, sc.Policy.URL)
	case fixed != nil:
		return fixed
	}
	return discoverPolicy(ctx, render, sr)
}

// relativeScreenshots makes screenshot paths relative to the report
// directory, so the report and its screenshots can be moved together.
func relativeScreenshots(site *report.Site, dir string) {
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

// policyGrace is how long a finished site's policy read may go on after
// the run is interrupted.
const policyGrace = 15 * time.Second

// graceContext returns a context that ends grace after parent ends (or when
// its cancel function is called), so work already under way can finish.
func graceContext(parent context.Context, grace time.Duration) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(context.WithoutCancel(parent))
	stop := context.AfterFunc(parent, func() { time.AfterFunc(grace, cancel) })
	return ctx, func() {
		stop()
		cancel()
	}
}
