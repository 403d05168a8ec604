//go:build !unix

package crawler

import "os/exec"

// ownProcessGroup leaves the browser's process as it is where process
// groups do not exist.
func ownProcessGroup(*exec.Cmd) {}
