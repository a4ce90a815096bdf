package assist

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/frontdoorhq/frontdoor/checker/referral"
)

// Kind is a kind of personal data, and the stem of its placeholders.
type Kind string

// The kinds of personal data the redactor replaces.
const (
	KindChildName    Kind = "CHILD_NAME"   // the referred child: one placeholder, [CHILD_NAME]
	KindPerson       Kind = "PERSON"       // anyone else named
	KindDOB          Kind = "DOB"          // a date of birth
	KindDate         Kind = "DATE"         // any other full date
	KindAddress      Kind = "ADDRESS"      // a street address
	KindPostcode     Kind = "POSTCODE"     // a UK postcode
	KindPhone        Kind = "PHONE"        // a phone number
	KindEmail        Kind = "EMAIL"        // an email address
	KindNHS          Kind = "NHS_NUMBER"   // an NHS number
	KindUPN          Kind = "UPN"          // a unique pupil number or other pupil id
	KindOrganisation Kind = "ORGANISATION" // the school, the referrer's organisation, the GP practice
	KindNumber       Kind = "NUMBER"       // any other long number (case numbers, unrecognised ids)
	KindPlace        Kind = "PLACE"        // a place too small to leave: "moved to Thornbury"
)

// Redactor replaces personal data in text with stable placeholders before
// the text leaves the machine, and restores them in what the person sees.
//
// The same value always gets the same placeholder ([PERSON_1] is the same
// person in every text a Redactor handles), so the model can reason about
// who did what without knowing who anyone is. Values come from two places:
// the referral's own fields (Known, or NewRedactorFor) and patterns found in
// the text (names after labels, titles and relationship words, dates,
// addresses, postcodes, phone numbers, emails, NHS numbers, pupil numbers),
// then bare names wherever they stand: given names from a list, unknown
// capitalised words inside a sentence, and at a sentence's start words
// that a verb, a possessive, an apposition or a list marks as names (see
// names.go). It errs towards replacing: a word wrongly replaced costs the
// model a little meaning, a name left in is a breach. Roles, ages, year
// groups, days, months, agencies, languages, nationalities, faiths,
// countries and large places are kept. A name's parts are replaced too:
// once "Jamie Smith" is known, "Jamie" alone is [CHILD_NAME] as well.
//
// A Redactor is not safe for concurrent use.
type Redactor struct {
	ents     []*entity
	byKey    map[string]*entity // kind class + normalised value
	byPH     map[string]*entity // placeholder
	forms    []*form
	formText map[string]*form // lower-cased surface text
	counts   map[Kind]int
	re       *regexp.Regexp // every form, longest first; nil when stale
	anchored []anchoredForm // each form on its own, longest first; nil when stale
}

// entity is one personal value and its placeholder.
type entity struct {
	kind        Kind
	placeholder string
	canonical   string // what the placeholder is restored to
}

// form is one way an entity is written in text.
type form struct {
	text string
	fold bool // match in any case (common-word name parts match only as written)
	ent  *entity
}

// NewRedactor returns a Redactor that knows no values yet.
func NewRedactor() *Redactor {
	return &Redactor{byKey: map[string]*entity{}, byPH: map[string]*entity{}, formText: map[string]*form{}, counts: map[Kind]int{}}
}

// NewRedactorFor returns a Redactor that knows the personal values in a
// referral's fields: the child's names, date of birth, address, postcode,
// NHS number and pupil number; every family member's name, date of birth,
// address, phone and email; the referrer's name, phone and email; the
// school, organisation and GP; the person who gave consent; agency contacts.
func NewRedactorFor(r *referral.Referral) *Redactor {
	x := NewRedactor()
	if r == nil {
		return x
	}
	c := r.Child
	x.Known(KindChildName, c.Name)
	for _, n := range splitOtherNames(c.OtherNames) {
		x.alias(KindChildName, n)
	}
	x.Known(KindDOB, c.DateOfBirth)
	x.Known(KindDate, c.ExpectedDueDate)
	x.Known(KindAddress, c.Address)
	x.Known(KindPostcode, c.Postcode)
	x.Known(KindNHS, c.NHSNumber)
	x.Known(KindUPN, c.UPN)
	x.Known(KindOrganisation, c.School)
	x.Known(KindOrganisation, c.GP)
	x.Known(KindAddress, c.CurrentLocation)
	for _, m := range r.Family {
		x.Known(KindPerson, m.Name)
		x.Known(KindDOB, m.DateOfBirth)
		x.Known(KindAddress, m.Address)
		x.Known(KindPhone, m.Phone)
		x.Known(KindEmail, m.Email)
	}
	rf := r.Referrer
	x.Known(KindPerson, rf.Name)
	x.Known(KindPhone, rf.Phone)
	x.Known(KindEmail, rf.Email)
	x.Known(KindOrganisation, rf.Organisation)
	x.Known(KindPerson, stripBrackets(r.Consent.GivenBy))
	for _, a := range r.Support.Agencies {
		x.Known(KindOrganisation, a.Name)
		x.knownContact(a.Contact)
	}
	return x
}

