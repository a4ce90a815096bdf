package checker

import (
	"fmt"
	"strings"

	"github.com/frontdoorhq/frontdoor/checker/referral"
)

// Rules about consent and the family's agreement (domain 6). Consent here is
// agreement to a referral or service, never "consent to share": protection
// outweighs privacy, and the decision and reason are recorded either way.

func init() {
	register(
		&Rule{ID: "FD700", Name: "parent-aware-unstated", Area: "consent", Severity: Error, Field: "consent.parent_aware",
			Message: "The referral does not say whether the parents know about it.",
			Why:     "A Level 3 referral the parents do not know about will not usually progress, and at Level 4 the MASH needs to know whether telling them could put the child at risk.",
			Fix:     "Say yes or no. If the parents have not been told, record why in consent.reason_not_sought.",
			Source:  "Consent by route (domain 6.4); recording (domain 6.6)",
			check: func(in *Input) []Hit {
				return one(!in.R.Consent.ParentAware.Known())
			}},
		&Rule{ID: "FD701", Name: "consent-status-missing", Area: "consent", Severity: Error, Field: "consent.status",
			Message: "The referral does not record whether consent was given, refused or not sought.",
			Why:     "Inspectors found consent was often not sought and its absence not explained; the MASH needs the family's position to decide what it can do.",
			Fix:     "Record consent.status as given, refused or not_sought, with the date.",
			Source:  "Recording (domain 6.6); JTAI 2016 (domain 8)",
			check: func(in *Input) []Hit {
				return one(referral.Blank(in.R.Consent.Status))
			}},
		&Rule{ID: "FD702", Name: "consent-given-by-missing", Area: "consent", Severity: Error, Field: "consent.given_by",
			Message: "Consent is recorded as given, but not who gave it.",
			Why:     "Consent must come from someone with parental responsibility, or from a young person competent to give it.",
			Fix:     "Record the name of the person who agreed, and their relationship to the child.",
			Source:  "Who can give consent (domain 6.4)",
			check: func(in *Input) []Hit {
				k := in.R.Consent
				return one(k.Status == referral.ConsentGiven && referral.Blank(k.GivenBy))
			}},
		&Rule{ID: "FD703", Name: "consent-given-without-pr", Area: "consent", Severity: Error, Field: "consent.given_by",
			Message: "Consent was given by someone who does not have parental responsibility.",
			Why:     "Step-parents, partners and grandparents have parental responsibility only by agreement or court order; their agreement is not the parents' agreement.",
			Fix:     "Seek agreement from a parent with parental responsibility (or record why not), or record the young person's own competent consent.",
			Source:  "Parental responsibility (domain 6.4); Medway",
			check:   checkConsentGiver},
		&Rule{ID: "FD704", Name: "consent-reason-missing", Area: "consent", Severity: Error, Field: "consent.reason_not_sought",
			Message: "The parents do not know of the referral, or consent was not sought or was refused, and no reason is recorded.",
			Why:     "Referring without the family's agreement is right when telling them would put the child or someone else at risk, prejudice an investigation or cause delay, but the decision and the reason must be recorded.",
			Fix:     "Record why consent was not sought or why you are referring despite refusal: which exception applies (risk of significant harm, risk to another person, prejudice to a police or s47 enquiry, undue delay), or the attempts made to contact the parents.",
			Source:  "Referring without agreement (domain 6.3); recording (domain 6.2)",
			check: func(in *Input) []Hit {
				k := in.R.Consent
				if !needsReason(k) || !referral.Blank(k.ReasonNotSought) {
					return nil
				}
				// "We have not told mum because it could put Leo at risk" in the account.
				return one(in.reasonInText() == "")
			}},
		&Rule{ID: "FD705", Name: "consent-reason-not-recognised", Area: "consent", Severity: Warning, Field: "consent.reason_not_sought",
			Message: "The reason recorded for not seeking consent does not name a recognised exception.",
			Why:     "Agreement may be set aside only where seeking it would increase the risk of significant harm, put someone else at risk, prejudice a police or s47 enquiry, or cause undue delay (or in recognised cases such as sexual abuse in the family, fabricated illness, domestic abuse or forced marriage). Other reasons leave a Level 3 referral unable to progress.",
			Fix:     "Say which exception applies and why, or seek the family's agreement. If the parents could not be reached, list the attempts.",
			Source:  "Referring without agreement (domain 6.3)",
			check: func(in *Input) []Hit {
				k := in.R.Consent
				r := lower(k.ReasonNotSought)
				if !needsReason(k) || referral.Blank(r) {
					return nil
				}
				if consentExceptionRE.MatchString(r) {
					return nil
				}
				if own, stands := in.ypConsent(); own && stands {
					return nil // the young person's own competent consent is the basis
				}
				return []Hit{{Evidence: quote(k.ReasonNotSought)}}
			}},
		&Rule{ID: "FD706", Name: "consent-contact-attempts-missing", Area: "consent", Severity: Warning, Field: "consent.reason_not_sought",
			Message: "The parents could not be contacted, but the attempts made are not listed.",
			Why:     "\"Unable to contact\" is accepted when the attempts are recorded: when, how, and what happened.",
			Fix:     "List each attempt to reach the parents (date, time, method, result).",
			Source:  "Referring without agreement (domain 6.3)",
			check: func(in *Input) []Hit {
				r := lower(in.R.Consent.ReasonNotSought)
				if !unableToContactRE.MatchString(r) {
					return nil
				}
				// "no answer" is itself one attempt's result; look for a second sign.
				rest := unableToContactRE.ReplaceAllString(r+"\n"+parentSentences(lower(in.R.Support.ActionsTaken)), "")
				if contactAttemptRE.MatchString(rest) {
					return nil
				}
				return []Hit{{Evidence: quote(in.R.Consent.ReasonNotSought)}}
			}},
		&Rule{ID: "FD707", Name: "consent-date-missing", Area: "consent", Severity: Warning, Field: "consent.date",
			Message: "The date consent was given, refused or decided against is not recorded.",
			Why:     "Consent is a decision at a point in time; the record must show when it was made.",
			Fix:     "Add the date consent was discussed (or the decision not to seek it was made).",
			Source:  "Recording (domain 6.6)",
			check: func(in *Input) []Hit {
				k := in.R.Consent
				if referral.Blank(k.Status) || !referral.Blank(k.Date) {
					return nil
				}
				// "Mum agreed on 24/11/2026", "decided on 23.11.26 by the DSL".
				return one(!datedRE.MatchString(joinLower(k.GivenBy, k.ReasonNotSought, k.ChildViews)))
			}},
		&Rule{ID: "FD708", Name: "consent-decision-maker-missing", Area: "consent", Severity: Warning, Field: "consent.reason_not_sought",
			Message: "The referral does not say who decided to refer without the parents' agreement.",
			Why:     "A decision to override or not seek agreement is a safeguarding decision; the record must show who made it (normally the DSL) and on what advice.",
			Fix:     "Name who made the decision (for example \"DSL decision, after advice from the MASH consultation line\").",
			Source:  "Recording (domain 6.6); DfE information sharing 2024 (domain 6.2)",
			check: func(in *Input) []Hit {
				k := in.R.Consent
				if !needsReason(k) || referral.Blank(k.ReasonNotSought) {
					return nil
				}
				text := lower(k.ReasonNotSought) + "\n" + lower(in.R.Support.ActionsTaken)
				return one(!deciderRE.MatchString(text))
			}},
		&Rule{ID: "FD709", Name: "consent-inconsistent", Area: "consent", Severity: Error, Field: "consent.parent_aware",
			Message: "The consent answers contradict each other.",
			Why:     "The MASH acts on the consent position; contradictory answers mean it must call to find out which is true.",
			Fix:     "Correct the answers so they agree.",
			Source:  "Recording (domain 6.6)",
			check: func(in *Input) []Hit {
				k := in.R.Consent
				own, stands := in.ypConsent()
				if k.ParentAware == referral.No && (k.Status == referral.ConsentGiven || k.Status == referral.ConsentRefused) {
					switch {
					case own && stands:
						// A young person of 16 or 17 (or one judged competent) may
						// agree without their parents knowing.
					case own:
						return []Hit{{Severity: Warning, Field: "consent.given_by", Evidence: quote(k.GivenBy),
							Message: "The young person gave their own consent and the parents are not aware; under 16 this needs a recorded judgement that they are competent to consent (Gillick)."}}
					default:
						return []Hit{{Message: fmt.Sprintf("Consent is recorded as %s, but the parents are recorded as not aware of the referral.", strings.ReplaceAll(k.Status, "_", " "))}}
					}
				}
				if k.Status == referral.ConsentGiven && !own && !referral.Blank(k.ReasonNotSought) && !consentExceptionRE.MatchString(lower(k.ReasonNotSought)) && !containsAny(lower(k.ReasonNotSought), []string{"n/a", "not applicable"}) {
					return []Hit{{Field: "consent.status", Message: "Consent is recorded as given, but a reason for not seeking it is also recorded."}}
				}
				return nil
			}},
		&Rule{ID: "FD710", Name: "young-person-views-missing", Area: "consent", Severity: Info, Field: "consent.child_views",
			Message: "The young person's own view of the referral is not recorded.",
			Why:     "A competent young person's consent or refusal counts, even against a parent's; those aged 16 and 17 are presumed competent.",
			Fix:     "Record what the young person thinks about the referral, and whether they agree to it.",
			Source:  "Young people (domain 6.4); Gillick/Fraser",
			check: func(in *Input) []Hit {
				if !in.HasAge || in.Age < 12 || !referral.Blank(in.R.Consent.ChildViews) {
					return nil
				}
				if in.childViewOfReferral() != "" {
					return nil // "Chloe wants us to refer", "she agrees to the referral"
				}
				if in.Age >= 16 {
					return []Hit{{Severity: Warning, Message: "The young person is 16 or over and presumed competent, but their view of the referral is not recorded."}}
				}
				return one(true)
			}},
	)
}

