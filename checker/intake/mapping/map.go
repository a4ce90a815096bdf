// Package mapping turns a normalised document (from plain text, Markdown,
// email, DOCX or PDF) into a referral by matching labels to the fields of the
// model (shared/contract.md section 1, "Labels in documents").
//
// The synonym table is data: labels.yaml, embedded. Pairs come from table
// rows ("Label | value", several pairs per row, or a header row over value
// rows), "Label: value" lines, a label alone on its line (or a heading) with
// the value on the lines below, and form fields. Headings set the context
// that generic labels ("Name", "Phone", "Date") are read in. Unknown labels
// are kept in Extra, and a document with no labels at all still yields what
// can be found in its prose. Map never fails.
package mapping

import (
	"github.com/frontdoorhq/frontdoor/internal/lazyre"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/frontdoorhq/frontdoor/checker/intake/document"
	"github.com/frontdoorhq/frontdoor/checker/referral"
)

// Map turns a document into a referral. It never fails: whatever cannot be
// placed goes to Extra or to concern.description. Sources records where each
// field was found (family members as "family[0].name"); values that could not
// be read into their field are listed in Unparsed.
//
// Document lines with Line 0 in an email are its headers (From, Date,
// Subject), as the text reader writes them.
func Map(d *document.Document) *referral.Referral {
	r := &referral.Referral{Version: referral.Version, Sources: make(referral.Sources, 64)}
	if d == nil {
		return r
	}
	m := &mapper{
		t: loadTable(), d: d, r: r,
		sec: cStart, cur: -1, agency: -1, closer: -1,
		buf:   make([]string, 0, 32),
		arena: make([]string, 0, 256),
	}
	m.cells[0].line, m.cells[1].line, m.split.line = -1, -1, -1
	var fieldLines map[[2]int]bool
	for _, f := range d.Fields {
		if f.Line > 0 {
			if fieldLines == nil {
				fieldLines = map[[2]int]bool{}
			}
			fieldLines[[2]int{f.Page, f.Line}] = true
		}
	}
	for i := range d.Lines {
		m.line(i)
		if ln := d.Lines[i]; fieldLines[[2]int{ln.Page, ln.Line}] && m.cap != nil && m.cap.loc.Page == ln.Page && m.cap.loc.Line == ln.Line {
			// A label printed beside a form field: its answer is the
			// field's value, never the text of the lines below (an empty
			// "Date of birth" box does not take the "Home address" label).
			m.endCapture()
		}
	}
	m.endCapture()
	m.tbl = nil
	for _, f := range d.Fields {
		m.field(f)
	}
	m.finish()
	return r
}

type pieceKind uint8

const (
	pLoose    pieceKind = iota // text with no label
	pUnknown                   // a label the table does not know, with its value
	pGreeting                  // "Dear MASH team,"
	pCloser                    // "Kind regards,"
	pSubject                   // an email's subject line
)

// piece is text that was not placed in a field, in document order.
type piece struct {
	kind  pieceKind
	label string // the unknown label, or the heading over loose text
	text  string
	loc   referral.Location
	sec   ctx  // the section it is in
	used  bool // taken by the signature
}

// capture collects the value lines under a label that stands alone.
type capture struct {
	r         res
	label     string
	loc       referral.Location
	lines     []string
	narrative bool // free text: every line up to the next label or heading
	multi     bool // a short multi-line value such as an address
	last      document.Line
}

// mark records the context a heading set, for placing form fields.
type mark struct {
	page, line int
	sec        ctx
	rel        string
	member     string
	label      string
}

type emailHeader struct {
	from, date, subject string
	loc                 referral.Location
}

type mapper struct {
	t   *table
	d   *document.Document
	r   *referral.Referral
	buf []string

	sec        ctx    // context set by the last heading
	secRel     string // relationship of family members under it
	secMember  string // the family member the heading names
	secLabel   string // the heading's text
	implicit   ctx    // whose detail the last labelled value was
	implMember string // and which family member
	implPrev   ctx    // the referrer, when named before that: for attributes the child has not ("Contact telephone")
	marks      []mark

	members     map[string]int // family member key -> index
	keyedMember map[int]bool   // members that have a key
	relDefault  map[int]bool   // relationship came from a label, not written
	cur         int            // the family member being filled
	agency      int            // the agency being filled
	workers     map[int]string // agency index -> worker named in a table
	names       map[string]*nameParts

	cap   *capture
	tbl   *tableState
	cells [2]cellCache // normalised cells of this row and the next
	split struct {
		line  int
		cells []string
	}
	arena []string // storage for cached words

	last             *fieldDef // the field last placed, for follow-ups
	lastLabel        string
	lastTri          string
	labelled         int // values placed from labels
	labelledAtCloser int // labelled when the closing line was read

	listCols []*fieldDef  // the columns a household heading names: "(name / relationship / age)"
	listAttr *fieldDef    // the yes/no attribute of everyone listed under the heading ("Parents with PR:")
	secNum   string       // the number of a numbered question that set the section ("6" for "6. Siblings")
	prev     savedSection // the section before it

	inferred map[string]referral.Extra // fields read out of another answer, and that answer

	consentAnswer *piece // the first answer that said consent was given

	pieces []piece
	extras map[referral.Extra]bool // Extra entries already kept
	closer int                     // index of the closing line ("Kind regards") in pieces, or -1
	hdr    emailHeader
}

var (
	furnitureRE = lazyre.New(`^(?i)(?:page\s*\d+(?:\s*(?:of|/)\s*\d+)?|\d+\s*(?:of|/)\s*\d+|official(?:[\s\-–:]+sensitive)?(?:\s+when\s+complete(?:d)?)?|confidential(?:\s+when\s+complete(?:d)?)?|restricted|not protectively marked|continued(?: overleaf)?|please turn over|pto)\.?$`)
	closerRE    = lazyre.New(`^(?i)(?:kind(?:est)? regards|best regards|warm(?:est)? regards|regards|many thanks|thanks(?: again)?|thank you(?: for your help)?|best wishes|all the best|yours sincerely|yours faithfully|sincerely|best|cheers|with thanks|kind wishes|warm wishes|thanks and regards|thanks & regards|--)[\s,.!]*$`)
)

