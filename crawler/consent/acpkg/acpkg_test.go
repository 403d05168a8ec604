package acpkg_test

import (
	"archive/tar"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cookieaudit/cookieaudit/crawler/consent/acpkg"
	"github.com/cookieaudit/cookieaudit/crawler/consent/acpkg/acpkgtest"
)

const repoRoot = "../../.."

// TestPinMatchesLockfile keeps the pinned release equal to the one
// package.json and package-lock.json install.
func TestPinMatchesLockfile(t *testing.T) {
	var lock struct {
		Packages map[string]struct {
			Version   string `json:"version"`
			Integrity string `json:"integrity"`
		} `json:"packages"`
	}
	readJSON(t, filepath.Join(repoRoot, "package-lock.json"), &lock)
	locked, ok := lock.Packages["node_modules/"+acpkg.Name]
	if !ok {
		t.Fatalf("package-lock.json has no node_modules/%s", acpkg.Name)
	}
	var manifest struct {
		Dependencies map[string]string `json:"dependencies"`
	}
	readJSON(t, filepath.Join(repoRoot, "package.json"), &manifest)
	pin := acpkg.Pinned()
	if pin.Version != locked.Version || pin.Integrity != locked.Integrity || manifest.Dependencies[acpkg.Name] != pin.Version {
		t.Errorf("pinned %s %s; package-lock.json has %s %s, package.json %q: update crawler/consent/acpkg/pin.go",
			pin.Version, pin.Integrity, locked.Version, locked.Integrity, manifest.Dependencies[acpkg.Name])
	}
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// listTree lists the files below dir as slash paths.
func listTree(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	return out
}

func TestInstallThenCacheWithoutNetwork(t *testing.T) {
	reg := acpkgtest.NewRegistry("1.2.3", acpkgtest.Tarball(acpkgtest.PackageEntries(acpkgtest.Synthetic("1.2.3", "a", "b", "c"))), "")
	cache := t.TempDir()
	opts := acpkg.Options{CacheDir: cache, Registry: reg.URL, Pin: reg.Pin(), SearchFrom: []string{t.TempDir()}}

	p, fetched, err := acpkg.Install(context.Background(), opts, false)
	if err != nil {
		t.Fatal(err)
	}
	if !fetched || p.Source != acpkg.SourceRegistry || p.Version != "1.2.3" || p.RuleCount != 3 || p.Dir != filepath.Join(cache, "1.2.3") {
		t.Errorf("Install = %+v fetched=%t", p, fetched)
	}
	if got := strings.Join(listTree(t, cache), " "); got != "1.2.3/.cookieaudit-install.json 1.2.3/LICENSE 1.2.3/dist/autoconsent.playwright.js 1.2.3/package.json 1.2.3/rules/rules.json" {
		t.Errorf("cache holds %s; want only the runtime files and the marker, no temporary directory", got)
	}
	if n := reg.Requests.Load(); n != 2 {
		t.Errorf("%d registry requests, want 2 (document and tarball)", n)
	}

	reg.Close() // from now on any request fails
	for _, fetch := range []bool{false, true} {
		p, err := acpkg.Locate(context.Background(), acpkg.Options{CacheDir: cache, Registry: reg.URL, Pin: reg.Pin(), Fetch: fetch, SearchFrom: []string{t.TempDir()}})
		if err != nil || p.Source != acpkg.SourceCache || p.RuleCount != 3 {
			t.Errorf("Locate (fetch %t) after install = %+v, %v; want the cached copy", fetch, p, err)
		}
	}
	p, fetched, err = acpkg.Install(context.Background(), opts, false)
	if err != nil || fetched || p.Source != acpkg.SourceCache {
		t.Errorf("second Install = %+v, fetched %t, %v; want the cached copy, no fetch", p, fetched, err)
	}
	if got := p.Describe(); got != "autoconsent 1.2.3, 3 rules (cache), not the pinned "+acpkg.Pinned().Version {
		t.Errorf("Describe = %q", got)
	}
}

func TestRegistryFromEnvironment(t *testing.T) {
	reg := acpkgtest.NewRegistry("1.2.3", acpkgtest.Tarball(acpkgtest.PackageEntries(acpkgtest.Synthetic("1.2.3", "a"))), "")
	defer reg.Close()
	t.Setenv(acpkg.EnvRegistry, reg.URL+"/")
	if got := acpkg.Registry(""); got != reg.URL+"/" {
		t.Errorf("Registry(\"\") = %q, want $%s", got, acpkg.EnvRegistry)
	}
	p, _, err := acpkg.Install(context.Background(), acpkg.Options{CacheDir: t.TempDir(), Pin: reg.Pin()}, false)
	if err != nil || p.RuleCount != 1 {
		t.Errorf("Install through $%s = %+v, %v", acpkg.EnvRegistry, p, err)
	}
}

func TestInstallRefusals(t *testing.T) {
	good := acpkgtest.Synthetic("1.2.3", "a", "b")
	entries := func(extra ...acpkgtest.Entry) []acpkgtest.Entry {
		return append(acpkgtest.PackageEntries(good), extra...)
	}
	without := func(name string) []acpkgtest.Entry {
		return slices.DeleteFunc(acpkgtest.PackageEntries(good), func(e acpkgtest.Entry) bool { return e.Name == "package/"+name })
	}
	huge := make([]byte, 33<<20)
	tests := []struct {
		desc    string
		tarball []byte
		listed  string    // integrity the registry lists; "" its own
		pin     acpkg.Pin // zero: the tarball's own
		want    string
		wantErr error
	}{
		{desc: "the lockfile pins another tarball", tarball: acpkgtest.Tarball(entries()),
			pin:  acpkg.Pin{Version: "1.2.3", Integrity: acpkg.Integrity([]byte("another"))},
			want: "but the lockfile pins " + acpkg.Integrity([]byte("another")), wantErr: acpkg.ErrIntegrity},
		{desc: "a registry serving another tarball under the pinned hash", tarball: acpkgtest.Tarball(entries()),
			listed: acpkg.Integrity([]byte("another")), pin: acpkg.Pin{Version: "1.2.3", Integrity: acpkg.Integrity([]byte("another"))},
			want: "refusing it", wantErr: acpkg.ErrIntegrity},
		{desc: "an entry climbing out", tarball: acpkgtest.Tarball(entries(acpkgtest.Entry{Name: "package/../../evil.js", Body: []byte("x")})),
			want: `entry "package/../../evil.js" climbs out of the package`, wantErr: acpkg.ErrUnsafeTarball},
		{desc: "an absolute entry", tarball: acpkgtest.Tarball(entries(acpkgtest.Entry{Name: "/tmp/evil.js", Body: []byte("x")})),
			want: `entry "/tmp/evil.js" has an absolute`, wantErr: acpkg.ErrUnsafeTarball},
		{desc: "a link leaving the package", tarball: acpkgtest.Tarball(entries(acpkgtest.Entry{Name: "package/x", Type: tar.TypeSymlink, Linkname: "../../../etc/passwd"})),
			want: "leaves the package", wantErr: acpkg.ErrUnsafeTarball},
		{desc: "the rules as a link", tarball: acpkgtest.Tarball(append(without(acpkg.RulesFile), acpkgtest.Entry{Name: "package/" + acpkg.RulesFile, Type: tar.TypeSymlink, Linkname: "../package.json"})),
			want: "rules/rules.json is not a regular file", wantErr: acpkg.ErrUnsafeTarball},
		{desc: "an oversized rules file", tarball: acpkgtest.Tarball(append(without(acpkg.RulesFile), acpkgtest.Entry{Name: "package/" + acpkg.RulesFile, Body: huge})),
			want: "over the 32 MB limit", wantErr: acpkg.ErrUnsafeTarball},
		{desc: "no content script", tarball: acpkgtest.Tarball(without(acpkg.BundleFile)),
			want: "the tarball has no package/dist/autoconsent.playwright.js"},
		{desc: "another version inside", tarball: acpkgtest.Tarball(acpkgtest.PackageEntries(acpkgtest.Synthetic("9.9.9", "a"))),
			want: "package.json names @duckduckgo/autoconsent@9.9.9, want @duckduckgo/autoconsent@1.2.3"},
		{desc: "not a gzip file", tarball: []byte("<html>captive portal</html>"), want: "gzip: invalid header"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			reg := acpkgtest.NewRegistry("1.2.3", tt.tarball, tt.listed)
			defer reg.Close()
			pin := tt.pin
			if pin == (acpkg.Pin{}) {
				pin = reg.Pin()
			}
			root := t.TempDir()
			cache := filepath.Join(root, "cache", "deep")
			_, _, err := acpkg.Install(context.Background(), acpkg.Options{CacheDir: cache, Registry: reg.URL, Pin: pin}, false)
			if err == nil || !strings.Contains(err.Error(), tt.want) || (tt.wantErr != nil && !errors.Is(err, tt.wantErr)) {
				t.Fatalf("Install error = %v; want one saying %q", err, tt.want)
			}
			if files := listTree(t, root); len(files) != 0 {
				t.Errorf("a refused tarball left files: %v", files)
			}
		})
	}
}

