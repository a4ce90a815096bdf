package checker_test

import (
	"strings"
	"testing"

	"github.com/frontdoorhq/frontdoor/checker"
	"github.com/frontdoorhq/frontdoor/checker/referral"
)

// Facts written somewhere other than the field a rule is about: in the
// description, another field, or another answer. Each rule here must see
// the fact wherever a DSL would write it, and still fire when it is
// really missing. Each case starts from the complete referral (good).

type elsewhereCase struct {
	rule   string
	name   string
	change func(r *R)
	fires  bool
	sev    checker.Severity // when it fires (0: don't check)
	msg    string           // substring of the message when it fires
}

func runElsewhere(t *testing.T, cases []elsewhereCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.rule+"/"+tc.name, func(t *testing.T) {
			r := good()
			tc.change(r)
			got := findingsOf(check(r), tc.rule)
			if tc.fires != (len(got) > 0) {
				if len(got) > 0 {
					t.Fatalf("%s fired, want silent: %s (evidence %q)", tc.rule, got[0].Message, got[0].Evidence)
				}
				t.Fatalf("%s did not fire", tc.rule)
			}
			if !tc.fires {
				return
			}
			if tc.sev != 0 && got[0].Severity != tc.sev {
				t.Errorf("severity = %s, want %s (%s)", got[0].Severity, tc.sev, got[0].Message)
			}
			if tc.msg != "" && !strings.Contains(got[0].Message, tc.msg) {
				t.Errorf("message = %q, want it to contain %q", got[0].Message, tc.msg)
			}
		})
	}
}

// disclosure sets a description in which the child discloses, with no
// child_voice answer.
func disclosure(desc string) func(r *R) {
	return func(r *R) {
		r.Concern.ChildVoice = ""
		r.Concern.Description = desc
	}
}

func TestChildVoiceInDescription(t *testing.T) {
	runElsewhere(t, []elsewhereCase{
		{"FD504", "straight quotes after a colon", disclosure(`On Monday 16 November Amelia came to me at break. She said: "Daddy hurt me" and pointed to her arm.`), false, 0, ""},
		{"FD504", "single quotes after the name", func(r *R) {
			r.Child.Name, r.Child.Gender = "Jayden Cole", "male"
			disclosure(`At 10am on 16 November Jayden said 'Dwayne punched me' when his teacher asked about his eye.`)(r)
		}, false, 0, ""},
		{"FD504", "curly double quotes", disclosure("On 16 November Amelia told her teacher “mum’s boyfriend hit me with a belt” at home on Sunday."), false, 0, ""},
		{"FD504", "curly single quotes", disclosure("On 16 November Amelia told me ‘I don’t want to go home’ and cried."), false, 0, ""},
		{"FD504", "quote before the speaker", disclosure(`On 16 November at break, "he hits me when he's drunk," Amelia said to her teacher.`), false, 0, ""},
		{"FD504", "teacher then the child", disclosure(`On 16 November her teacher asked why she was upset. She said "Dad hit me last night".`), false, 0, ""},
		{"FD504", "in her own words", disclosure(`On 16 November Amelia told her teacher what happened, in her own words: "he pushed me down the stairs".`), false, 0, ""},
		// Still an error: a disclosure, no words of the child.
		{"FD504", "reported speech only", disclosure(`On 16 November Amelia told her teacher that mum's boyfriend hit her with a belt.`), true, checker.Error, "The child has disclosed"},
		{"FD504", "scare quotes are not the child's words", disclosure(`On 16 November Amelia told her teacher that there are 'problems' at home and mum's boyfriend hit her.`), true, checker.Error, ""},
		{"FD504", "mum quoted, not the child", disclosure(`On 17 November mum came into school. She said "I can't cope with her any more" and told me her partner had been shouting at the children.`), true, checker.Warning, "Someone has told staff"},
		{"FD504", "a boy's referral quoting she", func(r *R) {
			r.Child.Name, r.Child.Gender = "Leo Hart", "male"
			disclosure(`On 16 November Leo told his teacher that his mum's boyfriend hit him. She said "he is lying".`)(r)
		}, true, checker.Error, ""},
		{"FD504", "staff quoted", disclosure(`On 16 November Amelia told her teacher that dad hit her. I said "thank you for telling me".`), true, checker.Error, ""},
		{"FD504", "child's wishes in consent.child_views, no disclosure", func(r *R) {
			r.Concern.ChildVoice = ""
			r.Concern.Description = "Amelia arrived late on Monday 16 November, hungry, in unwashed clothes; staff saw her take food from other children."
			r.Consent.ChildViews = "Amelia wants help at home and agrees to the referral."
		}, false, 0, ""},
		{"FD504", "a labelled voice-of-the-child section", func(r *R) {
			r.Concern.ChildVoice = ""
			r.Extra = []referral.Extra{{Label: "Voice of the child", Value: "Amelia says she is hungry at weekends."}}
		}, false, 0, ""},
	})
}

