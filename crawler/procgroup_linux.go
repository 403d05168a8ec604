//go:build linux

package crawler

import "syscall"

// dieWithParent has the browser killed when cookieaudit dies.
func dieWithParent(a *syscall.SysProcAttr) { a.Pdeathsig = syscall.SIGKILL }
