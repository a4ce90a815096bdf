package mapping

import (
	"sort"
	"strconv"
	"strings"
)

// res is what a label means.
type res struct {
	f        *fieldDef // the field; nil for a follow-up or a generic label with no field here
	member   string    // family member named by the label ("mother", "parent carer 1")
	rel      string    // relationship named by the label's subject
	subject  ctx       // whose detail the label names (cChild, cReferrer, cFamily), 0 when none
	fuzzy    bool      // matched on word overlap, not exactly
	followup string    // "details" or "why_not": the label refers to the question before it
	generic  bool      // a generic label ("Phone") with no field in this context
	weak     bool      // matched as a generic attribute, a bracket-less variant or fuzzily
	bare     bool      // the label is only a person ("Mother", "Child"): as a value, a relationship
}

// strong reports whether a cell that resolved this way is certainly a label,
// even where a value is expected: an exact field label, or a person and an
// attribute ("Mother's phone"). "At school" (a generic word) and "SEN support
// (speech)" (a variant) are values there.
func (r res) strong() bool {
	return r.f != nil && !r.weak && !r.fuzzy && !r.bare && r.followup == ""
}

// subjectMatch is a subject phrase found in a label.
type subjectMatch struct {
	s     subject
	start int
	end   int // exclusive, including a member number
	num   string
}

// subjectAt returns the longest subject starting at ws[i] and its length.
func (t *table) subjectAt(ws []string, i int) (subject, int) {
	for _, s := range t.subjectsAt(ws[i]) {
		if len(s.words) > len(ws)-i {
			continue
		}
		ok := true
		for j, w := range s.words {
			if ws[i+j] != w {
				ok = false
				break
			}
		}
		if ok {
			return s, len(s.words)
		}
	}
	return subject{}, 0
}

// findSubjects returns the dominant subject of a label (a family member over
// the referrer over the child), the member key and the words that remain.
func (t *table) findSubjects(ws []string, rest []string) (subjectMatch, []string, bool) {
	var best subjectMatch
	found := false
	var spans [4][2]int
	nspans := 0
	for i := 0; i < len(ws); {
		s, n := t.subjectAt(ws, i)
		if n == 0 {
			i++
			continue
		}
		m := subjectMatch{s: s, start: i, end: i + n}
		if s.kind == cFamily && m.end < len(ws) && isNumber(ws[m.end]) {
			m.num = ws[m.end]
			m.end++
		}
		if nspans < len(spans) {
			spans[nspans] = [2]int{m.start, m.end}
			nspans++
		}
		if !found || rank(s.kind) > rank(best.s.kind) {
			best, found = m, true
		}
		i = m.end
	}
	if !found {
		return best, nil, false
	}
	for i := 0; i < len(ws); i++ {
		in := false
		for _, sp := range spans[:nspans] {
			if i >= sp[0] && i < sp[1] {
				in = true
				break
			}
		}
		if !in {
			rest = append(rest, ws[i])
		}
	}
	return best, rest, true
}

func rank(c ctx) int {
	switch c {
	case cFamily:
		return 3
	case cReferrer:
		return 2
	case cChild:
		return 1
	}
	return 0
}

// memberKey names a family member from the subject words and number.
func (m subjectMatch) memberKey(ws []string) string {
	k := m.s.rel
	if k == "" {
		end := m.end
		if m.num != "" {
			end--
		}
		k = strings.Join(ws[m.start:end], " ")
	}
	if m.num != "" {
		k += " " + m.num
	}
	return k
}

