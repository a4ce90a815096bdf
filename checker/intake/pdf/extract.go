// Package pdf extracts text with layout, and AcroForm fields, from PDF
// files in-process, on top of github.com/ledongthuc/pdf (object access and
// stream decoding only).
//
// Extract is defensive: every library stage runs under recover, page-tree
// and form walks have visit budgets and depth limits, and decoded bytes,
// operators, runs and output text are capped, so one bad page or field
// costs a warning and the rest survives. Some crafted files still hang or
// exhaust memory inside the library (see Precheck and the package tests);
// production callers must run Extract in a child process with a memory
// limit and a timeout.
package pdf

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/frontdoorhq/frontdoor/checker/intake/document"
	lpdf "github.com/ledongthuc/pdf"
)

// extractor holds the state of one Extract call.
type extractor struct {
	r           *lpdf.Reader
	lim         Limits
	doc         *document.Document
	contentLeft int64
	runs        int
	textBytes   int
	fonts       map[string]*font
	warned      map[string]bool
	capWarned   bool
	pages       []pageInfo

	// Caches of what the library resolves or formats, by object (each
	// explains why it cannot change a result).
	texts      map[objRef]string     // see textOf
	textsBytes int                   // bytes held in texts
	resDicts   map[objRef]*resDict   // see resDictFor
	objects    map[objRef]lpdf.Value // see index
	rootV      lpdf.Value            // see root
	rootOK     bool
	acroV      lpdf.Value // see acroForm
	acroOK     bool
	formLikely bool // see mayHaveForm

	fallbackCopy *font         // see fallback
	file         []byte        // the repaired bytes the reader reads
	plain        bool          // unencrypted: see plainFlate and plainContents
	zr           io.ReadCloser // see inflate

	// Buffers reused from page to page and stream to stream: nothing that
	// outlives its use points into them (see readPage, readStream and
	// widthsArray).
	runList   []textRun
	runBuf    []byte
	pageData  []byte
	streamBuf []byte
	numBuf    []float64
	lay       layoutBufs
}

// pageInfo is a page's text and what the form walk needs from it.
type pageInfo struct {
	text  []document.Line
	ref   pageRef
	key   string // the page dictionary's text, used as its identity
	cells []cell
	lines []lineGeom
	read  bool
}

// hasEncrypt reports whether b holds an /Encrypt entry: the name followed,
// after optional white space, by a dictionary or an indirect reference. It
// matches exactly what the regular expression /Encrypt\s*(<<|\d+\s+\d+\s+R)
// matches (\s being [\t\n\f\r ]), without compiling one in every worker
// process.
func hasEncrypt(b []byte) bool {
	const key = "/Encrypt"
	for i := 0; ; {
		j := bytes.Index(b[i:], []byte(key))
		if j < 0 {
			return false
		}
		p := reSpaces(b, i+j+len(key))
		i += j + 1
		if p+1 < len(b) && b[p] == '<' && b[p+1] == '<' {
			return true
		}
		// Each of \d+ and \s+ must take its whole run: the next byte
		// would not match what follows otherwise.
		q := reDigits(b, p)
		r := reSpaces(b, q)
		s := reDigits(b, r)
		t := reSpaces(b, s)
		if q > p && r > q && s > r && t > s && t < len(b) && b[t] == 'R' {
			return true
		}
	}
}

// reSpaces skips the regular-expression white space \s from b[i:].
func reSpaces(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\f' || b[i] == '\r') {
		i++
	}
	return i
}

// reDigits skips digits from b[i:].
func reDigits(b []byte, i int) int {
	for i < len(b) && isDigit(b[i]) {
		i++
	}
	return i
}

