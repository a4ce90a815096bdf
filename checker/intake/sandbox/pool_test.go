//go:build linux

package sandbox_test

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/frontdoorhq/frontdoor/checker/intake/sandbox"
)

func newPool(t testing.TB, opts sandbox.Options) *sandbox.Pool {
	t.Helper()
	p := sandbox.New(opts)
	t.Cleanup(func() {
		p.Close()
		// A killed child may take a moment to be reaped; a real leak stays.
		kids := children()
		for deadline := time.Now().Add(5 * time.Second); len(kids) > 0 && time.Now().Before(deadline); kids = children() {
			time.Sleep(20 * time.Millisecond)
		}
		if len(kids) > 0 {
			t.Errorf("child processes left after Close: %v", kids)
		}
	})
	return p
}

func workerPID(t *testing.T, p *sandbox.Pool) string {
	t.Helper()
	doc, err := p.Parse(context.Background(), "pid", nil)
	if err != nil {
		t.Fatalf("pid: %v", err)
	}
	return doc.Lines[0].Text
}

// wantErr checks err's sentinel and message, and that it leaks no content.
func wantErr(t *testing.T, err error, sentinel error, msg string) *sandbox.Error {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %v", sentinel)
	}
	if !errors.Is(err, sentinel) {
		t.Fatalf("error %q is not %v", err, sentinel)
	}
	if !strings.Contains(err.Error(), msg) {
		t.Errorf("error %q does not contain %q", err, msg)
	}
	if strings.Contains(err.Error(), secret) {
		t.Errorf("error %q leaks document content", err)
	}
	var se *sandbox.Error
	if !errors.As(err, &se) {
		t.Fatalf("error %T is not *sandbox.Error", err)
	}
	return se
}

func TestPoolParse(t *testing.T) {
	p := newPool(t, sandbox.Options{Size: 1})
	doc, err := p.Parse(context.Background(), "ok", []byte("Name: "+secret))
	if err != nil {
		t.Fatal(err)
	}
	if doc.Format != "text" || len(doc.Lines) != 1 || doc.Lines[0].Text != "Name: "+secret {
		t.Fatalf("unexpected document %+v", doc)
	}
	// Empty input is a valid request too.
	if _, err := p.Parse(context.Background(), "ok", nil); err != nil {
		t.Fatal(err)
	}
	if s := p.Stats(); s.Started != 1 || s.Requests != 2 || s.Idle != 1 {
		t.Errorf("stats %+v, want one worker used twice", s)
	}
}

func TestPoolPanicKeepsWorker(t *testing.T) {
	p := newPool(t, sandbox.Options{Size: 1})
	before := workerPID(t, p)
	_, err := p.Parse(context.Background(), "panic", []byte(secret))
	wantErr(t, err, sandbox.ErrPanicked, "could not read PANIC: something went wrong while reading the file, which may be damaged; save it again, and tell support if it keeps happening (reader panic)")
	if after := workerPID(t, p); after != before {
		t.Errorf("worker changed after a recovered panic: %s → %s", before, after)
	}
}

func TestPoolTimeout(t *testing.T) {
	for _, kind := range []string{"loop", "sleep"} {
		t.Run(kind, func(t *testing.T) {
			p := newPool(t, sandbox.Options{Size: 1, Timeout: time.Second})
			before := workerPID(t, p)
			start := time.Now()
			_, err := p.Parse(context.Background(), kind, []byte(secret))
			elapsed := time.Since(start)
			wantErr(t, err, sandbox.ErrTimeout, "reading it took longer than 1 second and was stopped; the file may be damaged")
			if elapsed < time.Second || elapsed > 10*time.Second { // generous: CI machines are loaded
				t.Errorf("timeout returned after %v, want 1s..10s", elapsed)
			}
			after := workerPID(t, p)
			if after == before {
				t.Errorf("worker %s was not replaced after a timeout", before)
			}
			if s := p.Stats(); s.Timeouts != 1 || s.Started != 2 {
				t.Errorf("stats %+v", s)
			}
		})
	}
}

