//go:build unix

package batch_test

import "syscall"

// mkfifo makes a named pipe, which a batch must list, not read (reading
// would block).
func mkfifo(path string) error { return syscall.Mkfifo(path, 0o644) }
