package app

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/cookieaudit/cookieaudit/audit/render"

	"github.com/cookieaudit/cookieaudit/audit/report"

	"github.com/cookieaudit/cookieaudit/audit"
	"github.com/cookieaudit/cookieaudit/crawler/observe"
)

// Output says what to do with a finished report: where to write it in
// which formats, what to compare it with, and when the run fails.
type Output struct {
	// Formats are format names; several only with Dir.
	Formats []string
	// File is -o: one report written atomically. Its extension picks the
	// format when Formats is empty, and must agree with it when not.
	File string
	// Dir is --output-dir: one file per format.
	Dir string
	// FailOn is the --fail-on gate, in audit.ParseFailOn's syntax.
	FailOn string
	// Baseline is a previous report; only findings new since it count for
	// FailOn. A missing baseline is an error unless BaselineOptional (the
	// first night of a nightly job).
	Baseline         string
	BaselineOptional bool
	// AllowSiteErrors keeps sites that could not be audited from failing
	// the run. `report` and `diff`, which render saved results again, set
	// it: the run that produced the results already failed for them.
	AllowSiteErrors bool
	// Stdout receives the report when neither File nor Dir is set;
	// Terminal says it is a terminal (the default format is then table,
	// else json). Stderr receives the reasons a run fails.
	Stdout   io.Writer
	Stderr   io.Writer
	Terminal bool
	// Width is the terminal's width in columns for the table format; 0
	// means the table's default.
	Width int
	// BaseDir is the directory relative screenshot paths in the report
	// are read from: the saved report's directory for `report`; "" means
	// Dir (or the current directory).
	BaseDir string

	// Set by Check.
	gate     audit.FailOn
	format   string
	previous *report.Report
	checked  bool
}

// formatForPath returns the format a file name implies, or "" when it
// names none.
func formatForPath(path string) string {
	f, _ := render.FormatForPath(path)
	return f
}

// canonicalFormat spells a format's aliases one way.
func canonicalFormat(name string) string {
	if f, ok := render.LookupFormat(name); ok {
		return f.Name
	}
	return strings.ToLower(strings.TrimSpace(name))
}

// Check validates the output settings and reads the baseline, so that a
// mistake is reported before anything is crawled. Its errors are
// InputErrors.
func (o *Output) Check() error {
	var formats []string
	for _, f := range o.Formats {
		f = canonicalFormat(f)
		if f == "" {
			continue
		}
		if _, err := render.WriterFor(f); err != nil {
			return Inputf("--format %q: want one of %s", f, strings.Join(render.FormatNames(), ", "))
		}
		formats = append(formats, f)
	}
	o.Formats = formats
	if o.File != "" && o.Dir != "" {
		return Inputf("--output and --output-dir cannot be used together")
	}
	if len(o.Formats) > 1 && o.Dir == "" {
		return Inputf("--format lists %d formats: use --output-dir DIR to write several", len(o.Formats))
	}
	gate, err := audit.ParseFailOn(o.FailOn)
	if err != nil {
		return InputError{err}
	}
	o.gate = gate
	if o.File != "" {
		if err := checkWritableDir(filepath.Dir(o.File)); err != nil {
			return Inputf("--output %s: %v", o.File, err)
		}
		implied := formatForPath(o.File)
		switch {
		case len(o.Formats) == 1 && implied != "" && implied != o.Formats[0] && !(implied == "csv" && o.Formats[0] == "cookies-csv"):
			return Inputf("--output %s names a .%s file but --format is %s: change one so they agree", o.File, implied, o.Formats[0])
		case len(o.Formats) == 1:
			o.format = o.Formats[0]
		case implied != "":
			o.format = implied
		default:
			o.format = "json"
		}
	}
	if o.Dir != "" {
		if err := checkWritableDir(nearestExisting(o.Dir)); err != nil {
			return Inputf("--output-dir %s: %v", o.Dir, err)
		}
	}
	if o.Baseline != "" {
		prev, err := report.ReadReportFile(o.Baseline)
		switch {
		case err == nil:
			o.previous = prev
		case errors.Is(err, os.ErrNotExist) && o.BaselineOptional:
			o.previous = nil
		case errors.Is(err, os.ErrNotExist):
			return Inputf("--baseline %s does not exist: on the first run of a job give --baseline-optional, or drop --baseline", o.Baseline)
		default:
			return Inputf("--baseline %s: %v (want a JSON report written by cookieaudit)", o.Baseline, err)
		}
	}
	o.checked = true
	return nil
}

