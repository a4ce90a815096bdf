// Package sandbox runs document parsers that may misbehave on hostile input.
//
// The PDF library frontdoor uses panics, loops forever or exhausts memory
// (fatally, beyond recover) on small crafted files, so parsing happens in a
// child worker process that has an address-space limit and is killed when it
// runs past a time limit. A [Pool] keeps a few long-lived workers, sends each
// document to an idle one over a pipe, and replaces any worker that dies or is
// killed. [Direct] runs the same handlers in the current process, with recover
// and a timeout but without memory isolation, for platforms without child
// processes and for fast unit tests. Both satisfy [Parser].
//
// The worker is the program's own binary re-run with a hidden argument
// ([WorkerArg]), so the program must call [MaybeServe] at the very start of
// main, before it parses flags or does anything else:
//
//	func main() {
//		sandbox.MaybeServe(map[string]sandbox.Handler{
//			"pdf":  pdfreader.Read,
//			"docx": docxreader.Read,
//		})
//		// ... normal start-up; later:
//		pool := sandbox.New(sandbox.Options{})
//		defer pool.Close()
//		doc, err := pool.Parse(ctx, "pdf", data)
//	}
//
// A program may also start a worker before its Pool exists, perhaps already
// parsing the document it is about to be asked for, with
// launch.StartSpare (even from an init function: package launch imports
// nothing that Go initialises late), and hand it to the Pool with
// [Pool.Adopt].
//
// Errors returned by Parse are [*Error] values whose text is safe to show a
// user or write to a log: it never contains document content. The worker's
// stderr, which may hold panic traces quoting the document, is only scanned
// for a classification (out of memory, panic, stack overflow) and then
// discarded.
package sandbox

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/frontdoorhq/frontdoor/checker/intake/document"
	"github.com/frontdoorhq/frontdoor/checker/intake/sandbox/launch"
	"github.com/frontdoorhq/frontdoor/internal/plain"
)

// Handler reads one document. It runs inside the worker process (or, with
// [Direct], in a goroutine of the current process) and may panic, hang or
// exhaust memory: the sandbox contains all three.
//
// A handler may return both a document and an error to report a partial
// result; Parse then returns both, with the error's Partial flag set. The
// text of a handler's error is passed to the caller (trimmed to one short
// line), so it must not quote document content.
type Handler func(data []byte) (*document.Document, error)

// Parser is what both [Pool] and [Direct] provide.
type Parser interface {
	// Parse reads data with the handler registered for kind ("pdf", "docx").
	Parse(ctx context.Context, kind string, data []byte) (*document.Document, error)
	// Close releases the parser's resources; later Parse calls fail.
	Close() error
}

// Defaults for [Options] fields left at zero.
const (
	DefaultTimeout              = 10 * time.Second
	DefaultMemoryLimit          = launch.DefaultMemoryLimit     // 1 GiB of address space above the worker's start-up size
	DefaultMaxDocumentSize      = launch.DefaultMaxDocumentSize // 32 MiB
	DefaultMaxResultSize        = launch.DefaultMaxResultSize   // 64 MiB, encoded
	DefaultMaxRequestsPerWorker = 1000
)

// MaxKindLen is the longest kind name accepted.
const MaxKindLen = launch.MaxKindLen

// Reason classifies a failure.
type Reason int

const (
	Failed      Reason = iota // the handler returned an error
	Panicked                  // the handler panicked; the worker survived
	Timeout                   // the parse ran past the time limit and was killed
	OutOfMemory               // the worker hit its memory limit and died
	Crashed                   // the worker died some other way or broke the protocol
	TooLarge                  // the input was larger than MaxDocumentSize
	UnknownKind               // no handler is registered for the kind
	Unavailable               // no worker could be started
	Canceled                  // the caller's context ended first
	Closed                    // the Pool or Direct was closed
)

var reasonNames = [...]string{"failed", "panicked", "timeout", "out of memory", "crashed",
	"too large", "unknown kind", "unavailable", "canceled", "closed"}

func (r Reason) String() string {
	if r >= 0 && int(r) < len(reasonNames) {
		return reasonNames[r]
	}
	return fmt.Sprintf("Reason(%d)", int(r))
}

// Sentinel errors, matched by errors.Is against any *Error of that Reason.
var (
	ErrFailed      = errors.New("sandbox: parser failed")
	ErrPanicked    = errors.New("sandbox: parser panicked")
	ErrTimeout     = errors.New("sandbox: parser timed out")
	ErrOutOfMemory = errors.New("sandbox: parser ran out of memory")
	ErrCrashed     = errors.New("sandbox: parser crashed")
	ErrTooLarge    = errors.New("sandbox: document too large")
	ErrUnknownKind = errors.New("sandbox: no handler for kind")
	ErrUnavailable = errors.New("sandbox: parser unavailable")
	ErrCanceled    = errors.New("sandbox: canceled")
	ErrClosed      = errors.New("sandbox: parser closed")
)

