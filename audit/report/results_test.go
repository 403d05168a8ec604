package report

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/cookieaudit/cookieaudit/crawler/observe"
)

// mkSite makes a site whose crawl ended in the status its error implies.
func mkSite(u, errText string) Site {
	status := observe.SiteComplete
	switch {
	case strings.HasPrefix(errText, "interrupted"):
		status = observe.SiteInterrupted
	case errText != "":
		status = observe.SiteFailed
	}
	return Site{SiteResult: observe.SiteResult{URL: u, Error: errText, Status: status}}
}

func siteURLs(ss []Site) string {
	var out []string
	for _, s := range ss {
		out = append(out, s.URL)
	}
	return strings.Join(out, " ")
}

// startLog starts a results log at path for run and appends sites.
func startLog(t *testing.T, path string, run Run, sites ...Site) *ResultsLog {
	t.Helper()
	log, err := OpenResults(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := log.Start(run); err != nil {
		t.Fatal(err)
	}
	for _, s := range sites {
		if err := log.Append(s); err != nil {
			t.Fatal(err)
		}
	}
	return log
}

func TestResultsLogResume(t *testing.T) {
	path := filepath.Join(t.TempDir(), "results.jsonl")
	run := Run{ID: "r1", StartedAt: time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC), Options: RunOptions{Sites: []string{"https://a/", "https://b/", "https://c/", "https://d/"}}}
	log := startLog(t, path, run, mkSite("https://a/", ""), mkSite("https://b/", "interrupted before every phase ran"), mkSite("https://c/", "page load failed: net::ERR_NAME_NOT_RESOLVED"))
	log.Close()
	// A run killed mid-write leaves a torn last line.
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"url":"https://d/","err`)
	f.Close()

	log, err := OpenResults(path)
	if err != nil {
		t.Fatal(err)
	}
	held, err := log.Read()
	if err != nil {
		t.Fatal(err)
	}
	var done []Site
	for _, s := range held.Sites {
		if s.Audited() {
			done = append(done, s)
		}
	}
	if got := siteURLs(done); got != "https://a/" || held.Run == nil || held.Run.ID != "r1" || len(held.Damaged) != 0 {
		t.Errorf("audited sites on resume = %q, run %+v, damaged %v; want only a (b was interrupted, c unreachable, d torn) of run r1", got, held.Run, held.Damaged)
	}
	if err := log.Continue(); err != nil {
		t.Fatal(err)
	}
	log.Append(mkSite("https://b/", ""))
	log.Finish("r1", run.StartedAt.Add(time.Hour))
	log.Close()
	got, err := ReadResultsFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if urls := siteURLs(got.Sites); urls != "https://a/ https://b/ https://c/" || len(got.Damaged) != 0 {
		t.Errorf("sites after resume = %q, damaged %v", urls, got.Damaged)
	}
	if got.Sites[1].Error != "" {
		t.Errorf("b kept the interrupted result: %q", got.Sites[1].Error)
	}
	if !got.FinishedAt.Equal(run.StartedAt.Add(time.Hour)) {
		t.Errorf("finished at %v, want the time Finish recorded", got.FinishedAt)
	}
}

// TestResultsLogOneWriter checks that a second writer of a results log is
// refused, naming the PID of the process that holds it, and that the log
// is free again once the first writer closes it.
func TestResultsLogOneWriter(t *testing.T) {
	path := filepath.Join(t.TempDir(), "results.jsonl")
	first := startLog(t, path, Run{ID: "r1"})
	_, err := OpenResults(path)
	if !errors.Is(err, ErrResultsLocked) {
		t.Fatalf("second writer: err = %v, want ErrResultsLocked", err)
	}
	if runtime.GOOS == "linux" && !strings.Contains(err.Error(), fmt.Sprintf("(PID %d)", os.Getpid())) {
		t.Errorf("second writer: %v; want the holder's PID %d", err, os.Getpid())
	}
	if got, _ := ReadResultsFile(path); got == nil || got.Run == nil || got.Run.ID != "r1" {
		t.Errorf("the refused writer changed the log: %+v", got)
	}
	first.Close()
	again, err := OpenResults(path)
	if err != nil {
		t.Fatalf("after the first writer closed: %v", err)
	}
	again.Close()
}

