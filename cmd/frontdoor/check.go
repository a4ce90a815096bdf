package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/urfave/cli/v2"

	"github.com/frontdoorhq/frontdoor/checker"
	"github.com/frontdoorhq/frontdoor/checker/config"
	"github.com/frontdoorhq/frontdoor/checker/intake"
	"github.com/frontdoorhq/frontdoor/checker/intake/standard"
	"github.com/frontdoorhq/frontdoor/checker/referral"
	"github.com/frontdoorhq/frontdoor/checker/report"
	"github.com/frontdoorhq/frontdoor/guidance"
)

// checkOptions is everything `frontdoor check` needs, filled from flags.
type checkOptions struct {
	Inputs      []string
	Format      string // text, json, line, sarif
	Pretty      bool
	MinSeverity checker.Severity // 0: from config, else info
	FailOn      checker.Severity // 0: from config, else error
	Color       string           // auto, always, never
	ConfigPath  string           // explicit config file
	NoConfig    bool
	InputFormat string
	Today       time.Time      // zero: the real today
	Router      checker.Router // the guidance router; nil for none
	Assist      *assistant     // model assistance (--assist); nil when off
}

func checkCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "check",
		Usage:     "check draft referrals for missing information, consent problems and weak evidence",
		ArgsUsage: "FILE|DIR|- ...",
		Description: `Checks each FILE (a directory is searched recursively; - reads stdin) and
prints what is missing or weak, why it matters and how to fix it.

Examples:
   frontdoor check draft.yaml
   frontdoor check --format json drafts/ | jq .score
   frontdoor check --fail-on warning --format line draft.docx
   cat draft.json | frontdoor check -`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "text", Usage: "output format: text, json (JSON Lines), line or sarif"},
			&cli.BoolFlag{Name: "pretty", Usage: "with --format json, print one indented JSON array"},
			&cli.StringFlag{Name: "min-severity", Usage: "show findings at or above this level: info, warning or error (default: info)"},
			&cli.StringFlag{Name: "fail-on", Usage: "exit 1 when a finding is at or above this level: error, warning, info or never (default: error)"},
			&cli.StringFlag{Name: "color", Value: "auto", Usage: "colour the text output: auto, always or never (NO_COLOR is honoured)"},
			&cli.StringFlag{Name: "config", Usage: "configuration file (default: $FRONTDOOR_CONFIG, else .frontdoor.yaml found by walking up from each file)"},
			&cli.BoolFlag{Name: "no-config", Usage: "ignore configuration files"},
			guidanceFlag,
			&cli.BoolFlag{Name: "no-route", Usage: "do not suggest a route; skips the guidance router and rules FD950-FD954"},
			&cli.BoolFlag{Name: "route", Hidden: true, Usage: "suggest a route (the default; kept for scripts written when it was opt-in)"},
			&cli.StringFlag{Name: "input-format", Usage: "read inputs as this format instead of sniffing it: " + strings.Join(intake.Formats, ", ")},
			assistFlag,
		},
		Action: func(c *cli.Context) error {
			opts, err := checkOptionsFrom(c, e)
			if err != nil {
				return err
			}
			if c.Bool("no-route") {
				if c.Bool("assist") || c.Bool("route") {
					return usagef("check: --no-route cannot be used with --route or --assist (a second opinion needs the rules' route)")
				}
				return runCheck(c.Context, e, opts)
			}
			// The router suggests a route and checks the referrer's intended
			// one. The built-in pack is decoded in the background (from
			// runCheck, once any document worker is on its way) while the
			// first input is read and checked by the rules that do not need
			// the route; a pack file is read now, so that a bad one stops the
			// run before any output.
			if c.Bool("assist") || c.String("guidance") != "" || e.getenv("FRONTDOOR_GUIDANCE") != "" {
				p, err := loadPack(c, e)
				if err != nil {
					return err
				}
				opts.Router = p
				if c.Bool("assist") { // a second opinion needs the rules' route
					if opts.Assist, err = newAssistant(e, p); err != nil {
						return err
					}
				}
			} else {
				opts.Router = defaultPack{}
			}
			return runCheck(c.Context, e, opts)
		},
	}
}

