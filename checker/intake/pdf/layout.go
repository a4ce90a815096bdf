package pdf

import (
	"bytes"
	"cmp"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/frontdoorhq/frontdoor/checker/intake/document"
)

// cell is a piece of a laid-out line between cell separators, kept with
// its position for labelling form fields.
type cell struct {
	text            string
	x0, x1, y, size float64
	line            int
}

// lineGeom is a laid-out line's baseline and height.
type lineGeom struct {
	y, size float64
	line    int
}

// layout turns a page's runs into lines:
//  1. stable-sort runs top to bottom, grouping runs whose baselines are
//     within 0.4 × font size of the line's first run into one line;
//  2. sort each line left to right;
//  3. join runs: a gap over 0.2 em becomes a space, over 2 em a cell
//     separator (document.CellSep).
//
// Lines clearly larger than the page's body text are marked as headings.
func layout(runs []textRun, buf []byte, page int) ([]document.Line, []cell, []lineGeom) {
	return new(layoutBufs).layout(runs, buf, page, true)
}

// layoutBufs holds layout's working memory, reused from page to page; the
// lines, cells and geometry it returns never point into it.
type layoutBufs struct {
	groups    [][]textRun
	buf       []byte
	scratch   []byte
	spans     []lineSpan
	cellSpans []cellSpan
}

// cellSpan is a cell whose text is [from, to) in the page's text buffer.
type cellSpan struct {
	c        cell
	from, to int
}

// lineSpan is a line whose text is [from, to) in the page's text buffer.
type lineSpan struct {
	from, to         int // text
	cellFrom, cellTo int // in cellSpans
	maxSize, top     float64
}

