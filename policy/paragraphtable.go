package policy

import (
	"regexp"
	"strings"
)

// Tables whose cells are paragraphs: a header found as one block per cell
// or as one run-together line, then rows of one paragraph per cell, of
// cells separated by runs of spaces, or naming the cookie in quotes.

// headerBlocks recognises a table header laid out as one block per cell
// (a CSS grid of <div>s: "Name", "Purpose", "Expires") and returns how
// many blocks it spans and the column roles.
func (r *reader) headerBlocks(i int) (int, []column) {
	var cells []string
	seen := map[column]bool{}
	for j := i; j < len(r.blocks) && j < i+8; j++ {
		b := r.blocks[j]
		role := headerRole(b.text)
		if b.kind != blockPara || len(b.text) > 40 || role == colOther {
			break
		}
		if hc, _ := headerLine(b.text); hc != nil && len(hc) > 1 {
			break // a whole header on one line, not one cell of it
		}
		if seen[role] && role != colOther {
			// A second name column right after "Name:", "Function:",
			// "Expires:" is the first row's name cell ("Generic Session
			// Cookie (JSESSIONID)"), not more header.
			break
		}
		seen[role] = true
		cells = append(cells, b.text)
	}
	if len(cells) < 2 {
		return 0, nil
	}
	cols := headerColumns(cells)
	if cols == nil {
		return 0, nil
	}
	return len(cells), cols
}

// textTableRow reads a row of a table whose header was a text line: one
// cell per paragraph, cells separated by two or more spaces, or a row
// naming its cookie in quotes. It returns the number of blocks consumed,
// 0 when the block is not a row (which ends the table).
func (r *reader) textTableRow(i int) int {
	if r.textCols == nil {
		return 0
	}
	b := r.blocks[i]
	cols := r.textCols
	if b.kind == blockHeading {
		r.textCols = nil
		return 0
	}
	where := r.where(b)
	if names := columnNames(b.text); names != nil && i+len(cols) <= len(r.blocks) {
		cells := []string{b.text}
		ok := true
		for j := i + 1; j < i+len(cols); j++ {
			nb := r.blocks[j]
			if nb.kind == blockHeading || nb.kind == blockRow || parseNames(nb.text, false) != nil {
				ok = false
				break
			}
			cells = append(cells, nb.text)
		}
		if ok {
			r.declareCells(cols, cells, where)
			return len(cols)
		}
	}
	if raw := b.raw; raw != "" {
		cells := multiSpaceRE.Split(raw, -1)
		if len(cells) == len(cols) {
			if ni := indexOf(cols, colName); ni >= 0 && parseNames(cells[ni], true) != nil {
				for k := range cells {
					cells[k] = normalizeSpace(cells[k])
				}
				r.declareCells(cols, cells, where)
				return 1
			}
		}
		if m := quotedNameRE.FindStringSubmatchIndex(raw); m != nil {
			inner := raw[m[2]:m[3]]
			if names := parseNames(inner, true); len(names) == 1 {
				before := normalizeSpace(raw[:m[0]])
				after := multiSpaceRE.Split(strings.TrimSpace(raw[m[1]:]), -1)
				desc := normalizeSpace(after[0])
				expiry := ""
				if isDurationLine(before) {
					expiry = before
				} else {
					expiry = expiryIn(desc)
				}
				r.declare(names[0], desc, expiry, r.providerFor(""), r.categoryFor("", desc), where)
				return 1
			}
		}
	}
	r.textCols = nil
	return 0
}

var (
	multiSpaceRE = regexp.MustCompile(`[ \t\x{00a0}]{2,}`)
	quotedNameRE = regexp.MustCompile(`["“'‘]([^"“”'‘’\s]{2,80})["”'’]`)
)

// declareCells declares the names in a row given as cells in column order.
func (r *reader) declareCells(cols []column, cells []string, where string) {
	rc := cellsByRole(cols, cells)
	expiry, typ, cat, provider := rc.expiry, rc.typ, rc.cat, rc.provider
	var names []string
	for _, c := range rc.names {
		if names = columnNames(c); names != nil {
			break
		}
	}
	desc := strings.Join(rc.purposes, " ")
	if ni := indexOf(cols, colName); names == nil && ni >= 0 && ni < len(cells) {
		names = prefixName(cells[ni], desc)
	}
	if expiry == "" {
		if WrittenLifetime(typ).Known() {
			expiry = typ
		} else {
			expiry = expiryIn(desc)
		}
	}
	expiries := perNameExpiry(names, expiry)
	for k, n := range names {
		r.declare(n, desc, expiries[k], r.providerFor(provider), r.categoryFor(cat, desc), where)
	}
}
