package checker_test

import (
	"testing"
	"time"

	"github.com/frontdoorhq/frontdoor/checker"
	"github.com/frontdoorhq/frontdoor/checker/referral"
)

type R = referral.Referral

var childCases = []ruleCase{
	{rule: "FD100", name: "no name", breaks: func(r *R) { r.Child.Name = "" },
		keeps: func(r *R) { r.Child.Name = "A. Hart" }, field: "child.name"},
	{rule: "FD101", name: "no dob", breaks: func(r *R) { r.Child.DateOfBirth = "" }, field: "child.date_of_birth",
		keeps: func(r *R) { r.Child.DateOfBirth = ""; r.Child.Age = "about 11" }},
	{rule: "FD101", name: "unborn uses due date", breaks: func(r *R) { r.Child.DateOfBirth = " " },
		keeps: func(r *R) { r.Child.DateOfBirth = ""; r.Child.ExpectedDueDate = "2027-02-01" }},
	{rule: "FD102", name: "no address", breaks: func(r *R) { r.Child.Address = "" }, field: "child.address",
		keeps: func(r *R) { r.Child.Address = "No fixed abode: sofa-surfing with mum" }},
	{rule: "FD103", name: "no postcode", breaks: func(r *R) { r.Child.Postcode = "" }, field: "child.postcode",
		keeps: func(r *R) { r.Child.Postcode = ""; r.Child.Address = "12 Mill Lane, Oxford OX4 1AB" }},
	{rule: "FD104", name: "location at level 3", breaks: func(r *R) { r.Child.CurrentLocation = ""; r.Concern.CurrentSafety = "" },
		keeps: func(r *R) { r.Child.CurrentLocation = "" }, field: "child.current_location"},
	{rule: "FD104", name: "location at level 4 is an error", breaks: func(r *R) {
		r.Child.CurrentLocation, r.Concern.CurrentSafety, r.ReferrerLevel, r.ReferrerRoute = "", "", 4, "mash-urgent"
	}, severity: checker.Error, message: "child-protection level"},
	{rule: "FD105", name: "no gender", breaks: func(r *R) { r.Child.Gender = "" },
		keeps: func(r *R) { r.Child.Gender = ""; r.Child.DateOfBirth = ""; r.Child.ExpectedDueDate = "2027-02-01" }},
	{rule: "FD106", name: "no ethnicity", breaks: func(r *R) { r.Child.Ethnicity = "" },
		keeps: func(r *R) { r.Child.Ethnicity = "not known" }},
	{rule: "FD107", name: "no language", breaks: func(r *R) { r.Child.FirstLanguage = "" },
		keeps: func(r *R) { r.Child.FirstLanguage = "Polish"; r.Child.InterpreterNeeded = referral.No }},
	{rule: "FD109", name: "no SEN answer", breaks: func(r *R) { r.Child.DisabilitySEN = "" },
		keeps: func(r *R) { r.Child.DisabilitySEN = "none" }},
	{rule: "FD110", name: "no school", breaks: func(r *R) { r.Child.School = "" },
		keeps: func(r *R) { r.Child.School = ""; r.Child.DateOfBirth = "2025-09-01" }},
	{rule: "FD111", name: "no GP", breaks: func(r *R) { r.Child.GP = "" },
		keeps: func(r *R) { r.Child.GP = "not known" }},
	{rule: "FD112", name: "no year group", breaks: func(r *R) { r.Child.YearGroup = "" },
		keeps: func(r *R) { r.Child.YearGroup = ""; r.Child.School = "" }},
	{rule: "FD113", name: "no attendance", breaks: func(r *R) { r.Child.AttendancePercent = 0 },
		keeps: func(r *R) { r.Child.AttendancePercent = 100 }},
	{rule: "FD114", name: "SEN, EHCP unknown", breaks: func(r *R) { r.Child.DisabilitySEN = "ADHD"; r.Child.EHCP = referral.Unknown }},
	{rule: "FD114", name: "SEN without EHCP answer", breaks: func(r *R) { r.Child.DisabilitySEN = "autism, speech and language needs"; r.Child.EHCP = "" },
		keeps: func(r *R) { r.Child.DisabilitySEN = "autism"; r.Child.EHCP = referral.Yes }},
	{rule: "FD115", name: "no identifiers", breaks: func(r *R) { r.Child.NHSNumber, r.Child.UPN = "", "" },
		keeps: func(r *R) { r.Child.NHSNumber = "" }},
}

