//go:build !unix

package sandbox

func waitExited(pid int) bool { return false }
