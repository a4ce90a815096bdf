package mapping

import (
	"strings"
	"testing"

	"github.com/frontdoorhq/frontdoor/checker/intake/document"
	"github.com/frontdoorhq/frontdoor/checker/referral"
)

// Every person in these tests is invented.

// Ensure each way of pairing a label with its value is read.
func TestPairingStyles(t *testing.T) {
	cases := []struct {
		name string
		doc  string
		want map[string]string
	}{
		{"label colon value", `
Child's name: Jamie Smith
Date of birth: 03/04/2015`,
			map[string]string{"child.name": "Jamie Smith", "child.date_of_birth": "2015-04-03"}},
		{"table cells", `
Child's name | Jamie Smith
D.O.B. | 03/04/2015`,
			map[string]string{"child.name": "Jamie Smith", "child.date_of_birth": "2015-04-03"}},
		{"several pairs in a row", `
Name | Jamie Smith | DOB | 03/04/2015 | Gender | Male`,
			map[string]string{"child.name": "Jamie Smith", "child.date_of_birth": "2015-04-03", "child.gender": "Male"}},
		{"an answer that looks like a label is not a header row", `
Where is the child now? | At school.
Ethnicity | Asian - Afghan
Religion | Muslim`,
			map[string]string{"child.current_location": "At school.", "child.ethnicity": "Asian - Afghan", "child.religion": "Muslim"}},
		{"a route id answer is not a header row", `
Referral to | early-help
Level of need (1-4) | 2`,
			map[string]string{"referrer_route": "early-help"}},
		{"cells holding label colon value", `
Child's name: Jamie Smith | DOB: 03/04/2015`,
			map[string]string{"child.name": "Jamie Smith", "child.date_of_birth": "2015-04-03"}},
		{"label alone then value lines", `
Reason for referral:
Jamie arrived with a bruise on his cheek.

He said his dad hit him.
What has the child said?
"Dad hit me."`,
			map[string]string{"concern.description": "Jamie arrived with a bruise on his cheek.\nHe said his dad hit him.",
				"concern.child_voice": `"Dad hit me."`}},
		{"known label alone without colon", `
Child's name
Jamie Smith
Date of birth
03/04/2015`,
			map[string]string{"child.name": "Jamie Smith", "child.date_of_birth": "2015-04-03"}},
		{"heading names the field", `
# Details of concern
Jamie arrived with a bruise.
# Voice of the child
He said "dad did it".`,
			map[string]string{"concern.description": "Jamie arrived with a bruise.", "concern.child_voice": `He said "dad did it".`}},
		{"headings that are labels", `
# Child's name
Jamie Smith
# Address
12 Mill Lane
Oxford OX4 1AB
# Consent
Mum agreed on 17/11.`,
			map[string]string{"child.name": "Jamie Smith", "child.address": "12 Mill Lane, Oxford OX4 1AB", "consent.status": "-"}},
		{"label row above value row", `
Child's name | Date of birth | Gender
Jamie Smith | 03/04/2015 | Male`,
			map[string]string{"child.name": "Jamie Smith", "child.date_of_birth": "2015-04-03", "child.gender": "Male"}},
		{"question mark then answer", `
Is the child at immediate risk? No
Has the child been seen alone? Yes`,
			map[string]string{"concern.immediate_risk": "no", "concern.seen_alone": "yes"}},
		{"label dash value", `
DOB - 03/04/2015
Gender – Female`,
			map[string]string{"child.date_of_birth": "2015-04-03", "child.gender": "Female"}},
		{"several labels on one line", `
Name: Jamie Smith DOB: 03/04/2015 Gender: Male`,
			map[string]string{"child.name": "Jamie Smith", "child.date_of_birth": "2015-04-03", "child.gender": "Male"}},
		{"address over several lines", `
Address:
12 Mill Lane
Oxford
OX4 1AB
Gender: Male`,
			map[string]string{"child.address": "12 Mill Lane, Oxford, OX4 1AB", "child.postcode": "OX4 1AB", "child.gender": "Male"}},
		{"forename and surname joined", `
Forename: Jamie
Surname: Smith`,
			map[string]string{"child.name": "Jamie Smith"}},
		{"tick columns", `
Question | Yes | No
Is the parent/carer aware of this referral? | | X
Has the child been seen alone? | ☒ | ☐`,
			map[string]string{"consent.parent_aware": "no", "concern.seen_alone": "yes"}},
		{"follow-up question", `
Is the parent aware of the referral? No
If no, why not? Dad may harm mum if he finds out.
Has an early help assessment been completed? Yes
If yes, please give details: EHA opened in September, TAF meets monthly.`,
			map[string]string{"consent.parent_aware": "no", "consent.reason_not_sought": "Dad may harm mum if he finds out.",
				"support.early_help": "yes", "support.early_help_details": "EHA opened in September, TAF meets monthly."}},
		{"answer after yes or no", `
Is the parent/carer aware of this referral? No - telling dad would put Jamie at risk
Early help? Yes - Strengths and Needs since May`,
			map[string]string{"consent.parent_aware": "no", "consent.reason_not_sought": "telling dad would put Jamie at risk",
				"support.early_help": "yes", "support.early_help_details": "Strengths and Needs since May"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := mapText(c.doc)
			expect(t, r, c.want)
			if t.Failed() {
				t.Log(dump(r))
			}
		})
	}
}

