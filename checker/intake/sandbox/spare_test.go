//go:build linux

package sandbox_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/frontdoorhq/frontdoor/checker/intake/document"
	"github.com/frontdoorhq/frontdoor/checker/intake/sandbox"
	"github.com/frontdoorhq/frontdoor/checker/intake/sandbox/launch"
)

// startSpare starts a spare worker as a Pool with default options would
// start it, but told limits, killed (if not adopted) when the test ends.
func startSpare(t *testing.T, limits launch.Limits, kind string, data []byte) *launch.Spare {
	t.Helper()
	s, err := launch.StartSpare(selfCommand(t), limits, kind, data)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// selfCommand is the command of a Pool's workers by default: this program
// with WorkerArg.
func selfCommand(t testing.TB) launch.Command {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return launch.Command{Path: exe, Args: []string{exe, sandbox.WorkerArg}}
}

var defaults = launch.DefaultLimits()

// stamp parses data with the "stamp" handler and returns when the worker
// handled it, and the worker's pid.
func stamp(t *testing.T, p *sandbox.Pool, data []byte) (time.Time, string) {
	t.Helper()
	return parseStamp(t, p, "stamp", data)
}

func parseStamp(t *testing.T, p *sandbox.Pool, kind string, data []byte) (time.Time, string) {
	t.Helper()
	doc, err := p.Parse(context.Background(), kind, data)
	if err != nil {
		t.Fatal(err)
	}
	return stampOf(t, doc, data)
}

// startMarking starts a spare sent a "mark" request of at least size
// bytes, and waits until the worker has answered it: a Parse that is then
// answered with a time before it was called was answered with the spare's
// answer.
func startMarking(t *testing.T, limits launch.Limits, size int) (*launch.Spare, []byte) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "answered")
	data := append([]byte(path+"\n"), bytes.Repeat([]byte("x"), size)...)
	s := startSpare(t, limits, "mark", data)
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(2 * time.Millisecond) {
		if _, err := os.Stat(path); err == nil {
			return s, data
		}
		if time.Now().After(deadline) {
			t.Fatal("the spare did not answer")
		}
	}
}

func stampOf(t *testing.T, doc *document.Document, data []byte) (time.Time, string) {
	t.Helper()
	if len(doc.Lines) != 3 || doc.Lines[2].Text != string(data) {
		t.Fatalf("stamp answered %d lines, not for the data sent", len(doc.Lines))
	}
	ns, err := strconv.ParseInt(doc.Lines[0].Text, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return time.Unix(0, ns), doc.Lines[1].Text
}

// A spare sent a document parses it before its Pool exists; the Pool that
// adopts it answers a Parse of the same kind and bytes with that answer,
// and then uses the worker as any other.
func TestSpareAdopted(t *testing.T) {
	s, data := startMarking(t, defaults, 0)
	p := newPool(t, sandbox.Options{Size: 1})
	if !p.Adopt(s) {
		t.Fatal("a spare with the Pool's options was not adopted")
	}
	if s := p.Stats(); s.Started != 1 || s.Live != 1 || s.Idle != 1 {
		t.Fatalf("after Adopt: %+v, want one idle worker", s)
	}
	p.Warm() // a worker is idle: starts nothing
	asked := time.Now()
	handled, pid := parseStamp(t, p, "mark", data)
	if !handled.Before(asked) {
		t.Errorf("the document was parsed %v after Parse was called, not ahead", handled.Sub(asked))
	}
	again, pid2 := parseStamp(t, p, "mark", data)
	if !again.After(asked) || pid2 != pid {
		t.Errorf("the second Parse was not sent to the adopted worker (pid %s, then %s)", pid, pid2)
	}
	if s := p.Stats(); s.Started != 1 || s.Requests != 2 {
		t.Errorf("stats %+v, want one worker, two requests", s)
	}
	if p.Adopt(s) {
		t.Error("a spare was adopted twice")
	}
}

// A Parse of other bytes or another kind than the spare was sent does not
// get its answer: the spare is killed and a new worker parses.
func TestSpareOtherRequest(t *testing.T) {
	for _, tc := range []struct {
		name, kind string
		data       []byte
	}{
		{"other bytes", "stamp", []byte("Name: someone else")},
		{"a byte more", "stamp", []byte("Name: " + secret + ".")},
		{"other kind", "ok", []byte("Name: " + secret)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := startSpare(t, defaults, "stamp", []byte("Name: "+secret))
			p := newPool(t, sandbox.Options{Size: 1})
			if !p.Adopt(s) {
				t.Fatal("not adopted")
			}
			asked := time.Now()
			doc, err := p.Parse(context.Background(), tc.kind, tc.data)
			if err != nil {
				t.Fatal(err)
			}
			if tc.kind == "stamp" {
				if handled, _ := stampOf(t, doc, tc.data); handled.Before(asked) {
					t.Error("answered with the spare's answer")
				}
			} else if len(doc.Lines) != 1 || doc.Lines[0].Text != string(tc.data) {
				t.Errorf("answered %+v", doc.Lines)
			}
			if s := p.Stats(); s.Started != 2 || s.Live > 2 {
				t.Errorf("stats %+v, want the spare replaced", s)
			}
			// newPool's cleanup checks that the spare's process is gone.
		})
	}
}

