package sandbox

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/frontdoorhq/frontdoor/checker/intake/document"
	"github.com/frontdoorhq/frontdoor/checker/intake/sandbox/launch"
)

// Options configures a Pool (and, for Size, Timeout and MaxDocumentSize,
// a Direct). Zero values take the defaults.
type Options struct {
	// Size is the most workers, and so the most documents parsed at once.
	// Default runtime.NumCPU().
	Size int
	// Timeout is the time limit per document, counted from when a worker
	// is assigned. Default 10 s.
	Timeout time.Duration
	// MemoryLimit is the address space, in bytes, a worker may map beyond
	// its start-up size (Linux RLIMIT_AS; elsewhere a watchdog on the Go
	// heap). Default 1 GiB; negative means no limit.
	MemoryLimit int64
	// MaxDocumentSize rejects larger inputs before they reach a worker.
	// Default 32 MiB.
	MaxDocumentSize int
	// MaxResultSize caps the result a worker may send back, in bytes as
	// encoded (about the size of the text read). Default 64 MiB.
	MaxResultSize int
	// MaxRequestsPerWorker retires a worker after that many documents.
	// Default 1000; negative means never.
	MaxRequestsPerWorker int
	// Command returns the command that starts a worker: a program that
	// calls MaybeServe first thing, with WorkerArg as its first argument.
	// The Pool starts its Path with its Args, Env, Dir, SysProcAttr and
	// ExtraFiles itself (launch.Start), connecting its standard streams
	// to the Pool, adding the worker's limits to its environment and
	// setting process attributes; an Err set on it is returned as Start
	// would return it. Default: os.Executable() with WorkerArg.
	Command func() *exec.Cmd
}

// limits are the limits workers are told.
func (o Options) limits() launch.Limits {
	return launch.Limits{Memory: max(o.MemoryLimit, 0), MaxInput: o.MaxDocumentSize, MaxResult: o.MaxResultSize}
}

