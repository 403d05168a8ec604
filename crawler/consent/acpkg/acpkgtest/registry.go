// Package acpkgtest serves a local npm registry for tests of the
// autoconsent download: a package document and a tarball built in the
// test, on a loopback httptest server.
package acpkgtest

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/cookieaudit/cookieaudit/crawler/consent/acpkg"
)

// Entry is one tar entry, its name as stored (npm puts files below
// "package/").
type Entry struct {
	Name     string
	Body     []byte
	Type     byte // tar.TypeReg when zero
	Linkname string
}

// Tarball returns a gzip'd tar of entries, as npm publishes packages.
func Tarball(entries []Entry) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for _, e := range entries {
		typ := e.Type
		if typ == 0 {
			typ = tar.TypeReg
		}
		hdr := &tar.Header{Name: e.Name, Typeflag: typ, Linkname: e.Linkname, Mode: 0o644,
			ModTime: time.Date(1985, 10, 26, 8, 15, 0, 0, time.UTC)}
		if typ == tar.TypeReg {
			hdr.Size = int64(len(e.Body))
		}
		if err := tw.WriteHeader(hdr); err != nil {
			panic(err) // only for names tar cannot hold, a bug in the test
		}
		if typ == tar.TypeReg {
			if _, err := tw.Write(e.Body); err != nil {
				panic(err)
			}
		}
	}
	if err := tw.Close(); err != nil {
		panic(err)
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// PackageEntries returns files (slash path inside the package -> content)
// as tar entries below "package/", in name order.
func PackageEntries(files map[string][]byte) []Entry {
	var out []Entry
	for name, body := range files {
		out = append(out, Entry{Name: "package/" + name, Body: body})
	}
	slices.SortFunc(out, func(a, b Entry) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// Synthetic returns the files of a small made-up release of version with
// the given rule names.
func Synthetic(version string, rules ...string) map[string][]byte {
	var rs []map[string]any
	for _, r := range rules {
		rs = append(rs, map[string]any{"name": r, "detectCmp": []any{map[string]string{"exists": "#" + r}}})
	}
	rulesJSON, _ := json.Marshal(map[string]any{"autoconsent": rs})
	manifest, _ := json.Marshal(map[string]string{"name": acpkg.Name, "version": version})
	return map[string][]byte{
		acpkg.ManifestFile: manifest,
		acpkg.BundleFile:   []byte("/* autoconsent " + version + " */ globalThis.autoconsentReceiveMessage = () => {};\n"),
		acpkg.RulesFile:    rulesJSON,
		acpkg.LicenseFile:  []byte("Mozilla Public License Version 2.0\n"),
		"readme.md":        []byte("not needed at run time\n"),
	}
}

// FromDir reads the files the crawler needs from an unpacked copy of the
// package (a node_modules/@duckduckgo/autoconsent directory).
func FromDir(dir string) (map[string][]byte, error) {
	files := map[string][]byte{}
	for _, name := range []string{acpkg.ManifestFile, acpkg.BundleFile, acpkg.RulesFile, acpkg.LicenseFile} {
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			return nil, fmt.Errorf("acpkgtest: %w", err)
		}
		files[name] = data
	}
	return files, nil
}

// Registry is a local npm registry serving one version of the package.
type Registry struct {
	*httptest.Server
	// Tgz is the tarball served.
	Tgz []byte
	// Listed is the integrity the package document lists for it.
	Listed string
	// Requests counts the requests served.
	Requests atomic.Int64
	version  string
}

// NewRegistry serves tgz as the package's version. The package document
// lists listed as its integrity; empty lists the tarball's own.
func NewRegistry(version string, tgz []byte, listed string) *Registry {
	if listed == "" {
		listed = acpkg.Integrity(tgz)
	}
	r := &Registry{Tgz: tgz, Listed: listed, version: version}
	r.Server = httptest.NewServer(http.HandlerFunc(r.serve))
	return r
}

// Pin is the pin that accepts the tarball served.
func (r *Registry) Pin() acpkg.Pin {
	return acpkg.Pin{Version: r.version, Integrity: acpkg.Integrity(r.Tgz)}
}

func (r *Registry) tarballPath() string {
	return "/" + acpkg.Name + "/-/autoconsent-" + r.version + ".tgz"
}

func (r *Registry) serve(w http.ResponseWriter, req *http.Request) {
	r.Requests.Add(1)
	switch p := req.URL.EscapedPath(); {
	case strings.EqualFold(p, "/"+strings.Replace(acpkg.Name, "/", "%2f", 1)) || p == "/"+acpkg.Name:
		doc := map[string]any{
			"name":      acpkg.Name,
			"dist-tags": map[string]string{"latest": r.version},
			"versions": map[string]any{
				r.version: map[string]any{
					"name": acpkg.Name, "version": r.version,
					"dist": map[string]string{"tarball": r.URL + r.tarballPath(), "integrity": r.Listed},
				},
			},
		}
		w.Header().Set("Content-Type", "application/vnd.npm.install-v1+json")
		_ = json.NewEncoder(w).Encode(doc)
	case p == r.tarballPath():
		w.Header().Set("Content-Type", "application/octet-stream")
		_, _ = w.Write(r.Tgz)
	default:
		http.NotFound(w, req)
	}
}

// WriteDir writes files (slash path -> content) below dir, as an unpacked
// copy of the package, and returns dir.
func WriteDir(dir string, files map[string][]byte) (string, error) {
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return "", fmt.Errorf("acpkgtest: %w", err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return "", fmt.Errorf("acpkgtest: %w", err)
		}
	}
	return dir, nil
}
