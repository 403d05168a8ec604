package crawler

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"

	"github.com/cookieaudit/cookieaudit/crawler/observe"
)

// recorderReplay feeds a recorder a script of synthetic DevTools events and
// store snapshots, one step a line, each step one second after the last:
//
//	page URL                     the crawler navigates to URL
//	header URL LINE              a response from URL carries Set-Cookie LINE
//	early URL LINE               the same, reported before its request
//	blockedheader URL REASON LINE  the browser refused the Set-Cookie
//	script URL LINE              a script on URL writes document.cookie
//	store NAME@DOMAIN/PATH ...   the store now holds these cookies (1 year)
//	choice                       the phase's consent choice is made
//	settled                      what the choice set off has settled
type recorderReplay struct {
	r   *recorder
	now time.Time
	ids int
}

func newRecorderReplay() *recorderReplay {
	p := &recorderReplay{now: time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)}
	p.r = newRecorder(func() time.Time { return p.now })
	return p
}

func (p *recorderReplay) step(t *testing.T, line string) {
	t.Helper()
	p.now = p.now.Add(time.Second)
	verb, rest, _ := strings.Cut(line, " ")
	switch verb {
	case "page":
		p.r.setPage(rest)
	case "header", "early", "blockedheader":
		u, cookie, _ := strings.Cut(rest, " ")
		p.ids++
		id := network.RequestID(fmt.Sprint(p.ids))
		extra := &network.EventResponseReceivedExtraInfo{RequestID: id}
		if verb == "blockedheader" {
			var reason string
			reason, cookie, _ = strings.Cut(cookie, " ")
			extra.BlockedCookies = []*network.BlockedSetCookieWithReason{{
				BlockedReasons: []network.SetCookieBlockedReason{network.SetCookieBlockedReason(reason)}, CookieLine: cookie,
			}}
		}
		extra.Headers = network.Headers{"Set-Cookie": cookie}
		sent := &network.EventRequestWillBeSent{RequestID: id, Request: &network.Request{URL: u}, Type: network.ResourceTypeDocument}
		if verb == "early" {
			p.r.onEvent(extra)
			p.r.onEvent(sent)
		} else {
			p.r.onEvent(sent)
			p.r.onEvent(extra)
		}
		p.r.onEvent(&network.EventLoadingFinished{RequestID: id})
	case "script":
		u, cookie, _ := strings.Cut(rest, " ")
		p.r.onScriptWrite(fmt.Sprintf(`{"line":%q,"page":%q,"script":%q,"t":%d}`, cookie, u, u+"app.js", p.now.UnixMilli()))
	case "store":
		var cs []*network.Cookie
		for _, f := range strings.Fields(rest) {
			name, where, _ := strings.Cut(f, "@")
			domain, path, _ := strings.Cut(where, "/")
			cs = append(cs, &network.Cookie{Name: name, Domain: domain, Path: "/" + path, Expires: float64(p.now.Add(365 * 24 * time.Hour).Unix())})
		}
		p.r.snapshot(cs)
	case "choice":
		p.r.choiceMade()
	case "settled":
		p.r.choiceHasSettled()
	default:
		t.Fatalf("unknown step %q", line)
	}
}

// compact writes a cookie record as NAME DOMAIN PATH followed by what is
// notable about it.
func compact(c observe.Cookie) string {
	s := fmt.Sprintf("%s %s %s by=%s", c.Name, c.Domain, c.Path, c.SetBy)
	if c.Blocked {
		s += " blocked:" + c.BlockedReason
	}
	if c.Removed {
		s += " removed"
	}
	if c.AfterChoice != "" {
		s += " after:" + string(c.AfterChoice)
	}
	return s
}

func TestRecorderJoin(t *testing.T) {
	const site = "https://www.testshire.gov.uk/"
	tests := []struct {
		desc  string
		steps []string
		want  []string
	}{
		{
			desc: "header cookie seen in the store",
			steps: []string{
				"page " + site,
				"header " + site + " SESSION=x; Path=/; HttpOnly",
				"store SESSION@www.testshire.gov.uk/",
			},
			want: []string{"SESSION www.testshire.gov.uk / by=header"},
		},
		{
			desc: "Set-Cookie reported before its request is still joined",
			steps: []string{
				"page " + site,
				"early " + site + " lang=en; Path=/",
				"store lang@www.testshire.gov.uk/",
			},
			want: []string{"lang www.testshire.gov.uk / by=header"},
		},
		{
			desc: "script cookie set and deleted between snapshots is removed",
			steps: []string{
				"page " + site,
				"script " + site + " tmp=1; path=/",
				"script " + site + " tmp=; path=/; max-age=0",
				"store",
			},
			want: []string{"tmp www.testshire.gov.uk / by=script removed"},
		},
		{
			desc: "cookie gone from a later snapshot is removed",
			steps: []string{
				"page " + site,
				"script " + site + " a=1; path=/; max-age=600",
				"store a@www.testshire.gov.uk/",
				"page " + site + "bins/",
				"store",
			},
			want: []string{"a www.testshire.gov.uk / by=script removed"},
		},
		{
			desc: "header refused by the browser keeps its reason",
			steps: []string{
				"page " + site,
				"blockedheader https://track.adnet.example/p.gif ThirdPartyPhaseout uid=1; Domain=adnet.example; SameSite=None; Secure",
				"store",
			},
			want: []string{"uid .adnet.example / by=header blocked:ThirdPartyPhaseout"},
		},
		{
			desc: "refusal: deleted by the manager, kept through it, written again after it",
			steps: []string{
				"page " + site,
				"script " + site + " _ga=1; domain=testshire.gov.uk; path=/; max-age=600",
				"script " + site + " _hjid=1; domain=testshire.gov.uk; path=/; max-age=600",
				"script " + site + " _fbp=1; domain=testshire.gov.uk; path=/; max-age=600",
				"store _ga@.testshire.gov.uk/ _hjid@.testshire.gov.uk/ _fbp@.testshire.gov.uk/",
				"choice",
				"script " + site + " _ga=; domain=testshire.gov.uk; path=/; max-age=0",
				"script " + site + " _fbp=; domain=testshire.gov.uk; path=/; max-age=0",
				"settled",
				"store _hjid@.testshire.gov.uk/",
				"page " + site + "bins/",
				"script " + site + "bins/ _fbp=2; domain=testshire.gov.uk; path=/; max-age=600",
				"store _hjid@.testshire.gov.uk/ _fbp@.testshire.gov.uk/",
			},
			want: []string{
				"_fbp .testshire.gov.uk / by=script after:written",
				"_ga .testshire.gov.uk / by=script removed after:gone",
				"_hjid .testshire.gov.uk / by=script after:kept",
			},
		},
		{
			desc: "no choice made: nothing said about after the choice",
			steps: []string{
				"page " + site,
				"header " + site + " a=1; Path=/; Max-Age=60",
				"store a@www.testshire.gov.uk/",
			},
			want: []string{"a www.testshire.gov.uk / by=header"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			p := newRecorderReplay()
			for _, s := range tt.steps {
				p.step(t, s)
			}
			var got []string
			for _, c := range p.r.cookies(observe.PhaseReject, "www.testshire.gov.uk") {
				got = append(got, compact(c))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("cookies:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}
