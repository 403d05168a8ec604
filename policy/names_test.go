package policy

import "testing"

func TestNormalizeName(t *testing.T) {
	tests := []struct {
		desc, in, want string
	}{
		{"leading underscores", "__cf_bm", "cf_bm"},
		{"typo without one underscore", "_cf_bm", "cf_bm"},
		{"spaces for underscores", "VISITOR INFO1 LIVE", "visitor_info1_live"},
		{"hyphens", "cookie-management-status", "cookie_management_status"},
		{"dots", "ASP.NET_SessionId", "asp_net_sessionid"},
		{"runs collapse", "a - b", "a_b"},
		{"trimmed", "  _ga ", "ga"},
	}
	for _, tt := range tests {
		if got := NormalizeName(tt.in); got != tt.want {
			t.Errorf("%s: NormalizeName(%q) = %q, want %q", tt.desc, tt.in, got, tt.want)
		}
	}
}

func TestPatternFor(t *testing.T) {
	tests := []struct {
		desc, name, want string
	}{
		{"angle placeholder", "_ga_<container-id>", "_ga_*"},
		{"brace placeholder", "_hjSessionUser{site_id}", "_hjSessionUser*"},
		{"brace placeholder after underscore", "_hjSessionUser_{site_id}", "_hjSessionUser_*"},
		{"square placeholder", "_pk_id.[site]", "_pk_id.*"},
		{"X run", "_ga_XXXXXXXXXX", "_ga_*"},
		{"X run with suffix", "_gat_UA-XXXXXX-X", "_gat_UA-*"},
		{"trailing star kept", "PREF*", "PREF*"},
		{"spaces become underscores", "VISITOR INFO1 LIVE", "VISITOR_INFO1_LIVE"},
		{"literal", "ASP.NET_SessionId", "ASP.NET_SessionId"},
	}
	for _, tt := range tests {
		if got := PatternFor(tt.name); got != tt.want {
			t.Errorf("%s: PatternFor(%q) = %q, want %q", tt.desc, tt.name, got, tt.want)
		}
	}
}

func TestDeclarationMatches(t *testing.T) {
	tests := []struct {
		desc    string
		pattern string
		name    string
		want    bool
	}{
		{"exact", "_ga", "_ga", true},
		{"exact is not a prefix", "_ga", "_gat", false},
		{"glob suffix", "_ga_*", "_ga_ABC123", true},
		{"glob needs its prefix", "_ga_*", "_gat", false},
		{"glob middle", "mp_*_mixpanel", "mp_abc_mixpanel", true},
		{"glob middle mismatch", "mp_*_mixpanel", "mp_abc_other", false},
		{"question mark is literal", "a?b", "axb", false},
		{"bracket is literal", "a[1]", "a[1]", true},
		{"case sensitive", "_GA", "_ga", false},
	}
	for _, tt := range tests {
		d := Declaration{Name: tt.pattern, Pattern: tt.pattern}
		if got := d.Matches(tt.name); got != tt.want {
			t.Errorf("%s: %q.Matches(%q) = %v, want %v", tt.desc, tt.pattern, tt.name, got, tt.want)
		}
	}
	if !(Declaration{Name: "VISITOR INFO1 LIVE"}).Matches("VISITOR_INFO1_LIVE") {
		t.Error("a declaration without a pattern should match by PatternFor(Name)")
	}
}

func TestClassifyName(t *testing.T) {
	tests := []struct {
		tok  string
		want nameShape
	}{
		{"_ga", shapeStrong}, {"YSC", shapeStrong}, {"JSESSIONID", shapeStrong}, {"SSOredirect", shapeStrong},
		{"dmsTPC", shapeStrong}, {"ZipGenAcc", shapeStrong}, {"_gac_<property-id>", shapeStrong}, {"PREF*", shapeStrong},
		{"menupath", shapeWeak}, {"dxp-sessionid", shapeWeak},
		{"Hotjar", shapeNone}, {"YouTube", shapeNone}, {"GovMetric", shapeNone}, {"Cookies", shapeNone},
		{"HTTP", shapeNone}, {"none", shapeNone}, {"2016", shapeNone}, {"http://x.com/a", shapeNone}, {"e-mail", shapeNone},
	}
	for _, tt := range tests {
		if got := classifyName(tt.tok); got != tt.want {
			t.Errorf("classifyName(%q) = %d, want %d", tt.tok, got, tt.want)
		}
	}
}