// resolveWords finds the field for normalised label words, in the mapper's
// current context. Fuzzy matching is tried only when fuzzy is true.
func (m *mapper) resolveWords(ws []string, fuzzy bool) (res, bool) {
	t := m.t
	if len(ws) == 0 {
		return res{}, false
	}
	// Numbers make a value ("Year 5", "34 years"), except a member number
	// after a family subject ("Parent/carer 2").
	nums := 0
	for _, w := range ws {
		if isNumber(w) {
			nums++
		}
	}
	if nums > 0 {
		var buf [16]string
		sm, _, ok := t.findSubjects(ws, buf[:0])
		if nums > 1 || !ok || sm.num == "" {
			return res{}, false
		}
	}
	var kbuf [128]byte
	kb := t.keyBytes(ws, kbuf[:0])
	if f := t.field(kb); f != nil {
		return res{f: f}, true
	}
	// Follow-ups: "If no, why not?", "If yes, please give details", "Details".
	if ws[0] == "yes" || ws[0] == "no" || ws[0] == "not" {
		if len(ws) > 1 && t.allFollow(ws[1:]) {
			kind := "details"
			if ws[0] != "yes" {
				kind = "why_not"
			}
			return res{followup: kind}, true
		}
	} else if t.allFollow(ws) {
		kind := "details"
		for _, w := range ws {
			if w == "why" || w == "not" {
				kind = "why_not"
			}
		}
		return res{followup: kind}, true
	}
	// A subject and an attribute: "Mother's phone", "Child's school", "Your email".
	var buf [16]string
	if sm, rest, ok := t.findSubjects(ws, buf[:0]); ok {
		var a *attribute
		if len(rest) == 0 {
			a = t.attr(nameKey)
		} else {
			a = t.attrOf(rest)
		}
		if a != nil {
			if f := a.by[sm.s.kind]; f != nil {
				r := res{f: f, subject: sm.s.kind, rel: sm.s.rel, bare: len(rest) == 0}
				if sm.s.kind == cFamily {
					r.member = sm.memberKey(ws)
				}
				return r, true
			}
		}
	}
	// A generic attribute read in context: "Name", "Phone", "Date".
	if a := t.attr(kb); a != nil {
		if f := m.attrField(a); f != nil {
			return res{f: f, weak: true}, true
		}
		if f := a.by[cFamily]; f != nil && f.kind == kTri && ws[0] == "who" {
			// "Who has parental responsibility?": the answer names family members
			return res{f: f, weak: true}, true
		}
		return res{generic: true}, false
	}
	if fuzzy {
		if f := t.fuzzy(ws); f != nil {
			return res{f: f, fuzzy: true}, true
		}
	}
	return res{}, false
}

func (t *table) allFollow(ws []string) bool {
	if len(ws) == 0 {
		return false
	}
	for _, w := range ws {
		if !t.is(w, wFollow) && !isNumber(w) {
			return false
		}
	}
	return true
}

// attrField picks the field of a generic attribute for the current context:
// the person last named, else the section, else the default before any
// heading.
func (m *mapper) attrField(a *attribute) *fieldDef {
	if m.implicit != 0 {
		if f := a.by[m.implicit]; f != nil {
			return f
		}
		if m.implicit == cChild && m.implPrev == cReferrer {
			// "Contact telephone" after "Your name" then "School": the
			// child has no phone; the referrer named before does.
			if f := a.by[m.implPrev]; f != nil {
				return f
			}
		}
	}
	if f := a.by[m.sec]; f != nil && m.sec != cStart {
		return f
	}
	if m.sec == cStart || m.sec == cReferral {
		return a.by[cStart]
	}
	return nil
}

// resolve finds the field for a label as written. It tries the label, then
// the label without bracketed notes, then its first clause; fuzzy matching
// (when allowed) comes last.
func (m *mapper) resolve(label string, fuzzy bool) (res, bool) {
	return m.resolveNormed(label, m.t.normFast(label, m.buf[:0]), fuzzy)
}

