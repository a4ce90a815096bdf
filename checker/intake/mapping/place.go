package mapping

import (
	"github.com/frontdoorhq/frontdoor/internal/lazyre"
	"strconv"
	"strings"

	"github.com/frontdoorhq/frontdoor/checker/referral"
)

// nameParts collects forename, middle names and surname for one name.
type nameParts struct {
	part [3]string
	loc  referral.Location
	set  func(string) *string // the name field
	path string
	lbl  string
}

// place stores a value in the field a label resolved to.
func (m *mapper) place(r res, label, val string, loc referral.Location) {
	val = cleanValue(stripYNPrompt(val))
	f := r.f
	if r.followup != "" {
		f = m.followTarget(r.followup)
		if f == nil {
			if m.last != nil && m.lastLabel != "" {
				label = m.lastLabel + " - " + label
			}
			m.unknown(label, val, loc)
			return
		}
	} else {
		m.noteContext(r)
		m.last, m.lastLabel, m.lastTri = f, label, ""
	}
	if val == "" || f == nil {
		return
	}
	if f.path == "concern.child_voice" && m.sec == cConsent {
		// "Young person's views" under a consent heading: their view of
		// the referral.
		f = fieldByPath["consent.child_views"]
	}
	m.labelled++
	if f.kind != kNarrative && f.kind != kAgencies && f.kind != kCategories && f.kind != kTri && !(f.member() && splitParts(val) != nil) &&
		(hasBox(val) || hasLooseMarks(val) && normMarks(val) != val) {
		// (A person written on one line, "Gary Hollis - PR [ ]", is read
		// part by part: a box belongs to its part, not to the whole.)
		val, _ = resolveTicks(val)
		if val == "" {
			return
		}
	}
	if f.member() {
		if f.kind == kTri && r.member == "" && m.whoHas(f, label, val, loc) {
			return
		}
		if f.path == "family.name" && pluralPeople(label) && len(splitPeople(val)) >= 2 && m.peopleList(label, val, loc) {
			return // "Parents: Fiona McKenzie (mum) ...; Andrew McKenzie (dad) ..."
		}
		if f.kind == kTri && groupLabel(label) {
			// "Lives with: Mum (Michelle Hollis) and her partner Dean",
			// "Parents with PR: ...": people who have the attribute.
			if t, _, ok := parseTri(val); !(ok && t != "") && m.peopleList(label, val, loc, f) {
				return
			}
		}
		m.placeMember(r, f, label, val, loc)
		return
	}
	switch f.kind {
	case kText:
		m.setText(f, label, val, loc)
	case kNarrative:
		if v, ok := leadingTicks(val); ok {
			// "[X] Yes [ ] No - autism, EHCP in place": the answer, with
			// no tick marks left in it.
			if val = v; val == "" {
				return
			}
		}
		if f.path == "child.disability_sen" && m.r.Child.EHCP == "" {
			if e := ehcpIn(val); e != "" {
				m.r.Child.EHCP = e
				m.src("child.ehcp", loc)
			}
		}
		if m.asksWho(label) {
			// "Decision made by: Farah Iqbal, DSL": the answer alone would
			// not say what it is.
			val = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(label), ":*?")) + ": " + val
		}
		m.appendText(f, val, loc)
	case kTri:
		m.setTri(f, f.tri(m.r), f.path, label, val, loc)
	case kDate:
		if f.path == "referral_date" {
			m.setString(f.str(m.r), f.path, label, normDay(val), loc)
			return
		}
		m.setString(f.str(m.r), f.path, label, normDate(val), loc)
	case kDOB:
		m.setDOB(label, val, loc)
	case kConsent:
		m.setConsent(f, label, val, loc)
	case kLevel:
		if n, ok := parseLevel(val); ok {
			if m.r.ReferrerLevel == 0 {
				m.r.ReferrerLevel = n
				m.src(f.path, loc)
			} else if m.r.ReferrerLevel != n {
				m.extra(label, val)
			}
		} else {
			m.unparsed(f.path, val)
		}
	case kRoute:
		if id, ok := m.t.parseRoute(val); ok {
			m.setString(&m.r.ReferrerRoute, f.path, label, id, loc)
		} else if plainWords(label) == "referral" {
			// "Referral - Unborn baby of Jade Collins": a title, not
			// the route the referrer intends; kept as written.
			m.labelled--
			m.unknown(label, val, loc)
		} else {
			m.unparsed(f.path, val)
		}
	case kPercent:
		if p, ok := parsePercent(val); ok {
			if m.r.Child.AttendancePercent == 0 {
				m.r.Child.AttendancePercent = p
				m.src(f.path, loc)
			}
		} else {
			m.unparsed(f.path, val)
		}
	case kAgencies:
		for _, a := range parseAgencies(val) {
			m.r.Support.Agencies = append(m.r.Support.Agencies, a)
		}
		m.src(f.path, loc)
	case kCategories:
		v, _ := resolveTicks(val)
		for _, c := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ';' || r == '\n' || r == '/' }) {
			if c = strings.Trim(strings.TrimSpace(c), "-•* "); c != "" && !containsFold(m.r.Concern.Categories, c) {
				m.r.Concern.Categories = append(m.r.Concern.Categories, c)
			}
		}
		m.src(f.path, loc)
	case kNamePart:
		m.namePart(f.name, f.part, label, val, loc, nil)
	case kAgencyPart:
		m.agencyPart(f.part, val, loc)
	}
}

