package consent

import (
	"regexp"
	"strings"
)

// callPattern finds call expressions on a named object in a snippet of
// JavaScript: "window.Cookiebot.withdraw()", "klaro.getManager().changeAll(false)",
// "__cmp('setConsent', 0)". Arguments may be literals, not nested calls.
var callPattern = regexp.MustCompile(`(?:\b(?:window|globalThis)\.)?\b([A-Za-z_$][\w$]*(?:\??\.[A-Za-z_$][\w$]*(?:\(\))?)*)\(([^()]*)\)`)

// notAPIRoots are objects whose methods are the browser's or the language's,
// not a consent manager's; a call on them does not make a choice.
var notAPIRoots = map[string]bool{
	"document": true, "Array": true, "JSON": true, "Object": true, "console": true,
	"localStorage": true, "sessionStorage": true, "Math": true, "Promise": true,
	"String": true, "Number": true, "Boolean": true, "Date": true, "RegExp": true,
	"history": true, "location": true, "navigator": true, "setTimeout": true,
	"decodeURIComponent": true, "encodeURIComponent": true, "atob": true, "btoa": true,
	"parseInt": true, "parseFloat": true, "waitFor": true, "function": true, "if": true,
	"return": true, "typeof": true, "CustomEvent": true, "Event": true,
}

// readOnly matches method names that read, search or only show or hide
// something rather than make a choice.
var readOnly = regexp.MustCompile(`^(hide|show|close|open|display|render|toggle|refresh|init|load|get|has|is|find|filter|map|some|every|includes|indexOf|match|split|trim|startsWith|endsWith|toLowerCase|toUpperCase|querySelector|querySelectorAll|getAttribute|getItem|keys|values|entries|parse|stringify|log|warn|error|forEach|test|exec|slice|replace|join|from|closest|contains|matches|addEventListener|removeEventListener|then|catch)`)

// apiCalls lists the consent manager API calls a snippet autoconsent ran
// in the page makes: calls on a global object that is not the browser's,
// whose method does not merely read ("Cookiebot.withdraw()",
// "OneTrust.RejectAll()", "__cmp('setConsent', 0)"), without the window
// prefix.
func apiCalls(code string) []string {
	var out []string
	for _, m := range callPattern.FindAllStringSubmatchIndex(code, -1) {
		chain := code[m[2]:m[3]]
		args := strings.TrimSpace(code[m[4]:m[5]])
		if m[2] > 0 && (code[m[2]-1] == '.' || code[m[2]-1] == '?') && !strings.HasSuffix(code[:m[2]], "window.") && !strings.HasSuffix(code[:m[2]], "globalThis.") {
			continue // the tail of a longer chain (a.b().c())
		}
		parts := strings.Split(strings.ReplaceAll(chain, "?.", "."), ".")
		root, method := parts[0], parts[len(parts)-1]
		method = strings.TrimSuffix(method, "()")
		if notAPIRoots[root] || readOnly.MatchString(method) {
			continue
		}
		if len(parts) == 1 && !strings.HasPrefix(root, "__") {
			continue // a plain function: a helper, not an API
		}
		if len(parts) > 1 && !startsUpperOrKnown(root) {
			continue // a local variable (el.click(), x.checked)
		}
		out = append(out, strings.ReplaceAll(chain, "?.", ".")+"("+args+")")
	}
	return out
}

// startsUpperOrKnown reports whether an identifier looks like a consent
// manager's global: capitalised (Cookiebot, OneTrust, CookieControl),
// prefixed with "__" (__cmp, __tcfapi), or a known lower-case global.
func startsUpperOrKnown(id string) bool {
	if strings.HasPrefix(id, "__") {
		return true
	}
	switch id {
	case "klaro", "ezCMP", "utag", "truste", "silktideCookieBannerManager", "cookieconsent", "tarteaucitron", "iubenda", "_iub", "googlefc":
		return true
	}
	return id != "" && id[0] >= 'A' && id[0] <= 'Z'
}
