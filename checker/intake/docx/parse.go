package docx

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/frontdoorhq/frontdoor/checker/intake/document"
	"github.com/frontdoorhq/frontdoor/internal/plain"
)

// What to do when an element ends; one entry per open element.
const (
	kNone       uint8 = iota
	kSkip             // subtree ignored
	kP                // paragraph
	kT                // text element
	kTbl              // table
	kTr               // table row
	kTc               // table cell (pushed a frame)
	kTxbx             // text-box content (pushed a frame)
	kPr               // property element; ends property mode
	kFfSub            // textInput/checkBox/ddList inside ffData
	kSdt              // content control
	kSdtContent       // content-control content
	kFldBegin         // fldChar begin (may hold ffData)
	kAlt              // mc:AlternateContent
)

// Property modes: inside these elements only property children matter.
const (
	prNone uint8 = iota
	prP
	prTc
	prTr
	prSdt
	prFf
)

const (
	frameBody uint8 = iota
	frameCell
	frameBox
)

// frame is a container of paragraphs: the body, a table cell or a text box.
type frame struct {
	kind       uint8
	tableDepth int    // len(p.tables) when the frame opened
	cell       *cell  // frameCell
	tbl        *table // frameCell: the cell's table
	row        *row   // frameCell: the cell's row
	open       bool   // para is in use
	para       para
	prev       string // last paragraph without fields, for labels
	prevHead   bool
}

type para struct {
	serial  int
	buf     []byte
	lineNo  int
	heading bool
	marks   []mark
}

// mark is a field's place in its paragraph's text.
type mark struct {
	field      int
	start, end int
	checkbox   bool
}

type table struct {
	prev []cellOut // previous row
	row  *row
	// header is the first row of three or more cells, all non-empty and
	// without fields, seen before any row with a field.
	header    []cellOut
	fieldRows bool
}

type row struct {
	lineNo  int
	col     int
	cells   []cellOut
	pending []pending
}

type cell struct {
	col, span int
	vmerge    uint8 // 0 none, 1 restart, 2 continue
	paras     []string
	hasField  bool
}

type cellOut struct {
	col, span int
	text      string
	paras     []string
	static    bool // holds no field
}

// pending is a field in a cell still waiting for a label from its row.
type pending struct {
	field    int
	cell     int
	checkbox bool
}

type fld struct {
	ff          *ffInfo
	result      bool // past fldChar separate
	suppressing bool
	serial      int
	start       int
	frame       *frame
	capturing   bool
	capStart    int
	field       int
	line        int
	ended       bool
}

type ffInfo struct {
	name       string
	kind       string
	checked    int8 // -1 unset, 0, 1
	def        bool
	ddResult   int // -1 unset
	ddDefault  int
	entries    []string
	sub        uint8 // 1 textInput, 2 checkBox, 3 ddList
	nameIsSet  bool
	typeIsDate bool
}

type sdt struct {
	alias, tag  string
	kind        string
	notField    bool
	placeholder bool
	checked     bool
	fullDate    string
	started     bool
	frame       *frame
	serial      int // paragraph serial for run-level controls, 0 for block-level
	start       int
	field       int
	suppressing bool
	capturing   bool
	capStart    int
	replace     string
	row         *row // the open row of a cell-level control
	rowCells    int  // len(row.cells) when it started
}

type parser struct {
	lim  Limits
	part string
	doc  *document.Document

	lineNo    int
	serial    int
	textBytes int
	lastLine  int
	unsorted  bool

	stack  []uint8
	skip   int
	pr     uint8
	inText int

	frames []*frame
	tables []*table
	flds   []*fld
	begins []*fld // fldChar begin elements still open
	sdts   []*sdt
	alts   []bool

	fieldSuppress int
	suppress      int
	captures      int
	log           []byte

	altChunk bool
	scratch  []byte
}

