//go:build !frontdoor_no_self_worker

package main

import (
	"os/exec"

	"github.com/frontdoorhq/frontdoor/checker/intake/parsers"
	"github.com/frontdoorhq/frontdoor/checker/intake/sandbox/launch"
)

// This build (go run, go build, go install, go test) links the document
// parsers, so that frontdoor can serve as its own document worker where
// frontdoor-sandbox is not installed beside it: under go run, or when only
// this package was built. make build adds the frontdoor_no_self_worker tag
// (worker_separate.go), which leaves them out.

// serveWorker makes this binary act as a sandboxed document worker when it
// was started as one (it then never returns). main calls it first.
func serveWorker() { parsers.ServeWorker() }

// workerCommand is the document workers' command: nil, the standard
// reader's default (frontdoor-sandbox beside the executable, else a copy of
// the executable itself).
func workerCommand() func() *exec.Cmd { return nil }

// earlyWorker returns nil: only the frontdoor_no_self_worker build starts
// its worker early (package early).
func earlyWorker() *launch.Spare { return nil }