// parentSentences returns the sentences of s that mention a parent or the
// family ("Phoned mum at 9am and 1pm"), for attempts to reach them written
// in what the school has done.
func parentSentences(s string) string {
	var b strings.Builder
	for _, sent := range strings.FieldsFunc(s, func(r rune) bool { return r == '.' || r == '\n' || r == ';' }) {
		if containsAny(sent, []string{"mum", "mother", "dad", "father", "parent", "carer", "family", "home", "stepdad", "stepfather", "nan", "gran"}) {
			b.WriteString(sent)
			b.WriteString("\n")
		}
	}
	return b.String()
}

// needsReason reports whether the consent position calls for a recorded
// reason: parents not aware, consent not sought, or consent refused.
func needsReason(k referral.Consent) bool {
	return k.ParentAware == referral.No || k.Status == referral.ConsentNotSought || k.Status == referral.ConsentRefused
}

// checkConsentGiver compares consent.given_by with the family members
// recorded with parental responsibility, and with the child.
func checkConsentGiver(in *Input) []Hit {
	k := in.R.Consent
	if k.Status != referral.ConsentGiven || referral.Blank(k.GivenBy) {
		return nil
	}
	giver := lower(k.GivenBy)
	if own, stands := in.ypConsent(); own {
		if stands {
			return nil
		}
		return []Hit{{Severity: Warning, Evidence: quote(k.GivenBy),
			Message: "Consent was given by the child; under 16 this needs a recorded judgement that they are competent to give it."}}
	}
	matched := -1
	for i, m := range in.R.Family {
		if n := lower(m.Name); n != "" && strings.Contains(giver, n) {
			matched = i // a full name settles it
			break
		}
	}
	if matched < 0 {
		for i, m := range in.R.Family {
			if personMatches(giver, m) {
				matched = i
				if hasPR(m) {
					return nil
				}
			}
		}
	}
	if matched >= 0 && hasPR(in.R.Family[matched]) {
		return nil // recorded, or the mother with nothing recorded
	}
	if matched < 0 && isBirthMother(giver) {
		return nil // "Mum": a birth mother always has parental responsibility
	}
	if matched < 0 {
		return []Hit{{Severity: Warning, Evidence: quote(k.GivenBy),
			Message: "Consent was given by someone who is not listed in the household, so it cannot be checked that they have parental responsibility."}}
	}
	m := in.R.Family[matched]
	if m.ParentalResponsibility == referral.No {
		return []Hit{{Evidence: quote(k.GivenBy),
			Message: fmt.Sprintf("Consent was given by %s, who is recorded as not having parental responsibility.", who(m, matched))}}
	}
	msg := fmt.Sprintf("Consent was given by %s, but it is not recorded whether they have parental responsibility.", who(m, matched))
	if isFather(m.Relationship) {
		msg = fmt.Sprintf("Consent was given by %s, but it is not recorded whether he has parental responsibility (he has it if married to the mother at the birth or named on the birth certificate from 1 December 2003, or by agreement or order).", who(m, matched))
	}
	return []Hit{{Severity: Warning, Evidence: quote(k.GivenBy), Message: msg}}
}

