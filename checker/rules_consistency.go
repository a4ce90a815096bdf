package checker

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/frontdoorhq/frontdoor/checker/referral"
)

// Rules about values that are malformed or contradict each other, and about
// the referral as a whole.

// problems returns the format problems of the given kinds.
func (in *Input) problems(kinds ...string) []referral.Problem {
	if !in.validated {
		in.validation = in.R.Validate()
		in.validated = true
	}
	var out []referral.Problem
	for _, p := range in.validation {
		if slices.Contains(kinds, p.Kind) {
			out = append(out, p)
		}
	}
	return out
}

// formatRule builds a rule that reports values failing one format check.
func formatRule(id, name string, sev Severity, kinds []string, field, msg, each, why, fix string, onlyField string) *Rule {
	return &Rule{ID: id, Name: name, Area: "consistency", Severity: sev, Field: field,
		Message: msg, Why: why, Fix: fix, Source: "Key information (domain 4)",
		check: func(in *Input) []Hit {
			var hs []Hit
			for _, p := range in.problems(kinds...) {
				if onlyField != "" && p.Field != onlyField {
					continue
				}
				if onlyField == "" && p.Field == "child.attendance_percent" {
					continue
				}
				hs = append(hs, Hit{Field: p.Field, Evidence: p.Value,
					Message: fmt.Sprintf(each, fieldLabel(p.Field))})
			}
			return hs
		}}
}

// fieldLabel names a field path for a message: "child.date_of_birth" →
// "child's date of birth", "family[1].phone" → "phone number of household member 2".
func fieldLabel(path string) string {
	head, leaf, ok := strings.Cut(path, ".")
	if !ok {
		return strings.ReplaceAll(path, "_", " ")
	}
	name := strings.ReplaceAll(leaf, "_", " ")
	if n, ok := leafNames[leaf]; ok {
		name = n
	}
	switch {
	case head == "child":
		return "child's " + name
	case head == "referrer":
		return "referrer's " + name
	case strings.HasPrefix(head, "family["):
		var i int
		fmt.Sscanf(head, "family[%d]", &i)
		return fmt.Sprintf("%s of household member %d", name, i+1)
	}
	return head + " " + name
}

var leafNames = map[string]string{
	"phone": "phone number", "email": "email address", "nhs_number": "NHS number",
	"ehcp": "EHCP answer", "upn": "UPN", "gp": "GP", "disability_sen": "SEN or disability",
}

