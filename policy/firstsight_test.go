package policy

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// firstSightCorpus holds the batches of real policies collected after the
// reader's last change and scored before any change made for them, one
// directory per batch (batch06, batch07, ...). Its README keeps each
// batch's first-sight figures and the figures after its fixes.
var firstSightCorpus = filepath.Join("..", "testdata", "policy", "firstsight")

// loadBatch reads every text and HTML page of one batch directory, in name
// order.
func loadBatch(tb testing.TB, dir string) []corpusPage {
	tb.Helper()
	var pages []corpusPage
	for _, ext := range []string{".txt", ".html"} {
		matches, _ := filepath.Glob(filepath.Join(dir, "*"+ext))
		if len(matches) > 0 {
			pages = append(pages, loadCorpus(tb, dir, ext)...)
		}
	}
	sort.Slice(pages, func(i, j int) bool { return pages[i].path < pages[j].path })
	if len(pages) == 0 {
		tb.Fatalf("batch %s holds no pages", dir)
	}
	return pages
}

// firstSightBatches lists the batch directories in order.
func firstSightBatches(tb testing.TB) []string {
	tb.Helper()
	entries, err := os.ReadDir(firstSightCorpus)
	if err != nil {
		tb.Fatalf("first-sight corpus: %v", err)
	}
	var dirs []string
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), "batch") {
			dirs = append(dirs, filepath.Join(firstSightCorpus, e.Name()))
		}
	}
	return dirs
}

// firstSightThresholds are issue 19's bar for a batch: recall and
// precision of 0.90 and exact durations of 0.85. The batches are held to
// it rather than to the older corpora's 0.95/0.95/0.90 because what they
// still miss are shapes seen once (a name glued to a label with no
// separator, a name with a space split by the copy, lifetimes in a cell
// merged with the row above) and judgement calls their README records;
// fitting those would raise these figures without raising the first-sight
// accuracy on the next batch.
var firstSightThresholds = [3]float64{0.90, 0.90, 0.85}

// TestFirstSightBatches reads each first-sight batch and checks recall,
// precision and duration accuracy.
func TestFirstSightBatches(t *testing.T) {
	for _, dir := range firstSightBatches(t) {
		t.Run(filepath.Base(dir), func(t *testing.T) { checkPagesAt(t, dir, loadBatch(t, dir), firstSightThresholds) })
	}
}
