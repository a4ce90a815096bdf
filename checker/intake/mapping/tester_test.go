package mapping

import (
	"testing"

	"github.com/frontdoorhq/frontdoor/checker/intake/document"
)

// Layouts an independent tester wrote, which the readers had not seen.
// Each case maps one snippet and checks the fields named ("-" = empty);
// look-alikes that must not change sit beside the fixes.

// Ensure consent written as "not given" is not read as given, and the
// other consent answers the tester wrote are read for what they say.
func TestConsentNegatedAndLabelled(t *testing.T) {
	runFormCases(t, []formCase{
		{"question, not given", "Has consent been obtained? Not given",
			map[string]string{"consent.status": "not_sought", "consent.reason_not_sought": "-"}},
		{"label, not given", "Consent: Not given",
			map[string]string{"consent.status": "not_sought"}},
		{"has not been given", "Consent: has not been given",
			map[string]string{"consent.status": "not_sought", "consent.reason_not_sought": "-"}},
		{"not given with the reason", "Consent: Not given as this would place the child at risk",
			map[string]string{"consent.status": "not_sought", "consent.reason_not_sought": "as this would place the child at risk"}},
		{"look-alike: given", "Consent: Given by mum on 20/11/2026",
			map[string]string{"consent.status": "given", "consent.given_by": "mum"}},
		{"look-alike: not given, refused", "Consent: Not given - mum refused",
			map[string]string{"consent.status": "refused"}},
		// "Not refused" says neither given nor refused: left empty, and
		// kept as an answer that could not be understood (FD809).
		{"not refused is not understood", "Consent: not refused",
			map[string]string{"consent.status": "-"}},
		{"the first clause says the status", "Consent: Verbal consent given by mum, dad not asked",
			map[string]string{"consent.status": "given", "consent.given_by": "mum", "consent.reason_not_sought": "-"}},
		{"look-alike: a later refusal stands", "Consent: Mum agreed at first, but she has since refused",
			map[string]string{"consent.status": "refused"}},
		{"a label naming the status, yes", "Consent refused: Yes",
			map[string]string{"consent.status": "refused", "consent.reason_not_sought": "-"}},
		{"a label naming the status, no", "Consent refused: No",
			map[string]string{"consent.status": "-", "consent.reason_not_sought": "-"}},
		{"not sought, yes with the reason", "Consent not sought: Yes - mum would flee with the children",
			map[string]string{"consent.status": "not_sought", "consent.reason_not_sought": "mum would flee with the children"}},
		{"look-alike: reason consent refused", "Reason consent refused: she does not want help",
			map[string]string{"consent.status": "-", "consent.reason_not_sought": "she does not want help"}},
		{"prompt with a hint, answered", "Has consent been obtained? YES / NO (delete as appropriate): NO",
			map[string]string{"consent.status": "not_sought"}},
		{"look-alike: prompt with a hint, unanswered", "Has consent been obtained? YES / NO (delete as appropriate)",
			map[string]string{"consent.status": "-"}},
		{"yes/no/unknown prompt", "Interpreter needed? Yes/No/Unknown: Unknown",
			map[string]string{"child.interpreter_needed": "unknown"}},
		{"No and a full stop", "Is the parent/carer aware of this referral? No. Telling mum may put Kacper at increased risk of harm.",
			map[string]string{"consent.parent_aware": "no", "consent.reason_not_sought": "Telling mum may put Kacper at increased risk of harm."}},
		{"Yes and a full stop", "Is the parent/carer aware of this referral? Yes. Mum was told on 20/11.",
			map[string]string{"consent.parent_aware": "yes", "consent.reason_not_sought": "-"}},
		{"look-alike: No and a dash", "Is the parent/carer aware of this referral? No - telling mum may put him at risk.",
			map[string]string{"consent.parent_aware": "no", "consent.reason_not_sought": "telling mum may put him at risk."}},
		{"look-alike: a word starting no", "Is the parent/carer aware of this referral? Nobody has been told.",
			map[string]string{"consent.parent_aware": "no"}},
	})
}