// splitOtherNames splits "Jay, J-Boy / Jaime" into names.
func splitOtherNames(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '/' || r == ';' || r == '|' })
}

// stripBrackets drops a parenthesised remark: "Karen Smith (mother)".
func stripBrackets(s string) string {
	if i := strings.IndexAny(s, "(["); i > 0 {
		return strings.TrimSpace(s[:i])
	}
	return s
}

// knownContact registers an agency contact, which may hold a name, a phone
// number and an email address together.
func (x *Redactor) knownContact(s string) {
	if strings.TrimSpace(s) == "" {
		return
	}
	x.discover(s)
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '|' || r == '(' || r == ')' }) {
		if looksLikeName(part) {
			x.Known(KindPerson, part)
		}
	}
}

// Known registers a value of the given kind read from a referral field, so
// that it is replaced wherever it appears. Blank and "not known" values are
// ignored, and so are names made only of ordinary words ("Mum", "N/A").
func (x *Redactor) Known(kind Kind, value string) {
	value = collapse(strings.ToValidUTF8(value, "\uFFFD"))
	if referral.Blank(value) || referral.NotKnown(value) || len(value) < 2 {
		return
	}
	switch kind {
	case KindChildName, KindPerson:
		x.addName(kind, value, true)
	case KindOrganisation:
		e := x.add(kind, value, value, true)
		if e != nil {
			if short := trimOrgType(value); short != value && len(short) >= 4 {
				x.addForm(e, short, true)
			}
		}
	case KindAddress:
		e := x.add(kind, value, value, true)
		if e == nil {
			return
		}
		for _, part := range strings.Split(value, ",") {
			part = strings.TrimSpace(part)
			if addressPart(part) {
				x.addForm(e, part, true)
			}
		}
		// A postcode inside the address is a value of its own too.
		x.discover(value)
	default:
		x.add(kind, value, value, true)
	}
}

// alias registers another name for an entity of the kind (the child's other
// names are the child).
func (x *Redactor) alias(kind Kind, name string) {
	name = collapse(stripBrackets(name))
	if len(name) < 2 || allStopWords(name) {
		return
	}
	var e *entity
	for _, en := range x.ents {
		if en.kind == kind {
			e = en
			break
		}
	}
	if e == nil {
		x.addName(kind, name, true)
		return
	}
	x.addForm(e, name, true)
	x.addNameParts(e, name, true)
}

// addName registers a person's name with its parts as forms. foldParts
// says whether the parts match in any case (they do for names read from
// fields; for names found by patterns they match only as written).
func (x *Redactor) addName(kind Kind, name string, foldParts bool) *entity {
	// A name found in the text that is one ordinary word ("Will", "Grace")
	// is replaced only as written.
	n := trimPossessive(strings.Trim(collapse(name), " ,.;:"))
	return x.addNameFold(kind, name, foldParts || strings.Contains(n, " ") || !ordinaryName(n), foldParts)
}

// addNameFold is addName saying whether the whole name matches in any case
// (foldWhole) as well as its parts (foldParts).
func (x *Redactor) addNameFold(kind Kind, name string, foldWhole, foldParts bool) *entity {
	name = strings.Trim(collapse(name), " ,.;:")
	name = trimPossessive(name)
	if len(name) < 2 || allStopWords(name) {
		return nil
	}
	e := x.add(kind, name, name, foldWhole)
	if e == nil {
		return nil
	}
	x.addNameParts(e, name, foldParts)
	return e
}