func checkOptionsFrom(c *cli.Context, e *env) (*checkOptions, error) {
	opts := &checkOptions{
		Inputs:      c.Args().Slice(),
		Format:      c.String("format"),
		Pretty:      c.Bool("pretty"),
		Color:       c.String("color"),
		ConfigPath:  c.String("config"),
		NoConfig:    c.Bool("no-config"),
		InputFormat: strings.ToLower(c.String("input-format")),
	}
	if len(opts.Inputs) == 0 {
		return nil, usagef("check: name at least one file, directory or - for stdin")
	}
	if opts.ConfigPath == "" && !opts.NoConfig {
		opts.ConfigPath = e.getenv("FRONTDOOR_CONFIG")
	}
	var err error
	if s := c.String("min-severity"); s != "" {
		if opts.MinSeverity, err = checker.ParseSeverity(s, false); err != nil {
			return nil, usagef("--min-severity: %v", err)
		}
	}
	if s := c.String("fail-on"); s != "" {
		if opts.FailOn, err = checker.ParseSeverity(s, true); err != nil {
			return nil, usagef("--fail-on: %v", err)
		}
	}
	switch opts.Color {
	case "auto", "always", "never":
	default:
		return nil, usagef("--color: want auto, always or never, not %q", opts.Color)
	}
	if opts.InputFormat != "" && !contains(intake.Formats, opts.InputFormat) {
		return nil, usagef("--input-format: unknown format %q (want one of %s)", opts.InputFormat, strings.Join(intake.Formats, ", "))
	}
	if !contains(report.Formats, opts.Format) {
		return nil, usagef("--format: unknown format %q (want one of %s)", opts.Format, strings.Join(report.Formats, ", "))
	}
	if t := e.getenv("FRONTDOOR_TODAY"); t != "" { // for reproducible tests
		if opts.Today, err = time.Parse("2006-01-02", t); err != nil {
			return nil, usagef("FRONTDOOR_TODAY: want YYYY-MM-DD, not %q", t)
		}
	}
	return opts, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// runCheck checks every input, writing each result as it is ready, and
// returns errUnreadable if any input could not be read, else errFindings if
// any referral has a finding at or above the fail level.
func runCheck(ctx context.Context, e *env, opts *checkOptions) error {
	// The built-in pack is decoded on another goroutine from here on, or,
	// when a worker may be needed and none was started before main, once
	// it is (below): a worker started while the decoding kept both cores
	// busy waited that much longer to start.
	spare := earlyWorker() // started, perhaps with the first document, before main
	p, decode := opts.Router.(defaultPack)
	if decode && (spare != nil || !mayNeedWorker(opts.Inputs, opts.InputFormat)) {
		p.decode()
		decode = false
	}
	cfgs := &configs{explicit: opts.ConfigPath, disabled: opts.NoConfig, cache: map[string]*config.Config{}}
	if _, err := cfgs.forDir("."); err != nil { // a bad explicit config stops the run before any output
		return &usageError{err.Error()}
	}
	minSev := opts.MinSeverity
	if minSev == 0 {
		c, _ := cfgs.forDir(".")
		minSev = c.MinSeverity
	}
	w, err := report.New(opts.Format, e.stdout, report.Options{
		MinSeverity: minSev, Pretty: opts.Pretty, Color: useColor(opts.Color, e), Version: version,
	})
	if err != nil {
		return usagef("%v", err)
	}
	if opts.Assist != nil {
		w = opts.Assist.writer(w, e, opts, minSev)
	}
	reader, err := newReader(e)
	if err != nil {
		return err
	}
	defer reader.Release() // the command is about to exit: idle workers exit on their own, busy ones are killed

	inputs := expandInputs(opts.Inputs)
	if needsWorker(inputs, opts.InputFormat) {
		reader.Adopt(spare)
		reader.Warm() // the worker starts up while configuration and files are read
	} else {
		spare.Kill()
	}
	if decode {
		p.decode()
	}
	unreadable, failed := false, false
	checkers := map[*config.Config]*checker.Checker{}
	for i, in := range inputs {
		if err := ctx.Err(); err != nil {
			break
		}
		var read func() // after the last input is read, the workers exit while it is checked
		if i == len(inputs)-1 {
			read = reader.Release
		}
		res := checkOne(ctx, e, in, opts, reader, cfgs, checkers, read)
		if res.Error != "" {
			unreadable = true
		} else if !res.OK {
			failed = true
		}
		if err := w.Write(res); err != nil {
			return err
		}
	}
	if err := w.Close(); err != nil {
		return err
	}
	switch {
	case ctx.Err() != nil:
		return ctx.Err()
	case unreadable:
		return errUnreadable
	case failed:
		return errFindings
	}
	return nil
}

// input is one thing to check: a path, or stdin, or a path that could not
// be listed.
type input struct {
	path  string // "-" for stdin
	error string
}

// expandInputs turns arguments into files, walking directories
// recursively (in name order, skipping hidden files and directories, and
// keeping only files whose extension is a referral format).
func expandInputs(args []string) []input {
	var out []input
	for _, a := range args {
		if a == "-" {
			out = append(out, input{path: "-"})
			continue
		}
		st, err := os.Stat(a)
		if err != nil {
			out = append(out, input{path: a, error: "cannot open: " + errText(err)})
			continue
		}
		if !st.IsDir() {
			out = append(out, input{path: a})
			continue
		}
		var files []string
		werr := filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				out = append(out, input{path: p, error: "cannot read: " + errText(err)})
				return nil
			}
			if strings.HasPrefix(d.Name(), ".") && p != a {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.IsDir() && referralExt[strings.ToLower(filepath.Ext(p))] {
				files = append(files, p)
			}
			return nil
		})
		if werr != nil {
			out = append(out, input{path: a, error: "cannot read: " + errText(werr)})
		}
		sort.Strings(files)
		for _, f := range files {
			out = append(out, input{path: f})
		}
	}
	return out
}

