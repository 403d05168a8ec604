package policy

import (
	"regexp"
	"strings"
)

// Pipe tables: cells separated by bars, as markdown writes them or as a
// page copied with one cell per line ending in '|'.

// pipeRuleRE matches a markdown rule row ("---|---|", "|:--|--:|").
var pipeRuleRE = regexp.MustCompile(`^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$`)

// pipeCells splits a line at its bars. It reports whether the line began
// with a bar (a markdown row) and whether its last cell is still open (the
// line did not end with a bar, so the cell continues on the next line).
func pipeCells(line string) (cells []string, leading, open bool) {
	l := strings.TrimSpace(line)
	leading = strings.HasPrefix(l, "|")
	l = strings.TrimPrefix(l, "|")
	closed := strings.HasSuffix(l, "|")
	l = strings.TrimSuffix(l, "|")
	cells = strings.Split(l, "|")
	return cells, leading, !closed
}

// pipeTable reads a table whose cells are separated by bars, starting at
// line i. It returns the number of lines used (0 when line i does not start
// one) and the table's row blocks (the header first, when it has one).
func (tb *tableBuilder) pipeTable(lines []textLine, i int) (int, []block) {
	first := strings.TrimSpace(lines[i].raw)
	if !strings.Contains(first, "|") || strings.Count(first, "|") < 2 && !strings.HasSuffix(first, "|") {
		return 0, nil
	}
	type lineCells struct {
		cells    []string
		leading  bool
		num      int
		complete bool // the line's last cell was closed
	}
	var parsed []lineCells
	var open strings.Builder
	openLines := 0
	pending := 0 // closed cells of an unfinished one-cell-per-line row
	end := i
	j := i
	for ; j < len(lines); j++ {
		l := strings.TrimSpace(lines[j].raw)
		if l == "" {
			if openLines > 0 {
				continue
			}
			break
		}
		if !strings.Contains(l, "|") {
			// A line without a bar continues an open cell, or starts the
			// next cell of a row laid out one cell per line.
			if (openLines > 0 || pending > 0) && openLines < 4 {
				if open.Len() > 0 {
					open.WriteByte('\n')
				}
				open.WriteString(l)
				openLines++
				continue
			}
			break
		}
		if pipeRuleRE.MatchString(l) {
			end = j + 1
			continue
		}
		cells, leading, isOpen := pipeCells(l)
		if open.Len() > 0 {
			cells[0] = open.String() + "\n" + cells[0]
			open.Reset()
		}
		openLines = 0
		var closed []string
		for k, c := range cells {
			if k == len(cells)-1 && isOpen {
				open.WriteString(strings.TrimSpace(c))
				openLines = 1
				break
			}
			closed = append(closed, strings.TrimSpace(c))
		}
		parsed = append(parsed, lineCells{cells: closed, leading: leading, num: lines[j].num, complete: !isOpen})
		if len(closed) == 1 && !leading {
			pending++
		} else {
			pending = 0
		}
		if !isOpen {
			end = j + 1
		}
	}
	if len(parsed) == 0 {
		return 0, nil
	}
	// The header: the first line's cells, or (one cell per line) the
	// leading run of short cells that name columns.
	var header []string
	start := 0
	if len(parsed[0].cells) >= 2 {
		if headerColumns(parsed[0].cells) != nil {
			header, start = parsed[0].cells, 1
		}
	} else {
		k := 0
		for k < len(parsed) && len(parsed[k].cells) == 1 && len(parsed[k].cells[0]) <= 40 && headerRole(parsed[k].cells[0]) != colOther {
			header = append(header, parsed[k].cells[0])
			k++
		}
		if headerColumns(header) == nil {
			header = nil
		} else {
			start = k
		}
	}
	width := len(header)
	if width == 0 {
		for _, p := range parsed {
			width = max(width, len(p.cells))
		}
	}
	if width < 2 || len(parsed)-start < 1 && header == nil {
		return 0, nil
	}
	tb.table++
	var out []block
	if header != nil {
		out = append(out, tb.rowBlock(header, true, 0, parsed[0].num))
	}
	row := 0
	var cur []string
	curLine := 0
	emit := func() {
		if len(cur) == 0 {
			return
		}
		row++
		out = append(out, tb.rowBlock(cur, false, row, curLine))
		cur = nil
	}
	for _, p := range parsed[start:] {
		if len(cur) == 0 {
			curLine = p.num
		}
		if p.leading && len(cur) > 0 && len(cur)+len(p.cells) > width {
			emit()
			curLine = p.num
		}
		cur = append(cur, p.cells...)
		if len(cur) >= width || p.leading && p.complete {
			emit()
		}
	}
	emit()
	if end <= i {
		end = i + 1
	}
	return end - i, out
}
