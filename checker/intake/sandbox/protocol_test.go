package sandbox

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/frontdoorhq/frontdoor/checker/intake/document"
)

func TestServeWorkerInProcess(t *testing.T) {
	handlers := map[string]Handler{
		"ok": func(data []byte) (*document.Document, error) {
			return &document.Document{Format: "text", Lines: []document.Line{{Text: string(data), Line: 1}}}, nil
		},
		"panic": func(data []byte) (*document.Document, error) { panic(string(data)) },
	}
	var in bytes.Buffer
	writeRequest(&in, "ok", []byte("one"))
	writeRequest(&in, "panic", []byte("SECRET"))
	writeRequest(&in, "nope", nil)
	writeRequest(&in, "ok", bytes.Repeat([]byte("z"), 100<<10)) // the two-write path
	var out bytes.Buffer
	if err := ServeWorker(context.Background(), &in, &out, handlers); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), hello) {
		t.Fatal("no hello")
	}
	out.Next(len(hello))
	var codes []string
	for out.Len() > 0 {
		body, err := readResponse(&out, 1<<20)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(body, []byte("SECRET")) {
			t.Errorf("response leaks panic value: %s", body)
		}
		r, err := decodeWire(body)
		if err != nil {
			t.Fatal(err)
		}
		codes = append(codes, r.Code)
	}
	if got := strings.Join(codes, ","); got != ",panic,unknown-kind," {
		t.Errorf("codes %q", got)
	}
}

func TestServeWorkerBadFrames(t *testing.T) {
	frame := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	u32 := func(n uint32) []byte { return binary.BigEndian.AppendUint32(nil, n) }
	for name, input := range map[string][]byte{
		"zero kind":       u32(0),
		"long kind":       u32(MaxKindLen + 1),
		"huge data":       frame(u32(2), []byte("ok"), u32(1<<31)),
		"truncated data":  frame(u32(2), []byte("ok"), u32(10), []byte("abc")),
		"truncated kind":  frame(u32(5), []byte("ok")),
		"truncated len":   frame(u32(2), []byte("ok"), []byte{0, 0}),
		"truncated start": {0, 0},
	} {
		err := ServeWorker(context.Background(), bytes.NewReader(input), io.Discard, nil)
		if err == nil {
			t.Errorf("%s: no error", name)
		}
		if errors.Is(err, io.EOF) {
			t.Errorf("%s: clean EOF reported for a broken frame", name)
		}
	}
}

func TestStderrScanner(t *testing.T) {
	for text, want := range map[string]stderrFlags{
		"fatal error: runtime: out of memory\n\nruntime stack:\n":                                        {oom: true},
		"runtime: out of memory: cannot allocate 1099511627776-byte block\nfatal error: out of memory\n": {oom: true},
		"==1==ERROR: ThreadSanitizer failed to allocate 0x2000000 bytes\n":                               {oom: true},
		watchdogMarker + "\n": {oom: true},
		"runtime: goroutine stack exceeds 1000000000-byte limit\nfatal error: stack overflow\n": {stackOverflow: true},
		"panic: " + strings.Repeat("SECRET ", 1000) + "\n\ngoroutine 1 [running]:\n":            {panic: true},
		"fatal error: concurrent map writes":                                                    {fatal: true},
		"some library noise\n":                                                                  {},
	} {
		s := &stderrScanner{}
		// Byte-at-a-time writes must give the same result.
		for i := range len(text) {
			s.Write([]byte{text[i]})
		}
		if got := s.result(); got != want {
			t.Errorf("%.40q: got %+v, want %+v", text, got, want)
		}
		if len(s.line) > maxStderrLine {
			t.Errorf("line buffer grew to %d", len(s.line))
		}
	}
}

func TestErrorText(t *testing.T) {
	tests := []struct {
		err  *Error
		want string
	}{
		{&Error{Kind: "pdf", Reason: OutOfMemory}, "could not read PDF: reading it needed more memory than is safe and was stopped; the file may be damaged — save it again from the program that made it, or print it to PDF (out of memory)"},
		{&Error{Kind: "docx", Reason: Crashed, Detail: "exit status 3"}, "could not read DOCX: something went wrong while reading the file, which may be damaged; open it in Word and save it again, and tell support if it keeps happening (reader crashed: exit status 3)"},
		{&Error{Kind: "pdf", Reason: Timeout, Limit: 4 * time.Second}, "could not read PDF: reading it took longer than 4 seconds and was stopped; the file may be damaged — save it again from the program that made it, or print it to PDF"},
		{&Error{Kind: "docx", Reason: TooLarge, Detail: "40 MB; the limit is 32 MB"}, "could not read DOCX: the file is too large to read; save a smaller copy, for example with fewer or smaller pictures (40 MB; the limit is 32 MB)"},
		{&Error{Kind: "../etc/passwd", Reason: UnknownKind}, "could not read document: frontdoor cannot read this kind of file"},
		{&Error{Kind: "pdf", Reason: Failed, Detail: cleanMessage("bad\n\txref \x00table")}, "could not read PDF: bad xref table"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
	if got := cleanMessage(strings.Repeat("é", 400)); len(got) > 310 || !strings.HasSuffix(got, "…") {
		t.Errorf("long message not cut: %d bytes", len(got))
	}
	if !errors.Is(&Error{Reason: Timeout}, ErrTimeout) || errors.Is(&Error{Reason: Timeout}, ErrCrashed) {
		t.Error("errors.Is does not follow Reason")
	}
}
