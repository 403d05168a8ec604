package policy

import (
	"bytes"
	"fmt"
	"mime"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
)

// Content types Parse understands.
const (
	TypeHTML = "text/html"
	TypeText = "text/plain"
	TypeYAML = "application/yaml"
)

// MaxPolicySize bounds the input Parse reads; larger inputs are an error.
const MaxPolicySize = 16 << 20

// Parse reads a cookie policy into its declarations and disclosed vendors.
// contentType is "text/html", "text/plain" or "application/yaml" (parameters
// such as "; charset=utf-8" are ignored); "" sniffs the content. source is a
// label (URL or path) recorded in Document.Source and in errors.
func Parse(source string, data []byte, contentType string) (*Document, error) {
	if len(data) > MaxPolicySize {
		return nil, fmt.Errorf("policy: parse %s: %d bytes is over the %d byte limit", source, len(data), MaxPolicySize)
	}
	ct := strings.ToLower(strings.TrimSpace(strings.SplitN(contentType, ";", 2)[0]))
	if ct == "" || ct == TypeHTML || ct == TypeText || ct == "text/markdown" || ct == "application/xhtml+xml" {
		if isBinary(data) {
			return nil, fmt.Errorf("policy: parse %s: not a text or HTML document (it holds binary data); give the policy page as HTML or as text", source)
		}
	}
	if ct == "" {
		ct = sniff(data)
	}
	var doc *Document
	switch ct {
	case TypeHTML, "application/xhtml+xml":
		data = decodeHTML(data, contentType)
		blocks, err := htmlBlocks(data)
		if err != nil {
			return nil, fmt.Errorf("policy: parse %s: %w", source, err)
		}
		doc = newReader(blocks, source).run()
		doc.records = htmlMentionRecords(data)
		doc.declareKnownNames()
	case TypeText, "text/markdown":
		data = decodeText(data, contentType)
		doc = newReader(textBlocks(data), source).run()
		doc.records = textMentionRecords(data)
		doc.declareKnownNames()
	case TypeYAML, "application/x-yaml", "text/yaml", "text/x-yaml":
		doc, err := parseYAML(data)
		if err != nil {
			return nil, fmt.Errorf("policy: parse %s: %w", source, err)
		}
		if doc.Source == "" {
			doc.Source = source
		}
		return doc, nil
	default:
		return nil, fmt.Errorf("policy: parse %s: unsupported content type %q", source, contentType)
	}
	if n := distinctNames(doc.Declared); n > MaxDeclaredNames {
		return nil, fmt.Errorf("policy: parse %s: it names %d different cookies, more than the %d any real cookie policy declares; it does not look like a cookie policy", source, n, MaxDeclaredNames)
	}
	return doc, nil
}

// MaxDeclaredNames bounds the distinct cookie names a document may declare.
// Real policies, Cookiebot's generated declarations included, name a few
// hundred at most; a document naming more is not a cookie policy (random
// text, a data dump) and is refused rather than read into thousands of
// declarations.
const MaxDeclaredNames = 1000

func distinctNames(ds []Declaration) int {
	seen := make(map[string]bool, len(ds))
	for _, d := range ds {
		seen[d.Name] = true
	}
	return len(seen)
}

// isBinary reports whether data is binary rather than text in some
// encoding: a NUL byte outside UTF-16 text, or many control bytes, in its
// first 8 KB.
func isBinary(data []byte) bool {
	head := data[:min(len(data), 8<<10)]
	if len(head) == 0 {
		return false
	}
	if bytes.HasPrefix(head, []byte{0xff, 0xfe}) || bytes.HasPrefix(head, []byte{0xfe, 0xff}) {
		return false // UTF-16 with a byte order mark
	}
	control := 0
	for _, c := range head {
		switch {
		case c == 0:
			return true
		case c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f':
			control++
		}
	}
	if control*100 > len(head) {
		return true
	}
	// Text in a legacy encoding has bytes above 0x7f here and there; random
	// bytes are half of them, and almost never valid UTF-8.
	if !utf8.Valid(head[:validPrefixEnd(head)]) {
		high := 0
		for _, c := range head {
			if c >= 0x80 {
				high++
			}
		}
		return high*100 > len(head)*30
	}
	return false
}