// Ensure form fields are read by label, else by name, and checkboxes give yes/no answers.
func TestFormFields(t *testing.T) {
	d := &document.Document{Format: "pdf", Pages: 1, Fields: []document.Field{
		{Name: "f1", Label: "Child's name", Value: "Jamie Smith", Kind: document.KindText, Page: 1, Line: 3},
		{Name: "form1[0].Page1[0].txtChildDOB[0]", Value: "03/04/2015", Kind: document.KindDate, Page: 1, Line: 4},
		{Name: "Parent1Phone", Value: "07700 900123", Kind: document.KindText, Page: 1, Line: 8},
		{Name: "InterpreterRequiredYes", Value: "no", Kind: document.KindCheckbox, Page: 1, Line: 5},
		{Name: "InterpreterRequiredNo", Value: "yes", Kind: document.KindCheckbox, Page: 1, Line: 5},
		{Name: "chkSeenAlone", Label: "Has the child been seen alone?", Value: "yes", Kind: document.KindCheckbox, Page: 2, Line: 1},
		{Name: "ReferralToMASH", Value: "yes", Kind: document.KindCheckbox, Page: 2, Line: 2},
		{Name: "consent", Label: "Has consent been obtained?", Value: "Refused", Kind: document.KindRadio, Page: 2, Line: 3},
		{Name: "Text7", Value: "Dad drinks heavily at weekends", Kind: document.KindText, Page: 2, Line: 9},
		{Name: "Empty", Label: "Religion", Value: "", Kind: document.KindText},
	}}
	r := Map(d)
	expect(t, r, map[string]string{
		"child.name":                "Jamie Smith",
		"child.date_of_birth":       "2015-04-03",
		"family[0].phone":           "07700 900123",
		"child.interpreter_needed":  "no",
		"concern.seen_alone":        "yes",
		"referrer_route":            "mash",
		"consent.status":            "refused",
		"child.religion":            "-",
		"concern.description":       "-",
		"family[0].relationship":    "-",
		"consent.reason_not_sought": "-",
	})
	if !extraHas(r, "Text 7", "Dad drinks heavily") {
		t.Errorf("unknown field not kept: %v", r.Extra)
	}
	if got := r.Sources["child.date_of_birth"]; got != (referral.Location{Page: 1, Line: 4}) {
		t.Errorf("Sources[child.date_of_birth] = %+v", got)
	}
	if t.Failed() {
		t.Log(dump(r))
	}
}

// Ensure form fields take the context of the heading above them.
func TestFormFieldContext(t *testing.T) {
	d := &document.Document{Format: "pdf", Pages: 1,
		Lines: []document.Line{
			{Text: "Child details", Page: 1, Line: 1},
			{Text: "Name:", Page: 1, Line: 2},
			{Text: "Referrer details", Page: 1, Line: 10},
			{Text: "Name:", Page: 1, Line: 11},
			{Text: "Telephone:", Page: 1, Line: 12},
		},
		Fields: []document.Field{
			{Name: "Name1", Label: "Name", Value: "Jamie Smith", Kind: document.KindText, Page: 1, Line: 2},
			{Name: "Name2", Label: "Name", Value: "Jane Doe", Kind: document.KindText, Page: 1, Line: 11},
			{Name: "Tel", Label: "Telephone", Value: "01865 000000", Kind: document.KindText, Page: 1, Line: 12},
		}}
	r := Map(d)
	expect(t, r, map[string]string{"child.name": "Jamie Smith", "referrer.name": "Jane Doe", "referrer.phone": "01865 000000"})
}

