package pdf

import (
	"strconv"

	lpdf "github.com/ledongthuc/pdf"
)

// Reading arrays of numbers directly.
//
// The library parses an array element by element with two tokens of
// look-ahead each (an integer might start a reference), boxing every
// number: a simple font's /Widths, an indirect object of about 224
// numbers, costs more to resolve than a page of text costs to lay out.
// widthsArray reads such an object straight from the file instead, with
// the library's own token rules, and only when it is nothing but numbers:
// "N G obj [ numbers ] endobj", with N G the reference, read from the
// offset the library's cross-reference table gives. For anything else,
// or anything unusual (a reference, a keyword, a string, an integer out of
// range, a malformed real, the end of the file), it declines and the
// caller resolves the entry through the library exactly as before, so it
// never decides differently from the library, whose result (or panic) is
// then used. It finds the entry's reference and the object's offset in the
// library's unexported fields (see libinternals.go).

// maxDirectNumbers bounds the arrays widthsArray reads itself.
const maxDirectNumbers = 1 << 16

// widthsArray returns the numbers of the array stored as an indirect
// object under /Widths in the font dictionary v, as Value.Float64 gives
// them, when it can read it itself (see above). The slice is reused by the
// next call.
func (x *extractor) widthsArray(v lpdf.Value) ([]float64, bool) {
	if x.file == nil {
		return nil, false
	}
	ref, ok := widthsRef(v)
	if !ok {
		return nil, false
	}
	off, ok := objectOffset(x.r, ref, len(x.file))
	if !ok {
		return nil, false
	}
	p := objScanner{b: x.file, pos: int(off)}
	// The library's readObject: an integer that fits uint32, one that
	// fits uint16, "obj", then the object, then "endobj".
	if id, ok := p.integer(); !ok || id != int64(ref.id) {
		return nil, false
	}
	if gen, ok := p.integer(); !ok || gen != int64(ref.gen) {
		return nil, false
	}
	if !p.keyword("obj") {
		return nil, false
	}
	if !p.delim('[') {
		return nil, false
	}
	nums := x.numBuf[:0]
	defer func() { x.numBuf = nums[:0] }()
	for {
		if p.delim(']') {
			break
		}
		n, ok := p.number()
		if !ok || len(nums) >= maxDirectNumbers {
			return nil, false
		}
		nums = append(nums, n)
	}
	if !p.keyword("endobj") {
		return nil, false
	}
	return nums, true
}

// objScanner reads tokens from the file as the library's buffer does: white
// space and comments skipped, a word running to the next white space or
// delimiter. Running into the end of the file is a failure, as it is a
// panic for the library.
type objScanner struct {
	b   []byte
	pos int
}

// skip skips white space and comments; it fails at the end of the file.
func (p *objScanner) skip() bool {
	for p.pos < len(p.b) {
		switch c := p.b[p.pos]; {
		case charClass[c] == cSpace:
			p.pos++
		case c == '%':
			for p.pos < len(p.b) && p.b[p.pos] != '\r' && p.b[p.pos] != '\n' {
				p.pos++
			}
		default:
			return true
		}
	}
	return false
}

// delim consumes the delimiter c if it is the next token.
func (p *objScanner) delim(c byte) bool {
	if !p.skip() || p.b[p.pos] != c {
		return false
	}
	p.pos++
	return true
}

// word reads a run of regular characters, which must be followed by a
// byte (the library reads one past every word).
func (p *objScanner) word() ([]byte, bool) {
	if !p.skip() {
		return nil, false
	}
	start := p.pos
	for p.pos < len(p.b) && charClass[p.b[p.pos]] == cRegular {
		p.pos++
	}
	if p.pos == start || p.pos >= len(p.b) {
		return nil, false
	}
	return p.b[start:p.pos], true
}

// keyword reads a word and reports whether it is kw.
func (p *objScanner) keyword(kw string) bool {
	w, ok := p.word()
	return ok && string(w) == kw
}

// integer reads a word the library reads as an int64.
func (p *objScanner) integer() (int64, bool) {
	w, ok := p.word()
	if !ok || !libInteger(w) {
		return 0, false
	}
	return parseInt(w)
}

// number reads a word the library reads as an int64 or a float64, and
// returns it as Value.Float64 would.
func (p *objScanner) number() (float64, bool) {
	w, ok := p.word()
	if !ok {
		return 0, false
	}
	switch {
	case libInteger(w):
		n, ok := parseInt(w)
		return float64(n), ok
	case libReal(w):
		f, err := strconv.ParseFloat(string(w), 64)
		return f, err == nil
	}
	return 0, false
}

