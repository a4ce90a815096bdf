package checker

import (
	"fmt"
	"slices"

	"github.com/frontdoorhq/frontdoor/checker/referral"
)

// Rules comparing what the referrer intends with what the guidance suggests
// (domain reference sections 1, 3, 5 and 6.4). They need a Router; without
// one they stay silent.

// intendedLevel is the level the referrer's stated level or route implies (0: not stated).
func intendedLevel(r *referral.Referral) int {
	l := r.ReferrerLevel
	if rl := routeLevels[r.ReferrerRoute]; rl > l {
		l = rl
	}
	return l
}

// mentions reports whether the referral's own account of what was done
// includes any of the words.
func (in *Input) mentions(words ...string) bool {
	text := in.Concern + "\n" + lower(in.R.Support.ActionsTaken) + "\n" + lower(in.R.OutcomeSought)
	for _, a := range in.R.Support.Agencies {
		text += "\n" + lower(a.Name) + " " + lower(a.Role)
	}
	return containsAny(text, words)
}

func (in *Input) suggests(route string) bool {
	s := in.suggestion()
	return s != nil && (s.Route == route || slices.Contains(s.Also, route))
}

func init() {
	register(
		&Rule{ID: "FD950", Name: "route-under-referral", Area: "route", Severity: Error, Field: "referrer_route", needsRoute: true,
			Message: "The referral is aimed below the level the guidance suggests.",
			Why:     "Real risk must never wait: a concern at the child-protection level sent as early help or a routine referral can leave a child unprotected for days.",
			Fix:     "Follow the suggested route (see route.next_steps); for a Level 4 concern, phone the MASH now and send the written referral after.",
			Source:  "Threshold levels (domain 1); floor rule (domain 2.1)",
			check: func(in *Input) []Hit {
				s := in.suggestion()
				if s == nil || s.Level == 0 {
					return nil
				}
				want := intendedLevel(in.R)
				if want == 0 || want >= s.Level {
					return nil
				}
				field := "referrer_route"
				if in.R.ReferrerRoute == "" {
					field = "referrer_level"
				}
				return []Hit{{Field: field, Message: fmt.Sprintf("The referral is aimed at Level %d, but the concern meets Level %d (%s).", want, s.Level, s.Route)}}
			}},
		&Rule{ID: "FD951", Name: "route-over-referral", Area: "route", Severity: Warning, Field: "referrer_route", needsRoute: true,
			Message: "The referral is aimed above the level the guidance suggests: it is likely to end with no further action.",
			Why:     "Most MASH referrals from schools end in no further action or a step down to early help. Early help, with the family's agreement, starts sooner and is what the MASH would offer.",
			Fix:     "Consider an Early Help Assessment (Strengths and Needs) with the family's agreement, or call the Locality and Community Support Service for advice. If you know of harm the text does not yet describe, add it.",
			Source:  "Threshold levels (domain 1); Oxfordshire MASH test (domain 3); LCSS (domain 7)",
			check: func(in *Input) []Hit {
				s := in.suggestion()
				if s == nil || s.Level == 0 || s.Level > 2 {
					return nil
				}
				want := intendedLevel(in.R)
				if want <= s.Level || in.R.Concern.ImmediateRisk == referral.Yes {
					return nil
				}
				return []Hit{{Message: fmt.Sprintf("The referral is aimed at Level %d, but the concern as written meets Level %d (%s): it is likely to end with no further action.", want, s.Level, s.Route)}}
			}},
		&Rule{ID: "FD952", Name: "early-help-without-agreement", Area: "route", Severity: Warning, Field: "consent.status",
			Message: "Early help is intended, but the family's agreement is not recorded.",
			Why:     "Early help is voluntary: it cannot start without the family's agreement. If they will not agree and the worry remains, the question becomes whether the child is at risk of harm.",
			Fix:     "Seek the family's agreement and record it; if they refuse and you remain worried, discuss with the MASH or the LCSS.",
			Source:  "Consent by route (domain 6.4); FRG",
			check: func(in *Input) []Hit {
				intended := in.R.ReferrerRoute == "early-help" || (in.R.ReferrerRoute == "" && in.R.ReferrerLevel == 2)
				if !intended || in.R.Consent.Status == referral.ConsentGiven {
					return nil
				}
				return one(true)
			}},
		&Rule{ID: "FD953", Name: "fgm-report-not-recorded", Area: "route", Severity: Error, Field: "support.actions_taken", needsRoute: true,
			Message: "FGM appears to have been carried out on a girl under 18, but the referral does not record the teacher's report to the police.",
			Why:     "A teacher who learns that FGM has been carried out on a girl under 18 must personally report it to the police (101). The duty cannot be passed to the DSL, though the DSL must be told.",
			Fix:     "The teacher who learned of it should call 101 now (999 if the girl is in danger), and record the date, time and reference number here.",
			Source:  "FGM mandatory reporting (domain 5)",
			check: func(in *Input) []Hit {
				if !in.suggests("police-fgm") || in.mentions("101", "crime reference", "police reference", "reported to police", "reported to the police", "police were informed", "police informed", "police report") {
					return nil
				}
				return one(true)
			}},
		&Rule{ID: "FD954", Name: "lado-not-recorded", Area: "route", Severity: Error, Field: "support.actions_taken", needsRoute: true,
			Message: "The concern is about an adult who works with children, but the referral does not record a referral to the LADO.",
			Why:     "Allegations that a member of staff, volunteer or contractor harmed a child or may pose a risk go to the Designated Officer (LADO) within one working day, through the head (or the chair of governors if it is the head). It is never only an ordinary referral, and the school must not investigate first.",
			Fix:     "Tell the head (or chair of governors) and refer to the LADO today; record the date and who made the referral.",
			Source:  "KCSIE Part 4 (domain 5)",
			check: func(in *Input) []Hit {
				if !in.suggests("lado") || in.mentions("lado", "designated officer", "local authority designated") {
					return nil
				}
				return one(true)
			}},
	)
}
