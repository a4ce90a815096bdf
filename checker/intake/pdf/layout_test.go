package pdf

import (
	"math"
	"math/rand"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/frontdoorhq/frontdoor/checker/intake/document"
)

// refRun is a text run with its own text, as runs were.
type refRun struct {
	x0, x1, y, size float64
	text            []byte
}

// bodySizeReference is bodySize for refRuns.
func bodySizeReference(rs []refRun) float64 {
	weight := map[float64]int{}
	for _, r := range rs {
		weight[math.Round(r.size*10)/10] += len(r.text)
	}
	best, bestW := 0.0, -1
	for s, w := range weight {
		if w > bestW || (w == bestW && s < best) {
			best, bestW = s, w
		}
	}
	return best
}

// layoutReference is layout as it was before it built each page's text in
// one buffer.
func layoutReference(runs []refRun, page int) ([]document.Line, []cell, []lineGeom) {
	rs := make([]refRun, 0, len(runs))
	for _, r := range runs {
		if strings.TrimSpace(string(r.text)) != "" {
			rs = append(rs, r)
		}
	}
	if len(rs) == 0 {
		return nil, nil, nil
	}
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].y > rs[j].y })

	// Very large text (a watermark, a banner) must not widen the tolerance
	// enough to swallow neighbouring lines, so it is capped at twice the
	// body size.
	body := bodySizeReference(rs)
	tolSize := func(a, b float64) float64 {
		s := math.Max(a, b)
		if body > 0 {
			s = math.Min(s, 2*body)
		}
		return s
	}
	var groups [][]refRun
	start, size := 0, rs[0].size
	for i := 1; i <= len(rs); i++ {
		if i < len(rs) && rs[start].y-rs[i].y <= 0.4*tolSize(size, rs[i].size) {
			size = math.Max(size, rs[i].size)
			continue
		}
		g := rs[start:i]
		sort.SliceStable(g, func(a, b int) bool { return g[a].x0 < g[b].x0 })
		groups = append(groups, g)
		if i < len(rs) {
			start, size = i, rs[i].size
		}
	}

	var lines []document.Line
	var cells []cell
	var geoms []lineGeom
	for _, g := range groups {
		n := len(lines) + 1
		var text strings.Builder
		var cur *cell
		maxSize, end := 0.0, math.Inf(-1)
		for i, r := range g {
			t := collapseSpaces(string(r.text))
			maxSize = math.Max(maxSize, r.size)
			if i > 0 {
				em := math.Max(g[i-1].size, r.size)
				gap := r.x0 - end
				switch {
				case gap > 2*em:
					finishCell(cur, &cells)
					cur = nil
					text.WriteString(document.CellSep)
					t = strings.TrimLeft(t, " ")
				case gap > 0.2*em:
					s := text.String()
					if !strings.HasSuffix(s, " ") && !strings.HasPrefix(t, " ") {
						text.WriteByte(' ')
						if cur != nil {
							cur.text += " "
						}
					}
				}
			}
			if cur == nil {
				cur = &cell{x0: r.x0, y: r.y, size: r.size, line: n}
			}
			text.WriteString(t)
			cur.text += t
			cur.x1 = math.Max(cur.x1, r.x1)
			cur.size = math.Max(cur.size, r.size)
			end = math.Max(end, r.x1)
		}
		finishCell(cur, &cells)
		s := tidyLine(text.String())
		if s == "" {
			continue
		}
		lines = append(lines, document.Line{
			Text:    s,
			Page:    page,
			Line:    n,
			Heading: body > 0 && maxSize >= 1.25*body && !strings.Contains(s, document.CellSep) && len(s) < 200,
		})
		geoms = append(geoms, lineGeom{y: g[0].y, size: maxSize, line: n})
	}
	return lines, cells, geoms
}

// Ensure layout gives exactly what it gave when it built each line and
// cell with its own strings.
func TestLayoutMatchesReference(t *testing.T) {
	rnd := rand.New(rand.NewSource(2))
	pieces := []string{"a", "Name:", " ", "  ", "x  y", " | ", "|", "Zoë", "\u00a0", "’", "  lead", "trail  ", "\u3000", "12/03", "   "}
	for i := 0; i < 8000; i++ {
		n := rnd.Intn(30)
		runs := make([]refRun, n)
		for j := range runs {
			var b strings.Builder
			for k := 0; k < 1+rnd.Intn(3); k++ {
				b.WriteString(pieces[rnd.Intn(len(pieces))])
			}
			size := []float64{0.01, 6, 10, 10, 10, 12, 14, 40}[rnd.Intn(8)]
			x0 := float64(rnd.Intn(60)) * 10 * rnd.Float64()
			y := 700 - float64(rnd.Intn(8))*[]float64{1, 3, 4, 12}[rnd.Intn(4)]
			if rnd.Intn(5) == 0 {
				y = math.Copysign(0, -1)
			}
			runs[j] = refRun{x0: x0, x1: x0 + float64(b.Len())*size*0.5*rnd.Float64(), y: y, size: size, text: []byte(b.String())}
		}
		// The same runs, their text in one buffer.
		var buf []byte
		var trs []textRun
		for _, r := range runs {
			trs = append(trs, textRun{x0: r.x0, x1: r.x1, y: r.y, size: r.size, off: len(buf), end: len(buf) + len(r.text)})
			buf = append(buf, r.text...)
		}
		l1, c1, g1 := layout(trs, buf, 2)
		l2, c2, g2 := layoutReference(append([]refRun(nil), runs...), 2)
		// Callers only append and range over the results: empty equals nil.
		if len(l1) == 0 && len(l2) == 0 {
			l1, l2 = nil, nil
		}
		if len(g1) == 0 && len(g2) == 0 {
			g1, g2 = nil, nil
		}
		if len(c1) == 0 && len(c2) == 0 {
			c1, c2 = nil, nil
		}
		if !reflect.DeepEqual(l1, l2) || !reflect.DeepEqual(c1, c2) || !reflect.DeepEqual(g1, g2) {
			t.Fatalf("case %d: layout differs\n got  %+v\n %+v\n %+v\n want %+v\n %+v\n %+v", i, l1, c1, g1, l2, c2, g2)
		}
	}
}
