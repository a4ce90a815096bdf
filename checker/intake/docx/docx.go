// Package docx reads Word (.docx) referral forms into the normalised
// document.Document, using only archive/zip and encoding/xml.
//
// # What is read
//
// Only the main document part, word/document.xml (or, when that name is
// missing, the officeDocument target named in _rels/.rels, if it lies under
// word/). Headers, footers, footnotes, endnotes, comments, the glossary
// (building-block placeholder text) and styles are deliberately NOT read:
// headers and footers of referral forms hold the form's title, logo text and
// page numbers, which would otherwise be repeated as if they were answers.
// Content imported through w:altChunk lives in another part and is not read;
// a warning says so.
//
// # Lines
//
//   - Each body paragraph is one Line; Line.Line counts paragraphs and table
//     rows from 1 in document order (empty paragraphs are counted but not
//     emitted), Page is 0. Paragraphs styled Title or Heading1..Heading9, or
//     with an outline level, are marked Heading.
//   - A line break inside a paragraph (w:br, w:cr) splits the paragraph into
//     several Lines that share its number, so "Name: Jamie<br/>DOB: 3/4/2015"
//     keeps both "Label: value" pairs intact. Inside a table cell a break is a
//     space, except in a single-cell row (below).
//   - w:tab and w:ptab become "\t"; a run of whitespace that contains a tab
//     collapses to one "\t", other whitespace runs (including no-break and en
//     spaces) to one space; lines are trimmed.
//   - Each table row is one Line, its cells joined by document.CellSep. A
//     cell's paragraphs are joined with a space, except in a row with a single
//     cell (a box), whose paragraphs become Lines of their own with the row's
//     number. gridSpan cells appear once; a vMerge continuation cell repeats
//     the text of the cell above. A nested table's rows become Lines of their
//     own, right after the row that contains the table.
//   - Text boxes become Lines of their own after the paragraph that anchors
//     them; the mc:Fallback copy Word writes is skipped, so each appears once.
//   - Kept: w:t (also m:t math text), w:ins (tracked insertions), w:moveTo,
//     w:noBreakHyphen ("-"), w:sym (Wingdings/Wingdings 2 boxes map to ☐/☒),
//     field results (e.g. hyperlink text). Dropped: w:del, w:delText,
//     w:moveFrom, w:instrText, mc:Fallback, run and paragraph properties.
//
// # Fields
//
// Legacy form fields (FORMTEXT, FORMCHECKBOX, FORMDROPDOWN) and content
// controls (w:sdt) become document.Fields in document order; names repeat in
// real forms, so never key by Name. A checkbox's value is "yes" or "no" and
// ☒ or ☐ is written into the line; a legacy dropdown's chosen entry is written
// into the line in place of its result text; a dated content control writes
// its w:fullDate as YYYY-MM-DD into both value and line. A content control
// showing its placeholder (w:showingPlcHdr) has an empty value and its
// placeholder text is left out of the line. w:docPartObj/w:docPartList,
// group, picture, citation, bibliography, equation and repeating-section
// controls are not fields; their text is kept. Labels are chosen as
// described on paraLabels in parse.go (alias, text before the field, text
// after a checkbox, the previous paragraph, the previous or header cell).
//
// # Safety
//
// Read is safe for concurrent use (there is no shared state). It never
// panics (a recover turns any bug into an error) and checks, in order: file
// type (OLE compound files, i.e. encrypted Office documents and old .doc
// files, HTML pages, PDFs, other non-zip input), zip entry count,
// duplicate entry names, the total declared uncompressed size, the declared
// size and compression ratio of the part before inflating it, the inflated
// size while reading, then XML: any DOCTYPE/DTD, element depth, token count
// and the amount of text produced. Errors name the problem, wrap one of the
// Err values below, and never quote document text.
//
// The part is inflated into memory (at most MaxPartSize bytes) and read with
// a small XML scanner (scan.go) rather than encoding/xml, for speed; it
// accepts and rejects exactly what encoding/xml's Decoder.RawToken does
// (FuzzScanner compares the two), expands only the predefined entities and
// character references, and stops at any directive, which is rejected.
package docx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"fmt"
	"github.com/frontdoorhq/frontdoor/internal/limits"
	"io"
	"runtime"
	"strings"

	"github.com/frontdoorhq/frontdoor/checker/intake/document"
	"github.com/frontdoorhq/frontdoor/internal/plain"
)

