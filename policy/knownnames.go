package policy

import (
	_ "embed"
	"strings"
	"sync"
)

// openCookieDBCSV is the Open Cookie Database (Apache-2.0; licence and
// attribution in opencookiedb/), embedded so that the reader knows which
// written tokens are real cookie names.
//
//go:embed opencookiedb/open-cookie-database.csv
var openCookieDBCSV string

// knownNames is the set of cookie names the reader knows: the built-in
// catalogue and the Open Cookie Database, exact names by their written
// form and by lower case, wildcard rows as prefixes.
type knownNames struct {
	exact    map[string]bool
	folded   map[string]bool
	prefixes map[string][]string // wildcard rows by their first two bytes: a name starting with one is known
}

var defaultKnownNames = sync.OnceValue(func() *knownNames {
	k := &knownNames{exact: map[string]bool{}, folded: map[string]bool{}, prefixes: map[string][]string{}}
	add := func(c *Catalogue) {
		for _, e := range c.entries {
			p := e.Pattern
			if i := strings.IndexByte(p, '*'); i >= 0 {
				if i == len(p)-1 && len(p) >= 4 {
					k.prefixes[p[:2]] = append(k.prefixes[p[:2]], p[:i])
				}
				continue
			}
			k.exact[p] = true
			k.folded[strings.ToLower(p)] = true
		}
	}
	add(DefaultCatalogue())
	ocd, err := LoadCookieDB(strings.NewReader(openCookieDBCSV))
	if err != nil {
		panic("policy: embedded Open Cookie Database: " + err.Error()) // caught by TestKnownNames
	}
	add(ocd)
	return k
})

// knownLevel says how well a written token matches a known cookie name.
type knownLevel int

const (
	unknownName   knownLevel = iota
	knownByPrefix            // starts with a wildcard row's fixed part
	knownFolded              // a known name in other case ("ASP.Net_SessionId")
	knownExact               // a known name as written
)

// level returns how well tok matches a known name.
func (k *knownNames) level(tok string) knownLevel {
	switch {
	case tok == "":
		return unknownName
	case k.exact[tok]:
		return knownExact
	case k.folded[strings.ToLower(tok)]:
		return knownFolded
	}
	if len(tok) < 3 {
		return unknownName
	}
	for _, p := range k.prefixes[tok[:2]] {
		if strings.HasPrefix(tok, p) && len(tok) > len(p) {
			return knownByPrefix
		}
	}
	return unknownName
}
