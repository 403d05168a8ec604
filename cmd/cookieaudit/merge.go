package main

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/cookieaudit/cookieaudit/audit/render"
	"github.com/cookieaudit/cookieaudit/audit/report"
	"github.com/cookieaudit/cookieaudit/cmd/internal/app"
)

// mergeOptions are the inputs of `cookieaudit merge`.
type mergeOptions struct {
	g         *globalOptions
	out       outputFlags
	overrides app.Overrides
	config    string
	inputs    []string
}

// newMergeCmd builds the merge command; runF runs it (runMerge when nil),
// so that tests can check the flags without merging.
func newMergeCmd(g *globalOptions, runF func(context.Context, *mergeOptions) error) *cobra.Command {
	o := &mergeOptions{g: g}
	if runF == nil {
		runF = runMerge
	}
	cmd := &cobra.Command{
		Use:   "merge RESULTS...",
		Short: "Combine shard results (reports or --results logs) into one report",
		Long: `Merge reads the reports (JSON) or results logs (JSON Lines) of shards of one
run (--shard K/N), or of a run and its resume, and writes one report, sites
sorted by URL, exactly as an unsharded run would. A file that is neither
(SARIF, an empty file) is refused. A site found in several inputs keeps its
newest result (by finished_at), and a warning says so. Reports never audited
are audited as 'report' does. --fail-on, --baseline and the exit status
(see 'cookieaudit scan --help') apply to the merged report.`,
		Example: "  cookieaudit merge shard-*.jsonl --output-dir report/ --fail-on high",
		Args:    minimumArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.out.overrides(&o.overrides); err != nil {
				return err
			}
			o.inputs = args
			return runF(cmd.Context(), o)
		},
	}
	o.out.register(cmd)
	cmd.Flags().StringVar(&o.config, "config", "", "YAML config `FILE` whose defaults and per-site waivers apply when evaluating again")
	group(cmd.Flags(), groupAudit, "config")
	cmd.SetUsageFunc(groupedUsage)
	return cmd
}

func runMerge(_ context.Context, o *mergeOptions) error {
	ro := app.ReportOptions{
		Inputs: o.inputs, ConfigPath: o.config, Overrides: o.overrides, Reevaluate: o.out.evaluationFlagsChanged(),
		Output: o.out.output(o.g), Tool: report.Tool{Name: "cookieaudit", Version: version},
		Warn: func(msg string) { render.WriteWarning(o.g.stderr, msg) },
	}
	return app.Merge(ro)
}
