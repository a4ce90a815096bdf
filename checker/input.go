package checker

import (
	"strings"
	"time"

	"github.com/frontdoorhq/frontdoor/checker/referral"
)

// Input is a referral with the facts every rule needs worked out once.
type Input struct {
	R        *referral.Referral
	On       time.Time // the day the referral is judged on: its referral date, else today
	Today    time.Time
	ownLevel int       // the level the referral itself implies: the highest of the referrer's level, their route and immediate risk
	DOB      time.Time // the child's date of birth, when it parses
	HasDOB   bool
	Age      float64 // the child's age in years, from the date of birth or the estimate
	HasAge   bool
	Unborn   bool

	router Router      // asked for sugg on first need, then nil
	sugg   *Suggestion // the guidance's suggested route; nil without a router
	aside  *aside      // the router's answer being worked out beside the rules (Checker.runAside)

	validated  bool
	validation []referral.Problem

	Desc     string   // the concern description, lower case
	descToks []string // its words
	Concern  string   // every free-text part of the concern, and unplaced labelled text, lower case
}

// routeLevels gives the level a referrer's intended route implies.
var routeLevels = map[string]int{
	"universal": 1, "early-help": 2, "mash": 3, "mash-urgent": 4, "emergency": 4,
}

func newInput(r *referral.Referral, now time.Time, router Router) *Input {
	in := &Input{R: r, Today: truncDay(now), router: router}
	in.On = in.Today
	if t, ok := referral.ParseDate(r.ReferralDate); ok && !t.After(in.Today) {
		in.On = t
	}
	in.ownLevel = intendedLevel(r)
	if r.Concern.ImmediateRisk == referral.Yes {
		in.ownLevel = 4
	}
	if t, ok := referral.ParseDate(r.Child.DateOfBirth); ok {
		in.DOB, in.HasDOB = t, true
		days := in.On.Sub(t).Hours() / 24
		in.Age, in.HasAge = days/365.25, true
	} else if a, ok := referral.ParseAge(r.Child.Age); ok {
		in.Age, in.HasAge = a, true
	}
	if !in.HasDOB && !referral.Blank(r.Child.ExpectedDueDate) {
		in.Unborn = true
	}

	c := &r.Concern
	in.Desc = strings.ToLower(c.Description)
	in.descToks = tokenize(in.Desc)
	var b strings.Builder
	for _, s := range []string{c.Description, c.Injuries, c.ChildVoice, c.CurrentSafety, c.Impact, c.History, r.Support.ActionsTaken} {
		if s != "" {
			b.WriteString(strings.ToLower(s))
			b.WriteString("\n")
		}
	}
	for _, e := range r.Extra {
		b.WriteString(strings.ToLower(e.Label))
		b.WriteString(": ")
		b.WriteString(strings.ToLower(e.Value))
		b.WriteString("\n")
	}
	in.Concern = b.String()
	return in
}

// suggestion is the guidance's suggested route; nil without a router. The
// router is asked on first need: by the first rule marked needsRoute, or
// else by Check when every rule has run.
func (in *Input) suggestion() *Suggestion {
	if a := in.aside; a != nil {
		<-a.done
		if a.panicked != nil {
			panic(a.panicked) // where the router would have panicked without routeAside
		}
		in.sugg, in.aside = &a.s, nil
	}
	if in.router != nil {
		s := in.router.Suggest(in.R)
		in.sugg, in.router = &s, nil
	}
	return in.sugg
}

// aside is a suggestion worked out while the rules run on another
// goroutine (Checker.runAside): s, once done is closed, or the value the
// router panicked with. Neither the router nor the rules change the
// referral.
type aside struct {
	done     chan struct{}
	s        Suggestion
	panicked any
}

// level is the level the referral is treated at: the highest of the
// referrer's level, their route, immediate risk and the router's suggestion.
func (in *Input) level() int {
	if s := in.suggestion(); s != nil {
		return max(in.ownLevel, s.Level)
	}
	return in.ownLevel
}

func truncDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// adults returns the indexes of family members who are adults or parents:
// those with parental responsibility, or whose relationship or age says so.
func (in *Input) adults() []int {
	var out []int
	for i, m := range in.R.Family {
		if isAdultMember(m) {
			out = append(out, i)
		}
	}
	return out
}

func isAdultMember(m referral.Member) bool {
	if hasPR(m) {
		return true
	}
	if m.Age >= 18 {
		return true
	}
	if m.Age > 0 {
		return false
	}
	rel := strings.ToLower(m.Relationship)
	return containsAny(rel, adultRelations) && !containsAny(rel, childRelations)
}

func isChildMember(m referral.Member) bool {
	if m.Age > 0 && m.Age < 18 {
		return true
	}
	rel := strings.ToLower(m.Relationship)
	return containsAny(rel, childRelations)
}

var adultRelations = []string{"mother", "mum", "father", "dad", "parent", "carer", "guardian",
	"grand", "aunt", "uncle", "partner", "step", "foster", "husband", "wife", "lodger", "adult", "boyfriend", "girlfriend"}
var childRelations = []string{"brother", "sister", "sibling", "son", "daughter", "baby", "child", "twin", "cousin"}

func containsAny(s string, subs []string) bool {
	for _, w := range subs {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// prHolders returns the indexes of family members with parental
// responsibility: those recorded with it, and a mother with nothing
// recorded (a birth mother always has it).
func (in *Input) prHolders() []int {
	var out []int
	for i, m := range in.R.Family {
		if hasPR(m) {
			out = append(out, i)
		}
	}
	return out
}
