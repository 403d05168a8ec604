package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/pkg/twwidth"
	"github.com/olekukonko/tablewriter/tw"
)

// DefaultTableWidth is the width the terminal table fits when none is
// given (a file, a pipe, a CI log).
const DefaultTableWidth = 100

// minTableWidth is the narrowest width the table is laid out for; below
// it, rows overflow rather than turn into one character per line.
const minTableWidth = 60

// textColumn is one column of a terminal table being laid out.
type textColumn struct {
	header string
	cells  []string
	// minWidth is the narrowest the column may be wrapped or truncated to;
	// 0 means it keeps its natural width.
	minWidth int
	// wordMin raises minWidth to the column's longest word, up to wordMin
	// columns, so that names are not broken when the table can drop a
	// column instead.
	wordMin int
	// dropRank orders the columns dropped when the table does not fit even
	// with every column at its narrowest: the highest rank goes first, 0
	// is never dropped.
	dropRank int
	// truncate cuts long cells with an ellipsis instead of wrapping them.
	truncate bool
}

// fittedTable lays rows out within width columns: free-text columns are
// wrapped (or truncated) down to their minimum width, then whole columns
// are dropped in dropRank order, so that no row is wider than width.
// Columns whose cells are all empty are dropped first. It returns the
// headers and the rows with cells wrapped into lines.
func fittedTable(cols []textColumn, width int) ([]string, [][]string) {
	if width <= 0 {
		width = DefaultTableWidth
	}
	width = max(width, minTableWidth)
	var kept []textColumn
	for _, c := range cols {
		if !allEmpty(c.cells) {
			kept = append(kept, c)
		}
	}
	if len(kept) == 0 && len(cols) > 0 {
		kept = cols[:1]
	}
	for tableWidth(kept, minWidths(kept, true)) > width {
		drop := -1
		for i, c := range kept {
			if c.dropRank > 0 && (drop < 0 || c.dropRank > kept[drop].dropRank) {
				drop = i
			}
		}
		if drop < 0 {
			break
		}
		kept = append(kept[:drop:drop], kept[drop+1:]...)
	}
	widths := naturalWidths(kept)
	// Names are broken only when the table cannot fit otherwise.
	mins := minWidths(kept, true)
	if tableWidth(kept, mins) > width {
		mins = minWidths(kept, false)
	}
	// Narrow the widest shrinkable column one step at a time, so the room
	// is shared out fairly: prose first, names (wordMin columns) only when
	// prose is at its narrowest.
	excess := tableWidth(kept, widths) - width
	for _, names := range []bool{false, true} {
		for ; excess > 0; excess-- {
			widest := -1
			for i, c := range kept {
				if (c.wordMin > 0) == names && widths[i] > mins[i] && (widest < 0 || widths[i] > widths[widest]) {
					widest = i
				}
			}
			if widest < 0 {
				break
			}
			widths[widest]--
		}
	}
	headers := make([]string, len(kept))
	for i, c := range kept {
		headers[i] = c.header
	}
	var rows [][]string
	if len(kept) > 0 {
		for r := range kept[0].cells {
			row := make([]string, len(kept))
			for i, c := range kept {
				if c.truncate {
					row[i] = truncateCell(c.cells[r], widths[i])
				} else {
					row[i] = strings.Join(wrapCell(c.cells[r], widths[i]), "\n")
				}
			}
			rows = append(rows, row)
		}
	}
	return headers, rows
}

