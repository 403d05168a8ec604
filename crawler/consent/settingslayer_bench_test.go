package consent_test

import (
	"testing"
	"time"

	"github.com/cookieaudit/cookieaudit/crawler/consent"
	"github.com/cookieaudit/cookieaudit/crawler/observe"
)

// settingsLayerSites are the fixtures whose banner sends a phase through
// its settings layer: the real OneTrust, vanilla-cookieconsent, klaro and
// Civic Cookie Control scripts, and two planted layers.
var settingsLayerSites = []string{
	"www.onetrustborough.gov.uk", "www.vanillashire.gov.uk", "www.klaroborough.gov.uk",
	"www.tickshire.gov.uk", "www.civicshire.gov.uk", "www.manageshire.gov.uk",
}

// BenchmarkSettingsLayerSites crawls the settings-layer fixtures in all
// three phases, 4 pages each at concurrency 2, and reports the seconds a
// crawl takes (settings-s): what opening settings layers costs a scan,
// the reject phases that refuse on the layer and the choices the accept
// phases need read with it open. It checks that every site's choices were
// read, so a faster crawl that skipped them would not count.
func BenchmarkSettingsLayerSites(b *testing.B) {
	requireNodeModules(b)
	mgr, err := consent.New(consent.Options{})
	if err != nil {
		b.Fatal(err)
	}
	var sites []string
	for _, n := range settingsLayerSites {
		sites = append(sites, fixtures.URL(n, "/"))
	}
	phases := []observe.Phase{observe.PhasePreConsent, observe.PhaseAccept, observe.PhaseReject}
	var took time.Duration
	for b.Loop() {
		start := time.Now()
		results := scanPhases(b, mgr, sites, phases, 4)
		took = time.Since(start)
		for _, u := range sites {
			acc, rej := phaseConsent(results[u], observe.PhaseAccept), phaseConsent(results[u], observe.PhaseReject)
			if acc == nil || rej == nil || len(acc.Choices)+len(rej.Choices) == 0 {
				b.Fatalf("%s: no settings-layer choices read", u)
			}
		}
	}
	b.ReportMetric(took.Seconds(), "settings-s")
	b.ReportMetric(0, "ns/op")
}
