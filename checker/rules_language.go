package checker

import (
	"fmt"
	"strings"

	"github.com/frontdoorhq/frontdoor/checker/referral"
)

// Rules about language and interpreters (domain 6.5). The 2016 inspection
// found a mother whose first language was not English was never asked for
// consent, and the child's case drifted for two months.

func init() {
	register(
		&Rule{ID: "FD300", Name: "interpreter-need-unstated", Area: "language", Severity: Warning, Field: "child.interpreter_needed",
			Message: "English is not this person's first language, but the referral does not say whether they need an interpreter.",
			Why:     "A qualified interpreter must be offered whenever English is not a family's first language, even if they seem fluent; the MASH needs to book one before it calls.",
			Fix:     "Say whether an interpreter is needed (yes or no), with the language and dialect.",
			Source:  "Interpreters (domain 6.5); London procedures",
			check: func(in *Input) []Hit {
				var hs []Hit
				c := in.R.Child
				if nonEnglish(c.FirstLanguage) && !c.InterpreterNeeded.Known() {
					hs = append(hs, Hit{Field: "child.interpreter_needed",
						Message: fmt.Sprintf("The child's first language is %s, but the referral does not say whether they need an interpreter.", c.FirstLanguage)})
				}
				for i, m := range in.R.Family {
					if nonEnglish(m.FirstLanguage) && !m.InterpreterNeeded.Known() {
						hs = append(hs, Hit{Field: fmt.Sprintf("family[%d].interpreter_needed", i),
							Message: fmt.Sprintf("The first language of %s is %s, but the referral does not say whether they need an interpreter.", who(m, i), m.FirstLanguage)})
					}
				}
				return hs
			}},
		&Rule{ID: "FD301", Name: "consent-without-interpreter", Area: "language", Severity: Error, Field: "consent.interpreter_used",
			Message: "A parent may not have English as a first language, but the referral does not record that consent was discussed through a qualified interpreter.",
			Why:     "Agreement given without understanding is not agreement. In the 2016 Oxfordshire inspection a mother whose first language was not English was never asked, and her child's case drifted for two months.",
			Fix:     "Discuss the referral with the parent through a qualified interpreter (never family, friends or children) and record interpreter_used: yes, with the language.",
			Source:  "Interpreters (domain 6.5); JTAI 2016 (domain 8)",
			check: func(in *Input) []Hit {
				sig := languageSignal(in)
				if sig == "" {
					return nil
				}
				k := in.R.Consent
				discussed := k.ParentAware == referral.Yes || k.Status == referral.ConsentGiven || k.Status == referral.ConsentRefused
				if !discussed || k.InterpreterUsed == referral.Yes {
					return nil
				}
				if k.InterpreterUsed != referral.No && interpreterUsedRE.FindString(in.Concern+joinLower(k.GivenBy, k.ReasonNotSought, k.ChildViews)) != "" {
					return nil // "discussed with mum through a Language Line interpreter"
				}
				msg := ""
				if k.InterpreterUsed == referral.No {
					msg = "Consent was discussed with a parent who may not have English as a first language, without an interpreter."
				}
				return []Hit{{Message: msg, Evidence: sig}}
			}},
		&Rule{ID: "FD302", Name: "family-member-interpreted", Area: "language", Severity: Error, Field: "consent.interpreter_used",
			Message: "A child, relative or friend appears to have acted as interpreter.",
			Why:     "Family members, friends and above all children must never interpret: they may be the source of harm, may filter what is said, and a child is put in an impossible position.",
			Fix:     "Arrange a qualified interpreter and repeat the conversation; record who interpreted and in which language.",
			Source:  "Interpreters (domain 6.5); Hull procedures",
			check: func(in *Input) []Hit {
				k := in.R.Consent
				text := in.Concern + "\n" + lower(k.ReasonNotSought) + "\n" + lower(k.GivenBy) + "\n" + lower(k.ChildViews)
				if !strings.Contains(text, "translat") && !strings.Contains(text, "interpret") {
					return nil
				}
				if m := findFamilyInterpreter(tokenize(text)); m != "" {
					return []Hit{{Evidence: m}}
				}
				return nil
			}},
		&Rule{ID: "FD303", Name: "parent-language-missing", Area: "language", Severity: Warning, Field: "family",
			Message: "The first language of a parent with parental responsibility is not stated.",
			Why:     "Whether a parent needs an interpreter decides how the MASH speaks to them and whether their agreement is informed.",
			Fix:     "Record each parent's first language, and whether they need an interpreter.",
			Source:  "Key information (domain 4); interpreters (domain 6.5)",
			check: func(in *Input) []Hit {
				var hs []Hit
				for _, i := range in.prHolders() {
					m := in.R.Family[i]
					if referral.Blank(m.FirstLanguage) {
						hs = append(hs, Hit{Field: fmt.Sprintf("family[%d].first_language", i),
							Message: fmt.Sprintf("The first language of %s is not stated.", who(m, i))})
					}
				}
				return hs
			}},
	)
}

// nonEnglish reports whether a language answer names a language other than English.
func nonEnglish(lang string) bool {
	return !referral.Blank(lang) && !referral.NotKnown(lang) && !referral.IsEnglish(lang)
}

// languageSignal returns why a parent may need an interpreter, or "" if
// nothing suggests it: a parent's first language, a recorded interpreter
// need, the child's first language, or words in the text.
func languageSignal(in *Input) string {
	parentsEnglish := false
	for _, m := range in.R.Family {
		if m.ParentalResponsibility == referral.No {
			continue
		}
		if referral.IsEnglish(m.FirstLanguage) && hasPR(m) {
			parentsEnglish = true
		}
		if nonEnglish(m.FirstLanguage) && m.InterpreterNeeded != referral.No {
			return "first language: " + m.FirstLanguage
		}
		if m.InterpreterNeeded == referral.Yes {
			return "interpreter needed: yes"
		}
	}
	if nonEnglish(in.R.Child.FirstLanguage) && !parentsEnglish {
		return "child's first language: " + in.R.Child.FirstLanguage
	}
	if in.R.Child.InterpreterNeeded == referral.Yes {
		return "child interpreter needed: yes"
	}
	return firstMatch(languageSignalRE, in.Concern)
}
