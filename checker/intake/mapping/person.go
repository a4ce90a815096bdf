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
			if n, _, ok := box(s, i); ok {
				i += n // "PR [ ]": a tick box, part of its part
				continue
			}
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
	var kb [128]byte
	k := t.keyBytes(ws, kb[:0])
	if a := t.attr(k); a != nil {
		return a.by[cFamily]
	}
	if f := t.field(k); f != nil && f.member() {
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
	// "PR [ ]", "PR ☒", "Lives with child ☐": an attribute and its box
	if v, boxed := resolveTicks(p); boxed && hasBox(p) {
		lead := p
		if i := strings.IndexAny(p, "[(☐☒☑✓✔■□▢✗✘⊠▣"); i > 0 {
			lead = p[:i]
		}
		if f := t.familyField(t.normFast(lead, nil)); f != nil && f.kind == kTri {
			switch {
			case v == "":
				return personPart{f: f}, true // unticked: not known
			case v == "yes" || v == "no" || v == "unknown":
				return personPart{f: f, val: v}, true
			}
			if a, _, ok := parseTri(v); ok && a.Known() {
				return personPart{f: f, val: string(a)}, true
			}
			return personPart{f: f, val: "yes"}, true // "PR ☒"
		}
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
	if strings.HasPrefix(l, "speaks ") && len(strings.Fields(p)) <= 4 {
		lang := strings.TrimSpace(p[len("speaks "):])
		if proficiency(lang) {
			return personPart{}, false // "Speaks some English": how well, not which language
		}
		if len(strings.Fields(lang)) <= 2 {
			return personPart{f: fieldByPath["family.first_language"], val: lang}, true
		}
	}
	// "First language Sorani Kurdish", "Language: Urdu"
	for _, pre := range []string{"first language ", "main language ", "home language ", "language spoken ", "languages spoken ", "language "} {
		if strings.HasPrefix(l, pre) {
			lang := strings.TrimLeft(strings.TrimSpace(p[len(pre):]), ":-– ")
			if lang != "" && len(strings.Fields(lang)) <= 3 && !proficiency(lang) {
				return personPart{f: fieldByPath["family.first_language"], val: lang}, true
			}
		}
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
		if t.isLabel(ws) {
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
	parts = splitPhoneParts(val, parts)
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
		if read[j].val == "" {
			continue // "PR [ ]": asked, not answered
		}
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
	var buf [16]string
	s, _ := t.listedSection(t.normFast(lbl, buf[:0]))
	return s.kind
}

// isSectionName reports a label that is a listed section name ("Household
// members"), with or without a bracketed note. ws are its normalised words.
func (t *table) isSectionName(lbl string, ws []string) bool {
	if _, ok := t.listedSection(ws); ok {
		return true
	}
	if sp := stripParens(lbl); sp != lbl {
		var buf [16]string
		_, ok := t.listedSection(t.normFast(sp, buf[:0]))
		return ok
	}
	return false
}

// listedSection returns the section that normalised label words ws are a
// listed name of.
func (t *table) listedSection(ws []string) (section, bool) {
	var kb [128]byte
	if k := t.keyBytes(ws, kb[:0]); len(k) > 0 {
		return t.section(k)
	}
	return section{}, false
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
		m.listed(i, loc)
		m.cur = -1
		return true
	}
	i := m.newMember(m.secRel, loc)
	m.placeMemberAt(i, fieldByPath["family.name"], strings.TrimRight(m.secLabel, ":"), body, loc)
	m.listed(i, loc)
	m.cur = -1
	return true
}

// listed gives member i the attribute of the list it is in ("Parents with
// PR:", "Household members"), unless the line said otherwise.
func (m *mapper) listed(i int, loc referral.Location) {
	if f := m.listAttr; f != nil && !m.memberHas(i, f) {
		m.placeMemberAt(i, f, strings.TrimRight(m.secLabel, ":"), "yes", loc)
	}
}

// groupLabel reports a label that names people who share an attribute
// ("Parent/carer(s) with PR", "Lives with", "People with parental
// responsibility") rather than asking a yes/no question of one person.
func groupLabel(label string) bool {
	l := strings.TrimSpace(strings.TrimRight(strings.TrimSpace(label), ":*"))
	if strings.HasSuffix(l, "?") {
		return false
	}
	p := spacedWords(l)
	return strings.HasPrefix(p, " lives with ") || strings.HasPrefix(p, " living with ") || strings.HasPrefix(p, " child lives with ") ||
		containsAny(p, " with pr ", " with parental responsibility ", " who have pr ", " holding pr ", " who hold pr ")
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

// peopleList reads a list of people written as one answer: "Leo Hollis
// (brother, 8), Mia Hollis (sister, 3)", "Mum (Michelle Hollis) and her
// partner Dean Price", "Aunt Sandra Hollis". Each person becomes a family
// member; attrs are set on each ("lives with: ..." says each lives with
// the child). It reports false, placing nothing, when the answer does not
// read as people.
func (m *mapper) peopleList(label, val string, loc referral.Location, attrs ...*fieldDef) bool {
	return m.peopleListRel(label, val, "", loc, attrs...)
}

// peopleListRel is peopleList with the relationship of anyone whose own
// is not written ("Siblings: Amy (6) and Ben (9)").
func (m *mapper) peopleListRel(label, val, defRel string, loc referral.Location, attrs ...*fieldDef) bool {
	chunks := splitPeople(val)
	if len(chunks) == 0 {
		return false
	}
	for _, c := range chunks {
		if !m.personChunk(c) {
			return false
		}
	}
	lbl := strings.TrimSpace(strings.TrimRight(strings.TrimSpace(label), ":*?"))
	prevRel := ""
	for _, c := range chunks {
		rel, name := m.relationAndName(c)
		i := -1
		if n, _ := relationshipIn(name); n != "" && !strings.ContainsAny(n, ",;") {
			i = m.findMember(n, "") // already listed: "Lives with: Mum" after "Mother: Michelle Hollis"
		}
		if i < 0 && name == "" && rel != "" {
			i = m.findMember("", rel)
		}
		if i < 0 {
			i = m.newMember("", loc)
		} else {
			name, rel = "", "" // known already; only the attributes are new
			prevRel = m.relKey(m.r.Family[i].Relationship)
		}
		if rel == "" && defRel != "" && m.r.Family[i].Relationship == "" && name != "" {
			defer func(i int) {
				if m.r.Family[i].Relationship == "" {
					m.setRelationship(i, defRel, loc, true)
				}
			}(i)
		}
		if rel != "" {
			if r := strings.ToLower(rel); prevRel != "" && (strings.HasPrefix(r, "her ") || strings.HasPrefix(r, "his ") || strings.HasPrefix(r, "their ")) {
				rel = prevRel + "'s " + rel[strings.IndexByte(rel, ' ')+1:] // "her partner" after "Mum"
			}
			m.setRelationship(i, rel, loc, false)
			prevRel = m.relKey(rel)
			if prevRel == "" {
				prevRel = rel
			}
		}
		if name != "" {
			m.placeMemberAt(i, fieldByPath["family.name"], lbl, name, loc)
		}
		for _, f := range attrs {
			if f != nil && !m.memberHas(i, f) {
				m.placeMemberAt(i, f, lbl, "yes", loc)
			}
		}
		m.cur = -1
	}
	return true
}

// splitPeople splits a list of people at semicolons, at commas between
// people (not inside brackets) and at " and ".
func splitPeople(val string) []string {
	val = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(val), "."))
	if val == "" || len(val) > 400 {
		return nil
	}
	var out []string
	for _, semi := range splitTop(val, ';') {
		commas := splitTop(semi, ',')
		// "Leo Hollis, brother, 8" is one person: split at commas only
		// when every piece starts as a person does.
		all := len(commas) > 1
		for _, c := range commas {
			if !startsPerson(c) {
				all = false
			}
		}
		if !all {
			commas = []string{semi}
		}
		for _, c := range commas {
			for _, a := range splitAnd(c) {
				if a = strings.TrimSpace(a); a != "" {
					out = append(out, a)
				}
			}
		}
	}
	return out
}

// splitTop splits s at sep outside brackets.
func splitTop(s string, sep byte) []string {
	var out []string
	start := 0
	outsideBrackets(s, func(i int) bool {
		if s[i] == sep {
			out = append(out, strings.TrimSpace(s[start:i]))
			start = i + 1
		}
		return true
	})
	return append(out, strings.TrimSpace(s[start:]))
}

// splitAnd splits "Mum (Michelle) and her partner Dean" at " and " outside
// brackets, when both sides start as people do.
func splitAnd(s string) []string {
	var out []string
	outsideBrackets(s, func(i int) bool {
		n := 0
		switch {
		case strings.HasPrefix(s[i:], " and "):
			n = 5
		case strings.HasPrefix(s[i:], " & "):
			n = 3
		default:
			return true
		}
		a, b := strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+n:])
		if startsPerson(a) && startsPerson(b) {
			out = append([]string{a}, splitAnd(b)...)
			return false
		}
		return true
	})
	if out == nil {
		return []string{s}
	}
	return out
}

