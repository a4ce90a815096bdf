// Package intake reads a draft referral, in any supported format, into the
// referral model. It sniffs the format from the content (not the file
// name), applies size caps before any parser runs, and turns every failure
// into an error that names the problem and never quotes the document.
package intake

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/frontdoorhq/frontdoor/checker/intake/document"
	"github.com/frontdoorhq/frontdoor/checker/referral"
)

// Formats, as named by --input-format and reported in check results.
const (
	JSON     = "json"
	YAML     = "yaml"
	Text     = "text"
	Markdown = "markdown"
	Email    = "email"
	DOCX     = "docx"
	PDF      = "pdf"
)

// Formats lists the format names --input-format accepts.
var Formats = []string{JSON, YAML, Text, Markdown, Email, DOCX, PDF}

// DefaultMaxSize is the largest input read (25 MB).
const DefaultMaxSize = 25 << 20

// ErrUnreadable marks errors about the input itself (as opposed to, say, a
// cancelled context), for exit code 2 and batch summaries.
var ErrUnreadable = errors.New("unreadable")

// Error is a problem reading one input. Its message is safe to show in a
// chat channel: it names the problem, never the document's content.
type Error struct {
	Format string // the format, when known
	Msg    string
}

func (e *Error) Error() string { return e.Msg }

// Is makes errors.Is(err, ErrUnreadable) true.
func (e *Error) Is(target error) bool { return target == ErrUnreadable }

func errorf(format, msg string, args ...any) error {
	return &Error{Format: format, Msg: fmt.Sprintf(msg, args...)}
}

// DocumentParser parses PDF and DOCX files into documents, normally in
// sandboxed worker processes.
type DocumentParser interface {
	Parse(ctx context.Context, kind string, data []byte) (*document.Document, error)
}

// Reader reads referrals. The zero value reads JSON and YAML only.
type Reader struct {
	Documents DocumentParser // for PDF and DOCX; nil means they are refused
	MaxSize   int64          // DefaultMaxSize when 0
	// MapDocument turns a document (text, DOCX or PDF) into a referral by
	// matching labels; nil means such formats are refused.
	MapDocument func(d *document.Document) *referral.Referral
	// ReadText reads plain text, Markdown and email into a document.
	ReadText func(b []byte) (*document.Document, error)
}

// ReadFile reads the file at path ("-" is not handled here). format forces a
// format; "" sniffs it.
func (rd *Reader) ReadFile(ctx context.Context, path, format string) (*referral.Referral, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, format, errorf(format, "cannot open: %s", pathErr(err))
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, format, errorf(format, "cannot read: %s", pathErr(err))
	}
	if st.IsDir() {
		return nil, format, errorf(format, "is a directory")
	}
	data, err := readCapped(f, rd.maxSize(), st.Size())
	if err != nil {
		return nil, format, err
	}
	var tree any
	if format == "" {
		format, tree = extFormat(path, data)
	}
	return rd.read(ctx, data, format, tree)
}

// ReadAll reads an input stream such as stdin, within the size cap.
func (rd *Reader) ReadAll(ctx context.Context, r io.Reader, format string) (*referral.Referral, string, error) {
	data, err := readCapped(r, rd.maxSize(), 0)
	if err != nil {
		return nil, format, err
	}
	return rd.Read(ctx, data, format)
}

func (rd *Reader) maxSize() int64 {
	if rd.MaxSize > 0 {
		return rd.MaxSize
	}
	return DefaultMaxSize
}

// readCapped reads r to its end, or to one byte more than max. size is
// how much r holds, if known (a file's size), to read it into one buffer.
func readCapped(r io.Reader, max, size int64) ([]byte, error) {
	if size > max {
		size = 0 // too large: read only what shows it
	}
	data, err := readAll(io.LimitReader(r, max+1), size)
	if err != nil {
		return nil, errorf("", "cannot read: %s", pathErr(err))
	}
	if int64(len(data)) > max {
		return nil, errorf("", "file is larger than the %d MB limit", max>>20)
	}
	return data, nil
}

// readAll is io.ReadAll with room for size bytes, and the read that
// finds the end, from the start.
func readAll(r io.Reader, size int64) ([]byte, error) {
	if size <= 0 {
		return io.ReadAll(r)
	}
	b := make([]byte, 0, size+512)
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)] // the file grew: let append find more room
		}
	}
}