// greetings start the greeting line of a letter or email.
var greetings = [...]string{"dear", "hi", "hello", "good morning", "good afternoon", "good evening", "to whom it may concern"}

// isGreeting reports a greeting line: "Dear MASH team,", "Hi all!", "To whom
// it may concern". It is the expression
//
//	^(?i)(?:dear|hi|hello|good (?:morning|afternoon|evening)|to whom it may concern)\b[^.!?:]{0,60}[,!]?$
//
// in code (TestFastPaths compares them): it is tried on the first lines of
// every document, and compiling the expression, with its {0,60}, cost each
// process a tenth of a millisecond or more.
func isGreeting(s string) bool {
	for _, g := range greetings {
		// ASCII case folding is (?i) here: no greeting has a k or an s,
		// the letters that Unicode folds from other scripts' symbols.
		if len(s) < len(g) || !strings.EqualFold(s[:len(g)], g) {
			continue
		}
		rest := s[len(g):]
		if rest != "" && isREWordByte(rest[0]) {
			continue // no word boundary: "Hiya", "Dearest"
		}
		if n := len(rest); n > 0 && (rest[n-1] == ',' || rest[n-1] == '!') {
			rest = rest[:n-1]
		}
		if !strings.ContainsAny(rest, ".!?:") && utf8.RuneCountInString(rest) <= 60 {
			return true
		}
	}
	return false
}

// isREWordByte reports an ASCII word character, as \b in regexp sees them.
func isREWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// furniture reports page furniture: "Page 2 of 3", "OFFICIAL - SENSITIVE".
func furniture(text string) bool {
	if len(text) > 50 {
		return false
	}
	if text[0] >= '0' && text[0] <= '9' {
		return furnitureRE.MatchString(text)
	}
	return firstWordIn(text, furnitureWords) && furnitureRE.MatchString(text)
}

var furnitureWords = map[string]bool{"page": true, "official": true, "confidential": true, "restricted": true,
	"not": true, "continued": true, "please": true, "pto": true}

// firstWordIn reports whether the first word of s, in lower case, is in set.
func firstWordIn(s string, set map[string]bool) bool {
	var b [16]byte
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z':
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		case c == '-' && n == i && i < 2:
		default:
			return set[string(b[:n])]
		}
		if n == len(b) {
			return false
		}
		b[n] = c
		n++
	}
	return set[string(b[:n])]
}

var closerWords = map[string]bool{"kind": true, "kindest": true, "best": true, "warm": true, "warmest": true,
	"regards": true, "many": true, "thanks": true, "thank": true, "all": true, "yours": true, "sincerely": true,
	"cheers": true, "with": true, "-": true, "--": true}

// line reads one line of the document.
func (m *mapper) line(i int) {
	ln := m.d.Lines[i]
	text := strings.TrimSpace(ln.Text)
	if text == "" || furniture(text) {
		return
	}
	loc := referral.Location{Page: ln.Page, Line: ln.Line}
	if ln.Line == 0 && m.d.Format == "email" {
		m.header(text, loc)
		return
	}
	if strings.Contains(text, "....") || strings.Contains(text, "……") || strings.Contains(text, ". . . .") {
		if t, ok := dotLeaders(text); ok {
			// "Pupil name ........ Ethan Coles": a label and its value
			text = t
			m.split.line = -1
		}
	}
	if strings.IndexByte(text, '|') >= 0 {
		cells := m.splitLine(i, text)
		n, only := 0, ""
		for _, c := range cells {
			if c != "" {
				n++
				only = c
			}
		}
		switch {
		case n == 0:
			return
		case n >= 2:
			m.row(i, cells, ln)
			return
		}
		text = only
	}
	m.tbl = nil
	m.textLine(text, ln, loc)
}

// dotLeaders turns the dot leaders of a printed form ("Pupil name .......
// Ethan Coles") into a cell separator. A run of five or more dots (or
// spaced dots, or ellipses) after some text is a leader; fewer is prose.
func dotLeaders(text string) (string, bool) {
	var b strings.Builder
	changed := false
	for i := 0; i < len(text); {
		j, dots := i, 0
		for j < len(text) {
			switch {
			case text[j] == '.':
				dots++
				j++
				continue
			case text[j] == ' ' && dots > 0 && j+1 < len(text) && text[j+1] == '.':
				j++
				continue
			case strings.HasPrefix(text[j:], "…"):
				dots += 3
				j += len("…")
				continue
			}
			break
		}
		if dots >= 5 && strings.TrimSpace(text[:i]) != "" {
			b.WriteString(" | ")
			changed = true
			i = j
			continue
		}
		if j > i {
			b.WriteString(text[i:j])
			i = j
			continue
		}
		b.WriteByte(text[i])
		i++
	}
	if !changed {
		return text, false
	}
	return strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(b.String()), "|")), true
}

// splitLine splits line i into cells, reusing the split made when the line
// was looked at from the line before.
func (m *mapper) splitLine(i int, text string) []string {
	if m.split.line == i && m.split.cells != nil {
		return m.split.cells
	}
	cells := splitCells(text)
	m.split.line, m.split.cells = i, cells
	return cells
}