var familyCases = []ruleCase{
	{rule: "FD200", name: "no household", breaks: func(r *R) { r.Family = nil }, field: "family"},
	{rule: "FD201", name: "nobody with PR", breaks: func(r *R) {
		r.Family[0].ParentalResponsibility, r.Family[0].Relationship = referral.Unknown, "grandmother"
	}, keeps: func(r *R) { r.Family[1].ParentalResponsibility = referral.Unknown }, field: "family"},
	{rule: "FD202", name: "adult PR unstated", breaks: func(r *R) {
		r.Family = append(r.Family, referral.Member{Name: "Dean Cole", Relationship: "mother's partner", Age: 38, LivesWithChild: referral.Yes})
	}, field: "family[2].parental_responsibility", message: "the mother's partner",
		keeps: func(r *R) {
			r.Family = append(r.Family, referral.Member{Name: "Dean Cole", Relationship: "mother's partner", Age: 38, ParentalResponsibility: referral.No, LivesWithChild: referral.Yes})
		}},
	{rule: "FD203", name: "no contact for PR holder", breaks: func(r *R) { r.Family[0].Phone, r.Family[0].Email = "", "" },
		keeps: func(r *R) { r.Family[0].Phone = "" }, field: "family[0].phone"},
	{rule: "FD204", name: "member without age", breaks: func(r *R) { r.Family[1].Age = 0 },
		keeps: func(r *R) { r.Family[1].Age = 0; r.Family[1].DateOfBirth = "2022-01-05" }, field: "family[1].date_of_birth"},
	{rule: "FD204", name: "member without name", breaks: func(r *R) { r.Family[1].Name = "" }, field: "family[1].name", message: "Household member 2 has no name."},
	{rule: "FD205", name: "no other children", breaks: func(r *R) { r.Family = r.Family[:1] },
		keeps: func(r *R) { r.Family = r.Family[:1]; r.Concern.History += " Amelia is an only child." }},
	{rule: "FD206", name: "lives with unstated", breaks: func(r *R) { r.Family[0].LivesWithChild = "" },
		keeps: func(r *R) { r.Family[1].LivesWithChild = "" }, field: "family[0].lives_with_child"},
}

var languageCases = []ruleCase{
	{rule: "FD300", name: "parent language not English, need unstated", breaks: func(r *R) {
		r.Family[0].FirstLanguage, r.Family[0].InterpreterNeeded = "Polish", ""
	}, keeps: func(r *R) { r.Family[0].FirstLanguage, r.Family[0].InterpreterNeeded = "English", "" },
		field: "family[0].interpreter_needed", message: "The first language of the mother is Polish"},
	{rule: "FD300", name: "child language", breaks: func(r *R) { r.Child.FirstLanguage, r.Child.InterpreterNeeded = "Urdu", referral.Unknown },
		field: "child.interpreter_needed"},
	{rule: "FD301", name: "consent without interpreter (the 2016 case)", breaks: func(r *R) {
		r.Family[0].FirstLanguage, r.Family[0].InterpreterNeeded = "Urdu", referral.Yes
		r.Consent.InterpreterUsed = ""
	}, keeps: func(r *R) {
		r.Family[0].FirstLanguage, r.Family[0].InterpreterNeeded = "Urdu", referral.Yes
		r.Consent.InterpreterUsed = referral.Yes
	}, field: "consent.interpreter_used"},
	{rule: "FD301", name: "signal in the text", breaks: func(r *R) {
		r.Concern.History += " Mum has limited English."
	}, keeps: func(r *R) { r.Concern.History += " Mum speaks fluent English." }},
	{rule: "FD301", name: "interpreter explicitly not used", breaks: func(r *R) {
		r.Family[0].FirstLanguage = "Arabic"
		r.Family[0].InterpreterNeeded = referral.Yes
		r.Consent.InterpreterUsed = referral.No
	}, keeps: func(r *R) {
		// A parent assessed as not needing an interpreter.
		r.Family[0].FirstLanguage = "Gujarati"
		r.Family[0].InterpreterNeeded = referral.No
		r.Consent.InterpreterUsed = referral.No
	}, message: "without an interpreter"},
	{rule: "FD504", name: "a parent told staff: a warning", breaks: func(r *R) {
		r.Concern.ChildVoice = ""
		r.Concern.Description = "On Tuesday 17 November mum came into school. She told me that her partner had been shouting at the children at home."
	}, severity: checker.Warning, message: "Someone has told staff"},
	{rule: "FD302", name: "older brother interpreted", breaks: func(r *R) {
		r.Support.ActionsTaken += " Met mum on 18 November; her eldest son translated for us."
	}, keeps: func(r *R) {
		r.Support.ActionsTaken += " Met mum on 18 November with a Language Line interpreter; she asked that her son not be told."
	}, field: "consent.interpreter_used"},
	{rule: "FD302", name: "son far from the verb", breaks: func(r *R) {
		r.Support.ActionsTaken += " Mum's eldest son Bilal (15, Year 10 at Cheney School) translated."
	}},
	{rule: "FD302", name: "translated by daughter", breaks: func(r *R) {
		r.Concern.Description += " The conversation with dad was translated by his daughter."
	}},
	{rule: "FD303", name: "PR holder language missing", breaks: func(r *R) { r.Family[0].FirstLanguage = "" },
		keeps: func(r *R) { r.Family[1].FirstLanguage = "" }, field: "family[0].first_language"},
}