// Extract reads text lines and form fields from a PDF. It applies Precheck
// and Repair first. On ErrNoText the returned Document is non-nil (Pages
// set); on other errors it is nil. Problems that did not stop reading are
// listed in Document.Warnings.
func Extract(b []byte, lim Limits) (doc *document.Document, err error) {
	lim = lim.withDefaults()
	if err := Precheck(b, lim); err != nil {
		return nil, err
	}
	b = Repair(b)
	encrypted := hasEncrypt(b)

	// Field by field: a composite literal is built in a stack temporary as
	// large as the extractor (see newWalker).
	x := new(extractor)
	x.lim = lim
	x.doc = &document.Document{Format: "pdf", Lines: []document.Line{}}
	x.contentLeft = lim.MaxContentBytes
	x.fonts = map[string]*font{}
	x.warned = map[string]bool{}
	defer func() {
		// Last line of defence: anything that escaped a stage.
		if r := recover(); r != nil {
			doc, err = nil, readError(msgInternal)
		}
	}()

	r, err := open(b)
	if err != nil {
		if encrypted || errors.Is(err, lpdf.ErrInvalidPassword) || strings.Contains(err.Error(), "encrypt") {
			return nil, ErrEncrypted
		}
		return nil, openError(err.Error())
	}
	x.r = r
	// The library decrypts streams only when the trailer has /Encrypt
	// (opening fails if that entry does not resolve to a usable
	// dictionary); plainFlate and plainContents take unencrypted files
	// only.
	x.file = b
	x.plain = !encrypted && x.noTrailerEncrypt()
	if encrypted && x.weakEncryption() {
		return nil, ErrEncrypted
	}

	x.formLikely = x.mayHaveForm()
	refs, ok := x.walkPages()
	if !ok && len(refs) == 0 {
		x.warn("could not read the page tree")
	}
	x.doc.Pages = len(refs)
	x.pages = make([]pageInfo, len(refs))
	pagesOK := 0
	n := 0
	for i, ref := range refs {
		x.pages[i].ref = ref
		if x.readPage(i) {
			pagesOK++
		}
		n += len(x.pages[i].text)
	}
	if n > 0 {
		x.doc.Lines = make([]document.Line, 0, n)
		for i := range x.pages {
			x.doc.Lines = append(x.doc.Lines, x.pages[i].text...)
		}
	}
	x.readForm()

	filled := 0
	for _, f := range x.doc.Fields {
		if f.Value != "" && !(f.Kind == document.KindCheckbox && f.Value == "no") {
			filled++
		}
	}
	if len(x.doc.Lines) > 0 || filled > 0 {
		return x.doc, nil
	}
	switch {
	case encrypted && pagesOK < len(refs):
		return nil, ErrEncrypted
	case len(refs) == 0 && len(x.doc.Fields) == 0:
		return nil, readError("frontdoor found no pages in the file; it may be damaged — save it again from the program that made it, or print it to PDF (no pages found)")
	case len(refs) > 0 && pagesOK == len(refs) && len(x.doc.Warnings) == 0:
		return x.doc, ErrNoText
	case len(refs) > 0 && pagesOK == 0:
		return nil, readError("no page of the file could be read; it may be damaged — save it again from the program that made it, or print it to PDF (no page readable)")
	case len(x.doc.Fields) > 0:
		return x.doc, nil
	}
	// Some pages read without text, others failed or were cut short: say
	// so rather than blame a scan.
	return nil, readError("frontdoor found no text it could read: some pages could not be read and the rest have none; save it again from the program that made it, or print it to PDF (no readable text)")
}

// root returns the document catalog, Trailer/Root. It may panic. Resolving
// it is pure, so the first successful resolution is kept.
func (x *extractor) root() lpdf.Value {
	if !x.rootOK {
		x.rootV = x.r.Trailer().Key("Root")
		x.rootOK = true
	}
	return x.rootV
}

// acroForm returns Root/AcroForm. It may panic. Resolving it is pure, so
// the first successful resolution is kept.
func (x *extractor) acroForm() lpdf.Value {
	if !x.acroOK {
		x.acroV = x.root().Key("AcroForm")
		x.acroOK = true
	}
	return x.acroV
}

// mayHaveForm reports whether the document may have form fields, whose
// labels need each page's cells and line geometry; without it, layout
// does not build them. It reports true when unsure. Resolving Root and
// AcroForm here changes nothing later: a resolution that panics here
// panics again where the page tree or the form is read, with the same
// warning as before.
func (x *extractor) mayHaveForm() (may bool) {
	defer func() {
		if recover() != nil {
			may = true
		}
	}()
	return x.acroForm().Kind() == lpdf.Dict
}

// open parses the trailer and cross-reference data.
func open(b []byte) (r *lpdf.Reader, err error) {
	defer func() {
		if p := recover(); p != nil {
			r, err = nil, fmt.Errorf("%v", p)
		}
	}()
	return lpdf.NewReader(bytes.NewReader(b), int64(len(b)))
}

