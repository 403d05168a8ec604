package consent

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/cookieaudit/cookieaudit/crawler/observe"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// The isolated world autoconsent runs in, and the binding it talks through.
// Both differ from the crawler's own binding, which lives in the page's
// main world.
const (
	autoconsentWorld   = "cookieaudit-autoconsent"
	autoconsentBinding = "__cookieauditConsent"
)

// acConfig is autoconsent's configuration: no automatic action (Apply
// decides), no CSS hiding of banners (hiding is not consent), and the
// heuristic clicker limited to reject buttons, since in its other modes it
// presses "accept" to "opt out" of banners with no reject.
const acConfig = `{"enabled":true,"autoAction":null,"disabledCmps":[],"enablePrehide":false,` +
	`"enableCosmeticRules":false,"enableGeneratedRules":true,"detectRetries":20,"isMainWorld":false,` +
	`"prehideTimeout":2000,"enableHeuristicDetection":true,"heuristicMode":"reject",` +
	`"enablePopupMutationObserver":false,"visualTest":false,"performanceLoggingEnabled":false,` +
	`"heuristicPopupSearchTimeout":100,"logs":{"lifecycle":false,"rulesteps":false,"detectionsteps":false,` +
	`"evals":false,"errors":false,"messages":false,"waits":false}}`

// acMessage is a message from autoconsent's content script (or bridge.js).
type acMessage struct {
	Type        string          `json:"type"`
	CMP         string          `json:"cmp"`
	URL         string          `json:"url"`
	Result      bool            `json:"result"`
	IsCosmetic  bool            `json:"isCosmetic"`
	TotalClicks int             `json:"totalClicks"`
	ID          string          `json:"id"`
	Code        string          `json:"code"`
	Text        string          `json:"text"`
	Details     json.RawMessage `json:"details"`
	// MainFrame and State come with "report" messages: the sender's frame
	// and autoconsent's state there, of which the detection attempts so
	// far are read.
	MainFrame bool `json:"mainFrame"`
	State     struct {
		FindCmpAttempts int `json:"findCmpAttempts"`
		WaitingAfter    int `json:"cookieauditWaitingAfter"` // see bundlePatches
	} `json:"state"`

	ctx runtime.ExecutionContextID
	seq int
}

// tab is autoconsent's state in one browser tab.
type tab struct {
	m        *Manager
	targetID target.ID

	mu         sync.Mutex
	worldFrame map[runtime.ExecutionContextID]cdp.FrameID
	mainCtx    map[cdp.FrameID]runtime.ExecutionContextID
	msgs       []acMessage
	changed    chan struct{} // closed and replaced on every message
	// detection is, for each frame's world autoconsent reported from, how
	// far its detection has gone.
	detection map[runtime.ExecutionContextID]*detection
	// script is the bundle's registration for new documents, removed
	// once the choice is made (see Manager.retire).
	script page.ScriptIdentifier
}

func newTab(m *Manager, id target.ID) *tab {
	return &tab{
		m: m, targetID: id,
		worldFrame: map[runtime.ExecutionContextID]cdp.FrameID{},
		mainCtx:    map[cdp.FrameID]runtime.ExecutionContextID{},
		changed:    make(chan struct{}),
		detection:  map[runtime.ExecutionContextID]*detection{},
	}
}

// detection is how far autoconsent's detection in one frame has gone, from
// its reports: the attempts begun, and the last attempt after which it
// waited for the page to change (0 with an unpatched bundle).
type detection struct {
	top                 bool
	begun, waitingAfter int
}

// idle reports whether the detection has nothing more to try until the
// page changes: it waits for a change after its latest attempt (see
// tab.popup).
func (d *detection) idle() bool {
	return d.waitingAfter >= 2 && d.waitingAfter == d.begun
}