var referrerCases = []ruleCase{
	{rule: "FD400", name: "no name", breaks: func(r *R) { r.Referrer.Name = "" }, field: "referrer.name"},
	{rule: "FD401", name: "no role", breaks: func(r *R) { r.Referrer.Role = "" }, field: "referrer.role"},
	{rule: "FD402", name: "no organisation", breaks: func(r *R) { r.Referrer.Organisation = "" }, field: "referrer.organisation"},
	{rule: "FD403", name: "no phone", breaks: func(r *R) { r.Referrer.Phone = "" }, field: "referrer.phone"},
	{rule: "FD404", name: "no email", breaks: func(r *R) { r.Referrer.Email = "-" }, field: "referrer.email"},
	{rule: "FD405", name: "DSL consulted unknown", breaks: func(r *R) { r.Referrer.DSLConsulted, r.Referrer.Role = referral.Unknown, "Class teacher" },
		keeps: func(r *R) { r.Referrer.DSLConsulted = "" }},
	{rule: "FD406", name: "no availability", breaks: func(r *R) { r.Referrer.Availability = "" }},
	{rule: "FD407", name: "no relationship", breaks: func(r *R) { r.Referrer.RelationshipToChild = "" }},
}

var concernCases = []ruleCase{
	{rule: "FD500", name: "no description", breaks: func(r *R) { r.Concern.Description = "" },
		keeps: func(r *R) {
			r.Concern.Description = ""
			r.Extra = []referral.Extra{{Label: "Reason for referral", Value: "Amelia told her teacher there is no food at home."}}
		}},
	{rule: "FD501", name: "vague home life", breaks: func(r *R) {
		r.Concern.Description = "We have ongoing concerns about home life and things don't seem right. Staff are worried about her."
	}, keeps: func(r *R) {
		r.Concern.Description += " There are ongoing concerns about home life."
	}, evidence: `"ongoing concerns"`},
	{rule: "FD501", name: "too short", breaks: func(r *R) { r.Concern.Description = "Neglect." }, message: "too short"},
	{rule: "FD502", name: "no when/where/how", breaks: func(r *R) {
		r.Concern.Description = "Amelia is often hungry and her clothes are not clean enough and she takes food that belongs to other children regularly."
		r.Concern.IncidentDate = ""
	}, message: "when"},
	{rule: "FD503", name: "no date", breaks: func(r *R) {
		r.Concern.IncidentDate = ""
		r.Concern.Description = "Amelia told her teacher there was no food in the house and she was hungry."
	}, keeps: func(r *R) { r.Concern.IncidentDate = "" }},
	{rule: "FD504", name: "no voice", breaks: func(r *R) {
		r.Concern.ChildVoice = ""
		r.Concern.Description = "Amelia arrived late on Monday 16 November, hungry, in unwashed clothes; staff saw her take food from other children."
	}, severity: checker.Warning},
	{rule: "FD504", name: "disclosure without her words", breaks: func(r *R) { r.Concern.ChildVoice = "" },
		severity: checker.Error, message: "The child has disclosed", keeps: func(r *R) { r.Child.DateOfBirth = "2025-06-01"; r.Concern.ChildVoice = "" }},
	{rule: "FD505", name: "seen alone unknown", breaks: func(r *R) { r.Concern.SeenAlone = referral.Unknown },
		keeps: func(r *R) { r.Concern.SeenAlone = referral.No }},
	{rule: "FD506", name: "physical harm without injuries", breaks: func(r *R) {
		r.Concern.Injuries = ""
		r.Concern.Description = "On 16 November Amelia told her teacher that mum's boyfriend hit her with a belt at home on Sunday night."
	}, keeps: func(r *R) { r.Concern.Injuries = "" }, evidence: "belt"},
	{rule: "FD507", name: "no impact", breaks: func(r *R) { r.Concern.Impact = "" }},
	{rule: "FD508", name: "immediate risk unstated", breaks: func(r *R) { r.Concern.ImmediateRisk = "" },
		keeps: func(r *R) { r.Concern.ImmediateRisk = referral.Yes }},
	{rule: "FD509", name: "level 3 no safety", breaks: func(r *R) { r.Concern.CurrentSafety = "" },
		keeps: func(r *R) { r.Concern.CurrentSafety = ""; r.ReferrerLevel, r.ReferrerRoute = 2, "early-help" }},
	{rule: "FD509", name: "level 4 no safety is an error", breaks: func(r *R) {
		r.Concern.CurrentSafety = ""
		r.Concern.ImmediateRisk = referral.Yes
	}, severity: checker.Error},
	{rule: "FD510", name: "no strengths", breaks: func(r *R) { r.Concern.Strengths = "" }},
	{rule: "FD511", name: "no history", breaks: func(r *R) { r.Concern.History = "" },
		keeps: func(r *R) { r.Concern.History = "none known" }},
}

