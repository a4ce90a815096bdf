//go:build linux

package mapping

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/frontdoorhq/frontdoor/checker/intake/text"
)

// coldDoc is the document the cold-start measurements map: a typical text
// referral, as `frontdoor check` would read it.
const coldDoc = "../../../fixtures/documents/15-consent-not-sought-no-reason.txt"

// BenchmarkColdMap measures what a fresh process pays: each iteration starts
// this test binary again (TestColdMapChild), which measures building the
// table and its first Map of coldDoc. ns/op is the whole child process; the
// other metrics are measured inside it: -ns in wall time, -cpu-ns in CPU
// time of its thread (steadier on a loaded machine).
func BenchmarkColdMap(b *testing.B) {
	sums := map[string]float64{}
	var order []string
	for b.Loop() {
		cmd := exec.Command(os.Args[0], "-test.run=^TestColdMapChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), "MAPPING_COLD_CHILD=1")
		out, err := cmd.Output()
		if err != nil {
			b.Fatalf("%v: %s", err, out)
		}
		sc := bufio.NewScanner(bytes.NewReader(out))
		for sc.Scan() {
			name, v, ok := strings.Cut(sc.Text(), " = ")
			if !ok || !strings.HasPrefix(name, "cold ") {
				continue
			}
			name = strings.TrimPrefix(name, "cold ")
			x, err := strconv.ParseFloat(v, 64)
			if err != nil {
				b.Fatal(err)
			}
			if _, seen := sums[name]; !seen {
				order = append(order, name)
			}
			sums[name] += x
		}
	}
	for _, name := range order {
		b.ReportMetric(sums[name]/float64(b.N), name)
	}
}

// TestColdMapChild is the child of BenchmarkColdMap; it does nothing in an
// ordinary test run.
func TestColdMapChild(t *testing.T) {
	if os.Getenv("MAPPING_COLD_CHILD") == "" {
		t.Skip("run by BenchmarkColdMap")
	}
	data, err := os.ReadFile(coldDoc)
	if err != nil {
		t.Fatal(err)
	}
	d, err := text.Read(data)
	if err != nil {
		t.Fatal(err)
	}
	runtime.LockOSThread() // for RUSAGE_THREAD
	type point struct {
		wall, cpu time.Duration
		mem       runtime.MemStats
	}
	at := func() (p point) {
		runtime.ReadMemStats(&p.mem)
		var ru syscall.Rusage
		if err := syscall.Getrusage(syscall.RUSAGE_THREAD, &ru); err != nil {
			t.Fatal(err)
		}
		p.cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		p.wall = time.Duration(time.Now().UnixNano())
		return p
	}
	report := func(name string, from, to point) {
		fmt.Printf("cold %s-ns = %d\n", name, to.wall-from.wall)
		fmt.Printf("cold %s-cpu-ns = %d\n", name, to.cpu-from.cpu)
		fmt.Printf("cold %s-allocs = %d\n", name, to.mem.Mallocs-from.mem.Mallocs)
		fmt.Printf("cold %s-B = %d\n", name, to.mem.TotalAlloc-from.mem.TotalAlloc)
	}
	p0 := at()
	loadTable()
	p1 := at()
	r := Map(d)
	p2 := at()
	Map(d)
	p3 := at()
	if r.Child.Name == "" {
		t.Error("the child's name was not read")
	}
	report("load", p0, p1)
	report("first-map", p1, p2)
	report("load+first-map", p0, p2)
	report("second-map", p2, p3)
}
