package docx

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"unicode/utf8"
)

// scanner tokenizes the XML of one part held in memory. It replaces
// encoding/xml's Decoder.RawToken, which alone cost about four times the
// time budget for a referral form, and is written to accept and reject
// exactly what RawToken accepts and rejects with the Decoder's defaults
// (Strict, no Entity map, no CharsetReader), token for token; FuzzScanner
// compares the two. The one difference is deliberate: at a directive
// (<!DOCTYPE ...>, <!ENTITY ...> and the like) it stops and returns
// tokDirective without reading it, since the caller rejects any directive.
//
// As with RawToken:
//   - only the five predefined entities and numeric character references
//     are expanded; any other entity reference is an error;
//   - text and attribute values must be UTF-8 made of XML characters, and
//     \r\n and \r become \n (but not a &#13; reference);
//   - names are XML names with at most one colon ("prefix:local");
//   - start and end tags are not matched (the caller counts depth);
//   - a self-closing element yields a start and then an end token;
//   - an XML declaration naming a version other than 1.0 or an encoding
//     other than UTF-8 is an error.
//
// Token contents (names, attribute values, text) are in the input or an
// internal buffer and are valid only until the next call to next. They
// are kept as offsets so that the hot path writes no pointers.
type scanner struct {
	data []byte
	pos  int

	// The current token: data[nStart:nEnd] is the name of a start or end
	// tag or the target of a processing instruction, nColon the index of
	// the colon after its prefix or -1; attrs are a start tag's attributes;
	// text is the content of tokText, tokComment and tokProcInst.
	nStart, nColon, nEnd int
	attrs                []rawAttr
	text                 span

	pendingEnd bool   // the last start tag was self-closing
	buf        []byte // decoded text or attribute values of the current token
	oracle     nameOracle
}

// rawAttr is an attribute: data[nStart:nEnd] is its name, nColon the index
// of the colon after its prefix or -1.
type rawAttr struct {
	nStart, nColon, nEnd int
	value                span
}

// span is data[start:end], or buf[start:end] if inBuf.
type span struct {
	start, end int
	inBuf      bool
}

type tokKind uint8

const (
	tokEOF tokKind = iota
	tokStart
	tokEnd
	tokText // character data or a CDATA section
	tokComment
	tokProcInst
	tokDirective // <!DOCTYPE ...> or any other <!X: not read
)

// Errors for an XML declaration; partError recognises the "xml: encoding"
// prefix, as it did for encoding/xml's message.
var (
	errXMLEncoding = errors.New("xml: encoding other than UTF-8 declared")
	errXMLVersion  = errors.New("xml: unsupported version")
)

// Byte classes.
const (
	cPlain   uint8 = iota // allowed in text as it is
	cSpecial              // < & > \r " ' need a look
	cCtrl                 // a control character XML does not allow
	cHigh                 // part of a multi-byte sequence
)

var byteClass = func() (t [256]uint8) {
	for c := range 256 {
		switch {
		case c >= utf8.RuneSelf:
			t[c] = cHigh
		case c == '<', c == '&', c == '>', c == '\r', c == '"', c == '\'':
			t[c] = cSpecial
		case c < 0x20 && c != '\t' && c != '\n':
			t[c] = cCtrl
		}
	}
	return t
}()

// Name byte classes: encoding/xml reads a name up to the first ASCII byte
// that is not nName, nColon or nDigit; nDigit ones (0-9 . -) may not begin
// it; nHigh bytes are checked by nameOracle.
const (
	nStop uint8 = iota
	nName
	nDigit
	nColon
	nHigh
)

var nameClass = func() (t [256]uint8) {
	for c := range 256 {
		switch {
		case c >= utf8.RuneSelf:
			t[c] = nHigh
		case c == ':':
			t[c] = nColon
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', c == '_':
			t[c] = nName
		case '0' <= c && c <= '9', c == '.', c == '-':
			t[c] = nDigit
		}
	}
	return t
}()

