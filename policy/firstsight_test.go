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

// firstSightBar is issue 19's bar for a batch: recall and precision of
// 0.90 and exact durations of 0.85. The batches are held to it rather than
// to the older corpora's 0.95/0.95/0.90 because what they still miss are
// shapes seen once and judgement calls their README records; fitting those
// would raise these figures without raising the first-sight accuracy on
// the next batch.
var firstSightBar = [3]float64{0.90, 0.90, 0.85}

// firstSightFloors are each batch's recall, precision and durations after
// its fixes (round 4 for batches 09-14), so that any regression fails.
// Batches 09, 10, 12 and 13 stay below the bar's recall: their misses are
// layouts each seen on one page (spaced rows with an owner column before
// the name, name=value cells, Jadu rows with indented continuations, names
// only inside a purpose, unknown short names in a run of name paragraphs,
// descriptive identifiers such as "32 alphanumeric characters"), listed in
// testdata/policy/firstsight/README.md and left for rounds that see them
// again.
var firstSightFloors = map[string][3]float64{
	"batch06": {0.925, 0.982, 0.874},
	"batch07": {0.982, 1.000, 0.929},
	"batch08": {0.958, 0.979, 0.946},
	"batch09": {0.877, 0.926, 0.940},
	"batch10": {0.876, 0.977, 0.882},
	"batch11": {0.957, 0.971, 0.939},
	"batch12": {0.800, 0.957, 0.886},
	"batch13": {0.852, 1.000, 0.981},
	"batch14": {0.967, 1.000, 0.897},
}

// firstSightMinimum returns the figures a batch must reach: its floor,
// less half the last printed digit (the floors are the figures rounded to
// three places), or the bar for a batch with no floor yet.
func firstSightMinimum(batch string) [3]float64 {
	floor, ok := firstSightFloors[batch]
	if !ok {
		return firstSightBar
	}
	for k := range floor {
		floor[k] -= 0.0005
	}
	return floor
}

// TestFirstSightBatches reads each first-sight batch and checks recall,
// precision and duration accuracy against its floor.
func TestFirstSightBatches(t *testing.T) {
	for _, dir := range firstSightBatches(t) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			checkPagesAt(t, dir, loadBatch(t, dir), firstSightMinimum(filepath.Base(dir)))
		})
	}
}
