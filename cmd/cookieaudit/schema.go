package main

import (
	"github.com/spf13/cobra"

	"github.com/cookieaudit/cookieaudit/audit/report"
)

// newSchemaCmd builds the schema command, which prints the report's JSON
// Schema.
func newSchemaCmd(g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "schema",
		Short: "Print the JSON Schema of the report (cookieaudit/report/v1)",
		Long: `Schema prints the JSON Schema (draft 2020-12) that every JSON report
follows: schema cookieaudit/report/v1. Validate reports in CI with any JSON
Schema validator, e.g.
  cookieaudit schema > report.schema.json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			_, err := g.stdout.Write(report.SchemaJSON)
			return err
		},
	}
}
