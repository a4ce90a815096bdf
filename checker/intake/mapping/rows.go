package mapping

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/frontdoorhq/frontdoor/checker/intake/document"
	"github.com/frontdoorhq/frontdoor/checker/referral"
)

type tableKind uint8

const (
	tFields  tableKind = iota // a header row of labels over a row of values
	tFamily                   // a household table: one member per row
	tAgency                   // an agencies table: one agency per row
	tTick                     // "Question | Yes | No" with ticks in the rows
	tPersons                  // "| Parent/Carer 1 | Parent/Carer 2" over "Name | Lisa | Paul": one person per column
)

// tableState is a table whose header row has been read.
type tableState struct {
	kind   tableKind
	header []string
	res    []res        // tFields: the field of each column
	attrs  []*attribute // tFamily, tAgency: the attribute of each column
	people []res        // tPersons: the family member of each value column
}

const maxCells = 24

// cellCache keeps the normalised words of the cells of one row, so that a
// row read as a header candidate, a value row and pairs is normalised once.
type cellCache struct {
	line   int
	text   [maxCells]string
	words  [maxCells][]string
	state  [maxCells]uint8 // 0 unknown, 1 cannot be a label, 2 words computed
	strong [maxCells]uint8 // 0 unknown, 1 no, 2 yes: a label even where a value is expected
}

// cellStrong reports whether cell j of line i is certainly a label (see
// res.strong); strong matches do not depend on context, so it is cached.
func (m *mapper) cellStrong(i, j int, c string) bool {
	if isRouteID(strings.TrimSpace(c)) {
		return false // a route id ("early-help") is an answer
	}
	ws := m.cellWords(i, j, c)
	if ws == nil {
		return false
	}
	cc := &m.cells[i&1]
	if j < maxCells && cc.line == i && cc.strong[j] != 0 {
		return cc.strong[j] == 2
	}
	r, ok := m.resolveWords(ws, false)
	st := ok && r.strong()
	if j < maxCells && cc.line == i {
		cc.strong[j] = 1
		if st {
			cc.strong[j] = 2
		}
	}
	return st
}

// cellWords returns the normalised words of cell j of line i, or nil when
// the cell cannot be a known label (see normLabel).
func (m *mapper) cellWords(i, j int, c string) []string {
	if j >= maxCells {
		ws, ok := m.t.normLabel(c, m.buf[:0])
		if !ok {
			return nil
		}
		return ws
	}
	cc := &m.cells[i&1]
	if cc.line != i {
		cc.line = i
		cc.state = [maxCells]uint8{}
		cc.strong = [maxCells]uint8{}
	}
	if cc.state[j] != 0 && cc.text[j] == c {
		return cc.words[j]
	}
	cc.text[j], cc.words[j], cc.state[j], cc.strong[j] = c, nil, 1, 0
	start := len(m.arena)
	arena, ok := m.t.normLabel(c, m.arena)
	m.arena = arena
	if !ok {
		return nil
	}
	ws := m.arena[start:len(m.arena):len(m.arena)]
	cc.words[j], cc.state[j] = ws, 2
	return ws
}

// mayBeHeader is a cheap test that a row could be a header: no more than a
// third of its cells cannot be labels.
func (m *mapper) mayBeHeader(i int, cells []string) bool {
	nonEmpty, bad := 0, 0
	for j, c := range cells {
		if c == "" {
			continue
		}
		nonEmpty++
		if m.cellWords(i, j, c) == nil {
			bad++
		}
	}
	return nonEmpty >= 2 && bad*3 <= nonEmpty
}

// row reads a table row (a line with cells).
func (m *mapper) row(i int, cells []string, ln document.Line) {
	loc := referral.Location{Page: ln.Page, Line: ln.Line}
	if len(cells) > maxCells {
		cells = cells[:maxCells]
	}
	if t := m.tbl; t != nil {
		if len(cells) >= 2 && len(cells) <= len(t.header)+1 && (t.kind == tTick || t.kind == tPersons || !m.rowHasLabel(i, cells)) {
			m.tableRow(cells, loc)
			return
		}
		m.tbl = nil
	}
	cells = mergeTicks(splitQuestionCells(cells))
	if len(cells) < 2 {
		m.textLine(cells[0], ln, loc)
		return
	}
	if isTickHeader(cells) {
		m.endCapture()
		m.tbl = &tableState{kind: tTick, header: cells}
		return
	}
	if t := m.personColumns(i, cells); t != nil {
		m.endCapture()
		m.tbl = t
		return
	}
	if isHeaderNoise(cells) {
		return
	}
	if m.nextIsRow(i, len(cells)) && m.mayBeHeader(i, cells) && m.nextIsValueRow(i, len(cells)) {
		if t := m.headerRow(i, cells); t != nil {
			m.endCapture()
			m.tbl = t
			return
		}
	}
	m.pairs(i, cells, ln, loc)
}

