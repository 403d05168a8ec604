package policy

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/policy/golden")

// seedsDir holds the five real council policy texts (kept byte-for-byte
// outside this repository; CI checks ../shared out beside it).
const seedsDir = "../../shared/seeds"

// compact renders a document as "name=seconds/category" items ('-' for no
// stated lifetime) and "vendor/category" items, for hand-checked tests.
func compact(doc *Document) (decls, vendors string) {
	var d, v []string
	for _, x := range doc.Declared {
		secs := "-"
		if x.Expiry.Known() {
			secs = fmt.Sprint(x.Expiry.Seconds())
		}
		d = append(d, fmt.Sprintf("%s=%s/%s", x.Name, secs, x.Category))
	}
	for _, x := range doc.Vendors {
		v = append(v, x.Vendor+"/"+string(x.Category))
	}
	return strings.Join(d, " "), strings.Join(v, "; ")
}

// seedCases were checked by hand against each seed's full text: every
// cookie the text names as a cookie is listed, with the lifetime written
// next to it (month = 30 days, year = 365 days, ranges take the maximum,
// "Under 100ms" = 1 s, session = 0, '-' where the text states none) and the
// category of the heading it sits under (or, where no category heading
// applies, the wording of its purpose).
//
//	000 (KPHO): 7 Google Analytics cookies under "Analytics cookies" (_ga 90
//	    days, _gid 24 hours, _gat 1 minute, AMP_TOKEN "30 seconds to 1 year",
//	    _gac_<property-id>, _ga_<container-id>, _gac_gb_<container-id> 90
//	    days); under "Strictly necessary cookies" 3 cookie-management-* (90
//	    days) and Squiz Matrix's 8: _cf_bm and dxp-sessionid 1 hour,
//	    SQ_SYSTEM_SESSION (no lifetime stated), SimpleSAMLAuthToken,
//	    SimpleSAMLSessionID and SSOredirect "end of the session", AWSALB and
//	    AWSALBCORS 1 week. "Google may retain ... data for up to 14 months"
//	    is data retention, not a lifetime; headings "Google Analytics",
//	    "Microsoft Clarity", "Squiz Matrix" are not cookies.
//	001 (KCC): the same 7 GA cookies (cells run together: "_gaUsed to
//	    distinguish users.90 days", _gid's "24 hours" on its own line); 20
//	    Hotjar cookies (365 days, 30 minutes, Session, "Under 100ms",
//	    "30 Minutes"); GovMetric CX's AWSELB and AWSELBCORS 5 minutes, all
//	    under "Analytics cookies"; YouTube's PREF* and VISITOR INFO1 LIVE
//	    "After 8 months" and YSC Session under "Functional cookies"; under
//	    "Strictly necessary cookies" 3 cookie-management-* 90 days,
//	    SQ_SYSTEM_SESSION, ASP.NET_SessionId, _mglogon_ and ZipGenAcc
//	    Session. _hjTLDTest and _hjLocalStorageTest named again inside
//	    their own descriptions are not extra declarations.
//	002 (Staffordshire): Arena's "Essential Cookies" COOKIE_SUPPORT and
//	    JSESSIONID (dash list, no lifetime stated); the Consultations Hub
//	    table (one cell per paragraph, "This system uses essential cookies")
//	    consultation_id, tr_embed_auto_load, server_id "End of the session",
//	    statusmessage "As soon as it has been displayed"; MyStaffs' "Session
//	    cookie "menupath"" after three category headings that only define
//	    categories, so its category is unknown. Vendors Google Analytics,
//	    Twitter, YouTube and AddThis are disclosed without cookie names.
//	003 (Hardelot): no cookie is named; Google Analytics is disclosed.
//	004 (Chelmsford): the provider table's "Name" column holds services;
//	    cookies are named in its prose: "Google Analytics cookies
//	    (utma;utmb;utmc;utmz;utmt)" (no lifetime), "Drupal session cookies
//	    (has_js; AWSELB)" (session, category not stated), "the standard
//	    JSESSIONID cookie ... expires if the user logs out, has no input for
//	    30 minutes or when the browser is closed" (session), "ASPSESSIONID -
//	    Session information cookie" (no lifetime), "ASP.NET_SessionId - ...
//	    deleted when you close your browser", "butma, _utmb, _utmc, _utmz -
//	    ... used by Google Analytics" (no lifetime), "dmsTPC - ... accepted
//	    the use of Google Analytics cookies ... deleted when you close your
//	    browser". "expire after 24 months" and "stored for 90 days" describe
//	    unnamed cookies and are not attached to any name. No heading gives a
//	    category ("Tracking/ persistent cookies" and "Session cookies" are
//	    lifetimes), so the wording decides: utm* and the butma group are
//	    analytics (Google Analytics), JSESSIONID, ASPSESSIONID,
//	    ASP.NET_SessionId (session, "essential") and dmsTPC (records
//	    consent) necessary, and has_js and AWSELB unknown ("Drupal session
//	    cookies" states a lifetime, not a purpose).
var seedCases = []struct {
	desc     string
	file     string
	declared string
	vendors  string
}{
	{
		desc: "000 name on its own line, then its description",
		file: "000_936bf61fe1d0b83b.txt",
		declared: "_ga=7776000/analytics _gid=86400/analytics _gat=60/analytics AMP_TOKEN=31536000/analytics " +
			"_gac_<property-id>=7776000/analytics _ga_<container-id>=7776000/analytics _gac_gb_<container-id>=7776000/analytics " +
			"cookie-management-preferences-set=7776000/necessary cookie-management-status=7776000/necessary cookie-management-version=7776000/necessary " +
			"_cf_bm=3600/necessary dxp-sessionid=3600/necessary SQ_SYSTEM_SESSION=-/necessary SimpleSAMLAuthToken=0/necessary " +
			"SimpleSAMLSessionID=0/necessary SSOredirect=0/necessary AWSALB=604800/necessary AWSALBCORS=604800/necessary",
		vendors: "Google Analytics/analytics; Microsoft Clarity/analytics; Squiz Matrix/necessary",
	},
	{
		desc: "001 table cells run together",
		file: "001_c25fae55c9daced9.txt",
		declared: "_ga=7776000/analytics _gid=86400/analytics _gat=60/analytics AMP_TOKEN=31536000/analytics " +
			"_gac_<property-id>=7776000/analytics _ga_<container-id>=7776000/analytics _gac_gb_<container-id>=7776000/analytics " +
			"_hjSessionUser{site_id}=31536000/analytics _hjSession{site_id}=1800/analytics _hjClosedSurveyInvites=31536000/analytics " +
			"_hjDonePolls=31536000/analytics _hjMinimizedPolls=31536000/analytics _hjShownFeedbackMessage=31536000/analytics " +
			"_hjSessionTooLarge=0/analytics _hjSessionRejected=0/analytics _hjSessionResumed=0/analytics _hjid=31536000/analytics " +
			"_hjRecordingLastActivity=0/analytics _hjTLDTest=0/analytics _hjUserAttributesHash=0/analytics _hjLocalStorageTest=1/analytics " +
			"_hjIncludedInPageviewSample=1800/analytics _hjIncludedInSessionSample=1800/analytics _hjAbsoluteSessionInProgress=1800/analytics " +
			"_hjFirstSeen=0/analytics _hjViewportId=0/analytics _hjRecordingEnabled=0/analytics " +
			"AWSELB=300/analytics AWSELBCORS=300/analytics " +
			"PREF*=20736000/functional YSC=0/functional VISITOR INFO1 LIVE=20736000/functional " +
			"cookie-management-preferences-set=7776000/necessary cookie-management-status=7776000/necessary cookie-management-version=7776000/necessary " +
			"SQ_SYSTEM_SESSION=0/necessary ASP.NET_SessionId=0/necessary _mglogon_=0/necessary ZipGenAcc=0/necessary",
		vendors: "Google Analytics/analytics; Hotjar/analytics; GovMetric/analytics; YouTube/functional; Vimeo/functional; Squiz Matrix/necessary; Modern.Gov/necessary; Mailchimp/marketing",
	},
	{
		desc: "002 dash lists and one cell per paragraph",
		file: "002_7bfbcf111d011462.txt",
		declared: "COOKIE_SUPPORT=-/necessary JSESSIONID=-/necessary consultation_id=0/necessary tr_embed_auto_load=0/necessary " +
			"server_id=0/necessary statusmessage=0/necessary menupath=0/unknown",
		vendors: "Google Analytics/analytics; X (Twitter)/marketing; YouTube/marketing; AddThis/marketing",
	},
	{
		desc:     "003 prose naming no cookie",
		file:     "003_1f06121aa90bcff4.txt",
		declared: "",
		vendors:  "Google Analytics/analytics",
	},
	{
		desc: "004 provider table with cookie names in prose",
		file: "004_26036ac508d70de8.txt",
		declared: "utma=-/analytics utmb=-/analytics utmc=-/analytics utmz=-/analytics utmt=-/analytics " +
			"has_js=0/unknown AWSELB=0/unknown JSESSIONID=0/necessary ASPSESSIONID=-/necessary ASP.NET_SessionId=0/necessary " +
			"butma=-/analytics _utmb=-/analytics _utmc=-/analytics _utmz=-/analytics dmsTPC=0/necessary",
		vendors: "Google Analytics/analytics; YouTube/marketing; X (Twitter)/marketing; Drupal/necessary; Siteimprove/analytics",
	},
}

