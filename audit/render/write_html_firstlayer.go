package render

import (
	"fmt"
	"html/template"

	"github.com/cookieaudit/cookieaudit/audit"

	"github.com/cookieaudit/cookieaudit/crawler/observe"
)

// htmlFirstLayer is how a banner's first layer drew accept and reject, and
// the settings layer's choices before any click, shown beside the
// screenshots.
type htmlFirstLayer struct {
	Controls []htmlControl
	// Order says which control a visitor reads first, Clicks how many
	// clicks refusing takes.
	Order, Clicks string
	// Weak lists how reject is drawn weaker than accept, by the
	// thresholds of reject-less-prominent.
	Weak    []string
	Choices []htmlChoice
}

// htmlControl is one measured control.
type htmlControl struct {
	Kind string
	L    observe.ControlLook
	// Contrast is the ratio as text, "unknown" behind an image.
	Contrast string
}

// htmlChoice is one settings-layer choice as it stood.
type htmlChoice struct {
	Label, State string
	Preticked    bool
}

// firstLayerView prepares a phase's first-layer measurements; nil when
// nothing was measured.
func firstLayerView(e *observe.ConsentEvidence) *htmlFirstLayer {
	p := e.Prominence
	if p == nil && len(e.Choices) == 0 {
		return nil
	}
	v := &htmlFirstLayer{}
	if p != nil {
		for _, c := range []struct {
			kind string
			l    *observe.ControlLook
		}{{"Accept", p.Accept}, {"Reject", p.Reject}} {
			if c.l == nil {
				continue
			}
			contrast := "unknown (an image, gradient or colour outside sRGB behind the text)"
			if c.l.Contrast > 0 {
				contrast = fmt.Sprintf("%.2f:1", c.l.Contrast)
			}
			v.Controls = append(v.Controls, htmlControl{Kind: c.kind, L: *c.l, Contrast: contrast})
		}
		switch {
		case p.Accept != nil && p.Reject != nil && p.RejectFirst:
			v.Order = "reject comes first"
		case p.Accept != nil && p.Reject != nil:
			v.Order = "accept comes first"
		}
		switch p.ClicksToRefuse {
		case 0:
			v.Clicks = "no way to refuse was found"
		case 1:
			v.Clicks = "1 (reject on the first layer)"
		default:
			v.Clicks = fmt.Sprintf("%d (through the settings layer)", p.ClicksToRefuse)
		}
		v.Weak, _ = audit.RejectWeaknesses(p)
	}
	for _, c := range e.Choices {
		state := "off"
		if c.On {
			state = "on"
		}
		switch {
		case c.Necessary:
			state += ", strictly necessary"
		case c.On:
			state += " before the visitor chose: pre-ticked"
		}
		switch {
		case e.ChoicesInSeparateTab:
			state += " (read by opening the settings layer in a separate tab)"
		case !c.Visible:
			state += " (read from the settings layer before it was opened)"
		}
		v.Choices = append(v.Choices, htmlChoice{Label: c.Label, State: state, Preticked: c.On && !c.Necessary})
	}
	return v
}

// The first layer's block of the HTML report, kept apart from the rest of
// the banner's evidence.
var _ = template.Must(htmlTemplate.New("firstlayer").Parse(`
{{- with .}}
<div class="firstlayer">
{{- if .Controls}}
<table class="small">
<caption>First layer as drawn, before any click</caption>
<thead><tr><th>Control</th><th>Drawn as</th><th>Size (px)</th><th>Text</th><th>Colours</th><th>Contrast</th></tr></thead>
<tbody>
{{- range .Controls}}
<tr><td>{{.Kind}}: {{.L.Name}}</td><td>{{.L.Appearance}} <span class="muted">&lt;{{.L.Tag}}&gt;{{with .L.Role}} role {{.}}{{end}}</span></td><td>{{.L.Width}} × {{.L.Height}}</td><td>{{.L.FontSize}}px, weight {{.L.FontWeight}}</td><td><span class="swatch" style="color: {{.L.Color}}; background: {{.L.Background}}">Aa</span> {{.L.Color}} on {{.L.Background}}</td><td>{{.Contrast}}</td></tr>
{{- end}}
</tbody>
</table>
{{- end}}
<dl class="ev">
{{- with .Order}}<dt>Order</dt><dd>{{.}}</dd>{{end}}
{{- with .Clicks}}<dt>Clicks to refuse</dt><dd>{{.}}</dd>{{end}}
{{- if .Weak}}<dt>Reject weaker than accept</dt><dd>{{join .Weak "; "}}</dd>{{end}}
{{- if .Choices}}<dt>Settings before any click</dt><dd><ul class="choices">{{range .Choices}}<li{{if .Preticked}} class="preticked"{{end}}>{{.Label}}: {{.State}}</li>{{end}}</ul></dd>{{end}}
</dl>
</div>
{{- end}}`))
