// Package standard assembles the intake reader every frontdoor command
// shares: JSON, YAML, text, Markdown and email read in process, and PDF and
// DOCX parsed in sandboxed worker processes started on first use.
//
// The workers are cmd/frontdoor-sandbox when it is installed beside the
// running executable; otherwise they are copies of the executable itself,
// started with a marker argument, and the program must then call
// parsers.ServeWorker first thing in main (and in TestMain for tests that
// read documents). This package does not import the parsers: a program
// that always uses frontdoor-sandbox (see SeparateWorker) links none of
// them.
package standard

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"time"

	"github.com/frontdoorhq/frontdoor/checker/intake"
	"github.com/frontdoorhq/frontdoor/checker/intake/document"
	"github.com/frontdoorhq/frontdoor/checker/intake/mapping"
	"github.com/frontdoorhq/frontdoor/checker/intake/sandbox"
	"github.com/frontdoorhq/frontdoor/checker/intake/sandbox/launch"
	"github.com/frontdoorhq/frontdoor/checker/intake/text"
)

// WorkerProgram is the small worker program (cmd/frontdoor-sandbox) that
// New uses when it is installed beside the running executable; it starts
// faster than a copy of the whole frontdoor binary.
const WorkerProgram = sandbox.WorkerProgram

// Reader is an intake.Reader for every supported format. It is safe for
// concurrent use; Close stops any document workers.
type Reader struct {
	intake.Reader
	pool *lazyPool
}

// New returns a Reader. opts sets the sandbox (zero values mean its
// defaults: 10 s per document, workers as needed). Without opts.Command,
// the workers are WorkerProgram when it is installed beside the running
// executable, else copies of the executable (see the package comment).
func New(opts sandbox.Options) *Reader {
	if opts.Command == nil {
		if exe, err := os.Executable(); err == nil {
			opts.Command = siblingWorker(exe)
		}
	}
	p := &lazyPool{opts: opts}
	return &Reader{
		Reader: intake.Reader{Documents: p, MapDocument: mapping.Map, ReadText: text.Read},
		pool:   p,
	}
}

// Close stops the document workers, if any were started, and waits until
// they have exited.
func (r *Reader) Close() error { return r.pool.Close() }

// Release lets the document workers go, for a command about to exit: idle
// ones exit on their own, busy ones are killed (sandbox.Pool.Release).
func (r *Reader) Release() {
	if p := r.pool.started(); p != nil {
		p.Release()
	}
}

// siblingWorker returns a command for WorkerProgram beside the executable
// exe, or nil (the sandbox's default: a copy of this executable).
func siblingWorker(exe string) func() *exec.Cmd { return sandbox.Sibling(exe, WorkerProgram) }

// SeparateWorker returns the sandbox command (sandbox.Options.Command) for
// a program that is not a document worker itself, having no parsers linked
// in: WorkerProgram beside the running executable. Where that is missing,
// the command fails to start, and reading a PDF or DOCX then fails with an
// error that names the missing program and says where it belongs; other
// formats are read as usual.
func SeparateWorker() func() *exec.Cmd {
	exe, err := os.Executable()
	if err == nil {
		if cmd := siblingWorker(exe); cmd != nil {
			return cmd
		}
	}
	return missingWorker(exe)
}

// missingWorker returns a command that fails to start, saying that
// WorkerProgram is not installed beside exe.
func missingWorker(exe string) func() *exec.Cmd {
	where := "beside frontdoor"
	if exe != "" {
		if resolved, err := filepath.EvalSymlinks(exe); err == nil {
			exe = resolved
		}
		where += " in " + filepath.Dir(exe)
	}
	err := fmt.Errorf("%w: %s, which reads PDF and Word files, belongs %s; install the two together, as make build does",
		sandbox.ErrNotInstalled, WorkerProgram, where)
	return func() *exec.Cmd {
		// exec.Cmd.Start returns Err, when set, before starting anything.
		return &exec.Cmd{Path: WorkerProgram, Args: []string{WorkerProgram, sandbox.WorkerArg}, Err: err}
	}
}

// Warm starts a document worker in the background, so that its start-up
// overlaps other work; call it when a PDF or DOCX is about to be read. What
// reading the worker's result needs (see prepare) is built meanwhile, on
// another core, while the worker process starts.
func (r *Reader) Warm() {
	go prepare()
	r.pool.get().Warm()
}

// Adopt hands the reader's sandbox pool a worker started ahead of it,
// perhaps already parsing the document the reader is about to be asked for
// (see launch.StartSpare and sandbox.Pool.Adopt, which kills a spare it
// cannot use); call it before Warm. A nil spare is ignored.
func (r *Reader) Adopt(s *launch.Spare) {
	if s != nil {
		r.pool.get().Adopt(s)
	}
}

// lazyPool starts the sandbox pool only when a PDF or DOCX is first read,
// so that checking JSON or YAML never starts a worker.
type lazyPool struct {
	opts sandbox.Options
	once sync.Once
	mu   sync.Mutex
	p    *sandbox.Pool
}

func (l *lazyPool) get() *sandbox.Pool {
	l.once.Do(func() {
		l.mu.Lock()
		l.p = sandbox.New(l.opts)
		l.mu.Unlock()
	})
	return l.p
}

func (l *lazyPool) Parse(ctx context.Context, kind string, data []byte) (*document.Document, error) {
	// While the worker parses, build what reading its result needs.
	go prepare()
	return l.get().Parse(ctx, kind, data)
}

// prepare builds the label table, which mapping every document's text
// needs, once. It no longer compiles every regular expression of the
// program (lazyre.CompileAll) as well: a document check uses 6 to 11 of
// the 33, about 0.2 ms compiled on first use, while compiling them all
// took 2.8 ms of CPU, on the core the worker process needs to start and
// parse: without it the whole-process PDF check was about 2 ms faster on
// the 2-core development machine (median and 10th percentile alike).
var prepare = sync.OnceFunc(mapping.Warm)

func (l *lazyPool) started() *sandbox.Pool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.p
}

func (l *lazyPool) Close() error {
	if p := l.started(); p != nil {
		return p.Close()
	}
	return nil
}

// TimeoutFromEnv reads a document time limit such as "10s" (the value of
// FRONTDOOR_DOCUMENT_TIMEOUT); empty means the default (zero).
func TimeoutFromEnv(v string) (time.Duration, bool) {
	if v == "" {
		return 0, true
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, false
	}
	return d, true
}
