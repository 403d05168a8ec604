package main

import (
	"io"
	"os"
	"strconv"

	"golang.org/x/sys/unix"
)

// terminalWidth is the width in columns of the terminal w writes to: the
// COLUMNS variable when set, else the terminal's own size. It is 0 (the
// table's default width) when w is not a terminal.
func terminalWidth(w io.Writer) int {
	if n, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && n > 0 {
		return n
	}
	f, ok := w.(*os.File)
	if !ok || !isTerminal(w) {
		return 0
	}
	ws, err := unix.IoctlGetWinsize(int(f.Fd()), unix.TIOCGWINSZ)
	if err != nil || ws.Col == 0 {
		return 0
	}
	return int(ws.Col)
}