// Ensure many phrasings of the important labels reach their field.
func TestLabelVariants(t *testing.T) {
	groups := []struct {
		path, value, want string
		labels            []string
	}{
		{"child.name", "Jamie Smith", "Jamie Smith", []string{
			"Child's name", "Child’s Name", "Childs name", "Name of child", "Full name of child/young person",
			"Child/young person's name", "CHILD'S FULL NAME", "Young person's name", "Name of the young person",
			"Pupil name", "Name of child being referred", "Child's full name (first and last names)", "Name",
			"Full name", "Name of young person", "Student name", "Child"}},
		{"child.date_of_birth", "03/04/2015", "2015-04-03", []string{
			"Date of birth", "DOB", "D.O.B.", "D.O.B", "Date of birth (or EDD)", "Date of Birth/EDD", "DOB/EDD",
			"Child's date of birth", "Child's DOB", "Birth date", "Date of birth (dd/mm/yyyy)", "Young person's DOB",
			"Born", "Date of birth*", "Pupil's date of birth"}},
		{"child.address", "12 Mill Lane, Oxford", "12 Mill Lane, Oxford", []string{
			"Address", "Home address", "Child's address", "Current address", "Child's home address",
			"Address (including postcode)", "Full address", "Home address and postcode", "Residential address",
			"Child's current address", "Permanent address", "Usual address", "Address of child"}},
		{"consent.parent_aware", "Yes", "yes", []string{
			"Is the parent/carer aware of this referral?", "Parent aware?", "Are parents aware of the referral?",
			"Parents/carers aware of referral", "Is the family aware?", "Have parents been informed of the referral?",
			"Has the parent been informed?", "Parent/carer informed?", "Are the parents/carers aware of this referral?",
			"Do parents know about the referral?", "Family informed of referral?", "Parents told?",
			"Are those with parental responsibility aware?", "Is the parent/carer aware of this referral and its content?"}},
		{"consent.status", "Yes", "given", []string{
			"Has consent been obtained?", "Consent", "Consent obtained?", "Consent given?", "Parental consent",
			"Has the parent/carer consented?", "Consent for referral", "Do you have consent?",
			"Have parents agreed to the referral?", "Agreement to referral", "Consent to share information",
			"Has consent been given for this referral?", "Parental consent obtained", "Consent (Y/N)"}},
		{"concern.description", "Jamie arrived with a bruise.", "Jamie arrived with a bruise.", []string{
			"Reason for referral", "Details of concern", "Description of concern(s)", "What are you worried about?",
			"Details of concerns", "Nature of concern", "What is the concern?", "What are your concerns?",
			"Concerns", "Reason for referral and details of concern", "Summary of concerns", "Presenting concerns",
			"Describe the concern", "Please describe your concerns", "What has happened?", "Reason for referral (please include dates, times and who was present)"}},
		{"concern.child_voice", "He said dad hit him", "He said dad hit him", []string{
			"What has the child said?", "Child's wishes and feelings", "Voice of the child", "Child's voice",
			"What did the child say?", "Child's views", "Wishes and feelings", "What has the young person said?",
			"Young person's views", "Child's own words", "What has the child told you?", "Voice of the young person",
			"Child's wishes, feelings and views"}},
		{"referrer.name", "Jane Doe", "Jane Doe", []string{
			"Referrer name", "Referrer's name", "Name of referrer", "Your name", "Referrer", "Completed by",
			"Form completed by", "Name of person making the referral", "Referral made by", "Print name",
			"Referring professional's name", "Name of professional", "Referred by"}},
		{"referrer.phone", "01865 000000", "01865 000000", []string{
			"Referrer telephone", "Your phone number", "Your contact number", "Referrer's contact number",
			"Referrer mobile", "Referrer's phone", "Your telephone", "Your mobile", "Referrer tel. no.",
			"Referrer's telephone number", "Your tel", "Referrer phone number"}},
		{"support.early_help", "Yes", "yes", []string{
			"Has an Early Help Assessment / Strengths and Needs been completed?", "Early help", "Early Help Assessment completed?",
			"EHA completed?", "Has an EHA been completed?", "Strengths and Needs completed?", "Is there a Team Around the Family?",
			"TAF in place?", "Has early help been offered?", "Early help in place?", "Has the family had early help?",
			"Early Help Assessment (EHA) completed?", "Has early help been tried?"}},
		{"concern.immediate_risk", "No", "no", []string{
			"Is the child at immediate risk?", "Immediate risk", "Is the child in immediate danger?",
			"Is there an immediate risk to the child?", "Risk of immediate harm?", "Child at immediate risk of harm?",
			"Is the young person at immediate risk?", "Is the child at risk of immediate harm?", "Immediate danger?",
			"At immediate risk?", "Is the child at immediate risk of significant harm?", "Immediate risk (Y/N)"}},
		{"support.actions_taken", "Met with mum.", "Met with mum.", []string{
			"Actions taken so far", "What support has been offered?", "Actions taken", "Support offered",
			"What has been done so far?", "What have you done?", "Support already in place", "Interventions tried",
			"What actions have you taken?", "Action taken by school", "Support provided", "What support is in place?",
			"Steps taken"}},
		{"outcome_sought", "An assessment.", "An assessment.", []string{
			"Outcome sought / what do you want to happen?", "Outcome sought", "What do you want to happen?",
			"Desired outcome", "Expected outcome", "What outcome are you seeking?", "What would you like to happen?",
			"What are you hoping will happen?", "Outcome requested", "What would you like the MASH to do?",
			"What do you hope to achieve?", "What support are you requesting?"}},
		{"child.first_language", "Polish", "Polish", []string{
			"First language", "Language spoken at home", "Main language", "Child's first language", "Language",
			"Home language", "Preferred language", "Main language spoken at home", "Language spoken",
			"First language spoken", "Child's main language", "Young person's first language"}},
	}
	for _, g := range groups {
		if len(g.labels) < 12 {
			t.Errorf("%s: only %d label variants tested", g.path, len(g.labels))
		}
		for _, l := range g.labels {
			r := mapText(l + ": " + g.value)
			if got := get(r, g.path); got != g.want {
				t.Errorf("%q: %s = %q, want %q (extra %v)", l, g.path, got, g.want, r.Extra)
			}
		}
	}
}

