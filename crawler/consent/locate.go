package consent

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// EnvAutoconsent names the environment variable that points at the
// autoconsent package directory (or its dist/autoconsent.playwright.js).
const EnvAutoconsent = "COOKIEAUDIT_AUTOCONSENT"

// InstallCommand is the command, run at the repository root, that installs
// the npm packages the consent code and its tests use.
const InstallCommand = "npm ci --no-audit --no-fund --ignore-scripts"

// autoconsentPackage is the package directory below node_modules.
var autoconsentPackage = filepath.Join("node_modules", "@duckduckgo", "autoconsent")

// Files of the autoconsent package the Manager reads.
var (
	bundleFile = filepath.Join("dist", "autoconsent.playwright.js")
	rulesFile  = filepath.Join("rules", "rules.json")
)

// ErrAutoconsentMissing is returned when the autoconsent package cannot be
// found; its message names the command that installs it.
var ErrAutoconsentMissing = errors.New("consent: @duckduckgo/autoconsent not found: run `" + InstallCommand + "` in the cookieaudit directory, set " + EnvAutoconsent + " to the package directory, or pass --no-autoconsent")

// FindAutoconsent returns the directory of the @duckduckgo/autoconsent
// package. It tries explicit (when not empty), then $COOKIEAUDIT_AUTOCONSENT,
// then node_modules/@duckduckgo/autoconsent in the working directory and
// each of its parents, then the same from the executable's directory.
func FindAutoconsent(explicit string) (string, error) {
	if explicit != "" {
		return checkPackage(explicit)
	}
	if env := os.Getenv(EnvAutoconsent); env != "" {
		dir, err := checkPackage(env)
		if err != nil {
			return "", fmt.Errorf("consent: $%s: %w", EnvAutoconsent, err)
		}
		return dir, nil
	}
	var starts []string
	if wd, err := os.Getwd(); err == nil {
		starts = append(starts, wd)
	}
	if exe, err := os.Executable(); err == nil {
		if real, err := filepath.EvalSymlinks(exe); err == nil {
			exe = real
		}
		starts = append(starts, filepath.Dir(exe))
	}
	for _, start := range starts {
		if dir, ok := searchUp(start); ok {
			return dir, nil
		}
	}
	return "", ErrAutoconsentMissing
}

// searchUp looks for node_modules/@duckduckgo/autoconsent in dir and its
// parents.
func searchUp(dir string) (string, bool) {
	for {
		if p, err := checkPackage(filepath.Join(dir, autoconsentPackage)); err == nil {
			return p, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

// checkPackage accepts a package directory or its bundle file and returns
// the package directory when the bundle and the rules are both there.
func checkPackage(p string) (string, error) {
	if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
		p = filepath.Dir(filepath.Dir(p)) // dist/autoconsent.playwright.js
	}
	for _, f := range []string{bundleFile, rulesFile} {
		if _, err := os.Stat(filepath.Join(p, f)); err != nil {
			return "", fmt.Errorf("%s: %w", filepath.Join(p, f), ErrAutoconsentMissing)
		}
	}
	return p, nil
}
