package consent_test

import (
	"context"
	"errors"
	"fmt"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/cookieaudit/cookieaudit/crawler/observe"

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
func scanSites(t testing.TB, mgr *consent.Manager, sites []string) map[string]observe.SiteResult {
	t.Helper()
	return scanPhases(t, mgr, sites, []observe.Phase{observe.PhaseAccept, observe.PhaseReject}, 1)
}

// evidence renders a phase's consent result and whether the fixture's
// consent-gated analytics cookie (_fm_id) was set, in one line.
func evidence(r observe.SiteResult, phase observe.Phase) string {
	var res *observe.ConsentEvidence
	for _, p := range r.Phases {
		if p.Phase == phase {
			res = p.Consent
			if res == nil {
				return string(p.ConsentOutcome()) + " (no consent result) " + p.Error
			}
		}
	}
	if res == nil {
		return "phase missing"
	}
	analytics := slices.ContainsFunc(r.Cookies, func(c observe.Cookie) bool {
		return c.Phase == phase && c.Name == "_fm_id" && !c.Blocked
	})
	cmp := res.CMP
	if res.Rule != "" {
		cmp += " rule=" + strings.ReplaceAll(res.Rule, " ", "_")
	}
	s := fmt.Sprintf("%s %s cmp=%s clicked=%q gone=%t record=%q reject1=%t analytics=%t",
		res.Outcome, res.Method, cmp, strings.Join(res.Clicked, " > "), res.BannerGone, strings.Join(res.ConsentRecords, ", "), res.RejectOnFirstLayer, analytics)
	if res.BannerFrame != "" {
		s += " frame=" + res.BannerFrame
	}
	if res.Error != "" {
		s += " error=" + res.Error
	}
	s += " via=" + string(res.Via)
	if res.APICall != "" {
		s += " api=" + res.APICall
	}
	if st := res.State; st != nil {
		s += fmt.Sprintf(" state=%s:+%s-%s", st.Source, strings.Join(st.Accepted, ","), strings.Join(st.Refused, ","))
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

// scanFixtures crawls the start pages of the fixture sites named, in the
// accept and reject phases, with a Manager made with opts; the results are
// keyed by site name.
func scanFixtures(t *testing.T, opts consent.Options, names []string) map[string]observe.SiteResult {
	t.Helper()
	requireNodeModules(t)
	mgr, err := consent.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	var sites []string
	for _, n := range names {
		sites = append(sites, fixtures.URL(n, "/"))
	}
	byURL := scanSites(t, mgr, sites)
	out := map[string]observe.SiteResult{}
	for _, n := range names {
		if r, ok := byURL[fixtures.URL(n, "/")]; ok {
			out[n] = r
		}
	}
	return out
}

func runConsentCases(t *testing.T, opts consent.Options, cases []consentCase) {
	var names []string
	for _, c := range cases {
		names = append(names, c.site)
	}
	results := scanFixtures(t, opts, names)
	for _, c := range cases {
		t.Run(c.site, func(t *testing.T) {
			r, ok := results[c.site]
			if !ok {
				t.Fatalf("%s: no result", c.desc)
			}
			if got := evidence(r, observe.PhaseAccept); got != c.accept {
				t.Errorf("%s: accept\n got: %s\nwant: %s", c.desc, got, c.accept)
			}
			if got := evidence(r, observe.PhaseReject); got != c.reject {
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

// nativeCases are the fixtures as the native search alone handles them.
var nativeCases = []consentCase{
	{
		desc:   "vanilla-cookieconsent v3, reject on the first layer",
		site:   "www.vanillashire.gov.uk",
		accept: `clicked native cmp=cookieconsent3 clicked="Accept all" gone=true record="cookie:cc_cookie" reject1=true analytics=true via=click state=CookieConsent.getUserPreferences():+analytics,necessary-`,
		reject: `clicked native cmp=cookieconsent3 clicked="Reject all" gone=true record="cookie:cc_cookie" reject1=true analytics=false via=click state=CookieConsent.getUserPreferences():+necessary-analytics`,
	},
	{
		desc:   "klaro notice: \"That's ok\" and \"I decline\"",
		site:   "www.klaroborough.gov.uk",
		accept: `clicked native cmp=klaro clicked="That's ok" gone=true record="cookie:klaro" reject1=true analytics=true via=click state=klaro.getManager().consents:+analytics-`,
		reject: `clicked native cmp=klaro clicked="I decline" gone=true record="cookie:klaro" reject1=true analytics=false via=click state=klaro.getManager().consents:+-analytics`,
	},
	{
		desc:   "Osano cookieconsent opt-in bar, controls named by aria-label",
		site:   "www.osanoshire.gov.uk",
		accept: `clicked native cmp=osano-cookieconsent clicked="allow cookies" gone=true record="cookie:cookieconsent_status" reject1=true analytics=true via=click state=cookie:cookieconsent_status:+optional-`,
		reject: `clicked native cmp=osano-cookieconsent clicked="deny cookies" gone=true record="cookie:cookieconsent_status" reject1=true analytics=false via=click state=cookie:cookieconsent_status:+-optional`,
	},
	{
		desc:   "GOV.UK Frontend cookie banner with the usual cookies_policy script",
		site:   "www.govukshire.gov.uk",
		accept: `clicked native cmp=gov.uk clicked="Accept analytics cookies" gone=true record="cookie:cookies_policy" reject1=true analytics=true via=click state=cookie:cookies_policy (JSON):+analytics,necessary-`,
		reject: `clicked native cmp=gov.uk clicked="Reject analytics cookies" gone=true record="cookie:cookies_policy" reject1=true analytics=false via=click state=cookie:cookies_policy (JSON):+necessary-analytics`,
	},
	{
		desc:   "banner in a cross-site iframe",
		site:   "www.frameshire.gov.uk",
		accept: `clicked native cmp=generic clicked="Accept all cookies" gone=true record="cookie:fc_consent" reject1=true analytics=true frame=https://consent.framecmp.net/banner.html via=click`,
		reject: `clicked native cmp=generic clicked="Reject all cookies" gone=true record="cookie:fc_consent" reject1=true analytics=false frame=https://consent.framecmp.net/banner.html via=click`,
	},
	{
		desc:   "banner in an open shadow root, choice in localStorage",
		site:   "www.shadowshire.gov.uk",
		accept: `clicked native cmp=generic clicked="Allow all" gone=true record="localStorage:shadowshire-consent" reject1=true analytics=true via=click`,
		reject: `clicked native cmp=generic clicked="Deny all" gone=true record="localStorage:shadowshire-consent" reject1=true analytics=false via=click`,
	},
	{
		desc:   "reject only on a settings layer with analytics ticked in advance",
		site:   "www.layershire.gov.uk",
		accept: `clicked native cmp=generic clicked="Accept all cookies" gone=true record="cookie:layer_consent" reject1=false analytics=true via=click state=cookie:layer_consent (JSON):+analytics,marketing-`,
		reject: `clicked native cmp=generic clicked="Manage cookies > Save preferences" gone=true record="cookie:layer_consent" reject1=false analytics=false via=click state=cookie:layer_consent (JSON):+-analytics,marketing`,
	},
	{
		desc:   "radio buttons on the settings layer, \"use\" chosen in advance",
		site:   "www.radioshire.gov.uk",
		accept: `clicked native cmp=generic clicked="Accept additional cookies" gone=true record="cookie:radio_consent" reject1=false analytics=true via=click state=cookie:radio_consent:+optional-`,
		reject: `clicked native cmp=generic clicked="Cookie settings > Save cookie settings" gone=true record="cookie:radio_consent" reject1=false analytics=false via=click state=cookie:radio_consent:+-optional`,
	},
	{
		desc:   "no banner: an OK button and a cookie settings link outside any banner",
		site:   "www.plainshire.gov.uk",
		accept: `not-found  cmp= clicked="" gone=false record="" reject1=true analytics=false via=`,
		reject: `not-found  cmp= clicked="" gone=false record="" reject1=true analytics=false via=`,
	},
}

// autoconsentCases are the fixtures with autoconsent first: its rules
// handle the libraries it knows; the home-made banners fall through to the
// native search.
var autoconsentCases = []consentCase{
	{
		desc:   "vanilla-cookieconsent v3 by autoconsent's cookieconsent3 rule",
		site:   "www.vanillashire.gov.uk",
		accept: `clicked autoconsent cmp=cookieconsent3 rule=cookieconsent3 clicked="Accept all" gone=true record="cookie:cc_cookie" reject1=true analytics=true via=click state=CookieConsent.getUserPreferences():+analytics,necessary-`,
		reject: `clicked autoconsent cmp=cookieconsent3 rule=cookieconsent3 clicked="Reject all" gone=true record="cookie:cc_cookie" reject1=true analytics=false via=click state=CookieConsent.getUserPreferences():+necessary-analytics`,
	},
	{
		desc:   "klaro: accepted by a click, refused through Klaro's script interface",
		site:   "www.klaroborough.gov.uk",
		accept: `clicked autoconsent cmp=klaro rule=Klaro clicked="That's ok" gone=true record="cookie:klaro" reject1=true analytics=true via=click state=klaro.getManager().consents:+analytics-`,
		reject: `clicked autoconsent cmp=klaro rule=Klaro clicked="" gone=true record="cookie:klaro" reject1=true analytics=false via=api api=klaro.getManager().changeAll(false); klaro.getManager().saveAndApplyConsents() state=klaro.getManager().consents:+-analytics`,
	},
	{
		desc:   "Osano cookieconsent",
		site:   "www.osanoshire.gov.uk",
		accept: `clicked autoconsent cmp=osano-cookieconsent rule=Complianz_optin clicked="allow cookies" gone=true record="cookie:cookieconsent_status" reject1=true analytics=true via=click state=cookie:cookieconsent_status:+optional-`,
		reject: `clicked autoconsent cmp=osano-cookieconsent rule=Complianz_optin clicked="deny cookies" gone=true record="cookie:cookieconsent_status" reject1=true analytics=false via=click state=cookie:cookieconsent_status:+-optional`,
	},
	{
		desc:   "GOV.UK banner by autoconsent's gov.uk rule, which also hides the confirmation",
		site:   "www.govukshire.gov.uk",
		accept: `clicked autoconsent cmp=gov.uk rule=gov.uk clicked="Accept analytics cookies" gone=true record="cookie:cookies_policy" reject1=true analytics=true via=click state=cookie:cookies_policy (JSON):+analytics,necessary-`,
		reject: `clicked autoconsent cmp=gov.uk rule=gov.uk clicked="Reject analytics cookies > Hide cookie message" gone=true record="cookie:cookies_policy" reject1=true analytics=false via=click state=cookie:cookies_policy (JSON):+necessary-analytics`,
	},
	nativeCases[4], // iframe: no autoconsent rule, native search
	nativeCases[5], // shadow root: no rule, native search
	nativeCases[6], // settings layer: the heuristic refuses only reject buttons
	nativeCases[7], // radio settings layer: no rule, native search
	nativeCases[8],
}

// TestConfigOverrides presses configured selectors, falls back when they
// match nothing, and writes the screenshots.
func TestConfigOverrides(t *testing.T) {
	requireNodeModules(t)
	shots := t.TempDir()
	mgr, err := consent.New(consent.Options{
		SiteOverrides: map[string]consent.Selectors{
			"www.layershire.gov.uk": {Accept: "#accept-all", Settings: "#manage", Save: "#save"},
			"vanillashire.gov.uk":   {Accept: "#no-such-button", Reject: "#no-such-button"},
		},
		ScreenshotDir:    shots,
		ScreenshotPrefix: "t-",
	})
	if err != nil {
		t.Fatal(err)
	}
	layer, vanilla := fixtures.URL("www.layershire.gov.uk", "/"), fixtures.URL("www.vanillashire.gov.uk", "/")
	results := scanSites(t, mgr, []string{layer, vanilla})
	tests := []struct {
		desc  string
		site  string
		phase observe.Phase
		want  string
		notes string
	}{
		{"accept selector", layer, observe.PhaseAccept,
			`clicked config cmp=generic clicked="Accept all cookies" gone=true record="cookie:layer_consent" reject1=false analytics=true via=click state=cookie:layer_consent (JSON):+analytics,marketing-`, ""},
		{"settings, choices off, save", layer, observe.PhaseReject,
			`clicked config cmp=generic clicked="Manage cookies > Save preferences" gone=true record="cookie:layer_consent" reject1=false analytics=false via=click state=cookie:layer_consent (JSON):+-analytics,marketing`, ""},
		{"selector matches nothing: native search", vanilla, observe.PhaseAccept,
			`clicked native cmp=cookieconsent3 clicked="Accept all" gone=true record="cookie:cc_cookie" reject1=true analytics=true via=click state=CookieConsent.getUserPreferences():+analytics,necessary-`,
			"configured selector #no-such-button matched no visible element"},
		{"selector matches nothing: native search", vanilla, observe.PhaseReject,
			`clicked native cmp=cookieconsent3 clicked="Reject all" gone=true record="cookie:cc_cookie" reject1=true analytics=false via=click state=CookieConsent.getUserPreferences():+necessary-analytics`,
			"configured selector #no-such-button matched no visible element"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			r := results[tt.site]
			if got := evidence(r, tt.phase); got != tt.want {
				t.Errorf("%s (%s): \n got: %s\nwant: %s", tt.desc, tt.phase, got, tt.want)
			}
			res := phaseConsent(r, tt.phase)
			if res == nil {
				return
			}
			if got := strings.Join(res.Notes, "; "); got != tt.notes {
				t.Errorf("%s (%s): notes %q, want %q", tt.desc, tt.phase, got, tt.notes)
			}
			host := strings.TrimSuffix(strings.TrimPrefix(tt.site, "https://"), "/")
			for when, p := range map[string]string{"before": res.ScreenshotBefore, "after": res.ScreenshotAfter} {
				want := filepath.Join(shots, "t-"+host+"-"+string(phaseAction(tt.phase))+"-"+when+".png")
				if p != want {
					t.Errorf("%s (%s): screenshot %s = %q, want %q", tt.desc, tt.phase, when, p, want)
					continue
				}
				data, err := os.ReadFile(p)
				if err != nil || !strings.HasPrefix(string(data), "\x89PNG\r\n\x1a\n") {
					t.Errorf("%s (%s): screenshot %s is not a PNG (%v)", tt.desc, tt.phase, when, err)
				}
			}
		})
	}
}

func phaseConsent(r observe.SiteResult, phase observe.Phase) *observe.ConsentEvidence {
	for _, p := range r.Phases {
		if p.Phase == phase {
			return p.Consent
		}
	}
	return nil
}

func phaseAction(p observe.Phase) observe.Choice {
	if p == observe.PhaseReject {
		return observe.ChoiceReject
	}
	return observe.ChoiceAccept
}

// TestBeforeScreenshotWaitsForTheBanner operates a banner that fades in
// over 2.5 s once the page loads and checks that the "before" screenshot
// shows it fully drawn (its pure blue, not a blend with the page).
func TestBeforeScreenshotWaitsForTheBanner(t *testing.T) {
	shots := t.TempDir()
	mgr, err := consent.New(consent.Options{ScreenshotDir: shots})
	if err != nil {
		t.Fatal(err)
	}
	site := fixtures.URL("www.fadeshire.gov.uk", "/")
	r := scanPhases(t, mgr, []string{site}, []observe.Phase{observe.PhaseAccept}, 1)[site]
	res := phaseConsent(r, observe.PhaseAccept)
	if res == nil || res.ScreenshotBefore == "" {
		t.Fatalf("no before screenshot: %+v", res)
	}
	f, err := os.Open(res.ScreenshotBefore)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	// The banner is the bottom 200 px of the viewport.
	b := img.Bounds()
	cr, cg, cb, _ := img.At(b.Min.X+b.Dx()/2, b.Max.Y-100).RGBA()
	if got := fmt.Sprintf("%d,%d,%d", cr>>8, cg>>8, cb>>8); got != "0,0,255" {
		t.Errorf("the banner in the before screenshot is %s, want 0,0,255 (drawn in full, not fading in)", got)
	}
}
