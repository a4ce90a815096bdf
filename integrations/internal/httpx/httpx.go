// Package httpx holds the HTTP plumbing the frontdoor server and its chat
// transports share: JSON errors, capped body reads, request ids, and
// request-scoped log attributes that never carry message content.
package httpx

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"sync"
)

// Error writes {"error": msg} with the status. msg must be safe to show:
// no stack traces, paths or content.
func Error(w http.ResponseWriter, status int, msg string) {
	JSON(w, status, map[string]string{"error": msg})
}

// JSON writes v as JSON with the status.
func JSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"error":"internal error"}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "no-store") // answers may concern a child
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}

// ErrTooLarge is returned by ReadBody for a body over its cap.
var ErrTooLarge = errors.New("request body too large")

// ReadBody reads the whole request body, at most max bytes; a larger body
// gives ErrTooLarge (answer 413).
func ReadBody(w http.ResponseWriter, r *http.Request, max int64) ([]byte, error) {
	if r.ContentLength > max {
		return nil, ErrTooLarge
	}
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, max))
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return nil, ErrTooLarge
	}
	return b, err
}

// BodyError answers a ReadBody error: 413 for too large, 400 otherwise.
func BodyError(w http.ResponseWriter, err error) {
	if errors.Is(err, ErrTooLarge) {
		Error(w, http.StatusRequestEntityTooLarge, "request body too large")
		return
	}
	Error(w, http.StatusBadRequest, "could not read the request body")
}

// NewRequestID returns a random 16-hex-digit id.
func NewRequestID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

type ctxKey int

const (
	idKey ctxKey = iota
	attrsKey
)

// WithRequestID returns ctx carrying a request id.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, idKey, id)
}

// RequestID is the request id in ctx, or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(idKey).(string)
	return id
}

// Attrs collects log attributes for one request's access-log line. Only
// ids, counts, routes and timings go in: never message or file content.
type Attrs struct {
	mu    sync.Mutex
	attrs []slog.Attr
}

// WithAttrs returns ctx carrying a fresh attribute collector.
func WithAttrs(ctx context.Context) (context.Context, *Attrs) {
	a := &Attrs{}
	return context.WithValue(ctx, attrsKey, a), a
}

// Annotate adds attributes to the request's access-log line, if ctx has a
// collector.
func Annotate(ctx context.Context, attrs ...slog.Attr) {
	a, _ := ctx.Value(attrsKey).(*Attrs)
	if a == nil {
		return
	}
	a.mu.Lock()
	a.attrs = append(a.attrs, attrs...)
	a.mu.Unlock()
}

// List returns the attributes collected so far.
func (a *Attrs) List() []slog.Attr {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := make([]slog.Attr, len(a.attrs))
	copy(out, a.attrs)
	return out
}

// ErrorKind names an error for a log line without its text, which can
// carry a URL or other detail: "timeout", "canceled" or "error".
func ErrorKind(err error) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	case errors.Is(err, context.Canceled):
		return "canceled"
	}
	var te interface{ Timeout() bool }
	if errors.As(err, &te) && te.Timeout() {
		return "timeout"
	}
	return "error"
}
