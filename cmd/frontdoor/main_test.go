package main

import (
	"context"
	"flag"
	"github.com/frontdoorhq/frontdoor/internal/lazyre"
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "rewrite golden output in testdata (scripts' cmp targets)")

func TestMain(m *testing.M) {
	serveWorker() // the test binary is also the sandbox's worker
	testscript.Main(m, map[string]func(){
		"frontdoor": func() {
			os.Exit(run(context.Background(), os.Args, os.Getenv, os.Stdin, os.Stdout, os.Stderr))
		},
	})
}

// Ensure the command line behaves as the scripts in testdata/script say:
// exit codes, stdin, configuration, every output format.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: *update,
		Setup: func(e *testscript.Env) error {
			e.Setenv("FRONTDOOR_TODAY", "2026-11-25")
			e.Setenv("NO_COLOR", "")
			return nil
		},
	})
}

// Ensure every lazily compiled regular expression in the program is valid.
func TestRegexpsCompile(t *testing.T) {
	if n := lazyre.CompileAll(); n < 20 {
		t.Errorf("only %d expressions registered", n)
	}
}