// Warm keeps an adopted spare's request for the Parse it is for.
func TestSpareWarmKeepsRequest(t *testing.T) {
	s, data := startMarking(t, defaults, 0)
	p := newPool(t, sandbox.Options{Size: 2})
	p.Adopt(s)
	p.Warm()
	asked := time.Now()
	if handled, _ := parseStamp(t, p, "mark", data); !handled.Before(asked) {
		t.Error("Warm lost the spare's answer")
	}
	if s := p.Stats(); s.Started != 1 {
		t.Errorf("stats %+v, want only the spare", s)
	}
}

// A spare is adopted only by a Pool that would have started the same
// worker the same way; otherwise it is killed, and the Pool starts its
// own.
func TestSpareNotAdopted(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	same := func() *exec.Cmd { return exec.Command(exe, sandbox.WorkerArg) }
	copied := filepath.Join(t.TempDir(), "worker")
	if b, err := os.ReadFile(exe); err != nil {
		t.Fatal(err)
	} else if err := os.WriteFile(copied, b, 0o755); err != nil {
		t.Fatal(err)
	}
	other := func() *exec.Cmd { return exec.Command(copied, sandbox.WorkerArg) }
	withEnv := func() *exec.Cmd {
		c := exec.Command(exe, sandbox.WorkerArg)
		c.Env = append(os.Environ(), "FRONTDOOR_TEST=1")
		return c
	}
	limits := func(f func(*launch.Limits)) launch.Limits {
		l := defaults
		f(&l)
		return l
	}
	for _, tc := range []struct {
		name    string
		spare   launch.Limits
		pool    sandbox.Options
		adopted bool
	}{
		{"same", defaults, sandbox.Options{Size: 1, Timeout: time.Minute}, true},
		{"same command", defaults, sandbox.Options{Size: 1, Command: same}, true},
		{"environment", defaults, sandbox.Options{Size: 1, Command: withEnv}, false},
		{"other program", defaults, sandbox.Options{Size: 1, Command: other}, false},
		{"memory limit", limits(func(l *launch.Limits) { l.Memory = 300 << 20 }), sandbox.Options{Size: 1}, false},
		{"no memory limit", limits(func(l *launch.Limits) { l.Memory = 0 }), sandbox.Options{Size: 1, MemoryLimit: -1}, true},
		{"document size", limits(func(l *launch.Limits) { l.MaxInput = 1 << 20 }), sandbox.Options{Size: 1}, false},
		{"result size", limits(func(l *launch.Limits) { l.MaxResult = 1 << 20 }), sandbox.Options{Size: 1}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, data := startMarking(t, tc.spare, 0)
			p := newPool(t, tc.pool)
			if got := p.Adopt(s); got != tc.adopted {
				t.Fatalf("Adopt = %v, want %v", got, tc.adopted)
			}
			asked := time.Now()
			handled, _ := parseStamp(t, p, "mark", data)
			if tc.adopted != handled.Before(asked) {
				t.Errorf("parsed ahead: %v, want %v", !tc.adopted, tc.adopted)
			}
			if s := p.Stats(); s.Started != 1 {
				t.Errorf("stats %+v, want one worker", s)
			}
		})
	}
	// Nor a spare started in an environment this process has changed since.
	s0 := startSpare(t, defaults, "", nil)
	t.Setenv("FRONTDOOR_SPARE_TEST", "changed")
	if p := newPool(t, sandbox.Options{Size: 1}); p.Adopt(s0) {
		t.Error("adopted a spare started in another environment")
	}
	// A closed Pool adopts nothing, nor does a full one.
	s := startSpare(t, defaults, "", nil)
	p := newPool(t, sandbox.Options{Size: 1})
	p.Close()
	if p.Adopt(s) {
		t.Error("a closed Pool adopted a spare")
	}
	if p.Adopt(nil) {
		t.Error("adopted nil")
	}
	p = newPool(t, sandbox.Options{Size: 1})
	if !p.Adopt(startSpare(t, defaults, "", nil)) || p.Adopt(startSpare(t, defaults, "", nil)) {
		t.Error("a Pool of one adopted two spares, or none")
	}
}