func splitCells(text string) []string {
	cells := strings.Split(text, "|")
	for i, c := range cells {
		cells[i] = strings.TrimSpace(c)
	}
	// drop the empty cells an outer pipe leaves
	if len(cells) > 1 && cells[0] == "" && strings.HasPrefix(strings.TrimSpace(text), "|") {
		cells = cells[1:]
	}
	if len(cells) > 1 && cells[len(cells)-1] == "" && strings.HasSuffix(strings.TrimSpace(text), "|") {
		cells = cells[:len(cells)-1]
	}
	return cells
}

// savedSection is the context a heading had set.
type savedSection struct {
	sec                ctx
	rel, member, label string
}

// topNumber returns the question number a line starts with: "6" for "6.
// Siblings", "Q7)" and "3.1 Name" give "7" and "3"; "" when none.
func topNumber(s string) string {
	s = strings.TrimLeft(s, " \t")
	if len(s) > 1 && (s[0] == 'Q' || s[0] == 'q') {
		s = s[1:]
	}
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 || i > 3 || i < len(s) && isLetterByte(s[i]) {
		return ""
	}
	return s[:i]
}

// endNumberedSection ends the context a numbered question set when the
// next numbered question comes: "9. Contact telephone" after "6. Siblings"
// is not a sibling's.
func (m *mapper) endNumberedSection(text string, loc referral.Location) {
	if m.secNum == "" || !numbered(text) {
		return
	}
	if n := topNumber(text); n == "" || n == m.secNum {
		return
	}
	p := m.prev
	m.endCapture()
	m.setSection(section{kind: p.sec, rel: p.rel}, p.member, p.label, loc) // (setSection clears secNum)
}

// textLine reads a line that is not a table row.
func (m *mapper) textLine(text string, ln document.Line, loc referral.Location) {
	m.endNumberedSection(text, loc)
	if ln.Heading {
		m.heading(text, loc, true)
		return
	}
	if len(text) <= 40 && firstWordIn(text, closerWords) && closerRE.MatchString(text) {
		m.endCapture()
		m.pieces = append(m.pieces, piece{kind: pCloser, text: text, loc: loc})
		m.closer = len(m.pieces) - 1
		m.labelledAtCloser = m.labelled
		m.setSection(section{kind: cReferrer}, "", "Signature", loc)
		return
	}
	if len(m.pieces) < 3 && len(text) <= 80 && m.placedNothing() && isGreeting(text) {
		m.pieces = append(m.pieces, piece{kind: pGreeting, text: text, loc: loc})
		return
	}
	inNarrative := m.cap != nil && m.cap.narrative
	// A tick box before a label: "[x] Parent/carer aware of referral".
	if lbl, ticked, ok := boxedLabel(text); ok && !inNarrative {
		v := "no"
		if ticked {
			v = "yes"
		}
		if m.checkbox(lbl, v, loc) {
			m.endCapture()
			return
		}
	}
	st := stripNumbering(text)
	if !inNarrative && sectionPrefixed(text) && short(st) && !strings.Contains(st, ": ") && !strings.Contains(st, "? ") {
		// "Section D: Professionals involved", "Part 3 – Reason for request"
		m.heading(text, loc, false)
		return
	}
	// Label? value, when the question comes before any colon (but not
	// "Interpreter needed? (yes/no): no", where a hint in brackets ends the
	// label and the colon comes after it).
	if q := strings.Index(st, "? "); q > 0 && q < 200 && (strings.Index(st, ": ") < 0 || q < strings.Index(st, ": ")) && !hintThenColon(st[q+2:]) {
		lbl := st[:q+1]
		if r, ok := m.resolve(lbl, true); ok && !(inNarrative && r.fuzzy) {
			m.endCapture()
			if rest := strings.TrimSpace(st[q+2:]); r.f != nil && m.followQuestion(r.f, rest) {
				// "Has the family been informed? If not, why not?": a
				// two-part question; the answer is on the lines below.
				m.startCapture(r, lbl+" "+rest, loc, ln)
				return
			}
			if rest := st[q+2:]; r.f != nil {
				// "Is the parent aware? If no, why not? No, mum would flee"
				if q2 := strings.Index(rest, "? "); q2 > 0 && m.followQuestion(r.f, rest[:q2+1]) {
					m.placeLabelled(r, lbl+" "+rest[:q2+1], rest[q2+2:], loc, ln)
					return
				}
			}
			m.placeLabelled(r, lbl, st[q+2:], loc, ln)
			return
		}
		if st != text && numbered(text) && !inNarrative && labelLike(lbl) && !strings.Contains(st[q+2:], "? ") {
			// "Q8. Who lives in the household? Mia, her mother ...": a
			// numbered question the table does not know, kept with its answer
			m.endCapture()
			m.unknown(lbl, st[q+2:], loc)
			return
		}
	}
	// Label: value
	if lbl, val, ok := splitLabel(st); ok {
		var lbuf [16]string
		lw := m.t.normFast(lbl, lbuf[:0]) // asked below whether it names a section, and what field
		if val == "" && !inNarrative && m.t.isSectionName(lbl, lw) {
			m.heading(lbl, loc, false) // "HOUSEHOLD MEMBERS (name / age):" over a list
			return
		}
		if val != "" && !inNarrative && m.t.isSectionName(lbl, lw) && m.t.sectionKind(stripParens(lbl)) == cFamily {
			// "Other household members: Leo Hollis (brother, 8), Mia
			// Hollis (sister, 3)": the section and its people on one line.
			m.endCapture()
			sec := section{kind: cFamily}
			if s, _, ok := m.sectionOfText(lbl, m.t.normFast(lbl, m.buf[:0])); ok {
				sec = s
			}
			m.setSection(sec, "", lbl, loc)
			if m.peopleListRel(lbl, val, sec.rel, loc, m.householdAttr(lbl)) {
				return
			}
			m.unknown(lbl, val, loc)
			return
		}
		prose := proseLabel(lbl)
		r, known := m.resolveNormed(lbl, lw, !prose)
		if s, _ := m.t.listedSection(lw); !known && val != "" && s.kind == cReferrer {
			// "Referrer details: Daniel Ross, Head of Year 9, ..."
			r, known = res{f: fieldByPath["referrer.name"]}, true
		}
		if val != "" && !inNarrative && groupLabel(lbl) && (!known || r.f != nil && r.f.member() && r.f.kind == kTri) {
			if t, _, ok := parseTri(val); !(ok && t != "") {
				// "Lives with: Mum (Michelle Hollis) and her partner"
				f := fieldByPath["family.lives_with_child"]
				if p := spacedWords(lbl); containsAny(p, " pr ", " parental responsibility ") {
					f = fieldByPath["family.parental_responsibility"]
				}
				m.endCapture()
				if m.peopleList(lbl, val, loc, f) {
					return
				}
			}
		}
		if !known && val != "" && !inNarrative && !prose {
			if rel, ok := m.personLabel(lbl); ok && startsPerson(val) {
				// "Michelle's partner: Dean Price", "Current carer: Aunt
				// Sandra Hollis": a family member the table has no label for.
				m.endCapture()
				m.labelledPerson(lbl, rel, val, loc)
				return
			}
		}
		switch {
		case prose && !known:
			// "Mum said: ..." is prose, not a label.
		case known && !(inNarrative && r.fuzzy):
			m.endCapture()
			m.placeLabelled(r, lbl, val, loc, ln)
			return
		case inNarrative && !r.generic:
			// A label-like phrase inside a free-text answer is part of it.
		case r.generic || labelLike(lbl):
			m.endCapture()
			if val == "" {
				m.startCapture(res{}, lbl, loc, ln)
			} else {
				m.unknown(lbl, val, loc)
			}
			return
		}
	}
	// Label - value (exact labels only)
	for _, sep := range []string{" - ", " – ", " — "} {
		if i := strings.Index(text, sep); i > 0 && i < 60 {
			if r, ok := m.resolve(text[:i], false); ok && r.followup == "" {
				m.endCapture()
				m.placeLabelled(r, text[:i], text[i+len(sep):], loc, ln)
				return
			}
			break
		}
	}
	// A label or a heading alone on its line.
	if short(text) {
		ws := m.t.normFast(text, m.buf[:0])
		if _, _, isSec := m.sectionOfText(text, ws); isSec {
			if m.cap != nil && len(m.cap.lines) == 0 && m.cap.r.f != nil && !m.labelWords(ws) {
				switch m.cap.r.f.path {
				case "family.relationship", "referrer.relationship_to_child", "consent.given_by", "family.name":
					m.capAppend(text, ln) // "Relationship:" then "Mother"
					return
				}
			}
			m.heading(text, loc, false)
			return
		}
		fuzzy := strings.HasSuffix(text, "?") || strings.HasSuffix(text, ":")
		if r, ok := m.resolveNormed(text, ws, fuzzy); ok {
			if m.cap != nil && m.cap.r.f != nil && len(m.cap.lines) == 0 && !strings.HasSuffix(text, ":") &&
				(r.bare && !m.cap.narrative || !r.strong() && answerLead(text) && !m.exactLabel(text)) {
				// "Mother" after "Relationship", "At school (Kidlington
				// Park)" after "Current location": the answer, not a label
				m.capAppend(text, ln)
				return
			}
			m.endCapture()
			m.startCapture(r, text, loc, ln)
			return
		}
	}
	if m.cap != nil && m.capAppend(text, ln) {
		return
	}
	if m.cap == nil && m.sec == cFamily && m.personRow(text, loc) {
		return
	}
	m.loose(text, loc)
}

