package report

import (
	"bufio"
	"bytes"
	"crypto/rand"
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
// the sites in flight. Its first line records the run that writes it (Run),
// its last, once the run ended, when it finished; every other line is a
// site. One process writes it at a time: the file is locked while open.
type ResultsLog struct {
	mu   sync.Mutex
	f    *os.File
	path string
}

// Run records the run a results log belongs to, so that --resume continues
// only that run.
type Run struct {
	// ID names the run; a resumed run keeps it.
	ID        string     `json:"id"`
	StartedAt time.Time  `json:"started_at"`
	Options   RunOptions `json:"options"`
}

// RunOptions are the options that decide which sites a run crawls and
// how: a run resumed with other options would be another run.
type RunOptions struct {
	Sites  []string        `json:"sites"`
	Config string          `json:"config,omitempty"`
	Shard  string          `json:"shard,omitempty"`
	Phases []observe.Phase `json:"phases,omitempty"`
	Policy string          `json:"policy,omitempty"`
}

// NewRunID returns a fresh run ID.
func NewRunID() string { return strings.ToLower(rand.Text()[:16]) }

// runLine is a results log line that is not a site: the run's record
// first, its end last.
type runLine struct {
	Run      *Run    `json:"run,omitempty"`
	Finished *runEnd `json:"run_finished,omitempty"`
}

type runEnd struct {
	ID         string    `json:"id"`
	FinishedAt time.Time `json:"finished_at"`
}

// ResultsFile is what a results log holds.
type ResultsFile struct {
	// Run is the run that wrote the log; nil for a log written before runs
	// were recorded.
	Run *Run
	// FinishedAt is when the run finished; zero while it is unfinished
	// (still running, interrupted or killed).
	FinishedAt time.Time
	// Sites are the sites in the log, each once (its latest line).
	Sites []Site
	// Damaged are the lines that could not be read (two writers'
	// interleaved lines, a disk fault), with why; they are skipped, so
	// their sites count as not done.
	Damaged []DamagedLine
}

// DamagedLine is a results log line that could not be read.
type DamagedLine struct {
	Line int
	Err  error
}

func (d DamagedLine) String() string { return fmt.Sprintf("line %d: %v", d.Line, d.Err) }

// ErrResultsLocked is returned by OpenResults when another process writes
// the results log.
var ErrResultsLocked = errors.New("is being written by another cookieaudit run")

// OpenResults opens (creating it if needed) a results log and locks it
// against other writers, leaving its contents as they are: Read them, then
// Start a new run or Continue the one it holds. A log locked by another
// process gives an error wrapping ErrResultsLocked that names its PID.
func OpenResults(path string) (*ResultsLog, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("audit: results %s: %w", path, err)
	}
	if err := lockFile(f); err != nil {
		f.Close()
		if errors.Is(err, errLocked) {
			holder := "another process"
			if pid := lockHolder(f.Name()); pid != 0 {
				holder = fmt.Sprintf("PID %d", pid)
			}
			return nil, fmt.Errorf("audit: results %s %w (%s): wait for it to finish, or give this run another --results file", path, ErrResultsLocked, holder)
		}
		return nil, fmt.Errorf("audit: results %s: lock: %w", path, err)
	}
	return &ResultsLog{f: f, path: path}, nil
}

// Read reads what the log holds.
func (l *ResultsLog) Read() (*ResultsFile, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, err := l.f.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("audit: results %s: %w", l.path, err)
	}
	return readResults(l.f, l.path)
}

// Start empties the log and records run as its first line.
func (l *ResultsLog) Start(run Run) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if err := l.f.Truncate(0); err != nil {
		return fmt.Errorf("audit: results %s: %w", l.path, err)
	}
	if _, err := l.f.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("audit: results %s: %w", l.path, err)
	}
	return l.writeLine(runLine{Run: &run})
}

// Continue readies the log for the lines of a resumed run: a torn last
// line (a run killed mid-write) is dropped, so lines appended start on a
// line of their own.
func (l *ResultsLog) Continue() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	data, err := io.ReadAll(io.NewSectionReader(l.f, 0, 1<<62))
	if err != nil {
		return fmt.Errorf("audit: results %s: %w", l.path, err)
	}
	end := int64(bytes.LastIndexByte(data, '\n') + 1)
	if end < int64(len(data)) {
		if err := l.f.Truncate(end); err != nil {
			return fmt.Errorf("audit: results %s: %w", l.path, err)
		}
	}
	if _, err := l.f.Seek(end, io.SeekStart); err != nil {
		return fmt.Errorf("audit: results %s: %w", l.path, err)
	}
	return nil
}

