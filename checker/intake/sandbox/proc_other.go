//go:build !unix

package sandbox

import "os/exec"

func setProcAttr(cmd *exec.Cmd) {}

func killGroup(pid int) {}

func waitExited(pid int) bool { return false }
