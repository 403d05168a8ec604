package main

import (
	"errors"
	"io"
	"os"
	"strings"

	"github.com/cookieaudit/cookieaudit/audit/render"

	"github.com/cookieaudit/cookieaudit/audit/report"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/cookieaudit/cookieaudit/audit"
	"github.com/cookieaudit/cookieaudit/cmd/internal/app"
)

// outputFlags are the flags of every command that produces a report: what
// to write where, how to evaluate, and when to fail.
type outputFlags struct {
	out             app.Output
	profile         string
	expiryTolerance float64
	lifetimeCap     string
	fs              *pflag.FlagSet
}

// register adds the output, evaluation and CI flags to cmd.
func (o *outputFlags) register(cmd *cobra.Command) {
	fs := cmd.Flags()
	o.fs = fs
	fs.StringSliceVar(&o.out.Formats, "format", nil, "report `FORMAT`: "+strings.Join(render.FormatNames(), "|")+
		" (default: from -o's extension, else table on a terminal, else json); several, comma-separated, with --output-dir")
	fs.StringVarP(&o.out.File, "output", "o", "", "write the report to `FILE` instead of stdout; its extension (.json, .html, .md, .csv, .sarif, .xml, .txt) picks the format")
	fs.StringVar(&o.out.Dir, "output-dir", "", "write report files into `DIR` (report.json, findings.csv, cookies.csv, report.md, report.html, report.sarif, junit.xml; --format picks some)")
	fs.StringVar(&o.out.FailOn, "fail-on", "", "exit 1 when a finding meets `SEVERITY|RULE,...`: high|medium|low|info (that severity or worse) and/or rule IDs ("+
		strings.Join(audit.RuleIDs(), ", ")+")")
	fs.StringVar(&o.out.Baseline, "baseline", "", "previous report `FILE` (JSON): mark findings new, unchanged or resolved; only new ones count for --fail-on")
	fs.BoolVar(&o.out.BaselineOptional, "baseline-optional", false, "with --baseline: carry on when the file does not exist yet (the first run of a nightly job); every finding is then new")
	if cmd.Name() != "report" && cmd.Name() != "diff" {
		fs.BoolVar(&o.out.AllowSiteErrors, "allow-site-errors", false, "exit 0 (or 1 for --fail-on) even when a site could not be audited, instead of 3")
	}
	fs.StringVar(&o.profile, "profile", audit.ProfileUK, "severity `PROFILE`: uk (Data (Use and Access) Act 2025 analytics exception lowers declared analytics before consent) or strict")
	fs.Float64Var(&o.expiryTolerance, "expiry-tolerance", audit.DefaultExpiryTolerance, "how much longer than declared a cookie may live before it is overlong, as a `FRACTION` (0.1 = 10%)")
	fs.StringVar(&o.lifetimeCap, "lifetime-cap", "13 months", "longest `LIFETIME` for a non-essential cookie (e.g. \"13 months\", \"400d\"; a month is 30 days)")
	group(fs, groupOutput, "format", "output", "output-dir")
	group(fs, groupCI, "fail-on", "baseline", "baseline-optional", "allow-site-errors")
	group(fs, groupAudit, "profile", "expiry-tolerance", "lifetime-cap")
	completeValues(cmd, "format", render.FormatNames()...)
	completeValues(cmd, "fail-on", append([]string{"high", "medium", "low", "info"}, audit.RuleIDs()...)...)
	completeValues(cmd, "profile", audit.ProfileUK, audit.ProfileStrict)
}

// output returns the output settings, with where stdout goes.
func (o *outputFlags) output(g *globalOptions) app.Output {
	out := o.out
	out.Stdout, out.Stderr, out.Terminal = g.stdout, g.stderr, isTerminal(g.stdout)
	out.Width = terminalWidth(g.stdout)
	return out
}

// overrides returns the evaluation settings given as flags; a flag not
// given is nil, so the config or the default decides (app.Resolve).
func (o *outputFlags) overrides(ov *app.Overrides) error {
	if o.fs.Changed("profile") {
		p, err := audit.ParseProfile(o.profile)
		if err != nil {
			return usagef("--profile %q: want uk or strict", o.profile)
		}
		ov.Profile = &p
	}
	if o.fs.Changed("expiry-tolerance") {
		if o.expiryTolerance < 0 || o.expiryTolerance > 10 {
			return usagef("--expiry-tolerance %v: want a fraction between 0 and 10 (0.1 = 10%%)", o.expiryTolerance)
		}
		ov.ExpiryTolerance = &o.expiryTolerance
	}
	if o.fs.Changed("lifetime-cap") {
		c, err := audit.ParseLifetime(o.lifetimeCap)
		if err != nil {
			return usagef("--lifetime-cap %q: want e.g. \"13 months\" or \"400d\"", o.lifetimeCap)
		}
		ov.LifetimeCap = &c
	}
	return nil
}

// evaluationFlagsChanged reports whether the user set a flag that changes
// how findings are evaluated.
func (o *outputFlags) evaluationFlagsChanged() bool {
	return o.fs.Changed("profile") || o.fs.Changed("expiry-tolerance") || o.fs.Changed("lifetime-cap")
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// readReportArg reads a saved report from a file, or stdin for "-".
func readReportArg(path string, stdin io.Reader) (*report.Report, error) {
	if path == "-" {
		if stdin == nil {
			stdin = os.Stdin
		}
		r, err := report.ReadReport(stdin)
		if err != nil {
			return nil, usagef("stdin: %v", err)
		}
		return r, nil
	}
	r, err := report.ReadReportFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, usagef("%v", err)
		}
		return nil, usagef("%v (want a JSON report written by cookieaudit)", err)
	}
	return r, nil
}
