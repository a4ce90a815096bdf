package pdf

import (
	"slices"
	"strings"

	lpdf "github.com/ledongthuc/pdf"
)

// font is what the walker needs from a font: how to split a string into
// codes, the text of each code and its width.
type font struct {
	type0     bool
	enc       *encodingTable // simple fonts: code -> rune (0: none)
	toUni     *cmap          // ToUnicode, may be nil
	codes     *cmap          // Type0 encoding CMap codespace, may be nil
	ucs2      bool           // Type0 with a UCS-2/UTF-16 encoding: codes are Unicode
	widths    []float64      // simple fonts: /Widths from firstChar
	firstChar int
	cidW      map[uint32]float64
	cidRanges []cidRange
	dw        float64      // Type0 default width
	std       *[224]uint16 // built-in metrics for a Standard-14 font without /Widths
	fixed     float64      // Courier: every glyph 600
	missing   float64      // /MissingWidth or a default
	scale     float64      // Type3 FontMatrix scale; 1 otherwise
	unmapped  bool         // Type0 without any way to Unicode
	warn      string       // problem to report once

	// Decoded glyphs by code, filled on first use: simple fonts in
	// glyphIdx and glyphList, Type0 fonts in cids (up to maxCachedCIDs
	// codes). Decoding is a pure function of the font and the code, so the
	// caches never change a result. Only fonts owned by one Extract call
	// have caches; see cacheable.
	cacheable bool
	glyphIdx  *[256]uint16 // 0: not decoded yet; else 1 + index in glyphList
	glyphList []glyph
	cids      map[uint64]glyph
}

// maxCachedCIDs bounds the Type0 glyph cache of one font.
const maxCachedCIDs = 1 << 14

type cidRange struct {
	lo, hi uint32
	w      float64
}

// glyph is one decoded code.
type glyph struct {
	text  string  // the code's text, already passed through cleanText
	w     float64 // width in 1/1000 em (text space units * 1000)
	space bool    // single-byte code 32: word spacing applies
}

// fallbackFont is used when a Tf names a font that cannot be found or read.
// It is shared by every Extract call, so it must never be modified: the
// walker draws with x.fallback(), a private copy that may cache glyphs.
var fallbackFont = &font{enc: winAnsiEnc, missing: 500, scale: 1}

// fallback returns this Extract call's copy of fallbackFont.
func (x *extractor) fallback() *font {
	if x.fallbackCopy == nil {
		f := *fallbackFont
		f.cacheable = true
		x.fallbackCopy = &f
	}
	return x.fallbackCopy
}

const maxWidthEntries = 1 << 16

// loadFont builds a font from its dictionary. It may panic (the library
// resolves objects lazily); callers recover.
func (x *extractor) loadFont(v lpdf.Value) *font {
	f := &font{scale: 1, missing: 500, cacheable: true}
	sub := v.Key("Subtype").Name()
	base := v.Key("BaseFont").Name()
	if tu := v.Key("ToUnicode"); tu.Kind() == lpdf.Stream {
		if data, _, err := x.readStream(tu, false); err == nil || len(data) > 0 {
			f.toUni = parseCMap(data, x.lim.MaxCMapEntries)
			if f.toUni.truncated {
				f.warn = "a font's ToUnicode map is too large; some text may be missing"
			}
		}
	}
	if sub == "Type0" {
		f.type0 = true
		f.dw = 1000
		enc := v.Key("Encoding")
		switch enc.Kind() {
		case lpdf.Name:
			n := enc.Name()
			if strings.Contains(n, "UCS2") || strings.Contains(n, "UTF16") {
				f.ucs2 = true
			}
		case lpdf.Stream:
			if data, _, err := x.readStream(enc, false); err == nil || len(data) > 0 {
				f.codes = parseCMap(data, x.lim.MaxCMapEntries)
			}
		}
		desc := v.Key("DescendantFonts").Index(0)
		if dw := desc.Key("DW"); dw.Kind() == lpdf.Integer || dw.Kind() == lpdf.Real {
			f.dw = dw.Float64()
		}
		f.readW(desc.Key("W"))
		if f.toUni == nil && !f.ucs2 {
			f.unmapped = true
			f.warn = "a font has no Unicode mapping; some text could not be read"
		}
		return f
	}

	// Simple fonts.
	f.enc = x.simpleEncoding(v)
	if sub == "Type3" {
		if m := v.Key("FontMatrix"); m.Len() >= 1 {
			if s := m.Index(0).Float64(); s > 0 && s < 1 {
				f.scale = s * 1000
			}
		}
	}
	if fd := v.Key("FontDescriptor"); fd.Kind() == lpdf.Dict {
		if mw := fd.Key("MissingWidth").Float64(); mw > 0 {
			f.missing = mw
		}
	}
	if nums, ok := x.widthsArray(v); ok {
		// What the library would resolve, read directly (see widthsArray;
		// nums is reused by its next call).
		if len(nums) > 0 {
			f.firstChar = int(v.Key("FirstChar").Int64())
			f.widths = append([]float64(nil), nums[:min(len(nums), 256)]...)
			return f
		}
	} else if w := v.Key("Widths"); w.Kind() == lpdf.Array && w.Len() > 0 {
		f.firstChar = int(v.Key("FirstChar").Int64())
		n := min(w.Len(), 256)
		f.widths = make([]float64, n)
		for i := 0; i < n; i++ {
			f.widths[i] = w.Index(i).Float64()
		}
		return f
	}
	f.std, f.fixed = standardMetrics(base)
	return f
}