// Append writes one site as a line and syncs it to disk.
func (l *ResultsLog) Append(s Site) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.writeLine(s)
}

// Finish records that run id finished at at: a log so marked is not
// resumed.
func (l *ResultsLog) Finish(id string, at time.Time) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.writeLine(runLine{Finished: &runEnd{ID: id, FinishedAt: at}})
}

// writeLine writes v as one line and syncs it; l.mu is held.
func (l *ResultsLog) writeLine(v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("audit: results %s: %w", l.path, err)
	}
	if _, err := l.f.Write(append(data, '\n')); err != nil {
		return fmt.Errorf("audit: results %s: %w", l.path, err)
	}
	if err := l.f.Sync(); err != nil {
		return fmt.Errorf("audit: results %s: %w", l.path, err)
	}
	return nil
}

// Close unlocks and closes the file.
func (l *ResultsLog) Close() error { return l.f.Close() }

// Audited reports whether a site's crawl ran to the end and the site could
// be audited. A site that failed (unreachable, DNS, TLS, an HTTP error on
// its start page) or was interrupted is crawled again on resume. A site
// from a log written before Status was recorded counts as audited when it
// has no error.
func (s Site) Audited() bool {
	return s.Status == observe.SiteComplete || (s.Status == "" && s.Error == "")
}

// ResumeRefused is the error of CheckResume: the log cannot be resumed by
// this run, and why.
type ResumeRefused struct {
	Path, Why string
}

func (e ResumeRefused) Error() string {
	return fmt.Sprintf("--resume: %s %s: start the run afresh without --resume, or give --results a new file (one per run, e.g. one per night)", e.Path, e.Why)
}

// CheckResume says whether a run with options opts may resume the run this
// log records at now: only the same run (same sites, shard, phases, config
// and policy), unfinished, and started no longer than maxAge ago.
func (f *ResultsFile) CheckResume(path string, opts RunOptions, now time.Time, maxAge time.Duration) error {
	switch {
	case f.Run == nil:
		return ResumeRefused{path, "records no run (it was written by an older cookieaudit), so whether it is this run's cannot be told"}
	case !f.FinishedAt.IsZero():
		return ResumeRefused{path, fmt.Sprintf("holds run %s, which finished at %s: there is nothing to resume", f.Run.ID, f.FinishedAt.UTC().Format(time.RFC3339))}
	case maxAge > 0 && now.Sub(f.Run.StartedAt) > maxAge:
		return ResumeRefused{path, fmt.Sprintf("holds run %s, started at %s (%s ago), more than --resume-max-age %s ago", f.Run.ID,
			f.Run.StartedAt.UTC().Format(time.RFC3339), now.Sub(f.Run.StartedAt).Round(time.Minute), maxAge)}
	}
	if diff := f.Run.Options.differ(opts); diff != "" {
		return ResumeRefused{path, fmt.Sprintf("holds run %s with other options (%s)", f.Run.ID, diff)}
	}
	return nil
}

// differ says how two runs' options differ, or "" when they do not.
func (o RunOptions) differ(p RunOptions) string {
	var out []string
	add := func(name, was, now string) {
		if was != now {
			out = append(out, fmt.Sprintf("%s %q, now %q", name, was, now))
		}
	}
	add("sites", strings.Join(o.Sites, " "), strings.Join(p.Sites, " "))
	add("config", o.Config, p.Config)
	add("shard", o.Shard, p.Shard)
	phases := func(ps []observe.Phase) string {
		var s []string
		for _, p := range ps {
			s = append(s, string(p))
		}
		return strings.Join(s, ",")
	}
	add("phases", phases(o.Phases), phases(p.Phases))
	add("policy", o.Policy, p.Policy)
	return strings.Join(out, "; ")
}

