package mapping

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/frontdoorhq/frontdoor/checker/intake/document"
)

// typical is a two-page referral form as a DOCX or PDF reader would give it.
const typical = `MULTI-AGENCY REFERRAL FORM (MARF)
OFFICIAL - SENSITIVE when complete
# Section 1: Child details
Child's name | Jamie Smith | Other names | Jamie Brown
Date of birth (or EDD) | 03/04/2015 | Gender | Male
Home address | 12 Mill Lane, Oxford | Postcode | OX4 1AB
Where is the child now? | At school
Ethnicity | White British | Religion | None
First language | English | Interpreter required? | ☐ Yes ☒ No
SEN/Disability | SEN support (speech and language) | EHCP? | No
School/setting | Brize Meadow Primary School | Year group | Year 5
Attendance % | 87% | GP | Dr A Patel, Cowley Road Surgery
NHS number | 943 476 5919 | UPN | A123456789012
# Section 2: Family and household
Name | Relationship | DOB | Parental responsibility | Lives with child | Phone
Sarah Smith | Mother | 12/05/1988 | Yes | Yes | 07700 900123
Mark Smith | Father | 01/02/1985 | Yes | No | 07700 900456
Lily Smith | Sister | 05/06/2018 | No | Yes |
Tom Green | Mother's partner | 30/09/1990 | No | Yes | 07700 900789
# Section 3: Referrer details
Referrer name | Jane Doe | Job title/role | Designated Safeguarding Lead
Organisation/agency | Brize Meadow Primary School | Contact telephone | 01865 000000
Email | jane.doe@brizemeadow.example.org | Relationship to child | Headteacher
Have you discussed this with your DSL? | Yes | Availability | Mon-Fri 8am-4pm
# Section 4: Concerns
Reason for referral
On Monday 16 November Jamie arrived at school with a bruise on his left cheek about 3cm across.
When his class teacher asked what happened he said "Tom pushed me into the door because I wouldn't go to bed".
Jamie has been withdrawn in class for two weeks and has not eaten lunch on several days.
Date of incident | 16/11/2026
What has the child said? | "Tom pushed me into the door." He said he does not want to go home when Tom is there.
Has the child been seen alone? | Yes
Injuries / body map | Bruise to left cheek, about 3cm, yellow-purple. Body map completed.
Is the child at immediate risk? | No
Is the child safe to go home tonight? | Mum says Tom will stay with his brother this week.
Impact on the child | Withdrawn, tired, not eating; attainment dropping.
Strengths / protective factors | Mum engages with school; Jamie has a good relationship with his class teacher.
Previous involvement / history | Early help in 2024 for sleep and routines, closed after 6 months.
# Section 5: Support
Actions taken so far | Spoke with mum on 16/11; school nurse check; daily check-ins with ELSA.
Has an Early Help Assessment / Strengths and Needs been completed? | Yes - closed March 2025
Other agencies involved
Agency | Name | Role | Contact
School nursing | Jo Bloggs | School nurse | 01865 222222
CAMHS | Dr B Khan | Clinical psychologist | 01865 333333
# Section 6: Consent
Is the parent/carer aware of this referral? | Yes
Has consent been obtained? | Yes - verbal consent from mum
Consent given by | Sarah Smith
Date consent obtained | 17/11/2026
Was an interpreter used? | No
Young person's view of the referral | Jamie is worried but wants things to feel safe at home.
Outcome sought / what do you want to happen? | Assessment of Tom's role in the household and support for mum.
Level of need (1-4) | Level 3
Referral to (MASH/Early help) | MASH
Date of referral | 20/11/2026
Alleged perpetrator | Tom Green (mother's partner)
Signed | J Doe`

// Ensure the typical form is read completely.
func TestTypicalForm(t *testing.T) {
	r := Map(typicalDoc())
	expect(t, r, map[string]string{
		"child.name": "Jamie Smith", "child.other_names": "Jamie Brown", "child.date_of_birth": "2015-04-03",
		"child.gender": "Male", "child.address": "12 Mill Lane, Oxford", "child.postcode": "OX4 1AB",
		"child.current_location": "At school", "child.ethnicity": "White British", "child.religion": "None",
		"child.first_language": "English", "child.interpreter_needed": "no", "child.ehcp": "no",
		"child.disability_sen": "SEN support (speech and language)", "child.school": "Brize Meadow Primary School",
		"child.year_group": "Year 5", "child.attendance_percent": "87", "child.gp": "Dr A Patel, Cowley Road Surgery",
		"child.nhs_number": "943 476 5919", "child.upn": "A123456789012",
		"family[3].name": "Tom Green", "family[3].relationship": "Mother's partner", "family[3].phone": "07700 900789",
		"referrer.name": "Jane Doe", "referrer.role": "Designated Safeguarding Lead",
		"referrer.organisation": "Brize Meadow Primary School", "referrer.phone": "01865 000000",
		"referrer.email": "jane.doe@brizemeadow.example.org", "referrer.relationship_to_child": "Headteacher",
		"referrer.dsl_consulted": "yes", "referrer.availability": "Mon-Fri 8am-4pm",
		"concern.incident_date": "2026-11-16", "concern.seen_alone": "yes", "concern.immediate_risk": "no",
		"support.early_help": "yes", "support.early_help_details": "closed March 2025",
		"support.agencies[1].name": "CAMHS", "consent.parent_aware": "yes", "consent.status": "given",
		"consent.given_by": "Sarah Smith", "consent.date": "2026-11-17", "consent.interpreter_used": "no",
		"referrer_level": "3", "referrer_route": "mash", "referral_date": "2026-11-20",
	})
	if !strings.HasPrefix(r.Concern.Description, "On Monday 16 November") || !strings.HasSuffix(r.Concern.Description, "several days.") {
		t.Errorf("description = %q", r.Concern.Description)
	}
	for _, p := range []string{"concern.child_voice", "concern.injuries", "concern.current_safety", "concern.impact",
		"concern.strengths", "concern.history", "support.actions_taken", "consent.child_views", "outcome_sought"} {
		if get(r, p) == "" {
			t.Errorf("%s is empty", p)
		}
	}
	if len(r.Family) != 4 || len(r.Support.Agencies) != 2 || len(r.Unparsed) != 0 {
		t.Errorf("family %d, agencies %d, unparsed %v", len(r.Family), len(r.Support.Agencies), r.Unparsed)
	}
	if !extraHas(r, "Alleged perpetrator", "Tom Green") {
		t.Errorf("extra = %v", r.Extra)
	}
	if t.Failed() {
		t.Log(dump(r))
	}
}

