package policy

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text tables. A policy copied from a page or converted from a PDF keeps its
// tables in many shapes: markdown pipes, cells that each end in '|' on their
// own line, a header line with rows whose cells are separated only by
// spaces, or cells run together with no separator at all. The functions here
// find the records of such a table from the shape of the text (a header line
// naming the columns, a cookie-like token at the start of each row, a
// lifetime at its end or right after the name, the purpose in between) and
// turn them into row blocks, so that the reader reads them with the same
// model of "a declaration found in a record" as an HTML table.

// textLine is one line of a text source.
type textLine struct {
	raw string // the line without its line break, tags replaced
	num int    // 1-based line number
}

// tableBuilder numbers the tables and rows found in a text.
type tableBuilder struct {
	table int
}

// rowBlock returns a row block of the current table.
func rowBlock(cells []string, header bool, table, row, line int) block {
	flat := make([]string, len(cells))
	for i, c := range cells {
		flat[i] = normalizeSpace(c)
	}
	return block{kind: blockRow, cells: cells, text: normalizeSpace(strings.Join(flat, " ")), header: header, table: table, row: row, line: line}
}

// ---- pipe tables ----

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
		out = append(out, rowBlock(header, true, tb.table, 0, parsed[0].num))
	}
	row := 0
	var cur []string
	curLine := 0
	emit := func() {
		if len(cur) == 0 {
			return
		}
		row++
		out = append(out, rowBlock(cur, false, tb.table, row, curLine))
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

// ---- header lines ----

// headerWordRoles gives the role of the words a column header is written
// with; filler words ("of", "it", "for") join the column they sit in.
var headerWordRoles = map[string]column{
	"name": colName, "names": colName, "cookie": colName, "cookies": colName, "id": colName,
	"purpose": colPurpose, "purposes": colPurpose, "description": colPurpose, "function": colPurpose, "why": colPurpose,
	"content": colPurpose, "details": colPurpose, "information": colPurpose, "info": colPurpose, "notes": colPurpose,
	"comments": colPurpose, "usage": colPurpose, "reason": colPurpose, "explanation": colPurpose,
	"age": colExpiry, "validity": colExpiry, "length": colExpiry, "lifespan/expiry": colExpiry,
	"expires": colExpiry, "expiry": colExpiry, "expiration": colExpiry, "duration": colExpiry, "lasts": colExpiry,
	"lifetime": colExpiry, "lifespan": colExpiry, "retention": colExpiry, "long": colExpiry, "storage": colExpiry,
	"provider": colProvider, "software": colProvider, "party": colProvider, "vendor": colProvider, "supplier": colProvider,
	"set": colProvider, "owner": colProvider, "company": colProvider, "service": colProvider,
	"type": colType, "category": colCategory, "categories": colCategory, "domain": colDomain, "host": colDomain,
}

// headerFillers are words that appear inside column headers without naming
// a role ("Name of cookie", "How long it lasts for", "Data stored").
var headerFillers = map[string]bool{
	"of": true, "it": true, "for": true, "we": true, "use": true, "how": true, "is": true, "this": true, "the": true,
	"strictly": true, "necessary": true, "necessary?": true, "data": true, "stored": true, "default": true, "time": true,
	"and": true, "typical": true, "what": true, "does": true, "do": true, "on": true, "used": true, "by": true, "period": true,
	"first": true, "third": true, "or": true, "more": true, "collected": true, "personal": true, "maximum": true, "/": true,
	"when": true, "does?": true, "they": true, "to": true, "you": true, "your": true,
}

// gluedCellsRE splits a header whose cells ran together ("NamePurposeExpires")
// at each lower-case letter (or '?') followed by a capital.
var gluedCellsRE = regexp.MustCompile(`([a-z?)])([A-Z])`)

// headerLine recognises a line that is a table header and returns the
// roles of its columns in order and whether its cells ran together.
func headerLine(text string) (cols []column, glued bool) {
	t := strings.TrimSpace(text)
	if t == "" || len(t) > 110 || strings.ContainsAny(t, "|\t") || strings.HasSuffix(t, ".") || strings.HasSuffix(t, ":") {
		return nil, false
	}
	if !containsFold(t, "name") && !containsFold(t, "cookie") {
		return nil, false // every cookie table header has a name column
	}
	if parts := strings.Split(gluedCellsRE.ReplaceAllString(t, "$1\x00$2"), "\x00"); len(parts) >= 2 {
		if c := headerColumns(parts); c != nil && allHeaderWords(t) {
			return c, true
		}
	}
	words := strings.Fields(strings.ReplaceAll(t, "/", " / "))
	if len(words) < 2 || len(words) > 14 {
		return nil, false
	}
	var cells []string
	var roles []column
	unknown := 0
	for k, w := range words {
		lw := strings.ToLower(strings.Trim(w, "()"))
		role, ok := headerWordRoles[lw]
		if !ok && !headerFillers[lw] && otherColumnWord(w) && k > 0 && k < len(words)-1 && unknown == 0 {
			// One column the reader has no role for between known ones
			// ("Cookie Purpose Intrusiveness Expiry").
			unknown++
			cells, roles = append(cells, w), append(roles, colOther)
			continue
		}
		if !ok {
			if !headerFillers[lw] {
				return nil, false
			}
			if len(cells) == 0 {
				cells, roles = append(cells, w), append(roles, colOther)
			} else {
				cells[len(cells)-1] += " " + w
			}
			continue
		}
		last := len(roles) - 1
		// A word joins the cell before it when that cell has the same
		// role ("Cookie name", "Cookie Name"), is still only fillers ("How long"), or
		// when "cookie" qualifies another column ("Type of cookie").
		switch {
		case last >= 0 && roles[last] == role && !startsCell(w),
			last >= 0 && roles[last] == colOther && !startsCell(w),
			last >= 0 && role == colName && (lw == "cookie" || lw == "cookies") && hasRole(roles, colName),
			last >= 0 && role == colName && roles[last] == colName && (strings.EqualFold(cells[last], "cookie") || strings.EqualFold(cells[last], "cookies")),
			last >= 0 && (lw == "party" || lw == "set") && roles[last] != colProvider && strings.HasSuffix(strings.ToLower(cells[last]), "third"):
			cells[last] += " " + w
			if roles[last] == colOther {
				roles[last] = role
			}
		default:
			cells, roles = append(cells, w), append(roles, role)
		}
	}
	c := headerColumns(cells)
	if c == nil || unknown > 0 && len(cells)-unknown < 3 {
		return nil, false
	}
	return roles, false
}

// otherColumnWord reports whether a header word can title a column the
// reader has no role for: one capitalised word of letters.
func otherColumnWord(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return len(w) >= 4 && len(w) <= 20 && unicode.IsUpper(r) && isLetters(w)
}

// countWords returns the number of words in s, as len(strings.Fields(s))
// would, without allocating.
func countWords(s string) int {
	n, in := 0, false
	for i := 0; i < len(s); i++ {
		space := s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\v' || s[i] == '\f'
		if !space && !in {
			n++
		}
		in = !space
	}
	return n
}

// containsFold reports whether s contains the lower-case ASCII word w in
// any case, without allocating.
func containsFold(s, w string) bool { return indexFold(s, w) >= 0 }

// indexFold returns the index in s of the lower-case ASCII word w in any
// case, or -1. Candidates are found with IndexByte for the first letter in
// either case.
func indexFold(s, w string) int {
	if w == "" {
		return 0
	}
	lo, up := w[0], w[0]
	if lo >= 'a' && lo <= 'z' {
		up = lo - 'a' + 'A'
	}
	nextLo, nextUp := -2, -2 // -2: not searched yet
	for off := 0; off+len(w) <= len(s); {
		if nextLo != -1 && nextLo < off {
			if k := strings.IndexByte(s[off:], lo); k >= 0 {
				nextLo = off + k
			} else {
				nextLo = -1
			}
		}
		if up != lo && nextUp != -1 && nextUp < off {
			if k := strings.IndexByte(s[off:], up); k >= 0 {
				nextUp = off + k
			} else {
				nextUp = -1
			}
		}
		i := nextLo
		if up != lo && nextUp >= 0 && (i < 0 || nextUp < i) {
			i = nextUp
		}
		if i < 0 || i+len(w) > len(s) {
			return -1
		}
		k := 1
		for k < len(w) && (s[i+k]|0x20) == w[k] {
			k++
		}
		if k == len(w) {
			return i
		}
		off = i + 1
	}
	return -1
}

// startsCell reports whether a header word begins a new column: written
// with a capital in a header whose other cells start with capitals.
func startsCell(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

func hasRole(roles []column, want column) bool {
	for _, r := range roles {
		if r == want {
			return true
		}
	}
	return false
}

// allHeaderWords reports whether every word of a run-together header is a
// header word once its cells are split.
func allHeaderWords(t string) bool {
	for _, w := range strings.Fields(gluedCellsRE.ReplaceAllString(t, "$1 $2")) {
		lw := strings.ToLower(strings.Trim(w, "()"))
		if _, ok := headerWordRoles[lw]; !ok && !headerFillers[lw] {
			return false
		}
	}
	return true
}

// roleCellText is the header cell written for a role, so that a text table
// found by its shape is read by headerColumns like any other.
func roleCellText(c column) string {
	switch c {
	case colName:
		return "Name"
	case colPurpose:
		return "Purpose"
	case colExpiry:
		return "Expires"
	case colProvider:
		return "Provider"
	case colType:
		return "Type"
	case colCategory:
		return "Category"
	case colDomain:
		return "Domain"
	}
	return "Notes"
}

// ---- rows under a header line ----

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
	out := []block{rowBlock(lay.headerCells(), true, tb.table, 0, lines[i].num)}
	for r, rec := range recs {
		out = append(out, rowBlock(lay.cells(rec), false, tb.table, r+1, rec.line))
	}
	return used - i, out
}

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

// readRecord reads the row at line j of a text table: the names at its
// start, then (by the header's order) the lifetime right after them or at
// the end, and the purpose in between. A row may wrap onto up to three more
// lines (a name on its own line, its purpose, then its lifetime). It
// returns the record, the number of lines used and whether line j is a row.
func (lay textTableLayout) readRecord(lines []textLine, j int) (textRecord, int, bool) {
	l := strings.TrimSpace(lines[j].raw)
	rec := textRecord{line: lines[j].num}
	label := ""
	if lay.nameAt > 0 {
		// A label column ahead of the name: the names start at the first
		// identifier-like token.
		lb, rest, ok := splitLabel(l)
		if !ok {
			return rec, 0, false
		}
		label, l = lb, rest
	}
	if lay.kindAfterName() {
		// The name run together with a type cell that says how long the
		// cookie lasts ("StylePermanent cookie (one year)", "ANONIDSession
		// cookieRecords ..."): the name ends where that cell starts.
		if m := gluedKindRE.FindStringSubmatch(l); m != nil && len(m[1]) >= 2 && cookieTokenChars(m[1]) {
			rec.label, rec.names, rec.kind, rec.middle = label, m[1], m[2], strings.TrimSpace(m[3])
			return rec, 1, true
		}
	}
	names, rest, ok := leadingNames(l, lay.glued)
	if lay.glued && lay.expiryFirst {
		if p := gluedLifetimeStart(l); p > 0 {
			names, rest, ok = l[:p], l[p:], true
		}
	}
	if !ok && lay.expiryFirst {
		names, rest, ok = lifetimeFirstWord(l)
	}
	if !ok {
		return rec, 0, false
	}
	rec.label, rec.names = label, names
	text := rest
	n := 1
	// A row ending in a run of spaces has an empty last cell in the copy
	// ("ssess Allow the page to provide you with content  "): it is whole.
	emptyLast := lay.expiryLast() && strings.HasSuffix(strings.TrimRight(lines[j].raw, "\r"), "  ") && strings.TrimSpace(rest) != ""
	// A row that wraps: the name alone on its line (or a row without a
	// lifetime yet) takes following lines that do not start a row.
	if lay.expiryAt >= 0 && !emptyLast {
		for k := j + 1; k < len(lines) && n < 5 && durationTail(text) == "" && !(lay.expiryFirst && durationHead(text) != ""); k++ {
			nl := strings.TrimSpace(lines[k].raw)
			if nl == "" {
				n++
				continue
			}
			if _, _, isRow := leadingNames(nl, lay.glued); isRow || looksLikeHeadingText(nl) && strings.TrimSpace(text) != "" || n >= 5 {
				break
			}
			if headerCols, _ := headerLine(nl); headerCols != nil {
				break
			}
			text = strings.TrimSpace(text + "\n" + nl)
			n++
		}
		// Trailing blank lines are not part of the row.
		for n > 1 && strings.TrimSpace(lines[j+n-1].raw) == "" {
			n--
		}
	}
	switch {
	case lay.expiryAt < 0:
		rec.middle = text
	case lay.expiryFirst:
		rec.expiry = durationHead(text)
		rec.middle = strings.TrimSpace(text[len(rec.expiry):])
	default:
		rec.expiry = durationTail(text)
		rec.middle = strings.TrimSpace(text[:len(text)-len(rec.expiry)])
		rec.expiry = strings.TrimSpace(rec.expiry)
		if rec.expiry == "" {
			// The lifetime column sits between others ("Name Provider
			// Expiry Purpose"): the first lifetime that starts a cell.
			// In the last column it may still be followed by one short
			// cell the header's title ran into ("Expiry Personal data
			// collected" over "... As soon as it has been displayed None").
			if at, head := durationInside(text); head != "" && (!lay.expiryLast() || shortLastCell(text[at+len(head):])) {
				rec.expiry = head
				rec.middle = strings.TrimSpace(text[:at] + " " + text[at+len(head):])
			}
		}
	}
	rec.hasTail = rec.expiry != ""
	// A plain word at a row's start is a name only when the row has the
	// shape of one: a lifetime where the header puts it.
	if lay.expiryAt >= 0 && !rec.hasTail && !strongNames(names) && !(emptyLast && parseNames(names, true) != nil) {
		return rec, 0, false
	}
	if lay.expiryAt < 0 && !strongNames(names) && rest == "" {
		return rec, 0, false
	}
	return rec, n, true
}

// lifetimeFirstWord reads a row of a table whose lifetime column follows
// the name ("Cookie Name Expiry Time Description") when its name is one
// plain word ("Lccookie 1 year This cookie allows ..."): the word is the
// name when the lifetime cell starts right after it, as lifetimeRowName
// takes such a word in a table's name column.
func lifetimeFirstWord(l string) (names, rest string, ok bool) {
	sp := strings.IndexByte(l, ' ')
	if sp <= 0 {
		return "", "", false
	}
	word, after := l[:sp], strings.TrimSpace(l[sp:])
	head := durationHead(after)
	if head == "" || lifetimeRowName(word, head, "") == nil {
		return "", "", false
	}
	return word, after, true
}

// shortLastCell reports whether what follows a row's lifetime is one short
// capitalised cell ("None", "No", "First party").
func shortLastCell(rest string) bool {
	rest = strings.TrimSpace(rest)
	r, _ := utf8.DecodeRuneInString(rest)
	return rest != "" && unicode.IsUpper(r) && countWords(rest) <= 2 && !strings.ContainsAny(rest, ".,;:")
}

// gluedLifetimeStart finds where the lifetime cell starts in a row of a
// run-together table whose lifetime column follows the name ("NameExpires"
// over "StyleOne year", "Session18 years", "SESSIONWhen you close your
// browser"): at the first capital or digit glued to the token before it
// from which the rest of the line is a lifetime. The name before it is one
// token. It returns 0 when there is no such place.
func gluedLifetimeStart(l string) int {
	sp := strings.IndexByte(l, ' ')
	if sp < 0 {
		sp = len(l)
	}
	for p := 1; p < sp; p++ {
		c, prev := l[p], l[p-1]
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') || prev >= '0' && prev <= '9' {
			continue
		}
		if !cookieTokenChars(l[:p]) {
			return 0
		}
		if head := durationHead(l[p:]); head != "" && isDurationLine(head) {
			return p
		}
	}
	return 0
}

