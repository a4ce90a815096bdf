package sandbox

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/frontdoorhq/frontdoor/checker/intake/document"
	"github.com/frontdoorhq/frontdoor/checker/intake/sandbox/launch"
)

// WorkerArg is the hidden argument (os.Args[1]) that makes the program a
// worker. The default Pool command is: <os.Executable()> WorkerArg.
const WorkerArg = launch.WorkerArg

// Environment variables the Pool sets for its workers.
const (
	EnvMemoryLimit = launch.EnvMemoryLimit // bytes of address space above start-up size; 0 = no limit
	EnvMaxInput    = launch.EnvMaxInput    // largest request accepted, bytes
	EnvMaxResult   = launch.EnvMaxResult   // largest response sent, bytes (encoded)
)

// watchdogMarker is the stderr line the worker writes before exiting when
// its memory watchdog fires; the parent classifies it as out of memory.
const watchdogMarker = "frontdoor-sandbox: memory limit exceeded"

// IsWorker reports whether args (normally os.Args) ask for a worker.
func IsWorker(args []string) bool {
	return len(args) >= 2 && args[1] == WorkerArg
}

// MaybeServe turns the process into a sandbox worker when os.Args says so:
// it applies the memory limits, serves requests on stdin/stdout with
// handlers until stdin closes, and exits. Otherwise it returns at once. Call
// it first thing in main, before flag parsing or any other start-up work.
func MaybeServe(handlers map[string]Handler) {
	if !IsWorker(os.Args) {
		return
	}
	os.Exit(runWorker(handlers))
}

type workerConfig struct {
	memoryLimit int64 // 0: none
	maxInput    int
	maxResult   int
	watchdog    int64 // exit when Go-mapped memory exceeds this; 0: off
}

func configFromEnv() workerConfig {
	cfg := workerConfig{
		memoryLimit: DefaultMemoryLimit,
		maxInput:    DefaultMaxDocumentSize,
		maxResult:   DefaultMaxResultSize,
	}
	if v, err := strconv.ParseInt(os.Getenv(EnvMemoryLimit), 10, 64); err == nil && v >= 0 {
		cfg.memoryLimit = v
	}
	if v, err := strconv.Atoi(os.Getenv(EnvMaxInput)); err == nil && v > 0 {
		cfg.maxInput = v
	}
	if v, err := strconv.Atoi(os.Getenv(EnvMaxResult)); err == nil && v > 0 {
		cfg.maxResult = v
	}
	return cfg
}

func runWorker(handlers map[string]Handler) int {
	cfg := configFromEnv()
	// The protocol owns the real stdout; anything the parsers print goes to
	// stderr instead of corrupting the frames.
	out, err := redirectStdout()
	if err != nil {
		fmt.Fprintf(os.Stderr, "frontdoor-sandbox: worker: %v\n", err)
		return 1
	}
	if cfg.memoryLimit > 0 {
		cfg.watchdog = applyMemoryLimits(cfg.memoryLimit)
	}
	if err := serve(context.Background(), os.Stdin, out, handlers, cfg); err != nil {
		fmt.Fprintf(os.Stderr, "frontdoor-sandbox: worker stopped: %v\n", err)
		return 1
	}
	return 0
}

// applyMemoryLimits limits the worker to limit bytes beyond what it uses
// now, and returns the watchdog threshold.
//
// A Go process reserves over 1 GiB of address space at start-up (measured:
// 1.2 GiB on linux/amd64, Go 1.26), most of it never backed, so RLIMIT_AS is
// set to the current size plus limit rather than to limit. The soft Go memory
// limit, at three quarters of the budget, makes the GC work hard before the
// hard limit is reached; the watchdog covers builds and systems where
// RLIMIT_AS is not applied (race detector, non-Linux).
//
// What the worker uses now, the base of those two, is on Linux its resident
// size, read from /proc/self/stat with the address-space size (so at no
// extra cost); it is a few megabytes at most, as is what the Go runtime has
// mapped (goMapped, the watchdog's measure), with which it need not agree
// exactly. Elsewhere it is goMapped, whose ReadMemStats stops the world and
// empties every allocation cache: 0.2-0.4 ms of the worker's start-up
// (measured on the 2-core development machine), which the first document
// waits for.
func applyMemoryLimits(limit int64) (watchdog int64) {
	base, err := setAddressSpaceLimit(limit)
	if err != nil {
		fmt.Fprintf(os.Stderr, "frontdoor-sandbox: could not set address-space limit: %v\n", err)
	}
	if base <= 0 {
		base = int64(goMapped())
	}
	debug.SetMemoryLimit(base + limit/4*3)
	debug.SetMaxStack(int(min(max(limit/8, 16<<20), 256<<20)))
	return base + limit
}

