package batch

import (
	"fmt"
	"html"
	"math"
	"strings"
	"unicode/utf8"
)

// The charts are inline SVG built here, so that the report needs no script,
// style sheet or font from anywhere. Every piece of text is escaped:
// organisation names come from the referrals.

const (
	chartW    = 760 // width of every chart
	labelW    = 290 // room for the labels of a bar chart
	barX      = 300 // where the bars start
	barMaxW   = 350 // the longest bar
	rowH      = 26
	barH      = 16
	labelRune = 44 // labels longer than this are shortened (the full text is the tooltip)
)

func esc(s string) string { return html.EscapeString(s) }

// short shortens a label for a chart.
func short(s string) string {
	if utf8.RuneCountInString(s) <= labelRune {
		return s
	}
	return string([]rune(s)[:labelRune-1]) + "…"
}

func f1(v float64) string { return fmt.Sprintf("%.1f", v) }

// svgOpen starts a chart with an accessible title and description.
func svgOpen(b *strings.Builder, id, title, desc string, h int) {
	fmt.Fprintf(b, `<svg class="chart" data-chart="%s" role="img" aria-labelledby="%s-t %s-d" viewBox="0 0 %d %d" width="%d" height="%d">`,
		esc(id), esc(id), esc(id), chartW, h, chartW, h)
	fmt.Fprintf(b, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, esc(id), esc(title), esc(id), esc(desc))
}

// hbar is one bar of a horizontal bar chart.
type hbar struct {
	Label   string   // left of the bar
	Tip     string   // tooltip; the label when empty
	Value   float64  // in the chart's units
	Display string   // right of the bar
	Before  *float64 // the baseline's value, drawn as a dashed mark
	Target  *float64 // a target's bound, drawn as a red mark
	Missed  bool     // a target on it was missed
}

// hbarChart draws labelled horizontal bars scaled to max, with gridlines
// and a legend for baseline and target marks when any bar has them.
func hbarChart(id, title, desc string, bars []hbar, max float64, unit Kind) string {
	if max <= 0 {
		max = 1
	}
	marks := false
	for _, bar := range bars {
		if bar.Before != nil || bar.Target != nil {
			marks = true
		}
	}
	top := 8
	h := top + len(bars)*rowH + 24
	if marks {
		h += 22
	}
	var b strings.Builder
	svgOpen(&b, id, title, desc, h)
	bottom := top + len(bars)*rowH
	for i := 0; i <= 4; i++ {
		x := float64(barX) + float64(barMaxW)*float64(i)/4
		v := max * float64(i) / 4
		fmt.Fprintf(&b, `<line class="grid" x1="%s" y1="%d" x2="%s" y2="%d"/>`, f1(x), top, f1(x), bottom)
		fmt.Fprintf(&b, `<text class="tick" x="%s" y="%d" text-anchor="middle">%s</text>`, f1(x), bottom+16, esc(tickLabel(unit, v)))
	}
	for i, bar := range bars {
		y := top + i*rowH
		tip := bar.Tip
		if tip == "" {
			tip = bar.Label
		}
		w := math.Max(0, math.Min(1, bar.Value/max)) * barMaxW
		cls := "bar"
		if bar.Missed {
			cls = "bar missed"
		}
		fmt.Fprintf(&b, `<g class="row"><title>%s: %s</title>`, esc(tip), esc(bar.Display))
		fmt.Fprintf(&b, `<text class="label" x="%d" y="%d" text-anchor="end">%s</text>`, labelW, y+rowH/2+4, esc(short(bar.Label)))
		fmt.Fprintf(&b, `<rect class="track" x="%d" y="%d" width="%d" height="%d"/>`, barX, y+(rowH-barH)/2, barMaxW, barH)
		fmt.Fprintf(&b, `<rect class="%s" x="%d" y="%d" width="%s" height="%d"/>`, cls, barX, y+(rowH-barH)/2, f1(w), barH)
		if bar.Before != nil {
			x := float64(barX) + math.Max(0, math.Min(1, *bar.Before/max))*barMaxW
			fmt.Fprintf(&b, `<line class="before" x1="%s" y1="%d" x2="%s" y2="%d"/>`, f1(x), y+2, f1(x), y+rowH-2)
		}
		if bar.Target != nil {
			x := float64(barX) + math.Max(0, math.Min(1, *bar.Target/max))*barMaxW
			fmt.Fprintf(&b, `<line class="target" x1="%s" y1="%d" x2="%s" y2="%d"/>`, f1(x), y+1, f1(x), y+rowH-1)
		}
		fmt.Fprintf(&b, `<text class="value" x="%d" y="%d">%s</text></g>`, barX+barMaxW+8, y+rowH/2+4, esc(bar.Display))
	}
	if marks {
		y := bottom + 34
		fmt.Fprintf(&b, `<line class="before" x1="%d" y1="%d" x2="%d" y2="%d"/><text class="tick" x="%d" y="%d">baseline</text>`, barX, y-10, barX, y+2, barX+6, y)
		fmt.Fprintf(&b, `<line class="target" x1="%d" y1="%d" x2="%d" y2="%d"/><text class="tick" x="%d" y="%d">target</text>`, barX+90, y-10, barX+90, y+2, barX+96, y)
	}
	b.WriteString(`</svg>`)
	return b.String()
}

