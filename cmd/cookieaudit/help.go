package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Flag groups, in the order --help shows them.
const (
	groupCrawl   = "Crawl"
	groupConsent = "Consent"
	groupPolicy  = "Policy"
	groupAudit   = "Audit"
	groupOutput  = "Output"
	groupCI      = "CI"
	groupBrowser = "Browser"
)

var groupOrder = []string{groupCrawl, groupConsent, groupPolicy, groupAudit, groupOutput, groupCI, groupBrowser}

// groupAnnotation marks a flag's help group.
const groupAnnotation = "cookieaudit_group"

// group puts flags (those that exist) in a help group.
func group(fs *pflag.FlagSet, name string, flags ...string) {
	for _, f := range flags {
		if fs.Lookup(f) != nil {
			_ = fs.SetAnnotation(f, groupAnnotation, []string{name})
		}
	}
}

// completeValues completes a flag's values (comma lists included) from a
// fixed set, for the shell completions.
func completeValues(cmd *cobra.Command, flag string, values ...string) {
	_ = cmd.RegisterFlagCompletionFunc(flag, func(_ *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		prefix := ""
		if i := strings.LastIndex(toComplete, ","); i >= 0 {
			prefix = toComplete[:i+1]
		}
		var out []string
		for _, v := range values {
			out = append(out, prefix+v)
		}
		return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
	})
}

// groupedUsage prints a command's flags by group, so a command with many
// flags reads as sections: crawl, consent, policy, audit, output, CI,
// browser, then the rest.
func groupedUsage(cmd *cobra.Command) error {
	w := cmd.OutOrStderr()
	fmt.Fprintf(w, "Usage:\n  %s\n", cmd.UseLine())
	if cmd.Example != "" {
		fmt.Fprintf(w, "\nExamples:\n%s\n", cmd.Example)
	}
	sets := map[string]*pflag.FlagSet{}
	other := pflag.NewFlagSet("other", pflag.ContinueOnError)
	cmd.LocalFlags().VisitAll(func(f *pflag.Flag) {
		if f.Name == "help" {
			return
		}
		name := ""
		if g := f.Annotations[groupAnnotation]; len(g) > 0 {
			name = g[0]
		}
		fs := other
		if name != "" {
			if sets[name] == nil {
				sets[name] = pflag.NewFlagSet(name, pflag.ContinueOnError)
			}
			fs = sets[name]
		}
		fs.AddFlag(f)
	})
	for _, name := range groupOrder {
		if fs := sets[name]; fs != nil {
			fmt.Fprintf(w, "\n%s flags:\n%s", name, fs.FlagUsagesWrapped(100))
		}
	}
	if other.HasFlags() {
		fmt.Fprintf(w, "\nOther flags:\n%s", other.FlagUsagesWrapped(100))
	}
	fmt.Fprintf(w, "\nUse \"%s --help\" for this help.\n", cmd.CommandPath())
	if cmd.HasAvailableInheritedFlags() {
		fmt.Fprintf(w, "\nGlobal flags:\n%s", cmd.InheritedFlags().FlagUsagesWrapped(100))
	}
	return nil
}
