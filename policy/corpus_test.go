package policy

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// expectedCookie is one entry of a corpus page's hand-annotated ground
// truth (NN_name.expected.json).
type expectedCookie struct {
	Name     string   `json:"name"`
	Expiry   *string  `json:"expiry"`
	Lifetime Lifetime `json:"expiry_seconds"`
	Category string   `json:"category"`
	Provider *string  `json:"provider"`
}

// corpusPage is one policy of a corpus with its ground truth.
type corpusPage struct {
	path     string
	expected []expectedCookie
}

// corpusScore counts how well the reader did on a corpus.
type corpusScore struct {
	expected, found, matched, durations int
	misses                              []string // per page: missed and extra names, wrong durations
}

func (s corpusScore) recall() float64    { return ratio(s.matched, s.expected) }
func (s corpusScore) precision() float64 { return ratio(s.matched, s.found) }
func (s corpusScore) durationAccuracy() float64 {
	return ratio(s.durations, s.matched)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// sharedHTMLCorpus is the shared corpus of real HTML policies, kept beside
// the repository (repoRoot/../shared/policies-html).
var sharedHTMLCorpus = filepath.Join("..", "..", "shared", "policies-html")

// textCorpus is this repository's corpus of real policies as plain text.
var textCorpus = filepath.Join("..", "testdata", "policy", "corpus-text")

// loadCorpus reads every page of a corpus directory with the extension ext
// and its NN_name.expected.json.
func loadCorpus(tb testing.TB, dir, ext string) []corpusPage {
	tb.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		abs, _ := filepath.Abs(dir)
		tb.Fatalf("corpus %s is missing (want it at %s): %v", dir, abs, err)
	}
	var pages []corpusPage
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ext) {
			continue
		}
		path := filepath.Join(dir, e.Name())
		raw, err := os.ReadFile(strings.TrimSuffix(path, ext) + ".expected.json")
		if err != nil {
			tb.Fatalf("corpus page %s has no ground truth: %v", path, err)
		}
		var want []expectedCookie
		if err := json.Unmarshal(raw, &want); err != nil {
			tb.Fatalf("ground truth of %s: %v", path, err)
		}
		pages = append(pages, corpusPage{path: path, expected: want})
	}
	if len(pages) == 0 {
		tb.Fatalf("corpus %s holds no %s pages", dir, ext)
	}
	return pages
}

// scoreCorpus reads every page and compares the distinct names read (first
// occurrence) with the ground truth: a name is found when it is read
// exactly as written, and its duration is right when the seconds agree
// (both absent counts as agreeing).
func scoreCorpus(tb testing.TB, pages []corpusPage) corpusScore {
	tb.Helper()
	var s corpusScore
	for _, p := range pages {
		doc, err := readCorpusPage(p.path)
		if err != nil {
			tb.Fatalf("read %s: %v", p.path, err)
		}
		got := map[string]Declaration{}
		var order []string
		for _, d := range doc.Declared {
			if _, dup := got[d.Name]; !dup {
				got[d.Name] = d
				order = append(order, d.Name)
			}
		}
		want := map[string]bool{}
		var missed, wrong, extra []string
		for _, w := range p.expected {
			want[w.Name] = true
			s.expected++
			d, ok := got[w.Name]
			if !ok {
				missed = append(missed, w.Name)
				continue
			}
			s.matched++
			if d.Expiry == w.Lifetime {
				s.durations++
			} else {
				wrong = append(wrong, fmt.Sprintf("%s (read %q=%s, want %s)", w.Name, d.ExpiryText, secondsText(d.Expiry), secondsText(w.Lifetime)))
			}
		}
		for _, n := range order {
			s.found++
			if !want[n] {
				extra = append(extra, n)
			}
		}
		if len(missed)+len(wrong)+len(extra) > 0 {
			sort.Strings(extra)
			s.misses = append(s.misses, fmt.Sprintf("%s:\n    missed %q\n    extra %q\n    durations %s", filepath.Base(p.path), missed, extra, strings.Join(wrong, "; ")))
		}
	}
	return s
}