// followQuestion reports the second part of a two-part question: "If not,
// why not?", "If yes, please give details:".
func (m *mapper) followQuestion(f *fieldDef, s string) bool {
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	if !strings.HasSuffix(s, "?") && !strings.HasSuffix(s, ":") || len(s) > 80 {
		return false
	}
	r, ok := m.resolve(s, false)
	if !ok {
		return false
	}
	if r.followup != "" {
		return true
	}
	if fu, ok := m.t.followupOf(f); ok && r.f != nil && (fu.details == r.f || fu.whyNot == r.f) {
		return true // "If not, why not?" is a label of the reason itself
	}
	return false
}

// exactLabel reports text that is, as written, a label of the table (a
// field's or an attribute's): "Home address" is a label, though "Home with
// mum" would be an answer.
func (m *mapper) exactLabel(text string) bool {
	var buf [16]string
	ws := m.t.normFast(text, buf[:0])
	if len(ws) == 0 || !strings.EqualFold(ws[0], firstWord(text)) {
		return false // "At school": a dropped word leads, as answers' do
	}
	return m.t.isLabel(ws)
}

// sectionPrefixed reports a line that starts "Section B:", "Part 3 -".
func sectionPrefixed(text string) bool {
	t := strings.TrimLeft(trimLeftMarks(text), " ")
	for _, w := range []string{"section ", "part "} {
		if len(t) > len(w) && strings.EqualFold(t[:len(w)], w) {
			rest := strings.TrimLeft(t[len(w):], " ")
			if n := markerLen(rest, true); n > 0 {
				r := strings.TrimLeft(rest[n:], " ")
				return r != "" && strings.ContainsAny(r[:1], ":.-–—)") || strings.HasPrefix(r, "–") || strings.HasPrefix(r, "—")
			}
		}
	}
	return false
}

// numbered reports a line that starts with a question number: "3.", "Q8.", "2.1".
func numbered(s string) bool {
	s = strings.TrimLeft(s, " \t")
	if len(s) > 1 && (s[0] == 'Q' || s[0] == 'q') {
		s = s[1:]
	}
	return s != "" && s[0] >= '0' && s[0] <= '9'
}

