package mapping

import (
	"github.com/frontdoorhq/frontdoor/internal/lazyre"
	"net/mail"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/frontdoorhq/frontdoor/checker/referral"
)

// finish joins name parts, reads the signature, and puts the text that no
// label claimed into concern.description (when no label gave one) or Extra.
func (m *mapper) finish() {
	m.joinNames()
	m.finishAgencies()
	m.finishConsent()
	narrative := m.r.Concern.Description == ""
	if m.closer >= 0 {
		m.signature(m.closer + 1)
	}
	m.referrerBlock()
	// Labels in a signature ("Tel: ...") do not make the letter above it a form.
	labelled := m.labelled
	if m.closer >= 0 {
		labelled = m.labelledAtCloser
	}
	var desc []piece
	var group strings.Builder
	groupLabel, grouped := "", false
	flush := func() {
		if grouped {
			m.extra(groupLabel, group.String())
			group.Reset()
			grouped = false
		}
	}
	for i, p := range m.pieces {
		if p.kind == pGreeting || p.kind == pCloser || p.used {
			continue
		}
		if narrative && (p.kind == pLoose || p.kind == pUnknown && labelled == 0) && (m.closer < 0 || i < m.closer) {
			desc = append(desc, p)
			continue
		}
		if p.kind == pUnknown || p.kind == pSubject {
			flush()
			m.extra(p.label, p.text)
			continue
		}
		label := p.label
		if m.closer >= 0 && i > m.closer {
			label = "Signature"
		}
		if grouped && groupLabel == label {
			group.WriteByte('\n')
			group.WriteString(p.text)
			continue
		}
		flush()
		groupLabel, grouped = label, true
		group.WriteString(p.text)
	}
	flush()
	if len(desc) > 0 {
		var b strings.Builder
		for i, p := range desc {
			if i > 0 {
				b.WriteByte('\n')
			}
			if p.kind == pUnknown {
				b.WriteString(p.label)
				b.WriteString(": ")
			}
			b.WriteString(p.text)
		}
		m.r.Concern.Description = b.String()
		m.src("concern.description", desc[0].loc)
	}
	m.extract(desc, narrative)
	m.headerFallbacks()
	if m.r.Child.Postcode == "" && m.r.Child.Address != "" {
		if pc := findPostcode(m.r.Child.Address); pc != "" {
			m.r.Child.Postcode = pc
			m.src("child.postcode", m.r.Sources["child.address"])
		}
	}
	if len(m.r.Sources) == 0 {
		m.r.Sources = referral.Sources{}
	}
}

// signature reads the lines after a closing ("Kind regards,") as the
// referrer's name, role, organisation, phone and email, where labels did not
// give them.
func (m *mapper) signature(from int) {
	rf := &m.r.Referrer
	for i := from; i < len(m.pieces) && i < from+10; i++ {
		p := &m.pieces[i]
		text := p.text
		if p.kind == pUnknown {
			text = p.label + ": " + p.text
		}
		if len(text) > 120 || len(strings.Fields(text)) > 16 {
			break // a disclaimer: the signature has ended
		}
		used := false
		if e := findEmail(text); e != "" {
			used = m.fill(&rf.Email, "referrer.email", e, p.loc) || used
		}
		if ph := findPhone(text); ph != "" {
			used = m.fill(&rf.Phone, "referrer.phone", ph, p.loc) || used
		}
		if !used && p.kind == pUnknown && rf.Role == "" && containsWord(p.label, roleWords) && containsWord(p.text, roleWords) &&
			!containsWord(p.label, orgWords) && len(p.label)+len(p.text) < 100 {
			// "Designated Safeguarding Lead | Assistant Headteacher"
			used = m.fill(&rf.Role, "referrer.role", p.label+" | "+p.text, p.loc)
		}
		if p.kind == pUnknown {
			// "Deputy DSL | Hillview Academy | 01865 555789" read as a
			// label and its value: the parts are the signature's.
			text = p.label + " | " + p.text
		}
		if raw := m.rawLine(p.loc); strings.Contains(raw, "|") && strings.Contains(raw, text[:min(len(text), 6)]) {
			text = raw // the cells of the line, not the words joined
		}
		for _, part := range splitSignature(text) {
			if findPhone(part) != "" || findEmail(part) != "" {
				continue
			}
			switch {
			case i == from && rf.Name == "" && looksLikeName(part):
				used = m.fill(&rf.Name, "referrer.name", part, p.loc) || used
			case containsWord(part, orgWords) && !containsWord(part, notOrgWords):
				used = m.fill(&rf.Organisation, "referrer.organisation", part, p.loc) || used
			case containsWord(part, roleWords):
				used = m.fill(&rf.Role, "referrer.role", part, p.loc) || used
			}
		}
		p.used = used
	}
}

