package standard

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/frontdoorhq/frontdoor/checker/intake/sandbox"
)

func TestSiblingWorker(t *testing.T) {
	dir := t.TempDir()
	exe := filepath.Join(dir, "frontdoor")
	if err := os.WriteFile(exe, nil, 0o755); err != nil {
		t.Fatal(err)
	}
	if siblingWorker(exe) != nil {
		t.Fatal("found a worker where there is none")
	}
	worker := filepath.Join(dir, WorkerProgram)
	if err := os.WriteFile(worker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if siblingWorker(exe) != nil {
		t.Fatal("used a worker that is not executable")
	}
	if err := os.Chmod(worker, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := siblingWorker(exe)
	if cmd == nil {
		t.Fatal("did not find the worker beside the executable")
	}
	c := cmd()
	if c.Path != worker || len(c.Args) != 2 || c.Args[1] != sandbox.WorkerArg {
		t.Errorf("command %q %q, want %q %q", c.Path, c.Args, worker, sandbox.WorkerArg)
	}
	// A symbolic link to frontdoor (as from a package manager's bin
	// directory) finds the worker beside the real file.
	link := filepath.Join(t.TempDir(), "frontdoor")
	if err := os.Symlink(exe, link); err != nil {
		t.Skip("no symbolic links here")
	}
	if cmd := siblingWorker(link); cmd == nil || cmd().Path != worker {
		t.Error("did not follow the symbolic link to the worker")
	}
}

// Warm also builds what reading the worker's result needs (prepare) while
// the worker starts, not only once the first document is parsed.
func TestWarmPrepares(t *testing.T) {
	called := make(chan struct{})
	saved := prepare
	prepare = sync.OnceFunc(func() { close(called) })
	defer func() { prepare = saved }()
	r := New(sandbox.Options{Command: func() *exec.Cmd { return exec.Command(os.DevNull) }}) // starts nothing
	defer r.Close()
	r.Warm()
	select {
	case <-called:
	case <-time.After(10 * time.Second):
		t.Fatal("Warm did not start prepare")
	}
}

// A program without parsers (SeparateWorker) whose frontdoor-sandbox is
// missing says so when it meets a PDF, naming the program and where it
// belongs, and starts nothing.
func TestMissingWorker(t *testing.T) {
	dir := t.TempDir()
	exe := filepath.Join(dir, "frontdoor")
	p := sandbox.New(sandbox.Options{Command: missingWorker(exe)})
	defer p.Close()
	_, err := p.Parse(context.Background(), "pdf", []byte("%PDF-1.4"))
	if !errors.Is(err, sandbox.ErrUnavailable) || !errors.Is(err, sandbox.ErrNotInstalled) {
		t.Fatalf("err = %v, want ErrUnavailable and ErrNotInstalled", err)
	}
	resolved, _ := filepath.EvalSymlinks(dir)
	if strings.Contains(err.Error(), "try again") {
		t.Errorf("error %q says to try again", err)
	}
	for _, want := range []string{"could not read PDF: frontdoor's document reader is not installed: " + WorkerProgram,
		"belongs beside frontdoor in " + resolved + ";"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	if s := p.Stats(); s.Started != 0 || s.Live != 0 {
		t.Errorf("stats %+v: a worker was started", s)
	}
}
