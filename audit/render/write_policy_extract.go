package render

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/cookieaudit/cookieaudit/audit"
	"github.com/cookieaudit/cookieaudit/policy"
	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"
)

// WritePolicyExtract writes what a policy declares, as `cookieaudit policy
// extract` shows it: format is json, yaml, csv, or anything else for a
// table. Each declared name is shown with what the catalogue knows of it.
func WritePolicyExtract(w io.Writer, format string, doc *policy.Document, cat *policy.Catalogue) error {
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
	if !d.Expiry.Known() {
		return ""
	}
	return fmt.Sprint(d.Expiry.Seconds())
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
				row[j] = SafeCell(row[j])
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