func parse(data []byte, part string, lim Limits) (*document.Document, error) {
	p := &parser{
		lim:  lim,
		part: part,
		doc:  &document.Document{Format: "docx", Lines: []document.Line{}},
	}
	p.frames = append(p.frames, &frame{kind: frameBody})
	s := &scanner{data: data}
	p.stack = make([]uint8, 0, 64)
	tokens := 0
	for {
		kind, err := s.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, partError(part, err, lim)
		}
		if tokens++; tokens > lim.MaxTokens {
			return nil, fail(ErrLimit, msgTooMuch, "%s has more than %s XML tokens", part, plain.Count(lim.MaxTokens))
		}
		switch kind {
		case tokStart:
			if len(p.stack) >= lim.MaxDepth {
				return nil, fail(ErrLimit, msgUnsafe, "%s nests elements deeper than %s", part, plain.Count(lim.MaxDepth))
			}
			k := kNone
			if p.skip == 0 {
				if k, err = p.start(s); err != nil {
					return nil, err
				}
			}
			p.stack = append(p.stack, k)
			if k == kSkip {
				p.skip = len(p.stack)
			}
		case tokEnd:
			if len(p.stack) == 0 {
				return nil, fail(ErrDamaged, msgDamaged, "%s is not well-formed XML: unbalanced end tag", part)
			}
			k := p.stack[len(p.stack)-1]
			p.stack = p.stack[:len(p.stack)-1]
			if p.skip > 0 {
				if len(p.stack) < p.skip {
					p.skip = 0
				}
				continue
			}
			if err := p.end(k); err != nil {
				return nil, err
			}
		case tokText:
			if p.inText > 0 && p.skip == 0 {
				if err := p.emit(s.bytes(s.text)); err != nil {
					return nil, err
				}
			}
		case tokDirective:
			return nil, fail(ErrUnsafe, msgUnsafe, "%s contains a DOCTYPE or other DTD declaration", part)
		}
	}
	if len(p.stack) != 0 {
		return nil, fail(ErrDamaged, msgDamaged, "%s ends before its elements are closed", part)
	}
	if f := p.frames[0]; f.open {
		if err := p.finishPara(f); err != nil {
			return nil, err
		}
	}
	if n := len(p.flds); n > 0 {
		p.doc.Warnings = append(p.doc.Warnings, fmt.Sprintf("%d field codes were not terminated; text after them may be missing", n))
	}
	if p.altChunk {
		p.doc.Warnings = append(p.doc.Warnings, "the document imports content from another part (w:altChunk), which is not read")
	}
	if p.unsorted {
		slices.SortStableFunc(p.doc.Lines, func(a, b document.Line) int { return a.Line - b.Line })
	}
	return p.doc, nil
}

func (p *parser) top() *frame { return p.frames[len(p.frames)-1] }

// curPara returns the open paragraph of the innermost frame, or nil.
func (p *parser) curPara() *para {
	if f := p.top(); f.open {
		return &f.para
	}
	return nil
}

func val(t *scanner) string { return t.attr("val") }

// onoff reads an ST_OnOff value; a missing value means on.
func onoff(t *scanner) bool {
	if v, ok := t.attrBytes("val"); ok {
		switch string(v) {
		case "0", "false", "off":
			return false
		}
	}
	return true
}

func (p *parser) start(t *scanner) (uint8, error) {
	if p.pr != prNone {
		return p.propStart(t), nil
	}
	switch string(t.local()) {
	case "p":
		return kP, p.startPara()
	case "t":
		if p.curPara() != nil {
			p.inText++
			return kT, nil
		}
	case "tab", "ptab":
		return kNone, p.emitString("\t")
	case "br", "cr":
		return kNone, p.emitString("\n")
	case "noBreakHyphen":
		return kNone, p.emitString("-")
	case "sym":
		return kNone, p.emitString(symText(t.attr("font"), t.attr("char")))
	case "tbl":
		p.tables = append(p.tables, &table{})
		return kTbl, nil
	case "tr":
		if len(p.tables) == 0 {
			return kNone, nil
		}
		tb := p.tables[len(p.tables)-1]
		if tb.row != nil {
			if err := p.finishRow(tb); err != nil {
				return kNone, err
			}
		}
		p.lineNo++
		tb.row = &row{lineNo: p.lineNo}
		return kTr, nil
	case "tc":
		if len(p.tables) == 0 || p.tables[len(p.tables)-1].row == nil {
			return kNone, nil
		}
		tb := p.tables[len(p.tables)-1]
		if f := p.top(); f.kind == frameCell && f.tbl == tb {
			return kNone, nil // a cell directly inside a cell of the same table: ignore
		}
		p.frames = append(p.frames, &frame{kind: frameCell, tableDepth: len(p.tables), tbl: tb, row: tb.row,
			cell: &cell{col: tb.row.col, span: 1}})
		return kTc, nil
	case "txbxContent":
		p.frames = append(p.frames, &frame{kind: frameBox, tableDepth: len(p.tables)})
		return kTxbx, nil
	case "pPr":
		p.pr = prP
		return kPr, nil
	case "tcPr":
		p.pr = prTc
		return kPr, nil
	case "trPr":
		p.pr = prTr
		return kPr, nil
	case "sdt":
		s := &sdt{field: -1, frame: p.top()}
		if pp := p.curPara(); pp != nil {
			s.serial = pp.serial
		}
		p.sdts = append(p.sdts, s)
		return kSdt, nil
	case "sdtPr":
		if len(p.sdts) > 0 {
			p.pr = prSdt
			return kPr, nil
		}
		return kSkip, nil
	case "sdtContent":
		if len(p.sdts) > 0 {
			return kSdtContent, p.beginSdt(p.sdts[len(p.sdts)-1])
		}
	case "fldChar":
		return p.fldChar(t)
	case "ffData":
		if n := len(p.flds); n > 0 && p.flds[n-1].ff == nil && !p.flds[n-1].result {
			p.flds[n-1].ff = &ffInfo{checked: -1, ddResult: -1}
			p.pr = prFf
			return kPr, nil
		}
		return kSkip, nil
	case "AlternateContent":
		p.alts = append(p.alts, false)
		return kAlt, nil
	case "Choice":
		if len(p.alts) > 0 {
			p.alts[len(p.alts)-1] = true
		}
	case "Fallback":
		if len(p.alts) > 0 && p.alts[len(p.alts)-1] {
			return kSkip, nil
		}
	case "del", "moveFrom", "delText", "instrText", "delInstrText", "rPr", "tblPr", "tblGrid",
		"tblPrEx", "sectPr", "sdtEndPr", "fldData", "rPrChange", "pPrChange", "commentReference":
		return kSkip, nil
	case "altChunk":
		p.altChunk = true
	}
	return kNone, nil
}

