//go:build !unix

package launch

import (
	"os"
	"syscall"
)

func setProcAttr(sys *syscall.SysProcAttr) {}

// KillGroup does nothing: there are no process groups here.
func KillGroup(pid int) {}

// pipeFits reports whether n bytes can be written to f, the write end of a
// new pipe, without waiting for a reader: here it is not known.
func pipeFits(f *os.File, n int) bool { return false }