// readW reads a CIDFont /W array: "c [w1 w2 ...]" and "cfirst clast w".
func (f *font) readW(w lpdf.Value) {
	if w.Kind() != lpdf.Array {
		return
	}
	f.cidW = map[uint32]float64{}
	n := min(w.Len(), maxWidthEntries)
	for i := 0; i < n; {
		first := w.Index(i)
		if i+1 >= n {
			return
		}
		next := w.Index(i + 1)
		if next.Kind() == lpdf.Array {
			c := uint32(first.Int64())
			for j := 0; j < next.Len() && len(f.cidW) < maxWidthEntries; j++ {
				f.cidW[c+uint32(j)] = next.Index(j).Float64()
			}
			i += 2
			continue
		}
		if i+2 >= n {
			return
		}
		if len(f.cidRanges) < 10_000 {
			f.cidRanges = append(f.cidRanges, cidRange{uint32(first.Int64()), uint32(next.Int64()), w.Index(i + 2).Float64()})
		}
		i += 3
	}
}

// simpleEncoding builds the code-to-rune table of a simple font from
// /Encoding (a name, or a dict with /BaseEncoding and /Differences).
func (x *extractor) simpleEncoding(v lpdf.Value) *encodingTable {
	enc := v.Key("Encoding")
	baseName := enc.Name()
	if enc.Kind() == lpdf.Dict {
		baseName = enc.Key("BaseEncoding").Name()
	}
	var base *encodingTable
	switch baseName {
	case "MacRomanEncoding":
		base = macRomanEnc
	case "StandardEncoding":
		base = standardEnc
	default:
		base = winAnsiEnc
	}
	if enc.Kind() != lpdf.Dict {
		return base
	}
	diffs := enc.Key("Differences")
	if diffs.Kind() != lpdf.Array || diffs.Len() == 0 || diffs.Len() > 1024 {
		return base
	}
	t := *base
	code := -1
	for i := 0; i < diffs.Len(); i++ {
		d := diffs.Index(i)
		switch d.Kind() {
		case lpdf.Integer:
			code = int(d.Int64())
		case lpdf.Name:
			if code >= 0 && code < 256 {
				t[code] = glyphRune(d.Name(), diffs, byte(code))
			}
			code++
		}
	}
	return &t
}

// glyphRune resolves a glyph name: the Adobe glyph list first (as the
// library's dictionary encoder reads /Differences: see differencesRune),
// then uniXXXX / uXXXX[XX] names.
func glyphRune(name string, diffs lpdf.Value, code byte) rune {
	if r := differencesRune(diffs, code); r != rune(code) {
		return r
	}
	if r, ok := parseUniName(name); ok {
		return r
	}
	if len(name) == 1 && name[0] >= 0x20 && name[0] < 0x7f {
		return rune(name[0])
	}
	if rune(code) >= 0x20 && code < 0x7f && strings.EqualFold(name, asciiNames[code-0x20]) {
		return rune(code)
	}
	return 0
}

func parseUniName(name string) (rune, bool) {
	var hex string
	switch {
	case strings.HasPrefix(name, "uni") && len(name) >= 7:
		hex = name[3:7]
	case strings.HasPrefix(name, "u") && len(name) >= 5 && len(name) <= 7:
		hex = name[1:]
	default:
		return 0, false
	}
	var r rune
	for i := 0; i < len(hex); i++ {
		v, ok := unhex(hex[i])
		if !ok {
			return 0, false
		}
		r = r<<4 | rune(v)
	}
	if r < 0x20 || r > 0x10ffff || (r >= 0xd800 && r < 0xe000) {
		return 0, false
	}
	return r, true
}

// asciiNames are the glyph names of printable ASCII (for names the library
// maps back to the same code, which glyphRune cannot tell from "unknown").
var asciiNames = [95]string{
	"space", "exclam", "quotedbl", "numbersign", "dollar", "percent", "ampersand", "quotesingle",
	"parenleft", "parenright", "asterisk", "plus", "comma", "hyphen", "period", "slash",
	"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
	"colon", "semicolon", "less", "equal", "greater", "question", "at",
	"A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P", "Q", "R", "S", "T", "U", "V", "W", "X", "Y", "Z",
	"bracketleft", "backslash", "bracketright", "asciicircum", "underscore", "grave",
	"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z",
	"braceleft", "bar", "braceright", "asciitilde",
}

