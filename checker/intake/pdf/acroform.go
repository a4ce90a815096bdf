package pdf

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/frontdoorhq/frontdoor/checker/intake/document"
	lpdf "github.com/ledongthuc/pdf"
)

// Field flags (PDF 32000-1, tables 226 and 230).
const (
	flagRadio      = 1 << 15
	flagPushButton = 1 << 16
	flagCombo      = 1 << 17
)

// inherited holds the inheritable field attributes.
type inherited struct {
	ft   string
	ff   int64
	v    lpdf.Value
	hasV bool
	opt  lpdf.Value
}

type fieldWalk struct {
	x         *extractor
	visits    int
	over      bool
	annotPage map[string]int
	pageKey   map[string]int
}

// readForm reads Root/AcroForm/Fields recursively into Document.Fields.
// Full names join /T values with '.'; FT, Ff, V and Opt are inherited; kids
// with /T are fields, kids without are widgets; a dict may be both. A
// visit budget and a depth limit stand in for a visited set, and each node
// is read under recover so that one bad field costs only itself.
func (x *extractor) readForm() {
	defer func() {
		if recover() != nil {
			x.warn("form fields: could not read all fields")
		}
	}()
	acro := x.acroForm()
	if acro.Kind() != lpdf.Dict {
		return
	}
	if !acro.Key("XFA").IsNull() {
		x.warn("XFA form data not supported")
	}
	fields := acro.Key("Fields")
	if fields.Kind() != lpdf.Array {
		return
	}
	fw := &fieldWalk{x: x}
	for i := 0; i < fields.Len() && !fw.over; i++ {
		fw.child(func() lpdf.Value { return x.index(fields, i) }, fields, "", inherited{}, 0)
	}
	if fw.over {
		x.warn("form fields: too many or nested too deeply; some were skipped")
	}
}

// child walks one node, read from parent, under recover.
func (fw *fieldWalk) child(get func() lpdf.Value, parent lpdf.Value, prefix string, inh inherited, depth int) {
	defer func() {
		if recover() != nil {
			fw.x.warn("form fields: could not read a field")
		}
	}()
	fw.walk(get(), parent, prefix, inh, depth)
}

// widget is a widget annotation and the array or dictionary it was read
// from (for its identity; see textOf).
type widget struct {
	v, parent lpdf.Value
}

func (fw *fieldWalk) walk(node, parent lpdf.Value, prefix string, inh inherited, depth int) {
	x := fw.x
	fw.visits++
	if fw.visits > x.lim.MaxFieldVisits || depth > x.lim.MaxFieldDepth || len(x.doc.Fields) >= x.lim.MaxFields {
		fw.over = true
		return
	}
	if node.Kind() != lpdf.Dict {
		return
	}
	name := prefix
	if t := node.Key("T"); t.Kind() == lpdf.String {
		part := strings.ToValidUTF8(cleanText(t.Text()), "")
		if name != "" {
			name += "."
		}
		name += part
	}
	if ft := node.Key("FT").Name(); ft != "" {
		inh.ft = ft
	}
	if ff := node.Key("Ff"); ff.Kind() == lpdf.Integer {
		inh.ff = ff.Int64()
	}
	if v := node.Key("V"); !v.IsNull() {
		inh.v, inh.hasV = v, true
	}
	if opt := node.Key("Opt"); opt.Kind() == lpdf.Array {
		inh.opt = opt
	}
	var widgets []widget
	if node.Key("Subtype").Name() == "Widget" {
		widgets = append(widgets, widget{node, parent})
	}
	kids := node.Key("Kids")
	hasFieldKids := false
	for i := 0; i < kids.Len() && !fw.over; i++ {
		kid := x.index(kids, i)
		if kid.Kind() != lpdf.Dict {
			continue
		}
		if kid.Key("T").Kind() == lpdf.String || (kid.Key("Subtype").Name() != "Widget" && kid.Key("Kids").Kind() == lpdf.Array) {
			hasFieldKids = true
			fw.child(func() lpdf.Value { return kid }, kids, name, inh, depth+1)
			continue
		}
		fw.visits++
		if fw.visits > x.lim.MaxFieldVisits {
			fw.over = true
			return
		}
		widgets = append(widgets, widget{kid, kids})
	}
	if len(widgets) > 0 || (!hasFieldKids && inh.ft != "") {
		fw.emit(node, name, inh, widgets)
	}
}

