package app

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/cookieaudit/cookieaudit/audit/report"

	"github.com/cookieaudit/cookieaudit/audit"
	"github.com/cookieaudit/cookieaudit/policy"
)

// EvaluateReport audits every site of r with the settings Resolve gives it (the
// flags, then its config entry, then the config's defaults), and records
// the settings of a site not in the config. cfg may be nil.
func EvaluateReport(r *report.Report, flags Overrides, cfg *Config, catalogue audit.CookieLookup) {
	if catalogue == nil {
		catalogue = policy.DefaultCatalogue()
	}
	urls := make([]string, len(r.Sites))
	for i, s := range r.Sites {
		urls[i] = s.URL
	}
	settings := resolveSites(flags, cfg, urls)
	for i := range r.Sites {
		opts := settings.of(r.Sites[i].URL).Audit
		opts.Catalogue = catalogue
		evaluateSite(&r.Sites[i], opts, nil)
	}
	r.Audit = settings.defaults.Audit.Settings()
}

// ReportOptions re-render or re-audit saved results: `report` (one input)
// and `merge` (several).
type ReportOptions struct {
	// Inputs are reports (JSON) or results logs (JSON Lines).
	Inputs []string
	// ConfigPath is a YAML config whose defaults and waivers apply when
	// evaluating again.
	ConfigPath string
	// Overrides are the audit settings given as flags; Reevaluate says
	// whether any was given.
	Overrides  Overrides
	Reevaluate bool
	Output     Output
	Tool       report.Tool
	// Warn receives notes for the user (duplicate sites dropped).
	Warn func(msg string)
}

// Merge reads every input, audits those never audited (as `report` does),
// or every input with Reevaluate or a config, combines them (the newest
// result of a site wins, and Warn says so) and emits the merged report.
func Merge(o ReportOptions) error {
	cfg, err := o.prepare()
	if err != nil {
		return err
	}
	var reports []*report.Report
	var settings *report.AuditSettings
	for _, in := range o.Inputs {
		r, damaged, err := report.LoadResults(in)
		if err != nil {
			return InputError{err}
		}
		for _, d := range damaged {
			if o.Warn != nil {
				o.Warn(fmt.Sprintf("%s %s: damaged, skipped (its site is missing from the merge; resume or rerun that run)", in, d))
			}
		}
		if r.Audit == nil && !hasFindings(r) || o.Reevaluate || cfg != nil {
			EvaluateReport(r, o.Overrides, cfg, nil)
		}
		if settings == nil {
			settings = r.Audit
		}
		reports = append(reports, r)
	}
	merged, dups := report.Merge(o.Tool, reports...)
	for _, d := range dups {
		if o.Warn != nil {
			o.Warn(fmt.Sprintf("%s is in more than one input: kept the result finished %s, dropped the one finished %s",
				d.URL, stamp(d.Kept), stamp(d.Dropped)))
		}
	}
	merged.Audit = settings
	return o.Output.Emit(merged)
}

// Report renders a saved report again: audited anew when it never was, or
// when a config or an evaluation flag is given, else with its saved
// findings. o.Inputs is not read; r is the report.
func Report(o ReportOptions, r *report.Report) error {
	cfg, err := o.prepare()
	if err != nil {
		return err
	}
	if cfg != nil || r.Audit == nil || o.Reevaluate {
		EvaluateReport(r, o.Overrides, cfg, nil)
	}
	return o.Output.Emit(r)
}

// Diff audits the saved report r again against another policy, read from
// src (a file, or a URL that render renders): the policy replaces every
// site's declarations, or only those of the site that is the same site as
// only when it is given. o.Inputs names the report, for messages.
func Diff(ctx context.Context, o ReportOptions, r *report.Report, src, only string, render Renderer) error {
	if err := o.Output.Check(); err != nil {
		return err
	}
	doc, err := ReadPolicyInput(ctx, src, render)
	if err != nil {
		return err
	}
	if ApplyPolicy(r, only, doc) == 0 {
		return Inputf("--site %s: no such site in %s", only, strings.Join(o.Inputs, ", "))
	}
	EvaluateReport(r, o.Overrides, nil, nil)
	return o.Output.Emit(r)
}

// SitesOf keeps the sites of r that are the same site as only (see
// SameSite), and reports whether any was.
func SitesOf(r *report.Report, only string) bool {
	r.Sites = slices.DeleteFunc(r.Sites, func(s report.Site) bool { return !SameSite(s.URL, only) })
	return len(r.Sites) > 0
}

// prepare checks the output settings and reads the config, if any.
func (o *ReportOptions) prepare() (*Config, error) {
	if err := o.Output.Check(); err != nil {
		return nil, err
	}
	if o.ConfigPath == "" {
		return nil, nil
	}
	cfg, err := LoadConfig(o.ConfigPath)
	if err != nil {
		return nil, InputError{err}
	}
	return cfg, nil
}

// hasFindings reports whether any site of r carries findings, as the sites
// of a results log do (each is audited when its crawl ends).
func hasFindings(r *report.Report) bool {
	for _, s := range r.Sites {
		if len(s.Findings) > 0 || len(s.Matches) > 0 {
			return true
		}
	}
	return false
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return "at an unknown time"
	}
	return t.UTC().Format(time.RFC3339)
}