// ReadSites reads the sites of a results log. A torn last line (a run
// killed mid-write) and damaged lines are skipped; later lines for a site
// replace earlier ones.
func ReadSites(path string) ([]Site, error) {
	f, err := ReadResultsFile(path)
	if err != nil {
		return nil, err
	}
	return f.Sites, nil
}

// ReadResultsFile reads a results log.
func ReadResultsFile(path string) (*ResultsFile, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("audit: results %s: %w", path, err)
	}
	defer f.Close()
	return readResults(f, path)
}

func readResults(r io.Reader, name string) (*ResultsFile, error) {
	br := bufio.NewReader(r)
	out := &ResultsFile{}
	index := map[string]int{}
	for n := 1; ; n++ {
		line, err := br.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			torn := err == io.EOF
			if jerr := out.add(line, index); jerr != nil && !torn {
				out.Damaged = append(out.Damaged, DamagedLine{Line: n, Err: jerr})
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("audit: results %s: %w", name, err)
		}
	}
	return out, nil
}

// add reads one line of a results log into f.
func (f *ResultsFile) add(line []byte, index map[string]int) error {
	var rl runLine
	if err := json.Unmarshal(line, &rl); err != nil {
		return err
	}
	switch {
	case rl.Run != nil:
		if f.Run == nil {
			f.Run = rl.Run
		}
		return nil
	case rl.Finished != nil:
		f.FinishedAt = rl.Finished.FinishedAt
		return nil
	}
	var s Site
	if err := json.Unmarshal(line, &s); err != nil {
		return err
	}
	if s.URL == "" {
		return errors.New("neither a site nor the run's record")
	}
	if i, ok := index[s.URL]; ok {
		f.Sites[i] = s
	} else {
		index[s.URL] = len(f.Sites)
		f.Sites = append(f.Sites, s)
	}
	return nil
}

// LoadResults reads a saved report (JSON) or a results log (JSON Lines),
// and refuses anything else (an empty file, SARIF, another tool's JSON)
// with an error that says what the file is not. A results log's damaged
// lines are skipped and returned, for the caller to warn of; the report
// of a log whose run never finished is partial.
func LoadResults(path string) (*Report, []DamagedLine, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("audit: read %s: %w", path, err)
	}
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return nil, nil, fmt.Errorf("audit: %s is empty: want a report (scan --format json) or a results log (scan --results)", path)
	}
	var probe struct {
		Schema  string          `json:"schema"`
		SARIF   string          `json:"$schema"`
		Runs    json.RawMessage `json:"runs"`
		URL     string          `json:"url"`
		Run     json.RawMessage `json:"run"`
		Version string          `json:"version"`
	}
	if err := json.Unmarshal(trimmed, &probe); err == nil {
		switch {
		case probe.Schema == Schema:
			r, err := ReadReport(bytes.NewReader(data))
			if err != nil {
				return nil, nil, fmt.Errorf("%w (%s)", err, path)
			}
			return r, nil, nil
		case probe.SARIF != "" || probe.Runs != nil:
			return nil, nil, fmt.Errorf("audit: %s is a SARIF file, not a cookieaudit report: give the JSON report (--format json) or the --results log", path)
		case probe.Schema != "":
			return nil, nil, fmt.Errorf("audit: %s has schema %q, not a cookieaudit report (%s)", path, probe.Schema, Schema)
		case probe.URL == "" && probe.Run == nil:
			return nil, nil, fmt.Errorf("audit: %s is not a cookieaudit report or results log", path)
		}
	} else if trimmed[0] != '{' {
		return nil, nil, fmt.Errorf("audit: %s is not a cookieaudit report or results log (it is not JSON)", path)
	}
	log, err := readResults(bytes.NewReader(data), path)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: want a report (scan --format json) or a results log (scan --results)", err)
	}
	if len(log.Sites) == 0 {
		if len(log.Damaged) > 0 {
			return nil, nil, fmt.Errorf("audit: %s is not a cookieaudit report or results log (%s)", path, log.Damaged[0])
		}
		return nil, nil, fmt.Errorf("audit: %s holds no site results", path)
	}
	r := &Report{Schema: Schema, Sites: log.Sites}
	if log.Run != nil {
		r.StartedAt = log.Run.StartedAt
		r.FinishedAt = log.FinishedAt
		r.Partial = log.FinishedAt.IsZero()
	}
	return r, log.Damaged, nil
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
