package main

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/cookieaudit/cookieaudit/cmd/internal/app"
)

// flagCase is one command line and what the command's options are once its
// flags are parsed: show's compact string, or "exit N: message" when the
// command line is refused.
type flagCase struct {
	args []string
	want string
}

// testFlags runs each case through the root command, with the command
// under test built by build around a run function that only records its
// options, so flags are checked without crawling, reading or writing.
func testFlags[O any](t *testing.T, build func(*globalOptions, func(context.Context, *O) error) *cobra.Command, show func(*O) string, cases []flagCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			g := &globalOptions{stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}}
			root := newRootCmd(g)
			got := "run function not called"
			cmd := build(g, func(_ context.Context, o *O) error {
				got = show(o)
				return nil
			})
			// The command replaced is the one the leading words name.
			var path []string
			for _, a := range tt.args {
				if strings.HasPrefix(a, "-") {
					break
				}
				path = append(path, a)
			}
			old, _, err := root.Find(path)
			if err != nil || old.Name() != cmd.Name() {
				t.Fatalf("no command %q under the root (found %v, %v)", cmd.Name(), old.Name(), err)
			}
			parent := old.Parent()
			parent.RemoveCommand(old)
			parent.AddCommand(cmd)
			root.SetArgs(tt.args)
			if _, err := root.ExecuteC(); err != nil {
				got = fmt.Sprintf("exit %d: %s", exitCode(err), err)
			}
			if !strings.HasPrefix(got, tt.want) {
				t.Errorf("\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

// showOverrides is the evaluation settings given as flags, "-" for one not
// given.
func showOverrides(ov app.Overrides) string {
	return fmt.Sprintf("pages=%s depth=%s profile=%s tolerance=%s cap=%s",
		orDash(ov.MaxPages), orDash(ov.MaxDepth), orDash(ov.Profile), orDash(ov.ExpiryTolerance), orDash(ov.LifetimeCap))
}

func orDash[T any](p *T) string {
	if p == nil {
		return "-"
	}
	return fmt.Sprint(*p)
}

// showOutput is where a command's report goes and when it fails.
func showOutput(o app.Output) string {
	return fmt.Sprintf("formats=%s o=%s dir=%s fail-on=%s baseline=%s optional=%t allow-errors=%t",
		strings.Join(o.Formats, ","), o.File, o.Dir, o.FailOn, o.Baseline, o.BaselineOptional, o.AllowSiteErrors)
}

func showScan(o *scanOptions) string {
	s := o.scan
	return fmt.Sprintf("sites=%s config=%s policy=%s phases=%v late=%v settle=%v page-timeout=%v site-timeout=%v concurrency=%d autoconsent=%t fetch=%t shard=%s results=%s resume=%t %s | %s",
		strings.Join(s.Sites, ","), s.ConfigPath, s.Policy, s.Phases, s.LateHorizon, s.Settle, s.PageTimeout, s.SiteTimeout, s.Concurrency,
		s.Autoconsent, s.AutoconsentFetch, s.Shard, s.Results, s.Resume, showOverrides(s.Overrides), showOutput(s.Output))
}

func TestScanFlags(t *testing.T) {
	testFlags(t, newScanCmd, showScan, []flagCase{
		{[]string{"scan", "www.a.gov.uk"},
			"sites=www.a.gov.uk config= policy= phases=[pre-consent accept reject] late=3s settle=0s page-timeout=30s site-timeout=5m0s concurrency=0 autoconsent=true fetch=true shard= results= resume=false pages=- depth=- profile=- tolerance=- cap=- | formats= o= dir= fail-on= baseline= optional=false allow-errors=false"},
		{[]string{"scan", "a.gov.uk", "b.gov.uk", "--phases", "accept,reject", "--max-pages", "3", "--max-depth", "0", "--late-horizon", "0", "--settle", "1s", "--concurrency", "2", "--no-autoconsent"},
			"sites=a.gov.uk,b.gov.uk config= policy= phases=[accept reject] late=0s settle=1s page-timeout=30s site-timeout=5m0s concurrency=2 autoconsent=false fetch=true shard= results= resume=false pages=3 depth=0 profile=- tolerance=- cap=-"},
		{[]string{"scan", "-c", "sites.yaml", "--policy", "cookies.yaml", "--shard", "2/4", "--results", "run.jsonl", "--resume", "--profile", "strict", "--expiry-tolerance", "0", "--lifetime-cap", "400d"},
			"sites= config=sites.yaml policy=cookies.yaml phases=[pre-consent accept reject] late=3s settle=0s page-timeout=30s site-timeout=5m0s concurrency=0 autoconsent=true fetch=true shard=2/4 results=run.jsonl resume=true pages=- depth=- profile=strict tolerance=0 cap=400 days"},
		{[]string{"scan", "a.gov.uk", "--format", "json,html", "--output-dir", "out", "--fail-on", "high,undeclared", "--baseline", "last.json", "--baseline-optional", "--allow-site-errors"},
			"sites=a.gov.uk config= policy= phases=[pre-consent accept reject] late=3s settle=0s page-timeout=30s site-timeout=5m0s concurrency=0 autoconsent=true fetch=true shard= results= resume=false pages=- depth=- profile=- tolerance=- cap=- | formats=json,html o= dir=out fail-on=high,undeclared baseline=last.json optional=true allow-errors=true"},
		{[]string{"scan", "a.gov.uk", "--max-pages", "0"}, "exit 2: --max-pages must be at least 1"},
		{[]string{"scan", "a.gov.uk", "--late-horizon", "-1s"}, "exit 2: --max-depth, --settle, --late-horizon, --page-timeout, --site-timeout and --concurrency must not be negative"},
		{[]string{"scan", "a.gov.uk", "--page-timeout", "0"}, "exit 2: --max-depth, --settle"},
		{[]string{"scan", "a.gov.uk", "--profile", "lax"}, `exit 2: --profile "lax": want uk or strict`},
		{[]string{"scan", "a.gov.uk", "--expiry-tolerance", "11"}, "exit 2: --expiry-tolerance 11: want a fraction between 0 and 10"},
		{[]string{"scan", "a.gov.uk", "--lifetime-cap", "forever"}, `exit 2: --lifetime-cap "forever"`},
		{[]string{"scan", "a.gov.uk", "--resolve", "www.a.gov.uk:443"}, "exit 2: --resolve"},
		{[]string{"scan", "a.gov.uk", "--max-pages", "many"}, `exit 2: invalid argument "many" for "--max-pages"`},
		{[]string{"scan", "a.gov.uk", "--nope"}, "exit 2: unknown flag: --nope"},
	})
}

func TestDemoFlags(t *testing.T) {
	testFlags(t, newDemoCmd, showScan, []flagCase{
		{[]string{"demo"},
			"sites=https://www.testshire.gov.uk/,https://www.otherborough.gov.uk/,https://www.grantshire.gov.uk/,https://www.deniedshire.gov.uk/,https://www.pixelshire.gov.uk/,https://www.waitshire.gov.uk/ config= policy= phases=[pre-consent accept reject] late=3s settle=0s page-timeout=30s site-timeout=5m0s concurrency=0 autoconsent=true fetch=false"},
		{[]string{"demo", "--config", "nightly.yaml", "--results", "run.jsonl", "--output-dir", "out", "--fail-on", "high", "--max-pages", "2"},
			"sites= config=nightly.yaml policy= phases=[pre-consent accept reject] late=3s settle=0s page-timeout=30s site-timeout=5m0s concurrency=0 autoconsent=true fetch=false shard= results=run.jsonl resume=false pages=2 depth=- profile=- tolerance=- cap=- | formats= o= dir=out fail-on=high"},
		{[]string{"demo", "www.a.gov.uk"}, `exit 2: unknown command "www.a.gov.uk"`},
		{[]string{"demo", "--policy", "cookies.yaml"}, "exit 2: unknown flag: --policy"},
		{[]string{"demo", "--shard", "1/2"}, "exit 2: unknown flag: --shard"},
		{[]string{"demo", "--max-depth", "-1"}, "exit 2: --max-depth, --settle"},
	})
}

func TestPolicyExtractFlags(t *testing.T) {
	show := func(o *policyExtractOptions) string {
		return fmt.Sprintf("source=%s format=%s o=%s cookie-db=%s browser=%s insecure=%t", o.source, o.format, o.output, o.cookieDB, o.bf.path, o.bf.insecure)
	}
	testFlags(t, newPolicyExtractCmd, show, []flagCase{
		{[]string{"policy", "extract", "cookies.html"}, "source=cookies.html format=table o= cookie-db= browser= insecure=false"},
		{[]string{"policy", "extract", "https://www.a.gov.uk/cookies", "-f", "YAML", "-o", "cookies.yaml", "--cookie-db", "ocd.csv", "--browser", "/opt/chrome", "-k"},
			"source=https://www.a.gov.uk/cookies format=yaml o=cookies.yaml cookie-db=ocd.csv browser=/opt/chrome insecure=true"},
		{[]string{"policy", "extract"}, "exit 2: cookieaudit policy extract: want 1 argument(s), got 0"},
		{[]string{"policy", "extract", "a.html", "b.html"}, "exit 2: cookieaudit policy extract: want 1 argument(s), got 2"},
		{[]string{"policy", "extract", "a.html", "--format", "pdf"}, `exit 2: --format "pdf": want one of table, json, yaml, csv`},
	})
}

func TestPolicyDraftFlags(t *testing.T) {
	show := func(o *policyDraftOptions) string {
		return fmt.Sprintf("input=%s format=%s o=%s cookie-db=%s site=%s", o.input, o.format, o.output, o.cookieDB, o.site)
	}
	testFlags(t, newPolicyDraftCmd, show, []flagCase{
		{[]string{"policy", "draft", "results.json"}, "input=results.json format=md o= cookie-db= site="},
		{[]string{"policy", "draft", "results.json", "-o", "table.html"}, "input=results.json format=html o=table.html"},
		{[]string{"policy", "draft", "results.json", "-o", "table.md", "--format", "yaml"}, "input=results.json format=yaml o=table.md"},
		{[]string{"policy", "draft", "-", "--format", " YAML ", "--site", "https://www.a.gov.uk/", "--cookie-db", "ocd.csv"},
			"input=- format=yaml o= cookie-db=ocd.csv site=https://www.a.gov.uk/"},
		{[]string{"policy", "draft"}, "exit 2: cookieaudit policy draft: want 1 argument(s), got 0"},
		{[]string{"policy", "draft", "results.json", "--format", "csv"}, `exit 2: --format "csv": want one of md, html, yaml`},
		{[]string{"policy", "draft", "results.json", "-o", "table.txt"}, "input=results.json format=md o=table.txt"}, // no draft form of its own
	})
}

func TestReportFlags(t *testing.T) {
	show := func(o *reportOptions) string {
		return fmt.Sprintf("input=%s config=%s reevaluate=%t %s | %s", o.input, o.config, o.out.evaluationFlagsChanged(), showOverrides(o.overrides), showOutput(o.out.out))
	}
	testFlags(t, newReportCmd, show, []flagCase{
		{[]string{"report", "results.json"},
			"input=results.json config= reevaluate=false pages=- depth=- profile=- tolerance=- cap=- | formats= o= dir= fail-on= baseline= optional=false allow-errors=false"},
		{[]string{"report", "-", "--config", "sites.yaml", "--profile", "uk", "--format", "md", "-o", "ticket.md", "--fail-on", "high", "--baseline", "last.json"},
			"input=- config=sites.yaml reevaluate=true pages=- depth=- profile=uk tolerance=- cap=- | formats=md o=ticket.md dir= fail-on=high baseline=last.json"},
		{[]string{"report"}, "exit 2: cookieaudit report: want 1 argument(s), got 0"},
		{[]string{"report", "a.json", "b.json"}, "exit 2: cookieaudit report: want 1 argument(s), got 2"},
		{[]string{"report", "results.json", "--expiry-tolerance", "-0.5"}, "exit 2: --expiry-tolerance -0.5"},
		{[]string{"report", "results.json", "--allow-site-errors"}, "exit 2: unknown flag: --allow-site-errors"},
	})
}

func TestDiffFlags(t *testing.T) {
	show := func(o *diffOptions) string {
		return fmt.Sprintf("input=%s policy=%s site=%s resolve=%v insecure=%t %s | %s", o.input, o.policySrc, o.site, o.bf.resolve, o.bf.insecure,
			showOverrides(o.overrides), showOutput(o.out.out))
	}
	testFlags(t, newDiffCmd, show, []flagCase{
		{[]string{"diff", "results.json", "--policy", "cookies.yaml"},
			"input=results.json policy=cookies.yaml site= resolve=[] insecure=false pages=- depth=- profile=- tolerance=- cap=- | formats= o= dir="},
		{[]string{"diff", "results.json", "--policy", "https://staging.a.gov.uk/cookies", "--site", "https://www.a.gov.uk/", "--resolve", "staging.a.gov.uk:443:10.0.0.5", "-k", "--lifetime-cap", "13 months", "--fail-on", "undeclared"},
			"input=results.json policy=https://staging.a.gov.uk/cookies site=https://www.a.gov.uk/ resolve=[staging.a.gov.uk:443:10.0.0.5] insecure=true pages=- depth=- profile=- tolerance=- cap=390 days | formats= o= dir= fail-on=undeclared"},
		{[]string{"diff", "results.json"}, "exit 2: diff needs --policy URL|FILE"},
		{[]string{"diff", "--policy", "cookies.yaml"}, "exit 2: cookieaudit diff: want 1 argument(s), got 0"},
		{[]string{"diff", "results.json", "--policy", "p.yaml", "--resolve", "nonsense"}, "exit 2: --resolve"},
		{[]string{"diff", "results.json", "--policy", "p.yaml", "--profile", "lenient"}, `exit 2: --profile "lenient"`},
	})
}

func TestMergeFlags(t *testing.T) {
	show := func(o *mergeOptions) string {
		return fmt.Sprintf("inputs=%s config=%s reevaluate=%t %s | %s", strings.Join(o.inputs, ","), o.config, o.out.evaluationFlagsChanged(),
			showOverrides(o.overrides), showOutput(o.out.out))
	}
	testFlags(t, newMergeCmd, show, []flagCase{
		{[]string{"merge", "shard-1.jsonl", "shard-2.jsonl"},
			"inputs=shard-1.jsonl,shard-2.jsonl config= reevaluate=false pages=- depth=- profile=- tolerance=- cap=- | formats= o= dir= fail-on= baseline= optional=false allow-errors=false"},
		{[]string{"merge", "a.json", "--output-dir", "report", "--fail-on", "high", "--allow-site-errors", "--expiry-tolerance", "0.25", "--config", "sites.yaml"},
			"inputs=a.json config=sites.yaml reevaluate=true pages=- depth=- profile=- tolerance=0.25 cap=- | formats= o= dir=report fail-on=high baseline= optional=false allow-errors=true"},
		{[]string{"merge"}, "exit 2: cookieaudit merge: want at least 1 argument(s), got 0"},
		{[]string{"merge", "a.json", "--lifetime-cap", "forever"}, `exit 2: --lifetime-cap "forever"`},
	})
}

func TestInstallFlags(t *testing.T) {
	show := func(o *installOptions) string { return fmt.Sprintf("registry=%s force=%t", o.registry, o.force) }
	testFlags(t, newInstallCmd, show, []flagCase{
		{[]string{"install"}, "registry= force=false"},
		{[]string{"install", "--registry", "https://npm.example.internal", "--force"}, "registry=https://npm.example.internal force=true"},
		{[]string{"install", "now"}, `exit 2: unknown command "now" for "cookieaudit install"`},
		{[]string{"install", "--force=maybe"}, `exit 2: invalid argument "maybe" for "--force"`},
	})
}