func (fw *fieldWalk) emit(node lpdf.Value, name string, inh inherited, widgets []widget) {
	f := document.Field{Name: name}
	switch inh.ft {
	case "Tx":
		f.Kind = document.KindText
		f.Value = textValue(inh.v)
	case "Btn":
		switch {
		case inh.ff&flagPushButton != 0:
			return
		case inh.ff&flagRadio != 0:
			f.Kind = document.KindRadio
			f.Value = radioValue(inh, widgets)
		case len(onStates(widgets)) > 1:
			// Check boxes that share one field, each with its own on
			// state ("Yes", "No"), work as a radio group: the state is the
			// option chosen, not whether "the" box is ticked.
			f.Kind = document.KindRadio
			f.Value = radioValue(inh, widgets)
		default:
			f.Kind = document.KindCheckbox
			f.Value = checkboxValue(inh, widgets)
		}
	case "Ch":
		f.Kind = document.KindChoice
		f.Value = choiceValue(inh)
	default:
		return // signatures and unknown types carry no answer
	}
	f.Label = strings.TrimSpace(strings.ToValidUTF8(cleanText(node.Key("TU").Text()), ""))

	// Place the field: the first widget, or for radio groups the leftmost.
	var w widget
	var rect [4]float64
	found := false
	for _, wd := range widgets {
		r, ok := rectOf(wd.v.Key("Rect"))
		if !ok {
			continue
		}
		if !found || (f.Kind == document.KindRadio && r[0] < rect[0]) {
			w, rect, found = wd, r, true
		}
	}
	if found {
		if p := fw.pageOf(w); p > 0 {
			f.Page = p
			pi := &fw.x.pages[p-1]
			label, line := labelFor(pi.cells, pi.lines, rect, f.Kind == document.KindCheckbox || f.Kind == document.KindRadio)
			if f.Label == "" {
				f.Label = label
			}
			f.Line = line
		}
	}
	fw.x.doc.Fields = append(fw.x.doc.Fields, f)
}

