//go:build linux

package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cookieaudit/cookieaudit/crawler"
)

// TestCtrlCReachesOnlyCookieaudit runs the built binary as a terminal runs
// a foreground job, in a process group of its own, and sends that group
// SIGINT as Ctrl-C does while the browser is starting. The browser (a
// wrapper that records any SIGINT it gets, then holds the launch until the
// signal was sent, then becomes Chromium) must be in another group and get
// nothing; cookieaudit alone stops the run, writes the partial report,
// shuts the browser down and exits 130.
func TestCtrlCReachesOnlyCookieaudit(t *testing.T) {
	t.Parallel()
	real, err := crawler.FindBrowser()
	if err != nil {
		t.Fatal(err)
	}
	bin := buildBinary(t, "")
	dir := t.TempDir()
	pidFile, goFile, gotINT := filepath.Join(dir, "browser.pid"), filepath.Join(dir, "go"), filepath.Join(dir, "got-sigint")
	wrapper := filepath.Join(dir, "browser")
	script := fmt.Sprintf(`#!/bin/sh
trap 'echo SIGINT > %[3]q' INT
echo $$ > %[1]q.tmp && mv %[1]q.tmp %[1]q
while [ ! -e %[2]q ]; do sleep 0.02; done
exec %[4]q "$@"
`, pidFile, goFile, gotINT, real)
	if err := os.WriteFile(wrapper, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	partial := filepath.Join(dir, "partial.json")
	cmd := exec.Command(bin, "demo", "--browser", wrapper, "--no-autoconsent", "--phases", "pre-consent", "-o", partial)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // a foreground job's group
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()

	browserPID := waitForPID(t, pidFile)
	group, err := syscall.Getpgid(cmd.Process.Pid)
	if err != nil {
		t.Fatal(err)
	}
	if bg, err := syscall.Getpgid(browserPID); err != nil || bg == group {
		t.Errorf("the browser's process group is %d (err %v), cookieaudit's %d: want another", bg, err, group)
	}
	if err := syscall.Kill(-group, syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	// The browser goes on starting only once the signal was delivered to
	// the group: cookieaudit's own handler has seen it by the time the
	// wrapper's loop would have run its trap.
	waitForSignalHandled(t, cmd.Process.Pid)
	if err := os.WriteFile(goFile, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	err = cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != exitInterrupted {
		t.Errorf("cookieaudit: %v, want exit %d; stderr:\n%s", err, exitInterrupted, stderr.String())
	}
	if data, err := os.ReadFile(gotINT); err == nil {
		t.Errorf("the browser got the terminal's Ctrl-C (%s)", bytes.TrimSpace(data))
	}
	if strings.Contains(stderr.String(), "browser process exited") {
		t.Errorf("the browser died of the interrupt:\n%s", stderr.String())
	}
	if r := readReportFile(t, partial); !r.Partial {
		t.Errorf("the report written on Ctrl-C is not marked partial")
	}
	if alive(browserPID) {
		t.Errorf("the browser (pid %d) outlived cookieaudit", browserPID)
	}
}

// waitForPID waits for a process to write its PID to path.
func waitForPID(t *testing.T, path string) int {
	t.Helper()
	for deadline := time.Now().Add(2 * time.Minute); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if data, err := os.ReadFile(path); err == nil {
			pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			return pid
		}
	}
	t.Fatalf("nothing wrote %s", path)
	return 0
}

// waitForSignalHandled waits until process pid has no signal pending, so a
// signal sent to it has been taken by its handler.
func waitForSignalHandled(t *testing.T, pid int) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
		if err != nil {
			return // it has exited
		}
		if pendingNone(string(status)) {
			return
		}
	}
	t.Fatalf("process %d never took its signal", pid)
}

// pendingNone reports whether a /proc status shows no pending signal for
// the process.
func pendingNone(status string) bool {
	for line := range strings.SplitSeq(status, "\n") {
		if v, ok := strings.CutPrefix(line, "ShdPnd:"); ok {
			return strings.Trim(strings.TrimSpace(v), "0") == ""
		}
	}
	return false
}

// alive reports whether a process still runs (a zombie does not count),
// waiting a while for one that is shutting down.
func alive(pid int) bool {
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			return false
		}
		if _, after, ok := strings.Cut(string(stat), ") "); ok && strings.HasPrefix(after, "Z") {
			return false
		}
	}
	return true
}