// Ensure consent questions the table did not know, and a two-part question
// answered on the line below, are read (nothing is dropped).
func TestConsentQuestions(t *testing.T) {
	runFormCases(t, []formCase{
		{"two-part question, answer below", "Has the family been informed of this referral? If not, why not?\nNo. Telling mum may put Kacper at increased risk of harm.",
			map[string]string{"consent.parent_aware": "no", "consent.reason_not_sought": "Telling mum may put Kacper at increased risk of harm."}},
		{"two-part question, bracketed", "Is the parent aware? (If no, why not?)\nYes",
			map[string]string{"consent.parent_aware": "yes"}},
		{"two-part question, answered on the line", "Is the parent aware? If no, why not? No, mum would flee",
			map[string]string{"consent.parent_aware": "no", "consent.reason_not_sought": "mum would flee"}},
		{"in agreement", "Are parents in agreement with this referral? No",
			map[string]string{"consent.status": "not_sought"}},
		{"do the family know", "Do the family know you are making this referral? No",
			map[string]string{"consent.parent_aware": "no"}},
		{"discussed with the family", "Have you discussed this referral with the family? No",
			map[string]string{"consent.parent_aware": "no"}},
		{"a combined reason label", "Reason consent refused / why referring anyway: mum said she would move away; risk of significant harm",
			map[string]string{"consent.reason_not_sought": "mum said she would move away; risk of significant harm"}},
		{"refused, and why the referral goes ahead", "Does the parent/carer consent to this referral? No - mum does not consent. She said she would move away. We are referring without consent because the risk of harm is high.",
			map[string]string{"consent.status": "refused", "consent.reason_not_sought": "We are referring without consent because the risk of harm is high."}},
		{"look-alike: a refusal with the parent's reason only", "Consent: Refused - mum said she does not want social workers involved",
			map[string]string{"consent.status": "refused", "consent.reason_not_sought": "-"}},
	})
}

// Ensure tick notations are read for the option they mark: a tick beats a
// cross elsewhere; a cross (or a lone X) marks the option when nothing is
// ticked; no tick characters are left in a value.
func TestTickNotations(t *testing.T) {
	runFormCases(t, []formCase{
		{"cross then tick", "Interpreter needed? Yes ✗ No ✓", map[string]string{"child.interpreter_needed": "no"}},
		{"X then tick", "Interpreter needed? Yes X No ✓", map[string]string{"child.interpreter_needed": "no"}},
		{"circles", "Interpreter needed? Yes ○ No ●", map[string]string{"child.interpreter_needed": "no"}},
		{"circles before", "Interpreter needed? ● Yes ○ No", map[string]string{"child.interpreter_needed": "yes"}},
		{"lone X before, wide gap", "Interpreter needed? X Yes   No", map[string]string{"child.interpreter_needed": "yes"}},
		{"lone X, immediate risk", "Is the child at immediate risk?  X Yes    No", map[string]string{"concern.immediate_risk": "yes"}},
		{"lone X nearer the second option", "Is the child at immediate risk?  Yes    X No", map[string]string{"concern.immediate_risk": "no"}},
		{"a cross alone marks its option", "Interpreter needed? Yes ✗ No", map[string]string{"child.interpreter_needed": "yes", "child.first_language": "-"}},
		{"look-alike: boxes", "Interpreter needed? [x] Yes [ ] No", map[string]string{"child.interpreter_needed": "yes"}},
		{"look-alike: printed options, none marked", "Is the child at immediate risk?   Yes    No", map[string]string{"concern.immediate_risk": "-"}},
		{"look-alike: Mr X", "Reason for referral: Mr X hit him\nInterpreter needed: No", map[string]string{"child.interpreter_needed": "no", "concern.description": "Mr X hit him"}},
		{"boxes in free text", "SEN/disability: [X] Yes [ ] No - autism, EHCP in place",
			map[string]string{"child.disability_sen": "Yes - autism, EHCP in place", "child.ehcp": "yes"}},
		{"boxes after options in free text", "Disability: Yes ☒ No ☐ - ADHD", map[string]string{"child.disability_sen": "Yes - ADHD", "child.ehcp": "-"}},
		{"look-alike: an EHCP applied for", "SEN: Yes - EHCP applied for", map[string]string{"child.disability_sen": "Yes - EHCP applied for", "child.ehcp": "-"}},
		{"look-alike: not at EHCP level", "SEN: SEN support, not at EHCP level", map[string]string{"child.ehcp": "-"}},
		{"look-alike: a box later in free text", "SEN: Dyslexia. Checklist: [x] reading support", map[string]string{"child.disability_sen": "Dyslexia. Checklist: [x] reading support"}},
	})
}

// Ensure "Question | Yes | No" rows with nothing marked are not read as
// "yes" (the printed options of a form whose boxes are form fields).
func TestPrintedOptionRows(t *testing.T) {
	runFormCases(t, []formCase{
		{"rows of printed options", "Has consent been obtained? | Yes | No\nIs the parent aware of this referral? | Yes | No\nEHCP | Yes | No",
			map[string]string{"consent.status": "-", "consent.parent_aware": "-", "child.ehcp": "-"}},
		{"look-alike: a tick table", "Question | Yes | No\nIs the parent aware of this referral? | X |\nEHCP |  | X",
			map[string]string{"consent.parent_aware": "yes", "child.ehcp": "no"}},
	})
}

