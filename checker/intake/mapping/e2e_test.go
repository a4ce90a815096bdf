package mapping_test

import (
	"strings"
	"testing"

	"github.com/frontdoorhq/frontdoor/checker/intake/mapping"
	"github.com/frontdoorhq/frontdoor/checker/intake/text"
	"github.com/frontdoorhq/frontdoor/checker/referral"
)

// Every person in these tests is invented.

func read(t *testing.T, in string) *referral.Referral {
	t.Helper()
	d, err := text.Read([]byte(in))
	if err != nil {
		t.Fatalf("text.Read: %v", err)
	}
	return mapping.Map(d)
}

// Ensure a quoted-printable email whose body is a form is read end to end,
// with body line numbers as sources.
func TestEmailFormEndToEnd(t *testing.T) {
	in := strings.Join([]string{
		"From: Tom Baker <t.baker@cherwellvale.example.org>",
		"To: mash@council.example.gov.uk",
		"Subject: =?UTF-8?Q?MASH_referral_=E2=80=93_Amira_Khan?=",
		"Date: Thu, 19 Nov 2026 16:02:11 +0000",
		"MIME-Version: 1.0",
		"Content-Type: text/plain; charset=utf-8",
		"Content-Transfer-Encoding: quoted-printable",
		"",
		"Child=E2=80=99s name: Amira Khan",
		"D.O.B.: 14/02/2012",
		"Address: Flat 3, 22 Cowley Road",
		"Oxford",
		"OX4 1HP",
		"",
		"What are you worried about?",
		"Amira told her form tutor that her parents plan to take her abroad to be =",
		"married over Christmas. She is frightened.",
		"",
		"Is the parent/carer aware of this referral? No",
		"If no, why not? Forced marriage: contacting the family may increase the risk.",
		"",
		"Thanks,",
		"Tom Baker",
		"Head of Year 9, Cherwell Vale Academy",
		"01865 444444",
		"",
	}, "\r\n")
	r := read(t, in)
	want := map[string]string{
		"child.name":                Strings("Amira Khan"),
		"child.date_of_birth":       "2012-02-14",
		"child.address":             "Flat 3, 22 Cowley Road, Oxford, OX4 1HP",
		"child.postcode":            "OX4 1HP",
		"consent.parent_aware":      "no",
		"consent.reason_not_sought": "Forced marriage: contacting the family may increase the risk.",
		"referrer.name":             "Tom Baker",
		"referrer.role":             "Head of Year 9",
		"referrer.organisation":     "Cherwell Vale Academy",
		"referrer.phone":            "01865 444444",
		"referrer.email":            "t.baker@cherwellvale.example.org",
		"referral_date":             "2026-11-19",
	}
	got := map[string]string{
		"child.name": r.Child.Name, "child.date_of_birth": r.Child.DateOfBirth, "child.address": r.Child.Address,
		"child.postcode": r.Child.Postcode, "consent.parent_aware": string(r.Consent.ParentAware),
		"consent.reason_not_sought": r.Consent.ReasonNotSought, "referrer.name": r.Referrer.Name,
		"referrer.role": r.Referrer.Role, "referrer.organisation": r.Referrer.Organisation,
		"referrer.phone": r.Referrer.Phone, "referrer.email": r.Referrer.Email, "referral_date": r.ReferralDate,
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s = %q, want %q", k, got[k], w)
		}
	}
	if want := "Amira told her form tutor that her parents plan to take her abroad to be married over Christmas. She is frightened."; r.Concern.Description != want {
		t.Errorf("description = %q", r.Concern.Description)
	}
	if l := r.Sources["concern.description"]; l.Line != 7 {
		t.Errorf("description source = %+v, want body line 7", l)
	}
	if l := r.Sources["child.name"]; l.Line != 1 {
		t.Errorf("child.name source = %+v, want body line 1", l)
	}
}

// Strings is the identity: it keeps the want table above readable.
func Strings(s string) string { return s }

// Ensure a Markdown referral with tables and headings is read end to end.
func TestMarkdownEndToEnd(t *testing.T) {
	in := `# Referral

## 1. Child details

| | |
|---|---|
| **Child's name** | Jamie Smith |
| **D.O.B.** | 03/04/2015 |
| **School/setting** | Brize Meadow Primary |

## 2. Household

| Name | Relationship | DOB | PR | Lives with child |
|------|--------------|-----|----|------------------|
| Sarah Smith | Mother | 12/05/1988 | Yes | Yes |
| Mark Smith | Father | 01/02/1985 | Yes | No |
| Lily Smith | Sister | 05/06/2018 | No | Yes |

## 3. Your details

- **Name:** Jane Doe
- **Phone:** 01865 000000
- **Email:** jane.doe@brizemeadow.example.org

## 4. Reason for referral

Jamie said his dad hit him with a belt.

## 5. Consent

- [x] Parent/carer aware of referral
- Has consent been obtained? ☐ Yes ☒ No
`
	r := read(t, in)
	if r.Child.Name != "Jamie Smith" || r.Child.DateOfBirth != "2015-04-03" || r.Child.School != "Brize Meadow Primary" {
		t.Errorf("child = %+v", r.Child)
	}
	if len(r.Family) != 3 || r.Family[2].Name != "Lily Smith" || r.Family[1].LivesWithChild != referral.No {
		t.Errorf("family = %+v", r.Family)
	}
	if r.Referrer.Name != "Jane Doe" || r.Referrer.Phone != "01865 000000" || r.Referrer.Email != "jane.doe@brizemeadow.example.org" {
		t.Errorf("referrer = %+v", r.Referrer)
	}
	if r.Concern.Description != "Jamie said his dad hit him with a belt." {
		t.Errorf("description = %q", r.Concern.Description)
	}
	if r.Consent.ParentAware != referral.Yes || r.Consent.Status != referral.ConsentNotSought {
		t.Errorf("consent = %+v", r.Consent)
	}
	if r.Sources["family[1].lives_with_child"].Line != 16 {
		t.Errorf("sources = %v", r.Sources)
	}
}

// Ensure a plain-text form typed with wide gaps is read end to end.
func TestTypedFormEndToEnd(t *testing.T) {
	in := "3. SIGNIFICANT ADULTS / HOUSEHOLD\n" +
		"Name              Relationship      Age     PR      Lives with child\n" +
		"Nadia Khan        Mother            41      Yes     Yes\n" +
		"Imran Khan        Father            45      Yes     Yes\n" +
		"Zain Khan         Brother           17      No      Yes\n" +
		"\n" +
		"4. REFERRER\n" +
		"Name:          Tom Baker\n" +
		"Contact number:   01865 444444\n" +
		"Attendance:    ninety per cent\n"
	r := read(t, in)
	if len(r.Family) != 3 || r.Family[0].Age != 41 || r.Family[2].ParentalResponsibility != referral.No {
		t.Errorf("family = %+v", r.Family)
	}
	if r.Referrer.Name != "Tom Baker" || r.Referrer.Phone != "01865 444444" {
		t.Errorf("referrer = %+v", r.Referrer)
	}
	if len(r.Unparsed) != 1 || r.Unparsed[0].Field != "child.attendance_percent" {
		t.Errorf("unparsed = %v", r.Unparsed)
	}
}
