package policy

import (
	"regexp"
	"strings"
)

// Text tables. A policy copied from a page or converted from a PDF keeps its
// tables in many shapes: markdown pipes, cells that each end in '|' on their
// own line, a header line with rows whose cells are separated only by
// spaces, or cells run together with no separator at all. The text-table
// readers find the records of such a table from the shape of the text (a
// header line naming the columns, a cookie-like token at the start of each
// row, a lifetime at its end or right after the name, the purpose in
// between) and turn them into row blocks, so that the reader reads them
// with the same model of "a declaration found in a record" as an HTML
// table.
//
// pipetable.go reads tables with bars. This file finds a table under a
// header line and its layout; textrow.go reads one row of it and
// lifetimecell.go finds the row's lifetime cell.

// textLine is one line of a text source.
type textLine struct {
	raw string // the line without its line break, tags replaced
	num int    // 1-based line number
}

// tableBuilder numbers the tables and rows found in a text.
type tableBuilder struct {
	table int
}

// rowBlock returns row number row of the current table (0 for its header),
// read at line.
func (tb *tableBuilder) rowBlock(cells []string, header bool, row, line int) block {
	flat := make([]string, len(cells))
	for i, c := range cells {
		flat[i] = normalizeSpace(c)
	}
	return block{kind: blockRow, cells: cells, text: normalizeSpace(strings.Join(flat, " ")), header: header, table: tb.table, row: row, line: line}
}

// textTableLayout is the shape of a text table found under a header line:
// the roles of its columns in order, where the name and the lifetime sit,
// and whether its cells ran together. The readers of the table's rows share
// it.
type textTableLayout struct {
	cols        []column
	glued       bool // the header's cells, and so each row's, ran together
	nameAt      int  // the name column
	expiryAt    int  // the lifetime column, or -1 when there is none
	expiryFirst bool // the lifetime column comes right after the name
}

// headerLayout returns the layout of the text table whose header is the
// line text, and whether the line is such a header (it needs a name column).
func headerLayout(text string) (textTableLayout, bool) {
	cols, glued := headerLine(text)
	if cols == nil {
		return textTableLayout{}, false
	}
	nameAt := indexOf(cols, colName)
	if nameAt < 0 {
		return textTableLayout{}, false
	}
	expiryAt := indexOf(cols, colExpiry)
	return textTableLayout{cols: cols, glued: glued, nameAt: nameAt, expiryAt: expiryAt, expiryFirst: expiryAt == nameAt+1}, true
}

// kindAfterName reports whether the table has no lifetime column and its
// cells ran together with a type column right after the name, whose cell
// says how long the cookie lasts ("Cookie NameTypeUsage" over
// "StylePermanent cookie (one year)").
func (lay textTableLayout) kindAfterName() bool {
	return lay.glued && lay.expiryAt < 0 && indexOf(lay.cols, colType) == lay.nameAt+1
}

// expiryLast reports whether the lifetime column is the table's last.
func (lay textTableLayout) expiryLast() bool { return lay.expiryAt == len(lay.cols)-1 }

// textRecord is one row of a text table before it is cut into cells.
type textRecord struct {
	label   string // a label column ahead of the name ("Google Analytics")
	names   string // the name cell as written
	middle  string // what lies between the name and the lifetime
	expiry  string // the lifetime cell
	kind    string // a type cell run together with the name ("Permanent cookie (two months)")
	line    int
	hasTail bool
}

// spacedTable reads a table written as a header line and one line per row
// (cells separated by spaces or run together), starting at line i. It
// returns the number of lines used and the row blocks, or 0.
func (tb *tableBuilder) spacedTable(lines []textLine, i int) (int, []block) {
	lay, ok := headerLayout(lines[i].raw)
	if !ok {
		return 0, nil
	}
	var recs []textRecord
	j := i + 1
	used := i + 1
	kindTable := lay.kindAfterName()
	orphan := false
	for j < len(lines) {
		l := strings.TrimSpace(lines[j].raw)
		if l == "" {
			j++
			continue
		}
		if lay.glued && len(recs) == 0 {
			if _, rest, isName := leadingNames(l, true); isName && rest == "" {
				// One cell per line under a run-together header: the
				// reader takes the cells as paragraphs.
				return 0, nil
			}
		}
		rec, n, ok := lay.readRecord(lines, j)
		if !ok && kindTable && len(recs) > 0 {
			// Under a header whose type cell says how long a cookie
			// lasts, a row's usage may wrap onto the next paragraph, and
			// a row whose name the copy lost is its type cell alone,
			// then its usage.
			if kindOnlyRE.MatchString(l) {
				orphan = true
				j++
				continue
			}
			if hc, _ := headerLine(l); hc == nil && (orphan || recs[len(recs)-1].middle == "") {
				if !orphan {
					recs[len(recs)-1].middle = l
				}
				orphan = false
				j++
				used = j
				continue
			}
		}
		orphan = false
		if !ok {
			// A row whose name cell is empty in the copy ("Registers a
			// unique ID ... End of browser session") is skipped when a
			// row with a name follows within a few lines.
			if skip := lay.namelessRows(lines, j); skip > 0 {
				j += skip
				continue
			}
			break
		}
		recs = append(recs, rec)
		j += n
		used = j
	}
	if len(recs) == 0 {
		return 0, nil
	}
	if lay.glued && lay.nameAt+1 < len(lay.cols) && lay.cols[lay.nameAt+1] != colPurpose && lay.cols[lay.nameAt+1] != colExpiry {
		splitRepeatedColumn(recs)
	}
	tb.table++
	out := []block{tb.rowBlock(lay.headerCells(), true, 0, lines[i].num)}
	for r, rec := range recs {
		out = append(out, tb.rowBlock(lay.cells(rec), false, r+1, rec.line))
	}
	return used - i, out
}

