package crawler

import (
	"context"
	"slices"

	"github.com/cookieaudit/cookieaudit/crawler/observe"
)

// SettingsReader is implemented by a Consenter that can open a banner's
// settings layer and read its choices as they stood before anyone touched
// them. An accept phase gives consent on the first layer, and when that
// layer also offers reject the reject phase never opens the settings
// layer either, so its choices (an optional one switched on in advance is
// a finding) are read elsewhere: in the site's pre-consent tab once that
// phase has recorded all it will, with no page load and no extra browser
// profile, or, with no pre-consent phase to use, in a throwaway tab.
type SettingsReader interface {
	// ReadSettingsLayer reads the layer on the page open in the tab; nil
	// when the page shows no banner whose layer an accept phase would
	// want read.
	ReadSettingsLayer(ctx context.Context) []observe.ConsentChoice
	// ReadSettingsLayerAt loads pageURL in a throwaway tab with a fresh
	// profile and reads the layer there.
	ReadSettingsLayerAt(ctx context.Context, pageURL string) []observe.ConsentChoice
}

// readsSettingsLayer reports whether a phase of a crawl with cfg reads the
// banner's settings layer for a later accept phase: the pre-consent phase
// of a crawl that has one, when the Consenter can.
func readsSettingsLayer(phase observe.Phase, cfg Config) bool {
	_, ok := cfg.Consent.(SettingsReader)
	return ok && phase == observe.PhasePreConsent && slices.Contains(cfg.Phases, observe.PhaseAccept)
}

// readSettingsLayer reads the settings layer on the page open in the
// pre-consent phase's tab, after the phase's last read.
func readSettingsLayer(tabCtx context.Context, cfg Config) []observe.ConsentChoice {
	ctx, cancel := context.WithTimeout(tabCtx, cfg.PageTimeout)
	defer cancel()
	return cfg.Consent.(SettingsReader).ReadSettingsLayer(ctx)
}

// completeSettingsLayer gives an accept phase's evidence the choices of
// the banner's settings layer when it lacks them (see
// observe.ConsentEvidence.SettingsLayerUnread): those the site's
// pre-consent phase read, or, when it read none (there was no pre-consent
// phase, or its last page showed no banner), those read by loading the
// page in a throwaway tab.
func completeSettingsLayer(tabCtx context.Context, cfg Config, res *observe.PhaseResult) {
	sr, ok := cfg.Consent.(SettingsReader)
	if !ok || res.Phase != observe.PhaseAccept || !res.Consent.SettingsLayerUnread() || len(res.Pages) == 0 {
		return
	}
	cs := cfg.preConsentSettings
	if len(cs) == 0 {
		// No pre-consent phase, or its last page showed no banner.
		cs = sr.ReadSettingsLayerAt(tabCtx, res.Pages[0].URL)
	}
	if len(cs) > 0 {
		res.Consent.Choices, res.Consent.ChoicesInSeparateTab = cs, true
	}
}
