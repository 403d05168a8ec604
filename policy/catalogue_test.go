package policy

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDefaultCatalogue(t *testing.T) {
	c := DefaultCatalogue()
	if c.Len() < 150 {
		t.Fatalf("DefaultCatalogue has %d entries, want at least 150", c.Len())
	}
	if DefaultCatalogue() != c {
		t.Error("DefaultCatalogue should be built once")
	}
	for _, e := range c.Entries() {
		if e.Vendor == "" || e.Description == "" || !e.Category.Valid() {
			t.Errorf("entry %+v is incomplete", e)
		}
	}
	// Vendors the issue requires.
	for _, v := range []string{"Google Analytics", "Google Ads", "Google Tag Manager", "Hotjar", "Microsoft Clarity", "Meta",
		"LinkedIn", "YouTube", "Vimeo", "X (Twitter)", "AddThis", "Cloudflare", "Amazon Web Services", "Microsoft Azure",
		"Microsoft ASP.NET", "PHP", "Java", "Drupal", "WordPress", "Squiz Matrix", "Civic Cookie Control", "OneTrust",
		"Cookiebot", "GOV.UK", "Siteimprove", "GovMetric", "Granicus", "Jadu", "Modern.Gov", "Google reCAPTCHA"} {
		if len(c.LookupVendor(v)) == 0 {
			t.Errorf("no catalogue entries for vendor %q", v)
		}
	}
}

func TestCatalogueLookup(t *testing.T) {
	c := DefaultCatalogue()
	tests := []struct {
		desc string
		name string
		want string // pattern/vendor/category/lifetime, or "none"
	}{
		{"exact", "_ga", "_ga/Google Analytics/analytics/2 years"},
		{"GA4 container glob", "_ga_ABC123XYZ", "_ga_*/Google Analytics/analytics/2 years"},
		{"exact beats glob", "_gat", "_gat/Google Analytics/analytics/60 seconds"},
		{"more specific glob wins", "_hjSessionUser_123456", "_hjSessionUser_*/Hotjar/analytics/1 year"},
		{"shorter glob when the longer does not match", "_hjSomethingNew", "_hj*/Hotjar/analytics/unknown"},
		{"gtag throttle", "_gat_gtag_UA_12345_1", "_gat_*/Google Analytics/analytics/60 seconds"},
		{"ASP.NET", "ASP.NET_SessionId", "ASP.NET_SessionId/Microsoft ASP.NET/necessary/session"},
		{"classic ASP glob", "ASPSESSIONIDQASDSRCA", "ASPSESSIONID*/Microsoft ASP/necessary/session"},
		{"YouTube", "VISITOR_INFO1_LIVE", "VISITOR_INFO1_LIVE/YouTube/marketing/180 days"},
		{"Squiz", "SQ_SYSTEM_SESSION", "SQ_SYSTEM_SESSION/Squiz Matrix/necessary/session"},
		{"Civic", "CookieControl", "CookieControl/Civic Cookie Control/necessary/90 days"},
		{"GOV.UK banner", "cookies_policy", "cookies_policy/GOV.UK/necessary/1 year"},
		{"Siteimprove", "nmstat", "nmstat/Siteimprove/analytics/1000 days"},
		{"case matters", "_GA", "none"},
		{"unknown", "my_council_cookie", "none"},
	}
	for _, tt := range tests {
		got := "none"
		if e, ok := c.Lookup(tt.name); ok {
			got = fmt.Sprintf("%s/%s/%s/%s", e.Pattern, e.Vendor, e.Category, e.Lifetime)
		}
		if got != tt.want {
			t.Errorf("%s: Lookup(%q) = %s, want %s", tt.desc, tt.name, got, tt.want)
		}
	}
}

func TestLookupVendorAliases(t *testing.T) {
	c := DefaultCatalogue()
	tests := []struct {
		vendor string
		has    string
	}{
		{"Twitter", "guest_id"}, {"facebook", "_fbp"}, {"google analytics", "_gid"}, {"SiteImprove", "nmstat"},
	}
	for _, tt := range tests {
		var pats []string
		for _, e := range c.LookupVendor(tt.vendor) {
			pats = append(pats, e.Pattern)
		}
		if !strings.Contains(" "+strings.Join(pats, " ")+" ", " "+tt.has+" ") {
			t.Errorf("LookupVendor(%q) = %v, want it to include %s", tt.vendor, pats, tt.has)
		}
	}
	if got := c.LookupVendor("Nobody Ltd"); len(got) != 0 {
		t.Errorf("LookupVendor(unknown) = %v, want none", got)
	}
}

func TestLoadCookieDB(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "testdata", "policy", "cookiedb", "open-cookie-database.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	db, err := LoadCookieDB(f)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		desc, name, want string
	}{
		{"exact row", "_ga", "_ga/Google Analytics/analytics/2 years"},
		{"wildcard row", "_ga_XYZ", "_ga_*/Google Analytics/analytics/2 years"},
		{"functional maps to functional", "examplecms_session", "examplecms_session/Example CMS/functional/session"},
		{"security maps to necessary", "waf_token_abc", "waf_token_*/Example WAF/necessary/30 minutes"},
		{"no retention is unknown", "exads", "exads/Example Ads/marketing/unknown"},
	}
	for _, tt := range tests {
		got := "none"
		if e, ok := db.Lookup(tt.name); ok {
			got = fmt.Sprintf("%s/%s/%s/%s", e.Pattern, e.Vendor, e.Category, e.Lifetime)
		}
		if got != tt.want {
			t.Errorf("%s: Lookup(%q) = %s, want %s", tt.desc, tt.name, got, tt.want)
		}
	}

	merged := DefaultCatalogue().Merge(db)
	if e, _ := merged.Lookup("_ga"); e.Description != "Distinguishes users." {
		t.Errorf("Merge: the receiver's entry should win for _ga, got %q", e.Description)
	}
	if _, ok := merged.Lookup("examplecms_session"); !ok {
		t.Error("Merge: the database's own entries should be added")
	}
	if merged.Len() != DefaultCatalogue().Len()+3 {
		t.Errorf("Merge: %d entries, want %d (_ga and _ga_* shared)", merged.Len(), DefaultCatalogue().Len()+3)
	}

	_, err = LoadCookieDB(strings.NewReader("a,b,c\n1,2,3\n"))
	if err == nil || !strings.Contains(err.Error(), "missing column") {
		t.Errorf("LoadCookieDB with the wrong columns: err = %v, want a missing column error", err)
	}
}