// Ensure an empty answer is never filled with the label on the line below:
// in text, and beside a form field.
func TestEmptyAnswerKeepsNextLabel(t *testing.T) {
	runFormCases(t, []formCase{
		{"label then label", "Child's name: Tom Example\nDate of birth\nHome address\n1 High Street",
			map[string]string{"child.date_of_birth": "-", "child.address": "1 High Street"}},
		{"look-alike: an answer that starts like a label", "Where is the child now?\nHome with mum",
			map[string]string{"child.current_location": "Home with mum"}},
	})
	// A label with a form field beside it: the value is the field's.
	d := textDoc("Date of birth\nEthnicity of the family\nWhite British")
	d.Fields = []document.Field{{Name: "dob", Label: "Date of birth", Kind: document.KindText, Page: 0, Line: 1}}
	expect(t, Map(d), map[string]string{"child.date_of_birth": "-"})
}

// Ensure a competent young person's own consent is recorded as theirs, and
// their view of the referral is kept.
func TestYoungPersonOwnConsent(t *testing.T) {
	runFormCases(t, []formCase{
		{"own consent in a sentence", "Child's name: Chloe Barnes\nDate of birth: 02/03/2009\nConsent: Chloe has given her own consent to this referral. She is 17 and understands what a referral means.",
			map[string]string{"consent.status": "given", "consent.given_by": "Chloe Barnes",
				"consent.child_views": "Chloe has given her own consent to this referral. She is 17 and understands what a referral means."}},
		{"own consent in brackets, views under a consent heading", "Child's name: Chloe Barnes\n# Consent\nConsent: Yes - Chloe's own consent (she is 17)\nYoung person's views: She agrees to the referral.",
			map[string]string{"consent.status": "given", "consent.given_by": "Chloe Barnes", "consent.child_views": "She agrees to the referral.", "concern.child_voice": "-"}},
		{"not the young person: mum's consent", "Child's name: Chloe Barnes\nConsent: Mum has given consent by phone",
			map[string]string{"consent.status": "given", "consent.given_by": "Mum", "consent.child_views": "-"}},
		{"look-alike: a young mother's own consent", "Mother: Jade Collins, 07700 900551\nExpected due date: 20/02/2027\nConsent: Jade has given her own consent to this referral. She is 16.",
			map[string]string{"consent.status": "given", "consent.given_by": "Jade", "consent.child_views": "-"}},
		{"look-alike: views outside a consent section", "Child's name: Chloe Barnes\nYoung person's views: She wants to stay with her nan.",
			map[string]string{"concern.child_voice": "She wants to stay with her nan.", "consent.child_views": "-"}},
	})
}

