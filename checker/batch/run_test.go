package batch_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/frontdoorhq/frontdoor/checker"
	"github.com/frontdoorhq/frontdoor/checker/batch"
	"github.com/frontdoorhq/frontdoor/checker/intake"
	"github.com/frontdoorhq/frontdoor/checker/referral"
	"github.com/frontdoorhq/frontdoor/guidance"
)

// fakeReader reads files through a function, so tests can delay, fail or
// panic per file.
type fakeReader struct {
	ReadFn func(ctx context.Context, path string) (*referral.Referral, string, error)
}

var _ batch.FileReader = fakeReader{}

func (f fakeReader) ReadFile(ctx context.Context, path, format string) (*referral.Referral, string, error) {
	return f.ReadFn(ctx, path)
}

// fixedRouter suggests the same level for every referral.
type fixedRouter struct{ level int }

func (f fixedRouter) Suggest(*referral.Referral) checker.Suggestion {
	return checker.Suggestion{Level: f.level, Route: map[int]string{2: "early-help", 3: "mash"}[f.level]}
}

// writeTree makes files (slash paths to contents) under a new directory.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// Ensure results reach OnResult in input order, whatever order they finish
// in, with every file read once.
func TestRunKeepsInputOrder(t *testing.T) {
	files := map[string]string{}
	for i := range 300 {
		files[fmt.Sprintf("d%d/f%03d.json", i%3, i)] = "x"
	}
	dir := writeTree(t, files)
	var reads atomic.Int64
	rd := fakeReader{func(ctx context.Context, path string) (*referral.Referral, string, error) {
		reads.Add(1)
		time.Sleep(time.Duration(rand.IntN(300)) * time.Microsecond)
		return &referral.Referral{Referrer: referral.Referrer{Organisation: "School"}}, "json", nil
	}}
	var got []string
	s, err := batch.Run(context.Background(), batch.Config{Inputs: []string{dir}, Jobs: 8, Reader: rd,
		OnResult: func(r batch.Record) error {
			got = append(got, strings.TrimPrefix(r.Result.File, filepath.ToSlash(dir)+"/"))
			return nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	want := make([]string, 0, len(files))
	for name := range files {
		want = append(want, name)
	}
	sort.Strings(want)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("results out of order: first %v", got[:5])
	}
	if s.Files != 300 || s.Checked != 300 || reads.Load() != 300 {
		t.Errorf("files %d checked %d reads %d", s.Files, s.Checked, reads.Load())
	}
}

// Ensure the walk reads every file whatever its extension, skips hidden
// files and directories and the files it is told to skip, and lists what
// it cannot read, without stopping.
func TestRunWalk(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"a.pdf": "x", "no-extension": "x", "notes.odd": "x", "sub/b.docx": "x", ".hidden.json": "x",
		".git/config": "x", "sub/.DS_Store": "x", "out/summary.json": "x", "sub/deeper/c.yaml": "x",
	})
	if err := mkfifo(filepath.Join(dir, "sub", "pipe")); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	if err := os.Symlink(filepath.Join(dir, "sub"), filepath.Join(dir, "link-to-dir")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "a.pdf"), filepath.Join(dir, "link-to-file")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "gone"), filepath.Join(dir, "link-broken")); err != nil {
		t.Fatal(err)
	}
	rd := fakeReader{func(ctx context.Context, path string) (*referral.Referral, string, error) {
		return &referral.Referral{}, "json", nil
	}}
	var got []string
	s, err := batch.Run(context.Background(), batch.Config{Inputs: []string{dir}, Reader: rd,
		Skip: []string{filepath.Join(dir, "out", "summary.json")},
		OnResult: func(r batch.Record) error {
			rel := strings.TrimPrefix(r.Result.File, filepath.ToSlash(dir)+"/")
			if r.Result.Error != "" {
				rel += " [" + r.Result.Error + "]"
			}
			got = append(got, rel)
			return nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"a.pdf", "link-broken [cannot open: no such file or directory]", "link-to-file", "no-extension", "notes.odd",
		"sub/b.docx", "sub/deeper/c.yaml", "sub/pipe [not a regular file]"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("walked\n%q\nwant\n%q", got, want)
	}
	if s.Files != 8 || s.Checked != 6 || s.UnreadableCount != 2 {
		t.Errorf("files %d checked %d unreadable %d", s.Files, s.Checked, s.UnreadableCount)
	}
}

// Ensure a file the reader fails on, or panics on, becomes an unreadable
// entry with a safe message, and the batch goes on.
func TestRunSurvivesBadFiles(t *testing.T) {
	dir := writeTree(t, map[string]string{"1-good": "x", "2-bad": "x", "3-panic": "x", "4-good": "x", "5-nil": "x"})
	rd := fakeReader{func(ctx context.Context, path string) (*referral.Referral, string, error) {
		switch filepath.Base(path) {
		case "2-bad":
			return nil, "pdf", &intake.Error{Format: "pdf", Msg: "could not read PDF: truncated"}
		case "3-panic":
			panic("Robin Secretname's document broke the parser")
		case "5-nil":
			return nil, "json", nil
		}
		return &referral.Referral{}, "json", nil
	}}
	s, err := batch.Run(context.Background(), batch.Config{Inputs: []string{dir}, Jobs: 2, Reader: rd, Router: fixedRouter{3}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, u := range s.Unreadable {
		got = append(got, filepath.Base(u.File)+": "+u.Error)
	}
	want := []string{"2-bad: could not read PDF: truncated", "3-panic: internal error while checking this file", "5-nil: no referral could be read"}
	if !reflect.DeepEqual(got, want) || s.Checked != 2 || s.Files != 5 {
		t.Errorf("unreadable %q, checked %d of %d", got, s.Checked, s.Files)
	}
	if s.Routes["mash"] != 2 {
		t.Errorf("routes %v: the router's suggestions were not recorded", s.Routes)
	}
}

// Ensure a cancelled run stops promptly, drops the files in progress, and
// returns the summary of those finished, marked interrupted, with every
// finished file passed to OnResult and counted.
func TestRunInterrupted(t *testing.T) {
	files := map[string]string{}
	for i := range 200 {
		files[fmt.Sprintf("f%03d", i)] = "x"
	}
	dir := writeTree(t, files)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rd := fakeReader{func(ctx context.Context, path string) (*referral.Referral, string, error) {
		select {
		case <-time.After(2 * time.Millisecond):
		case <-ctx.Done():
			return nil, "pdf", ctx.Err()
		}
		return &referral.Referral{}, "json", nil
	}}
	seen := 0
	s, err := batch.Run(ctx, batch.Config{Inputs: []string{dir}, Jobs: 4, Reader: rd,
		OnResult: func(r batch.Record) error {
			seen++
			if seen == 20 {
				cancel()
			}
			if r.Result.Error != "" {
				t.Errorf("%s: %s (a cancelled read must be dropped, not listed)", r.Result.File, r.Result.Error)
			}
			return nil
		}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if !s.Interrupted || s.Files != seen || s.Files < 20 || s.Files > 60 {
		t.Errorf("interrupted %v, files %d, results seen %d", s.Interrupted, s.Files, seen)
	}
}

// Ensure an error from OnResult (an output that cannot be written) stops
// the run and is returned.
func TestRunStopsOnOutputError(t *testing.T) {
	dir := writeTree(t, map[string]string{"a": "x", "b": "x", "c": "x"})
	rd := fakeReader{func(ctx context.Context, path string) (*referral.Referral, string, error) {
		return &referral.Referral{}, "json", nil
	}}
	boom := errors.New("write out.jsonl: no space left on device")
	calls := 0
	_, err := batch.Run(context.Background(), batch.Config{Inputs: []string{dir}, Reader: rd,
		OnResult: func(batch.Record) error { calls++; return boom }})
	if !errors.Is(err, boom) || calls != 1 {
		t.Errorf("err = %v after %d calls", err, calls)
	}
}

// Ensure Resolve expands globs in name order and names an argument that
// matches nothing.
func TestResolve(t *testing.T) {
	dir := writeTree(t, map[string]string{"b.pdf": "", "a.pdf": "", "c.docx": "", "[x].pdf": ""})
	got, err := batch.Resolve([]string{filepath.Join(dir, "*.pdf"), filepath.Join(dir, "c.docx"), filepath.Join(dir, "[x].pdf")})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range got {
		names = append(names, filepath.Base(p))
	}
	if want := []string{"[x].pdf", "a.pdf", "b.pdf", "c.docx", "[x].pdf"}; !reflect.DeepEqual(names, want) {
		t.Errorf("Resolve = %v, want %v", names, want)
	}
	for _, tt := range []struct{ arg, want string }{
		{filepath.Join(dir, "*.txt"), "*.txt: no such file, directory or match"},
		{filepath.Join(dir, "missing"), "missing: no such file, directory or match"},
		{filepath.Join(dir, "[-"), "bad pattern"},
	} {
		_, err := batch.Resolve([]string{tt.arg})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Resolve(%q) error %v, want %q", tt.arg, err, tt.want)
		}
	}
}

// Ensure Count agrees with what Run reads.
func TestCount(t *testing.T) {
	dir := writeTree(t, map[string]string{"a": "", "b/c": "", ".d": "", "b/.e/f": ""})
	if n := batch.Count(context.Background(), []string{dir}, nil); n != 2 {
		t.Errorf("Count = %d, want 2", n)
	}
}

// Ensure batch hands the router the same text as `frontdoor check` does for
// one file, however long: a concern past the first few kilobytes still
// drives the route, and a document longer than the router reads (a crafted
// PDF, a whole file pasted in) still finishes, is routed on its start with
// low confidence and a request to read the rest, and has every rule run.
func TestRunRoutesAsCheckDoes(t *testing.T) {
	pack, err := guidance.Default()
	if err != nil {
		t.Fatal(err)
	}
	const disclosure = "Sam said dad hit him with a belt last night and he is scared to go home."
	padding := strings.Repeat("The class had an ordinary morning of reading and sums. ", 800) // 44 KB
	huge := strings.Repeat("dad hit me with a belt and I am scared ", 12500)                  // 490 KB, one sentence
	many := func(r *referral.Referral) *referral.Referral {
		for range 500 {
			r.Extra = append(r.Extra, referral.Extra{Label: "Notes", Value: huge[:1000]})
		}
		return r
	}
	tests := []struct {
		name    string
		r       *referral.Referral
		wantLow bool // routed on its start only: low confidence, asks to read the rest
	}{
		{"short", &referral.Referral{Concern: referral.Concern{Description: disclosure}}, false},
		{"concern after 44 KB of other text", &referral.Referral{Concern: referral.Concern{Description: padding, ChildVoice: disclosure}}, false},
		{"concern in a late field", &referral.Referral{Concern: referral.Concern{Description: padding, History: padding}, Support: referral.Support{ActionsTaken: disclosure}}, false},
		{"one 490 KB sentence", &referral.Referral{Concern: referral.Concern{Description: huge}}, true},
		{"megabytes in many fields", many(&referral.Referral{Concern: referral.Concern{Description: huge, ChildVoice: "é" + huge}, Support: referral.Support{ActionsTaken: huge}}), true},
	}
	now := func() time.Time { return time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC) }
	marshal := func(v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	short := checker.New(checker.Options{Router: pack, Now: now}).Check(tests[0].r).Route.(guidance.Answer)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeTree(t, map[string]string{"referral": "x"})
			rd := fakeReader{func(context.Context, string) (*referral.Referral, string, error) { return tt.r, "pdf", nil }}
			var recs []batch.Record
			start := time.Now()
			s, err := batch.Run(context.Background(), batch.Config{Inputs: []string{dir}, Jobs: 1, Reader: rd, Router: pack, Now: now,
				OnResult: func(r batch.Record) error { recs = append(recs, r); return nil }})
			if err != nil {
				t.Fatal(err)
			}
			if el := time.Since(start); el > time.Minute { // a hang guard, not a speed test
				t.Errorf("took %v", el)
			}
			if s.Checked != 1 || len(recs) != 1 || recs[0].Result.Error != "" {
				t.Fatalf("checked %d, records %+v", s.Checked, recs)
			}
			got := recs[0]
			want := checker.New(checker.Options{Router: pack, Now: now}).Check(tt.r) // as `frontdoor check` does
			if g, w := marshal(got.Result.Route), marshal(want.Route); g != w {
				t.Errorf("batch routed\n%s\nsingle-file check routed\n%s", g, w)
			}
			if g, w := marshal(got.Result.Findings), marshal(want.Findings); g != w {
				t.Errorf("batch findings\n%s\nsingle-file check findings\n%s", g, w)
			}
			a, ok := got.Result.Route.(guidance.Answer)
			if !ok {
				t.Fatalf("route %T, want guidance.Answer", got.Result.Route)
			}
			if got.SuggestedRoute != a.Route || got.SuggestedRoute == "" {
				t.Errorf("suggested route %q, answer's %q", got.SuggestedRoute, a.Route)
			}
			asks := strings.Contains(strings.Join(a.Ask, "\n"), "too long to read in full")
			if tt.wantLow != (a.Confidence == "low" && asks) {
				t.Errorf("confidence %q, ask %q; want low with a request to read the rest: %v", a.Confidence, a.Ask, tt.wantLow)
			}
			if !tt.wantLow && a.Route != short.Route {
				t.Errorf("route %q, want %q as for the concern alone", a.Route, short.Route)
			}
			if len(got.Result.Findings) == 0 {
				t.Error("no findings: the rules did not run")
			}
		})
	}
}
