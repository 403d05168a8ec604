package app

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/cookieaudit/cookieaudit/audit"
	"github.com/cookieaudit/cookieaudit/audit/report"
	"github.com/cookieaudit/cookieaudit/crawler/observe"
	"github.com/cookieaudit/cookieaudit/policy"
)

// annotatedCorpora are the corpora whose pages carry hand-annotated ground
// truth (NN_name.expected.json beside each page).
var annotatedCorpora = []string{
	filepath.Join("..", "..", "..", "testdata", "policy", "corpus-council"),
	filepath.Join("..", "..", "..", "testdata", "policy", "corpus-text"),
	filepath.Join("..", "..", "..", "testdata", "policy", "firstsight", "batch*"),
	filepath.Join("..", "..", "..", "..", "shared", "policies-html"),
}

// annotatedCookie is one cookie of a page's ground truth.
type annotatedCookie struct {
	Name     string          `json:"name"`
	Lifetime policy.Lifetime `json:"expiry_seconds"`
}

// declaredSiteTally counts, over the cookies a built site sets, those the
// audit wrongly calls undeclared or overlong.
type declaredSiteTally struct {
	cookies, undeclared, overlong int
	// falselyMentioned counts planted cookies the page does not name
	// that the audit found mentioned.
	falselyMentioned int
	misses           []string
}

func (t *declaredSiteTally) add(o declaredSiteTally) {
	t.cookies += o.cookies
	t.undeclared += o.undeclared
	t.overlong += o.overlong
	t.falselyMentioned += o.falselyMentioned
	t.misses = append(t.misses, o.misses...)
}

func percent(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return 100 * float64(n) / float64(of)
}

// TestDeclaredSiteIsDeclared builds, from every annotated corpus page, a
// site that sets exactly the cookies the page declares, each living as
// declared, and audits it against the page through the path a scan takes
// (read the page, apply it to the site, evaluate). Across all pages at most
// 2% of the cookies may be called undeclared and at most 2% overlong. Each
// site also sets common cookies the page may not declare (plantedCookies):
// none may be found mentioned where the page does not write its name.
func TestDeclaredSiteIsDeclared(t *testing.T) {
	var total declaredSiteTally
	for _, pattern := range annotatedCorpora {
		dirs, _ := filepath.Glob(pattern)
		if len(dirs) == 0 {
			abs, _ := filepath.Abs(pattern)
			t.Fatalf("annotated corpus %s is missing", abs)
		}
		for _, dir := range dirs {
			var corpus declaredSiteTally
			for _, page := range annotatedPages(t, dir) {
				corpus.add(auditDeclaredSite(t, page))
			}
			t.Logf("%s: %d cookies, %d (%.1f%%) falsely undeclared, %d (%.1f%%) falsely overlong",
				filepath.Base(dir), corpus.cookies, corpus.undeclared, percent(corpus.undeclared, corpus.cookies),
				corpus.overlong, percent(corpus.overlong, corpus.cookies))
			total.add(corpus)
		}
	}
	t.Logf("all: %d cookies, %d (%.1f%%) falsely undeclared, %d (%.1f%%) falsely overlong",
		total.cookies, total.undeclared, percent(total.undeclared, total.cookies), total.overlong, percent(total.overlong, total.cookies))
	t.Logf("wrongly judged:\n  %s", strings.Join(total.misses, "\n  "))
	if total.cookies < 900 {
		t.Errorf("only %d annotated cookies were found; a corpus is missing", total.cookies)
	}
	if total.falselyMentioned > 0 {
		t.Errorf("%d planted cookies that no page names were found mentioned", total.falselyMentioned)
	}
	if percent(total.undeclared, total.cookies) > 2 || percent(total.overlong, total.cookies) > 2 {
		t.Errorf("%.1f%% falsely undeclared, %.1f%% falsely overlong (want at most 2%% each)",
			percent(total.undeclared, total.cookies), percent(total.overlong, total.cookies))
	}
}

// annotatedPages lists the text and HTML pages of a corpus directory.
func annotatedPages(t *testing.T, dir string) []string {
	t.Helper()
	var pages []string
	for _, ext := range []string{"*.txt", "*.html"} {
		m, _ := filepath.Glob(filepath.Join(dir, ext))
		pages = append(pages, m...)
	}
	sort.Strings(pages)
	if len(pages) == 0 {
		t.Fatalf("%s holds no pages", dir)
	}
	return pages
}

