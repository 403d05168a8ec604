package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	cookieaudit "github.com/cookieaudit/cookieaudit"
	"github.com/cookieaudit/cookieaudit/cmd/internal/app"
	"github.com/cookieaudit/cookieaudit/crawler"
	"github.com/cookieaudit/cookieaudit/crawler/fixture"
)

// demoSites are the embedded council sites the demo audits: two with
// cookie violations, and four running Google's and Meta's tags (served
// under their real host names from stand-ins that send what the real tags
// send): Consent Mode granted by default, and denied with cookieless pings;
// a Meta pixel firing before consent, and one held by its consent API.
var demoSites = []string{"https://www.testshire.gov.uk/", "https://www.otherborough.gov.uk/",
	"https://www.grantshire.gov.uk/", "https://www.deniedshire.gov.uk/", "https://www.pixelshire.gov.uk/", "https://www.waitshire.gov.uk/"}

// newDemoCmd builds the demo command; runF runs it (runDemo when nil), so
// that tests can check the flags without serving or crawling.
func newDemoCmd(g *globalOptions, runF func(context.Context, *scanOptions) error) *cobra.Command {
	o := &scanOptions{g: g}
	s := &o.flags
	if runF == nil {
		runF = runDemo
	}
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Audit the built-in demo council sites, offline",
		Long: `Demo serves the small council sites embedded in the binary on 127.0.0.1,
with a throwaway TLS certificate, under real-looking names
(www.testshire.gov.uk, www.otherborough.gov.uk, four councils running
Google's and Meta's tags, and the analytics, tag and video hosts they
embed, www.google-analytics.com and www.facebook.com among them), and
audits them as 'scan' would. Nothing leaves the
machine: every host name is mapped to the local server, so a host the demo
does not serve answers 404 and counts as a site that could not be audited.

With --config, the config's sites are audited instead of the two default
ones, so a whole nightly workflow (--results, --resume, --baseline,
--fail-on, then 'cookieaudit merge') can be tried with no network. The
exit status is scan's (see 'cookieaudit scan --help').`,
		Example: `  cookieaudit demo
  cookieaudit demo --config testdata/nightly/nightly.yaml --results run.jsonl \
      --output-dir out/ --baseline last/report.json --baseline-optional --fail-on high`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			var sites []string
			if s.configPath == "" {
				sites = demoSites
			}
			var err error
			if o.scan, err = s.options(g, sites); err != nil {
				return err
			}
			// The demo contacts nothing outside the machine.
			o.scan.AutoconsentFetch = false
			return runF(cmd.Context(), o)
		},
	}
	s.registerRun(cmd, true)
	s.registerCrawl(cmd)
	s.registerConsent(cmd)
	s.out.register(cmd)
	cmd.Flags().StringVar(&s.browser.path, "browser", "", "Chromium or Chrome executable `PATH` (default: found on PATH)")
	group(cmd.Flags(), groupBrowser, "browser")
	cmd.SetUsageFunc(groupedUsage)
	return cmd
}

// runDemo serves the demo sites and scans them with a browser that reaches
// only the demo's own server.
func runDemo(ctx context.Context, o *scanOptions) error {
	srv, err := fixture.Start(cookieaudit.Sites())
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	defer srv.Close()
	o.g.logger.Info("demo sites served", "port", srv.Port(), "hosts", srv.Hosts())
	b := &o.flags.browser
	b.resolverRules, b.insecure = srv.ResolverRules(), true
	o.scan.Launch = func(ctx context.Context) (*crawler.Browser, error) { return b.launch(ctx, o.g) }
	o.scan.KeepBrowser = false
	return app.Run(ctx, o.scan)
}