// gluedKindRE finds a name run together with a type cell naming the kind of
// cookie and, in brackets, how long it lasts, and the cell after it.
var gluedKindRE = regexp.MustCompile(`^(\S+?)((?:Permanent|Persistent|Session) cookie(?: \([^()]{1,30}\))?)\s*(.*)$`)

// kindOnlyRE is a type cell alone on its line: the kind of cookie and, in
// brackets, how long it lasts ("Permanent cookie (two months)").
var kindOnlyRE = regexp.MustCompile(`^(?:Permanent|Persistent|Session) cookie(?: \([^()]{1,30}\))?$`)

// strongNames reports whether a group of names holds one that looks like an
// identifier on its own or is a catalogued cookie.
func strongNames(group string) bool {
	for _, n := range splitNameList(group) {
		n = strings.TrimSpace(n)
		if classifyName(n) == shapeStrong || inCatalogue(n) {
			return true
		}
	}
	return false
}

// looksLikeHeadingText is the text test for a heading: short, no closing
// punctuation, capitalised, few words.
func looksLikeHeadingText(t string) bool {
	return headingShaped(t, false) && classifyName(firstField(t)) != shapeStrong
}

// splitLabel splits a row whose first column is a label ahead of the name
// ("Google Analytics_utma, _utmb", "Website session cookieASP.NET_SessionID",
// "Google Analytics cookie _ga"): the names start at the first token, or
// glued part of a token, that looks like an identifier.
func splitLabel(l string) (label, rest string, ok bool) {
	// Where the cells ran together first ("cookieASP.NET_SessionID"), then
	// at word starts ("Google Analytics cookie _ga").
	for pass := 0; pass < 2; pass++ {
		for p := 1; p < len(l) && p < 120; p++ {
			c, prev := l[p], l[p-1]
			// A label glued to a name that opens with '_' is a
			// capitalised word ("Analytics_utma"); "jadu_session" is one
			// name.
			glue := c == '_' && prev >= 'a' && prev <= 'z' && capitalisedWordBefore(l[:p]) || c >= 'A' && c <= 'Z' && prev >= 'a' && prev <= 'z'
			word := prev == ' ' && c != ' '
			if pass == 0 && !glue || pass == 1 && !word {
				continue
			}
			if names, _, isName := leadingNames(l[p:], true); isName && strongNames(names) {
				return strings.TrimSpace(l[:p]), l[p:], true
			}
		}
	}
	return "", "", false
}

