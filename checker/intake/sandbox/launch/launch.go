// Package launch starts the sandbox's worker processes: package sandbox
// starts every worker with it, and a program can start one with it before
// its sandbox pool exists, even from an init function (StartSpare).
//
// It imports only the lowest-level parts of the standard library, those
// that package os needs itself, and in particular neither os/exec nor
// path/filepath: Go initialises a package once its imports are, taking the
// ready packages in import-path order, so os/exec, path/filepath and any
// package that imports them wait for every ready package before theirs in
// that order (in frontdoor, one to two milliseconds of initialisation),
// while this package is ready as soon as package os is.
package launch

import (
	"errors"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"
)

// WorkerArg is the hidden argument (os.Args[1]) that makes a program a
// worker (see sandbox.MaybeServe).
const WorkerArg = "__frontdoor-sandbox-worker"

// WorkerProgram is the name of the small worker program
// (cmd/frontdoor-sandbox) installed beside frontdoor.
const WorkerProgram = "frontdoor-sandbox"

// Environment variables that tell a worker its limits.
const (
	EnvMemoryLimit = "FRONTDOOR_SANDBOX_MEMORY_LIMIT" // bytes of address space above start-up size; 0 = no limit
	EnvMaxInput    = "FRONTDOOR_SANDBOX_MAX_INPUT"    // largest request accepted, bytes
	EnvMaxResult   = "FRONTDOOR_SANDBOX_MAX_RESULT"   // largest response sent, bytes (encoded)
)

// The sandbox's default limits (sandbox.Options).
const (
	DefaultMemoryLimit     = 1 << 30  // 1 GiB of address space above the worker's start-up size
	DefaultMaxDocumentSize = 32 << 20 // bytes
	DefaultMaxResultSize   = 64 << 20 // bytes, encoded
)

// MaxKindLen is the longest kind name a request may carry.
const MaxKindLen = 64

// Command is a worker's program: the fields of an os/exec Cmd that a
// worker's command may set.
type Command struct {
	Path string
	Args []string // Args[0] is the program's name
	Env  []string // nil: this process's environment
	Dir  string
}

func (c Command) equal(d Command) bool {
	return c.Path == d.Path && slicesEqual(c.Args, d.Args) && c.Dir == d.Dir &&
		(c.Env == nil) == (d.Env == nil) && slicesEqual(c.Env, d.Env)
}