// startsPerson reports text that starts as a person does: a capitalised
// name, or a family word ("mum", "her partner").
func startsPerson(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return false
	}
	w := firstWord(s)
	if w == "" {
		return false
	}
	lw := strings.ToLower(w)
	switch lw {
	case "her", "his", "their", "the", "both", "maternal", "paternal":
		return true
	}
	t := loadTable()
	if ws := t.normFast(w, nil); len(ws) > 0 {
		if sj, _ := t.subjectAt(ws, 0); sj.kind == cFamily {
			return true
		}
	}
	return w[0] >= 'A' && w[0] <= 'Z' && !notNames[w]
}

// personChunk reports whether one piece of a list is a person.
func (m *mapper) personChunk(c string) bool {
	rel, name := m.relationAndName(c)
	if rel != "" {
		n := name
		if i := strings.IndexAny(n, "(,"); i > 0 {
			n = strings.TrimSpace(n[:i])
		}
		return n == "" || looksLikeName(n) // not "dad and two sisters"
	}
	n := name
	if i := strings.IndexAny(n, "(,"); i > 0 {
		n = strings.TrimSpace(n[:i])
	}
	return looksLikeName(n)
}

// relationAndName splits "Mum (Michelle Hollis)", "Aunt Sandra Hollis",
// "her partner Dean Price" or "mum" into a relationship and a name; text
// that does not start with a relationship is all name.
func (m *mapper) relationAndName(c string) (string, string) {
	c = strings.TrimSpace(c)
	ws := strings.Fields(c)
	lead := 0
	if len(ws) > 1 {
		switch strings.ToLower(ws[0]) {
		case "her", "his", "their", "the":
			lead = 1
		}
	}
	for n := min(3, len(ws)-lead); n >= 1; n-- {
		cand := strings.Join(ws[lead:lead+n], " ")
		if !m.isRelation(strings.Trim(cand, ",;:")) || n > 1 && len(m.t.normFast(ws[lead+n-1], nil)) == 0 {
			continue // ("dad and": a dropped word ends it)
		}
		rel := strings.Join(ws[:lead+n], " ")
		rest := strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(c[len(strings.Join(ws[:lead+n], " ")):]), ",:-–"))
		if strings.HasPrefix(rest, "(") && strings.HasSuffix(rest, ")") {
			rest = strings.TrimSpace(rest[1 : len(rest)-1])
		}
		return strings.Trim(rel, ",;:"), rest
	}
	return "", c
}

