package main

import (
	"github.com/spf13/cobra"

	"github.com/cookieaudit/cookieaudit/audit"
)

// mergeOptions are the options of `cookieaudit merge`.
type mergeOptions struct {
	inputs []string
	out    outputFlags
}

func newMergeCmd(g *globalOptions) *cobra.Command {
	o := &mergeOptions{}
	cmd := &cobra.Command{
		Use:   "merge RESULTS...",
		Short: "Combine shard results (reports or --results logs) into one report",
		Long: `Merge reads the reports (JSON) or results logs (JSON Lines) of shards of one
run (--shard K/N) and writes one report, sites sorted by URL, exactly as an
unsharded run would. --fail-on and --baseline apply to the merged report.`,
		Example: "  cookieaudit merge shard-*.jsonl --output-dir report/ --fail-on high",
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.inputs = args
			if err := o.out.validate(); err != nil {
				return err
			}
			return runMerge(g, o)
		},
	}
	o.out.register(cmd.Flags())
	return cmd
}

func runMerge(g *globalOptions, o *mergeOptions) error {
	var reports []*audit.Report
	for _, in := range o.inputs {
		r, err := audit.LoadResults(in)
		if err != nil {
			return err
		}
		reports = append(reports, r)
	}
	return o.out.emit(g, audit.Merge(audit.Tool{Name: "cookieaudit", Version: version}, reports...))
}