// setConsent reads a consent answer into the status, who gave consent and
// when. The words with a "no" are the reason consent was not sought; other
// words (a refusal as the parent put it, how consent was given) are kept as
// Extra.
func (m *mapper) setConsent(f *fieldDef, label, val string, loc referral.Location) {
	if ls := labelStatus(label); ls != "" {
		// "Consent refused: Yes": the label names the status and the
		// answer says whether it holds. "No" says only that it does not.
		if t, rest, ok := parseTri(val); ok && t.Known() {
			if t == referral.No {
				m.unparsed(f.path, strings.TrimSpace(strings.TrimRight(strings.TrimSpace(label), ":*?"))+": "+val)
				return
			}
			m.setString(&m.r.Consent.Status, f.path, label, ls, loc)
			m.lastTri = "no"
			switch {
			case rest == "":
			case ls == referral.ConsentNotSought:
				m.appendText(fieldByPath["consent.reason_not_sought"], rest, loc)
			default:
				m.extra(label, val)
			}
			return
		}
	}
	a, ok := readConsent(val)
	if !ok {
		m.unparsed(f.path, val)
		return
	}
	if a.status == "" {
		return
	}
	c := &m.r.Consent
	m.setString(&c.Status, f.path, label, a.status, loc)
	m.lastTri = "no"
	switch a.status {
	case referral.ConsentNotSought:
		if a.reason != "" {
			m.appendText(fieldByPath["consent.reason_not_sought"], a.reason, loc)
		}
	case referral.ConsentRefused:
		if a.reason != "" {
			m.appendText(fieldByPath["consent.reason_not_sought"], a.reason, loc)
		}
		if a.detail != "" {
			m.extra(label, val)
		}
	case referral.ConsentGiven:
		m.lastTri = "yes"
		if m.consentAnswer == nil {
			m.consentAnswer = &piece{label: label, text: val, loc: loc}
		}
		if a.givenBy != "" {
			m.inferString(&c.GivenBy, "consent.given_by", label, val, a.givenBy, loc)
		}
		if a.date != "" {
			m.inferString(&c.Date, "consent.date", label, val, normDate(a.date), loc)
		}
		if a.interpreter && c.InterpreterUsed == "" {
			c.InterpreterUsed = referral.Yes
			m.src("consent.interpreter_used", loc)
		}
		if a.more {
			m.extra(label, val)
		}
	}
}

// finishConsent records a competent young person's own consent ("Chloe
// has given her own consent ... she is 17", "Yes - Chloe's own consent"):
// the giver is the child, named as the child is, and the answer is the
// young person's view of the referral when no view is recorded.
func (m *mapper) finishConsent() {
	c := &m.r.Consent
	a := m.consentAnswer
	if c.Status != referral.ConsentGiven || a == nil {
		return
	}
	p := spacedWords(a.text)
	giver := c.GivenBy
	gw := nameWords(giver)
	own := containsAny(p, " her own consent", " his own consent", " their own consent", " own consent ", " consented herself",
		" consented himself", " the young person consented", " the young person has consented", " the young person gave",
		" the young person has given", " yp consented", " yp has consented")
	if giver != "" && (len(gw) > 0 && m.isRelation(gw[0]) || m.memberNamed(giver)) {
		return // "Mum gave her own consent"; "Jade has given her own consent" when Jade is the mother
	}
	child := m.r.Child.Name
	cw := nameWords(child)
	isChild := own || len(gw) > 0 && len(cw) > 0 && gw[0] == cw[0] && !m.memberNamed(giver)
	if !isChild {
		return
	}
	name := child
	if name == "" {
		name = "the young person"
		if giver != "" {
			name = giver + " (the young person)"
		}
	}
	if !sameText(giver, name) {
		c.GivenBy = name
		delete(m.inferred, "consent.given_by")
		m.src("consent.given_by", a.loc)
	}
	if c.ChildViews == "" {
		c.ChildViews = a.text
		m.src("consent.child_views", a.loc)
	}
}

// memberNamed reports whether a family member has the name.
func (m *mapper) memberNamed(name string) bool {
	for _, mb := range m.r.Family {
		if mb.Name != "" && samePerson(mb.Name, name) {
			return true
		}
	}
	return false
}

// leadingTicks resolves the tick boxes of an answer that starts with its
// options ("[X] Yes [ ] No - autism", "Yes ☒ No ☐ - ADHD"). Free text with
// a box further on is left as written.
func leadingTicks(val string) (string, bool) {
	if len(val) > 400 {
		return val, false
	}
	t := normMarks(val)
	if !hasBox(t) {
		return val, false
	}
	t = strings.TrimSpace(t)
	_, _, lead := box(t, 0)
	if w := firstWord(t); !lead && w != "" && optionWords[strings.ToLower(w)] {
		k := len(w)
		for k < len(t) && t[k] == ' ' {
			k++
		}
		_, _, lead = box(t, k) // "Yes ☒ No ☐"
	}
	if !lead {
		return val, false
	}
	v, _ := resolveTicks(val)
	if w := firstWord(v); v != "" && !optionWords[strings.ToLower(w)] && (len(val) > 200 || !startsWithBox(t)) {
		return val, false
	}
	return v, true
}

