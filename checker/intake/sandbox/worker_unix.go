//go:build unix && !linux

package sandbox

import (
	"os"
	"syscall"
)

// setAddressSpaceLimit does nothing outside Linux (macOS, for one, does not
// enforce RLIMIT_AS); the time limit, the size caps and the watchdog apply.
// It reports no resident size: the caller measures its own base.
func setAddressSpaceLimit(limit int64) (resident int64, err error) { return 0, nil }

func redirectStdout() (*os.File, error) {
	fd, err := syscall.Dup(1)
	if err != nil {
		return nil, err
	}
	syscall.CloseOnExec(fd)
	if err := syscall.Dup2(2, 1); err != nil {
		syscall.Close(fd)
		return nil, err
	}
	os.Stdout = os.Stderr
	return os.NewFile(uintptr(fd), "sandbox-protocol"), nil
}
