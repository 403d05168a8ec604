package consent

import "time"

// SetDetectWait sets how long m waits for autoconsent's detection, so a
// test can tell a wait that autoconsent's idleness ended from one the
// bound ended, however slow the machine.
func SetDetectWait(m *Manager, d time.Duration) { m.detectWait = d }
