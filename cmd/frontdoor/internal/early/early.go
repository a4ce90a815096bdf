// Package early starts frontdoor's document worker while the program is
// still initialising, for `frontdoor check` of a PDF or Word file.
//
// Go initialises a package once its imports are, taking the ready packages
// in import-path order, so this package, which imports only package launch
// and low-level parts of the standard library (no os/exec: see launch), is
// initialised some milliseconds before main runs, while most of
// frontdoor's packages are still to be. Its init looks at the command line; when it is a check
// naming a .pdf or .docx file, it reads the file (as the check will),
// starts frontdoor-sandbox, and sends it the file, so that the worker,
// on the other core, starts up and parses while frontdoor finishes its own
// start-up. The check later hands the worker to its reader's pool (Take,
// standard.Reader.Adopt), which uses the worker's answer only when asked
// to parse exactly the same kind and bytes, and otherwise kills it unused.
//
// The command line is only guessed at, and cheaply: a wrong guess costs
// time, never a different result. Every failure leaves the check to start
// its worker as it otherwise would. A worker not handed on (another
// command, a bad flag) exits with this process: its stdin closes, and the
// kernel kills it (PR_SET_PDEATHSIG) if it is still busy.
package early

import (
	"sync"

	"github.com/frontdoorhq/frontdoor/checker/intake/sandbox/launch"
)

var (
	mu    sync.Mutex
	spare *launch.Spare
)

// Take returns the worker started at initialisation and forgets it, so
// that it is handed on once; nil when none was started. The caller owns
// it: it must adopt it into a pool or kill it.
func Take() *launch.Spare {
	mu.Lock()
	defer mu.Unlock()
	s := spare
	spare = nil
	return s
}
