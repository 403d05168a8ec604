package main

import (
	"os/exec"
	"path/filepath"
	"testing"
)

// buildBinary builds the cookieaudit binary into a temporary directory, with
// ldflags when given, and returns its path.
func buildBinary(t *testing.T, ldflags string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "bin", "cookieaudit")
	args := []string{"build", "-o", bin}
	if ldflags != "" {
		args = append(args, "-ldflags", ldflags)
	}
	build := exec.Command("go", append(args, ".")...)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}
