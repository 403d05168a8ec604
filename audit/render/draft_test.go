package render

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/cookieaudit/cookieaudit/audit"

	"github.com/cookieaudit/cookieaudit/audit/audittest"
	"github.com/cookieaudit/cookieaudit/policy"
)

func TestPersonLifetime(t *testing.T) {
	const day = 24 * 60 * 60
	tests := []struct {
		seconds int64 // -1: unknown
		want    string
	}{
		{-1, "not stated"},
		{0, "when you close your browser"},
		{30, "1 minute"},
		{1800, "30 minutes"},
		{6 * 60 * 60, "6 hours"},
		{7 * day, "7 days"},
		{30 * day, "1 month"},
		{90 * day, "3 months"},
		{180 * day, "6 months"},
		{364 * day, "1 year"},
		{365 * day, "1 year"},
		{400 * day, "1 year and 1 month"},
		{13 * 31 * day, "1 year and 1 month"},
		{2 * 365 * day, "2 years"},
		{730*day + 5*60, "2 years"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.seconds), func(t *testing.T) {
			life := policy.LifetimeInSeconds(tt.seconds)
			if tt.seconds < 0 {
				life = policy.Lifetime{}
			}
			if got := audit.PersonLifetime(life); got != tt.want {
				t.Errorf("PersonLifetime(%d) = %q, want %q", tt.seconds, got, tt.want)
			}
		})
	}
}

// draftLines writes a draft compactly: name, category, lifetime, party and
// status per row.
func draftLines(d audit.PolicyDraft) string {
	var lines []string
	for _, r := range d.Rows {
		lines = append(lines, fmt.Sprintf("%s|%s|%s|%s|%s", r.Name, r.Category, audit.PersonLifetime(r.Lifetime), r.Party(), r.Status))
	}
	return strings.Join(lines, "\n")
}

func TestDraftPolicy(t *testing.T) {
	r := goldenReport(t)
	got := draftLines(audit.DraftPolicy(&r.Sites[0], audittest.Cookies))
	want := `ASP.NET_SessionId|necessary|when you close your browser|first party|declared
__cf_bm|necessary|30 minutes|first party|declared
CookieControl|necessary|3 months|first party|declared
legacy_flag|necessary|when you close your browser|first party|declared
lang|functional|3 months|first party|declared
prefs|functional|1 year|first party|declared
_ga|analytics|2 years|first party|declared
_ga_<container-id>|analytics|2 years|first party|declared
_hjSessionUser_{site_id}|analytics|1 year|first party|declared
old_tracker|marketing|6 months|not seen|review
VISITOR_INFO1_LIVE|marketing|6 months|third party|new
YSC|marketing|when you close your browser|third party|new
<script>alert(1)</script>|unknown|1 month|first party|new
=HYPERLINK("http://x")|unknown|7 days|first party|new
a|b*c|unknown|7 days|first party|new`
	if got != want {
		t.Errorf("testshire draft:\n%s\nwant:\n%s", got, want)
	}
	if d := audit.DraftPolicy(&r.Sites[2], audittest.Cookies); d.Problem == "" || len(d.Rows) != 0 {
		t.Errorf("unreachable site: problem %q, %d rows; want a problem and no rows", d.Problem, len(d.Rows))
	}
}

// TestPolicyDraftClosesTheGap reads the YAML draft back as the site's
// policy and audits the same observations against it: every cookie seen
// is then declared with a lifetime at least as long as observed, so no
// undeclared or overlong finding is left, and the declared cookie never
// seen is still reported for review.
func TestPolicyDraftClosesTheGap(t *testing.T) {
	r := goldenReport(t)
	var buf bytes.Buffer
	if err := (PolicyDraftWriter{Style: DraftYAML, Catalogue: audittest.Cookies}).Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	// The first YAML document is the first site's draft.
	doc, err := policy.Parse("draft.yaml", buf.Bytes(), policy.TypeYAML)
	if err != nil {
		t.Fatalf("the draft is not a policy: %v\n%s", err, buf.String())
	}
	if doc.Source != "https://www.testshire.gov.uk/" || len(doc.Declared) != 15 {
		t.Fatalf("draft read back: source %q, %d declarations; want the testshire site and 15", doc.Source, len(doc.Declared))
	}
	site := r.Sites[0]
	site.Declared, site.Vendors = doc.Declared, doc.Vendors
	audit.Evaluate(&site, audit.Options{Catalogue: audittest.Cookies, Now: audittest.Now})
	rules := map[string][]string{}
	for _, f := range site.Findings {
		rules[f.Rule] = append(rules[f.Rule], f.Cookie)
	}
	for _, rule := range []string{audit.RuleUndeclared, audit.RuleOverlong, audit.RulePolicyMissing} {
		if len(rules[rule]) > 0 {
			t.Errorf("against the draft, %s findings remain: %v", rule, rules[rule])
		}
	}
	if got := strings.Join(rules[audit.RuleDeclaredUnused], " "); got != "old_tracker" {
		t.Errorf("declared-unused = %q, want old_tracker (kept for review)", got)
	}
}

// TestPolicyDraftEscaping checks that hostile cookie names stay inert in
// the Markdown and HTML drafts.
func TestPolicyDraftEscaping(t *testing.T) {
	r := goldenReport(t)
	for _, style := range []DraftStyle{DraftMarkdown, DraftHTML} {
		var buf bytes.Buffer
		if err := (PolicyDraftWriter{Style: style, Catalogue: audittest.Cookies}).Write(&buf, r); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(buf.String(), "<script>") {
			t.Errorf("style %d: raw <script> in the draft", style)
		}
		if !strings.Contains(buf.String(), "&lt;script&gt;alert(1)&lt;/script&gt;") {
			t.Errorf("style %d: hostile name not shown escaped", style)
		}
	}
}