// Error classes; every error returned wraps exactly one of them. The text
// of an error is not the class's: it says in plain words, for readers who
// are not programmers, what is wrong and what to do, with a short detail
// for support in brackets at the end (see readError).
var (
	ErrNotDOCX   = errors.New("not a DOCX")
	ErrEncrypted = errors.New("password-protected or not a DOCX")
	ErrLimit     = errors.New("DOCX exceeds a safety limit")
	ErrUnsafe    = errors.New("unsafe DOCX rejected")
	ErrDamaged   = errors.New("damaged DOCX")
)

// The plain messages, one or more per class.
const (
	msgDamaged  = "the Word file is damaged; open it in Word and save it again"
	msgUnsafe   = "the Word file is built in a way frontdoor will not read, to keep this computer safe; open it in Word and save it again"
	msgTooLarge = "the Word file is too large to read safely; remove or shrink big pictures and save it again"
	msgTooMuch  = "the Word file has more in it than frontdoor can read safely; split it into smaller files"
	msgResaveAs = "open it in Word and save it as a .docx"
	msgLocked   = "the Word file is password-protected; open it in Word and save it as a .docx without a password"
)

// readError is an error of one class with its own plain message.
type readError struct {
	class error
	msg   string
}

func (e *readError) Error() string { return e.msg }
func (e *readError) Unwrap() error { return e.class }

// fail returns an error of class with message msg and, when detailFormat
// is not empty, a detail in brackets after it. Details never quote
// document text.
func fail(class error, msg, detailFormat string, args ...any) error {
	if detailFormat != "" {
		msg += " (" + fmt.Sprintf(detailFormat, args...) + ")"
	}
	return &readError{class: class, msg: msg}
}

// Limits bounds the work done on one file. A zero field means its default.
type Limits struct {
	MaxPartSize  int64 // uncompressed bytes of a part that is read; default 20 MiB
	MaxTotalSize int64 // sum of declared uncompressed sizes of all entries; default 60 MiB
	MaxRatio     int64 // uncompressed:compressed ratio of a part that is read; default 200
	RatioFloor   int64 // the ratio is checked only for parts declaring more than this; default 1 MiB
	MaxEntries   int   // zip entries; default 1,000
	MaxDepth     int   // XML element nesting; default 256
	MaxTokens    int   // XML tokens in the part; default 2,000,000
	MaxText      int   // bytes of text in Lines and Field values; default 20 MiB
	MaxLines     int   // default 200,000
	MaxFields    int   // default 10,000
}

// DefaultLimits returns the limits Read uses.
func DefaultLimits() Limits {
	return Limits{
		MaxPartSize:  20 << 20,
		MaxTotalSize: 60 << 20,
		MaxRatio:     200,
		RatioFloor:   1 << 20,
		MaxEntries:   1000,
		MaxDepth:     256,
		MaxTokens:    2_000_000,
		MaxText:      20 << 20,
		MaxLines:     200_000,
		MaxFields:    10_000,
	}
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	limits.Default(&l.MaxPartSize, d.MaxPartSize)
	limits.Default(&l.MaxTotalSize, d.MaxTotalSize)
	limits.Default(&l.MaxRatio, d.MaxRatio)
	limits.Default(&l.RatioFloor, d.RatioFloor)
	limits.Default(&l.MaxEntries, d.MaxEntries)
	limits.Default(&l.MaxDepth, d.MaxDepth)
	limits.Default(&l.MaxTokens, d.MaxTokens)
	limits.Default(&l.MaxText, d.MaxText)
	limits.Default(&l.MaxLines, d.MaxLines)
	limits.Default(&l.MaxFields, d.MaxFields)
	return l
}

// Read reads a DOCX file of the given size with DefaultLimits.
func Read(r io.ReaderAt, size int64) (*document.Document, error) {
	return ReadLimits(r, size, Limits{})
}

