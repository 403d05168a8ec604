//go:build unix

package report

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// errLocked says that another process holds a file's lock.
var errLocked = errors.New("locked")

// lockFile takes an exclusive lock on f without waiting; the lock goes with
// the file's closing (or the process's end, however it ends).
func lockFile(f *os.File) error {
	err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return errLocked
	}
	return err
}

// lockHolder returns the PID of the process holding the flock on the file
// at path, from /proc/locks (Linux), or 0 when it cannot be told.
func lockHolder(path string) int {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0
	}
	locks, err := os.ReadFile("/proc/locks")
	if err != nil {
		return 0
	}
	return flockHolder(string(locks), uint64(st.Dev), st.Ino)
}

// flockHolder finds, in the text of /proc/locks, the PID holding a FLOCK
// on the file with device dev and inode ino. A line reads
// "1: FLOCK  ADVISORY  WRITE 4242 08:01:1234 0 EOF", the device as
// major:minor in hex.
func flockHolder(locks string, dev, ino uint64) int {
	major, minor := (dev>>8)&0xfff|(dev>>32)&^0xfff, dev&0xff|(dev>>12)&^0xff
	want := fmt.Sprintf("%02x:%02x:%d", major, minor, ino)
	for line := range strings.SplitSeq(locks, "\n") {
		f := strings.Fields(line)
		if len(f) < 6 || f[1] != "FLOCK" || f[2] == "->" {
			continue
		}
		if f[5] == want {
			if pid, err := strconv.Atoi(f[4]); err == nil {
				return pid
			}
		}
	}
	return 0
}
