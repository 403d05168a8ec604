package policy

import (
	"bytes"
	"fmt"
	"math/rand"
	"strings"
	"testing"
	"unicode/utf16"
)

// TestBinaryInputIsRefused checks that a binary file given as a policy is
// an error that says so, instead of its bytes read as cookies.
func TestBinaryInputIsRefused(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	png := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), make([]byte, 4096)...)
	rng.Read(png[16:])
	noise := make([]byte, 64<<10)
	rng.Read(noise)
	for _, tt := range []struct {
		name        string
		data        []byte
		contentType string
	}{
		{"png as sniffed", png, ""},
		{"png as text", png, TypeText},
		{"random bytes as HTML", noise, TypeHTML},
	} {
		_, err := Parse(tt.name, tt.data, tt.contentType)
		if err == nil || !strings.Contains(err.Error(), "not a text or HTML document") {
			t.Errorf("%s: err = %v, want a 'not a text or HTML document' error", tt.name, err)
		}
	}
	// Text in a legacy encoding is not binary.
	if _, err := Parse("latin1.txt", []byte("Name\tPurpose\tExpires\n_ga\tMesure d\x92audience, caf\xe9\t2 years\n"), TypeText); err != nil {
		t.Errorf("Windows-1252 text refused: %v", err)
	}
}

// TestPolicyCharsets checks that a policy is read in the charset it
// declares: a <meta charset>, a byte order mark, or a charset parameter.
func TestPolicyCharsets(t *testing.T) {
	utf16le := func(s string) []byte {
		b := []byte{0xff, 0xfe}
		for _, u := range utf16.Encode([]rune(s)) {
			b = append(b, byte(u), byte(u>>8))
		}
		return b
	}
	tests := []struct {
		name, contentType string
		data              []byte
		purpose           string
	}{
		{"meta charset iso-8859-1", TypeHTML,
			[]byte("<html><head><meta charset=\"iso-8859-1\"></head><body><table><tr><th>Name</th><th>Purpose</th><th>Expires</th></tr>" +
				"<tr><td>_ga</td><td>Remembers the visitor\x92s choice \xe0 la carte</td><td>2 years</td></tr></table></body></html>"),
			"Remembers the visitor’s choice à la carte"},
		{"http-equiv windows-1252", TypeHTML,
			[]byte("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"></head><body><table><tr><th>Name</th><th>Purpose</th><th>Expires</th></tr>" +
				"<tr><td>_ga</td><td>Caf\xe9 visitors \x96 counted</td><td>2 years</td></tr></table></body></html>"),
			"Café visitors – counted"},
		{"UTF-8 byte order mark", TypeHTML,
			[]byte("\xef\xbb\xbf<table><tr><th>Name</th><th>Purpose</th><th>Expires</th></tr><tr><td>_ga</td><td>Counts visitors – anonymously</td><td>2 years</td></tr></table>"),
			"Counts visitors – anonymously"},
		{"UTF-16 text with its byte order mark", TypeText,
			utf16le("Name\tPurpose\tExpires\r\n_ga\tCounts visitors – anonymously\t2 years\r\n"),
			"Counts visitors – anonymously"},
		{"charset parameter on text", TypeText + "; charset=iso-8859-1",
			[]byte("Name\tPurpose\tExpires\n_ga\tCaf\xe9 visitors\t2 years\n"),
			"Café visitors"},
		{"undeclared Windows-1252 text", TypeText,
			[]byte("Name\tPurpose\tExpires\n_ga\tCaf\xe9 visitors\t2 years\n"),
			"Café visitors"},
	}
	for _, tt := range tests {
		doc, err := Parse(tt.name, tt.data, tt.contentType)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if len(doc.Declared) != 1 || doc.Declared[0].Name != "_ga" || doc.Declared[0].Purpose != tt.purpose {
			t.Errorf("%s: declared %+v, want _ga with purpose %q", tt.name, doc.Declared, tt.purpose)
		}
	}
}

