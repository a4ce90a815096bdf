package launch

import (
	"os"
	"syscall"
)

// setProcAttr puts the worker in its own process group and asks the kernel
// to kill it when the thread that starts it dies: Go's threads end only
// with the process (or with a goroutine locked to one, which never starts
// a worker), and an init function runs on the main thread.
func setProcAttr(sys *syscall.SysProcAttr) {
	sys.Setpgid = true
	sys.Pdeathsig = syscall.SIGKILL
}

// KillGroup sends SIGKILL to process group pid.
func KillGroup(pid int) { _ = syscall.Kill(-pid, syscall.SIGKILL) }

// pipeFits reports whether n bytes can be written to f, the write end of a
// new, empty pipe, without waiting for a reader, and grows the pipe to
// make room where it must and may (up to /proc/sys/fs/pipe-max-size, 1 MiB
// by default, for a process without CAP_SYS_RESOURCE).
func pipeFits(f *os.File, n int) bool {
	const fSetPipeSz, fGetPipeSz = 1031, 1032 // F_SETPIPE_SZ, F_GETPIPE_SZ
	rc, err := f.SyscallConn()
	if err != nil {
		return false
	}
	fits := false
	_ = rc.Control(func(fd uintptr) {
		size, _, e := syscall.Syscall(syscall.SYS_FCNTL, fd, fGetPipeSz, 0)
		if e == 0 && int(size) < n {
			size, _, e = syscall.Syscall(syscall.SYS_FCNTL, fd, fSetPipeSz, uintptr(n))
		}
		fits = e == 0 && int(size) >= n
	})
	return fits
}