func startsWithBox(t string) bool {
	_, _, ok := box(t, 0)
	return ok
}

// ehcpIn reads whether a description of needs says the child has an EHCP:
// "autism, EHCP in place" says yes; "EHCP applied for" or "no EHCP" says
// nothing certain, and gives "".
func ehcpIn(v string) referral.TriState {
	p := spacedWords(v)
	if !containsAny(p, " ehcp ", " ehc plan ", " education health and care plan ") {
		return ""
	}
	if containsAny(p, " no ehcp", " not ehcp", " without ehcp", " without an ehcp", " applied", " applying", " apply ",
		" awaiting", " assessment", " requested", " request ", " pending", " being considered", " refused", " declined", " no ehc") {
		return ""
	}
	if containsAny(p, " ehcp in place", " has an ehcp", " has ehcp", " with an ehcp", " with ehcp", " ehcp yes", " ehc plan in place",
		" has an ehc plan", " ehcp issued", " ehcp agreed", " holds an ehcp", " on an ehcp", " ehcp since", " current ehcp", " ehcp in place ") {
		return referral.Yes
	}
	return ""
}

// labelStatus returns the consent status a label names as a fact to be
// answered yes or no ("Consent refused", "Has consent been withheld?",
// "Consent not sought"), or "" when the label asks for the status itself.
func labelStatus(label string) string {
	p := spacedWords(stripParens(label))
	if !strings.Contains(p, " consent") || containsAny(p, " reason ", " why ", " details ", " if ") {
		return ""
	}
	switch {
	case containsAny(p, " refus", " declin", " withheld ", " withdrawn "):
		return referral.ConsentRefused
	case containsAny(p, " not sought ", " not been sought ", " not given ", " not obtained ", " not been obtained ", " not asked "):
		return referral.ConsentNotSought
	}
	return ""
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// followTarget is the field a follow-up label ("If no, why not?") refers to.
func (m *mapper) followTarget(kind string) *fieldDef {
	if m.last == nil {
		return nil
	}
	if fu, ok := m.t.followupOf(m.last); ok {
		if kind == "details" && fu.details == nil && fu.whyNot != nil && m.lastTri == "no" {
			return fu.whyNot // "Reason:" after "Consent: not sought"
		}
		if f := fu.get(kind); f != nil {
			if kind == "why_not" && m.lastTri == "yes" && fu.details != nil {
				return fu.details
			}
			return f
		}
	}
	switch m.last.kind {
	case kNarrative, kAgencies:
		return m.last
	}
	return nil
}

// whoHas reads the answer to "Who has parental responsibility?": the
// people it names ("Mother (Agnieszka Sokolowska) and father (Piotr
// Sokolowski)") have it. Each is matched to a member by name or
// relationship, or added. It reports false when the label does not ask who,
// or the answer names nobody.
func (m *mapper) whoHas(f *fieldDef, label, val string, loc referral.Location) bool {
	ws := m.t.normFast(label, nil)
	if len(ws) == 0 || ws[0] != "who" {
		return false
	}
	if t, _, ok := parseTri(val); ok && t != "" && (t == referral.Yes || t == referral.No) {
		return false // "Who has PR? Yes" answers for the member in hand
	}
	var people [][2]string // name, relationship
	for _, p := range strings.FieldsFunc(strings.ReplaceAll(strings.ReplaceAll(val, " and ", ";"), " & ", ";"), func(r rune) bool {
		return r == ';' || r == ','
	}) {
		p = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(p), "."))
		if p == "" {
			continue
		}
		name, rel := relationshipIn(p)
		if rel == "" {
			// "Mother (Agnieszka Sokolowska)"
			if i := strings.IndexByte(p, '('); i > 0 && strings.HasSuffix(p, ")") && m.isRelation(p[:i]) {
				rel, name = strings.TrimSpace(p[:i]), strings.TrimSpace(p[i+1:len(p)-1])
			} else if m.isRelation(p) {
				rel, name = p, ""
			} else if !looksLikeName(p) {
				return false
			}
		}
		people = append(people, [2]string{name, rel})
	}
	if len(people) == 0 {
		return false
	}
	for _, pr := range people {
		i := m.findMember(pr[0], pr[1])
		if i < 0 {
			i = m.newMember("", loc)
			if pr[1] != "" {
				m.setRelationship(i, pr[1], loc, false)
			}
			if pr[0] != "" {
				m.placeMemberAt(i, fieldByPath["family.name"], label, pr[0], loc)
			}
			m.cur = -1
		}
		m.placeMemberAt(i, f, label, "yes", loc)
	}
	return true
}

