package guidance

import (
	"strings"
	"time"

	"github.com/frontdoorhq/frontdoor/checker"
	"github.com/frontdoorhq/frontdoor/checker/referral"
)

var _ checker.Router = (*Pack)(nil)

// Suggest routes a referral for `check`: the concern's free text, with the
// child's age from the date of birth (or estimated age) and whether the
// referral says where the child is and whether they are safe.
func (p *Pack) Suggest(r *referral.Referral) checker.Suggestion {
	a := p.Route(ConcernText(r), referralFacts(r, time.Now()))
	s := checker.Suggestion{Answer: a, Route: a.Route, Also: a.Also, Confidence: a.Confidence}
	if a.Level != nil {
		s.Level = *a.Level
	}
	return s
}

// ConcernText joins the parts of a referral that describe the concern.
func ConcernText(r *referral.Referral) string {
	c := r.Concern
	parts := []string{c.Description, c.ChildVoice, c.Injuries, c.CurrentSafety, c.Impact, c.History,
		r.Support.ActionsTaken, strings.Join(c.Categories, ", ")}
	for _, e := range r.Extra {
		parts = append(parts, e.Value)
	}
	var b strings.Builder
	for _, s := range parts {
		if s = strings.TrimSpace(s); s != "" {
			b.WriteString(s)
			if !strings.HasSuffix(s, ".") {
				b.WriteString(".")
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

func referralFacts(r *referral.Referral, now time.Time) Facts {
	f := Facts{CurrentSafety: !referral.Blank(r.Concern.CurrentSafety)}
	on := now
	if t, ok := referral.ParseDate(r.ReferralDate); ok {
		on = t
	}
	if dob, ok := referral.ParseDate(r.Child.DateOfBirth); ok && !dob.After(on) {
		age := on.Sub(dob).Hours() / 24 / 365.25
		f.Age = &age
	} else if a, ok := referral.ParseAge(r.Child.Age); ok {
		f.Age = &a
	} else if !referral.Blank(r.Child.ExpectedDueDate) {
		zero := 0.0
		f.Age = &zero
	}
	// The family section's people, so that the concern's "Dwayne" is read
	// as the mother's partner; never the child's own name.
	child := strings.Fields(r.Child.Name)
	for _, m := range r.Family {
		if referral.Blank(m.Name) || referral.Blank(m.Relationship) {
			continue
		}
		if n := strings.Fields(m.Name); len(child) > 0 && len(n) > 0 && strings.EqualFold(n[0], child[0]) {
			continue
		}
		person := Person{Name: m.Name, Relationship: m.Relationship}
		if dob, ok := referral.ParseDate(m.DateOfBirth); ok && !dob.After(on) {
			age := on.Sub(dob).Hours() / 24 / 365.25
			person.Age = &age
		} else if m.Age > 0 {
			age := float64(m.Age)
			person.Age = &age
		}
		f.Household = append(f.Household, person)
	}
	return f
}