// capitalisedWordBefore reports whether the word that ends s starts with
// a capital ("Google Analytics" ends in "Analytics").
func capitalisedWordBefore(s string) bool {
	k := len(s)
	for k > 0 && asciiLetter(s[k-1]) {
		k--
	}
	return k < len(s) && asciiUpper(s[k])
}

func firstField(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return strings.TrimRight(f[0], ",")
	}
	return ""
}

// sentenceOpeners are words a purpose cell starts with; a capitalised word
// before one of them may still belong to a name written with spaces
// ("ASP.Net Session Id This cookie is used ...").
var sentenceOpeners = map[string]bool{
	"This": true, "These": true, "The": true, "It": true, "Used": true, "A": true, "An": true, "Set": true,
}

// leadingNames reads the cookie names a row starts with: one name, a group
// joined by commas or "and" ("AWSALB, AWSALBCORS", "_ga, _gid,_gat"), a name
// written with spaces, or, when cells ran together, the name glued to the
// capitalised word that starts the next cell ("_gaThese help us ..."). It
// returns the names as written and the rest of the row.
func leadingNames(l string, glued bool) (names, rest string, ok bool) {
	if l == "" {
		return "", "", false
	}
	if glued {
		if p := gluedNameEnd(l); p > 0 {
			return strings.TrimSpace(l[:p]), l[p:], true
		}
	}
	fields := strings.Fields(l)
	k := 0
	var group []string
	for k < len(fields) {
		w := fields[k]
		tok := strings.TrimRight(w, ",;")
		parts := strings.Split(tok, ",")
		good := true
		for _, p := range parts {
			if p == "" || classifyName(p) == shapeNone && !inCatalogue(p) && !(strings.EqualFold(p, "session") && len(group) == 0) {
				good = false
			}
		}
		if !good {
			break
		}
		group = append(group, tok)
		k++
		if strings.HasSuffix(w, ",") && k < len(fields) {
			continue
		}
		if k+1 < len(fields) && (fields[k] == "and" || fields[k] == "&") {
			k++
			continue
		}
		break
	}
	if len(group) == 0 {
		return "", "", false
	}
	// A name written with spaces: capitalised words up to the word that
	// opens the purpose.
	if len(group) == 1 && k < len(fields) {
		m := k
		for m < len(fields) && m < k+3 && !sentenceOpeners[fields[m]] && startsCell(fields[m]) && len(fields[m]) <= 10 && isLetters(fields[m]) {
			m++
		}
		if m > k && m < len(fields) && sentenceOpeners[fields[m]] && strings.ContainsAny(group[0], "._") {
			group[0] = strings.Join(fields[:m], " ")
			k = m
		}
	}
	names = strings.Join(fields[:k], " ")
	// Keep the row's own spacing after the names.
	idx := 0
	for _, f := range fields[:k] {
		idx = strings.Index(l[idx:], f) + idx + len(f)
	}
	return names, strings.TrimSpace(l[idx:]), true
}

