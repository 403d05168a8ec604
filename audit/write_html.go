package audit

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/cookieaudit/cookieaudit/crawler/observe"
)

// HTMLWriter writes one self-contained HTML file: no external assets, every
// value escaped by html/template, a Content-Security-Policy that allows
// only the page's own inline style and its one inline script (by hash), a
// section per site with the three phases side by side, and sortable,
// filterable tables. Each phase also lists its web storage keys, which PECR
// covers as much as cookies.
type HTMLWriter struct {
	// BaseDir is the directory relative screenshot paths are read from.
	BaseDir string
}

// htmlScript sorts a table when a header is clicked (by each cell's
// data-sort value when present, else its text, numerically when both sides
// are numbers) and filters table rows by the text typed in an input whose
// data-filter names the table.
const htmlScript = `
document.querySelectorAll("table.sortable th").forEach(function (th) {
  th.addEventListener("click", function () {
    var table = th.closest("table"), body = table.tBodies[0];
    var col = Array.prototype.indexOf.call(th.parentNode.children, th);
    var asc = th.getAttribute("aria-sort") !== "ascending";
    th.parentNode.querySelectorAll("th").forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", asc ? "ascending" : "descending");
    var key = function (tr) {
      var td = tr.children[col];
      if (!td) return "";
      return td.hasAttribute("data-sort") ? td.getAttribute("data-sort") : td.textContent.trim();
    };
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a), y = key(b), nx = parseFloat(x), ny = parseFloat(y);
      var c = (!isNaN(nx) && !isNaN(ny) && String(nx) === x && String(ny) === y) ? nx - ny : x.localeCompare(y);
      return asc ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  });
});
document.querySelectorAll("input[data-filter]").forEach(function (input) {
  input.addEventListener("input", function () {
    var q = input.value.toLowerCase();
    var table = document.getElementById(input.getAttribute("data-filter"));
    Array.prototype.forEach.call(table.tBodies[0].rows, function (tr) {
      tr.hidden = q !== "" && tr.textContent.toLowerCase().indexOf(q) < 0;
    });
  });
});
`

