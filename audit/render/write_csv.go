package render

import (
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/cookieaudit/cookieaudit/audit"

	"github.com/cookieaudit/cookieaudit/audit/report"

	"github.com/cookieaudit/cookieaudit/crawler/observe"
)

// The CSV files start with a UTF-8 byte order mark and use CRLF line
// endings: without the mark Excel reads UTF-8 as the local code page and
// mangles non-ASCII cookie names; LibreOffice, Google Sheets and Python's
// "utf-8-sig" codec all accept it.
const utf8BOM = "\ufeff"

// SafeCell neutralises a CSV cell that a spreadsheet would run as a
// formula: a cell beginning with '=', '+', '-', '@', tab, CR or LF gets a
// leading single quote, which spreadsheets show as text.
func SafeCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r', '\n':
		return "'" + s
	}
	return s
}

// csvOut writes neutralised records.
type csvOut struct {
	w *csv.Writer
}

func newCSVOut(w io.Writer) (*csvOut, error) {
	if _, err := io.WriteString(w, utf8BOM); err != nil {
		return nil, err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	return &csvOut{w: cw}, nil
}

func (c *csvOut) row(cells ...string) error {
	for i, s := range cells {
		cells[i] = SafeCell(s)
	}
	return c.w.Write(cells)
}

func (c *csvOut) flush() error {
	c.w.Flush()
	return c.w.Error()
}

// FindingsCSVWriter writes one row per finding.
type FindingsCSVWriter struct{}

// Write implements Writer.
func (FindingsCSVWriter) Write(w io.Writer, r *report.Report) error {
	out, err := newCSVOut(w)
	if err != nil {
		return fmt.Errorf("audit: write csv: %w", err)
	}
	if err := out.row("site", "severity", "rule", "cookie", "domain", "phases", "category", "match",
		"declared", "observed", "page_urls", "set_by", "set_by_urls", "status", "waived", "waiver_expired",
		"blocked", "message"); err != nil {
		return fmt.Errorf("audit: write csv: %w", err)
	}
	for _, s := range r.Sites {
		for _, f := range s.Findings {
			var pages, setBy, setByURLs []string
			for _, ev := range f.Evidence {
				if ev.PageURL != "" {
					pages = addOnce(pages, ev.PageURL)
				}
				if ev.SetBy != "" {
					setBy = addOnce(setBy, ev.SetBy)
				}
				if ev.SetByURL != "" {
					setByURLs = addOnce(setByURLs, ev.SetByURL)
				}
			}
			if err := out.row(s.URL, string(f.Severity), f.Rule, f.Subject(), f.Domain, joinPhases(f.Phases),
				string(f.Category), string(f.Match), f.Declared, f.Observed,
				strings.Join(pages, " "), strings.Join(setBy, " "), strings.Join(setByURLs, " "),
				f.Status, f.Waived, f.WaiverExpired, strconv.FormatBool(f.Blocked), f.Message); err != nil {
				return fmt.Errorf("audit: write csv: %w", err)
			}
		}
	}
	if err := out.flush(); err != nil {
		return fmt.Errorf("audit: write csv: %w", err)
	}
	return nil
}

// CookiesCSVWriter writes one row per cookie sighting (site, phase, name,
// domain), with how it matched the policy. Values are never present in a
// report, so never here.
type CookiesCSVWriter struct{}

// Write implements Writer.
func (CookiesCSVWriter) Write(w io.Writer, r *report.Report) error {
	out, err := newCSVOut(w)
	if err != nil {
		return fmt.Errorf("audit: write cookies csv: %w", err)
	}
	if err := out.row("site", "phase", "name", "domain", "path", "session", "lifetime", "lifetime_seconds",
		"requested_lifetime_seconds", "secure", "http_only", "same_site", "partitioned", "third_party",
		"set_by", "set_by_url", "first_seen_url", "blocked", "blocked_reason", "removed",
		"match", "declared_as", "category"); err != nil {
		return fmt.Errorf("audit: write cookies csv: %w", err)
	}
	for _, s := range r.Sites {
		matches := s.MatchesByCookie()
		for _, c := range s.Cookies {
			m := matches[[2]string{c.Name, c.Domain}]
			b := strconv.FormatBool
			if err := out.row(s.URL, string(c.Phase), c.Name, c.Domain, c.Path, b(c.Session),
				audit.CookieLifetime(c).String(), strconv.FormatInt(c.LifetimeSeconds, 10),
				strconv.FormatInt(c.RequestedLifetimeSeconds, 10), b(c.Secure), b(c.HTTPOnly), c.SameSite,
				b(c.Partitioned), b(c.ThirdParty), c.SetBy, c.SetByURL, c.FirstSeenURL, b(c.Blocked),
				c.BlockedReason, b(c.Removed), string(m.Match), m.Declared, string(m.Category)); err != nil {
				return fmt.Errorf("audit: write cookies csv: %w", err)
			}
		}
	}
	if err := out.flush(); err != nil {
		return fmt.Errorf("audit: write cookies csv: %w", err)
	}
	return nil
}

func joinPhases(ps []observe.Phase) string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = string(p)
	}
	return strings.Join(s, " ")
}

// addOnce appends s to list unless it is there already.
func addOnce(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}
