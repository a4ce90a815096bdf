package checker_test

import (
	"strings"
	"testing"
	"time"

	"github.com/frontdoorhq/frontdoor/checker"
	"github.com/frontdoorhq/frontdoor/checker/referral"
)

var today = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)

// good returns a complete referral that no rule fires on: a Level 3 neglect
// referral from a DSL with early help tried and consent given.
func good() *referral.Referral {
	return &referral.Referral{
		Version: 1, ReferralDate: "2026-11-20", ReferrerRoute: "mash", ReferrerLevel: 3,
		Child: referral.Child{
			Name: "Amelia Hart", OtherNames: "none", DateOfBirth: "2015-04-03", Gender: "female",
			Address: "12 Mill Lane, Oxford", Postcode: "OX4 1AB", CurrentLocation: "at school",
			Ethnicity: "White British", Religion: "none", FirstLanguage: "English", InterpreterNeeded: referral.No,
			DisabilitySEN: "none known", EHCP: referral.No, School: "Brize Meadow Primary School",
			YearGroup: "Year 7", AttendancePercent: 84.5, GP: "Cowley Road Surgery", NHSNumber: "943 476 5919", UPN: "A123456789012",
		},
		Family: []referral.Member{
			{Name: "Kerry Hart", Relationship: "mother", Age: 34, ParentalResponsibility: referral.Yes, LivesWithChild: referral.Yes,
				Phone: "07700 900123", Email: "k.hart@example.org", FirstLanguage: "English", InterpreterNeeded: referral.No},
			{Name: "Jayden Hart", Relationship: "brother", Age: 4, ParentalResponsibility: referral.No, LivesWithChild: referral.Yes},
		},
		Referrer: referral.Referrer{
			Name: "Sam Patel", Role: "Designated Safeguarding Lead", Organisation: "Brize Meadow Primary School",
			Phone: "01632 960123", Email: "dsl@brizemeadow.example.sch.uk", RelationshipToChild: "DSL; knows Amelia since Reception",
			DSLConsulted: referral.Yes, Availability: "today until 5pm",
		},
		Concern: referral.Concern{
			Description: "On Monday 16 November Amelia arrived at school at 9.40am in the same uniform as last week; it smelled strongly of urine. " +
				"She told her class teacher she had not eaten since lunch at school on Friday because there was no food in the house. " +
				"Staff have seen her take food from other children's lunch boxes three times this month.",
			IncidentDate: "2026-11-16", ChildVoice: "\"Mum was asleep all weekend and there wasn't any food.\" Amelia said she wants someone to help mum.",
			SeenAlone: referral.Yes, Injuries: "no visible injuries", ImmediateRisk: referral.No,
			CurrentSafety: "Amelia is in school today and safe to go home tonight; mum is at home and collected her yesterday.",
			Impact:        "Amelia is tired and hungry in lessons, her attendance has fallen to 84.5% and she has begun to isolate herself from friends.",
			Strengths:     "Mum engages with school when contacted; Amelia has a good relationship with her teacher.",
			History:       "Two earlier concerns logged in 2025 about hygiene; no known social care involvement.",
		},
		Support: referral.Support{
			ActionsTaken: "Breakfast club place, uniform provided, two meetings with mum; a Team Around the Family since September.",
			EarlyHelp:    referral.Yes, EarlyHelpDetails: "Strengths and Needs completed 9 September 2026; TAF reviewed twice; little change.",
			Agencies: []referral.Agency{{Name: "School nurse", Role: "health", Contact: "01632 960555"}},
		},
		Consent: referral.Consent{
			ParentAware: referral.Yes, Status: "given", GivenBy: "Kerry Hart (mother)", Date: "2026-11-19",
			InterpreterUsed: referral.No,
		},
		OutcomeSought: "A child and family assessment; support for mum's mental health.",
	}
}

func check(r *referral.Referral) []checker.Finding {
	return checker.New(checker.Options{Now: func() time.Time { return today }}).Check(r).Findings
}

