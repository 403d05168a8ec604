package audit

import (
	"os"
	"path/filepath"
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

func TestResultsLogResume(t *testing.T) {
	path := filepath.Join(t.TempDir(), "results.jsonl")
	log, done, err := OpenResults(path, false)
	if err != nil || len(done) != 0 {
		t.Fatalf("OpenResults: %v, %d done", err, len(done))
	}
	for _, s := range []Site{mkSite("https://a/", ""), mkSite("https://b/", "interrupted before every phase ran"), mkSite("https://c/", "page load failed: net::ERR_NAME_NOT_RESOLVED")} {
		if err := log.Append(s); err != nil {
			t.Fatal(err)
		}
	}
	log.Close()
	// A run killed mid-write leaves a torn last line.
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"url":"https://d/","err`)
	f.Close()

	log, done, err = OpenResults(path, true)
	if err != nil {
		t.Fatal(err)
	}
	if got := siteURLs(done); got != "https://a/ https://c/" {
		t.Errorf("complete sites on resume = %q, want a and c (b was interrupted, d torn)", got)
	}
	log.Append(mkSite("https://b/", ""))
	log.Close()
	sites, err := ReadSites(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := siteURLs(sites); got != "https://a/ https://b/ https://c/" {
		t.Errorf("sites after resume = %q", got)
	}
	if sites[1].Error != "" {
		t.Errorf("b kept the interrupted result: %q", sites[1].Error)
	}
}

func TestMergeShards(t *testing.T) {
	t0 := time.Date(2026, 11, 23, 1, 0, 0, 0, time.UTC)
	one := &Report{StartedAt: t0.Add(time.Minute), FinishedAt: t0.Add(5 * time.Minute), Sites: []Site{mkSite("https://c/", ""), mkSite("https://a/", "")}}
	two := &Report{StartedAt: t0, FinishedAt: t0.Add(3 * time.Minute), Sites: []Site{mkSite("https://b/", "")}}
	m := Merge(Tool{Name: "cookieaudit"}, one, two)
	if got := siteURLs(m.Sites); got != "https://a/ https://b/ https://c/" {
		t.Errorf("merged sites = %q", got)
	}
	if !m.StartedAt.Equal(t0) || !m.FinishedAt.Equal(t0.Add(5*time.Minute)) || m.Schema != Schema {
		t.Errorf("merged span %v..%v schema %q", m.StartedAt, m.FinishedAt, m.Schema)
	}
}
