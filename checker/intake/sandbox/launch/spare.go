package launch

import (
	"os"
	"sync"
)

// Spare is a worker started before the sandbox pool that is to use it,
// perhaps with a document already sent to it: a program can start one as
// early as it likes (from an init function, say), so that the worker
// starts up, and even parses the document, while the program is still
// starting, and hand it to its pool later (sandbox.Pool.Adopt). The pool
// adopts it only if it would itself have started the same command with the
// same limits, and uses its answer only for a Parse of exactly the same
// kind and bytes; otherwise the spare is killed unused. A spare that is
// never adopted must be killed (Kill or Close); failing that, it exits
// when its stdin closes, that is when this process exits, and on Linux
// the kernel kills it when this process dies, even in the middle of a
// document.
type Spare struct {
	Command Command  // as given to StartSpare
	Limits  Limits   // as given to StartSpare
	Request *Request // the request sent ahead; nil for none

	env  []string // the environment it was started with (before its limits)
	mu   sync.Mutex
	proc *Process // nil once taken or killed
}

// Request is a request sent to a worker ahead of the Parse that is to use
// its answer.
type Request struct {
	Kind string
	Data []byte
}

// StartSpare starts c as a worker told limits (see Start), and, when kind
// is not empty, sends it data to parse at once, as the pool would, if the
// request fits in the pipe to the worker (grown for it, where the system
// allows): StartSpare never waits for the worker. A request the pool
// would refuse (a kind too long, data over limits.MaxInput) is not sent.
// data must not be modified afterwards.
func StartSpare(c Command, limits Limits, kind string, data []byte) (*Spare, error) {
	if c.Path == "" {
		return nil, errNoCommand
	}
	started := c
	if started.Env == nil {
		started.Env = os.Environ()
	}
	p, err := Start(started, limits, nil, nil)
	if err != nil {
		return nil, err
	}
	s := &Spare{Command: c, Limits: limits, env: started.Env, proc: p}
	if kind != "" && len(kind) <= MaxKindLen && len(data) <= limits.MaxInput && pipeFits(p.Stdin, RequestSize(kind, data)) {
		if err := WriteRequest(p.Stdin, kind, data); err != nil {
			s.Close()
			return nil, err
		}
		s.Request = &Request{Kind: kind, Data: data}
	}
	return s, nil
}

// Take returns the spare's worker and forgets it, for a pool to adopt;
// nil when it was already taken or killed, or s is nil.
func (s *Spare) Take() *Process {
	if s == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.proc
	s.proc = nil
	return p
}

// Adoptable reports whether a pool whose own workers are c told limits may
// adopt s: whether s was started the same way, in the same environment
// (this process's own, when c.Env is nil, may have changed since).
func (s *Spare) Adoptable(c Command, limits Limits) bool {
	return s.Limits == limits && s.Command.equal(c) && (c.Env != nil || slicesEqual(s.env, os.Environ()))
}

// Kill kills the spare's worker, unless it was taken, without waiting for
// it to exit (it is reaped in the background). A nil Spare is ignored.
func (s *Spare) Kill() {
	if p := s.Take(); p != nil {
		p.Release()
		go p.Process.Wait()
	}
}

// Close kills the spare's worker, unless it was taken, and waits until it
// has exited. A nil Spare is ignored.
func (s *Spare) Close() error {
	if p := s.Take(); p != nil {
		p.Release()
		_, _ = p.Process.Wait()
	}
	return nil
}

// Release kills a worker and closes all its pipes; it is still to be
// reaped (Process.Wait).
func (p *Process) Release() {
	p.Kill()
	p.ClosePipes()
	p.Stderr.Close()
}
