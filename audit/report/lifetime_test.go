package report

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/cookieaudit/cookieaudit/policy"
)

// TestLifetimeWireFormat checks that a report writes lifetimes as
// cookieaudit/report/v1 always has: a declaration's expiry_seconds null
// when unknown and 0 for a session, a match's declared_expiry_seconds left
// out when unknown, and the cap in seconds; and that such a report, as an
// earlier release wrote it, reads back to the same lifetimes.
func TestLifetimeWireFormat(t *testing.T) {
	r := &Report{
		Schema: Schema,
		Audit:  &AuditSettings{Profile: "uk", ExpiryTolerance: 0.1, LifetimeCap: policy.LifetimeInSeconds(33696000)},
		Sites: []Site{{
			Declared: []policy.Declaration{
				{Name: "unknown"},
				{Name: "session", Expiry: policy.SessionLifetime()},
				{Name: "year", Expiry: policy.LifetimeInSeconds(31536000)},
			},
			Matches: []CookieMatch{
				{Cookie: "unknown"},
				{Cookie: "session", Expiry: policy.SessionLifetime()},
				{Cookie: "year", Expiry: policy.LifetimeInSeconds(31536000)},
			},
		}},
	}
	var b bytes.Buffer
	if err := Write(&b, r); err != nil {
		t.Fatal(err)
	}
	field := regexp.MustCompile(`"(name|cookie|expiry_seconds|declared_expiry_seconds|lifetime_cap_seconds)": ("[a-z]+"|[0-9]+|null)`)
	var got []string
	for _, m := range field.FindAllStringSubmatch(b.String(), -1) {
		got = append(got, m[1]+"="+strings.Trim(m[2], `"`))
	}
	want := "name=unknown expiry_seconds=null name=session expiry_seconds=0 name=year expiry_seconds=31536000 " +
		"cookie=unknown cookie=session declared_expiry_seconds=0 cookie=year declared_expiry_seconds=31536000 " +
		"lifetime_cap_seconds=33696000"
	if g := strings.Join(got, " "); g != want {
		t.Errorf("lifetimes written:\n got %s\nwant %s", g, want)
	}

	back, err := ReadReport(&b)
	if err != nil {
		t.Fatal(err)
	}
	var read []string
	for _, d := range back.Sites[0].Declared {
		read = append(read, d.Name+"="+d.Expiry.String())
	}
	for _, m := range back.Sites[0].Matches {
		read = append(read, m.Cookie+"="+m.Expiry.String())
	}
	read = append(read, "cap="+back.Audit.LifetimeCap.String())
	if g, want := strings.Join(read, " "), "unknown=unknown session=session year=1 year unknown=unknown session=session year=1 year cap=390 days"; g != want {
		t.Errorf("lifetimes read back:\n got %s\nwant %s", g, want)
	}

	var bad Report
	if err := json.Unmarshal([]byte(`{"audit": {"lifetime_cap_seconds": -1}}`), &bad); err == nil {
		t.Error("a negative lifetime was read without error")
	}
}