var supportCases = []ruleCase{
	{rule: "FD600", name: "level 3 without actions", breaks: func(r *R) { r.Support.ActionsTaken = "" }, severity: checker.Error},
	{rule: "FD600", name: "level 2 without actions", breaks: func(r *R) {
		r.Support.ActionsTaken = ""
		r.ReferrerLevel, r.ReferrerRoute = 2, "early-help"
	}, severity: checker.Warning},
	{rule: "FD601", name: "no agencies", breaks: func(r *R) { r.Support.Agencies = nil }},
	{rule: "FD602", name: "early help unstated at level 3", breaks: func(r *R) {
		r.Support.EarlyHelp, r.Support.EarlyHelpDetails = referral.Unknown, ""
		r.Support.ActionsTaken = "Breakfast club place, uniform provided, two meetings with mum."
	}, severity: checker.Error,
		keeps: func(r *R) { r.Support.EarlyHelp = referral.Unknown; r.Concern.ImmediateRisk = referral.Yes }},
	{rule: "FD603", name: "level 3 without early help", breaks: func(r *R) { r.Support.EarlyHelp = referral.No; r.Support.EarlyHelpDetails = "" },
		keeps: func(r *R) { r.Support.EarlyHelp = referral.No; r.ReferrerLevel, r.ReferrerRoute = 4, "mash-urgent" }},
	{rule: "FD603", name: "open to social care is not asked to try early help", breaks: func(r *R) { r.Support.EarlyHelp = referral.No },
		keeps: func(r *R) {
			r.Support.EarlyHelp = referral.No
			r.Concern.History = "Allocated social worker since May (child in need plan)."
		}},
	{rule: "FD604", name: "early help without details", breaks: func(r *R) {
		r.Support.EarlyHelpDetails = ""
		r.Support.ActionsTaken = "Breakfast club place, uniform provided, two meetings with mum."
	}, keeps: func(r *R) { r.Support.EarlyHelpDetails = "" }},
}