// noTrailerEncrypt reports that the trailer has no /Encrypt entry.
func (x *extractor) noTrailerEncrypt() (none bool) {
	defer func() {
		if recover() != nil {
			none = false
		}
	}()
	return x.r.Trailer().Key("Encrypt").IsNull()
}

// weakEncryption reports 40-bit RC4 (or any key under 128 bits): the
// library derives object keys for these incorrectly, so their text would
// come out as garbage.
func (x *extractor) weakEncryption() (weak bool) {
	defer func() {
		if recover() != nil {
			weak = true
		}
	}()
	enc := x.r.Trailer().Key("Encrypt")
	if enc.IsNull() {
		return false
	}
	if enc.Key("V").Int64() == 1 || enc.Key("R").Int64() == 2 {
		return true
	}
	if l := enc.Key("Length"); !l.IsNull() && l.Int64() < 128 {
		return true
	}
	return false
}

// msgInternal is the message for a failure in frontdoor itself.
const msgInternal = "something went wrong inside frontdoor while reading the file; save it again and retry, and tell support if it keeps happening (unexpected failure)"

// openError turns the library's complaint about a file it could not open
// into a plain message: truncated files are told apart from damaged ones,
// and a short, sanitised form of the library's words is kept at the end
// for support.
func openError(libMsg string) error {
	detail := sanitize(libMsg)
	switch {
	case strings.Contains(detail, "missing %EOF"), strings.Contains(detail, "missing final startxref"),
		strings.Contains(detail, "missing startxref"):
		return readError("the file is incomplete — it may not have finished downloading or saving; download or save it again (the end of the file is missing)")
	case strings.Contains(detail, "invalid header"):
		return readError("the start of the file is damaged; download or save it again (no PDF header)")
	}
	for _, p := range []string{"malformed PDF file: ", "malformed PDF: ", "unsupported PDF: "} {
		detail = strings.TrimPrefix(detail, p)
	}
	detail = strings.ReplaceAll(detail, "xref", "cross-reference")
	if len(detail) > 60 {
		detail = strings.TrimSpace(detail[:60]) + "..."
	}
	return readError("the file is damaged; save it again from the program that made it, or print it to PDF (" + detail + ")")
}

// sanitize keeps a library error message short and free of document text:
// at most the first two colon-separated parts, printable ASCII only, with
// quoted parts removed.
func sanitize(msg string) string {
	msg = strings.ReplaceAll(msg, "%%", "%") // the library double-escapes "%%EOF"
	parts := strings.SplitN(msg, ": ", 3)
	if len(parts) > 2 {
		parts = parts[:2]
	}
	s := strings.Join(parts, ": ")
	var b strings.Builder
	quoted := false
	for _, r := range s {
		switch {
		case r == '"' || r == '`':
			quoted = !quoted
		case quoted:
		case r >= 0x20 && r < 0x7f:
			b.WriteRune(r)
		}
		if b.Len() >= 100 {
			break
		}
	}
	out := strings.TrimSpace(b.String())
	if out == "" {
		return "malformed file"
	}
	return out
}

func (x *extractor) warn(msg string) {
	if x.warned[msg] || len(x.doc.Warnings) >= 100 {
		return
	}
	x.warned[msg] = true
	x.doc.Warnings = append(x.doc.Warnings, msg)
}

func (x *extractor) capReached() {
	if !x.capWarned {
		x.capWarned = true
		x.warn("document text exceeds the size limit; the rest was skipped")
	}
}

func (x *extractor) addRun() bool {
	if x.runs >= x.lim.MaxRuns {
		x.capReached()
		return false
	}
	x.runs++
	return true
}

func (x *extractor) addText(n int) bool {
	if x.textBytes+n > x.lim.MaxTextBytes {
		x.capReached()
		return false
	}
	x.textBytes += n
	return true
}

