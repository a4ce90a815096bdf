package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/urfave/cli/v2"

	"github.com/frontdoorhq/frontdoor/checker"
	"github.com/frontdoorhq/frontdoor/checker/batch"
	"github.com/frontdoorhq/frontdoor/checker/intake/sandbox"
	"github.com/frontdoorhq/frontdoor/checker/intake/standard"
	"github.com/frontdoorhq/frontdoor/checker/report"
)

// batchOptions is everything `frontdoor batch` needs, filled from flags.
type batchOptions struct {
	Inputs   []string // resolved files and directories
	Jobs     int      // files read and checked at once
	Out      string   // per-file results, JSON Lines; "-" for stdout
	Summary  string   // summary JSON
	CSV      string   // summary CSV
	HTML     string   // HTML report
	Baseline string   // an earlier summary
	Targets  *batch.Targets
	Before   *batch.Summary // the baseline, read
	Today    time.Time      // zero: the real today
	Router   checker.Router
	Guidance string // the pack id, for the summary
	Timeout  time.Duration
}

const maxJobs = 256

func batchCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "batch",
		Usage:     "check many referrals and summarise where quality falls short",
		ArgsUsage: "DIR|GLOB|FILE ...",
		Description: `Checks every file under each DIR (recursively, skipping hidden files), each
file a GLOB matches, and each FILE named, whatever its extension: the format
is sniffed from the content. Each result can be streamed as JSON Lines
(--out), and the summary written as JSON (--summary), CSV (--csv) and a
self-contained HTML report with charts (--html). Without an output on
stdout, a short summary is printed there. The summary holds counts, shares,
rule ids, field paths, routes and organisation names: no referral content.

Routes are always suggested (the built-in guidance pack, or --guidance), so
that referrals aimed above or below the guidance are counted. Configuration
files (.frontdoor.yaml) are not read: every referral is measured the same way.

A file that cannot be read is listed in the summary with its reason, and the
batch goes on. Ctrl-C stops the batch: the outputs are written for the files
finished so far. A progress bar is shown on stderr when it is a terminal.

Targets (--targets FILE, YAML):
   targets:
     - name: Missing consent below 10%
       measure: consent_problems
       below: 10%
     - measure: score_mean
       at_least: 75
     - measure: by_organisation.*.consent_problems
       at_most: 20%

Exit codes:
   0  the batch ran (findings in the referrals and unreadable files do not change this)
   1  the batch ran, and at least one target was missed
   2  could not run (bad usage, bad targets, baseline or guidance, an output that
      cannot be written), or it was interrupted before it finished

Examples:
   frontdoor batch --summary summary.json --html report.html referrals/
   frontdoor batch -j 4 --out results.jsonl --csv summary.csv 'contacts/2026-*'
   frontdoor batch --baseline october.json --targets targets.yaml --html november.html november/`,
		Flags: []cli.Flag{
			&cli.IntFlag{Name: "jobs", Aliases: []string{"j"}, Value: runtime.NumCPU(), Usage: "files read and checked at once (default: the number of cores)"},
			&cli.StringFlag{Name: "out", Usage: "write each file's result as JSON Lines to `FILE` (- for stdout)"},
			&cli.StringFlag{Name: "summary", Usage: "write the summary as JSON to `FILE` (- for stdout)"},
			&cli.StringFlag{Name: "csv", Usage: "write the summary as CSV, one row per measure, to `FILE` (- for stdout)"},
			&cli.StringFlag{Name: "html", Usage: "write a self-contained HTML report with charts to `FILE` (- for stdout)"},
			&cli.StringFlag{Name: "baseline", Usage: "an earlier summary (`FILE` written by --summary): show the change on every measure"},
			&cli.StringFlag{Name: "targets", Usage: "a targets `FILE` (YAML): mark each target met or missed; a missed target makes the exit code 1"},
			guidanceFlag,
		},
		Action: func(c *cli.Context) error {
			opts, err := batchOptionsFrom(c, e)
			if err != nil {
				return err
			}
			return runBatch(c.Context, e, opts)
		},
	}
}