func TestFlockHolder(t *testing.T) {
	locks := "1: POSIX  ADVISORY  WRITE 16417 fe:00:9987079 0 EOF\n" +
		"2: FLOCK  ADVISORY  WRITE 4242 fe:00:1234 0 EOF\n" +
		"2: -> FLOCK  ADVISORY  WRITE 4343 fe:00:1234 0 EOF\n" +
		"3: FLOCK  ADVISORY  WRITE 77 103:02:1234 0 EOF\n"
	tests := []struct {
		name     string
		dev, ino uint64
		want     int
	}{
		{"flock on fe:00", 0xfe00, 1234, 4242},
		{"major and minor past a byte", 0x10302, 1234, 77},
		{"a POSIX lock is not flock's", 0xfe00, 9987079, 0},
		{"no lock", 0xfe00, 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := flockHolder(locks, tt.dev, tt.ino); got != tt.want {
				t.Errorf("flockHolder = %d, want %d", got, tt.want)
			}
		})
	}
}

// TestResultsLogSkipsDamagedLines writes two writers' interleaved line into
// a log: it is skipped and reported, the sites on other lines are read,
// and the site it held is not among them (so a resume crawls it again).
func TestResultsLogSkipsDamagedLines(t *testing.T) {
	path := filepath.Join(t.TempDir(), "results.jsonl")
	log := startLog(t, path, Run{ID: "r1"}, mkSite("https://a/", ""))
	log.f.WriteString(`{"url":"https://b/","status":"comp{"url":"https://c/","status":"complete"}` + "\n")
	log.Append(mkSite("https://d/", ""))
	log.Close()
	got, err := ReadResultsFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if urls := siteURLs(got.Sites); urls != "https://a/ https://d/" {
		t.Errorf("sites = %q, want a and d", urls)
	}
	if len(got.Damaged) != 1 || got.Damaged[0].Line != 3 {
		t.Errorf("damaged = %v, want line 3", got.Damaged)
	}
	r, damaged, err := LoadResults(path)
	if err != nil || len(r.Sites) != 2 || len(damaged) != 1 || !r.Partial {
		t.Errorf("LoadResults: %v, damaged %v, partial %t; want a and d, line 3 damaged, an unfinished run's partial report", err, damaged, r != nil && r.Partial)
	}
}

func TestCheckResume(t *testing.T) {
	t0 := time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC)
	opts := RunOptions{Sites: []string{"https://a/", "https://b/"}, Shard: "1/2", Phases: []observe.Phase{observe.PhasePreConsent}}
	run := &Run{ID: "r1", StartedAt: t0, Options: opts}
	other := opts
	other.Shard = "2/2"
	tests := []struct {
		name string
		file ResultsFile
		opts RunOptions
		now  time.Time
		want string
	}{
		{"same run, same night", ResultsFile{Run: run}, opts, t0.Add(3 * time.Hour), ""},
		{"older than the max age", ResultsFile{Run: run}, opts, t0.Add(72 * time.Hour), "started at 2026-12-07T02:00:00Z (72h0m0s ago), more than --resume-max-age 24h0m0s ago"},
		{"finished", ResultsFile{Run: run, FinishedAt: t0.Add(time.Hour)}, opts, t0.Add(2 * time.Hour), "finished at 2026-12-07T03:00:00Z: there is nothing to resume"},
		{"another shard", ResultsFile{Run: run}, other, t0.Add(time.Hour), `other options (shard "1/2", now "2/2")`},
		{"no run recorded", ResultsFile{}, opts, t0, "records no run"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.file.CheckResume("night.jsonl", tt.opts, tt.now, 24*time.Hour)
			if tt.want == "" {
				if err != nil {
					t.Errorf("refused: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "start the run afresh without --resume") {
				t.Errorf("err = %v\nwant %q and how to start afresh", err, tt.want)
			}
		})
	}
}

