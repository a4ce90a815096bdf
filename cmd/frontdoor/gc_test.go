package main

import (
	"math"
	"runtime/debug"
	"testing"
)

// tuneGC turns collection off only for one-shot commands with few paths,
// always with a memory limit.
func TestTuneGC(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))
	for _, c := range []struct {
		args []string
		off  bool
	}{
		{[]string{"frontdoor", "check", "a.pdf"}, true},
		{[]string{"frontdoor", "route", "text"}, true},
		{[]string{"frontdoor", "batch", "dir"}, false},
		{[]string{"frontdoor", "serve"}, false},
		{[]string{"frontdoor"}, false},
		{append([]string{"frontdoor", "check"}, make([]string, 20)...), false},
	} {
		debug.SetGCPercent(100)
		debug.SetMemoryLimit(math.MaxInt64)
		tuneGC(c.args)
		off := debug.SetGCPercent(100) < 0
		limit := debug.SetMemoryLimit(-1)
		if off != c.off || (off && limit == math.MaxInt64) {
			t.Errorf("%q: collection off %v (limit %d), want off %v with a limit", c.args[1:], off, limit, c.off)
		}
	}
}
