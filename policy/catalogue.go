package policy

import (
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
)

//go:embed catalogue.csv
var catalogueCSV string

// Catalogue is a set of well-known cookies, looked up by observed name.
// A Catalogue is read-only once built and safe for concurrent use.
type Catalogue struct {
	entries []CatalogueEntry
	exact   map[string]int // pattern without '*' -> index into entries
	globs   []int          // indexes of patterns with '*', most specific first
	vendors map[string][]int
}

// DefaultCatalogue returns the catalogue embedded in the binary. It is built
// once; callers must not modify the entries it returns.
func DefaultCatalogue() *Catalogue { return defaultCatalogue() }

var defaultCatalogue = sync.OnceValue(func() *Catalogue {
	c, err := readCatalogueCSV(strings.NewReader(catalogueCSV))
	if err != nil {
		panic("policy: embedded catalogue: " + err.Error()) // caught by TestDefaultCatalogue
	}
	return c
})

// NewCatalogue builds a catalogue from entries. When two entries share a
// pattern, the first wins.
func NewCatalogue(entries []CatalogueEntry) *Catalogue {
	c := &Catalogue{exact: map[string]int{}, vendors: map[string][]int{}}
	seen := map[string]bool{}
	for _, e := range entries {
		if e.Pattern == "" || seen[e.Pattern] {
			continue
		}
		seen[e.Pattern] = true
		i := len(c.entries)
		c.entries = append(c.entries, e)
		if strings.Contains(e.Pattern, "*") {
			c.globs = append(c.globs, i)
		} else {
			c.exact[e.Pattern] = i
		}
		key := vendorKey(e.Vendor)
		c.vendors[key] = append(c.vendors[key], i)
	}
	// Most specific first: more literal characters, then longer pattern.
	sort.SliceStable(c.globs, func(a, b int) bool {
		pa, pb := c.entries[c.globs[a]].Pattern, c.entries[c.globs[b]].Pattern
		la, lb := len(strings.ReplaceAll(pa, "*", "")), len(strings.ReplaceAll(pb, "*", ""))
		if la != lb {
			return la > lb
		}
		return len(pa) > len(pb)
	})
	return c
}

// Len returns the number of entries.
func (c *Catalogue) Len() int { return len(c.entries) }

// Entries returns a copy of the entries in catalogue order.
func (c *Catalogue) Entries() []CatalogueEntry {
	return append([]CatalogueEntry(nil), c.entries...)
}

// Lookup finds the entry for an observed cookie name: an exact pattern
// first, then the most specific glob (the one with the most literal
// characters) that matches.
func (c *Catalogue) Lookup(name string) (CatalogueEntry, bool) {
	if c == nil {
		return CatalogueEntry{}, false
	}
	if i, ok := c.exact[name]; ok {
		return c.entries[i], true
	}
	for _, i := range c.globs {
		if globMatch(c.entries[i].Pattern, name) {
			return c.entries[i], true
		}
	}
	return CatalogueEntry{}, false
}

// LookupVendor returns the entries of a vendor, matched case-insensitively
// on the catalogue's vendor name or on a spelling policies use for it
// ("Twitter" for "X (Twitter)", "Facebook" for "Meta").
func (c *Catalogue) LookupVendor(vendor string) []CatalogueEntry {
	if c == nil {
		return nil
	}
	idx := c.vendors[vendorKey(vendor)]
	if len(idx) == 0 {
		if v := vendors().byAlias[strings.ToLower(strings.TrimSpace(vendor))]; v != nil {
			idx = c.vendors[vendorKey(v.Name)]
		}
	}
	out := make([]CatalogueEntry, 0, len(idx))
	for _, i := range idx {
		out = append(out, c.entries[i])
	}
	return out
}

// Merge returns a new catalogue holding c's entries and then o's; where both
// have the same pattern, c's entry wins.
func (c *Catalogue) Merge(o *Catalogue) *Catalogue {
	var all []CatalogueEntry
	if c != nil {
		all = append(all, c.entries...)
	}
	if o != nil {
		all = append(all, o.entries...)
	}
	return NewCatalogue(all)
}