func (o Options) withDefaults() Options {
	if o.Size <= 0 {
		o.Size = runtime.NumCPU()
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MemoryLimit == 0 {
		o.MemoryLimit = DefaultMemoryLimit
	}
	if o.MaxDocumentSize <= 0 {
		o.MaxDocumentSize = DefaultMaxDocumentSize
	}
	if o.MaxResultSize <= 0 {
		o.MaxResultSize = DefaultMaxResultSize
	}
	if o.MaxRequestsPerWorker == 0 {
		o.MaxRequestsPerWorker = DefaultMaxRequestsPerWorker
	}
	return o
}

// Pool parses documents in reusable worker processes. It is safe for
// concurrent use; at most Options.Size documents are parsed at once and
// other callers wait (honouring their context).
type Pool struct {
	opts    Options
	command func() (*exec.Cmd, error)
	slots   chan struct{}
	closing chan struct{}

	mu     sync.Mutex
	closed bool
	idle   []*worker            // most recently used last
	live   map[*worker]struct{} // started and not yet reaped
	reap   sync.WaitGroup       // one per started worker, until reaped

	started, requests, timeouts, failures, retired atomic.Uint64
}

// Stats is a snapshot of a Pool's activity.
type Stats struct {
	Live     int    // worker processes not yet reaped (busy, idle or retiring)
	Idle     int    // workers waiting for a document
	Started  uint64 // workers started since New
	Requests uint64 // documents sent to workers
	Timeouts uint64 // workers killed at the time limit
	Failures uint64 // workers lost to a crash, out of memory, protocol error or cancellation
	Retired  uint64 // workers stopped after MaxRequestsPerWorker documents
}

var _ Parser = (*Pool)(nil)

// New returns a Pool. Workers start on first use.
func New(opts Options) *Pool {
	p := &Pool{
		opts:    opts.withDefaults(),
		live:    make(map[*worker]struct{}),
		closing: make(chan struct{}),
	}
	p.slots = make(chan struct{}, p.opts.Size)
	if p.opts.Command != nil {
		p.command = func() (*exec.Cmd, error) { return p.opts.Command(), nil }
	} else {
		exe, err := os.Executable()
		p.command = func() (*exec.Cmd, error) {
			if err != nil {
				return nil, err
			}
			return exec.Command(exe, WorkerArg), nil
		}
	}
	return p
}

// Stats returns counters for monitoring and tests.
func (p *Pool) Stats() Stats {
	p.mu.Lock()
	s := Stats{Live: len(p.live), Idle: len(p.idle)}
	p.mu.Unlock()
	s.Started = p.started.Load()
	s.Requests = p.requests.Load()
	s.Timeouts = p.timeouts.Load()
	s.Failures = p.failures.Load()
	s.Retired = p.retired.Load()
	return s
}

// Parse sends data to a worker running the handler registered for kind and
// returns its document. A worker that runs past the time limit, or whose
// caller's context ends, is killed; one that dies is replaced on the next
// call. A partial result comes back as a document together with an *Error
// whose Partial field is set. All errors are *Error values.
func (p *Pool) Parse(ctx context.Context, kind string, data []byte) (*document.Document, error) {
	if e := checkRequest(kind, data, p.opts.MaxDocumentSize); e != nil {
		return nil, e
	}
	if err := ctx.Err(); err != nil {
		return nil, ctxError(kind, err)
	}
	select {
	case p.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, ctxError(kind, ctx.Err())
	case <-p.closing:
		return nil, &Error{Kind: kind, Reason: Closed}
	}
	defer func() { <-p.slots }()

	w, e := p.acquire(kind, data)
	if e != nil {
		return nil, e
	}
	p.requests.Add(1)
	timer := time.NewTimer(p.opts.Timeout)
	defer timer.Stop()
	done := make(chan roundTripResult, 1)
	go func() {
		body, err := w.roundTrip(kind, data, p.opts.MaxResultSize)
		done <- roundTripResult{body, err}
	}()

	select {
	case r := <-done:
		if r.err != nil {
			return nil, p.lost(w, kind, r.err)
		}
		doc, e, err := decodeResponse(kind, r.body)
		if err != nil {
			return nil, p.lost(w, kind, err)
		}
		p.release(w)
		if e != nil {
			return doc, e
		}
		return doc, nil
	case <-timer.C:
		p.abandon(w, done)
		p.timeouts.Add(1)
		if !w.ready {
			return nil, &Error{Kind: kind, Reason: Unavailable, Detail: "the worker did not answer within " + p.opts.Timeout.String() + noHelloHint}
		}
		return nil, &Error{Kind: kind, Reason: Timeout, Limit: p.opts.Timeout}
	case <-ctx.Done():
		p.abandon(w, done)
		p.failures.Add(1)
		return nil, ctxError(kind, ctx.Err())
	case <-p.closing:
		p.abandon(w, done)
		return nil, &Error{Kind: kind, Reason: Closed}
	}
}

// Warm starts one worker, when none is idle and a slot is free, so that
// the first Parse does not wait for a worker's start-up: Warm returns once
// the process is started (a millisecond or two), and the worker gets ready
// while the caller does other work. A worker that fails to start is simply
// not there; Parse then reports why.
func (p *Pool) Warm() {
	select {
	case p.slots <- struct{}{}:
	default:
		return
	}
	defer func() { <-p.slots }()
	p.mu.Lock()
	busy := p.closed || len(p.idle) > 0
	p.mu.Unlock()
	if busy {
		return
	}
	w, e := p.acquire("", nil)
	if e != nil {
		return
	}
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		w.kill()
		w.closePipes()
		return
	}
	p.idle = append(p.idle, w)
	p.mu.Unlock()
}

// Close kills every worker, waits until all are reaped, and makes later
// Parse calls fail with ErrClosed. Parse calls in progress return ErrClosed.
func (p *Pool) Close() error {
	p.Kill()
	p.reap.Wait()
	return nil
}

// Kill is Close without the wait: every worker is sent SIGKILL and Kill
// returns at once. It is for a program about to exit, which need not wait
// for the kernel to tear the workers down.
func (p *Pool) Kill() { p.stop(true) }

// Release is Kill for a program about to exit, without the signals it can
// spare: a worker in the middle of a request is killed, but an idle one
// only has its pipes closed, and exits when it reads the end of its input
// (or, were it not to, when this process has: PR_SET_PDEATHSIG). Sending a
// signal costs a third of a millisecond on the development machine, most
// of the tail of a one-shot check. Release returns how many workers it
// killed; once the pool is closed, it does nothing. Later Parse calls fail
// as after Close.
func (p *Pool) Release() (killed int) { return p.stop(false) }

