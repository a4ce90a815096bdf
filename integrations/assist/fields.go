package assist

import (
	"strconv"
	"strings"
	"sync"

	"github.com/frontdoorhq/frontdoor/checker/referral"
)

// valueKind says how an extracted value is checked.
type valueKind int

const (
	vText     valueKind = iota // words copied from the text
	vName                      // a person's name: a name placeholder, or words from the text
	vDate                      // a date: a date placeholder, or words from the text
	vPhone                     // a phone placeholder, or words from the text
	vEmail                     // an email placeholder
	vPostcode                  // a postcode placeholder, or words from the text
	vAddress                   // an address or postcode placeholder, or words from the text
	vID                        // an NHS or pupil number placeholder
	vTri                       // yes or no, stated by the quoted words
	vConsent                   // given, refused or not_sought, stated by the quoted words
	vPercent                   // a number in the quoted words
	vLevel                     // a threshold level 1-4 in the quoted words
	vRoute                     // a contract route id
)

// allowedPlaceholders lists, for each kind of value, the kinds of
// placeholder it may hold (a child's name may not be a phone number).
var allowedPlaceholders = map[valueKind][]Kind{
	vText:     {KindChildName, KindPerson, KindOrganisation, KindDate, KindDOB, KindPlace},
	vName:     {KindChildName, KindPerson},
	vDate:     {KindDOB, KindDate},
	vPhone:    {KindPhone, KindNumber},
	vEmail:    {KindEmail},
	vPostcode: {KindPostcode},
	vAddress:  {KindAddress, KindPostcode, KindPlace},
	vID:       {KindNHS, KindUPN, KindNumber},
}

// field is one scalar field of the referral model that extraction may fill.
type field struct {
	path string
	kind valueKind
	desc string
	get  func(r *referral.Referral) string
	set  func(r *referral.Referral, v string)
}

func strField(path string, kind valueKind, desc string, p func(r *referral.Referral) *string) field {
	return field{path: path, kind: kind, desc: desc,
		get: func(r *referral.Referral) string { return *p(r) },
		set: func(r *referral.Referral, v string) { *p(r) = v }}
}

func triField(path, desc string, p func(r *referral.Referral) *referral.TriState) field {
	return field{path: path, kind: vTri, desc: desc,
		get: func(r *referral.Referral) string {
			if t := *p(r); t.Known() {
				return string(t)
			}
			return "" // "unknown" is no answer: extraction may fill it
		},
		set: func(r *referral.Referral, v string) { *p(r) = referral.TriState(v) }}
}

