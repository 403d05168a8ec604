package crawler

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// frontierCrawl crawls a made-up site through a frontier: links maps a
// page's path to its links' hrefs, space-separated ("a|b" when the page's
// document ended at b after a redirect). It returns the pages visited, in
// order, as PATH@DEPTH.
func frontierCrawl(t *testing.T, maxPages, maxDepth int, site string) string {
	t.Helper()
	const origin = "https://www.testshire.gov.uk"
	links := map[string][]Link{}
	final := map[string]string{}
	for page := range strings.SplitSeq(site, ";") {
		path, hrefs, _ := strings.Cut(strings.TrimSpace(page), ":")
		path, landed, redirected := strings.Cut(path, "|")
		if redirected {
			final[path] = landed
		}
		for h := range strings.FieldsSeq(hrefs) {
			links[path] = append(links[path], Link{URL: h})
		}
	}
	start, _ := url.Parse(origin + "/")
	f := newFrontier(start, maxPages, maxDepth)
	var visited []string
	for {
		p, ok := f.next()
		if !ok {
			break
		}
		path := strings.TrimPrefix(p.url, origin)
		visited = append(visited, fmt.Sprintf("%s@%d", path, p.depth))
		pageURL := p.url
		if landed, ok := final[path]; ok {
			pageURL = origin + landed
		}
		f.add(p, pageURL, links[path])
	}
	return strings.Join(visited, " ")
}

func TestFrontier(t *testing.T) {
	for _, tt := range []struct {
		name               string
		maxPages, maxDepth int
		site               string
		want               string
	}{
		{"pages come out breadth first", 10, 0,
			"/: /a /b; /a: /a/x; /b: /b/y",
			"/@0 /a@1 /b@1 /a/x@2 /b/y@2"},
		{"the page limit ends the crawl", 3, 0,
			"/: /a /b /c",
			"/@0 /a@1 /b@1"},
		{"links past the depth limit are not followed", 10, 1,
			"/: /a; /a: /a/x",
			"/@0 /a@1"},
		{"each page is visited once, however it is written", 10, 0,
			"/: /a /a#top https://WWW.testshire.gov.uk/a https://user@www.testshire.gov.uk/a /; /a: / ../a",
			"/@0 /a@1"},
		{"other sites, downloads and logouts are not followed", 10, 0,
			"/: https://tracker.example/x https://maps.testshire.gov.uk/ /report.pdf /logout /sign-out mailto:x@testshire.gov.uk #main /b",
			"/@0 https://maps.testshire.gov.uk/@1 /b@1"},
		{"a few URLs of each shape are followed", 10, 0,
			"/: /events?month=1 /events?month=2 /events?month=3 /events?month=4 /events?day=1",
			"/@0 /events?month=1@1 /events?month=2@1 /events?month=3@1 /events?day=1@1"},
		{"relative links resolve against the page a redirect landed on", 10, 0,
			"/: /old; /old|/new/: page",
			"/@0 /old@1 /new/page@2"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := frontierCrawl(t, tt.maxPages, tt.maxDepth, tt.site); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// TestFrontierReturnsLinksFound checks that add returns every link that
// stays on the site and leads to a page, normalised, including those it
// does not queue (seen, too deep), for the policy candidates.
func TestFrontierReturnsLinksFound(t *testing.T) {
	start, _ := url.Parse("https://www.testshire.gov.uk/")
	f := newFrontier(start, 10, 1)
	home, _ := f.next()
	var got []string
	for _, l := range f.add(home, home.url, []Link{
		{URL: "/cookies#top", Text: "Cookies"}, {URL: "https://ads.example/"}, {URL: "/"}, {URL: "/Privacy", Text: "Privacy"},
	}) {
		got = append(got, l.URL+"|"+l.Text)
	}
	page, _ := f.next()
	for _, l := range f.add(page, page.url, []Link{{URL: "/deep", Text: "Deep"}}) {
		got = append(got, l.URL+"|"+l.Text)
	}
	want := "https://www.testshire.gov.uk/cookies|Cookies https://www.testshire.gov.uk/| https://www.testshire.gov.uk/Privacy|Privacy https://www.testshire.gov.uk/deep|Deep"
	if strings.Join(got, " ") != want {
		t.Errorf("links found:\n got %s\nwant %s", strings.Join(got, " "), want)
	}
	if next, ok := f.next(); !ok || next.url != "https://www.testshire.gov.uk/Privacy" {
		t.Errorf("next page %+v %t, want /Privacy (the deep link not queued)", next, ok)
	}
}
