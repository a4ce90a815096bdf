package referral_test

import (
	"reflect"
	"testing"

	"github.com/frontdoorhq/frontdoor/checker/referral"
)

// Ensure Validate reports each malformed value with its contract field path.
func TestValidate(t *testing.T) {
	tests := []struct {
		name string
		r    referral.Referral
		want []referral.Problem
	}{
		{"empty referral is valid", referral.Referral{}, nil},
		{"good values", referral.Referral{
			ReferralDate: "2026-11-20",
			Child:        referral.Child{DateOfBirth: "03/04/2015", Postcode: "OX4 1AB", AttendancePercent: 91.5, NHSNumber: "943 476 5919", InterpreterNeeded: referral.No},
			Family:       []referral.Member{{Phone: "+44 (0)7700 900123", Email: "a.parent@example.org", Age: 34, ParentalResponsibility: referral.Yes}},
			Referrer:     referral.Referrer{Phone: "01865 810603 ext 4", Email: "dsl@school.example.sch.uk"},
			Consent:      referral.Consent{Status: "not_sought", Date: "20 November 2026"},
		}, nil},
		{"bad values", referral.Referral{
			ReferralDate: "next week",
			Child:        referral.Child{DateOfBirth: "31/02/2015", Postcode: "OX41", AttendancePercent: 120, NHSNumber: "1234567890", EHCP: "maybe"},
			Family:       []referral.Member{{}, {Phone: "999", Email: "not-an-email", Age: 200}},
			Consent:      referral.Consent{Status: "verbal"},
		}, []referral.Problem{
			{Field: "referral_date", Kind: "date", Value: "next week"},
			{Field: "child.date_of_birth", Kind: "date", Value: "31/02/2015"},
			{Field: "child.postcode", Kind: "postcode", Value: "OX41"},
			{Field: "child.ehcp", Kind: "tristate", Value: "maybe"},
			{Field: "child.attendance_percent", Kind: "range", Value: "120"},
			{Field: "child.nhs_number", Kind: "nhs_number", Value: "1234567890"},
			{Field: "family[1].age", Kind: "range", Value: "200"},
			{Field: "family[1].phone", Kind: "phone", Value: "999"},
			{Field: "family[1].email", Kind: "email", Value: "not-an-email"},
			{Field: "consent.status", Kind: "consent_status", Value: "verbal"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.r.Validate()
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Validate() =\n%v\nwant\n%v", got, tt.want)
			}
		})
	}
}