func physical(desc string) func(r *R) {
	return func(r *R) {
		r.Concern.Injuries = ""
		r.Concern.Description = desc
	}
}

func TestInjuriesInDescription(t *testing.T) {
	runElsewhere(t, []elsewhereCase{
		{"FD506", "no injuries seen", physical("On 16 November Amelia told her teacher that dad hit her on Sunday. No injuries seen."), false, 0, ""},
		{"FD506", "no visible marks", physical("On 16 November Amelia said dad slapped her. I did not see any marks on her face."), false, 0, ""},
		{"FD506", "a bruise on her cheek", physical("On 16 November Amelia said dad hit her; there is a bruise on her cheek about 2cm across."), false, 0, ""},
		{"FD506", "finger-tip bruising", physical("On 16 November staff saw finger-tip bruising on Amelia's upper arm; she said mum grabbed her."), false, 0, ""},
		{"FD506", "a black eye", physical("On 16 November Amelia arrived with a black eye and said dad punched her."), false, 0, ""},
		{"FD506", "cut lip", physical("On 16 November Amelia came in with a cut lip; she said her brother hit her."), false, 0, ""},
		{"FD506", "in a labelled section", func(r *R) {
			physical("On 16 November Amelia said dad hit her.")(r)
			r.Extra = []referral.Extra{{Label: "Body map", Value: "Red mark 3cm on left forearm."}}
		}, false, 0, ""},
		{"FD506", "hit, nothing about injuries", physical("On 16 November Amelia told her teacher that mum's boyfriend hit her with a belt at home on Sunday night."), true, 0, ""},
		{"FD506", "kicked, nothing about injuries", physical("On Monday Amelia said her stepdad kicked her in the kitchen because she was late."), true, 0, ""},
	})
}

func whereNow(text string) func(r *R) {
	return func(r *R) {
		r.Child.CurrentLocation, r.Concern.CurrentSafety = "", ""
		r.Concern.Description += " " + text
	}
}

func level4(r *R) { r.ReferrerLevel, r.ReferrerRoute = 4, "mash-urgent" }

func TestWhereaboutsInDescription(t *testing.T) {
	for _, rule := range []string{"FD509", "FD104"} {
		runElsewhere(t, []elsewhereCase{
			{rule, "at school now, will stay in the office", func(r *R) {
				r.Child.Name, r.Child.Gender = "Leo Hart", "male"
				whereNow("Leo is at school now and will stay in the school office until the MASH calls back.")(r)
			}, false, 0, ""},
			{rule, "with me in the office", whereNow("She is with me in the office."), false, 0, ""},
			{rule, "at home with grandmother tonight", func(r *R) {
				r.Child.Gender = "male"
				whereNow("He is at home with his grandmother tonight.")(r)
				level4(r)
			}, false, 0, ""},
			{rule, "staying with her aunt", whereNow("Amelia is staying with her aunt in Didcot."), false, 0, ""},
			{rule, "nothing said, level 3", whereNow("She is in Year 7 and usually quiet."), true, checker.Warning, ""},
			{rule, "nothing said, level 4", func(r *R) { whereNow("Amelia was at school on Monday.")(r); level4(r) }, true, checker.Error, ""},
			{rule, "someone else's whereabouts", func(r *R) {
				whereNow("Mum is at home with the baby.")(r)
			}, true, 0, ""},
		})
	}
	runElsewhere(t, []elsewhereCase{
		{"FD509", "safe to go home in the location answer", func(r *R) {
			r.Concern.CurrentSafety = ""
			r.Child.CurrentLocation = "At school; safe to go home tonight with mum."
		}, false, 0, ""},
		{"FD509", "safe to go home in the description", whereNow("The DSL judges she is safe to go home tonight."), false, 0, ""},
		{"FD509", "a bare location answer does not say she is safe", func(r *R) {
			r.Concern.CurrentSafety = ""
			r.Child.CurrentLocation = "at school"
		}, true, checker.Warning, ""},
	})
}

