//go:build unix && !linux

package crawler

import "syscall"

// dieWithParent does nothing: only Linux can kill a child with its parent.
func dieWithParent(*syscall.SysProcAttr) {}