func vendorKey(v string) string { return strings.ToLower(strings.TrimSpace(v)) }

// readCatalogueCSV reads the embedded catalogue format:
// pattern,vendor,category,lifetime,description where lifetime is a written
// duration ("2 years", "session") or "-" when unknown.
func readCatalogueCSV(r io.Reader) (*Catalogue, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = 5
	rows, err := cr.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("policy: read catalogue: %w", err)
	}
	var entries []CatalogueEntry
	for i, row := range rows {
		if i == 0 {
			continue
		}
		var life Lifetime // "-": unknown
		if strings.EqualFold(row[3], "never") {
			life = LifetimeInSeconds(NeverExpiresSeconds) // the browser's cap on a cookie said never to expire
		} else if row[3] != "-" {
			if life = WrittenLifetime(row[3]); !life.Known() {
				return nil, fmt.Errorf("policy: catalogue line %d: lifetime %q", i+1, row[3])
			}
		}
		cat := Category(row[2])
		if !cat.Valid() {
			return nil, fmt.Errorf("policy: catalogue line %d: category %q", i+1, row[2])
		}
		entries = append(entries, CatalogueEntry{Pattern: row[0], Vendor: row[1], Category: cat, Lifetime: life, Description: row[4]})
	}
	return NewCatalogue(entries), nil
}

// Valid reports whether c is one of the defined categories.
func (c Category) Valid() bool {
	switch c {
	case Necessary, Functional, Analytics, Marketing, Unknown:
		return true
	}
	return false
}

// cookieDBColumns are the Open Cookie Database's published CSV columns.
var cookieDBColumns = []string{"ID", "Platform", "Category", "Cookie / Data Key name", "Domain", "Description", "Retention period", "Data Controller", "User Privacy & GDPR Rights Portals", "Wildcard match"}

// LoadCookieDB reads a CSV in the Open Cookie Database's column layout
// (ID, Platform, Category, Cookie / Data Key name, Domain, Description,
// Retention period, Data Controller, User Privacy & GDPR Rights Portals,
// Wildcard match). A wildcard row matches every name starting with the
// given name. Its categories map as: Functional and Personalization to
// functional, Security to necessary, Analytics to analytics, Marketing to
// marketing; anything else is unknown. Platform becomes the vendor.
func LoadCookieDB(r io.Reader) (*Catalogue, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("policy: cookie database: read header: %w", err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))] = i
	}
	for _, want := range []string{"Platform", "Category", "Cookie / Data Key name", "Retention period", "Wildcard match"} {
		if _, ok := col[want]; !ok {
			return nil, fmt.Errorf("policy: cookie database: missing column %q (want %s)", want, strings.Join(cookieDBColumns, ","))
		}
	}
	get := func(row []string, name string) string {
		if i, ok := col[name]; ok && i < len(row) {
			return strings.TrimSpace(row[i])
		}
		return ""
	}
	var entries []CatalogueEntry
	for line := 2; ; line++ {
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("policy: cookie database line %d: %w", line, err)
		}
		name := get(row, "Cookie / Data Key name")
		if name == "" {
			continue
		}
		pattern := name
		if w := get(row, "Wildcard match"); w == "1" || strings.EqualFold(w, "true") {
			pattern = strings.TrimSuffix(name, "*") + "*"
		}
		entries = append(entries, CatalogueEntry{
			Pattern:     pattern,
			Vendor:      get(row, "Platform"),
			Category:    cookieDBCategory(get(row, "Category")),
			Lifetime:    WrittenLifetime(get(row, "Retention period")),
			Description: get(row, "Description"),
		})
	}
	return NewCatalogue(entries), nil
}

func cookieDBCategory(s string) Category {
	switch strings.ToLower(s) {
	case "functional", "personalization", "personalisation", "preferences":
		return Functional
	case "security", "necessary", "strictly necessary":
		return Necessary
	case "analytics", "statistics":
		return Analytics
	case "marketing", "advertising":
		return Marketing
	}
	return Unknown
}
