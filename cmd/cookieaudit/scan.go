package main

import (
	"errors"

	"github.com/spf13/cobra"
)

func newScanCmd(g *globalOptions) *cobra.Command {
	return &cobra.Command{Use: "scan URL...", Short: "Crawl sites and audit their cookies", RunE: func(*cobra.Command, []string) error {
		return errors.New("scan: not built yet")
	}}
}

func newDemoCmd(g *globalOptions) *cobra.Command {
	return &cobra.Command{Use: "demo", Short: "Scan built-in demo council sites", RunE: func(*cobra.Command, []string) error {
		return errors.New("demo: not built yet")
	}}
}
