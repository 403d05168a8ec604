package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// Placeholders until the audit lands (issue 4).
func newReportCmd(g *globalOptions) *cobra.Command {
	return &cobra.Command{Use: "report", Short: "Render saved results", RunE: func(*cobra.Command, []string) error {
		return errors.New("report: not built yet")
	}}
}

func newDiffCmd(g *globalOptions) *cobra.Command {
	return &cobra.Command{Use: "diff", Short: "Audit a saved scan against a policy", RunE: func(*cobra.Command, []string) error {
		return errors.New("diff: not built yet")
	}}
}