// findMember returns the member with the name, or else with the
// relationship (when only one has it), or -1.
func (m *mapper) findMember(name, rel string) int {
	if name != "" {
		for i, mb := range m.r.Family {
			if mb.Name != "" && samePerson(mb.Name, name) {
				return i
			}
		}
		return -1
	}
	found := -1
	key := m.relKey(rel)
	for i, mb := range m.r.Family {
		if key != "" && m.relKey(mb.Relationship) == key {
			if found >= 0 {
				return -1
			}
			found = i
		}
	}
	return found
}

// relKey is the relationship a word names ("Mum" is "mother").
func (m *mapper) relKey(s string) string {
	ws := m.t.normFast(s, nil)
	if len(ws) == 0 {
		return ""
	}
	if sj, n := m.t.subjectAt(ws, 0); n == len(ws) && sj.kind == cFamily {
		return sj.rel
	}
	return ""
}

// asksWho reports a label that asks for a person ("Decision made by", "Who
// made this decision?").
func (m *mapper) asksWho(label string) bool {
	if indexWordFold(label, "who") < 0 && indexWordFold(label, "by") < 0 {
		return false
	}
	ws := m.t.normFast(stripParens(label), nil)
	return len(ws) > 1 && (ws[0] == "who" || ws[len(ws)-1] == "by")
}

// setText stores a one-line text value; a different second value is kept as Extra.
func (m *mapper) setText(f *fieldDef, label, val string, loc referral.Location) {
	switch f.path {
	case "child.name":
		if name, ok := m.childLine(label, val, loc); ok {
			val = name
		}
	case "referrer.name":
		if name, ok := m.referrerLine(label, val, loc); ok {
			if val = name; val == "" {
				return
			}
		} else if name, role := splitNameRole(val); role != "" {
			val = name
			m.setString(&m.r.Referrer.Role, "referrer.role", label, role, loc)
		}
	case "referrer.phone":
		if ph, em, ok := splitContact(val); ok {
			if em != "" {
				m.setString(&m.r.Referrer.Email, "referrer.email", label, em, loc)
			}
			if ph == "" {
				return
			}
			val = ph
		}
	case "referrer.email":
		if e := findEmail(val); e != "" {
			val = e
		}
	case "child.school", "child.year_group":
		// "Hardwick Primary School (Year 6)", "Thames Reach School, Year 11"
		if school, year := splitSchoolYear(val); year != "" {
			c := &m.r.Child
			if school != "" && (f.path == "child.school" || c.School == "" && containsWord(school, orgWords)) {
				m.setString(&c.YearGroup, "child.year_group", label, year, loc)
				m.setString(&c.School, "child.school", label, school, loc)
				return
			}
		}
	case "child.address":
		if m.r.Child.Postcode == "" {
			if pc := findPostcode(val); pc != "" {
				m.r.Child.Postcode = pc
				m.src("child.postcode", loc)
			}
		}
	}
	m.setString(f.str(m.r), f.path, label, val, loc)
}

var schoolYearRE = lazyre.New(`^(.*?)[\s,;\-–—(/]+((?i:year|yr)\s*\d{1,2}|(?i:reception))\)?\.?$`)

// splitSchoolYear splits "Hardwick Primary School (Year 6)" into the school
// and the year group. year is "" when the value does not end with one.
func splitSchoolYear(v string) (school, year string) {
	// Most values are not a school and a year group: spare them the
	// expression (TestFastPaths checks that the answers do not change). One
	// that is ends with a digit, "Reception", ")" or ".", and the year
	// group alone ("Year 6") is not.
	s := strings.TrimSpace(v)
	if !strings.ContainsAny(s, "yYrR") || !strings.ContainsRune("0123456789nN).", rune(s[len(s)-1])) || isYearGroup(s) {
		return v, ""
	}
	sm := schoolYearRE.FindStringSubmatch(s)
	if sm == nil || strings.TrimSpace(sm[1]) == "" {
		return v, ""
	}
	return strings.TrimSpace(strings.TrimRight(strings.TrimSpace(sm[1]), ",;-–(")), sm[2]
}

// isYearGroup reports a year group and nothing else: "Year 6", "yr10",
// "Reception" (the second group of schoolYearRE, alone).
func isYearGroup(s string) bool {
	if strings.EqualFold(s, "reception") {
		return true
	}
	var rest string
	switch {
	case len(s) > 4 && strings.EqualFold(s[:4], "year"):
		rest = s[4:]
	case len(s) > 2 && strings.EqualFold(s[:2], "yr"):
		rest = s[2:]
	default:
		return false
	}
	rest = strings.TrimLeft(rest, " \t\n\f\r") // \s
	return len(rest) <= 2 && isNumber(rest)
}

// splitContact separates a phone number and an email address written in one
// answer. ok is false when the value has no email address.
func splitContact(val string) (phone, email string, ok bool) {
	email = findEmail(val)
	if email == "" {
		return val, "", false
	}
	rest := strings.TrimSpace(strings.Replace(val, email, "", 1))
	rest = strings.Trim(rest, " ,;/|-–()")
	for _, p := range []string{"email", "e-mail", "tel", "phone", "mobile"} {
		rest = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), p))
	}
	rest = strings.Trim(rest, " ,;/|-–():")
	if ph := findPhone(rest); ph != "" {
		return rest, email, true
	}
	return "", email, true
}

