package policy

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// blockKind says what a piece of a policy page is.
type blockKind int

const (
	blockPara    blockKind = iota // a paragraph or a line of text
	blockHeading                  // a heading (certain in HTML and "## " text)
	blockItem                     // a list item
	blockRow                      // a table row (HTML table or tab-separated line)
)

// block is one unit of a policy page in reading order. HTML and plain text
// both become a sequence of blocks, which the reader then interprets.
type block struct {
	kind   blockKind
	text   string   // normalised text (cells joined by spaces for rows)
	raw    string   // text before white space was collapsed (text sources)
	cells  []string // cells of a row; may contain '\n' between inner blocks
	header bool     // row of <th> cells or inside <thead>
	level  int      // heading level 1-6; 0 when guessed from text
	table  int      // 1-based table number for rows
	row    int      // 1-based row number within its table
	line   int      // 1-based line in a text source; 0 for HTML
	ord    int      // 1-based position among an HTML page's blocks
	tabbed bool     // row came from a tab-separated text line
}

// inlineTagRE finds HTML tags left in extracted text (004 has "<ul> <li>"),
// but not placeholders like "<container-id>".
var inlineTagRE = regexp.MustCompile(`(?i)</?(?:ul|ol|li|p|br|u|a|b|i|em|strong|span|div|td|tr|table)(?:\s[^<>]*)?/?>`)

// bulletRE finds a list bullet at the start of a line.
var bulletRE = regexp.MustCompile(`^(?:[•·▪■◦●‣∙*–—-]|\d{1,2}[.)]|[a-z][.)])\s+`)

// textBlocks splits a plain-text policy into blocks: one per non-blank
// line; lines with tabs become rows; "## " lines become headings.
func textBlocks(data []byte) []block {
	split := strings.Split(string(data), "\n")
	lines := make([]textLine, 0, len(split))
	for n, raw := range split {
		raw = strings.TrimRight(raw, "\r")
		if strings.IndexByte(raw, '<') < 0 {
			lines = append(lines, textLine{raw: raw, num: n + 1})
			continue
		}
		raw = inlineTagRE.ReplaceAllStringFunc(raw, func(tag string) string {
			if strings.HasPrefix(strings.ToLower(tag), "<li") {
				return "\n• "
			}
			return " "
		})
		lines = append(lines, textLine{raw: raw, num: n + 1})
	}
	out := make([]block, 0, len(lines)/2+8)
	tb := &tableBuilder{}
	row := 0
	lastWasRow := false
	for i := 0; i < len(lines); i++ {
		raw, num := lines[i].raw, lines[i].num
		if strings.Contains(raw, "\t") {
			if !lastWasRow {
				tb.table++
				row = 0
			}
			row++
			cells := strings.Split(raw, "\t")
			for i := range cells {
				cells[i] = strings.TrimSpace(cells[i])
			}
			out = append(out, block{kind: blockRow, cells: cells, text: normalizeSpace(strings.Join(cells, " ")), table: tb.table, row: row, line: num, tabbed: true})
			lastWasRow = true
			continue
		}
		if n, rows := tb.pipeTable(lines, i); n > 0 {
			out = append(out, rows...)
			i += n - 1
			lastWasRow = false
			continue
		}
		if n, rows := tb.spacedTable(lines, i); n > 0 {
			out = append(out, rows...)
			i += n - 1
			lastWasRow = false
			continue
		}
		text := normalizeSpace(raw)
		if text == "" {
			continue
		}
		b := block{kind: blockPara, text: text, raw: strings.TrimSpace(raw), line: num}
		if strings.HasPrefix(text, "#") {
			h := strings.TrimLeft(text, "#")
			if len(h) < len(text) && strings.HasPrefix(h, " ") {
				b.kind, b.level = blockHeading, len(text)-len(h)
				b.text = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(h), "■▪●•#"))
			}
		} else if m := bulletRE.FindString(text); m != "" {
			b.kind = blockItem
			b.text = strings.TrimSpace(text[len(m):])
		}
		if b.text != "" {
			out = append(out, b)
		}
		lastWasRow = lastWasRow && b.kind == blockPara // paragraphs inside a tab table continue it
	}
	return out
}

// htmlBlocks walks a parsed HTML document and returns its blocks, skipping
// scripts, styles, navigation and hidden elements.
func htmlBlocks(data []byte) ([]block, error) {
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		if strings.Contains(err.Error(), "open stack of elements") {
			// Markup left open hundreds of times over (generated pages
			// that never close <font> or <div>) is past the parser's
			// limit; its text is still there to read, as the browser
			// shows it.
			return textBlocks(htmlText(data)), nil
		}
		return nil, fmt.Errorf("the HTML cannot be read (%v); save the page as text from the browser and read the .txt file", err)
	}
	w := &htmlWalker{}
	root := doc
	if main := findMain(doc); main != nil {
		root = main
	}
	w.walk(root)
	w.flush()
	for i := range w.out {
		w.out[i].ord = i + 1
	}
	return w.out, nil
}

// htmlText returns the text of an HTML page without building its tree:
// block elements and table rows end lines, cells are separated by tabs, and
// scripts, styles and other hidden elements are left out.
func htmlText(data []byte) []byte {
	var out bytes.Buffer
	z := html.NewTokenizer(bytes.NewReader(data))
	skip := 0
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return out.Bytes()
		case html.TextToken:
			if skip == 0 {
				out.WriteString(strings.ReplaceAll(strings.ReplaceAll(string(z.Text()), "\n", " "), "\t", " "))
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			switch a {
			case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Svg, atom.Head, atom.Nav:
				if tt == html.StartTagToken {
					skip++
				} else if tt == html.EndTagToken && skip > 0 {
					skip--
				}
			case atom.Td, atom.Th:
				if tt == html.StartTagToken {
					out.WriteByte('\t')
				}
			case atom.Br, atom.P, atom.Div, atom.Tr, atom.Li, atom.Dt, atom.Dd, atom.Table, atom.Section, atom.Article,
				atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Ul, atom.Ol, atom.Dl, atom.Caption:
				out.WriteByte('\n')
			}
		}
	}
}

