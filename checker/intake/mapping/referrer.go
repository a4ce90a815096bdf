package mapping

import (
	"strings"

	"github.com/frontdoorhq/frontdoor/checker/referral"
)

// The referrer is often written on one line or in a block of unlabelled
// lines: "Rebecca Lyle, DSL, Chalgrove Primary, 01865 555 888,
// r.lyle@...", or "Mrs Dawn Fletcher / DSL / Inclusion Lead, Hardwick
// Primary School / 01295 555 404 / dsl@...". Each part is read as a name,
// role, organisation, phone number or email address.

// contactKind is what a part of a referrer's line is.
type contactKind uint8

const (
	ckNone contactKind = iota
	ckName
	ckRole
	ckOrg
	ckPhone
	ckEmail
)

// orgEnds are the last words of an organisation's name ("Hardwick Primary
// School"): a part ending with one is the organisation even when it has a
// role word ("Inclusion Service").
var orgEnds = map[string]bool{"school": true, "academy": true, "college": true, "primary": true, "secondary": true,
	"nursery": true, "trust": true, "federation": true, "council": true, "service": true, "services": true,
	"surgery": true, "practice": true, "hospital": true, "centre": true, "center": true, "police": true,
	"university": true, "infants": true, "juniors": true, "pru": true, "clinic": true, "preschool": true}

// contactPart reads one part of a referrer's line.
func contactPart(p string, first bool) contactKind {
	if e := findEmail(p); e != "" && len(e)+10 >= len(p) {
		return ckEmail
	}
	if ph := findPhone(p); ph != "" && len(ph)+12 >= len(p) {
		return ckPhone
	}
	ws := strings.Fields(plainWords(p))
	if len(ws) == 0 {
		return ckNone
	}
	switch {
	case orgEnds[ws[len(ws)-1]]:
		return ckOrg
	case containsWord(p, roleWords):
		return ckRole
	case containsWord(p, orgWords):
		return ckOrg
	case first && looksLikeName(p):
		return ckName
	}
	return ckNone
}

// referrerParts splits a referrer's line into its parts and their kinds,
// joining neighbouring parts of one kind as written ("Assistant Head
// (Pastoral) / DDSL"). ok is false when the line has one part, or no part
// but the name is understood.
func referrerParts(val string) (texts []string, kinds []contactKind, ok bool) {
	parts := splitParts(val)
	if len(parts) < 2 {
		return nil, nil, false
	}
	ks := make([]contactKind, len(parts))
	understood := false
	for j, p := range parts {
		ks[j] = contactPart(p.text, j == 0)
		if j > 0 && ks[j] != ckNone {
			understood = true
		}
	}
	if !understood {
		return nil, nil, false
	}
	for j := 0; j < len(parts); j++ {
		k := j
		for k+1 < len(parts) && ks[k+1] == ks[j] && (ks[j] == ckRole || ks[j] == ckOrg || ks[j] == ckNone) {
			k++
		}
		texts = append(texts, span(val, parts, j, k))
		kinds = append(kinds, ks[j])
		j = k
	}
	return texts, kinds, true
}

// referrerLine reads a referrer written on one line ("Referrer: Rebecca
// Lyle, DSL, Chalgrove Primary, 01865 555 888"). It returns the name and
// true when the line had parts it understood; parts it did not understand
// are kept as Extra.
func (m *mapper) referrerLine(label, val string, loc referral.Location) (string, bool) {
	texts, kinds, ok := referrerParts(val)
	if !ok {
		return "", false
	}
	name := ""
	var left []string
	rf := &m.r.Referrer
	for j, t := range texts {
		switch kinds[j] {
		case ckName:
			name = t
		case ckRole:
			m.setString(&rf.Role, "referrer.role", label, t, loc)
		case ckOrg:
			m.setString(&rf.Organisation, "referrer.organisation", label, t, loc)
		case ckPhone:
			m.setString(&rf.Phone, "referrer.phone", label, findPhone(t), loc)
		case ckEmail:
			m.setString(&rf.Email, "referrer.email", label, findEmail(t), loc)
		default:
			if j == 0 {
				name = t
				continue
			}
			left = append(left, t)
		}
	}
	if len(left) > 0 {
		m.extra(label, strings.Join(left, "; "))
	}
	return name, true
}

// referrerBlock reads the unlabelled lines of a referrer's section ("##
// Referrer" then "Sophie Turnbull, Deputy DSL, St Frideswide's" and
// "01865 555 321 · dsl@..."), filling the referrer's empty fields. A line
// is used up when every part of it was placed.
func (m *mapper) referrerBlock() {
	rf := &m.r.Referrer
	for i := range m.pieces {
		p := &m.pieces[i]
		if p.kind != pLoose || p.sec != cReferrer || p.used || m.afterCloser(*p) || len(p.text) > 200 {
			continue
		}
		text := strings.TrimSpace(trimLeftMarks(p.text))
		texts, kinds, ok := referrerParts(text)
		if !ok {
			texts, kinds = []string{text}, []contactKind{contactPart(text, true)}
		}
		all := true
		for j, t := range texts {
			done := false
			switch kinds[j] {
			case ckName:
				done = m.fill(&rf.Name, "referrer.name", t, p.loc)
			case ckRole:
				done = m.fill(&rf.Role, "referrer.role", t, p.loc)
			case ckOrg:
				done = m.fill(&rf.Organisation, "referrer.organisation", t, p.loc)
			case ckPhone:
				done = m.fill(&rf.Phone, "referrer.phone", findPhone(t), p.loc)
				if e := findEmail(t); e != "" {
					done = m.fill(&rf.Email, "referrer.email", e, p.loc) && done
				}
			case ckEmail:
				done = m.fill(&rf.Email, "referrer.email", findEmail(t), p.loc)
				if ph := findPhone(t); ph != "" {
					done = m.fill(&rf.Phone, "referrer.phone", ph, p.loc) && done
				}
			}
			all = all && done
		}
		p.used = all
	}
}
