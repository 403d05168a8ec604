package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/cookieaudit/cookieaudit/crawler/observe"
)

// ResultsLog is a JSON Lines file to which each site's result is appended
// as soon as the site is done, so a run killed at any moment loses at most
// the sites in flight.
type ResultsLog struct {
	mu   sync.Mutex
	f    *os.File
	path string
}

// OpenResults opens (creating it if needed) a results log. With resume, the
// sites already audited in it are returned so the caller can skip them
// (sites that failed or were interrupted are not, so they are crawled
// again); without, the file is truncated.
func OpenResults(path string, resume bool) (*ResultsLog, []Site, error) {
	var done []Site
	flags := os.O_CREATE | os.O_WRONLY | os.O_TRUNC
	if resume {
		sites, err := ReadSites(path)
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, nil, err
		}
		for _, s := range sites {
			if s.Audited() {
				done = append(done, s)
			}
		}
		if err := dropTornTail(path); err != nil {
			return nil, nil, err
		}
		flags = os.O_CREATE | os.O_WRONLY | os.O_APPEND
	}
	f, err := os.OpenFile(path, flags, 0o644)
	if err != nil {
		return nil, nil, fmt.Errorf("audit: results %s: %w", path, err)
	}
	return &ResultsLog{f: f, path: path}, done, nil
}

// dropTornTail truncates a results log after its last complete line, so
// lines appended on resume start on a line of their own.
func dropTornTail(path string) error {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("audit: results %s: %w", path, err)
	}
	if end := bytes.LastIndexByte(data, '\n') + 1; end < len(data) {
		if err := os.Truncate(path, int64(end)); err != nil {
			return fmt.Errorf("audit: results %s: %w", path, err)
		}
	}
	return nil
}

// Append writes one site as a line and syncs it to disk.
func (l *ResultsLog) Append(s Site) error {
	data, err := json.Marshal(s)
	if err != nil {
		return fmt.Errorf("audit: results %s: %w", l.path, err)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, err := l.f.Write(append(data, '\n')); err != nil {
		return fmt.Errorf("audit: results %s: %w", l.path, err)
	}
	return l.f.Sync()
}

// Close closes the file.
func (l *ResultsLog) Close() error { return l.f.Close() }

// Audited reports whether a site's crawl ran to the end and the site could
// be audited. A site that failed (unreachable, DNS, TLS, an HTTP error on
// its start page) or was interrupted is crawled again on resume. A site
// from a log written before Status was recorded counts as audited when it
// has no error.
func (s Site) Audited() bool {
	return s.Status == observe.SiteComplete || (s.Status == "" && s.Error == "")
}

// ReadSites reads the sites of a results log. A torn last line (a run
// killed mid-write) is ignored; later lines for a site replace earlier ones.
func ReadSites(path string) ([]Site, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("audit: results %s: %w", path, err)
	}
	defer f.Close()
	return readSites(f, path)
}

func readSites(r io.Reader, name string) ([]Site, error) {
	br := bufio.NewReader(r)
	var sites []Site
	index := map[string]int{}
	for n := 1; ; n++ {
		line, err := br.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			var s Site
			if jerr := json.Unmarshal(line, &s); jerr != nil {
				if err == io.EOF { // torn last line
					break
				}
				return nil, fmt.Errorf("audit: results %s line %d: %w", name, n, jerr)
			}
			if i, ok := index[s.URL]; ok {
				sites[i] = s
			} else {
				index[s.URL] = len(sites)
				sites = append(sites, s)
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("audit: results %s: %w", name, err)
		}
	}
	return sites, nil
}

