package checker

import (
	"github.com/frontdoorhq/frontdoor/checker/referral"
)

// Rules about the child (domain reference section 4, "Child").

func init() {
	register(
		&Rule{ID: "FD100", Name: "child-name-missing", Area: "child", Severity: Error, Field: "child.name",
			Message: "The child's name is missing.",
			Why:     "The MASH finds existing records by name and date of birth; without a name it cannot check what is already known or open a contact.",
			Fix:     "Add the child's full legal name, and any other names they are known by in child.other_names.",
			Source:  "Key information (domain 4)",
			check: func(in *Input) []Hit {
				return one(referral.Blank(in.R.Child.Name))
			}},
		&Rule{ID: "FD101", Name: "child-dob-missing", Area: "child", Severity: Error, Field: "child.date_of_birth",
			Message: "The child's date of birth is missing.",
			Why:     "The MASH searches its records by name and date of birth, and the child's age decides which thresholds and duties apply (under-13 sexual activity, a non-mobile baby, private fostering under 16).",
			Fix:     "Add the date of birth, or the expected due date for an unborn child, or an estimated age.",
			Source:  "Key information (domain 4); age rules (domain 2.2)",
			check: func(in *Input) []Hit {
				c := in.R.Child
				return one(referral.Blank(c.DateOfBirth) && referral.Blank(c.ExpectedDueDate) && referral.Blank(c.Age))
			}},
		&Rule{ID: "FD102", Name: "child-address-missing", Area: "child", Severity: Error, Field: "child.address",
			Message: "The child's address is missing.",
			Why:     "The address decides which local authority and team responds, and lets the MASH check who else lives there.",
			Fix:     "Add the child's home address, and a second address if care is shared between households. If the child has no fixed address, say so.",
			Source:  "Key information (domain 4)",
			check: func(in *Input) []Hit {
				return one(referral.Blank(in.R.Child.Address))
			}},
		&Rule{ID: "FD103", Name: "child-postcode-missing", Area: "child", Severity: Error, Field: "child.postcode",
			Message: "The child's postcode is missing.",
			Why:     "The postcode routes the referral to the right local authority and locality team, and is used to match records.",
			Fix:     "Add the postcode of the child's home address.",
			Source:  "Key information (domain 4)",
			check: func(in *Input) []Hit {
				c := in.R.Child
				if !referral.Blank(c.Postcode) {
					return nil
				}
				// An address that already ends with a postcode is enough.
				for _, w := range lastWords(c.Address, 2) {
					if referral.ValidPostcode(w) {
						return nil
					}
				}
				return one(true)
			}},
		&Rule{ID: "FD104", Name: "child-location-missing", Area: "child", Severity: Warning, Field: "child.current_location", needsRoute: true,
			Message: "The referral does not say where the child is now.",
			Why:     "At contact the MASH establishes where the child is. For a child at risk this decides who acts and how fast; a child living away from home may also be privately fostered.",
			Fix:     "Say where the child is now (at school, at home, with a relative) and, if not at home, why and with whom.",
			Source:  "Key information (domain 4); Oxfordshire MASH contact (domain 7)",
			check: func(in *Input) []Hit {
				c := in.R
				if !referral.Blank(c.Child.CurrentLocation) || !referral.Blank(c.Concern.CurrentSafety) {
					return nil
				}
				if in.childWhereabouts(in.Concern) != "" {
					return nil // "Leo is at school now and will stay in the office"
				}
				if in.level() >= 4 {
					return []Hit{{Severity: Error, Message: "The referral does not say where the child is now, and the concern is at the child-protection level."}}
				}
				return one(true)
			}},
		&Rule{ID: "FD105", Name: "child-gender-missing", Area: "child", Severity: Warning, Field: "child.gender",
			Message: "The child's gender is not stated.",
			Why:     "Gender is part of the identifying details the MASH matches records on, and some duties depend on it (FGM reporting applies to girls).",
			Fix:     "Add the child's gender as the child or family describe it.",
			Source:  "Key information (domain 4)",
			check: func(in *Input) []Hit {
				return one(referral.Blank(in.R.Child.Gender) && !in.Unborn)
			}},
		&Rule{ID: "FD106", Name: "child-ethnicity-missing", Area: "child", Severity: Warning, Field: "child.ethnicity",
			Message: "The child's ethnicity is not stated.",
			Why:     "Ethnicity is part of understanding the child's identity and needs, and lets the partnership check its response is fair across communities.",
			Fix:     "Add the child's ethnicity as the family describe it, or \"not known\".",
			Source:  "Key information (domain 4)",
			check: func(in *Input) []Hit {
				return one(referral.Blank(in.R.Child.Ethnicity) && !in.Unborn)
			}},
		&Rule{ID: "FD107", Name: "child-language-missing", Area: "child", Severity: Warning, Field: "child.first_language",
			Message: "The child's first language is not stated.",
			Why:     "A social worker needs to know whether the child can be spoken to in English, and whether the family needs an interpreter.",
			Fix:     "Add the child's first language (and any others spoken at home).",
			Source:  "Key information (domain 4); interpreters (domain 6.5)",
			check: func(in *Input) []Hit {
				return one(referral.Blank(in.R.Child.FirstLanguage) && !in.Unborn)
			}},
		&Rule{ID: "FD109", Name: "child-sen-missing", Area: "child", Severity: Warning, Field: "child.disability_sen",
			Message: "The referral does not say whether the child has special educational needs or a disability.",
			Why:     "SEN and disability change how the child communicates, how vulnerable they are, and which thresholds and services apply.",
			Fix:     "Record any SEN or disability and the support in place, or write \"none known\".",
			Source:  "Key information (domain 4)",
			check: func(in *Input) []Hit {
				return one(referral.Blank(in.R.Child.DisabilitySEN) && !in.Unborn)
			}},
		&Rule{ID: "FD110", Name: "child-school-missing", Area: "child", Severity: Warning, Field: "child.school",
			Message: "The child's school or setting is not stated.",
			Why:     "The school is a key source of information and support, and a child with no school place may be missing education.",
			Fix:     "Add the school or early-years setting, or say the child has none (and why).",
			Source:  "Key information (domain 4)",
			check: func(in *Input) []Hit {
				return one(referral.Blank(in.R.Child.School) && !in.Unborn && !(in.HasAge && in.Age < 2))
			}},
		&Rule{ID: "FD111", Name: "child-gp-missing", Area: "child", Severity: Warning, Field: "child.gp",
			Message: "The child's GP is not stated.",
			Why:     "Health information is checked in most MASH enquiries; the GP is how health partners find the child's record.",
			Fix:     "Add the GP practice, or \"not known\".",
			Source:  "Key information (domain 4)",
			check: func(in *Input) []Hit {
				return one(referral.Blank(in.R.Child.GP) && !in.Unborn)
			}},
		&Rule{ID: "FD112", Name: "child-year-group-missing", Area: "child", Severity: Info, Field: "child.year_group",
			Message: "The child's year group is not stated.",
			Why:     "The year group helps confirm the child's age and identity.",
			Fix:     "Add the year group (for example \"Year 8\" or \"Reception\").",
			Source:  "Key information (domain 4)",
			check: func(in *Input) []Hit {
				return one(!referral.Blank(in.R.Child.School) && referral.Blank(in.R.Child.YearGroup))
			}},
		&Rule{ID: "FD113", Name: "child-attendance-missing", Area: "child", Severity: Info, Field: "child.attendance_percent",
			Message: "The child's attendance is not given.",
			Why:     "Attendance is one of the clearest measures of how a child is doing, and falling attendance is a common sign of neglect or exploitation.",
			Fix:     "Add this year's attendance as a percentage.",
			Source:  "Level 1 indicators (domain 2.3)",
			check: func(in *Input) []Hit {
				return one(!referral.Blank(in.R.Child.School) && in.R.Child.AttendancePercent == 0)
			}},
		&Rule{ID: "FD114", Name: "child-ehcp-unstated", Area: "child", Severity: Info, Field: "child.ehcp",
			Message: "The child has SEN or a disability, but the referral does not say whether they have an EHCP.",
			Why:     "An Education, Health and Care Plan names the professionals already involved and the support the child receives.",
			Fix:     "Say whether the child has an EHCP (yes, no, or applied for).",
			Source:  "Key information (domain 4)",
			check: func(in *Input) []Hit {
				c := in.R.Child
				return one(hasSEN(c.DisabilitySEN) && (c.EHCP == "" || c.EHCP == referral.Unknown))
			}},
		&Rule{ID: "FD115", Name: "child-identifiers-missing", Area: "child", Severity: Info, Field: "child.nhs_number",
			Message: "Neither the child's NHS number nor their unique pupil number is given.",
			Why:     "Either number lets the MASH and health partners match records with certainty.",
			Fix:     "Add the NHS number or the UPN from the school's records if you have them.",
			Source:  "Key information (domain 4)",
			check: func(in *Input) []Hit {
				c := in.R.Child
				return one(referral.Blank(c.NHSNumber) && referral.Blank(c.UPN) && !in.Unborn)
			}},
	)
}

// hasSEN reports whether a disability/SEN answer names a need rather than "none".
func hasSEN(s string) bool {
	if referral.Blank(s) || referral.NotKnown(s) {
		return false
	}
	switch lower(s) {
	case "none", "no", "none known", "n/a", "na", "not applicable", "nil", "none identified":
		return false
	}
	return true
}