func textValue(v lpdf.Value) string {
	var s string
	switch v.Kind() {
	case lpdf.String:
		s = v.Text()
	case lpdf.Name:
		s = v.Name()
	case lpdf.Array:
		var parts []string
		for i := 0; i < v.Len() && i < 1000; i++ {
			parts = append(parts, textValue(v.Index(i)))
		}
		s = strings.Join(parts, ", ")
	case lpdf.Integer, lpdf.Real:
		s = strconv.FormatFloat(v.Float64(), 'f', -1, 64)
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.ToValidUTF8(s, "")
}

// stateOf returns a button state from /V (a name, or a string some
// producers write).
func stateOf(v lpdf.Value) string {
	switch v.Kind() {
	case lpdf.Name:
		return strings.ToValidUTF8(v.Name(), "")
	case lpdf.String:
		return v.Text()
	}
	return ""
}

// widgetState returns the first widget appearance state other than Off.
func widgetState(widgets []widget) string {
	for _, w := range widgets {
		if as := w.v.Key("AS").Name(); as != "" && as != "Off" {
			return strings.ToValidUTF8(as, "")
		}
	}
	return ""
}

func checkboxValue(inh inherited, widgets []widget) string {
	state := ""
	if inh.hasV {
		state = stateOf(inh.v)
	} else {
		state = widgetState(widgets)
	}
	if state == "" || state == "Off" {
		return "no"
	}
	// The on-state names are the normal-appearance keys other than Off.
	var on []string
	for _, w := range widgets {
		for _, k := range w.v.Key("AP").Key("N").Keys() {
			if k != "Off" {
				on = append(on, k)
			}
		}
	}
	if len(on) == 0 {
		return "yes"
	}
	for _, k := range on {
		if k == state {
			return "yes"
		}
	}
	return "no"
}

// onStates returns the distinct on-state names of a button's widgets.
func onStates(widgets []widget) []string {
	var on []string
	for _, w := range widgets {
		for _, k := range w.v.Key("AP").Key("N").Keys() {
			if k != "Off" && !slices.Contains(on, k) {
				on = append(on, k)
			}
		}
	}
	return on
}

func radioValue(inh inherited, widgets []widget) string {
	state := ""
	if inh.hasV {
		state = stateOf(inh.v)
	}
	if state == "" {
		state = widgetState(widgets)
	}
	if state == "Off" {
		return ""
	}
	// With /Opt, states are often indices into the export values.
	if inh.opt.Kind() == lpdf.Array && state != "" {
		if i, err := strconv.Atoi(state); err == nil && i >= 0 && i < inh.opt.Len() {
			if s := optText(inh.opt.Index(i), false); s != "" {
				return s
			}
		}
	}
	return state
}

// optText reads an /Opt entry: a string, or an [export display] pair.
func optText(o lpdf.Value, export bool) string {
	if o.Kind() == lpdf.Array {
		i := 1
		if export {
			i = 0
		}
		return textValue(o.Index(i))
	}
	return textValue(o)
}

func choiceValue(inh inherited) string {
	var vals []string
	switch inh.v.Kind() {
	case lpdf.Array:
		for i := 0; i < inh.v.Len() && i < 1000; i++ {
			vals = append(vals, textValue(inh.v.Index(i)))
		}
	case lpdf.Null:
	default:
		vals = []string{textValue(inh.v)}
	}
	// Show the display text of [export display] options.
	if inh.opt.Kind() == lpdf.Array {
		n := min(inh.opt.Len(), 10_000)
		for vi, v := range vals {
			for i := 0; i < n; i++ {
				o := inh.opt.Index(i)
				if o.Kind() == lpdf.Array && optText(o, true) == v {
					if d := optText(o, false); d != "" {
						vals[vi] = d
					}
					break
				}
			}
		}
	}
	return strings.Join(vals, ", ")
}

func rectOf(v lpdf.Value) ([4]float64, bool) {
	var r [4]float64
	if v.Kind() != lpdf.Array || v.Len() != 4 {
		return r, false
	}
	for i := 0; i < 4; i++ {
		r[i] = v.Index(i).Float64()
		if math.IsNaN(r[i]) || math.IsInf(r[i], 0) {
			return r, false
		}
	}
	if r[0] > r[2] {
		r[0], r[2] = r[2], r[0]
	}
	if r[1] > r[3] {
		r[1], r[3] = r[3], r[1]
	}
	return r, true
}

// pageOf finds a widget's page: through the pages' /Annots, else its /P.
// Dictionaries are matched by their text (see textOf).
func (fw *fieldWalk) pageOf(w widget) int {
	if fw.annotPage == nil {
		fw.indexAnnots()
	}
	if p, ok := fw.annotPage[fw.x.textOf(w.v, w.parent)]; ok {
		return p
	}
	if pv := w.v.Key("P"); pv.Kind() == lpdf.Dict {
		if p, ok := fw.pageKey[fw.x.textOf(pv, w.v)]; ok {
			return p
		}
	}
	return 0
}

func (fw *fieldWalk) indexAnnots() {
	fw.annotPage = map[string]int{}
	fw.pageKey = map[string]int{}
	budget := 50_000
	for i := range fw.x.pages {
		pi := &fw.x.pages[i]
		if pi.key != "" {
			fw.pageKey[pi.key] = i + 1
		}
		func() {
			defer func() { recover() }()
			annots := pi.ref.v.Key("Annots")
			for j := 0; j < annots.Len() && budget > 0; j++ {
				budget--
				a := fw.x.index(annots, j)
				if a.Key("Subtype").Name() == "Widget" {
					if key := fw.x.textOf(a, annots); fw.annotPage[key] == 0 {
						fw.annotPage[key] = i + 1
					}
				}
			}
		}()
	}
}

// labelFor finds the text labelling a widget at rect: the nearest cell
// ending to its left on the same line; for check boxes and radio buttons,
// else the nearest cell starting just to its right; else the nearest cell
// just above. It also returns the line the widget sits on.
func labelFor(cells []cell, lines []lineGeom, rect [4]float64, button bool) (string, int) {
	llx, lly, urx, ury := rect[0], rect[1], rect[2], rect[3]
	onLine := func(c cell) bool { return c.y >= lly-0.5*c.size && c.y <= ury+0.2*c.size }
	best, line := -1, 0
	for i, c := range cells {
		if onLine(c) && c.x1 <= llx+0.5*c.size && (best < 0 || c.x1 > cells[best].x1) {
			best = i
		}
	}
	if button {
		// A box's option is printed right beside it, before ("Yes ☐ No ☐")
		// or after it ("☐ Yes ☐ No"): the nearer side wins, so that the
		// second box of "☐ Yes ☐ No" is "No", not the "Yes" to its left.
		right := -1
		for i, c := range cells {
			if onLine(c) && c.x0 >= urx-0.5*c.size && c.x0-urx <= 3*c.size && (right < 0 || c.x0 < cells[right].x0) {
				right = i
			}
		}
		if right >= 0 && (best < 0 || cells[right].x0-urx < llx-cells[best].x1 && optionText(cells[right].text)) {
			best = right
		}
		if best >= 0 && optionText(cells[best].text) {
			// An untitled box beside "No": the question is the text
			// before the options on its line, or else just above it.
			if q := questionFor(cells, best, rect); q != "" {
				return q + " " + trimLabel(cells[best].text), cells[best].line
			}
		}
	}
	if best >= 0 {
		return trimLabel(cells[best].text), cells[best].line
	}
	// The line the widget sits on, if any text shares it.
	bestD := math.Inf(1)
	mid := (lly + ury) / 2
	for _, l := range lines {
		if l.y >= lly-0.5*l.size && l.y <= ury+0.2*l.size {
			if d := math.Abs(l.y - mid); d < bestD {
				bestD, line = d, l.line
			}
		}
	}
	bestD = math.Inf(1)
	for i, c := range cells {
		up := c.y - ury
		if up < -0.2*c.size || up > math.Max(3*c.size, 30) || c.x0 > urx || c.x1 < llx-50 {
			continue
		}
		d := up + math.Abs(c.x0-llx)/100
		if d < bestD {
			bestD, best = d, i
		}
	}
	if best >= 0 {
		if line == 0 {
			line = cells[best].line
		}
		return trimLabel(cells[best].text), line
	}
	return "", line
}

// optionText reports the text of an answer option printed beside a box:
// "Yes", "No", "Don't know", "N/A".
func optionText(s string) bool {
	switch strings.ToLower(strings.Trim(strings.TrimSpace(s), ":*.()[]")) {
	case "yes", "no", "y", "n", "unknown", "not known", "don't know", "dont know", "n/a", "unsure":
		return true
	}
	return false
}

// questionFor finds the question that the option in cells[opt] answers:
// the nearest cell on its line to the left that is not itself an option,
// else the nearest line above the box.
func questionFor(cells []cell, opt int, rect [4]float64) string {
	o := cells[opt]
	best := -1
	for i, c := range cells {
		if i == opt || c.line != o.line || c.x1 > math.Min(o.x0, rect[0])+0.5*c.size || optionText(c.text) {
			continue
		}
		if best < 0 || c.x1 > cells[best].x1 {
			best = i
		}
	}
	if best < 0 {
		bestD := math.Inf(1)
		for i, c := range cells {
			up := c.y - rect[3]
			if up < 0.2*c.size || up > math.Max(3*c.size, 30) || optionText(c.text) {
				continue
			}
			if d := up + math.Abs(c.x0-rect[0])/100; d < bestD {
				bestD, best = d, i
			}
		}
	}
	if best < 0 {
		return ""
	}
	return trimLabel(cells[best].text)
}

func trimLabel(s string) string {
	return strings.TrimSpace(strings.TrimRight(strings.TrimSpace(s), ":*"))
}
