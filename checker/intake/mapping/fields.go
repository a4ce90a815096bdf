package mapping

import "github.com/frontdoorhq/frontdoor/checker/referral"

// kind is how a field's value is read and stored.
type kind uint8

const (
	kText       kind = iota // one line of text; the first value wins
	kNarrative              // free text; several values are joined
	kTri                    // yes / no / unknown
	kDate                   // a date, normalised to YYYY-MM-DD when it is one
	kDOB                    // the child's date of birth, due date or age
	kConsent                // consent status
	kLevel                  // referrer_level
	kRoute                  // referrer_route
	kPercent                // attendance
	kAgencies               // support.agencies
	kCategories             // concern.categories
	kNamePart               // forename / middle names / surname, joined into name
	kAge                    // family member age in years
	kPostcode               // family member postcode, added to the address
	kAgencyPart             // a column or line of an agency
)

// fieldDef is one field of the model that labels map onto.
type fieldDef struct {
	path  string
	kind  kind
	ctx   ctx // whose field it is
	multi bool
	str   func(*referral.Referral) *string
	tri   func(*referral.Referral) *referral.TriState
	mstr  func(*referral.Member) *string
	mtri  func(*referral.Member) *referral.TriState
	part  int    // for kNamePart: 0 forename, 1 middle, 2 surname
	name  string // for kNamePart: the path of the joined name
}

// member reports whether the field belongs to a family member.
func (f *fieldDef) member() bool { return f.ctx == cFamily }

