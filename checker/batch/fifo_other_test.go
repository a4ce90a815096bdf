//go:build !unix

package batch_test

import "os"

// mkfifo stands in for a named pipe where there are none: a file the walk
// reads like any other. TestRunWalk expects a pipe, so it is skipped.
func mkfifo(path string) error { return os.ErrInvalid }