// householdAttr is the attribute a household heading gives each person
// listed under it: living with the child ("Household members", "Lives
// with"), or nil for a heading that does not say ("Family network").
func (m *mapper) householdAttr(label string) *fieldDef {
	p := spacedWords(label)
	if containsAny(p, " household", " lives with", " living with", " live with", " at home", " same address") &&
		!containsAny(p, " not living", " outside", " not in", " non resident", " absent", " elsewhere") {
		return fieldByPath["family.lives_with_child"]
	}
	return nil
}

// personLabel reads a label that names a person by relationship in a way
// the table does not list: "Michelle's partner" (a person named, then a
// relationship to them), "Current carer", "Main carer" (a relationship
// after a word or two that qualify it). It returns the relationship to
// record, or false.
func (m *mapper) personLabel(lbl string) (string, bool) {
	l := strings.TrimSpace(strings.TrimRight(strings.TrimSpace(stripParens(lbl)), ":*"))
	ws := strings.Fields(l)
	if len(ws) < 2 || len(ws) > 4 {
		return "", false
	}
	// "Michelle's partner"
	if w := ws[0]; len(ws) <= 3 && (strings.HasSuffix(w, "'s") || strings.HasSuffix(w, "’s")) && w[0] >= 'A' && w[0] <= 'Z' {
		who := strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
		rel := strings.Join(ws[1:], " ")
		if !m.isRelation(rel) || m.isRelation(who) {
			return "", false
		}
		if first := m.childForename(); first != "" && strings.EqualFold(who, first) {
			return rel, true // "Maisie's stepdad"
		}
		for _, mb := range m.r.Family {
			if nw := nameWords(mb.Name); len(nw) > 0 && strings.EqualFold(nw[0], who) {
				if k := m.relKey(mb.Relationship); k != "" {
					return k + "'s " + rel, true // "mother's partner"
				}
			}
		}
		return who + "'s " + rel, true
	}
	// "Current carer", "Main carer"
	for n := 1; n <= 2 && n < len(ws); n++ {
		rel := strings.Join(ws[n:], " ")
		if !m.isRelation(rel) {
			continue
		}
		var buf [16]string
		for _, w := range ws[:n] {
			if ww := m.t.normFast(w, buf[:0]); len(ww) > 0 && m.t.familyField(ww) != nil {
				return "", false // "Phone mother": an attribute of a person
			}
		}
		return rel, true
	}
	return "", false
}