// resolveNormed is resolve for a label whose words the caller has
// normalised already (ws, as normFast gives them).
func (m *mapper) resolveNormed(label string, ws []string, fuzzy bool) (res, bool) {
	r, ok := m.resolveWords(ws, false)
	if (ok || r.generic) && len(ws) == 1 && pluralAgencies(label) {
		// "Agencies:", "Services:" (not "Agency:"): a list of agencies
		return res{f: fieldByPath["support.agencies"]}, true
	}
	if ok || r.generic {
		return r, ok
	}
	variants := [3]string{}
	nv := 0
	if s := stripParens(label); s != label && strings.TrimSpace(s) != "" {
		variants[nv] = s
		nv++
	}
	for _, sep := range []string{"?", " - ", " – ", " — ", ". ", ", ", " / "} {
		if i := strings.Index(label, sep); i > 0 && i < len(label)-len(sep) {
			variants[nv] = label[:i]
			nv++
			break
		}
	}
	for _, v := range variants[:nv] {
		vw := m.t.normFast(v, m.buf[:0])
		if r, ok := m.resolveWords(vw, false); ok {
			r.weak = true
			return r, true
		}
	}
	// "What has Alfie said?": the child named in the question.
	if l, ok := m.childInLabel(label); ok {
		if r, ok := m.resolve(l, fuzzy); ok && r.f != nil && r.f.ctx != cFamily {
			r.weak = true
			return r, true
		}
	}
	if fuzzy {
		if nv > 0 {
			ws = m.t.normFast(variants[0], m.buf[:0])
		} else {
			ws = m.t.normFast(label, m.buf[:0])
		}
		if f := m.t.fuzzy(ws); f != nil {
			return res{f: f, fuzzy: true}, true
		}
	}
	return res{}, false
}

// childInLabel replaces the child's forename in a label with "the child".
func (m *mapper) childInLabel(label string) (string, bool) {
	first := m.childForename()
	if len(first) < 3 || len(label) > 120 || indexWordFold("the child", first) >= 0 {
		return "", false
	}
	i := indexWordFold(label, first)
	if i < 0 {
		return "", false
	}
	return label[:i] + "the child" + label[i+len(first):], true
}

// indexWordFold finds w in s as a whole word, ignoring case.
func indexWordFold(s, w string) int {
	for i := 0; i+len(w) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(w)], w) && (i == 0 || !isWordByte(s[i-1])) && (i+len(w) == len(s) || !isWordByte(s[i+len(w)])) {
			return i
		}
	}
	return -1
}

// pluralAgencies reports a label that is the plural of a word for an agency:
// "AGENCIES", "Services", "Professionals".
func pluralAgencies(label string) bool {
	l := strings.Trim(strings.TrimSpace(label), ":*?. ")
	return lowerEquals(l, "agencies") || lowerEquals(l, "services") || lowerEquals(l, "professionals")
}

