package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/cookieaudit/cookieaudit/audit/render"

	"github.com/cookieaudit/cookieaudit/audit/report"

	"github.com/spf13/cobra"

	"github.com/cookieaudit/cookieaudit/cmd/internal/app"
)

// policyDraftOptions are the options of `cookieaudit policy draft`.
type policyDraftOptions struct {
	g        *globalOptions
	format   string
	output   string
	cookieDB string
	site     string
	input    string
	stdin    io.Reader
}

// draftFormats are the forms of `policy draft`, each the report format
// "policy-" + name.
var draftFormats = []string{"md", "html", "yaml"}

// newPolicyDraftCmd builds the policy draft command; runF runs it
// (runPolicyDraft when nil), so that tests can check the flags without
// drafting.
func newPolicyDraftCmd(g *globalOptions, runF func(context.Context, *policyDraftOptions) error) *cobra.Command {
	o := &policyDraftOptions{g: g}
	if runF == nil {
		runF = runPolicyDraft
	}
	cmd := &cobra.Command{
		Use:   "draft REPORT.json",
		Short: "Draft the cookie table a site's policy should contain",
		Long: `Draft writes, from a saved scan report, the cookie table each site's cookie
policy should contain: every cookie seen (before consent, after accepting and
after rejecting), with its provider, purpose and category from the site's
policy where it declares them, else from the catalogue of well-known cookies,
the longest lifetime seen in words ("2 years", "when you close your browser"),
and whether it is first or third party. Cookies the policy does not declare are
marked new; cookies it declares but that were not seen are marked for review.

The YAML form is the declaration format scan --policy reads, so the draft can
be kept in git as the site's authoritative list. REPORT.json may be - for stdin.`,
		Example: `  cookieaudit policy draft results.json > cookie-table.md
  cookieaudit policy draft results.json --format html -o cookie-table.html
  cookieaudit policy draft results.json --site https://www.example.gov.uk/ --format yaml > cookies.yaml`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.format = strings.ToLower(strings.TrimSpace(o.format))
			if !cmd.Flags().Changed("format") && o.output != "" {
				if f, ok := render.FormatForPath(o.output); ok && strings.HasPrefix(f, "policy-") {
					o.format = strings.TrimPrefix(f, "policy-")
				} else if ok && (f == "html" || f == "md") {
					o.format = f
				}
			}
			if !contains(draftFormats, o.format) {
				return usagef("--format %q: want one of %s", o.format, strings.Join(draftFormats, ", "))
			}
			o.input, o.stdin = args[0], cmd.InOrStdin()
			return runF(cmd.Context(), o)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.format, "format", "f", "md", "output `FORMAT`: "+strings.Join(draftFormats, ", ")+" (default from --output's extension, else md)")
	f.StringVarP(&o.output, "output", "o", "", "write to `FILE` instead of stdout")
	f.StringVar(&o.cookieDB, "cookie-db", "", "also look cookies up in `FILE`, a CSV in the Open Cookie Database layout")
	f.StringVar(&o.site, "site", "", "draft only the site with this `URL`")
	return cmd
}

func runPolicyDraft(_ context.Context, o *policyDraftOptions) error {
	r, err := readReportArg(o.input, o.stdin)
	if err != nil {
		return err
	}
	if o.site != "" && !app.SitesOf(r, o.site) {
		return usagef("--site %s: not in %s", o.site, o.input)
	}
	cat, err := app.LoadCatalogue(o.cookieDB)
	if err != nil {
		return err
	}
	w, err := render.WriterWith("policy-"+o.format, render.WriteOptions{Catalogue: cat})
	if err != nil {
		return app.InputError{Err: err}
	}
	if o.output == "" {
		return w.Write(o.g.stdout, r)
	}
	if err := report.WriteFileAtomic(o.output, func(out io.Writer) error { return w.Write(out, r) }); err != nil {
		return fmt.Errorf("policy draft: write %s: %w", o.output, err)
	}
	return nil
}
