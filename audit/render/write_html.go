package render

import (
	"html/template"
	"strings"

	"github.com/cookieaudit/cookieaudit/audit"

	"github.com/cookieaudit/cookieaudit/crawler/observe"
)

// HTMLWriter writes one self-contained HTML file for the people who run
// the sites: a summary at the top (each site's result, a pass or fail per
// rule, the worst findings), then per site the cookie banner's evidence
// (screenshots before and after each choice, embedded as data: URIs, next
// to what was clicked and recorded), the findings with what to change, and
// the cookies and web storage of each phase. It loads nothing from
// outside: every value is escaped by html/template, and a
// Content-Security-Policy allows only the page's own inline style, its one
// inline script (by hash) and data: images. Tables sort and filter, wrap
// instead of scrolling sideways, and stack into cards on a phone.
type HTMLWriter struct {
	// BaseDir is the directory relative screenshot paths are read from.
	BaseDir string
	// FailOn, when given, decides each site's verdict: fail when a finding
	// of the site meets it, else pass. Without it a site fails on a
	// medium or high finding, warns on low or info findings only, and
	// passes with none.
	FailOn audit.FailOn
}

// htmlScript sorts a table when a header is clicked (by each cell's
// data-sort value when present, else its text, numerically when both sides
// are numbers), filters table rows by the text typed in an input whose
// data-filter names the tables (ids separated by spaces), and opens a
// screenshot full size over the page when it is clicked (a click or Escape
// closes it).
const htmlScript = `
document.querySelectorAll("figure img").forEach(function (img) {
  img.title = "Click to open full size";
  img.addEventListener("click", function () { img.classList.toggle("full"); });
});
document.addEventListener("keydown", function (e) {
  if (e.key === "Escape") document.querySelectorAll("img.full").forEach(function (img) { img.classList.remove("full"); });
});
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
    input.getAttribute("data-filter").split(" ").forEach(function (id) {
      var table = document.getElementById(id);
      if (!table) return;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (tr) {
        tr.hidden = q !== "" && tr.textContent.toLowerCase().indexOf(q) < 0;
      });
    });
  });
});
`

const htmlStyle = `
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; padding: 1em 1.5em; color: #111; max-width: 1600px; overflow-wrap: break-word; }
h1 { font-size: 1.6em; margin: .2em 0; } h2 { font-size: 1.3em; margin-top: 2em; border-top: 3px solid #333; padding-top: .5em; }
h3 { font-size: 1.1em; margin-top: 1.5em; } h4 { margin: .5em 0 .25em; }
table { border-collapse: collapse; margin: .5em 0 1em; width: 100%; }
th, td { border: 1px solid #bbb; padding: .3em .5em; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #eee; } table.sortable th { cursor: pointer; user-select: none; }
th[aria-sort=ascending]::after { content: " \25B2"; } th[aria-sort=descending]::after { content: " \25BC"; }
table.findings { table-layout: fixed; }
table.findings col.c-sev { width: 6.5em; } table.findings col.c-rule { width: 9.5em; } table.findings col.c-cookie { width: 13%; }
table.findings col.c-seen { width: 9em; } table.findings col.c-ev { width: 19%; }
code { overflow-wrap: anywhere; font-size: .95em; }
a { color: #1d4f91; overflow-wrap: anywhere; }
.badge { display: inline-block; padding: 0 .45em; border-radius: 3px; font-weight: 600; font-size: .9em; }
.pass { background: #d7f0dc; color: #0b5a1e; } .fail { background: #fbd5d5; color: #8a1111; } .note { background: #e4e8f7; color: #26336b; } .error { background: #ffe0b3; color: #6b3d00; }
.warn { background: #fff1b8; color: #5c4a00; }
.sev-high td:first-child { border-left: 5px solid #c00; } .sev-medium td:first-child { border-left: 5px solid #e08a00; }
.sev-low td:first-child { border-left: 5px solid #d6c200; } .sev-info td:first-child { border-left: 5px solid #8895c8; }
tr.blocked, tr.resolved, tr.waived { color: #555; }
.muted { color: #555; } .small { font-size: .9em; }
.glance { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 30em), 1fr)); gap: 0 2em; }
.glance > .wide { grid-column: 1 / -1; } td.nw { white-space: nowrap; }
.problem { border-left: 5px solid #e08a00; background: #fff4e0; padding: .5em 1em; }
.consent { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 34em), 1fr)); gap: 1em; }
.consent > div { border: 1px solid #bbb; padding: .5em 1em; }
.shots { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 14em), 1fr)); gap: .5em; margin: .5em 0; }
figure { margin: 0; } figure img { max-width: 100%; height: auto; border: 1px solid #999; display: block; cursor: zoom-in; }
figure img.full { position: fixed; inset: 0; margin: auto; max-width: 100vw; max-height: 100vh; width: auto; height: auto; z-index: 10; cursor: zoom-out; box-shadow: 0 0 0 100vmax rgba(0,0,0,.75); background: #fff; }
figcaption { font-size: .85em; color: #555; }
dl.ev { display: grid; grid-template-columns: minmax(8em, max-content) minmax(0, 1fr); gap: .2em 1em; margin: .5em 0; }
dl.ev dt { font-weight: 600; } dl.ev dd { margin: 0; overflow-wrap: anywhere; }
.firstlayer table { margin: .5em 0; } .firstlayer caption { text-align: left; font-weight: 600; }
.swatch { display: inline-block; padding: 0 .3em; border: 1px solid #999; font-weight: 600; }
ul.choices { margin: 0; padding-left: 1.2em; } li.preticked { color: #8a1111; font-weight: 600; }
.phases { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 22em), 1fr)); gap: 1em; }
.phases table { font-size: 13px; table-layout: fixed; }
input[data-filter] { padding: .3em; width: 22em; max-width: 100%; font: inherit; }
@media (max-width: 720px) {
  body { padding: .5em; }
  table.stack thead { display: none; }
  table.stack, table.stack tbody, table.stack tr, table.stack td { display: block; width: 100%; }
  table.stack tr { border: 1px solid #999; margin-bottom: .6em; }
  table.stack td { border: 0; border-bottom: 1px solid #ddd; }
  table.stack td::before { content: attr(data-label); display: block; font-weight: 600; font-size: .85em; color: #444; }
  table.findings col { width: auto !important; }
}
@media print {
  body { font-size: 10pt; max-width: none; padding: 0; color: #000; }
  input[data-filter], th[aria-sort]::after { display: none; }
  h2 { break-before: page; border-top: 0; } #summary h2 { break-before: avoid; }
  h2, h3, h4 { break-after: avoid; } tr, figure, .problem, .consent > div { break-inside: avoid; }
  thead { display: table-header-group; } table.sortable th { cursor: auto; }
  a { color: #000; text-decoration: none; }
  .badge { border: 1px solid #000; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  figure img, figure img.full { position: static; max-width: 100%; max-height: 12cm; box-shadow: none; cursor: auto; }
  tr[hidden] { display: table-row; }
}
`

var htmlTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
	"life":    audit.CookieLifetime,
	"phases":  joinPhases,
	"status":  statusCell,
	"sevrank": audit.SeverityRank,
	"percent": audit.Percent,
	"join":    strings.Join,
	// policyPhaseNote is write_md.go's.
	"policyPhaseNote": policyPhaseNote,
}).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src '{{.ScriptHash}}'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cookie audit</title>
<style>` + htmlStyle + `</style>
</head>
<body>
<h1>Cookie audit</h1>
<p class="muted">{{.R.Tool.Name}} {{.R.Tool.Version}}, {{.R.StartedAt.UTC.Format "2006-01-02 15:04"}} to {{.R.FinishedAt.UTC.Format "2006-01-02 15:04"}} UTC
{{- with .R.Audit}}; profile {{.Profile}}, expiry tolerance {{percent .ExpiryTolerance}}, lifetime cap {{.LifetimeCap}}{{end}}
{{- with .R.Baseline}}; compared with the previous report {{.}}{{end}}.</p>
<section id="summary">
<h2>At a glance</h2>
<p>{{.Audited}} of {{len .Sites}} site{{if ne (len .Sites) 1}}s{{end}} audited{{with .Failed}}; {{.}} could not be audited{{end}}.
{{- if .R.Baseline}} <strong>{{.New}} finding{{if ne .New 1}}s{{end}} new</strong> since the previous report ({{.R.Baseline}}).{{end}}
{{- if .Gate}} A site fails when a finding{{if .R.Baseline}} new since then{{end}} meets --fail-on {{.Gate}}.{{else}} A site fails on a high or medium finding, and warns on low or info findings only.{{end}}
{{- if .Worst}} The most serious problems are listed first; each links to its site's section.{{end}}</p>
<div class="glance">
<div class="wide">
<h3>Sites</h3>
<table class="sortable stack" id="sites">
<thead><tr><th>Site</th><th>Result</th><th>Pages</th><th>High</th><th>Medium</th><th>Low</th><th>Cookies before consent</th><th>After rejecting</th></tr></thead>
<tbody>
{{- range .Sites}}
<tr><td data-label="Site"><a href="#site-{{.Index}}">{{.Label}}</a></td><td data-label="Result" data-sort="{{.VerdictRank}}"><span class="badge {{.Verdict}}">{{.VerdictText}}</span></td><td data-label="Pages" data-sort="{{.Coverage.Pages}}">{{with .Coverage}}{{.Pages}}{{if .Failed}}, {{.Failed}} failed ({{.Reasons}}){{end}}{{end}}</td>
{{- if .Problem}}<td data-label="High">-</td><td data-label="Medium">-</td><td data-label="Low">-</td><td data-label="Cookies before consent">-</td><td data-label="After rejecting">-</td>
{{- else}}<td data-label="High">{{.Sum.Count "high"}}</td><td data-label="Medium">{{.Sum.Count "medium"}}</td><td data-label="Low">{{.Sum.Count "low"}}</td><td data-label="Cookies before consent">{{.Sum.PhaseCell "pre-consent"}}</td><td data-label="After rejecting">{{.Sum.PhaseCell "reject"}}</td>{{end}}</tr>
{{- end}}
</tbody>
</table>
</div>
<div>
{{- if .Worst}}
<h3>Worst findings</h3>
<ol class="worst">
{{- range .Worst}}
<li><span class="badge fail">{{.F.Severity}}</span> <a href="#site-{{.Index}}">{{.Label}}</a>: {{.F.Message}}</li>
{{- end}}
</ol>
{{- end}}
</div>
<div>
<h3>Rules</h3>
<table class="sortable stack" id="rules">
<thead><tr><th>Rule</th><th>What it checks</th><th>Result</th></tr></thead>
<tbody>
{{- range .Rules}}
<tr><td data-label="Rule" class="nw"><code>{{.ID}}</code></td><td data-label="What it checks">{{.Description}}</td><td data-label="Result" data-sort="{{.Rank}}"><span class="badge {{.Verdict}}">{{.Verdict}}</span>
{{- if .Failing}} {{len .Failing}} of {{.Audited}}: {{range $j, $s := .Failing}}{{if $j}}, {{end}}<a href="#site-{{$s.Index}}">{{$s.Label}}</a> ({{$s.Count}}){{end}}{{end}}</td></tr>
{{- end}}
</tbody>
</table>
</div>
</div>
</section>
{{- range .Sites}}
{{- $i := .Index}}
<section id="site-{{$i}}">
<h2>{{.Site.URL}} <span class="badge {{.Verdict}}">{{.VerdictText}}</span></h2>
{{- with .Problem}}
<p class="problem"><strong>Not audited:</strong> {{.}}. Check that the site is online and reachable from where the audit runs, then audit it again.</p>
{{- end}}
<p>Pages crawled: {{.Coverage}}.</p>
{{- if .PolicyError}}<p>Cookie policy: not read ({{.PolicyError}}).</p>
{{- else if .Site.Policy.URL}}<p>Cookie policy: <a href="{{.Site.Policy.URL}}">{{.Site.Policy.URL}}</a> ({{len .Site.Declared}} cookies declared{{policyPhaseNote .Site.Policy}}{{with .Site.Vendors}}; services named without their cookies: {{range $j, $v := .}}{{if $j}}, {{end}}{{$v.Vendor}}{{end}}{{end}}).</p>{{end}}
{{- if .Consent}}
<h3>Cookie banner</h3>
<div class="consent">
{{- range .Consent}}
<div>
<h4>{{.Title}}</h4>
{{- if or .Before.Src .After.Src .Before.Missing .After.Missing}}
<div class="shots">
{{- range .Shots}}
<figure>{{if .Src}}<img src="{{.Src}}" alt="{{.Caption}}" width="{{.Width}}" height="{{.Height}}">{{else}}<p class="muted small">{{.Missing}}</p>{{end}}<figcaption>{{.Caption}}</figcaption></figure>
{{- end}}
</div>
{{- end}}
<dl class="ev">
{{- range .Facts}}
<dt>{{.Label}}</dt><dd>{{.Value}}</dd>
{{- end}}
</dl>
{{- template "firstlayer" .FirstLayer}}
</div>
{{- end}}
</div>
{{- end}}
<h3>Findings</h3>
{{- if .Findings}}
<p><label>Filter <input type="search" data-filter="findings-{{$i}}" placeholder="rule, cookie, severity…"></label></p>
<table class="sortable findings stack" id="findings-{{$i}}">
<colgroup><col class="c-sev"><col class="c-rule"><col class="c-cookie"><col class="c-seen"><col class="c-msg"><col class="c-fix"><col class="c-ev"></colgroup>
<thead><tr><th>Severity</th><th>Rule</th><th>Cookie</th><th>Seen</th><th>What is wrong</th><th>What to change</th><th>Evidence</th></tr></thead>
<tbody>
{{- range .Findings}}
<tr class="sev-{{.F.Severity}}{{if .F.Blocked}} blocked{{end}}{{if .F.Waived}} waived{{end}}{{if eq .F.Status "resolved"}} resolved{{end}}">
<td data-label="Severity" data-sort="{{sevrank .F.Severity}}">{{.F.Severity}}{{with status .F}}<br><span class="muted small">{{.}}</span>{{end}}</td><td data-label="Rule"><code>{{.F.Rule}}</code></td>
<td data-label="Cookie" data-sort="{{.F.Subject}}">{{with .F.Subject}}<code>{{.}}</code><br>{{end}}<span class="muted small">{{.F.Domain}}</span></td>
<td data-label="Seen">{{.Seen}}</td>
<td data-label="What is wrong">{{.Note}}{{if or .F.Declared .F.Observed}}<br><span class="muted small">{{with .F.Declared}}Declared: {{.}}. {{end}}{{with .F.Observed}}Observed: {{.}}.{{end}}</span>{{end}}</td>
<td data-label="What to change">{{.Advice}}</td>
<td data-label="Evidence">{{range .F.Evidence}}<div>{{.PageURL}}{{with .SetBy}} · {{.}}{{end}}{{with .SetByURL}} {{.}}{{end}}{{if .Screenshot}} · the banner's screenshot is under Cookie banner{{end}}</div>{{end}}</td>
</tr>
{{- end}}
</tbody>
</table>
{{- else if not .Problem}}
<p>No findings: nothing was seen that breaks the rules checked.</p>
{{- else}}
<p class="muted">None, because the site could not be audited.</p>
{{- end}}
{{- if or .Site.Cookies .Site.Trackers}}
<h3>Cookies by phase</h3>
<p><label>Filter <input type="search" data-filter="{{range $j, $p := .Phases}}{{if $j}} {{end}}cookies-{{$i}}-{{$j}} storage-{{$i}}-{{$j}}{{end}}" placeholder="name, domain, category…"></label></p>
<div class="phases">
{{- range $j, $p := .Phases}}
<div>
<h4>{{.Title}}</h4>
{{- if .Cookies}}
<table class="sortable stack" id="cookies-{{$i}}-{{$j}}">
<thead><tr><th>Name</th><th>Domain</th><th>Lifetime</th><th>Flags</th><th>Match</th></tr></thead>
<tbody>
{{- range .Cookies}}
<tr{{if .C.Blocked}} class="blocked"{{end}}><td data-label="Name"><code>{{.C.Name}}</code></td><td data-label="Domain">{{.C.Domain}}</td><td data-label="Lifetime" data-sort="{{(life .C).Seconds}}">{{life .C}}</td><td data-label="Flags">{{.Flags}}</td><td data-label="Match">{{.M.Match}}{{with .M.Category}} · {{.}}{{end}}</td></tr>
{{- end}}
</tbody>
</table>
{{- else}}
<p class="muted">No cookies.</p>
{{- end}}
{{- if .Storage}}
<table class="sortable stack" id="storage-{{$i}}-{{$j}}">
<thead><tr><th>Storage key</th><th>Origin</th><th>Area</th><th>Size</th></tr></thead>
<tbody>
{{- range .Storage}}
<tr><td data-label="Storage key"><code>{{.Key}}</code></td><td data-label="Origin">{{.Origin}}{{if .ThirdParty}} (third-party){{end}}</td><td data-label="Area">{{.Area}}</td><td data-label="Size">{{.Size}}</td></tr>
{{- end}}
</tbody>
</table>
{{- end}}
{{- if .Trackers}}
<table class="sortable stack trackers">
<thead><tr><th>Tracker request</th><th>Vendor</th><th>Sent</th><th>Carried</th></tr></thead>
<tbody>
{{- range .Trackers}}
<tr{{if .T.Cookieless}} class="cookieless"{{end}}><td data-label="Tracker request"><code>{{.T.Host}}{{.T.Path}}</code><br><span class="muted small">{{.T.Method}} {{.T.Type}} ×{{.T.Count}}{{if .T.AfterChoice}}, after the choice{{end}}</span></td><td data-label="Vendor">{{.T.Vendor}}<br><span class="muted small">{{.T.Category}} · {{.T.Role}}</span></td><td data-label="Sent">by {{.T.Initiator}}<br><span class="muted small">on {{.T.PageURL}}</span></td><td data-label="Carried">{{.Carried}}</td></tr>
{{- end}}
</tbody>
</table>
{{- end}}
</div>
{{- end}}
</div>
{{- end}}
{{- if .Site.Declared}}
<details>
<summary>Declared in the policy ({{len .Site.Declared}})</summary>
<table class="sortable stack">
<thead><tr><th>Name</th><th>Pattern</th><th>Category</th><th>Expiry</th><th>Provider</th><th>Where in the policy</th></tr></thead>
<tbody>
{{- range .Site.Declared}}
<tr><td data-label="Name"><code>{{.Name}}</code></td><td data-label="Pattern"><code>{{.Pattern}}</code></td><td data-label="Category">{{.Category}}</td><td data-label="Expiry">{{.ExpiryText}}</td><td data-label="Provider">{{.Provider}}</td><td data-label="Where in the policy">{{.Source}}</td></tr>
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