// Ensure numbering and markers around labels are ignored.
func TestNumberingPrefixes(t *testing.T) {
	for _, l := range []string{
		"3. Child's name", "3) Child's name", "Q4 Child's name", "Q4. Child's name", "4a) Child's name",
		"Section 2 - Child's name", "1.2 Child's name", "(b) Child's name", "b) Child's name", "ii. Child's name",
		"Child's name *", "* Child's name", "Child's name (required)", "- Child's name", "• Child's name",
		"Part B: Child's name", "Question 7: Child's name", "12. CHILD'S NAME:",
	} {
		r := mapText(l + ": Jamie Smith")
		if r.Child.Name != "Jamie Smith" {
			t.Errorf("%q: child.name = %q (extra %v)", l, r.Child.Name, r.Extra)
		}
	}
}

// Ensure generic labels are read in the context of their section or person.
func TestSectionContext(t *testing.T) {
	r := mapText(`
# Child details
Name: Jamie Smith
Address: 12 Mill Lane, Oxford OX4 1AB
# Parent/carer details
Name: Sarah Smith
Relationship: Mother
Phone: 07700 900123
Email: sarah@example.com
Address: 12 Mill Lane, Oxford OX4 1AB
Name: Mark Smith
Relationship: Father
Phone: 07700 900456
# Referrer details
Name: Jane Doe
Phone: 01865 000000
Email: jane.doe@school.example.org
Relationship to child: Class teacher
Date: 20/11/2026
# Consent
Date: 18/11/2026
# Alleged perpetrator
Name: John Brown
Phone: 07700 900999`)
	expect(t, r, map[string]string{
		"child.name":                     "Jamie Smith",
		"child.postcode":                 "OX4 1AB",
		"family[0].name":                 "Sarah Smith",
		"family[0].relationship":         "Mother",
		"family[0].phone":                "07700 900123",
		"family[0].email":                "sarah@example.com",
		"family[0].address":              "12 Mill Lane, Oxford OX4 1AB",
		"family[1].name":                 "Mark Smith",
		"family[1].phone":                "07700 900456",
		"referrer.name":                  "Jane Doe",
		"referrer.phone":                 "01865 000000",
		"referrer.email":                 "jane.doe@school.example.org",
		"referrer.relationship_to_child": "Class teacher",
		"referral_date":                  "2026-11-20",
		"consent.date":                   "2026-11-18",
		"family[2].name":                 "-",
	})
	if !extraHas(r, "Name", "John Brown") || !extraHas(r, "Phone", "07700 900999") {
		t.Errorf("generic labels under an unknown heading should be kept as Extra: %v", r.Extra)
	}
	if t.Failed() {
		t.Log(dump(r))
	}
}

// Ensure a label naming a person sets the context for the generic labels after it.
func TestPersonContext(t *testing.T) {
	r := mapText(`
Referrer's name: Jane Doe
Phone: 01865 000000
Child's name: Jamie Smith
Address: 12 Mill Lane, Oxford OX4 1AB
Mother's name: Sarah Smith
Phone: 07700 900123
Father's name: Mark Smith
Father's phone: 07700 900456
Mum's DOB: 12/05/1988
Parent/carer 1 name: Ann Jones
Parent/carer 1 relationship: Grandmother
Parent/carer 1 PR? No
Parent/carer 2 name: Bill Jones`)
	expect(t, r, map[string]string{
		"referrer.phone":                    "01865 000000",
		"child.address":                     "12 Mill Lane, Oxford OX4 1AB",
		"family[0].name":                    "Sarah Smith",
		"family[0].relationship":            "mother",
		"family[0].phone":                   "07700 900123",
		"family[0].date_of_birth":           "1988-05-12",
		"family[1].name":                    "Mark Smith",
		"family[1].relationship":            "father",
		"family[1].phone":                   "07700 900456",
		"family[2].name":                    "Ann Jones",
		"family[2].relationship":            "Grandmother",
		"family[2].parental_responsibility": "no",
		"family[3].name":                    "Bill Jones",
	})
	if len(r.Family) != 4 {
		t.Errorf("%d family members, want 4", len(r.Family))
	}
	if t.Failed() {
		t.Log(dump(r))
	}
}

