package pdf

import (
	"fmt"
	"math"

	lpdf "github.com/ledongthuc/pdf"
)

// matrix is an affine transform [a b c d e f].
type matrix [6]float64

var identity = matrix{1, 0, 0, 1, 0, 0}

// mul returns m×n: apply m, then n.
func (m matrix) mul(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

func (m matrix) apply(x, y float64) (float64, float64) {
	return x*m[0] + y*m[2] + m[4], x*m[1] + y*m[3] + m[5]
}

func translate(tx, ty float64) matrix { return matrix{1, 0, 0, 1, tx, ty} }

func matrixOf(args []operand) (matrix, bool) {
	var m matrix
	if len(args) < 6 {
		return m, false
	}
	for i := 0; i < 6; i++ {
		a := args[len(args)-6+i]
		if a.k != kNum || math.IsNaN(a.num) || math.IsInf(a.num, 0) {
			return m, false
		}
		m[i] = a.num
	}
	return m, true
}

// textRun is text drawn on one baseline with no large gaps, in default
// user space. y is the baseline; size the font size in user space. Its
// text is [off, end) in the page's text buffer (pageWalker.buf).
type textRun struct {
	x0, x1, y, size float64
	off, end        int
}

// text returns the run's text in the page's text buffer.
func (r *textRun) text(buf []byte) []byte { return buf[r.off:r.end:r.end] }

type gstate struct {
	ctm                  matrix
	font                 *font
	fontSize             float64
	tc, tw, th, tl, rise float64
}

// resources is one use of a resource dictionary (a page, or one drawing
// of a form XObject) with the fonts its Tf operators selected.
type resources struct {
	d     *resDict
	fonts map[string]*font
}

func newResources(d *resDict) *resources {
	return &resources{d: d, fonts: map[string]*font{}}
}

// resDict is a resource dictionary with the entries resolved from it so
// far. Every page or form XObject that reads the same dictionary shares
// one, so that each /Font and /XObject entry is resolved (parsed again
// from the file by the library) once per Extract call rather than once per
// page or drawing: resolving is a pure function of the dictionary. Only
// successful resolutions are kept, so a damaged entry fails again, as
// before, wherever it is used; everything after resolution (the font
// cache, limits, warnings) still runs for every use.
type resDict struct {
	v     lpdf.Value
	fonts map[string]fontRef
	xobjs map[string]xobjRef
}

// maxResolved bounds the entries a resDict keeps per kind; names beyond it
// are resolved on every use.
const maxResolved = 1024

// fontRef is a resolved /Font entry.
type fontRef struct {
	v    lpdf.Value
	dict bool
	key  string // the font dictionary's text (its identity), when dict
}

// xobjRef is a resolved /XObject entry with, once a drawing has looked it
// up, its own /Resources.
type xobjRef struct {
	v      lpdf.Value
	sub    *resDict
	subSet bool
}

// resDictFor returns the resDict of r, read from parent: one per indirect
// object, so pages that each name the same resource object share it, and a
// new one for a direct dictionary (pages inheriting one ancestor's
// dictionary already share that ancestor's resDict).
func (x *extractor) resDictFor(r, parent lpdf.Value) *resDict {
	ref, ok := indirect(r, parent)
	if !ok {
		return &resDict{v: r}
	}
	if d, ok := x.resDicts[ref]; ok {
		return d
	}
	d := &resDict{v: r}
	if x.resDicts == nil {
		x.resDicts = map[objRef]*resDict{}
	}
	x.resDicts[ref] = d
	return d
}

// font resolves /Font/name. It may panic; nothing is kept then.
func (x *extractor) font(d *resDict, name string) fontRef {
	if fr, ok := d.fonts[name]; ok {
		return fr
	}
	fonts := d.v.Key("Font")
	fv := fonts.Key(name)
	fr := fontRef{v: fv, dict: fv.Kind() == lpdf.Dict}
	if fr.dict {
		fr.key = x.textOf(fv, fonts)
	}
	if len(d.fonts) < maxResolved {
		if d.fonts == nil {
			d.fonts = map[string]fontRef{}
		}
		d.fonts[name] = fr
	}
	return fr
}

// xobject resolves /XObject/name. It may panic; nothing is kept then.
func (x *extractor) xobject(d *resDict, name string) *xobjRef {
	if xr, ok := d.xobjs[name]; ok {
		return &xr
	}
	xr := xobjRef{v: d.v.Key("XObject").Key(name)}
	if len(d.xobjs) < maxResolved {
		if d.xobjs == nil {
			d.xobjs = map[string]xobjRef{}
		}
		d.xobjs[name] = xr
	}
	return &xr
}

// xobjectResources returns a form XObject's own /Resources, or nil. It may
// panic; nothing is kept then.
func (x *extractor) xobjectResources(d *resDict, name string, xr *xobjRef) *resDict {
	if xr.subSet {
		return xr.sub
	}
	var sub *resDict
	if r := xr.v.Key("Resources"); r.Kind() == lpdf.Dict {
		sub = x.resDictFor(r, xr.v)
	}
	if cur, ok := d.xobjs[name]; ok {
		cur.sub, cur.subSet = sub, true
		d.xobjs[name] = cur
	}
	return sub
}

// pageWalker runs one page's content streams.
type pageWalker struct {
	x         *extractor
	page      int
	ops       int
	xobjCalls int
	images    int
	runs      []textRun
	cur       int    // index of the run being extended (always the last run), or -1
	buf       []byte // the text of every run, in order: the current run's text is its tail
	gs        gstate
	stack     []gstate
	tm, tlm   matrix
	stop      bool
	warned    map[string]bool
}

func (x *extractor) newWalker(page int) *pageWalker {
	// Field by field: a composite literal is built in a stack temporary as
	// large as the walker, which deepens the stack under every page.
	w := new(pageWalker)
	w.x, w.page, w.cur = x, page, -1
	w.gs.ctm, w.gs.th, w.gs.font = identity, 1, fallbackFont
	w.tm, w.tlm = identity, identity
	w.warned = map[string]bool{}
	w.runs, w.buf = x.runList[:0], x.runBuf[:0]
	return w
}

func (w *pageWalker) warnOnce(msg string) {
	if !w.warned[msg] {
		w.warned[msg] = true
		w.x.warn(fmt.Sprintf("page %d: %s", w.page, msg))
	}
}

// run interprets content with the given resources at XObject depth.
func (w *pageWalker) run(content string, res *resources, depth int) {
	l := &lexer{b: content}
	l.run(func(op string, args []operand) bool {
		if w.stop {
			return false
		}
		w.ops++
		if w.ops > w.x.lim.MaxOpsPerPage {
			w.warnOnce("too many drawing operations; text may be incomplete")
			w.stop = true
			return false
		}
		w.op(op, args, res, depth)
		return !w.stop
	})
}

func num(args []operand, i int) (float64, bool) {
	if i < 0 || i >= len(args) || args[i].k != kNum || math.IsNaN(args[i].num) || math.IsInf(args[i].num, 0) {
		return 0, false
	}
	return args[i].num, true
}

// last returns the operand n places from the end (the operator's own
// operands sit at the end of the stack).
func last(args []operand, n int) (operand, bool) {
	if len(args) < n {
		return operand{}, false
	}
	return args[len(args)-n], true
}

func lastNum(args []operand, n int) (float64, bool) { return num(args, len(args)-n) }

// op runs one operator. The operators with sizeable temporaries (matrices,
// operands) run in their own methods, so that op's frame, which is on the
// stack under everything a page draws, stays small.
func (w *pageWalker) op(op string, args []operand, res *resources, depth int) {
	g := &w.gs
	switch op {
	case "q":
		if len(w.stack) < 256 {
			w.stack = append(w.stack, *g)
		}
	case "Q":
		if n := len(w.stack); n > 0 {
			*g = w.stack[n-1]
			w.stack = w.stack[:n-1]
		}
	case "cm":
		w.concat(args)
	case "BT":
		w.tm, w.tlm = identity, identity
	case "Tf":
		w.setFont(args, res)
	case "Tc":
		if v, ok := lastNum(args, 1); ok {
			g.tc = v
		}
	case "Tw":
		if v, ok := lastNum(args, 1); ok {
			g.tw = v
		}
	case "Tz":
		if v, ok := lastNum(args, 1); ok {
			g.th = v / 100
		}
	case "TL":
		if v, ok := lastNum(args, 1); ok {
			g.tl = v
		}
	case "Ts":
		if v, ok := lastNum(args, 1); ok {
			g.rise = v
		}
	case "Td", "TD":
		w.moveText(op == "TD", args)
	case "Tm":
		w.setTextMatrix(args)
	case "T*":
		w.nextLine()
	case "Tj":
		w.showLast(args)
	case "'":
		w.nextLine()
		w.showLast(args)
	case "\"":
		w.showSpaced(args)
	case "TJ":
		w.showArray(args)
	case "Do":
		w.do(args, res, depth)
	}
}

// concat is cm.
func (w *pageWalker) concat(args []operand) {
	if m, ok := matrixOf(args); ok {
		w.gs.ctm = m.mul(w.gs.ctm)
	}
}

// setFont is Tf.
func (w *pageWalker) setFont(args []operand, res *resources) {
	name, ok1 := last(args, 2)
	size, ok2 := lastNum(args, 1)
	if ok1 && ok2 && name.k == kName {
		w.gs.font = w.x.fontFor(res, name.s, w)
		w.gs.fontSize = size
	}
}

// moveText is Td, or TD.
func (w *pageWalker) moveText(td bool, args []operand) {
	tx, ok1 := lastNum(args, 2)
	ty, ok2 := lastNum(args, 1)
	if ok1 && ok2 {
		if td {
			w.gs.tl = -ty
		}
		w.tlm = translate(tx, ty).mul(w.tlm)
		w.tm = w.tlm
	}
}

// setTextMatrix is Tm.
func (w *pageWalker) setTextMatrix(args []operand) {
	if m, ok := matrixOf(args); ok {
		w.tm, w.tlm = m, m
	}
}

// showLast shows the last operand if it is a string (Tj, ').
func (w *pageWalker) showLast(args []operand) {
	if s, ok := last(args, 1); ok && s.k == kStr {
		w.show(s.s)
	}
}

// showSpaced is ".
func (w *pageWalker) showSpaced(args []operand) {
	aw, ok1 := lastNum(args, 3)
	ac, ok2 := lastNum(args, 2)
	s, ok3 := last(args, 1)
	if ok1 && ok2 {
		w.gs.tw, w.gs.tc = aw, ac
	}
	w.nextLine()
	if ok3 && s.k == kStr {
		w.show(s.s)
	}
}

// showArray is TJ.
func (w *pageWalker) showArray(args []operand) {
	a, ok := last(args, 1)
	if !ok || a.k != kArray {
		return
	}
	g := &w.gs
	for _, e := range a.arr {
		switch e.k {
		case kStr:
			w.show(e.s)
		case kNum:
			tx := -e.num / 1000 * g.fontSize * g.th
			w.tm = translate(tx, 0).mul(w.tm)
		}
		if w.stop {
			return
		}
	}
}

// do is Do.
func (w *pageWalker) do(args []operand, res *resources, depth int) {
	if n, ok := last(args, 1); ok && n.k == kName {
		w.doXObject(n.s, res, depth)
	}
}

func (w *pageWalker) nextLine() {
	w.tlm = translate(0, -w.gs.tl).mul(w.tlm)
	w.tm = w.tlm
}

// show draws a string: each glyph is placed, added to a run, and the text
// matrix advanced by its width plus character and word spacing.
func (w *pageWalker) show(s string) {
	g := &w.gs
	f := g.font
	if f == nil || f == fallbackFont {
		f = w.x.fallback()
	}
	if f.unmapped {
		w.warnOnce("some text uses a font without a Unicode mapping and was skipped")
	}
	// The loops keep the text matrix and the CTM in scalar locals (arrays
	// live in memory) and write the matrix products out with the same
	// operations in the same order as mul and apply, so every position is
	// bit for bit what they would give (TestShowMatchesMatrixProducts).
	fs, th, rise, tc, tw := g.fontSize, g.th, g.rise, g.tc, g.tw
	c0, c1, c2, c3, c4, c5 := g.ctm[0], g.ctm[1], g.ctm[2], g.ctm[3], g.ctm[4], g.ctm[5]
	t0, t1, t2, t3, t4, t5 := w.tm[0], w.tm[1], w.tm[2], w.tm[3], w.tm[4], w.tm[5]
	// A simple font's decoded glyphs are looked up here directly.
	var idx *[256]uint16
	if !f.type0 && f.cacheable {
		if f.glyphIdx == nil {
			f.glyphIdx = new([256]uint16)
		}
		idx = f.glyphIdx
	}
	next := func(s string) (glyph, string) {
		if idx != nil && idx[s[0]] != 0 {
			return f.glyphList[idx[s[0]]-1], s[1:]
		}
		return f.decode(s)
	}

	// Advancing the text matrix (translate(tx, 0).mul(tm)) changes t0-t3
	// only by adding products with 0, a function of t0-t3 alone: once one
	// step leaves their bits unchanged, no later step changes them. The
	// first loop runs until then (usually one glyph); the second then
	// computes everything that depends only on t0-t3 once per string.
	stable := false
	var gl glyph
	for len(s) > 0 && !w.stop && !stable {
		gl, s = next(s)
		m0, m1 := t0*c0+t1*c2, t0*c1+t1*c3 // m = tm.mul(ctm)
		m2, m3 := t2*c0+t3*c2, t2*c1+t3*c3
		m4, m5 := t4*c0+t5*c2+c4, t4*c1+t5*c3+c5
		x0, y := 0*m0+rise*m2+m4, 0*m1+rise*m3+m5 // m.apply(0, rise)
		adv := gl.w / 1000 * fs * th
		x1 := adv*m0 + rise*m2 + m4 // m.apply(adv, rise)
		size := math.Abs(fs) * math.Hypot(m2, m3)
		w.addGlyph(gl.text, x0, x1, y, size)
		tx := gl.w/1000*fs + tc
		if gl.space {
			tx += tw
		}
		e := tx * th // tm = translate(e, 0).mul(tm):
		n0, n1, n2, n3 := 1*t0+0*t2, 1*t1+0*t3, 0*t0+1*t2, 0*t1+1*t3
		stable = math.Float64bits(n0) == math.Float64bits(t0) && math.Float64bits(n1) == math.Float64bits(t1) &&
			math.Float64bits(n2) == math.Float64bits(t2) && math.Float64bits(n3) == math.Float64bits(t3)
		t0, t1, t2, t3, t4, t5 = n0, n1, n2, n3, e*t0+0*t2+t4, e*t1+0*t3+t5
	}
	if len(s) > 0 && !w.stop {
		m0, m1 := t0*c0+t1*c2, t0*c1+t1*c3
		m2, m3 := t2*c0+t3*c2, t2*c1+t3*c3
		ax, ay, r2 := 0*m0+rise*m2, 0*m1+rise*m3, rise*m2 // the parts of apply that do not change
		z2, z3 := 0*t2, 0*t3
		size := math.Abs(fs) * math.Hypot(m2, m3)
		minSize := max(size, 0.01) // as addGlyph clamps it; size is never NaN
		for len(s) > 0 && !w.stop {
			gl, s = next(s)
			m4, m5 := t4*c0+t5*c2+c4, t4*c1+t5*c3+c5
			x0, y := ax+m4, ay+m5
			adv := gl.w / 1000 * fs * th
			x1 := adv*m0 + r2 + m4
			// addGlyph(gl.text, x0, x1, y, size), with its most common case
			// written out here (a call costs more than the work): a finite
			// one-byte glyph that extends the current run without a space
			// before it. Anything else goes to addGlyph.
			extended := false
			if sum := x0 + x1 + y + size; w.cur >= 0 && len(gl.text) == 1 && sum-sum == 0 { // sum-sum: NaN if not finite
				lo, hi := x0, x1
				if hi < lo {
					lo, hi = hi, lo
				}
				r := &w.runs[w.cur]
				em := r.size // max(r.size, minSize): both are at least 0.01
				if minSize > em {
					em = minSize
				}
				gap := lo - r.x1
				if math.Abs(y-r.y) <= 0.1*em && gap >= -0.5*em && gap <= 2*em &&
					!(gap > 0.2*em && gl.text != " " && r.end > r.off && w.buf[r.end-1] != ' ') &&
					w.x.textBytes < w.x.lim.MaxTextBytes {
					w.x.textBytes++
					w.buf = append(w.buf, gl.text[0])
					r.end = len(w.buf)
					if hi > r.x1 { // r.x1 = max(r.x1, hi)
						r.x1 = hi
					} else if hi == r.x1 {
						r.x1 = max(r.x1, hi) // +0 over -0
					}
					extended = true
				}
			}
			if !extended {
				w.addGlyph(gl.text, x0, x1, y, size)
			}
			tx := gl.w/1000*fs + tc
			if gl.space {
				tx += tw
			}
			e := tx * th
			t4, t5 = e*t0+z2+t4, e*t1+z3+t5
		}
	}
	w.tm = matrix{t0, t1, t2, t3, t4, t5}
}

// addGlyph extends the current run when the glyph follows it on the same
// baseline, inserting a space for a gap over 0.2 em; anything else starts a
// new run (the layout step decides about wider gaps).
func (w *pageWalker) addGlyph(text string, x0, x1, y, size float64) {
	if math.IsNaN(x0+x1+y+size) || math.IsInf(x0+x1+y+size, 0) {
		return
	}
	if size < 0.01 {
		size = 0.01
	}
	if x1 < x0 {
		x0, x1 = x1, x0
	}
	// From here on every value is finite, so the builtin max gives what
	// math.Max gives.
	if w.cur >= 0 {
		r := &w.runs[w.cur]
		em := max(r.size, size)
		gap := x0 - r.x1
		if math.Abs(y-r.y) <= 0.1*em && gap >= -0.5*em && gap <= 2*em {
			// The current run is the last one: its text is the tail of buf.
			if gap > 0.2*em && text != "" && text != " " && r.end > r.off && w.buf[r.end-1] != ' ' {
				w.buf = append(w.buf, ' ')
			}
			if !w.x.addText(len(text)) {
				r.end = len(w.buf)
				w.stop = true
				return
			}
			if len(text) == 1 {
				w.buf = append(w.buf, text[0]) // most glyphs: no memmove call
			} else {
				w.buf = append(w.buf, text...)
			}
			r.end = len(w.buf)
			r.x1 = max(r.x1, x1)
			return
		}
	}
	if text == "" {
		return
	}
	if !w.x.addRun() || !w.x.addText(len(text)) {
		w.stop = true
		return
	}
	off := len(w.buf)
	w.buf = append(w.buf, text...)
	w.runs = append(w.runs, textRun{x0: x0, x1: x1, y: y, size: size, off: off, end: len(w.buf)})
	w.cur = len(w.runs) - 1
}

// doXObject draws a Form XObject (images are only counted).
func (w *pageWalker) doXObject(name string, res *resources, depth int) {
	defer func() {
		if r := recover(); r != nil {
			w.warnOnce("could not read a form XObject")
		}
	}()
	xr := w.x.xobject(res.d, name)
	xo := xr.v
	if xo.Kind() != lpdf.Stream {
		return
	}
	switch xo.Key("Subtype").Name() {
	case "Image":
		w.images++
		return
	case "Form":
	default:
		return
	}
	if depth >= w.x.lim.MaxXObjectDepth {
		w.warnOnce("form XObjects nested too deeply; some were skipped")
		return
	}
	w.xobjCalls++
	if w.xobjCalls > w.x.lim.MaxXObjectCalls {
		w.warnOnce("too many form XObjects; some were skipped")
		return
	}
	data, truncated, err := w.x.readStream(xo, true)
	if truncated {
		w.warnOnce("content too large; text truncated")
	}
	if err != nil && len(data) == 0 {
		w.warnOnce("could not read a form XObject")
		return
	}
	sub := res
	if d := w.x.xobjectResources(res.d, name, xr); d != nil {
		sub = newResources(d)
	}
	saved, savedStack, tm, tlm := w.gs, len(w.stack), w.tm, w.tlm
	if mv := xo.Key("Matrix"); mv.Kind() == lpdf.Array && mv.Len() == 6 {
		var m matrix
		for i := 0; i < 6; i++ {
			m[i] = mv.Index(i).Float64()
		}
		w.gs.ctm = m.mul(w.gs.ctm)
	}
	w.cur = -1
	w.run(string(data), sub, depth+1)
	w.gs, w.stack, w.tm, w.tlm = saved, w.stack[:min(savedStack, len(w.stack))], tm, tlm
	w.cur = -1
}
