package batch

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/frontdoorhq/frontdoor/checker"
	"github.com/frontdoorhq/frontdoor/checker/referral"
)

// FileReader reads one referral file, sniffing its format from the content
// when format is "". *standard.Reader implements it; it must be safe for
// concurrent use. Errors must name the problem without quoting the document.
type FileReader interface {
	ReadFile(ctx context.Context, path, format string) (*referral.Referral, string, error)
}

// Config configures Run.
type Config struct {
	Inputs []string         // files and directories, as Resolve returns them
	Skip   []string         // files never read, such as the run's own outputs, baseline and targets
	Jobs   int              // inputs read and checked at once; runtime.NumCPU() when 0
	Reader FileReader       // reads every input
	Router checker.Router   // suggests routes; nil for none (no routes or route mismatches)
	Now    func() time.Time // today, for the checker; time.Now when nil
	Opts   Options          // for the summary

	// OnResult, when set, is called with each finished input, in input
	// order, from one goroutine. An error stops the run and is returned.
	OnResult func(Record) error
}

// ErrNoInput is returned by Resolve for an argument that names nothing.
var ErrNoInput = errors.New("no such file, directory or match")

// Resolve turns arguments into the files and directories to read: a glob
// pattern (with * ? or [) is expanded, in name order; anything else must
// exist. An argument that matches nothing is an error naming it.
func Resolve(args []string) ([]string, error) {
	var out []string
	for _, a := range args {
		if strings.ContainsAny(a, "*?[") {
			if _, err := os.Lstat(a); err == nil { // a real name with a bracket in it
				out = append(out, a)
				continue
			}
			m, err := filepath.Glob(a)
			if err != nil {
				return nil, fmt.Errorf("%s: bad pattern: %v", a, err)
			}
			if len(m) == 0 {
				return nil, fmt.Errorf("%s: %w", a, ErrNoInput)
			}
			out = append(out, m...)
			continue
		}
		if _, err := os.Stat(a); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("%s: %w", a, ErrNoInput)
			}
			return nil, fmt.Errorf("%s: %s", a, errText(err))
		}
		out = append(out, a)
	}
	return out, nil
}

// walk calls fn with each file under roots, in order: a named file itself,
// and every file in a directory tree in name order, skipping hidden files
// and directories (names starting with a dot), files in skip (by absolute
// path) and symbolic links to directories. An entry that cannot be read
// comes with errMsg set. walk stops when fn returns false or ctx ends, and
// reports whether it went through everything.
func walk(ctx context.Context, roots []string, skip map[string]bool, fn func(path, errMsg string) bool) bool {
	skipped := func(p string) bool {
		if len(skip) == 0 {
			return false
		}
		abs, err := filepath.Abs(p)
		return err == nil && skip[abs]
	}
	for _, root := range roots {
		if ctx.Err() != nil {
			return false
		}
		st, err := os.Stat(root)
		if err != nil {
			if !fn(root, "cannot open: "+errText(err)) {
				return false
			}
			continue
		}
		if !st.IsDir() {
			if skipped(root) {
				continue
			}
			msg := ""
			if !st.Mode().IsRegular() {
				msg = "not a regular file"
			}
			if !fn(root, msg) {
				return false
			}
			continue
		}
		stopped := false
		err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if ctx.Err() != nil {
				stopped = true
				return fs.SkipAll
			}
			if err != nil {
				if !fn(p, "cannot read directory: "+errText(err)) {
					stopped = true
					return fs.SkipAll
				}
				return nil
			}
			if p != root && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				return nil
			}
			msg := ""
			switch t := d.Type(); {
			case t.IsRegular():
			case t&fs.ModeSymlink != 0:
				st, err := os.Stat(p)
				switch {
				case err != nil:
					msg = "cannot open: " + errText(err)
				case st.IsDir():
					return nil // not followed: a link can make a cycle
				case !st.Mode().IsRegular():
					msg = "not a regular file"
				}
			default:
				msg = "not a regular file"
			}
			if skipped(p) {
				return nil
			}
			if !fn(p, msg) {
				stopped = true
				return fs.SkipAll
			}
			return nil
		})
		if stopped {
			return false
		}
		if err != nil && !fn(root, "cannot read directory: "+errText(err)) {
			return false
		}
	}
	return ctx.Err() == nil
}

// Count returns how many inputs Run would read, for a progress bar. It
// stops early, returning what it has counted, when ctx ends.
func Count(ctx context.Context, inputs, skip []string) int {
	n := 0
	walk(ctx, inputs, absSet(skip), func(string, string) bool { n++; return true })
	return n
}

func absSet(paths []string) map[string]bool {
	m := map[string]bool{}
	for _, p := range paths {
		if p == "" || p == "-" {
			continue
		}
		if abs, err := filepath.Abs(p); err == nil {
			m[abs] = true
		}
	}
	return m
}

