//go:build linux

package sandbox

import (
	"os/exec"
	"syscall"
	"unsafe"
)

// setProcAttr puts the worker in its own process group, so that it and
// anything it starts can be killed together and a terminal's Ctrl-C does not
// reach it, and asks the kernel to kill it if the parent dies.
func setProcAttr(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Setpgid = true
	cmd.SysProcAttr.Pdeathsig = syscall.SIGKILL
}

func killGroup(pid int) { _ = syscall.Kill(-pid, syscall.SIGKILL) }

// waitExited blocks until process pid has exited, without reaping it, so
// that its pid (and process group id) cannot be reused until cmd.Wait runs.
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
