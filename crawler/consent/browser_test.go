package consent_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cookieaudit/cookieaudit/crawler"
	"github.com/cookieaudit/cookieaudit/crawler/consent"
	"github.com/cookieaudit/cookieaudit/crawler/fixture"
)

// libHost serves the npm packages installed in node_modules, so fixture
// pages load the real consent-manager libraries.
const libHost = "cdn.consentlibs.net"

var (
	repoRoot    = filepath.Join("..", "..")
	nodeModules = filepath.Join(repoRoot, "node_modules")
	fixtures    *fixture.Server
)

func TestMain(m *testing.M) {
	srv, err := fixture.Start(siteFS{
		sites: os.DirFS(filepath.Join(repoRoot, "testdata", "consent", "sites")),
		libs:  os.DirFS(nodeModules),
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fixtures = srv
	code := m.Run()
	closeBrowser()
	srv.Close()
	os.Exit(code)
}

// siteFS joins the fixture sites with node_modules served as libHost.
type siteFS struct{ sites, libs fs.FS }

func (s siteFS) Open(name string) (fs.File, error) {
	if name == libHost {
		return s.libs.Open(".")
	}
	if rest, ok := strings.CutPrefix(name, libHost+"/"); ok {
		return s.libs.Open(rest)
	}
	return s.sites.Open(name)
}

func (s siteFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if name != "." {
		if rest, ok := strings.CutPrefix(name, libHost+"/"); ok {
			return fs.ReadDir(s.libs, rest)
		}
		return fs.ReadDir(s.sites, name)
	}
	entries, err := fs.ReadDir(s.sites, ".")
	if err != nil {
		return nil, err
	}
	return append(entries, hostDir(libHost)), nil
}

// hostDir is a directory entry naming a virtual host directory.
type hostDir string

func (h hostDir) Name() string               { return string(h) }
func (h hostDir) IsDir() bool                { return true }
func (h hostDir) Type() fs.FileMode          { return fs.ModeDir }
func (h hostDir) Info() (fs.FileInfo, error) { return nil, errors.New("virtual directory") }

// requireNodeModules fails (never skips) when the npm packages the fixtures
// load are missing.
func requireNodeModules(t testing.TB) {
	t.Helper()
	for _, p := range []string{
		"@duckduckgo/autoconsent/dist/autoconsent.playwright.js",
		"vanilla-cookieconsent/dist/cookieconsent.umd.js",
		"klaro/dist/klaro.js",
		"cookieconsent/build/cookieconsent.min.js",
		"govuk-frontend/dist/govuk/govuk-frontend.min.css",
	} {
		if _, err := os.Stat(filepath.Join(nodeModules, p)); err != nil {
			t.Fatalf("npm test dependencies missing (%v): run `%s` in the repository root", err, consent.InstallCommand)
		}
	}
}

var (
	browserOnce sync.Once
	browser     *crawler.Browser
	browserErr  error
)

// sharedBrowser starts one Chromium for the package's tests. Browser tests
// never skip: CI installs Chromium, and a missing one is a failure.
func sharedBrowser(t testing.TB) *crawler.Browser {
	t.Helper()
	browserOnce.Do(func() {
		browser, browserErr = crawler.Launch(context.Background(), crawler.BrowserOptions{
			ResolverRules: fixtures.ResolverRules(),
			Insecure:      true,
		})
	})
	if browserErr != nil {
		t.Fatalf("launch browser: %v", browserErr)
	}
	return browser
}

func closeBrowser() {
	if browser != nil {
		browser.Close()
	}
}

// scanSites crawls the sites' start pages in the accept and reject phases
// with mgr operating the banners.
func scanSites(t testing.TB, mgr *consent.Manager, sites []string) map[string]crawler.SiteResult {
	t.Helper()
	b := sharedBrowser(t)
	cfg := crawler.Config{
		Phases:      []crawler.Phase{crawler.PhaseAccept, crawler.PhaseReject},
		MaxPages:    1,
		Settle:      500 * time.Millisecond,
		PageTimeout: 30 * time.Second,
		Consent:     mgr,
	}
	out := map[string]crawler.SiteResult{}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	b.Scan(ctx, sites, cfg, crawler.ScanOptions{Concurrency: 2}, func(r crawler.SiteResult) { out[r.URL] = r })
	return out
}

// evidence renders a phase's consent result and whether the fixture's
// consent-gated analytics cookie (_fm_id) was set, in one line.
func evidence(r crawler.SiteResult, phase crawler.Phase) string {
	var res *consent.Result
	for _, p := range r.Phases {
		if p.Phase == phase {
			res = p.Consent
			if res == nil {
				return p.ConsentAction + " (no consent result) " + p.Error
			}
		}
	}
	if res == nil {
		return "phase missing"
	}
	analytics := slices.ContainsFunc(r.Cookies, func(c crawler.Cookie) bool {
		return c.Phase == phase && c.Name == "_fm_id" && !c.Blocked
	})
	s := fmt.Sprintf("%s %s cmp=%s clicked=%q gone=%t record=%q reject1=%t analytics=%t",
		res.Action, res.Method, res.CMP, strings.Join(res.Clicked, " > "), res.BannerGone, res.ConsentRecord, res.RejectOnFirstLayer, analytics)
	if res.Error != "" {
		s += " error=" + res.Error
	}
	return s
}

// consentCase is one fixture site and the evidence expected per phase.
type consentCase struct {
	desc   string
	site   string
	accept string
	reject string
}

func runConsentCases(t *testing.T, opts consent.Options, cases []consentCase) {
	requireNodeModules(t)
	mgr, err := consent.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	var sites []string
	for _, c := range cases {
		sites = append(sites, fixtures.URL(c.site, "/"))
	}
	results := scanSites(t, mgr, sites)
	for _, c := range cases {
		t.Run(c.site, func(t *testing.T) {
			r, ok := results[fixtures.URL(c.site, "/")]
			if !ok {
				t.Fatalf("%s: no result", c.desc)
			}
			if got := evidence(r, crawler.PhaseAccept); got != c.accept {
				t.Errorf("%s: accept\n got: %s\nwant: %s", c.desc, got, c.accept)
			}
			if got := evidence(r, crawler.PhaseReject); got != c.reject {
				t.Errorf("%s: reject\n got: %s\nwant: %s", c.desc, got, c.reject)
			}
		})
	}
}

// TestNativeFallback operates every fixture banner with autoconsent off.
func TestNativeFallback(t *testing.T) {
	runConsentCases(t, consent.Options{Autoconsent: false}, nativeCases)
}

// TestAutoconsent operates every fixture banner with autoconsent first and
// the native search behind it.
func TestAutoconsent(t *testing.T) {
	runConsentCases(t, consent.Options{Autoconsent: true, AutoconsentPath: filepath.Join(nodeModules, "@duckduckgo", "autoconsent")}, autoconsentCases)
}

var nativeCases = []consentCase{}

var autoconsentCases = []consentCase{}

var allSites = []string{
	"www.vanillashire.gov.uk",
	"www.klaroborough.gov.uk",
	"www.osanoshire.gov.uk",
	"www.govukshire.gov.uk",
	"www.frameshire.gov.uk",
	"www.shadowshire.gov.uk",
	"www.layershire.gov.uk",
	"www.plainshire.gov.uk",
}

func init() {
	for _, s := range allSites {
		nativeCases = append(nativeCases, consentCase{desc: s, site: s})
		autoconsentCases = append(autoconsentCases, consentCase{desc: s, site: s})
	}
}