// start subscribes to the tab's events, then installs the binding and the
// bundle for every document the tab loads from now on.
func (t *tab) start(ctx context.Context) error {
	created := chromedp.Events(ctx, runtime.ExecutionContextCreated)
	calls := chromedp.Events(ctx, runtime.BindingCalled)
	if _, err := chromedp.Call(ctx, runtime.AddBinding, runtime.AddBindingParams{Name: autoconsentBinding, ExecutionContextName: autoconsentWorld}); err != nil {
		return err
	}
	added, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: t.m.script, WorldName: autoconsentWorld})
	if err != nil {
		return err
	}
	t.mu.Lock()
	t.script = added.Identifier
	t.mu.Unlock()
	go func() {
		for ev, err := range created {
			if err != nil {
				return
			}
			t.onContext(ev.Context)
		}
	}()
	go func() {
		for ev, err := range calls {
			if err != nil {
				return
			}
			if ev.Name == autoconsentBinding {
				t.onMessage(ctx, ev.ExecutionContextID, ev.Payload)
			}
		}
	}()
	return nil
}

func (t *tab) onContext(d *runtime.ExecutionContextDescription) {
	if d == nil {
		return
	}
	var aux struct {
		FrameID   cdp.FrameID `json:"frameId"`
		IsDefault bool        `json:"isDefault"`
	}
	if len(d.AuxData) == 0 || json.Unmarshal(d.AuxData, &aux) != nil || aux.FrameID == "" {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if aux.IsDefault {
		t.mainCtx[aux.FrameID] = d.ID
	}
	if d.Name == autoconsentWorld {
		t.worldFrame[d.ID] = aux.FrameID
	}
	t.notifyLocked()
}

func (t *tab) notifyLocked() {
	close(t.changed)
	t.changed = make(chan struct{})
}

// frameOf waits briefly for the frame of an autoconsent world to be known:
// the event that names it may arrive after the world's first message.
func (t *tab) frameOf(ctx context.Context, id runtime.ExecutionContextID) (cdp.FrameID, bool) {
	deadline := time.After(2 * time.Second)
	for {
		t.mu.Lock()
		f, ok := t.worldFrame[id]
		ch := t.changed
		t.mu.Unlock()
		if ok {
			return f, true
		}
		select {
		case <-ch:
		case <-deadline:
			return "", false
		case <-ctx.Done():
			return "", false
		}
	}
}

func (t *tab) onMessage(ctx context.Context, id runtime.ExecutionContextID, payload string) {
	var msg acMessage
	if err := json.Unmarshal([]byte(payload), &msg); err != nil {
		return
	}
	msg.ctx = id
	switch msg.Type {
	case "init":
		go t.answerInit(ctx, id, msg.URL)
		return
	case "eval":
		go t.answerEval(ctx, id, msg)
		// Kept: the snippets run while acting show which consent manager
		// API calls made the choice.
	case "report":
		t.mu.Lock()
		d := t.detection[id]
		if d == nil {
			d = &detection{top: msg.MainFrame}
			t.detection[id] = d
		}
		d.begun, d.waitingAfter = msg.State.FindCmpAttempts, msg.State.WaitingAfter
		t.notifyLocked()
		t.mu.Unlock()
		return
	case "autoconsentError":
		t.m.log.Debug("autoconsent error", "details", string(msg.Details))
	}
	t.mu.Lock()
	msg.seq = len(t.msgs)
	t.msgs = append(t.msgs, msg)
	t.notifyLocked()
	t.mu.Unlock()
}

// send delivers a message to autoconsent in one frame's world.
func (t *tab) send(ctx context.Context, id runtime.ExecutionContextID, msg string) error {
	_, err := chromedp.Call(ctx, runtime.Evaluate, runtime.EvaluateParams{
		Expression: "globalThis.autoconsentReceiveMessage && void globalThis.autoconsentReceiveMessage(" + msg + ")",
		ContextID:  id,
		Silent:     new(true),
	})
	return err
}

// answerInit sends autoconsent in a frame its configuration and the rules
// that can run on the frame's document at pageURL.
func (t *tab) answerInit(ctx context.Context, id runtime.ExecutionContextID, pageURL string) {
	rules := t.m.rulesTop
	if t.inIframe(ctx, id) {
		rules = t.m.rulesFrame
	}
	if err := t.send(ctx, id, `{"type":"initResp","config":`+acConfig+`,"rules":`+rules.forURL(pageURL)+`}`); err != nil {
		t.m.log.Debug("autoconsent init", "err", err)
	}
}

// answerEval runs a rule's snippet in the main world of the frame that
// asked, as autoconsent's eval messages require, and returns the result.
func (t *tab) answerEval(ctx context.Context, id runtime.ExecutionContextID, msg acMessage) {
	result := false
	if f, ok := t.frameOf(ctx, id); ok {
		t.mu.Lock()
		main, ok := t.mainCtx[f]
		t.mu.Unlock()
		if ok {
			ectx, cancel := context.WithTimeout(ctx, 5*time.Second)
			res, err := chromedp.Call(ectx, runtime.Evaluate, runtime.EvaluateParams{
				Expression: msg.Code, ContextID: main, ReturnByValue: new(true), AwaitPromise: new(true), Silent: new(true),
			})
			cancel()
			if err == nil && res.ExceptionDetails == nil && res.Result != nil && len(res.Result.Value) > 0 {
				_ = json.Unmarshal(res.Result.Value, &result)
			}
		}
	}
	reply, _ := json.Marshal(map[string]any{"type": "evalResp", "id": msg.ID, "result": result})
	if err := t.send(ctx, id, string(reply)); err != nil {
		t.m.log.Debug("autoconsent eval reply", "err", err)
	}
}

// mark returns the number of messages seen so far.
func (t *tab) mark() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.msgs)
}

