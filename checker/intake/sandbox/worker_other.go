//go:build !unix

package sandbox

import "os"

func setAddressSpaceLimit(limit int64) (resident int64, err error) { return 0, nil }

// redirectStdout can only redirect Go code's use of os.Stdout here.
func redirectStdout() (*os.File, error) {
	out := os.Stdout
	os.Stdout = os.Stderr
	return out, nil
}