const htmlStyle = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #111; }
h1 { font-size: 1.5em; } h2 { font-size: 1.25em; margin-top: 2em; border-top: 2px solid #333; padding-top: .5em; }
table { border-collapse: collapse; margin: .5em 0 1em; width: 100%; }
th, td { border: 1px solid #bbb; padding: .25em .5em; text-align: left; vertical-align: top; overflow-wrap: break-word; }
td.nw { white-space: nowrap; } td.msg { min-width: 22em; } td.ev { overflow-wrap: anywhere; min-width: 12em; } code { overflow-wrap: anywhere; } td.ck { min-width: 9em; }
th { background: #eee; } table.sortable th { cursor: pointer; }
th[aria-sort=ascending]::after { content: " \25B2"; } th[aria-sort=descending]::after { content: " \25BC"; }
.phases { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 1em; }
.phases table { font-size: 12px; table-layout: fixed; } .phases td { overflow-wrap: anywhere; }
.sev-high { background: #fdd; } .sev-medium { background: #ffe7c2; } .sev-low { background: #fff8c4; } .sev-info { background: #eef; }
.blocked, .resolved, .waived { color: #666; } .muted { color: #666; }
input[data-filter] { padding: .25em; width: 20em; }
`

var htmlTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
	"human":   HumanLifetime,
	"life":    observedLifetime,
	"phases":  joinPhases,
	"status":  statusCell,
	"sevrank": SeverityRank,
	"percent": percent,
	"note":    findingNote,
}).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src '{{.ScriptHash}}'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cookie audit</title>
<style>` + htmlStyle + `</style>
</head>
<body>
<h1>Cookie audit</h1>
<p class="muted">{{.R.Tool.Name}} {{.R.Tool.Version}}, {{.R.StartedAt.UTC.Format "2006-01-02 15:04"}} to {{.R.FinishedAt.UTC.Format "2006-01-02 15:04"}} UTC
{{- with .R.Audit}}; profile {{.Profile}}, expiry tolerance {{percent .ExpiryTolerance}}, lifetime cap {{human .LifetimeCapSeconds}}{{end}}
{{- with .R.Baseline}}; compared with the baseline {{.}}{{end}}.</p>
<h2>Summary</h2>
<table class="sortable" id="summary">
<thead><tr><th>Site</th><th>Pre-consent</th><th>Accept</th><th>Reject</th><th>High</th><th>Medium</th><th>Low</th><th>Info</th><th>Findings by rule</th></tr></thead>
<tbody>
{{- range .Sites}}
<tr><td><a href="#site-{{.Index}}">{{.Site.URL}}</a></td><td>{{.Sum.PhaseCell "pre-consent"}}</td><td>{{.Sum.PhaseCell "accept"}}</td><td>{{.Sum.PhaseCell "reject"}}</td><td>{{.Sum.Count "high"}}</td><td>{{.Sum.Count "medium"}}</td><td>{{.Sum.Count "low"}}</td><td>{{.Sum.Count "info"}}</td><td>{{.Sum.RulesCell}}</td></tr>
{{- end}}
</tbody>
</table>
{{- range .Sites}}
{{- $i := .Index}}
<section id="site-{{$i}}">
<h2>{{.Site.URL}}</h2>
{{- with .Site.Error}}<p><strong>The crawl failed:</strong> {{.}}</p>{{end}}
{{- if .Site.Policy.Error}}<p>Cookie policy: not read ({{.Site.Policy.Error}}).</p>
{{- else if .Site.Policy.URL}}<p>Cookie policy: <a href="{{.Site.Policy.URL}}">{{.Site.Policy.URL}}</a> ({{len .Site.Declared}} declarations{{with .Site.Vendors}}; vendors disclosed without cookie names: {{range $j, $v := .}}{{if $j}}, {{end}}{{$v.Vendor}}{{end}}{{end}}).</p>{{end}}
<h3>Findings</h3>
{{- if .Site.Findings}}
<p><label>Filter <input type="search" data-filter="findings-{{$i}}" placeholder="rule, cookie, severity…"></label></p>
<table class="sortable" id="findings-{{$i}}">
<thead><tr><th>Severity</th><th>Rule</th><th>Cookie</th><th>Domain</th><th>Phases</th><th>Declared</th><th>Observed</th><th>Status</th><th>Message</th><th>Evidence</th></tr></thead>
<tbody>
{{- range .Site.Findings}}
<tr class="sev-{{.Severity}}{{if .Blocked}} blocked{{end}}{{if .Waived}} waived{{end}}{{if eq .Status "resolved"}} resolved{{end}}">
<td class="nw" data-sort="{{sevrank .Severity}}">{{.Severity}}</td><td class="nw">{{.Rule}}</td><td class="ck"><code>{{.Cookie}}</code></td><td>{{.Domain}}</td><td>{{phases .Phases}}</td><td>{{.Declared}}</td><td>{{.Observed}}</td><td>{{status .}}</td><td class="msg">{{note .}}</td>
<td class="ev">{{range .Evidence}}<div>{{.PageURL}}{{with .SetBy}} · {{.}}{{end}}{{with .SetByURL}} {{.}}{{end}}</div>{{end}}</td>
</tr>
{{- end}}
</tbody>
</table>
{{- else}}
<p>No findings.</p>
{{- end}}
<h3>Cookies by phase</h3>
<div class="phases">
{{- range .Phases}}
<div>
<h4>{{.Phase}}{{with .Consent}} <span class="muted">(consent {{.}})</span>{{end}}</h4>
{{- if .Cookies}}
<table class="sortable">
<thead><tr><th>Name</th><th>Domain</th><th>Lifetime</th><th>Flags</th><th>Match</th></tr></thead>
<tbody>
{{- range .Cookies}}
<tr{{if .C.Blocked}} class="blocked"{{end}}><td><code>{{.C.Name}}</code></td><td>{{.C.Domain}}</td><td data-sort="{{life .C}}">{{human (life .C)}}</td><td>{{.Flags}}</td><td>{{.M.Match}}{{with .M.Category}} · {{.}}{{end}}</td></tr>
{{- end}}
</tbody>
</table>
{{- else}}
<p class="muted">No cookies.</p>
{{- end}}
{{- if .Storage}}
<table class="sortable">
<thead><tr><th>Storage key</th><th>Origin</th><th>Area</th><th>Size</th></tr></thead>
<tbody>
{{- range .Storage}}
<tr><td><code>{{.Key}}</code></td><td>{{.Origin}}{{if .ThirdParty}} (third-party){{end}}</td><td>{{.Area}}</td><td>{{.Size}}</td></tr>
{{- end}}
</tbody>
</table>
{{- end}}
</div>
{{- end}}
</div>
{{- if .Site.Declared}}
<details>
<summary>Declared in the policy ({{len .Site.Declared}})</summary>
<table class="sortable">
<thead><tr><th>Name</th><th>Pattern</th><th>Category</th><th>Expiry</th><th>Provider</th><th>Source</th></tr></thead>
<tbody>
{{- range .Site.Declared}}
<tr><td><code>{{.Name}}</code></td><td><code>{{.Pattern}}</code></td><td>{{.Category}}</td><td>{{.ExpiryText}}</td><td>{{.Provider}}</td><td>{{.Source}}</td></tr>
{{- end}}
</tbody>
</table>
</details>
{{- end}}
</section>
{{- end}}
<script>` + htmlScript + `</script>
</body>
</html>
`))

type htmlSite struct {
	Index  int
	Site   *Site
	Sum    SiteSummary
	Phases []htmlPhase
}

type htmlPhase struct {
	Phase   observe.Phase
	Consent string
	Cookies []htmlCookie
	// Storage is the phase's localStorage and sessionStorage keys (names
	// and sizes only).
	Storage []observe.StorageItem
}

type htmlCookie struct {
	C     observe.Cookie
	M     CookieMatch
	Flags string
}

// Write implements Writer.
func (HTMLWriter) Write(w io.Writer, r *Report) error {
	sum := sha256.Sum256([]byte(htmlScript))
	data := struct {
		R          *Report
		ScriptHash string
		Sites      []htmlSite
	}{R: r, ScriptHash: "sha256-" + base64.StdEncoding.EncodeToString(sum[:])}
	for i := range r.Sites {
		s := &r.Sites[i]
		hs := htmlSite{Index: i + 1, Site: s, Sum: Summarize(s)}
		matches := matchIndex(s.Matches)
		for _, p := range observe.AllPhases {
			hp := htmlPhase{Phase: p}
			for _, pr := range s.Phases {
				if pr.Phase == p && pr.ConsentAction != "" && pr.ConsentAction != observe.ConsentNone {
					hp.Consent = string(pr.ConsentAction)
				}
			}
			for _, it := range s.Storage {
				if it.Phase == p {
					hp.Storage = append(hp.Storage, it)
				}
			}
			for _, c := range s.Cookies {
				if c.Phase == p {
					hp.Cookies = append(hp.Cookies, htmlCookie{C: c, M: matches[[2]string{c.Name, c.Domain}], Flags: cookieFlags(c)})
				}
			}
			hs.Phases = append(hs.Phases, hp)
		}
		data.Sites = append(data.Sites, hs)
	}
	if err := htmlTemplate.Execute(w, data); err != nil {
		return fmt.Errorf("audit: write html: %w", err)
	}
	return nil
}

// cookieFlags summarises a cookie's attributes in a few words.
func cookieFlags(c observe.Cookie) string {
	var f []string
	if c.Blocked {
		f = append(f, "blocked ("+c.BlockedReason+")")
	}
	if c.Removed {
		f = append(f, "removed")
	}
	if c.ThirdParty {
		f = append(f, "third-party")
	}
	if c.Secure {
		f = append(f, "Secure")
	}
	if c.HTTPOnly {
		f = append(f, "HttpOnly")
	}
	if c.SameSite != "" {
		f = append(f, "SameSite="+c.SameSite)
	}
	if c.Partitioned {
		f = append(f, "Partitioned")
	}
	if c.SetBy != "" {
		f = append(f, "by "+c.SetBy)
	}
	return strings.Join(f, ", ")
}
