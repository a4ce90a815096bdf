package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/frontdoorhq/frontdoor/checker/batch"
	"github.com/frontdoorhq/frontdoor/fixtures/gen/render"
)

// Ensure the progress bar says how far it has got, how fast, and how long
// is left.
func TestProgressLine(t *testing.T) {
	tests := []struct {
		done, total int
		elapsed     time.Duration
		want        string
	}{
		{0, 100, 0, "[........................] 0/100 files  starting"},
		{50, 100, 10 * time.Second, "[############............] 50/100 files  5/s  about 10s left"},
		{100, 100, 20 * time.Second, "[########################] 100/100 files  5/s"},
		{1000, 10000, 2 * time.Second, "[##......................] 1000/10000 files  500/s  about 18s left"},
		{10, 100000, 1 * time.Second, "[........................] 10/100000 files  10/s  about 2h47m left"},
		{30, 0, 3 * time.Second, "30 files  10/s"},
		{120, 100, 3 * time.Second, "[########################] 120/100 files  40/s"},
	}
	for _, tt := range tests {
		if got := progressLine(tt.done, tt.total, tt.elapsed); got != tt.want {
			t.Errorf("progressLine(%d, %d, %v)\n got %q\nwant %q", tt.done, tt.total, tt.elapsed, got, tt.want)
		}
	}
}

// Ensure time left is written to the second, then the minute.
func TestRoughDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		300 * time.Millisecond: "1s", 7 * time.Second: "7s", 65 * time.Second: "1m05s", 59*time.Minute + 59*time.Second: "59m59s",
		3*time.Hour + 29*time.Second: "3h00m",
	} {
		if got := roughDuration(d); got != want {
			t.Errorf("roughDuration(%v) = %q, want %q", d, got, want)
		}
	}
}