// labelledPerson adds the family member a person label names, with the
// relationship the label gives unless the value names one ("Current carer:
// Aunt Sandra Hollis" is the aunt).
func (m *mapper) labelledPerson(lbl, rel, val string, loc referral.Location) {
	vrel, name := m.relationAndName(val)
	if vrel != "" && name != "" {
		rel, val = vrel, name
	}
	if n, _ := relationshipIn(val); looksLikeName(n) {
		if i := m.findMember(n, ""); i >= 0 {
			// already listed ("Lives with: ... her partner Dean Price")
			if m.r.Family[i].Relationship == "" {
				m.setRelationship(i, rel, loc, false)
			}
			m.placeMemberAt(i, fieldByPath["family.name"], lbl, val, loc)
			m.cur = -1
			return
		}
	}
	i := m.newMember("", loc)
	m.setRelationship(i, rel, loc, false)
	m.placeMemberAt(i, fieldByPath["family.name"], lbl, val, loc)
	m.cur = -1
}

// pluralPeople reports a label that names several people: "Parents",
// "Parents/carers", "Parent(s)", "Carers", "Siblings".
func pluralPeople(label string) bool {
	l := strings.ToLower(strings.TrimSpace(strings.TrimRight(strings.TrimSpace(label), ":*")))
	if strings.Contains(l, "(s)") {
		return true
	}
	for _, w := range strings.FieldsFunc(l, func(r rune) bool { return r == ' ' || r == '/' || r == '&' || r == ',' }) {
		switch w {
		case "parents", "carers", "siblings", "adults", "guardians", "grandparents", "brothers", "sisters", "children":
			return true
		}
	}
	return false
}

// splitPhoneParts splits the parts that hold a phone number and other words
// ("07700 900601 PR Yes") so that each is read on its own.
func splitPhoneParts(s string, parts []part) []part {
	var out []part
	for _, p := range parts {
		ph := findPhone(p.text)
		i := strings.Index(p.text, ph)
		if ph == "" || i < 0 || len(ph)+2 >= len(p.text) {
			out = append(out, p)
			continue
		}
		add := func(a, b int) {
			t := p.text[a:b]
			lt := strings.TrimSpace(t)
			if lt == "" {
				return
			}
			off := p.start + a + strings.Index(t, lt)
			out = append(out, part{text: lt, start: off, end: off + len(lt)})
		}
		if strings.TrimSpace(p.text[i+len(ph):]) == "" {
			out = append(out, p) // "tel 07700 900123": a label and its number
			continue
		}
		add(0, i+len(ph))
		add(i+len(ph), len(p.text))
	}
	return out
}

// proficiency reports words that say how well someone speaks a language
// rather than which it is: "some English", "very little English",
// "limited", "fluent English".
func proficiency(s string) bool {
	switch strings.ToLower(firstWord(s)) {
	case "some", "little", "limited", "basic", "good", "fluent", "no", "very", "a", "poor", "broken", "conversational", "reasonable", "fair":
		return true
	}
	return false
}

// languageLike reports text that could be the name of a language: one to
// three capitalised words of letters ("Urdu", "Sorani Kurdish").
func languageLike(s string) bool {
	ws := strings.Fields(s)
	if len(ws) == 0 || len(ws) > 3 {
		return false
	}
	for _, w := range ws {
		if w[0] < 'A' || w[0] > 'Z' || firstWord(w) != w {
			return false
		}
	}
	return !proficiency(s)
}
