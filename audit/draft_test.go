package audit

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cookieaudit/cookieaudit/crawler/observe"
)

// TestDraftPartyFromStoredCookie checks that a policy draft calls a cookie
// first or third party from where it was stored, never from refused
// attempts to set it on the public suffix.
func TestDraftPartyFromStoredCookie(t *testing.T) {
	refused := func(c *observe.Cookie) {
		c.Domain, c.Blocked, c.BlockedReason, c.ThirdParty = ".gov.uk", true, "InvalidDomain", true
	}
	thirdParty := func(c *observe.Cookie) { c.Domain, c.ThirdParty = ".clarity.ms", true }
	s := site(nil,
		cookie(observe.PhasePreConsent, "_ga", 400*day, refused), cookie(observe.PhasePreConsent, "_ga", 400*day),
		cookie(observe.PhasePreConsent, "_gid", day), cookie(observe.PhaseReject, "_gid", day, refused),
		cookie(observe.PhaseAccept, "MUID", 390*day, thirdParty),
		cookie(observe.PhaseAccept, "_only_refused", day, refused))
	var got []string
	for _, r := range DraftPolicy(s, nil).Rows {
		got = append(got, fmt.Sprintf("%s %s %s", r.Name, r.Party(), strings.Join(r.Domains, " ")))
	}
	want := "_ga first party .x.gov.uk\n_gid first party .x.gov.uk\nMUID third party .clarity.ms\n_only_refused third party .gov.uk"
	if strings.Join(got, "\n") != want {
		t.Errorf("draft rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
}
