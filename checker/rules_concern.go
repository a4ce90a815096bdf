package checker

import (
	"strings"

	"github.com/frontdoorhq/frontdoor/checker/referral"
)

// Rules about the account of the concern (domain 4, "Concern").

func init() {
	register(
		&Rule{ID: "FD500", Name: "concern-description-missing", Area: "concern", Severity: Error, Field: "concern.description",
			Message: "There is no description of the concern.",
			Why:     "The MASH decides on what happened, when, where, who was involved and how you know. Without it there is nothing to decide on.",
			Fix:     "Describe what happened or what you have seen or been told: when, where, who was involved, and how you know.",
			Source:  "Key information (domain 4)",
			check: func(in *Input) []Hit {
				return one(referral.Blank(in.R.Concern.Description) && len(in.R.Extra) == 0)
			}},
		&Rule{ID: "FD501", Name: "concern-vague", Area: "concern", Severity: Warning, Field: "concern.description",
			Message: "The concern is described in general terms with few facts.",
			Why:     "Words like \"concerns about home life\" cannot be assessed: the MASH needs what was seen or said, when, and by whom. Vague referrals are the ones most often returned or closed with no further action.",
			Fix:     "Replace the general words with facts: what happened, the date, who said or did what, and what you saw yourself.",
			Source:  "Key information (domain 4); Good referrals (2010)",
			check: func(in *Input) []Hit {
				d := in.Desc
				if referral.Blank(d) {
					return nil
				}
				found := findVague(d, in.descToks, 3)
				for i := range found {
					found[i] = `"` + found[i] + `"`
				}
				vague := strings.Join(found, ", ")
				words := len(strings.Fields(d))
				facts := factCount(d, in.descToks)
				switch {
				case vague != "" && facts <= 1:
					return []Hit{{Evidence: vague, Message: "The concern is described in general terms (" + vague + ") with no specific facts."}}
				case vague != "" && facts == 2 && words < 60:
					return []Hit{{Evidence: vague}}
				case vague == "" && words < 12 && facts <= 1:
					return []Hit{{Evidence: quote(in.R.Concern.Description), Message: "The description of the concern is too short to assess."}}
				}
				return nil
			}},
		&Rule{ID: "FD502", Name: "concern-account-incomplete", Area: "concern", Severity: Warning, Field: "concern.description",
			Message: "The account of the concern does not say when, where, who or how you know.",
			Why:     "A specific account (what, when, where, who, and whether you saw it or were told, and by whom) is what lets the MASH judge the risk without chasing you.",
			Fix:     "Add the missing parts of the account.",
			Source:  "Key information (domain 4)",
			check: func(in *Input) []Hit {
				d := in.Desc
				if referral.Blank(d) || len(strings.Fields(d)) < 12 {
					return nil // FD500 or FD501 covers it
				}
				var missing []string
				if !whenRE.MatchString(d) && referral.Blank(in.R.Concern.IncidentDate) {
					missing = append(missing, "when")
				}
				if whereWords.first(in.descToks) < 0 {
					missing = append(missing, "where")
				}
				if whoWords.first(in.descToks) < 0 {
					missing = append(missing, "who")
				}
				if howWords.first(in.descToks) < 0 {
					missing = append(missing, "how you know")
				}
				if len(missing) < 2 {
					return nil
				}
				return []Hit{{Message: "The account of the concern does not say " + joinOr(missing) + "."}}
			}},
		&Rule{ID: "FD503", Name: "concern-incident-date-missing", Area: "concern", Severity: Warning, Field: "concern.incident_date",
			Message: "The date of the incident or concern is not given.",
			Why:     "When something happened decides how urgent it is, whether evidence (marks, messages) may still be there, and \"why now\".",
			Fix:     "Add the date of the incident, or when the concern began.",
			Source:  "Key information (domain 4); \"why now?\" (domain 3)",
			check: func(in *Input) []Hit {
				return one(referral.Blank(in.R.Concern.IncidentDate) && !referral.Blank(in.Desc) && !whenRE.MatchString(in.Desc))
			}},
		&Rule{ID: "FD504", Name: "child-voice-missing", Area: "concern", Severity: Warning, Field: "concern.child_voice",
			Message: "The child's own words, wishes and feelings are not recorded.",
			Why:     "The child's voice is central to every decision; inspectors found referrals with no record of the child's views.",
			Fix:     "Record what the child said, in their own words and without leading questions, and what they want to happen.",
			Source:  "Key information (domain 4); JTAI 2016 (domain 8)",
			check: func(in *Input) []Hit {
				if !referral.Blank(in.R.Concern.ChildVoice) || in.Unborn || (in.HasAge && in.Age < 2) {
					return nil
				}
				// The child's words quoted in the account, or under a label of
				// their own, are the child's voice wherever they are written.
				if in.childQuote(in.Concern) != "" || extraChildVoice(in.R.Extra) {
					return nil
				}
				m, strong := findDisclosure(in.Desc, in.descToks, firstName(in.R.Child.Name))
				if m == "" && !referral.Blank(in.R.Consent.ChildViews) {
					return nil // their wishes are recorded with the consent answers
				}
				if m != "" {
					if !strong {
						return []Hit{{Evidence: m, Message: "Someone has told staff about this, but the child's own words are not recorded."}}
					}
					return []Hit{{Severity: Error, Evidence: m,
						Message: "The child has disclosed, but their own words are not recorded."}}
				}
				return one(true)
			}},
		&Rule{ID: "FD505", Name: "seen-alone-unstated", Area: "concern", Severity: Warning, Field: "concern.seen_alone",
			Message: "The referral does not say whether the child was seen or spoken to alone.",
			Why:     "A child may not speak freely in front of a parent or the person harming them; inspectors found no record of children being seen alone.",
			Fix:     "Say whether the child was seen and spoken to alone (yes or no), and by whom.",
			Source:  "Key information (domain 4); JTAI 2016 (domain 8)",
			check: func(in *Input) []Hit {
				if in.R.Concern.SeenAlone.Known() || in.Unborn || (in.HasAge && in.Age < 2) {
					return nil
				}
				return one(seenAloneRE.FindString(in.Concern) == "") // "I spoke to her alone in the office"
			}},
		&Rule{ID: "FD506", Name: "injuries-not-described", Area: "concern", Severity: Warning, Field: "concern.injuries",
			Message: "Physical harm is described, but no injuries are recorded.",
			Why:     "Where physical harm is alleged the MASH needs to know what marks were seen, where, their size and colour, and the explanation given, or that none were seen.",
			Fix:     "Describe any injuries seen (use a body map; never photograph or examine), or write \"no visible injuries\".",
			Source:  "Key information (domain 4)",
			check: func(in *Input) []Hit {
				if !referral.Blank(in.R.Concern.Injuries) {
					return nil
				}
				m := findPhysical(in.Desc, in.descToks)
				if m == "" || injuriesRecorded(in.Concern) != "" {
					return nil // no physical harm, or the injuries (or their absence) are described
				}
				return []Hit{{Evidence: m}}
			}},
		&Rule{ID: "FD507", Name: "impact-missing", Area: "concern", Severity: Warning, Field: "concern.impact",
			Message: "The referral does not say how this affects the child.",
			Why:     "Thresholds turn on the impact on the child's health and development, not on events alone; an analysis of impact is what moves a referral from a list to a decision.",
			Fix:     "Describe the effect on the child: their behaviour, health, learning, attendance, relationships and emotional wellbeing.",
			Source:  "Key information (domain 4); thresholds (domain 1)",
			check: func(in *Input) []Hit {
				return one(referral.Blank(in.R.Concern.Impact))
			}},
		&Rule{ID: "FD508", Name: "immediate-risk-unstated", Area: "concern", Severity: Error, Field: "concern.immediate_risk",
			Message: "The referral does not say whether the child is at immediate risk.",
			Why:     "The MASH rates every contact by urgency; immediate risk means a phone call now and a same-day response.",
			Fix:     "Answer yes or no. If yes, phone the MASH now (or 999 if the child is in danger) before sending the written referral.",
			Source:  "Key information (domain 4); Oxfordshire RAG rating (domain 7)",
			check: func(in *Input) []Hit {
				return one(!in.R.Concern.ImmediateRisk.Known() && immediateRiskRE.FindString(in.Concern) == "") // "no immediate risk identified today"
			}},
		&Rule{ID: "FD509", Name: "current-safety-missing", Area: "concern", Severity: Warning, Field: "concern.current_safety", needsRoute: true,
			Message: "The referral does not say whether the child is safe now or safe to go home.",
			Why:     "Where risk is present the first question is whether the child can safely go home tonight; the MASH must know before the end of the school day.",
			Fix:     "Say where the child is now and whether they are safe to go home tonight, and what is in place until the MASH responds.",
			Source:  "Key information (domain 4); Level 4 indicators (domain 2.6)",
			check: func(in *Input) []Hit {
				if !referral.Blank(in.R.Concern.CurrentSafety) || in.safetyStated() != "" {
					return nil
				}
				if in.level() >= 4 {
					return []Hit{{Severity: Error, Message: "The concern is at the child-protection level, but the referral does not say whether the child is safe now or safe to go home."}}
				}
				return one(in.level() >= 3 || !in.R.Concern.ImmediateRisk.Known())
			}},
		&Rule{ID: "FD510", Name: "strengths-missing", Area: "concern", Severity: Warning, Field: "concern.strengths",
			Message: "No strengths or protective factors are recorded.",
			Why:     "What is working well (a protective parent, a trusted adult, good attendance) is weighed against the risk, and can be the difference between early help and a statutory response.",
			Fix:     "Record what is working well for the child and family.",
			Source:  "What decision makers weigh (domain 3); protective factors (domain 2.1)",
			check: func(in *Input) []Hit {
				return one(referral.Blank(in.R.Concern.Strengths))
			}},
		&Rule{ID: "FD511", Name: "history-missing", Area: "concern", Severity: Warning, Field: "concern.history",
			Message: "Previous concerns and involvement are not recorded.",
			Why:     "A pattern of concerns, or earlier social care, police or CAMHS involvement, often matters more than a single incident.",
			Fix:     "Record earlier concerns the school has logged and any involvement of social care, CAMHS, police, youth justice or housing, or write \"none known\".",
			Source:  "Key information (domain 4)",
			check: func(in *Input) []Hit {
				// "No previous concerns", "known to CAMHS since 2024" in the account.
				return one(referral.Blank(in.R.Concern.History) && historyRE.FindString(in.Concern) == "")
			}},
	)
}