// propStart handles a child of a property element.
func (p *parser) propStart(t *scanner) uint8 {
	local := t.local()
	if bytes.HasSuffix(local, []byte("Change")) {
		return kSkip // the old properties of a tracked change
	}
	switch p.pr {
	case prP:
		f := p.top()
		if !f.open {
			return kNone
		}
		switch string(local) {
		case "pStyle":
			if isHeadingStyle(val(t)) {
				f.para.heading = true
			}
		case "outlineLvl":
			if n, err := strconv.Atoi(val(t)); err == nil && n >= 0 && n <= 8 {
				f.para.heading = true
			}
		}
	case prTc:
		f := p.top()
		if f.kind != frameCell {
			return kNone
		}
		switch string(local) {
		case "gridSpan":
			if n, err := strconv.Atoi(val(t)); err == nil && n > 1 {
				f.cell.span = min(n, 1000)
			}
		case "vMerge":
			if val(t) == "restart" {
				f.cell.vmerge = 1
			} else {
				f.cell.vmerge = 2
			}
		}
	case prTr:
		if string(local) == "gridBefore" && len(p.tables) > 0 {
			if r := p.tables[len(p.tables)-1].row; r != nil && len(r.cells) == 0 {
				if n, err := strconv.Atoi(val(t)); err == nil && n > 0 {
					r.col = min(n, 1000)
				}
			}
		}
	case prSdt:
		s := p.sdts[len(p.sdts)-1]
		switch string(local) {
		case "alias":
			s.alias = val(t)
		case "tag":
			s.tag = val(t)
		case "showingPlcHdr":
			s.placeholder = onoff(t)
		case "text", "richText":
			s.kind = document.KindText
		case "date":
			s.kind = document.KindDate
			s.fullDate = t.attr("fullDate")
		case "dropDownList", "comboBox":
			s.kind = document.KindChoice
		case "checkbox": // w14:checkbox; the legacy w:checkBox differs in case
			s.kind = document.KindCheckbox
		case "checked":
			s.checked = onoff(t)
		case "docPartObj", "docPartList", "group", "picture", "citation", "bibliography", "equation",
			"repeatingSection", "repeatingSectionItem":
			s.notField = true
		}
	case prFf:
		ff := p.flds[len(p.flds)-1].ff
		switch string(local) {
		case "name":
			if !ff.nameIsSet {
				ff.name, ff.nameIsSet = val(t), true
			}
		case "textInput":
			ff.kind, ff.sub = document.KindText, 1
			return kFfSub
		case "checkBox":
			ff.kind, ff.sub = document.KindCheckbox, 2
			return kFfSub
		case "ddList":
			ff.kind, ff.sub = document.KindChoice, 3
			return kFfSub
		case "type":
			if ff.sub == 1 && (val(t) == "date" || val(t) == "currentDate") {
				ff.typeIsDate = true
			}
		case "default":
			switch ff.sub {
			case 2:
				ff.def = onoff(t)
			case 3:
				if n, err := strconv.Atoi(val(t)); err == nil {
					ff.ddDefault = n
				}
			}
		case "checked":
			if ff.sub == 2 {
				ff.checked = 0
				if onoff(t) {
					ff.checked = 1
				}
			}
		case "result":
			if ff.sub == 3 {
				if n, err := strconv.Atoi(val(t)); err == nil {
					ff.ddResult = n
				}
			}
		case "listEntry":
			if ff.sub == 3 && len(ff.entries) < 1000 {
				ff.entries = append(ff.entries, val(t))
			}
		}
	}
	return kNone
}

