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
	"errors"
	"fmt"
	"github.com/frontdoorhq/frontdoor/internal/lazyre"
	"io"
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
}

// pageInfo is what the form walk needs from a page.
type pageInfo struct {
	ref   pageRef
	key   string // the page dictionary's text, used as its identity
	cells []cell
	lines []lineGeom
	read  bool
}

var encryptRe = lazyre.New(`/Encrypt\s*(<<|\d+\s+\d+\s+R)`)

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
	encrypted := encryptRe.Match(b)

	x := &extractor{
		lim:         lim,
		doc:         &document.Document{Format: "pdf", Lines: []document.Line{}},
		contentLeft: lim.MaxContentBytes,
		fonts:       map[string]*font{},
		warned:      map[string]bool{},
	}
	defer func() {
		// Last line of defence: anything that escaped a stage.
		if r := recover(); r != nil {
			doc, err = nil, readError("unexpected failure")
		}
	}()

	r, err := open(b)
	if err != nil {
		if encrypted || errors.Is(err, lpdf.ErrInvalidPassword) || strings.Contains(err.Error(), "encrypt") {
			return nil, ErrEncrypted
		}
		return nil, readError(sanitize(err.Error()))
	}
	x.r = r
	if encrypted && x.weakEncryption() {
		return nil, ErrEncrypted
	}

	refs, ok := x.walkPages()
	if !ok && len(refs) == 0 {
		x.warn("could not read the page tree")
	}
	x.doc.Pages = len(refs)
	x.pages = make([]pageInfo, len(refs))
	pagesOK := 0
	for i, ref := range refs {
		x.pages[i].ref = ref
		if x.readPage(i) {
			pagesOK++
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
		return nil, readError("no pages found")
	case len(refs) > 0 && pagesOK == len(refs) && len(x.doc.Warnings) == 0:
		return x.doc, ErrNoText
	case len(refs) > 0 && pagesOK == 0:
		return nil, readError("could not read text on any page")
	case len(x.doc.Fields) > 0:
		return x.doc, nil
	}
	// Some pages read without text, others failed or were cut short: say
	// so rather than blame a scan.
	return nil, readError("no readable text")
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
func (x *extractor) readStream(v lpdf.Value, content bool) (data []byte, truncated bool, err error) {
	if err := x.checkDecodeParms(v.Key("DecodeParms")); err != nil {
		return nil, false, err
	}
	limit := x.lim.MaxStreamBytes
	if content && x.contentLeft < limit {
		limit = x.contentLeft
	}
	if limit <= 0 {
		return nil, true, nil
	}
	rc := v.Reader()
	defer rc.Close()
	data, err = io.ReadAll(io.LimitReader(rc, limit+1))
	if int64(len(data)) > limit {
		data, truncated = data[:limit], true
	}
	if content {
		x.contentLeft -= int64(len(data))
	}
	return data, truncated, err
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
// names every object they refer to).
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
	fv := res.v.Key("Font").Key(name)
	if fv.Kind() != lpdf.Dict {
		return fallbackFont
	}
	key := fv.String()
	if f, ok := x.fonts[key]; ok {
		return f
	}
	if len(x.fonts) >= x.lim.MaxFonts {
		w.warnOnce("too many fonts; some text may be garbled")
		return fallbackFont
	}
	f = x.loadFont(fv)
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
		lines, cells, geoms := layout(w.runs, i+1)
		x.doc.Lines = append(x.doc.Lines, lines...)
		pi.cells, pi.lines = cells, geoms
		pi.read = ok
	}()
	pi.key = pi.ref.v.String()
	contents := pi.ref.v.Key("Contents")
	var data []byte
	read := func(s lpdf.Value) {
		d, truncated, err := x.readStream(s, true)
		if truncated {
			w.warnOnce("content too large; text truncated")
		}
		if err != nil {
			if len(d) == 0 {
				panic(err)
			}
			w.warnOnce("content stream damaged; text may be incomplete")
		}
		data = append(data, d...)
		data = append(data, '\n')
	}
	switch contents.Kind() {
	case lpdf.Stream:
		read(contents)
	case lpdf.Array:
		for j := 0; j < contents.Len() && j < 1000; j++ {
			if s := contents.Index(j); s.Kind() == lpdf.Stream {
				read(s)
			}
		}
	case lpdf.Null:
		return true
	default:
		panic("bad contents")
	}
	res := &resources{v: pi.ref.res, fonts: map[string]*font{}}
	w.run(data, res, 0)
	return true
}