// mergeTicks joins option cells ("Yes ☒ | No ☐", "X Yes | No") into one
// value cell.
func mergeTicks(cells []string) []string {
	n := 0
	for _, c := range cells {
		if isTickOption(c) {
			n++
		}
	}
	if n < 2 {
		if n, marked := looseOptions(cells); n >= 2 && marked {
			// "X Yes | No", "Yes | X No": options split into cells where
			// the gap between them was wide; one carries a loose mark.
			return joinRuns(cells, looseOption, "  ")
		}
		return cells
	}
	return joinRuns(cells, isTickOption, " ")
}

// joinRuns joins neighbouring cells that are both options (by isOption)
// into one, sep between them.
func joinRuns(cells []string, isOption func(string) bool, sep string) []string {
	out := cells[:0:0]
	for _, c := range cells {
		if len(out) > 0 && isOption(c) && isOption(out[len(out)-1]) {
			out[len(out)-1] += sep + c
			continue
		}
		out = append(out, c)
	}
	return out
}

// splitQuestionCells splits a cell that holds a question and the first of
// its options ("Interpreter needed? X Yes" | "No") into two cells, so that
// the options can be read together.
func splitQuestionCells(cells []string) []string {
	for j, c := range cells {
		q := strings.LastIndex(c, "? ")
		if q <= 0 || j+1 >= len(cells) {
			continue
		}
		tail := strings.TrimSpace(c[q+2:])
		if !(looseOption(tail) || isTickOption(tail)) || !(looseOption(cells[j+1]) || isTickOption(cells[j+1])) {
			continue
		}
		out := make([]string, 0, len(cells)+1)
		out = append(out, cells[:j]...)
		out = append(out, c[:q+1], tail)
		return append(out, cells[j+1:]...)
	}
	return cells
}

// looseOption reports a cell that is an option word, perhaps with a mark
// that is not a box: "Yes", "X No", "No X", "● Yes".
func looseOption(c string) bool {
	words, n := 0, 0
	for w := range strings.FieldsSeq(c) {
		if words++; words > 2 {
			return false
		}
		switch {
		case isOptionWord(w):
			n++
		case looseMark(w):
		default:
			return false
		}
	}
	return n == 1
}

// isOptionWord reports an option word ("Yes", "n/a") of optionWords, in any case.
func isOptionWord(w string) bool {
	var b [16]byte
	if len(w) <= len(b) && isASCII(w) {
		return optionWords[string(lowerASCII(w, b[:0]))]
	}
	return optionWords[strings.ToLower(w)]
}

func looseMark(w string) bool {
	switch w {
	case "X", "x", "●", "◉", "○", "◯":
		return true
	}
	return false
}

// looseOptions counts the option cells of a row that come one after
// another, and reports whether one of them carries a loose mark.
func looseOptions(cells []string) (int, bool) {
	best, run, marked, any := 0, 0, false, false
	for _, c := range cells {
		if !looseOption(c) {
			run, any = 0, false
			continue
		}
		run++
		for _, w := range strings.Fields(c) {
			if looseMark(w) {
				any = true
			}
		}
		if run > best {
			best = run
		}
		marked = marked || any && run >= 2
	}
	return best, marked
}

func isTickOption(c string) bool {
	if c == "" || len(c) > 40 || !hasBox(c) {
		return false
	}
	return true
}

var optionWords = map[string]bool{"yes": true, "no": true, "unknown": true, "not known": true, "n/a": true,
	"na": true, "y": true, "n": true, "don't know": true, "dont know": true, "unsure": true}

