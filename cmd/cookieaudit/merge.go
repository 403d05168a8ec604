package main

import (
	"fmt"

	"github.com/cookieaudit/cookieaudit/audit/report"

	"github.com/spf13/cobra"

	"github.com/cookieaudit/cookieaudit/cmd/internal/app"
)

func newMergeCmd(g *globalOptions) *cobra.Command {
	var out outputFlags
	var config string
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
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o := app.ReportOptions{
				Inputs: args, ConfigPath: config, Reevaluate: out.evaluationFlagsChanged(),
				Output: out.output(g), Tool: report.Tool{Name: "cookieaudit", Version: version},
				Warn: func(msg string) { fmt.Fprintln(g.stderr, "cookieaudit: warning:", msg) },
			}
			if err := out.overrides(&o.Overrides); err != nil {
				return err
			}
			return app.Merge(o)
		},
	}
	out.register(cmd)
	cmd.Flags().StringVar(&config, "config", "", "YAML config `FILE` whose defaults and per-site waivers apply when evaluating again")
	group(cmd.Flags(), groupAudit, "config")
	cmd.SetUsageFunc(groupedUsage)
	return cmd
}