// Ensure household members written in the tester's layouts are kept, each
// with what the line says.
func TestHouseholdLayouts(t *testing.T) {
	runFormCases(t, []formCase{
		{"a person line ending in an empty box", "Child's name: Maisie Hollis\nFamily members:\nMother - Rebecca Thompson - PR [ ]\nStepdad - Gary Hollis - lives with Maisie - PR [ ]",
			map[string]string{"family[0].name": "Rebecca Thompson", "family[0].relationship": "mother", "family[0].parental_responsibility": "-",
				"family[1].name": "Gary Hollis", "family[1].lives_with_child": "yes", "family[1].parental_responsibility": "-"}},
		{"look-alike: a ticked box", "Family members:\nMother - Rebecca Thompson - PR [x]",
			map[string]string{"family[0].name": "Rebecca Thompson", "family[0].parental_responsibility": "yes"}},
		{"a Markdown header ending in no.", "# Household\n| Name | Relationship | DOB | PR | Contact no. |\n|---|---|---|---|---|\n| Rebecca Thompson | Mother | 01/02/1990 | Yes | 07700 900111 |\n| Gary Hollis | Stepfather | 03/04/1988 | No | 07700 900222 |",
			map[string]string{"family[0].name": "Rebecca Thompson", "family[0].phone": "07700 900111", "family[1].parental_responsibility": "no", "family[2].name": "-"}},
		{"Tel no. heading", "# Household\n| Name | Relationship | Tel no. |\n| Rebecca Thompson | Mother | 07700 900111 |",
			map[string]string{"family[0].name": "Rebecca Thompson", "family[0].phone": "07700 900111", "family[1].name": "-"}},
		{"parents with PR, one a line", "Child's name: Maisie Hollis\nParent/carer(s) with PR:\nRebecca Thompson (mother), 07700 900111\nGary Hollis (father), 07700 900222",
			map[string]string{"family[0].name": "Rebecca Thompson", "family[0].parental_responsibility": "yes", "family[0].phone": "07700 900111",
				"family[1].name": "Gary Hollis", "family[1].parental_responsibility": "yes", "family[1].phone": "07700 900222"}},
		{"other household members on one line", "Other household members: Leo Hollis (brother, 8), Mia Hollis (sister, 3)",
			map[string]string{"family[0].name": "Leo Hollis", "family[0].age": "8", "family[0].lives_with_child": "yes", "family[1].name": "Mia Hollis", "family[1].relationship": "sister"}},
		{"lives with", "Lives with: Mum (Michelle Hollis) and her partner Dean Price",
			map[string]string{"family[0].name": "Michelle Hollis", "family[0].relationship": "Mum", "family[0].lives_with_child": "yes",
				"family[1].name": "Dean Price", "family[1].relationship": "mother's partner", "family[1].lives_with_child": "yes"}},
		{"look-alike: lives with, yes", "Mother: Michelle Hollis\nLives with child: yes",
			map[string]string{"family[0].name": "Michelle Hollis", "family[0].lives_with_child": "yes", "family[1].name": "-"}},
		{"a person named by another", "Mother: Michelle Hollis\nMichelle's partner: Dean Price",
			map[string]string{"family[1].name": "Dean Price", "family[1].relationship": "mother's partner"}},
		{"current carer", "Current carer: Aunt Sandra Hollis",
			map[string]string{"family[0].name": "Sandra Hollis", "family[0].relationship": "Aunt"}},
		{"parents on one line", "Parents: Fiona McKenzie (mum) 07700 900601 PR Yes; Andrew McKenzie (dad) 07700 900602 PR Yes",
			map[string]string{"family[0].name": "Fiona McKenzie", "family[0].phone": "07700 900601", "family[0].parental_responsibility": "yes",
				"family[1].name": "Andrew McKenzie", "family[1].relationship": "dad", "family[1].parental_responsibility": "yes"}},
		{"labels inside a person's line", "Father: Ryan Cole  PR: ☐ Yes ☑ No  Lives with child: No",
			map[string]string{"family[0].name": "Ryan Cole", "family[0].parental_responsibility": "no", "family[0].lives_with_child": "no"}},
		{"a person in parts", "Child name: Tom Smith\n# Family details\nMother | Laura Walsh, PR: Yes, 07700 900321",
			map[string]string{"family[0].name": "Laura Walsh", "family[0].parental_responsibility": "yes", "family[0].phone": "07700 900321"}},
		{"look-alike: Smith, Jamie", "Mother: Walsh, Laura",
			map[string]string{"family[0].name": "Walsh, Laura"}},
		{"look-alike: surname first, then labels", "Child name: Tom Smith\n# Family details\nMother: Walsh, Laura, DOB: 01/02/1985",
			map[string]string{"family[0].name": "Walsh, Laura", "family[0].date_of_birth": "1985-02-01"}},
	})
}

// Ensure a parent's language and interpreter need are theirs, and "speaks
// some English" is not a first language.
func TestFamilyLanguage(t *testing.T) {
	runFormCases(t, []formCase{
		{"language in a person line", "Child's name: Hevin Ahmadi\nMother: Shirin Ahmadi, tel 07700 900123, PR yes, lives with Hevin. First language Sorani Kurdish, very little English. Interpreter needed: Yes",
			map[string]string{"family[0].first_language": "Sorani Kurdish", "family[0].interpreter_needed": "yes", "family[0].phone": "07700 900123", "child.interpreter_needed": "-"}},
		{"speaks some English", "Father: Karim Ahmadi, 07700 900124, speaks some English",
			map[string]string{"family[0].first_language": "-"}},
		{"look-alike: speaks Urdu", "Father: Karim Ahmadi, 07700 900124, speaks Urdu",
			map[string]string{"family[0].first_language": "Urdu"}},
		{"interpreter inside a parent's line", "Mother: Hodan Farah, 07700 900125, first language Somali, interpreter needed: yes",
			map[string]string{"family[0].first_language": "Somali", "family[0].interpreter_needed": "yes", "child.interpreter_needed": "-"}},
		{"interpreter for the one parent", "Mother: Hodan Farah\nInterpreter for parent?  Yes (Urdu)",
			map[string]string{"family[0].interpreter_needed": "yes", "family[0].first_language": "Urdu", "family[1].name": "-", "family[1].interpreter_needed": "-"}},
		{"interpreter for parent, no parent listed", "Child's name: Ayaan Farah\nInterpreter for parent?  Yes (Urdu)",
			map[string]string{"family[0].interpreter_needed": "-", "child.interpreter_needed": "-"}},
	})
	r := mapText("Child's name: Ayaan Farah\nInterpreter for parent?  Yes (Urdu)")
	if !extraHas(r, "Interpreter for parent?", "Urdu") {
		t.Errorf("the answer is not kept: %+v", r.Extra)
	}
}