// printedOptions reports a row of a tick table whose option cells only
// repeat the options of the header ("Yes | No" under "Yes | No"): nothing is
// marked.
func printedOptions(cells, header []string) bool {
	n := 0
	for j := 1; j < len(cells) && j < len(header); j++ {
		c := strings.TrimSpace(cells[j])
		switch {
		case c == "":
		case strings.EqualFold(c, strings.TrimSpace(header[j])):
			n++
		default:
			return false
		}
	}
	return n >= 2
}

// isTickHeader reports a header row of answer columns: "Question | Yes | No".
func isTickHeader(cells []string) bool {
	if len(cells) < 3 {
		return false
	}
	for _, c := range cells[1:] {
		if len(c) > 10 || !optionWords[strings.ToLower(c)] {
			return false
		}
	}
	return true
}

var headerNoise = map[string]bool{"question": true, "questions": true, "answer": true, "answers": true,
	"response": true, "responses": true, "detail": true, "details": true, "information": true, "label": true,
	"value": true, "field": true, "fields": true, "comment": true, "comments": true, "item": true, "note": true,
	"notes": true, "description": true, "": true}

// isHeaderNoise reports a "Question | Answer" header, which says nothing.
func isHeaderNoise(cells []string) bool {
	for _, c := range cells {
		if len(c) > 12 || !headerNoise[strings.ToLower(c)] {
			return false
		}
	}
	return true
}

func cellTicked(c string) bool {
	c = strings.TrimSpace(c)
	if c == "" {
		return false
	}
	if v, boxed := resolveTicks(c); boxed {
		return v != "" || strings.ContainsAny(c, "☒☑✓✔■⊠▣✗✘") || strings.ContainsAny(c, "xX") && strings.Contains(c, "[")
	}
	switch strings.ToLower(c) {
	case "x", "✓", "✔", "yes", "y", "ticked", "*":
		return true
	}
	return false
}

// rowHasLabel reports whether a row has a cell that is a known field label
// (so it is not a row of values).
func (m *mapper) rowHasLabel(i int, cells []string) bool {
	for j, c := range cells {
		if c == "" {
			continue
		}
		if strings.HasSuffix(c, ":") && labelLike(c) {
			return true
		}
		if m.cellStrong(i, j, c) {
			return true
		}
		if lbl, _, ok := splitLabel(c); ok && labelLike(lbl) {
			if r, ok := m.resolve(lbl, false); ok && r.strong() {
				return true
			}
		}
	}
	return false
}

// cellAttr returns the generic attribute a header cell names, ignoring any
// subject words ("Name of household member" = "Name").
func (t *table) cellAttr(ws []string) *attribute {
	if a := t.attrOf(ws); a != nil {
		return a
	}
	var buf [16]string
	if _, rest, ok := t.findSubjects(ws, buf[:0]); ok {
		if len(rest) == 0 {
			return t.attr(nameKey)
		}
		return t.attrOf(rest)
	}
	return nil
}

// abbrevEnd reports text that ends with an abbreviation's full stop: a
// column heading such as "Contact no.", "Tel no.", "Approx." is not a
// sentence.
func abbrevEnd(s string) bool {
	s = strings.TrimSuffix(s, ".")
	w := s
	if i := strings.LastIndexAny(s, " /"); i >= 0 {
		w = s[i+1:]
	}
	switch strings.ToLower(w) {
	case "no", "tel", "nr", "num", "mob", "ref", "ext", "approx", "dob", "d.o.b", "est", "yr", "yrs", "dept", "tel. no", "inc", "etc":
		return true
	}
	return false
}