// Ensure household tables give one member per row, with typed tables,
// unknown columns kept, and the referred child's own row not a member.
func TestHouseholdTable(t *testing.T) {
	r := mapText(`
# Household members
Name | Relationship | DOB | Parental responsibility | Lives with child | Phone | Occupation
Jamie Smith | Subject child | 03/04/2015 | | | |
Sarah Smith | Mother | 12/05/1988 | Yes | Yes | 07700 900123 | Nurse
Mark Smith | Father | 01/02/1985 | Yes | No | 07700 900456 |
Lily Smith | Sister | 05/06/2018 | No | Yes | |
Tom Green | Mum's partner | 34 years | No | Yes | |
# Concerns
Jamie said his dad hit him.`)
	expect(t, r, map[string]string{
		"child.name":                        "Jamie Smith",
		"child.date_of_birth":               "2015-04-03",
		"family[0].name":                    "Sarah Smith",
		"family[0].relationship":            "Mother",
		"family[0].parental_responsibility": "yes",
		"family[0].lives_with_child":        "yes",
		"family[0].phone":                   "07700 900123",
		"family[1].lives_with_child":        "no",
		"family[2].name":                    "Lily Smith",
		"family[2].date_of_birth":           "2018-06-05",
		"family[3].relationship":            "Mum's partner",
		"family[3].age":                     "34",
		"concern.description":               "Jamie said his dad hit him.",
	})
	if len(r.Family) != 4 {
		t.Errorf("%d family members, want 4", len(r.Family))
	}
	if !extraHas(r, "Occupation (Sarah Smith)", "Nurse") {
		t.Errorf("unknown column not kept: %v", r.Extra)
	}
	if got := r.Sources["family[2].name"]; got.Line != 7 {
		t.Errorf("Sources[family[2].name] = %+v, want line 7", got)
	}
	if t.Failed() {
		t.Log(dump(r))
	}
}

// Ensure a household table with an Age column and no section heading is
// still read as family, and an agencies table under its heading as agencies.
func TestHouseholdAndAgencyTables(t *testing.T) {
	r := mapText(`
Full name | Relationship to child | Age | PR?
Sarah Smith | Mum | 34 | Y
Mark Smith | Dad | 36 years | Y
Lily Smith | Sister | 6 | N
# Other agencies involved
Agency | Name | Role | Contact
CAMHS | Dr A Patel | Psychiatrist | 01865 111111
Health visiting | Jo Bloggs | Health visitor | jo.bloggs@nhs.example.net`)
	expect(t, r, map[string]string{
		"family[0].age":                     "34",
		"family[1].age":                     "36",
		"family[2].parental_responsibility": "no",
		"family[0].relationship":            "Mum",
		"support.agencies[0].name":          "CAMHS",
		"support.agencies[0].role":          "Psychiatrist",
		"support.agencies[0].contact":       "Dr A Patel, 01865 111111",
		"support.agencies[1].name":          "Health visiting",
	})
	if len(r.Family) != 3 || len(r.Support.Agencies) != 2 {
		t.Errorf("%d members and %d agencies, want 3 and 2", len(r.Family), len(r.Support.Agencies))
	}
	if t.Failed() {
		t.Log(dump(r))
	}
}

// Ensure tick boxes in text are read.
func TestTickBoxes(t *testing.T) {
	cases := []struct{ in, want string }{
		{"[x] Yes [ ] No", "yes"},
		{"[ ] Yes [X] No", "no"},
		{"Yes ☒ No ☐", "yes"},
		{"Yes ☐ No ☒", "no"},
		{"☑ Yes ☐ No", "yes"},
		{"☐ Yes ☑ No", "no"},
		{"Y/N: Y", "yes"},
		{"Y/N - N", "no"},
		{"Yes/No: No", "no"},
		{"(x) Yes ( ) No", "yes"},
		{"Yes [✓] No [ ]", "yes"},
		{"☐ Yes ☐ No ☒ Unknown", "unknown"},
		{"☐ Yes ☐ No", ""},
		{"yes", "yes"},
		{"N", "no"},
		{"Not known", "unknown"},
	}
	for _, c := range cases {
		r := mapText("Interpreter required? " + c.in)
		if got := string(r.Child.InterpreterNeeded); got != c.want {
			t.Errorf("%q: interpreter_needed = %q, want %q", c.in, got, c.want)
		}
	}
	r := mapText("Gender: ☐ Male ☒ Female\nLevel of need: ☐ 1 ☐ 2 ☒ 3 ☐ 4\nReferral to: ☐ Early Help ☒ MASH\nConsent: ☐ Given ☒ Refused ☐ Not sought")
	expect(t, r, map[string]string{"child.gender": "Female", "referrer_level": "3", "referrer_route": "mash", "consent.status": "refused"})
	r = mapText("Interpreter required? | Yes ☒ | No ☐\nEHCP | ☐ Yes | ☒ No")
	expect(t, r, map[string]string{"child.interpreter_needed": "yes", "child.ehcp": "no"})
}

// Ensure a tick box before a label answers it.
func TestBoxedLabels(t *testing.T) {
	r := mapText("Reason for referral: x\n- [x] Parent/carer aware of referral\n☐ Has the child been seen alone?\n☒ Interpreter required - No\n[x] Level 3")
	expect(t, r, map[string]string{"consent.parent_aware": "yes", "concern.seen_alone": "-", "child.interpreter_needed": "no", "referrer_level": "3"})
}

// Ensure the writer's own number in prose is the referrer's.
func TestNarrativeSelfContact(t *testing.T) {
	r := mapText("I am worried about Jamie Smith. Mum's number is 07700 900123.\nPlease call me on 01865 000000 or email me at jane.doe@school.example.org.")
	expect(t, r, map[string]string{"referrer.phone": "01865 000000", "referrer.email": "jane.doe@school.example.org", "child.name": "Jamie Smith"})
}