// checkWritableDir says what is wrong with writing into dir.
func checkWritableDir(dir string) error {
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return fmt.Errorf("directory %s does not exist: create it first", dir)
	case err != nil:
		return err
	case !fi.IsDir():
		return fmt.Errorf("%s is not a directory", dir)
	}
	return nil
}

// nearestExisting returns dir or its closest existing parent.
func nearestExisting(dir string) string {
	for {
		if _, err := os.Stat(dir); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return dir
		}
		dir = parent
	}
}

// Emit applies the baseline, writes the report and decides the outcome: an
// error wrapping ErrSitesNotAudited when a site could not be audited
// (unless AllowSiteErrors), else ErrFindings when the gate is met, else
// nil. Check must have been called.
func (o *Output) Emit(r *report.Report) error {
	if !o.checked {
		if err := o.Check(); err != nil {
			return err
		}
	}
	if o.previous != nil {
		audit.ApplyBaseline(r, o.previous)
		r.Baseline = o.Baseline
	} else if o.Baseline != "" {
		render.WriteWarning(o.Stderr, fmt.Sprintf("baseline %s not found (--baseline-optional): every finding counts as new", o.Baseline))
	}
	var written []string
	switch {
	case o.Dir != "":
		base := o.BaseDir
		if base == "" {
			base = o.Dir
		}
		paths, err := render.WriteFilesWith(o.Dir, o.Formats, r, render.WriteOptions{BaseDir: base, FailOn: o.gate})
		if err != nil {
			return err
		}
		written = paths
	default:
		format := o.format
		if format == "" {
			format = "json"
			if len(o.Formats) > 0 {
				format = o.Formats[0]
			} else if o.Terminal {
				format = "table"
			}
		}
		w, err := render.WriterWith(format, render.WriteOptions{BaseDir: o.BaseDir, Width: o.Width, FailOn: o.gate})
		if err != nil {
			return InputError{err}
		}
		if o.File != "" {
			if err := report.WriteFileAtomic(o.File, func(out io.Writer) error { return w.Write(out, r) }); err != nil {
				return fmt.Errorf("write %s: %w", o.File, err)
			}
			written = []string{o.File}
		} else if err := w.Write(o.Stdout, r); err != nil {
			return err
		}
	}
	// A CI log explains itself: a summary on stderr unless the report
	// itself went to a terminal.
	if (o.Dir != "" || o.File != "" || !o.Terminal) && o.Stderr != nil {
		if err := render.WriteRunSummary(o.Stderr, r, written); err != nil {
			return err
		}
	}
	if bad := NotAudited(r); len(bad) > 0 && !o.AllowSiteErrors {
		s := bad[0]
		err := fmt.Errorf("%w: %d of %d site(s), first %s (%s); --allow-site-errors lets the run pass",
			ErrSitesNotAudited, len(bad), len(r.Sites), s.URL, oneLine(s.Error))
		if f := o.findingsOutcome(r); f != nil {
			err = errors.Join(err, f)
		}
		return err
	}
	return o.findingsOutcome(r)
}

// findingsOutcome is ErrFindings, with the first failing finding, when the
// gate is met.
func (o *Output) findingsOutcome(r *report.Report) error {
	failing := o.gate.Failing(r)
	if len(failing) == 0 {
		return nil
	}
	since := ""
	if r.Baseline != "" {
		since = " (new since the baseline)"
	}
	f := failing[0]
	return outcome{ErrFindings, fmt.Sprintf("%d finding(s) meet --fail-on %s%s; first: %s %s %s",
		len(failing), o.gate, since, f.Severity, f.Rule, audit.TerminalSafe(f.Cookie))}
}

// NotAudited returns the sites of r that could not be audited: failed
// (unreachable, TLS, DNS, an HTTP error on the start page) or interrupted.
func NotAudited(r *report.Report) []report.Site {
	var out []report.Site
	for _, s := range r.Sites {
		switch s.Status {
		case observe.SiteFailed, observe.SiteInterrupted:
			out = append(out, s)
		case "":
			if s.Error != "" { // a report written before Status existed
				out = append(out, s)
			}
		}
	}
	return out
}

func oneLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return audit.TerminalSafe(s)
}
