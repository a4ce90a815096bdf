package mapping

import (
	"strings"
	"testing"
)

// Every person in these tests is invented.

// formCase is a document snippet and the fields it must give ("-" for empty).
type formCase struct {
	name string
	doc  string
	want map[string]string
}

func runFormCases(t *testing.T, cases []formCase) {
	t.Helper()
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

// Ensure the options of a question left as printed ("Yes / No") are an
// unanswered question, never a "yes".
func TestUnansweredPrompts(t *testing.T) {
	runFormCases(t, []formCase{
		{"yes / no after the question", `
Is the child at immediate risk?  Yes / No
Is the parent/carer aware of this referral?  Yes / No
Has consent been obtained?  Yes/No
Details of concern: Sam said dad hit him.`,
			map[string]string{"concern.immediate_risk": "-", "consent.parent_aware": "-", "consent.status": "-",
				"concern.current_safety": "-", "concern.description": "Sam said dad hit him."}},
		{"prompt variants", `
Seen alone: Y/N
Interpreter required: Yes/No*
Early help in place: Yes / No / Unknown
EHCP: Y / N`,
			map[string]string{"concern.seen_alone": "-", "child.interpreter_needed": "-", "support.early_help": "-", "child.ehcp": "-"}},
		{"the line after an unanswered prompt is not its answer", `
Is the child at immediate risk? Yes / No
Sam told me his dad hit him last night.`,
			map[string]string{"concern.immediate_risk": "-", "concern.description": "Sam told me his dad hit him last night."}},
		{"a prompt with its answer", `
SEN support?  Y/N: Y (dyslexia)
Interpreter required?  Y/N: N
Has the child been seen alone? Yes/No: Yes`,
			map[string]string{"child.disability_sen": "Y (dyslexia)", "child.interpreter_needed": "no", "concern.seen_alone": "yes"}},
		{"a bracketed hint between the question and its colon", `
Interpreter needed? (yes/no): no
Has the DSL been consulted? (yes/no): yes
Is the parent/carer aware of this referral? (yes/no): yes
Has consent been obtained? (given/refused/not sought): given`,
			map[string]string{"child.interpreter_needed": "no", "referrer.dsl_consulted": "yes",
				"consent.parent_aware": "yes", "consent.status": "given"}},
		{"a lone tick answers the question", `
Has the child been seen alone? ✓
Is the child at immediate risk? [x]`,
			map[string]string{"concern.seen_alone": "yes", "concern.immediate_risk": "yes"}},
		{"a table cell left as printed", `
Is the parent/carer aware of this referral? | Yes / No
Has the child been seen alone? | Yes`,
			map[string]string{"consent.parent_aware": "-", "concern.seen_alone": "yes"}},
	})
}

// Ensure a consent answer written as a sentence gives its status, who gave
// consent and when, and that later words do not change the status.
func TestConsentSentences(t *testing.T) {
	runFormCases(t, []formCase{
		{"given by a young person, then a wish", `
Consent: Given by Chantelle (competent young person, 17) on 17/11/2026. She asked that her mother is not told yet.`,
			map[string]string{"consent.status": "given", "consent.given_by": "Chantelle (competent young person, 17)",
				"consent.date": "2026-11-17", "consent.reason_not_sought": "-",
				"extra[0].value": "Given by Chantelle (competent young person, 17) on 17/11/2026. She asked that her mother is not told yet."}},
		{"given by a name on a date", `
Consent: Given by Donna Coles on 17/11/2026`,
			map[string]string{"consent.status": "given", "consent.given_by": "Donna Coles", "consent.date": "2026-11-17", "extra[0].value": "-"}},
		{"yes, who, how and when", `
Has consent been obtained? Yes – Mum, by phone, 20/11/2026`,
			map[string]string{"consent.status": "given", "consent.given_by": "Mum", "consent.date": "2026-11-20"}},
		{"capitals", `
CONSENT: YES, GIVEN BY EMMA BELL ON 20/11/2026`,
			map[string]string{"consent.status": "given", "consent.given_by": "EMMA BELL", "consent.date": "2026-11-20"}},
		{"status, name and date in parts", `
Consent: Given – Donna Coles, 20/11/2026, through a Language Line interpreter`,
			map[string]string{"consent.status": "given", "consent.given_by": "Donna Coles", "consent.date": "2026-11-20",
				"consent.interpreter_used": "yes"}},
		{"a family word as the giver", `
Consent: Yes - from both parents on 1/2/2026`,
			map[string]string{"consent.status": "given", "consent.given_by": "both parents", "consent.date": "2026-02-01"}},
		{"how, not who", `
Has consent been obtained? Yes – verbally on 19/11/26`,
			map[string]string{"consent.status": "given", "consent.given_by": "-", "consent.date": "2026-11-19"}},
		{"a refusal in the parent's words is not the school's reason", `
Consent: Refused - Mum said "social services will only make it worse"`,
			map[string]string{"consent.status": "refused", "consent.reason_not_sought": "-",
				"extra[0].value": `Refused - Mum said "social services will only make it worse"`}},
		{"no, then the reason", `
Consent: No. Dad would hurt mum if he found out.`,
			map[string]string{"consent.status": "not_sought", "consent.reason_not_sought": "Dad would hurt mum if he found out."}},
		{"a labelled giver replaces one read from the answer", `
Has consent been obtained? Yes - verbal consent from mum
Consent given by: Sarah Smith`,
			map[string]string{"consent.status": "given", "consent.given_by": "Sarah Smith",
				"extra[0].value": "Yes - verbal consent from mum"}},
	})
}

// Ensure a family member written on one line gives each detail its field,
// and keeps what it cannot place.
func TestPersonOnOneLine(t *testing.T) {
	runFormCases(t, []formCase{
		{"relationship dash name and details", `
Household:
Mum – Sarah Jones, 34, lives with child, has PR, 07700 900666
Stepdad – Craig Millward, 38, lives with child, no PR
Maternal nan – Pauline Jones, 61, not in household, provides childcare`,
			map[string]string{"family[0].name": "Sarah Jones", "family[0].relationship": "mother", "family[0].age": "34",
				"family[0].lives_with_child": "yes", "family[0].parental_responsibility": "yes", "family[0].phone": "07700 900666",
				"family[1].name": "Craig Millward", "family[1].parental_responsibility": "no",
				"family[2].name": "Pauline Jones", "family[2].relationship": "grandmother", "family[2].lives_with_child": "no",
				"extra[0].value": "provides childcare"}},
		{"labels and values in aligned columns", `
Mother: Nicola Pearce | DOB 14/04/1985 | PR: Y | Lives with child: Y | Tel: 07700 900444
Father: Adam Pearce | DOB 30/01/1983 | PR: Y | Lives with child: N | Tel: 07700 900555`,
			map[string]string{"family[0].name": "Nicola Pearce", "family[0].date_of_birth": "1985-04-14",
				"family[0].parental_responsibility": "yes", "family[0].lives_with_child": "yes", "family[0].phone": "07700 900444",
				"family[1].name": "Adam Pearce", "family[1].relationship": "father", "family[1].lives_with_child": "no",
				"family[1].phone": "07700 900555", "family[2].name": "-"}},
		{"capitals with a bracketed note", `
MOTHER: EMMA BELL, DOB 22/05/1992, TEL 07700 900321 (PR, LIVES WITH OSCAR)`,
			map[string]string{"family[0].name": "EMMA BELL", "family[0].date_of_birth": "1992-05-22",
				"family[0].phone": "07700 900321", "family[0].parental_responsibility": "yes"}},
		{"numbered parent with relationship in brackets", `
Parent/Carer 2: Darren Grant (father), PR yes, in prison (HMP Bullingdon) until 2027`,
			map[string]string{"family[0].name": "Darren Grant", "family[0].relationship": "father",
				"family[0].parental_responsibility": "yes", "extra[0].value": "in prison (HMP Bullingdon) until 2027"}},
		{"slash-separated rows under a heading naming the columns", `
HOUSEHOLD MEMBERS (name / relationship / age / PR?):
    Leanne Clarke / mother / 31 / yes
    Jordan Clarke / brother / 13 / n/a
    Marcus Bell / mum's partner / 35 / no`,
			map[string]string{"family[0].name": "Leanne Clarke", "family[0].relationship": "mother", "family[0].age": "31",
				"family[0].parental_responsibility": "yes", "family[1].name": "Jordan Clarke", "family[1].age": "13",
				"family[2].name": "Marcus Bell", "family[2].relationship": "mum's partner", "family[2].parental_responsibility": "no"}},
		{"a table row whose last columns are two spaces apart", `
Siblings
Name | DOB | School / setting | Lives with child
Tyler Whitcombe | 03/05/2012 | Bicester Learning Academy  Yes`,
			map[string]string{"family[0].name": "Tyler Whitcombe", "family[0].lives_with_child": "yes",
				"extra[0].value": "Bicester Learning Academy"}},
		{"a surname first is one name", `
Mother's name: SMITH, Jane`,
			map[string]string{"family[0].name": "SMITH, Jane"}},
		{"an address block keeps one comma per line", `
Address:
Flat 2, 17 Broad Street,
Banbury,
OX16 5BN`,
			map[string]string{"child.address": "Flat 2, 17 Broad Street, Banbury, OX16 5BN"}},
	})
}

// Ensure every person of a repeated block of labels, or of a table with one
// person per column, is kept as a member of their own.
func TestSecondParent(t *testing.T) {
	runFormCases(t, []formCase{
		{"repeated parent blocks", `
Parent / Carer name*: Funmi Adeyemi
Relationship to child*: Mother
Parental Responsibility?*: Yes
Phone*: 07700 900999

Parent / Carer name: Robert Hale
Relationship to child: Mother's partner
Parental Responsibility?: No
Phone: unknown`,
			map[string]string{"family[0].name": "Funmi Adeyemi", "family[0].relationship": "Mother",
				"family[0].parental_responsibility": "yes", "family[0].phone": "07700 900999",
				"family[1].name": "Robert Hale", "family[1].relationship": "Mother's partner",
				"family[1].parental_responsibility": "no", "family[1].phone": "unknown", "extra[0].value": "-"}},
		{"brothers and sisters share a surname", `
Sibling name: Amy Smith
Sibling DOB: 01/02/2012
Sibling name: Ben Smith
Sibling DOB: 05/06/2018`,
			map[string]string{"family[0].name": "Amy Smith", "family[0].date_of_birth": "2012-02-01",
				"family[1].name": "Ben Smith", "family[1].date_of_birth": "2018-06-05", "family[1].relationship": "sibling"}},
		{"the same person named twice is one member", `
Mother's name: Sarah
Mother's phone: 07700 900123
Mother's name: Sarah Smith`,
			map[string]string{"family[0].name": "Sarah", "family[0].phone": "07700 900123", "family[1].name": "-"}},
		{"one person per column", `
| | Parent/Carer 1 | Parent/Carer 2 |
| Name | Lisa Hartley | Paul Hartley |
| Relationship | Mother | Father |
| Parental responsibility | Yes | Yes |
| Lives with child | Yes | No |
| Phone | 07700 900161 | 07700 900162 |
| Hobbies | Running | |`,
			map[string]string{"family[0].name": "Lisa Hartley", "family[0].relationship": "Mother",
				"family[0].lives_with_child": "yes", "family[0].phone": "07700 900161",
				"family[1].name": "Paul Hartley", "family[1].relationship": "Father", "family[1].lives_with_child": "no",
				"family[1].parental_responsibility": "yes", "family[1].phone": "07700 900162", "family[2].name": "-",
				"extra[0].label": "Hobbies (Parent/Carer 1)", "extra[0].value": "Running"}},
		{"columns named by relationship", `
Details | Mother | Father
Name | Lisa Hartley | Paul Hartley
Date of birth | 01/02/1985 | 03/04/1983`,
			map[string]string{"family[0].name": "Lisa Hartley", "family[0].relationship": "mother",
				"family[0].date_of_birth": "1985-02-01", "family[1].name": "Paul Hartley", "family[1].relationship": "father",
				"family[1].date_of_birth": "1983-04-03"}},
	})
}

// Ensure a table or list of the professionals involved gives agencies, never
// family members or the referrer.
func TestProfessionalsInvolved(t *testing.T) {
	runFormCases(t, []formCase{
		{"a table under a numbered section after the siblings", `
Siblings
Name | DOB | Lives with child
Tyler Whitcombe | 03/05/2012 | Yes
Section C: Reason for Request
Ellie came in with a bruise.
Section D: Professionals involved
Agency | Name | Contact
School nurse | Priya Shah | 01865 904000
Speech and language | Tom Belling | 01865 904111`,
			map[string]string{"family[0].name": "Tyler Whitcombe", "family[1].name": "-",
				"concern.description":      "Ellie came in with a bruise.",
				"support.agencies[0].name": "School nurse", "support.agencies[0].contact": "Priya Shah, 01865 904000",
				"support.agencies[1].name": "Speech and language"}},
		{"a label over a table with a role column", `
# Siblings
Name | Age | Lives at home?
Evie Grant | 14 | Yes
Professionals involved
Role | Name | Agency | Phone
Family worker | Lou Marsh | Family Solutions Plus | 01865 555 808`,
			map[string]string{"family[0].name": "Evie Grant", "family[1].name": "-",
				"support.agencies[0].name": "Family Solutions Plus", "support.agencies[0].role": "Family worker",
				"support.agencies[0].contact": "Lou Marsh, 01865 555 808"}},
		{"a column naming two things", `
## Part 4 – Professionals involved
| Name | Agency / role | Telephone |
|---|---|---|
| Lisa Grant | IDVA, Reducing the Risk | 01865 555 010 |`,
			map[string]string{"support.agencies[0].name": "IDVA, Reducing the Risk", "family[0].name": "-"}},
		{"agencies as a plural label", `
REFERRER: SIMON HART
AGENCIES: SCHOOL NURSE (ANNA PRICE); SENSS (AUTISM TEAM)`,
			map[string]string{"support.agencies[0].name": "SCHOOL NURSE (ANNA PRICE)", "support.agencies[1].name": "SENSS (AUTISM TEAM)",
				"referrer.organisation": "-"}},
		{"an agency in one's own name still is the referrer's", `
Referrer name: Jo Bloggs
Agency: Oxford Health`,
			map[string]string{"referrer.organisation": "Oxford Health", "support.agencies[0].name": "-"}},
	})
}

// Ensure a letter with no labels names the child the writer refers, not a
// brother or sister named later with their age.
func TestLetterNamesReferredChild(t *testing.T) {
	d := textDoc(`
Dear MASH colleagues,
I am writing to refer Kai Brennan-Lowe, who is in Year 8 at Wychwood Academy. Kai lives with his mother. Kai has a younger half-sister, Poppy Cotter (aged 3), who also lives at the address.
We have had concerns before: in March 2025 we completed an Early Help Assessment.
Kind regards,
Mark Oduya
Designated Safeguarding Lead | Assistant Headteacher
Tel: 01993 700123 | Mob: 07700 900789`)
	d.Format = "email"
	r := Map(d)
	expect(t, r, map[string]string{"child.name": "Kai Brennan-Lowe", "referrer.name": "Mark Oduya",
		"referrer.role": "Designated Safeguarding Lead | Assistant Headteacher", "referrer.phone": "01993 700123"})
	if !strings.Contains(r.Concern.Description, "We have had concerns before: in March 2025") {
		t.Errorf("labelled prose left out of the description: %q", r.Concern.Description)
	}
	runFormCases(t, []formCase{
		{"a sibling with a date of birth before the child", `
Her brother Sam Jones (DOB 01/02/2010) is at college. We are concerned about Amy Jones, who is 9.`,
			map[string]string{"child.name": "Amy Jones"}},
		{"a name with a date of birth and no trigger", `
Tyler Smith (DOB 03/05/2015) came to school with a bruise on his arm today.`,
			map[string]string{"child.name": "Tyler Smith"}},
	})
}

// Ensure the dot leaders of a printed form join each label to its value.
func TestDotLeaders(t *testing.T) {
	runFormCases(t, []formCase{
		{"leaders of different lengths", `
Pupil name ........................ Ethan Coles
Date of birth ..................... 10/06/2013
Religion …………… Christian
Gender . . . . . . . M
Main carer ........................ Mrs Donna Coles (mother) – 07700 900135
Summary of concern ................ He said... that he owes money.`,
			map[string]string{"child.name": "Ethan Coles", "child.date_of_birth": "2013-06-10", "child.religion": "Christian",
				"child.gender": "M", "family[0].name": "Mrs Donna Coles", "family[0].relationship": "mother",
				"family[0].phone": "07700 900135", "concern.description": "He said... that he owes money."}},
		{"an empty leader waits for nothing", `
Pupil name ........................
Date of birth ..................... 10/06/2013`,
			map[string]string{"child.name": "-", "child.date_of_birth": "2013-06-10"}},
		{"an ellipsis in prose is not a leader", `
Details of concern: Mum said she would... well, she did not finish.`,
			map[string]string{"concern.description": "Mum said she would... well, she did not finish."}},
	})
}

// Ensure a referrer written on one line, or in unlabelled lines under a
// referrer label or heading, is split into name, role, organisation, phone
// and email.
func TestReferrerParts(t *testing.T) {
	runFormCases(t, []formCase{
		{"one line", `
Referrer: Rebecca Lyle, DSL, Chalgrove Community Primary School, 01865 555 888, r.lyle@chalgrove.example.org`,
			map[string]string{"referrer.name": "Rebecca Lyle", "referrer.role": "DSL",
				"referrer.organisation": "Chalgrove Community Primary School", "referrer.phone": "01865 555 888",
				"referrer.email": "r.lyle@chalgrove.example.org"}},
		{"a section label with the details after it", `
Q19. Referrer details: Daniel Ross, Head of Year 9 and Deputy DSL, Carterton Community College, 01993 555 222`,
			map[string]string{"referrer.name": "Daniel Ross", "referrer.role": "Head of Year 9 and Deputy DSL",
				"referrer.organisation": "Carterton Community College", "referrer.phone": "01993 555 222"}},
		{"a role in parts", `
Completed by: Kate Lennon, Assistant Head (Pastoral) / DDSL`,
			map[string]string{"referrer.name": "Kate Lennon", "referrer.role": "Assistant Head (Pastoral) / DDSL"}},
		{"lines under a referrer label", `
REFERRER:
    Mrs Dawn Fletcher
    DSL / Inclusion Lead, Hardwick Primary School
    01295 555 404 / dsl@hardwick.example.org`,
			map[string]string{"referrer.name": "Mrs Dawn Fletcher", "referrer.role": "DSL / Inclusion Lead",
				"referrer.organisation": "Hardwick Primary School", "referrer.phone": "01295 555 404",
				"referrer.email": "dsl@hardwick.example.org", "extra[0].value": "-"}},
		{"bullets under a referrer heading", `
Details of concern: Sam has a bruise.
# Referrer
- Sophie Turnbull, Deputy DSL / Year 3 teacher, St Frideswide's CE Primary
- 01865 555 321 · dsl@stf.example.org
- Works Monday to Wednesday`,
			map[string]string{"referrer.name": "Sophie Turnbull", "referrer.role": "Deputy DSL / Year 3 teacher",
				"referrer.organisation": "St Frideswide's CE Primary", "referrer.phone": "01865 555 321",
				"referrer.email": "dsl@stf.example.org", "extra[0].value": "- Works Monday to Wednesday"}},
		{"a name and role only", `
Referrer: Jane Doe, DSL`,
			map[string]string{"referrer.name": "Jane Doe", "referrer.role": "DSL"}},
	})
}

// Ensure an answer on the line below its question is read as the answer,
// even when it looks like a label.
func TestAnswerOnNextLine(t *testing.T) {
	runFormCases(t, []formCase{
		{"a place that names a field", `
Current location of child
At school (Kidlington Park Academy)
Ethnicity
Black British – African`,
			map[string]string{"child.current_location": "At school (Kidlington Park Academy)", "child.school": "-",
				"child.ethnicity": "Black British – African"}},
		{"a question, then a place", `
Where is the child now?
At school
Gender
Male`,
			map[string]string{"child.current_location": "At school", "child.school": "-", "child.gender": "Male"}},
		{"a blank answer leaves the next label a label", `
Ethnicity

Religion
Muslim`,
			map[string]string{"child.ethnicity": "-", "child.religion": "Muslim"}},
		{"a parent's name under a label naming the parent", `
Name of parent/carer
Grace Okafor
Relationship to child
Mother`,
			map[string]string{"family[0].name": "Grace Okafor", "family[0].relationship": "Mother", "concern.description": "-"}},
	})
}

// Ensure parents' awareness is read whatever the form calls the referral
// ("request", "request for support", "notification").
func TestParentAwareOfRequest(t *testing.T) {
	for _, l := range []string{
		"Are parents aware of this request? No",
		"Is the parent/carer aware of this request for support? No",
		"Parent aware of notification: No",
		"PARENT INFORMED OF REFERRAL?: No",
		"Mum aware: no",
	} {
		r := mapText(l)
		if r.Consent.ParentAware != "no" {
			t.Errorf("%q: consent.parent_aware = %q, want no", l, r.Consent.ParentAware)
		}
	}
}

// Ensure the words after "Yes" to "Seen alone?" are not taken for the
// child's words.
func TestSeenAloneDetails(t *testing.T) {
	runFormCases(t, []formCase{
		{"yes, by whom and when", `
Seen alone? Yes, by the DSL on 20/11`,
			map[string]string{"concern.seen_alone": "yes", "concern.child_voice": "-", "extra[0].value": "Yes, by the DSL on 20/11"}},
		{"the child's words under their own label", `
Has the child been seen alone? Yes
What has the child said? "Dad hit me."`,
			map[string]string{"concern.seen_alone": "yes", "concern.child_voice": `"Dad hit me."`}},
	})
}

// Ensure questions and labels that tester's forms used reach a sensible
// field, and who made a decision stays visible with it.
func TestMoreLabels(t *testing.T) {
	runFormCases(t, []formCase{
		{"numbered questions", `
Q4. Which school does the child attend? Carterton Community College
Q15. What has already been done? School counsellor weekly since 17/11.
Q8. Who lives in the household? Mia, her mother Agnieszka (41), and brother Kacper (16)`,
			map[string]string{"child.school": "Carterton Community College",
				"support.actions_taken": "School counsellor weekly since 17/11.",
				"extra[0].label":        "Who lives in the household?", "extra[0].value": "Mia, her mother Agnieszka (41), and brother Kacper (16)"}},
		{"who has parental responsibility", `
Mother's name: Agnieszka Sokolowska
Who has parental responsibility? Mother (Agnieszka Sokolowska) and father (Piotr Sokolowski)`,
			map[string]string{"family[0].name": "Agnieszka Sokolowska", "family[0].parental_responsibility": "yes",
				"family[1].name": "Piotr Sokolowski", "family[1].relationship": "father",
				"family[1].parental_responsibility": "yes", "family[2].name": "-"}},
		{"main language and same address columns", `
| Field | Detail |
|---|---|
| Main language at home | Polish |
# Household composition
| Name | Relationship to child | Same address (Y/N) | Lives with |
|---|---|---|---|
| Ewa Nowak | Mother | Y | Y |`,
			map[string]string{"child.first_language": "Polish", "family[0].lives_with_child": "yes"}},
		{"the decision not to seek consent and who made it", `
CONSENT | Not sought
REASON | Forced marriage – contacting the family could increase the risk
DECISION MADE BY | Farah Iqbal, DSL, 20/11/2026`,
			map[string]string{"consent.status": "not_sought",
				"consent.reason_not_sought": "Forced marriage – contacting the family could increase the risk\n\nDECISION MADE BY: Farah Iqbal, DSL, 20/11/2026"}},
		{"reason for proceeding without consent after a refusal", `
Consent | Refused - Mum said "it will make it worse"
Reason for proceeding without consent | Risk of significant harm`,
			map[string]string{"consent.status": "refused", "consent.reason_not_sought": "Risk of significant harm"}},
		{"other services and risk today", `
Other services: YOT (prevention); CAMHS
Risk today: Yes - not attended today`,
			map[string]string{"support.agencies[0].name": "YOT (prevention)", "concern.immediate_risk": "yes"}},
	})
}

// Ensure a school written with the year group, a referral date written with
// a time, and questions that use the child's name are read.
func TestSchoolYearDateAndChildName(t *testing.T) {
	runFormCases(t, []formCase{
		{"school with year in brackets", `
School: Ladygrove Park Primary School (Year 2)`,
			map[string]string{"child.school": "Ladygrove Park Primary School", "child.year_group": "Year 2"}},
		{"school and year as one label", `
School and year: Thames Reach School, Year 11`,
			map[string]string{"child.school": "Thames Reach School", "child.year_group": "Year 11"}},
		{"a year group that is not a school", `
Tutor group / Year: 9C / Year 9`,
			map[string]string{"child.school": "-", "child.year_group": "9C / Year 9"}},
		{"a referral date with a time", `
Date: Mon, 23 Nov 2026 at 16:40
Date and time of incident: 16/11/2026 10:30`,
			map[string]string{"referral_date": "2026-11-23", "concern.incident_date": "16/11/2026 10:30"}},
		{"questions naming the child", `
Child's name: Alfie Grant
What has Alfie said?
"I miss my dad."
Has Alfie been seen alone? Yes`,
			map[string]string{"concern.child_voice": `"I miss my dad."`, "concern.seen_alone": "yes"}},
	})
	r := mapText(`Ruby told the TA that she was shut in a cupboard. I am the DSL, Gemma Hobbs, at Bampton CE Primary, on 01993 555 321 or gemma.hobbs@bampton.example.org.`)
	expect(t, r, map[string]string{"referrer.phone": "01993 555 321", "referrer.email": "gemma.hobbs@bampton.example.org"})
}
