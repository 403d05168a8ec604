package crawler

import (
	"context"

	"github.com/cookieaudit/cookieaudit/crawler/observe"
)

// BannerChecker is implemented by a Consenter that can tell whether a
// consent banner is showing on the page open in a tab. After a choice was
// made, the crawl asks on every later page of the phase, so that a banner
// that forgets the choice is recorded (ConsentEvidence.BannerReturnedOn).
type BannerChecker interface {
	BannerShown(ctx context.Context) bool
}

// checkBannerReturned records the page as the one the banner came back on
// when the phase's choice was made, no earlier page saw it return, and the
// Consenter sees a banner on it.
func checkBannerReturned(tabCtx context.Context, pg observe.Page, cfg Config, res *observe.PhaseResult) {
	bc, ok := cfg.Consent.(BannerChecker)
	if !ok || res.Consent == nil || res.Consent.Outcome != observe.ConsentGiven || res.Consent.BannerReturnedOn != "" || pg.Error != "" {
		return
	}
	ctx, cancel := context.WithTimeout(tabCtx, cfg.PageTimeout)
	defer cancel()
	if bc.BannerShown(ctx) {
		res.Consent.BannerReturnedOn = pg.URL
	}
}