// rawLine returns the text of the document line at loc, or "".
func (m *mapper) rawLine(loc referral.Location) string {
	if loc.IsZero() {
		return ""
	}
	i := sort.Search(len(m.d.Lines), func(i int) bool {
		l := m.d.Lines[i]
		return l.Page > loc.Page || l.Page == loc.Page && l.Line >= loc.Line
	})
	if i < len(m.d.Lines) && m.d.Lines[i].Page == loc.Page && m.d.Lines[i].Line == loc.Line {
		return strings.TrimSpace(m.d.Lines[i].Text)
	}
	return ""
}

var notOrgWords = newWordList("safeguarding lead", "teacher", "head of")

// fill sets an empty field and reports whether it did.
func (m *mapper) fill(p *string, path, val string, loc referral.Location) bool {
	val = strings.TrimSpace(val)
	if val == "" {
		return false
	}
	if *p == "" {
		*p = val
		m.src(path, loc)
		return true
	}
	return sameText(*p, val)
}

func splitSignature(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '|' || r == '–' || r == '—' || r == '/' })
}

var nameWordRE = lazyre.New(`^(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?$|^[A-Z][A-Za-z'’\-]*\.?$`)

// looksLikeName reports text such as "Jane Doe" or "Mrs J. O'Neil".
func looksLikeName(s string) bool {
	ws := strings.Fields(s)
	if len(ws) < 1 || len(ws) > 5 || len(s) > 50 {
		return false
	}
	for _, w := range ws {
		if !nameWordRE.MatchString(w) {
			return false
		}
	}
	return !containsWord(s, roleWords) && !containsWord(s, orgWords)
}

var (
	datePat    = `\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2}|\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+\d{4}`
	dobRE      = lazyre.New(`(?i)\b(?:d\.?o\.?b\.?|date of birth|born(?:\s+on)?|birthday)\s*(?:is|was|of)?\s*[:\-–]?\s*(` + datePat + `)`)
	eddRE      = lazyre.New(`(?i)\b(?:edd|due date|is due|baby is due|due on)\s*(?:is|of|on)?\s*[:\-–]?\s*(` + datePat + `)`)
	postcodeRE = lazyre.New(`^(GIR ?0AA|[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][ABD-HJLNP-UW-Z]{2})\b`)
	addressRE  = lazyre.New(`(?i:lives at|living at|resides at|residing at|address is|staying at|home is at|lives with [a-z ]{1,40} at)\s+`)
	nameWord   = `[A-Z][a-z'’]+(?:-[A-Za-z][a-z'’]+)*` // "Kai", "Brennan-Lowe", "Ellie-may"
	nameRE     = lazyre.New(`(?:(?i:worried about|concerned about|concerns? (?:about|regarding|for)|referring|refer|referral (?:for|about|regarding|re)|regarding|in relation to|re:|pupil|student|child|young person|our pupil)\s+|\b(?i:referral|re)\s*[:\-–]\s*)(` + nameWord + `(?:\s+` + nameWord + `){1,2})`)
	nameDobRE  = lazyre.New(`\b(` + nameWord + `(?:\s+` + nameWord + `){1,2})\s*[(,]\s*(?i:d\.?o\.?b|born|date of birth|aged?\s+\d)`)
	ageRE      = lazyre.New(`(?i)\b(?:aged|age)\s+(?:about\s+|approx\.?\s+|approximately\s+)?\d{1,2}\b|\b\d{1,2}[\s-]?(?:years?|yrs?)[\s-]?old\b`)
	yearRE     = lazyre.New(`\b(?:in|is in|attends)\s+((?:Year|Yr)\s*\d{1,2}|Reception)\b`)
	familyNear = lazyre.New(`(?i)\b(?:mum|mother|mum's|dad|father|dad's|brother|sister|sibling|parent|carer|partner|step\w*|grand\w*|aunt|uncle|baby|cousin|boyfriend|girlfriend)\b[^.]{0,40}$`)
)

