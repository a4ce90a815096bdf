// Package standard assembles the intake reader every frontdoor command
// shares: JSON, YAML, text, Markdown and email read in process, and PDF and
// DOCX parsed in sandboxed worker processes started on first use.
//
// A program that uses it must call ServeWorker first thing in main (and in
// TestMain for tests that read documents): the workers are the same binary,
// started with a marker argument.
package standard

import (
	"context"
	"sync"
	"time"

	"github.com/frontdoorhq/frontdoor/checker/intake"
	"github.com/frontdoorhq/frontdoor/checker/intake/document"
	"github.com/frontdoorhq/frontdoor/checker/intake/docx"
	"github.com/frontdoorhq/frontdoor/checker/intake/mapping"
	"github.com/frontdoorhq/frontdoor/checker/intake/pdf"
	"github.com/frontdoorhq/frontdoor/checker/intake/sandbox"
	"github.com/frontdoorhq/frontdoor/checker/intake/text"
)

// Handlers are the parsers that run inside sandboxed worker processes: a
// hostile PDF or DOCX can crash, hang or exhaust a worker, never the process
// that asked.
var Handlers = map[string]sandbox.Handler{
	intake.PDF:  func(b []byte) (*document.Document, error) { return pdf.Extract(b, pdf.DefaultLimits()) },
	intake.DOCX: docx.ReadBytes,
}

// ServeWorker makes this binary act as a sandboxed document worker when it
// was started as one (it then never returns), and returns otherwise.
func ServeWorker() { sandbox.MaybeServe(Handlers) }

// Reader is an intake.Reader for every supported format. It is safe for
// concurrent use; Close stops any document workers.
type Reader struct {
	intake.Reader
	pool *lazyPool
}

// New returns a Reader. opts sets the sandbox (zero values mean its
// defaults: 10 s per document, workers as needed).
func New(opts sandbox.Options) *Reader {
	p := &lazyPool{opts: opts}
	return &Reader{
		Reader: intake.Reader{Documents: p, MapDocument: mapping.Map, ReadText: text.Read},
		pool:   p,
	}
}

// Close stops the document workers, if any were started.
func (r *Reader) Close() error { return r.pool.Close() }

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
	go mapping.Warm() // build the label table while the worker parses
	return l.get().Parse(ctx, kind, data)
}

func (l *lazyPool) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.p == nil {
		return nil
	}
	return l.p.Close()
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