func (m *mapper) setString(p *string, path, label, val string, loc referral.Location) {
	if val == "" {
		return
	}
	if *p == "" {
		*p = val
		m.src(path, loc)
		return
	}
	if !sameText(*p, val) {
		if in, ok := m.inferred[path]; ok {
			// A value read out of another answer gives way to a labelled
			// one; that answer is kept as written.
			delete(m.inferred, path)
			*p = val
			m.r.Sources[path] = loc
			m.extra(in.Label, in.Value)
			return
		}
		m.extra(label, val)
	}
}

// inferString sets a field from part of another answer (the giver of
// consent in "Yes - from mum"). A labelled value for the field replaces it.
func (m *mapper) inferString(p *string, path, label, whole, val string, loc referral.Location) {
	if val == "" || *p != "" {
		m.setString(p, path, label, val, loc)
		return
	}
	m.setString(p, path, label, val, loc)
	if m.inferred == nil {
		m.inferred = map[string]referral.Extra{}
	}
	m.inferred[path] = referral.Extra{Label: label, Value: whole}
}

func sameText(a, b string) bool {
	if a == b || plainWords(a) == plainWords(b) {
		return true
	}
	na := normDate(a)
	return na == normDate(b) && len(na) == 10 && na[4] == '-' && na[7] == '-'
}

// appendText adds free text to a field, keeping earlier text.
func (m *mapper) appendText(f *fieldDef, val string, loc referral.Location) {
	p := f.str(m.r)
	switch {
	case *p == "":
		*p = val
		m.src(f.path, loc)
	case len(*p) > 64<<10 || !strings.Contains(*p, val):
		*p += "\n\n" + val
	}
}

// setTri stores a yes/no/unknown answer; the words after "Yes -" or "No -"
// go to the follow-up field when there is one, else to Extra.
func (m *mapper) setTri(f *fieldDef, p *referral.TriState, path, label, val string, loc referral.Location) {
	t, rest, _ := parseTri(val)
	if t == "" {
		return
	}
	m.lastTri = string(t)
	switch {
	case *p == "":
		*p = t
		m.src(path, loc)
	case *p != t:
		m.extra(label, val)
		return
	}
	if rest == "" {
		return
	}
	kind := "details"
	if t == referral.No {
		kind = "why_not"
	}
	if fu, _ := m.t.followupOf(f); fu.get(kind) != nil && !f.member() {
		g := fu.get(kind)
		if g.kind == kNarrative {
			m.appendText(g, rest, loc)
		} else {
			m.setString(g.str(m.r), g.path, label, rest, loc)
		}
		return
	}
	m.extra(label, val)
}

// setDOB reads the child's date of birth, which may be a due date or an
// estimated age.
func (m *mapper) setDOB(label, val string, loc referral.Location) {
	d := normDate(val)
	l := strings.ToLower(val)
	isISO := len(d) == 10 && d[4] == '-' && d[7] == '-'
	switch {
	case isISO && afterToday(d):
		m.setString(&m.r.Child.ExpectedDueDate, "child.expected_due_date", label, d, loc)
	case isISO:
		m.setString(&m.r.Child.DateOfBirth, "child.date_of_birth", label, d, loc)
	case containsAny(" "+plainWords(l)+" ", " edd ", " due ", " unborn ", " expected "):
		if dt := dateInTextRE.FindString(val); dt != "" {
			d = normDate(dt)
		}
		m.setString(&m.r.Child.ExpectedDueDate, "child.expected_due_date", label, d, loc)
	case !dateInTextRE.MatchString(val) && childAgeRE.MatchString(val):
		m.setString(&m.r.Child.Age, "child.age", label, strings.TrimSpace(val), loc)
	default:
		m.setString(&m.r.Child.DateOfBirth, "child.date_of_birth", label, d, loc)
	}
}

// afterToday reports whether d, a date as YYYY-MM-DD, is after today where
// the program runs. Today there is within a day of today in UTC, so only a
// date within a day of that needs the local time zone, whose loading (a
// file read) cost the first date of birth of a process 40 µs or more.
func afterToday(d string) bool {
	t := now()
	utc := t.UTC()
	switch {
	case d > utc.AddDate(0, 0, 1).Format("2006-01-02"):
		return true
	case d < utc.AddDate(0, 0, -1).Format("2006-01-02"):
		return false
	}
	return d > t.Format("2006-01-02")
}

// namePart collects one part of a name ("Forename", "Surname").
func (m *mapper) namePart(path string, part int, label, val string, loc referral.Location, set func(string) *string) {
	key := path
	if m.names == nil {
		m.names = map[string]*nameParts{}
	}
	np := m.names[key]
	if np == nil {
		np = &nameParts{loc: loc, path: path, lbl: label}
		m.names[key] = np
	}
	if set != nil {
		np.set = set
	}
	if np.part[part] == "" {
		np.part[part] = val
	} else if !sameText(np.part[part], val) {
		m.extra(label, val)
	}
}

