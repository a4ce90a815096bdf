//go:build linux

package sandbox

import (
	"bytes"
	"errors"
	"os"
	"strconv"
	"syscall"
)

// setAddressSpaceLimit sets RLIMIT_AS (soft and hard) to the current
// virtual size plus limit. Under the race detector it does nothing: the
// race runtime maps shadow memory on demand and fails (its own way) long
// before the Go heap reaches the budget; the watchdog applies instead.
func setAddressSpaceLimit(limit int64) error {
	if raceEnabled {
		return nil
	}
	base, err := virtualSize()
	if err != nil {
		return err
	}
	want := uint64(base + limit)
	var cur syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_AS, &cur); err != nil {
		return err
	}
	if cur.Max < want {
		want = cur.Max // cannot raise an inherited hard limit
	}
	return syscall.Setrlimit(syscall.RLIMIT_AS, &syscall.Rlimit{Cur: want, Max: want})
}

// virtualSize reads the process's address-space size (field 23 of
// /proc/self/stat, in bytes).
func virtualSize() (int64, error) {
	b, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return 0, err
	}
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, errors.New("unexpected /proc/self/stat")
	}
	f := bytes.Fields(b[i+1:])
	// After the command name: state is field 3, vsize field 23.
	if len(f) < 21 {
		return 0, errors.New("unexpected /proc/self/stat")
	}
	return strconv.ParseInt(string(f[20]), 10, 64)
}

// redirectStdout moves the real stdout to a new descriptor for the protocol
// and points descriptor 1 (and os.Stdout) at stderr.
func redirectStdout() (*os.File, error) {
	fd, err := syscall.Dup(1)
	if err != nil {
		return nil, err
	}
	syscall.CloseOnExec(fd)
	if err := syscall.Dup3(2, 1, 0); err != nil {
		syscall.Close(fd)
		return nil, err
	}
	os.Stdout = os.Stderr
	return os.NewFile(uintptr(fd), "sandbox-protocol"), nil
}
