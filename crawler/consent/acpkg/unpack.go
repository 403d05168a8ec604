package acpkg

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
)

// Limits on what a tarball may hold. The 16.x tarballs unpack to about 10
// MB, with rules.json under 1 MB and the content script under 200 KB.
const (
	maxTarball  = 64 << 20  // compressed
	maxUnpacked = 256 << 20 // every entry, read through
	maxEntry    = 32 << 20  // one file kept
)

// ErrUnsafeTarball is returned for a tarball with an entry that would land
// outside the package directory, a link where a file is expected, or an
// entry over the size limits.
var ErrUnsafeTarball = errors.New("unsafe tarball")

// Unpack reads an npm package tarball (gzip'd tar whose entries sit below
// one top directory, "package/") and returns the files the crawler needs,
// by slash path inside the package. It refuses the whole tarball when any
// entry's path is absolute or climbs out with "..", and when a kept file
// is a link or too large.
func Unpack(tgz []byte) (map[string][]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(tgz))
	if err != nil {
		return nil, fmt.Errorf("unpack: %w", err)
	}
	defer zr.Close()
	limited := &io.LimitedReader{R: zr, N: maxUnpacked + 1}
	tr := tar.NewReader(limited)
	want := map[string]bool{LicenseFile: true}
	for _, f := range neededFiles {
		want[f] = true
	}
	files := map[string][]byte{}
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if limited.N <= 0 {
			return nil, fmt.Errorf("unpack: %w: more than %d MB unpacked", ErrUnsafeTarball, maxUnpacked>>20)
		}
		if err != nil {
			return nil, fmt.Errorf("unpack: %w", err)
		}
		name, err := entryPath(hdr.Name)
		if err != nil {
			return nil, fmt.Errorf("unpack: %w", err)
		}
		if hdr.Typeflag == tar.TypeSymlink || hdr.Typeflag == tar.TypeLink {
			if _, err := entryPath(path.Join(path.Dir(hdr.Name), hdr.Linkname)); err != nil || path.IsAbs(hdr.Linkname) {
				return nil, fmt.Errorf("unpack: %w: link %q -> %q leaves the package", ErrUnsafeTarball, hdr.Name, hdr.Linkname)
			}
		}
		if !want[name] {
			continue
		}
		if hdr.Typeflag != tar.TypeReg {
			return nil, fmt.Errorf("unpack: %w: %s is not a regular file", ErrUnsafeTarball, name)
		}
		if hdr.Size > maxEntry {
			return nil, fmt.Errorf("unpack: %w: %s is %d bytes, over the %d MB limit", ErrUnsafeTarball, name, hdr.Size, maxEntry>>20)
		}
		if _, dup := files[name]; dup {
			return nil, fmt.Errorf("unpack: %w: %s appears twice", ErrUnsafeTarball, name)
		}
		data, err := io.ReadAll(io.LimitReader(tr, maxEntry+1))
		if err != nil {
			return nil, fmt.Errorf("unpack %s: %w", name, err)
		}
		files[name] = data
	}
	if limited.N <= 0 {
		return nil, fmt.Errorf("unpack: %w: more than %d MB unpacked", ErrUnsafeTarball, maxUnpacked>>20)
	}
	for _, f := range neededFiles {
		if _, ok := files[f]; !ok {
			return nil, fmt.Errorf("unpack: the tarball has no package/%s", f)
		}
	}
	return files, nil
}

// entryPath returns a tar entry's path inside the package: its first
// component (npm's "package/") removed. Paths that are absolute, hold a
// backslash, or climb out with ".." are refused.
func entryPath(name string) (string, error) {
	if name == "" || path.IsAbs(name) || strings.Contains(name, `\`) || (len(name) > 1 && name[1] == ':') {
		return "", fmt.Errorf("%w: entry %q has an absolute or Windows path", ErrUnsafeTarball, name)
	}
	for _, part := range strings.Split(name, "/") {
		if part == ".." {
			return "", fmt.Errorf("%w: entry %q climbs out of the package", ErrUnsafeTarball, name)
		}
	}
	_, rest, _ := strings.Cut(path.Clean(name), "/")
	return rest, nil
}