// ErrNotInstalled is for a worker command (Options.Command) to wrap in the
// error its Start returns (exec.Cmd's Err field) when the worker program
// is not installed. Parse then fails as Unavailable with that error's text
// alone, in place of advice to try again, which would not help.
var ErrNotInstalled = errors.New("frontdoor's document reader is not installed")

var sentinels = [...]error{ErrFailed, ErrPanicked, ErrTimeout, ErrOutOfMemory, ErrCrashed,
	ErrTooLarge, ErrUnknownKind, ErrUnavailable, ErrCanceled, ErrClosed}

// Error is the error returned by Parse. Its text has the form "could not
// read PDF: reading it took longer than 4 seconds and was stopped; …": it
// says in plain words what went wrong and what to do, for readers who are
// not programmers, and never contains document content.
type Error struct {
	Kind    string // the kind passed to Parse
	Reason  Reason
	Detail  string        // short, content-free detail: the handler's message for Failed, "exit status 3" for Crashed
	Limit   time.Duration // the time limit, for Timeout
	Partial bool          // Parse also returned a partial document
	Err     error         // underlying cause, when there is one: ctx.Err(), a start-up error, or (Direct only) the handler's error
}

// msgRetry ends the messages for failures that are not the file's fault.
const msgRetry = "try again, and tell support if it keeps happening"

func (e *Error) Error() string {
	var msg string
	switch e.Reason {
	case Failed:
		msg = e.Detail
		if msg == "" {
			msg = "the file may be damaged; " + resave(e.Kind)
		}
	case Panicked:
		msg = "something went wrong while reading the file, which may be damaged; " + resave(e.Kind) + ", and tell support if it keeps happening (reader panic)"
	case Timeout:
		msg = "reading it took longer than " + plain.Duration(e.Limit) + " and was stopped; the file may be damaged — " + resave(e.Kind)
	case OutOfMemory:
		msg = "reading it needed more memory than is safe and was stopped; the file may be damaged — " + resave(e.Kind) + " (out of memory)"
	case Crashed:
		msg = "something went wrong while reading the file, which may be damaged; " + resave(e.Kind) + ", and tell support if it keeps happening (reader crashed"
		if e.Detail != "" {
			msg += ": " + e.Detail
		}
		msg += ")"
	case TooLarge:
		msg = "the file is too large to read; save a smaller copy, for example with fewer or smaller pictures"
		if e.Detail != "" {
			msg += " (" + e.Detail + ")"
		}
	case UnknownKind:
		msg = "frontdoor cannot read this kind of file"
	case Unavailable:
		if errors.Is(e.Err, ErrNotInstalled) {
			msg = e.Detail
			break
		}
		msg = "frontdoor could not start its document reader; " + msgRetry
		if e.Detail != "" {
			msg += " (" + e.Detail + ")"
		}
	case Canceled:
		msg = "the check was canceled before the file was read"
		if e.Err != nil {
			msg += " (" + e.Err.Error() + ")"
		}
	case Closed:
		msg = "frontdoor was shutting down, so the file was not read; try again"
	default:
		msg = "the file could not be read; " + msgRetry
	}
	return "could not read " + kindLabel(e.Kind) + ": " + msg
}

// resave says how to make a fresh copy of a file of the kind.
func resave(kind string) string {
	switch strings.ToLower(kind) {
	case "pdf":
		return "save it again from the program that made it, or print it to PDF"
	case "docx":
		return "open it in Word and save it again"
	}
	return "save it again"
}

// Unwrap returns the sentinel for the Reason and the underlying cause.
func (e *Error) Unwrap() []error {
	var errs []error
	if e.Reason >= 0 && int(e.Reason) < len(sentinels) {
		errs = append(errs, sentinels[e.Reason])
	}
	if e.Err != nil {
		errs = append(errs, e.Err)
	}
	return errs
}

// kindLabel names a kind for messages: "pdf" → "PDF". Kinds come from the
// caller, not the document, but are still checked to be short words.
func kindLabel(kind string) string {
	if kind == "" || len(kind) > 12 {
		return "document"
	}
	for _, r := range kind {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return "document"
		}
	}
	return strings.ToUpper(kind)
}

// cleanMessage makes a handler's error text safe to pass on: one line,
// printable, at most maxMessageLen bytes.
func cleanMessage(s string) string {
	const maxMessageLen = 300 // room for a plain message that says what to do
	s = strings.Map(func(r rune) rune {
		if unicode.IsPrint(r) {
			return r
		}
		if unicode.IsSpace(r) {
			return ' '
		}
		return -1
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > maxMessageLen {
		cut := maxMessageLen
		for cut > 0 && !utf8RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }

func checkRequest(kind string, data []byte, maxSize int) *Error {
	if kind == "" || len(kind) > MaxKindLen {
		return &Error{Kind: kind, Reason: UnknownKind}
	}
	if len(data) > maxSize {
		return &Error{Kind: kind, Reason: TooLarge, Detail: plain.Size(len(data)) + "; the limit is " + plain.Size(maxSize)}
	}
	return nil
}

func ctxError(kind string, err error) *Error {
	return &Error{Kind: kind, Reason: Canceled, Err: err}
}