// joinNames joins collected name parts into their name fields.
func (m *mapper) joinNames() {
	for _, key := range sortedKeys(m.names) {
		np := m.names[key]
		var parts []string
		for _, p := range np.part {
			if p != "" {
				parts = append(parts, p)
			}
		}
		name := strings.Join(parts, " ")
		var p *string
		switch {
		case np.set != nil:
			p = np.set(name)
		case key == "child.name":
			p = &m.r.Child.Name
		case key == "referrer.name":
			p = &m.r.Referrer.Name
		}
		if p != nil {
			m.setString(p, key, np.lbl, name, np.loc)
		}
	}
}

// placeMember stores a value for a family member.
func (m *mapper) placeMember(r res, f *fieldDef, label, val string, loc referral.Location) {
	if r.member != "" && r.rel == "" && f.kind == kTri && !strings.ContainsAny(r.member, "0123456789") {
		if _, ok := m.members[r.member]; !ok && m.soleParent() < 0 {
			// "Interpreter for parent? Yes (Urdu)" with no parent, or
			// several, to give it to: kept as written, not given to a
			// new, nameless member.
			m.unknown(label, val, loc)
			return
		}
	}
	i := m.memberFor(r, f, loc)
	if m.keyed(i) && m.memberHas(i, f) && (f.path == "family.name" && !samePerson(m.r.Family[i].Name, val) || f.kind == kNamePart) {
		// "Parent / Carer name:" again: the next person of a repeated block.
		i = m.repeatMember(i, loc)
	}
	m.placeMemberAt(i, f, label, val, loc)
}

// repeatMember starts a new member under the key of member i, for a block
// of labels that is repeated for each person.
func (m *mapper) repeatMember(i int, loc referral.Location) int {
	rel := ""
	if m.relDefault[i] {
		rel = m.r.Family[i].Relationship
	}
	j := m.newMember(rel, loc)
	for k, v := range m.members {
		if v == i {
			m.members[k] = j
			m.keyedMember[j] = true
			m.implicit, m.implMember = cFamily, k
		}
	}
	return j
}

// samePerson reports whether two names may be one person written twice:
// "Sarah" and "Sarah Smith", "Mrs S Smith" and "S Smith" (not "Amy Smith"
// and "Ben Smith").
func samePerson(a, b string) bool {
	aw, bw := nameWords(a), nameWords(b)
	if len(aw) == 0 || len(bw) == 0 {
		return true
	}
	return aw[0] == bw[0] || strings.Contains(" "+strings.Join(aw, " ")+" ", " "+strings.Join(bw, " ")+" ") ||
		strings.Contains(" "+strings.Join(bw, " ")+" ", " "+strings.Join(aw, " ")+" ")
}

// nameWords are the words of a name without a title.
func nameWords(s string) []string {
	ws := strings.Fields(plainWords(s))
	if len(ws) > 1 {
		switch ws[0] {
		case "mr", "mrs", "ms", "miss", "mx", "dr":
			ws = ws[1:]
		}
	}
	return ws
}

// placeMemberAt stores a value for family member i.
func (m *mapper) placeMemberAt(i int, f *fieldDef, label, val string, loc referral.Location) {
	mb := &m.r.Family[i]
	path := memberPath(i, f)
	switch f.kind {
	case kText:
		switch f.path {
		case "family.name":
			if name, ok := m.personLine(i, label, val, loc); ok {
				if val = name; val == "" {
					return
				}
			}
			if name, rel := relationshipIn(val); rel != "" {
				val = name
				m.setRelationship(i, rel, loc, false)
			}
		case "family.relationship":
			m.setRelationship(i, val, loc, false)
			return
		case "family.phone":
			if ph, em, ok := splitContact(val); ok {
				if em != "" {
					m.setString(&mb.Email, memberPath(i, fieldByPath["family.email"]), label, em, loc)
				}
				if ph == "" {
					return
				}
				val = ph
			}
		case "family.email":
			if e := findEmail(val); e != "" {
				val = e
			}
		}
		m.setString(f.mstr(mb), path, label, val, loc)
	case kDate:
		d := normDate(val)
		if d == strings.TrimSpace(val) {
			if n, ok := parseMemberAge(val); ok {
				m.placeMemberAt(i, fieldByPath["family.age"], label, strconv.Itoa(n), loc)
				return
			}
		}
		m.setString(f.mstr(mb), path, label, d, loc)
	case kTri:
		if f.path == "family.interpreter_needed" {
			// "Yes (Urdu)", "Yes - Sorani Kurdish": the language is theirs.
			if t, rest, ok := parseTri(val); ok && t == referral.Yes && rest != "" {
				if lang := strings.Trim(rest, "() "); languageLike(lang) {
					m.setTri(f, f.mtri(mb), path, label, "yes", loc)
					m.placeMemberAt(i, fieldByPath["family.first_language"], label, lang, loc)
					return
				}
			}
		}
		m.setTri(f, f.mtri(mb), path, label, val, loc)
	case kAge:
		if n, ok := parseMemberAge(val); ok {
			if mb.Age == 0 {
				mb.Age = n
				m.src(path, loc)
			} else if mb.Age != n {
				m.extra(label, val)
			}
		} else {
			m.unparsed(path, val)
		}
	case kPostcode:
		switch {
		case mb.Address == "":
			mb.Address = val
			m.src(memberPath(i, fieldByPath["family.address"]), loc)
		case !strings.Contains(strings.ToUpper(mb.Address), strings.ToUpper(val)):
			mb.Address += ", " + val
		}
	case kNamePart:
		idx := i
		m.namePart(memberPath(i, fieldByPath["family.name"]), f.part, label, val, loc, func(string) *string {
			return &m.r.Family[idx].Name
		})
	}
}