func allEmpty(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// tableWidth is the printed width of a bordered table with these column
// widths: one space of padding each side and a border between columns.
func tableWidth(cols []textColumn, widths []int) int {
	if len(cols) == 0 {
		return 0
	}
	n := 1
	for _, w := range widths {
		n += w + 3
	}
	return n
}

func naturalWidths(cols []textColumn) []int {
	out := make([]int, len(cols))
	for i, c := range cols {
		out[i] = twwidth.Width(c.header)
		for _, cell := range c.cells {
			for _, line := range strings.Split(cell, "\n") {
				out[i] = max(out[i], twwidth.Width(line))
			}
		}
	}
	return out
}

func minWidths(cols []textColumn, keepWords bool) []int {
	nat := naturalWidths(cols)
	out := make([]int, len(cols))
	for i, c := range cols {
		out[i] = nat[i]
		if c.minWidth > 0 {
			m := max(c.minWidth, twwidth.Width(c.header))
			if keepWords && c.wordMin > 0 {
				m = max(m, min(longestWord(c.cells), c.wordMin))
			}
			out[i] = min(nat[i], m)
		}
	}
	return out
}

func longestWord(cells []string) int {
	n := 0
	for _, c := range cells {
		for _, w := range strings.Fields(c) {
			n = max(n, twwidth.Width(w))
		}
	}
	return n
}

// truncateCell cuts s to width display columns, ending in an ellipsis when
// anything was cut.
func truncateCell(s string, width int) string {
	if twwidth.Width(s) <= width {
		return s
	}
	return twwidth.Truncate(s, width-1) + "…"
}

// wrapCell breaks s into lines of at most width display columns: at spaces
// where it can, else after a URL's '/', '?', '&' or '=', else anywhere.
func wrapCell(s string, width int) []string {
	var lines []string
	for _, para := range strings.Split(s, "\n") {
		lines = append(lines, wrapLine(para, width)...)
	}
	return lines
}

func wrapLine(s string, width int) []string {
	if width < 1 || twwidth.Width(s) <= width {
		return []string{s}
	}
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		for twwidth.Width(word) > width {
			// A word too long for any line: fill the current line's
			// remainder with its start.
			room := width
			if line != "" {
				room = width - twwidth.Width(line) - 1
			}
			head, tail := splitWord(word, room)
			if head == "" && line == "" {
				// Not even the start of the word fits a line: cut it
				// after its first character.
				r := []rune(word)
				head, tail = string(r[:1]), string(r[1:])
			}
			if head == "" {
				lines = append(lines, line)
				line = ""
				continue
			}
			if line != "" {
				head = line + " " + head
			}
			lines = append(lines, head)
			line, word = "", tail
		}
		switch {
		case line == "":
			line = word
		case twwidth.Width(line)+1+twwidth.Width(word) <= width:
			line += " " + word
		default:
			lines = append(lines, line)
			line = word
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// splitWord splits word so that its head fits room columns, preferring a
// cut just after a URL separator in the head's second half. An empty head
// means the room is too small to be worth using.
func splitWord(word string, room int) (head, tail string) {
	if room < 4 {
		return "", word
	}
	runes := []rune(word)
	cut, w := 0, 0
	for cut < len(runes) {
		rw := twwidth.Width(string(runes[cut]))
		if w+rw > room {
			break
		}
		w += rw
		cut++
	}
	for i := cut; i > cut/2; i-- {
		if strings.ContainsRune("/?&=,;-", runes[i-1]) {
			cut = i
			break
		}
	}
	return string(runes[:cut]), string(runes[cut:])
}

// renderTable writes a bordered table whose cells are already fitted.
func renderTable(w io.Writer, headers []string, rows [][]string) error {
	return writeTable(w, headers, rows)
}

// writeTable renders headers and rows with tablewriter, wrapping nothing
// (cells are fitted or free-width already); opts add to the defaults.
func writeTable(w io.Writer, headers []string, rows [][]string, opts ...tablewriter.Option) error {
	t := tablewriter.NewTable(w, append([]tablewriter.Option{
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
		tablewriter.WithHeaderAutoWrap(tw.WrapNone),
	}, opts...)...)
	t.Header(headers)
	if err := t.Bulk(rows); err != nil {
		return fmt.Errorf("audit: table: %w", err)
	}
	if err := t.Render(); err != nil {
		return fmt.Errorf("audit: table: %w", err)
	}
	return nil
}

// addRow appends one row's cells to the columns, in order.
func addRow(cols []textColumn, cells []string) {
	for j := range cols {
		cols[j].cells = append(cols[j].cells, cells[j])
	}
}

// writeHanging writes label and then text wrapped to width, the lines
// after the first indented as far as the label reaches.
func writeHanging(w io.Writer, label, text string, width int) error {
	indent := twwidth.Width(label)
	lines := wrapLine(text, max(width-indent, 20))
	for i, l := range lines {
		prefix := label
		if i > 0 {
			prefix = strings.Repeat(" ", indent)
		}
		if _, err := fmt.Fprintln(w, strings.TrimRight(prefix+l, " ")); err != nil {
			return err
		}
	}
	return nil
}