// answerLead reports text that starts as an answer does, not as a label:
// "At school", "In hospital", "With his aunt".
func answerLead(s string) bool {
	if strings.HasSuffix(s, "?") {
		return false
	}
	switch strings.ToLower(firstWord(s)) {
	case "at", "in", "on", "with", "by", "from", "staying", "living", "still", "currently", "home":
		return true
	}
	return false
}

func firstWord(s string) string {
	s = strings.TrimSpace(s)
	for i := 0; i < len(s); i++ {
		if !isLetterByte(s[i]) {
			return s[:i]
		}
	}
	return s
}

// boxedLabel reads a line that starts with a tick box: "[x] Label",
// "☐ Label".
func boxedLabel(text string) (string, bool, bool) {
	t := trimLeftMarks(text)
	n, ticked, ok := box(t, 0)
	if !ok {
		return "", false, false
	}
	rest := strings.TrimSpace(t[n:])
	if rest == "" || hasBox(rest) {
		return "", false, false
	}
	return rest, ticked, true
}

// labelWords reports whether normalised words name a field (not only a section or a person).
func (m *mapper) labelWords(ws []string) bool {
	return m.t.fieldOf(ws) != nil
}

func (m *mapper) placedNothing() bool {
	for _, p := range m.pieces {
		if p.kind != pGreeting && p.kind != pSubject {
			return false
		}
	}
	return len(m.r.Sources) == 0
}

// hintThenColon reports whether s starts with a bracketed answer hint and
// a colon: "(yes/no): no", "(given/refused/not sought): given".
func hintThenColon(s string) bool {
	if !strings.HasPrefix(s, "(") {
		return false
	}
	j := strings.IndexByte(s, ')')
	return j > 0 && j < 60 && strings.HasPrefix(strings.TrimLeft(s[j+1:], " \t"), ":")
}

// splitLabel splits "Label: value" at the first colon followed by a space
// or the end of the line (not "10:30" or "https://").
func splitLabel(text string) (string, string, bool) {
	i := 0
	for {
		j := strings.IndexByte(text[i:], ':')
		if j < 0 {
			return "", "", false
		}
		i += j
		if i+1 == len(text) || text[i+1] == ' ' || text[i+1] == '\t' {
			break
		}
		i++
	}
	lbl := strings.TrimSpace(text[:i])
	if lbl == "" || len(lbl) > 120 {
		return "", "", false
	}
	return lbl, strings.TrimSpace(text[i+1:]), true
}

// proseVerbs mark a "label" that is really prose: "He said: ...".
var proseVerbs = map[string]bool{"said": true, "says": true, "told": true, "tells": true, "asked": true,
	"reported": true, "stated": true, "explained": true, "disclosed": true, "added": true, "mentioned": true,
	"shouted": true, "wrote": true, "noted": true, "commented": true, "replied": true, "screamed": true,
	"whispered": true, "alleged": false, "observed": true, "saw": true, "heard": true, "admitted": true,
	"claimed": true, "denied": true, "cried": true, "continued": true}

// proseLabel reports whether the text before a colon is prose ("Mum said",
// "Jamie told me") rather than a label.
func proseLabel(s string) bool {
	var b [16]byte
	n := 0
	for i := 0; i <= len(s); i++ {
		var c byte = ' '
		if i < len(s) {
			c = s[i]
		}
		switch {
		case c >= 'a' && c <= 'z':
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		default:
			if n > 0 && n <= len(b) && proseVerbs[string(b[:n])] {
				return true
			}
			n = 0
			continue
		}
		if n < len(b) {
			b[n] = c
		}
		n++
	}
	return false
}

// short reports whether a line could be a heading or a label on its own.
func short(s string) bool {
	if len(s) > 120 {
		return false
	}
	n := countWords(s)
	if strings.HasSuffix(s, "?") {
		return n <= 20
	}
	return n <= 10 && !strings.HasSuffix(s, ".")
}

// countWords counts the space-separated words of s.
func countWords(s string) int {
	n := 0
	in := false
	for i := 0; i < len(s); i++ {
		sp := s[i] == ' ' || s[i] == '\t' || s[i] == '\n'
		if !sp && !in {
			n++
		}
		in = !sp
	}
	return n
}

// labelLike reports whether text is shaped like a form label rather than prose.
func labelLike(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 100 {
		return false
	}
	if strings.ContainsAny(s, "\"“”") || strings.Contains(s, ". ") {
		return false
	}
	n := countWords(s)
	if strings.HasSuffix(s, "?") {
		return n <= 16
	}
	return n <= 8
}

// heading handles a heading line: it sets the context for the labels below
// it, and when it names a field ("Reason for referral") the text below it is
// that field's value.
func (m *mapper) heading(text string, loc referral.Location, styled bool) {
	m.endCapture()
	m.tbl = nil
	if numbered(text) {
		// "6. Siblings": a numbered question that is also a heading. The
		// next question ("7. Your name and role") ends it, and the context
		// before it comes back.
		if m.secNum == "" {
			m.prev = savedSection{m.sec, m.secRel, m.secMember, m.secLabel}
		}
		defer func(n string) {
			if m.secLabel == text {
				m.secNum = n
			}
		}(topNumber(text))
	}
	ws := m.t.normFast(text, m.buf[:0])
	s, member, isSec := m.sectionOfText(text, ws)
	var kb [128]byte
	key := m.t.keyBytes(ws, kb[:0])
	f := m.t.field(key)
	switch {
	case isSec:
		m.setSection(s, member, text, loc)
	case f != nil && f.kind == kAgencies:
		m.setSection(section{kind: cAgency}, "", text, loc)
	case f != nil:
		m.setSection(section{kind: f.ctx}, "", text, loc)
	case len(key) == 0:
		return // "Section 2" says nothing about what follows
	default:
		// A heading that is a generic label ("Address") keeps the section.
		if r, ok := m.resolveWords(ws, false); ok && r.f != nil {
			m.startCapture(r, text, loc, document.Line{Page: loc.Page, Line: loc.Line})
			return
		}
		m.setSection(section{kind: cNone}, "", text, loc)
	}
	if f != nil {
		// A styled section heading ("## Consent") only sets the section; a
		// heading that is a label ("## Child's name") takes the line below.
		if !styled || !isSec || f.kind == kNarrative || f.kind == kAgencies || f.kind == kCategories || f.multi {
			m.startCapture(res{f: f}, text, loc, document.Line{Page: loc.Page, Line: loc.Line})
		}
	}
}

