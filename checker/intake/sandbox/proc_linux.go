//go:build linux

package sandbox

import (
	"syscall"
	"unsafe"
)

// waitExited blocks until process pid has exited, without reaping it, so
// that its pid (and process group id) cannot be reused until it is waited
// for.
func waitExited(pid int) bool {
	const pPID = 1
	var siginfo [128]byte
	for {
		_, _, e := syscall.Syscall6(syscall.SYS_WAITID, pPID, uintptr(pid),
			uintptr(unsafe.Pointer(&siginfo)), syscall.WEXITED|syscall.WNOWAIT, 0, 0)
		if e == syscall.EINTR {
			continue
		}
		return e == 0
	}
}
