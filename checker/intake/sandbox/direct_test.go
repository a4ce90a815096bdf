package sandbox_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/frontdoorhq/frontdoor/checker/intake/document"
	"github.com/frontdoorhq/frontdoor/checker/intake/sandbox"
)

var errEncrypted = errors.New("file is encrypted")

func directHandlers() map[string]sandbox.Handler {
	return map[string]sandbox.Handler{
		"ok": func(data []byte) (*document.Document, error) {
			return &document.Document{Format: "text", Lines: []document.Line{{Text: string(data), Line: 1}}}, nil
		},
		"panic": func(data []byte) (*document.Document, error) { panic(string(data)) },
		"fail":  func([]byte) (*document.Document, error) { return nil, errEncrypted },
		"block": func([]byte) (*document.Document, error) {
			time.Sleep(300 * time.Millisecond)
			return &document.Document{}, nil
		},
	}
}

func TestDirect(t *testing.T) {
	d := sandbox.NewDirect(directHandlers(), sandbox.Options{Size: 1, Timeout: 100 * time.Millisecond})
	ctx := context.Background()
	doc, err := d.Parse(ctx, "ok", []byte("hello"))
	if err != nil || doc.Lines[0].Text != "hello" {
		t.Fatalf("ok: %v %+v", err, doc)
	}
	_, err = d.Parse(ctx, "panic", []byte("SECRET"))
	if !errors.Is(err, sandbox.ErrPanicked) || strings.Contains(err.Error(), "SECRET") {
		t.Errorf("panic: %v", err)
	}
	_, err = d.Parse(ctx, "fail", nil)
	if !errors.Is(err, sandbox.ErrFailed) || !errors.Is(err, errEncrypted) || err.Error() != "could not read FAIL: file is encrypted" {
		t.Errorf("fail: %v", err)
	}
	_, err = d.Parse(ctx, "pdf", nil)
	if !errors.Is(err, sandbox.ErrUnknownKind) {
		t.Errorf("unknown kind: %v", err)
	}
	if !d.Healthy() {
		t.Error("unhealthy before any timeout")
	}

	start := time.Now()
	_, err = d.Parse(ctx, "block", nil)
	if !errors.Is(err, sandbox.ErrTimeout) || time.Since(start) > 5*time.Second {
		t.Errorf("timeout: %v after %v", err, time.Since(start))
	}
	if d.Healthy() {
		t.Error("healthy after a timeout")
	}
	// The only slot is held by the abandoned handler.
	_, err = d.Parse(ctx, "ok", nil)
	if !errors.Is(err, sandbox.ErrUnavailable) {
		t.Errorf("with the slot stuck: %v", err)
	}
	time.Sleep(300 * time.Millisecond)
	if _, err := d.Parse(ctx, "ok", nil); err != nil {
		t.Errorf("after the stuck handler ended: %v", err)
	}

	d.Close()
	// Cancellation, with a parser time limit far beyond it (loaded CI machines).
	d2 := sandbox.NewDirect(directHandlers(), sandbox.Options{Size: 1, Timeout: time.Minute})
	cctx, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	_, err = d2.Parse(cctx, "block", nil)
	if !errors.Is(err, sandbox.ErrCanceled) || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("cancel: %v", err)
	}
	d2.Close()
	if _, err := d.Parse(ctx, "ok", nil); !errors.Is(err, sandbox.ErrClosed) {
		t.Errorf("after Close: %v", err)
	}
}
