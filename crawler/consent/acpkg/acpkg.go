// Package acpkg obtains DuckDuckGo's @duckduckgo/autoconsent, the consent
// rules the crawler drives banners with, without Node at run time.
//
// Locate finds an unpacked copy, in this order: a directory given
// explicitly (the --autoconsent flag), $COOKIEAUDIT_AUTOCONSENT, the user
// cache (os.UserCacheDir()/cookieaudit/autoconsent/VERSION), a
// node_modules/@duckduckgo/autoconsent above the working directory or the
// executable (a development checkout), and last, when allowed, the pinned
// release fetched from the npm registry, verified against the lockfile's
// sha512 integrity and unpacked into the cache. Install does the last step
// on request.
package acpkg

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Name is the npm package.
const Name = "@duckduckgo/autoconsent"

// EnvDir names the environment variable that points at an unpacked copy of
// the package (a package directory, or its dist/autoconsent.playwright.js).
const EnvDir = "COOKIEAUDIT_AUTOCONSENT"

// Files of the package the crawler needs, as slash paths inside it. Only
// these are unpacked from a fetched tarball.
const (
	BundleFile   = "dist/autoconsent.playwright.js"
	RulesFile    = "rules/rules.json"
	ManifestFile = "package.json"
	LicenseFile  = "LICENSE"
)

// neededFiles must be in every copy; LicenseFile is kept when present.
var neededFiles = []string{BundleFile, RulesFile, ManifestFile}

// ErrNotFound is returned when no usable copy of the package was found (or
// fetched). Errors that wrap it say where it was looked for.
var ErrNotFound = errors.New("@duckduckgo/autoconsent not found")

// Source says where a copy of the package came from.
type Source string

// The sources, in lookup order.
const (
	SourceFlag        Source = "flag"
	SourceEnv         Source = "env"
	SourceCache       Source = "cache"
	SourceNodeModules Source = "node_modules"
	SourceRegistry    Source = "registry"
)

// Package is a loaded copy of autoconsent: the files the crawler uses, read
// and checked.
type Package struct {
	// Dir is the package directory.
	Dir string
	// Source says how Dir was found.
	Source Source
	// Version is the package.json version.
	Version string
	// Bundle is the content script (dist/autoconsent.playwright.js).
	Bundle []byte
	// Rules is rules/rules.json.
	Rules []byte
	// RuleCount is the number of rules in Rules.
	RuleCount int
	// Pinned is the version this build is pinned to, which a copy found
	// elsewhere may differ from.
	Pinned string
}

// Describe says in one line which rules the crawler uses, for reports:
// "autoconsent 16.23.0, 797 rules (cache)".
func (p *Package) Describe() string {
	s := fmt.Sprintf("autoconsent %s, %d rules (%s)", p.Version, p.RuleCount, p.Source)
	if p.Pinned != "" && p.Version != p.Pinned {
		s += ", not the pinned " + p.Pinned
	}
	return s
}

// Load reads the package at dir, which may also name its bundle file, and
// checks that the bundle is there and the rules parse.
func Load(dir string) (*Package, error) {
	if fi, err := os.Stat(dir); err == nil && !fi.IsDir() {
		dir = filepath.Dir(filepath.Dir(dir)) // dist/autoconsent.playwright.js
	}
	p := &Package{Dir: dir, Pinned: pinnedVersion}
	var err error
	if p.Bundle, err = os.ReadFile(filepath.Join(dir, filepath.FromSlash(BundleFile))); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNotFound, err)
	}
	if p.Rules, err = os.ReadFile(filepath.Join(dir, filepath.FromSlash(RulesFile))); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNotFound, err)
	}
	if p.RuleCount, err = CountRules(p.Rules); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, filepath.FromSlash(RulesFile)), err)
	}
	if len(bytes.TrimSpace(p.Bundle)) == 0 {
		return nil, fmt.Errorf("%s: empty content script", filepath.Join(dir, filepath.FromSlash(BundleFile)))
	}
	// package.json is optional in a hand-made copy; the version is then
	// unknown.
	p.Version = "unknown"
	if data, err := os.ReadFile(filepath.Join(dir, ManifestFile)); err == nil {
		var m manifest
		if err := json.Unmarshal(data, &m); err != nil {
			return nil, fmt.Errorf("%s: %w", filepath.Join(dir, ManifestFile), err)
		}
		if m.Version != "" {
			p.Version = m.Version
		}
	}
	return p, nil
}

// manifest is the part of package.json read.
type manifest struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// CountRules returns the number of rules in autoconsent's rules.json, and
// an error when it is not a rule bundle.
func CountRules(data []byte) (int, error) {
	var bundle struct {
		Autoconsent []json.RawMessage `json:"autoconsent"`
	}
	if err := json.Unmarshal(data, &bundle); err != nil {
		return 0, fmt.Errorf("parse autoconsent rules: %w", err)
	}
	if len(bundle.Autoconsent) == 0 {
		return 0, errors.New("parse autoconsent rules: no rules")
	}
	return len(bundle.Autoconsent), nil
}
