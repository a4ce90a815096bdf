//go:build unix && !linux

package sandbox

import (
	"os/exec"
	"syscall"
)

func setProcAttr(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Setpgid = true
}

func killGroup(pid int) { _ = syscall.Kill(-pid, syscall.SIGKILL) }

// waitExited is not available: the group is killed only until cmd.Wait
// returns, which leaves a very small window for pid reuse.
func waitExited(pid int) bool { return false }