func isHeadingStyle(id string) bool {
	if strings.EqualFold(id, "Title") {
		return true
	}
	if len(id) < 8 || !strings.EqualFold(id[:7], "heading") {
		return false
	}
	rest := strings.TrimSpace(id[7:])
	return len(rest) == 1 && rest[0] >= '1' && rest[0] <= '9'
}

func (p *parser) end(k uint8) error {
	switch k {
	case kP:
		if f := p.top(); f.open {
			return p.finishPara(f)
		}
	case kT:
		p.inText--
	case kTbl:
		tb := p.tables[len(p.tables)-1]
		if tb.row != nil {
			if err := p.finishRow(tb); err != nil {
				return err
			}
		}
		p.tables = p.tables[:len(p.tables)-1]
	case kTr:
		if tb := p.tables[len(p.tables)-1]; tb.row != nil {
			return p.finishRow(tb)
		}
	case kTc:
		return p.finishCell()
	case kTxbx:
		f := p.top()
		if f.open {
			if err := p.finishPara(f); err != nil {
				return err
			}
		}
		p.frames = p.frames[:len(p.frames)-1]
	case kPr:
		p.pr = prNone
	case kFfSub:
		p.flds[len(p.flds)-1].ff.sub = 0
	case kSdt:
		s := p.sdts[len(p.sdts)-1]
		p.sdts = p.sdts[:len(p.sdts)-1]
		return p.endSdt(s)
	case kFldBegin:
		f := p.begins[len(p.begins)-1]
		p.begins = p.begins[:len(p.begins)-1]
		if f.ff != nil && f.field < 0 && !f.ended {
			kind := f.ff.kind
			if kind == "" {
				kind = document.KindText
			}
			if kind == document.KindText && f.ff.typeIsDate {
				kind = document.KindDate
			}
			f.ff.kind = kind
			idx, err := p.addField(document.Field{Name: f.ff.name, Kind: kind, Line: f.line})
			if err != nil {
				return err
			}
			f.field = idx
		}
	case kAlt:
		p.alts = p.alts[:len(p.alts)-1]
	}
	return nil
}

// emit appends text to the open paragraph unless it is suppressed.
func (p *parser) emit(b []byte) error {
	if p.suppress > 0 || p.fieldSuppress > 0 || len(b) == 0 {
		return nil
	}
	f := p.top()
	if !f.open {
		return nil
	}
	f.para.buf = append(f.para.buf, b...)
	if p.captures > 0 {
		p.log = append(p.log, b...)
	}
	if len(f.para.buf) > p.lim.MaxText || len(p.log) > p.lim.MaxText {
		return p.textLimit()
	}
	return nil
}

func (p *parser) emitString(s string) error {
	if p.suppress > 0 || p.fieldSuppress > 0 || s == "" || !p.top().open {
		return nil
	}
	p.scratch = append(p.scratch[:0], s...)
	return p.emit(p.scratch)
}

func (p *parser) textLimit() error {
	return fail(ErrLimit, msgTooMuch, "%s produces more than %s of text", p.part, plain.Size(p.lim.MaxText))
}

func (p *parser) startPara() error {
	f := p.top()
	if f.open { // a paragraph inside a paragraph of the same frame: close the first
		if err := p.finishPara(f); err != nil {
			return err
		}
	}
	p.serial++
	f.open = true
	f.para.serial = p.serial
	f.para.buf = f.para.buf[:0]
	f.para.marks = f.para.marks[:0]
	f.para.heading = false
	if f.kind == frameCell {
		f.para.lineNo = f.row.lineNo
	} else {
		p.lineNo++
		f.para.lineNo = p.lineNo
	}
	return nil
}

func (p *parser) finishPara(f *frame) error {
	f.open = false
	pa := &f.para
	if p.captures > 0 {
		p.log = append(p.log, '\n')
	}
	unresolved := p.paraLabels(f)
	// Split at line breaks.
	var pieces []string
	rest := pa.buf
	for len(rest) > 0 {
		i := 0
		for i < len(rest) && rest[i] != '\n' {
			i++
		}
		if s := clean(rest[:i]); s != "" {
			pieces = append(pieces, s)
		}
		if i == len(rest) {
			break
		}
		rest = rest[i+1:]
	}
	if len(pa.marks) == 0 && len(pieces) > 0 {
		f.prev, f.prevHead = strings.Join(pieces, " "), pa.heading
	} else if len(pa.marks) > 0 {
		f.prev = ""
	}
	if f.kind == frameCell {
		c := f.cell
		c.paras = append(c.paras, pieces...)
		if len(pa.marks) > 0 {
			c.hasField = true
		}
		r := f.row
		for _, m := range unresolved {
			r.pending = append(r.pending, pending{field: m.field, cell: len(r.cells), checkbox: m.checkbox})
		}
		return nil
	}
	for _, s := range pieces {
		if err := p.addLine(s, pa.lineNo, pa.heading); err != nil {
			return err
		}
	}
	return nil
}

