package early

import (
	"bytes"
	"io"
	"os"
	"strings"
	"syscall"

	"github.com/frontdoorhq/frontdoor/checker/intake/sandbox/launch"
)

// Only Linux: there alone the kernel kills a worker left parsing when
// frontdoor exits without handing it on.
func init() { spare = start(os.Args) }

// maxSpeculative is the largest file sent to the worker ahead: one that
// fits in the pipe to it (see launch.StartSpare), whose size a program may
// raise to 1 MiB by default. A larger file is read the usual way, later;
// the worker is started all the same.
const maxSpeculative = 1<<20 - 256

// start starts the worker for the document that args (os.Args) check, if
// any, and sends it the file; nil when it does not apply or fails.
func start(args []string) *launch.Spare {
	file := documentArg(args)
	if file == "" {
		return nil
	}
	worker := workerPath()
	if worker == "" {
		return nil
	}
	data, whole, ok := read(file)
	if !ok {
		return nil
	}
	kind := sniff(data)
	if kind == "" {
		return nil // not a document after all: the check will not need a worker
	}
	if !whole {
		kind, data = "", nil // start the worker only
	}
	s, err := launch.StartSpare(launch.WorkerCommand(worker), launch.DefaultLimits(), kind, data)
	if err != nil {
		return nil
	}
	return s
}

// workerPath returns the path of frontdoor-sandbox beside this program's
// executable, or "" when it is not there: the path that cmd/frontdoor's
// reader starts its workers from (standard.SeparateWorker, through
// sandbox.SiblingPath), found without path/filepath, whose initialisation
// comes late (see package launch): on Linux, os.Executable is the kernel's
// own path of the program, absolute and with symbolic links resolved. Were
// the two paths ever to differ, the pool would not adopt the worker.
func workerPath() string {
	exe, err := os.Executable()
	i := strings.LastIndexByte(exe, '/')
	if err != nil || i < 0 {
		return ""
	}
	path := exe[:i+1] + launch.WorkerProgram + ext(exe[i+1:])
	if !launch.IsProgram(path) {
		return ""
	}
	return path
}

// ext is filepath.Ext of a file name.
func ext(name string) string {
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		return name[i:]
	}
	return ""
}

// documentArg returns the first .pdf or .docx file that args name as
// `frontdoor check [flags] FILE...`, or "": the command must be check, and
// any --input-format, --help or stdin (-) rules it out.
func documentArg(args []string) string {
	if len(args) < 3 || args[1] != "check" {
		return ""
	}
	path := ""
	flags := true
	for _, a := range args[2:] {
		if flags && a == "--" {
			flags = false
			continue
		}
		if flags && strings.HasPrefix(a, "-") {
			name := strings.TrimLeft(a, "-")
			if a == "-" || strings.HasPrefix(name, "input-format") || name == "help" || name == "h" {
				return ""
			}
			continue
		}
		switch strings.ToLower(ext(a[strings.LastIndexByte(a, '/')+1:])) {
		case ".pdf", ".docx":
			if path == "" {
				path = a
			}
		}
	}
	return path
}

// read reads the regular file at path: all of it (whole) when it is at
// most maxSpeculative bytes long, else its first kilobyte, enough to tell
// its kind. ok is false when it is not a regular file or cannot be read.
// The file is opened without waiting (a FIFO's open waits for a writer).
func read(path string) (data []byte, whole, ok bool) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, false, false
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		return nil, false, false
	}
	size := st.Size()
	buf := make([]byte, 1024)
	if size <= maxSpeculative {
		buf = make([]byte, size+1) // one byte more: a file growing meanwhile is not sent
	}
	n, err := io.ReadFull(f, buf)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, false, false
	}
	return buf[:n], int64(n) == size, true
}

// sniff names the document kind of data as intake.Sniff does for the two
// kinds a worker reads: a guess the pool checks, since it uses the worker's
// answer only for the same kind and bytes.
func sniff(data []byte) string {
	switch head := data[:min(len(data), 1024)]; {
	case bytes.Contains(head, []byte("%PDF-")):
		return "pdf"
	case bytes.HasPrefix(data, []byte("PK\x03\x04")), bytes.HasPrefix(data, []byte("\xd0\xcf\x11\xe0")):
		return "docx"
	}
	return ""
}
