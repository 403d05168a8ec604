// Package cookieaudit holds the files embedded in the cookieaudit binary: the
// council-like fixture sites under testdata/sites, which the tests crawl and
// the demo command serves.
package cookieaudit

import (
	"embed"
	"io/fs"
)

//go:embed all:testdata/sites
var sites embed.FS

// Sites returns the fixture sites: one directory per host name.
func Sites() fs.FS {
	sub, err := fs.Sub(sites, "testdata/sites")
	if err != nil {
		panic(err) // the embedded tree is fixed at build time
	}
	return sub
}
