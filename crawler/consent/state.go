package consent

import (
	"context"
	_ "embed"
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/cookieaudit/cookieaudit/crawler/observe"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

//go:embed state.js
var stateJS string

// stateWait bounds reading the consent state back (a TCF CMP answers
// asynchronously).
const stateWait = 3 * time.Second

// readState reads back, in the page's main world, what the consent manager
// recorded of the choice: through its API (Cookiebot.consent, __tcfapi,
// OneTrust's globals) or its record (the CookieControl, OptanonConsent,
// CookieConsent or cookies_policy cookie, or another record the choice
// wrote, named in records). Values are parsed in the page; only category
// names and whether each was granted come back. It returns nil when nothing
// could be read.
func readState(ctx context.Context, records []string) *observe.ConsentState {
	arg, _ := json.Marshal(records)
	if records == nil {
		arg = []byte("[]")
	}
	sctx, cancel := context.WithTimeout(ctx, stateWait)
	defer cancel()
	res, err := chromedp.Call(sctx, runtime.Evaluate, runtime.EvaluateParams{
		Expression:    "(" + strings.TrimSpace(stripLeadingComments(stateJS)) + ")(" + string(arg) + ")",
		ReturnByValue: new(true),
		AwaitPromise:  new(true),
		Silent:        new(true),
	})
	if err != nil || res.ExceptionDetails != nil || res.Result == nil || len(res.Result.Value) == 0 {
		return nil
	}
	var raw struct {
		Source  string          `json:"source"`
		Granted map[string]bool `json:"granted"`
	}
	if json.Unmarshal(res.Result.Value, &raw) != nil || raw.Source == "" {
		return nil
	}
	return stateOf(raw.Source, raw.Granted)
}

// stripLeadingComments drops the comment lines before the function.
func stripLeadingComments(s string) string {
	for strings.HasPrefix(s, "//") {
		_, s, _ = strings.Cut(s, "\n")
	}
	return s
}

// stateOf turns a manager's categories into the report's state, with the
// names normalised and each listed once, sorted; a category both granted
// and refused under different names counts as granted.
func stateOf(source string, granted map[string]bool) *observe.ConsentState {
	st := &observe.ConsentState{Source: source, Accepted: []string{}, Refused: []string{}}
	for name, on := range granted {
		c := NormalizeCategory(name)
		if on && !slices.Contains(st.Accepted, c) {
			st.Accepted = append(st.Accepted, c)
		}
	}
	for name, on := range granted {
		c := NormalizeCategory(name)
		if !on && !slices.Contains(st.Accepted, c) && !slices.Contains(st.Refused, c) {
			st.Refused = append(st.Refused, c)
		}
	}
	slices.Sort(st.Accepted)
	slices.Sort(st.Refused)
	return st
}

// categoryNames maps what managers call their purposes to the report's
// four categories.
var categoryNames = []struct {
	re   *regexp.Regexp
	name string
}{
	{regexp.MustCompile(`^onetrust:C0001$|essential|necessary|strictly|required`), "necessary"},
	{regexp.MustCompile(`^(onetrust:C0002|tcf:(8|9|10))$|analytic|statistic|performance|usage|measurement`), "analytics"},
	{regexp.MustCompile(`^(onetrust:C0003)$|preference|functional|settings|personali[sz]ation`), "preferences"},
	{regexp.MustCompile(`^(onetrust:C000[45]|tcf:[2-7])$|marketing|advertis|^ads$|targeting|campaign|social|tracking|third.?party`), "marketing"},
}

// NormalizeCategory names a consent manager's purpose category as one of
// "necessary", "preferences", "analytics" or "marketing" when it is known,
// else returns it lower-cased ("optional" for a choice with no categories,
// "tcf:11" for a TCF purpose without a counterpart).
func NormalizeCategory(name string) string {
	n := strings.ToLower(strings.TrimSpace(name))
	for _, c := range categoryNames {
		if c.re.MatchString(n) || c.re.MatchString(name) {
			return c.name
		}
	}
	return n
}
