package sandbox

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/frontdoorhq/frontdoor/checker/intake/document"
)

// Direct runs handlers in the current process, each in a goroutine with
// recover and a time limit. It contains panics and returns on time, but it
// cannot stop a handler that loops (the goroutine is abandoned and keeps its
// CPU) and it cannot survive a fatal out-of-memory error, which kills the
// whole process. Use it where child processes are unavailable, and in unit
// tests; after any timeout Healthy reports false and the process should be
// restarted.
type Direct struct {
	handlers  map[string]Handler
	opts      Options
	slots     chan struct{} // held until the handler goroutine really ends
	abandoned atomic.Int64  // handler goroutines still running after their caller gave up
	timedOut  atomic.Bool
	closed    atomic.Bool
}

var _ Parser = (*Direct)(nil)

// NewDirect returns a Direct running handlers. Of opts it uses Size (the
// most handlers running at once, abandoned ones included), Timeout and
// MaxDocumentSize.
func NewDirect(handlers map[string]Handler, opts Options) *Direct {
	d := &Direct{handlers: handlers, opts: opts.withDefaults()}
	d.slots = make(chan struct{}, d.opts.Size)
	return d
}

// Healthy reports whether no handler has yet been abandoned at the time
// limit. An unhealthy process has goroutines it cannot stop.
func (d *Direct) Healthy() bool { return !d.timedOut.Load() }

// Close makes later Parse calls fail. It cannot stop running handlers.
func (d *Direct) Close() error {
	d.closed.Store(true)
	return nil
}

// Parse runs the handler for kind on data. Errors are *Error values, as
// from Pool.Parse; for Failed, Err is the handler's own error.
func (d *Direct) Parse(ctx context.Context, kind string, data []byte) (*document.Document, error) {
	if d.closed.Load() {
		return nil, &Error{Kind: kind, Reason: Closed}
	}
	if e := checkRequest(kind, data, d.opts.MaxDocumentSize); e != nil {
		return nil, e
	}
	h, ok := d.handlers[kind]
	if !ok || h == nil {
		return nil, &Error{Kind: kind, Reason: UnknownKind}
	}
	if err := ctx.Err(); err != nil {
		return nil, ctxError(kind, err)
	}
	if d.abandoned.Load() >= int64(cap(d.slots)) {
		return nil, &Error{Kind: kind, Reason: Unavailable, Detail: "every parser slot is held by a stuck parser; restart the process"}
	}
	select {
	case d.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, ctxError(kind, ctx.Err())
	}

	done := make(chan directResult, 1)
	go func() {
		defer func() { <-d.slots }()
		var r directResult
		func() {
			defer func() {
				if v := recover(); v != nil {
					r = directResult{panicked: true}
				}
			}()
			r.doc, r.err = h(data)
		}()
		done <- r
	}()

	timer := time.NewTimer(d.opts.Timeout)
	defer timer.Stop()
	select {
	case r := <-done:
		switch {
		case r.panicked:
			return nil, &Error{Kind: kind, Reason: Panicked}
		case r.err != nil:
			return r.doc, &Error{Kind: kind, Reason: Failed, Detail: safeMessage(r.err), Partial: r.doc != nil, Err: r.err}
		case r.doc == nil:
			return nil, &Error{Kind: kind, Reason: Failed, Detail: "the file may be damaged; " + resave(kind) + " (the reader returned no result)"}
		}
		return r.doc, nil
	case <-timer.C:
		d.timedOut.Store(true)
		d.abandon(done)
		return nil, &Error{Kind: kind, Reason: Timeout, Limit: d.opts.Timeout}
	case <-ctx.Done():
		d.abandon(done)
		return nil, ctxError(kind, ctx.Err())
	}
}

type directResult struct {
	doc      *document.Document
	err      error
	panicked bool
}

// abandon leaves a handler running; its slot stays taken until it ends.
func (d *Direct) abandon(done <-chan directResult) {
	d.abandoned.Add(1)
	go func() {
		<-done
		d.abandoned.Add(-1)
	}()
}

// safeMessage is cleanMessage(err.Error()) with a misbehaving Error method
// contained.
func safeMessage(err error) (msg string) {
	defer func() {
		if recover() != nil {
			msg = "something went wrong inside frontdoor while reading the file; " + msgRetry + " (unprintable error)"
		}
	}()
	return cleanMessage(err.Error())
}
