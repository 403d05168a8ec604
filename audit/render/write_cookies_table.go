package render

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/cookieaudit/cookieaudit/audit"

	"github.com/cookieaudit/cookieaudit/audit/report"

	"github.com/cookieaudit/cookieaudit/crawler/observe"
)

// cookieRow is one cookie of a site across the phases it was seen in.
type cookieRow struct {
	name, domain, path string
	phases             map[observe.Phase]string
	lifetime           string
	setBy              string
	thirdParty         bool
}

// writeCookieTable writes, per site, one row per cookie (name, domain and
// path) with a column per phase saying whether it was stored, removed or
// blocked there, its requested lifetime and who set it.
func writeCookieTable(w io.Writer, r *report.Report, width int) error {
	for _, s := range r.Sites {
		if len(s.Cookies) == 0 {
			continue
		}
		rows := map[string]*cookieRow{}
		var order []string
		for _, c := range s.Cookies {
			k := c.Name + "\x00" + c.Domain + "\x00" + c.Path
			row, ok := rows[k]
			if !ok {
				row = &cookieRow{name: c.Name, domain: c.Domain, path: c.Path, phases: map[observe.Phase]string{}}
				rows[k] = row
				order = append(order, k)
			}
			state := "set"
			switch {
			case c.Blocked:
				state = "blocked"
			case c.Removed:
				state = "removed"
			}
			row.phases[c.Phase] = state
			if row.lifetime == "" {
				row.lifetime = audit.CookieLifetime(c).String()
				row.setBy = c.SetBy
				if c.SetByURL != "" {
					row.setBy += " " + c.SetByURL
				}
				row.thirdParty = c.ThirdParty
			}
		}
		slices.Sort(order)
		if _, err := fmt.Fprintf(w, "\nCookies on %s\n", audit.TerminalSafe(s.URL)); err != nil {
			return err
		}
		cols := []textColumn{
			{header: "Cookie", minWidth: 12, wordMin: 20},
			{header: "Domain", minWidth: 12, wordMin: 24, dropRank: 3},
			{header: "Path", dropRank: 7},
			{header: "Pre-consent"}, {header: "Accept"}, {header: "Reject"},
			{header: "Lifetime", minWidth: 7},
			{header: "3rd party", dropRank: 6},
			{header: "Set by", minWidth: 20, dropRank: 5},
		}
		for _, k := range order {
			row := rows[k]
			third := ""
			if row.thirdParty {
				third = "yes"
			}
			cells := []string{audit.TerminalSafe(row.name), audit.TerminalSafe(row.domain), audit.TerminalSafe(row.path)}
			for _, p := range observe.AllPhases {
				cells = append(cells, row.phases[p])
			}
			cells = append(cells, row.lifetime, third, audit.TerminalSafe(strings.TrimSpace(row.setBy)))
			addRow(cols, cells)
		}
		headers, fitted := fittedTable(cols, width)
		if err := renderTable(w, headers, fitted); err != nil {
			return err
		}
	}
	return nil
}