func init() {
	register(
		formatRule("FD800", "date-invalid", Error, []string{"date"}, "child.date_of_birth",
			"A date is not a date that can be read.", "The %s is not a date that can be read.",
			"Dates are how the MASH matches records and judges urgency; a wrong or unreadable date can match the wrong child.",
			"Write the date as day/month/year (03/04/2015) or as 2015-04-03.", ""),
		formatRule("FD805", "attendance-out-of-range", Error, []string{"range"}, "child.attendance_percent",
			"Attendance must be a percentage between 0 and 100.", "The %s must be a percentage between 0 and 100.",
			"Attendance is read as a measure of the child's welfare; an impossible figure casts doubt on the rest.",
			"Give this year's attendance as a percentage, for example 87.5.", "child.attendance_percent"),
		formatRule("FD806", "postcode-invalid", Warning, []string{"postcode"}, "child.postcode",
			"A postcode does not look like a UK postcode.", "The %s does not look like a UK postcode.",
			"The postcode routes the referral to the right council and team.",
			"Check the postcode (for example OX4 1AB).", ""),
		formatRule("FD807", "phone-invalid", Warning, []string{"phone"}, "referrer.phone",
			"A phone number does not look like a UK phone number.", "The %s does not look like a UK phone number.",
			"The MASH phones the referrer and the family, often the same day.",
			"Check the number: a UK number has 10 or 11 digits starting with 0 (or +44).", ""),
		formatRule("FD808", "email-invalid", Warning, []string{"email"}, "referrer.email",
			"An email address does not look valid.", "The %s does not look valid.",
			"The MASH sends its decision and follow-up by email.",
			"Check the email address.", ""),
		formatRule("FD810", "nhs-number-invalid", Warning, []string{"nhs_number"}, "child.nhs_number",
			"An NHS number is not a valid NHS number (it should be 10 digits with a correct check digit).", "The %s is not valid (it should be 10 digits with a correct check digit).",
			"A wrong NHS number can match the wrong child's health record.",
			"Copy the NHS number again from the health record, or leave it out.", ""),
		&Rule{ID: "FD809", Name: "answer-not-understood", Area: "consistency", Severity: Warning, Field: "consent.status",
			Message: "An answer could not be understood.",
			Why:     "Yes/no questions and consent status are read by the MASH's systems and by people at a glance; an answer outside the expected ones may be misread.",
			Fix:     "Answer yes, no or unknown; for consent.status use given, refused or not_sought.",
			Source:  "Contract: tri-state answers",
			check: func(in *Input) []Hit {
				var hs []Hit
				for _, p := range in.problems("tristate", "consent_status", "range") {
					if p.Field == "child.attendance_percent" {
						continue
					}
					msg := fmt.Sprintf("The answer %q for %s is not one of yes, no or unknown.", p.Value, fieldLabel(p.Field))
					switch p.Kind {
					case "consent_status":
						msg = fmt.Sprintf("The consent status %q is not one of given, refused or not_sought.", p.Value)
					case "range":
						msg = fmt.Sprintf("The value %s for %s is out of range.", p.Value, fieldLabel(p.Field))
					}
					hs = append(hs, Hit{Field: p.Field, Evidence: p.Value, Message: msg})
				}
				for _, u := range in.R.Unparsed {
					hs = append(hs, Hit{Field: u.Field, Evidence: quote(u.Value),
						Message: fmt.Sprintf("The answer for %s could not be understood.", fieldLabel(u.Field))})
				}
				return hs
			}},
		&Rule{ID: "FD801", Name: "date-in-future", Area: "consistency", Severity: Error, Field: "child.date_of_birth",
			Message: "A date is in the future.",
			Why:     "A date of birth or incident in the future is a typing error that can stop the MASH finding the child's records.",
			Fix:     "Correct the date (an unborn child's date goes in child.expected_due_date).",
			Source:  "Key information (domain 4)",
			check: func(in *Input) []Hit {
				var hs []Hit
				check := func(field, v string, limit time.Time) {
					if t, ok := referral.ParseDate(v); ok && t.After(limit) {
						hs = append(hs, Hit{Field: field, Evidence: v,
							Message: fmt.Sprintf("The %s is after the referral date.", fieldLabel(field))})
					}
				}
				check("child.date_of_birth", in.R.Child.DateOfBirth, in.On)
				check("concern.incident_date", in.R.Concern.IncidentDate, in.On)
				check("consent.date", in.R.Consent.Date, in.On)
				for i, m := range in.R.Family {
					check(fmt.Sprintf("family[%d].date_of_birth", i), m.DateOfBirth, in.On)
				}
				if t, ok := referral.ParseDate(in.R.ReferralDate); ok && t.After(in.Today) {
					hs = append(hs, Hit{Field: "referral_date", Severity: Warning, Evidence: in.R.ReferralDate,
						Message: "The referral date is in the future."})
				}
				return hs
			}},
		&Rule{ID: "FD802", Name: "age-mismatch", Area: "consistency", Severity: Warning, Field: "child.age",
			Message: "The stated age does not match the date of birth.",
			Why:     "Either the age or the date of birth is wrong, and the MASH may match the wrong record or apply the wrong age rules.",
			Fix:     "Check the date of birth and the age.",
			Source:  "Consistency",
			check: func(in *Input) []Hit {
				if !in.HasDOB {
					return nil
				}
				a, ok := referral.ParseAge(in.R.Child.Age)
				if !ok || math.Abs(a-in.Age) < 1.0 {
					return nil
				}
				return []Hit{{Evidence: in.R.Child.Age,
					Message: fmt.Sprintf("The stated age (%s) does not match the date of birth, which gives %d.", in.R.Child.Age, referral.AgeOn(in.DOB, in.On))}}
			}},
		&Rule{ID: "FD803", Name: "year-group-mismatch", Area: "consistency", Severity: Warning, Field: "child.year_group",
			Message: "The year group does not match the date of birth.",
			Why:     "A mismatch usually means the date of birth is wrong, which stops the MASH matching records; a child out of their year group is also worth explaining.",
			Fix:     "Check the date of birth and the year group; if the child is taught out of their year group, say so.",
			Source:  "Consistency",
			check: func(in *Input) []Hit {
				if !in.HasDOB {
					return nil
				}
				y, ok := referral.ParseYearGroup(in.R.Child.YearGroup)
				if !ok {
					return nil
				}
				want := expectedYearGroup(in.DOB, in.On)
				if y == want {
					return nil
				}
				return []Hit{{Evidence: in.R.Child.YearGroup,
					Message: fmt.Sprintf("The year group (%s) does not match the date of birth, which puts the child in %s.", in.R.Child.YearGroup, yearGroupName(want))}}
			}},
		&Rule{ID: "FD804", Name: "child-is-adult", Area: "consistency", Severity: Error, Field: "child.date_of_birth",
			Message: "The person referred is 18 or over: this is not a children's referral.",
			Why:     "Children's social care acts for children under 18; concerns about an adult go to adult social care (or, for a care leaver, their personal adviser).",
			Fix:     "Check the date of birth. If the person is an adult at risk, refer to adult social care instead.",
			Source:  "Children Act 1989 (domain 1)",
			check: func(in *Input) []Hit {
				if !in.HasAge || in.Age < 18 {
					return nil
				}
				field := "child.date_of_birth"
				if !in.HasDOB {
					field = "child.age"
				}
				return []Hit{{Field: field}}
			}},
		&Rule{ID: "FD811", Name: "due-date-passed", Area: "consistency", Severity: Warning, Field: "child.expected_due_date",
			Message: "The expected due date has passed, but no date of birth is given.",
			Why:     "If the baby has been born, the MASH needs the date of birth; a pre-birth referral that is out of date may be missed.",
			Fix:     "Add the baby's date of birth, or correct the due date.",
			Source:  "Unborn children (domain 2.2)",
			check: func(in *Input) []Hit {
				t, ok := referral.ParseDate(in.R.Child.ExpectedDueDate)
				return one(ok && !in.HasDOB && t.Before(in.On))
			}},
		&Rule{ID: "FD812", Name: "referrer-intent-invalid", Area: "referral", Severity: Warning, Field: "referrer_level",
			Message: "The referrer's level or route is not one that is recognised.",
			Why:     "The level (1-4) and route id say what you are asking for; an unknown one cannot be compared with the guidance.",
			Fix:     "Use a level from 1 to 4 and a route id such as early-help, mash or mash-urgent.",
			Source:  "Contract: routes",
			check: func(in *Input) []Hit {
				var hs []Hit
				if l := in.R.ReferrerLevel; l < 0 || l > 4 {
					hs = append(hs, Hit{Evidence: fmt.Sprint(l), Message: fmt.Sprintf("The referrer's level %d is not between 1 and 4.", l)})
				}
				if r := in.R.ReferrerRoute; r != "" && !slices.Contains(referral.RouteIDs, r) {
					hs = append(hs, Hit{Field: "referrer_route", Evidence: r, Message: fmt.Sprintf("The route %q is not a known route id.", r)})
				}
				return hs
			}},
		&Rule{ID: "FD900", Name: "outcome-missing", Area: "referral", Severity: Warning, Field: "outcome_sought",
			Message: "The referral does not say what you want to happen.",
			Why:     "Saying what you are asking for (an assessment, early help, a specific service, advice) lets the MASH respond to it, and shows you have thought about the level of need.",
			Fix:     "Say what outcome you are seeking.",
			Source:  "Key information (domain 4); LBBD guidance",
			check: func(in *Input) []Hit {
				return one(referral.Blank(in.R.OutcomeSought))
			}},
		&Rule{ID: "FD901", Name: "referral-date-missing", Area: "referral", Severity: Warning, Field: "referral_date",
			Message: "The referral is not dated.",
			Why:     "The MASH's timescales (a decision within one working day) run from the referral; an undated referral also cannot be checked against the incident date.",
			Fix:     "Add today's date as the referral date.",
			Source:  "Working Together 2023 (domain 3)",
			check: func(in *Input) []Hit {
				return one(referral.Blank(in.R.ReferralDate))
			}},
		&Rule{ID: "FD902", Name: "referrer-intent-missing", Area: "referral", Severity: Info, Field: "referrer_level",
			Message: "The referral does not say what level of need you think this is.",
			Why:     "Stating your view of the level (1-4) and route lets frontdoor and the MASH compare it with the guidance and catch a referral sent to the wrong place.",
			Fix:     "Add your view of the level of need (referrer_level) and the route you intend (referrer_route).",
			Source:  "Threshold levels (domain 1)",
			check: func(in *Input) []Hit {
				return one(in.R.ReferrerLevel == 0 && in.R.ReferrerRoute == "")
			}},
	)
}

// expectedYearGroup returns the English school year a child born on dob is
// in on day: Reception (0) for children who were 4 on the 31 August before
// the school year began.
func expectedYearGroup(dob, day time.Time) int {
	start := day.Year()
	if day.Month() < time.September {
		start--
	}
	aug31 := time.Date(start, time.August, 31, 0, 0, 0, 0, time.UTC)
	return referral.AgeOn(dob, aug31) - 4
}

func yearGroupName(y int) string {
	switch {
	case y == 0:
		return "Reception"
	case y == -1:
		return "Nursery"
	case y < -1:
		return "no school year yet"
	}
	return fmt.Sprintf("Year %d", y)
}