func (p *parser) addLine(text string, lineNo int, heading bool) error {
	if len(p.doc.Lines) >= p.lim.MaxLines {
		return fail(ErrLimit, msgTooMuch, "%s has more than %s lines of text", p.part, plain.Count(p.lim.MaxLines))
	}
	if p.textBytes += len(text); p.textBytes > p.lim.MaxText {
		return p.textLimit()
	}
	if lineNo < p.lastLine {
		p.unsorted = true
	}
	p.lastLine = lineNo
	p.doc.Lines = append(p.doc.Lines, document.Line{Text: text, Line: lineNo, Heading: heading})
	return nil
}

func (p *parser) addField(fl document.Field) (int, error) {
	if len(p.doc.Fields) >= p.lim.MaxFields {
		return 0, fail(ErrLimit, msgTooMuch, "%s has more than %s form fields", p.part, plain.Count(p.lim.MaxFields))
	}
	p.doc.Fields = append(p.doc.Fields, fl)
	return len(p.doc.Fields) - 1, nil
}

func (p *parser) setValue(idx int, v string) error {
	if p.textBytes += len(v); p.textBytes > p.lim.MaxText {
		return p.textLimit()
	}
	p.doc.Fields[idx].Value = v
	return nil
}

// fieldLine is the Line a field starting now sits on.
func (p *parser) fieldLine() int {
	f := p.top()
	if f.open {
		return f.para.lineNo
	}
	if f.kind == frameCell {
		return f.row.lineNo
	}
	if len(p.tables) > f.tableDepth {
		if r := p.tables[len(p.tables)-1].row; r != nil {
			return r.lineNo
		}
	}
	return p.lineNo + 1
}

func (p *parser) finishCell() error {
	f := p.top()
	if f.open {
		if err := p.finishPara(f); err != nil {
			return err
		}
	}
	p.frames = p.frames[:len(p.frames)-1]
	c, tb, r := f.cell, f.tbl, f.row
	out := cellOut{col: c.col, span: c.span, paras: c.paras, static: !c.hasField}
	if c.vmerge == 2 {
		if above := cellAt(tb.prev, c.col); above != nil {
			out.text, out.paras, out.static = above.text, above.paras, above.static
		}
	} else {
		out.text = strings.Join(c.paras, " ")
	}
	r.cells = append(r.cells, out)
	r.col += c.span
	return nil
}

func cellAt(cells []cellOut, col int) *cellOut {
	for i := range cells {
		if c := &cells[i]; col >= c.col && col < c.col+c.span {
			return c
		}
	}
	return nil
}

func (p *parser) finishRow(tb *table) error {
	r := tb.row
	tb.row = nil
	// A header row (see table.header) labels the fields below its cells.
	header := len(tb.header) == len(r.cells)
	for _, pd := range r.pending {
		fl := &p.doc.Fields[pd.field]
		if fl.Label != "" || pd.cell >= len(r.cells) {
			continue
		}
		if header {
			fl.Label = cellLabel(cellAt(tb.header, r.cells[pd.cell].col))
		}
		if fl.Label == "" && pd.cell > 0 {
			fl.Label = cellLabel(&r.cells[pd.cell-1])
		}
		if fl.Label == "" && pd.checkbox && pd.cell+1 < len(r.cells) {
			fl.Label = cellLabel(&r.cells[pd.cell+1])
		}
		if fl.Label == "" {
			fl.Label = cellLabel(cellAt(tb.prev, r.cells[pd.cell].col))
		}
	}
	if len(r.cells) == 1 {
		for _, s := range r.cells[0].paras {
			if err := p.addLine(s, r.lineNo, false); err != nil {
				return err
			}
		}
	} else {
		n := 0
		for _, c := range r.cells {
			n += len(c.text) + len(document.CellSep)
		}
		if n > p.lim.MaxText-p.textBytes {
			return p.textLimit()
		}
		var b strings.Builder
		b.Grow(n)
		empty := true
		for i, c := range r.cells {
			if i > 0 {
				b.WriteString(document.CellSep)
			}
			b.WriteString(c.text)
			empty = empty && c.text == ""
		}
		if !empty {
			if err := p.addLine(b.String(), r.lineNo, false); err != nil {
				return err
			}
		}
	}
	if !tb.fieldRows {
		isHeader := len(r.cells) >= 3
		for _, c := range r.cells {
			tb.fieldRows = tb.fieldRows || !c.static
			isHeader = isHeader && c.static && c.text != ""
		}
		if isHeader && tb.header == nil {
			tb.header = r.cells
		}
	}
	tb.prev = r.cells
	return nil
}