// extraChildVoice reports whether a labelled section the readers could not
// place holds the child's words or wishes ("Voice of the child", "What
// has the young person said?").
func extraChildVoice(extra []referral.Extra) bool {
	for _, e := range extra {
		l := lower(e.Label)
		if referral.Blank(e.Value) || !containsAny(l, []string{"child", "young person", "pupil", "student", "yp"}) {
			continue
		}
		if containsAny(l, []string{"voice", "said", "words", "wishes", "feelings", "views", "view", "says", "told"}) {
			return true
		}
	}
	return false
}

// safetyStated returns the words in the referral's text saying where the
// child is now, or whether they are safe now or safe to go home, or "".
func (in *Input) safetyStated() string {
	text := in.Concern + lower(in.R.Child.CurrentLocation)
	if m := firstMatch(safetyRE, text); m != "" {
		return m
	}
	return in.childWhereabouts(in.Concern)
}

// joinOr writes ["when","where","who"] as "when, where or who".
func joinOr(ws []string) string {
	switch len(ws) {
	case 0:
		return ""
	case 1:
		return ws[0]
	}
	return strings.Join(ws[:len(ws)-1], ", ") + " or " + ws[len(ws)-1]
}

// firstName returns the lower-case first name of a full name.
func firstName(name string) string {
	f := strings.Fields(lower(name))
	if len(f) == 0 {
		return ""
	}
	return f[0]
}
