package intake

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/frontdoorhq/frontdoor/checker/referral"
)

// The store functions put a normalised tree (see normalise) into the model
// field by field, with the result json.Unmarshal gives for the tree's JSON
// encoding, which is how the tree was first read into the model. They do
// without the encoding and encoding/json's reflection, which cost a fresh
// process half a millisecond on every JSON or YAML referral.
//
// Each reports false for a value encoding/json would refuse (a number with
// a fraction where the model has a whole number, text where it has a
// section, words where it has a list of people or agencies) and for a key
// it does not know; toReferral then goes through encoding/json, for the
// same result or error as before. TestStoreMatchesEncoding,
// TestStoreEveryField and FuzzStructured hold the two ways to the same
// answer.

// storeReferral stores the normalised top level of a referral in r.
func storeReferral(r *referral.Referral, m map[string]any) bool {
	for k, v := range m {
		var ok bool
		switch k {
		case "version":
			ok = storeInt(&r.Version, v)
		case "referral_date":
			ok = storeString(&r.ReferralDate, v)
		case "referrer_route":
			ok = storeString(&r.ReferrerRoute, v)
		case "referrer_level":
			ok = storeInt(&r.ReferrerLevel, v)
		case "child":
			ok = storeObject(&r.Child, v, storeChild)
		case "family":
			ok = storeList(&r.Family, v, storeMemberObject)
		case "referrer":
			ok = storeObject(&r.Referrer, v, storeReferrer)
		case "concern":
			ok = storeObject(&r.Concern, v, storeConcern)
		case "support":
			ok = storeObject(&r.Support, v, storeSupport)
		case "consent":
			ok = storeObject(&r.Consent, v, storeConsent)
		case "outcome_sought":
			ok = storeString(&r.OutcomeSought, v)
		}
		if !ok {
			return false
		}
	}
	return true
}

func storeChild(c *referral.Child, k string, v any) bool {
	switch k {
	case "name":
		return storeString(&c.Name, v)
	case "other_names":
		return storeString(&c.OtherNames, v)
	case "date_of_birth":
		return storeString(&c.DateOfBirth, v)
	case "expected_due_date":
		return storeString(&c.ExpectedDueDate, v)
	case "age":
		return storeString(&c.Age, v)
	case "gender":
		return storeString(&c.Gender, v)
	case "address":
		return storeString(&c.Address, v)
	case "postcode":
		return storeString(&c.Postcode, v)
	case "current_location":
		return storeString(&c.CurrentLocation, v)
	case "ethnicity":
		return storeString(&c.Ethnicity, v)
	case "religion":
		return storeString(&c.Religion, v)
	case "first_language":
		return storeString(&c.FirstLanguage, v)
	case "interpreter_needed":
		return storeTriState(&c.InterpreterNeeded, v)
	case "disability_sen":
		return storeString(&c.DisabilitySEN, v)
	case "ehcp":
		return storeTriState(&c.EHCP, v)
	case "school":
		return storeString(&c.School, v)
	case "year_group":
		return storeString(&c.YearGroup, v)
	case "attendance_percent":
		return storeFloat(&c.AttendancePercent, v)
	case "gp":
		return storeString(&c.GP, v)
	case "nhs_number":
		return storeString(&c.NHSNumber, v)
	case "upn":
		return storeString(&c.UPN, v)
	}
	return false
}

func storeMember(m *referral.Member, k string, v any) bool {
	switch k {
	case "name":
		return storeString(&m.Name, v)
	case "relationship":
		return storeString(&m.Relationship, v)
	case "date_of_birth":
		return storeString(&m.DateOfBirth, v)
	case "age":
		return storeInt(&m.Age, v)
	case "parental_responsibility":
		return storeTriState(&m.ParentalResponsibility, v)
	case "lives_with_child":
		return storeTriState(&m.LivesWithChild, v)
	case "phone":
		return storeString(&m.Phone, v)
	case "email":
		return storeString(&m.Email, v)
	case "address":
		return storeString(&m.Address, v)
	case "first_language":
		return storeString(&m.FirstLanguage, v)
	case "interpreter_needed":
		return storeTriState(&m.InterpreterNeeded, v)
	}
	return false
}

func storeReferrer(p *referral.Referrer, k string, v any) bool {
	switch k {
	case "name":
		return storeString(&p.Name, v)
	case "role":
		return storeString(&p.Role, v)
	case "organisation":
		return storeString(&p.Organisation, v)
	case "phone":
		return storeString(&p.Phone, v)
	case "email":
		return storeString(&p.Email, v)
	case "relationship_to_child":
		return storeString(&p.RelationshipToChild, v)
	case "dsl_consulted":
		return storeTriState(&p.DSLConsulted, v)
	case "availability":
		return storeString(&p.Availability, v)
	}
	return false
}

