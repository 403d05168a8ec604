package crawler_test

import (
	"os"
	"os/exec"
	"testing"

	"golang.org/x/sys/unix"
)

// TestTreePSSLeavesOutEndedProcesses checks the memory sampler's guard: a
// process that has ended, reaped or not, is not running, so a sample that
// read it is left out; a running tree reads consistently.
func TestTreePSSLeavesOutEndedProcesses(t *testing.T) {
	if _, err := os.Stat("/proc/self/smaps_rollup"); err != nil {
		t.Skip("no /proc/PID/smaps_rollup on this system")
	}
	if n, ok := treePSS(os.Getpid(), 0); !ok || n <= 0 {
		t.Errorf("this process: treePSS = %d, %t; want its PSS, consistent", n, ok)
	}
	zombie := exec.Command("true")
	if err := zombie.Start(); err != nil {
		t.Fatal(err)
	}
	pid := zombie.Process.Pid
	// Wait for its exit without reaping it: it stays a zombie.
	var info unix.Siginfo
	if err := unix.Waitid(unix.P_PID, pid, &info, unix.WEXITED|unix.WNOWAIT, nil); err != nil {
		t.Fatal(err)
	}
	if running(pid) {
		t.Errorf("zombie %d seen running", pid)
	}
	if err := zombie.Wait(); err != nil {
		t.Fatal(err)
	}
	if running(pid) {
		t.Errorf("reaped process %d still seen running", pid)
	}
}