func batchOptionsFrom(c *cli.Context, e *env) (*batchOptions, error) {
	args := c.Args().Slice()
	if len(args) == 0 {
		return nil, usagef("batch: name at least one directory, glob pattern or file")
	}
	for _, a := range args {
		if a == "-" {
			return nil, usagef("batch: reads files and directories, not stdin (use check - for one referral)")
		}
		if strings.HasPrefix(a, "-") {
			return nil, usagef("batch: put flags before the directories and files (%s came after them)", a)
		}
	}
	opts := &batchOptions{
		Jobs: c.Int("jobs"), Out: c.String("out"), Summary: c.String("summary"), CSV: c.String("csv"),
		HTML: c.String("html"), Baseline: c.String("baseline"),
	}
	if opts.Jobs < 1 || opts.Jobs > maxJobs {
		return nil, usagef("--jobs: want 1 to %d, not %d", maxJobs, opts.Jobs)
	}
	stdout, seen := 0, map[string]string{}
	for _, o := range [][2]string{{"--out", opts.Out}, {"--summary", opts.Summary}, {"--csv", opts.CSV}, {"--html", opts.HTML}} {
		flag, path := o[0], o[1]
		if path == "" {
			continue
		}
		if path == "-" {
			stdout++
			continue
		}
		abs, err := filepath.Abs(path)
		if err != nil {
			return nil, usagef("%s %s: %v", flag, path, err)
		}
		if prev, dup := seen[abs]; dup {
			return nil, usagef("%s and %s name the same file %s", prev, flag, path)
		}
		seen[abs] = flag
		if st, err := os.Stat(path); err == nil && st.IsDir() {
			return nil, usagef("%s %s: is a directory", flag, path)
		}
	}
	if stdout > 1 {
		return nil, usagef("batch: only one of --out, --summary, --csv and --html can be - (stdout)")
	}
	var err error
	if opts.Inputs, err = batch.Resolve(args); err != nil {
		return nil, usagef("batch: %v", err)
	}
	if p := c.String("targets"); p != "" {
		if opts.Targets, err = batch.LoadTargets(p); err != nil {
			return nil, &usageError{err.Error()}
		}
	}
	if opts.Baseline != "" {
		if opts.Before, err = batch.ReadSummary(opts.Baseline); err != nil {
			return nil, &usageError{err.Error()}
		}
	}
	if t := e.getenv("FRONTDOOR_TODAY"); t != "" { // for reproducible tests
		if opts.Today, err = time.Parse("2006-01-02", t); err != nil {
			return nil, usagef("FRONTDOOR_TODAY: want YYYY-MM-DD, not %q", t)
		}
	}
	v := e.getenv("FRONTDOOR_DOCUMENT_TIMEOUT")
	d, ok := standard.TimeoutFromEnv(v)
	if !ok {
		return nil, usagef("FRONTDOOR_DOCUMENT_TIMEOUT: want a duration such as 10s, not %q", v)
	}
	opts.Timeout = d
	pack, err := loadPack(c, e)
	if err != nil {
		return nil, err
	}
	opts.Router, opts.Guidance = pack, pack.ID
	return opts, nil
}

// runBatch checks every input and writes the outputs. It returns
// errFindings when a target was missed, and an error when the batch could
// not run or was interrupted (after writing what was done).
func runBatch(ctx context.Context, e *env, opts *batchOptions) error {
	outs := &outputs{e: e}
	defer outs.abort()                       // removes the temporary files unless committed
	jsonl, err := outs.open(opts.Out, 0o600) // results quote the referrals: owner only
	if err != nil {
		return err
	}
	summaryOut, err := outs.open(opts.Summary, 0o644)
	if err != nil {
		return err
	}
	csvOut, err := outs.open(opts.CSV, 0o644)
	if err != nil {
		return err
	}
	htmlOut, err := outs.open(opts.HTML, 0o644)
	if err != nil {
		return err
	}
	var results report.Writer
	if jsonl != nil {
		if results, err = report.New("json", jsonl, report.Options{}); err != nil {
			return err
		}
	}

	// A batch holds little live data (counters, and a few results waiting
	// their turn), so the collector can run a third as often as usual; the
	// soft limit keeps the heap well inside the 200 MB a batch may use.
	defer debug.SetGCPercent(debug.SetGCPercent(300))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(160 << 20))

	reader := standard.New(sandbox.Options{Timeout: opts.Timeout, Size: opts.Jobs, Command: workerCommand()})
	defer reader.Close()
	skip := append(outs.paths(), opts.Baseline)
	if opts.Targets != nil {
		skip = append(skip, opts.Targets.File)
	}

	var bar *progress
	if isTerminal(e.stderr) && e.getenv("TERM") != "dumb" {
		bar = startProgress(e.stderr, batch.Count(ctx, opts.Inputs, skip))
	}
	now := time.Now
	if !opts.Today.IsZero() {
		now = func() time.Time { return opts.Today }
	}
	s, runErr := batch.Run(ctx, batch.Config{
		Inputs: opts.Inputs, Skip: skip, Jobs: opts.Jobs, Reader: reader, Router: opts.Router, Now: now,
		Opts: batch.Options{Guidance: opts.Guidance},
		OnResult: func(rec batch.Record) error {
			if bar != nil {
				bar.add()
			}
			if results == nil {
				return nil
			}
			if err := results.Write(rec.Result); err != nil {
				return fmt.Errorf("write %s: %v", outs.name(jsonl), errText(err))
			}
			return nil
		},
	})
	if bar != nil {
		bar.finish()
	}
	interrupted := errors.Is(runErr, context.Canceled) || errors.Is(runErr, context.DeadlineExceeded)
	if runErr != nil && !interrupted {
		return runErr
	}
	if opts.Targets != nil {
		s.Targets = batch.Evaluate(s, opts.Targets)
	}
	if opts.Before != nil {
		s.Baseline = batch.Compare(s, opts.Before, filepath.ToSlash(opts.Baseline))
	}
	if summaryOut != nil {
		b, err := json.MarshalIndent(s, "", "  ")
		if err != nil {
			return err
		}
		if _, err := summaryOut.Write(append(b, '\n')); err != nil {
			return fmt.Errorf("write %s: %v", outs.name(summaryOut), errText(err))
		}
	}
	if csvOut != nil {
		if err := batch.WriteCSV(csvOut, s); err != nil {
			return fmt.Errorf("write %s: %v", outs.name(csvOut), errText(err))
		}
	}
	if htmlOut != nil {
		if err := batch.WriteHTML(htmlOut, s, batch.HTMLOptions{}); err != nil {
			return fmt.Errorf("write %s: %v", outs.name(htmlOut), errText(err))
		}
	}
	if err := outs.commit(); err != nil {
		return err
	}
	if !outs.stdoutUsed {
		if err := batch.WriteText(e.stdout, s); err != nil {
			return err
		}
	}
	missed := batch.MissedTargets(s.Targets)
	switch {
	case interrupted:
		return fmt.Errorf("batch: interrupted: the outputs cover the %d files finished", s.Files)
	case missed > 0:
		if outs.stdoutUsed {
			fmt.Fprintf(e.stderr, "frontdoor: batch: %d of %d targets missed\n", missed, len(s.Targets))
		}
		return errFindings
	}
	return nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