// setRelationship records a member's relationship. One that came from a
// label ("Mother's name") gives way to one written as an answer.
func (m *mapper) setRelationship(i int, rel string, loc referral.Location, fromLabel bool) {
	mb := &m.r.Family[i]
	path := memberPath(i, fieldByPath["family.relationship"])
	if m.relDefault == nil {
		m.relDefault = map[int]bool{}
	}
	switch {
	case mb.Relationship == "":
		mb.Relationship = rel
		m.relDefault[i] = fromLabel
		m.src(path, loc)
	case m.relDefault[i] && !fromLabel:
		mb.Relationship = rel
		m.relDefault[i] = false
		m.r.Sources[path] = loc
	case !fromLabel && !sameText(mb.Relationship, rel):
		m.extra("Relationship", rel)
	}
}

// memberFor picks the family member a value belongs to: the one the label
// names ("Mother's phone"), the one the heading names ("Parent/carer 2"),
// else the member being filled, or a new one when that already has this
// field ("Name" again starts the next person).
func (m *mapper) memberFor(r res, f *fieldDef, loc referral.Location) int {
	key, rel := r.member, r.rel
	if key == "" && r.subject != cFamily {
		switch {
		case m.implicit == cFamily && m.implMember != "":
			key = m.implMember
		case m.sec == cFamily && m.secMember != "":
			key, rel = m.secMember, m.secRel
		}
	}
	if key == "" && r.subject != cFamily {
		rel = m.secRel
	}
	if m.members == nil {
		m.members = map[string]int{}
	}
	if key != "" {
		if i, ok := m.members[key]; ok {
			m.cur = i
			return i
		}
		if rel == "" && r.member != "" && !strings.ContainsAny(key, "0123456789") {
			// "Interpreter for parent?": the parent already listed, not a
			// new, nameless one.
			if i := m.soleParent(); i >= 0 {
				m.members[key] = i
				m.cur = i
				return i
			}
		}
		i := m.newMember(rel, loc)
		m.members[key] = i
		if m.keyedMember == nil {
			m.keyedMember = map[int]bool{}
		}
		m.keyedMember[i] = true
		m.implicit, m.implMember = cFamily, key
		return i
	}
	if m.cur >= 0 && !m.memberHas(m.cur, f) && !m.keyed(m.cur) {
		return m.cur
	}
	return m.newMember(rel, loc)
}

func (m *mapper) keyed(i int) bool { return m.keyedMember[i] }

func (m *mapper) newMember(rel string, loc referral.Location) int {
	m.r.Family = append(m.r.Family, referral.Member{})
	i := len(m.r.Family) - 1
	m.cur = i
	if rel != "" {
		m.setRelationship(i, rel, loc, true)
	}
	return i
}

// memberHas reports whether member i already has a value for f.
func (m *mapper) memberHas(i int, f *fieldDef) bool {
	mb := &m.r.Family[i]
	switch f.kind {
	case kAge:
		return mb.Age != 0
	case kTri:
		return *f.mtri(mb) != ""
	case kNamePart:
		np := m.names[memberPath(i, fieldByPath["family.name"])]
		return mb.Name != "" || np != nil && np.part[f.part] != ""
	case kPostcode:
		return false
	}
	if f.path == "family.relationship" {
		return mb.Relationship != "" && !m.relDefault[i]
	}
	return *f.mstr(mb) != ""
}

// agencyPart stores an agency's name, role, contact or worker given on a
// labelled line in an agencies section.
func (m *mapper) agencyPart(part int, val string, loc referral.Location) {
	a := m.agency
	if a < 0 || a >= len(m.r.Support.Agencies) || agencyHas(&m.r.Support.Agencies[a], part, m.workers[a]) {
		m.r.Support.Agencies = append(m.r.Support.Agencies, referral.Agency{})
		a = len(m.r.Support.Agencies) - 1
		m.agency = a
		m.src("support.agencies", loc)
	}
	ag := &m.r.Support.Agencies[a]
	switch part {
	case 0:
		ag.Name = val
	case 1:
		ag.Role = val
	case 2:
		if ag.Contact != "" {
			ag.Contact += ", " + val
		} else {
			ag.Contact = val
		}
	case 3:
		if m.workers == nil {
			m.workers = map[int]string{}
		}
		m.workers[a] = val
	}
}

func agencyHas(a *referral.Agency, part int, worker string) bool {
	switch part {
	case 0:
		return a.Name != ""
	case 1:
		return a.Role != ""
	case 3:
		return worker != ""
	}
	return false
}