// headerRow reads a row whose cells are all labels, as a table header.
func (m *mapper) headerRow(i int, cells []string) *tableState {
	t := m.t
	ts := &tableState{header: cells, attrs: make([]*attribute, len(cells)), res: make([]res, len(cells))}
	fields := make([]*fieldDef, len(cells))
	nonEmpty, known, famAttrs, agencyCols := 0, 0, 0, 0
	familyOnly, hasName := false, false
	for j, c := range cells {
		if c == "" {
			continue
		}
		if tc := strings.TrimSpace(c); strings.Contains(tc, " ") && strings.HasSuffix(tc, ".") && !abbrevEnd(tc) {
			return nil // a sentence ("At school.") is an answer, not a column heading
		}
		if heldValue(c) {
			return nil // "Mother: Nicola Pearce", "DOB 14/04/1985": a label with its value
		}
		nonEmpty++
		var a *attribute
		var f *fieldDef
		if ws := m.cellWords(i, j, c); ws != nil {
			a = t.cellAttr(ws)
			f = t.fieldOf(ws)
		}
		if a == nil && f == nil && strings.Contains(c, "/") {
			// "Agency / role": the first part that is a column heading
			for _, p := range strings.Split(c, "/") {
				if a = t.cellAttr(t.normFast(p, nil)); a != nil {
					break
				}
			}
		}
		if a == nil && f == nil {
			if (nonEmpty-known)*3 > len(cells) {
				return nil
			}
			continue
		}
		known++
		ts.attrs[j], fields[j] = a, f
		if a != nil {
			if a.by[cFamily] != nil {
				famAttrs++
			}
			switch a.name {
			case "relationship", "parental responsibility", "lives with child":
				familyOnly = true
			case "name":
				hasName = true
			case "organisation", "role":
				agencyCols++
			}
		}
	}
	if known < 2 || (nonEmpty-known)*3 > nonEmpty {
		return nil
	}
	// "Question | answer": a field's own label followed by a cell that is not
	// certainly a label is a pair, not a header.
	if len(cells) == 2 && fields[0] != nil && !m.cellStrong(i, 1, cells[1]) {
		return nil
	}
	// A route id ("early-help", "mash") in the second column is an answer.
	if len(cells) == 2 && slices.Contains(referral.RouteIDs, strings.ToLower(strings.TrimSpace(cells[1]))) {
		return nil
	}
	agencyCtx := m.sec == cAgency || (m.last != nil && m.last.kind == kAgencies) ||
		(m.cap != nil && m.cap.r.f != nil && m.cap.r.f.kind == kAgencies)
	switch {
	case agencyCtx && (agencyCols >= 1 || hasName):
		ts.kind = tAgency
	case m.sec == cFamily && !familyOnly && agencyCols >= 1 && hasName:
		// "Name | Agency | Contact": people with an organisation are professionals
		ts.kind = tAgency
	case famAttrs >= 2 && (familyOnly || m.sec == cFamily):
		ts.kind = tFamily
	case agencyCols >= 1 && hasName && m.sec != cReferrer && m.sec != cStart && m.sec != cReferral && m.sec != cChild:
		ts.kind = tAgency
	default:
		ts.kind = tFields
		// Read generic columns as the table's person: the referrer when it
		// has a role or organisation column, else the section's, else the child.
		c := m.sec
		if c == cStart || c == cReferral || c == cNone {
			c = cChild
			if agencyCols > 0 {
				c = cReferrer
			}
		}
		for j, col := range cells {
			switch {
			case col == "":
			case fields[j] != nil:
				ts.res[j] = res{f: fields[j]}
			case ts.attrs[j] != nil:
				if f := ts.attrs[j].by[c]; f != nil {
					ts.res[j] = res{f: f}
				} else if f := ts.attrs[j].by[cStart]; f != nil && (m.sec == cStart || m.sec == cReferral) {
					ts.res[j] = res{f: f}
				}
			}
		}
	}
	return ts
}

// nextIsRow reports whether the line after i is a row that could sit under a
// header of n cells: a cheap test before reading the header.
func (m *mapper) nextIsRow(i, n int) bool {
	for j := i + 1; j < len(m.d.Lines) && j < i+4; j++ {
		text := strings.TrimSpace(m.d.Lines[j].Text)
		if text == "" || furniture(text) {
			continue
		}
		k := strings.Count(text, "|") + 1
		return k >= 2 && k <= n+3
	}
	return false
}

// nextIsValueRow reports whether the line after i is a row of values for a
// header of n cells.
func (m *mapper) nextIsValueRow(i, n int) bool {
	for j := i + 1; j < len(m.d.Lines) && j < i+4; j++ {
		text := strings.TrimSpace(m.d.Lines[j].Text)
		if text == "" || furniture(text) {
			continue
		}
		if strings.IndexByte(text, '|') < 0 {
			return false
		}
		cells := m.splitLine(j, text)
		if len(cells) < 2 || len(cells) > n+1 {
			return false
		}
		return !m.rowHasLabel(j, cells)
	}
	return false
}