// Ensure a narrative with no labels still yields what can be found.
func TestNarrativeOnly(t *testing.T) {
	d := &document.Document{Format: "email", Lines: []document.Line{
		{Text: "From: Jane Doe <jane.doe@brizemeadow.example.org>", Line: 0},
		{Text: "Date: 2026-11-20", Line: 0},
		{Text: "Subject: Worried about a pupil", Line: 0},
		{Text: "Dear MASH team,", Line: 1},
		{Text: "I am worried about Jamie Smith (DOB 03/04/2015) who lives at 12 Mill Lane, Oxford OX4 1AB.", Line: 3},
		{Text: "Jamie is in Year 5. Today he told his teacher that his mum's boyfriend hit him and he is scared to go home.", Line: 4},
		{Text: "Mum (Sarah Smith, born 12/05/1988, 07700 900123) does not know about this referral yet.", Line: 5},
		{Text: "Kind regards,", Line: 7},
		{Text: "Jane Doe", Line: 9},
		{Text: "Designated Safeguarding Lead, Brize Meadow Primary School", Line: 10},
		{Text: "Tel: 01865 000000", Line: 11},
		{Text: "This email is confidential and intended only for the recipient; if you have received it in error please tell the sender and delete it.", Line: 13},
	}}
	r := Map(d)
	expect(t, r, map[string]string{
		"child.name":            "Jamie Smith",
		"child.date_of_birth":   "2015-04-03",
		"child.postcode":        "OX4 1AB",
		"child.address":         "12 Mill Lane, Oxford OX4 1AB",
		"child.year_group":      "Year 5",
		"referrer.name":         "Jane Doe",
		"referrer.role":         "Designated Safeguarding Lead",
		"referrer.organisation": "Brize Meadow Primary School",
		"referrer.phone":        "01865 000000",
		"referrer.email":        "jane.doe@brizemeadow.example.org",
		"referral_date":         "2026-11-20",
	})
	desc := r.Concern.Description
	if !strings.HasPrefix(desc, "I am worried about Jamie Smith") || !strings.Contains(desc, "does not know about this referral yet.") {
		t.Errorf("description = %q", desc)
	}
	for _, bad := range []string{"Dear MASH", "Kind regards", "01865 000000", "confidential"} {
		if strings.Contains(desc, bad) {
			t.Errorf("description has %q: %q", bad, desc)
		}
	}
	if r.Sources["child.date_of_birth"].Line != 3 || r.Sources["referrer.phone"].Line != 11 {
		t.Errorf("sources: %v", r.Sources)
	}
	if t.Failed() {
		t.Log(dump(r))
	}
}

// Ensure an email whose body is a labelled form uses the labels, and its
// signature only where labels gave nothing.
func TestEmailWithLabelsAndSignature(t *testing.T) {
	r := mapText(`
Child: Jamie Smith
DOB: 03/04/2015
Reason for referral: Jamie said his dad hit him.
Kind regards
Jane Doe
DSL
Brize Meadow Primary School
Email: jane.doe@brizemeadow.example.org
Mobile: 07700 900777`)
	expect(t, r, map[string]string{
		"child.name": "Jamie Smith", "child.date_of_birth": "2015-04-03",
		"concern.description": "Jamie said his dad hit him.",
		"referrer.name":       "Jane Doe", "referrer.role": "DSL", "referrer.organisation": "Brize Meadow Primary School",
		"referrer.email": "jane.doe@brizemeadow.example.org", "referrer.phone": "07700 900777",
	})
	if len(r.Extra) != 0 {
		t.Errorf("extra = %v", r.Extra)
	}
}

// Ensure unknown labels are kept, with their values, in Extra.
func TestUnknownLabelsKept(t *testing.T) {
	r := mapText(`
Child's name: Jamie Smith
Alleged perpetrator: Mark Smith (father)
Pets in the home: Dog (Staffie), 2 cats
Reason for referral: Jamie said dad hit him.
Other children at risk | Lily Smith (6)
Police crime reference:
14/123456/26`)
	for _, e := range []struct{ label, val string }{
		{"Alleged perpetrator", "Mark Smith (father)"},
		{"Pets in the home", "Dog (Staffie), 2 cats"},
		{"Other children at risk", "Lily Smith (6)"},
		{"Police crime reference", "14/123456/26"},
	} {
		if !extraHas(r, e.label, e.val) {
			t.Errorf("extra lacks %q: %q; have %v", e.label, e.val, r.Extra)
		}
	}
	if r.Concern.Description != "Jamie said dad hit him." {
		t.Errorf("description = %q", r.Concern.Description)
	}
}

// Ensure text inside a free-text answer that looks like a label stays in the answer.
func TestColonInsideNarrative(t *testing.T) {
	r := mapText(`
Details of concern:
Jamie came in upset this morning.
He said: "my dad hit me with a belt".
Teacher noted: red mark on left arm.
Impact on the child: withdrawn in class.`)
	want := "Jamie came in upset this morning.\nHe said: \"my dad hit me with a belt\".\nTeacher noted: red mark on left arm."
	if r.Concern.Description != want {
		t.Errorf("description = %q", r.Concern.Description)
	}
	if r.Concern.Impact != "withdrawn in class." {
		t.Errorf("impact = %q", r.Concern.Impact)
	}
}