// cellLabel returns a cell's text as a label if the cell holds no field.
func cellLabel(c *cellOut) string {
	if c == nil || !c.static {
		return ""
	}
	return labelText(c.text, true)
}

// labelText trims spaces and colons and keeps at most maxLabel runes (the
// end of s when fromEnd, else its start).
func labelText(s string, fromEnd bool) string {
	s = strings.TrimFunc(s, func(r rune) bool { return r == ':' || unicode.IsSpace(r) })
	if utf8.RuneCountInString(s) <= maxLabel {
		return s
	}
	r := []rune(s)
	if fromEnd {
		r = r[len(r)-maxLabel:]
	} else {
		r = r[:maxLabel]
	}
	return strings.TrimFunc(string(r), unicode.IsSpace)
}

const maxLabel = 100

// paraLabels labels the fields placed in a finished paragraph and returns
// those still without a label.
//
// Labels, in order of preference:
//   - a content control's alias;
//   - for a checkbox, the text after it up to the next field, tab or break
//     ("☒ Physical abuse"), else the text before it;
//   - for other fields, the text before it back to the previous field, tab
//     or break ("Name: [field]");
//   - the previous paragraph in the same cell, text box or body, if it holds
//     no field and is short (in the body or a text box it must also be a
//     heading or end with ':' or '?');
//   - in a table: the header cell above, if the table starts with a header
//     row (three or more non-empty cells without fields, as many as this row);
//     else the previous cell of the row if it holds no field; for a
//     checkbox, the next cell; then the cell above (label row above value row).
//
// Labels are trimmed of spaces and ':' and cut to 100 characters.
func (p *parser) paraLabels(f *frame) []mark {
	pa := &f.para
	var unresolved []mark
	buf := pa.buf
	for i, m := range pa.marks {
		fl := &p.doc.Fields[m.field]
		if fl.Label != "" {
			continue
		}
		prevEnd, nextStart := 0, len(buf)
		if i > 0 {
			prevEnd = min(pa.marks[i-1].end, m.start)
		}
		if i+1 < len(pa.marks) {
			nextStart = max(pa.marks[i+1].start, m.end)
		}
		before := buf[prevEnd:m.start]
		if j := lastIndexAny(before, '\t', '\n'); j >= 0 {
			before = before[j+1:]
		}
		if m.checkbox {
			after := buf[m.end:nextStart]
			if j := indexAny(after, '\t', '\n'); j >= 0 {
				after = after[:j]
			}
			fl.Label = labelText(clean(after), false)
		}
		if fl.Label == "" {
			fl.Label = labelText(clean(before), true)
		}
		if fl.Label == "" && f.prev != "" && utf8.RuneCountInString(f.prev) <= 80 {
			if f.kind == frameCell || f.prevHead || strings.HasSuffix(f.prev, ":") || strings.HasSuffix(f.prev, "?") {
				fl.Label = labelText(f.prev, true)
			}
		}
		if fl.Label == "" {
			unresolved = append(unresolved, m)
		}
	}
	return unresolved
}

// blockLabel labels a block-level content control from its surroundings.
func (p *parser) blockLabel() string {
	f := p.top()
	if f.kind == frameCell {
		r := f.row
		if n := len(r.cells); n > 0 {
			if l := cellLabel(&r.cells[n-1]); l != "" {
				return l
			}
		}
		if f.prev != "" && utf8.RuneCountInString(f.prev) <= 80 {
			return labelText(f.prev, true)
		}
		return cellLabel(cellAt(f.tbl.prev, f.cell.col))
	}
	if len(p.tables) > f.tableDepth { // between cells: a cell-level control
		tb := p.tables[len(p.tables)-1]
		if r := tb.row; r != nil {
			if n := len(r.cells); n > 0 {
				if l := cellLabel(&r.cells[n-1]); l != "" {
					return l
				}
			}
			return cellLabel(cellAt(tb.prev, r.col))
		}
		return ""
	}
	if f.prev != "" && utf8.RuneCountInString(f.prev) <= 80 &&
		(f.prevHead || strings.HasSuffix(f.prev, ":") || strings.HasSuffix(f.prev, "?")) {
		return labelText(f.prev, true)
	}
	return ""
}

