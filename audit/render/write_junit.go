package render

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/cookieaudit/cookieaudit/audit"

	"github.com/cookieaudit/cookieaudit/audit/report"
)

// JUnitWriter writes JUnit XML: one test suite per site and one test case
// per rule. A case fails when the site has an active finding of that rule
// (not waived, not resolved, not info); info, waived and resolved findings
// are listed in the case's system-out. A site whose crawl failed gets one
// erroring case, "crawl", and its rule cases are skipped when nothing was
// observed.
type JUnitWriter struct{}

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

// junitSuite carries every attribute and element the Apache Ant JUnit
// schema requires (id, package, hostname, time, timestamp, properties,
// system-out, system-err), which is the strictest consumers check.
type junitSuite struct {
	ID         int         `xml:"id,attr"`
	Name       string      `xml:"name,attr"`
	Package    string      `xml:"package,attr"`
	Hostname   string      `xml:"hostname,attr"`
	Tests      int         `xml:"tests,attr"`
	Failures   int         `xml:"failures,attr"`
	Errors     int         `xml:"errors,attr"`
	Skipped    int         `xml:"skipped,attr"`
	Time       string      `xml:"time,attr"`
	Timestamp  string      `xml:"timestamp,attr"`
	Properties struct{}    `xml:"properties"`
	Cases      []junitCase `xml:"testcase"`
	SystemOut  string      `xml:"system-out"`
	SystemErr  string      `xml:"system-err"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// Write implements Writer.
func (JUnitWriter) Write(w io.Writer, r *report.Report) error {
	out := junitSuites{Name: "cookieaudit"}
	for i, s := range r.Sites {
		class := "cookieaudit." + audit.Host(s.URL)
		suite := junitSuite{ID: i, Name: s.URL, Package: class, Hostname: audit.Host(s.URL), Time: "0",
			Timestamp: r.StartedAt.UTC().Format("2006-01-02T15:04:05")}
		if s.Error != "" {
			suite.Cases = append(suite.Cases, junitCase{Name: "crawl", Classname: class, Time: "0",
				Error: &junitProblem{Message: "the crawl failed", Type: "crawl", Text: s.Error}})
			suite.Errors++
		}
		crawlFailed := audit.CrawlFailed(&s)
		for _, rule := range audit.Rules {
			tc := junitCase{Name: rule.ID, Classname: class, Time: "0"}
			if crawlFailed {
				tc.Skipped = &junitSkipped{Message: "not checked: the crawl failed"}
				suite.Skipped++
				suite.Cases = append(suite.Cases, tc)
				continue
			}
			var failing, notes []string
			worst := report.Info
			for _, f := range s.Findings {
				if f.Rule != rule.ID {
					continue
				}
				line := fmt.Sprintf("[%s] %s", f.Severity, findingNote(f))
				if st := statusCell(f); st != "" {
					line += " (" + st + ")"
				}
				if f.Waived != "" || f.Status == audit.StatusResolved || f.Severity == report.Info {
					notes = append(notes, line)
					continue
				}
				failing = append(failing, line)
				if audit.SeverityRank(f.Severity) < audit.SeverityRank(worst) {
					worst = f.Severity
				}
			}
			if len(failing) > 0 {
				tc.Failure = &junitProblem{
					Message: fmt.Sprintf("%d %s finding(s), worst %s", len(failing), rule.ID, worst),
					Type:    rule.ID,
					Text:    strings.Join(failing, "\n"),
				}
				suite.Failures++
			}
			tc.SystemOut = strings.Join(notes, "\n")
			suite.Cases = append(suite.Cases, tc)
		}
		suite.Tests = len(suite.Cases)
		out.Tests += suite.Tests
		out.Failures += suite.Failures
		out.Errors += suite.Errors
		out.Suites = append(out.Suites, suite)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("audit: write junit: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("audit: write junit: %w", err)
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return fmt.Errorf("audit: write junit: %w", err)
	}
	return nil
}