var consentCases = []ruleCase{
	{rule: "FD700", name: "parent aware unknown", breaks: func(r *R) { r.Consent.ParentAware = referral.Unknown }},
	{rule: "FD701", name: "no status", breaks: func(r *R) { r.Consent.Status = "" }},
	{rule: "FD702", name: "given by nobody", breaks: func(r *R) { r.Consent.GivenBy = "" }},
	{rule: "FD703", name: "stepfather without PR", breaks: func(r *R) {
		r.Family = append(r.Family, referral.Member{Name: "Dean Cole", Relationship: "stepfather", Age: 38, ParentalResponsibility: referral.No,
			LivesWithChild: referral.Yes, FirstLanguage: "English"})
		r.Consent.GivenBy = "Dean Cole (stepdad)"
	}, keeps: func(r *R) { r.Consent.GivenBy = "Mum" }, message: "the stepfather, who is recorded as not having parental responsibility"},
	{rule: "FD703", name: "child under 16", breaks: func(r *R) { r.Consent.GivenBy = "Amelia Hart" }, severity: checker.Warning,
		keeps: func(r *R) {
			r.Consent.GivenBy = "Amelia Hart"
			r.Child.DateOfBirth = "2010-01-01"
			r.Child.YearGroup = "Year 12"
		}},
	{rule: "FD703", name: "mum's partner is not mum", breaks: func(r *R) {
		r.Consent.GivenBy = "Jason Reeves (mum's partner)"
	}, severity: checker.Warning, message: "not listed"},
	{rule: "FD703", name: "same surname is not enough", breaks: func(r *R) {
		r.Family = append(r.Family, referral.Member{Name: "Dean Hart", Relationship: "stepfather", Age: 38, ParentalResponsibility: referral.No,
			LivesWithChild: referral.Yes, FirstLanguage: "English"})
		r.Consent.GivenBy = "Mr Hart"
	}, message: "the stepfather"},
	{rule: "FD703", name: "giver not listed", breaks: func(r *R) { r.Consent.GivenBy = "Auntie Jo" }, severity: checker.Warning, message: "not listed"},
	{rule: "FD704", name: "not sought, no reason", breaks: func(r *R) {
		r.Consent = referral.Consent{ParentAware: referral.No, Status: "not_sought", Date: "2026-11-19", InterpreterUsed: referral.No}
	}, field: "consent.reason_not_sought"},
	{rule: "FD704", name: "refused, no reason", breaks: func(r *R) {
		r.Consent.Status, r.Consent.GivenBy = "refused", ""
	}},
	{rule: "FD705", name: "reason not an exception", breaks: func(r *R) {
		r.Consent = referral.Consent{ParentAware: referral.No, Status: "not_sought", Date: "2026-11-19",
			ReasonNotSought: "DSL decided not to, as we did not want to upset mum before the holidays."}
	}, keeps: func(r *R) {
		r.Consent = referral.Consent{ParentAware: referral.No, Status: "not_sought", Date: "2026-11-19",
			ReasonNotSought: "DSL decision: Amelia disclosed sexual abuse by her stepfather; telling the family could put her at risk and prejudice a police investigation."}
	}, evidence: "DSL decided not to, as we did not want to upset mum before the holidays."},
	{rule: "FD706", name: "unable to contact, no attempts", breaks: func(r *R) {
		r.Consent = referral.Consent{ParentAware: referral.No, Status: "not_sought", Date: "2026-11-19", ReasonNotSought: "Unable to contact parents. DSL decision."}
	}, keeps: func(r *R) {
		r.Consent = referral.Consent{ParentAware: referral.No, Status: "not_sought", Date: "2026-11-19",
			ReasonNotSought: "Unable to contact mum: DSL phoned at 9am and 1pm on 19 November and left a voicemail; letter sent home."}
	}},
	{rule: "FD707", name: "no consent date", breaks: func(r *R) { r.Consent.Date = "" }},
	{rule: "FD708", name: "no decision maker", breaks: func(r *R) {
		r.Consent = referral.Consent{ParentAware: referral.No, Status: "not_sought", Date: "2026-11-19",
			ReasonNotSought: "Telling dad could put Amelia at risk of significant harm."}
	}, keeps: func(r *R) {
		r.Consent = referral.Consent{ParentAware: referral.No, Status: "not_sought", Date: "2026-11-19",
			ReasonNotSought: "Telling dad could put Amelia at risk of significant harm; decided by the DSL after advice from the MASH."}
	}},
	{rule: "FD709", name: "given but not aware", breaks: func(r *R) { r.Consent.ParentAware = referral.No }, message: "not aware"},
	{rule: "FD710", name: "16-year-old's view", breaks: func(r *R) {
		r.Child.DateOfBirth, r.Child.YearGroup = "2010-03-01", "Year 12"
	}, severity: checker.Warning, keeps: func(r *R) {
		r.Child.DateOfBirth, r.Child.YearGroup = "2010-03-01", "Year 12"
		r.Consent.ChildViews = "Agrees to the referral and wants help at home."
	}},
	{rule: "FD710", name: "13-year-old's view is good practice", breaks: func(r *R) {
		r.Child.DateOfBirth, r.Child.YearGroup = "2013-03-01", "Year 8"
	}, severity: checker.Info},
}

