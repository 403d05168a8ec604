//go:build !unix

package report

import (
	"errors"
	"os"
)

// errLocked says that another process holds a file's lock.
var errLocked = errors.New("locked")

// lockFile does nothing where flock does not exist.
func lockFile(*os.File) error { return nil }

// lockHolder cannot tell a lock's holder here.
func lockHolder(string) int { return 0 }
