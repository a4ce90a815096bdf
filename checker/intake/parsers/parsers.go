// Package parsers lists the document parsers that run inside sandboxed
// worker processes, and makes a program one of those workers. It is the
// worker's side of the sandbox; checker/intake/standard, the side that
// starts workers and reads their results, does not import it. It imports
// only what the parsers need, so that the small worker program
// (cmd/frontdoor-sandbox) starts quickly, and a program that leaves the
// parsing to that program (frontdoor built by make build) does not pay for
// their initialisation (the PDF library's glyph table alone takes most of
// a millisecond) at every start.
package parsers

import (
	"github.com/frontdoorhq/frontdoor/checker/intake/document"
	"github.com/frontdoorhq/frontdoor/checker/intake/docx"
	"github.com/frontdoorhq/frontdoor/checker/intake/pdf"
	"github.com/frontdoorhq/frontdoor/checker/intake/sandbox"
)

// Handlers are the parsers by document kind ("pdf", "docx"): a hostile PDF
// or DOCX can crash, hang or exhaust the worker running them, never the
// process that asked.
var Handlers = map[string]sandbox.Handler{
	"pdf":  func(b []byte) (*document.Document, error) { return pdf.Extract(b, pdf.DefaultLimits()) },
	"docx": docx.ReadBytes,
}

// ServeWorker makes this program act as a sandboxed document worker with
// Handlers when it was started as one (it then never returns), and returns
// otherwise. A program whose own executable serves as the worker (the
// sandbox's default when cmd/frontdoor-sandbox is not installed beside it)
// calls it first thing in main; a test binary that reads documents, first
// thing in TestMain.
func ServeWorker() { sandbox.MaybeServe(Handlers) }