// tableRow reads a row under a header.
func (m *mapper) tableRow(cells []string, loc referral.Location) {
	t := m.tbl
	if len(cells) < len(t.header) {
		cells = splitShortRow(cells, len(t.header))
	}
	empty := true
	for _, c := range cells {
		if cleanValue(c) != "" {
			empty = false
		}
	}
	if empty {
		return
	}
	switch t.kind {
	case tTick:
		if printedOptions(cells, t.header) {
			// "Aware? | Yes | No" under "Consent? | Yes | No": the options
			// printed again on each question's row, none marked.
			return
		}
		var opts []string
		for j := 1; j < len(cells) && j < len(t.header); j++ {
			if cellTicked(cells[j]) {
				opts = append(opts, t.header[j])
			}
		}
		if len(opts) == 0 || cells[0] == "" {
			return
		}
		val := strings.Join(opts, ", ")
		if r, ok := m.resolve(cells[0], true); ok {
			m.place(r, cells[0], val, loc)
		} else {
			m.unknown(cells[0], val, loc)
		}
	case tFamily:
		m.familyRow(cells, loc)
	case tPersons:
		m.personsRow(cells, loc)
	case tAgency:
		m.r.Support.Agencies = append(m.r.Support.Agencies, referral.Agency{})
		m.agency = len(m.r.Support.Agencies) - 1
		m.src("support.agencies", loc)
		for j, c := range cells {
			if j >= len(t.header) || cleanValue(c) == "" {
				continue
			}
			a := t.attrs[j]
			if a == nil || a.by[cAgency] == nil {
				m.agencyPart(2, cleanValue(c), loc)
				continue
			}
			m.agencyPart(a.by[cAgency].part, cleanValue(c), loc)
		}
		m.agency = -1
	case tFields:
		for j, c := range cells {
			if j >= len(t.header) || cleanValue(c) == "" {
				continue
			}
			if t.res[j].f != nil {
				m.place(t.res[j], t.header[j], c, loc)
			} else {
				m.unknown(t.header[j], c, loc)
			}
		}
	}
}

// splitShortRow splits the cells of a row with fewer cells than its header
// at double spaces ("Bicester Learning Academy  Yes": two columns typed two
// spaces apart), until it has as many cells as the header.
func splitShortRow(cells []string, n int) []string {
	var out []string
	for i, c := range cells {
		for len(out)+len(cells)-i < n {
			k := strings.Index(c, "  ")
			if k < 0 {
				break
			}
			out = append(out, strings.TrimSpace(c[:k]))
			c = strings.TrimSpace(c[k:])
		}
		out = append(out, c)
	}
	return out
}

// familyRow reads one person of a household table.
func (m *mapper) familyRow(cells []string, loc referral.Location) {
	t := m.tbl
	// The referred child's own row ("Subject child") fills the child, not the family.
	for j, c := range cells {
		if j < len(t.attrs) && t.attrs[j] != nil && t.attrs[j].name == "relationship" && m.isSubjectChild(c) {
			for k, v := range cells {
				if k >= len(t.attrs) || t.attrs[k] == nil || cleanValue(v) == "" {
					continue
				}
				if f := t.attrs[k].by[cChild]; f != nil {
					m.place(res{f: f}, t.header[k], v, loc)
				}
			}
			return
		}
	}
	i := m.newMember(m.secRel, loc)
	name := ""
	for j, c := range cells {
		c = cleanValue(c)
		if j >= len(t.header) || c == "" {
			continue
		}
		a := t.attrs[j]
		if a == nil || a.by[cFamily] == nil {
			if name == "" {
				name = m.r.Family[i].Name
			}
			label := t.header[j]
			if name != "" {
				label += " (" + name + ")"
			}
			m.extra(label, c)
			continue
		}
		m.placeMemberAt(i, a.by[cFamily], t.header[j], c, loc)
	}
	m.cur = -1
}