// auditDeclaredSite builds the site a page declares and audits it against
// the page.
func auditDeclaredSite(t *testing.T, page string) declaredSiteTally {
	t.Helper()
	raw, err := os.ReadFile(strings.TrimSuffix(page, filepath.Ext(page)) + ".expected.json")
	if err != nil {
		t.Fatalf("%s has no ground truth: %v", page, err)
	}
	var want []annotatedCookie
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatalf("ground truth of %s: %v", page, err)
	}
	doc, err := readAnnotatedPage(page)
	if err != nil {
		t.Logf("read %s: %v", page, err)
		return declaredSiteTally{cookies: len(want), undeclared: len(want), misses: []string{filepath.Base(page) + ": " + err.Error()}}
	}
	site := declaredSite(want, doc)
	declares := map[string]bool{}
	for _, c := range site.Cookies {
		declares[c.Name] = true
	}
	for _, n := range plantedCookies {
		if !declares[n] {
			site.Cookies = append(site.Cookies, observe.Cookie{Phase: observe.PhaseAccept, Name: n, Domain: "www.example.gov.uk", Path: "/", LifetimeSeconds: 3600, RequestedLifetimeSeconds: 3600})
		}
	}
	(&policyRead{url: page, doc: doc}).apply(&site)
	audit.Evaluate(&site, audit.Options{Catalogue: policy.DefaultCatalogue()})

	var tally declaredSiteTally
	pageText, _ := os.ReadFile(page)
	written := map[string]string{}
	for _, c := range site.Cookies {
		written[c.Name] = c.Name
	}
	for _, w := range want {
		written[cookieNameFor(w.Name)] = w.Name
	}
	// A planted cookie may be mentioned only where the page writes its
	// name (spaces read as underscores), its prefix, or a wildcard pattern
	// of it.
	text := strings.ReplaceAll(strings.ToLower(string(pageText)), " ", "_")
	for _, m := range site.Matches {
		if declares[m.Cookie] || m.Match != report.MatchMentioned {
			continue
		}
		if !namedIn(text, strings.ToLower(m.Cookie)) {
			tally.falselyMentioned++
			tally.misses = append(tally.misses, fmt.Sprintf("%s: %s mentioned, not named", filepath.Base(page), m.Cookie))
		}
	}
	tally.cookies = len(declares)
	for _, f := range site.Findings {
		if !declares[f.Cookie] {
			continue
		}
		switch f.Rule {
		case audit.RuleUndeclared:
			tally.undeclared++
		case audit.RuleOverlong:
			tally.overlong++
		default:
			continue
		}
		tally.misses = append(tally.misses, fmt.Sprintf("%s: %s %s (written %q; declared %s, observed %s)",
			filepath.Base(page), f.Rule, f.Cookie, written[f.Cookie], f.Declared, f.Observed))
	}
	return tally
}

// readAnnotatedPage reads a corpus page as its extension says, without the
// "# source: URL" line that opens a text page.
func readAnnotatedPage(path string) (doc *policy.Document, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	ct := policy.TypeHTML
	if strings.HasSuffix(path, ".txt") {
		ct = policy.TypeText
		if first, rest, ok := strings.Cut(string(data), "\n"); ok && strings.HasPrefix(first, "# source: ") {
			data = []byte(rest)
		}
	}
	return policy.Parse(path, data, ct)
}

// namedIn reports whether a lower-case text writes a lower-case name, or a
// prefix of it of five characters or more that ends at a '_' or '-'.
func namedIn(text, name string) bool {
	if strings.Contains(text, name) {
		return true
	}
	for i := 3; i < len(name)-1; i++ {
		if (name[i] == '_' || name[i] == '-') && strings.Contains(text, name[:i+1]) {
			return true
		}
		// A wildcard the page writes after a prefix ("_ga*") names it too.
		if strings.Contains(text, name[:i]+"*") {
			return true
		}
	}
	return false
}

// plantedCookies are set on every built site besides what its page
// declares: common cookies, and words that are also cookie names. The
// audit may find one mentioned only where the page names it.
var plantedCookies = []string{"_ga", "_gid", "_fbp", "PHPSESSID", "JSESSIONID", "ASP.NET_SessionId", "YSC", "VISITOR_INFO1_LIVE",
	"_hjSessionUser_3344", "_clck", "__cf_bm", "AWSALB", "NID", "IDE", "session", "lang", "test", "collect", "language", "style",
	"device", "base", "text", "PREF", "consent", "_gat_UA-1234567-1", "_ga_ABC123", "cookies", "analytics", "necessary", "user", "id", "token", "visitor"}