// pathErr drops the path from an os error: callers add the file name once.
func pathErr(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// Read reads a referral from data in the given format ("" to sniff it).
// It returns the format it read.
func (rd *Reader) Read(ctx context.Context, data []byte, format string) (*referral.Referral, string, error) {
	return rd.read(ctx, data, format, nil)
}

// read is Read, given the tree of data when sniffing it has read it as
// YAML already (see sniff), so that it is not read twice.
func (rd *Reader) read(ctx context.Context, data []byte, format string, yamlTree any) (*referral.Referral, string, error) {
	if int64(len(data)) > rd.maxSize() {
		return nil, format, errorf(format, "file is larger than the %d MB limit", rd.maxSize()>>20)
	}
	if format == "" {
		format, yamlTree = sniff(data)
	}
	switch format {
	case JSON:
		tree, err := decodeJSON(data)
		if err != nil {
			return nil, format, errorf(format, "%v", err)
		}
		r, err := toReferral(tree)
		if err != nil {
			return nil, format, errorf(format, "invalid referral: %v", err)
		}
		return r, format, nil
	case YAML:
		tree := yamlTree
		if tree == nil {
			var err error
			if tree, err = decodeYAML(data); err != nil {
				return nil, format, errorf(format, "%v", err)
			}
		}
		r, err := toReferral(tree)
		if err != nil {
			return nil, format, errorf(format, "invalid referral: %v", err)
		}
		return r, format, nil
	case Text, Markdown, Email:
		if rd.ReadText == nil || rd.MapDocument == nil {
			return nil, format, errorf(format, "%s input is not supported by this reader", format)
		}
		d, err := rd.ReadText(data)
		if err != nil {
			return nil, format, errorf(format, "%v", err)
		}
		if d.Format != "" {
			format = d.Format
		}
		return rd.MapDocument(d), format, nil
	case DOCX, PDF:
		if rd.Documents == nil || rd.MapDocument == nil {
			return nil, format, errorf(format, "%s input is not supported by this reader", strings.ToUpper(format))
		}
		d, err := rd.Documents.Parse(ctx, format, data)
		if err != nil {
			if ctx.Err() != nil {
				return nil, format, ctx.Err()
			}
			prefix := "could not read " + strings.ToUpper(format) + ": "
			msg := err.Error()
			for strings.HasPrefix(msg, prefix) {
				msg = msg[len(prefix):]
			}
			return nil, format, errorf(format, "%s%s", prefix, msg)
		}
		return rd.MapDocument(d), format, nil
	case "html":
		return nil, format, errorf(format, "this is a web page (HTML), not a referral; if it came from a Slack or web download, the download probably needs a login")
	case "binary":
		return nil, format, errorf(format, "not a format frontdoor can read; save the referral as a PDF, a Word .docx or a text file and check that (binary file)")
	case "empty":
		return nil, format, errorf(format, "the file is empty; save or download it again")
	}
	return nil, format, errorf(format, "unknown input format %q (want one of %s)", format, strings.Join(Formats, ", "))
}

// extFormat prefers what the content says, and uses the file name only to
// tell YAML from plain text and Markdown from text. Like sniff, it returns
// the YAML tree sniffing read from data, if any.
func extFormat(path string, data []byte) (string, any) {
	s, tree := sniff(data)
	ext := strings.ToLower(filepath.Ext(path))
	switch {
	case s == Text && (ext == ".yaml" || ext == ".yml"):
		return YAML, nil
	case s == Text && (ext == ".md" || ext == ".markdown"):
		return Markdown, nil
	case s == Text && ext == ".eml":
		return Email, nil
	}
	return s, tree
}

// Sniff names the format of data from its content: PDF and DOCX by their
// magic bytes, JSON by its first character, YAML when it parses as a mapping
// with the model's keys, HTML pages, binary data, and otherwise text.
func Sniff(data []byte) string {
	format, _ := sniff(data)
	return format
}

// sniff is Sniff, and returns the tree of YAML it read to tell, when it read
// it from data as it is (with nothing trimmed from its start), for the
// reader to use rather than read data again.
func sniff(data []byte) (string, any) {
	head := data
	if len(head) > 1024 {
		head = head[:1024]
	}
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n")
	switch {
	case len(trimmed) == 0:
		return "empty", nil
	case bytes.Contains(head, []byte("%PDF-")):
		return PDF, nil
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return DOCX, nil
	case bytes.HasPrefix(data, []byte("\xd0\xcf\x11\xe0")):
		return DOCX, nil // an encrypted or legacy Word file: the DOCX reader says which
	case trimmed[0] == '{':
		return JSON, nil
	}
	lower := bytes.ToLower(trimmed[:min(len(trimmed), 512)])
	if bytes.HasPrefix(lower, []byte("<!doctype html")) || bytes.HasPrefix(lower, []byte("<html")) {
		return "html", nil
	}
	if !utf8.Valid(head[:validPrefix(head)]) || bytes.IndexByte(head, 0) >= 0 {
		return "binary", nil
	}
	if tree := yamlReferral(trimmed); tree != nil {
		if len(trimmed) != len(data) {
			tree = nil // read from less than data: its lines, or more, may differ
		}
		return YAML, tree
	}
	return Text, nil
}

// validPrefix trims a possibly cut multi-byte rune at the end of a sniffed head.
func validPrefix(b []byte) int {
	n := len(b)
	for i := 0; i < 3 && n > 0; i++ {
		if utf8.Valid(b[:n]) {
			return n
		}
		n--
	}
	return len(b)
}

// yamlReferral returns the tree of b when b is a YAML referral, else nil.
func yamlReferral(b []byte) any {
	parse := bytes.HasPrefix(b, []byte("---")) || bytes.HasPrefix(b, []byte("version:")) || bytes.HasPrefix(b, []byte("child:"))
	// Cheap pre-check before a full parse: a top-level model key at the start of a line.
	for _, k := range []string{"\nchild:", "\nconcern:", "\nreferrer:", "\nconsent:", "\nfamily:"} {
		parse = parse || bytes.Contains(b, []byte(k))
	}
	if !parse {
		return nil
	}
	tree, err := decodeYAML(b)
	if err != nil || !looksLikeReferral(tree) {
		return nil
	}
	return tree
}