func slicesEqual(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Limits are a worker's limits, which it is told in its environment.
type Limits struct {
	Memory    int64 // address space, in bytes, beyond the worker's start-up size; 0 for none
	MaxInput  int   // largest request, in bytes
	MaxResult int   // largest answer, in bytes as encoded
}

// DefaultLimits are the limits of a sandbox pool's workers by default.
func DefaultLimits() Limits {
	return Limits{Memory: DefaultMemoryLimit, MaxInput: DefaultMaxDocumentSize, MaxResult: DefaultMaxResultSize}
}

// Process is a started worker: its process and this process's ends of its
// stdin, stdout and stderr pipes.
type Process struct {
	Process *os.Process
	Stdin   *os.File
	Stdout  *os.File
	Stderr  *os.File
}

// Start starts c as a worker told limits, with its stdin, stdout and stderr
// connected to new pipes, in a process group of its own (so that it and
// anything it starts can be killed together, and a terminal's Ctrl-C does
// not reach it), and, on Linux, killed by the kernel if this process dies.
// sys and extra, which may be nil, are further attributes and files, as
// an os/exec Cmd's SysProcAttr and ExtraFiles; sys is modified. The
// worker's environment is built as os/exec builds it: c.Env, or this
// process's, with the limits added, and, of a variable set twice, the
// last setting.
func Start(c Command, limits Limits, sys *syscall.SysProcAttr, extra []*os.File) (*Process, error) {
	var pipes [6]*os.File // stdin's, stdout's and stderr's read and write ends
	for i := 0; i < len(pipes); i += 2 {
		r, w, err := os.Pipe()
		if err != nil {
			closeAll(pipes[:i]...)
			return nil, err
		}
		pipes[i], pipes[i+1] = r, w
	}
	inR, inW, outR, outW, errR, errW := pipes[0], pipes[1], pipes[2], pipes[3], pipes[4], pipes[5]
	env := c.Env
	if env == nil {
		env = os.Environ()
	}
	env, err := dedupEnv(append(env[:len(env):len(env)],
		EnvMemoryLimit+"="+strconv.FormatInt(max(limits.Memory, 0), 10),
		EnvMaxInput+"="+strconv.Itoa(limits.MaxInput),
		EnvMaxResult+"="+strconv.Itoa(limits.MaxResult)))
	if err != nil {
		closeAll(pipes[:]...)
		return nil, err
	}
	args := c.Args
	if len(args) == 0 {
		args = []string{c.Path}
	}
	if sys == nil {
		sys = &syscall.SysProcAttr{}
	}
	setProcAttr(sys)
	files := append([]*os.File{inR, outW, errW}, extra...)
	proc, err := os.StartProcess(c.Path, args, &os.ProcAttr{Dir: c.Dir, Env: env, Files: files, Sys: sys})
	closeAll(inR, outW, errW)
	if err != nil {
		closeAll(inW, outR, errR)
		return nil, err
	}
	return &Process{Process: proc, Stdin: inW, Stdout: outR, Stderr: errR}, nil
}

// Kill sends SIGKILL to the worker's process group (where there are
// process groups) and to the worker. It must not be called once the worker
// has been reaped (its pid may then be another process's).
func (p *Process) Kill() {
	KillGroup(p.Process.Pid)
	_ = p.Process.Kill()
}

// ClosePipes closes this process's ends of the worker's stdin and stdout,
// which also ends a read or write in progress. Safe to call more than once.
func (p *Process) ClosePipes() {
	p.Stdin.Close()
	p.Stdout.Close()
}

func closeAll(fs ...*os.File) {
	for _, f := range fs {
		f.Close()
	}
}

// dedupEnv returns env with, of each variable set more than once, only
// its last setting, as os/exec does (names compared without regard to case
// on Windows; entries that are not NAME=VALUE kept as they are, empty ones
// dropped); an entry holding a NUL byte is an error, as there.
func dedupEnv(env []string) ([]string, error) {
	var err error
	out := make([]string, 0, len(env))
	saw := make(map[string]bool, len(env))
	for n := len(env); n > 0; n-- { // from the end, to keep each last setting
		kv := env[n-1]
		if strings.IndexByte(kv, 0) >= 0 {
			err = errors.New("exec: environment variable contains NUL")
			continue
		}
		i := strings.Index(kv, "=")
		if i == 0 { // as Windows has, "=C:=C:\\dir"
			i = strings.Index(kv[1:], "=") + 1
		}
		if i < 0 {
			if kv != "" {
				out = append(out, kv)
			}
			continue
		}
		k := kv[:i]
		if runtime.GOOS == "windows" {
			k = strings.ToLower(k)
		}
		if saw[k] {
			continue
		}
		saw[k] = true
		out = append(out, kv)
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out, err
}

// WorkerCommand is the command of the worker program at path: path with
// WorkerArg.
func WorkerCommand(path string) Command { return Command{Path: path, Args: []string{path, WorkerArg}} }

// IsProgram reports whether path is an executable regular file.
func IsProgram(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular() && st.Mode().Perm()&0o111 != 0
}

// WriteRequest writes one request of the sandbox's protocol (see package
// sandbox's protocol.go): len(kind) kind len(data) data, the lengths as
// big-endian uint32s.
func WriteRequest(w io.Writer, kind string, data []byte) error {
	hdr := make([]byte, 0, 8+len(kind))
	hdr = appendUint32(hdr, uint32(len(kind)))
	hdr = append(hdr, kind...)
	hdr = appendUint32(hdr, uint32(len(data)))
	if len(data) <= 64<<10 {
		// One write for small requests: one system call, one wake-up in the worker.
		_, err := w.Write(append(hdr, data...))
		return err
	}
	if _, err := w.Write(hdr); err != nil {
		return err
	}
	_, err := w.Write(data)
	return err
}

// RequestSize is the size of a request as WriteRequest writes it.
func RequestSize(kind string, data []byte) int { return 8 + len(kind) + len(data) }

func appendUint32(b []byte, v uint32) []byte {
	return append(b, byte(v>>24), byte(v>>16), byte(v>>8), byte(v))
}

var errNoCommand = errors.New("launch: no worker command")
