package main

import (
	"context"
	"io"
	"strings"

	"github.com/urfave/cli/v2"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// env is the process environment, injected for tests.
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// run runs the command line in args and returns the exit code. It never
// calls os.Exit.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	app := newApp(e)
	err := app.RunContext(ctx, args)
	if err != nil && isFlagError(err) {
		err = &usageError{msg: err.Error() + " (see --help)"}
	}
	return int(exitFor(err, stderr))
}

// isFlagError reports whether urfave/cli failed while parsing flags or
// arguments (its errors are plain strings).
func isFlagError(err error) bool {
	s := err.Error()
	return strings.HasPrefix(s, "flag provided but not defined") || strings.HasPrefix(s, "invalid value") ||
		strings.Contains(s, "Required flag") || strings.HasPrefix(s, "flag needs an argument")
}

func newApp(e *env) *cli.App {
	return &cli.App{
		Name:    "frontdoor",
		Usage:   "check safeguarding referrals before they are sent to the MASH",
		Version: version,
		Description: `frontdoor reads a draft referral (JSON, YAML, plain text, email, Markdown,
DOCX or PDF) and reports missing key information, consent problems and weak
evidence, each with a rule id, why it matters and how to fix it.

Exit codes (every command):
   0  ran, and nothing at or above the fail level (--fail-on, default error)
   1  ran, and found something at or above the fail level
   2  could not run: bad usage, bad configuration, unreadable input`,
		Reader:    e.stdin,
		Writer:    e.stdout,
		ErrWriter: e.stderr,
		// Errors are turned into exit codes by run, never by the library
		// (which would call os.Exit inside tests).
		ExitErrHandler:         func(*cli.Context, error) {},
		HideHelpCommand:        true,
		UseShortOptionHandling: true,
		Commands: []*cli.Command{
			checkCommand(e),
			routeCommand(e),
			chatCommand(e),
			serveCommand(e),
			rulesCommand(e),
			guidanceCommand(e),
			templateCommand(e),
			batchCommand(e),
		},
	}
}