func lastIndexAny(b []byte, c1, c2 byte) int {
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] == c1 || b[i] == c2 {
			return i
		}
	}
	return -1
}

func indexAny(b []byte, c1, c2 byte) int {
	for i, c := range b {
		if c == c1 || c == c2 {
			return i
		}
	}
	return -1
}

// clean collapses whitespace (a run containing a tab becomes "\t", any other
// run one space) and trims the ends.
func clean(b []byte) string {
	var out []byte
	pendingSpace, pendingTab := false, false
	simple := true
	for _, c := range b {
		if c >= utf8.RuneSelf || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' {
			simple = false
			break
		}
	}
	if simple && (len(b) == 0 || (b[0] != ' ' && b[len(b)-1] != ' ')) && !bytes.Contains(b, doubleSpace) {
		return string(b)
	}
	out = make([]byte, 0, len(b))
	for i := 0; i < len(b); {
		r, size := rune(b[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(b[i:])
		}
		if unicode.IsSpace(r) {
			if r == '\t' {
				pendingTab = true
			}
			pendingSpace = true
			i += size
			continue
		}
		if pendingSpace && len(out) > 0 {
			if pendingTab {
				out = append(out, '\t')
			} else {
				out = append(out, ' ')
			}
		}
		pendingSpace, pendingTab = false, false
		out = append(out, b[i:i+size]...)
		i += size
	}
	return string(out)
}

var doubleSpace = []byte("  ")

// cleanValue cleans each line of a field value and joins the non-empty
// lines with "\n".
func cleanValue(b []byte) string {
	var lines []string
	for _, l := range strings.Split(string(b), "\n") {
		if s := clean([]byte(l)); s != "" {
			lines = append(lines, s)
		}
	}
	return strings.Join(lines, "\n")
}

// --- content controls ---

func (p *parser) runLevel(s *sdt) bool {
	if s.serial == 0 || s.frame != p.top() {
		return false
	}
	pa := p.curPara()
	return pa != nil && pa.serial == s.serial
}

func (p *parser) beginSdt(s *sdt) error {
	if s.started {
		return nil
	}
	s.started = true
	if s.notField {
		return nil
	}
	if s.kind == "" {
		s.kind = document.KindText // a rich-text control has no type element
	}
	run := p.runLevel(s)
	switch {
	case s.placeholder && s.kind != document.KindCheckbox:
		s.suppressing = true
	case run && s.kind == document.KindCheckbox:
		s.suppressing = true
		s.replace = "☐"
		if s.checked {
			s.replace = "☒"
		}
	case s.kind == document.KindDate && isoDate(s.fullDate) != "":
		if run {
			s.suppressing = true
			s.replace = isoDate(s.fullDate)
		}
	}
	if s.suppressing {
		p.suppress++
	} else if s.kind != document.KindCheckbox {
		s.capturing = true
		if p.captures == 0 {
			p.log = p.log[:0]
		}
		s.capStart = len(p.log)
		p.captures++
	}
	name := s.tag
	if name == "" {
		name = s.alias
	}
	fl := document.Field{Name: name, Label: labelText(s.alias, false), Kind: s.kind, Line: p.fieldLine()}
	if !run && fl.Label == "" {
		fl.Label = p.blockLabel()
	}
	idx, err := p.addField(fl)
	if err != nil {
		return err
	}
	s.field = idx
	if f := p.top(); !run && f.kind != frameCell && len(p.tables) > f.tableDepth {
		if r := p.tables[len(p.tables)-1].row; r != nil {
			s.row, s.rowCells = r, len(r.cells)
		}
	}
	if run {
		s.start = len(p.curPara().buf)
	}
	return nil
}

func (p *parser) endSdt(s *sdt) error {
	if err := p.beginSdt(s); err != nil {
		return err
	}
	if s.field < 0 {
		return nil
	}
	var v string
	if s.suppressing {
		p.suppress--
	}
	if s.capturing {
		v = cleanValue(p.log[min(s.capStart, len(p.log)):])
		p.captures--
	}
	switch {
	case s.kind == document.KindCheckbox:
		v = "no"
		if s.checked {
			v = "yes"
		}
	case s.placeholder:
		v = ""
	case s.kind == document.KindDate && isoDate(s.fullDate) != "":
		v = isoDate(s.fullDate)
	}
	run := p.runLevel(s)
	if run && s.replace != "" {
		if err := p.emitString(s.replace); err != nil {
			return err
		}
	}
	if run {
		pa := p.curPara()
		pa.marks = append(pa.marks, mark{field: s.field, start: min(s.start, len(pa.buf)), end: len(pa.buf),
			checkbox: s.kind == document.KindCheckbox})
	} else if f := p.top(); f.kind == frameCell {
		f.cell.hasField = true
	} else if s.row != nil {
		for i := s.rowCells; i < len(s.row.cells); i++ {
			s.row.cells[i].static = false // cells wrapped by the control
		}
	}
	return p.setValue(s.field, v)
}

