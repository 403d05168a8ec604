package main

import (
	"context"
	"io"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/cookieaudit/cookieaudit/cmd/internal/app"
	"github.com/cookieaudit/cookieaudit/policy"
)

// reportOptions are the options of `cookieaudit report`.
type reportOptions struct {
	g         *globalOptions
	out       outputFlags
	overrides app.Overrides
	config    string
	input     string
	stdin     io.Reader
}

// newReportCmd builds the report command; runF runs it (runReport when
// nil), so that tests can check the flags without rendering.
func newReportCmd(g *globalOptions, runF func(context.Context, *reportOptions) error) *cobra.Command {
	o := &reportOptions{g: g}
	if runF == nil {
		runF = runReport
	}
	cmd := &cobra.Command{
		Use:   "report RESULTS.json",
		Short: "Render saved results again without crawling",
		Long: `Report renders a saved JSON report (from scan --format json) in another format, without crawling.

The saved findings are kept as they are unless the report was never audited, or
--profile, --expiry-tolerance, --lifetime-cap or --config is given: then the
findings are evaluated again from the saved cookies and declarations.
RESULTS.json may be - for stdin.`,
		Example: `  cookieaudit report results.json --format md > ticket.md
  cookieaudit report results.json --output-dir out/ --baseline last-night.json --fail-on high`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.out.overrides(&o.overrides); err != nil {
				return err
			}
			o.input, o.stdin = args[0], cmd.InOrStdin()
			return runF(cmd.Context(), o)
		},
	}
	o.out.register(cmd)
	cmd.Flags().StringVar(&o.config, "config", "", "YAML config `FILE` whose defaults and per-site waivers apply when evaluating again")
	group(cmd.Flags(), groupAudit, "config")
	cmd.SetUsageFunc(groupedUsage)
	return cmd
}

func runReport(_ context.Context, o *reportOptions) error {
	ro := app.ReportOptions{ConfigPath: o.config, Overrides: o.overrides, Reevaluate: o.out.evaluationFlagsChanged(), Output: o.out.output(o.g)}
	ro.Output.AllowSiteErrors = true // the run that saved it already failed for such sites
	if o.input != "-" {
		ro.Output.BaseDir = filepath.Dir(o.input)
	}
	r, err := readReportArg(o.input, o.stdin)
	if err != nil {
		return err
	}
	return app.Report(ro, r)
}

// diffOptions are the options of `cookieaudit diff`.
type diffOptions struct {
	g         *globalOptions
	out       outputFlags
	overrides app.Overrides
	bf        browserFlags
	policySrc string
	site      string
	input     string
	stdin     io.Reader
}

// newDiffCmd builds the diff command; runF runs it (runDiff when nil), so
// that tests can check the flags without reading a policy.
func newDiffCmd(g *globalOptions, runF func(context.Context, *diffOptions) error) *cobra.Command {
	o := &diffOptions{g: g}
	if runF == nil {
		runF = runDiff
	}
	cmd := &cobra.Command{
		Use:   "diff RESULTS.json --policy URL|FILE",
		Short: "Audit a saved scan against another policy",
		Long: `Diff runs the audit again on a saved scan (JSON) against another cookie
policy: a file (.html, .htm, .txt, .yaml) or a URL, rendered with the browser.
The policy replaces every site's declarations, or only --site's.`,
		Example: `  cookieaudit diff results.json --policy cookies.yaml --format md
  cookieaudit diff results.json --policy https://www.example.gov.uk/cookies --fail-on undeclared`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.policySrc == "" {
				return usagef("diff needs --policy URL|FILE")
			}
			if err := o.out.overrides(&o.overrides); err != nil {
				return err
			}
			if _, err := o.bf.rules(); err != nil {
				return err
			}
			o.input, o.stdin = args[0], cmd.InOrStdin()
			return runF(cmd.Context(), o)
		},
	}
	o.out.register(cmd)
	o.bf.register(cmd.Flags())
	cmd.Flags().StringVar(&o.policySrc, "policy", "", "cookie policy `URL|FILE` to audit against")
	cmd.Flags().StringVar(&o.site, "site", "", "apply the policy to this site `URL` only (default: every site in the report)")
	group(cmd.Flags(), groupPolicy, "policy", "site")
	group(cmd.Flags(), groupBrowser, "browser", "browser-url", "resolve", "connect-to", "insecure", "user-agent", "block-third-party-cookies")
	cmd.SetUsageFunc(groupedUsage)
	return cmd
}

func runDiff(ctx context.Context, o *diffOptions) error {
	do := app.ReportOptions{Inputs: []string{o.input}, Overrides: o.overrides, Output: o.out.output(o.g)}
	if o.input != "-" {
		do.Output.BaseDir = filepath.Dir(o.input)
	}
	do.Output.AllowSiteErrors = true
	if err := do.Output.Check(); err != nil {
		return err
	}
	r, err := readReportArg(o.input, o.stdin)
	if err != nil {
		return err
	}
	return app.Diff(ctx, do, r, o.policySrc, o.site, o.bf.renderer(o.g))
}

// loadPolicyDoc reads a policy from a file, or renders a URL with the browser.
func loadPolicyDoc(ctx context.Context, g *globalOptions, bf *browserFlags, src string) (*policy.Document, error) {
	return app.ReadPolicyInput(ctx, src, bf.renderer(g))
}

// minimumArgs is cobra.MinimumNArgs returning a usage error.
func minimumArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < n {
			return usagef("%s: want at least %d argument(s), got %d (see --help)", cmd.CommandPath(), n, len(args))
		}
		return nil
	}
}

// exactArgs is cobra.ExactArgs returning a usage error.
func exactArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return usagef("%s: want %d argument(s), got %d (see --help)", cmd.CommandPath(), n, len(args))
		}
		return nil
	}
}
