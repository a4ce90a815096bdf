//go:build unix && !linux

package launch

import (
	"os"
	"syscall"
)

// setProcAttr puts the worker in its own process group.
func setProcAttr(sys *syscall.SysProcAttr) { sys.Setpgid = true }

// KillGroup sends SIGKILL to process group pid.
func KillGroup(pid int) { _ = syscall.Kill(-pid, syscall.SIGKILL) }

// pipeFits reports whether n bytes can be written to f, the write end of a
// new, empty pipe, without waiting for a reader: an empty pipe holds at
// least PIPE_BUF bytes, which POSIX makes at least 512.
func pipeFits(f *os.File, n int) bool { return n <= 512 }
