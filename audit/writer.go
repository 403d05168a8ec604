package audit

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Writer renders a report in one format.
type Writer interface {
	Write(w io.Writer, r *Report) error
}

// Formats lists the report formats WriterFor knows, with the file name
// WriteFiles gives each.
var Formats = []struct {
	Name, File string
}{
	{"table", "report.txt"},
	{"json", "report.json"},
	{"csv", "findings.csv"},
	{"cookies-csv", "cookies.csv"},
	{"md", "report.md"},
	{"html", "report.html"},
	{"sarif", "report.sarif"},
	{"junit", "junit.xml"},
}

// FileFormats are the formats WriteFiles writes when given none: every
// format except the terminal table.
var FileFormats = []string{"json", "csv", "cookies-csv", "md", "html", "sarif", "junit"}

// WriterFor returns the writer for a format name.
func WriterFor(format string) (Writer, error) {
	switch strings.ToLower(strings.TrimSpace(format)) {
	case "table":
		return TableWriter{}, nil
	case "json":
		return JSONWriter{}, nil
	case "csv":
		return FindingsCSVWriter{}, nil
	case "cookies-csv":
		return CookiesCSVWriter{}, nil
	case "md", "markdown":
		return MarkdownWriter{}, nil
	case "html":
		return HTMLWriter{}, nil
	case "sarif":
		return SARIFWriter{}, nil
	case "junit":
		return JUnitWriter{}, nil
	}
	return nil, fmt.Errorf("audit: unknown format %q (want %s)", format, strings.Join(FormatNames(), ", "))
}

// fileNameFor is the file WriteFiles writes a (known) format to.
func fileNameFor(format string) string {
	f := strings.ToLower(strings.TrimSpace(format))
	if f == "markdown" {
		f = "md"
	}
	for _, x := range Formats {
		if x.Name == f {
			return x.File
		}
	}
	return "report." + f
}

// FormatNames lists the format names.
func FormatNames() []string {
	var out []string
	for _, f := range Formats {
		out = append(out, f.Name)
	}
	return out
}

// WriteFiles writes the report in each format into dir (created if needed)
// under the format's file name (report.json, findings.csv, cookies.csv,
// report.md, report.html, report.sarif, junit.xml, report.txt for the
// table), and returns the paths written in order. No formats means
// FileFormats. Each file is written to a temporary name and renamed, so a
// reader never sees half a report.
func WriteFiles(dir string, formats []string, r *Report) ([]string, error) {
	if len(formats) == 0 {
		formats = FileFormats
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("audit: create output directory: %w", err)
	}
	var paths []string
	for _, name := range formats {
		w, err := WriterFor(name)
		if err != nil {
			return paths, err
		}
		p := filepath.Join(dir, fileNameFor(name))
		if err := WriteFileAtomic(p, func(out io.Writer) error { return w.Write(out, r) }); err != nil {
			return paths, fmt.Errorf("audit: write %s: %w", p, err)
		}
		paths = append(paths, p)
	}
	return paths, nil
}

// WriteFileAtomic writes a file through a temporary name in the same
// directory, so a reader never sees half a report. A path that exists and is
// not a regular file (/dev/null, a pipe) is written directly.
func WriteFileAtomic(path string, write func(io.Writer) error) error {
	if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() {
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return err
		}
		if err := write(f); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// JSONWriter writes the report as indented JSON (schema v1).
type JSONWriter struct{}

// Write implements Writer.
func (JSONWriter) Write(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("audit: encode json: %w", err)
	}
	return nil
}

// ReadReport reads a JSON report and checks its schema.
func ReadReport(rd io.Reader) (*Report, error) {
	var r Report
	dec := json.NewDecoder(rd)
	if err := dec.Decode(&r); err != nil {
		return nil, fmt.Errorf("audit: read report: %w", err)
	}
	if r.Schema != Schema {
		return nil, fmt.Errorf("audit: read report: schema %q is not %q", r.Schema, Schema)
	}
	return &r, nil
}

// ReadReportFile reads a JSON report from a file.
func ReadReportFile(path string) (*Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}
	defer f.Close()
	r, err := ReadReport(f)
	if err != nil {
		return nil, fmt.Errorf("%w (%s)", err, path)
	}
	return r, nil
}