var consistencyCases = []ruleCase{
	{rule: "FD800", name: "unreadable date", breaks: func(r *R) { r.Child.DateOfBirth = "3rd of Aprill" }, field: "child.date_of_birth",
		keeps: func(r *R) { r.Child.DateOfBirth = "3 April 2015" }},
	{rule: "FD801", name: "dob in the future", breaks: func(r *R) { r.Child.DateOfBirth = "2027-04-03" }, field: "child.date_of_birth"},
	{rule: "FD801", name: "incident after referral", breaks: func(r *R) { r.Concern.IncidentDate = "2026-11-21" }, field: "concern.incident_date"},
	{rule: "FD802", name: "age contradicts dob", breaks: func(r *R) { r.Child.Age = "9" },
		keeps: func(r *R) { r.Child.Age = "11" }, message: "which gives 11"},
	{rule: "FD803", name: "year group contradicts dob", breaks: func(r *R) { r.Child.YearGroup = "Year 4" },
		keeps: func(r *R) { r.Child.YearGroup = "Y7" }, message: "Year 7"},
	{rule: "FD804", name: "an adult", breaks: func(r *R) { r.Child.DateOfBirth = "2007-01-10"; r.Child.YearGroup = "" }},
	{rule: "FD805", name: "attendance over 100", breaks: func(r *R) { r.Child.AttendancePercent = 130 }, field: "child.attendance_percent"},
	{rule: "FD806", name: "bad postcode", breaks: func(r *R) { r.Child.Postcode = "OX4" }, keeps: func(r *R) { r.Child.Postcode = "ox41ab" }},
	{rule: "FD807", name: "mobile with 10 digits", breaks: func(r *R) { r.Referrer.Phone = "0770 090012" }, field: "referrer.phone"},
	{rule: "FD807", name: "bad phone", breaks: func(r *R) { r.Family[0].Phone = "7700 900" }, field: "family[0].phone",
		keeps: func(r *R) { r.Family[0].Phone = "+44 7700 900123" }, message: "phone number of household member 1"},
	{rule: "FD808", name: "bad email", breaks: func(r *R) { r.Referrer.Email = "dsl at school" }, field: "referrer.email"},
	{rule: "FD809", name: "maybe", breaks: func(r *R) { r.Concern.SeenAlone = "maybe" }, field: "concern.seen_alone"},
	{rule: "FD809", name: "verbal consent", breaks: func(r *R) { r.Consent.Status = "verbal" }, field: "consent.status"},
	{rule: "FD809", name: "unparsed", breaks: func(r *R) { r.Unparsed = []referral.Unparsed{{Field: "child.attendance_percent", Value: "ninety"}} }},
	{rule: "FD810", name: "bad NHS number", breaks: func(r *R) { r.Child.NHSNumber = "943 476 5918" }},
	{rule: "FD811", name: "due date passed", breaks: func(r *R) { r.Child.DateOfBirth = ""; r.Child.ExpectedDueDate = "2026-10-01" },
		keeps: func(r *R) { r.Child.DateOfBirth = ""; r.Child.ExpectedDueDate = "2027-01-01" }},
	{rule: "FD812", name: "unknown route", breaks: func(r *R) { r.ReferrerRoute = "social-services" }, field: "referrer_route"},
	{rule: "FD812", name: "level 7", breaks: func(r *R) { r.ReferrerLevel = 7 }, field: "referrer_level"},
	{rule: "FD900", name: "no outcome", breaks: func(r *R) { r.OutcomeSought = "" }},
	{rule: "FD901", name: "no date", breaks: func(r *R) { r.ReferralDate = "" }},
	{rule: "FD902", name: "no level or route", breaks: func(r *R) { r.ReferrerLevel, r.ReferrerRoute = 0, "" },
		keeps: func(r *R) { r.ReferrerLevel = 0 }},
}