// readStream returns a stream's decoded bytes, capped at MaxStreamBytes
// and, for content, at what is left of MaxContentBytes. It refuses
// predictor parameters that would make the library allocate without bound.
// It may panic (the library does for unknown filters); callers recover.
// The data may be in a buffer the next call reuses: callers copy or
// convert it before reading another stream.
func (x *extractor) readStream(v lpdf.Value, content bool) (data []byte, truncated bool, err error) {
	parms := v.Key("DecodeParms")
	if err := x.checkDecodeParms(parms); err != nil {
		return nil, false, err
	}
	limit := x.streamLimit(content)
	if limit <= 0 {
		return nil, true, nil
	}
	if off, n, ok := x.plainFlate(v, parms); ok {
		data, err = x.inflate(off, n, limit)
	} else {
		rc := v.Reader()
		defer rc.Close()
		data, err = io.ReadAll(io.LimitReader(rc, limit+1))
	}
	return x.streamRead(data, err, limit, content)
}

// streamLimit is how many decoded bytes readStream may read.
func (x *extractor) streamLimit(content bool) int64 {
	limit := x.lim.MaxStreamBytes
	if content && x.contentLeft < limit {
		limit = x.contentLeft
	}
	return limit
}

// streamRead finishes readStream: it cuts data at limit and counts
// content.
func (x *extractor) streamRead(data []byte, err error, limit int64, content bool) ([]byte, bool, error) {
	truncated := false
	if int64(len(data)) > limit {
		data, truncated = data[:limit], true
	}
	if content {
		x.contentLeft -= int64(len(data))
	}
	return data, truncated, err
}

// readPlainContents is readStream for a page's /Contents found by
// plainContents: a stream without /DecodeParms whose data, /Length bytes
// at off, plainFlate would accept.
func (x *extractor) readPlainContents(off, n int64) ([]byte, bool, error) {
	limit := x.streamLimit(true)
	if limit <= 0 {
		return nil, true, nil
	}
	data, err := x.inflate(off, n, limit)
	return x.streamRead(data, err, limit, true)
}

// plainFlate reports the most common stream, one FlateDecode filter
// without parameters in an unencrypted file, with where its data starts
// and its /Length; inflate then decodes it as v.Reader() would, but with
// one zlib reader per Extract call instead of a new one (about 45 KB) per
// stream. Every other stream is read by the library. It may panic where
// v.Reader() would.
func (x *extractor) plainFlate(v lpdf.Value, parms lpdf.Value) (off, n int64, ok bool) {
	if !x.plain || v.Kind() != lpdf.Stream {
		return 0, 0, false
	}
	// The same lookups as v.Reader(), in the same order.
	n = v.Key("Length").Int64()
	if n <= 0 {
		return 0, 0, false
	}
	if f := v.Key("Filter"); f.Kind() != lpdf.Name || f.Name() != "FlateDecode" || !parms.IsNull() {
		return 0, 0, false
	}
	off, ok = streamOffset(v)
	if !ok || off < 0 {
		return 0, 0, false
	}
	return off, n, true
}

// inflate decodes the FlateDecode stream whose data is the n bytes at off,
// reading at most limit+1 decoded bytes, as io.ReadAll over v.Reader()
// capped by a LimitReader would. It may panic where v.Reader() would.
//
// v.Reader() reads such a stream as zlib.NewReader over the file section
// at the stream's offset, /Length bytes long (cut at the end of the file).
// The same bytes, from the same file, go through a reset zlib reader here,
// which Reset makes equivalent to a new one; a bytes.Reader over them also
// saves zlib the bufio.Reader it wraps around a section reader, without
// changing what it reads. The data is in a buffer the next call reuses.
func (x *extractor) inflate(off, n, limit int64) ([]byte, error) {
	var raw []byte
	if off < int64(len(x.file)) {
		raw = x.file[off : off+min(n, int64(len(x.file))-off)]
	}
	src := bytes.NewReader(raw)
	if x.zr == nil {
		zr, err := zlib.NewReader(src)
		if err != nil {
			panic(err) // as the library does
		}
		x.zr = zr
	} else if err := x.zr.(zlib.Resetter).Reset(src, nil); err != nil {
		panic(err)
	}
	// Text compresses about four to one: start there, within limit.
	if size := min(max(4*n, 512), limit+1); int64(cap(x.streamBuf)) < size {
		x.streamBuf = make([]byte, 0, size)
	}
	data, err := readAll(x.streamBuf[:0], io.LimitReader(x.zr, limit+1))
	x.streamBuf = data[:0]
	return data, err
}

