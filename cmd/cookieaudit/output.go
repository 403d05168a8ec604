package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/pflag"

	"github.com/cookieaudit/cookieaudit/audit"
	"github.com/cookieaudit/cookieaudit/policy"
)

// outputFlags are the flags of every command that produces a report: what
// to write where, how to evaluate, and when to fail.
type outputFlags struct {
	formats         []string
	output          string
	outputDir       string
	failOn          string
	baseline        string
	profile         string
	expiryTolerance float64
	lifetimeCap     string

	// baseDir is the directory relative screenshot paths in the report are
	// read from: the saved report's directory for `report`; "" means the
	// output directory (or the current one).
	baseDir string

	// Set by validate.
	fs   *pflag.FlagSet
	gate audit.FailOn
	cap  float64
}

// register adds the output flags to fs.
func (o *outputFlags) register(fs *pflag.FlagSet) {
	o.fs = fs
	fs.StringSliceVar(&o.formats, "format", nil, "report format: "+strings.Join(audit.FormatNames(), "|")+
		" (default: table on a terminal, else json); several, comma-separated, with --output-dir")
	fs.StringVarP(&o.output, "output", "o", "", "write the report to `FILE` instead of stdout")
	fs.StringVar(&o.outputDir, "output-dir", "", "write report files into `DIR` (report.json, findings.csv, cookies.csv, report.md, report.html, report.sarif, junit.xml; --format picks some)")
	fs.StringVar(&o.failOn, "fail-on", "", "exit 1 when a finding meets this: high|medium|low|info (that severity or worse) and/or comma-separated rule IDs ("+
		strings.Join(ruleIDs(), ", ")+")")
	fs.StringVar(&o.baseline, "baseline", "", "previous report `FILE` (JSON): mark findings new, unchanged or resolved; only new ones count for --fail-on")
	fs.StringVar(&o.profile, "profile", audit.ProfileUK, "severity profile: uk (Data (Use and Access) Act 2025 analytics exception lowers declared analytics before consent) or strict")
	fs.Float64Var(&o.expiryTolerance, "expiry-tolerance", audit.DefaultExpiryTolerance, "how much longer than declared a cookie may live before it is overlong (0.1 = 10%)")
	fs.StringVar(&o.lifetimeCap, "lifetime-cap", "13 months", "longest lifetime for a non-essential cookie (e.g. \"13 months\", \"400d\"; months count as 31 days)")
}

func ruleIDs() []string {
	ids := make([]string, len(audit.Rules))
	for i, r := range audit.Rules {
		ids[i] = r.ID
	}
	return ids
}

// changed reports whether the user set a flag.
func (o *outputFlags) changed(name string) bool {
	return o.fs != nil && o.fs.Changed(name)
}

// validate checks the flags; its errors are usage errors (exit 2).
func (o *outputFlags) validate() error {
	var formats []string
	for _, f := range o.formats {
		f = strings.ToLower(strings.TrimSpace(f))
		if f == "" {
			continue
		}
		if _, err := audit.WriterFor(f); err != nil {
			return usagef("--format %q: want one of %s", f, strings.Join(audit.FormatNames(), ", "))
		}
		formats = append(formats, f)
	}
	o.formats = formats
	if o.output != "" && o.outputDir != "" {
		return usagef("--output and --output-dir cannot be used together")
	}
	if len(o.formats) > 1 && o.outputDir == "" {
		return usagef("--format lists %d formats: use --output-dir to write several", len(o.formats))
	}
	gate, err := audit.ParseFailOn(o.failOn)
	if err != nil {
		return usageError{err}
	}
	o.gate = gate
	if _, err := audit.ParseProfile(o.profile); err != nil {
		return usagef("--profile %q: want uk or strict", o.profile)
	}
	if o.expiryTolerance < 0 || o.expiryTolerance > 10 {
		return usagef("--expiry-tolerance %v: want a fraction between 0 and 10 (0.1 = 10%%)", o.expiryTolerance)
	}
	if _, err := audit.ParseLifetime(o.lifetimeCap); err != nil {
		return usagef("--lifetime-cap %q: want e.g. \"13 months\" or \"400d\"", o.lifetimeCap)
	}
	return nil
}