// sectionOfText is sectionOf for a heading as written, trying its parts
// when it joins two ("Significant adults / household", "Family & friends").
func (m *mapper) sectionOfText(text string, ws []string) (section, string, bool) {
	if s, member, ok := m.t.sectionOf(ws); ok {
		return s, member, true
	}
	// "Household members (name / relationship / age)": the heading without
	// its note on the columns below.
	if sp := stripParens(text); sp != text && strings.TrimSpace(sp) != "" {
		var buf [16]string
		if s, member, ok := m.t.sectionOf(m.t.normFast(sp, buf[:0])); ok {
			return s, member, true
		}
	}
	// A field's label that names a person ("Name of parent/carer") is not a
	// heading, though one of its parts is.
	if r, ok := m.resolveWords(ws, false); ok && r.f != nil && !r.bare {
		return section{}, "", false
	}
	for _, sep := range []string{" / ", "/", " & ", " and ", " – ", " - "} {
		if !strings.Contains(text, sep) {
			continue
		}
		parts := strings.Split(text, sep)
		found := -1
		var sec section
		var member string
		for i, part := range parts {
			var buf [16]string
			pw := m.t.normFast(part, buf[:0])
			for _, w := range pw {
				if isUnknown(w) || isNumber(w) {
					return section{}, "", false // "Jordan Clarke / brother / 13": a person, not a heading
				}
			}
			if found < 0 {
				if s, mb, ok := m.t.sectionOf(pw); ok {
					found, sec, member = i, s, mb
				}
			}
		}
		if found >= 0 {
			return sec, member, true
		}
	}
	return section{}, "", false
}

// setSection sets the context a heading gives.
func (m *mapper) setSection(s section, member, label string, loc referral.Location) {
	m.secNum = ""
	m.sec, m.secRel, m.secMember, m.secLabel = s.kind, s.rel, member, label
	m.implicit, m.implMember = 0, ""
	m.implPrev = 0
	m.listCols, m.listAttr = nil, nil
	if s.kind == cFamily {
		m.listAttr = m.householdAttr(label)
		m.listCols = m.t.columnsIn(label)
	}
	if s.kind == cFamily && member == "" {
		m.cur = -1 // a new group: its first member is new
	}
	m.marks = append(m.marks, mark{page: loc.Page, line: loc.Line, sec: s.kind, rel: s.rel, member: member, label: label})
}

// placeLabelled places a labelled value, or starts collecting the value
// from the lines below when it is empty.
func (m *mapper) placeLabelled(r res, lbl, val string, loc referral.Location, ln document.Line) {
	if optionPrompt(strings.TrimSpace(val)) {
		// "Yes / No" left as printed: the question is unanswered, and the
		// line below is not its answer.
		m.startCapture(r, lbl, loc, ln)
		m.endCapture()
		return
	}
	val = cleanValue(val)
	if val == "" && r.f != nil && r.f.kind == kTri && r.f.member() && groupLabel(lbl) {
		// "Parent/carer(s) with PR:" over one person a line: a household
		// list whose people have the attribute.
		m.endCapture()
		m.setSection(section{kind: cFamily}, "", lbl, loc)
		m.listAttr = r.f
		return
	}
	if val == "" {
		m.startCapture(r, lbl, loc, ln)
		return
	}
	// "Name: Jamie Smith DOB: 03/04/2015": further labels inside the value.
	personParts := r.f != nil && r.f.path == "family.name" && commaPerson(val)
	if (r.f == nil || r.f.kind != kNarrative) && r.followup == "" && !personParts && (strings.Contains(val, ": ") || strings.HasSuffix(val, ":")) {
		// (A person written in parts, "Laura Walsh, PR: Yes, 07700
		// 900321", is read part by part instead.)
		if r.f != nil && r.f.ctx == cFamily {
			// "Father: Ryan Cole PR: No": the inner labels are his.
			m.noteContext(r)
		}
		if first, rest, r2, lbl2, ok := m.innerLabel(val); ok {
			if first != "" {
				m.place(r, lbl, first, loc)
			} else {
				m.startCapture(r, lbl, loc, ln)
				m.endCapture()
			}
			m.placeLabelled(r2, lbl2, rest, loc, ln)
			return
		}
	}
	if r.f != nil && r.f.multi && r.followup == "" {
		// An address may go on over the next lines.
		m.startCapture(r, lbl, loc, ln)
		m.cap.lines = append(m.cap.lines, val)
		return
	}
	m.place(r, lbl, val, loc)
}

// commaPerson reports a person written in comma-separated parts that
// starts with a full name: "Laura Walsh, PR: Yes, 07700 900321" (not
// "Smith, Jane, DOB: 01/02/1985", a surname first).
func commaPerson(val string) bool {
	i := strings.IndexAny(val, ",;")
	if i < 0 {
		return false
	}
	if c := strings.Index(val, ": "); c >= 0 && c < i {
		return false // a label comes before the first comma
	}
	return countWords(val[:i]) >= 2 && len(splitParts(val)) >= 2
}

