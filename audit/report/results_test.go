package report

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
	if got := siteURLs(done); got != "https://a/" {
		t.Errorf("audited sites on resume = %q, want only a (b was interrupted, c unreachable, d torn)", got)
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
			if _, err := LoadResults(p); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("%s: err = %v, want %q", tt.name, err, tt.want)
			}
		})
	}
	p := filepath.Join(dir, "log.jsonl")
	os.WriteFile(p, []byte(`{"url":"https://a/","status":"complete"}`+"\n"), 0o644)
	if r, err := LoadResults(p); err != nil || len(r.Sites) != 1 {
		t.Errorf("a one-line results log: %v", err)
	}
}