// readAll is io.ReadAll appending to b, so that a buffer can be reused.
// Only decoded flate data goes through it: what a flate reader returns,
// error included, does not depend on the sizes of the reads.
func readAll(b []byte, r io.Reader) ([]byte, error) {
	if cap(b) == 0 {
		b = make([]byte, 0, 512)
	}
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err != nil {
			if err == io.EOF {
				err = nil
			}
			return b, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
	}
}

func (x *extractor) checkDecodeParms(p lpdf.Value) error {
	check := func(d lpdf.Value) error {
		if c := d.Key("Columns").Int64(); c < 0 || c > x.lim.MaxDeclared {
			return errors.New("stream declares an absurd predictor width")
		}
		return nil
	}
	switch p.Kind() {
	case lpdf.Dict:
		return check(p)
	case lpdf.Array:
		for i := 0; i < p.Len() && i < 16; i++ {
			if err := check(p.Index(i)); err != nil {
				return err
			}
		}
	}
	return nil
}

// fontFor returns the named font from a resource dictionary, parsing it
// once per document (fonts are cached by their dictionary's text, which
// names every object they refer to; see textOf).
func (x *extractor) fontFor(res *resources, name string, w *pageWalker) (f *font) {
	if f, ok := res.fonts[name]; ok {
		return f
	}
	defer func() {
		if r := recover(); r != nil {
			w.warnOnce("could not read a font; its text may be garbled")
			f = fallbackFont
		}
		res.fonts[name] = f
	}()
	fr := x.font(res.d, name)
	if !fr.dict {
		return fallbackFont
	}
	key := fr.key
	if f, ok := x.fonts[key]; ok {
		return f
	}
	if len(x.fonts) >= x.lim.MaxFonts {
		w.warnOnce("too many fonts; some text may be garbled")
		return fallbackFont
	}
	f = x.loadFont(fr.v)
	if f.warn != "" {
		w.warnOnce(f.warn)
	}
	x.fonts[key] = f
	return f
}

// readPage extracts page i's text; it reports whether the page was read
// without error.
func (x *extractor) readPage(i int) (ok bool) {
	pi := &x.pages[i]
	w := x.newWalker(i + 1)
	defer func() {
		if r := recover(); r != nil {
			x.warn(fmt.Sprintf("page %d: could not read text", i+1))
			ok = false
		}
		// Whatever was read before a failure still counts.
		lines, cells, geoms := x.lay.layout(w.runs, w.buf, i+1, x.formLikely)
		pi.text, pi.cells, pi.lines = lines, cells, geoms
		pi.read = ok
		// The next page reuses the buffers: layout copied what it keeps.
		x.runList, x.runBuf = w.runs[:0], w.buf[:0]
	}()
	pi.key = pi.ref.key
	content, ok := x.readContents(pi.ref.v, w)
	if !ok {
		return true // no /Contents
	}
	// Room for the page's runs up front (the buffers are reused from page
	// to page): a guess from the content's size, bounded.
	w.buf = slices.Grow(w.buf, min(len(content)/2, 64<<10))
	w.runs = slices.Grow(w.runs, min(len(content)/32, 4096))
	w.run(content, newResources(pi.ref.res), 0)
	return true
}

// readContents returns a page's content streams, each followed by a
// newline; false means the page has no /Contents. It panics when a stream
// cannot be read at all.
func (x *extractor) readContents(page lpdf.Value, w *pageWalker) (string, bool) {
	data := x.pageData[:0]
	read := func(d []byte, truncated bool, err error) {
		if truncated {
			w.warnOnce("content too large; text truncated")
		}
		if err != nil {
			if len(d) == 0 {
				panic(err)
			}
			w.warnOnce("content stream damaged; text may be incomplete")
		}
		data = append(slices.Grow(data, len(d)+1), d...)
		data = append(data, '\n')
	}
	if off, n, ok := x.plainContents(page); ok {
		read(x.readPlainContents(off, n))
	} else {
		switch contents := page.Key("Contents"); contents.Kind() {
		case lpdf.Stream:
			read(x.readStream(contents, true))
		case lpdf.Array:
			for j := 0; j < contents.Len() && j < 1000; j++ {
				if s := contents.Index(j); s.Kind() == lpdf.Stream {
					read(x.readStream(s, true))
				}
			}
		case lpdf.Null:
			return "", false
		default:
			panic("bad contents")
		}
	}
	x.pageData = data[:0] // reused by the next page
	return string(data), true
}
