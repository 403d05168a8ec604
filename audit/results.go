package audit

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
// sites already complete in it are returned so the caller can skip them;
// without, the file is truncated.
func OpenResults(path string, resume bool) (*ResultsLog, []Site, error) {
	var done []Site
	flags := os.O_CREATE | os.O_WRONLY | os.O_TRUNC
	if resume {
		sites, err := ReadSites(path)
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, nil, err
		}
		for _, s := range sites {
			if s.Complete() {
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

// Complete reports whether a site's crawl ran to the end (it may still have
// failed, e.g. unreachable): an interrupted site is crawled again on resume.
func (s Site) Complete() bool {
	return s.Status != observe.SiteInterrupted
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

// LoadResults reads a saved report (JSON) or a results log (JSON Lines).
func LoadResults(path string) (*Report, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("audit: read %s: %w", path, err)
	}
	trimmed := bytes.TrimSpace(data)
	if bytes.HasPrefix(trimmed, []byte("{")) && bytes.Contains(trimmed[:min(len(trimmed), 200)], []byte(`"schema"`)) {
		return ReadReport(bytes.NewReader(data))
	}
	sites, err := readSites(bytes.NewReader(data), path)
	if err != nil {
		return nil, err
	}
	return &Report{Schema: Schema, Sites: sites}, nil
}

// Merge combines reports (shards of one run, or a run and its resume) into
// one: each site once (the last one given wins), sorted by URL, spanning
// the earliest start and the latest finish.
func Merge(tool Tool, reports ...*Report) *Report {
	out := &Report{Schema: Schema, Tool: tool, Sites: []Site{}}
	index := map[string]int{}
	for _, r := range reports {
		if !r.StartedAt.IsZero() && (out.StartedAt.IsZero() || r.StartedAt.Before(out.StartedAt)) {
			out.StartedAt = r.StartedAt
		}
		if r.FinishedAt.After(out.FinishedAt) {
			out.FinishedAt = r.FinishedAt
		}
		for _, s := range r.Sites {
			if i, ok := index[s.URL]; ok {
				out.Sites[i] = s
				continue
			}
			index[s.URL] = len(out.Sites)
			out.Sites = append(out.Sites, s)
		}
	}
	SortSites(out)
	if out.StartedAt.IsZero() {
		out.StartedAt = time.Now().UTC()
	}
	if out.FinishedAt.IsZero() {
		out.FinishedAt = out.StartedAt
	}
	return out
}

// SortSites orders a report's sites by URL, so that any run over the same
// sites, sharded or not, lists them alike.
func SortSites(r *Report) {
	slices.SortStableFunc(r.Sites, func(a, b Site) int { return strings.Compare(a.URL, b.URL) })
}
