package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/cookieaudit/cookieaudit/audit/render"

	"github.com/spf13/cobra"

	"github.com/cookieaudit/cookieaudit/cmd/internal/app"
)

func newPolicyCmd(g *globalOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "policy",
		Short: "Read cookie policies",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return usagef("policy: a subcommand is required (see %s --help)", cmd.CommandPath())
		},
	}
	cmd.AddCommand(newPolicyExtractCmd(g, nil), newPolicyDraftCmd(g, nil))
	return cmd
}

// policyExtractOptions are the options of `cookieaudit policy extract`.
type policyExtractOptions struct {
	g        *globalOptions
	bf       *browserFlags
	format   string
	output   string
	cookieDB string
	source   string
}

// policyFormats are the output formats of `policy extract`.
var policyFormats = []string{"table", "json", "yaml", "csv"}

// newPolicyExtractCmd builds the policy extract command; runF runs it
// (runPolicyExtract when nil), so that tests can check the flags without
// reading a policy.
func newPolicyExtractCmd(g *globalOptions, runF func(context.Context, *policyExtractOptions) error) *cobra.Command {
	o := &policyExtractOptions{g: g, bf: &browserFlags{}}
	if runF == nil {
		runF = runPolicyExtract
	}
	cmd := &cobra.Command{
		Use:   "extract SOURCE",
		Short: "Read the cookies a policy declares",
		Long: `Extract reads a cookie policy and prints the cookies it declares and the
vendors it discloses without naming their cookies.

SOURCE is a file (.html, .htm, .txt, .yaml, .yml) or an http(s) URL, which is
rendered in the browser so that policies built by script are read too.

The YAML output is the declaration format a council can keep as its
authoritative list and give to scan --policy:

  cookieaudit policy extract https://www.example.gov.uk/cookies --format yaml > cookies.yaml`,
		Example: `  cookieaudit policy extract https://www.kent.gov.uk/about-this-site/cookies
  cookieaudit policy extract cookies.html --format json
  cookieaudit policy extract cookies.txt --format csv --output declared.csv`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.format = strings.ToLower(o.format)
			if !contains(policyFormats, o.format) {
				return usagef("--format %q: want one of %s", o.format, strings.Join(policyFormats, ", "))
			}
			o.source = args[0]
			return runF(cmd.Context(), o)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.format, "format", "f", "table", "output `FORMAT`: "+strings.Join(policyFormats, ", "))
	f.StringVarP(&o.output, "output", "o", "", "write to `FILE` instead of stdout")
	f.StringVar(&o.cookieDB, "cookie-db", "", "also look cookies up in `FILE`, a CSV in the Open Cookie Database layout (table and csv show the catalogue's vendor and category)")
	o.bf.register(f)
	return cmd
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func runPolicyExtract(ctx context.Context, o *policyExtractOptions) error {
	cat, err := app.LoadCatalogue(o.cookieDB)
	if err != nil {
		return err
	}
	doc, err := loadPolicyDoc(ctx, o.g, o.bf, o.source)
	if err != nil {
		return err
	}
	o.g.logger.Debug("policy read", "source", doc.Source, "declared", len(doc.Declared), "vendors", len(doc.Vendors))
	w := o.g.stdout
	var file *os.File
	if o.output != "" {
		file, err = os.Create(o.output)
		if err != nil {
			return fmt.Errorf("policy extract: %w", err)
		}
		w = file
	}
	err = render.WritePolicyExtract(w, o.format, doc, cat)
	if file != nil {
		if cerr := file.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("policy extract: %w", cerr)
		}
	}
	return err
}