// personMatches reports whether a consent giver names this family member,
// by full name, first name, title and surname ("Mrs Okafor"), or
// relationship ("Mum"). A surname alone is not enough (a stepfather often
// shares it), and "mum's partner" is not mum.
func personMatches(giver string, m referral.Member) bool {
	name := lower(m.Name)
	if name != "" {
		if strings.Contains(giver, name) {
			return true
		}
		parts := strings.Fields(name)
		if len(parts[0]) > 2 && containsWord(giver, parts[0]) {
			return true
		}
		last := parts[len(parts)-1]
		rel := lower(m.Relationship)
		male := containsAny(rel, []string{"father", "dad", "uncle", "brother", "husband", "boyfriend", "grandad", "grandpa", "son"})
		female := containsAny(rel, []string{"mother", "mum", "aunt", "sister", "wife", "girlfriend", "grandma", "nan", "daughter"})
		for _, t := range []struct {
			title string
			ok    bool
		}{{"mr ", !female}, {"mrs ", !male}, {"ms ", !male}, {"miss ", !male}, {"mx ", true}, {"dr ", true}} {
			if t.ok && len(parts) > 1 && containsWord(giver, t.title+last) {
				return true
			}
		}
	}
	rel := lower(m.Relationship)
	if rel == "" {
		return false
	}
	if containsAny(giver, []string{"partner", "boyfriend", "girlfriend", "step", "friend", "uncle", "aunt", "grand", "nan", "cousin", "lodger"}) &&
		!containsAny(rel, []string{"partner", "boyfriend", "girlfriend", "step", "friend", "uncle", "aunt", "grand", "cousin", "lodger"}) {
		return false // "mum's partner" is not the mother
	}
	for _, syn := range relationSynonyms(rel) {
		if containsWord(giver, syn) {
			return true
		}
	}
	return false
}