func isInCharacterRange(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

func (s *scanner) bytes(v span) []byte {
	if v.inBuf {
		return s.buf[v.start:v.end]
	}
	return s.data[v.start:v.end]
}

// local is the local name of the current tag (its name without prefix).
func (s *scanner) local() []byte {
	if s.nColon >= 0 {
		return s.data[s.nColon+1 : s.nEnd]
	}
	return s.data[s.nStart:s.nEnd]
}

// prefix is the prefix of the current tag's name, or nil.
func (s *scanner) prefix() []byte {
	if s.nColon >= 0 {
		return s.data[s.nStart:s.nColon]
	}
	return nil
}

func (s *scanner) attrLocal(a *rawAttr) []byte {
	if a.nColon >= 0 {
		return s.data[a.nColon+1 : a.nEnd]
	}
	return s.data[a.nStart:a.nEnd]
}

// attr returns the value of the current start tag's first attribute with
// the given local name (any prefix), or "".
func (s *scanner) attr(local string) string {
	v, _ := s.attrBytes(local)
	return string(v)
}

// attrBytes returns the value of the first attribute with the given local
// name and whether there is one.
func (s *scanner) attrBytes(local string) ([]byte, bool) {
	for i := range s.attrs {
		if a := &s.attrs[i]; string(s.attrLocal(a)) == local {
			return s.bytes(a.value), true
		}
	}
	return nil, false
}

func (s *scanner) syntaxError(msg string) error {
	return &xml.SyntaxError{Msg: msg, Line: 1 + bytes.Count(s.data[:min(s.pos, len(s.data))], []byte{'\n'})}
}

func (s *scanner) eof() error {
	s.pos = len(s.data)
	return s.syntaxError("unexpected EOF")
}

// next reads the next token; at the end of the input it returns io.EOF.
func (s *scanner) next() (tokKind, error) {
	if s.pendingEnd {
		s.pendingEnd = false
		s.attrs = s.attrs[:0]
		return tokEnd, nil
	}
	d := s.data
	if s.pos >= len(d) {
		return tokEOF, io.EOF
	}
	s.buf = s.buf[:0]
	if d[s.pos] != '<' {
		return tokText, s.charData()
	}
	s.pos++
	if s.pos >= len(d) {
		return tokEOF, s.eof()
	}
	switch d[s.pos] {
	case '/':
		s.pos++
		ok, err := s.nsname(&s.nStart, &s.nColon, &s.nEnd)
		if err != nil {
			return tokEOF, err
		}
		if !ok {
			return tokEOF, s.syntaxError("expected element name after </")
		}
		s.skipSpace()
		if s.pos >= len(d) {
			return tokEOF, s.eof()
		}
		if d[s.pos] != '>' {
			return tokEOF, s.syntaxError("invalid characters between </name and >")
		}
		s.pos++
		s.attrs = s.attrs[:0]
		return tokEnd, nil
	case '?':
		s.pos++
		return tokProcInst, s.procInst()
	case '!':
		s.pos++
		return s.bang()
	}
	return tokStart, s.startTag()
}

func (s *scanner) skipSpace() {
	d := s.data
	for s.pos < len(d) {
		switch d[s.pos] {
		case ' ', '\r', '\n', '\t':
			s.pos++
		default:
			return
		}
	}
}

// name reads an XML name as Decoder.name does, returning its end and the
// index of its first colon (or -1), and whether it has more than one. A
// name is absent (end == s.pos on entry) when no name byte starts here;
// running into the end of the input, or reading bytes that are not a valid
// name, is an error.
func (s *scanner) name() (end, colon int, colons bool, err error) {
	d := s.data
	start, high := s.pos, false
	colon = -1
	i := start
	for ; i < len(d); i++ {
		switch nameClass[d[i]] {
		case nName, nDigit:
			continue
		case nStop:
		case nColon:
			if colon >= 0 {
				colons = true
			} else {
				colon = i
			}
			continue
		default:
			high = true
			continue
		}
		break
	}
	s.pos = i
	if i == len(d) {
		return 0, 0, false, s.eof()
	}
	if i == start {
		return i, -1, false, nil
	}
	if high {
		if !s.oracle.isName(d[start:i]) {
			return 0, 0, false, s.syntaxError("invalid XML name")
		}
	} else if nameClass[d[start]] == nDigit {
		return 0, 0, false, s.syntaxError("invalid XML name")
	}
	return i, colon, colons, nil
}

// nsname reads a name as Decoder.nsname does into *start, *colon (the
// index of the colon after a prefix, or -1) and *end. It returns false
// without an error if there is no name or it has more than one colon.
func (s *scanner) nsname(start, colon, end *int) (bool, error) {
	st := s.pos
	e, c, colons, err := s.name()
	if err != nil || e == st || colons {
		return false, err
	}
	if c == st || c == e-1 { // ":a" and "a:" are local names
		c = -1
	}
	*start, *colon, *end = st, c, e
	return true, nil
}

func (s *scanner) startTag() error {
	d := s.data
	ok, err := s.nsname(&s.nStart, &s.nColon, &s.nEnd)
	if err != nil {
		return err
	}
	if !ok {
		return s.syntaxError("expected element name after <")
	}
	s.attrs = s.attrs[:0]
	for {
		s.skipSpace()
		if s.pos >= len(d) {
			return s.eof()
		}
		switch d[s.pos] {
		case '/':
			s.pos++
			if s.pos >= len(d) {
				return s.eof()
			}
			if d[s.pos] != '>' {
				return s.syntaxError("expected /> in element")
			}
			s.pos++
			s.pendingEnd = true
			return nil
		case '>':
			s.pos++
			return nil
		}
		var a rawAttr
		ok, err := s.nsname(&a.nStart, &a.nColon, &a.nEnd)
		if err != nil {
			return err
		}
		if !ok {
			return s.syntaxError("expected attribute name in element")
		}
		s.skipSpace()
		if s.pos >= len(d) {
			return s.eof()
		}
		if d[s.pos] != '=' {
			return s.syntaxError("attribute name without = in element")
		}
		s.pos++
		s.skipSpace()
		if s.pos >= len(d) {
			return s.eof()
		}
		q := d[s.pos]
		if q != '"' && q != '\'' {
			return s.syntaxError("unquoted or missing attribute value in element")
		}
		s.pos++
		if a.value, err = s.attrValue(q); err != nil {
			return err
		}
		s.attrs = append(s.attrs, a)
	}
}

// attrValue reads a quoted attribute value after its opening quote q.
func (s *scanner) attrValue(q byte) (span, error) {
	d := s.data
	start := s.pos
	for i := start; i < len(d); {
		c := d[i]
		switch byteClass[c] {
		case cPlain:
			i++
			continue
		case cHigh:
			n, err := s.checkRune(i)
			if err != nil {
				return span{}, err
			}
			i += n
			continue
		case cCtrl:
			s.pos = i
			return span{}, s.syntaxError("illegal character code")
		}
		switch c {
		case q:
			s.pos = i + 1
			return span{start: start, end: i}, nil
		case '"', '\'', '>':
			i++
		default: // < & \r
			return s.slowText(start, i, q)
		}
	}
	return span{}, s.eof()
}

// charData reads character data up to the next '<' or the end.
func (s *scanner) charData() error {
	d := s.data
	start := s.pos
	i := start
loop:
	for i < len(d) {
		c := d[i]
		switch byteClass[c] {
		case cPlain:
			i++
			continue
		case cHigh:
			n, err := s.checkRune(i)
			if err != nil {
				return err
			}
			i += n
			continue
		case cCtrl:
			s.pos = i
			return s.syntaxError("illegal character code")
		}
		switch c {
		case '<':
			break loop
		case '"', '\'':
			i++
		case '>':
			if i-start >= 2 && d[i-1] == ']' && d[i-2] == ']' {
				s.pos = i
				return s.syntaxError("unescaped ]]> not in CDATA section")
			}
			i++
		default: // & \r
			t, err := s.slowText(start, i, 0)
			s.text = t
			return err
		}
	}
	s.pos = i
	s.text = span{start: start, end: i}
	return nil
}

// checkRune checks the multi-byte sequence at data[i] and returns its
// length.
func (s *scanner) checkRune(i int) (int, error) {
	r, n := utf8.DecodeRune(s.data[i:])
	if r == utf8.RuneError && n == 1 {
		s.pos = i
		return 0, s.syntaxError("invalid UTF-8")
	}
	if !isInCharacterRange(r) {
		s.pos = i
		return 0, s.syntaxError("illegal character code")
	}
	return n, nil
}

// slowText goes on with text (q == 0) or a quoted value (q is the quote)
// that needs rewriting, from data[i]; data[start:i] is plain. It follows
// Decoder.text: entities are expanded, \r\n and \r become \n, "]]>" is an
// error in text and '<' in a value. The result is appended to s.buf.
func (s *scanner) slowText(start, i int, q byte) (span, error) {
	d := s.data
	first := len(s.buf)
	out := append(s.buf, d[start:i]...)
	// b0, b1: the last two input bytes, as in Decoder.text (which resets
	// them after an entity); only whether they are ']' or '\r' matters.
	var b0, b1 byte
	if i > start {
		b1 = d[i-1]
	}
	if i-1 > start {
		b0 = d[i-2]
	}
	for {
		if i >= len(d) {
			if q != 0 {
				return span{}, s.eof()
			}
			break
		}
		b := d[i]
		if q == 0 && b == '>' && b0 == ']' && b1 == ']' {
			s.pos = i
			return span{}, s.syntaxError("unescaped ]]> not in CDATA section")
		}
		if b == '<' {
			if q != 0 {
				s.pos = i
				return span{}, s.syntaxError("unescaped < inside quoted string")
			}
			break
		}
		if q != 0 && b == q {
			i++
			break
		}
		switch byteClass[b] {
		case cHigh:
			n, err := s.checkRune(i)
			if err != nil {
				return span{}, err
			}
			out = append(out, d[i:i+n]...)
			i += n
			b0, b1 = 0, 0 // neither ']' nor '\r'
			continue
		case cCtrl:
			s.pos = i
			return span{}, s.syntaxError("illegal character code")
		}
		switch {
		case b == '&':
			var err error
			if out, i, err = s.entity(out, i+1); err != nil {
				return span{}, err
			}
			b0, b1 = 0, 0
			continue
		case b == '\r':
			out = append(out, '\n')
		case b == '\n' && b1 == '\r':
			// \r\n: the \n is already written
		default:
			out = append(out, b)
		}
		b0, b1 = b1, b
		i++
	}
	s.pos = i
	s.buf = out
	return span{start: first, end: len(out), inBuf: true}, nil
}

// entity expands the reference starting at data[i], just after '&', onto
// out and returns the index after its ';'.
func (s *scanner) entity(out []byte, i int) ([]byte, int, error) {
	d := s.data
	if i >= len(d) {
		return nil, 0, s.eof()
	}
	if d[i] == '#' {
		i++
		if i >= len(d) {
			return nil, 0, s.eof()
		}
		base := rune(10)
		if d[i] == 'x' {
			base = 16
			i++
		}
		var n rune
		digits := 0
	digitLoop:
		for ; i < len(d); i++ {
			c := d[i]
			var v rune
			switch {
			case '0' <= c && c <= '9':
				v = rune(c - '0')
			case base == 16 && 'a' <= c && c <= 'f':
				v = rune(c-'a') + 10
			case base == 16 && 'A' <= c && c <= 'F':
				v = rune(c-'A') + 10
			default:
				break digitLoop
			}
			if n <= utf8.MaxRune { // once above, n stays above without overflowing
				n = n*base + v
			}
			digits++
		}
		if i >= len(d) {
			return nil, 0, s.eof()
		}
		if d[i] != ';' || digits == 0 || n > utf8.MaxRune {
			s.pos = i
			return nil, 0, s.syntaxError("invalid character entity")
		}
		r := n
		if 0xD800 <= r && r <= 0xDFFF {
			r = utf8.RuneError // as string(rune(n)) in encoding/xml
		}
		if !isInCharacterRange(r) {
			s.pos = i
			return nil, 0, s.syntaxError("illegal character code")
		}
		return utf8.AppendRune(out, r), i + 1, nil
	}
	start := i
	for ; i < len(d); i++ {
		if nameClass[d[i]] == nStop {
			break
		}
	}
	if i >= len(d) {
		return nil, 0, s.eof()
	}
	var r byte
	if d[i] == ';' {
		switch string(d[start:i]) {
		case "lt":
			r = '<'
		case "gt":
			r = '>'
		case "amp":
			r = '&'
		case "apos":
			r = '\''
		case "quot":
			r = '"'
		}
	}
	if r == 0 {
		s.pos = i
		return nil, 0, s.syntaxError("invalid character entity")
	}
	return append(out, r), i + 1, nil
}

// procInst reads a processing instruction after "<?".
func (s *scanner) procInst() error {
	d := s.data
	start := s.pos
	end, _, _, err := s.name()
	if err != nil {
		return err
	}
	if end == start {
		return s.syntaxError("expected target name after <?")
	}
	s.nStart, s.nColon, s.nEnd = start, -1, end
	s.skipSpace()
	j := bytes.Index(d[s.pos:], []byte("?>"))
	if j < 0 {
		return s.eof()
	}
	s.text = span{start: s.pos, end: s.pos + j}
	s.pos += j + 2
	if string(d[start:end]) == "xml" {
		content := string(s.bytes(s.text))
		if ver := procInstParam("version", content); ver != "" && ver != "1.0" {
			return errXMLVersion
		}
		if enc := procInstParam("encoding", content); enc != "" && !strings.EqualFold(enc, "utf-8") {
			return errXMLEncoding
		}
	}
	return nil
}

// procInstParam returns the param="..." or param='...' value in s, or "",
// exactly as encoding/xml's procInst does.
func procInstParam(param, s string) string {
	param += "="
	lenp := len(param)
	i := 0
	var sep byte
	for i < len(s) {
		sub := s[i:]
		k := strings.Index(sub, param)
		if k < 0 || lenp+k >= len(sub) {
			return ""
		}
		i += lenp + k + 1
		if c := sub[lenp+k]; c == '\'' || c == '"' {
			sep = c
			break
		}
	}
	if sep == 0 {
		return ""
	}
	j := strings.IndexByte(s[i:], sep)
	if j < 0 {
		return ""
	}
	return s[i : i+j]
}

// bang reads what follows "<!": a comment, a CDATA section or (not read)
// a directive.
func (s *scanner) bang() (tokKind, error) {
	d := s.data
	if s.pos >= len(d) {
		return tokEOF, s.eof()
	}
	switch d[s.pos] {
	case '-':
		s.pos++
		if s.pos >= len(d) {
			return tokEOF, s.eof()
		}
		if d[s.pos] != '-' {
			return tokEOF, s.syntaxError("invalid sequence <!- not part of <!--")
		}
		s.pos++
		j := bytes.Index(d[s.pos:], []byte("--"))
		if j < 0 || s.pos+j+2 >= len(d) {
			return tokEOF, s.eof()
		}
		if d[s.pos+j+2] != '>' {
			s.pos += j + 2
			return tokEOF, s.syntaxError(`invalid sequence "--" not allowed in comments`)
		}
		s.text = span{start: s.pos, end: s.pos + j}
		s.pos += j + 3
		return tokComment, nil
	case '[':
		s.pos++
		for k := range len("CDATA[") {
			if s.pos >= len(d) {
				return tokEOF, s.eof()
			}
			if d[s.pos] != "CDATA["[k] {
				return tokEOF, s.syntaxError("invalid <![ sequence")
			}
			s.pos++
		}
		j := bytes.Index(d[s.pos:], []byte("]]>"))
		if j < 0 {
			s.pos = len(d)
			return tokEOF, s.syntaxError("unexpected EOF in CDATA section")
		}
		err := s.cdata(s.pos, s.pos+j)
		s.pos += j + 3
		return tokText, err
	}
	return tokDirective, nil
}

// cdata checks the characters of the CDATA section data[start:end] and
// rewrites \r\n and \r; the result is s.text.
func (s *scanner) cdata(start, end int) error {
	raw := s.data[start:end]
	cr := false
	for i := 0; i < len(raw); {
		c := raw[i]
		switch byteClass[c] {
		case cHigh:
			r, n := utf8.DecodeRune(raw[i:])
			if r == utf8.RuneError && n == 1 {
				return s.syntaxError("invalid UTF-8")
			}
			if !isInCharacterRange(r) {
				return s.syntaxError("illegal character code")
			}
			i += n
			continue
		case cCtrl:
			return s.syntaxError("illegal character code")
		}
		cr = cr || c == '\r'
		i++
	}
	if !cr {
		s.text = span{start: start, end: end}
		return nil
	}
	out := s.buf[:0]
	for i, c := range raw {
		switch {
		case c == '\r':
			out = append(out, '\n')
		case c == '\n' && i > 0 && raw[i-1] == '\r':
		default:
			out = append(out, c)
		}
	}
	s.buf = out
	s.text = span{start: 0, end: len(out), inBuf: true}
	return nil
}

// nameOracle asks encoding/xml whether a name holding non-ASCII bytes is
// a valid XML name, so that such names (rare in DOCX) are judged exactly as
// before without copying encoding/xml's Unicode tables. One Decoder serves
// a whole part: each name is fed to it as "<?name?>".
type nameOracle struct {
	dec *xml.Decoder
	in  feed
}

func (o *nameOracle) isName(name []byte) bool {
	if o.dec == nil {
		o.dec = xml.NewDecoder(&o.in)
	}
	o.in.b = append(append(append(o.in.b[:0], "<?"...), name...), "?>"...)
	o.in.off = 0
	tok, err := o.dec.RawToken()
	if err != nil || o.in.off != len(o.in.b) {
		o.dec = nil // a Decoder stops at its first error
		return false
	}
	pi, ok := tok.(xml.ProcInst)
	return ok && pi.Target == string(name)
}

// feed is an io.ByteReader, so that xml.Decoder reads it directly, without
// a bufio.Reader, and never reads ahead.
type feed struct {
	b   []byte
	off int
}

func (f *feed) ReadByte() (byte, error) {
	if f.off >= len(f.b) {
		return 0, io.EOF
	}
	f.off++
	return f.b[f.off-1], nil
}

func (f *feed) Read(p []byte) (int, error) {
	if f.off >= len(f.b) {
		return 0, io.EOF
	}
	n := copy(p, f.b[f.off:])
	f.off += n
	return n, nil
}
