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
	// TrackerList is an extra tracker list (EasyPrivacy filters or a
	// Disconnect services.json) recognised after the built-in one.
	TrackerList string
	// HARDir is a directory for a HAR file of each site-phase's requests;
	// "" writes none.
	HARDir string
	// Results is a JSON Lines log each site is appended to as it finishes.
	Results string
	// Resume continues the run recorded in Results: it skips the sites
	// already audited there and crawls the rest (those that failed or were
	// interrupted again). Only the same run is resumed: unfinished, with
	// the same sites and options, and started at most ResumeMaxAge ago
	// (0: any age).
	Resume       bool
	ResumeMaxAge time.Duration
	// Shard is K/N: scan only that shard of the sorted site list.
	Shard string

	Phases []observe.Phase
	Settle time.Duration
	// LateHorizon is how far after load each page's timers are run ahead
	// of time (crawler.Config.LateHorizon); 0 means none, as
	// --late-horizon 0 does.
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
	// Now is the clock; nil means time.Now.
	Now func() time.Time

	// wrapRender, for tests only, wraps the renderer that reads policy
	// pages the crawl did not keep, so a test can act while a site's
	// policy is being read (stop the run there); nil leaves it as it is.
	wrapRender func(Renderer) Renderer
}

// now is the time on the scan's clock, in UTC.
func (o *ScanOptions) now() time.Time {
	if o.Now != nil {
		return o.Now().UTC()
	}
	return time.Now().UTC()
}

// runOptions are what the results log records of the run's options.
func (o *ScanOptions) runOptions(p *plan) report.RunOptions {
	return report.RunOptions{Sites: p.sites, Config: o.ConfigPath, Shard: o.Shard, Phases: o.Phases, Policy: o.Policy}
}

// Progress is told how a scan advances.
type Progress interface {
	Start(total int)
	// PageStarted is told each page as its load starts (from the crawl's
	// goroutines: it must not block).
	PageStarted(site, url string)
	SiteDone(site report.Site)
	Finish()
}

// plan is a scan with every input checked and read.
type plan struct {
	sites     []string
	cfg       *Config
	settings  *runSettings
	fixed     *policyRead
	catalogue *policy.Catalogue
	trackers  *audit.TrackerList
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
	p.settings = resolveSites(o.Overrides, p.cfg, p.sites)
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
	if p.catalogue, err = LoadCatalogue(o.CookieDB); err != nil {
		return nil, err
	}
	if p.trackers, err = Trackers(o.TrackerList); err != nil {
		return nil, err
	}
	if o.HARDir != "" {
		if err := os.MkdirAll(o.HARDir, 0o755); err != nil {
			return nil, Inputf("--har %s: %v", o.HARDir, err)
		}
		if err := checkWritableDir(o.HARDir); err != nil {
			return nil, Inputf("--har %s: %v", o.HARDir, err)
		}
	}
	if o.Results != "" {
		if err := checkWritableDir(filepath.Dir(o.Results)); err != nil {
			return nil, Inputf("--results %s: %v", o.Results, err)
		}
	}
	if err := o.Output.Check(); err != nil {
		return nil, err
	}
	p.consent = o.consentOptions(p)
	return p, nil
}

