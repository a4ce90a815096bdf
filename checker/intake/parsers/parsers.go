// Package parsers lists the document parsers that run inside sandboxed
// worker processes. It imports only what the parsers need, so that the
// small worker program (cmd/frontdoor-sandbox) starts quickly.
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
