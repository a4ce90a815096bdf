package mapping

import (
	"strconv"
	"strings"

	"github.com/frontdoorhq/frontdoor/checker/referral"
)

// A person is often written on one line: "Mum – Sarah Jones, 34, lives with
// child, has PR, 07700 900666", "EMMA BELL, DOB 22/05/1992, TEL 07700 900321
// (PR, LIVES WITH OSCAR)", "Leanne Clarke / mother / 31 / yes". The line is
// split into parts and each part is read on its own: a relationship, an
// age, a date of birth, a phone number, an email address, a yes/no attribute
// ("has PR", "no PR", "lives with child"), or "Label value" ("DOB
// 14/04/1985", "PR: Y"). The first part is the name. Parts that say
// something else are kept as Extra, so nothing is lost.

// part is a piece of a one-line description and where it is in the line.
type part struct {
	text       string
	start, end int
}

// splitParts splits a one-line description into parts at commas, semicolons,
// dashes and slashes between words, and sentence ends; a bracketed note
// gives parts of its own. It returns nil when the text has no separator.
func splitParts(s string) []part {
	if len(s) > 400 {
		return nil // a paragraph, not a person or a contact line
	}
	var parts []part
	start := 0
	flush := func(end int) {
		raw := s[start:end]
		t := strings.TrimSpace(raw)
		lead := strings.Index(raw, t)
		t2 := strings.TrimSpace(strings.Trim(t, "."))
		if t2 != "" {
			off := start + lead + strings.Index(t, t2)
			parts = append(parts, part{text: t2, start: off, end: off + len(t2)})
		}
	}
	split := false
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '(' || c == '[':
			closer := byte(')')
			if c == '[' {
				closer = ']'
			}
			j := strings.IndexByte(s[i+1:], closer)
			if j < 0 {
				i++
				continue
			}
			flush(i)
			end := i + 1 + j
			start = i + 1
			for k := i + 1; k < end; k++ {
				if s[k] == ',' || s[k] == ';' {
					flush(k)
					start = k + 1
				}
			}
			flush(end)
			split = true
			i = end + 1
			start = i
			continue
		case c == ',' || c == ';':
			flush(i)
			split = true
			i++
			start = i
			continue
		case c == ' ':
			rest := s[i:]
			sep := 0
			for _, x := range []string{" – ", " — ", " - ", " / ", " | ", " · "} {
				if strings.HasPrefix(rest, x) {
					sep = len(x)
					break
				}
			}
			if sep > 0 {
				flush(i)
				split = true
				i += sep
				start = i
				continue
			}
		case c == '.':
			// a sentence end, not an initial ("J. Smith") or "b. 1990"
			if i+2 < len(s) && s[i+1] == ' ' && s[i+2] >= 'A' && s[i+2] <= 'Z' && i >= 2 && isLetterByte(s[i-1]) && isLetterByte(s[i-2]) {
				flush(i)
				split = true
				i++
				start = i
				continue
			}
		}
		i++
	}
	flush(len(s))
	if !split {
		return nil
	}
	return parts
}

// span returns the text of parts[a..b] as written in s, with the brackets
// it opens or closes.
func span(s string, parts []part, a, b int) string {
	lo, hi := parts[a].start, parts[b].end
	t := s[lo:hi]
	open := strings.Count(t, "(") - strings.Count(t, ")")
	for open > 0 && hi < len(s) {
		if s[hi] == ')' {
			open--
		}
		hi++
	}
	for open < 0 && lo > 0 {
		lo--
		if s[lo] == '(' {
			open++
		}
	}
	if lo > 0 && s[lo-1] == '(' && hi < len(s) && s[hi] == ')' {
		lo, hi = lo-1, hi+1
	}
	return strings.TrimSpace(s[lo:hi])
}

// personPart is one part of a person line, once read.
type personPart struct {
	f   *fieldDef // the family field it sets; nil when it is the name or not understood
	val string
}

// familyField returns the family member field that normalised label words
// name ("PR", "lives with child", "telephone"), or nil.
func (t *table) familyField(ws []string) *fieldDef {
	if len(ws) == 0 {
		return nil
	}
	k := t.key(ws)
	if a := t.attrs[k]; a != nil {
		return a.by[cFamily]
	}
	if f := t.fields[k]; f != nil && f.member() {
		return f
	}
	return nil
}

