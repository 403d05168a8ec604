package render

import (
	"fmt"
	"html/template"
	"io"
	"slices"
	"strings"

	"github.com/cookieaudit/cookieaudit/audit"

	"github.com/cookieaudit/cookieaudit/audit/report"

	"gopkg.in/yaml.v3"

	"github.com/cookieaudit/cookieaudit/policy"
)

// DraftStyle is the form a policy draft is written in.
type DraftStyle int

// The forms of a policy draft.
const (
	// DraftMarkdown is a Markdown table per category, to paste into a
	// content management system or a ticket.
	DraftMarkdown DraftStyle = iota
	// DraftHTML is one self-contained HTML page with the same tables.
	DraftHTML
	// DraftYAML is the YAML declaration format that scan --policy reads,
	// with the new and review rows marked by comments.
	DraftYAML
)

// PolicyDraftWriter writes, per site, the cookie table its policy should
// contain, drafted from what was observed (see DraftPolicy).
type PolicyDraftWriter struct {
	Style DraftStyle
	// Catalogue fills in providers, purposes and categories the policy
	// does not give; nil means policy.DefaultCatalogue().
	Catalogue audit.CookieLookup
}

// Write implements Writer.
func (p PolicyDraftWriter) Write(w io.Writer, r *report.Report) error {
	cat := p.Catalogue
	if cat == nil {
		cat = policy.DefaultCatalogue()
	}
	drafts := make([]audit.PolicyDraft, len(r.Sites))
	for i := range r.Sites {
		drafts[i] = audit.DraftPolicy(&r.Sites[i], cat)
	}
	var err error
	switch p.Style {
	case DraftHTML:
		err = draftHTMLTemplate.Execute(w, draftHTMLData(r, drafts))
	case DraftYAML:
		err = writeDraftYAML(w, drafts)
	default:
		err = writeDraftMarkdown(w, r, drafts)
	}
	if err != nil {
		return fmt.Errorf("audit: write policy draft: %w", err)
	}
	return nil
}

// draftSection is one category's table of a draft.
type draftSection struct {
	Title string
	Intro string
	Rows  []audit.DraftRow
}

// sections splits a draft's rows by category, in policy order.
func draftSections(d audit.PolicyDraft) []draftSection {
	var out []draftSection
	for _, row := range d.Rows {
		title, intro := categoryHeading(row.Category)
		if len(out) == 0 || out[len(out)-1].Title != title {
			out = append(out, draftSection{Title: title, Intro: intro})
		}
		out[len(out)-1].Rows = append(out[len(out)-1].Rows, row)
	}
	return out
}

// categoryHeading is a policy section's heading and first sentence.
func categoryHeading(c policy.Category) (string, string) {
	switch c {
	case policy.Necessary:
		return "Strictly necessary cookies", "These make the website work. They are set without asking, and you cannot turn them off here."
	case policy.Functional:
		return "Functional cookies", "These remember choices you make, such as your language. We set them only if you agree."
	case policy.Analytics:
		return "Analytics cookies", "These tell us how the website is used, so we can improve it. We set them only if you agree."
	case policy.Marketing:
		return "Marketing and embedded content cookies", "These are set by other organisations, for example when a page shows a video. They are set only if you agree."
	}
	return "Cookies to classify", "The audit could not tell what these are for. Find out, then move each to the right section."
}

// suggestedMark follows a provider taken from the catalogue rather than
// the policy, and suggestedNote explains it.
const (
	suggestedMark = " †"
	suggestedNote = "† Provider and purpose suggested from a list of well-known cookies: check them before publishing."
)

// anySuggested reports whether a row's provider or purpose is a
// suggestion from the catalogue.
func anySuggested(d audit.PolicyDraft) bool {
	return slices.ContainsFunc(d.Rows, func(r audit.DraftRow) bool { return r.Suggested })
}

// providerCell is the row's provider, marked when it is a suggestion.
func providerCell(r audit.DraftRow) string {
	if r.Suggested && r.Provider != "" {
		return r.Provider + suggestedMark
	}
	return r.Provider
}

// statusText says what a council does with a row: its status, then any
// note.
func statusText(r audit.DraftRow) string {
	var s string
	switch r.Status {
	case audit.DraftNew:
		s = "New: add it to the policy."
	case audit.DraftReview:
		s = "Review."
	default:
		s = "In the policy."
	}
	return strings.TrimSpace(s + " " + r.Note)
}

// intro is the sentence that opens a site's draft.
func draftIntro(d audit.PolicyDraft, r *report.Report) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Drafted from the cookies seen on %s", d.Site)
	if d.Pages > 0 {
		fmt.Fprintf(&b, " (%s", audit.Count(d.Pages, "page"))
		if !r.StartedAt.IsZero() {
			fmt.Fprintf(&b, ", %s", r.StartedAt.UTC().Format("2 January 2006"))
		}
		b.WriteString(")")
	}
	b.WriteString(" before consent, after accepting and after rejecting cookies")
	if d.Policy != "" {
		fmt.Fprintf(&b, ", compared with the policy at %s", d.Policy)
	}
	b.WriteString(". Rows marked new were seen but are not in the policy; rows marked review are in the policy but were not seen. Check each purpose before publishing.")
	return b.String()
}

