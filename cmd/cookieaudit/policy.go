package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/cookieaudit/cookieaudit/audit/render"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"
	"github.com/spf13/cobra"

	"github.com/cookieaudit/cookieaudit/audit"
	"github.com/cookieaudit/cookieaudit/cmd/internal/app"
	"github.com/cookieaudit/cookieaudit/policy"
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
	cmd.AddCommand(newPolicyExtractCmd(g), newPolicyDraftCmd(g))
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

func newPolicyExtractCmd(g *globalOptions) *cobra.Command {
	o := &policyExtractOptions{g: g, bf: &browserFlags{}}
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
			return runPolicyExtract(cmd.Context(), o)
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
	cat, err := app.Catalogue(o.cookieDB)
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
	err = writePolicy(w, o.format, doc, cat)
	if file != nil {
		if cerr := file.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("policy extract: %w", cerr)
		}
	}
	return err
}

// writePolicy renders a document in one of policyFormats.
func writePolicy(w io.Writer, format string, doc *policy.Document, cat *policy.Catalogue) error {
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		if err := enc.Encode(doc); err != nil {
			return fmt.Errorf("policy extract: json: %w", err)
		}
		return nil
	case "yaml":
		b, err := policy.MarshalYAML(doc)
		if err != nil {
			return err
		}
		_, err = w.Write(b)
		return err
	case "csv":
		return writePolicyCSV(w, doc, cat)
	}
	return writePolicyTable(w, doc, cat)
}

// expirySeconds renders a declared lifetime in seconds, or "" when none is
// stated.
func expirySeconds(d policy.Declaration) string {
	if d.ExpirySeconds == nil {
		return ""
	}
	return fmt.Sprint(*d.ExpirySeconds)
}

// catalogueCell says what the catalogue knows about a declared name.
func catalogueCell(cat *policy.Catalogue, d policy.Declaration) (vendor, category string) {
	e, ok := cat.Lookup(d.Pattern)
	if !ok {
		e, ok = cat.Lookup(d.Name)
	}
	if !ok {
		return "", ""
	}
	return e.Vendor, string(e.Category)
}

func writePolicyTable(w io.Writer, doc *policy.Document, cat *policy.Catalogue) error {
	if _, err := fmt.Fprintf(w, "Policy: %s\n", audit.TerminalSafe(doc.Source)); err != nil {
		return err
	}
	if len(doc.Declared) == 0 {
		if _, err := fmt.Fprintln(w, "No cookies declared by name."); err != nil {
			return err
		}
	} else {
		t := tablewriter.NewTable(w, tablewriter.WithHeaderAutoFormat(tw.Off))
		t.Header("Name", "Pattern", "Category", "Provider", "Expiry", "Seconds", "Catalogue", "Source")
		for _, d := range doc.Declared {
			vendor, category := catalogueCell(cat, d)
			known := ""
			if vendor != "" {
				known = vendor + " (" + category + ")"
			}
			if err := t.Append([]string{audit.TerminalSafe(d.Name), audit.TerminalSafe(d.Pattern), string(d.Category),
				audit.TerminalSafe(d.Provider), audit.TerminalSafe(shorten(d.ExpiryText, 40)), expirySeconds(d),
				audit.TerminalSafe(known), audit.TerminalSafe(shorten(d.Source, 50))}); err != nil {
				return fmt.Errorf("policy extract: table: %w", err)
			}
		}
		if err := t.Render(); err != nil {
			return fmt.Errorf("policy extract: table: %w", err)
		}
	}
	if len(doc.Vendors) > 0 {
		var vs []string
		for _, v := range doc.Vendors {
			vs = append(vs, audit.TerminalSafe(v.Vendor)+" ("+string(v.Category)+")")
		}
		if _, err := fmt.Fprintf(w, "Vendors disclosed: %s\n", strings.Join(vs, ", ")); err != nil {
			return err
		}
	}
	return nil
}

// shorten cuts s to at most n runes, marking the cut.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// writePolicyCSV writes one row per declaration, with a UTF-8 byte order
// mark (for spreadsheets) and every cell neutralised against formula
// injection.
func writePolicyCSV(w io.Writer, doc *policy.Document, cat *policy.Catalogue) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	rows := [][]string{{"name", "pattern", "purpose", "category", "provider", "domain", "expiry_text", "expiry_seconds", "source", "catalogue_vendor", "catalogue_category"}}
	for _, d := range doc.Declared {
		vendor, category := catalogueCell(cat, d)
		rows = append(rows, []string{d.Name, d.Pattern, d.Purpose, string(d.Category), d.Provider, d.Domain,
			d.ExpiryText, expirySeconds(d), d.Source, vendor, category})
	}
	for i, row := range rows {
		if i > 0 {
			for j := range row {
				row[j] = render.SafeCell(row[j])
			}
		}
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("policy extract: csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("policy extract: csv: %w", err)
	}
	return nil
}