// readCorpusPage reads a corpus page as its extension says, without the
// "# source: URL" line that opens a text page (it records where the text
// was copied from and is not part of the policy).
func readCorpusPage(path string) (*Document, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	ct := TypeHTML
	if strings.HasSuffix(path, ".txt") {
		ct = TypeText
		if first, rest, ok := strings.Cut(string(data), "\n"); ok && strings.HasPrefix(first, "# source: ") {
			data = []byte(rest)
		}
	}
	return Parse(path, data, ct)
}

// secondsText writes a lifetime in seconds, or "none" when unknown.
func secondsText(l Lifetime) string {
	if !l.Known() {
		return "none"
	}
	return fmt.Sprint(l.Seconds())
}

// councilCorpus is this repository's held-out corpus of real council and
// other UK public-sector cookie pages, as text and HTML; the reader was
// scored on it before any change made for it.
var councilCorpus = filepath.Join("..", "testdata", "policy", "corpus-council")

// loadMixedCorpus reads a corpus whose pages are text (.txt) and HTML
// (.html), in name order.
func loadMixedCorpus(tb testing.TB, dir string) []corpusPage {
	tb.Helper()
	pages := append(loadCorpus(tb, dir, ".txt"), loadCorpus(tb, dir, ".html")...)
	sort.Slice(pages, func(i, j int) bool { return pages[i].path < pages[j].path })
	return pages
}

// checkCorpus asserts the thresholds on a corpus.
func checkCorpus(t *testing.T, dir, ext string) {
	checkPages(t, dir, loadCorpus(t, dir, ext))
}

// checkPages asserts the thresholds on the pages of a corpus.
func checkPages(t *testing.T, dir string, pages []corpusPage) {
	checkPagesAt(t, dir, pages, corpusThresholds)
}

// corpusThresholds are the recall, precision and duration accuracy the
// older corpora must reach.
var corpusThresholds = [3]float64{0.95, 0.95, 0.90}

// checkPagesAt asserts recall, precision and duration accuracy of at
// least min on the pages of a corpus.
func checkPagesAt(t *testing.T, dir string, pages []corpusPage, min [3]float64) {
	s := scoreCorpus(t, pages)
	t.Logf("%s: %d expected, %d read: recall %.3f, precision %.3f, durations %.3f",
		dir, s.expected, s.found, s.recall(), s.precision(), s.durationAccuracy())
	if s.recall() < min[0] || s.precision() < min[1] || s.durationAccuracy() < min[2] {
		t.Errorf("%s: recall %.3f (want >= %.2f), precision %.3f (want >= %.2f), durations %.3f (want >= %.2f); per page:\n  %s",
			dir, s.recall(), min[0], s.precision(), min[1], s.durationAccuracy(), min[2], strings.Join(s.misses, "\n  "))
	}
}

// TestHTMLCorpus reads the shared corpus of real public-sector HTML cookie
// pages and checks recall, precision and duration accuracy.
func TestHTMLCorpus(t *testing.T) { checkCorpus(t, sharedHTMLCorpus, ".html") }

// TestTextCorpus reads this repository's corpus of real policies copied as
// plain text and checks recall, precision and duration accuracy.
func TestTextCorpus(t *testing.T) { checkCorpus(t, textCorpus, ".txt") }

// TestCouncilCorpus reads the held-out corpus of real council and other UK
// public-sector pages (text and HTML) and checks recall, precision and
// duration accuracy.
func TestCouncilCorpus(t *testing.T) { checkPages(t, councilCorpus, loadMixedCorpus(t, councilCorpus)) }

// BenchmarkCorpus reports the reader's recall, precision and duration
// accuracy on each corpus and on the seeds.
func BenchmarkCorpus(b *testing.B) {
	for _, c := range []struct{ name, dir, ext string }{
		{"html", sharedHTMLCorpus, ".html"},
		{"text", textCorpus, ".txt"},
		{"council", councilCorpus, ""},
	} {
		b.Run(c.name, func(b *testing.B) {
			var pages []corpusPage
			if c.ext == "" {
				pages = loadMixedCorpus(b, c.dir)
			} else {
				pages = loadCorpus(b, c.dir, c.ext)
			}
			var s corpusScore
			for b.Loop() {
				s = scoreCorpus(b, pages)
			}
			b.ReportMetric(s.recall(), "recall")
			b.ReportMetric(s.precision(), "precision")
			b.ReportMetric(s.durationAccuracy(), "durations")
			b.ReportMetric(float64(s.expected), "cookies")
		})
	}
}