func TestUnknownVersion(t *testing.T) {
	reg := acpkgtest.NewRegistry("1.2.3", acpkgtest.Tarball(acpkgtest.PackageEntries(acpkgtest.Synthetic("1.2.3", "a"))), "")
	defer reg.Close()
	_, err := acpkg.Locate(context.Background(), acpkg.Options{CacheDir: t.TempDir(), Registry: reg.URL, Fetch: true, SearchFrom: []string{t.TempDir()},
		Pin: acpkg.Pin{Version: "2.0.0", Integrity: reg.Pin().Integrity}})
	if !errors.Is(err, acpkg.ErrNotFound) || !strings.Contains(err.Error(), "has no tarball for @duckduckgo/autoconsent@2.0.0") {
		t.Errorf("Locate error = %v", err)
	}
}

// writeCopy unpacks files into dir as an unpacked copy of the package.
func writeCopy(t *testing.T, dir string, files map[string][]byte) string {
	t.Helper()
	dir, err := acpkgtest.WriteDir(dir, files)
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestLocateOrder(t *testing.T) {
	reg := acpkgtest.NewRegistry("1.2.3", acpkgtest.Tarball(acpkgtest.PackageEntries(acpkgtest.Synthetic("1.2.3", "r1", "r2", "r3", "r4"))), "")
	defer reg.Close()
	root := t.TempDir()
	flagDir := writeCopy(t, filepath.Join(root, "flag"), acpkgtest.Synthetic("1.0.0", "a"))
	envDir := writeCopy(t, filepath.Join(root, "env"), acpkgtest.Synthetic("1.1.0", "a", "b"))
	project := filepath.Join(root, "project")
	writeCopy(t, filepath.Join(project, "node_modules", "@duckduckgo", "autoconsent"), acpkgtest.Synthetic("1.0.1", "a", "b", "c"))
	deep := filepath.Join(project, "sub", "dir")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	emptyCache, fullCache := filepath.Join(root, "empty-cache"), filepath.Join(root, "full-cache")
	if _, _, err := acpkg.Install(context.Background(), acpkg.Options{CacheDir: fullCache, Registry: reg.URL, Pin: reg.Pin()}, false); err != nil {
		t.Fatal(err)
	}
	nowhere := filepath.Join(root, "nowhere")

	tests := []struct {
		desc  string
		flag  string
		env   string
		cache string
		from  string
		fetch bool
		want  string // Describe, or the error's text
	}{
		{"the flag first", flagDir, envDir, fullCache, deep, true, "autoconsent 1.0.0, 1 rules (flag)"},
		{"the flag may name the bundle", filepath.Join(flagDir, "dist", "autoconsent.playwright.js"), "", "", deep, false, "autoconsent 1.0.0, 1 rules (flag)"},
		{"then the environment", "", envDir, fullCache, deep, true, "autoconsent 1.1.0, 2 rules (env)"},
		{"a bad environment stops the search", "", nowhere, fullCache, deep, true, "$COOKIEAUDIT_AUTOCONSENT=" + nowhere + ": @duckduckgo/autoconsent not found"},
		{"then the cache", "", "", fullCache, deep, true, "autoconsent 1.2.3, 4 rules (cache)"},
		{"then node_modules above the directory", "", "", emptyCache, deep, true, "autoconsent 1.0.1, 3 rules (node_modules)"},
		{"then the registry", "", "", emptyCache, root, true, "autoconsent 1.2.3, 4 rules (registry)"},
		{"fetching off", "", "", filepath.Join(root, "other-cache"), root, false,
			"@duckduckgo/autoconsent not found (not in the cache " + filepath.Join(root, "other-cache") + "; no node_modules/@duckduckgo/autoconsent above the working directory or the binary)"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			t.Setenv(acpkg.EnvDir, tt.env)
			p, err := acpkg.Locate(context.Background(), acpkg.Options{Dir: tt.flag, CacheDir: tt.cache, SearchFrom: []string{tt.from},
				Fetch: tt.fetch, Registry: reg.URL, Pin: reg.Pin()})
			got := ""
			if err != nil {
				got = err.Error()
			} else {
				got = strings.TrimSuffix(p.Describe(), ", not the pinned "+acpkg.Pinned().Version)
			}
			if !strings.HasPrefix(got, tt.want) {
				t.Errorf("Locate = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestAlteredCacheIsFetchedAgain(t *testing.T) {
	reg := acpkgtest.NewRegistry("1.2.3", acpkgtest.Tarball(acpkgtest.PackageEntries(acpkgtest.Synthetic("1.2.3", "a", "b"))), "")
	defer reg.Close()
	opts := acpkg.Options{CacheDir: t.TempDir(), Registry: reg.URL, Pin: reg.Pin(), Fetch: true, SearchFrom: []string{t.TempDir()}}
	p, err := acpkg.Locate(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(p.Dir, "rules", "rules.json"), []byte(`{"autoconsent":[{"name":"injected"}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err = acpkg.Locate(context.Background(), opts)
	if err != nil || p.Source != acpkg.SourceRegistry || p.RuleCount != 2 {
		t.Errorf("Locate after the rules were altered = %+v, %v; want a fresh fetch with 2 rules", p, err)
	}
}

// FuzzUnpack feeds Unpack arbitrary tarballs: it never panics, and what it
// accepts holds only the runtime files, at paths inside the package.
func FuzzUnpack(f *testing.F) {
	f.Add(acpkgtest.Tarball(acpkgtest.PackageEntries(acpkgtest.Synthetic("1.2.3", "a"))))
	f.Add(acpkgtest.Tarball([]acpkgtest.Entry{{Name: "package/../x", Body: []byte("x")}}))
	f.Add([]byte("\x1f\x8b\x08\x00garbage"))
	allowed := []string{acpkg.BundleFile, acpkg.RulesFile, acpkg.ManifestFile, acpkg.LicenseFile}
	f.Fuzz(func(t *testing.T, data []byte) {
		files, err := acpkg.Unpack(data)
		if err != nil {
			return
		}
		for name := range files {
			if !slices.Contains(allowed, name) {
				t.Errorf("Unpack kept %q", name)
			}
		}
	})
}

// TestConcurrentInstalls runs installs into one cache at once, as parallel
// CI jobs sharing a cache would: each gets a complete copy and the cache
// ends with one copy and no temporary directories.
func TestConcurrentInstalls(t *testing.T) {
	reg := acpkgtest.NewRegistry("1.2.3", acpkgtest.Tarball(acpkgtest.PackageEntries(acpkgtest.Synthetic("1.2.3", "a", "b"))), "")
	defer reg.Close()
	cache := t.TempDir()
	errs := make(chan error, 6)
	for range cap(errs) {
		go func() {
			p, _, err := acpkg.Install(context.Background(), acpkg.Options{CacheDir: cache, Registry: reg.URL, Pin: reg.Pin()}, true)
			if err == nil && p.RuleCount != 2 {
				err = errors.New("incomplete copy")
			}
			errs <- err
		}()
	}
	for range cap(errs) {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	if got := dirNames(t, cache); got != "1.2.3" {
		t.Errorf("cache holds %s, want only 1.2.3", got)
	}
}

// TestStaleTemporaryDirectories removes what an install killed part-way
// left over an hour ago, and leaves a recent one, which may belong to an
// install still running.
func TestStaleTemporaryDirectories(t *testing.T) {
	reg := acpkgtest.NewRegistry("1.2.3", acpkgtest.Tarball(acpkgtest.PackageEntries(acpkgtest.Synthetic("1.2.3", "a"))), "")
	defer reg.Close()
	cache := t.TempDir()
	for _, name := range []string{".1.2.3.tmp-killed", ".1.2.3.tmp-running"} {
		if _, err := acpkgtest.WriteDir(filepath.Join(cache, name), map[string][]byte{"package.json": []byte("{")}); err != nil {
			t.Fatal(err)
		}
	}
	old := time.Now().Add(-2 * time.Hour)
	if err := os.Chtimes(filepath.Join(cache, ".1.2.3.tmp-killed"), old, old); err != nil {
		t.Fatal(err)
	}
	if _, _, err := acpkg.Install(context.Background(), acpkg.Options{CacheDir: cache, Registry: reg.URL, Pin: reg.Pin()}, false); err != nil {
		t.Fatal(err)
	}
	if got := dirNames(t, cache); got != ".1.2.3.tmp-running 1.2.3" {
		t.Errorf("cache holds %s, want .1.2.3.tmp-running 1.2.3", got)
	}
}

// dirNames lists the names in dir, space-separated.
func dirNames(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return strings.Join(names, " ")
}
