//go:build linux

package sandbox_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/frontdoorhq/frontdoor/checker/intake/sandbox"
)

// A small form's worth of bytes; the "ok" handler echoes it as one line.
var benchData = bytes.Repeat([]byte("Child's name: A. Example | "), 200)

func warmPool(b *testing.B, opts sandbox.Options) *sandbox.Pool {
	p := newPool(b, opts)
	for range opts.Size {
		if _, err := p.Parse(context.Background(), "ok", benchData); err != nil {
			b.Fatal(err)
		}
	}
	return p
}

// BenchmarkPoolParse is the per-document overhead of a warm worker: pipe
// round trip, framing and JSON, with a trivial handler.
func BenchmarkPoolParse(b *testing.B) {
	p := warmPool(b, sandbox.Options{Size: 1, MaxRequestsPerWorker: -1})
	ctx := context.Background()
	b.SetBytes(int64(len(benchData)))
	for b.Loop() {
		if _, err := p.Parse(ctx, "ok", benchData); err != nil {
			b.Fatal(err)
		}
	}
	if s := p.Stats(); s.Started != 1 {
		b.Errorf("workers started: %d", s.Started)
	}
}

func BenchmarkPoolParseParallel(b *testing.B) {
	p := warmPool(b, sandbox.Options{Size: 2, MaxRequestsPerWorker: -1})
	b.SetBytes(int64(len(benchData)))
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := p.Parse(context.Background(), "ok", benchData); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkPoolColdStart starts a new worker for every document, as a
// process-per-file design would.
func BenchmarkPoolColdStart(b *testing.B) {
	p := newPool(b, sandbox.Options{Size: 1, MaxRequestsPerWorker: 1})
	ctx := context.Background()
	for b.Loop() {
		if _, err := p.Parse(ctx, "ok", benchData); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDirectParse(b *testing.B) {
	d := sandbox.NewDirect(testHandlers, sandbox.Options{Size: 1})
	ctx := context.Background()
	for b.Loop() {
		if _, err := d.Parse(ctx, "ok", benchData); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPoolParseEmpty is the bare round trip: no payload to copy or encode.
func BenchmarkPoolParseEmpty(b *testing.B) {
	p := warmPool(b, sandbox.Options{Size: 1, MaxRequestsPerWorker: -1})
	ctx := context.Background()
	for b.Loop() {
		if _, err := p.Parse(ctx, "ok", nil); err != nil {
			b.Fatal(err)
		}
	}
}
