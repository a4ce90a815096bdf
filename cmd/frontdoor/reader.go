package main

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

// documentHandlers are the parsers that run inside sandboxed worker
// processes: a hostile PDF or DOCX can crash, hang or exhaust a worker, never
// the process that asked.
var documentHandlers = map[string]sandbox.Handler{
	intake.PDF:  func(b []byte) (*document.Document, error) { return pdf.Extract(b, pdf.DefaultLimits()) },
	intake.DOCX: docx.ReadBytes,
}

// serveWorker makes this binary act as a sandboxed document worker when it
// was started as one (it then never returns). main calls it first.
func serveWorker() { sandbox.MaybeServe(documentHandlers) }

// docReader is the intake reader the commands share, with the worker pool
// started on first use and stopped by Close.
type docReader struct {
	intake.Reader
	pool *lazyPool
}

// newReader returns a reader for every supported format. The time allowed
// to parse one PDF or DOCX is FRONTDOOR_DOCUMENT_TIMEOUT (a Go duration such
// as "10s"; the sandbox's 10 s by default).
func newReader(e *env) (*docReader, error) {
	p := &lazyPool{}
	if v := e.getenv("FRONTDOOR_DOCUMENT_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return nil, usagef("FRONTDOOR_DOCUMENT_TIMEOUT: want a duration such as 10s, not %q", v)
		}
		p.opts.Timeout = d
	}
	return &docReader{
		Reader: intake.Reader{Documents: p, MapDocument: mapping.Map, ReadText: text.Read},
		pool:   p,
	}, nil
}

// Close stops any document workers.
func (d *docReader) Close() error { return d.pool.Close() }

// lazyPool starts the sandbox pool only when a PDF or DOCX is first read,
// so that checking JSON or YAML never starts a worker.
type lazyPool struct {
	opts sandbox.Options
	once sync.Once
	p    *sandbox.Pool
}

func (l *lazyPool) get() *sandbox.Pool {
	l.once.Do(func() { l.p = sandbox.New(l.opts) })
	return l.p
}

func (l *lazyPool) Parse(ctx context.Context, kind string, data []byte) (*document.Document, error) {
	go mapping.Warm() // build the label table while the worker parses
	return l.get().Parse(ctx, kind, data)
}

// Close stops the workers, if any were started.
func (l *lazyPool) Close() error {
	if l.p == nil {
		return nil
	}
	return l.p.Close()
}
