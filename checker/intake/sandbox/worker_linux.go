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
// virtual size plus limit, and returns the current resident size. Under the
// race detector it sets nothing: the race runtime maps shadow memory on
// demand and fails (its own way) long before the Go heap reaches the
// budget; the watchdog applies instead.
func setAddressSpaceLimit(limit int64) (resident int64, err error) {
	vsize, resident, err := procSizes()
	if err != nil {
		return 0, err
	}
	if raceEnabled {
		return resident, nil
	}
	want := uint64(vsize + limit)
	var cur syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_AS, &cur); err != nil {
		return resident, err
	}
	if cur.Max < want {
		want = cur.Max // cannot raise an inherited hard limit
	}
	return resident, syscall.Setrlimit(syscall.RLIMIT_AS, &syscall.Rlimit{Cur: want, Max: want})
}

// procSizes reads the process's address-space size and resident size, in
// bytes (fields 23 and 24 of /proc/self/stat), with plain system calls:
// os.Open would also start the runtime's network poller, which a worker
// otherwise never needs, for a file that cannot use it.
func procSizes() (vsize, resident int64, err error) {
	fd, err := syscall.Open("/proc/self/stat", syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return 0, 0, &os.PathError{Op: "open", Path: "/proc/self/stat", Err: err}
	}
	defer syscall.Close(fd)
	var buf [4096]byte // the line is some 300 bytes
	n := 0
	for n < len(buf) {
		m, err := syscall.Read(fd, buf[n:])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return 0, 0, &os.PathError{Op: "read", Path: "/proc/self/stat", Err: err}
		}
		if m == 0 {
			break
		}
		n += m
	}
	b := buf[:n]
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, 0, errors.New("unexpected /proc/self/stat")
	}
	f := bytes.Fields(b[i+1:])
	// After the command name: state is field 3, vsize 23, rss (pages) 24.
	if len(f) < 22 {
		return 0, 0, errors.New("unexpected /proc/self/stat")
	}
	if vsize, err = strconv.ParseInt(string(f[20]), 10, 64); err != nil {
		return 0, 0, err
	}
	pages, err := strconv.ParseInt(string(f[21]), 10, 64)
	if err != nil {
		return 0, 0, err
	}
	return vsize, pages * int64(os.Getpagesize()), nil
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
