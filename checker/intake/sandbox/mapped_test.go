package sandbox

import (
	"runtime"
	"runtime/metrics"
	"testing"
)

// goMapped measures what the runtime's metrics call mapped and not
// released memory (the watchdog's measure, which they used to provide).
func TestGoMappedMatchesMetrics(t *testing.T) {
	read := func() uint64 {
		s := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
		metrics.Read(s)
		return s[0].Value.Uint64() - s[1].Value.Uint64()
	}
	var keep [][]byte
	for i := 0; i < 4; i++ {
		runtime.GC()
		before := read()
		got := goMapped()
		after := read()
		lo, hi := min(before, after), max(before, after)
		const slack = 256 << 10 // the runtime may map a little between the reads
		if got+slack < lo || got > hi+slack {
			t.Errorf("goMapped() = %d, metrics say %d..%d", got, before, after)
		}
		keep = append(keep, make([]byte, 8<<20)) // grow the heap between rounds
	}
	runtime.KeepAlive(keep)
}