// finishAgencies puts the worker named in an agency table into the agency.
func (m *mapper) finishAgencies() {
	for i, w := range m.workers {
		if i >= len(m.r.Support.Agencies) {
			continue
		}
		a := &m.r.Support.Agencies[i]
		switch {
		case a.Name == "":
			a.Name = w
		case a.Contact == "":
			a.Contact = w
		default:
			a.Contact = w + ", " + a.Contact
		}
	}
	// drop empty agencies
	out := m.r.Support.Agencies[:0]
	for _, a := range m.r.Support.Agencies {
		if a.Name != "" || a.Role != "" || a.Contact != "" {
			out = append(out, a)
		}
	}
	m.r.Support.Agencies = out
}

// parseAgencies reads agencies from free text: one per line ("CAMHS - Dr A
// Patel, 01865 000000"), or a list on one line ("CAMHS, school nurse").
func parseAgencies(val string) []referral.Agency {
	v, _ := resolveTicks(val)
	var lines []string
	for _, l := range strings.Split(v, "\n") {
		l = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(l), "-•*·▪"))
		l = strings.TrimSpace(stripNumbering(l))
		if l != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) == 1 {
		switch strings.ToLower(strings.Trim(lines[0], ". ")) {
		case "none", "n/a", "na", "no", "nil", "not known", "unknown", "none known", "no other agencies":
			return nil
		}
		if !strings.ContainsAny(lines[0], "0123456789@") && strings.ContainsAny(lines[0], ",;") {
			var out []referral.Agency
			for _, p := range strings.FieldsFunc(strings.ReplaceAll(lines[0], " and ", ","), func(r rune) bool { return r == ',' || r == ';' }) {
				p = strings.TrimSpace(p)
				if p != "" {
					out = append(out, referral.Agency{Name: p})
				}
			}
			return out
		}
	}
	var out []referral.Agency
	for _, l := range lines {
		a := referral.Agency{Name: l}
		for _, sep := range []string{" - ", " – ", " — ", ": ", " (", ", "} {
			if i := strings.Index(l, sep); i > 0 {
				a.Name = strings.TrimSpace(l[:i])
				a.Contact = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(l[i+len(sep):]), ")"))
				break
			}
		}
		out = append(out, a)
	}
	return out
}

// soleParent returns the one family member who is a parent or carer, or -1
// when there is none or more than one.
func (m *mapper) soleParent() int {
	found := -1
	for i, mb := range m.r.Family {
		switch m.relKey(mb.Relationship) {
		case "mother", "father", "stepmother", "stepfather", "foster carer", "kinship carer":
		default:
			if !m.isRelation(mb.Relationship) || !containsAny(" "+plainWords(mb.Relationship)+" ", " parent ", " carer ", " guardian ") {
				continue
			}
		}
		if found >= 0 {
			return -1
		}
		found = i
	}
	return found
}

// childLine reads the child written on one line: "Harvey Quinn, DOB
// 09/09/2017, Year 4". The first part is the name; a date of birth, a year
// group, an age and a gender are placed; other parts are kept as Extra. It
// returns the name and true when the line had such parts.
func (m *mapper) childLine(label, val string, loc referral.Location) (string, bool) {
	if !strings.ContainsAny(val, ",;") {
		return "", false
	}
	parts := splitParts(val)
	if len(parts) < 2 || !looksLikeName(parts[0].text) {
		return "", false
	}
	type placed struct {
		path, val string
	}
	var got []placed
	var left []string
	for _, p := range parts[1:] {
		t := p.text
		l := strings.ToLower(t)
		switch {
		case isYearGroup(t):
			got = append(got, placed{"child.year_group", t})
		case dateAfter(l) != "":
			got = append(got, placed{"child.date_of_birth", dateAfter(l)})
		case l == "male" || l == "female" || l == "boy" || l == "girl":
			got = append(got, placed{"child.gender", t})
		case childAgeRE.MatchString(t) && !dateInTextRE.MatchString(t) && len(t) <= 20:
			got = append(got, placed{"child.age", t})
		default:
			left = append(left, t)
		}
	}
	if len(got) == 0 {
		return "", false // "Smith, Jamie": a name with a comma
	}
	for _, g := range got {
		switch g.path {
		case "child.year_group":
			m.setString(&m.r.Child.YearGroup, g.path, label, g.val, loc)
		case "child.date_of_birth":
			m.setDOB(label, g.val, loc)
		case "child.gender":
			m.setString(&m.r.Child.Gender, g.path, label, g.val, loc)
		case "child.age":
			m.setString(&m.r.Child.Age, g.path, label, g.val, loc)
		}
	}
	if len(left) > 0 {
		m.extra(strings.TrimSpace(strings.TrimRight(label, ":*"))+" ("+parts[0].text+")", strings.Join(left, "; "))
	}
	return parts[0].text, true
}

// dateAfter returns the date in "DOB 09/09/2017", "born 9 Sept 2017" or a
// bare date, or "".
func dateAfter(l string) string {
	for _, pre := range []string{"dob:", "dob", "d.o.b.:", "d.o.b.", "d.o.b", "born on", "born", "date of birth:", "date of birth", "b."} {
		if strings.HasPrefix(l, pre) {
			l = strings.TrimSpace(l[len(pre):])
			break
		}
	}
	if d := normDate(l); len(d) == 10 && d[4] == '-' && d[7] == '-' {
		return l
	}
	return ""
}