// innerLabel finds a known label (up to six words before a colon) inside a
// value. It looks at the first few colons of a short value only.
func (m *mapper) innerLabel(val string) (first, rest string, r res, lbl string, ok bool) {
	if len(val) > 400 {
		return "", "", res{}, "", false
	}
	colons := 0
	for i := 0; i < len(val); i++ {
		if val[i] != ':' || (i+1 < len(val) && val[i+1] != ' ') {
			continue
		}
		if colons++; colons > 6 {
			break
		}
		words := strings.Fields(val[max(0, i-80):i])
		for n := min(6, len(words)); n >= 1; n-- {
			cand := strings.Join(words[len(words)-n:], " ")
			if n > 1 && optionWords[strings.ToLower(words[len(words)-n])] {
				continue // "☐ Yes ☑ No Lives with child:": the "No" answers the label before
			}
			if cr, known := m.resolve(cand, false); known && cr.followup == "" && !(cr.subject != 0 && n == 1) {
				start := max(0, i-80) + wordStart(val[max(0, i-80):i], len(words)-n)
				return strings.TrimRight(strings.TrimSpace(val[:start]), " ,;"), strings.TrimSpace(val[i+1:]), cr, cand, true
			}
		}
	}
	return "", "", res{}, "", false
}

// wordStart returns the byte offset of word number k (0-based) in s.
func wordStart(s string, k int) int {
	n := -1
	in := false
	for i, c := range s {
		sp := c == ' ' || c == '\t'
		if !sp && !in {
			n++
			if n == k {
				return i
			}
		}
		in = !sp
	}
	return len(s)
}

func (m *mapper) startCapture(r res, label string, loc referral.Location, ln document.Line) {
	c := &capture{r: r, label: label, loc: loc, last: ln}
	if r.f == nil || r.followup != "" {
		c.narrative = true
	} else {
		switch r.f.kind {
		case kNarrative, kAgencies, kCategories:
			c.narrative = true
		}
		c.multi = r.f.multi
	}
	m.cap = c
	if r.f != nil {
		if r.f.path == "referrer.name" && m.sec != cReferrer && label != "" {
			// "Referrer:" over the referrer's lines
			m.setSection(section{kind: cReferrer}, "", label, loc)
		}
		if r.f.kind == kAgencies && m.sec != cAgency {
			// "Professionals involved" over a table or list: the names,
			// roles and phones below are the agencies'.
			m.setSection(section{kind: cAgency}, "", label, loc)
		}
		m.noteContext(r)
	}
}

// capAppend adds a line to the value being collected. It returns false when
// the line does not belong to it (the capture has ended).
func (m *mapper) capAppend(text string, ln document.Line) bool {
	c := m.cap
	switch {
	case c.narrative:
	case c.multi:
		// Address lines are short and follow on without a gap.
		gap := len(c.lines) > 0 && (ln.Page != c.last.Page || ln.Line > c.last.Line+1)
		if len(c.lines) >= 6 || gap || countWords(text) > 8 || strings.HasSuffix(text, ".") {
			m.endCapture()
			return false
		}
	default:
		c.lines = append(c.lines, text)
		m.endCapture()
		return true
	}
	c.lines = append(c.lines, text)
	c.last = ln
	return true
}

func (m *mapper) endCapture() {
	c := m.cap
	if c == nil {
		return
	}
	m.cap = nil
	if len(c.lines) == 0 {
		if c.r.f != nil && c.r.followup == "" {
			m.last, m.lastLabel = c.r.f, c.label
			// An empty answer box still has a place: findings about the
			// missing value point at its label.
			if c.r.f.mstr == nil && c.r.f.mtri == nil && !strings.Contains(c.r.f.path, "[") && !c.loc.IsZero() {
				m.src(c.r.f.path, c.loc)
			}
		}
		return
	}
	sep := "\n"
	if c.multi {
		sep = ", "
		// "Flat 2, 17 Broad Street," over lines: one comma between them
		for i := range c.lines[:len(c.lines)-1] {
			c.lines[i] = strings.TrimRight(strings.TrimSpace(c.lines[i]), ",")
		}
	}
	val := strings.Join(c.lines, sep)
	if c.r.f == nil && c.r.followup == "" {
		m.unknown(c.label, val, c.loc)
		return
	}
	m.place(c.r, c.label, val, c.loc)
}

func (m *mapper) loose(text string, loc referral.Location) {
	m.pieces = append(m.pieces, piece{kind: pLoose, label: m.secLabel, text: text, loc: loc, sec: m.sec})
}

func (m *mapper) unknown(label, val string, loc referral.Location) {
	label = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(label), ":*"))
	val = cleanValue(val)
	if val == "" {
		return
	}
	m.pieces = append(m.pieces, piece{kind: pUnknown, label: label, text: val, loc: loc})
}

// noteContext remembers whose detail a label named, so that generic labels
// after it ("Phone" after "Mother's name") read in the same context.
func (m *mapper) noteContext(r res) {
	if r.f.ctx != m.implicit && m.implicit == cReferrer {
		m.implPrev = m.implicit
	}
	switch r.f.ctx {
	case cChild, cReferrer, cConsent:
		m.implicit, m.implMember = r.f.ctx, ""
	case cFamily:
		if r.member != "" {
			m.implicit, m.implMember = cFamily, r.member
		} else if m.implicit != cFamily {
			m.implicit, m.implMember = cFamily, m.secMember
		}
	}
}

// header reads an email header line (From, Date, Subject).
func (m *mapper) header(text string, loc referral.Location) {
	lbl, val, ok := splitLabel(text)
	if !ok {
		return
	}
	switch strings.ToLower(lbl) {
	case "from":
		m.hdr.from = val
	case "date":
		m.hdr.date, m.hdr.loc = val, loc
	case "subject":
		m.hdr.subject = val
		m.pieces = append(m.pieces, piece{kind: pSubject, label: "Subject", text: val, loc: loc})
	}
}