// personColumns reads a header row whose columns are people ("| |
// Parent/Carer 1 | Parent/Carer 2", "Details | Mother | Father"): the rows
// below give a label and then one value per person.
func (m *mapper) personColumns(i int, cells []string) *tableState {
	cols := cells
	var lb [16]byte
	if len(cols) > 0 && (cols[0] == "" || len(cols[0]) <= len(lb) && headerNoise[string(lowerASCII(cols[0], lb[:0]))]) {
		cols = cols[1:]
	}
	if len(cols) < 2 {
		return nil
	}
	// The row below has a label and a value for each person.
	next := false
	for j := i + 1; j < len(m.d.Lines) && j < i+4; j++ {
		text := strings.TrimSpace(m.d.Lines[j].Text)
		if text == "" || furniture(text) {
			continue
		}
		next = strings.Count(text, "|") >= len(cols) && len(m.splitLine(j, text)) == len(cols)+1
		break
	}
	if !next {
		return nil
	}
	off := len(cells) - len(cols)
	people := make([]res, len(cols))
	for j, c := range cols {
		ws := m.cellWords(i, j+off, c)
		if len(ws) == 0 || !m.t.is(ws[0], wFamily) && !m.t.familyStart(ws[0]) {
			return nil
		}
		ws = m.t.normFast(c, nil)
		sm, rest, ok := m.t.findSubjects(ws, nil)
		if !ok || sm.s.kind != cFamily || (sm.s.rel == "" && sm.num == "") {
			return nil
		}
		for _, w := range rest {
			if !m.t.is(w, wHeading) {
				return nil
			}
		}
		s, member := sm.s, sm.memberKey(ws)
		for _, p := range people[:j] {
			if p.member == member {
				return nil
			}
		}
		people[j] = res{member: member, rel: s.rel, subject: cFamily}
	}
	header := append([]string{""}, cols...)
	return &tableState{kind: tPersons, header: header, people: people}
}

// isASCII reports whether s is all ASCII.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// lowerEquals reports whether strings.ToLower(s) == t, allocating only
// when s is not ASCII.
func lowerEquals(s, t string) bool {
	if !isASCII(s) {
		return strings.ToLower(s) == t
	}
	if len(s) != len(t) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != t[i] {
			return false
		}
	}
	return true
}

// isRouteID reports a route id, in any case: "early-help", "MASH".
func isRouteID(s string) bool {
	return slices.ContainsFunc(referral.RouteIDs, func(id string) bool { return lowerEquals(s, id) })
}

// lowerASCII appends s in lower case (ASCII letters only) to dst.
func lowerASCII(s string, dst []byte) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// familyStart reports a word that starts a family subject ("parent" of
// "parent/carer", "maternal" of "maternal grandmother").
func (t *table) familyStart(w string) bool {
	for _, s := range t.subjectsAt(w) {
		if s.kind == cFamily {
			return true
		}
	}
	return false
}

// personsRow reads a row of a table with one person per column: "Name |
// Lisa Hartley | Paul Hartley".
func (m *mapper) personsRow(cells []string, loc referral.Location) {
	t := m.tbl
	label := cells[0]
	f := m.t.familyField(m.t.normFast(label, nil))
	for j := 1; j < len(cells) && j <= len(t.people); j++ {
		v := cleanValue(cells[j])
		if v == "" {
			continue
		}
		if f == nil || label == "" {
			lbl := t.header[j]
			if label != "" {
				lbl = label + " (" + t.header[j] + ")"
			}
			m.extra(lbl, v)
			continue
		}
		r := t.people[j-1]
		r.f = f
		m.placeMember(r, f, label, v, loc)
	}
}

func (m *mapper) isSubjectChild(c string) bool {
	switch strings.ToLower(strings.TrimSpace(c)) {
	case "subject", "subject child", "referred child", "child (subject)", "self", "the child", "this child", "child referred":
		return true
	}
	return false
}