// Ensure the complete referral is clean: every rule's "does not fire" case
// starts from here.
func TestGoodReferralHasNoFindings(t *testing.T) {
	for _, f := range check(good()) {
		t.Errorf("unexpected finding %s %s [%s]: %s (evidence %q)", f.Rule, f.Name, f.Field, f.Message, f.Evidence)
	}
}

type ruleCase struct {
	rule     string
	name     string
	breaks   func(r *referral.Referral) // a change that breaks the rule
	keeps    func(r *referral.Referral) // a related change that must not break it (nil: the good referral is enough)
	field    string                     // expected field of the finding
	severity checker.Severity           // expected severity (0: the rule's default)
	message  string                     // substring of the expected message ("" skips)
	evidence string                     // substring of the expected evidence ("" skips)
}

func findingsOf(fs []checker.Finding, rule string) []checker.Finding {
	var out []checker.Finding
	for _, f := range fs {
		if f.Rule == rule {
			out = append(out, f)
		}
	}
	return out
}

func runRuleCases(t *testing.T, cases []ruleCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.rule+"/"+tc.name, func(t *testing.T) {
			r := good()
			tc.breaks(r)
			got := findingsOf(check(r), tc.rule)
			if len(got) == 0 {
				t.Fatalf("%s did not fire", tc.rule)
			}
			f := got[0]
			if tc.field != "" && f.Field != tc.field {
				t.Errorf("field = %q, want %q", f.Field, tc.field)
			}
			rule, _ := checker.Lookup(tc.rule)
			want := tc.severity
			if want == 0 {
				want = rule.Severity
			}
			if f.Severity != want {
				t.Errorf("severity = %s, want %s", f.Severity, want)
			}
			if tc.message != "" && !strings.Contains(f.Message, tc.message) {
				t.Errorf("message = %q, want it to contain %q", f.Message, tc.message)
			}
			if tc.evidence != "" && !strings.Contains(f.Evidence, tc.evidence) {
				t.Errorf("evidence = %q, want it to contain %q", f.Evidence, tc.evidence)
			}
			if tc.keeps != nil {
				r := good()
				tc.keeps(r)
				if got := findingsOf(check(r), tc.rule); len(got) > 0 {
					t.Errorf("%s fired on the keeping case: %s (evidence %q)", tc.rule, got[0].Message, got[0].Evidence)
				}
			}
		})
	}
}

// Ensure every rule in the catalogue has at least one breaking case here.
func TestEveryRuleIsTested(t *testing.T) {
	tested := map[string]bool{}
	for _, group := range [][]ruleCase{childCases, familyCases, languageCases, referrerCases, concernCases, supportCases, consentCases, consistencyCases} {
		for _, c := range group {
			tested[c.rule] = true
		}
	}
	for _, id := range []string{"FD950", "FD951", "FD952", "FD953", "FD954"} {
		tested[id] = true // TestRouteRules
	}
	for _, r := range checker.Rules() {
		if !tested[r.ID] {
			t.Errorf("rule %s %s has no test case", r.ID, r.Name)
		}
	}
}

// Ensure rule ids and names are unique, well-formed and fully documented.
func TestCatalogue(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range checker.Rules() {
		if !strings.HasPrefix(r.ID, "FD") || len(r.ID) != 5 {
			t.Errorf("bad id %q", r.ID)
		}
		for _, k := range []string{r.ID, r.Name} {
			if seen[k] {
				t.Errorf("duplicate %q", k)
			}
			seen[k] = true
		}
		if r.Message == "" || r.Why == "" || r.Fix == "" || r.Field == "" || r.Source == "" || r.Area == "" {
			t.Errorf("%s: message, why, fix, field, source and area are all required", r.ID)
		}
		if got, ok := checker.Lookup(strings.ToLower(r.ID)); !ok || got != r {
			t.Errorf("Lookup(%s) failed", r.ID)
		}
		if got, ok := checker.Lookup(r.Name); !ok || got != r {
			t.Errorf("Lookup(%s) failed", r.Name)
		}
	}
	if n := len(checker.Rules()); n < 60 {
		t.Errorf("only %d rules", n)
	}
}