func TestMergeShards(t *testing.T) {
	t0 := time.Date(2026, 11, 23, 1, 0, 0, 0, time.UTC)
	one := &Report{StartedAt: t0.Add(time.Minute), FinishedAt: t0.Add(5 * time.Minute), Sites: []Site{mkSite("https://c/", ""), mkSite("https://a/", "")}}
	two := &Report{StartedAt: t0, FinishedAt: t0.Add(3 * time.Minute), Sites: []Site{mkSite("https://b/", "")}}
	m, dups := Merge(Tool{Name: "cookieaudit"}, one, two)
	if len(dups) != 0 {
		t.Errorf("duplicates %v in disjoint shards", dups)
	}
	if got := siteURLs(m.Sites); got != "https://a/ https://b/ https://c/" {
		t.Errorf("merged sites = %q", got)
	}
	if !m.StartedAt.Equal(t0) || !m.FinishedAt.Equal(t0.Add(5*time.Minute)) || m.Schema != Schema {
		t.Errorf("merged span %v..%v schema %q", m.StartedAt, m.FinishedAt, m.Schema)
	}
}

// TestMergeKeepsNewestDuplicate checks that a site in two inputs keeps the
// result that finished last, whichever input comes last, and is reported.
func TestMergeKeepsNewestDuplicate(t *testing.T) {
	t0 := time.Date(2026, 11, 23, 1, 0, 0, 0, time.UTC)
	newer := mkSite("https://a/", "")
	newer.Cookies = []observe.Cookie{{Name: "fresh"}}
	older := mkSite("https://a", "page load failed: net::ERR_NAME_NOT_RESOLVED")
	for _, order := range [][]*Report{
		{{FinishedAt: t0.Add(time.Hour), Sites: []Site{newer}}, {FinishedAt: t0, Sites: []Site{older}}},
		{{FinishedAt: t0, Sites: []Site{older}}, {FinishedAt: t0.Add(time.Hour), Sites: []Site{newer}}},
	} {
		m, dups := Merge(Tool{}, order...)
		if len(m.Sites) != 1 || len(m.Sites[0].Cookies) != 1 || m.Sites[0].Error != "" {
			t.Errorf("merged %+v, want only the newer result", m.Sites)
		}
		if len(dups) != 1 || !dups[0].Kept.Equal(t0.Add(time.Hour)) || !dups[0].Dropped.Equal(t0) {
			t.Errorf("duplicates = %+v", dups)
		}
	}
}

func TestLoadResultsRejectsWhatIsNotAReport(t *testing.T) {
	dir := t.TempDir()
	tests := []struct{ name, data, want string }{
		{"empty.json", "", "is empty"},
		{"blank.jsonl", "\n  \n", "is empty"},
		{"report.sarif", `{"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0","runs":[]}`, "is a SARIF file"},
		{"other.json", `{"schema":"other/v2","sites":[]}`, `schema "other/v2"`},
		{"array.json", `[1,2]`, "not a cookieaudit report"},
		{"object.json", `{"name":"x"}`, "not a cookieaudit report"},
		{"text.txt", "hello\n", "not JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(dir, tt.name)
			if err := os.WriteFile(p, []byte(tt.data), 0o644); err != nil {
				t.Fatal(err)
			}
			if _, _, err := LoadResults(p); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("%s: err = %v, want %q", tt.name, err, tt.want)
			}
		})
	}
	p := filepath.Join(dir, "log.jsonl")
	os.WriteFile(p, []byte(`{"url":"https://a/","status":"complete"}`+"\n"), 0o644)
	if r, _, err := LoadResults(p); err != nil || len(r.Sites) != 1 {
		t.Errorf("a one-line results log: %v", err)
	}
}
