package main

import (
	"github.com/frontdoorhq/frontdoor/checker/intake/sandbox"
	"github.com/frontdoorhq/frontdoor/checker/intake/standard"
)

// newReader returns the reader every command shares. The time allowed to
// parse one PDF or DOCX is FRONTDOOR_DOCUMENT_TIMEOUT (a Go duration such as
// "10s"; the sandbox's 10 s by default).
func newReader(e *env) (*standard.Reader, error) {
	v := e.getenv("FRONTDOOR_DOCUMENT_TIMEOUT")
	d, ok := standard.TimeoutFromEnv(v)
	if !ok {
		return nil, usagef("FRONTDOOR_DOCUMENT_TIMEOUT: want a duration such as 10s, not %q", v)
	}
	return standard.New(sandbox.Options{Timeout: d, Command: workerCommand()}), nil
}
