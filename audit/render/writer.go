package render

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/cookieaudit/cookieaudit/audit"

	"github.com/cookieaudit/cookieaudit/audit/report"
)

// Writer renders a report in one format.
type Writer interface {
	Write(w io.Writer, r *report.Report) error
}

// WriteOptions carry what some writers need beyond the report itself.
// The zero value is valid.
type WriteOptions struct {
	// Width is the number of columns the terminal table fits; 0 means
	// DefaultTableWidth.
	Width int
	// BaseDir is the directory that relative screenshot paths in the
	// report are read from (the directory of the report file); "" means
	// the current directory.
	BaseDir string
	// Catalogue describes cookies the policy does not, for the policy
	// draft; nil means policy.DefaultCatalogue().
	Catalogue audit.CookieLookup
	// FailOn is the run's --fail-on gate: the HTML report's verdict per
	// site follows it when given.
	FailOn audit.FailOn
}

// Format is one report format: the one place that knows its name, the
// other names it answers to, the file WriteFilesWith gives it and its writer.
type Format struct {
	Name    string
	Aliases []string
	// File is the name WriteFilesWith writes the format to.
	File string
	// Extensions are the output file extensions FormatForPath maps to the
	// format; when two formats claim one, the first in Formats wins.
	Extensions []string
	// Description says in a few words what the format is, for help text.
	Description string
	// Default says whether WriteFilesWith writes the format when given none.
	Default bool
	// New returns the format's writer.
	New func(WriteOptions) Writer
}

// Formats lists every report format, in the order WriteFilesWith writes them.
// Adding a format is one row here and its writer's file.
var Formats = []Format{
	{Name: "table", File: "report.txt", Extensions: []string{".txt"}, Description: "terminal tables fitted to the width",
		New: func(o WriteOptions) Writer { return TableWriter{Width: o.Width} }},
	{Name: "json", File: "report.json", Extensions: []string{".json"}, Description: "the whole report (schema " + report.Schema + ")", Default: true,
		New: func(WriteOptions) Writer { return JSONWriter{} }},
	{Name: "csv", Aliases: []string{"findings-csv"}, File: "findings.csv", Extensions: []string{".csv"}, Description: "one row per finding", Default: true,
		New: func(WriteOptions) Writer { return FindingsCSVWriter{} }},
	{Name: "cookies-csv", File: "cookies.csv", Description: "one row per cookie sighting", Default: true,
		New: func(WriteOptions) Writer { return CookiesCSVWriter{} }},
	{Name: "md", Aliases: []string{"markdown"}, File: "report.md", Extensions: []string{".md", ".markdown"}, Description: "Markdown for a ticket", Default: true,
		New: func(WriteOptions) Writer { return MarkdownWriter{} }},
	{Name: "html", File: "report.html", Extensions: []string{".html", ".htm"}, Description: "one self-contained page with screenshots", Default: true,
		New: func(o WriteOptions) Writer { return HTMLWriter{BaseDir: o.BaseDir, FailOn: o.FailOn} }},
	{Name: "sarif", File: "report.sarif", Extensions: []string{".sarif"}, Description: "SARIF 2.1.0 for code scanning", Default: true,
		New: func(WriteOptions) Writer { return SARIFWriter{} }},
	{Name: "junit", File: "junit.xml", Extensions: []string{".xml"}, Description: "JUnit XML, a suite per site", Default: true,
		New: func(WriteOptions) Writer { return JUnitWriter{} }},
	{Name: "policy-md", File: "cookie-policy.md", Description: "the cookie table the site's policy should contain, in Markdown",
		New: func(o WriteOptions) Writer {
			return PolicyDraftWriter{Style: DraftMarkdown, Catalogue: o.Catalogue}
		}},
	{Name: "policy-html", File: "cookie-policy.html", Description: "the cookie table the site's policy should contain, as a web page",
		New: func(o WriteOptions) Writer { return PolicyDraftWriter{Style: DraftHTML, Catalogue: o.Catalogue} }},
	{Name: "policy-yaml", File: "cookie-policy.yaml", Extensions: []string{".yaml", ".yml"}, Description: "the cookie table the site's policy should contain, as YAML declarations (scan --policy reads them)",
		New: func(o WriteOptions) Writer { return PolicyDraftWriter{Style: DraftYAML, Catalogue: o.Catalogue} }},
}

// LookupFormat finds a format by name or alias, ignoring case and
// surrounding space.
func LookupFormat(name string) (Format, bool) {
	n := strings.ToLower(strings.TrimSpace(name))
	for _, f := range Formats {
		if f.Name == n || slices.Contains(f.Aliases, n) {
			return f, true
		}
	}
	return Format{}, false
}

// FormatForPath picks the format an output file's name asks for: a file
// named as WriteFilesWith names a format (cookies.csv, junit.xml,
// cookie-policy.md) gets that format, else its extension decides
// (report.html is html, out.csv is csv). It returns false when neither
// says.
func FormatForPath(path string) (string, bool) {
	base := strings.ToLower(filepath.Base(path))
	for _, f := range Formats {
		if f.File == base {
			return f.Name, true
		}
	}
	ext := filepath.Ext(base)
	for _, f := range Formats {
		if ext != "" && slices.Contains(f.Extensions, ext) {
			return f.Name, true
		}
	}
	return "", false
}

// WriterFor returns the writer for a format name or alias, with default
// options.
func WriterFor(format string) (Writer, error) {
	return WriterWith(format, WriteOptions{})
}

// WriterWith returns the writer for a format name or alias, with options.
func WriterWith(format string, opts WriteOptions) (Writer, error) {
	f, ok := LookupFormat(format)
	if !ok {
		return nil, fmt.Errorf("audit: unknown format %q (want %s)", format, strings.Join(FormatNames(), ", "))
	}
	return f.New(opts), nil
}

// FormatNames lists the format names.
func FormatNames() []string {
	out := make([]string, len(Formats))
	for i, f := range Formats {
		out[i] = f.Name
	}
	return out
}

// DefaultFileFormats lists the formats WriteFilesWith writes when given none.
func DefaultFileFormats() []string {
	var out []string
	for _, f := range Formats {
		if f.Default {
			out = append(out, f.Name)
		}
	}
	return out
}

// WriteFilesWith writes the report in each format into dir (created if
// needed) under the format's file name (see Formats), with the writer
// options (opts.BaseDir is where screenshot paths are read from), and
// returns the paths written in order. No formats means DefaultFileFormats.
// Each file is written to a temporary name and renamed, so a reader never
// sees half a report.
func WriteFilesWith(dir string, formats []string, r *report.Report, opts WriteOptions) ([]string, error) {
	if len(formats) == 0 {
		formats = DefaultFileFormats()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("audit: create output directory: %w", err)
	}
	var paths []string
	for _, name := range formats {
		f, ok := LookupFormat(name)
		if !ok {
			return paths, fmt.Errorf("audit: unknown format %q (want %s)", name, strings.Join(FormatNames(), ", "))
		}
		w := f.New(opts)
		p := filepath.Join(dir, f.File)
		if err := report.WriteFileAtomic(p, func(out io.Writer) error { return w.Write(out, r) }); err != nil {
			return paths, fmt.Errorf("audit: write %s: %w", p, err)
		}
		paths = append(paths, p)
	}
	return paths, nil
}

// JSONWriter writes the report as indented JSON (schema v1).
type JSONWriter struct{}

// Write implements Writer.
func (JSONWriter) Write(w io.Writer, r *report.Report) error {
	return report.Write(w, r)
}
