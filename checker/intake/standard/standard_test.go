package standard

import (
	"os"
	"os/exec"
	"path/filepath"
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