// stop closes the pool and its workers' pipes, and kills every worker, or,
// with killIdle false, every worker but the idle ones (and none once the
// pool is closed); it returns how many it killed.
func (p *Pool) stop(killIdle bool) (killed int) {
	p.mu.Lock()
	if p.closed && !killIdle {
		p.mu.Unlock()
		return 0
	}
	idle := p.idle
	if !p.closed {
		p.closed = true
		close(p.closing)
		p.idle = nil
	}
	ws := make([]*worker, 0, len(p.live))
	for w := range p.live {
		ws = append(ws, w)
	}
	p.mu.Unlock()
	for _, w := range ws {
		if killIdle || !slices.Contains(idle, w) {
			w.kill()
			killed++
		}
		w.closePipes()
	}
	return killed
}

type roundTripResult struct {
	body []byte
	err  error
}

// acquire returns an idle live worker or starts one, for a request of
// kind and data; kind "" (Warm) takes any worker. An adopted worker that
// was sent another request ahead (see Adopt) is not taken but killed: its
// answer is not this request's. The caller holds a slot.
func (p *Pool) acquire(kind string, data []byte) (*worker, *Error) {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil, &Error{Kind: kind, Reason: Closed}
	}
	var stale []*worker // adopted workers sent another request ahead
	for len(p.idle) > 0 {
		w := p.idle[len(p.idle)-1]
		p.idle = p.idle[:len(p.idle)-1]
		if w.pending != nil && kind != "" && !sameRequest(w.pending, kind, data) {
			stale = append(stale, w)
			continue
		}
		if w.alive() {
			p.mu.Unlock()
			discard(stale)
			return w, nil
		}
		// Died while idle; its reaper removes it from live.
	}
	p.reap.Add(1) // before the unlock, so Close waits for this worker too
	p.mu.Unlock()
	discard(stale)

	w, err := p.start()
	if err != nil {
		p.reap.Done()
		return nil, &Error{Kind: kind, Reason: Unavailable, Detail: err.Error(), Err: err}
	}
	p.mu.Lock()
	p.live[w] = struct{}{}
	closed := p.closed
	p.mu.Unlock()
	if closed {
		w.kill()
		w.closePipes()
		return nil, &Error{Kind: kind, Reason: Closed}
	}
	return w, nil
}

// release returns a worker after a successful round trip.
func (p *Pool) release(w *worker) {
	w.requests++
	p.mu.Lock()
	switch {
	case p.closed:
		p.mu.Unlock()
		w.kill()
		w.closePipes()
	case p.opts.MaxRequestsPerWorker > 0 && w.requests >= p.opts.MaxRequestsPerWorker:
		p.mu.Unlock()
		p.retired.Add(1)
		w.retire()
	default:
		p.idle = append(p.idle, w)
		p.mu.Unlock()
	}
}

// abandon kills a busy worker and waits for its round trip to give up.
func (p *Pool) abandon(w *worker, done <-chan roundTripResult) {
	w.kill()
	w.closePipes()
	<-done
}

// lost handles a worker whose round trip failed: it is killed, reaped and
// its death classified.
func (p *Pool) lost(w *worker, kind string, ioErr error) *Error {
	w.kill()
	<-w.done // SIGKILL plus WaitDelay bound this
	w.closePipes()
	p.mu.Lock()
	closed := p.closed
	p.mu.Unlock()
	if closed {
		return &Error{Kind: kind, Reason: Closed}
	}
	p.failures.Add(1)
	f := w.stderr.result()
	if !w.ready {
		detail := "the worker did not answer" + noHelloHint
		if f.oom {
			detail = "the worker ran out of memory while starting; is MemoryLimit too low?"
		}
		return &Error{Kind: kind, Reason: Unavailable, Detail: detail}
	}
	switch {
	case f.oom:
		return &Error{Kind: kind, Reason: OutOfMemory}
	case f.stackOverflow:
		return &Error{Kind: kind, Reason: Crashed, Detail: "stack overflow"}
	case f.panic:
		return &Error{Kind: kind, Reason: Crashed, Detail: "panic"}
	case f.fatal:
		return &Error{Kind: kind, Reason: Crashed, Detail: "fatal error"}
	case errors.Is(ioErr, errFrame):
		return &Error{Kind: kind, Reason: Crashed, Detail: "invalid reply"}
	}
	if st := w.state; st != nil {
		if st.Success() {
			return &Error{Kind: kind, Reason: Crashed, Detail: "exited"}
		}
		return &Error{Kind: kind, Reason: Crashed, Detail: st.String()} // "exit status 3", "signal: killed"
	}
	return &Error{Kind: kind, Reason: Crashed}
}

