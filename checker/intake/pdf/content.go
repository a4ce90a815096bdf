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
// user space. y is the baseline; size the font size in user space.
type textRun struct {
	x0, x1, y, size float64
	text            []byte
}

type gstate struct {
	ctm                  matrix
	font                 *font
	fontSize             float64
	tc, tw, th, tl, rise float64
}

// resources is a resource dictionary with its parsed fonts.
type resources struct {
	v     lpdf.Value
	fonts map[string]*font
}

// pageWalker runs one page's content streams.
type pageWalker struct {
	x         *extractor
	page      int
	ops       int
	xobjCalls int
	images    int
	runs      []textRun
	cur       int // index of the run being extended, or -1
	gs        gstate
	stack     []gstate
	tm, tlm   matrix
	stop      bool
	warned    map[string]bool
}

func (x *extractor) newWalker(page int) *pageWalker {
	return &pageWalker{
		x: x, page: page, cur: -1,
		gs: gstate{ctm: identity, th: 1, font: fallbackFont},
		tm: identity, tlm: identity,
		warned: map[string]bool{},
	}
}

func (w *pageWalker) warnOnce(msg string) {
	if !w.warned[msg] {
		w.warned[msg] = true
		w.x.warn(fmt.Sprintf("page %d: %s", w.page, msg))
	}
}

// run interprets content with the given resources at XObject depth.
func (w *pageWalker) run(content []byte, res *resources, depth int) {
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
		if m, ok := matrixOf(args); ok {
			g.ctm = m.mul(g.ctm)
		}
	case "BT":
		w.tm, w.tlm = identity, identity
	case "Tf":
		name, ok1 := last(args, 2)
		size, ok2 := lastNum(args, 1)
		if ok1 && ok2 && name.k == kName {
			g.font = w.x.fontFor(res, name.s, w)
			g.fontSize = size
		}
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
		tx, ok1 := lastNum(args, 2)
		ty, ok2 := lastNum(args, 1)
		if ok1 && ok2 {
			if op == "TD" {
				g.tl = -ty
			}
			w.tlm = translate(tx, ty).mul(w.tlm)
			w.tm = w.tlm
		}
	case "Tm":
		if m, ok := matrixOf(args); ok {
			w.tm, w.tlm = m, m
		}
	case "T*":
		w.nextLine()
	case "Tj":
		if s, ok := last(args, 1); ok && s.k == kStr {
			w.show(s.s)
		}
	case "'":
		w.nextLine()
		if s, ok := last(args, 1); ok && s.k == kStr {
			w.show(s.s)
		}
	case "\"":
		aw, ok1 := lastNum(args, 3)
		ac, ok2 := lastNum(args, 2)
		s, ok3 := last(args, 1)
		if ok1 && ok2 {
			g.tw, g.tc = aw, ac
		}
		w.nextLine()
		if ok3 && s.k == kStr {
			w.show(s.s)
		}
	case "TJ":
		a, ok := last(args, 1)
		if !ok || a.k != kArray {
			return
		}
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
	case "Do":
		if n, ok := last(args, 1); ok && n.k == kName {
			w.doXObject(n.s, res, depth)
		}
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
	if f == nil {
		f = fallbackFont
	}
	if f.unmapped {
		w.warnOnce("some text uses a font without a Unicode mapping and was skipped")
	}
	fs, th := g.fontSize, g.th
	f.each(s, func(gl glyph) {
		if w.stop {
			return
		}
		m := w.tm.mul(g.ctm)
		x0, y := m.apply(0, g.rise)
		adv := gl.w / 1000 * fs * th
		x1, _ := m.apply(adv, g.rise)
		size := math.Abs(fs) * math.Hypot(m[2], m[3])
		w.addGlyph(cleanText(gl.text), x0, x1, y, size)
		tx := gl.w/1000*fs + g.tc
		if gl.space {
			tx += g.tw
		}
		w.tm = translate(tx*th, 0).mul(w.tm)
	})
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
	if w.cur >= 0 {
		r := &w.runs[w.cur]
		em := math.Max(r.size, size)
		gap := x0 - r.x1
		if math.Abs(y-r.y) <= 0.1*em && gap >= -0.5*em && gap <= 2*em {
			if gap > 0.2*em && text != "" && text != " " && len(r.text) > 0 && r.text[len(r.text)-1] != ' ' {
				r.text = append(r.text, ' ')
			}
			if !w.x.addText(len(text)) {
				w.stop = true
				return
			}
			r.text = append(r.text, text...)
			r.x1 = math.Max(r.x1, x1)
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
	w.runs = append(w.runs, textRun{x0: x0, x1: x1, y: y, size: size, text: []byte(text)})
	w.cur = len(w.runs) - 1
}

// doXObject draws a Form XObject (images are only counted).
func (w *pageWalker) doXObject(name string, res *resources, depth int) {
	defer func() {
		if r := recover(); r != nil {
			w.warnOnce("could not read a form XObject")
		}
	}()
	xo := res.v.Key("XObject").Key(name)
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
	if r := xo.Key("Resources"); r.Kind() == lpdf.Dict {
		sub = &resources{v: r, fonts: map[string]*font{}}
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
	w.run(data, sub, depth+1)
	w.gs, w.stack, w.tm, w.tlm = saved, w.stack[:min(savedStack, len(w.stack))], tm, tlm
	w.cur = -1
}