func isLetters(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// gluedNameEnd finds where the names at the start of a run-together row
// end: at the first capitalised plain word glued to them ("_gaThese help"),
// or at a glued lower-case word starting a domain-like provider is left to
// splitRepeatedColumn. It returns 0 when the row does not start with names
// glued to the next cell.
func gluedNameEnd(l string) int {
	limit := min(len(l), 160)
	for p := 1; p < limit; p++ {
		c := l[p]
		if c < 'A' || c > 'Z' {
			continue
		}
		prev, _ := utf8.DecodeLastRuneInString(l[:p])
		if unicode.IsSpace(prev) {
			continue
		}
		rest := l[p:]
		sp := strings.IndexByte(rest, ' ')
		if sp < 1 || sp+1 >= len(rest) {
			continue
		}
		if !plainWord(rest[:sp]) {
			continue
		}
		head := strings.TrimSpace(l[:p])
		if names := parseNames(strings.ReplaceAll(head, ",", ", "), true); names != nil {
			return p
		}
		if ok := gluedNamesWithTail(head); ok {
			return p
		}
		return 0
	}
	return 0
}

// gluedNamesWithTail accepts a name run together with a following
// lower-case cell ("copcollege.police.uk"): one token, identifier-like.
func gluedNamesWithTail(head string) bool {
	if strings.ContainsAny(head, " ") && !strings.Contains(head, "(") {
		return false
	}
	f := firstField(head)
	return f != "" && classifyName(f) != shapeNone
}

// durationEndRE finds the quantities and lifetime phrases a row's lifetime
// cell is written with.
var durationAnchorRE = regexp.MustCompile(`(?i)(\d+(?:\.\d+)?|\ban?|\bone|\btwo|\bthree|\bfour|\bfive|\bsix|\bseven|\beight|\bnine|\bten|\beleven|\btwelve|\bthirty|\bninety)\s*(-\s*)?(milliseconds?|ms|seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|yrs?)\b|session\b|\bbrowser\b|\bnever\b|\bpersistent\b|\bno expiry\b|\bexpiration\b|\bvariable\b|\bpermanent\b|\binstantly\b|\bimmediately\b|\bdisplayed\b`)

// durationTail returns the lifetime cell at the end of a row ("... 1 day",
// "...visited before2 years", "...session.Per session", "... First party
// Removed when browser is closed"), or "". The cell starts at a cell
// boundary: after a sentence end, at a capital or a digit, after a run of
// spaces that separates spaced cells, or where cells ran together.
func durationTail(text string) string {
	locs := durationAnchorRE.FindAllStringIndex(text, -1)
	if locs == nil {
		return ""
	}
	last := locs[len(locs)-1]
	after := strings.TrimSpace(text[last[1]:])
	if countWords(after) > 4 || strings.Contains(after, ". ") || len(after) > 40 {
		return ""
	}
	if first, _ := utf8.DecodeRuneInString(after); unicode.IsUpper(first) {
		return "" // a capital after the lifetime starts another cell
	}
	// Extend left over the words lifetimes are written with; the cell
	// starts at the leftmost of those words that sits on a cell boundary.
	starts := []int{last[0]}
	start := last[0]
	for {
		prevEnd := strings.TrimRight(text[:start], " \t\n")
		if prevEnd == "" || strings.ContainsAny(prevEnd[len(prevEnd)-1:], ".!?\n") {
			break
		}
		k := strings.LastIndexAny(prevEnd, " \t\n") + 1
		w := prevEnd[k:]
		// A glued word ("before2", "usersSession") stops the cell.
		if g := gluedStart(w); g > 0 {
			starts = append(starts, k+g)
			break
		}
		lw := strings.ToLower(strings.Trim(w, ",()"))
		if !durationWords[lw] && !isNumber(lw) && !unitWord(lw) && numberWords[lw] == 0 && lw != "automatically" && lw != "rolling" && lw != "browser" {
			break
		}
		start = k
		starts = append(starts, k)
	}
	tail := ""
	for n := len(starts) - 1; n >= 0; n-- {
		st := starts[n]
		cand := strings.TrimLeft(text[st:], " ")
		if cand == "" {
			continue
		}
		first, _ := utf8.DecodeRuneInString(cand)
		before := strings.TrimRight(text[:st], " \t")
		if before == "" || unicode.IsUpper(first) || unicode.IsDigit(first) || strings.ContainsAny(before[len(before)-1:], ".!?\n)") ||
			st > 0 && text[st-1] != ' ' && text[st-1] != '\n' || st > 1 && text[st-1] == ' ' && text[st-2] == ' ' {
			tail = cand
			break
		}
	}
	if tail == "" {
		return ""
	}
	if _, ok := ParseDuration(tail); !ok {
		if !strings.Contains(strings.ToLower(tail), "variable") && !strings.Contains(strings.ToLower(tail), "persistent") && !strings.Contains(strings.ToLower(tail), "expiration") {
			return ""
		}
	}
	return tail
}

// durationInside finds a lifetime cell inside a row: a run of lifetime
// words that starts a cell (a capital or a digit) and ends before the next
// cell's capital ("_ga Google 2 years Used to distinguish users"). It
// returns its offset and text, or "".
func durationInside(text string) (int, string) {
	for k := 0; k < len(text); k++ {
		if k > 0 && text[k-1] != ' ' {
			continue
		}
		c := text[k]
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z') {
			continue
		}
		if !lifetimeOpener(strings.ToLower(strings.Trim(firstField(text[k:]), ".,()"))) {
			continue
		}
		if head := durationHead(text[k:]); head != "" {
			return k, head
		}
	}
	return 0, ""
}

