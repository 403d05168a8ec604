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
	// near holds the near-match key (NormalizeName: case, and one
	// underscore, hyphen or dot more or less) of every exact name of four
	// characters or more under that key.
	near map[string]bool
}

var defaultKnownNames = sync.OnceValue(func() *knownNames {
	k := &knownNames{exact: map[string]bool{}, folded: map[string]bool{}, prefixes: map[string][]string{}, near: map[string]bool{}}
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
			if n := NormalizeName(p); len(n) >= 4 {
				k.near[n] = true
			}
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

// nearly reports whether tok is a known name written with other case or
// with one separator more or less ("__utmz" for "_utmz", "utmz",
// "ASP.Net_SessionId"): its near-match key (NormalizeName, computed here
// without allocating for ASCII tokens) is a known name's.
func (k *knownNames) nearly(tok string) bool {
	if len(tok) < 4 || len(tok) > 64 {
		return false
	}
	var buf [64]byte
	key := buf[:0]
	sep := true // drops leading separators, as NormalizeName does
	for i := 0; i < len(tok); i++ {
		c := tok[i]
		switch {
		case c >= 0x80:
			return k.near[NormalizeName(tok)] // not ASCII: the full rules
		case c == '_' || c == ' ' || c == '-' || c == '.' || c == '\t' || c == '\n':
			if !sep {
				key = append(key, '_')
				sep = true
			}
			continue
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		}
		key = append(key, c)
		sep = false
	}
	for len(key) > 0 && key[len(key)-1] == '_' {
		key = key[:len(key)-1]
	}
	return k.near[string(key)]
}
