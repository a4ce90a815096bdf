//go:build linux

package sandbox_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/frontdoorhq/frontdoor/checker/intake/document"
	"github.com/frontdoorhq/frontdoor/checker/intake/sandbox"
)

// secret stands for document content: it must never appear in an error.
const secret = "SECRET-CHILD-NAME"

var (
	hoard [][]byte
	sink  int
)

func testDoc(text string) *document.Document {
	return &document.Document{Format: "text", Lines: []document.Line{{Text: text, Line: 1}}}
}

var testHandlers = map[string]sandbox.Handler{
	"ok": func(data []byte) (*document.Document, error) {
		return testDoc(string(data)), nil
	},
	"pid": func([]byte) (*document.Document, error) {
		return testDoc(strconv.Itoa(os.Getpid())), nil
	},
	"panic": func(data []byte) (*document.Document, error) {
		panic(fmt.Errorf("malformed object near %q", data))
	},
	"loop": func([]byte) (*document.Document, error) {
		for i := 0; ; i++ {
			sink = i
		}
	},
	"sleep": func([]byte) (*document.Document, error) {
		time.Sleep(time.Hour)
		return nil, nil
	},
	"oom": func([]byte) (*document.Document, error) {
		for {
			b := make([]byte, 8<<20)
			for i := 0; i < len(b); i += 4096 {
				b[i] = 1
			}
			hoard = append(hoard, b)
		}
	},
	"hugealloc": func([]byte) (*document.Document, error) {
		b := make([]byte, 1<<40)
		b[len(b)-1] = 1
		return testDoc(string(b[:1])), nil
	},
	"deep": func(data []byte) (*document.Document, error) {
		var f func(n int) int
		f = func(n int) int {
			var pad [256]byte
			pad[n%256] = byte(n)
			return f(n+1) + int(pad[0])
		}
		return testDoc(strconv.Itoa(f(0))), nil
	},
	"exit": func([]byte) (*document.Document, error) {
		os.Exit(3)
		return nil, nil
	},
	"gopanic": func(data []byte) (*document.Document, error) {
		go panic(string(data))
		time.Sleep(time.Hour)
		return nil, nil
	},
	"fail": func([]byte) (*document.Document, error) {
		return nil, errors.New("file is\nencrypted")
	},
	"partial": func(data []byte) (*document.Document, error) {
		return testDoc("page 1"), errors.New("page 2: could not read text")
	},
	"nil": func([]byte) (*document.Document, error) { return nil, nil },
	"stdout": func(data []byte) (*document.Document, error) {
		fmt.Println(secret, "printed by a noisy library")
		syscall.Write(1, []byte("raw write to fd 1\n"))
		return testDoc("quiet"), nil
	},
	"limits": func([]byte) (*document.Document, error) {
		b, err := os.ReadFile("/proc/self/limits")
		for _, l := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(l, "Max address space") {
				return testDoc(strings.Join(strings.Fields(l), " ")), nil
			}
		}
		return nil, fmt.Errorf("no address-space line: %v", err)
	},
	// stamp answers when it was asked, with the worker's pid and the data.
	"stamp": func(data []byte) (*document.Document, error) {
		return stampDoc(data), nil
	},
	// mark is stamp, and also creates the file that data's first line
	// names once it has taken the time: that the file exists shows that
	// the request was answered (or is about to be).
	"mark": func(data []byte) (*document.Document, error) {
		doc := stampDoc(data)
		path, _, _ := bytes.Cut(data, []byte("\n"))
		if err := os.WriteFile(string(path), nil, 0o644); err != nil {
			return nil, errors.New("mark: cannot create the file")
		}
		return doc, nil
	},
	"big": func(data []byte) (*document.Document, error) {
		return testDoc(string(bytes.Repeat([]byte("x"), 1<<20))), nil
	},
}

func stampDoc(data []byte) *document.Document {
	return &document.Document{Format: "text", Lines: []document.Line{
		{Text: strconv.FormatInt(time.Now().UnixNano(), 10), Line: 1},
		{Text: strconv.Itoa(os.Getpid()), Line: 2},
		{Text: string(data), Line: 3}}}
}

func TestMain(m *testing.M) {
	sandbox.MaybeServe(testHandlers)
	if os.Getenv(spareParentEnv) != "" {
		spareParent() // never returns
	}
	code := m.Run()
	// Every test closes its pools: nothing may be left running or unreaped.
	if kids := children(); len(kids) > 0 {
		fmt.Fprintf(os.Stderr, "child processes left after tests: %v\n", kids)
		code = 1
	}
	os.Exit(code)
}

// children lists the processes (zombies included) whose parent is this one.
func children() []string {
	me := os.Getpid()
	ents, _ := os.ReadDir("/proc")
	var out []string
	for _, e := range ents {
		if _, err := strconv.Atoi(e.Name()); err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		i := bytes.LastIndexByte(b, ')')
		if i < 0 {
			continue
		}
		f := bytes.Fields(b[i+1:])
		if len(f) > 1 && string(f[1]) == strconv.Itoa(me) {
			out = append(out, e.Name()+":"+string(f[0]))
		}
	}
	return out
}