// ordinaryName reports a one-word name that is also an ordinary word.
func ordinaryName(w string) bool {
	return commonWords()[strings.ToLower(w)] || givenNameList().lookup(w) == givenNameWord || notName(w) || notName(capitalise(w))
}

func (x *Redactor) addNameParts(e *entity, name string, foldParts bool) {
	words := strings.Fields(name)
	if len(words) < 2 {
		return
	}
	for _, w := range words {
		w = strings.Trim(w, ".,")
		lw := strings.ToLower(w)
		if utf8.RuneCountInString(w) < 2 || titles[lw] || nameParticles[lw] || ordinaryWord(w) {
			continue
		}
		// Parts that are also ordinary words ("May", "Young") match only
		// as written, capitalised.
		x.addForm(e, w, foldParts && !commonWords()[lw] && !stopWords()[w])
	}
}

// add returns the entity for a value, creating it (with the value as its
// first form) when it is new.
func (x *Redactor) add(kind Kind, value, canonical string, fold bool) *entity {
	key := entityKey(kind, value)
	if key == "" {
		return nil
	}
	if e, ok := x.byKey[key]; ok {
		x.addForm(e, value, fold)
		return e
	}
	if f, ok := x.formText[strings.ToLower(collapse(value))]; ok && sameClass(f.ent.kind, kind) {
		return f.ent // the text already stands for a value of this kind ("Jamie" for the child)
	}
	if kind == KindAddress {
		// "12 Acacia Road, Blackbird Leys" found in the text is the known
		// address "12 Acacia Road, Blackbird Leys, Oxford".
		for _, f := range x.forms {
			if f.ent.kind == KindAddress && len(f.text) >= 6 && containsWord(value, f.text) {
				x.addForm(f.ent, value, fold)
				return f.ent
			}
		}
	}
	e := &entity{kind: kind, canonical: canonical}
	if kind == KindChildName {
		e.placeholder = "[CHILD_NAME]"
		if _, taken := x.byPH[e.placeholder]; taken {
			// A second, different child's name (a sibling in other_names, say)
			// is someone else.
			kind = KindPerson
			e.kind = KindPerson
			key = entityKey(kind, value)
		}
	}
	if e.kind != KindChildName {
		x.counts[e.kind]++
		e.placeholder = fmt.Sprintf("[%s_%d]", e.kind, x.counts[e.kind])
	}
	x.ents = append(x.ents, e)
	x.byKey[key] = e
	x.byPH[e.placeholder] = e
	x.addForm(e, value, fold)
	return e
}

// containsWord reports whether w is in s as whole words, in any case.
func containsWord(s, w string) bool {
	ls, lw := strings.ToLower(s), strings.ToLower(w)
	for from := 0; ; {
		i := strings.Index(ls[from:], lw)
		if i < 0 {
			return false
		}
		i += from
		if boundary(ls, i, i+len(lw)) {
			return true
		}
		from = i + 1
	}
}

// addForm adds a way of writing an entity, unless that text already stands
// for something else.
func (x *Redactor) addForm(e *entity, text string, fold bool) {
	text = strings.TrimSpace(text)
	if utf8.RuneCountInString(text) < 2 {
		return
	}
	k := strings.ToLower(text)
	if f, ok := x.formText[k]; ok {
		if f.ent == e && fold && !f.fold {
			f.fold = true
			x.re, x.anchored = nil, nil
		}
		return
	}
	f := &form{text: text, fold: fold, ent: e}
	x.forms = append(x.forms, f)
	x.formText[k] = f
	x.re, x.anchored = nil, nil
}

// sameClass reports whether two kinds share a key space: the child's and
// other people's names; dates of birth and other dates; phone numbers and
// other numbers.
func sameClass(a, b Kind) bool { return kindClass(a) == kindClass(b) }

func kindClass(k Kind) string {
	switch k {
	case KindChildName, KindPerson:
		return "name"
	case KindDOB, KindDate:
		return "date"
	case KindPhone, KindNumber:
		return "number"
	}
	return string(k)
}