// findMain returns the page's <main> element (or role=main) when it has one,
// so that headers, footers and menus do not mix into the policy.
func findMain(n *html.Node) *html.Node {
	if n.Type == html.ElementNode && (n.DataAtom == atom.Main || attr(n, "role") == "main") {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if m := findMain(c); m != nil {
			return m
		}
	}
	return nil
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// htmlWalker accumulates inline text into blocks.
type htmlWalker struct {
	out   []block
	buf   strings.Builder
	kind  blockKind
	level int
	table int
	depth int // guards against pathological nesting
}

func (w *htmlWalker) flush() {
	text := normalizeSpace(w.buf.String())
	w.buf.Reset()
	if text != "" {
		w.out = append(w.out, block{kind: w.kind, text: text, level: w.level})
	}
	w.kind, w.level = blockPara, 0
}

// skipped reports whether an element and its content are not part of the
// readable page.
func skipped(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Svg, atom.Head, atom.Nav, atom.Iframe, atom.Button, atom.Select, atom.Textarea:
		return true
	}
	if _, hidden := attrOK(n, "hidden"); hidden {
		return true
	}
	if attr(n, "aria-hidden") == "true" {
		return true
	}
	style := strings.ReplaceAll(strings.ToLower(attr(n, "style")), " ", "")
	return strings.Contains(style, "display:none") || strings.Contains(style, "visibility:hidden")
}

func attrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func (w *htmlWalker) walk(n *html.Node) {
	w.depth++
	defer func() { w.depth-- }()
	if w.depth > 200 {
		return
	}
	switch n.Type {
	case html.TextNode:
		w.buf.WriteString(n.Data)
		return
	case html.ElementNode:
		if skipped(n) {
			return
		}
		switch n.DataAtom {
		case atom.Table:
			w.flush()
			w.walkTable(n)
			return
		case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
			w.flush()
			w.kind, w.level = blockHeading, int(n.Data[1]-'0')
			w.children(n)
			w.flush()
			return
		case atom.Li, atom.Dt, atom.Dd:
			w.flush()
			if n.DataAtom == atom.Li {
				w.kind = blockItem
			}
			w.children(n)
			w.flush()
			return
		case atom.Br, atom.Hr:
			kind := w.kind
			w.flush()
			w.kind = kind
			return
		case atom.P, atom.Div, atom.Section, atom.Article, atom.Ul, atom.Ol, atom.Dl, atom.Details, atom.Summary,
			atom.Blockquote, atom.Pre, atom.Figure, atom.Figcaption, atom.Header, atom.Footer, atom.Aside, atom.Main,
			atom.Form, atom.Fieldset, atom.Legend, atom.Caption, atom.Address, atom.Body, atom.Html:
			w.flush()
			w.children(n)
			w.flush()
			return
		}
	}
	w.children(n)
}

func (w *htmlWalker) children(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c)
	}
}

// walkTable turns each <tr> into a row block. Cells keep inner block
// boundaries as '\n' so that a cell listing several names can be split.
func (w *htmlWalker) walkTable(t *html.Node) {
	w.table++
	table := w.table
	row := 0
	var visit func(n *html.Node, inHead bool)
	visit = func(n *html.Node, inHead bool) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode || skipped(c) {
				continue
			}
			switch c.DataAtom {
			case atom.Caption:
				w.walk(c)
				w.flush()
			case atom.Thead:
				visit(c, true)
			case atom.Tbody, atom.Tfoot:
				visit(c, false)
			case atom.Tr:
				row++
				var cells []string
				allTH := true
				for td := c.FirstChild; td != nil; td = td.NextSibling {
					if td.Type != html.ElementNode || (td.DataAtom != atom.Td && td.DataAtom != atom.Th) {
						continue
					}
					if td.DataAtom != atom.Th {
						allTH = false
					}
					cells = append(cells, cellText(td))
				}
				if len(cells) == 0 {
					continue
				}
				flat := make([]string, len(cells))
				for i, s := range cells {
					flat[i] = normalizeSpace(s)
				}
				w.out = append(w.out, block{kind: blockRow, cells: cells, text: normalizeSpace(strings.Join(flat, " ")), header: inHead || allTH, table: table, row: row})
			}
		}
	}
	visit(t, false)
}

// cellText returns a cell's text with inner paragraphs, line breaks and list
// items separated by '\n'.
func cellText(n *html.Node) string {
	var b strings.Builder
	var rec func(*html.Node, int)
	rec = func(n *html.Node, depth int) {
		if depth > 100 {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				b.WriteString(strings.ReplaceAll(c.Data, "\n", " "))
			case html.ElementNode:
				if skipped(c) {
					continue
				}
				switch c.DataAtom {
				case atom.Br:
					b.WriteByte('\n')
					continue
				case atom.P, atom.Li, atom.Div, atom.Ul, atom.Ol, atom.Dt, atom.Dd:
					b.WriteByte('\n')
					rec(c, depth+1)
					b.WriteByte('\n')
					continue
				}
				rec(c, depth+1)
			}
		}
	}
	rec(n, 0)
	lines := strings.Split(b.String(), "\n")
	var keep []string
	for _, l := range lines {
		if l = normalizeSpace(l); l != "" {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}
