// Package audittest holds what the tests of audit and its writers share: a
// small cookie catalogue, a fixed clock, the fixture scan and a compact
// one-line form of findings for table-driven comparisons.
package audittest

import (
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/cookieaudit/cookieaudit/audit/report"
	"github.com/cookieaudit/cookieaudit/policy"
)

// FakeCatalogue is a small catalogue, so that tests never depend on the real
// one's contents. It matches names against each entry's pattern.
type FakeCatalogue []policy.CatalogueEntry

// Lookup returns the first entry whose pattern matches name.
func (c FakeCatalogue) Lookup(name string) (policy.CatalogueEntry, bool) {
	for _, e := range c {
		if ok, _ := path.Match(e.Pattern, name); ok {
			return e, true
		}
	}
	return policy.CatalogueEntry{}, false
}

// Cookies is the catalogue the tests use.
var Cookies = FakeCatalogue{
	{Pattern: "_ga", Vendor: "Google Analytics", Category: policy.Analytics, Lifetime: policy.LifetimeInSeconds(63072000)},
	{Pattern: "_ga_*", Vendor: "Google Analytics", Category: policy.Analytics, Lifetime: policy.LifetimeInSeconds(63072000)},
	{Pattern: "_gid", Vendor: "Google Analytics", Category: policy.Analytics, Lifetime: policy.LifetimeInSeconds(86400)},
	{Pattern: "YSC", Vendor: "YouTube", Category: policy.Marketing, Lifetime: policy.SessionLifetime()},
	{Pattern: "VISITOR_INFO1_LIVE", Vendor: "YouTube", Category: policy.Marketing, Lifetime: policy.LifetimeInSeconds(15552000)},
	{Pattern: "NID", Vendor: "Google", Category: policy.Marketing, Lifetime: policy.LifetimeInSeconds(15552000)},
	{Pattern: "ASP.NET_SessionId", Vendor: "Microsoft ASP.NET", Category: policy.Necessary, Lifetime: policy.SessionLifetime()},
	{Pattern: "__cf_bm", Vendor: "Cloudflare", Category: policy.Necessary, Lifetime: policy.LifetimeInSeconds(1800)},
	{Pattern: "_clck", Vendor: "Microsoft Clarity", Category: policy.Analytics, Lifetime: policy.LifetimeInSeconds(31536000)},
}

// Now is the tests' clock.
var Now = time.Date(2026, 11, 23, 16, 0, 0, 0, time.UTC)

// Compact writes a finding as "severity rule cookie domain phases", the
// endpoint of a tracker finding, then markers, for table-driven
// comparisons.
func Compact(f report.Finding) string {
	var ps []string
	for _, p := range f.Phases {
		ps = append(ps, string(p))
	}
	s := string(f.Severity) + " " + f.Rule + " " + f.Cookie + " " + f.Domain + " [" + strings.Join(ps, " ") + "]"
	if f.Request != "" {
		s += " " + f.Request
	}
	if f.Blocked {
		s += " blocked"
	}
	if f.Waived != "" {
		s += " waived"
	}
	if f.WaiverExpired != "" {
		s += " waiver-expired"
	}
	if f.Status != "" {
		s += " " + f.Status
	}
	return s
}

// CompactAll writes each finding with Compact, one a line.
func CompactAll(fs []report.Finding) string {
	var lines []string
	for _, f := range fs {
		lines = append(lines, Compact(f))
	}
	return strings.Join(lines, "\n")
}

// TestdataDir is the repository's testdata directory, found from this
// file's place so that any package's tests can use it.
func TestdataDir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "testdata")
}

// LoadFixture reads the fixture scan testdata/audit/scan.json.
func LoadFixture(tb testing.TB) *report.Report {
	tb.Helper()
	f, err := os.Open(filepath.Join(TestdataDir(), "audit", "scan.json"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	r, err := report.ReadReport(f)
	if err != nil {
		tb.Fatal(err)
	}
	return r
}