// LoadResults reads a saved report (JSON) or a results log (JSON Lines),
// and refuses anything else (an empty file, SARIF, another tool's JSON)
// with an error that says what the file is not.
func LoadResults(path string) (*Report, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("audit: read %s: %w", path, err)
	}
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return nil, fmt.Errorf("audit: %s is empty: want a report (scan --format json) or a results log (scan --results)", path)
	}
	var probe struct {
		Schema  string          `json:"schema"`
		SARIF   string          `json:"$schema"`
		Runs    json.RawMessage `json:"runs"`
		URL     string          `json:"url"`
		Version string          `json:"version"`
	}
	if err := json.Unmarshal(trimmed, &probe); err == nil {
		switch {
		case probe.Schema == Schema:
			r, err := ReadReport(bytes.NewReader(data))
			if err != nil {
				return nil, fmt.Errorf("%w (%s)", err, path)
			}
			return r, nil
		case probe.SARIF != "" || probe.Runs != nil:
			return nil, fmt.Errorf("audit: %s is a SARIF file, not a cookieaudit report: give the JSON report (--format json) or the --results log", path)
		case probe.Schema != "":
			return nil, fmt.Errorf("audit: %s has schema %q, not a cookieaudit report (%s)", path, probe.Schema, Schema)
		case probe.URL == "":
			return nil, fmt.Errorf("audit: %s is not a cookieaudit report or results log", path)
		}
	} else if trimmed[0] != '{' {
		return nil, fmt.Errorf("audit: %s is not a cookieaudit report or results log (it is not JSON)", path)
	}
	sites, err := readSites(bytes.NewReader(data), path)
	if err != nil {
		return nil, fmt.Errorf("%w: want a report (scan --format json) or a results log (scan --results)", err)
	}
	if len(sites) == 0 {
		return nil, fmt.Errorf("audit: %s holds no site results", path)
	}
	return &Report{Schema: Schema, Sites: sites}, nil
}

// Duplicate records a site found in more than one input of Merge, and
// which result was kept.
type Duplicate struct {
	URL string
	// Kept and Dropped are the finish times of the results kept and
	// dropped (the site's own, else its report's).
	Kept, Dropped time.Time
}

// Merge combines reports (shards of one run, or a run and its resume) into
// one: each site once, sorted by URL, spanning the earliest start and the
// latest finish. When a site is in more than one input the newest result
// is kept (by the site's finished_at, else its report's; the later input
// on a tie), and the duplicates are returned so the caller can say so.
func Merge(tool Tool, reports ...*Report) (*Report, []Duplicate) {
	out := &Report{Schema: Schema, Tool: tool, Sites: []Site{}}
	index := map[string]int{}
	finished := []time.Time{}
	var dups []Duplicate
	for _, r := range reports {
		if !r.StartedAt.IsZero() && (out.StartedAt.IsZero() || r.StartedAt.Before(out.StartedAt)) {
			out.StartedAt = r.StartedAt
		}
		if r.FinishedAt.After(out.FinishedAt) {
			out.FinishedAt = r.FinishedAt
		}
		out.Partial = out.Partial || r.Partial
		for _, s := range r.Sites {
			at := s.FinishedAt
			if at.IsZero() {
				at = r.FinishedAt
			}
			key := strings.TrimSuffix(s.URL, "/")
			i, ok := index[key]
			if !ok {
				index[key] = len(out.Sites)
				out.Sites = append(out.Sites, s)
				finished = append(finished, at)
				continue
			}
			if at.Before(finished[i]) {
				dups = append(dups, Duplicate{URL: s.URL, Kept: finished[i], Dropped: at})
				continue
			}
			dups = append(dups, Duplicate{URL: s.URL, Kept: at, Dropped: finished[i]})
			out.Sites[i], finished[i] = s, at
		}
	}
	SortSites(out)
	if out.StartedAt.IsZero() {
		out.StartedAt = time.Now().UTC()
	}
	if out.FinishedAt.IsZero() {
		out.FinishedAt = out.StartedAt
	}
	return out, dups
}

// SortSites orders a report's sites by URL, so that any run over the same
// sites, sharded or not, lists them alike.
func SortSites(r *Report) {
	slices.SortStableFunc(r.Sites, func(a, b Site) int { return strings.Compare(a.URL, b.URL) })
}