func TestEarlyHelpInText(t *testing.T) {
	unstated := func(actions, details, desc string) func(r *R) {
		return func(r *R) {
			r.Support.EarlyHelp = referral.Unknown
			r.Support.ActionsTaken, r.Support.EarlyHelpDetails = actions, details
			if desc != "" {
				r.Concern.Description += " " + desc
			}
		}
	}
	runElsewhere(t, []elsewhereCase{
		{"FD602", "EHA opened, TAF met", unstated("An Early Help Assessment was opened in June 2026 and a TAF met three times.", "", ""), false, 0, ""},
		{"FD602", "offered, declined (details)", unstated("Meetings with mum.", "Offered in May 2026, declined by mum.", ""), false, 0, ""},
		{"FD602", "S&N in place", unstated("Meetings with mum.", "", "A Strengths and Needs assessment is in place."), false, 0, ""},
		{"FD602", "TAF listed", unstated("Breakfast club; TAF.", "", ""), false, 0, ""},
		{"FD602", "said not tried", unstated("Meetings with mum.", "", "Early help has not been tried."), false, 0, ""},
		{"FD602", "only asked for", unstated("Meetings with mum.", "", "We would like early help for the family."), true, checker.Error, ""},
		{"FD602", "nothing", unstated("Meetings with mum.", "", ""), true, checker.Error, ""},
		{"FD602", "mum has asked for it", unstated("Meetings with mum.", "", "Mum has asked for early help."), true, checker.Error, ""},
		{"FD602", "an EHA meeting planned", unstated("Meetings with mum.", "", "We had planned to discuss this at an EHA meeting next week."), true, checker.Error, ""},
		// FD603 reads the same text.
		{"FD603", "said not tried", unstated("Meetings with mum.", "", "No early help has been offered."), true, 0, ""},
		{"FD603", "details say none", unstated("Meetings with mum.", "None.", ""), true, 0, ""},
		{"FD603", "offered and declined is tried", unstated("Meetings with mum.", "Offered in May 2026, declined by mum.", ""), false, 0, ""},
		{"FD604", "details in actions taken", func(r *R) {
			r.Support.EarlyHelpDetails = ""
			r.Support.ActionsTaken = "An Early Help Assessment was opened in June 2026 and a TAF met three times."
		}, false, 0, ""},
	})
}

func TestConsentDateInText(t *testing.T) {
	runElsewhere(t, []elsewhereCase{
		{"FD707", "in given_by", func(r *R) { r.Consent.Date = ""; r.Consent.GivenBy = "Kerry Hart (mother): mum agreed on 24/11/2026" }, false, 0, ""},
		{"FD707", "in the reason", func(r *R) {
			r.Consent = referral.Consent{ParentAware: referral.No, Status: "not_sought",
				ReasonNotSought: "Telling dad could put Amelia at risk of significant harm; decided on 23.11.26 by the DSL."}
		}, false, 0, ""},
		{"FD707", "month name", func(r *R) { r.Consent.Date = ""; r.Consent.GivenBy = "Mum, by phone on 19 November" }, false, 0, ""},
		{"FD707", "no date anywhere", func(r *R) { r.Consent.Date = ""; r.Consent.GivenBy = "Mum, by phone" }, true, 0, ""},
	})
}

func TestBirthMotherHasPR(t *testing.T) {
	mother := func(rel string) func(r *R) {
		return func(r *R) {
			r.Family[0].Relationship = rel
			r.Family[0].ParentalResponsibility = ""
		}
	}
	runElsewhere(t, []elsewhereCase{
		{"FD202", "mother", mother("mother"), false, 0, ""},
		{"FD202", "Mum", mother("Mum"), false, 0, ""},
		{"FD202", "birth mother", mother("Birth mother"), false, 0, ""},
		{"FD201", "mother", mother("mother"), false, 0, ""},
		{"FD703", "consent by mum, PR unstated", func(r *R) { mother("Mum")(r); r.Consent.GivenBy = "Mum" }, false, 0, ""},
		{"FD703", "consent by mum, nobody listed", func(r *R) { r.Family = r.Family[1:]; r.Consent.GivenBy = "Mum (by phone)" }, false, 0, ""},
		{"FD202", "stepmother", mother("stepmother"), true, 0, "the stepmother"},
		{"FD202", "foster mum", mother("foster mum"), true, 0, ""},
		{"FD202", "grandmother", mother("grandmother"), true, 0, ""},
		{"FD202", "mum's partner", mother("mum's partner"), true, 0, ""},
		{"FD202", "father: not inferred, the message says when he has it", mother("father"), true, 0, "birth certificate"},
		{"FD201", "stepmother only", mother("stepmother"), true, 0, ""},
		{"FD703", "consent by the stepmother", func(r *R) { mother("stepmother")(r); r.Consent.GivenBy = "Kerry Hart" }, true, checker.Warning, "not recorded whether"},
		{"FD703", "mother recorded without PR", func(r *R) {
			r.Family[0].ParentalResponsibility = referral.No
			r.Consent.GivenBy = "Mum"
		}, true, checker.Error, ""},
		{"FD703", "consent by an unlisted stepmum", func(r *R) { r.Family = r.Family[1:]; r.Consent.GivenBy = "Stepmum" }, true, checker.Warning, "not listed"},
	})
}