// ReadBytes reads a DOCX file held in memory with DefaultLimits.
func ReadBytes(b []byte) (*document.Document, error) {
	return ReadLimits(bytes.NewReader(b), int64(len(b)), Limits{})
}

// ReadLimits reads a DOCX file with the given limits (zero fields take
// their defaults).
func ReadLimits(r io.ReaderAt, size int64, lim Limits) (doc *document.Document, err error) {
	defer func() {
		if v := recover(); v != nil {
			doc = nil
			what := "unexpected panic"
			if re, ok := v.(runtime.Error); ok {
				what = re.Error() // runtime errors carry no document content
			}
			err = fmt.Errorf("could not read DOCX: something went wrong inside frontdoor while reading the file; open it in Word, save it again and retry, and tell support if it keeps happening (internal error: %s)", what)
		}
	}()
	lim = lim.withDefaults()
	if r == nil || size <= 0 {
		return nil, fail(ErrNotDOCX, "the file is empty; save or download it again", "empty file")
	}
	if err := sniff(r, size); err != nil {
		return nil, err
	}
	if err := checkEntryCount(r, size, lim); err != nil {
		return nil, err
	}
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, fail(ErrNotDOCX, "the Word file is incomplete or damaged — it may not have finished downloading or saving; download or save it again", "not a readable zip archive")
	}
	main, err := findMain(zr, lim)
	if err != nil {
		return nil, err
	}
	data, err := readPart(main, lim)
	if err != nil {
		return nil, err
	}
	return parse(data, main.Name, lim)
}

// tooManyParts is the error for an archive of more than lim.MaxEntries
// entries.
func tooManyParts(n uint64, lim Limits) error {
	return fail(ErrLimit, "the Word file has too many parts to read safely; open it in Word and save it again", "%s zip entries; the limit is %s", plain.Count(n), plain.Count(lim.MaxEntries))
}

// readPart inflates the part f into memory, applying the guards of
// openPart; it is at most lim.MaxPartSize bytes.
func readPart(f *zip.File, lim Limits) ([]byte, error) {
	rc, err := openPart(f, lim)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	// The declared size is usually right, and one byte more lets the reader
	// report the end without growing the buffer; but it is only trusted up
	// to 4 MiB, so that a small file cannot make us allocate MaxPartSize.
	b := make([]byte, 0, min(f.UncompressedSize64, uint64(lim.MaxPartSize), 4<<20)+1)
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := rc.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return nil, partError(f.Name, err, lim)
		}
	}
}

var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// sniff rejects input that is clearly not a zip archive, naming what it
// looks like instead.
func sniff(r io.ReaderAt, size int64) error {
	var buf [512]byte
	n, _ := r.ReadAt(buf[:min(int64(len(buf)), size)], 0)
	h := buf[:n]
	switch {
	case bytes.HasPrefix(h, oleMagic):
		return fail(ErrEncrypted, "the file is password-protected, or it is an old-style .doc file; open it in Word and save it as a .docx without a password", "OLE compound file")
	case bytes.HasPrefix(h, []byte("PK\x03\x04")), bytes.HasPrefix(h, []byte("PK\x05\x06")):
		return nil
	}
	t := bytes.TrimLeft(bytes.TrimPrefix(h, []byte("\xEF\xBB\xBF")), " \t\r\n")
	lower := bytes.ToLower(t)
	switch {
	case len(t) == 0:
		return fail(ErrNotDOCX, "the file is empty or blank; save or download it again", "")
	case bytes.HasPrefix(lower, []byte("<!doctype html")), bytes.HasPrefix(lower, []byte("<html")),
		bytes.HasPrefix(lower, []byte("<")) && bytes.Contains(lower, []byte("<html")):
		return fail(ErrNotDOCX, "this is a web page (HTML page), not a Word file; if it came from a Slack or web download, the download probably needs a login", "")
	case bytes.HasPrefix(t, []byte("%PDF-")):
		return fail(ErrNotDOCX, "this is a PDF, not a Word file; give it a name ending in .pdf and check it again", "")
	case bytes.HasPrefix(t, []byte(`{\rtf`)):
		return fail(ErrNotDOCX, "this is an RTF file, not a Word .docx file; "+msgResaveAs, "")
	case bytes.HasPrefix(t, []byte("<")):
		return fail(ErrNotDOCX, "this is an XML or text file, not a Word .docx file; "+msgResaveAs, "")
	}
	return fail(ErrNotDOCX, "this is not a Word .docx file (it may be an old .doc file or another format); "+msgResaveAs, "not a zip archive")
}