// needsWorker reports whether any input will be parsed by a document
// worker, judging by its extension or the named input format.
func needsWorker(inputs []input, inputFormat string) bool {
	if inputFormat != "" {
		return isDocumentFormat(inputFormat)
	}
	for _, in := range inputs {
		if isDocumentExt(in.path) {
			return true
		}
	}
	return false
}

func isDocumentFormat(f string) bool { return f == intake.PDF || f == intake.DOCX }

func isDocumentExt(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".pdf", ".docx":
		return true
	}
	return false
}

// mayNeedWorker reports whether the arguments may name an input that a
// document worker reads: a PDF or DOCX, stdin, or a directory (which is
// not searched here).
func mayNeedWorker(args []string, inputFormat string) bool {
	if inputFormat != "" {
		return isDocumentFormat(inputFormat)
	}
	for _, a := range args {
		if isDocumentExt(a) || filepath.Ext(a) == "" { // "": stdin, a directory, or a file of any kind
			return true
		}
		if st, err := os.Stat(a); err == nil && st.IsDir() {
			return true
		}
	}
	return false
}

// referralExt lists the file extensions a directory walk picks up.
var referralExt = map[string]bool{
	".json": true, ".yaml": true, ".yml": true, ".txt": true, ".text": true, ".md": true,
	".markdown": true, ".eml": true, ".docx": true, ".pdf": true,
}

func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// checkOne reads and checks one input. Read errors become the result's
// Error. read, if not nil, is called once the file has been read, before
// the referral is checked.
func checkOne(ctx context.Context, e *env, in input, opts *checkOptions, reader *standard.Reader, cfgs *configs, checkers map[*config.Config]*checker.Checker, read func()) checker.Result {
	name := filepath.ToSlash(in.path)
	if in.error != "" {
		return checker.Unreadable(name, opts.InputFormat, in.error)
	}
	dir := filepath.Dir(in.path)
	if in.path == "-" {
		dir = "."
	}
	cfg, err := cfgs.forDir(dir)
	if err != nil {
		return checker.Unreadable(name, opts.InputFormat, err.Error())
	}
	// The checker is made first: the referral is checked as soon as it is read.
	c, ok := checkers[cfg]
	if !ok {
		failOn := opts.FailOn
		if failOn == 0 {
			failOn = cfg.FailOn
		}
		now := time.Now
		if !opts.Today.IsZero() {
			now = func() time.Time { return opts.Today }
		}
		// One referral at a time: the route is worked out on the other core
		// while the rules run.
		c = checker.New(checker.Options{Now: now, Overrides: cfg.Overrides, FailOn: failOn, Router: opts.Router, RouteAside: true})
		checkers[cfg] = c
	}
	r, format, err := readInput(ctx, reader, e, in.path, opts.InputFormat)
	if read != nil {
		read()
	}
	if err != nil {
		return checker.Unreadable(name, format, err.Error())
	}
	var res checker.Result
	if opts.Assist != nil {
		res = opts.Assist.check(ctx, c, r, format)
	} else {
		res = c.Check(r)
	}
	if p, ok := opts.Router.(defaultPack); ok { // Check has waited for it to load
		if err := p.err(); err != nil {
			return checker.Unreadable(name, format, err.Error())
		}
	}
	res.File, res.Format = name, format
	return res
}

// defaultPack is the built-in guidance pack as a router: each call waits
// until it is decoded (guidance.Default decodes it once). The checker asks
// the router last, so, with the decoding started in the background
// (decode), the first input is read and most rules run meanwhile.
type defaultPack struct{}

// decode starts decoding the pack in the background.
func (defaultPack) decode() { go guidance.Default() }

func (defaultPack) Suggest(r *referral.Referral) checker.Suggestion {
	p, err := guidance.Default()
	if err != nil {
		return checker.Suggestion{} // checkOne reports the error in place of the result
	}
	return p.Suggest(r)
}

// err waits for the pack and reports why it could not be decoded; nil when it was.
func (defaultPack) err() error {
	if _, err := guidance.Default(); err != nil {
		return fmt.Errorf("built-in guidance: %w", err)
	}
	return nil
}

func readInput(ctx context.Context, rd *standard.Reader, e *env, path, inputFormat string) (*referral.Referral, string, error) {
	if path == "-" {
		return rd.ReadAll(ctx, e.stdin, inputFormat)
	}
	return rd.ReadFile(ctx, path, inputFormat)
}

func useColor(mode string, e *env) bool {
	switch mode {
	case "always":
		return true
	case "never":
		return false
	}
	if e.getenv("NO_COLOR") != "" {
		return false
	}
	f, ok := e.stdout.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

// configs finds and caches the configuration for each directory.
type configs struct {
	explicit string
	disabled bool
	cache    map[string]*config.Config
}

var defaultConfig = &config.Config{}

func (c *configs) forDir(dir string) (*config.Config, error) {
	if c.disabled {
		return defaultConfig, nil
	}
	path := c.explicit
	if path == "" {
		path = config.Find(dir)
	}
	if path == "" {
		return defaultConfig, nil
	}
	if cfg, ok := c.cache[path]; ok {
		return cfg, nil
	}
	cfg, err := config.Load(path)
	if err != nil {
		return nil, err
	}
	c.cache[path] = cfg
	return cfg, nil
}
