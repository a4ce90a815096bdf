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
	"syscall"
)

func main() {
	serveWorker() // a sandboxed document worker never gets past this line
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args, os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
