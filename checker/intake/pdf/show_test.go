package pdf

import (
	"math"
	"math/rand"
	"testing"

	"github.com/frontdoorhq/frontdoor/checker/intake/document"
)

// showReference is show as it was before the loop was specialised: one
// matrix product per glyph through mul and apply.
func (w *pageWalker) showReference(s string) {
	g := &w.gs
	f := g.font
	if f == nil || f == fallbackFont {
		f = w.x.fallback()
	}
	fs, th := g.fontSize, g.th
	var gl glyph
	for len(s) > 0 && !w.stop {
		gl, s = f.decode(s)
		m := w.tm.mul(g.ctm)
		x0, y := m.apply(0, g.rise)
		adv := gl.w / 1000 * fs * th
		x1, _ := m.apply(adv, g.rise)
		size := math.Abs(fs) * math.Hypot(m[2], m[3])
		w.addGlyph(gl.text, x0, x1, y, size)
		tx := gl.w/1000*fs + g.tc
		if gl.space {
			tx += g.tw
		}
		w.tm = translate(tx*th, 0).mul(w.tm)
	}
}

// Ensure show places glyphs bit-for-bit as one matrix product per glyph
// does, zero signs, infinities and NaNs included.
func TestShowMatchesMatrixProducts(t *testing.T) {
	special := []float64{0, math.Copysign(0, -1), 1, -1, 0.5, 12, -700, 1e308, -1e308, 1e-320, math.Inf(1), math.Inf(-1), math.NaN()}
	rnd := rand.New(rand.NewSource(1))
	pick := func() float64 {
		if rnd.Intn(3) == 0 {
			return special[rnd.Intn(len(special))]
		}
		return (rnd.Float64() - 0.5) * math.Pow(10, float64(rnd.Intn(8)-2))
	}
	// same compares bits, zero signs included; NaN payloads cannot be
	// observed (positions are only tested with IsNaN and compared) and
	// depend on the compiler's operand order, so any NaN equals any NaN.
	same := func(a, b float64) bool {
		return math.Float64bits(a) == math.Float64bits(b) || (math.IsNaN(a) && math.IsNaN(b))
	}
	sameM := func(a, b matrix) bool {
		for i := range a {
			if !same(a[i], b[i]) {
				return false
			}
		}
		return true
	}
	const text = "Child's name: a  b\xa0\xe9 ()"
	withRuns := 0
	defer func() { t.Logf("%d cases drew text", withRuns) }()
	for i := 0; i < 20000; i++ {
		var gs gstate
		var tm matrix
		for j := range tm {
			tm[j] = pick()
			gs.ctm[j] = pick()
		}
		switch rnd.Intn(4) {
		case 0:
			tm[1], tm[2] = 0, 0
		case 1: // what producers write: [s 0 0 s x y], an identity or scaling CTM
			sz := float64(1 + rnd.Intn(20))
			tm = matrix{sz, 0, 0, sz, float64(rnd.Intn(600)), float64(rnd.Intn(800))}
			gs.ctm = matrix{1, 0, 0, 1, 0, 0}
			if rnd.Intn(2) == 0 {
				gs.ctm = matrix{0.75, 0, 0, 0.75, 10, 20}
			}
			if rnd.Intn(4) == 0 { // a negative zero the first advance turns positive
				tm[1] = math.Copysign(0, -1)
			}
		}
		gs.fontSize, gs.th, gs.tc, gs.tw, gs.rise = pick(), pick(), pick(), pick(), pick()
		if rnd.Intn(2) == 0 {
			gs.fontSize, gs.th, gs.tc, gs.tw, gs.rise = float64(rnd.Intn(30)), 1, 0, 0, 0
		}
		lim := DefaultLimits()
		if rnd.Intn(4) == 0 {
			lim.MaxTextBytes, lim.MaxRuns = 1+rnd.Intn(40), 1+rnd.Intn(6)
		}
		// Each walker has its own extractor, for its own text and run caps.
		xa := &extractor{lim: lim, doc: &document.Document{}, warned: map[string]bool{}}
		xb := &extractor{lim: lim, doc: &document.Document{}, warned: map[string]bool{}}
		a, b := xa.newWalker(1), xb.newWalker(1)
		a.gs, b.gs = gs, gs
		a.gs.font, b.gs.font = fallbackFont, fallbackFont
		a.tm, b.tm = tm, tm
		a.show(text)
		b.showReference(text)
		if !sameM(a.tm, b.tm) || len(a.runs) != len(b.runs) || string(a.buf) != string(b.buf) || a.stop != b.stop ||
			xa.textBytes != xb.textBytes || xa.runs != xb.runs || len(xa.doc.Warnings) != len(xb.doc.Warnings) {
			t.Fatalf("case %d: tm %v vs %v, %d vs %d runs, %q vs %q", i, a.tm, b.tm, len(a.runs), len(b.runs), a.buf, b.buf)
		}
		withRuns += min(len(a.runs), 1)
		for k := range a.runs {
			ra, rb := a.runs[k], b.runs[k]
			if !same(ra.x0, rb.x0) || !same(ra.x1, rb.x1) || !same(ra.y, rb.y) || !same(ra.size, rb.size) || string(ra.text(a.buf)) != string(rb.text(b.buf)) {
				t.Fatalf("case %d run %d: %+v vs %+v", i, k, ra, rb)
			}
		}
	}
}

// Ensure the builtin min and max, which the walker and layout use for
// speed (math.Max is a call into assembly), give what math.Min and
// math.Max give for every argument they get there: positions and sizes of
// drawn glyphs, which are never NaN (addGlyph drops those), and -Inf as a
// starting value. (They differ for a NaN against an infinity.)
func TestBuiltinMinMaxMatchMath(t *testing.T) {
	vals := []float64{math.Inf(1), math.Inf(-1), 0, math.Copysign(0, -1), 1, -1, 1e308, -5e-324}
	for _, a := range vals {
		for _, b := range vals {
			if got, want := max(a, b), math.Max(a, b); math.Float64bits(got) != math.Float64bits(want) {
				t.Errorf("max(%v, %v) = %v, math.Max %v", a, b, got, want)
			}
			if got, want := min(a, b), math.Min(a, b); math.Float64bits(got) != math.Float64bits(want) {
				t.Errorf("min(%v, %v) = %v, math.Min %v", a, b, got, want)
			}
		}
	}
}