// youngPerson makes the child dob old, consenting for themselves with the
// parents not aware.
func youngPerson(dob, giver string) func(r *R) {
	return func(r *R) {
		r.Child.DateOfBirth, r.Child.YearGroup = dob, ""
		r.Consent.ParentAware = referral.No
		r.Consent.GivenBy = giver
		r.Consent.ReasonNotSought = "Amelia does not want her mother told yet; DSL decision."
		r.Consent.ChildViews = "Wants the referral."
	}
}

func TestYoungPersonsOwnConsent(t *testing.T) {
	runElsewhere(t, []elsewhereCase{
		{"FD709", "16-year-old by name", youngPerson("2010-03-01", "Amelia Hart"), false, 0, ""},
		{"FD709", "17-year-old, her own consent", youngPerson("2009-05-01", "Amelia gave her own consent"), false, 0, ""},
		{"FD709", "16-year-old, consented himself", func(r *R) {
			youngPerson("2010-03-01", "He consented himself")(r)
			r.Child.Gender = "male"
		}, false, 0, ""},
		{"FD709", "14-year-old: record competence", youngPerson("2012-03-01", "Amelia (young person)"), true, checker.Warning, "competent"},
		{"FD709", "14-year-old judged Gillick competent", func(r *R) {
			youngPerson("2012-03-01", "Amelia (young person)")(r)
			r.Consent.ChildViews = "Assessed by the DSL as Gillick competent; she wants the referral."
		}, false, 0, ""},
		{"FD709", "mum gave consent, not aware", func(r *R) { r.Consent.ParentAware = referral.No }, true, checker.Error, "not aware"},
		{"FD709", "16-year-old but mum gave consent", func(r *R) {
			youngPerson("2010-03-01", "Kerry Hart (mother)")(r)
		}, true, checker.Error, ""},
		{"FD709", "mum herself is not the child", func(r *R) {
			youngPerson("2010-03-01", "Mum herself")(r)
		}, true, checker.Error, ""},
		{"FD703", "14-year-old judged Gillick competent", func(r *R) {
			youngPerson("2012-03-01", "Amelia, her own consent (Gillick competent)")(r)
		}, false, 0, ""},
		{"FD703", "14-year-old, competence not recorded", youngPerson("2012-03-01", "Amelia, her own consent"), true, checker.Warning, ""},
		{"FD705", "16-year-old's own consent is the basis", youngPerson("2010-03-01", "Amelia Hart"), false, 0, ""},
	})
}

func TestYoungPersonsViewElsewhere(t *testing.T) {
	sixteen := func(extra func(r *R)) func(r *R) {
		return func(r *R) {
			r.Child.DateOfBirth, r.Child.YearGroup = "2010-03-01", "Year 12"
			r.Consent.ChildViews = ""
			extra(r)
		}
	}
	runElsewhere(t, []elsewhereCase{
		{"FD710", "in the description", sixteen(func(r *R) { r.Concern.Description += " Amelia wants us to refer." }), false, 0, ""},
		{"FD710", "in the child's voice", sixteen(func(r *R) { r.Concern.ChildVoice += " She agrees to the referral." }), false, 0, ""},
		{"FD710", "does not want her parents told", sixteen(func(r *R) { r.Consent.ReasonNotSought = "Amelia does not want her mum told about this referral." }), false, 0, ""},
		{"FD710", "she gave consent herself", sixteen(func(r *R) { r.Consent.GivenBy = "Amelia Hart (her own consent)" }), false, 0, ""},
		{"FD710", "mum agrees, not the young person", sixteen(func(r *R) { r.Concern.Description += " Mum agrees to the referral." }), true, checker.Warning, ""},
		{"FD710", "nothing", sixteen(func(r *R) {}), true, checker.Warning, ""},
	})
}

