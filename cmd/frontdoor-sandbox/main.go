// Command frontdoor-sandbox is frontdoor's document worker: frontdoor starts
// it, beside its own executable, to parse PDF and DOCX files in a separate,
// memory- and time-limited process. It links only the parsers, so it starts
// in about half the time frontdoor itself takes; where it is not installed,
// frontdoor starts a copy of itself instead.
package main

import (
	"fmt"
	"os"

	"github.com/frontdoorhq/frontdoor/checker/intake/parsers"
	"github.com/frontdoorhq/frontdoor/checker/intake/sandbox"
)

func main() {
	sandbox.MaybeServe(parsers.Handlers) // never returns when started as a worker
	fmt.Fprintln(os.Stderr, "frontdoor-sandbox is frontdoor's document worker; frontdoor starts it. Run frontdoor instead.")
	os.Exit(2)
}
