package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	cookieaudit "github.com/cookieaudit/cookieaudit"
	"github.com/cookieaudit/cookieaudit/crawler/fixture"
)

// demoSites are the embedded council sites the demo audits.
var demoSites = []string{"https://www.testshire.gov.uk/", "https://www.otherborough.gov.uk/"}

func newDemoCmd(g *globalOptions) *cobra.Command {
	o := &scanOptions{}
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Audit the built-in demo council sites, offline",
		Long: `Demo serves two small council sites embedded in the binary on 127.0.0.1,
with a throwaway TLS certificate, under real-looking names
(www.testshire.gov.uk, www.otherborough.gov.uk, and the analytics and video
hosts they embed), and audits them as 'scan' would. Nothing leaves the
machine: every host name is mapped to the local server.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.crawl.validate(); err != nil {
				return err
			}
			if err := o.out.validate(); err != nil {
				return err
			}
			return runDemo(cmd.Context(), g, o)
		},
	}
	o.crawl.register(cmd)
	o.consent.register(cmd.Flags())
	o.out.register(cmd.Flags())
	cmd.Flags().StringVar(&o.browser.path, "browser", "", "Chromium or Chrome executable (default: found on PATH)")
	return cmd
}

func runDemo(ctx context.Context, g *globalOptions, o *scanOptions) error {
	srv, err := fixture.Start(cookieaudit.Sites())
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	defer srv.Close()
	g.logger.Info("demo sites served", "port", srv.Port(), "hosts", srv.Hosts())
	o.sites = demoSites
	o.browser.resolverRules = srv.ResolverRules()
	o.browser.insecure = true
	o.consent.noFetch = true
	return runScan(ctx, g, o)
}
