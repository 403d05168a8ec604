package policy

import (
	"bytes"
	"fmt"

	"gopkg.in/yaml.v3"
)

// MarshalYAML writes a document in the YAML declaration format a council
// can keep in its repository as the authoritative list of its cookies:
//
//	source: https://www.example.gov.uk/cookies
//	cookies:
//	  - name: _ga
//	    pattern: _ga
//	    purpose: Used to distinguish users.
//	    category: analytics
//	    provider: Google Analytics
//	    expiry: 2 years
//	    expiry_seconds: 63072000
//	vendors:
//	  - vendor: Hotjar
//	    category: analytics
//
// Parse reads it back to an identical Document.
func MarshalYAML(doc *Document) ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("policy: marshal yaml: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("policy: marshal yaml: %w", err)
	}
	return buf.Bytes(), nil
}

// parseYAML reads the YAML declaration format. Unknown fields are errors
// (with their line), so that a typo in a hand-kept file is not silently
// ignored. Missing patterns and lifetimes are filled in from the name and
// expiry text; a missing category is unknown.
func parseYAML(data []byte) (*Document, error) {
	doc := &Document{}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(doc); err != nil {
		return nil, fmt.Errorf("yaml: %w", err)
	}
	if doc.Declared == nil {
		doc.Declared = []Declaration{}
	}
	if doc.Vendors == nil {
		doc.Vendors = []Vendor{}
	}
	for i := range doc.Declared {
		d := &doc.Declared[i]
		if d.Name == "" {
			return nil, fmt.Errorf("yaml: cookies[%d]: name is required", i)
		}
		if d.Pattern == "" {
			d.Pattern = PatternFor(d.Name)
		}
		if d.Category == "" {
			d.Category = Unknown
		}
		if !d.Category.Valid() {
			return nil, fmt.Errorf("yaml: cookies[%d] (%s): unknown category %q", i, d.Name, d.Category)
		}
		if !d.Expiry.Known() {
			d.Expiry = WrittenLifetime(d.ExpiryText)
		}
	}
	for i, v := range doc.Vendors {
		if v.Category == "" {
			doc.Vendors[i].Category = Unknown
		} else if !v.Category.Valid() {
			return nil, fmt.Errorf("yaml: vendors[%d] (%s): unknown category %q", i, v.Vendor, v.Category)
		}
	}
	return doc, nil
}