// stripParens removes bracketed notes: "Details of concern (please include
// dates)" gives "Details of concern".
func stripParens(s string) string {
	if !strings.ContainsAny(s, "([") {
		return s
	}
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch r {
		case '(', '[':
			depth++
		case ')', ']':
			if depth > 0 {
				depth--
			}
		default:
			if depth == 0 {
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}

// negations must agree between a label and a synonym for a fuzzy match:
// "parents not aware" is not "parents aware".
var negations = map[string]bool{"not": true, "no": true, "why": true, "without": true, "refused": true}

// fuzzy matches a label that differs a little from every synonym. A
// synonym matches when all its words are in the label and the label's other
// words only ask for detail ("Please give details of the concerns"), or when
// the weighted word overlap (Jaccard; common words weigh less, words the
// table does not know weigh half) reaches fuzzyThreshold. At least two words
// must be shared, the best field must beat the next by fuzzyMargin, and a
// person word or a negation in the label must be in the synonym too. It
// returns nil when unsure.
func (t *table) fuzzy(ws []string) *fieldDef {
	var lbuf [16]string
	lw := lbuf[:0]
	for _, w := range ws {
		if !isNumber(w) && !contains(lw, w) {
			lw = append(lw, w)
		}
	}
	if len(lw) < 2 || len(lw) > 14 {
		return nil
	}
	// Each word's weight, and the synonyms that use it.
	var weights [14]float64
	var lists [14]string
	wL := 0.0
	for i, w := range lw {
		weights[i], lists[i] = t.fuzzyWord(w)
		wL += weights[i]
	}
	syns := t.synonyms()
	type cand struct {
		idx    int
		inter  float64
		shared int
	}
	var cbuf [64]cand
	cs := cbuf[:0]
	for wi := range lw {
		for n := range strings.SplitSeq(lists[wi], " ") {
			i, err := strconv.Atoi(n)
			if err != nil || i < 0 || i >= len(syns) {
				continue // no synonym uses the word
			}
			found := false
			for k := range cs {
				if cs[k].idx == i {
					cs[k].inter += weights[wi]
					cs[k].shared++
					found = true
					break
				}
			}
			if !found {
				cs = append(cs, cand{idx: i, inter: weights[wi], shared: 1})
			}
		}
	}
	var best, second float64
	var bestF *fieldDef
	for _, c := range cs {
		if c.shared < 2 {
			continue
		}
		var sbuf [16]string
		s := t.synonym(syns[c.idx], sbuf[:0])
		if !t.fuzzyAllowed(lw, s) {
			continue
		}
		wS := 0.0
		for _, w := range s.words {
			weight, _ := t.fuzzyWord(w)
			wS += weight
		}
		score := c.inter / (wL + wS - c.inter)
		if c.shared == len(s.words) && t.onlySoft(lw, s.words) {
			score = max(score, containScore)
		}
		switch {
		case s.f == bestF:
			best = max(best, score)
		case score > best:
			second = best
			best, bestF = score, s.f
		case score > second:
			second = score
		}
	}
	if bestF == nil || best < fuzzyThreshold || best-second < fuzzyMargin {
		return nil
	}
	return bestF
}

const (
	fuzzyThreshold = 0.7
	fuzzyMargin    = 0.12
	containScore   = 0.9
)

// onlySoft reports whether the label words outside the synonym only ask
// for detail ("give", "describe", "further").
func (t *table) onlySoft(lw, sw []string) bool {
	for _, w := range lw {
		if !contains(sw, w) && !t.is(w, wFollow) {
			return false
		}
	}
	return true
}

// fuzzyAllowed vetoes matches that would change whose field, or which way a
// question points: every person word (a family member, "perpetrator") and
// every negation in the label must be in the synonym, and every negation in
// the synonym must be in the label.
func (t *table) fuzzyAllowed(lw []string, s synonym) bool {
	for _, w := range lw {
		if (negations[w] || t.is(w, wFamily|wVeto)) && !contains(s.words, w) {
			return false
		}
	}
	for _, w := range s.words {
		if negations[w] && !contains(lw, w) {
			return false
		}
	}
	return true
}

func contains(ws []string, w string) bool {
	for _, x := range ws {
		if x == w {
			return true
		}
	}
	return false
}

// sectionOf reports whether label words name a section: a listed section
// name, or a subject with heading words ("Child details", "Mother",
// "Parent/carer 2", "Your details").
func (t *table) sectionOf(ws []string) (section, string, bool) {
	var kbuf [128]byte
	k := t.keyBytes(ws, kbuf[:0])
	if len(k) == 0 {
		return section{}, "", false
	}
	if s, ok := t.section(k); ok {
		return s, "", true
	}
	var buf [16]string
	sm, rest, ok := t.findSubjects(ws, buf[:0])
	if !ok {
		return section{}, "", false
	}
	for _, w := range rest {
		if !t.is(w, wHeading) {
			return section{}, "", false
		}
	}
	s := section{kind: sm.s.kind}
	member := ""
	if sm.s.kind == cFamily {
		s.rel = sm.s.rel
		if sm.s.rel != "" || sm.num != "" {
			member = sm.memberKey(ws)
		}
	}
	return s, member, true
}

// sortedKeys returns the keys of m in order, for output that must not
// depend on map iteration order.
func sortedKeys[M ~map[string]V, V any](m M) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
