package render

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cookieaudit/cookieaudit/crawler/observe"
)

// compactFirstLayer renders a first-layer view in one line.
func compactFirstLayer(v *htmlFirstLayer) string {
	if v == nil {
		return "none"
	}
	var parts []string
	for _, c := range v.Controls {
		parts = append(parts, fmt.Sprintf("%s %s %s", c.Kind, c.L.Appearance, c.Contrast))
	}
	parts = append(parts, "order="+v.Order, "clicks="+v.Clicks, "weak="+strings.Join(v.Weak, "; "))
	for _, c := range v.Choices {
		parts = append(parts, fmt.Sprintf("%s=%s/%t", c.Label, c.State, c.Preticked))
	}
	return strings.Join(parts, " | ")
}

func TestFirstLayerView(t *testing.T) {
	button := &observe.ControlLook{Name: "Accept all", Appearance: observe.ControlButton, Width: 200, Height: 40, FontSize: 16, Contrast: 5.2}
	link := &observe.ControlLook{Name: "Reject", Appearance: observe.ControlLink, Width: 200, Height: 40, FontSize: 16}
	tests := []struct {
		desc string
		ev   observe.ConsentEvidence
		want string
	}{
		{"nothing measured", observe.ConsentEvidence{}, "none"},
		{"reject a link, contrast unknown, read first",
			observe.ConsentEvidence{Prominence: &observe.Prominence{Accept: button, Reject: link, RejectFirst: true, ClicksToRefuse: 1}},
			"Accept button 5.20:1 | Reject link unknown (an image, gradient or colour outside sRGB behind the text) | order=reject comes first | clicks=1 (reject on the first layer) | weak=it is a plain link beside an accept button"},
		{"no reject on the first layer",
			observe.ConsentEvidence{Prominence: &observe.Prominence{Accept: button, ClicksToRefuse: 3}},
			"Accept button 5.20:1 | order= | clicks=3 (through the settings layer) | weak="},
		{"no way to refuse, choices from the hidden layer",
			observe.ConsentEvidence{Prominence: &observe.Prominence{Accept: button}, Choices: []observe.ConsentChoice{{Label: "Necessary", On: true, Necessary: true}, {Label: "Analytics", On: true}}},
			"Accept button 5.20:1 | order= | clicks=no way to refuse was found | weak= | Necessary=on, strictly necessary (read from the settings layer before it was opened)/false | Analytics=on before the visitor chose: pre-ticked (read from the settings layer before it was opened)/true"},
		{"choices read in a separate tab",
			observe.ConsentEvidence{Choices: []observe.ConsentChoice{{Label: "Marketing", Visible: true}}, ChoicesInSeparateTab: true},
			"order= | clicks= | weak= | Marketing=off (read by opening the settings layer in a separate tab)/false"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			if got := compactFirstLayer(firstLayerView(&tt.ev)); got != tt.want {
				t.Errorf("\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}
