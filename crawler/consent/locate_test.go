package consent

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cookieaudit/cookieaudit/crawler/consent/acpkg"
	"github.com/cookieaudit/cookieaudit/crawler/consent/acpkg/acpkgtest"
)

// fakePackage writes a synthetic autoconsent release with the given rules
// into dir.
func fakePackage(t *testing.T, dir, version string, rules ...string) string {
	t.Helper()
	dir, err := acpkgtest.WriteDir(dir, acpkgtest.Synthetic(version, rules...))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// isolate points the user cache and the registry at empty places, so only
// what a test sets up is found.
func isolate(t *testing.T) {
	t.Helper()
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	t.Setenv(acpkg.EnvRegistry, "http://127.0.0.1:1/")
	t.Setenv(EnvAutoconsent, "")
}

func TestLocateAutoconsent(t *testing.T) {
	isolate(t)
	root := t.TempDir()
	pkg := fakePackage(t, filepath.Join(root, "node_modules", "@duckduckgo", "autoconsent"), "1.0.0", "a")
	deep := filepath.Join(root, "a", "b")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	elsewhere := fakePackage(t, filepath.Join(t.TempDir(), "ac"), "1.1.0", "a", "b")
	pinned := acpkg.Pinned().Version

	tests := []struct {
		desc string
		opts Options
		env  string
		dir  string // working directory
		want string // ConsentRules, or the error
	}{
		{"explicit bundle file", Options{Autoconsent: true, AutoconsentPath: filepath.Join(pkg, bundleFile)}, elsewhere, deep,
			"autoconsent 1.0.0, 1 rules (flag), not the pinned " + pinned},
		{"environment before node_modules", Options{Autoconsent: true}, elsewhere, deep,
			"autoconsent 1.1.0, 2 rules (env), not the pinned " + pinned},
		{"upward from the working directory", Options{Autoconsent: true}, "", deep,
			"autoconsent 1.0.0, 1 rules (node_modules), not the pinned " + pinned},
		{"a bad environment names the fixes", Options{Autoconsent: true}, filepath.Join(root, "missing"), deep,
			"consent: $COOKIEAUDIT_AUTOCONSENT=" + filepath.Join(root, "missing") + ": @duckduckgo/autoconsent not found"},
		{"nowhere, no fetch", Options{Autoconsent: true}, "", t.TempDir(),
			"consent: @duckduckgo/autoconsent not found (not in the cache"},
		{"off", Options{}, "", deep, "built-in finder only: autoconsent turned off"},
		{"off, with the reason", Options{NativeOnlyReason: "registry unreachable"}, "", deep, "built-in finder only: registry unreachable"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			t.Setenv(EnvAutoconsent, tt.env)
			t.Chdir(tt.dir)
			m, err := New(tt.opts)
			got := ""
			if err != nil {
				got = err.Error()
				if !errors.Is(err, ErrAutoconsentMissing) || !strings.Contains(got, "run `cookieaudit install` (in a checkout, `"+InstallCommand+"`)") {
					t.Errorf("New error %q is not ErrAutoconsentMissing naming the fixes", got)
				}
			} else {
				got = m.ConsentRules()
			}
			if !strings.HasPrefix(got, tt.want) {
				t.Errorf("New: %q\nwant %q", got, tt.want)
			}
		})
	}
}

// TestNewFetchesIntoTheCache loads autoconsent from a local registry on
// first use, then from the cache with the registry gone, and hands the
// fetched rules to autoconsent.
func TestNewFetchesIntoTheCache(t *testing.T) {
	isolate(t)
	t.Chdir(t.TempDir())
	reg := acpkgtest.NewRegistry(acpkg.Pinned().Version, acpkgtest.Tarball(acpkgtest.PackageEntries(acpkgtest.Synthetic(acpkg.Pinned().Version, "fixture-one", "fixture-two"))), "")
	t.Setenv(acpkg.EnvRegistry, reg.URL)
	// The release served is not the real one: the pin must refuse it.
	if _, err := NewContext(context.Background(), Options{Autoconsent: true, AutoconsentFetch: true}); !errors.Is(err, acpkg.ErrIntegrity) {
		t.Fatalf("New with a tarball that is not the pinned one: %v; want an integrity error", err)
	}
	// Pinned to the tarball served, as a build with -X would be.
	restore := acpkg.SetPinForTest(reg.Pin())
	defer restore()
	m, err := NewContext(context.Background(), Options{Autoconsent: true, AutoconsentFetch: true})
	if err != nil {
		t.Fatal(err)
	}
	want := "autoconsent " + acpkg.Pinned().Version + ", 2 rules (registry)"
	if got := m.ConsentRules(); got != want || m.AutoconsentVersion() != acpkg.Pinned().Version {
		t.Errorf("ConsentRules = %q, version %q; want %q", got, m.AutoconsentVersion(), want)
	}
	if rules := m.rulesTop.forURL("https://www.a.gov.uk/"); !strings.Contains(rules, `"name":"fixture-one"`) || !strings.Contains(rules, `"name":"fixture-two"`) ||
		!strings.Contains(m.script, "/* autoconsent "+acpkg.Pinned().Version+" */") {
		t.Errorf("the Manager does not drive the fetched rules and script:\nrules %s", rules)
	}
	reg.Close()
	m, err = New(Options{Autoconsent: true, AutoconsentFetch: true})
	if err != nil || !strings.HasSuffix(m.ConsentRules(), "(cache)") {
		t.Errorf("second New with the registry gone: %v, %v; want the cached copy", m, err)
	}
}
