package checker

import (
	"fmt"

	"github.com/frontdoorhq/frontdoor/checker/referral"
)

// Rules about the household and parental responsibility (domain 4, "Household").

func init() {
	register(
		&Rule{ID: "FD200", Name: "family-missing", Area: "family", Severity: Error, Field: "family",
			Message: "No household members or parents are listed.",
			Why:     "The MASH checks every adult and child in the household against its records; the risk to a child often comes from, or is held by, someone in the home.",
			Fix:     "List everyone in the household (adults, children, partners, regular visitors) and any parent living elsewhere, with their relationship to the child and date of birth or age.",
			Source:  "Key information (domain 4)",
			check: func(in *Input) []Hit {
				return one(len(in.R.Family) == 0)
			}},
		&Rule{ID: "FD201", Name: "family-no-parental-responsibility", Area: "family", Severity: Error, Field: "family",
			Message: "Nobody listed is recorded as having parental responsibility.",
			Why:     "Agreement to a referral, and most decisions about the child, rest with those who hold parental responsibility; the MASH needs to know who they are.",
			Fix:     "Mark who has parental responsibility (parental_responsibility: yes). A birth mother always has it; a father usually does if married to the mother or named on the birth certificate.",
			Source:  "Parental responsibility (domain 6.4)",
			check: func(in *Input) []Hit {
				return one(len(in.R.Family) > 0 && len(in.prHolders()) == 0)
			}},
		&Rule{ID: "FD202", Name: "family-pr-unstated", Area: "family", Severity: Warning, Field: "family",
			Message: "It is not stated whether this adult has parental responsibility.",
			Why:     "Consent from an adult without parental responsibility (a step-parent or partner, say) is not consent.",
			Fix:     "Record yes or no for parental responsibility for each adult.",
			Source:  "Parental responsibility (domain 6.4)",
			check: func(in *Input) []Hit {
				var hs []Hit
				for _, i := range in.adults() {
					m := in.R.Family[i]
					if m.ParentalResponsibility.Known() || isBirthMother(m.Relationship) {
						continue // a birth mother always has parental responsibility
					}
					msg := fmt.Sprintf("It is not stated whether %s has parental responsibility.", who(m, i))
					if isFather(m.Relationship) {
						msg = fmt.Sprintf("It is not stated whether %s has parental responsibility. A father has it if he was married to the mother when the child was born or is named on the birth certificate (births registered from 1 December 2003), or by later marriage, agreement or court order.", who(m, i))
					}
					hs = append(hs, Hit{Field: fmt.Sprintf("family[%d].parental_responsibility", i), Message: msg})
				}
				return hs
			}},
		&Rule{ID: "FD203", Name: "family-contact-missing", Area: "family", Severity: Error, Field: "family",
			Message: "There is no way to contact anyone with parental responsibility.",
			Why:     "The MASH has to reach the parents to discuss the referral and arrange an assessment; a referral without contact details waits while it is chased.",
			Fix:     "Add a phone number (and email or address if different from the child's) for each parent or carer with parental responsibility.",
			Source:  "Key information (domain 4); Good referrals (2010)",
			check: func(in *Input) []Hit {
				pr := in.prHolders()
				if len(pr) == 0 {
					return nil
				}
				for _, i := range pr {
					m := in.R.Family[i]
					if !referral.Blank(m.Phone) || !referral.Blank(m.Email) {
						return nil
					}
				}
				return []Hit{{Field: fmt.Sprintf("family[%d].phone", pr[0])}}
			}},
		&Rule{ID: "FD204", Name: "family-member-details-missing", Area: "family", Severity: Warning, Field: "family",
			Message: "A household member is missing a name, relationship or age.",
			Why:     "The MASH cannot check someone against its records without a name and a date of birth or age, or weigh the risk without knowing who they are to the child.",
			Fix:     "Give each person's name, relationship to the child, and date of birth or age (\"not known\" if so).",
			Source:  "Key information (domain 4)",
			check: func(in *Input) []Hit {
				var hs []Hit
				for i, m := range in.R.Family {
					switch {
					case referral.Blank(m.Name):
						hs = append(hs, Hit{Field: fmt.Sprintf("family[%d].name", i),
							Message: fmt.Sprintf("Household member %d has no name.", i+1)})
					case referral.Blank(m.Relationship):
						hs = append(hs, Hit{Field: fmt.Sprintf("family[%d].relationship", i),
							Message: fmt.Sprintf("The relationship of %s to the child is not stated.", who(m, i))})
					case referral.Blank(m.DateOfBirth) && m.Age == 0:
						hs = append(hs, Hit{Field: fmt.Sprintf("family[%d].date_of_birth", i),
							Message: fmt.Sprintf("No date of birth or age is given for %s.", who(m, i))})
					}
				}
				return hs
			}},
		&Rule{ID: "FD205", Name: "family-other-children-unstated", Area: "family", Severity: Warning, Field: "family",
			Message: "The referral does not say whether other children live in the household.",
			Why:     "Other children in the home may be at the same risk; the MASH considers every child in the household.",
			Fix:     "List brothers, sisters and any other children in the household with their ages, or say the child is the only child.",
			Source:  "Key information (domain 4); social-work questions (domain 3)",
			check: func(in *Input) []Hit {
				if len(in.R.Family) == 0 {
					return nil // FD200 covers it
				}
				for _, m := range in.R.Family {
					if isChildMember(m) {
						return nil
					}
				}
				return one(!onlyChildRE.MatchString(in.Concern) && !onlyChildRE.MatchString(lower(in.R.Child.OtherNames)))
			}},
		&Rule{ID: "FD206", Name: "family-lives-with-unstated", Area: "family", Severity: Info, Field: "family",
			Message: "It is not stated whether this adult lives with the child.",
			Why:     "Who is in the home day to day matters for the child's safety and for who the MASH contacts.",
			Fix:     "Record yes or no for lives_with_child, and the address if it differs.",
			Source:  "Key information (domain 4)",
			check: func(in *Input) []Hit {
				var hs []Hit
				for _, i := range in.adults() {
					m := in.R.Family[i]
					if !m.LivesWithChild.Known() {
						hs = append(hs, Hit{Field: fmt.Sprintf("family[%d].lives_with_child", i),
							Message: fmt.Sprintf("It is not stated whether %s lives with the child.", who(m, i))})
					}
				}
				return hs
			}},
	)
}

// who names a family member for a message: their relationship, else their
// position in the list. Names are kept out of messages so that summaries and
// chat replies carry no personal data.
func who(m referral.Member, i int) string {
	if !referral.Blank(m.Relationship) {
		return "the " + lower(m.Relationship)
	}
	return fmt.Sprintf("household member %d", i+1)
}