// fields are the scalar fields extraction may fill, in the model's order.
// concern.description is not among them: the narrative already is it.
var fields = []field{
	strField("referral_date", vDate, "the date of the referral or letter", func(r *referral.Referral) *string { return &r.ReferralDate }),
	{path: "referrer_route", kind: vRoute, desc: "the route the writer asks for, as a route id",
		get: func(r *referral.Referral) string { return r.ReferrerRoute },
		set: func(r *referral.Referral, v string) { r.ReferrerRoute = v }},
	{path: "referrer_level", kind: vLevel, desc: "the threshold level (1-4) the writer thinks applies",
		get: func(r *referral.Referral) string {
			if r.ReferrerLevel == 0 {
				return ""
			}
			return strconv.Itoa(r.ReferrerLevel)
		},
		set: func(r *referral.Referral, v string) { r.ReferrerLevel, _ = strconv.Atoi(v) }},
	strField("child.name", vName, "the child's full name", func(r *referral.Referral) *string { return &r.Child.Name }),
	strField("child.other_names", vName, "other names the child is known by", func(r *referral.Referral) *string { return &r.Child.OtherNames }),
	strField("child.date_of_birth", vDate, "the child's date of birth", func(r *referral.Referral) *string { return &r.Child.DateOfBirth }),
	strField("child.expected_due_date", vDate, "for an unborn child, the expected due date", func(r *referral.Referral) *string { return &r.Child.ExpectedDueDate }),
	strField("child.age", vText, "the child's age, when no date of birth is given (\"7\", \"about 14\")", func(r *referral.Referral) *string { return &r.Child.Age }),
	strField("child.gender", vText, "the child's gender, as written", func(r *referral.Referral) *string { return &r.Child.Gender }),
	strField("child.address", vAddress, "the child's home address", func(r *referral.Referral) *string { return &r.Child.Address }),
	strField("child.postcode", vPostcode, "the child's postcode", func(r *referral.Referral) *string { return &r.Child.Postcode }),
	strField("child.current_location", vAddress, "where the child is now, if not at home", func(r *referral.Referral) *string { return &r.Child.CurrentLocation }),
	strField("child.ethnicity", vText, "the child's ethnicity", func(r *referral.Referral) *string { return &r.Child.Ethnicity }),
	strField("child.religion", vText, "the child's religion", func(r *referral.Referral) *string { return &r.Child.Religion }),
	strField("child.first_language", vText, "the child's first language", func(r *referral.Referral) *string { return &r.Child.FirstLanguage }),
	triField("child.interpreter_needed", "whether the child needs an interpreter", func(r *referral.Referral) *referral.TriState { return &r.Child.InterpreterNeeded }),
	strField("child.disability_sen", vText, "the child's disability or special educational needs", func(r *referral.Referral) *string { return &r.Child.DisabilitySEN }),
	triField("child.ehcp", "whether the child has an education, health and care plan", func(r *referral.Referral) *referral.TriState { return &r.Child.EHCP }),
	strField("child.school", vText, "the child's school", func(r *referral.Referral) *string { return &r.Child.School }),
	strField("child.year_group", vText, "the child's year group (\"Year 6\")", func(r *referral.Referral) *string { return &r.Child.YearGroup }),
	{path: "child.attendance_percent", kind: vPercent, desc: "the child's attendance, as a percentage",
		get: func(r *referral.Referral) string {
			if r.Child.AttendancePercent == 0 {
				return ""
			}
			return strconv.FormatFloat(r.Child.AttendancePercent, 'f', -1, 64)
		},
		set: func(r *referral.Referral, v string) { r.Child.AttendancePercent, _ = strconv.ParseFloat(v, 64) }},
	strField("child.gp", vText, "the child's GP or practice", func(r *referral.Referral) *string { return &r.Child.GP }),
	strField("child.nhs_number", vID, "the child's NHS number", func(r *referral.Referral) *string { return &r.Child.NHSNumber }),
	strField("child.upn", vID, "the child's unique pupil number", func(r *referral.Referral) *string { return &r.Child.UPN }),
	strField("referrer.name", vName, "the name of the person writing", func(r *referral.Referral) *string { return &r.Referrer.Name }),
	strField("referrer.role", vText, "the writer's role (\"Designated Safeguarding Lead\")", func(r *referral.Referral) *string { return &r.Referrer.Role }),
	strField("referrer.organisation", vText, "the writer's school or organisation", func(r *referral.Referral) *string { return &r.Referrer.Organisation }),
	strField("referrer.phone", vPhone, "the writer's phone number", func(r *referral.Referral) *string { return &r.Referrer.Phone }),
	strField("referrer.email", vEmail, "the writer's email address", func(r *referral.Referral) *string { return &r.Referrer.Email }),
	strField("referrer.relationship_to_child", vText, "how the writer knows the child", func(r *referral.Referral) *string { return &r.Referrer.RelationshipToChild }),
	triField("referrer.dsl_consulted", "whether the designated safeguarding lead was consulted", func(r *referral.Referral) *referral.TriState { return &r.Referrer.DSLConsulted }),
	strField("referrer.availability", vText, "when the writer can be contacted", func(r *referral.Referral) *string { return &r.Referrer.Availability }),
	strField("concern.incident_date", vDate, "when the incident happened", func(r *referral.Referral) *string { return &r.Concern.IncidentDate }),
	strField("concern.child_voice", vText, "the child's own words, wishes and feelings", func(r *referral.Referral) *string { return &r.Concern.ChildVoice }),
	triField("concern.seen_alone", "whether the child was seen or spoken to alone", func(r *referral.Referral) *referral.TriState { return &r.Concern.SeenAlone }),
	strField("concern.injuries", vText, "injuries seen or described", func(r *referral.Referral) *string { return &r.Concern.Injuries }),
	triField("concern.immediate_risk", "whether the child is at immediate risk", func(r *referral.Referral) *referral.TriState { return &r.Concern.ImmediateRisk }),
	strField("concern.current_safety", vText, "where the child is now and whether they are safe to go home", func(r *referral.Referral) *string { return &r.Concern.CurrentSafety }),
	strField("concern.impact", vText, "how this affects the child", func(r *referral.Referral) *string { return &r.Concern.Impact }),
	strField("concern.strengths", vText, "what is working well, protective factors", func(r *referral.Referral) *string { return &r.Concern.Strengths }),
	strField("concern.history", vText, "previous concerns and involvement", func(r *referral.Referral) *string { return &r.Concern.History }),
	strField("support.actions_taken", vText, "what the school has already done", func(r *referral.Referral) *string { return &r.Support.ActionsTaken }),
	triField("support.early_help", "whether early help (an early help assessment, Team Around the Family) has been tried", func(r *referral.Referral) *referral.TriState { return &r.Support.EarlyHelp }),
	strField("support.early_help_details", vText, "what early help was tried", func(r *referral.Referral) *string { return &r.Support.EarlyHelpDetails }),
	triField("consent.parent_aware", "whether the parents know of this referral", func(r *referral.Referral) *referral.TriState { return &r.Consent.ParentAware }),
	{path: "consent.status", kind: vConsent, desc: "consent to the referral: given, refused or not_sought",
		get: func(r *referral.Referral) string { return r.Consent.Status },
		set: func(r *referral.Referral, v string) { r.Consent.Status = v }},
	strField("consent.given_by", vName, "who gave consent", func(r *referral.Referral) *string { return &r.Consent.GivenBy }),
	strField("consent.date", vDate, "when consent was given", func(r *referral.Referral) *string { return &r.Consent.Date }),
	strField("consent.reason_not_sought", vText, "why consent was not sought, or why referring despite refusal", func(r *referral.Referral) *string { return &r.Consent.ReasonNotSought }),
	triField("consent.interpreter_used", "whether an interpreter was used when consent was discussed", func(r *referral.Referral) *referral.TriState { return &r.Consent.InterpreterUsed }),
	strField("consent.child_views", vText, "the young person's own view of the referral", func(r *referral.Referral) *string { return &r.Consent.ChildViews }),
	strField("outcome_sought", vText, "what the writer wants to happen", func(r *referral.Referral) *string { return &r.OutcomeSought }),
}

