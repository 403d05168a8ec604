package acpkg

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
)

// markerFile, written last into a cached copy, records the release it came
// from and the sha256 of every file, so a partial or altered copy is never
// used.
const markerFile = ".cookieaudit-install.json"

// marker is markerFile's content.
type marker struct {
	Name      string            `json:"name"`
	Version   string            `json:"version"`
	Integrity string            `json:"integrity"`
	Tarball   string            `json:"tarball"`
	Files     map[string]string `json:"files"` // slash path -> sha256 hex
}

// DefaultCacheDir returns the directory that holds cached releases, one
// subdirectory per version: os.UserCacheDir()/cookieaudit/autoconsent.
func DefaultCacheDir() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("user cache directory: %w", err)
	}
	return filepath.Join(dir, "cookieaudit", "autoconsent"), nil
}

// versionPattern keeps a version usable as a directory name.
var versionPattern = regexp.MustCompile(`^[0-9][0-9A-Za-z.+-]*$`)

func versionDir(cacheDir, version string) (string, error) {
	if !versionPattern.MatchString(version) {
		return "", fmt.Errorf("version %q is not a plain semantic version", version)
	}
	return filepath.Join(cacheDir, version), nil
}

// loadCached returns the cached copy of pin, checked against its marker:
// same integrity, every file present with its recorded sha256.
func loadCached(cacheDir string, pin Pin) (*Package, error) {
	dir, err := versionDir(cacheDir, pin.Version)
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(filepath.Join(dir, markerFile))
	if err != nil {
		return nil, fmt.Errorf("%w: not cached in %s", ErrNotFound, dir)
	}
	var m marker
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("cache %s: %w", dir, err)
	}
	if m.Version != pin.Version || m.Integrity != pin.Integrity {
		return nil, fmt.Errorf("cache %s holds %s (%s), not the pinned %s (%s)", dir, m.Version, m.Integrity, pin.Version, pin.Integrity)
	}
	for _, f := range neededFiles {
		if _, ok := m.Files[f]; !ok {
			return nil, fmt.Errorf("cache %s: %s not recorded", dir, f)
		}
	}
	for name, sum := range m.Files {
		if _, err := entryPath("package/" + name); err != nil {
			return nil, fmt.Errorf("cache %s: %w", dir, err)
		}
		content, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			return nil, fmt.Errorf("cache %s: %w", dir, err)
		}
		if got := sha256.Sum256(content); hex.EncodeToString(got[:]) != sum {
			return nil, fmt.Errorf("cache %s: %s was altered since it was installed", dir, name)
		}
	}
	p, err := Load(dir)
	if err != nil {
		return nil, err
	}
	p.Source = SourceCache
	return p, nil
}

// store writes files into the cache as pin's copy. It unpacks into a
// temporary directory beside the final one and renames it into place, so
// a reader sees either no copy or a complete one; a copy that another
// process put there first is kept when it is valid.
func store(cacheDir string, pin Pin, files map[string][]byte, tarball string) (string, error) {
	final, err := versionDir(cacheDir, pin.Version)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(cacheDir, 0o755); err != nil {
		return "", fmt.Errorf("cache: %w", err)
	}
	removeStale(cacheDir)
	tmp, err := os.MkdirTemp(cacheDir, "."+pin.Version+".tmp-")
	if err != nil {
		return "", fmt.Errorf("cache: %w", err)
	}
	defer os.RemoveAll(tmp) // gone after a successful rename
	// MkdirTemp makes the directory private; the cache may be shared.
	if err := os.Chmod(tmp, 0o755); err != nil {
		return "", fmt.Errorf("cache: %w", err)
	}
	m := marker{Name: Name, Version: pin.Version, Integrity: pin.Integrity, Tarball: tarball, Files: map[string]string{}}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		p := filepath.Join(tmp, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return "", fmt.Errorf("cache: %w", err)
		}
		if err := os.WriteFile(p, files[name], 0o644); err != nil {
			return "", fmt.Errorf("cache: %w", err)
		}
		sum := sha256.Sum256(files[name])
		m.Files[name] = hex.EncodeToString(sum[:])
	}
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return "", fmt.Errorf("cache: %w", err)
	}
	if err := os.WriteFile(filepath.Join(tmp, markerFile), append(data, '\n'), 0o644); err != nil {
		return "", fmt.Errorf("cache: %w", err)
	}
	if err := os.Rename(tmp, final); err == nil {
		return final, nil
	}
	// final exists: keep it when valid (another process won the race),
	// else move the broken copy aside and try once more.
	if _, err := loadCached(cacheDir, pin); err == nil {
		return final, nil
	}
	old := filepath.Join(cacheDir, ".old-"+filepath.Base(tmp))
	if err := os.Rename(final, old); err != nil && !errors.Is(err, os.ErrNotExist) {
		return "", fmt.Errorf("cache: replace %s: %w", final, err)
	}
	defer os.RemoveAll(old)
	if err := os.Rename(tmp, final); err != nil {
		return "", fmt.Errorf("cache: %w", err)
	}
	return final, nil
}

// staleAfter is the age after which a temporary directory left in the cache
// (by a process killed while unpacking) is removed.
const staleAfter = time.Hour

// removeStale removes temporary directories that installs killed part-way
// left in the cache.
func removeStale(cacheDir string) {
	entries, err := os.ReadDir(cacheDir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), ".") {
			continue
		}
		if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > staleAfter {
			os.RemoveAll(filepath.Join(cacheDir, e.Name()))
		}
	}
}
