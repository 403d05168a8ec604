package consent

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPatchBundle applies bundlePatches to the pinned autoconsent bundle
// (every patch finds its text once) and to a bundle without their text
// (left as it is, every patch named missing), and checks that the state
// field the patched bundle reports is the one its reports are read with.
func TestPatchBundle(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "node_modules", "@duckduckgo", "autoconsent", "dist", "autoconsent.playwright.js"))
	if err != nil {
		t.Fatalf("the pinned autoconsent bundle: %v (run `%s`)", err, InstallCommand)
	}
	patched, missing := patchBundle(string(data))
	if len(missing) > 0 {
		t.Errorf("pinned bundle: patches missing %q", missing)
	}
	for _, p := range bundlePatches {
		if !strings.Contains(patched, p.replace) {
			t.Errorf("pinned bundle: %q not applied", p.name)
		}
	}
	const other = "function findCmp(retries) { return []; }"
	if got, missing := patchBundle(other); got != other || len(missing) != len(bundlePatches) {
		t.Errorf("other bundle: changed %t, missing %q", got != other, missing)
	}
	var msg acMessage
	if err := json.Unmarshal([]byte(`{"type":"report","mainFrame":true,"state":{"findCmpAttempts":3,"`+waitingAfterField+`":2}}`), &msg); err != nil {
		t.Fatal(err)
	}
	if msg.State.FindCmpAttempts != 3 || msg.State.WaitingAfter != 2 || !msg.MainFrame {
		t.Errorf("report read as %+v", msg.State)
	}
}
