//go:build frontdoor_no_self_worker

package main

import (
	"os/exec"

	"github.com/frontdoorhq/frontdoor/checker/intake/sandbox/launch"
	"github.com/frontdoorhq/frontdoor/checker/intake/standard"
	"github.com/frontdoorhq/frontdoor/cmd/frontdoor/internal/early"
)

// With the frontdoor_no_self_worker build tag, which make build (and the
// whole-process benchmarks) use, frontdoor links none of the document
// parsers and leaves PDF and DOCX files to frontdoor-sandbox, installed
// beside it. Their packages' initialisation then no longer runs at every
// start of frontdoor: most of a millisecond, most of it the PDF library's
// glyph table (some 4,000 map entries), which the linker cannot drop from a
// program that, like frontdoor, uses reflection to look methods up by name
// (validator and text/template do). Without frontdoor-sandbox beside it,
// such a build reads every other format as usual and says, for a PDF or
// DOCX, that frontdoor-sandbox is missing and where it belongs.

// serveWorker does nothing: this binary is never a document worker.
func serveWorker() {}

// workerCommand is the document workers' command: frontdoor-sandbox beside
// the executable, never the executable itself.
func workerCommand() func() *exec.Cmd { return standard.SeparateWorker() }

// earlyWorker returns the document worker that package early started,
// beside frontdoor's own start-up, for the file a check names, if it did;
// the caller adopts or kills it.
func earlyWorker() *launch.Spare { return early.Take() }