// readPersonPart reads one part of a person line.
func (m *mapper) readPersonPart(p string) (personPart, bool) {
	t := m.t
	if e := findEmail(p); e != "" && len(e)+12 >= len(p) {
		return personPart{f: fieldByPath["family.email"], val: e}, true
	}
	if ph := findPhone(p); ph != "" && len(ph)+12 >= len(p) {
		return personPart{f: fieldByPath["family.phone"], val: ph}, true
	}
	if n, ok := parseMemberAge(p); ok && len(p) <= 12 {
		return personPart{f: fieldByPath["family.age"], val: strconv.Itoa(n)}, true
	}
	if d := normDate(p); len(d) == 10 && d[4] == '-' && d[7] == '-' {
		return personPart{f: fieldByPath["family.date_of_birth"], val: d}, true
	}
	l := strings.ToLower(p)
	for _, pre := range []string{"b. ", "b ", "born ", "d.o.b. ", "dob ", "dob: "} {
		if strings.HasPrefix(l, pre) {
			if d := normDate(p[len(pre):]); len(d) == 10 && d[4] == '-' && d[7] == '-' {
				return personPart{f: fieldByPath["family.date_of_birth"], val: d}, true
			}
		}
	}
	ws := t.normFast(p, nil)
	if len(ws) == 0 {
		return personPart{}, false
	}
	// a relationship: "mother", "mum's partner"
	if s, n := t.subjectAt(ws, 0); n == len(ws) && s.kind == cFamily && s.rel != "" {
		return personPart{f: fieldByPath["family.relationship"], val: p}, true
	}
	// a yes/no attribute named alone ("has PR", "lives with child") or
	// negated ("no PR", "not in household")
	neg := false
	rest := ws
	switch ws[0] {
	case "no", "not", "without":
		neg, rest = true, ws[1:]
	}
	if f := t.familyField(rest); f != nil && f.kind == kTri {
		v := "yes"
		if neg {
			v = "no"
		}
		return personPart{f: f, val: v}, true
	}
	if f := m.livesWith(l); f != "" {
		return personPart{f: fieldByPath["family.lives_with_child"], val: f}, true
	}
	if strings.HasPrefix(l, "speaks ") && len(strings.Fields(p)) <= 3 {
		return personPart{f: fieldByPath["family.first_language"], val: strings.TrimSpace(p[len("speaks "):])}, true
	}
	// "Label: value" or "Label value": "PR: Y", "DOB 14/04/1985", "Tel 07700 900321"
	if lbl, val, ok := splitLabel(p); ok && val != "" {
		if f := t.familyField(t.normFast(lbl, nil)); f != nil && f.path != "family.name" {
			return personPart{f: f, val: val}, true
		}
	}
	// "PR yes", "Interpreter no"
	if sp := strings.LastIndexByte(p, ' '); sp > 0 {
		if a, _, ok := parseTri(p[sp+1:]); ok && a.Known() {
			if f := t.familyField(t.normFast(p[:sp], nil)); f != nil && f.kind == kTri {
				return personPart{f: f, val: string(a)}, true
			}
		}
	}
	if lbl, val, ok := labelThenValue(t, p); ok {
		if f := t.familyField(t.normFast(lbl, nil)); f != nil && f.path != "family.name" {
			return personPart{f: f, val: val}, true
		}
	}
	return personPart{}, false
}

// livesWith reads where a person lives, as it bears on the child: "lives
// with Amira" (the child) or "lives at home" is yes; "lives in Reading",
// "lives away" or "not in household" is no. It returns "" when unsure.
func (m *mapper) livesWith(l string) string {
	l = strings.TrimSpace(l)
	for _, p := range []string{"not in household", "not in the household", "lives away", "lives elsewhere",
		"does not live with", "doesn't live with", "not living with", "lives separately", "non-resident",
		"not resident", "not at home", "separate address"} {
		if strings.HasPrefix(l, p) {
			return "no"
		}
	}
	for _, p := range []string{"lives at home", "at home", "in household", "in the household", "same address",
		"lives with him", "lives with her", "lives with them", "lives with the child", "lives with child", "resident"} {
		if l == p {
			return "yes"
		}
	}
	if strings.HasPrefix(l, "lives with ") {
		who := strings.TrimSpace(l[len("lives with "):])
		if first := m.childForename(); first != "" && strings.HasPrefix(who, strings.ToLower(first)) {
			return "yes"
		}
		return ""
	}
	if strings.HasPrefix(l, "lives in ") || strings.HasPrefix(l, "lives at ") {
		return "no" // a place of their own
	}
	return ""
}

// childForename is the first word of the child's name, when known.
func (m *mapper) childForename() string {
	n := m.r.Child.Name
	if n == "" {
		if np := m.names["child.name"]; np != nil {
			n = np.part[0]
		}
	}
	if f := strings.Fields(n); len(f) > 0 && len(f[0]) >= 2 {
		return f[0]
	}
	return ""
}

// labelThenValue splits "DOB 14/04/1985" or "Tel 07700 900321": up to four
// words that are a known label, then a value that starts with a digit or
// "+". It does not know which field; the caller resolves the label.
func labelThenValue(t *table, s string) (string, string, bool) {
	words := strings.Fields(s)
	for n := min(4, len(words)-1); n >= 1; n-- {
		v := strings.Join(words[n:], " ")
		c := v[0]
		if !(c >= '0' && c <= '9' || c == '+') {
			continue
		}
		lbl := strings.TrimRight(strings.Join(words[:n], " "), ":.-–")
		ws := t.normFast(lbl, nil)
		if len(ws) == 0 || isUnknown(ws[0]) {
			continue
		}
		k := t.key(ws)
		if t.attrs[k] != nil || t.fields[k] != nil {
			return lbl, v, true
		}
	}
	return "", "", false
}