// validPrefixEnd returns len(b) less a rune cut off at the end.
func validPrefixEnd(b []byte) int {
	for k := 0; k < utf8.UTFMax && k < len(b); k++ {
		if utf8.RuneStart(b[len(b)-1-k]) {
			if !utf8.FullRune(b[len(b)-1-k:]) {
				return len(b) - 1 - k
			}
			break
		}
	}
	return len(b)
}

// decodeHTML converts an HTML policy to UTF-8 in the charset it declares:
// a byte order mark, the charset parameter of contentType, or its own <meta
// charset> (or http-equiv Content-Type) in the first 1024 bytes; undeclared
// text that is not valid UTF-8 is read as Windows-1252, as browsers do.
func decodeHTML(data []byte, contentType string) []byte {
	enc, name, _ := charset.DetermineEncoding(data, contentType)
	return decodeWith(data, enc, name)
}

// decodeText converts a plain-text policy to UTF-8: by its byte order mark
// (UTF-8 or UTF-16), the charset parameter of contentType, or, for text that
// is not valid UTF-8, as Windows-1252 (what Windows tools save).
func decodeText(data []byte, contentType string) []byte {
	switch {
	case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")):
		return data[3:]
	case bytes.HasPrefix(data, []byte{0xff, 0xfe}), bytes.HasPrefix(data, []byte{0xfe, 0xff}):
		enc, name, _ := charset.DetermineEncoding(data, "text/plain")
		return decodeWith(data, enc, name)
	}
	if _, params, err := mime.ParseMediaType(contentType); err == nil && params["charset"] != "" {
		if enc, name := charset.Lookup(params["charset"]); enc != nil {
			return decodeWith(data, enc, name)
		}
	}
	if utf8.Valid(data) {
		return data
	}
	enc, name := charset.Lookup("windows-1252")
	return decodeWith(data, enc, name)
}

// decodeWith decodes data, dropping a byte order mark, and leaves UTF-8
// as it is (with invalid bytes replaced).
func decodeWith(data []byte, enc encoding.Encoding, name string) []byte {
	if name == "utf-8" || enc == nil {
		data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
		if !utf8.Valid(data) {
			data = bytes.ToValidUTF8(data, []byte("\uFFFD"))
		}
		return data
	}
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return bytes.ToValidUTF8(data, []byte("\uFFFD"))
	}
	return bytes.TrimPrefix(out, []byte("\xef\xbb\xbf"))
}

// sniff guesses the content type of a policy.
func sniff(data []byte) string {
	head := bytes.ToLower(bytes.TrimSpace(data[:min(len(data), 1024)]))
	switch {
	case bytes.HasPrefix(head, []byte("<!doctype html")), bytes.HasPrefix(head, []byte("<html")),
		bytes.Contains(head, []byte("<body")), bytes.Contains(head, []byte("<head")),
		bytes.HasPrefix(head, []byte("<")) && bytes.Contains(head, []byte(">")):
		return TypeHTML
	case bytes.HasPrefix(head, []byte("cookies:")), bytes.HasPrefix(head, []byte("source:")),
		bytes.HasPrefix(head, []byte("---\n")), bytes.Contains(head, []byte("\ncookies:\n")):
		return TypeYAML
	}
	return TypeText
}

// FileType returns the content type of a policy file by its extension:
// .html and .htm are HTML, .txt (and .text, .md) plain text, .yaml and .yml
// the YAML declaration format.
func FileType(path string) (string, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".html", ".htm", ".xhtml":
		return TypeHTML, nil
	case ".txt", ".text", ".md":
		return TypeText, nil
	case ".yaml", ".yml":
		return TypeYAML, nil
	}
	return "", fmt.Errorf("policy: load %s: unknown extension (want .html, .htm, .txt, .yaml or .yml)", path)
}

// LoadFile reads a policy file, choosing the format by extension: .html
// and .htm are HTML, .txt (and .text, .md) plain text, .yaml and .yml the
// YAML declaration format.
func LoadFile(path string) (*Document, error) {
	ct, err := FileType(path)
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("policy: load %s: %w", path, err)
	}
	return Parse(path, data, ct)
}
