package early

import (
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
)

func TestDocument(t *testing.T) {
	for _, tc := range []struct {
		args string
		want string
	}{
		{"frontdoor check a.pdf", "a.pdf"},
		{"frontdoor check --format json A.PDF", "A.PDF"},
		{"frontdoor check -f json b.docx a.pdf", "b.docx"},
		{"frontdoor check a.json b.yaml dir/ c.Docx", "c.Docx"},
		{"frontdoor check -- -odd.pdf", "-odd.pdf"},
		{"frontdoor check", ""},
		{"frontdoor check a.json", ""},
		{"frontdoor check dir/", ""},
		{"frontdoor route a.pdf", ""},
		{"frontdoor batch a.pdf", ""},
		{"frontdoor --help check a.pdf", ""},
		{"frontdoor check --help a.pdf", ""},
		{"frontdoor check -h a.pdf", ""},
		{"frontdoor check - a.pdf", ""},
		{"frontdoor check --input-format pdf a.pdf", ""},
		{"frontdoor check --input-format=docx a.pdf", ""},
		{"frontdoor check -input-format text a.pdf", ""},
		{"frontdoor", ""},
		{"", ""},
	} {
		if got := documentArg(strings.Fields(tc.args)); got != tc.want {
			t.Errorf("documentArg(%q) = %q, want %q", tc.args, got, tc.want)
		}
	}
}

func TestSniff(t *testing.T) {
	for _, tc := range []struct {
		data string
		want string
	}{
		{"%PDF-1.7\n", "pdf"},
		{"\xef\xbb\xbf junk %PDF-1.4", "pdf"},
		{strings.Repeat(" ", 1030) + "%PDF-1.4", ""},
		{"PK\x03\x04rest", "docx"},
		{"\xd0\xcf\x11\xe0rest", "docx"},
		{"Name: someone", ""},
		{"", ""},
	} {
		if got := sniff([]byte(tc.data)); got != tc.want {
			t.Errorf("sniff(%.20q) = %q, want %q", tc.data, got, tc.want)
		}
	}
}

func TestRead(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "small.pdf")
	if err := os.WriteFile(small, []byte("%PDF-1.4 small"), 0o644); err != nil {
		t.Fatal(err)
	}
	if data, whole, ok := read(small); !ok || !whole || string(data) != "%PDF-1.4 small" {
		t.Errorf("small file: %q, whole %v, ok %v", data, whole, ok)
	}
	for _, size := range []int{maxSpeculative, maxSpeculative + 1} {
		big := filepath.Join(dir, "big.pdf")
		if err := os.WriteFile(big, append([]byte("%PDF-1.4"), make([]byte, size-8)...), 0o644); err != nil {
			t.Fatal(err)
		}
		data, whole, ok := read(big)
		if want := size <= maxSpeculative; !ok || whole != want || whole && len(data) != size || !whole && len(data) != 1024 {
			t.Errorf("file of %d bytes: %d bytes read, whole %v (want %v), ok %v", size, len(data), whole, want, ok)
		}
	}
	empty := filepath.Join(dir, "empty.pdf")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if data, whole, ok := read(empty); !ok || !whole || len(data) != 0 {
		t.Errorf("empty file: %q, whole %v, ok %v", data, whole, ok)
	}
	fifo := filepath.Join(dir, "fifo.pdf")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	done := make(chan bool)
	go func() {
		_, _, ok := read(fifo) // must not wait for a writer
		done <- ok
	}()
	select {
	case ok := <-done:
		if ok {
			t.Error("read a FIFO")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("read waits on a FIFO")
	}
	for _, path := range []string{dir, filepath.Join(dir, "missing.pdf")} {
		if _, _, ok := read(path); ok {
			t.Errorf("read %s", path)
		}
	}
}

// The test binary serves as frontdoor and as frontdoor-sandbox (copied
// beside it): as the worker it answers pdf and docx requests with the
// time, and creates the file $markEnv once it has answered; as the
// program (programEnv set) it does what frontdoor check does with the
// worker started at initialisation, and prints what happened.
const (
	programEnv = "EARLY_TEST_PROGRAM"
	markEnv    = "EARLY_TEST_MARK"
)