// notNames are capitalised words that start sentences, not names.
var notNames = map[string]bool{"Year": true, "The": true, "This": true, "That": true, "Mum": true, "Dad": true,
	"His": true, "Her": true, "Our": true, "My": true, "School": true, "Monday": true, "Tuesday": true,
	"Wednesday": true, "Thursday": true, "Friday": true, "Saturday": true, "Sunday": true, "Reception": true,
	"Mr": false, "She": true, "He": true, "They": true, "I": true, "We": true, "In": true, "On": true,
	"Child": true, "Pupil": true, "Student": true, "Referral": true, "Concern": true, "Urgent": true,
	"MASH": true, "Early": true, "Help": true, "Safeguarding": true, "Dear": true, "Hi": true, "Hello": true}

// extract finds what it can in unlabelled text: a date of birth after "DOB"
// or "born", and, in a document with no description label, the child's
// name, address and postcode, age and year group. Regular expressions run
// only on short windows around keywords, so long emails stay cheap.
func (m *mapper) extract(desc []piece, narrative bool) {
	var src []piece
	if narrative {
		src = desc
	} else {
		for _, p := range m.pieces {
			if !p.used && p.kind != pCloser && p.kind != pSubject && (m.closer < 0 || !m.afterCloser(p)) {
				src = append(src, p)
			}
		}
	}
	if m.hdr.subject != "" {
		src = append(src, piece{kind: pLoose, text: m.hdr.subject, loc: m.hdr.loc})
	}
	if len(src) == 0 {
		return
	}
	// One text, with an index from offsets back to locations, so that
	// patterns match across hard-wrapped lines.
	var b strings.Builder
	offs := make([]int, len(src))
	for i, p := range src {
		offs[i] = b.Len()
		if p.kind == pUnknown {
			b.WriteString(p.label)
			b.WriteString(": ")
		}
		b.WriteString(p.text)
		b.WriteByte(' ')
	}
	text := b.String()
	lower := asciiLower(text)
	locAt := func(off int) referral.Location {
		i := sort.Search(len(offs), func(i int) bool { return offs[i] > off }) - 1
		if i < 0 {
			i = 0
		}
		return src[i].loc
	}
	// find runs re on windows of text around each keyword and returns the
	// first match (submatch indexes into text) that accept allows.
	find := func(re *lazyre.Regexp, keys []string, before, after int, accept func(sm []int) bool) []int {
		var best []int
		for _, k := range keys {
			for from := 0; from < len(lower); {
				i := strings.Index(lower[from:], k)
				if i < 0 {
					break
				}
				i += from
				from = i + len(k)
				if best != nil && i >= best[0] {
					break
				}
				lo, hi := max(0, i-before), min(len(text), i+len(k)+after)
				for lo > 0 && !utf8.RuneStart(text[lo]) {
					lo--
				}
				for hi < len(text) && !utf8.RuneStart(text[hi]) {
					hi++
				}
				sm := re.FindStringSubmatchIndex(text[lo:hi])
				if sm == nil {
					continue
				}
				for k := range sm {
					if sm[k] >= 0 {
						sm[k] += lo
					}
				}
				if accept != nil && !accept(sm) {
					continue
				}
				if best == nil || sm[0] < best[0] {
					best = sm
				}
				break
			}
		}
		return best
	}
	notFamily := func(sm []int) bool { return !familyNear.MatchString(text[max(0, sm[0]-60):sm[0]]) }
	c := &m.r.Child
	if c.DateOfBirth == "" && c.ExpectedDueDate == "" {
		if sm := find(dobRE, []string{"dob", "d.o.b", "date of birth", "born", "birthday"}, 2, 40, notFamily); sm != nil {
			m.fill(&c.DateOfBirth, "child.date_of_birth", normDate(text[sm[2]:sm[3]]), locAt(sm[0]))
		}
	}
	if c.DateOfBirth == "" && c.ExpectedDueDate == "" {
		if sm := find(eddRE, []string{"edd", "due"}, 10, 40, nil); sm != nil {
			m.fill(&c.ExpectedDueDate, "child.expected_due_date", normDate(text[sm[2]:sm[3]]), locAt(sm[0]))
		}
	}
	if !narrative {
		return
	}
	if c.Name == "" {
		okName := func(sm []int) bool { return !notNames[strings.Fields(text[sm[2]:sm[3]])[0]] }
		// The child is the one the writer refers or is worried about; a
		// brother or sister named with a date of birth later is not.
		sm := find(nameRE, referTriggers, 0, 60, okName)
		if sm == nil {
			sm = find(nameDobRE, []string{"(dob", "( dob", ", dob", "(d.o.b", "(born", ", born", "(aged", "(age", "(date of birth"}, 50, 10,
				func(sm []int) bool { return okName(sm) && notFamily(sm) })
		}
		if sm == nil {
			sm = find(nameRE, nameTriggers, 0, 60, okName)
		}
		if sm != nil {
			m.fill(&c.Name, "child.name", text[sm[2]:sm[3]], locAt(sm[2]))
		}
	}
	if c.Postcode == "" {
		if lo, hi := findPostcodeIndex(text); lo >= 0 {
			m.fill(&c.Postcode, "child.postcode", text[lo:hi], locAt(lo))
			if c.Address == "" {
				w := max(0, lo-120)
				for w > 0 && !utf8.RuneStart(text[w]) {
					w--
				}
				if a := addressRE.FindAllStringIndex(text[w:lo], -1); a != nil {
					start := w + a[len(a)-1][1]
					addr := strings.Trim(text[start:hi], " ,.")
					if strings.Count(addr, ". ") == 0 {
						m.fill(&c.Address, "child.address", addr, locAt(start))
					}
				}
			}
		}
	}
	if c.DateOfBirth == "" && c.ExpectedDueDate == "" && c.Age == "" {
		if sm := find(ageRE, []string{"aged", "age ", "year old", "years old", "year-old", "yr old", "yrs old"}, 6, 20, notFamily); sm != nil {
			m.fill(&c.Age, "child.age", text[sm[0]:sm[1]], locAt(sm[0]))
		}
	}
	if c.YearGroup == "" {
		if sm := find(yearRE, []string{"year ", "yr ", "reception"}, 12, 6, nil); sm != nil {
			m.fill(&c.YearGroup, "child.year_group", text[sm[2]:sm[3]], locAt(sm[2]))
		}
	}
	// The writer's own number or address: "you can reach me on 01865 ...".
	rf := &m.r.Referrer
	for _, k := range selfContact {
		if rf.Phone != "" && rf.Email != "" {
			break
		}
		for from := 0; ; {
			i := strings.Index(lower[from:], k)
			if i < 0 {
				break
			}
			i += from
			from = i + len(k)
			window := 60
			if strings.HasPrefix(k, "i am the") || k == "my name is" {
				window = 130 // "I am the DSL, Gemma Hobbs, at Bampton CE Primary, on 01993 ..."
			}
			end := min(len(text), from+window)
			for end < len(text) && !utf8.RuneStart(text[end]) {
				end++
			}
			w := text[from:end]
			if rf.Phone == "" {
				if ph := findPhone(w); ph != "" {
					m.fill(&rf.Phone, "referrer.phone", ph, locAt(i))
				}
			}
			if rf.Email == "" {
				if e := findEmail(w); e != "" {
					m.fill(&rf.Email, "referrer.email", e, locAt(i))
				}
			}
		}
	}
}

