package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/cookieaudit/cookieaudit/crawler/consent/acpkg"
	"github.com/cookieaudit/cookieaudit/crawler/consent/acpkg/acpkgtest"
	"github.com/cookieaudit/cookieaudit/crawler/fixture"
	"github.com/cookieaudit/cookieaudit/crawler/observe"
)

// init points the npm registry of every test in the package at a closed
// loopback port: a scan that finds no autoconsent copy tries to fetch one,
// and no test may reach the real registry.
func init() {
	if err := os.Setenv(acpkg.EnvRegistry, "http://127.0.0.1:9/"); err != nil {
		panic(err)
	}
}

// TestBinaryFetchesAutoconsentWithoutNode builds the binary and runs it as
// someone who installed it with `go install` would: from a directory with
// no node_modules above it or the binary, with an empty user cache, and a
// registry (a local fixture serving the autoconsent release as a tarball)
// instead of npm. The binary is pinned, as the release build pins the
// lockfile's integrity, to the tarball the fixture serves.
func TestBinaryFetchesAutoconsentWithoutNode(t *testing.T) {
	files, err := acpkgtest.FromDir(filepath.Join("..", "..", "node_modules", "@duckduckgo", "autoconsent"))
	if err != nil {
		t.Fatalf("the autoconsent files to serve are missing (run `npm ci` in the repository root): %v", err)
	}
	rules, err := acpkg.CountRules(files[acpkg.RulesFile])
	if err != nil {
		t.Fatal(err)
	}
	version := acpkg.Pinned().Version
	reg := acpkgtest.NewRegistry(version, acpkgtest.Tarball(acpkgtest.PackageEntries(files)), "")
	defer reg.Close()

	root := t.TempDir()
	bin := buildBinary(t, "-X main.version=e2e-test -X github.com/cookieaudit/cookieaudit/crawler/consent/acpkg.pinnedIntegrity="+reg.Pin().Integrity)
	work := filepath.Join(root, "work")
	if err := os.MkdirAll(work, 0o755); err != nil {
		t.Fatal(err)
	}
	// cookieaudit runs the binary with an empty home and the given cache.
	cookieaudit := func(cache string, args ...string) (stdout, stderr string) {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Dir = work
		cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + filepath.Join(root, "home"),
			"XDG_CACHE_HOME=" + cache, acpkg.EnvRegistry + "=" + reg.URL, "TMPDIR=" + os.TempDir()}
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		if err := cmd.Run(); err != nil {
			t.Fatalf("cookieaudit %s: %v\n%s", strings.Join(args, " "), err, errb.String())
		}
		return out.String(), errb.String()
	}
	cache := filepath.Join(root, "cache")
	cached := filepath.Join(cache, "cookieaudit", "autoconsent", version)

	// Nothing found before the install: no node_modules is within reach.
	if out, _ := cookieaudit(cache, "version"); !strings.Contains(out, "autoconsent  not installed") {
		t.Fatalf("version before install:\n%s\nwant autoconsent not installed", out)
	}
	out, _ := cookieaudit(cache, "install")
	if want := fmt.Sprintf("autoconsent %s, %d rules: installed in %s from %s in ", version, rules, cached, reg.URL); !strings.HasPrefix(out, want) {
		t.Errorf("install:\n%s\nwant %s...", out, want)
	}
	out, _ = cookieaudit(cache, "version")
	for _, want := range []string{
		"cookieaudit  e2e-test (",
		"browser      /",
		fmt.Sprintf("autoconsent  %s, %d rules (cache: %s)\n", version, rules, cached),
	} {
		if !strings.Contains(out, want) {
			t.Errorf("version:\n%s\nwant a line with %q", out, want)
		}
	}
	reg.Close() // the scans below get no network

	sites, err := fixture.Start(os.DirFS(filepath.Join("..", "..", "testdata", "consent", "sites")))
	if err != nil {
		t.Fatal(err)
	}
	defer sites.Close()
	// A policy file spares the scans rendering the site's policy page.
	policyFile := filepath.Join(root, "policy.txt")
	if err := os.WriteFile(policyFile, []byte("Cookie policy\n\nWe set no cookies.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// scanReject refuses consent on the GOV.UK-style fixture and returns
	// the report's tool block and the reject phase's consent evidence.
	scanReject := func(cache string) (string, string) {
		t.Helper()
		out, _ := cookieaudit(cache, "scan", "--phases", "reject", "--max-pages", "1", "--settle", "500ms", "--format", "json",
			"--policy", policyFile, "-k", "--connect-to", fmt.Sprintf("*:443:127.0.0.1:%d", sites.Port()), "https://www.govukshire.gov.uk/")
		r := decodeReport(t, out)
		tool := fmt.Sprintf("autoconsent=%q rules=%q", r.Tool.Autoconsent, r.Tool.ConsentRules)
		if len(r.Sites) != 1 || len(r.Sites[0].Phases) != 1 || r.Sites[0].Phases[0].Consent == nil {
			t.Fatalf("scan: no consent evidence in\n%s", out)
		}
		c := r.Sites[0].Phases[0].Consent
		return tool, fmt.Sprintf("%s %s cmp=%s clicked=%q", c.Outcome, c.Method, c.CMP, strings.Join(c.Clicked, " > "))
	}
	tool, evidence := scanReject(cache)
	if want := fmt.Sprintf("autoconsent=%q rules=%q", version, fmt.Sprintf("autoconsent %s, %d rules (cache)", version, rules)); tool != want {
		t.Errorf("scan with the installed rules: tool %s, want %s", tool, want)
	}
	if want := fmt.Sprintf(`%s %s cmp=gov.uk clicked="Reject analytics cookies > Hide cookie message"`, observe.ConsentGiven, observe.MethodAutoconsent); evidence != want {
		t.Errorf("scan with the installed rules: %s\nwant %s", evidence, want)
	}

	// With an empty cache and the registry gone, the scan carries on with
	// the built-in finder and says so.
	tool, evidence = scanReject(filepath.Join(root, "empty-cache"))
	if want := `autoconsent="" rules="built-in finder only: consent: @duckduckgo/autoconsent not found (not in the cache`; !strings.HasPrefix(tool, want) || !strings.Contains(tool, "connection refused") {
		t.Errorf("scan without rules: tool %s\nwant %s... naming the unreachable registry", tool, want)
	}
	if want := fmt.Sprintf(`%s %s cmp=gov.uk clicked="Reject analytics cookies"`, observe.ConsentGiven, observe.MethodNative); evidence != want {
		t.Errorf("scan without rules: %s\nwant %s", evidence, want)
	}
}

func TestInstallAndVersionCommands(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv(acpkg.EnvDir, "")
	t.Chdir(t.TempDir())
	version := acpkg.Pinned().Version
	// Not the real release, though the registry lists the pinned
	// integrity: the download is refused.
	reg := acpkgtest.NewRegistry(version, acpkgtest.Tarball(acpkgtest.PackageEntries(acpkgtest.Synthetic(version, "a", "b"))), acpkg.Pinned().Integrity)
	defer reg.Close()
	_, stderr, code := run(t, "install", "--registry", reg.URL)
	if code != exitError || !strings.Contains(stderr, "cookieaudit: install: fetch @duckduckgo/autoconsent@"+version+" from "+reg.URL+": tarball "+reg.URL) ||
		!strings.Contains(stderr, "but the lockfile pins "+acpkg.Pinned().Integrity+": refusing it") {
		t.Errorf("install of a tarball that is not the pinned one: exit %d\n%s", code, stderr)
	}

	dir, err := acpkgtest.WriteDir(filepath.Join(t.TempDir(), "package"), acpkgtest.Synthetic("1.0.0", "a"))
	if err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(t.TempDir(), "no-chromium")
	stdout, _, code := run(t, "version", "--autoconsent", dir, "--browser", missing)
	want := fmt.Sprintf("cookieaudit  dev (%s %s/%s)\nbrowser      %s (version unknown: fork/exec %s: no such file or directory)\nautoconsent  1.0.0, 1 rules (flag: %s) (this build is pinned to %s)\n",
		runtime.Version(), runtime.GOOS, runtime.GOARCH, missing, missing, dir, version)
	if code != exitOK || stdout != want {
		t.Errorf("version: exit %d\n%s\nwant\n%s", code, stdout, want)
	}
}