// kindOnlyRE is a type cell alone on its line: the kind of cookie and, in
// brackets, how long it lasts ("Permanent cookie (two months)").
var kindOnlyRE = regexp.MustCompile(`^(?:Permanent|Persistent|Session) cookie(?: \([^()]{1,30}\))?$`)

// headerCells returns the header row of a text table, one cell per column
// titled after its role.
func (lay textTableLayout) headerCells() []string {
	hdr := make([]string, len(lay.cols))
	for k, c := range lay.cols {
		hdr[k] = roleCellText(c)
	}
	return hdr
}

// cells cuts a record into the table's columns: its names, label,
// lifetime, purpose and type each in the column the header gives them.
func (lay textTableLayout) cells(rec textRecord) []string {
	cells := make([]string, len(lay.cols))
	cells[lay.nameAt] = rec.names
	if lay.nameAt > 0 {
		cells[0] = rec.label
	}
	if lay.expiryAt >= 0 {
		cells[lay.expiryAt] = rec.expiry
	}
	if p := indexOf(lay.cols, colPurpose); p >= 0 {
		cells[p] = rec.middle
	} else if lay.expiryAt < 0 {
		cells[len(cells)-1] = rec.middle
	}
	if t := indexOf(lay.cols, colType); t >= 0 && rec.kind != "" {
		cells[t] = rec.kind
	}
	if pr := indexOf(lay.cols, colProvider); pr >= 0 && rec.label != "" && lay.nameAt == 0 {
		cells[pr] = rec.label
	}
	return cells
}

// namelessRows returns how many lines from j hold rows without a name
// (purposes and lifetimes only) before a row with a name, or 0 when no
// named row follows within four non-blank lines or a heading comes first.
func (lay textTableLayout) namelessRows(lines []textLine, j int) int {
	seen := 0
	for k := j; k < len(lines) && seen < 8; k++ {
		l := strings.TrimSpace(lines[k].raw)
		if l == "" {
			continue
		}
		if k > j {
			if _, _, ok := lay.readRecord(lines, k); ok {
				return k - j
			}
		}
		// A nameless row's lifetime cell may be followed by a short cell
		// of a later column ("90 days CIVIC" under "Expires Set by").
		lifetimeThenCell := lay.expiryAt >= 0 && !lay.expiryLast() && countWords(l) <= 6 && durationHead(l) != "" &&
			countWords(strings.TrimSpace(l[len(durationHead(l)):])) <= 2
		// Or a purpose run into a lifetime phrase at the row's end ("To
		// store a user's shopping basket when you close your browser").
		lifetimeThenCell = lifetimeThenCell || lay.expiryLast() && closingLifetimeRE.MatchString(l)
		if !lifetimeThenCell && (looksLikeHeadingText(l) || !strings.ContainsAny(l, ".") && durationTail(l) == "") {
			return 0
		}
		if h, _ := headerLine(l); h != nil {
			return 0
		}
		seen++
	}
	return 0
}

// closingLifetimeRE finds a row that ends in a lifetime saying the cookie
// goes when the browser is closed.
var closingLifetimeRE = regexp.MustCompile(`(?i)\b(?:when|until|once) you (?:close|exit|quit|leave) (?:your|the) (?:web )?browser\.?$`)

// splitRepeatedColumn finds a column run together with the name or the
// purpose by what repeats on every row: "copcollege.police.ukLets us
// know" and "pinnedCRTcollege.police.ukUsed for" share the provider
// "college.police.uk" after the name. The repeated text becomes the row's
// label (its provider) and is cut from the name or the purpose.
func splitRepeatedColumn(recs []textRecord) {
	if len(recs) < 2 {
		return
	}
	suffix := recs[0].names
	prefix := recs[0].middle
	for _, r := range recs[1:] {
		suffix = commonSuffix(suffix, r.names)
		prefix = commonPrefix(prefix, r.middle)
	}
	switch {
	case len(suffix) >= 4:
		for k := range recs {
			if len(recs[k].names) > len(suffix) {
				recs[k].label = suffix
				recs[k].names = strings.TrimSpace(recs[k].names[:len(recs[k].names)-len(suffix)])
			}
		}
	case len(prefix) >= 4 && strings.Contains(prefix, " "):
		// Cut at the last glued capital, where the purpose starts.
		cut := len(prefix)
		for k := range recs {
			recs[k].label = strings.TrimSpace(prefix[:cut])
			recs[k].middle = strings.TrimSpace(recs[k].middle[cut:])
		}
	}
}

func commonSuffix(a, b string) string {
	n := 0
	for n < len(a) && n < len(b) && a[len(a)-1-n] == b[len(b)-1-n] {
		n++
	}
	return a[len(a)-n:]
}

func commonPrefix(a, b string) string {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	// Keep whole words up to the glued capital that starts the purpose.
	p := a[:n]
	for k := len(p) - 1; k > 0; k-- {
		if p[k] >= 'A' && p[k] <= 'Z' && p[k-1] != ' ' {
			return p[:k]
		}
	}
	if k := strings.LastIndexByte(p, ' '); k > 0 && n < len(a) {
		return p[:k]
	}
	return p
}