// runIn runs the command line in-process.
func runIn(t *testing.T, ctx context.Context, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(ctx, append([]string{"frontdoor"}, args...), func(k string) string { return env[k] }, strings.NewReader(""), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// Ensure a batch stopped before anything was finished still writes its
// outputs (empty, marked interrupted), leaves no temporary file, and exits 2.
func TestBatchInterruptedInProcess(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "refs"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "refs", "a.json"), []byte(`{"child": {"name": "Sam Example"}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	code, stdout, stderr := runIn(t, ctx, nil, "batch", "--summary", filepath.Join(dir, "summary.json"),
		"--out", filepath.Join(dir, "results.jsonl"), filepath.Join(dir, "refs"))
	if code != int(exitError) || !strings.Contains(stderr, "frontdoor: batch: interrupted: the outputs cover the 0 files finished") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if !strings.Contains(stdout, "interrupted: the figures cover the 0 files finished") {
		t.Errorf("stdout %q", stdout)
	}
	s, err := batch.ReadSummary(filepath.Join(dir, "summary.json"))
	if err != nil || !s.Interrupted {
		t.Errorf("summary %+v, %v", s, err)
	}
	assertNoTemp(t, dir)
}

// assertNoTemp fails if any temporary output file is left in dir.
func assertNoTemp(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
}

// Ensure Ctrl-C (SIGINT to a real frontdoor process) stops a batch
// cleanly: the outputs hold every file finished so far and agree with each
// other, nothing temporary is left, no worker process is left, and the exit
// code is 2 with a message.
func TestBatchCtrlC(t *testing.T) {
	if testing.Short() {
		t.Skip("builds frontdoor and checks a large batch")
	}
	bin := filepath.Join(t.TempDir(), "frontdoor")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	dir := t.TempDir()
	refs := filepath.Join("..", "..", "fixtures", "referrals")
	docs := filepath.Join("..", "..", "fixtures", "documents")
	var sources []string
	for _, d := range []string{refs, docs} {
		m, _ := filepath.Glob(filepath.Join(d, "*"))
		sources = append(sources, m...)
	}
	for i := range 60 { // about 6,000 files: far more than finish before the signal
		sub := filepath.Join(dir, "inbox", fmt.Sprintf("%02d", i))
		if err := os.MkdirAll(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, src := range sources {
			b, err := os.ReadFile(src)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(sub, filepath.Base(src)), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	cmd := exec.Command(bin, "batch", "--out", "results.jsonl", "--summary", "summary.json", "--html", "report.html", "inbox")
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Signal once some results have reached the (temporary) results file.
	deadline := time.Now().Add(2 * time.Minute)
	for {
		tmp, _ := filepath.Glob(filepath.Join(dir, ".results.jsonl.*.tmp"))
		if len(tmp) == 1 {
			if st, err := os.Stat(tmp[0]); err == nil && st.Size() > 0 {
				break
			}
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("no results after 2 minutes")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != int(exitError) {
		t.Fatalf("exit: %v; stderr %s", err, stderr.String())
	}
	if !strings.Contains(stderr.String(), "frontdoor: batch: interrupted: the outputs cover the ") {
		t.Errorf("stderr %q", stderr.String())
	}
	s, err := batch.ReadSummary(filepath.Join(dir, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	results, err := os.ReadFile(filepath.Join(dir, "results.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.Count(results, []byte("\n"))
	if !s.Interrupted || s.Files != lines || s.Files == 0 || s.Files >= 60*len(sources) {
		t.Errorf("interrupted %v, summary files %d, result lines %d of %d", s.Interrupted, s.Files, lines, 60*len(sources))
	}
	for i, line := range bytes.Split(bytes.TrimSpace(results), []byte("\n")) {
		var v map[string]any
		if err := json.Unmarshal(line, &v); err != nil {
			t.Fatalf("results line %d is not JSON: %v", i+1, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "report.html")); err != nil {
		t.Errorf("no HTML report: %v", err)
	}
	assertNoTemp(t, dir)
	// The document workers went with the batch.
	out, _ := exec.Command("pgrep", "-f", bin).Output()
	if len(bytes.TrimSpace(out)) > 0 {
		t.Errorf("processes left running: %s", out)
	}
}

// Ensure every hostile file (crafted PDFs, zip and XML bombs, truncated and
// byte-flipped files) is listed in the summary with a reason, the good file
// after them is still checked, and the exit code stays 0.
func TestBatchHostileFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("hostile corpus skipped in -short mode")
	}
	dir := t.TempDir()
	inbox := filepath.Join(dir, "inbox")
	if err := os.MkdirAll(inbox, 0o755); err != nil {
		t.Fatal(err)
	}
	files := render.Hostile()
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(inbox, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	good, err := os.ReadFile(filepath.Join("..", "..", "fixtures", "documents", "02-good-neglect-level3-early-help-tried.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(inbox, "zz-good.pdf"), good, 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runIn(t, context.Background(), map[string]string{"FRONTDOOR_DOCUMENT_TIMEOUT": "4s"},
		"batch", "--summary", filepath.Join(dir, "summary.json"), inbox)
	if code != int(exitOK) || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	s, err := batch.ReadSummary(filepath.Join(dir, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]string{}
	for _, u := range s.Unreadable {
		listed[filepath.Base(u.File)] = u.Error
	}
	for name := range files {
		readable := strings.Contains(name, "-readable")
		msg, isListed := listed[name]
		switch {
		case readable && isListed:
			t.Errorf("%s: want a repaired read, got %q", name, msg)
		case !readable && !isListed && !strings.HasPrefix(name, "pdf-"):
			t.Errorf("%s: not listed as unreadable", name)
		}
		for _, bad := range []string{"goroutine", "panic:", "Robin Example", "/tmp/"} {
			if strings.Contains(msg, bad) {
				t.Errorf("%s: reason %q contains %q", name, msg, bad)
			}
		}
	}
	if _, bad := listed["zz-good.pdf"]; bad || s.Files != len(files)+1 {
		t.Errorf("the good PDF after the hostile ones: listed %v; %d files of %d", bad, s.Files, len(files)+1)
	}
	if !strings.Contains(stdout, fmt.Sprintf("frontdoor batch: %d files", len(files)+1)) {
		t.Errorf("stdout %q", stdout)
	}
}