// parseInt is strconv.ParseInt(w, 10, 64) for a word libInteger accepts.
func parseInt(w []byte) (int64, bool) {
	if len(w) > 18 { // at most 18 digits cannot overflow
		n, err := strconv.ParseInt(string(w), 10, 64)
		return n, err == nil
	}
	var n int64
	for _, c := range w {
		if isDigit(c) {
			n = n*10 + int64(c-'0')
		}
	}
	if w[0] == '-' {
		n = -n
	}
	return n, true
}

// libInteger is the library's isInteger: an optional sign, then digits.
func libInteger(s []byte) bool {
	if len(s) > 0 && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	if len(s) == 0 {
		return false
	}
	for _, c := range s {
		if !isDigit(c) {
			return false
		}
	}
	return true
}

// libReal is the library's isReal: an optional sign, then digits and
// exactly one dot.
func libReal(s []byte) bool {
	if len(s) > 0 && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	if len(s) == 0 {
		return false
	}
	dots := 0
	for _, c := range s {
		switch {
		case c == '.':
			dots++
		case !isDigit(c):
			return false
		}
	}
	return dots == 1
}

// plainContents finds a page's /Contents when it is a reference to a
// stream object whose dictionary holds exactly /Length (an integer) and
// /Filter /FlateDecode, in an unencrypted file: where its data starts and
// its /Length. It reads the object straight from the file, as widthsArray
// does and with the library's rules ("N G obj << ... >> stream", then CR
// LF, CR or LF), so that readPage need not have the library parse it (and
// allocate a 4 KB buffer for that). For anything else it declines and
// readPage resolves /Contents through the library as before; what it
// accepts, the library resolves to a stream that readStream reads through
// plainFlate and inflate, as readPlainContents does.
func (x *extractor) plainContents(page lpdf.Value) (off, n int64, ok bool) {
	if !x.plain || x.file == nil {
		return 0, 0, false
	}
	ref, ok := contentsRef(page)
	if !ok {
		return 0, 0, false
	}
	start, ok := objectOffset(x.r, ref, len(x.file))
	if !ok {
		return 0, 0, false
	}
	p := objScanner{b: x.file, pos: int(start)}
	if id, ok := p.integer(); !ok || id != int64(ref.id) {
		return 0, 0, false
	}
	if gen, ok := p.integer(); !ok || gen != int64(ref.gen) {
		return 0, 0, false
	}
	if !p.keyword("obj") || !p.delim2('<') {
		return 0, 0, false
	}
	length, filter := int64(-1), false
	for !p.delim2('>') {
		key, ok := p.name()
		if !ok {
			return 0, 0, false
		}
		switch string(key) {
		case "Length":
			if length >= 0 {
				return 0, 0, false
			}
			// An integer followed by another would be a reference: the
			// next token must be a name or ">>", or the loop declines.
			if length, ok = p.integer(); !ok || length <= 0 {
				return 0, 0, false
			}
		case "Filter":
			if v, ok := p.name(); filter || !ok || string(v) != "FlateDecode" {
				return 0, 0, false
			}
			filter = true
		default:
			return 0, 0, false
		}
	}
	if length <= 0 || !filter || !p.keyword("stream") {
		return 0, 0, false
	}
	// The library reads one end of line after "stream": CR LF, CR or LF.
	switch p.b[p.pos] { // word left p.pos inside the file
	case '\r':
		p.pos++
		if p.pos >= len(p.b) {
			return 0, 0, false // the library would read past the end
		}
		if p.b[p.pos] == '\n' {
			p.pos++
		}
	case '\n':
		p.pos++
	default:
		return 0, 0, false
	}
	return int64(p.pos), length, true
}

// delim2 consumes a doubled delimiter ("<<" or ">>") if it is the next
// token.
func (p *objScanner) delim2(c byte) bool {
	if !p.skip() || p.pos+1 >= len(p.b) || p.b[p.pos] != c || p.b[p.pos+1] != c {
		return false
	}
	p.pos += 2
	return true
}

// name reads a name ("/" and regular characters, which must be followed
// by a byte); names with #xx escapes are declined.
func (p *objScanner) name() ([]byte, bool) {
	if !p.delim('/') {
		return nil, false
	}
	start := p.pos
	for p.pos < len(p.b) && charClass[p.b[p.pos]] == cRegular {
		if p.b[p.pos] == '#' {
			return nil, false
		}
		p.pos++
	}
	if p.pos >= len(p.b) {
		return nil, false
	}
	return p.b[start:p.pos], true
}