func TestPoolOutOfMemory(t *testing.T) {
	for _, kind := range []string{"oom", "hugealloc"} {
		t.Run(kind, func(t *testing.T) {
			p := newPool(t, sandbox.Options{Size: 1, Timeout: 30 * time.Second, MemoryLimit: 200 << 20})
			before := workerPID(t, p)
			start := time.Now()
			_, err := p.Parse(context.Background(), kind, []byte(secret))
			wantErr(t, err, sandbox.ErrOutOfMemory, "needed more memory than is safe and was stopped; the file may be damaged — save it again (out of memory)")
			t.Logf("%s: %v after %v", kind, err, time.Since(start).Round(time.Millisecond))
			if after := workerPID(t, p); after == before {
				t.Errorf("worker %s was not replaced", before)
			}
		})
	}
}

func TestPoolAddressSpaceLimit(t *testing.T) {
	if sandbox.RaceEnabled {
		t.Skip("RLIMIT_AS is not applied under the race detector")
	}
	p := newPool(t, sandbox.Options{Size: 1, MemoryLimit: 300 << 20})
	doc, err := p.Parse(context.Background(), "limits", nil)
	if err != nil {
		t.Fatal(err)
	}
	// "Max address space <soft> <hard> bytes": start-up size plus 300 MiB.
	f := strings.Fields(doc.Lines[0].Text)
	if len(f) != 6 || f[3] != f[4] || f[3] == "unlimited" {
		t.Fatalf("worker limits: %q", doc.Lines[0].Text)
	}
	n, _ := strconv.ParseInt(f[3], 10, 64)
	if n < 300<<20 || n > 300<<20+8<<30 {
		t.Errorf("RLIMIT_AS %d bytes is implausible", n)
	}
	t.Logf("worker RLIMIT_AS: %d MiB", n>>20)
}

func TestPoolCrashes(t *testing.T) {
	tests := []struct {
		kind, msg string
	}{
		{"exit", "(reader crashed: exit status 3)"},
		{"gopanic", "(reader crashed: panic)"},
		{"deep", "(reader crashed: stack overflow)"},
	}
	p := newPool(t, sandbox.Options{Size: 1, Timeout: 30 * time.Second})
	for _, tt := range tests {
		t.Run(tt.kind, func(t *testing.T) {
			before := workerPID(t, p)
			_, err := p.Parse(context.Background(), tt.kind, []byte(secret))
			wantErr(t, err, sandbox.ErrCrashed, tt.msg)
			if after := workerPID(t, p); after == before {
				t.Errorf("worker %s was not replaced", before)
			}
		})
	}
}