func tickLabel(k Kind, v float64) string {
	switch k {
	case KindShare:
		return fmt.Sprintf("%.0f%%", v*100)
	case KindScore:
		return fmt.Sprintf("%.0f", v)
	}
	if v != math.Trunc(v) {
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.0f", v)
}

// niceShareMax picks the scale of a share chart: the smallest of a few
// round maxima at or above v, so that small shares are not drawn as slivers
// and the quarter gridlines fall on whole percentages.
func niceShareMax(v float64) float64 {
	for _, m := range []float64{0.04, 0.08, 0.12, 0.2, 0.4, 0.6, 0.8} {
		if v <= m+1e-9 {
			return m
		}
	}
	return 1
}

// niceCountMax rounds a count up so that quarter gridlines are whole numbers.
func niceCountMax(v float64) float64 {
	if v <= 4 {
		return 4
	}
	step := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*step >= v {
			return m * step
		}
	}
	return 10 * step
}

// matrixChart draws intended routes (rows) against suggested routes
// (columns), each cell shaded by its count; cells where they agree are
// outlined.
func matrixChart(id, title, desc string, rows, cols []string, count func(r, c string) int) string {
	const (
		left  = 170
		head  = 110
		cellW = 62
		cellH = 30
	)
	max := 0
	for _, r := range rows {
		for _, c := range cols {
			max = int(math.Max(float64(max), float64(count(r, c))))
		}
	}
	h := head + len(rows)*cellH + 30
	var b strings.Builder
	svgOpen(&b, id, title, desc, h)
	fmt.Fprintf(&b, `<text class="axis" x="%d" y="14">suggested by the guidance →</text>`, left)
	for j, c := range cols {
		x := left + j*cellW + cellW/2
		fmt.Fprintf(&b, `<text class="label" transform="translate(%d %d) rotate(-40)">%s</text>`, x, head-6, esc(c))
	}
	for i, r := range rows {
		y := head + i*cellH
		fmt.Fprintf(&b, `<text class="label" x="%d" y="%d" text-anchor="end">%s</text>`, left-8, y+cellH/2+4, esc(r))
		for j, c := range cols {
			n := count(r, c)
			x := left + j*cellW
			op := 0.0
			if max > 0 && n > 0 {
				op = 0.12 + 0.88*float64(n)/float64(max)
			}
			cls := "cell"
			if r == c {
				cls = "cell agree"
			}
			fmt.Fprintf(&b, `<g><title>intended %s, suggested %s: %d</title>`, esc(r), esc(c), n)
			fmt.Fprintf(&b, `<rect class="%s" x="%d" y="%d" width="%d" height="%d" fill-opacity="%.2f"/>`, cls, x+1, y+1, cellW-2, cellH-2, op)
			if n > 0 {
				tc := "count"
				if op > 0.55 {
					tc = "count light"
				}
				fmt.Fprintf(&b, `<text class="%s" x="%d" y="%d" text-anchor="middle">%d</text>`, tc, x+cellW/2, y+cellH/2+4, n)
			}
			b.WriteString(`</g>`)
		}
	}
	fmt.Fprintf(&b, `<text class="axis" x="8" y="%d">rows: the route the referrer intended</text>`, head+len(rows)*cellH+20)
	b.WriteString(`</svg>`)
	return b.String()
}

// segment is one part of a stacked bar.
type segment struct {
	Label string
	Count int
	Class string
}

