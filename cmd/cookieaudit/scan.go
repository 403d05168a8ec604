package main

import (
	"context"
	"strings"
	"time"

	"github.com/cookieaudit/cookieaudit/audit/report"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/cookieaudit/cookieaudit/cmd/internal/app"
	"github.com/cookieaudit/cookieaudit/crawler"
	"github.com/cookieaudit/cookieaudit/crawler/observe"
)

// scanFlags are the flags of `cookieaudit scan` (and the offline subset
// `demo` takes).
type scanFlags struct {
	configPath string
	policy     string
	cookieDB   string
	trackers   string
	har        string
	results    string
	resume     bool
	resumeAge  time.Duration
	shard      string

	phases      []string
	maxPages    int
	maxDepth    int
	settle      time.Duration
	lateHorizon time.Duration
	pageTimeout time.Duration
	concurrency int
	siteTimeout time.Duration

	noAutoconsent   bool
	autoconsentPath string
	screenshots     string

	browser browserFlags
	out     outputFlags
	fs      *pflag.FlagSet
}

// registerCrawl adds the crawl-budget flags.
func (s *scanFlags) registerCrawl(cmd *cobra.Command) {
	fs := cmd.Flags()
	s.fs = fs
	fs.StringSliceVar(&s.phases, "phases", []string{"pre-consent", "accept", "reject"}, "`PHASES` to crawl, comma-separated: pre-consent, accept, reject")
	fs.IntVar(&s.maxPages, "max-pages", app.DefaultMaxPages, "`N` pages to visit per site and phase (given, it wins over the config)")
	fs.IntVar(&s.maxDepth, "max-depth", app.DefaultMaxDepth, "link `DEPTH` to follow from the start page (0: no limit)")
	fs.DurationVar(&s.settle, "settle", 0, "extra real-time `DURATION` to wait after the network goes quiet on each page (timers within --late-horizon are caught without it)")
	fs.DurationVar(&s.lateHorizon, "late-horizon", crawler.DefaultLateHorizon, "run the timers of each page and its frames that fall due within this `DURATION` after load ahead of time, so the cookies they set are recorded without waiting (0: off)")
	fs.DurationVar(&s.pageTimeout, "page-timeout", 30*time.Second, "give up on a page after this `DURATION`")
	fs.IntVar(&s.concurrency, "concurrency", 0, "`N` site-phases crawled at once (default: number of CPUs)")
	fs.DurationVar(&s.siteTimeout, "site-timeout", 5*time.Minute, "`DURATION` budget for one site's phase; pages left are skipped (0: none)")
	group(fs, groupCrawl, "phases", "max-pages", "max-depth", "settle", "late-horizon", "page-timeout", "concurrency", "site-timeout")
	completeValues(cmd, "phases", "pre-consent", "accept", "reject")
}

// registerConsent adds the banner flags.
func (s *scanFlags) registerConsent(cmd *cobra.Command) {
	fs := cmd.Flags()
	fs.BoolVar(&s.noAutoconsent, "no-autoconsent", false, "do not use DuckDuckGo's autoconsent rules; only the built-in banner finder (and config selectors)")
	fs.StringVar(&s.autoconsentPath, "autoconsent", "", "an unpacked @duckduckgo/autoconsent package `DIR` (default: $COOKIEAUDIT_AUTOCONSENT, else the user cache, else node_modules found from here or the binary, else the pinned release fetched from the npm registry into the cache)")
	fs.StringVar(&s.screenshots, "screenshots", "", "write PNG screenshots of each banner before and after the click into `DIR` (default: DIR/screenshots with --output-dir)")
	group(fs, groupConsent, "no-autoconsent", "autoconsent", "screenshots")
}

// registerRun adds the flags for the site list and the run's files.
func (s *scanFlags) registerRun(cmd *cobra.Command, offline bool) {
	fs := cmd.Flags()
	fs.StringVarP(&s.configPath, "config", "c", "", "YAML `FILE` listing sites with their policy, page budget, consent selectors and waivers")
	fs.StringVar(&s.results, "results", "", "stream each site's result to this JSON Lines `FILE` as it finishes (nothing is lost if the run is killed)")
	fs.BoolVar(&s.resume, "resume", false, "with --results: continue the unfinished run recorded in the file (same sites and options): keep the sites already audited and scan the rest, retrying those that failed or were interrupted")
	fs.DurationVar(&s.resumeAge, "resume-max-age", 24*time.Hour, "with --resume: refuse to continue a run that started longer ago than this `DURATION` (0: any age)")
	fs.StringVar(&s.trackers, "tracker-list", "", "also recognise trackers listed in `FILE`: an EasyPrivacy-style filter list (Adblock syntax) or a Disconnect services.json")
	fs.StringVar(&s.har, "har", "", "write a HAR file of each site's requests per phase into `DIR` (no cookie values, request bodies or identifier values)")
	group(fs, groupCrawl, "config")
	group(fs, groupAudit, "tracker-list")
	group(fs, groupOutput, "har")
	group(fs, groupCI, "results", "resume", "resume-max-age")
	if offline {
		return
	}
	fs.StringVar(&s.policy, "policy", "", "cookie policy to audit against, `URL|FILE` (.html, .txt, .yaml); default: found from the pages crawled")
	fs.StringVar(&s.cookieDB, "cookie-db", "", "extra catalogue of known cookies: a `CSV` in the Open Cookie Database layout")
	fs.StringVar(&s.shard, "shard", "", "scan only shard `K/N` of the site list (1 <= K <= N), for CI matrices and Kubernetes Indexed Jobs; combine with 'cookieaudit merge'")
	group(fs, groupPolicy, "policy", "cookie-db")
	group(fs, groupCI, "shard")
}