func isChildGiver(giver, childName string) bool {
	if containsAny(giver, []string{"the child", "young person", "the pupil", "the student"}) || giver == "child" || containsWord(giver, "yp") {
		return true
	}
	// "her own consent", "he consented himself": the young person, unless
	// the giver is also named as a parent or carer ("Mum herself").
	if (containsAny(giver, []string{"herself", "himself", "themself", "themselves", "her own", "his own", "their own", "own consent", "own agreement"}) ||
		containsWord(giver, "self")) && !containsAny(giver, parentGiverWords) {
		return true
	}
	c := lower(childName)
	return c != "" && (giver == c || strings.Contains(giver, c))
}

var parentGiverWords = []string{"mum", "mother", "mom", "dad", "father", "parent", "carer", "step", "nan", "gran", "aunt", "uncle", "guardian", "partner"}

func relationSynonyms(rel string) []string {
	switch {
	case strings.Contains(rel, "step"):
		return []string{rel, "stepfather", "step-father", "stepdad", "step-dad", "stepmother", "step-mother", "stepmum", "step-mum"}
	case strings.Contains(rel, "mother") || strings.Contains(rel, "mum"):
		return []string{rel, "mother", "mum", "mom", "mummy"}
	case strings.Contains(rel, "father") || strings.Contains(rel, "dad"):
		return []string{rel, "father", "dad", "daddy"}
	case strings.Contains(rel, "grand"):
		return []string{rel, "grandmother", "grandfather", "nan", "gran", "grandma", "grandad", "grandpa"}
	}
	return []string{rel}
}

// containsWord reports whether w appears in s as a whole word.
func containsWord(s, w string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], w)
		if j < 0 {
			return false
		}
		j += i
		before := j == 0 || !isWordByte(s[j-1])
		after := j+len(w) == len(s) || !isWordByte(s[j+len(w)])
		if before && after {
			return true
		}
		i = j + 1
	}
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '-' || b == '\'' || b >= 0x80
}
