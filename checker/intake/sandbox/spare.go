package sandbox

import (
	"bytes"
	"os/exec"
	"path/filepath"

	"github.com/frontdoorhq/frontdoor/checker/intake/sandbox/launch"
)

// WorkerProgram is the name of the small worker program
// (cmd/frontdoor-sandbox) installed beside frontdoor.
const WorkerProgram = launch.WorkerProgram

// Sibling returns a command (for Options.Command) that starts program, a
// worker installed in the same directory as the executable exe (symbolic
// links followed), with WorkerArg; nil when no such executable file is
// there.
func Sibling(exe, program string) func() *exec.Cmd {
	path := SiblingPath(exe, program)
	if path == "" {
		return nil
	}
	c := launch.WorkerCommand(path)
	return func() *exec.Cmd { return exec.Command(c.Path, c.Args[1:]...) }
}

// SiblingPath returns the path of program installed, as an executable
// file, in the same directory as the executable exe (symbolic links
// followed), or "" when there is none.
func SiblingPath(exe, program string) string {
	if resolved, err := filepath.EvalSymlinks(exe); err == nil {
		exe = resolved
	}
	path := filepath.Join(filepath.Dir(exe), program+filepath.Ext(exe))
	if !launch.IsProgram(path) {
		return ""
	}
	return path
}

// Adopt makes s, a worker started ahead of the Pool (launch.StartSpare),
// one of the Pool's workers, together with any request sent to it ahead,
// whose answer the Pool keeps for a Parse of exactly the same kind and
// bytes (for any other Parse it kills the worker, unused). It reports
// whether it adopted s. It does not when s was started other than as the
// Pool starts its workers (their command and limits), or when the Pool is
// closed or has its most workers; s is then killed. A nil or already
// adopted s is ignored (false).
func (p *Pool) Adopt(s *launch.Spare) bool {
	if s == nil {
		return false
	}
	cmd, err := p.command()
	if c, plain := commandOf(cmd); err != nil || !plain || !s.Adoptable(c, p.opts.limits()) {
		s.Kill()
		return false
	}
	p.mu.Lock()
	if p.closed || len(p.live) >= p.opts.Size {
		p.mu.Unlock()
		s.Kill()
		return false
	}
	proc := s.Take()
	if proc == nil {
		p.mu.Unlock()
		return false
	}
	w := newWorker(proc)
	w.pending = s.Request
	p.reap.Add(1)
	p.live[w] = struct{}{}
	p.idle = append(p.idle, w)
	p.mu.Unlock()
	p.started.Add(1)
	w.scanStderr()
	go p.reaper(w)
	return true
}

// commandOf returns cmd as a launch.Command, and whether that is all of it:
// whether cmd, if started, would have set nothing else (attributes, extra
// files), nor failed before starting.
func commandOf(cmd *exec.Cmd) (launch.Command, bool) {
	if cmd == nil {
		return launch.Command{}, false
	}
	c := launch.Command{Path: cmd.Path, Args: cmd.Args, Env: cmd.Env, Dir: cmd.Dir}
	return c, cmd.Err == nil && cmd.SysProcAttr == nil && len(cmd.ExtraFiles) == 0 && cmd.Process == nil
}

// sameRequest reports whether r, a request sent ahead, is kind and data.
func sameRequest(r *launch.Request, kind string, data []byte) bool {
	return r.Kind == kind && bytes.Equal(r.Data, data)
}
