//go:build unix

package crawler

import (
	"os/exec"
	"syscall"
)

// ownProcessGroup starts the browser in a process group of its own, so a
// terminal's Ctrl-C (sent to the foreground process group) reaches only
// cookieaudit, which then shuts the browser down itself. It keeps
// chromedp's default, where the system has it, of killing the browser
// when cookieaudit dies.
func ownProcessGroup(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = new(syscall.SysProcAttr)
	}
	cmd.SysProcAttr.Setpgid = true
	dieWithParent(cmd.SysProcAttr)
}