func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// Run reads and checks every input with cfg.Jobs at once, all sharing
// cfg.Reader, and returns the summary. Results reach OnResult and the
// summary in input order whatever order they finish in; at most a few per
// job are held waiting for an earlier one, so memory does not grow with the
// number of inputs. An input that cannot be read, or that a reader or rule
// fails on, becomes a result with Error set, and the run goes on.
//
// When ctx ends, Run stops starting inputs, drops those in progress, and
// returns the summary of the inputs finished, marked Interrupted, together
// with ctx's error.
func Run(ctx context.Context, cfg Config) (*Summary, error) {
	jobs := cfg.Jobs
	if jobs <= 0 {
		jobs = runtime.NumCPU()
	}
	window := 4*jobs + 8 // inputs started but not yet passed on in order
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()

	type job struct {
		seq       int
		path, err string
	}
	type outcome struct {
		seq  int
		rec  Record
		done bool // false: dropped because the run was stopped
	}
	jobCh := make(chan job)
	outCh := make(chan outcome, window)
	tokens := make(chan struct{}, window)
	skip := absSet(cfg.Skip)

	complete := false
	go func() {
		defer close(jobCh)
		seq := 0
		complete = walk(runCtx, cfg.Inputs, skip, func(path, errMsg string) bool {
			select {
			case tokens <- struct{}{}:
			case <-runCtx.Done():
				return false
			}
			select {
			case jobCh <- job{seq, path, errMsg}:
				seq++
				return true
			case <-runCtx.Done():
				<-tokens
				return false
			}
		})
	}()

	var wg sync.WaitGroup
	for range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := newWorker(cfg)
			for j := range jobCh {
				rec, done := w.process(runCtx, j.path, j.err)
				outCh <- outcome{seq: j.seq, rec: rec, done: done}
			}
		}()
	}
	go func() {
		wg.Wait()
		close(outCh)
	}()

	b := NewBuilder(cfg.Opts)
	pending := map[int]outcome{}
	next, dropped := 0, false
	var cbErr error
	for o := range outCh {
		pending[o.seq] = o
		for {
			p, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			<-tokens
			if !p.done {
				dropped = true
				continue
			}
			if cbErr != nil {
				continue
			}
			b.Add(p.rec)
			if cfg.OnResult != nil {
				if err := cfg.OnResult(p.rec); err != nil {
					cbErr = err
					cancel()
				}
			}
		}
	}
	if cbErr != nil {
		return nil, cbErr
	}
	if err := ctx.Err(); err != nil && (dropped || !complete) {
		b.SetInterrupted()
		return b.Summary(), err
	}
	return b.Summary(), nil
}

// worker checks inputs one at a time with its own checker, whose router
// records each suggestion for the summary.
type worker struct {
	reader  FileReader
	checker *checker.Checker
	capture *captureRouter
}

func newWorker(cfg Config) *worker {
	w := &worker{reader: cfg.Reader}
	opts := checker.Options{Now: cfg.Now}
	if cfg.Router != nil {
		w.capture = &captureRouter{inner: cfg.Router}
		opts.Router = w.capture
	}
	w.checker = checker.New(opts)
	return w
}

// process reads and checks one input. It reports done false when the run
// was stopped before the input was finished.
func (w *worker) process(ctx context.Context, path, errMsg string) (rec Record, done bool) {
	name := filepath.ToSlash(path)
	if ctx.Err() != nil {
		return Record{}, false
	}
	if errMsg != "" {
		return Record{Result: checker.Unreadable(name, "", errMsg)}, true
	}
	format := ""
	defer func() {
		// A reader or rule that panics on a crafted input costs that input,
		// never the batch. The panic's text may quote the document, so it
		// is not shown.
		if p := recover(); p != nil {
			rec, done = Record{Result: checker.Unreadable(name, format, "internal error while checking this file")}, true
		}
	}()
	r, format, err := w.reader.ReadFile(ctx, path, "")
	if err != nil {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			if ctx.Err() != nil {
				return Record{}, false
			}
		}
		return Record{Result: checker.Unreadable(name, format, err.Error())}, true
	}
	if r == nil {
		return Record{Result: checker.Unreadable(name, format, "no referral could be read")}, true
	}
	var sugg *checker.Suggestion
	if w.capture != nil {
		w.capture.ok = false
	}
	res := w.checker.Check(r)
	res.File, res.Format = name, format
	if w.capture != nil && w.capture.ok {
		sugg = &w.capture.last
	}
	return NewRecord(res, r, sugg), true
}

// captureRouter passes suggestions through and remembers the last one. Each
// worker has its own. It hands the router the whole referral, as `frontdoor
// check` does, so a file gets the same route in a batch as on its own: the
// router bounds the text it reads itself (guidance.MaxRouteText), and says
// so with low confidence and a request to read the rest.
type captureRouter struct {
	inner checker.Router
	last  checker.Suggestion
	ok    bool
}

var _ checker.Router = (*captureRouter)(nil)

func (c *captureRouter) Suggest(r *referral.Referral) checker.Suggestion {
	c.last, c.ok = c.inner.Suggest(r), true
	return c.last
}
