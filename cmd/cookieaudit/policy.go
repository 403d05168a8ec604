package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// Placeholder until the policy reader lands (issue 3).
func newPolicyCmd(g *globalOptions) *cobra.Command {
	return &cobra.Command{Use: "policy", Short: "Read cookie policies", RunE: func(*cobra.Command, []string) error {
		return errors.New("policy: not built yet")
	}}
}