func decodeResponse(kind string, body []byte) (*document.Document, *Error, error) {
	r, err := decodeWire(body)
	if err != nil {
		return nil, nil, err
	}
	switch r.Code {
	case codeOK:
		if r.Doc == nil {
			return nil, nil, fmt.Errorf("%w: no document", errFrame)
		}
		return r.Doc, nil, nil
	case codeFailed:
		return r.Doc, &Error{Kind: kind, Reason: Failed, Detail: cleanMessage(r.Error), Partial: r.Doc != nil}, nil
	case codePanic:
		return nil, &Error{Kind: kind, Reason: Panicked}, nil
	case codeUnknownKind:
		return nil, &Error{Kind: kind, Reason: UnknownKind}, nil
	}
	return nil, nil, fmt.Errorf("%w: unknown code", errFrame)
}

// worker is one child process.
type worker struct {
	proc       *launch.Process
	pid        int
	stdin      *os.File // parent's ends of the pipes
	stdout     *os.File
	stderrPipe *os.File
	stderr     *stderrScanner
	stderrRead chan struct{}    // closed once stderr is read to its end (see scanStderr)
	done       chan struct{}    // closed once the process is reaped
	state      *os.ProcessState // how it exited; set before done is closed

	// Used only by the goroutine that holds the worker.
	ready    bool            // hello received
	requests int             // requests answered
	pending  *launch.Request // a request sent ahead, before the worker was adopted (see Adopt), not yet answered

	mu     sync.Mutex
	exited bool // the process has exited: its pid must not be signalled
}

func (p *Pool) start() (*worker, error) {
	cmd, err := p.command()
	if err != nil {
		return nil, err
	}
	w, err := startWorker(cmd, p.opts)
	if err != nil {
		return nil, err
	}
	p.started.Add(1)
	w.scanStderr()
	go p.reaper(w)
	return w, nil
}

// startWorker starts cmd as a worker under opts' limits (launch.Start);
// its stderr is read once scanStderr is called.
func startWorker(cmd *exec.Cmd, opts Options) (*worker, error) {
	if cmd.Err != nil {
		return nil, cmd.Err // as Cmd.Start returns it
	}
	if cmd.Process != nil {
		return nil, errors.New("sandbox: the worker command was already started")
	}
	c, _ := commandOf(cmd)
	proc, err := launch.Start(c, opts.limits(), cmd.SysProcAttr, cmd.ExtraFiles)
	if err != nil {
		return nil, err
	}
	return newWorker(proc), nil
}

func newWorker(proc *launch.Process) *worker {
	return &worker{proc: proc, pid: proc.Process.Pid, stdin: proc.Stdin, stdout: proc.Stdout, stderrPipe: proc.Stderr,
		stderr: &stderrScanner{}, stderrRead: make(chan struct{}), done: make(chan struct{})}
}

// scanStderr starts reading the worker's stderr into its scanner.
func (w *worker) scanStderr() {
	go func() {
		_, _ = io.Copy(w.stderr, w.stderrPipe)
		close(w.stderrRead)
	}()
}

// stderrDelay is how long the reaper waits, once a worker has exited, for
// the rest of its stderr (as os/exec's Cmd.WaitDelay): a process it left
// behind may hold the pipe open.
const stderrDelay = time.Second

// reaper waits for the worker to exit, kills anything left in its process
// group, and reaps it.
func (p *Pool) reaper(w *worker) {
	defer p.reap.Done()
	if waitExited(w.pid) {
		w.mu.Lock()
		launch.KillGroup(w.pid) // leftovers; the group id is still reserved by the zombie
		w.exited = true
		w.mu.Unlock()
	}
	w.state, _ = w.proc.Process.Wait()
	w.mu.Lock()
	w.exited = true
	w.mu.Unlock()
	t := time.NewTimer(stderrDelay)
	select {
	case <-w.stderrRead:
	case <-t.C:
	}
	t.Stop()
	w.stderrPipe.Close()
	w.closePipes()
	p.mu.Lock()
	delete(p.live, w)
	p.mu.Unlock()
	close(w.done)
}

