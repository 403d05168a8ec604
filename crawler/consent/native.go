package consent

import (
	"cmp"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

//go:embed native.js
var nativeJS string

// nativeWorld is the isolated world the native code runs in.
const nativeWorld = "cookieaudit-native"

// maxFrames bounds how many frames of a page are searched for a banner.
const maxFrames = 40

// control is a visible control of a frame, as native.js lists it.
type control struct {
	Index    int    `json:"index"`
	Name     string `json:"name"`
	Tag      string `json:"tag"`
	Href     string `json:"href"` // the page a link loads; "" when it stays
	InBanner bool   `json:"in_banner"`
	Overlay  bool   `json:"overlay"`
	Hinted   bool   `json:"hinted"`
	CMP      string `json:"cmp"` // the consent manager whose markup holds it

	kind     Kind
	strength int
	frame    *frameWorld
}

// frameWorld is one frame with cookieaudit's native world in it.
type frameWorld struct {
	id       cdp.FrameID
	ctx      runtime.ExecutionContextID
	URL      string    `json:"url"`
	Top      bool      `json:"top"`
	CMP      string    `json:"cmp"`
	Controls []control `json:"controls"`
	// Moving is true when an animation or transition was running in the
	// frame: a banner fading or sliding in may not count as visible yet.
	Moving bool `json:"moving"`
}

// call runs a native.js function in the frame's world and decodes its
// result into out (which may be nil).
func (f *frameWorld) call(ctx context.Context, expr string, out any) error {
	res, err := chromedp.Call(ctx, runtime.Evaluate, runtime.EvaluateParams{
		Expression:    nativeJS + "\n;" + expr,
		ContextID:     f.ctx,
		ReturnByValue: new(true),
		Silent:        new(true),
	})
	if err != nil {
		return err
	}
	if res.ExceptionDetails != nil {
		msg := res.ExceptionDetails.Text
		if res.ExceptionDetails.Exception != nil {
			msg = res.ExceptionDetails.Exception.Description
		}
		return fmt.Errorf("script: %s", msg)
	}
	if out == nil || res.Result == nil || len(res.Result.Value) == 0 {
		return nil
	}
	return json.Unmarshal(res.Result.Value, out)
}

// worlds opens the native world in every rendered frame of the page, top
// frame first.
func worlds(ctx context.Context) ([]*frameWorld, error) {
	tree, err := chromedp.Call(ctx, page.GetFrameTree, struct{}{})
	if err != nil {
		return nil, fmt.Errorf("frame tree: %w", err)
	}
	var out []*frameWorld
	var walk func(t *page.FrameTree, top bool)
	walk = func(t *page.FrameTree, top bool) {
		if t == nil || t.Frame == nil || len(out) >= maxFrames {
			return
		}
		if top || frameRendered(ctx, t.Frame.ID) {
			w, err := chromedp.Call(ctx, page.CreateIsolatedWorld, page.CreateIsolatedWorldParams{FrameID: t.Frame.ID, WorldName: nativeWorld})
			if err == nil {
				out = append(out, &frameWorld{id: t.Frame.ID, ctx: w.ExecutionContextID, URL: t.Frame.URL, Top: top})
			}
		}
		for _, ch := range t.ChildFrames {
			walk(ch, false)
		}
	}
	walk(tree.FrameTree, true)
	if len(out) == 0 {
		return nil, fmt.Errorf("no frame to search")
	}
	return out, nil
}

// frameRendered reports whether an iframe's element has a box on the page
// (a hidden iframe's banner is not one a visitor sees).
func frameRendered(ctx context.Context, id cdp.FrameID) bool {
	owner, err := chromedp.Call(ctx, dom.GetFrameOwner, dom.GetFrameOwnerParams{FrameID: id})
	if err != nil {
		return false
	}
	box, err := chromedp.Call(ctx, dom.GetBoxModel, dom.GetBoxModelParams{BackendNodeID: owner.BackendNodeID})
	return err == nil && box.Model != nil && box.Model.Width >= 2 && box.Model.Height >= 2
}

// scanPage lists the visible controls of every rendered frame, classified.
func scanPage(ctx context.Context) ([]*frameWorld, error) {
	ws, err := worlds(ctx)
	if err != nil {
		return nil, err
	}
	var out []*frameWorld
	for _, w := range ws {
		var got frameWorld
		if err := w.call(ctx, "__cookieauditNative.scan()", &got); err != nil {
			continue // a frame that went away or forbids scripts
		}
		w.URL, w.CMP, w.Controls, w.Moving = got.URL, got.CMP, got.Controls, got.Moving
		for i := range w.Controls {
			c := &w.Controls[i]
			c.frame = w
			c.kind, c.strength = Classify(c.Name)
		}
		out = append(out, w)
	}
	return out, nil
}

// layer is what a scan found of the banner's controls.
type layer struct {
	frames []*frameWorld
	byKind map[Kind][]*control
}

// bannerLayer keeps the consent controls that sit in something about
// cookies and do not load another page (the policy page, say).
func bannerLayer(frames []*frameWorld) layer {
	l := layer{frames: frames, byKind: map[Kind][]*control{}}
	for _, f := range frames {
		for i := range f.Controls {
			c := &f.Controls[i]
			if !c.inBanner() {
				continue
			}
			l.byKind[c.kind] = append(l.byKind[c.kind], c)
		}
	}
	for _, cs := range l.byKind {
		slices.SortStableFunc(cs, func(a, b *control) int {
			if c := cmp.Compare(b.strength, a.strength); c != 0 {
				return c
			}
			return cmp.Compare(score(b), score(a))
		})
	}
	return l
}

// inBanner reports whether a control is a banner's consent control: it is
// named like one and sits in something of modest size that talks about
// cookies, which floats over the page or is marked as a consent box, unless
// its name alone is unmistakable ("Reject all cookies"). A link that loads
// another page counts only when plainly named accept or reject (a server
// recording the choice); "Manage cookies" or "Cookie policy" links lead
// away to the policy page and are never pressed.
func (c *control) inBanner() bool {
	if c.kind == KindOther || !c.InBanner {
		return false
	}
	if c.Href != "" && (c.strength < 2 || (c.kind != KindAccept && c.kind != KindReject)) {
		return false
	}
	return c.Overlay || c.Hinted || c.strength >= 3
}

// score prefers controls in something floating over the page and in the
// top frame.
func score(c *control) int {
	s := 0
	if c.Href == "" {
		s += 4 // a control that keeps the page beats a link that leaves it
	}
	if c.Overlay {
		s += 2
	}
	if c.Hinted {
		s++
	}
	if c.frame != nil && c.frame.Top {
		s++
	}
	return s
}

// found reports whether the layer is a banner: it offers accept or reject.
func (l layer) found() bool {
	return len(l.byKind[KindAccept]) > 0 || len(l.byKind[KindReject]) > 0
}

// best is the control of the kind to press, or nil.
func (l layer) best(k Kind) *control {
	if cs := l.byKind[k]; len(cs) > 0 {
		return cs[0]
	}
	return nil
}

// manager names the consent manager recognised by its markup, or "generic".
func (l layer) manager() string {
	for _, k := range []Kind{KindAccept, KindReject, KindSettings, KindSave} {
		if c := l.best(k); c != nil && c.CMP != "" {
			return c.CMP
		}
	}
	for _, f := range l.frames {
		if f.CMP != "" {
			return f.CMP
		}
	}
	return "generic"
}

// summary lists the layer's consent controls as "kind: name" lines.
func (l layer) summary() []string {
	var out []string
	for _, k := range []Kind{KindAccept, KindReject, KindSettings, KindSave} {
		for _, c := range l.byKind[k] {
			out = append(out, k.String()+": "+c.Name)
		}
	}
	return out
}

// press clicks a control listed by the scan that found it.
func press(ctx context.Context, c *control) (string, error) {
	var r struct {
		OK    bool   `json:"ok"`
		Name  string `json:"name"`
		Error string `json:"error"`
	}
	if err := c.frame.call(ctx, "__cookieauditNative.click("+strconv.Itoa(c.Index)+")", &r); err != nil {
		return "", err
	}
	if !r.OK {
		return "", fmt.Errorf("click %q: %s", c.Name, r.Error)
	}
	return r.Name, nil
}

// pressSelector clicks the first visible match of a CSS selector in any
// frame; it returns false when none is visible.
func pressSelector(ctx context.Context, selector string) (string, bool, error) {
	ws, err := worlds(ctx)
	if err != nil {
		return "", false, err
	}
	arg, _ := json.Marshal(selector)
	for _, w := range ws {
		var r struct {
			OK    bool   `json:"ok"`
			Name  string `json:"name"`
			Error string `json:"error"`
		}
		if err := w.call(ctx, "__cookieauditNative.clickSelector("+string(arg)+")", &r); err != nil {
			continue
		}
		if r.Error != "" {
			return "", false, fmt.Errorf("selector %s: %s", selector, r.Error)
		}
		if r.OK {
			return r.Name, true, nil
		}
	}
	return "", false, nil
}

// clearChoices switches off every optional choice in every frame and
// returns how many it switched off.
func clearChoices(ctx context.Context) int {
	ws, err := worlds(ctx)
	if err != nil {
		return 0
	}
	n := 0
	for _, w := range ws {
		var k int
		if err := w.call(ctx, "__cookieauditNative.clearChoices()", &k); err == nil {
			n += k
		}
	}
	return n
}
