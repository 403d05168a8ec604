package consent

import (
	"strings"
	"testing"
)

func TestAPICalls(t *testing.T) {
	tests := []struct {
		code string
		want string
	}{
		{`() => window.Cookiebot.withdraw() || true`, `Cookiebot.withdraw()`},
		{`() => window.Cookiebot.hide() || true`, ``},
		{`() => { klaro.show(undefined, true); }`, ``},
		{`() => !window.Cookiebot.hasResponse && window.Cookiebot.dialog?.visible === true`, ``},
		{`() => window.OnetrustActiveGroups.split(',').filter((s) => s.length > 0).length <= 1`, ``},
		{`() => { klaro.getManager().changeAll(false); klaro.getManager().saveAndApplyConsents(); return true; }`, `klaro.getManager().changeAll(false); klaro.getManager().saveAndApplyConsents()`},
		{`() => __cmp('setConsent', 0)`, `__cmp('setConsent', 0)`},
		{`() => window.__cmp?.('getCMPData')`, ``},
		{`() => CookieInformation.declineAllCategories() || true`, `CookieInformation.declineAllCategories()`},
		{`() => document.querySelector('body').removeAttribute('style') || true`, ``},
		{`() => document.querySelectorAll('#m input').forEach((i) => { if (!i.disabled) i.checked = false; }) || true`, ``},
		{`() => Array.from(document.querySelectorAll('div > button')).filter((el) => el.innerText.match('Reject'))[0].click() || true`, ``},
		{`() => window.OneTrust.RejectAll()`, `OneTrust.RejectAll()`},
		{`() => !!window.Cookiebot`, ``},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			if got := strings.Join(apiCalls(tt.code), "; "); got != tt.want {
				t.Errorf("apiCalls(%q) = %q, want %q", tt.code, got, tt.want)
			}
		})
	}
}
