package sandbox

import (
	"encoding/binary"
	"fmt"
	"unicode/utf8"

	"github.com/frontdoorhq/frontdoor/checker/intake/document"
)

// The response body's encoding. It was the JSON of wireResponse; decoding
// that with encoding/json cost the process that asked half a millisecond
// for a 3-page PDF (most of it building its decoders on first use, which a
// one-shot `frontdoor check` pays every time), and encoding it a fifth of a
// millisecond in the worker, both while the check waits. This encoding
// costs microseconds, and gives the same document back as the JSON did:
// text that is not valid UTF-8 has each bad byte replaced by U+FFFD, and
// empty field and warning lists come back as nil, as they did through
// encoding/json (TestWireMatchesJSON holds it to that).
//
// Integers are varints (encoding/binary), strings a uvarint length then the
// bytes, booleans one byte (0 or 1), in this order:
//
//	code error partial hasDoc
//	then, when hasDoc is 1:
//	format pages len(lines)+1 (0 for nil) {text page line heading}...
//	len(fields) {name label value kind page line}... len(warnings) {warning}...

func encodeResponse(r wireResponse) []byte {
	var b []byte
	if r.Doc != nil {
		b = make([]byte, 0, docSize(r.Doc)+len(r.Code)+len(r.Error)+16)
	}
	b = appendString(b, r.Code)
	b = appendString(b, r.Error)
	b = appendBool(b, r.Partial)
	b = appendBool(b, r.Doc != nil)
	if d := r.Doc; d != nil {
		b = appendString(b, d.Format)
		b = binary.AppendVarint(b, int64(d.Pages))
		if d.Lines == nil {
			b = binary.AppendUvarint(b, 0)
		} else {
			b = binary.AppendUvarint(b, uint64(len(d.Lines))+1)
		}
		for _, l := range d.Lines {
			b = appendString(b, l.Text)
			b = binary.AppendVarint(b, int64(l.Page))
			b = binary.AppendVarint(b, int64(l.Line))
			b = appendBool(b, l.Heading)
		}
		b = binary.AppendUvarint(b, uint64(len(d.Fields)))
		for _, f := range d.Fields {
			b = appendString(b, f.Name)
			b = appendString(b, f.Label)
			b = appendString(b, f.Value)
			b = appendString(b, f.Kind)
			b = binary.AppendVarint(b, int64(f.Page))
			b = binary.AppendVarint(b, int64(f.Line))
		}
		b = binary.AppendUvarint(b, uint64(len(d.Warnings)))
		for _, w := range d.Warnings {
			b = appendString(b, w)
		}
	}
	return b
}

// docSize estimates the encoded size of d, to allocate once.
func docSize(d *document.Document) int {
	n := len(d.Format) + 16
	for _, l := range d.Lines {
		n += len(l.Text) + 8
	}
	for _, f := range d.Fields {
		n += len(f.Name) + len(f.Label) + len(f.Value) + len(f.Kind) + 12
	}
	for _, w := range d.Warnings {
		n += len(w) + 2
	}
	return n
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

func appendBool(b []byte, v bool) []byte {
	if v {
		return append(b, 1)
	}
	return append(b, 0)
}

// decodeWire reads a response body. The worker may have been subverted by
// the document it read, so nothing in the body is trusted: every length is
// checked against what is left, and anything malformed is an errFrame.
func decodeWire(body []byte) (wireResponse, error) {
	d := wireDecoder{b: body}
	var r wireResponse
	r.Code = d.string()
	r.Error = d.string()
	r.Partial = d.bool()
	if d.bool() {
		doc := &document.Document{Format: d.string(), Pages: d.int()}
		if n := d.count(4); n > 0 { // text, page, line, heading: at least 4 bytes each
			doc.Lines = make([]document.Line, n-1)
			for i := range doc.Lines {
				doc.Lines[i] = document.Line{Text: d.string(), Page: d.int(), Line: d.int(), Heading: d.bool()}
			}
		}
		if n := d.count(6); n > 0 {
			doc.Fields = make([]document.Field, n)
			for i := range doc.Fields {
				doc.Fields[i] = document.Field{Name: d.string(), Label: d.string(), Value: d.string(), Kind: d.string(),
					Page: d.int(), Line: d.int()}
			}
		}
		if n := d.count(1); n > 0 {
			doc.Warnings = make([]string, n)
			for i := range doc.Warnings {
				doc.Warnings[i] = d.string()
			}
		}
		r.Doc = doc
	}
	if d.err == nil && len(d.b) > 0 {
		d.fail("%d bytes after the response", len(d.b))
	}
	if d.err != nil {
		return wireResponse{}, d.err
	}
	return r, nil
}

// wireDecoder reads the encoding; after the first error every read returns
// a zero value and err holds the error.
type wireDecoder struct {
	b   []byte
	err error
}

func (d *wireDecoder) fail(format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: "+format, append([]any{errFrame}, args...)...)
		d.b = nil
	}
}

func (d *wireDecoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail("bad length")
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *wireDecoder) int() int {
	v, n := binary.Varint(d.b)
	if n <= 0 || int64(int(v)) != v {
		d.fail("bad number")
		return 0
	}
	d.b = d.b[n:]
	return int(v)
}

// count reads a list length whose items take at least min bytes each.
func (d *wireDecoder) count(min int) int {
	n := d.uvarint()
	if n > uint64(len(d.b)/min)+1 {
		d.fail("list of %d items in %d bytes", n, len(d.b))
		return 0
	}
	return int(n)
}

func (d *wireDecoder) bool() bool {
	if len(d.b) == 0 || d.b[0] > 1 {
		d.fail("bad flag")
		return false
	}
	v := d.b[0] == 1
	d.b = d.b[1:]
	return v
}

func (d *wireDecoder) string() string {
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		d.fail("string of %d bytes in %d", n, len(d.b))
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return validUTF8(s)
}

// validUTF8 replaces each byte of s that is not part of valid UTF-8 with
// U+FFFD, as encoding/json did.
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	out := make([]byte, 0, len(s)+8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			out = utf8.AppendRune(out, utf8.RuneError)
		} else {
			out = append(out, s[i:i+size]...)
		}
		i += size
	}
	return string(out)
}