// Ensure Sources names where every placed field was found.
func TestSourcesRecorded(t *testing.T) {
	d := &document.Document{Format: "pdf", Pages: 2, Lines: []document.Line{
		{Text: "Child's name: Jamie Smith", Page: 1, Line: 4},
		{Text: "Name | Relationship | PR", Page: 1, Line: 9},
		{Text: "Sarah Smith | Mother | Yes", Page: 1, Line: 10},
		{Text: "Reason for referral", Page: 2, Line: 1},
		{Text: "Jamie said dad hit him.", Page: 2, Line: 2},
		{Text: "Forename: Jane", Page: 2, Line: 7},
		{Text: "Surname: Doe", Page: 2, Line: 8},
	}}
	r := Map(d)
	want := map[string]referral.Location{
		"child.name":                        {Page: 1, Line: 4},
		"family[0].name":                    {Page: 1, Line: 10},
		"family[0].relationship":            {Page: 1, Line: 10},
		"family[0].parental_responsibility": {Page: 1, Line: 10},
		"concern.description":               {Page: 2, Line: 1},
	}
	for p, w := range want {
		if got, ok := r.Sources[p]; !ok || got != w {
			t.Errorf("Sources[%s] = %+v, want %+v", p, got, w)
		}
	}
	// Every set field has a source.
	for _, p := range []string{"child.name", "family[0].name", "concern.description"} {
		if get(r, p) == "" {
			t.Errorf("%s not set", p)
		}
	}
	for p := range r.Sources {
		if get(r, p) == "" && !strings.HasPrefix(p, "support.agencies") {
			t.Errorf("source recorded for empty field %s", p)
		}
	}
}

// Ensure values are read into their types.
func TestValues(t *testing.T) {
	cases := []struct {
		line string
		want map[string]string
	}{
		{"Attendance: 87%", map[string]string{"child.attendance_percent": "87"}},
		{"Attendance %: 91.5 %", map[string]string{"child.attendance_percent": "91.5"}},
		{"Attendance: 0.87", map[string]string{"child.attendance_percent": "87"}},
		{"Level of need: Level 3", map[string]string{"referrer_level": "3"}},
		{"Threshold level: L2 - early help", map[string]string{"referrer_level": "2"}},
		{"Level of need: three", map[string]string{"referrer_level": "3"}},
		{"Referral to: Early Help", map[string]string{"referrer_route": "early-help"}},
		{"Type of referral: LADO - allegation against staff", map[string]string{"referrer_route": "lado"}},
		{"Referral to: Prevent", map[string]string{"referrer_route": "prevent"}},
		{"Referral to: MASH and police", map[string]string{"referrer_route": "mash"}},
		{"Referral to: Children's social care", map[string]string{"referrer_route": "mash"}},
		{"Has consent been obtained? Yes - verbal consent from mum", map[string]string{"consent.status": "given"}},
		{"Consent: agreed", map[string]string{"consent.status": "given"}},
		{"Consent: Parents refused", map[string]string{"consent.status": "refused"}},
		{"Consent: declined", map[string]string{"consent.status": "refused"}},
		{"Consent: No", map[string]string{"consent.status": "not_sought"}},
		{"Consent: not sought - would place child at risk", map[string]string{"consent.status": "not_sought", "consent.reason_not_sought": "would place child at risk"}},
		{"Consent: not asked", map[string]string{"consent.status": "not_sought"}},
		{"Has consent been obtained? No - not sought, risk of significant harm", map[string]string{"consent.status": "not_sought", "consent.reason_not_sought": "risk of significant harm"}},
		{"Date of incident: 16th November 2026", map[string]string{"concern.incident_date": "2026-11-16"}},
		{"Date of incident: Monday 16 November 2026", map[string]string{"concern.incident_date": "2026-11-16"}},
		{"Date of incident: last week sometime", map[string]string{"concern.incident_date": "last week sometime"}},
		{"Date and time of incident: 16/11/2026", map[string]string{"concern.incident_date": "2026-11-16"}},
		{"Time of incident: 10:30", map[string]string{"concern.incident_date": "-"}},
		{"DOB: 3.4.15", map[string]string{"child.date_of_birth": "2015-04-03"}},
		{"DOB: 03/04/2015 (age 11)", map[string]string{"child.date_of_birth": "2015-04-03"}},
		{"DOB: unknown - about 7", map[string]string{"child.age": "unknown - about 7", "child.date_of_birth": "-"}},
		{"Date of birth (or EDD): EDD 01/03/2099", map[string]string{"child.expected_due_date": "2099-03-01", "child.date_of_birth": "-"}},
		{"Date of birth (or EDD): 01/03/2099", map[string]string{"child.expected_due_date": "2099-03-01"}},
		{"Expected due date: 1st March 2099", map[string]string{"child.expected_due_date": "2099-03-01"}},
		{"Estimated age: approx. 14 years", map[string]string{"child.age": "approx. 14 years"}},
		{"Age: about 7", map[string]string{"child.age": "about 7"}},
		{"Mother's age: 34 years", map[string]string{"family[0].age": "34", "family[0].relationship": "mother"}},
		{"Referrer: Jane Doe, DSL", map[string]string{"referrer.name": "Jane Doe", "referrer.role": "DSL"}},
		{"Mother's name: Sarah Smith", map[string]string{"family[0].name": "Sarah Smith", "family[0].relationship": "mother"}},
		{"Parent/carer name: Sarah Smith (Mum)", map[string]string{"family[0].name": "Sarah Smith", "family[0].relationship": "Mum"}},
		{"Contact details: 01865 000000 / jane@school.example.org", map[string]string{"referrer.phone": "-"}},
		{"Your contact details: 01865 000000 / jane@school.example.org", map[string]string{"referrer.phone": "01865 000000", "referrer.email": "jane@school.example.org"}},
		{"Category of concern: Physical abuse, Neglect", map[string]string{"concern.categories": "[Physical abuse Neglect]"}},
		{"Other agencies involved: CAMHS, school nurse and health visitor", map[string]string{"support.agencies[0].name": "CAMHS", "support.agencies[1].name": "school nurse", "support.agencies[2].name": "health visitor"}},
		{"Other agencies involved: None", map[string]string{"support.agencies[0].name": "-"}},
		{"Interpreter required? Yes - Polish", map[string]string{"child.interpreter_needed": "yes", "child.first_language": "Polish"}},
		{"Is the child at immediate risk? Possibly", map[string]string{"concern.immediate_risk": "Possibly"}},
		{"Child's name: Click or tap here to enter text.", map[string]string{"child.name": "-"}},
		{"NHS number: ____________", map[string]string{"child.nhs_number": "-"}},
	}
	for _, c := range cases {
		r := mapText(c.line)
		for p, w := range c.want {
			got := get(r, p)
			if w == "-" {
				w = ""
			}
			if got != w {
				t.Errorf("%q: %s = %q, want %q", c.line, p, got, w)
			}
		}
	}
	// Values that cannot be read are listed in Unparsed.
	r := mapText("Attendance: good\nLevel of need: high\nReferral to: the usual people\nConsent: maybe later\nMother's age: mid thirties")
	want := map[string]bool{"child.attendance_percent": true, "referrer_level": true, "referrer_route": true, "consent.status": true, "family[0].age": true}
	for _, u := range r.Unparsed {
		delete(want, u.Field)
	}
	if len(want) != 0 {
		t.Errorf("not in Unparsed: %v (unparsed %v)", want, r.Unparsed)
	}
}