// entityKey normalises a value so that the same value written differently
// ("07700 900123", "07700900123") is one entity. Names of the child and of
// other people share a key space, so a name found in the text that is the
// child's becomes [CHILD_NAME].
func entityKey(kind Kind, v string) string {
	var norm string
	switch kind {
	case KindChildName, KindPerson:
		norm = strings.ToLower(collapse(v))
	case KindPhone, KindNHS, KindNumber:
		if d, ok := referral.PhoneDigits(v); ok && kind == KindPhone {
			norm = d
		} else {
			norm = digitsOf(v)
		}
	case KindPostcode:
		norm = strings.ToUpper(strings.ReplaceAll(v, " ", ""))
	case KindDOB, KindDate:
		if t, ok := referral.ParseDate(v); ok {
			norm = t.Format("2006-01-02")
		} else {
			norm = strings.ToLower(collapse(v))
		}
	default:
		norm = strings.ToLower(collapse(v))
	}
	if norm == "" {
		return ""
	}
	return kindClass(kind) + "\x00" + norm
}

func digitsOf(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// collapse trims s and reduces each run of white space to one space.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

// placeholderLike matches text that is already shaped like a placeholder,
// so that a referral cannot smuggle in one of ours.
var placeholderLike = lazy(`\[\s*([A-Z][A-Z_]*[A-Z0-9])\s*\]`)

// Redact returns text with every personal value it knows or finds replaced
// by its placeholder. Values found in text are remembered, so later texts
// (and Restore) use the same placeholders.
func (x *Redactor) Redact(text string) string {
	if text == "" {
		return ""
	}
	text = strings.ToValidUTF8(text, "\uFFFD")
	text = placeholderLike().ReplaceAllString(text, "($1)")
	found := x.discover(text)
	return x.replace(text, found)
}

// replace replaces the values found in text by position, and every known
// form anywhere in it, longest first.
func (x *Redactor) replace(text string, found []formMatch) string {
	var ms []formMatch
	if re := x.regexp(); re != nil {
		ms = x.matches(re, text)
	}
	ms = append(ms, found...)
	if len(ms) == 0 {
		return text
	}
	sort.SliceStable(ms, func(i, j int) bool {
		if ms[i].lo != ms[j].lo {
			return ms[i].lo < ms[j].lo
		}
		return ms[i].hi > ms[j].hi
	})
	var b strings.Builder
	last := 0
	for _, m := range ms {
		if m.lo < last {
			if m.hi > last {
				// overlapping values: replace the rest too, so that none of
				// either survives
				b.WriteString(m.ent.placeholder)
				last = m.hi
			}
			continue
		}
		b.WriteString(text[last:m.lo])
		b.WriteString(m.ent.placeholder)
		last = m.hi
	}
	b.WriteString(text[last:])
	return b.String()
}

// formMatch is a value found in a text: by a form, or by a pattern.
type formMatch struct {
	lo, hi int
	f      *form // nil for a value a pattern found
	ent    *entity
}

// maxFormLen bounds the forms matched by expression (the matcher's cost
// grows with their total length); longer values are replaced where the
// patterns find them, and by their parts.
const maxFormLen = 120

// matches finds the forms in text, whole words only, leftmost and then
// longest first, without overlaps.
func (x *Redactor) matches(re *regexp.Regexp, text string) []formMatch {
	var out []formMatch
	for pos := 0; pos < len(text); {
		loc := re.FindStringIndex(text[pos:])
		if loc == nil {
			break
		}
		lo, hi := pos+loc[0], pos+loc[1]
		if f := x.formFor(text[lo:hi]); f != nil && boundary(text, lo, hi) {
			out = append(out, formMatch{lo, hi, f, f.ent})
			pos = hi
			continue
		}
		// The longest form here is not a whole word ("Jo Smith" in "Jo
		// Smithson"): a shorter one may be ("Jo").
		if m, ok := x.matchAt(text, lo); ok {
			out = append(out, m)
			pos = m.hi
			continue
		}
		_, size := utf8.DecodeRuneInString(text[lo:])
		pos = lo + max(size, 1)
	}
	return out
}

// matchAt tries each form, longest first, as a whole word at text[lo:].
func (x *Redactor) matchAt(text string, lo int) (formMatch, bool) {
	if x.anchored == nil {
		fs := x.matchForms()
		x.anchored = make([]anchoredForm, len(fs))
		for i, f := range fs {
			x.anchored[i] = anchoredForm{f, regexp.MustCompile("^" + formExpr(f))}
		}
	}
	for _, a := range x.anchored {
		if loc := a.re.FindStringIndex(text[lo:]); loc != nil && boundary(text, lo, lo+loc[1]) {
			return formMatch{lo, lo + loc[1], a.f, a.f.ent}, true
		}
	}
	return formMatch{}, false
}

type anchoredForm struct {
	f  *form
	re *regexp.Regexp
}

// formFor returns the form that matched text.
func (x *Redactor) formFor(text string) *form {
	text = collapse(text) // a form's spaces match any white space
	f, ok := x.formText[strings.ToLower(text)]
	if ok && (f.fold || f.text == text) {
		return f
	}
	if ok {
		return nil
	}
	for _, f := range x.forms { // case folding that ToLower does not mirror
		if f.fold && strings.EqualFold(f.text, text) {
			return f
		}
	}
	return nil
}

// boundary reports whether text[lo:hi] is a whole word: no letter, digit or
// underscore (which placeholders use) touches it.
func boundary(text string, lo, hi int) bool {
	if lo > 0 {
		r, _ := utf8.DecodeLastRuneInString(text[:lo])
		if wordRune(r) {
			return false
		}
	}
	if hi < len(text) {
		r, _ := utf8.DecodeRuneInString(text[hi:])
		if wordRune(r) {
			return false
		}
	}
	return true
}

func wordRune(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

// regexp returns one expression matching every form, longest first (Go's
// alternation prefers the earlier alternative at the same position).
func (x *Redactor) regexp() *regexp.Regexp {
	if x.re != nil {
		return x.re
	}
	fs := x.matchForms()
	if len(fs) == 0 {
		return nil
	}
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = formExpr(f)
	}
	x.re = regexp.MustCompile(strings.Join(parts, "|"))
	return x.re
}

// matchForms returns the forms short enough to match by expression,
// longest first.
func (x *Redactor) matchForms() []*form {
	var fs []*form
	for _, f := range x.forms {
		if len(f.text) <= maxFormLen {
			fs = append(fs, f)
		}
	}
	sort.SliceStable(fs, func(i, j int) bool { return len(fs[i].text) > len(fs[j].text) })
	return fs
}

// formExpr is the expression for one form: its text quoted, any white space
// where it has a space, in any case if the form folds.
func formExpr(f *form) string {
	q := flexibleSpace(regexp.QuoteMeta(f.text))
	if f.fold {
		return "(?i:" + q + ")"
	}
	return "(?:" + q + ")"
}

// flexibleSpace lets a quoted form's spaces match any run of white space,
// so that a name broken across lines is still found.
func flexibleSpace(quoted string) string { return strings.ReplaceAll(quoted, " ", `\s+`) }

// restoreRE matches a placeholder as a model may write it back.
var restoreRE = lazy(`\[\s*([A-Z][A-Z_]*[A-Z](?:_\d+)?)\s*\]`)

// Restore puts the original values back in place of the placeholders in
// text (a model's reply), for the person to read. Placeholders this
// Redactor did not issue are left as they are.
func (x *Redactor) Restore(text string) string {
	if !strings.Contains(text, "[") {
		return text
	}
	return restoreRE().ReplaceAllStringFunc(text, func(m string) string {
		ph := "[" + strings.TrimSpace(strings.Trim(m, "[]")) + "]"
		if e, ok := x.byPH[ph]; ok {
			return e.canonical
		}
		return m
	})
}

// Leaks returns the original values that survive in text (which should be
// none after Redact). It uses the same whole-word, case rules as Redact.
func (x *Redactor) Leaks(text string) []string {
	var out []string
	seen := map[*form]bool{}
	if re := x.regexp(); re != nil {
		for _, m := range x.matches(re, text) {
			if !seen[m.f] {
				seen[m.f] = true
				out = append(out, m.f.text)
			}
		}
	}
	for _, f := range x.forms {
		if len(f.text) > maxFormLen && containsWord(text, f.text) {
			out = append(out, f.text)
		}
	}
	return out
}

// lazy returns a function that compiles expr once, on first use, so that
// programs that never use model assistance pay nothing at start-up.
func lazy(expr string) func() *regexp.Regexp {
	f := sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
	allPatterns = append(allPatterns, f)
	return f
}

var allPatterns []func() *regexp.Regexp