func (w *worker) alive() bool {
	select {
	case <-w.done:
		return false
	default:
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	return !w.exited
}

// kill sends SIGKILL to the worker's process group, if it has not exited.
func (w *worker) kill() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.exited {
		return
	}
	w.proc.Kill()
}

// discard kills idle workers that are of no more use; their reapers
// remove them from the pool.
func discard(ws []*worker) {
	for _, w := range ws {
		w.kill()
		w.closePipes()
	}
}

// closePipes closes the parent's pipe ends, which also unblocks a round
// trip in progress. Safe to call more than once.
func (w *worker) closePipes() {
	w.stdin.Close()
	w.stdout.Close()
}

// retire lets an idle worker exit on its own (EOF on stdin), with a kill as
// backstop.
func (w *worker) retire() {
	w.stdin.Close()
	go func() {
		t := time.NewTimer(5 * time.Second)
		defer t.Stop()
		select {
		case <-w.done:
		case <-t.C:
			w.kill()
		}
	}()
}

const noHelloHint = "; is sandbox.MaybeServe called at the start of main?"

var errBadHello = errors.New("sandbox: worker sent no hello")

// roundTrip sends one request and reads its response, and first, from a
// worker new to it, the hello. The request goes before the hello is read,
// so that a worker still starting finds it waiting when it is ready:
// reading the hello first made the worker wait, idle, until this process
// was next scheduled to read it and answer, which took 2-3 ms of a
// 3-page PDF check on the 2-core development machine, whose cores were
// busy decoding the guidance pack. A worker writes its hello before it
// reads anything, so neither side waits on the other; a request larger
// than the pipe holds is simply written as the worker reads it.
func (w *worker) roundTrip(kind string, data []byte, maxBody int) ([]byte, error) {
	if w.pending != nil { // acquire saw that it is this request
		w.pending = nil
	} else if err := writeRequest(w.stdin, kind, data); err != nil {
		return nil, err
	}
	if !w.ready {
		var buf [len(hello)]byte
		if _, err := io.ReadFull(w.stdout, buf[:]); err != nil {
			return nil, err
		}
		if string(buf[:]) != hello {
			return nil, errBadHello
		}
		w.ready = true
	}
	return readResponse(w.stdout, maxBody)
}

// stderrScanner receives a worker's stderr and keeps only a classification:
// the text (panic messages, tracebacks) may quote the document and is
// dropped. Lines are examined up to maxLine bytes.
type stderrScanner struct {
	mu    sync.Mutex
	line  []byte
	flags stderrFlags
}

type stderrFlags struct {
	oom, stackOverflow, panic, fatal bool
}

const maxStderrLine = 256

func (s *stderrScanner) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := len(p)
	for len(p) > 0 {
		i := bytes.IndexByte(p, '\n')
		chunk := p
		if i >= 0 {
			chunk = p[:i]
		}
		if room := maxStderrLine - len(s.line); room > 0 {
			s.line = append(s.line, chunk[:min(room, len(chunk))]...)
		}
		if i < 0 {
			break
		}
		s.check()
		p = p[i+1:]
	}
	return n, nil
}

func (s *stderrScanner) check() {
	l := s.line
	s.line = s.line[:0]
	f := &s.flags
	switch {
	case bytes.HasPrefix(l, []byte("fatal error: ")) && bytes.Contains(l, []byte("out of memory")),
		bytes.HasPrefix(l, []byte("runtime: out of memory")),
		bytes.HasPrefix(l, []byte("runtime: failed to create new OS thread")),
		bytes.Contains(l, []byte("ThreadSanitizer")) && (bytes.Contains(l, []byte("failed to allocate")) || bytes.Contains(l, []byte("out of memory"))),
		bytes.Equal(l, []byte(watchdogMarker)):
		f.oom = true
	case bytes.HasPrefix(l, []byte("fatal error: stack overflow")),
		bytes.HasPrefix(l, []byte("runtime: goroutine stack exceeds")):
		f.stackOverflow = true
	case bytes.HasPrefix(l, []byte("panic: ")):
		f.panic = true
	case bytes.HasPrefix(l, []byte("fatal error: ")):
		f.fatal = true
	}
}

// result returns the flags, counting an unterminated last line.
func (s *stderrScanner) result() stderrFlags {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.line) > 0 {
		s.check()
	}
	return s.flags
}
