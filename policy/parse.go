package policy

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"
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
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		data = bytes.ToValidUTF8(data, []byte("\uFFFD"))
	}
	ct := strings.ToLower(strings.TrimSpace(strings.SplitN(contentType, ";", 2)[0]))
	if ct == "" {
		ct = sniff(data)
	}
	switch ct {
	case TypeHTML, "application/xhtml+xml":
		blocks, err := htmlBlocks(data)
		if err != nil {
			return nil, fmt.Errorf("policy: parse %s: %w", source, err)
		}
		return newReader(blocks, source).run(), nil
	case TypeText, "text/markdown":
		return newReader(textBlocks(data), source).run(), nil
	case TypeYAML, "application/x-yaml", "text/yaml", "text/x-yaml":
		doc, err := parseYAML(data)
		if err != nil {
			return nil, fmt.Errorf("policy: parse %s: %w", source, err)
		}
		if doc.Source == "" {
			doc.Source = source
		}
		return doc, nil
	}
	return nil, fmt.Errorf("policy: parse %s: unsupported content type %q", source, contentType)
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

// LoadFile reads a policy file, choosing the format by extension: .html
// and .htm are HTML, .txt (and .text, .md) plain text, .yaml and .yml the
// YAML declaration format.
func LoadFile(path string) (*Document, error) {
	var ct string
	switch strings.ToLower(filepath.Ext(path)) {
	case ".html", ".htm", ".xhtml":
		ct = TypeHTML
	case ".txt", ".text", ".md":
		ct = TypeText
	case ".yaml", ".yml":
		ct = TypeYAML
	default:
		return nil, fmt.Errorf("policy: load %s: unknown extension (want .html, .htm, .txt, .yaml or .yml)", path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("policy: load %s: %w", path, err)
	}
	return Parse(path, data, ct)
}