// lifetimeOpener reports whether a lower-case word can open a lifetime
// cell ("2 years", "Session", "When you close your browser", "Up to 2
// years").
func lifetimeOpener(w string) bool {
	if isNumber(w) || numberWords[w] > 0 {
		return true
	}
	switch w {
	case "session", "browser", "never", "persistent", "permanent", "when", "until", "after", "up", "expires", "end", "at", "per", "variable", "as":
		return true
	}
	return false
}

// gluedStart returns the offset in w where a lifetime glued to the end of
// the previous cell starts ("before2" -> 6, "usersSession" -> 5), or 0.
func gluedStart(w string) int {
	for i := len(w) - 1; i > 0; i-- {
		c, p := w[i], w[i-1]
		if (c >= '0' && c <= '9' && (p >= 'a' && p <= 'z' || p == '.')) || (c >= 'A' && c <= 'Z' && (p >= 'a' && p <= 'z' || p == '.')) {
			return i
		}
	}
	return 0
}

// durationHead returns the lifetime cell at the start of a text ("Browser
// session This cookie ...", "1 year, 11 months and 29 days Unique ID ..."),
// or "": the longest run of lifetime words that ends with a quantity or a
// lifetime phrase.
func durationHead(text string) string {
	fields := strings.Fields(text)
	end := 0
	pos := 0
	for k, f := range fields {
		lw := strings.ToLower(strings.Trim(f, ",.()"))
		next := ""
		if k+1 < len(fields) {
			next = strings.ToLower(strings.Trim(fields[k+1], ",.()"))
		}
		isQty := isNumber(lw) || unitWord(lw) || numberWords[lw] > 0 && lw != "a" && lw != "an" && unitWord(next) || (lw == "a" || lw == "an") && unitWord(next)
		if !durationWords[lw] && !isQty && lw != "browser" {
			break
		}
		if k > 0 && startsCell(f) && end > 0 && !isQty {
			break // a capital after a lifetime starts the next cell
		}
		pos = strings.Index(text[pos:], f) + pos + len(f)
		if durationAnchorRE.MatchString(f) || unitWord(lw) || lw == "session" {
			end = pos
		}
	}
	if end == 0 {
		return ""
	}
	head := strings.TrimRight(text[:end], " ,")
	if _, ok := ParseDuration(head); !ok {
		return ""
	}
	return head
}

func isNumber(w string) bool {
	if w == "" {
		return false
	}
	for _, r := range w {
		if (r < '0' || r > '9') && r != '.' {
			return false
		}
	}
	return true
}

func unitWord(w string) bool {
	switch strings.TrimRight(w, "s") {
	case "second", "sec", "minute", "min", "hour", "hr", "day", "week", "month", "year", "yr":
		return true
	}
	return false
}