// A spare sent nothing is simply a worker started early, and a request
// larger than a pipe holds at first is sent ahead all the same.
func TestSpareSizes(t *testing.T) {
	t.Run("nothing sent", func(t *testing.T) {
		s := startSpare(t, defaults, "", nil)
		p := newPool(t, sandbox.Options{Size: 1})
		if !p.Adopt(s) {
			t.Fatal("not adopted")
		}
		asked := time.Now()
		if handled, _ := stamp(t, p, nil); handled.Before(asked) {
			t.Error("answered before it was asked")
		}
		if s := p.Stats(); s.Started != 1 {
			t.Errorf("stats %+v, want the spare used", s)
		}
	})
	t.Run("beyond the first pipe size", func(t *testing.T) {
		s, data := startMarking(t, defaults, 200<<10)
		p := newPool(t, sandbox.Options{Size: 1})
		if !p.Adopt(s) {
			t.Fatal("not adopted")
		}
		asked := time.Now()
		if handled, _ := parseStamp(t, p, "mark", data); !handled.Before(asked) {
			t.Error("not parsed ahead")
		}
	})
	// Requests the Pool would refuse are not sent.
	for _, tc := range []struct {
		name string
		kind string
		data []byte
	}{
		{"too large", "stamp", make([]byte, 1<<20+1)},
		{"kind too long", strings.Repeat("k", sandbox.MaxKindLen+1), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			limits := defaults
			limits.MaxInput = 1 << 20
			s := startSpare(t, limits, tc.kind, tc.data)
			p := newPool(t, sandbox.Options{Size: 1, MaxDocumentSize: 1 << 20})
			p.Adopt(s)
			_, err := p.Parse(context.Background(), tc.kind, tc.data)
			if err == nil {
				t.Fatal("no error")
			}
			if _, err := p.Parse(context.Background(), "ok", nil); err != nil {
				t.Fatalf("the spare was sent the refused request: %v", err)
			}
			if s := p.Stats(); s.Started != 1 {
				t.Errorf("stats %+v, want the spare used", s)
			}
		})
	}
}