// undeclaredLifetime is how long the built site keeps a cookie whose
// declaration states no lifetime.
const undeclaredLifetime = 365 * 24 * 3600

// declaredSite is a site that sets each cookie of want once, for as long
// as it is declared (a session cookie for a declared session; a year where
// none is stated), on its own domain or on the domain the page gives the
// cookie. A name declared twice is set once, living as long as the longest
// declaration allows.
func declaredSite(want []annotatedCookie, doc *policy.Document) report.Site {
	lifetimes := map[string]policy.Lifetime{}
	var names []string
	for _, w := range want {
		name := cookieNameFor(w.Name)
		prev, seen := lifetimes[name]
		if !seen {
			names = append(names, name)
		}
		if !seen || prev.Known() && (!w.Lifetime.Known() || w.Lifetime.Compare(prev) > 0) {
			lifetimes[name] = w.Lifetime
		}
	}
	site := report.Site{
		SiteResult: observe.SiteResult{URL: "https://www.example.gov.uk/", Status: observe.SiteComplete, Phases: []observe.PhaseResult{}, Storage: []observe.StorageItem{}},
	}
	for _, n := range names {
		c := observe.Cookie{Phase: observe.PhaseAccept, Name: n, Domain: "www.example.gov.uk", Path: "/", Secure: true,
			SetBy: "header", SetByURL: "https://www.example.gov.uk/", FirstSeenURL: "https://www.example.gov.uk/"}
		for _, d := range doc.Declared {
			if dom := declaredDomain(d); dom != "" && d.Matches(n) {
				c.Domain, c.SetByURL = dom, "https://"+strings.TrimPrefix(dom, ".")+"/"
				c.ThirdParty = true
			}
		}
		switch l := lifetimes[n]; {
		case !l.Known():
			c.LifetimeSeconds, c.RequestedLifetimeSeconds = undeclaredLifetime, undeclaredLifetime
		case l.Session():
			c.Session = true
		default:
			c.LifetimeSeconds, c.RequestedLifetimeSeconds = min(l.Seconds(), 400*24*3600), l.Seconds()
		}
		site.Cookies = append(site.Cookies, c)
	}
	return site
}

// declaredDomain is the domain a declaration sets its cookie on: its
// Domain, or its Provider when that is written as a domain name.
func declaredDomain(d policy.Declaration) string {
	if d.Domain != "" {
		return d.Domain
	}
	if p := strings.ToLower(d.Provider); strings.Contains(p, ".") && !strings.ContainsAny(p, " ,;()/") {
		return p
	}
	return ""
}

// placeholderRE finds the placeholders policies write inside cookie names:
// <container-id>, {site_id}, [number], (number), runs of X or #, and '*'.
var placeholderRE = regexp.MustCompile(`<[^<>]*>|\{[^{}]*\}|\[[^\[\]]*\]|\([^()]*\)|X{3,}|x{4,}|#+|\*`)

// cookieNameFor turns a name as a policy writes it into one a site would
// really set: a placeholder becomes a realistic value (digits where it
// stands for a number, else an identifier), spaces become underscores,
// quotes and odd hyphens go.
func cookieNameFor(written string) string {
	name := placeholderRE.ReplaceAllStringFunc(written, func(p string) string {
		lower := strings.ToLower(p)
		switch {
		case strings.Contains(lower, "number"), strings.HasPrefix(p, "#"), strings.Contains(lower, "id") && strings.HasPrefix(p, "("):
			return "3344"
		case strings.Contains(lower, "hash"):
			return "9f86d081884c7d659a2feaa0c55ad015"
		}
		return "G4B7K2X9QZ"
	})
	name = strings.NewReplacer("‑", "-", "–", "-", "'", "", "’", "", "\"", "").Replace(name)
	fields := strings.Fields(name)
	var b strings.Builder
	for i, f := range fields {
		if i > 0 && !strings.HasSuffix(fields[i-1], "_") && !strings.HasPrefix(f, "_") {
			b.WriteByte('_')
		}
		b.WriteString(f)
	}
	return b.String()
}
