// Package policy reads a website's cookie policy (HTML, plain text or a YAML
// declaration) into the cookies it declares.
package policy

// Category is the purpose class of a cookie.
type Category string

// The categories a declaration or catalogue entry can have.
const (
	Necessary  Category = "necessary"
	Functional Category = "functional"
	Analytics  Category = "analytics"
	Marketing  Category = "marketing"
	Unknown    Category = "unknown"
)

// Declaration is one cookie a policy declares.
type Declaration struct {
	// Name is the cookie name as written in the policy.
	Name string `json:"name" yaml:"name"`
	// Pattern is the normalised form used for matching: a literal name, or a
	// glob where '*' stands for any run of characters.
	Pattern  string   `json:"pattern" yaml:"pattern,omitempty"`
	Purpose  string   `json:"purpose" yaml:"purpose,omitempty"`
	Category Category `json:"category" yaml:"category,omitempty"`
	Provider string   `json:"provider" yaml:"provider,omitempty"`
	// Domain, when set, constrains the match to cookies of that domain (or
	// its subdomains).
	Domain     string `json:"domain,omitempty" yaml:"domain,omitempty"`
	ExpiryText string `json:"expiry_text" yaml:"expiry,omitempty"`
	// Expiry is the lifetime ExpiryText states: a session, a duration, or
	// unknown when the policy states none.
	Expiry Lifetime `json:"expiry_seconds" yaml:"expiry_seconds,omitempty"`
	// Source says where in the policy the declaration was read.
	Source string `json:"source" yaml:"source,omitempty"`
	// Mentioned marks a declaration that no layout of the policy gave: the
	// policy's text only names the cookie (see Document.Mentions). The
	// audit reports its match as "mentioned".
	Mentioned bool `json:"mentioned,omitempty" yaml:"-"`
}

// Matches reports whether the cookie name matches the declaration's pattern
// exactly, or as a glob where '*' stands for any run of characters (every
// other character, including '?' and '[', is literal). Without a Pattern the
// name as written is turned into one with PatternFor.
func (d Declaration) Matches(name string) bool {
	p := d.Pattern
	if p == "" {
		p = PatternFor(d.Name)
	}
	return globMatch(p, name)
}

// Vendor is a third party the policy discloses without naming its cookies.
type Vendor struct {
	Vendor   string   `json:"vendor" yaml:"vendor"`
	Category Category `json:"category" yaml:"category"`
}

// Document is what was read from one policy source.
type Document struct {
	Source   string        `json:"source" yaml:"source"`
	Declared []Declaration `json:"declared" yaml:"cookies"`
	Vendors  []Vendor      `json:"vendors" yaml:"vendors,omitempty"`
	// records is the document's text, for Mentions; nil for YAML.
	records []mentionRecord
}

// CatalogueEntry describes a well-known cookie.
type CatalogueEntry struct {
	// Pattern is a glob over cookie names ('*' for any run of characters).
	Pattern  string   `json:"pattern"`
	Vendor   string   `json:"vendor"`
	Category Category `json:"category"`
	// Lifetime is the cookie's typical lifetime.
	Lifetime    Lifetime `json:"lifetime_seconds"`
	Description string   `json:"description"`
}

// Known reports whether the category is one of the four purpose classes,
// not Unknown.
func (c Category) Known() bool {
	return c == Necessary || c == Functional || c == Analytics || c == Marketing
}