// findMain checks the archive-level limits and returns the main document part.
func findMain(zr *zip.Reader, lim Limits) (*zip.File, error) {
	if len(zr.File) > lim.MaxEntries {
		return nil, tooManyParts(uint64(len(zr.File)), lim)
	}
	seen := make(map[string]struct{}, len(zr.File))
	var total uint64
	var main, rels *zip.File
	for _, f := range zr.File {
		key := strings.ToLower(f.Name) // OPC part names are case-insensitive
		if _, dup := seen[key]; dup {
			return nil, fail(ErrUnsafe, msgUnsafe, "duplicate zip entry name %q", shorten(f.Name))
		}
		seen[key] = struct{}{}
		total += min(f.UncompressedSize64, 1<<62)
		if total > uint64(lim.MaxTotalSize) {
			return nil, fail(ErrLimit, msgTooLarge, "over %s when unpacked", plain.Size(lim.MaxTotalSize))
		}
		switch key {
		case "word/document.xml":
			main = f
		case "_rels/.rels":
			rels = f
		}
	}
	if main == nil && rels != nil {
		name, err := mainFromRels(rels, lim)
		if err != nil {
			return nil, err
		}
		for _, f := range zr.File {
			if name != "" && strings.EqualFold(f.Name, name) {
				main = f
			}
		}
	}
	if main == nil {
		return nil, fail(ErrNotDOCX, "this is not a Word document (it may be another kind of Office file); "+msgResaveAs, "no word/document.xml")
	}
	return main, nil
}

func shorten(s string) string {
	if len(s) > 80 {
		return s[:80] + "..."
	}
	return s
}

// openPart applies the per-part guards and opens f for reading through a
// size cap.
func openPart(f *zip.File, lim Limits) (io.ReadCloser, error) {
	name := shorten(f.Name)
	if f.Flags&1 != 0 {
		return nil, fail(ErrEncrypted, msgLocked, "zip entry %s is encrypted", name)
	}
	if f.UncompressedSize64 > uint64(lim.MaxPartSize) {
		return nil, fail(ErrLimit, msgTooMuch, "%s declares %s when unpacked; the limit is %s", name, plain.Size(f.UncompressedSize64), plain.Size(lim.MaxPartSize))
	}
	if f.UncompressedSize64 > uint64(lim.RatioFloor) &&
		(f.CompressedSize64 == 0 || f.UncompressedSize64/f.CompressedSize64 > uint64(lim.MaxRatio)) {
		return nil, fail(ErrLimit, msgUnsafe, "%s expands more than %s times", name, plain.Count(lim.MaxRatio))
	}
	rc, err := f.Open()
	if err != nil {
		if errors.Is(err, zip.ErrAlgorithm) {
			return nil, fail(ErrDamaged, msgDamaged, "%s uses an unsupported compression method", name)
		}
		return nil, fail(ErrDamaged, msgDamaged, "cannot open %s", name)
	}
	return &capReader{rc: rc, left: lim.MaxPartSize + 1}, nil
}

var errPartCap = errors.New("part exceeds the size limit")

// capReader fails with errPartCap once more than the limit has been read,
// whatever the zip header claimed.
type capReader struct {
	rc   io.ReadCloser
	left int64
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		return 0, errPartCap
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.rc.Read(p)
	c.left -= int64(n)
	if c.left <= 0 {
		return n, errPartCap
	}
	return n, err
}

func (c *capReader) Close() error { return c.rc.Close() }

