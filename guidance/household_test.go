package guidance

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/frontdoorhq/frontdoor/checker/referral"
)

func reasonIDs(a Answer) []string {
	var ids []string
	for _, r := range a.Reasons {
		ids = append(ids, r.Indicator)
	}
	return ids
}

// Ensure a person the referral's family section names is read by that
// relationship: a child saying the mother's partner punched him is a
// disclosure of harm by a carer (Level 4, police), while the same words with
// no family section are a disclosure by someone not placed (Level 3). The
// evidence keeps the child's words as written.
func TestHouseholdNames(t *testing.T) {
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	text := `Jayden came in with a black eye and a cut above his eyebrow.
Jayden (13) said "Dwayne punched me because I wouldn't give him my phone". He said "Dwayne hits Kiera too".`
	household := []Person{{Name: "Sharon Cole", Relationship: "Mother"}, {Name: "Dwayne Price", Relationship: "Mother's partner"}, {Name: "Kiera Cole", Relationship: "Sister (9)"}}
	a := p.Route(text, Facts{Household: household})
	if a.Level == nil || *a.Level != 4 || a.Route != "mash-urgent" || !slices.Contains(a.Also, "police") {
		t.Fatalf("with the family section: level %v route %s also %v (%v)", a.Level, a.Route, a.Also, reasonIDs(a))
	}
	for _, r := range a.Reasons {
		if r.Indicator == "physical-harm-by-carer-disclosed" && !strings.Contains(r.Evidence, "Dwayne punched me") {
			t.Errorf("evidence rewritten: %q", r.Evidence)
		}
		if r.Indicator == "sibling-violence" || r.Indicator == "domestic-violence-witnessed" {
			t.Errorf("wrong reason %s: %q", r.Indicator, r.Evidence)
		}
	}
	b := p.Route(text, Facts{})
	if b.Level == nil || *b.Level != 3 || b.Route != "mash" {
		t.Errorf("without the family section: level %v route %s (%v)", b.Level, b.Route, reasonIDs(b))
	}
	// A sibling's name, a first name that is also a word, and a relationship
	// the router cannot place are left as written.
	for _, tc := range []struct {
		text   string
		people []Person
	}{
		{`He said "Kiera punched me" at break.`, []Person{{Name: "Kiera Cole", Relationship: "Sister"}}},
		{`Will she be safe at home? He said "someone hit me".`, []Person{{Name: "Will Smith", Relationship: "Father"}}},
		{`He said "Sam hit me".`, []Person{{Name: "Sam Jones", Relationship: "Social worker"}}},
	} {
		if a := p.Route(tc.text, Facts{Household: tc.people}); a.Level != nil && *a.Level == 4 {
			t.Errorf("%q with %v: level 4 (%v)", tc.text, tc.people, reasonIDs(a))
		}
	}
	// A title and surname name the person too: a family friend the child
	// has lived with since August while mum is abroad is privately fostered.
	c := p.Route(`Mateo (13) said he has lived with Ms Hughes since August while his mum works in Portugal.`,
		Facts{Household: []Person{{Name: "Ms Lorraine Hughes", Relationship: "Family friend (not a relative)"}}})
	if c.Route != "private-fostering" && !slices.Contains(c.Also, "private-fostering") {
		t.Errorf("family friend by title and surname: route %s also %v (%v)", c.Route, c.Also, reasonIDs(c))
	}
}

// Ensure check passes the family section to the router (not the child's own
// name, nor a member without a name or relationship), so a named household
// adult is known as one.
func TestReferralFactsHousehold(t *testing.T) {
	r := &referral.Referral{Child: referral.Child{Name: "Jayden Cole"},
		Family: []referral.Member{{Name: "Dwayne Price", Relationship: "Mother's partner"},
			{Name: "Jayden Cole", Relationship: "Father"}, {Name: "", Relationship: "Mother"}, {Name: "Kiera Cole"}}}
	f := referralFacts(r, time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC))
	if len(f.Household) != 1 || f.Household[0] != (Person{Name: "Dwayne Price", Relationship: "Mother's partner"}) {
		t.Errorf("household %+v", f.Household)
	}
}