// wait returns the first message from index from on that satisfies ok,
// waiting until timeout.
func (t *tab) wait(ctx context.Context, from int, timeout time.Duration, ok func(acMessage) bool) (acMessage, bool) {
	deadline := time.Now().Add(timeout)
	return t.waitUntil(ctx, from, func() time.Time { return deadline }, ok)
}

// waitUntil returns the first message from index from on that satisfies
// ok, waiting until the time end returns (asked again, with t.mu held,
// whenever a message arrives).
func (t *tab) waitUntil(ctx context.Context, from int, end func() time.Time, ok func(acMessage) bool) (acMessage, bool) {
	for {
		t.mu.Lock()
		for _, msg := range t.msgs[min(from, len(t.msgs)):] {
			if ok(msg) {
				t.mu.Unlock()
				return msg, true
			}
		}
		wait := time.Until(end())
		ch := t.changed
		t.mu.Unlock()
		if wait <= 0 {
			return acMessage{}, false
		}
		timer := time.NewTimer(wait)
		select {
		case <-ch:
			timer.Stop()
		case <-timer.C:
		case <-ctx.Done():
			timer.Stop()
			return acMessage{}, false
		}
	}
}

// clicksSince lists the names of the controls clicked since message from.
func (t *tab) clicksSince(from int) []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []string
	for _, msg := range t.msgs[min(from, len(t.msgs)):] {
		if msg.Type == "cookieauditClick" && msg.Text != "" {
			out = append(out, msg.Text)
		}
	}
	return out
}

// apiCallsSince lists the consent manager API calls in the snippets
// autoconsent ran in the page since message from, in order, each once.
func (t *tab) apiCallsSince(from int) []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []string
	for _, msg := range t.msgs[min(from, len(t.msgs)):] {
		if msg.Type != "eval" {
			continue
		}
		for _, c := range apiCalls(msg.Code) {
			if !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
	}
	return out
}

// Waits for autoconsent's detection. Apply runs after the page settled, so
// a consent manager is usually known by then; one that was detected gets
// longer to show its popup.
const (
	acDetectWait = 1500 * time.Millisecond
	acPopupWait  = 5 * time.Second
	acResultWait = 15 * time.Second
)

// topDetection returns the detection attempts autoconsent in the top
// frame has begun, and the last one after which it waited for the page to
// change (0 until it first did, or with an unpatched bundle).
func (t *tab) topDetection() (begun, waitingAfter int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, d := range t.detection {
		if d.top {
			begun, waitingAfter = max(begun, d.begun), max(waitingAfter, d.waitingAfter)
		}
	}
	return begun, waitingAfter
}

