package consent_test

import (
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cookieaudit/cookieaudit/crawler/consent"
	"github.com/cookieaudit/cookieaudit/crawler/observe"
)

// popupLog keeps the "autoconsent popup" records a Manager logs, and
// counts those that say its detection was idle.
type popupLog struct {
	mu   sync.Mutex
	seen []string // "rule attempt=N"
	idle int
}

func (l *popupLog) Enabled(context.Context, slog.Level) bool { return true }
func (l *popupLog) WithAttrs([]slog.Attr) slog.Handler       { return l }
func (l *popupLog) WithGroup(string) slog.Handler            { return l }

func (l *popupLog) Handle(_ context.Context, r slog.Record) error {
	if strings.HasPrefix(r.Message, "autoconsent detection idle") {
		l.mu.Lock()
		l.idle++
		l.mu.Unlock()
	}
	if r.Message != "autoconsent popup" {
		return nil
	}
	var rule, attempt string
	r.Attrs(func(a slog.Attr) bool {
		switch a.Key {
		case "rule":
			rule = a.Value.String()
		case "attempt":
			attempt = a.Value.String()
		}
		return true
	})
	l.mu.Lock()
	l.seen = append(l.seen, rule+" attempt="+attempt)

	l.mu.Unlock()
	return nil
}

// loggedManager returns a Manager with autoconsent whose log is kept.
func loggedManager(t *testing.T) (*consent.Manager, *popupLog) {
	t.Helper()
	requireNodeModules(t)
	log := &popupLog{}
	mgr, err := consent.New(consent.Options{Autoconsent: true, AutoconsentPath: filepath.Join(nodeModules, "@duckduckgo", "autoconsent"), Logger: slog.New(log)})
	if err != nil {
		t.Fatal(err)
	}
	return mgr, log
}

// TestHeuristicOnFirstAttempt checks that autoconsent's heuristic detector
// reports a banner no rule knows on its first detection attempt, not its
// second (autoconsent as published runs it on even attempts only, 500 ms
// apart), and that the banner is still operated by the native search.
func TestHeuristicOnFirstAttempt(t *testing.T) {
	mgr, log := loggedManager(t)
	site := fixtures.URL("www.bannershire.gov.uk", "/")
	res := scanPhases(t, mgr, []string{site}, []observe.Phase{observe.PhaseAccept}, 1)
	const want = `clicked native cmp=generic clicked="Accept all cookies" gone=true record="cookie:bannershire_consent" reject1=true analytics=false via=click`
	if got := evidence(res[site], observe.PhaseAccept); got != want {
		t.Errorf("accept\n got: %s\nwant: %s", got, want)
	}
	log.mu.Lock()
	defer log.mu.Unlock()
	if len(log.seen) != 1 || !strings.HasPrefix(log.seen[0], "HEURISTIC") || !strings.HasSuffix(log.seen[0], " attempt=1") {
		t.Errorf("autoconsent reported %q; want one HEURISTIC popup on attempt 1", log.seen)
	}
}

// TestDetectionIdleEndsTheWait checks that a consent phase stops waiting
// for autoconsent once its detection has nothing more to try on a banner
// neither its rules nor its heuristic recognise, rather than after the
// whole detection wait, and that the native search then operates the
// banner as before.
func TestDetectionIdleEndsTheWait(t *testing.T) {
	mgr, log := loggedManager(t)
	// A bound no machine reaches: the wait can only end by idleness.
	consent.SetDetectWait(mgr, 10*time.Minute)
	site := fixtures.URL("www.fairshire.gov.uk", "/")
	res := scanSites(t, mgr, []string{site})
	for phase, want := range map[observe.Phase]string{
		observe.PhaseAccept: `clicked native cmp=generic clicked="Accept analytics cookies" gone=true record="cookie:fair_consent" reject1=true analytics=true via=click`,
		observe.PhaseReject: `clicked native cmp=generic clicked="Reject analytics cookies" gone=true record="cookie:fair_consent" reject1=true analytics=false via=click`,
	} {
		if got := evidence(res[site], phase); got != want {
			t.Errorf("%s\n got: %s\nwant: %s", phase, got, want)
		}
	}
	log.mu.Lock()
	defer log.mu.Unlock()
	if len(log.seen) != 0 || log.idle != 2 {
		t.Errorf("autoconsent reported popups %q and was found idle %d times; want no popup and idle in both phases", log.seen, log.idle)
	}
}
