package crawler

import (
	"fmt"
	"testing"
)

// TestNextCollection replays the heap sizes a tab's renderer reports as it
// sets off for each page (in MB) and checks on which pages a collection is
// due.
func TestNextCollection(t *testing.T) {
	for _, tc := range []struct {
		desc  string
		sizes []float64 // before pages 2, 3, ...; after a collection the size falls to after
		after float64
		want  string // "." no collection, "C" collection, per page
	}{
		{"light pages: every fourth", []float64{1.2, 1.8, 2.4, 3.0, 3.6, 1.9, 2.5, 3.1, 3.7}, 1.3, "....C...C"},
		{"heavy pages: every page", []float64{10, 13, 16, 19}, 10, ".CCC"},
		{"the renderer collected itself", []float64{5, 6, 3, 4.5, 5.2}, 3, "....C"},
		{"just under the growth", []float64{4, 5.9, 5.99}, 4, "..."},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			var base float64
			got := ""
			for _, mb := range tc.sizes {
				next, due := nextCollection(base, mb*1e6)
				if due {
					got += "C"
					base = tc.after * 1e6
					continue
				}
				got += "."
				base = next
			}
			if got != tc.want {
				t.Errorf("sizes %v: got %s, want %s", fmt.Sprint(tc.sizes), got, tc.want)
			}
		})
	}
}