// personLine reads a family member written on one line into member i. It
// returns the name and true when the line had parts; false leaves the
// value to be read as a name.
func (m *mapper) personLine(i int, label, val string, loc referral.Location) (string, bool) {
	parts := splitParts(val)
	if len(parts) < 2 {
		return "", false
	}
	read := make([]personPart, len(parts))
	known := make([]bool, len(parts))
	any := false
	for j, p := range parts {
		read[j], known[j] = m.readPersonPart(p.text)
		if known[j] && j > 0 {
			any = true
		}
	}
	if !any {
		return "", false // "Smith, John": a name with a comma
	}
	name := ""
	start := 0
	if !known[0] {
		name = parts[0].text
		start = 1
	}
	var left []string
	for j := start; j < len(parts); j++ {
		if !known[j] {
			k := j
			for k+1 < len(parts) && !known[k+1] {
				k++
			}
			left = append(left, span(val, parts, j, k))
			j = k
			continue
		}
		f := read[j].f
		if f.path == "family.relationship" {
			m.setRelationship(i, read[j].val, loc, false)
			continue
		}
		m.placeMemberAt(i, f, label, read[j].val, loc)
	}
	if len(left) > 0 {
		lbl := strings.TrimSpace(strings.TrimRight(strings.TrimSpace(label), ":*"))
		if name != "" {
			lbl += " (" + name + ")"
		}
		m.extra(lbl, strings.Join(left, "; "))
	}
	return name, true
}

// sectionKind is the kind of section a label names, or 0.
func (t *table) sectionKind(lbl string) ctx {
	if k := t.key(t.normFast(lbl, nil)); k != "" {
		if s, ok := t.sections[k]; ok {
			return s.kind
		}
	}
	return 0
}

// isSectionName reports a label that is a listed section name ("Household
// members"), with or without a bracketed note.
func (t *table) isSectionName(lbl string) bool {
	for _, l := range []string{lbl, stripParens(lbl)} {
		if k := t.key(t.normFast(l, nil)); k != "" {
			if _, ok := t.sections[k]; ok {
				return true
			}
		}
	}
	return false
}

// columnsIn reads the columns a heading names in brackets: "Household
// members (name / relationship / age / PR?)". It returns nil unless two or
// more name family fields.
func (t *table) columnsIn(heading string) []*fieldDef {
	i := strings.IndexByte(heading, '(')
	j := strings.LastIndexByte(heading, ')')
	if i < 0 || j < i {
		return nil
	}
	var cols []*fieldDef
	known := 0
	for _, c := range strings.FieldsFunc(heading[i+1:j], func(r rune) bool { return r == '/' || r == ',' || r == '|' }) {
		var f *fieldDef
		if a := t.cellAttr(t.normFast(c, nil)); a != nil {
			f = a.by[cFamily]
		}
		if f != nil {
			known++
		}
		cols = append(cols, f)
	}
	if known < 2 {
		return nil
	}
	return cols
}

// personRow reads a line of a household list with no label: "Leanne Clarke /
// mother / 31 / yes", "Sarah Jones, 34, lives with child". The columns
// named in the heading are used when the line has as many parts.
func (m *mapper) personRow(text string, loc referral.Location) bool {
	body := strings.TrimSpace(trimLeftMarks(text))
	parts := splitParts(body)
	if len(parts) < 2 || !looksLikeName(parts[0].text) && !m.isRelation(parts[0].text) {
		return false
	}
	if cols := m.listCols; len(cols) == len(parts) && strings.Count(body, "/") >= len(parts)-1 {
		i := m.newMember(m.secRel, loc)
		lbl := strings.TrimSpace(strings.TrimRight(m.secLabel, ":"))
		for k, p := range parts {
			if cols[k] == nil {
				m.extra(lbl+" ("+parts[0].text+")", p.text)
				continue
			}
			m.placeMemberAt(i, cols[k], lbl, p.text, loc)
		}
		m.cur = -1
		return true
	}
	known := 0
	for _, p := range parts[1:] {
		if _, ok := m.readPersonPart(p.text); ok {
			known++
		}
	}
	if known == 0 {
		return false
	}
	if m.isRelation(parts[0].text) {
		// "Mum – Sarah Jones, 34": the relationship, then the person.
		i := m.newMember("", loc)
		m.setRelationship(i, parts[0].text, loc, false)
		rest := strings.TrimSpace(body[parts[1].start:])
		m.placeMemberAt(i, fieldByPath["family.name"], parts[0].text, rest, loc)
		m.cur = -1
		return true
	}
	i := m.newMember(m.secRel, loc)
	m.placeMemberAt(i, fieldByPath["family.name"], strings.TrimRight(m.secLabel, ":"), body, loc)
	m.cur = -1
	return true
}

// isRelation reports text that only names a relationship: "Mum", "Maternal nan".
func (m *mapper) isRelation(s string) bool {
	ws := m.t.normFast(s, nil)
	if len(ws) == 0 {
		return false
	}
	sj, n := m.t.subjectAt(ws, 0)
	return n == len(ws) && sj.kind == cFamily
}