// outputs are the files a batch writes. Each is written to a hidden
// temporary file beside it and renamed into place by commit, so that a
// failed run leaves no partial output and no temporary file.
type outputs struct {
	e          *env
	files      []*outFile
	stdoutUsed bool
}

// outFile is one output being written.
type outFile struct {
	path string // as named
	tmp  *os.File
	perm os.FileMode
	buf  *bufio.Writer
}

func (o *outFile) Write(p []byte) (int, error) { return o.buf.Write(p) }

// open starts writing path ("-" for stdout); it returns nil for "".
func (o *outputs) open(path string, perm os.FileMode) (*outFile, error) {
	switch path {
	case "":
		return nil, nil
	case "-":
		o.stdoutUsed = true
		f := &outFile{path: "-", buf: bufio.NewWriterSize(o.e.stdout, 64<<10)}
		o.files = append(o.files, f)
		return f, nil
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return nil, fmt.Errorf("cannot write %s: %v", path, errText(err))
	}
	f := &outFile{path: path, tmp: tmp, perm: perm, buf: bufio.NewWriterSize(tmp, 64<<10)}
	o.files = append(o.files, f)
	return f, nil
}

// paths lists the files being written, so that the batch does not read them.
func (o *outputs) paths() []string {
	var out []string
	for _, f := range o.files {
		if f.tmp != nil {
			out = append(out, f.path, f.tmp.Name())
		}
	}
	return out
}

func (o *outputs) name(f *outFile) string {
	if f.path == "-" {
		return "stdout"
	}
	return f.path
}

// commit flushes every output and moves each into place.
func (o *outputs) commit() error {
	for _, f := range o.files {
		if err := f.buf.Flush(); err != nil {
			return fmt.Errorf("write %s: %v", o.name(f), errText(err))
		}
		if f.tmp == nil {
			continue
		}
		if err := f.tmp.Chmod(f.perm); err != nil {
			return fmt.Errorf("write %s: %v", f.path, errText(err))
		}
		if err := f.tmp.Close(); err != nil {
			return fmt.Errorf("write %s: %v", f.path, errText(err))
		}
	}
	for _, f := range o.files {
		if f.tmp == nil {
			continue
		}
		if err := os.Rename(f.tmp.Name(), f.path); err != nil {
			return fmt.Errorf("write %s: %v", f.path, errText(err))
		}
		f.tmp = nil
	}
	return nil
}

// abort removes any temporary file not yet moved into place.
func (o *outputs) abort() {
	for _, f := range o.files {
		if f.tmp != nil {
			f.tmp.Close()
			os.Remove(f.tmp.Name())
			f.tmp = nil
		}
	}
}
