package plain

import (
	"testing"
	"time"
)

func TestCount(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 62914560: "62,914,560",
		1_000_000_001: "1,000,000,001", 2_000_000_000: "2,000,000,000", -1234: "-1,234"} {
		if got := Count(n); got != want {
			t.Errorf("Count(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestSize(t *testing.T) {
	for n, want := range map[int64]string{1: "1 byte", 50: "50 bytes", 1023: "1,023 bytes", 2048: "2 KB",
		1 << 20: "1 MB", 2_621_440: "2.5 MB", 20 << 20: "20 MB", 25<<20 + 400_000: "25.4 MB", 60 << 20: "60 MB",
		1 << 40: "1,048,576 MB", -5: "0 bytes", 1<<20 + 1: "1.0 MB", 150<<20 + 1: "150 MB"} {
		if got := Size(n); got != want {
			t.Errorf("Size(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{4 * time.Second: "4 seconds", time.Second: "1 second",
		1500 * time.Millisecond: "1.5 seconds", 500 * time.Millisecond: "500 milliseconds",
		2 * time.Minute: "2 minutes", 90 * time.Second: "90 seconds", 0: "0 seconds"} {
		if got := Duration(d); got != want {
			t.Errorf("Duration(%v) = %q, want %q", d, got, want)
		}
	}
}