// evaluationFlagsChanged reports whether the user set a flag that changes
// how findings are evaluated.
func (o *outputFlags) evaluationFlagsChanged() bool {
	return o.changed("profile") || o.changed("expiry-tolerance") || o.changed("lifetime-cap")
}

// auditOptions returns the evaluation options the flags ask for, with the
// embedded cookie catalogue. Fields whose flag was not given are left zero
// so that a config file's defaults (audit.Config.Options) can fill them;
// audit.Evaluate falls back to its own defaults, which equal the flags'.
// The error is a usage error for a bad flag value (validate catches these
// first).
func (o *outputFlags) auditOptions() (audit.Options, error) {
	opts := audit.Options{Catalogue: policy.DefaultCatalogue()}
	if o.changed("profile") {
		p, err := audit.ParseProfile(o.profile)
		if err != nil {
			return opts, usageError{err}
		}
		opts.Profile = p
	}
	if o.changed("expiry-tolerance") {
		opts.ExpiryTolerance = o.expiryTolerance
		if opts.ExpiryTolerance == 0 {
			opts.ExpiryTolerance = -1 // explicitly no tolerance
		}
	}
	if o.changed("lifetime-cap") {
		c, err := audit.ParseLifetime(o.lifetimeCap)
		if err != nil {
			return opts, usageError{err}
		}
		opts.LifetimeCap = c
	}
	return opts, nil
}

// emit applies the baseline, writes the outputs and returns errFindings
// when the --fail-on gate is met.
func (o *outputFlags) emit(g *globalOptions, r *audit.Report) error {
	if o.baseline != "" {
		prev, err := audit.ReadReportFile(o.baseline)
		if err != nil {
			return fmt.Errorf("baseline: %w", err)
		}
		audit.ApplyBaseline(r, prev)
		r.Baseline = o.baseline
	}
	var written []string
	switch {
	case o.outputDir != "":
		base := o.baseDir
		if base == "" {
			base = o.outputDir
		}
		paths, err := audit.WriteFilesWith(o.outputDir, o.formats, r, audit.WriteOptions{BaseDir: base})
		if err != nil {
			return err
		}
		written = paths
		for _, p := range paths {
			g.logger.Info("wrote report", "path", p)
		}
	default:
		format := "json"
		if len(o.formats) > 0 {
			format = o.formats[0]
		} else if o.output == "" && isTerminal(g.stdout) {
			format = "table"
		}
		w, err := audit.WriterWith(format, audit.WriteOptions{BaseDir: o.baseDir, Width: terminalWidth(g.stdout)})
		if err != nil {
			return usageError{err}
		}
		if o.output != "" {
			if err := audit.WriteFileAtomic(o.output, func(out io.Writer) error { return w.Write(out, r) }); err != nil {
				return fmt.Errorf("write %s: %w", o.output, err)
			}
			written = []string{o.output}
		} else if err := w.Write(g.stdout, r); err != nil {
			return err
		}
	}
	// A CI log explains itself: a summary on stderr unless the report
	// itself went to a terminal.
	if o.outputDir != "" || o.output != "" || !isTerminal(g.stdout) {
		if err := audit.WriteRunSummary(g.stderr, r, written); err != nil {
			return err
		}
	}
	if failing := o.gate.Failing(r); len(failing) > 0 {
		fmt.Fprintf(g.stderr, "cookieaudit: %d finding(s) meet --fail-on %s", len(failing), o.gate)
		if r.Baseline != "" {
			fmt.Fprint(g.stderr, " (new since the baseline)")
		}
		fmt.Fprintf(g.stderr, "; first: %s %s %s\n", failing[0].Severity, failing[0].Rule, audit.TerminalSafe(failing[0].Cookie))
		return errFindings
	}
	return nil
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
func readReportArg(path string, stdin io.Reader) (*audit.Report, error) {
	if path == "-" {
		if stdin == nil {
			stdin = os.Stdin
		}
		r, err := audit.ReadReport(stdin)
		if err != nil {
			return nil, fmt.Errorf("stdin: %w", err)
		}
		return r, nil
	}
	r, err := audit.ReadReportFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, usagef("%v", err)
		}
		return nil, err
	}
	return r, nil
}