func storeConcern(c *referral.Concern, k string, v any) bool {
	switch k {
	case "categories":
		return storeList(&c.Categories, v, storeString)
	case "description":
		return storeString(&c.Description, v)
	case "incident_date":
		return storeString(&c.IncidentDate, v)
	case "child_voice":
		return storeString(&c.ChildVoice, v)
	case "seen_alone":
		return storeTriState(&c.SeenAlone, v)
	case "injuries":
		return storeString(&c.Injuries, v)
	case "immediate_risk":
		return storeTriState(&c.ImmediateRisk, v)
	case "current_safety":
		return storeString(&c.CurrentSafety, v)
	case "impact":
		return storeString(&c.Impact, v)
	case "strengths":
		return storeString(&c.Strengths, v)
	case "history":
		return storeString(&c.History, v)
	}
	return false
}

func storeSupport(s *referral.Support, k string, v any) bool {
	switch k {
	case "actions_taken":
		return storeString(&s.ActionsTaken, v)
	case "early_help":
		return storeTriState(&s.EarlyHelp, v)
	case "early_help_details":
		return storeString(&s.EarlyHelpDetails, v)
	case "agencies":
		return storeList(&s.Agencies, v, storeAgencyObject)
	}
	return false
}

func storeAgency(a *referral.Agency, k string, v any) bool {
	switch k {
	case "name":
		return storeString(&a.Name, v)
	case "role":
		return storeString(&a.Role, v)
	case "contact":
		return storeString(&a.Contact, v)
	}
	return false
}

func storeConsent(c *referral.Consent, k string, v any) bool {
	switch k {
	case "parent_aware":
		return storeTriState(&c.ParentAware, v)
	case "status":
		return storeString(&c.Status, v)
	case "given_by":
		return storeString(&c.GivenBy, v)
	case "date":
		return storeString(&c.Date, v)
	case "reason_not_sought":
		return storeString(&c.ReasonNotSought, v)
	case "interpreter_used":
		return storeTriState(&c.InterpreterUsed, v)
	case "child_views":
		return storeString(&c.ChildViews, v)
	}
	return false
}

// storeObject stores a section's keys with field.
func storeObject[T any](dst *T, v any, field func(*T, string, any) bool) bool {
	m, ok := v.(map[string]any)
	if !ok {
		return false
	}
	for k, fv := range m {
		if !field(dst, k, fv) {
			return false
		}
	}
	return true
}

// storeList stores a list with elem. Like encoding/json, it leaves a list
// that is null nil and one that is empty empty.
func storeList[T any](dst *[]T, v any, elem func(*T, any) bool) bool {
	list, ok := v.([]any)
	if !ok {
		return false
	}
	if list == nil {
		*dst = nil
		return true
	}
	out := make([]T, len(list))
	for i, e := range list {
		if !elem(&out[i], e) {
			return false
		}
	}
	*dst = out
	return true
}

func storeMemberObject(m *referral.Member, v any) bool { return storeObject(m, v, storeMember) }
func storeAgencyObject(a *referral.Agency, v any) bool { return storeObject(a, v, storeAgency) }

// storeString stores text as encoding/json writes and reads it back:
// each byte that is not valid UTF-8 becomes U+FFFD.
func storeString(dst *string, v any) bool {
	s, ok := v.(string)
	if !ok {
		return false
	}
	*dst = validUTF8(s)
	return true
}

// storeTriState stores an answer as referral.TriState's UnmarshalJSON reads it.
func storeTriState(dst *referral.TriState, v any) bool {
	var s string
	if !storeString(&s, v) {
		return false
	}
	*dst, _ = referral.ParseTriState(s)
	return true
}

// storeInt stores a number in an integer field. encoding/json writes a
// float64 with strconv's 'f' format (its 'e' format, which an integer field
// refuses, from 1e21) and reads it back with strconv.ParseInt.
func storeInt(dst *int, v any) bool {
	switch x := v.(type) {
	case int:
		*dst = x
		return true
	case float64:
		if x != math.Trunc(x) || math.Abs(x) >= 1e21 {
			return false
		}
		n, err := strconv.ParseInt(strconv.FormatFloat(x, 'f', -1, 64), 10, 64)
		if err != nil {
			return false
		}
		*dst = int(n)
		return true
	}
	return false
}

// storeFloat stores a number in a float64 field: a float64's encoding
// reads back as the same float64.
func storeFloat(dst *float64, v any) bool {
	switch x := v.(type) {
	case int:
		*dst = float64(x)
		return true
	case float64:
		*dst = x
		return true
	}
	return false
}

// validUTF8 replaces each byte of s that is not valid UTF-8 with U+FFFD,
// as encoding/json does when it writes a string.
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		b.WriteRune(r) // utf8.RuneError for a bad byte
		i += size
	}
	return b.String()
}