// idle reports whether autoconsent's detection in every frame it reported
// from has nothing more to try until the page changes; t.mu is held.
func (t *tab) idle() bool {
	for _, d := range t.detection {
		if !d.idle() {
			return false
		}
	}
	return len(t.detection) > 0
}

// popup waits for autoconsent to report a visible popup and returns the
// latest report (an earlier one may come from a document since replaced by
// a redirect). When bannerShown (the native search sees a banner on the
// settled page), it stops waiting early once autoconsent has nothing more
// to try until the page changes: in every frame it runs in, its second
// attempt or a later one found nothing and it waits for a change.
func (t *tab) popup(ctx context.Context, since int, bannerShown bool) (acMessage, bool) {
	isPopup := func(m acMessage) bool { return m.Type == "popupFound" }
	if _, ok := t.detect(ctx, since, bannerShown, isPopup); !ok {
		if _, detected := t.wait(ctx, since, 0, func(m acMessage) bool { return m.Type == "cmpDetected" }); !detected {
			return acMessage{}, false
		}
		if _, ok := t.wait(ctx, since, acPopupWait, isPopup); !ok {
			return acMessage{}, false
		}
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	for i := len(t.msgs) - 1; i >= since; i-- {
		if isPopup(t.msgs[i]) {
			return t.msgs[i], true
		}
	}
	return acMessage{}, false
}

// detect waits, at most the Manager's detectWait, for a message from index since on
// that satisfies ok; with idleEnds, only until autoconsent's detection is
// idle (see popup).
func (t *tab) detect(ctx context.Context, since int, idleEnds bool, ok func(acMessage) bool) (acMessage, bool) {
	deadline, idle := time.Now().Add(t.m.detectWait), false
	msg, found := t.waitUntil(ctx, since, func() time.Time {
		if idle = idleEnds && t.idle(); idle {
			return time.Time{}
		}
		return deadline
	}, ok)
	if !found && idle && ctx.Err() == nil {
		t.m.log.Debug("autoconsent detection idle: nothing more to try until the page changes")
	}
	return msg, found
}

// inIframe reports whether an autoconsent world belongs to an iframe.
func (t *tab) inIframe(ctx context.Context, id runtime.ExecutionContextID) bool {
	f, ok := t.frameOf(ctx, id)
	return ok && string(f) != string(t.targetID)
}

// act asks autoconsent in the popup's frame to opt in or out and waits for
// the outcome: ok when autoconsent reports success without merely hiding
// the popup; clicks lists the controls pressed.
func (t *tab) act(ctx context.Context, popup acMessage, action observe.Choice) (ok bool, clicks, calls []string, detail string) {
	from := t.mark()
	typ, resultType := "optOut", "optOutResult"
	if action == observe.ChoiceAccept {
		typ, resultType = "optIn", "optInResult"
	}
	if err := t.send(ctx, popup.ctx, `{"type":"`+typ+`"}`); err != nil {
		return false, nil, nil, "autoconsent: " + err.Error()
	}
	res, got := t.wait(ctx, from, acResultWait, func(m acMessage) bool { return m.Type == resultType && m.ctx == popup.ctx })
	if !got {
		return false, t.clicksSince(from), t.apiCallsSince(from), "autoconsent: no " + resultType
	}
	if !res.Result {
		return false, t.clicksSince(from), t.apiCallsSince(from), "autoconsent: " + typ + " failed for " + res.CMP
	}
	done, gotDone := t.wait(ctx, from, 2*time.Second, func(m acMessage) bool { return m.Type == "autoconsentDone" && m.ctx == popup.ctx })
	if gotDone && done.IsCosmetic {
		return false, t.clicksSince(from), t.apiCallsSince(from), "autoconsent only hid the popup"
	}
	return true, t.clicksSince(from), t.apiCallsSince(from), ""
}

// cmpName turns autoconsent's rule name into the report's: heuristic
// detections are "generic".
func cmpName(rule string) string {
	if rule == "" || strings.HasPrefix(rule, "HEURISTIC") {
		return "generic"
	}
	return rule
}
