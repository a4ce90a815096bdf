package standard

import (
	"os"
	"path/filepath"
	"testing"

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