// pairs reads label/value pairs from a row: "Label | value", "Name | Jamie |
// DOB | 03/04/2015", "Child's name: Jamie | DOB: 03/04/2015".
func (m *mapper) pairs(i int, cells []string, ln document.Line, loc referral.Location) {
	n := len(cells)
	type cell struct {
		r      res
		known  bool   // the cell is a label
		inline bool   // the cell is "Label: value"
		lbl    string // for inline
		val    string
	}
	var cbuf [maxCells]cell
	cs := cbuf[:n]
	var done [maxCells]uint8 // 1: exact words resolved, 2: fully resolved
	// exact resolves a cell's own words (no variants): enough to tell a
	// label where a value is expected.
	exact := func(j int) {
		if done[j] > 0 || cells[j] == "" {
			return
		}
		done[j] = 1
		c := cells[j]
		if lbl, val, ok := splitLabel(c); ok {
			if r, k := m.resolve(lbl, !proseLabel(lbl)); k {
				cs[j] = cell{r: r, inline: true, lbl: lbl, val: val}
				done[j] = 2
				return
			}
		}
		if ws := m.cellWords(i, j, c); ws != nil {
			cs[j].r, cs[j].known = m.resolveWords(ws, false)
		}
	}
	full := func(j int) {
		exact(j)
		if done[j] == 2 {
			return
		}
		done[j] = 2
		if !cs[j].known {
			cs[j].r, cs[j].known = m.resolve(cells[j], false)
		}
	}
	// isLabel reports whether cell j is a label where a value is expected.
	isLabel := func(j int) bool {
		if j >= n || cells[j] == "" {
			return false
		}
		if slices.Contains(referral.RouteIDs, strings.ToLower(strings.TrimSpace(cells[j]))) {
			return false // a route id ("early-help") is an answer
		}
		if (strings.HasSuffix(cells[j], ":") || strings.HasSuffix(cells[j], "?")) && labelLike(cells[j]) {
			return true
		}
		exact(j)
		c := cs[j]
		return c.inline || c.known && c.r.strong()
	}
	anyEven := false
	for j := 0; j < n; j += 2 {
		if cells[j] != "" {
			full(j)
			if cs[j].known || cs[j].inline {
				anyEven = true
			}
		}
	}
	// reset forgets what the cells after j resolved to: a placed value
	// changes the context later generic labels are read in ("PR" after
	// "Mother: ...").
	implicit, member, sec := m.implicit, m.implMember, m.sec
	reset := func(j int) {
		if m.implicit == implicit && m.implMember == member && m.sec == sec {
			return
		}
		implicit, member, sec = m.implicit, m.implMember, m.sec
		for k := j + 1; k < n; k++ {
			done[k] = 0
			cs[k] = cell{}
		}
	}
	var rest []string
	placed := false
	for j := 0; j < n; j++ {
		c := cells[j]
		if c == "" {
			continue
		}
		full(j)
		if cs[j].inline {
			r, lbl, val := cs[j].r, cs[j].lbl, cs[j].val
			if val == "" && j+1 < n && !isLabel(j+1) {
				val = cells[j+1]
				j++
			}
			m.endCapture()
			m.placeLabelled(r, lbl, val, loc, ln)
			placed = true
			reset(j)
			continue
		}
		if !cs[j].known {
			// "DOB 14/04/1985", "Tel 07700 900444": a label and its value.
			if lbl, val, ok := labelThenValue(m.t, c); ok {
				if r, k := m.resolve(lbl, false); k && r.followup == "" {
					m.endCapture()
					m.placeLabelled(r, lbl, val, loc, ln)
					placed = true
					reset(j)
					continue
				}
			}
		}
		if !cs[j].known && j+1 < n && labelLike(c) {
			if r, k := m.resolve(c, true); k {
				cs[j].r, cs[j].known = r, true
			}
		}
		if cs[j].known {
			r, val := cs[j].r, ""
			if j+1 < n && !isLabel(j+1) {
				val = cells[j+1]
				j++
			}
			m.endCapture()
			m.placeLabelled(r, c, val, loc, ln)
			placed = true
			reset(j)
			continue
		}
		if j+1 < n && cells[j+1] != "" && !isLabel(j+1) && labelLike(c) && !proseLabel(c) && (n == 2 || placed || anyEven && j%2 == 0) {
			m.endCapture()
			if lbl, val, ok := splitLabel(c); ok && val == "" {
				c = lbl
			}
			m.unknown(c, cells[j+1], loc)
			j++
			placed = true
			continue
		}
		rest = append(rest, c)
	}
	if len(rest) == 0 {
		return
	}
	text := strings.Join(rest, " ")
	if m.cap != nil && m.capAppend(text, ln) {
		return
	}
	m.loose(text, loc)
}

// heldValue reports a cell that holds a value, so cannot be a column
// heading: "Label: value", a date or a phone number.
func heldValue(c string) bool {
	if _, v, ok := splitLabel(c); ok && v != "" {
		return true
	}
	run := 0
	for i := 0; i < len(c); i++ {
		if c[i] >= '0' && c[i] <= '9' {
			if run++; run >= 4 {
				return true
			}
		} else if c[i] != ' ' {
			run = 0
		}
	}
	return hasDigit(c) && dateInTextRE.MatchString(c)
}

func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			return true
		}
	}
	return false
}