// registerBrowser adds the browser flags and gives them placeholders.
func (s *scanFlags) registerBrowser(cmd *cobra.Command) {
	fs := cmd.Flags()
	s.browser.register(fs)
	// The browser flags are shared with other commands; their help gets
	// placeholders here (the word in backquotes becomes the placeholder).
	placeholders := map[string][2]string{
		"browser":     {"executable", "executable `PATH`"},
		"browser-url": {"drive a running browser", "drive a running browser at `URL`"},
		"user-agent":  {"user agent to present", "user agent `STRING` to present"},
		"resolve":     {"HOST:PORT:ADDR,", "`HOST:PORT:ADDR`,"},
		"connect-to":  {"HOST:PORT:ADDR:PORT2,", "`HOST:PORT:ADDR:PORT2`,"},
	}
	for name, r := range placeholders {
		if f := fs.Lookup(name); f != nil && !hasPlaceholder(f.Usage) {
			f.Usage = strings.Replace(f.Usage, r[0], r[1], 1)
		}
	}
	group(fs, groupBrowser, "browser", "browser-url", "resolve", "connect-to", "insecure", "user-agent", "block-third-party-cookies")
}

func hasPlaceholder(usage string) bool {
	n := 0
	for _, c := range usage {
		if c == '`' {
			n++
		}
	}
	return n >= 2
}

// options turns the flags into the application layer's options; a flag not given is
// left to the config (see app.Resolve).
func (s *scanFlags) options(g *globalOptions, sites []string) (app.ScanOptions, error) {
	o := app.ScanOptions{
		Sites: sites, ConfigPath: s.configPath, Policy: s.policy, CookieDB: s.cookieDB, TrackerList: s.trackers, HARDir: s.har,
		Results: s.results, Resume: s.resume, ResumeMaxAge: s.resumeAge, Shard: s.shard,
		Settle: s.settle, LateHorizon: s.lateHorizon, PageTimeout: s.pageTimeout, SiteTimeout: s.siteTimeout, Concurrency: s.concurrency,
		Autoconsent: !s.noAutoconsent, AutoconsentPath: s.autoconsentPath, AutoconsentFetch: true, Screenshots: s.screenshots,
		Output: s.out.output(g), Tool: report.Tool{Name: "cookieaudit", Version: version}, Logger: g.logger,
		Launch: func(ctx context.Context) (*crawler.Browser, error) { return s.browser.launch(ctx, g) },
		Now:    g.now,
	}
	if g.sharedBrowser != nil {
		o.Launch, o.KeepBrowser = g.sharedBrowser, true
	}
	for _, p := range s.phases {
		o.Phases = append(o.Phases, observe.Phase(p))
	}
	if s.maxPages < 1 {
		return o, usagef("--max-pages must be at least 1")
	}
	if s.resumeAge < 0 {
		return o, usagef("--resume-max-age must not be negative")
	}
	if s.maxDepth < 0 || s.settle < 0 || s.lateHorizon < 0 || s.pageTimeout <= 0 || s.concurrency < 0 || s.siteTimeout < 0 {
		return o, usagef("--max-depth, --settle, --late-horizon, --page-timeout, --site-timeout and --concurrency must not be negative")
	}
	if s.fs.Changed("max-pages") {
		o.Overrides.MaxPages = &s.maxPages
	}
	if s.fs.Changed("max-depth") {
		o.Overrides.MaxDepth = &s.maxDepth
	}
	if err := s.out.overrides(&o.Overrides); err != nil {
		return o, err
	}
	if _, err := s.browser.rules(); err != nil {
		return o, err
	}
	o.Progress = newProgress(g)
	return o, nil
}

// scanOptions are the inputs of `cookieaudit scan` and `demo`: the flags,
// and the application layer's options they give, checked.
type scanOptions struct {
	g     *globalOptions
	flags scanFlags
	scan  app.ScanOptions
}

// newScanCmd builds the scan command; runF runs it (runScan when nil), so
// that tests can check the flags without crawling.
func newScanCmd(g *globalOptions, runF func(context.Context, *scanOptions) error) *cobra.Command {
	o := &scanOptions{g: g}
	s := &o.flags
	if runF == nil {
		runF = runScan
	}
	cmd := &cobra.Command{
		Use:   "scan URL...",
		Short: "Crawl sites before consent, after accepting and after rejecting, and audit their cookies",
		Long: `Scan crawls each site in three fresh browser profiles (pre-consent, accept,
reject), records every cookie and web storage item, reads the site's cookie
policy (found from the pages crawled, or --policy), and reports findings.

A site may be given as a URL or a bare host name (https:// is added); the
same site given twice (host case, trailing slash) is scanned once.

Exit status: 0 all sites audited and no --fail-on threshold met; 1 --fail-on
met; 2 usage or input error (checked before the browser starts); 3 a site
could not be audited (unreachable, DNS, TLS, HTTP error on its start page;
--allow-site-errors opts out); 130 interrupted (the partial report is
written and marked partial).`,
		Example: `  cookieaudit scan https://www.example.gov.uk/
  cookieaudit scan -o report.html www.example.gov.uk
  cookieaudit scan --config sites.yaml --results run.jsonl --output-dir out/ \
      --baseline last/report.json --baseline-optional --fail-on high`,
		RunE: func(cmd *cobra.Command, args []string) error {
			var err error
			if o.scan, err = s.options(g, args); err != nil {
				return err
			}
			return runF(cmd.Context(), o)
		},
	}
	s.registerRun(cmd, false)
	s.registerCrawl(cmd)
	s.registerConsent(cmd)
	s.out.register(cmd)
	s.registerBrowser(cmd)
	cmd.SetUsageFunc(groupedUsage)
	return cmd
}

func runScan(ctx context.Context, o *scanOptions) error {
	return app.Run(ctx, o.scan)
}