func TestPoolKilledWhileIdle(t *testing.T) {
	p := newPool(t, sandbox.Options{Size: 1})
	pid := workerPID(t, p)
	var n int
	fmt.Sscan(pid, &n)
	if err := syscall.Kill(n, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(5 * time.Second); p.Stats().Live > 0; {
		if time.Now().After(deadline) {
			t.Fatal("killed worker not reaped")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if after := workerPID(t, p); after == pid {
		t.Error("dead worker reused")
	}
}

func TestPoolHandlerResults(t *testing.T) {
	p := newPool(t, sandbox.Options{Size: 1, MaxResultSize: 64 << 10, MaxDocumentSize: 1 << 20})
	ctx := context.Background()

	_, err := p.Parse(ctx, "fail", nil)
	wantErr(t, err, sandbox.ErrFailed, "could not read FAIL: file is encrypted")

	doc, err := p.Parse(ctx, "partial", nil)
	se := wantErr(t, err, sandbox.ErrFailed, "page 2: could not read text")
	if !se.Partial || doc == nil || doc.Lines[0].Text != "page 1" {
		t.Errorf("partial result lost: doc %+v, err %+v", doc, se)
	}

	_, err = p.Parse(ctx, "nil", nil)
	wantErr(t, err, sandbox.ErrFailed, "nothing could be read from the file")

	_, err = p.Parse(ctx, "pdf", []byte(secret))
	wantErr(t, err, sandbox.ErrUnknownKind, "could not read PDF: frontdoor cannot read this kind of file")

	_, err = p.Parse(ctx, "ok", make([]byte, 1<<20+1))
	wantErr(t, err, sandbox.ErrTooLarge, "the file is too large to read; save a smaller copy, for example with fewer or smaller pictures (1.0 MB; the limit is 1 MB)")

	_, err = p.Parse(ctx, "big", nil)
	wantErr(t, err, sandbox.ErrFailed, "the file holds more text than frontdoor reads at once; split it into smaller files, or save it again with less in it")

	doc, err = p.Parse(ctx, "stdout", nil)
	if err != nil || doc.Lines[0].Text != "quiet" {
		t.Fatalf("stdout noise broke the protocol: %v", err)
	}
	if s := p.Stats(); s.Started != 1 {
		t.Errorf("none of these should cost a worker; stats %+v", s)
	}
}

func TestPoolCancel(t *testing.T) {
	p := newPool(t, sandbox.Options{Size: 1})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := p.Parse(ctx, "sleep", nil)
	wantErr(t, err, sandbox.ErrCanceled, "canceled")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("%v does not wrap context.DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("cancellation took %v", d)
	}
	// A caller waiting for a slot gives up too.
	done := make(chan error)
	go func() {
		_, err := p.Parse(context.Background(), "sleep", nil)
		done <- err
	}()
	for p.Stats().Requests < 2 {
		time.Sleep(time.Millisecond)
	}
	ctx2, cancel2 := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel2)
	_, err = p.Parse(ctx2, "ok", nil)
	wantErr(t, err, sandbox.ErrCanceled, "context canceled")
	p.Close()
	wantErr(t, <-done, sandbox.ErrClosed, "frontdoor was shutting down, so the file was not read; try again")
}

func TestPoolConcurrent(t *testing.T) {
	p := newPool(t, sandbox.Options{Size: 2})
	const n = 200
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			want := fmt.Sprintf("request %d", i)
			doc, err := p.Parse(context.Background(), "ok", []byte(want))
			if err == nil && doc.Lines[0].Text != want {
				err = fmt.Errorf("got %q, want %q", doc.Lines[0].Text, want)
			}
			if err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	s := p.Stats()
	if s.Requests != n || s.Started > 2 || s.Live > 2 {
		t.Errorf("stats %+v: want %d requests on at most 2 workers", s, n)
	}
}

func TestPoolConcurrentWithFailures(t *testing.T) {
	p := newPool(t, sandbox.Options{Size: 2, Timeout: 2 * time.Second})
	kinds := []string{"ok", "panic", "exit", "ok", "fail", "ok", "gopanic", "ok"}
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Go(func() {
			kind := kinds[i%len(kinds)]
			_, err := p.Parse(context.Background(), kind, []byte(secret))
			if (kind == "ok") != (err == nil) {
				t.Errorf("%s: %v", kind, err)
			}
			if err != nil && strings.Contains(err.Error(), secret) {
				t.Errorf("%s: leaks content: %v", kind, err)
			}
		})
	}
	wg.Wait()
	if s := p.Stats(); s.Live > 2 {
		t.Errorf("stats %+v", s)
	}
}

func TestPoolRecycle(t *testing.T) {
	p := newPool(t, sandbox.Options{Size: 1, MaxRequestsPerWorker: 3})
	seen := map[string]int{}
	for range 7 {
		seen[workerPID(t, p)]++
	}
	if len(seen) != 3 {
		t.Errorf("workers used %v, want 3,3,1", seen)
	}
	if s := p.Stats(); s.Retired != 2 {
		t.Errorf("stats %+v", s)
	}
}

func TestPoolClose(t *testing.T) {
	p := sandbox.New(sandbox.Options{Size: 3})
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			_, err := p.Parse(context.Background(), "sleep", nil)
			if !errors.Is(err, sandbox.ErrClosed) {
				t.Errorf("busy caller got %v, want ErrClosed", err)
			}
		})
	}
	for p.Stats().Requests < 2 {
		time.Sleep(time.Millisecond)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	if kids := children(); len(kids) > 0 {
		t.Errorf("children after Close: %v", kids)
	}
	if s := p.Stats(); s.Live != 0 {
		t.Errorf("stats after Close %+v", s)
	}
	_, err := p.Parse(context.Background(), "ok", nil)
	wantErr(t, err, sandbox.ErrClosed, "frontdoor was shutting down, so the file was not read; try again")
	p.Close() // idempotent
}