func typicalDoc() *document.Document {
	d := textDoc(typical)
	d.Format, d.Pages = "pdf", 2
	for i := range d.Lines {
		d.Lines[i].Page = 1
		if i > len(d.Lines)/2 {
			d.Lines[i].Page = 2
		}
	}
	return d
}

// BenchmarkMap maps a typical two-page form.
func BenchmarkMap(b *testing.B) {
	d := typicalDoc()
	Map(d) // load the table
	b.ReportAllocs()
	for b.Loop() {
		Map(d)
	}
}

// BenchmarkNorm normalises labels and values as found in documents.
func BenchmarkNorm(b *testing.B) {
	t := loadTable()
	labels := []string{"Child's name", "Jamie Smith", "Date of birth (or EDD)", "03/04/2015",
		"Is the parent/carer aware of this referral?", "Brize Meadow Primary School", "12 Mill Lane, Oxford"}
	buf := make([]string, 0, 32)
	b.ReportAllocs()
	for b.Loop() {
		for _, l := range labels {
			buf = t.normFast(l, buf[:0])
		}
	}
}

// BenchmarkMapNarrative maps an email with no labels.
func BenchmarkMapNarrative(b *testing.B) {
	d := textDoc(strings.Repeat("I am worried about Jamie Smith (DOB 03/04/2015) who lives at 12 Mill Lane, Oxford OX4 1AB. He said his dad hit him.\n", 20) +
		"Kind regards,\nJane Doe\nDesignated Safeguarding Lead\nBrize Meadow Primary School\nTel: 01865 000000\n")
	Map(d)
	b.ReportAllocs()
	for b.Loop() {
		Map(d)
	}
}

// FuzzMap checks that no document makes Map panic or record a source for a
// field it did not fill.
func FuzzMap(f *testing.F) {
	f.Add(typical, "Child's name", "Jamie")
	f.Add("Name | Relationship | DOB\nA | Mother | 1/2/80\nB", "InterpreterYes", "yes")
	f.Add("Kind regards\nJane Doe\nTel: 01865 000000\n--", "", "")
	f.Add("# Parent/carer 1\nName:\nRelationship:\n\nIf no, why not?\n[x] Yes [ ] No ☒ ☐ [", "Level 3", "yes")
	f.Add("Question | Yes | No\n| | X |\nName: A DOB: B Gender:", "form1[0].Page1[0].ChildDOB[0]", "31/02/2015")
	f.Add("Child's name: Child Ann\nWhat has Child said? x\nMum – Sarah Jones, 34, (has PR, 07700 900666\n"+
		"HOUSEHOLD (name / relationship / age):\nA B / mother / 31\n| | Parent/Carer 1 | Parent/Carer 2\nName | A | B\n"+
		"Pupil name ...... Ethan\nConsent: Given by X (y, 1) on 1/2/2026. Not told.\nReferrer: J D, DSL, A School, 01865 555 888\n"+
		"Is the child at immediate risk? Yes / No\nWho has parental responsibility? Mother (A) and father", "", "")
	f.Fuzz(func(t *testing.T, text, fieldName, fieldValue string) {
		if !utf8.ValidString(text) {
			return
		}
		d := &document.Document{Format: "text"}
		for i, l := range strings.Split(text, "\n") {
			ln := document.Line{Text: l, Line: i + (i % 3), Page: i / 40, Heading: strings.HasPrefix(l, "# ")}
			d.Lines = append(d.Lines, ln)
		}
		if len(d.Lines) > 2 {
			d.Lines[0].Line = 0
			d.Format = "email"
		}
		for _, k := range []string{document.KindText, document.KindCheckbox, document.KindRadio} {
			d.Fields = append(d.Fields, document.Field{Name: fieldName, Label: fieldValue, Value: fieldValue, Kind: k, Line: len(fieldName)})
		}
		r := Map(d)
		if r == nil || r.Sources == nil {
			t.Fatal("nil referral or sources")
		}
		for i := range r.Family {
			if r.Family[i].Age < 0 || r.Family[i].Age > 120 {
				t.Fatalf("family[%d].age = %d", i, r.Family[i].Age)
			}
		}
		if p := r.Child.AttendancePercent; p < 0 || p > 100 {
			t.Fatalf("attendance = %v", p)
		}
	})
}