func writeDraftMarkdown(w io.Writer, r *report.Report, drafts []audit.PolicyDraft) error {
	e := MarkdownEscape
	var b strings.Builder
	if len(drafts) == 0 {
		b.WriteString("No sites in the report, so no cookie policy draft.\n")
	}
	for i, d := range drafts {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "# Cookies used on %s\n\n", e(siteLabel(d.Site)))
		if d.Problem != "" && len(d.Rows) == 0 {
			fmt.Fprintf(&b, "No draft: the site was not audited (%s).\n", e(d.Problem))
			continue
		}
		fmt.Fprintf(&b, "%s\n", e(draftIntro(d, r)))
		if len(d.Rows) == 0 {
			b.WriteString("\nNo cookies were seen and the policy declares none.\n")
		}
		if _, err := io.WriteString(w, b.String()); err != nil {
			return err
		}
		b.Reset()
		for _, sec := range draftSections(d) {
			if _, err := fmt.Fprintf(w, "\n## %s\n\n%s\n\n", sec.Title, sec.Intro); err != nil {
				return err
			}
			var rows [][]string
			for _, row := range sec.Rows {
				rows = append(rows, []string{e(row.Name), e(providerCell(row)), e(row.Purpose), e(audit.PersonLifetime(row.Lifetime)), row.Party(),
					e(statusText(row))})
			}
			if err := markdownTable(w, []string{"Cookie", "Provider", "Purpose", "How long it lasts", "First or third party", "Status"}, rows); err != nil {
				return err
			}
		}
		if anySuggested(d) {
			b.WriteString("\n" + suggestedNote + "\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeDraftYAML writes each site's draft as a policy.Document in the YAML
// declaration format, one YAML document per site, with a comment on each
// cookie that is new or to review.
func writeDraftYAML(w io.Writer, drafts []audit.PolicyDraft) error {
	if len(drafts) == 0 {
		_, err := io.WriteString(w, "# No sites in the report, so no cookie policy draft.\n")
		return err
	}
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	for _, d := range drafts {
		doc := policy.Document{Source: d.Site, Declared: []policy.Declaration{}, Vendors: []policy.Vendor{}}
		for _, row := range d.Rows {
			decl := policy.Declaration{Name: row.Name, Pattern: row.Pattern, Purpose: row.Purpose, Category: row.Category,
				Provider: row.Provider, Expiry: row.Lifetime}
			if row.Lifetime.Known() {
				decl.ExpiryText = audit.PersonLifetime(row.Lifetime)
			}
			if !row.ThirdParty && row.Status != audit.DraftReview {
				decl.Source = "first party"
			} else if row.ThirdParty {
				decl.Source = "third party: " + strings.Join(row.Domains, ", ")
			}
			doc.Declared = append(doc.Declared, decl)
		}
		var node yaml.Node
		if err := node.Encode(doc); err != nil {
			return err
		}
		node.HeadComment = "Cookie policy draft for " + d.Site
		if d.Problem != "" && len(d.Rows) == 0 {
			node.HeadComment += "\nNo draft: the site was not audited (" + d.Problem + ")."
		}
		if cookies := mappingValue(&node, "cookies"); cookies != nil {
			for i, item := range cookies.Content {
				row := d.Rows[i]
				var comment []string
				if row.Status != audit.DraftDeclared || row.Note != "" {
					comment = append(comment, statusText(row))
				}
				if row.Suggested {
					comment = append(comment, strings.TrimPrefix(suggestedNote, "† "))
				}
				item.HeadComment = strings.Join(comment, "\n")
			}
		}
		if err := enc.Encode(&node); err != nil {
			return err
		}
	}
	return enc.Close()
}

// mappingValue returns the value of key in a YAML mapping node.
func mappingValue(n *yaml.Node, key string) *yaml.Node {
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

type draftHTMLSite struct {
	D        audit.PolicyDraft
	Label    string
	Intro    string
	Sections []draftSection
	// Suggested explains the mark on suggested providers, when any row
	// has one.
	Suggested string
}

func draftHTMLData(r *report.Report, drafts []audit.PolicyDraft) []draftHTMLSite {
	out := make([]draftHTMLSite, len(drafts))
	for i, d := range drafts {
		out[i] = draftHTMLSite{D: d, Label: siteLabel(d.Site), Intro: draftIntro(d, r), Sections: draftSections(d)}
		if anySuggested(d) {
			out[i].Suggested = suggestedNote
		}
	}
	return out
}

const draftStyle = `
body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; padding: 1em; max-width: 70em; color: #111; }
table { border-collapse: collapse; width: 100%; margin: .5em 0 1.5em; }
th, td { border: 1px solid #bbb; padding: .3em .5em; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #eee; } .new { background: #fff4e0; } .review { background: #eef; } .note { color: #444; font-size: .9em; }
`

var draftHTMLTemplate = template.Must(template.New("draft").Funcs(template.FuncMap{
	"status":   statusText,
	"provider": providerCell,
	"person":   audit.PersonLifetime,
}).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cookie policy draft</title>
<style>` + draftStyle + `</style>
</head>
<body>
{{- if not .}}
<p>No sites in the report, so no cookie policy draft.</p>
{{- end}}
{{- range .}}
<section>
<h1>Cookies used on {{.Label}}</h1>
{{- if and .D.Problem (not .D.Rows)}}
<p>No draft: the site was not audited ({{.D.Problem}}).</p>
{{- else}}
<p>{{.Intro}}</p>
{{- range .Sections}}
<h2>{{.Title}}</h2>
<p>{{.Intro}}</p>
<table>
<thead><tr><th>Cookie</th><th>Provider</th><th>Purpose</th><th>How long it lasts</th><th>First or third party</th><th>Status</th></tr></thead>
<tbody>
{{- range .Rows}}
<tr class="{{.Status}}"><td><code>{{.Name}}</code></td><td>{{provider .}}</td><td>{{.Purpose}}</td><td>{{person .Lifetime}}</td><td>{{.Party}}</td><td>{{status .}}</td></tr>
{{- end}}
</tbody>
</table>
{{- end}}
{{- if .Suggested}}
<p class="note">{{.Suggested}}</p>
{{- end}}
{{- end}}
</section>
{{- end}}
</body>
</html>
`))
