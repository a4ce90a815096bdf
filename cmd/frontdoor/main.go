// Command frontdoor checks school safeguarding referrals before they are sent
// to the MASH, and says which route a concern needs.
//
// main is thin: everything else takes its environment and streams as
// arguments so that tests can run it in-process.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

func main() {
	serveWorker() // a sandboxed document worker never gets past this line
	tuneGC(os.Args)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args, os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// tuneGC turns garbage collection off for a one-shot command (check of a
// few paths, route): it exits within milliseconds, before a collection
// would free anything worth having, and on a busy machine the collector's
// work can add half again to its time. A soft memory limit bounds the heap
// all the same: near it the collector runs as usual, so a large input or a
// directory of thousands of files cannot grow the process without limit.
func tuneGC(args []string) {
	if len(args) < 2 || len(args) > 16 {
		return
	}
	switch args[1] {
	case "check", "route":
		debug.SetGCPercent(-1)
		debug.SetMemoryLimit(256 << 20)
	}
}