// Ensure unsure matches are kept as Extra, never put in the wrong field.
func TestNoWrongField(t *testing.T) {
	for _, c := range []struct{ label, notPath string }{
		{"Date of birth of mother", "child.date_of_birth"},
		{"Father's address", "child.address"},
		{"Why are parents not aware?", "consent.parent_aware"},
		{"Parents not aware of referral", "consent.parent_aware"},
		{"Name of alleged perpetrator", "child.name"},
		{"Perpetrator's date of birth", "child.date_of_birth"},
		{"Sibling's school", "child.school"},
		{"Mum's first language", "child.first_language"},
		{"Has the perpetrator been seen alone?", "concern.seen_alone"},
	} {
		r := mapText("Reason for referral: Jamie was hurt.\n" + c.label + ": X 01/01/1990")
		if got := get(r, c.notPath); got != "" {
			t.Errorf("%q went to %s = %q", c.label, c.notPath, got)
		}
		if !strings.Contains(dump(r), "X 01/01/1990") && len(r.Family) == 0 {
			t.Errorf("%q was dropped: %v", c.label, r.Extra)
		}
	}
}

// Ensure small wording changes still match.
func TestFuzzyLabels(t *testing.T) {
	for _, c := range []struct{ label, path string }{
		{"Please give details of the concerns", "concern.description"},
		{"Has the child been seen and spoken to on their own?", "concern.seen_alone"},
		{"Is the child safe to return home this evening?", "concern.current_safety"},
		{"What is the impact on the child of these concerns?", "concern.impact"},
		{"Are parents/carers aware of this referral being made?", "consent.parent_aware"},
		{"Previous involvement with other services", "concern.history"},
		{"What support has been offered already?", "support.actions_taken"},
	} {
		r := mapText(c.label + ": something")
		if got := get(r, c.path); got != "something" {
			t.Errorf("%q: %s = %q (extra %v)", c.label, c.path, got, r.Extra)
		}
	}
}

// Ensure a nil or empty document gives an empty referral.
func TestEmpty(t *testing.T) {
	for _, d := range []*document.Document{nil, {}, {Lines: []document.Line{{Text: "   "}}}} {
		r := Map(d)
		if r == nil || r.Version != referral.Version || r.Sources == nil {
			t.Fatalf("Map(%v) = %+v", d, r)
		}
	}
}