// field places a form field.
func (m *mapper) field(f document.Field) {
	label := strings.TrimSpace(f.Label)
	if label == "" {
		label = nameToLabel(f.Name)
	}
	if label == "" {
		return
	}
	m.contextAt(f.Page, f.Line)
	loc := referral.Location{Page: f.Page, Line: f.Line}
	if f.Kind == document.KindCheckbox {
		if !m.checkbox(label, f.Value, loc) {
			if t, _, _ := parseTri(f.Value); t == referral.Yes {
				m.unknown(label, "yes", loc)
			}
		}
		return
	}
	val := cleanValue(f.Value)
	if val == "" {
		return
	}
	r, ok := m.resolve(label, true)
	if !ok {
		m.unknown(label, val, loc)
		return
	}
	m.place(r, label, val, loc)
}

// contextAt restores the heading context in force at a page and line.
func (m *mapper) contextAt(page, line int) {
	m.sec, m.secRel, m.secMember, m.secLabel = cStart, "", "", ""
	m.implicit, m.implMember = 0, ""
	if page == 0 && line == 0 {
		return
	}
	// The last heading at or before the field (marks are in reading order).
	n := sort.Search(len(m.marks), func(i int) bool {
		k := m.marks[i]
		return k.page > page || (k.page == page && k.line > line)
	})
	if n > 0 {
		k := m.marks[n-1]
		m.sec, m.secRel, m.secMember, m.secLabel = k.sec, k.rel, k.member, k.label
	}
}

// checkbox places a ticked (or, for a yes/no question, unticked) box. It
// reports whether the label was recognised.
func (m *mapper) checkbox(label, value string, loc referral.Location) bool {
	ticked, _, _ := parseTri(value)
	words := strings.Fields(label)
	opt := ""
	if len(words) > 1 {
		switch strings.ToLower(strings.Trim(words[len(words)-1], "()[]:?-")) {
		case "yes", "no", "unknown", "y", "n":
			opt = strings.Trim(words[len(words)-1], "()[]:?-")
			label = strings.TrimRight(strings.Join(words[:len(words)-1], " "), " -–:")
		}
	}
	r, ok := m.resolve(label, true)
	if ok && r.f != nil && r.f.kind == kTri {
		switch {
		case opt != "" && ticked == referral.Yes:
			m.place(r, label, opt, loc)
		case opt == "" && ticked == referral.Yes:
			m.place(r, label, "yes", loc)
		}
		return true
	}
	if ok && r.f != nil {
		switch {
		case ticked != referral.Yes:
		case opt != "":
			m.place(r, label, opt, loc) // "Has consent been obtained? No"
		default:
			m.place(r, label, label, loc) // "Early help": the label is the answer
		}
		return true
	}
	// "Referral to MASH", "Level 3": the last words are the option.
	words = strings.Fields(label)
	for n := 1; n <= 2 && n < len(words); n++ {
		q := strings.Join(words[:len(words)-n], " ")
		if r, ok := m.resolve(q, false); ok && r.f != nil {
			if ticked == referral.Yes {
				m.place(r, q, strings.Join(words[len(words)-n:], " "), loc)
			}
			return true
		}
	}
	return false
}

// nameToLabel turns a form field name ("txtChildDOB", "parent_1_phone",
// "form1[0].Page1[0].ChildName[0]") into words.
func nameToLabel(name string) string {
	s := name
	for strings.HasSuffix(s, "]") {
		i := strings.LastIndexByte(s, '[')
		if i < 0 {
			break
		}
		s = s[:i]
	}
	if i := strings.LastIndexByte(s, '.'); i >= 0 {
		s = s[i+1:]
	}
	for strings.HasSuffix(s, "]") {
		i := strings.LastIndexByte(s, '[')
		if i < 0 {
			break
		}
		s = s[:i]
	}
	for _, p := range []string{"txt", "chk", "cb", "fld", "dd", "rb", "opt", "frm", "tb", "cbo"} {
		if len(s) > len(p) && strings.EqualFold(s[:len(p)], p) {
			c := s[len(p)]
			if c >= 'A' && c <= 'Z' || c == '_' || c == '-' {
				s = s[len(p):]
				break
			}
		}
	}
	var b strings.Builder
	var prev rune
	for i, c := range s {
		switch {
		case c == '_' || c == '-' || c == '.':
			b.WriteByte(' ')
		case i > 0 && (c >= 'A' && c <= 'Z' && (prev >= 'a' && prev <= 'z' || prev >= '0' && prev <= '9') ||
			c >= '0' && c <= '9' && (prev >= 'a' && prev <= 'z' || prev >= 'A' && prev <= 'Z') ||
			(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') && prev >= '0' && prev <= '9'):
			b.WriteByte(' ')
			b.WriteRune(c)
		default:
			b.WriteRune(c)
		}
		prev = c
	}
	return strings.TrimSpace(b.String())
}

// src records where a field was found; the first place wins.
func (m *mapper) src(path string, loc referral.Location) {
	if _, ok := m.r.Sources[path]; !ok {
		m.r.Sources[path] = loc
	}
}

func (m *mapper) extra(label, val string) {
	label = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(label), ":*"))
	if val = strings.TrimSpace(val); val == "" {
		return
	}
	e := referral.Extra{Label: label, Value: val}
	if m.extras == nil {
		m.extras = map[referral.Extra]bool{}
	}
	if m.extras[e] {
		return
	}
	m.extras[e] = true
	m.r.Extra = append(m.r.Extra, e)
}

func (m *mapper) unparsed(path, val string) {
	m.r.Unparsed = append(m.r.Unparsed, referral.Unparsed{Field: path, Value: val})
}

func memberPath(i int, f *fieldDef) string {
	return "family[" + strconv.Itoa(i) + "]." + strings.TrimPrefix(f.path, "family.")
}
