// Package referral holds the referral model of the frontdoor contract
// (../shared/contract.md section 1): one child, their family, the referrer,
// the concern, the support already given and the consent position.
//
// Every input format is read into this one model. All fields are optional at
// the parsing level: a missing value is something the checker reports, never
// a parse error. The package has no third-party imports.
package referral

// Version is the model version this package reads and writes.
const Version = 1

// Referral is one draft referral about one child.
type Referral struct {
	Version       int        `json:"version,omitempty" yaml:"version,omitempty"`
	ReferralDate  string     `json:"referral_date" yaml:"referral_date" validate:"omitempty,fd_date"`
	ReferrerRoute string     `json:"referrer_route" yaml:"referrer_route"` // what the referrer intends: a route id
	ReferrerLevel int        `json:"referrer_level" yaml:"referrer_level"` // the referrer's own view of the level, 0 when not given
	Child         Child      `json:"child" yaml:"child"`
	Family        []Member   `json:"family" yaml:"family" validate:"dive"`
	Referrer      Referrer   `json:"referrer" yaml:"referrer"`
	Concern       Concern    `json:"concern" yaml:"concern"`
	Support       Support    `json:"support" yaml:"support"`
	Consent       Consent    `json:"consent" yaml:"consent"`
	OutcomeSought string     `json:"outcome_sought" yaml:"outcome_sought"`
	Extra         []Extra    `json:"extra,omitempty" yaml:"extra,omitempty"` // labelled text the readers could not place; it still counts towards the concern
	Sources       Sources    `json:"-" yaml:"-"`                             // where each field was found in the document, by field path
	Unparsed      []Unparsed `json:"-" yaml:"-"`                             // values the reader could not put into their field
}

// Child is the child the referral is about.
type Child struct {
	Name              string   `json:"name" yaml:"name"`
	OtherNames        string   `json:"other_names" yaml:"other_names"`
	DateOfBirth       string   `json:"date_of_birth" yaml:"date_of_birth" validate:"omitempty,fd_date"`
	ExpectedDueDate   string   `json:"expected_due_date" yaml:"expected_due_date" validate:"omitempty,fd_date"`
	Age               string   `json:"age,omitempty" yaml:"age,omitempty"` // estimated age when the date of birth is not known (an addition to the contract)
	Gender            string   `json:"gender" yaml:"gender"`
	Address           string   `json:"address" yaml:"address"`
	Postcode          string   `json:"postcode" yaml:"postcode" validate:"omitempty,uk_postcode"`
	CurrentLocation   string   `json:"current_location" yaml:"current_location"`
	Ethnicity         string   `json:"ethnicity" yaml:"ethnicity"`
	Religion          string   `json:"religion" yaml:"religion"`
	FirstLanguage     string   `json:"first_language" yaml:"first_language"`
	InterpreterNeeded TriState `json:"interpreter_needed" yaml:"interpreter_needed" validate:"tristate"`
	DisabilitySEN     string   `json:"disability_sen" yaml:"disability_sen"`
	EHCP              TriState `json:"ehcp" yaml:"ehcp" validate:"tristate"`
	School            string   `json:"school" yaml:"school"`
	YearGroup         string   `json:"year_group" yaml:"year_group"`
	AttendancePercent float64  `json:"attendance_percent" yaml:"attendance_percent" validate:"min=0,max=100"` // 0 means not given
	GP                string   `json:"gp" yaml:"gp"`
	NHSNumber         string   `json:"nhs_number" yaml:"nhs_number" validate:"omitempty,nhs_number"`
	UPN               string   `json:"upn" yaml:"upn"`
}

// Member is a person in the child's household, or a parent or carer living elsewhere.
type Member struct {
	Name                   string   `json:"name" yaml:"name"`
	Relationship           string   `json:"relationship" yaml:"relationship"`
	DateOfBirth            string   `json:"date_of_birth" yaml:"date_of_birth" validate:"omitempty,fd_date"`
	Age                    int      `json:"age" yaml:"age" validate:"min=0,max=120"` // 0 means not given
	ParentalResponsibility TriState `json:"parental_responsibility" yaml:"parental_responsibility" validate:"tristate"`
	LivesWithChild         TriState `json:"lives_with_child" yaml:"lives_with_child" validate:"tristate"`
	Phone                  string   `json:"phone" yaml:"phone" validate:"omitempty,uk_phone"`
	Email                  string   `json:"email" yaml:"email" validate:"omitempty,fd_email"`
	Address                string   `json:"address" yaml:"address"`
	FirstLanguage          string   `json:"first_language" yaml:"first_language"`
	InterpreterNeeded      TriState `json:"interpreter_needed" yaml:"interpreter_needed" validate:"tristate"`
}