// StartSpare never waits for the worker to read its request: one larger
// than the pipe to it can be made to hold is not sent.
func TestSpareNeverWaits(t *testing.T) {
	sleep, err := exec.LookPath("sleep")
	if err != nil {
		t.Skip("no sleep command")
	}
	cmd := launch.Command{Path: sleep, Args: []string{sleep, "60"}} // a program that never reads its stdin
	for _, size := range []int{100 << 10, 4 << 20, 32 << 20} {
		start := time.Now()
		s, err := launch.StartSpare(cmd, defaults, "ok", make([]byte, size))
		if err != nil {
			t.Fatal(err)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("StartSpare with %d bytes took %v", size, d)
		}
		s.Close()
	}
}

// What goes wrong while a spare parses ahead is reported as if the Pool
// had sent the request itself.
func TestSpareFailures(t *testing.T) {
	for _, tc := range []struct {
		kind     string
		sentinel error
		msg      string
	}{
		{"exit", sandbox.ErrCrashed, "(reader crashed: exit status 3)"},
		{"panic", sandbox.ErrPanicked, "(reader panic)"},
		{"sleep", sandbox.ErrTimeout, "reading it took longer than 1 second and was stopped"},
		{"fail", sandbox.ErrFailed, "could not read FAIL: file is encrypted"},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			s := startSpare(t, defaults, tc.kind, []byte(secret))
			p := newPool(t, sandbox.Options{Size: 1, Timeout: time.Second})
			p.Adopt(s)
			_, err := p.Parse(context.Background(), tc.kind, []byte(secret))
			wantErr(t, err, tc.sentinel, tc.msg)
			if _, err := p.Parse(context.Background(), "ok", nil); err != nil {
				t.Fatalf("no worker after the failure: %v", err)
			}
		})
	}
}

// A spare nobody adopts is killed by Kill or Close (the other tests'
// cleanups check that no process is left).
func TestSpareKill(t *testing.T) {
	s := startSpare(t, defaults, "sleep", nil)
	s.Kill()
	s.Kill() // idempotent
	p := newPool(t, sandbox.Options{Size: 1})
	if p.Adopt(s) {
		t.Error("a killed spare was adopted")
	}
	s.Close()
	var nilSpare *launch.Spare
	nilSpare.Kill()
	nilSpare.Close()
	if _, err := launch.StartSpare(launch.Command{Path: "/nonexistent/frontdoor"}, defaults, "", nil); err == nil {
		t.Error("no error starting a missing program")
	}
}

// spareParentEnv makes the test binary (TestMain) start spare workers, one
// idle and one in the middle of a document, print their pids, and exit
// without killing them.
const spareParentEnv = "SANDBOX_TEST_SPARE_PARENT"

func spareParent() {
	exe, _ := os.Executable()
	for _, kind := range []string{"", "sleep"} {
		if _, err := launch.StartSpare(launch.Command{Path: exe, Args: []string{exe, sandbox.WorkerArg}}, defaults, kind, nil); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	time.Sleep(100 * time.Millisecond) // the sleeping one is surely inside its handler
	fmt.Println(strings.Join(children(), " "))
	os.Exit(0)
}

// A spare never outlives the process that started it: an idle one exits
// when its stdin closes, and one parsing is killed by the kernel.
func TestSpareDiesWithParent(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), spareParentEnv+"=1")
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	kids := strings.Fields(string(out))
	if len(kids) != 2 {
		t.Fatalf("the parent started %q, want two workers", kids)
	}
	for _, k := range kids {
		pid, _, _ := strings.Cut(k, ":")
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
			b, err := os.ReadFile("/proc/" + pid + "/stat")
			if err != nil {
				break // gone
			}
			if i := bytes.LastIndexByte(b, ')'); i >= 0 && bytes.HasPrefix(b[i+1:], []byte(" Z")) {
				break // exited; its new parent has yet to reap it
			}
			if time.Now().After(deadline) {
				t.Errorf("worker %s outlived the process that started it", k)
				if b, _ := os.ReadFile("/proc/" + pid + "/cmdline"); bytes.Contains(b, []byte(sandbox.WorkerArg)) {
					n, _ := strconv.Atoi(pid)
					syscall.Kill(n, syscall.SIGKILL)
				}
				break
			}
		}
	}
}