// selfContact introduce the writer's own phone number or email address.
var selfContact = []string{"me on", "contact me", "call me", "reach me", "ring me", "phone me", "email me",
	"me at", "my number", "my mobile", "my direct line", "my email", "i am on", "i can be contacted",
	"i can be reached", "i'm on", "i am the dsl", "i am the designated", "i am the deputy", "i am the head",
	"my name is"}

// referTriggers name the referred child: "I am writing to refer ...".
var referTriggers = []string{"worried about", "concerned about", "concern about", "concerns about", "concerns regarding",
	"concern regarding", "concerns for", "concern for", "referring", "refer ", "referral for", "referral about",
	"referral regarding", "referral re"}

var nameTriggers = []string{"worried about", "concerned about", "concern about", "concerns about", "concerns regarding",
	"concern regarding", "concerns for", "concern for", "referring", "refer ", "referral for", "referral about",
	"referral regarding", "referral re", "regarding", "in relation to", "re:", "pupil", "student", "child ",
	"young person", "referral -", "referral –", "referral:"}

// asciiLower lower-cases ASCII letters only, so that offsets stay the same.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// findPostcodeIndex returns the position of the first UK postcode in s
// (upper case only, to avoid matching ordinary words), or -1.
func findPostcodeIndex(s string) (int, int) {
	for i := 0; i+5 <= len(s); i++ {
		c := s[i]
		if c < 'A' || c > 'Z' || (i > 0 && isWordByte(s[i-1])) {
			continue
		}
		j := i + 1
		if j < len(s) && s[j] >= 'A' && s[j] <= 'Z' {
			j++
		}
		if j >= len(s) || s[j] < '0' || s[j] > '9' {
			continue
		}
		end := min(len(s), i+9)
		if sm := postcodeRE.FindStringSubmatchIndex(s[i:end]); sm != nil && sm[0] == 0 {
			return i + sm[2], i + sm[3]
		}
	}
	return -1, -1
}