// layout is the function layout, with reused memory. It reorders runs.
// Without withCells it returns no cells and no line geometry (only form
// fields need them).
func (lb *layoutBufs) layout(runs []textRun, text []byte, page int, withCells bool) ([]document.Line, []cell, []lineGeom) {
	rs := runs[:0] // drop blank runs in place
	for _, r := range runs {
		if len(bytes.TrimSpace(r.text(text))) != 0 {
			rs = append(rs, r)
		}
	}
	if len(rs) == 0 {
		return nil, nil, nil
	}
	// Coordinates and sizes are finite (addGlyph drops the others), so
	// these orders are strict weak orders, the stable sorts have a unique
	// result, and the builtin min and max below give what math.Min and
	// math.Max give.
	slices.SortStableFunc(rs, func(a, b textRun) int { return cmp.Compare(b.y, a.y) })

	// Very large text (a watermark, a banner) must not widen the tolerance
	// enough to swallow neighbouring lines, so it is capped at twice the
	// body size.
	body := bodySize(rs, text)
	tolSize := func(a, b float64) float64 {
		s := max(a, b)
		if body > 0 {
			s = min(s, 2*body)
		}
		return s
	}
	// Working memory sized once: there are at most as many lines and cells
	// as runs, and a line's text is its runs' text plus at most a
	// separator before each run.
	total := 0
	for _, r := range rs {
		total += r.end - r.off + len(document.CellSep)
	}
	groups := slices.Grow(lb.groups[:0], len(rs))
	defer func() { lb.groups = groups[:0] }()
	start, size := 0, rs[0].size
	for i := 1; i <= len(rs); i++ {
		if i < len(rs) && rs[start].y-rs[i].y <= 0.4*tolSize(size, rs[i].size) {
			size = max(size, rs[i].size)
			continue
		}
		g := rs[start:i]
		slices.SortStableFunc(g, func(a, b textRun) int { return cmp.Compare(a.x0, b.x0) })
		groups = append(groups, g)
		if i < len(rs) {
			start, size = i, rs[i].size
		}
	}

	// Every line's text is built into one buffer, turned into one string
	// for the page. A cell's text is exactly what was written to its line
	// since the cell began (the separator before it excluded), so cells are
	// kept as offsets until that string exists.
	buf, scratch, cellSpans := slices.Grow(lb.buf[:0], total), lb.scratch[:0], slices.Grow(lb.cellSpans[:0], len(rs))
	spans := slices.Grow(lb.spans[:0], len(groups))[:len(groups)]
	defer func() {
		lb.buf, lb.scratch, lb.cellSpans, lb.spans = buf[:0], scratch[:0], cellSpans[:0], spans[:0]
	}()
	for gi, g := range groups {
		ls := &spans[gi]
		*ls = lineSpan{from: len(buf), top: g[0].y, cellFrom: len(cellSpans)}
		cur := -1 // the cell being written, in cellSpans
		maxSize, end := 0.0, math.Inf(-1)
		for i, r := range g {
			t := r.text(text)
			if bytes.Contains(t, []byte("  ")) {
				if utf8.Valid(t) {
					scratch = appendCollapsed(scratch[:0], t)
					t = scratch
				} else {
					t = []byte(collapseSpaces(string(t)))
				}
			}
			maxSize = max(maxSize, r.size)
			if i > 0 {
				em := max(g[i-1].size, r.size)
				gap := r.x0 - end
				switch {
				case gap > 2*em:
					if cur >= 0 {
						cellSpans[cur].to = len(buf)
					}
					cur = -1
					buf = append(buf, document.CellSep...)
					t = bytes.TrimLeft(t, " ")
				case gap > 0.2*em:
					if !(len(buf) > ls.from && buf[len(buf)-1] == ' ') && !(len(t) > 0 && t[0] == ' ') {
						buf = append(buf, ' ')
					}
				}
			}
			if cur < 0 {
				cellSpans = append(cellSpans, cellSpan{c: cell{x0: r.x0, y: r.y, size: r.size}, from: len(buf)})
				cur = len(cellSpans) - 1
			}
			buf = append(buf, t...)
			c := &cellSpans[cur].c
			c.x1 = max(c.x1, r.x1)
			c.size = max(c.size, r.size)
			end = max(end, r.x1)
		}
		if cur >= 0 {
			cellSpans[cur].to = len(buf)
		}
		ls.to, ls.cellTo, ls.maxSize = len(buf), len(cellSpans), maxSize
	}

	pageText := string(buf)
	lines := make([]document.Line, 0, len(groups))
	var geoms []lineGeom
	var cells []cell
	if withCells {
		geoms = make([]lineGeom, 0, len(groups))
		cells = make([]cell, 0, len(cellSpans))
	}
	for _, ls := range spans {
		n := len(lines) + 1
		if !withCells {
			ls.cellTo = ls.cellFrom
		}
		for _, sp := range cellSpans[ls.cellFrom:ls.cellTo] {
			c := sp.c
			c.text, c.line = pageText[sp.from:sp.to], n
			finishCell(&c, &cells)
		}
		s := tidyLine(pageText[ls.from:ls.to])
		if s == "" {
			continue
		}
		lines = append(lines, document.Line{
			Text:    s,
			Page:    page,
			Line:    n,
			Heading: body > 0 && ls.maxSize >= 1.25*body && !strings.Contains(s, document.CellSep) && len(s) < 200,
		})
		if withCells {
			geoms = append(geoms, lineGeom{y: ls.top, size: ls.maxSize, line: n})
		}
	}
	return lines, cells, geoms
}

// appendCollapsed appends valid UTF-8 text to dst with each run of spaces
// collapsed to one, as collapseSpaces does (a space byte is never part of
// a multi-byte character).
func appendCollapsed(dst, text []byte) []byte {
	prev := false
	for _, c := range text {
		if c == ' ' {
			if prev {
				continue
			}
			prev = true
		} else {
			prev = false
		}
		dst = append(dst, c)
	}
	return dst
}

func finishCell(c *cell, cells *[]cell) {
	if c == nil {
		return
	}
	c.text = strings.TrimSpace(c.text)
	if c.text != "" {
		*cells = append(*cells, *c)
	}
}

// bodySize is the font size carrying the most text on the page.
func bodySize(rs []textRun, text []byte) float64 {
	weight := map[float64]int{}
	for _, r := range rs {
		weight[math.Round(r.size*10)/10] += len(r.text(text))
	}
	best, bestW := 0.0, -1
	for s, w := range weight {
		if w > bestW || (w == bestW && s < best) {
			best, bestW = s, w
		}
	}
	return best
}

func collapseSpaces(s string) string {
	if !strings.Contains(s, "  ") {
		return s
	}
	var b strings.Builder
	prev := false
	for _, r := range s {
		if r == ' ' {
			if prev {
				continue
			}
			prev = true
		} else {
			prev = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// tidyLine trims the line, its cells, and drops empty cells.
func tidyLine(s string) string {
	if !strings.Contains(s, document.CellSep) {
		return strings.TrimSpace(s)
	}
	parts := strings.Split(s, document.CellSep)
	out := parts[:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, document.CellSep)
}