// Referrer is the professional making the referral.
type Referrer struct {
	Name                string   `json:"name" yaml:"name"`
	Role                string   `json:"role" yaml:"role"`
	Organisation        string   `json:"organisation" yaml:"organisation"`
	Phone               string   `json:"phone" yaml:"phone" validate:"omitempty,uk_phone"`
	Email               string   `json:"email" yaml:"email" validate:"omitempty,fd_email"`
	RelationshipToChild string   `json:"relationship_to_child" yaml:"relationship_to_child"`
	DSLConsulted        TriState `json:"dsl_consulted" yaml:"dsl_consulted" validate:"tristate"`
	Availability        string   `json:"availability" yaml:"availability"`
}

// Concern is what happened and what is known about the child's safety.
type Concern struct {
	Categories    []string `json:"categories" yaml:"categories"`
	Description   string   `json:"description" yaml:"description"`
	IncidentDate  string   `json:"incident_date" yaml:"incident_date" validate:"omitempty,fd_date"`
	ChildVoice    string   `json:"child_voice" yaml:"child_voice"`
	SeenAlone     TriState `json:"seen_alone" yaml:"seen_alone" validate:"tristate"`
	Injuries      string   `json:"injuries" yaml:"injuries"`
	ImmediateRisk TriState `json:"immediate_risk" yaml:"immediate_risk" validate:"tristate"`
	CurrentSafety string   `json:"current_safety" yaml:"current_safety"`
	Impact        string   `json:"impact" yaml:"impact"`
	Strengths     string   `json:"strengths" yaml:"strengths"`
	History       string   `json:"history" yaml:"history"`
}

// Support is what has been done already and who else is involved.
type Support struct {
	ActionsTaken     string   `json:"actions_taken" yaml:"actions_taken"`
	EarlyHelp        TriState `json:"early_help" yaml:"early_help" validate:"tristate"`
	EarlyHelpDetails string   `json:"early_help_details" yaml:"early_help_details"`
	Agencies         []Agency `json:"agencies" yaml:"agencies"`
}

// Agency is another service involved with the child or family.
type Agency struct {
	Name    string `json:"name" yaml:"name"`
	Role    string `json:"role" yaml:"role"`
	Contact string `json:"contact" yaml:"contact"`
}

// Consent records whether the family knows of and agrees to the referral.
type Consent struct {
	ParentAware     TriState `json:"parent_aware" yaml:"parent_aware" validate:"tristate"`
	Status          string   `json:"status" yaml:"status" validate:"omitempty,consent_status"` // given, refused or not_sought
	GivenBy         string   `json:"given_by" yaml:"given_by"`
	Date            string   `json:"date" yaml:"date" validate:"omitempty,fd_date"`
	ReasonNotSought string   `json:"reason_not_sought" yaml:"reason_not_sought"`
	InterpreterUsed TriState `json:"interpreter_used" yaml:"interpreter_used" validate:"tristate"`
	ChildViews      string   `json:"child_views" yaml:"child_views"`
}

// Consent statuses.
const (
	ConsentGiven     = "given"
	ConsentRefused   = "refused"
	ConsentNotSought = "not_sought"
)

// Extra is a labelled piece of a document that matched no field of the model.
type Extra struct {
	Label string `json:"label" yaml:"label"`
	Value string `json:"value" yaml:"value"`
}

// Location is where something was found in a document. DOCX has no pages, so
// Page is 0 there and Line counts paragraphs and table rows.
type Location struct {
	Page int `json:"page,omitempty"`
	Line int `json:"line,omitempty"`
}

// IsZero reports whether the location is unknown.
func (l Location) IsZero() bool { return l.Page == 0 && l.Line == 0 }

// Sources maps field paths ("child.date_of_birth", "family[1].phone") to where
// the reader found them.
type Sources map[string]Location

// Unparsed is a value a reader found but could not store in its field, such
// as "ninety" for child.attendance_percent.
type Unparsed struct {
	Field string `json:"field"`
	Value string `json:"value"`
}

// Compact removes family members and agencies with nothing filled in (as a
// blank template leaves them), so that they are not reported as people with
// missing details.
func (r *Referral) Compact() {
	fam := r.Family[:0]
	for _, m := range r.Family {
		if m != (Member{}) && !(blankAll(m.Name, m.Relationship, m.DateOfBirth, m.Phone, m.Email, m.Address, m.FirstLanguage) &&
			m.Age == 0 && !m.ParentalResponsibility.Known() && !m.LivesWithChild.Known() && !m.InterpreterNeeded.Known()) {
			fam = append(fam, m)
		}
	}
	r.Family = fam
	ag := r.Support.Agencies[:0]
	for _, a := range r.Support.Agencies {
		if !blankAll(a.Name, a.Role, a.Contact) {
			ag = append(ag, a)
		}
	}
	r.Support.Agencies = ag
}

func blankAll(ss ...string) bool {
	for _, s := range ss {
		if !Blank(s) {
			return false
		}
	}
	return true
}