func (m *mapper) afterCloser(p piece) bool {
	if m.closer < 0 {
		return false
	}
	c := m.pieces[m.closer].loc
	return p.loc.Page > c.Page || p.loc.Page == c.Page && p.loc.Line > c.Line
}

// findPostcode returns the first UK postcode in s (upper case only, to avoid
// matching ordinary words).
func findPostcode(s string) string {
	if lo, hi := findPostcodeIndex(s); lo >= 0 {
		return s[lo:hi]
	}
	return ""
}

// headerFallbacks uses the email's From and Date headers for the referrer and
// the referral date when nothing else gave them.
func (m *mapper) headerFallbacks() {
	rf := &m.r.Referrer
	if m.hdr.from != "" {
		name, addr := m.hdr.from, ""
		if a, err := mail.ParseAddress(m.hdr.from); err == nil {
			name, addr = a.Name, a.Address
		} else if e := findEmail(m.hdr.from); e != "" {
			addr, name = e, strings.Trim(strings.Replace(m.hdr.from, e, "", 1), " <>\"")
		}
		if addr != "" {
			m.fill(&rf.Email, "referrer.email", addr, m.hdr.loc)
		}
		if name != "" && looksLikeName(name) {
			m.fill(&rf.Name, "referrer.name", name, m.hdr.loc)
		}
	}
	if m.hdr.date != "" && m.r.ReferralDate == "" {
		m.fill(&m.r.ReferralDate, "referral_date", normDate(m.hdr.date), m.hdr.loc)
	}
}