func TestPoolNotAWorker(t *testing.T) {
	for _, name := range []string{"true", "cat"} {
		path, err := exec.LookPath(name)
		if err != nil {
			t.Skip(name, "not found")
		}
		p := newPool(t, sandbox.Options{Size: 1, Timeout: 2 * time.Second,
			Command: func() *exec.Cmd { return exec.Command(path) }})
		_, err = p.Parse(context.Background(), "ok", []byte(secret+" and more bytes to echo"))
		wantErr(t, err, sandbox.ErrUnavailable, "MaybeServe")
	}
	p := newPool(t, sandbox.Options{Size: 1,
		Command: func() *exec.Cmd { return exec.Command("/nonexistent/frontdoor") }})
	_, err := p.Parse(context.Background(), "ok", nil)
	wantErr(t, err, sandbox.ErrUnavailable, "frontdoor could not start its document reader; try again")
}

// Warm starts one worker ahead of the first Parse, which then uses it; a
// second Warm with a worker idle starts nothing.
func TestWarm(t *testing.T) {
	p := newPool(t, sandbox.Options{Size: 2})
	p.Warm()
	if s := p.Stats(); s.Started != 1 || s.Idle != 1 {
		t.Fatalf("after Warm: %+v, want one idle worker started", s)
	}
	p.Warm()
	if s := p.Stats(); s.Started != 1 {
		t.Fatalf("second Warm started another worker: %+v", s)
	}
	pid := workerPID(t, p)
	if s := p.Stats(); s.Started != 1 || s.Requests != 1 {
		t.Fatalf("Parse did not use the warm worker: %+v", s)
	}
	if workerPID(t, p) != pid {
		t.Error("the warm worker was not reused")
	}
}

// Release kills a busy worker but leaves an idle one to exit on its own
// (end of input), and no process is left either way (newPool's cleanup
// checks); later calls fail as after Close.
func TestRelease(t *testing.T) {
	p := newPool(t, sandbox.Options{Size: 2, Timeout: time.Minute})
	busy := make(chan error, 1)
	go func() {
		_, err := p.Parse(context.Background(), "sleep", nil)
		busy <- err
	}()
	for deadline := time.Now().Add(10 * time.Second); p.Stats().Requests < 1; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the first worker did not take its request")
		}
	}
	workerPID(t, p) // a second worker, idle after its answer
	if s := p.Stats(); s.Started != 2 || s.Idle != 1 {
		t.Fatalf("before Release: %+v, want two workers, one idle", s)
	}
	if killed := p.Release(); killed != 1 {
		t.Errorf("Release killed %d workers, want 1 (the busy one)", killed)
	}
	select {
	case err := <-busy:
		wantErr(t, err, sandbox.ErrClosed, "")
	case <-time.After(10 * time.Second):
		t.Fatal("the busy request did not end after Release")
	}
	_, err := p.Parse(context.Background(), "pid", nil)
	wantErr(t, err, sandbox.ErrClosed, "")
	if killed := p.Release(); killed != 0 {
		t.Errorf("a second Release killed %d workers, want none", killed)
	}
	p.Close() // waits until both have exited
	if kids := children(); len(kids) > 0 {
		t.Errorf("child processes left after Release: %v", kids)
	}
}

// Kill stops the workers without waiting; later calls fail as after Close,
// and no process is left (newPool's cleanup checks).
func TestKill(t *testing.T) {
	p := newPool(t, sandbox.Options{Size: 1})
	workerPID(t, p)
	p.Kill()
	_, err := p.Parse(context.Background(), "pid", nil)
	wantErr(t, err, sandbox.ErrClosed, "")
	p.Warm() // a closed pool starts nothing
	if s := p.Stats(); s.Started != 1 {
		t.Errorf("Warm after Kill started a worker: %+v", s)
	}
}