func readSeed(t testing.TB, file string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(seedsDir, file))
	if err != nil {
		t.Fatalf("seed %s: %v (the seeds live in ../shared/seeds beside the checkout)", file, err)
	}
	return data
}

func TestSeeds(t *testing.T) {
	for _, tt := range seedCases {
		doc, err := Parse(tt.file, readSeed(t, tt.file), TypeText)
		if err != nil {
			t.Errorf("%s: %v", tt.desc, err)
			continue
		}
		checkCompact(t, tt.desc, doc, tt.declared, tt.vendors)
		checkGolden(t, strings.TrimSuffix(tt.file, ".txt")+".json", doc)
	}
}

// checkGolden compares a document's JSON with testdata/policy/golden/name,
// rewriting it under -update.
func checkGolden(t *testing.T, name string, v any) {
	t.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	path := filepath.Join("..", "testdata", "policy", "golden", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("golden %s: %v (run go test -update)", path, err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("golden %s differs; run go test ./policy -update and review the diff\n got: %.600s", path, got)
	}
}

// checkCompact compares a document's declarations and vendors, in compact
// form, with the expected strings.
func checkCompact(t *testing.T, desc string, doc *Document, declared, vendors string) {
	t.Helper()
	gotDecls, gotVendors := compact(doc)
	if gotDecls != declared {
		t.Errorf("%s: declared\n got: %s\nwant: %s", desc, gotDecls, declared)
	}
	if gotVendors != vendors {
		t.Errorf("%s: vendors\n got: %s\nwant: %s", desc, gotVendors, vendors)
	}
}