func stamp(data []byte) (*document.Document, error) {
	doc := &document.Document{Format: "text", Lines: []document.Line{
		{Text: strconv.FormatInt(time.Now().UnixNano(), 10)}, {Text: strconv.Itoa(len(data))}}}
	if err := os.WriteFile(os.Getenv(markEnv), nil, 0o644); err != nil {
		return nil, err
	}
	return doc, nil
}

func TestMain(m *testing.M) {
	sandbox.MaybeServe(map[string]sandbox.Handler{"pdf": stamp, "docx": stamp})
	if os.Getenv(programEnv) != "" {
		program()
	}
	os.Exit(m.Run())
}

// program takes the spare, waits until it has answered, if it was sent
// the file, and prints whether a pool with frontdoor's options adopted it
// and answered the check's Parse ahead.
func program() {
	s := Take()
	if Take() != nil {
		fmt.Println("taken twice")
	}
	if s == nil {
		fmt.Println("no spare")
		os.Exit(0)
	}
	path := documentArg(os.Args)
	data, err := os.ReadFile(path)
	if err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	if os.Getenv(programEnv) == "wait" {
		for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(2 * time.Millisecond) {
			if _, err := os.Stat(os.Getenv(markEnv)); err == nil {
				break
			}
		}
	}
	exe, _ := os.Executable()
	p := sandbox.New(sandbox.Options{Timeout: time.Minute, Command: sandbox.Sibling(exe, sandbox.WorkerProgram)})
	defer p.Close()
	adopted := p.Adopt(s)
	asked := time.Now()
	doc, err := p.Parse(context.Background(), sniff(data), data)
	if err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	ns, _ := strconv.ParseInt(doc.Lines[0].Text, 10, 64)
	fmt.Printf("adopted %v, ahead %v, %s bytes\n", adopted, time.Unix(0, ns).Before(asked), doc.Lines[1].Text)
	os.Exit(0)
}

// A check of a PDF or DOCX has its worker started, and the file parsed,
// while the program initialises; other command lines start nothing.
func TestEarlyWorker(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	self, err := os.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, name := range []string{"frontdoor", sandbox.WorkerProgram} {
		if err := os.WriteFile(filepath.Join(dir, name), self, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	pdf := filepath.Join(dir, "referral.pdf")
	if err := os.WriteFile(pdf, []byte("%PDF-1.4 a referral"), 0o644); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big.docx")
	if err := os.WriteFile(big, append([]byte("PK\x03\x04"), make([]byte, 2<<20)...), 0o644); err != nil {
		t.Fatal(err)
	}
	text := filepath.Join(dir, "text.pdf")
	if err := os.WriteFile(text, []byte("Name: not a PDF"), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(bin, mode string, args ...string) string {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Env = append(os.Environ(), programEnv+"="+mode, markEnv+"="+filepath.Join(t.TempDir(), "mark"))
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	frontdoor := filepath.Join(dir, "frontdoor")
	for _, tc := range []struct {
		mode string
		args []string
		want string
	}{
		{"wait", []string{"check", "--format", "json", pdf}, "adopted true, ahead true, 19 bytes"},
		{"go", []string{"check", pdf}, "adopted true, ahead "},                     // whether ahead depends on timing
		{"go", []string{"check", big}, "adopted true, ahead false, 2097156 bytes"}, // too large to send ahead
		{"go", []string{"check", text}, "no spare"},
		{"go", []string{"route", pdf}, "no spare"},
		{"go", []string{"check", "--input-format", "pdf", pdf}, "no spare"},
	} {
		if got := run(frontdoor, tc.mode, tc.args...); !strings.HasPrefix(got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.args, got, tc.want)
		}
	}
	// Without frontdoor-sandbox beside it, nothing is started.
	alone := filepath.Join(t.TempDir(), "frontdoor")
	if err := os.WriteFile(alone, self, 0o755); err != nil {
		t.Fatal(err)
	}
	if got := run(alone, "go", "check", pdf); got != "no spare" {
		t.Errorf("without the worker beside it: %q", got)
	}
}
