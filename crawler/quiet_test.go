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
	"github.com/chromedp/cdproto/runtime"
)

// quietReplay feeds a quiet tracker synthetic DevTools events in one
// frame, on a fake clock, one step a line:
//
//	wait MS              the clock moves MS milliseconds on
//	fetch ID URL         page script starts request ID (fetch)
//	image ID URL         the page starts loading an image
//	stream ID URL        the page opens an event source
//	beacon ID URL        the frame's previous document sends a beacon
//	redirect ID URL      ID is redirected to URL
//	answer ID            ID's response headers arrive
//	eventstream ID       ID's headers arrive, saying text/event-stream
//	finish ID            ID finishes
//	cancel ID            ID fails, cancelled
//	navigate             the frame commits its next document
//	detach               the frame goes away
//	timer DELTA FRAME    subframe FRAME sets (+1) or ends (-1) a short timer
//	cookies              a response's Set-Cookie report arrives
//	touch                the tracker is told of activity it cannot see
//	newpage              the crawler sets off for the next page
//	abandon              the crawler gives up on the page (clearInflight)
//	mark                 the activity is marked
//	quiet                what quietFor says, as "quiet=MS held=N"
//	changed              whether anything happened since the last mark
//	timers               whether a subframe has a short timer pending
//
// The long-request limit is 250 ms.
func quietReplay(t *testing.T, q *netQuiet, clock *time.Time, script string) string {
	t.Helper()
	const frame = cdp.FrameID("F")
	loader := 1
	var mark uint64
	var out []string
	for line := range strings.SplitSeq(strings.TrimSpace(script), "\n") {
		f := strings.Fields(line)
		id := network.RequestID("")
		if len(f) > 1 {
			id = network.RequestID(f[1])
		}
		sent := func(typ network.ResourceType, loader int) *network.EventRequestWillBeSent {
			return &network.EventRequestWillBeSent{RequestID: id, Request: &network.Request{URL: f[2]}, Type: typ,
				FrameID: frame, LoaderID: cdp.LoaderID(fmt.Sprint("L", loader))}
		}
		switch f[0] {
		case "wait":
			ms, _ := strconv.Atoi(f[1])
			*clock = clock.Add(time.Duration(ms) * time.Millisecond)
		case "fetch":
			q.onEvent(sent(network.ResourceTypeFetch, loader))
		case "image":
			q.onEvent(sent(network.ResourceTypeImage, loader))
		case "stream":
			q.onEvent(sent(network.ResourceTypeEventSource, loader))
		case "beacon":
			q.onEvent(sent(network.ResourceTypePing, loader-1))
		case "redirect":
			ev := sent(network.ResourceTypeFetch, loader)
			ev.RedirectResponse = &network.Response{Status: 302}
			q.onEvent(ev)
		case "answer", "eventstream":
			resp := &network.Response{Status: 200}
			if f[0] == "eventstream" {
				resp.MimeType = "text/event-stream"
			}
			q.onEvent(&network.EventResponseReceived{RequestID: id, Type: network.ResourceTypeFetch, Response: resp})
		case "finish":
			q.onEvent(&network.EventLoadingFinished{RequestID: id})
		case "cancel":
			q.onEvent(&network.EventLoadingFailed{RequestID: id, Canceled: true})
		case "navigate":
			loader++
			q.onEvent(&page.EventFrameNavigated{Frame: &cdp.Frame{ID: frame, LoaderID: cdp.LoaderID(fmt.Sprint("L", loader))}})
		case "detach":
			q.onEvent(&page.EventFrameDetached{FrameID: frame})
		case "timer":
			q.onEvent(&runtime.EventBindingCalled{Name: bindingName, Payload: fmt.Sprintf(`{"timer":%s,"frame":%q}`, f[1], f[2])})
		case "cookies":
			q.onEvent(&network.EventResponseReceivedExtraInfo{RequestID: "c"})
		case "touch":
			q.touch()
		case "newpage":
			q.startPage()
		case "abandon":
			q.clearInflight()
		case "mark":
			mark = q.mark()
		case "quiet":
			d, held := q.quietFor(250 * time.Millisecond)
			out = append(out, fmt.Sprintf("quiet=%d held=%d", d.Milliseconds(), held))
		case "changed":
			out = append(out, fmt.Sprintf("changed=%t", q.changedSince(mark)))
		case "timers":
			out = append(out, fmt.Sprintf("timers=%t", q.frameTimersPending()))
		default:
			t.Fatalf("unknown step %q", line)
		}
	}
	return strings.Join(out, "; ")
}

// quietCase is a quiet replay script (see quietReplay) and what it should
// say.
type quietCase struct{ name, script, want string }

