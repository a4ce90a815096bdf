package pdf

import (
	"math"
	"sort"
	"strings"

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
func layout(runs []textRun, page int) ([]document.Line, []cell, []lineGeom) {
	rs := make([]textRun, 0, len(runs))
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
	body := bodySize(rs)
	tolSize := func(a, b float64) float64 {
		s := math.Max(a, b)
		if body > 0 {
			s = math.Min(s, 2*body)
		}
		return s
	}
	var groups [][]textRun
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
func bodySize(rs []textRun) float64 {
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