// mainFromRels returns the officeDocument target named in _rels/.rels when
// it lies under word/, or "".
func mainFromRels(f *zip.File, lim Limits) (string, error) {
	small := lim
	small.MaxPartSize = min(lim.MaxPartSize, 1<<20)
	rc, err := openPart(f, small)
	if err != nil {
		return "", err
	}
	defer rc.Close()
	dec := xml.NewDecoder(rc)
	for tokens := 0; ; tokens++ {
		if tokens > 100_000 {
			return "", fail(ErrLimit, msgUnsafe, "_rels/.rels has too many XML tokens")
		}
		tok, err := dec.RawToken()
		if err == io.EOF {
			return "", nil
		}
		if err != nil {
			return "", partError("_rels/.rels", err, small)
		}
		switch t := tok.(type) {
		case xml.Directive:
			return "", fail(ErrUnsafe, msgUnsafe, "_rels/.rels contains a DOCTYPE or other DTD declaration")
		case xml.StartElement:
			if t.Name.Local != "Relationship" || !strings.HasSuffix(attr(t, "Type"), "/officeDocument") {
				continue
			}
			target := strings.TrimPrefix(attr(t, "Target"), "/")
			if len(target) > 5 && strings.EqualFold(target[:5], "word/") && attr(t, "TargetMode") != "External" {
				return target, nil
			}
		}
	}
}

// partError turns a read or XML error in a part into a clear error.
func partError(part string, err error, lim Limits) error {
	var se *xml.SyntaxError
	switch {
	case errors.Is(err, errPartCap):
		return fail(ErrLimit, msgTooMuch, "%s is larger than %s when unpacked", part, plain.Size(lim.MaxPartSize))
	case errors.Is(err, zip.ErrChecksum):
		return fail(ErrDamaged, msgDamaged, "%s fails its checksum", part)
	case errors.Is(err, zip.ErrFormat):
		return fail(ErrDamaged, msgDamaged, "%s is not the size the file says", part)
	case strings.HasPrefix(err.Error(), "xml: encoding"):
		return fail(ErrDamaged, msgDamaged, "%s declares an XML encoding other than UTF-8", part)
	case errors.As(err, &se):
		return fail(ErrDamaged, msgDamaged, "%s is not well-formed XML at line %s: %s", part, plain.Count(se.Line), safeXMLMsg(se.Msg))
	}
	var ce flate.CorruptInputError
	if errors.As(err, &ce) || errors.Is(err, io.ErrUnexpectedEOF) {
		return fail(ErrDamaged, msgDamaged, "the compressed data of %s is corrupt", part)
	}
	return fail(ErrDamaged, msgDamaged, "reading %s failed", part)
}

// safeXMLMsg drops the parts of encoding/xml messages that quote input.
func safeXMLMsg(m string) string {
	for _, p := range []string{"invalid character entity", "invalid XML name", "invalid characters between", "unexpected end element", "element <"} {
		if strings.HasPrefix(m, p) {
			return p
		}
	}
	if len(m) > 60 {
		m = m[:60]
	}
	return m
}

func attr(t xml.StartElement, local string) string {
	for _, a := range t.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// checkEntryCount reads the entry count from the end-of-central-directory
// record (or its zip64 form) so that an archive with a huge number of
// entries is refused before archive/zip allocates a File for each. Records
// it cannot find are left to archive/zip to report.
func checkEntryCount(r io.ReaderAt, size int64, lim Limits) error {
	tailLen := min(size, 22+65535+20)
	tail := make([]byte, tailLen)
	if _, err := r.ReadAt(tail, size-tailLen); err != nil && err != io.EOF {
		return nil
	}
	i := bytes.LastIndex(tail, []byte("PK\x05\x06"))
	if i < 0 || i+22 > len(tail) {
		return nil
	}
	count := uint64(binary.LittleEndian.Uint16(tail[i+10:]))
	if count == 0xFFFF && i >= 20 && bytes.Equal(tail[i-20:i-16], []byte("PK\x06\x07")) {
		off := binary.LittleEndian.Uint64(tail[i-12:])
		var rec [56]byte
		if off < uint64(size) && off+56 <= uint64(size) {
			if _, err := r.ReadAt(rec[:], int64(off)); err == nil && bytes.Equal(rec[:4], []byte("PK\x06\x06")) {
				count = binary.LittleEndian.Uint64(rec[32:])
			}
		}
	}
	if count > uint64(lim.MaxEntries) {
		return tooManyParts(count, lim)
	}
	return nil
}