// replayQuietCases replays each case on a quiet tracker of its own, on a
// fake clock.
func replayQuietCases(t *testing.T, cases []quietCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			clock := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
			q := newNetQuiet(func() time.Time { return clock }, newLongPolls())
			if got := quietReplay(t, q, &clock, tt.script); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// TestNetQuiet checks which requests hold a page and for how long, what
// the page counts as activity, and what it says of its frames' timers.
func TestNetQuiet(t *testing.T) {
	replayQuietCases(t, []quietCase{
		{"quiet counts from the last request's end",
			`fetch 1 https://www.example/a
			wait 40
			quiet
			finish 1
			wait 30
			quiet`,
			"quiet=0 held=0; quiet=30 held=0"},
		{"a request's start counts as network activity",
			`wait 500
			image 1 https://www.example/a.png
			finish 1
			wait 20
			image 2 https://www.example/b.png
			cancel 2
			wait 10
			quiet`,
			"quiet=10 held=0"},
		{"an image holds the page four times the limit",
			`image 1 https://cdn.example/a.png
			wait 999
			quiet
			wait 1
			quiet`,
			"quiet=0 held=0; quiet=1000 held=1"},
		{"event sources never hold the page",
			`stream 1 https://www.example/events
			wait 10
			quiet`,
			"quiet=10 held=0"},
		{"a stream holds nothing once its headers are in",
			`fetch 1 https://www.example/feed
			wait 10
			quiet
			eventstream 1
			wait 10
			quiet`,
			"quiet=0 held=0; quiet=10 held=0"},
		{"a beacon of the document left never holds the next",
			`navigate
			beacon 1 https://stats.example/leave
			wait 10
			quiet`,
			"quiet=10 held=0"},
		{"a redirect is network activity but keeps its request's start",
			`fetch 1 https://www.example/old
			wait 200
			redirect 1 https://www.example/new
			wait 40
			quiet
			wait 20
			quiet`,
			"quiet=0 held=0; quiet=60 held=1"},
		{"a navigation ends the requests of the document it replaces",
			`fetch 1 https://www.example/a
			wait 10
			navigate
			wait 5
			quiet`,
			"quiet=5 held=0"},
		{"a frame going away ends its requests",
			`image 1 https://www.example/a.png
			wait 10
			detach
			wait 5
			quiet`,
			"quiet=5 held=0"},
		{"an abandoned page's requests hold nothing",
			`fetch 1 https://www.example/a
			wait 10
			abandon
			wait 5
			quiet`,
			"quiet=5 held=0"},
		{"a frame's timers are pending until each has ended",
			`timer 1 sub
			timer 1 sub
			timer -1 sub
			timers
			timer -1 sub
			timers`,
			"timers=true; timers=false"},
		{"a new page forgets the last one's frame timers",
			`timer 1 sub
			newpage
			timers`,
			"timers=false"},
		{"requests, cookie reports, timers and touches are activity",
			`mark
			changed
			fetch 1 https://www.example/a
			changed
			mark
			finish 1
			changed
			mark
			cookies
			changed
			mark
			timer 1 sub
			changed
			mark
			touch
			changed`,
			"changed=false; changed=true; changed=true; changed=true; changed=true; changed=true"},
		{"the clock alone is no activity, nor asking how quiet it is",
			`fetch 1 https://www.example/a
			mark
			wait 300
			quiet
			changed`,
			"quiet=300 held=1; changed=false"},
	})
}

// TestQuietLearnsLongPolls checks that a script request left unanswered
// past the limit and then abandoned makes its endpoint a long poll that
// later pages do not wait for, and that nothing else does.
func TestQuietLearnsLongPolls(t *testing.T) {
	replayQuietCases(t, []quietCase{
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
	})
}

// TestQuietLongPollsSharedAcrossSites checks that what one site's pages
// showed about a vendor's long poll spares the next site's first page.
func TestQuietLongPollsSharedAcrossSites(t *testing.T) {
	shared := newLongPolls()
	clock := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	now := func() time.Time { return clock }
	quietReplay(t, newNetQuiet(now, shared), &clock, "fetch 1 https://chat.example/poll\nwait 300\nquiet\nnavigate")
	if got, want := quietReplay(t, newNetQuiet(now, shared), &clock, "fetch 1 https://chat.example/poll?visitor=2\nwait 60\nquiet"), "quiet=60 held=1"; got != want {
		t.Errorf("next site: got %s, want %s", got, want)
	}
	if got, want := quietReplay(t, newNetQuiet(now, newLongPolls()), &clock, "fetch 1 https://chat.example/poll\nwait 60\nquiet"), "quiet=0 held=0"; got != want {
		t.Errorf("a tracker of its own: got %s, want %s", got, want)
	}
}