func TestOtherAnswersInText(t *testing.T) {
	notSought := func(reason string) func(r *R) {
		return func(r *R) {
			r.Consent = referral.Consent{ParentAware: referral.No, Status: "not_sought", Date: "2026-11-19", ReasonNotSought: reason}
		}
	}
	runElsewhere(t, []elsewhereCase{
		{"FD508", "no immediate risk in current safety", func(r *R) {
			r.Concern.ImmediateRisk = ""
			r.Concern.CurrentSafety = "No immediate risk identified today; safe to go home with mum."
		}, false, 0, ""},
		{"FD508", "in immediate danger in the description", func(r *R) {
			r.Concern.ImmediateRisk = ""
			r.Concern.Description += " We believe she is in immediate danger if she goes home."
		}, false, 0, ""},
		{"FD508", "not stated", func(r *R) { r.Concern.ImmediateRisk = "" }, true, checker.Error, ""},
		{"FD505", "spoke to her alone", func(r *R) {
			r.Concern.SeenAlone = ""
			r.Concern.Description += " I spoke to her alone in the library."
		}, false, 0, ""},
		{"FD505", "mum was present", func(r *R) {
			r.Concern.SeenAlone = ""
			r.Concern.Description += " Mum was present when we spoke to Amelia."
		}, false, 0, ""},
		{"FD505", "not stated", func(r *R) {
			r.Concern.SeenAlone = ""
			r.Concern.Description += " She is often alone at break."
		}, true, 0, ""},
		{"FD511", "no previous concerns in the description", func(r *R) {
			r.Concern.History = ""
			r.Concern.Description += " There are no previous concerns on our system."
		}, false, 0, ""},
		{"FD511", "known to CAMHS", func(r *R) {
			r.Concern.History = ""
			r.Support.ActionsTaken += " She has been known to CAMHS since 2024."
		}, false, 0, ""},
		{"FD511", "not stated", func(r *R) { r.Concern.History = "" }, true, 0, ""},
		{"FD405", "discussed with the DSL", func(r *R) {
			r.Referrer.Role, r.Referrer.DSLConsulted = "Class teacher", ""
			r.Support.ActionsTaken += " Discussed with the DSL on 19 November, who agreed this referral."
		}, false, 0, ""},
		{"FD405", "DSL decision in the consent reason", func(r *R) {
			r.Referrer.Role, r.Referrer.DSLConsulted = "Class teacher", ""
			notSought("DSL decision: telling dad could put Amelia at risk of significant harm.")(r)
		}, false, 0, ""},
		{"FD405", "not stated", func(r *R) { r.Referrer.Role, r.Referrer.DSLConsulted = "Class teacher", "" }, true, 0, ""},
		{"FD301", "interpreter written in what was done", func(r *R) {
			r.Family[0].FirstLanguage, r.Family[0].InterpreterNeeded = "Urdu", referral.Yes
			r.Consent.InterpreterUsed = ""
			r.Support.ActionsTaken += " Referral discussed with mum on 19 November through a Language Line Urdu interpreter; she agreed."
		}, false, 0, ""},
		{"FD301", "needs one, none recorded", func(r *R) {
			r.Family[0].FirstLanguage, r.Family[0].InterpreterNeeded = "Urdu", referral.Yes
			r.Consent.InterpreterUsed = ""
			r.Support.ActionsTaken += " Mum needs an interpreter."
		}, true, checker.Error, ""},
		{"FD301", "without an interpreter", func(r *R) {
			r.Family[0].FirstLanguage, r.Family[0].InterpreterNeeded = "Urdu", referral.Yes
			r.Consent.InterpreterUsed = ""
			r.Support.ActionsTaken += " Discussed with mum without an interpreter."
		}, true, checker.Error, ""},
		{"FD706", "attempts in actions taken", func(r *R) {
			notSought("Unable to contact parents. DSL decision.")(r)
			r.Support.ActionsTaken += " DSL phoned mum at 9am and 1pm on 19 November and left a voicemail."
		}, false, 0, ""},
		{"FD706", "other calls are not attempts to reach the parents", func(r *R) {
			notSought("Unable to contact parents. DSL decision.")(r)
			r.Support.ActionsTaken += " Phoned the LCSS for advice."
		}, true, 0, ""},
		{"FD704", "reason in the description", func(r *R) {
			notSought("")(r)
			r.Concern.Description += " We have not told mum because her partner is the alleged abuser and telling her could put Amelia at risk of significant harm."
		}, false, 0, ""},
		{"FD704", "not told, no reason", func(r *R) {
			notSought("")(r)
			r.Concern.Description += " We have not told mum yet."
		}, true, checker.Error, ""},
	})
}