// TestNonPolicyIsBounded checks that a document that is not a cookie
// policy cannot be read into thousands of declarations: random text gives
// few names or is refused, and a table naming more cookies than any policy
// does is refused.
func TestNonPolicyIsBounded(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	const chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-. \n\t|:()'\"<>"
	random := make([]byte, 256<<10)
	for i := range random {
		random[i] = chars[rng.Intn(len(chars))]
	}
	var table bytes.Buffer
	table.WriteString("Name\tPurpose\tExpires\n")
	for i := 0; i < 3000; i++ {
		fmt.Fprintf(&table, "_id_%x\tRecord %d\t%d days\n", rng.Uint64(), i, 1+i%90)
	}
	for _, tt := range []struct {
		name string
		data []byte
	}{
		{"256 KB of random text", random},
		{"a table of 3,000 made-up cookies", table.Bytes()},
	} {
		doc, err := Parse(tt.name, tt.data, TypeText)
		if err != nil {
			if !strings.Contains(err.Error(), "does not look like a cookie policy") {
				t.Errorf("%s: err = %v", tt.name, err)
			}
			continue
		}
		if n := distinctNames(doc.Declared); n > MaxDeclaredNames {
			t.Errorf("%s: %d distinct names declared, want at most %d", tt.name, n, MaxDeclaredNames)
		}
		if tt.name == "a table of 3,000 made-up cookies" {
			t.Errorf("%s: read into %d declarations, want an error", tt.name, len(doc.Declared))
		}
	}
}

// TestDeeplyNestedHTML checks that HTML nested past the parser's limit of
// 512 open elements (generated pages that never close their tags) is still
// read, from its text, instead of failing with the parser's error.
func TestDeeplyNestedHTML(t *testing.T) {
	page := "<html><body>" + strings.Repeat("<div><font>", 300) +
		"<h2>Analytics cookies</h2><table><tr><th>Name</th><th>Purpose</th><th>Expires</th></tr>" +
		"<tr><td>_ga</td><td>Used to distinguish users</td><td>2 years</td></tr></table>" +
		"<script>document.cookie='x=1'</script>" + strings.Repeat("</font></div>", 300) + "</body></html>"
	doc, err := Parse("deep.html", []byte(page), TypeHTML)
	if err != nil {
		t.Fatalf("HTML nested 600 deep: %v", err)
	}
	if got, _ := compact(doc); got != "_ga=63072000/analytics" {
		t.Errorf("declared %q, want _ga=63072000/analytics", got)
	}
}

// TestIndexFold checks the case-insensitive search the reader's quick
// tests use.
func TestIndexFold(t *testing.T) {
	for _, tt := range []struct {
		s, w string
		want int
	}{
		{"We use Cookies.", "cookie", 7},
		{"COOKIE", "cookie", 0},
		{"cookcookie", "cookie", 4},
		{"Cookcookie", "cookie", 4},
		{"no match here", "cookie", -1},
		{"cooki", "cookie", -1},
		{"the Names list", "name", 4},
		{"", "name", -1},
	} {
		if got := indexFold(tt.s, tt.w); got != tt.want {
			t.Errorf("indexFold(%q, %q) = %d, want %d", tt.s, tt.w, got, tt.want)
		}
	}
}

// TestStrayQuotesDoNotCrash checks that a lone or unbalanced quote mark
// where a name might stand (a curly quote heading, the sentence)
// is read without a panic, and that quotes around a name still come off.
func TestStrayQuotesDoNotCrash(t *testing.T) {
	for _, tt := range []struct{ text, want string }{
		{"We use both “session” and “persistent” cookies on our Website.", ""},
		{"‘Strictly Necessary Cookies’ we use:\n\n_ga – used to distinguish users. 2 years.", "_ga=63072000/analytics"},
		{"‘\n\n’\n\n“\n", ""},
		{"Name\tPurpose\tExpires\n‘\t’\t“\n“_ga”\tDistinguishes users\t2 years\n", "_ga=63072000/unknown"},
	} {
		t.Run(tt.text[:min(len(tt.text), 24)], func(t *testing.T) {
			doc, err := Parse("quotes.txt", []byte(tt.text), TypeText)
			if err != nil {
				t.Fatal(err)
			}
			if got, _ := compact(doc); got != tt.want {
				t.Errorf("declared %q, want %q", got, tt.want)
			}
		})
	}
}

// TestTrimQuotes checks that quotes come off a name, a lone quote mark
// leaves nothing, and a closing quote that is part of the name stays.
func TestTrimQuotes(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"‘", ""}, {"“", ""}, {"'", ""}, {"“_ga”", "_ga"}, {"‘_gid", "_gid"}, {"_gid'", "_gid'"}, {"“ ”", ""}, {"", ""},
	} {
		if got := trimQuotes(tt.in); got != tt.want {
			t.Errorf("trimQuotes(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