var fieldByPath = sync.OnceValue(func() map[string]*field {
	m := make(map[string]*field, len(fields))
	for i := range fields {
		m[fields[i].path] = &fields[i]
	}
	return m
})

func fieldPaths() []string {
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = f.path
	}
	return out
}

// FewFieldsThreshold is the number of filled fields (besides the concern's
// description and unplaced text) under which a referral read from a
// document counts as unstructured (a filled-in form gives 60 or more; a
// letter, what the readers can find in its prose and signature, about 10), and `check --assist` asks the model to
// extract its fields.
const FewFieldsThreshold = 20

// FilledFields counts the referral's filled fields, family members' details
// included, leaving out the concern's description and unplaced text.
func FilledFields(r *referral.Referral) int {
	n := 0
	for _, f := range fields {
		if strings.TrimSpace(f.get(r)) != "" {
			n++
		}
	}
	for _, m := range r.Family {
		for _, s := range []string{m.Name, m.Relationship, m.DateOfBirth, m.Phone, m.Email, m.Address, m.FirstLanguage} {
			if strings.TrimSpace(s) != "" {
				n++
			}
		}
		for _, t := range []referral.TriState{m.ParentalResponsibility, m.LivesWithChild, m.InterpreterNeeded} {
			if t.Known() {
				n++
			}
		}
	}
	return n
}

// documentFormats are the input formats read from documents (as opposed to
// the contract's JSON and YAML, which are structured already).
var documentFormats = map[string]bool{"text": true, "markdown": true, "email": true, "docx": true, "pdf": true}

// NeedsExtraction reports whether a referral read in the given input
// format is unstructured enough for extraction: it came from a document,
// it has a narrative, and the readers found fewer than FewFieldsThreshold
// fields in it.
func NeedsExtraction(r *referral.Referral, format string) bool {
	return r != nil && documentFormats[format] && strings.TrimSpace(narrative(r)) != "" && FilledFields(r) < FewFieldsThreshold
}

// narrative is the text the readers could not place: the concern's
// description and unplaced labelled text.
func narrative(r *referral.Referral) string {
	var b strings.Builder
	b.WriteString(strings.TrimSpace(r.Concern.Description))
	for _, e := range r.Extra {
		if strings.TrimSpace(e.Value) == "" {
			continue
		}
		b.WriteString("\n")
		if e.Label != "" {
			b.WriteString(e.Label)
			b.WriteString(": ")
		}
		b.WriteString(e.Value)
	}
	return strings.TrimSpace(b.String())
}