// Ensure the reasons name the right harm and the right person's age
// (tester report, issue 5), not only the right level.
func TestReasonsRightPerson(t *testing.T) {
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		text      string
		want, not []string
	}{
		{`"Mummy did it with her cigarette"`, []string{"physical-harm-by-carer-disclosed"},
			[]string{"sexual-activity-under-13", "sexual-activity-13-to-15"}},
		{`He said "Mummy burned me with her cigarette".`, []string{"physical-harm-by-carer-disclosed"},
			[]string{"self-harm-escalating", "self-harm"}},
		{`She has been burning her arm with a lighter and begged me not to tell.`, []string{"self-harm-escalating"}, nil},
		{`A 17-year-old pregnant mother with a 24-year-old partner.`, []string{"pregnancy-or-parent-16-to-17"},
			[]string{"older-boyfriend-under-13", "adult-partner-under-16", "sexual-activity-with-adult", "much-older-adult-partner"}},
		{`Baby Leo (4 months). Mum Tia is 17 and pregnant again; her boyfriend is 24.`, []string{"pregnancy-or-parent-16-to-17"},
			[]string{"older-boyfriend-under-13", "adult-partner-under-16", "adult-partner-of-young-teenager"}},
		{`The family speak Kurdish and mum has limited English.`, []string{"family-language-needs"}, []string{"newly-arrived-family"}},
		{`Family just arrived in the UK as refugees.`, []string{"newly-arrived-family"}, nil},
		{`He said: "Daddy says he wishes I was dead and calls me a pig every day."`, []string{"emotional-abuse-persistent"},
			[]string{"suicidal-intent-everyday-words"}},
		{`Amina, aged 10, disclosed that she has had FGM.`, []string{"fgm-known"}, []string{"fgm-risk", "fgm-planned-everyday-words"}},
		{`She told me on 23/11 that she had "a special operation to become a woman" and that it still hurts to go to the toilet.`,
			[]string{"fgm-known-everyday-words", "fgm-recent-everyday-words"}, []string{"fgm-planned-everyday-words"}},
	} {
		ids := reasonIDs(p.Route(tc.text, Facts{}))
		for _, w := range tc.want {
			if !slices.Contains(ids, w) {
				t.Errorf("%q: no %s (%v)", tc.text, w, ids)
			}
		}
		for _, n := range tc.not {
			if slices.Contains(ids, n) {
				t.Errorf("%q: wrong reason %s (%v)", tc.text, n, ids)
			}
		}
	}
}

// Ensure a teenage parent's age is read, and nobody else's.
func TestYoungParentAge(t *testing.T) {
	for _, tc := range []struct {
		text string
		age  float64
	}{
		{"Mum is 17", 17}, {"Mum Tia is 17 and pregnant", 17}, {"mum (16) lives with nan", 16},
		{"Mum, 15, is at college", 15}, {"mum aged 17", 17}, {"a 17-year-old pregnant mother", 17},
		{"a 16 year old mum", 16}, {"mum is 34", 0}, {"her boyfriend is 17", 0}, {"Mum says she is 14", 0},
		{"a 17-year-old girl", 0},
	} {
		got := youngParentAge(tc.text)
		if tc.age == 0 && got.Known || tc.age != 0 && (!got.Known || got.Min != tc.age) {
			t.Errorf("youngParentAge(%q) = %+v, want %v", tc.text, got, tc.age)
		}
	}
	if a := childAge("Tia, 17, is pregnant."); !a.Known || a.Min != 17 {
		t.Errorf(`childAge("Tia, 17, is pregnant.") = %+v`, a)
	}
	if a := childAge("Grades: 5, 6, 7 in maths."); a.Known {
		t.Errorf("a list of grades read as an age: %+v", a)
	}
}