// goMapped is the memory the Go runtime has mapped and not released: the
// same quantity as runtime/metrics' /memory/classes/total:bytes less
// /memory/classes/heap/released:bytes, which this read until that
// package's initialisation was found to cost every frontdoor process and
// every worker a tenth of a millisecond at start-up. ReadMemStats stops the
// world for some microseconds: once per watchdog tick (5 ms) while a
// document is parsed, and (outside Linux) once at start-up.
func goMapped() uint64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.Sys - m.HeapReleased
}

// startWatchdog exits the process when Go-mapped memory passes threshold,
// until stop is called.
func startWatchdog(threshold int64) (stop func()) {
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
			}
			if int64(goMapped()) > threshold {
				os.Stderr.WriteString(watchdogMarker + "\n")
				os.Exit(2)
			}
		}
	}()
	return func() { close(done) }
}

// ServeWorker runs the worker side of the protocol on in and out with
// handlers, one request at a time, until in reaches EOF (nil error) or the
// framing breaks. ctx is checked between requests. It applies no process
// limits and recovers handler panics; [MaybeServe] is the usual entry point.
func ServeWorker(ctx context.Context, in io.Reader, out io.Writer, handlers map[string]Handler) error {
	cfg := configFromEnv()
	cfg.watchdog = 0
	return serve(ctx, in, out, handlers, cfg)
}

func serve(ctx context.Context, in io.Reader, out io.Writer, handlers map[string]Handler, cfg workerConfig) error {
	br := bufio.NewReaderSize(in, 64<<10)
	if _, err := io.WriteString(out, hello); err != nil {
		return err
	}
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		kind, data, err := readRequest(br, cfg.maxInput)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		resp := handle(handlers, kind, data, cfg.watchdog)
		data = nil
		body := encodeResponse(resp)
		if len(body) > cfg.maxResult {
			body = encodeResponse(wireResponse{Code: codeFailed,
				Error: "the file holds more text than frontdoor reads at once; split it into smaller files, or save it again with less in it"})
		}
		if err := writeResponse(out, body); err != nil {
			return err
		}
	}
}

func handle(handlers map[string]Handler, kind string, data []byte, watchdog int64) wireResponse {
	h, ok := handlers[kind]
	if !ok || h == nil {
		return wireResponse{Code: codeUnknownKind}
	}
	if watchdog > 0 {
		defer startWatchdog(watchdog)()
	}
	doc, msg, failed, panicked := call(h, data)
	switch {
	case panicked:
		return wireResponse{Code: codePanic}
	case failed:
		return wireResponse{Code: codeFailed, Error: msg, Doc: doc, Partial: doc != nil}
	case doc == nil:
		return wireResponse{Code: codeFailed, Error: "nothing could be read from the file; it may be damaged: save it again from the program that made it, or print it to PDF"}
	}
	return wireResponse{Doc: doc}
}

// call runs h, turning a panic into panicked=true. The panic value is
// dropped: it may quote the document. msg is the cleaned error text, made
// here so that a misbehaving Error method is also covered by recover.
func call(h Handler, data []byte) (doc *document.Document, msg string, failed, panicked bool) {
	defer func() {
		if r := recover(); r != nil {
			doc, msg, failed, panicked = nil, "", false, true
		}
	}()
	doc, err := h(data)
	if err != nil {
		return doc, cleanMessage(err.Error()), true, false
	}
	return doc, "", false, false
}
