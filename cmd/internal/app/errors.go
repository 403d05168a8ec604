package app

import (
	"errors"
	"fmt"
)

// InputError is a problem with what the user gave: a flag, a file, a site
// URL, a config entry. It is found before the browser starts, and its
// message says what to do.
type InputError struct{ Err error }

func (e InputError) Error() string { return e.Err.Error() }
func (e InputError) Unwrap() error { return e.Err }

// Inputf returns an InputError with a formatted message.
func Inputf(format string, args ...any) error {
	return InputError{fmt.Errorf(format, args...)}
}

// The outcomes of a run that are not plain failures; the command maps each
// to its own exit status.
var (
	// ErrFindings: findings met the --fail-on gate.
	ErrFindings = errors.New("findings met the --fail-on threshold")
	// ErrSitesNotAudited: a site could not be audited (unreachable, DNS,
	// TLS, an HTTP error on its start page, or stopped before it finished).
	ErrSitesNotAudited = errors.New("a site could not be audited")
	// ErrInterrupted: the run was stopped (Ctrl-C, SIGTERM) and the report
	// written is partial.
	ErrInterrupted = errors.New("interrupted: the report is partial")
)

// outcome is one of the outcomes above with a message of its own: its text
// is the message alone (the outcome's words are not repeated after it),
// and errors.Is finds the outcome.
type outcome struct {
	is  error
	msg string
}

func (e outcome) Error() string { return e.msg }
func (e outcome) Unwrap() error { return e.is }
