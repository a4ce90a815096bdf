package launch

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestDedupEnv(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("names are compared without regard to case")
	}
	got, err := dedupEnv([]string{"A=1", "B=2", "A=3", "", "C=", "B=4", "D", "D", "=X=1", "=X=2"})
	want := []string{"A=3", "C=", "B=4", "D", "D", "=X=2"}
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("dedupEnv = %q, %v; want %q", got, err, want)
	}
	if _, err := dedupEnv([]string{"A=1\x00"}); err == nil {
		t.Error("no error for a NUL byte")
	}
	// As os/exec builds a command's environment.
	for _, env := range [][]string{os.Environ(), append(os.Environ(), "HOME=/elsewhere", "PATH="), {"A=1", "a=2", "A=3"}} {
		got, _ := dedupEnv(env)
		if want := (&exec.Cmd{Path: "/bin/true", Env: env}).Environ(); !slices.Equal(got, want) {
			t.Errorf("dedupEnv(%q) = %q; os/exec: %q", env, got, want)
		}
	}
}

// Start gives the worker its limits in its environment (over any it
// inherits), its own process group, and pipes for its standard streams.
func TestStart(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil || runtime.GOOS != "linux" {
		t.Skip("needs sh and /proc")
	}
	script := `read line; echo "$line"; echo "$$ $(cut -d' ' -f5 /proc/$$/stat)"; env; echo oops >&2`
	c := Command{Path: sh, Args: []string{"sh", "-c", script},
		Env: []string{"KEEP=1", EnvMaxInput + "=5"}, Dir: t.TempDir()}
	p, err := Start(c, Limits{Memory: 7, MaxInput: 8, MaxResult: 9}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Stdin.Write([]byte("hello\n")); err != nil {
		t.Fatal(err)
	}
	p.Stdin.Close()
	out, _ := io.ReadAll(p.Stdout)
	errOut, _ := io.ReadAll(p.Stderr)
	if _, err := p.Process.Wait(); err != nil {
		t.Fatal(err)
	}
	p.Stdout.Close()
	p.Stderr.Close()
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) < 2 || lines[0] != "hello" {
		t.Fatalf("worker said %q", out)
	}
	if ids := strings.Fields(lines[1]); len(ids) != 2 || ids[0] != ids[1] || ids[0] != strconv.Itoa(p.Process.Pid) {
		t.Errorf("pid and process group %q: want the worker's own group", lines[1])
	}
	env := lines[2:]
	for _, want := range []string{"KEEP=1", EnvMemoryLimit + "=7", EnvMaxInput + "=8", EnvMaxResult + "=9"} {
		if !slices.Contains(env, want) {
			t.Errorf("environment %q lacks %s", env, want)
		}
	}
	if slices.Contains(env, EnvMaxInput+"=5") {
		t.Errorf("environment %q keeps the inherited limit", env)
	}
	if string(errOut) != "oops\n" {
		t.Errorf("stderr %q", errOut)
	}
	if _, err := Start(Command{Path: filepath.Join(t.TempDir(), "missing")}, DefaultLimits(), nil, nil); err == nil {
		t.Error("started a missing program")
	}
}

func TestIsProgram(t *testing.T) {
	dir := t.TempDir()
	worker := filepath.Join(dir, WorkerProgram)
	if IsProgram(worker) || IsProgram(dir) {
		t.Fatal("a missing file or a directory is a program")
	}
	if err := os.WriteFile(worker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if IsProgram(worker) {
		t.Fatal("a file that is not executable is a program")
	}
	if err := os.Chmod(worker, 0o755); err != nil {
		t.Fatal(err)
	}
	if !IsProgram(worker) {
		t.Fatal("an executable file is not a program")
	}
	if c, want := WorkerCommand(worker), (Command{Path: worker, Args: []string{worker, WorkerArg}}); !c.equal(want) {
		t.Errorf("WorkerCommand = %+v, want %+v", c, want)
	}
}