// isoDate returns the YYYY-MM-DD part of a w:fullDate, or "".
func isoDate(full string) string {
	if len(full) < 10 {
		return ""
	}
	if _, err := time.Parse("2006-01-02", full[:10]); err != nil {
		return ""
	}
	return full[:10]
}

// --- legacy fields ---

func (p *parser) fldChar(t *scanner) (uint8, error) {
	v, _ := t.attrBytes("fldCharType")
	switch string(v) {
	case "begin":
		if len(p.flds) >= 1000 {
			return kNone, fail(ErrLimit, msgUnsafe, "%s nests more than 1,000 fields", p.part)
		}
		f := &fld{suppressing: true, field: -1, frame: p.top(), line: p.fieldLine()}
		if pa := p.curPara(); pa != nil {
			f.serial, f.start = pa.serial, len(pa.buf)
		}
		p.flds = append(p.flds, f)
		p.begins = append(p.begins, f)
		p.fieldSuppress++
		return kFldBegin, nil
	case "separate":
		if n := len(p.flds); n > 0 && !p.flds[n-1].result {
			f := p.flds[n-1]
			f.result = true
			if f.field < 0 || f.ff.kind == document.KindText || f.ff.kind == document.KindDate {
				f.suppressing = false
				p.fieldSuppress--
			}
			if f.field >= 0 && !f.suppressing {
				f.capturing = true
				if p.captures == 0 {
					p.log = p.log[:0]
				}
				f.capStart = len(p.log)
				p.captures++
			}
		}
	case "end":
		if n := len(p.flds); n > 0 {
			f := p.flds[n-1]
			p.flds = p.flds[:n-1]
			return kNone, p.endFld(f)
		}
	}
	return kNone, nil
}

func (p *parser) endFld(f *fld) error {
	f.ended = true
	if f.suppressing {
		p.fieldSuppress--
	}
	var v string
	if f.capturing {
		v = cleanValue(p.log[min(f.capStart, len(p.log)):])
		p.captures--
	}
	if f.field < 0 {
		return nil // not a form field (PAGE, HYPERLINK, ...): its result text stays
	}
	ff := f.ff
	inject := ""
	switch ff.kind {
	case document.KindCheckbox:
		on := ff.def
		if ff.checked >= 0 {
			on = ff.checked == 1
		}
		v, inject = "no", "☐"
		if on {
			v, inject = "yes", "☒"
		}
	case document.KindChoice:
		i := ff.ddResult
		if i < 0 {
			i = ff.ddDefault
		}
		v = ""
		if i >= 0 && i < len(ff.entries) {
			v = ff.entries[i]
		}
		inject = v
	}
	pa := p.curPara()
	same := pa != nil && f.frame == p.top() && f.serial == pa.serial
	if inject != "" && same {
		if err := p.emitString(inject); err != nil {
			return err
		}
	}
	if same {
		pa.marks = append(pa.marks, mark{field: f.field, start: min(f.start, len(pa.buf)), end: len(pa.buf),
			checkbox: ff.kind == document.KindCheckbox})
	}
	return p.setValue(f.field, v)
}

// symText maps a w:sym character to text. Wingdings and Wingdings 2 box
// glyphs map to ☐ and ☒; other private-use symbols are dropped.
func symText(font, char string) string {
	code, err := strconv.ParseUint(char, 16, 32)
	if err != nil {
		return ""
	}
	pua := code >= 0xF000 && code <= 0xF0FF
	if pua {
		code -= 0xF000
	}
	switch strings.ToLower(strings.TrimSpace(font)) {
	case "wingdings":
		switch code {
		case 0xA8, 0x6F, 0x71, 0x72:
			return "☐"
		case 0xFE, 0xFD, 0x78:
			return "☒"
		case 0xFC:
			return "✓"
		case 0xFB:
			return "✗"
		}
		return ""
	case "wingdings 2":
		switch code {
		case 0xA3, 0x2A:
			return "☐"
		case 0x54, 0x53, 0x52, 0x51:
			return "☒"
		case 0x50:
			return "✓"
		case 0x4F:
			return "✗"
		}
		return ""
	}
	if pua || code < 0x20 || !utf8.ValidRune(rune(code)) || (code >= 0xE000 && code <= 0xF8FF) {
		return ""
	}
	return string(rune(code))
}
