package app

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cookieaudit/cookieaudit/audit/audittest"
	"github.com/cookieaudit/cookieaudit/audit/report"
	"github.com/cookieaudit/cookieaudit/crawler/observe"
	"github.com/cookieaudit/cookieaudit/policy"
)

// TestPolicyPanicStaysWithItsSite reads three sites' policies, the second
// of which panics, and checks that the panic is that site's policy error
// (its stack in the debug log) while the other sites are audited exactly as
// in a run where nothing panics.
func TestPolicyPanicStaysWithItsSite(t *testing.T) {
	dir := t.TempDir()
	cfg := &Config{}
	var crawled []observe.SiteResult
	for _, name := range []string{"a", "b", "c"} {
		file := filepath.Join(dir, name+".txt")
		if err := os.WriteFile(file, []byte("Cookies we use\n\n_ga - Google Analytics. Expires after 1 year.\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		url := "https://www." + name + ".gov.uk/"
		cfg.Sites = append(cfg.Sites, SiteConfig{URL: url, Policy: PolicySource{File: file}})
		crawled = append(crawled, observe.SiteResult{URL: url, Status: observe.SiteComplete,
			Phases: []observe.PhaseResult{{Phase: observe.PhaseAccept, Pages: []observe.Page{{URL: url}}}},
			Cookies: []observe.Cookie{
				{Phase: observe.PhaseAccept, Name: "_ga", Domain: ".www." + name + ".gov.uk", Path: "/", Secure: true,
					LifetimeSeconds: 2 * 365 * 86400, RequestedLifetimeSeconds: 2 * 365 * 86400},
			}})
	}
	audited := func(parse func(string, []byte, string) (*policy.Document, error)) ([]report.Site, string) {
		defer func(saved func(string, []byte, string) (*policy.Document, error)) { parsePolicy = saved }(parsePolicy)
		parsePolicy = parse
		var log bytes.Buffer
		o := &ScanOptions{Logger: slog.New(slog.NewTextHandler(&log, &slog.HandlerOptions{Level: slog.LevelDebug}))}
		var urls []string
		for _, sr := range crawled {
			urls = append(urls, sr.URL)
		}
		p := &plan{cfg: cfg, catalogue: policy.DefaultCatalogue(), settings: resolveSites(Overrides{}, cfg, urls)}
		read := func(ctx context.Context, sc *SiteConfig, sr observe.SiteResult) *policyRead {
			return o.sitePolicy(ctx, nil, sc, nil, sr)
		}
		var sites []report.Site
		for _, sr := range crawled {
			sites = append(sites, o.auditSite(context.Background(), p, read, sr))
		}
		return sites, log.String()
	}
	calm, _ := audited(policy.Parse)
	sites, log := audited(func(source string, data []byte, ct string) (*policy.Document, error) {
		if strings.HasSuffix(source, "b.txt") {
			var names []string
			_ = names[len(data)] // an index out of range, as a reader bug would
		}
		return policy.Parse(source, data, ct)
	})

	for _, i := range []int{0, 2} {
		want, got := audittest.CompactAll(calm[i].Findings), audittest.CompactAll(sites[i].Findings)
		if got != want || sites[i].Policy.Error != "" || len(sites[i].Declared) != 1 {
			t.Errorf("%s: findings\n%s\nwant\n%s\n(policy error %q, declared %v)", sites[i].URL, got, want, sites[i].Policy.Error, sites[i].Declared)
		}
	}
	if want := "medium overlong _ga .www.a.gov.uk [accept]"; !strings.Contains(audittest.CompactAll(calm[0].Findings), want) {
		t.Errorf("a.gov.uk findings lack %q:\n%s", want, audittest.CompactAll(calm[0].Findings))
	}
	b := sites[1]
	if !strings.Contains(b.Policy.Error, "internal error while reading its policy: runtime error: index out of range") {
		t.Errorf("b.gov.uk policy error = %q", b.Policy.Error)
	}
	if got := audittest.CompactAll(b.Findings); !strings.Contains(got, "policy-missing") || strings.Contains(got, "overlong") {
		t.Errorf("b.gov.uk findings:\n%s\nwant policy-missing and no declaration rules", got)
	}
	if !strings.Contains(log, "level=DEBUG msg=panic url=https://www.b.gov.uk/") || !strings.Contains(log, "guard_test.go") {
		t.Errorf("debug log lacks the panic and its stack:\n%s", log)
	}
}
