//go:build linux

package sandbox

import (
	"os"
	"strconv"
	"strings"
	"testing"
)

// procSizes reads the sizes /proc/self/status also gives, in kB.
func TestProcSizes(t *testing.T) {
	vsize, resident, err := procSizes()
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skip(err)
	}
	kB := func(key string) int64 {
		for _, l := range strings.Split(string(b), "\n") {
			if f := strings.Fields(l); len(f) == 3 && f[0] == key+":" {
				n, _ := strconv.ParseInt(f[1], 10, 64)
				return n << 10
			}
		}
		t.Fatalf("no %s in /proc/self/status", key)
		return 0
	}
	// The process may grow a little between the two reads.
	near := func(a, b int64) bool { return a > 0 && b > 0 && a-b < 64<<20 && b-a < 64<<20 }
	if vm := kB("VmSize"); !near(vsize, vm) {
		t.Errorf("address space %d bytes, /proc/self/status says %d", vsize, vm)
	}
	if rss := kB("VmRSS"); !near(resident, rss) {
		t.Errorf("resident size %d bytes, /proc/self/status says %d", resident, rss)
	}
}
