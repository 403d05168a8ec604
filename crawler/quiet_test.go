package crawler

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
)

// quietReplay feeds a recorder synthetic request events in one frame, on a
// fake clock, one step a line:
//
//	wait MS              the clock moves MS milliseconds on
//	fetch ID URL         page script starts request ID (fetch)
//	image ID URL         the page starts loading an image
//	answer ID            ID's response headers arrive
//	finish ID            ID finishes
//	cancel ID            ID fails, cancelled
//	navigate             the frame commits its next document
//	quiet                what quietFor says, as "quiet=MS held=N"
//
// The recorder's long-request limit is 250 ms.
func quietReplay(t *testing.T, r *recorder, clock *time.Time, script string) string {
	t.Helper()
	const frame = cdp.FrameID("F")
	loader := 1
	var out []string
	for line := range strings.SplitSeq(strings.TrimSpace(script), "\n") {
		f := strings.Fields(line)
		id := network.RequestID("")
		if len(f) > 1 {
			id = network.RequestID(f[1])
		}
		switch f[0] {
		case "wait":
			ms, _ := strconv.Atoi(f[1])
			*clock = clock.Add(time.Duration(ms) * time.Millisecond)
		case "fetch", "image":
			typ := network.ResourceTypeFetch
			if f[0] == "image" {
				typ = network.ResourceTypeImage
			}
			r.onEvent(&network.EventRequestWillBeSent{RequestID: id, Request: &network.Request{URL: f[2]}, Type: typ,
				FrameID: frame, LoaderID: cdp.LoaderID(fmt.Sprint("L", loader))})
		case "answer":
			r.onEvent(&network.EventResponseReceived{RequestID: id, Type: network.ResourceTypeFetch, Response: &network.Response{Status: 200}})
		case "finish":
			r.onEvent(&network.EventLoadingFinished{RequestID: id})
		case "cancel":
			r.onEvent(&network.EventLoadingFailed{RequestID: id, Canceled: true})
		case "navigate":
			loader++
			r.onEvent(&page.EventFrameNavigated{Frame: &cdp.Frame{ID: frame, LoaderID: cdp.LoaderID(fmt.Sprint("L", loader))}})
		case "quiet":
			q, held := r.quietFor(250 * time.Millisecond)
			out = append(out, fmt.Sprintf("quiet=%d held=%d", q.Milliseconds(), held))
		default:
			t.Fatalf("unknown step %q", line)
		}
	}
	return strings.Join(out, "; ")
}

// TestQuietLearnsLongPolls checks that a script request left unanswered
// past the limit and then abandoned makes its endpoint a long poll that
// later pages do not wait for, and that nothing else does.
func TestQuietLearnsLongPolls(t *testing.T) {
	for _, tt := range []struct {
		name, script, want string
	}{
		{"a request in flight holds the page until the limit",
			`fetch 1 https://chat.example/poll?n=1
			quiet
			wait 200
			quiet
			wait 60
			quiet`,
			"quiet=0 held=0; quiet=0 held=0; quiet=260 held=1"},
		{"a poll the navigation abandons holds no later page",
			`fetch 1 https://chat.example/poll?n=1
			wait 300
			quiet
			navigate
			fetch 2 https://chat.example/poll?n=2
			wait 60
			quiet`,
			"quiet=300 held=1; quiet=60 held=1"},
		{"a poll cancelled by script after the limit counts the same",
			`fetch 1 https://chat.example/poll
			wait 300
			quiet
			cancel 1
			fetch 2 https://chat.example/poll
			wait 60
			quiet`,
			"quiet=300 held=1; quiet=60 held=1"},
		{"a slow reply that arrives is waited for again",
			`fetch 1 https://stats.example/collect
			wait 300
			quiet
			answer 1
			finish 1
			navigate
			fetch 2 https://stats.example/collect
			wait 60
			quiet`,
			"quiet=300 held=1; quiet=0 held=0"},
		{"a stream whose headers came is no long poll",
			`fetch 1 https://feed.example/stream
			answer 1
			wait 300
			quiet
			navigate
			fetch 2 https://feed.example/stream
			wait 60
			quiet`,
			"quiet=300 held=1; quiet=0 held=0"},
		{"a request cancelled within the limit teaches nothing",
			`fetch 1 https://chat.example/poll
			wait 100
			quiet
			navigate
			fetch 2 https://chat.example/poll
			wait 60
			quiet`,
			"quiet=0 held=0; quiet=0 held=0"},
		{"a hanging image is never taken for a long poll",
			`image 1 https://cdn.example/hang.gif
			wait 1100
			quiet
			navigate
			image 2 https://cdn.example/hang.gif
			wait 60
			quiet`,
			"quiet=1100 held=1; quiet=0 held=0"},
		{"a long poll that answers within the limit is forgotten",
			`fetch 1 https://chat.example/poll
			wait 300
			quiet
			navigate
			fetch 2 https://chat.example/poll
			wait 20
			finish 2
			navigate
			fetch 3 https://chat.example/poll
			wait 60
			quiet`,
			"quiet=300 held=1; quiet=0 held=0"},
		{"another endpoint on the same host still holds the page",
			`fetch 1 https://chat.example/poll
			wait 300
			quiet
			navigate
			fetch 2 https://chat.example/send
			wait 60
			quiet`,
			"quiet=300 held=1; quiet=0 held=0"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			clock := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
			r := newRecorder(func() time.Time { return clock })
			if got := quietReplay(t, r, &clock, tt.script); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// TestQuietLongPollsSharedAcrossSites checks that what one site's pages
// showed about a vendor's long poll spares the next site's first page.
func TestQuietLongPollsSharedAcrossSites(t *testing.T) {
	shared := newLongPolls()
	clock := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	first := newRecorder(func() time.Time { return clock })
	first.longPolls = shared
	quietReplay(t, first, &clock, "fetch 1 https://chat.example/poll\nwait 300\nquiet\nnavigate")
	next := newRecorder(func() time.Time { return clock })
	next.longPolls = shared
	if got, want := quietReplay(t, next, &clock, "fetch 1 https://chat.example/poll?visitor=2\nwait 60\nquiet"), "quiet=60 held=1"; got != want {
		t.Errorf("next site: got %s, want %s", got, want)
	}
	alone := newRecorder(func() time.Time { return clock })
	if got, want := quietReplay(t, alone, &clock, "fetch 1 https://chat.example/poll\nwait 60\nquiet"), "quiet=0 held=0"; got != want {
		t.Errorf("a recorder of its own: got %s, want %s", got, want)
	}
}