// Ensure the referrer's details are read from numbered forms, one-line
// answers and signatures, and a title is not a route.
func TestReferrerLayouts(t *testing.T) {
	runFormCases(t, []formCase{
		{"numbered form, answers below", "1. Child's name\nHarvey Quinn\n6. Siblings\nRuby Quinn, 6\n7. Your name and role\nSarah Whitfield, Deputy DSL\n9. Contact telephone\n01865 555789\n10. Email\ns.whitfield@hillview.example.org",
			map[string]string{"referrer.name": "Sarah Whitfield", "referrer.role": "Deputy DSL", "referrer.phone": "01865 555789",
				"referrer.email": "s.whitfield@hillview.example.org", "family[0].name": "Ruby Quinn", "family[1].name": "-", "family[1].phone": "-"}},
		{"look-alike: sub-numbered questions stay in their section", "3. Family details\n3.1 Name\nRuby Quinn\n3.2 Telephone\n07700 900111",
			map[string]string{"family[0].name": "Ruby Quinn", "family[0].phone": "07700 900111", "referrer.phone": "-"}},
		{"child on one line", "Child: Harvey Quinn, DOB 09/09/2017, Year 4",
			map[string]string{"child.name": "Harvey Quinn", "child.date_of_birth": "2017-09-09", "child.year_group": "Year 4"}},
		{"look-alike: child's name with a comma", "Child's name: Quinn, Harvey",
			map[string]string{"child.name": "Quinn, Harvey"}},
		{"name and role", "Your name and role: Sarah Whitfield, Deputy DSL",
			map[string]string{"referrer.name": "Sarah Whitfield", "referrer.role": "Deputy DSL"}},
		{"signature in cells", "I am worried about Jade Collins, who is 16.\nThanks,\nSarah Whitfield\nDeputy DSL | Hillview Academy | 01865 555789",
			map[string]string{"referrer.name": "Sarah Whitfield", "referrer.role": "Deputy DSL", "referrer.organisation": "Hillview Academy", "referrer.phone": "01865 555789"}},
		{"a title is not a route", "Referral - Unborn baby of Jade Collins\nMother: Jade Collins",
			map[string]string{"referrer_route": "-"}},
		{"look-alike: a route", "Referral - MASH\nMother: Jade Collins",
			map[string]string{"referrer_route": "mash"}},
	})
	r := mapText("Referral - Unborn baby of Jade Collins\nMother: Jade Collins")
	if len(r.Unparsed) != 0 || !extraHas(r, "Referral", "Unborn baby of Jade Collins") {
		t.Errorf("the title: unparsed %+v, extra %+v", r.Unparsed, r.Extra)
	}
}

// Ensure form check boxes, one per option, are read for the one ticked,
// for a consent status as for a yes/no question.
func TestOptionCheckboxFields(t *testing.T) {
	d := &document.Document{Format: "pdf", Fields: []document.Field{
		{Name: "cb1", Label: "Is the parent aware of this referral? Yes", Kind: document.KindCheckbox, Value: "no"},
		{Name: "cb2", Label: "Is the parent aware of this referral? No", Kind: document.KindCheckbox, Value: "yes"},
		{Name: "cb3", Label: "Has consent been obtained? Yes", Kind: document.KindCheckbox, Value: "no"},
		{Name: "cb4", Label: "Has consent been obtained? No", Kind: document.KindCheckbox, Value: "yes"},
		{Name: "cb5", Label: "Early help", Kind: document.KindCheckbox, Value: "yes"},
	}}
	expect(t, Map(d), map[string]string{"consent.parent_aware": "no", "consent.status": "not_sought"})
	// A box for a consent status named by its label: ticked, it is that status.
	d = &document.Document{Format: "pdf", Fields: []document.Field{
		{Name: "cb1", Label: "Consent given", Kind: document.KindCheckbox, Value: "yes"},
	}}
	expect(t, Map(d), map[string]string{"consent.status": "given"})
}