// stackedChart draws one bar split into segments, with a legend.
func stackedChart(id, title, desc string, segs []segment) string {
	total := 0
	for _, s := range segs {
		total += s.Count
	}
	var b strings.Builder
	svgOpen(&b, id, title, desc, 50+22*((len(segs)+1)/2))
	x := 10.0
	const w = chartW - 20
	for _, s := range segs {
		if total == 0 || s.Count == 0 {
			continue
		}
		sw := float64(w) * float64(s.Count) / float64(total)
		fmt.Fprintf(&b, `<rect class="seg %s" x="%s" y="10" width="%s" height="28"><title>%s: %d (%s)</title></rect>`,
			esc(s.Class), f1(x), f1(sw), esc(s.Label), s.Count, pct(float64(s.Count)/float64(total)))
		x += sw
	}
	for i, s := range segs {
		share := 0.0
		if total > 0 {
			share = float64(s.Count) / float64(total)
		}
		lx, ly := 10+(i%2)*370, 52+(i/2)*22
		fmt.Fprintf(&b, `<rect class="seg %s" x="%d" y="%d" width="12" height="12"/><text class="tick" x="%d" y="%d">%s: %d (%s)</text>`,
			esc(s.Class), lx, ly, lx+18, ly+10, esc(s.Label), s.Count, pct(share))
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// orgRow is one organisation in the by-organisation chart.
type orgRow struct {
	Name                    string
	Org                     Organisation
	ScoreMissed, ConsMissed bool
	Delta                   map[string]string // measure to its change, for the table
}

// orgChart draws, for each organisation, its mean score, its share of
// consent problems and its share aimed above the guidance, side by side.
func orgChart(id, title, desc string, rows []orgRow) string {
	const (
		left = 300
		colW = 150
		bw   = 100
		head = 30
	)
	cols := []struct {
		name, class string
		value       func(o Organisation) (float64, string)
	}{
		{"mean score", "bar", func(o Organisation) (float64, string) { return o.ScoreMean / 100, f1(o.ScoreMean) }},
		{"consent problems", "bar consent", func(o Organisation) (float64, string) {
			return shareValue(o.ConsentProblemCount, o.ConsentProblems, o.Checked)
		}},
		{"aimed above guidance", "bar above", func(o Organisation) (float64, string) {
			return shareValue(o.ReferrerHigher, 0, o.Checked)
		}},
	}
	h := head + len(rows)*rowH + 10
	var b strings.Builder
	svgOpen(&b, id, title, desc, h)
	for j, c := range cols {
		fmt.Fprintf(&b, `<text class="axis" x="%d" y="18">%s</text>`, left+j*colW, esc(c.name))
	}
	for i, r := range rows {
		y := head + i*rowH
		fmt.Fprintf(&b, `<g class="row"><title>%s: %d checked</title>`, esc(r.Name), r.Org.Checked)
		fmt.Fprintf(&b, `<text class="label" x="%d" y="%d" text-anchor="end">%s (%d)</text>`, left-10, y+rowH/2+4, esc(short(r.Name)), r.Org.Checked)
		for j, c := range cols {
			v, d := c.value(r.Org)
			x := left + j*colW
			cls := c.class
			if (j == 0 && r.ScoreMissed) || (j == 1 && r.ConsMissed) {
				cls += " missed"
			}
			fmt.Fprintf(&b, `<rect class="track" x="%d" y="%d" width="%d" height="%d"/>`, x, y+(rowH-barH)/2, bw, barH)
			fmt.Fprintf(&b, `<rect class="%s" x="%d" y="%d" width="%s" height="%d"/>`, cls, x, y+(rowH-barH)/2, f1(math.Max(0, math.Min(1, v))*bw), barH)
			fmt.Fprintf(&b, `<text class="value small" x="%d" y="%d">%s</text>`, x+bw+5, y+rowH/2+4, esc(d))
		}
		b.WriteString(`</g>`)
	}
	b.WriteString(`</svg>`)
	return b.String()
}

func shareValue(n int, share float64, of int) (float64, string) {
	n = countOf(n, share, of)
	if of == 0 {
		return 0, "-"
	}
	v := float64(n) / float64(of)
	return v, pct(v)
}

// histogramChart draws the score bands as columns.
func histogramChart(id, title, desc string, bands []Band) string {
	const (
		left = 50
		top  = 10
		h    = 180
		colW = 62
	)
	max := 0
	for _, bd := range bands {
		max = int(math.Max(float64(max), float64(bd.Count)))
	}
	scale := niceCountMax(float64(max))
	var b strings.Builder
	svgOpen(&b, id, title, desc, top+h+40)
	for i := 0; i <= 4; i++ {
		y := float64(top+h) - float64(h)*float64(i)/4
		fmt.Fprintf(&b, `<line class="grid" x1="%d" y1="%s" x2="%d" y2="%s"/>`, left, f1(y), left+len(bands)*colW, f1(y))
		fmt.Fprintf(&b, `<text class="tick" x="%d" y="%s" text-anchor="end">%s</text>`, left-6, f1(y+4), tickLabel(KindCount, scale*float64(i)/4))
	}
	for i, bd := range bands {
		bh := float64(h) * float64(bd.Count) / scale
		x := left + i*colW
		fmt.Fprintf(&b, `<g><title>score %d-%d: %d</title><rect class="bar" x="%d" y="%s" width="%d" height="%s"/>`,
			bd.From, bd.To, bd.Count, x+6, f1(float64(top+h)-bh), colW-12, f1(bh))
		fmt.Fprintf(&b, `<text class="tick" x="%d" y="%d" text-anchor="middle">%d-%d</text></g>`, x+colW/2, top+h+16, bd.From, bd.To)
	}
	fmt.Fprintf(&b, `<text class="axis" x="%d" y="%d">score (100 is complete)</text>`, left, top+h+34)
	b.WriteString(`</svg>`)
	return b.String()
}
