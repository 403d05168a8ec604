package app

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cookieaudit/cookieaudit/audit/report"
	"github.com/cookieaudit/cookieaudit/crawler"
	"github.com/cookieaudit/cookieaudit/crawler/observe"
)

// errLaunched stands for the browser's launch: a run that gets that far
// was allowed to start.
var errLaunched = errors.New("launched")

// TestResumeOnlyTheSameRun runs scans against results logs with a clock
// set by the test: a missing log starts the run, and a log of a run that
// finished, started over --resume-max-age ago, had other sites or is being
// written by another process is refused before the browser starts, with
// a message saying how to start afresh.
func TestResumeOnlyTheSameRun(t *testing.T) {
	night := time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC)
	sites := []string{"https://www.testshire.gov.uk/"}
	opts := func(path string, now time.Time) ScanOptions {
		return ScanOptions{Sites: sites, Results: path, Resume: true, ResumeMaxAge: 24 * time.Hour,
			Phases: []observe.Phase{observe.PhasePreConsent}, Now: func() time.Time { return now },
			Launch: func(context.Context) (*crawler.Browser, error) { return nil, errLaunched }}
	}
	// logOf writes a results log of a run started at start.
	logOf := func(t *testing.T, start time.Time, runSites []string, finished bool) string {
		path := filepath.Join(t.TempDir(), "night.jsonl")
		log, err := report.OpenResults(path)
		if err != nil {
			t.Fatal(err)
		}
		defer log.Close()
		run := report.Run{ID: "r1", StartedAt: start, Options: report.RunOptions{Sites: runSites, Phases: []observe.Phase{observe.PhasePreConsent}}}
		if err := log.Start(run); err != nil {
			t.Fatal(err)
		}
		if finished {
			log.Finish("r1", start.Add(time.Hour))
		}
		return path
	}
	tests := []struct {
		name string
		path func(t *testing.T) string
		now  time.Time
		want string // "" for a run that starts
	}{
		{"no log yet: the run starts", func(t *testing.T) string { return filepath.Join(t.TempDir(), "night.jsonl") }, night, ""},
		{"restarted the same night", func(t *testing.T) string { return logOf(t, night, sites, false) }, night.Add(3 * time.Hour), ""},
		{"last night's log", func(t *testing.T) string { return logOf(t, night, sites, false) }, night.Add(25 * time.Hour), "more than --resume-max-age 24h0m0s ago"},
		{"a finished run", func(t *testing.T) string { return logOf(t, night, sites, true) }, night.Add(2 * time.Hour), "there is nothing to resume"},
		{"another run's sites", func(t *testing.T) string { return logOf(t, night, []string{"https://www.otherborough.gov.uk/"}, false) }, night.Add(time.Hour), "with other options (sites"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Run(context.Background(), opts(tt.path(t), tt.now))
			if tt.want == "" {
				if !errors.Is(err, errLaunched) {
					t.Errorf("the run did not start: %v", err)
				}
				return
			}
			var ie InputError
			if !errors.As(err, &ie) || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "start the run afresh without --resume") {
				t.Errorf("err = %v\nwant an input error with %q saying how to start afresh", err, tt.want)
			}
		})
	}

	t.Run("another writer holds the log", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "night.jsonl")
		holder, err := report.OpenResults(path)
		if err != nil {
			t.Fatal(err)
		}
		defer holder.Close()
		o := opts(path, night)
		o.Resume = false
		err = Run(context.Background(), o)
		var ie InputError
		if !errors.As(err, &ie) || !errors.Is(err, report.ErrResultsLocked) {
			t.Errorf("err = %v, want an input error: the log is locked", err)
		}
	})
}