func TestChildRules(t *testing.T)       { runRuleCases(t, childCases) }
func TestFamilyRules(t *testing.T)      { runRuleCases(t, familyCases) }
func TestLanguageRules(t *testing.T)    { runRuleCases(t, languageCases) }
func TestReferrerRules(t *testing.T)    { runRuleCases(t, referrerCases) }
func TestConcernRules(t *testing.T)     { runRuleCases(t, concernCases) }
func TestSupportRules(t *testing.T)     { runRuleCases(t, supportCases) }
func TestConsentRules(t *testing.T)     { runRuleCases(t, consentCases) }
func TestConsistencyRules(t *testing.T) { runRuleCases(t, consistencyCases) }

// fakeRouter is a Router returning a fixed suggestion.
type fakeRouter struct{ s checker.Suggestion }

var _ checker.Router = fakeRouter{}

func (f fakeRouter) Suggest(*referral.Referral) checker.Suggestion { return f.s }

// routeCase checks a route rule with a suggestion from a fake router.
type routeCase struct {
	rule   string
	name   string
	sugg   checker.Suggestion
	change func(r *R)
	fires  bool
	sev    checker.Severity
}

func TestRouteRules(t *testing.T) {
	l4 := checker.Suggestion{Level: 4, Route: "mash-urgent", Also: []string{"police"}}
	l2 := checker.Suggestion{Level: 2, Route: "early-help"}
	cases := []routeCase{
		{"FD950", "mash for a level 4 concern", l4, func(r *R) {}, true, checker.Error},
		{"FD950", "mash-urgent intended", l4, func(r *R) { r.ReferrerRoute, r.ReferrerLevel = "mash-urgent", 4 }, false, 0},
		{"FD950", "intent not stated", l4, func(r *R) { r.ReferrerRoute, r.ReferrerLevel = "", 0 }, false, 0},
		{"FD951", "mash for a level 2 concern", l2, func(r *R) {}, true, checker.Warning},
		{"FD951", "early help for a level 2 concern", l2, func(r *R) { r.ReferrerRoute, r.ReferrerLevel = "early-help", 2 }, false, 0},
		{"FD951", "immediate risk stated", l2, func(r *R) { r.Concern.ImmediateRisk = referral.Yes }, false, 0},
		{"FD952", "early help, consent not given", l2, func(r *R) {
			r.ReferrerRoute, r.ReferrerLevel = "early-help", 2
			r.Consent.Status, r.Consent.GivenBy = "not_sought", ""
		}, true, checker.Warning},
		{"FD952", "early help with consent", l2, func(r *R) { r.ReferrerRoute, r.ReferrerLevel = "early-help", 2 }, false, 0},
		{"FD953", "FGM duty not recorded", checker.Suggestion{Level: 3, Route: "police-fgm", Also: []string{"mash"}}, func(r *R) {}, true, checker.Error},
		{"FD953", "FGM reported", checker.Suggestion{Level: 3, Route: "police-fgm", Also: []string{"mash"}}, func(r *R) {
			r.Support.ActionsTaken += " Class teacher reported to police on 101 at 10.15; crime reference 43/1234/26."
		}, false, 0},
		{"FD954", "LADO not recorded", checker.Suggestion{Route: "lado", Also: []string{"police"}}, func(r *R) {}, true, checker.Error},
		{"FD954", "LADO referral made", checker.Suggestion{Route: "lado", Also: []string{"police"}}, func(r *R) {
			r.Support.ActionsTaken += " Head teacher referred to the LADO on 20 November."
		}, false, 0},
	}
	for _, tc := range cases {
		t.Run(tc.rule+"/"+tc.name, func(t *testing.T) {
			r := good()
			tc.change(r)
			c := checker.New(checker.Options{Now: func() time.Time { return today }, Router: fakeRouter{tc.sugg}})
			got := findingsOf(c.Check(r).Findings, tc.rule)
			if tc.fires != (len(got) > 0) {
				t.Fatalf("fired = %v, want %v (%+v)", len(got) > 0, tc.fires, got)
			}
			if tc.fires && got[0].Severity != tc.sev {
				t.Errorf("severity %s, want %s", got[0].Severity, tc.sev)
			}
		})
	}
}