// LoadCatalogue returns the built-in catalogue of known cookies, with the Open
// Cookie Database CSV at cookieDB merged in when one is named.
func LoadCatalogue(cookieDB string) (*policy.Catalogue, error) {
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

// Trackers is the built-in tracker list, with the list at path (an
// EasyPrivacy-style filter list or a Disconnect services.json) recognised
// after it when one is named.
func Trackers(path string) (*audit.TrackerList, error) {
	if path == "" {
		return audit.DefaultTrackers(), nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, Inputf("--tracker-list: %v", err)
	}
	defer f.Close()
	extra, err := audit.ReadTrackerList(f, path)
	if err != nil {
		return nil, Inputf("--tracker-list: %v", err)
	}
	return audit.DefaultTrackers().With(extra), nil
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

// consentOptions are the consent manager's options: the selectors of each
// site the config lists, by host, as Resolve decided them.
func (o *ScanOptions) consentOptions(p *plan) consent.Options {
	opts := consent.Options{
		Autoconsent: o.Autoconsent, AutoconsentPath: o.AutoconsentPath, AutoconsentFetch: o.AutoconsentFetch,
		ScreenshotDir: o.Screenshots, Logger: o.Logger,
		SiteOverrides: map[string]consent.Selectors{},
	}
	if opts.ScreenshotDir == "" && o.Output.Dir != "" {
		opts.ScreenshotDir = filepath.Join(o.Output.Dir, "screenshots")
	}
	if p.cfg != nil {
		opts.Overrides = p.settings.defaults.Consent
		for _, s := range p.sites {
			ss := p.settings.of(s)
			if u, err := url.Parse(s); err == nil && ss.config != nil && !ss.Consent.IsZero() {
				opts.SiteOverrides[u.Hostname()] = ss.Consent
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
	rep := &report.Report{Schema: report.Schema, Tool: o.Tool, StartedAt: o.now(), Sites: []report.Site{}}
	rep.Tool.Autoconsent, rep.Tool.ConsentRules = mgr.AutoconsentVersion(), mgr.ConsentRules()
	todo := p.sites
	var results *report.ResultsLog
	var run report.Run
	if o.Results != "" {
		var done []report.Site
		if results, run, done, err = o.openResults(p, rep.StartedAt); err != nil {
			return err
		}
		defer results.Close()
		rep.StartedAt = run.StartedAt
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
			o.Logger.Info("resuming", "run", run.ID, "done", len(rep.Sites), "remaining", len(todo))
		}
	}
	var scanErr error
	if len(todo) > 0 {
		scanErr = o.scan(ctx, p, mgr, todo, rep, results)
	}
	rep.FinishedAt = o.now()
	if len(todo) == 0 {
		// Nothing was crawled now: the report ends when its last site did.
		rep.FinishedAt = lastFinished(rep)
	}
	rep.Audit = p.settings.defaults.Audit.Settings()
	report.SortSites(rep)
	interrupted := ctx.Err() != nil
	if interrupted {
		rep.Partial = true
		markUnstarted(rep, todo)
	}
	if scanErr != nil && !interrupted {
		return scanErr
	}
	if results != nil && !interrupted {
		// Every site was crawled: the run is over, and --resume refuses it.
		if err := results.Finish(run.ID, rep.FinishedAt); err != nil {
			return err
		}
	}
	err = o.Output.Emit(rep)
	if interrupted {
		return fmt.Errorf("%w (%d of %d sites audited); run again with --resume to finish", ErrInterrupted, len(rep.Sites)-len(NotAudited(rep)), len(rep.Sites))
	}
	return err
}

// openResults opens the results log, locked against other writers, and
// starts the run afresh or, with --resume, continues the run it holds
// once CheckResume allows it. It returns the run and the sites already
// audited. A log another process writes, or a run that cannot be resumed,
// is an InputError that says what to do; damaged lines are skipped with
// a warning, so their sites are crawled again.
func (o *ScanOptions) openResults(p *plan, started time.Time) (*report.ResultsLog, report.Run, []report.Site, error) {
	run := report.Run{ID: report.NewRunID(), StartedAt: started, Options: o.runOptions(p)}
	log, err := report.OpenResults(o.Results)
	if err != nil {
		return nil, run, nil, InputError{err}
	}
	fail := func(err error) (*report.ResultsLog, report.Run, []report.Site, error) {
		log.Close()
		return nil, run, nil, err
	}
	if !o.Resume {
		if err := log.Start(run); err != nil {
			return fail(err)
		}
		return log, run, nil, nil
	}
	held, err := log.Read()
	if err != nil {
		return fail(InputError{err})
	}
	if held.Run == nil && len(held.Sites) == 0 && len(held.Damaged) == 0 {
		// A new file (or an empty one): the run's first start.
		if err := log.Start(run); err != nil {
			return fail(err)
		}
		return log, run, nil, nil
	}
	if err := held.CheckResume(o.Results, run.Options, o.now(), o.ResumeMaxAge); err != nil {
		return fail(InputError{err})
	}
	for _, d := range held.Damaged {
		o.Logger.Warn("results log: a damaged line is skipped; its site is crawled again", "file", o.Results, "line", d.Line, "err", d.Err)
	}
	if err := log.Continue(); err != nil {
		return fail(err)
	}
	var done []report.Site
	for _, s := range held.Sites {
		if s.Audited() {
			done = append(done, s)
		}
	}
	return log, *held.Run, done, nil
}

// lastFinished is when the report's last site finished, or its start.
func lastFinished(rep *report.Report) time.Time {
	at := rep.StartedAt
	for _, s := range rep.Sites {
		if s.FinishedAt.After(at) {
			at = s.FinishedAt
		}
	}
	return at
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
	if o.wrapRender != nil {
		f.render = o.wrapRender(f.render)
	}
	f.fixed = p.fixed
	if f.fixed == nil && o.Policy != "" {
		f.fixed = loadPolicy(ctx, f.render, o.Policy)
	}
	cfg := crawler.Config{
		Phases: o.Phases, Settle: o.Settle, LateHorizon: o.LateHorizon, DisableLateTimers: o.LateHorizon <= 0,
		PageTimeout: o.PageTimeout, SiteTimeout: o.SiteTimeout,
		Consent: mgr, Logger: o.Logger, HARDir: o.HARDir,
	}
	customize := func(site string, c *crawler.Config) {
		s := p.settings.of(site)
		c.MaxPages, c.MaxDepth = s.MaxPages, s.MaxDepth
		if o.Progress != nil {
			c.PageStarted = func(url string) { o.Progress.PageStarted(site, url) }
		}
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

// audit reads a crawled site's policy and evaluates its findings (see
// auditSite).
func (f *siteFinisher) audit(ctx context.Context, sr observe.SiteResult) report.Site {
	return f.o.auditSite(ctx, f.p, func(ctx context.Context, sc *SiteConfig, sr observe.SiteResult) *policyRead {
		return f.o.sitePolicy(ctx, f.render, sc, f.fixed, sr)
	}, sr)
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
	if f.o.Progress == nil {
		f.o.Logger.Info("site done", "url", site.URL, "status", site.Status, "cookies", len(site.Cookies), "findings", len(site.Findings), "error", site.Error)
	}
}

// sitePolicyReader reads the policy of a crawled site sr (its config
// entry sc).
type sitePolicyReader func(ctx context.Context, sc *SiteConfig, sr observe.SiteResult) *policyRead

// auditSite reads the policy of a crawled site with read and audits the
// site. A site whose crawl ran to its end keeps its audit when the run is
// stopped while its policy is read: the read gets a short grace period
// past the interrupt, so nothing already gathered is lost (a second Ctrl-C
// still ends the process at once). A read cut short all the same, by the
// run or by the browser, leaves the site interrupted, to be crawled again
// by --resume, and is no finding. A panic while reading the policy or
// auditing the site ends neither the run nor the site: it becomes the
// site's policy error (its stack goes to the debug log) and the site is
// audited as one whose policy could not be read.
func (o *ScanOptions) auditSite(ctx context.Context, p *plan, read sitePolicyReader, sr observe.SiteResult) (site report.Site) {
	site = report.Site{SiteResult: sr, Declared: []policy.Declaration{}, Findings: []report.Finding{}, FinishedAt: o.now()}
	site.PolicyPages = nil // read below; never kept with the report
	defer func() {
		// The last resort, for a panic outside the guarded steps: the site
		// fails, the run goes on.
		if v := recover(); v != nil {
			o.Logger.Error("site audit panicked", "url", sr.URL, "panic", v, "stack", string(debug.Stack()))
			site.Status, site.Error, site.Findings = observe.SiteFailed, fmt.Sprintf("internal error while auditing the site: %v", v), []report.Finding{}
		}
	}()
	settings := p.settings.of(sr.URL)
	switch sr.Status {
	case observe.SiteFailed:
		// Nothing was crawled to find or judge a policy by.
		site.Policy = report.PolicyRef{Error: "not read: the site could not be crawled"}
	case observe.SiteComplete:
		pctx, cancel := graceContext(ctx, policyGrace)
		guardSite(&site, o.Logger, "reading its policy", func() { read(pctx, settings.config, sr).apply(&site) })
		cancel()
		if site.Policy.Interrupted {
			site.Status, site.Error = observe.SiteInterrupted, site.Policy.Error
		}
	default:
		site.Policy = report.PolicyRef{Error: "not read: the run was interrupted", Interrupted: true}
	}
	relativeScreenshots(&site, o.Output.Dir)
	opts := settings.Audit
	opts.Catalogue = p.catalogue
	opts.Trackers = p.trackers
	evaluateSite(&site, opts, o.Logger)
	return site
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