var fieldDefs = []*fieldDef{
	{path: "referral_date", kind: kDate, ctx: cReferral, str: func(r *referral.Referral) *string { return &r.ReferralDate }},
	{path: "referrer_route", kind: kRoute, ctx: cReferral, str: func(r *referral.Referral) *string { return &r.ReferrerRoute }},
	{path: "referrer_level", kind: kLevel, ctx: cReferral},
	{path: "outcome_sought", kind: kNarrative, ctx: cReferral, str: func(r *referral.Referral) *string { return &r.OutcomeSought }},

	{path: "child.name", kind: kText, ctx: cChild, str: func(r *referral.Referral) *string { return &r.Child.Name }},
	{path: "child.forename", kind: kNamePart, ctx: cChild, part: 0, name: "child.name"},
	{path: "child.middle_names", kind: kNamePart, ctx: cChild, part: 1, name: "child.name"},
	{path: "child.surname", kind: kNamePart, ctx: cChild, part: 2, name: "child.name"},
	{path: "child.other_names", kind: kText, ctx: cChild, str: func(r *referral.Referral) *string { return &r.Child.OtherNames }},
	{path: "child.date_of_birth", kind: kDOB, ctx: cChild, str: func(r *referral.Referral) *string { return &r.Child.DateOfBirth }},
	{path: "child.expected_due_date", kind: kDate, ctx: cChild, str: func(r *referral.Referral) *string { return &r.Child.ExpectedDueDate }},
	{path: "child.age", kind: kText, ctx: cChild, str: func(r *referral.Referral) *string { return &r.Child.Age }},
	{path: "child.gender", kind: kText, ctx: cChild, str: func(r *referral.Referral) *string { return &r.Child.Gender }},
	{path: "child.address", kind: kText, ctx: cChild, multi: true, str: func(r *referral.Referral) *string { return &r.Child.Address }},
	{path: "child.postcode", kind: kText, ctx: cChild, str: func(r *referral.Referral) *string { return &r.Child.Postcode }},
	{path: "child.current_location", kind: kNarrative, ctx: cChild, str: func(r *referral.Referral) *string { return &r.Child.CurrentLocation }},
	{path: "child.ethnicity", kind: kText, ctx: cChild, str: func(r *referral.Referral) *string { return &r.Child.Ethnicity }},
	{path: "child.religion", kind: kText, ctx: cChild, str: func(r *referral.Referral) *string { return &r.Child.Religion }},
	{path: "child.first_language", kind: kText, ctx: cChild, str: func(r *referral.Referral) *string { return &r.Child.FirstLanguage }},
	{path: "child.interpreter_needed", kind: kTri, ctx: cChild, tri: func(r *referral.Referral) *referral.TriState { return &r.Child.InterpreterNeeded }},
	{path: "child.disability_sen", kind: kNarrative, ctx: cChild, str: func(r *referral.Referral) *string { return &r.Child.DisabilitySEN }},
	{path: "child.ehcp", kind: kTri, ctx: cChild, tri: func(r *referral.Referral) *referral.TriState { return &r.Child.EHCP }},
	{path: "child.school", kind: kText, ctx: cChild, str: func(r *referral.Referral) *string { return &r.Child.School }},
	{path: "child.year_group", kind: kText, ctx: cChild, str: func(r *referral.Referral) *string { return &r.Child.YearGroup }},
	{path: "child.attendance_percent", kind: kPercent, ctx: cChild},
	{path: "child.gp", kind: kText, ctx: cChild, multi: true, str: func(r *referral.Referral) *string { return &r.Child.GP }},
	{path: "child.nhs_number", kind: kText, ctx: cChild, str: func(r *referral.Referral) *string { return &r.Child.NHSNumber }},
	{path: "child.upn", kind: kText, ctx: cChild, str: func(r *referral.Referral) *string { return &r.Child.UPN }},

	{path: "family.name", kind: kText, ctx: cFamily, mstr: func(m *referral.Member) *string { return &m.Name }},
	{path: "family.forename", kind: kNamePart, ctx: cFamily, part: 0, name: "family.name"},
	{path: "family.surname", kind: kNamePart, ctx: cFamily, part: 2, name: "family.name"},
	{path: "family.relationship", kind: kText, ctx: cFamily, mstr: func(m *referral.Member) *string { return &m.Relationship }},
	{path: "family.date_of_birth", kind: kDate, ctx: cFamily, mstr: func(m *referral.Member) *string { return &m.DateOfBirth }},
	{path: "family.age", kind: kAge, ctx: cFamily},
	{path: "family.parental_responsibility", kind: kTri, ctx: cFamily, mtri: func(m *referral.Member) *referral.TriState { return &m.ParentalResponsibility }},
	{path: "family.lives_with_child", kind: kTri, ctx: cFamily, mtri: func(m *referral.Member) *referral.TriState { return &m.LivesWithChild }},
	{path: "family.phone", kind: kText, ctx: cFamily, mstr: func(m *referral.Member) *string { return &m.Phone }},
	{path: "family.email", kind: kText, ctx: cFamily, mstr: func(m *referral.Member) *string { return &m.Email }},
	{path: "family.address", kind: kText, ctx: cFamily, multi: true, mstr: func(m *referral.Member) *string { return &m.Address }},
	{path: "family.postcode", kind: kPostcode, ctx: cFamily, mstr: func(m *referral.Member) *string { return &m.Address }},
	{path: "family.first_language", kind: kText, ctx: cFamily, mstr: func(m *referral.Member) *string { return &m.FirstLanguage }},
	{path: "family.interpreter_needed", kind: kTri, ctx: cFamily, mtri: func(m *referral.Member) *referral.TriState { return &m.InterpreterNeeded }},

	{path: "referrer.name", kind: kText, ctx: cReferrer, str: func(r *referral.Referral) *string { return &r.Referrer.Name }},
	{path: "referrer.forename", kind: kNamePart, ctx: cReferrer, part: 0, name: "referrer.name"},
	{path: "referrer.surname", kind: kNamePart, ctx: cReferrer, part: 2, name: "referrer.name"},
	{path: "referrer.role", kind: kText, ctx: cReferrer, str: func(r *referral.Referral) *string { return &r.Referrer.Role }},
	{path: "referrer.organisation", kind: kText, ctx: cReferrer, str: func(r *referral.Referral) *string { return &r.Referrer.Organisation }},
	{path: "referrer.phone", kind: kText, ctx: cReferrer, str: func(r *referral.Referral) *string { return &r.Referrer.Phone }},
	{path: "referrer.email", kind: kText, ctx: cReferrer, str: func(r *referral.Referral) *string { return &r.Referrer.Email }},
	{path: "referrer.relationship_to_child", kind: kText, ctx: cReferrer, str: func(r *referral.Referral) *string { return &r.Referrer.RelationshipToChild }},
	{path: "referrer.dsl_consulted", kind: kTri, ctx: cReferrer, tri: func(r *referral.Referral) *referral.TriState { return &r.Referrer.DSLConsulted }},
	{path: "referrer.availability", kind: kNarrative, ctx: cReferrer, str: func(r *referral.Referral) *string { return &r.Referrer.Availability }},

	{path: "concern.description", kind: kNarrative, ctx: cConcern, str: func(r *referral.Referral) *string { return &r.Concern.Description }},
	{path: "concern.categories", kind: kCategories, ctx: cConcern},
	{path: "concern.incident_date", kind: kDate, ctx: cConcern, str: func(r *referral.Referral) *string { return &r.Concern.IncidentDate }},
	{path: "concern.child_voice", kind: kNarrative, ctx: cConcern, str: func(r *referral.Referral) *string { return &r.Concern.ChildVoice }},
	{path: "concern.seen_alone", kind: kTri, ctx: cConcern, tri: func(r *referral.Referral) *referral.TriState { return &r.Concern.SeenAlone }},
	{path: "concern.injuries", kind: kNarrative, ctx: cConcern, str: func(r *referral.Referral) *string { return &r.Concern.Injuries }},
	{path: "concern.immediate_risk", kind: kTri, ctx: cConcern, tri: func(r *referral.Referral) *referral.TriState { return &r.Concern.ImmediateRisk }},
	{path: "concern.current_safety", kind: kNarrative, ctx: cConcern, str: func(r *referral.Referral) *string { return &r.Concern.CurrentSafety }},
	{path: "concern.impact", kind: kNarrative, ctx: cConcern, str: func(r *referral.Referral) *string { return &r.Concern.Impact }},
	{path: "concern.strengths", kind: kNarrative, ctx: cConcern, str: func(r *referral.Referral) *string { return &r.Concern.Strengths }},
	{path: "concern.history", kind: kNarrative, ctx: cConcern, str: func(r *referral.Referral) *string { return &r.Concern.History }},

	{path: "support.actions_taken", kind: kNarrative, ctx: cSupport, str: func(r *referral.Referral) *string { return &r.Support.ActionsTaken }},
	{path: "support.early_help", kind: kTri, ctx: cSupport, tri: func(r *referral.Referral) *referral.TriState { return &r.Support.EarlyHelp }},
	{path: "support.early_help_details", kind: kNarrative, ctx: cSupport, str: func(r *referral.Referral) *string { return &r.Support.EarlyHelpDetails }},
	{path: "support.agencies", kind: kAgencies, ctx: cSupport},

	{path: "agency.name", kind: kAgencyPart, ctx: cAgency, part: 0},
	{path: "agency.role", kind: kAgencyPart, ctx: cAgency, part: 1},
	{path: "agency.contact", kind: kAgencyPart, ctx: cAgency, part: 2},
	{path: "agency.worker", kind: kAgencyPart, ctx: cAgency, part: 3},

	{path: "consent.parent_aware", kind: kTri, ctx: cConsent, tri: func(r *referral.Referral) *referral.TriState { return &r.Consent.ParentAware }},
	{path: "consent.status", kind: kConsent, ctx: cConsent, str: func(r *referral.Referral) *string { return &r.Consent.Status }},
	{path: "consent.given_by", kind: kText, ctx: cConsent, str: func(r *referral.Referral) *string { return &r.Consent.GivenBy }},
	{path: "consent.date", kind: kDate, ctx: cConsent, str: func(r *referral.Referral) *string { return &r.Consent.Date }},
	{path: "consent.reason_not_sought", kind: kNarrative, ctx: cConsent, str: func(r *referral.Referral) *string { return &r.Consent.ReasonNotSought }},
	{path: "consent.interpreter_used", kind: kTri, ctx: cConsent, tri: func(r *referral.Referral) *referral.TriState { return &r.Consent.InterpreterUsed }},
	{path: "consent.child_views", kind: kNarrative, ctx: cConsent, str: func(r *referral.Referral) *string { return &r.Consent.ChildViews }},
}

var fieldByPath = func() map[string]*fieldDef {
	m := make(map[string]*fieldDef, len(fieldDefs))
	for _, f := range fieldDefs {
		m[f.path] = f
	}
	return m
}()
