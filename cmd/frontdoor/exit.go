package main

import (
	"errors"
	"fmt"
	"io"
)

// exitCode is the process exit status; the numbers are the contract's
// (section 4) and never change.
type exitCode int

const (
	exitOK       exitCode = 0 // ran, and nothing at or above --fail-on
	exitFindings exitCode = 1 // ran, and found something at or above --fail-on
	exitError    exitCode = 2 // could not run: bad usage, bad configuration, unreadable input
)

// errFindings is returned by a command that ran and found something at or
// above the fail level. It prints nothing.
var errFindings = errors.New("findings at or above the fail level")

// errUnreadable is returned by check when some input could not be read. The
// per-file errors have already been reported.
var errUnreadable = errors.New("some inputs could not be read")

// usageError is bad usage or bad configuration; its message is printed.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// exitFor maps an error returned by a command to the exit code, printing
// its message where there is one to print. This is the one place errors
// become exit codes.
func exitFor(err error, stderr io.Writer) exitCode {
	var ue *usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errFindings):
		return exitFindings
	case errors.Is(err, errUnreadable):
		return exitError
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "frontdoor: %s\n", ue.msg)
		return exitError
	}
	fmt.Fprintf(stderr, "frontdoor: %v\n", err)
	return exitError
}
