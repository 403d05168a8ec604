package policy

import (
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestYAMLRoundTrip(t *testing.T) {
	for _, tt := range seedCases {
		doc, err := Parse(tt.file, readSeed(t, tt.file), TypeText)
		if err != nil {
			t.Fatal(err)
		}
		out, err := MarshalYAML(doc)
		if err != nil {
			t.Fatalf("%s: %v", tt.desc, err)
		}
		back, err := Parse("cookies.yaml", out, "")
		if err != nil {
			t.Fatalf("%s: reading back: %v\n%s", tt.desc, err, out)
		}
		doc.records = nil // the text the policy was read from is not part of its YAML
		if !reflect.DeepEqual(doc, back) {
			t.Errorf("%s: YAML round trip differs\nwrote:\n%.800s", tt.desc, out)
		}
	}
}

func TestYAMLHandWritten(t *testing.T) {
	doc, err := LoadFile(filepath.Join("..", "testdata", "policy", "yaml", "council-cookies.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range doc.Declared {
		secs := "-"
		if d.Expiry.Known() {
			secs = fmt.Sprint(d.Expiry.Seconds())
		}
		got = append(got, d.Name+" "+d.Pattern+" "+string(d.Category)+" "+secs+" "+d.Domain)
	}
	want := []string{
		"_ga _ga analytics 63072000 ",
		"_ga_<container-id> _ga_* analytics 63072000 ",
		"cookies_policy cookies_policy necessary 31536000 example.gov.uk",
		"ASP.NET_SessionId ASP.NET_SessionId necessary 0 ",
		"SQ_SYSTEM_SESSION SQ_SYSTEM_SESSION unknown - ",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("declarations\n got: %q\nwant: %q", got, want)
	}
	if doc.Source != "https://www.example.gov.uk/cookies" || len(doc.Vendors) != 1 || doc.Vendors[0].Vendor != "Hotjar" {
		t.Errorf("source/vendors = %q %+v", doc.Source, doc.Vendors)
	}
}

func TestYAMLErrors(t *testing.T) {
	tests := []struct {
		desc, yaml, want string
	}{
		{"unknown field names its line", "cookies:\n  - name: _ga\n    expires: 2 years\n", "line 3"},
		{"name required", "cookies:\n  - purpose: x\n", "name is required"},
		{"bad category", "cookies:\n  - name: x\n    category: tracking\n", `unknown category "tracking"`},
	}
	for _, tt := range tests {
		_, err := Parse("cookies.yaml", []byte(tt.yaml), TypeYAML)
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "cookies.yaml") {
			t.Errorf("%s: err = %v, want it to name the file and contain %q", tt.desc, err, tt.want)
		}
	}
}