// standardMetrics returns built-in widths for a Standard-14 font name (and
// common aliases such as Arial and Times New Roman).
func standardMetrics(base string) (*[224]uint16, float64) {
	if i := strings.IndexByte(base, '+'); i == 6 {
		base = base[i+1:]
	}
	n := strings.ToLower(base)
	n = strings.NewReplacer("-", "", ",", "", " ", "", "_", "").Replace(n)
	bold := strings.Contains(n, "bold") || strings.Contains(n, "black") || strings.Contains(n, "heavy")
	switch {
	case strings.HasPrefix(n, "courier"):
		return nil, 600
	case strings.HasPrefix(n, "helvetica") || strings.HasPrefix(n, "arial"):
		if bold {
			return &helveticaBoldWidths, 0
		}
		return &helveticaWidths, 0
	case strings.HasPrefix(n, "times"):
		return &timesWidths, 0
	}
	return nil, 0
}

// decode returns the glyph of the first code in s (which must not be
// empty) and the rest of s.
func (f *font) decode(s string) (glyph, string) {
	if !f.type0 {
		return f.simpleGlyph(s[0]), s[1:]
	}
	n := 2
	switch {
	case f.codes != nil && len(f.codes.spaces) > 0:
		n = f.codes.codeLen(s, 2)
	case f.toUni != nil && len(f.toUni.spaces) > 0:
		n = f.toUni.codeLen(s, 2)
	}
	n = max(1, min(n, len(s)))
	return f.cidGlyph(n, beUint(s[:n])), s[n:]
}

// simpleGlyph decodes a simple font's single-byte code.
func (f *font) simpleGlyph(c byte) glyph {
	if f.glyphIdx != nil && f.glyphIdx[c] != 0 {
		return f.glyphList[f.glyphIdx[c]-1]
	}
	var text string
	ok := false
	if f.toUni != nil {
		text, ok = f.toUni.lookup(1, uint32(c))
	}
	if !ok {
		if r := f.enc[c]; r != 0 {
			text = runeText(r)
		}
	}
	g := glyph{text: cleanText(text), w: f.simpleWidth(c, text), space: c == ' '}
	if f.cacheable {
		if f.glyphIdx == nil {
			f.glyphIdx = new([256]uint16)
		}
		f.glyphList = append(f.glyphList, g)
		f.glyphIdx[c] = uint16(len(f.glyphList))
	}
	return g
}

// cidGlyph decodes a Type0 font's n-byte code.
func (f *font) cidGlyph(n int, code uint32) glyph {
	key := codeKey(n, code)
	if g, ok := f.cids[key]; ok {
		return g
	}
	var text string
	if f.toUni != nil {
		text, _ = f.toUni.lookup(n, code)
	}
	if text == "" && f.ucs2 {
		text = string(rune(code))
	}
	g := glyph{text: cleanText(text), w: f.cidWidth(code)}
	if f.cacheable && len(f.cids) < maxCachedCIDs {
		if f.cids == nil {
			f.cids = map[uint64]glyph{}
		}
		f.cids[key] = g
	}
	return g
}

// asciiText holds every ASCII character, so that runeText can return
// one-character strings without allocating.
const asciiText = "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f" +
	"\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f" +
	" !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\x7f"

// runeText returns string(r).
func runeText(r rune) string {
	if r >= 0 && r < 0x80 {
		return asciiText[r : r+1]
	}
	return string(r)
}

func (f *font) cidWidth(cid uint32) float64 {
	if w, ok := f.cidW[cid]; ok {
		return w
	}
	for _, r := range f.cidRanges {
		if cid >= r.lo && cid <= r.hi {
			return r.w
		}
	}
	return f.dw
}

func (f *font) simpleWidth(c byte, text string) float64 {
	if f.widths != nil {
		if i := int(c) - f.firstChar; i >= 0 && i < len(f.widths) {
			return f.widths[i] * f.scale
		}
		return f.missing
	}
	if f.fixed > 0 {
		return f.fixed
	}
	if f.std != nil {
		r := f.enc[c]
		if rs := []rune(text); len(rs) == 1 {
			r = rs[0]
		}
		if wc, ok := winAnsiCode()[r]; ok {
			return float64(f.std[wc-32])
		}
		if c >= 32 {
			return float64(f.std[c-32])
		}
	}
	return f.missing
}

// differencesRune is what the library's dictionary encoder (the Encoder of
// a font whose /Encoding is a dictionary) decodes code to: the glyph list's
// rune for the first name that /Differences gives code and the list knows,
// else code itself. The library is no longer asked: its glyph list is a map
// literal that every process linking the encoder built at start-up (0.4-0.7
// ms of each document worker's start); glyphlist.go holds the same list as
// sorted arrays, which cost nothing until they are searched.
func differencesRune(diffs lpdf.Value, code byte) rune {
	n := -1
	for j := 0; j < diffs.Len(); j++ {
		x := diffs.Index(j)
		switch x.Kind() {
		case lpdf.Integer:
			n = int(x.Int64())
		case lpdf.Name:
			if int(code) == n {
				if r := glyphListRune(x.Name()); r != 0 {
					return r
				}
			}
			n++
		}
	}
	return rune(code)
}

//go:generate go run gen_glyphlist.go

// glyphListRune returns the rune the Adobe glyph list gives name, or 0.
func glyphListRune(name string) rune {
	if i, ok := slices.BinarySearch(glyphNames[:], name); ok {
		return rune(glyphRunes[i])
	}
	return 0
}
