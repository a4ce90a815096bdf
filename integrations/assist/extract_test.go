package assist

import (
	"context"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/frontdoorhq/frontdoor/checker/intake/sandbox"
	"github.com/frontdoorhq/frontdoor/checker/intake/standard"
	"github.com/frontdoorhq/frontdoor/checker/referral"
)

// letter is a referral that arrived as a letter: no form, few labels.
const letter = `Dear MASH team,

I am writing to refer Jamie Smith, who was born on 03/04/2015 and lives at 12 Acacia Road, Oxford OX4 1AA. Jamie is in Year 6 at our school.

This morning Jamie told me that his stepdad Lee Jones hit him with a belt last night. He has a bruise on his cheek. He said "I don't want to go home". His mother Karen Smith can be reached on 07700 900123. Jamie's NHS number is 943 476 5919. His attendance is 82%.

Kind regards,
Sarah Patel
Designated Safeguarding Lead, Brize Meadow Primary School
01865 555123
s.patel@brizemeadow.example.sch.uk
`

// letterPersonal lists the personal values in the letter.
var letterPersonal = []string{"Jamie", "Smith", "Lee Jones", "Karen", "03/04/2015", "12 Acacia Road", "OX4 1AA",
	"07700 900123", "943 476 5919", "Sarah Patel", "01865 555123", "s.patel@brizemeadow.example.sch.uk", "Brize Meadow"}

// letterReferral reads the letter as `frontdoor check` does.
func letterReferral(t *testing.T) *referral.Referral {
	t.Helper()
	rd := standard.New(sandbox.Options{})
	defer rd.Close()
	r, format, err := rd.ReadAll(context.Background(), strings.NewReader(letter), "")
	if err != nil || format != "text" {
		t.Fatalf("read: %v (%s)", err, format)
	}
	return r
}

// placeholderAfter finds the placeholder the fake model needs in the
// redacted text it was sent: the one after the words given.
func placeholderAfter(t *testing.T, text, words string) string {
	t.Helper()
	m := regexp.MustCompile(regexp.QuoteMeta(words) + `\s*(\[[A-Z_]+(?:_\d+)?\])`).FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("no placeholder after %q in %s", words, text)
	}
	return m[1]
}

// Ensure extraction fills only empty fields, from values the text states:
// copied values and quotes must be in the text sent, placeholders of the
// right kind; everything else is dropped and counted. Nothing personal is
// sent, and the person sees the real values.
func TestExtract(t *testing.T) {
	r := letterReferral(t)
	if !NeedsExtraction(r, "text") {
		t.Fatalf("the letter has %d fields: should need extraction", FilledFields(r))
	}
	before := r.Child.Name
	srv := newFakeLLM(t, func(_ int, req chatRequest) reply {
		u := req.user()
		stepdad := placeholderAfter(t, u, "his stepdad")
		mother := placeholderAfter(t, u, "His mother")
		phone := placeholderAfter(t, u, "can be reached on")
		nhs := placeholderAfter(t, u, "NHS number is")
		return jsonReply(map[string]any{
			"fields": []map[string]string{
				{"field": "concern.child_voice", "value": "I don't want to go home", "quote": `He said "I don't want to go home"`},
				{"field": "concern.injuries", "value": "a bruise on his cheek", "quote": "He has a bruise on his cheek."},
				{"field": "child.attendance_percent", "value": "82%", "quote": "His attendance is 82%"},
				{"field": "child.gender", "value": "male", "quote": "He said"},                              // not in the text: dropped
				{"field": "consent.parent_aware", "value": "yes", "quote": "Mum knows about this referral"}, // quote not in the text: dropped
				{"field": "child.religion", "value": phone, "quote": "can be reached on " + phone},          // a phone is no religion: dropped
				{"field": "child.name", "value": "[PERSON_9]", "quote": "refer"},                            // already known: ignored
				{"field": "child.nhs_number", "value": nhs, "quote": "NHS number is " + nhs},
				{"field": "concern.no_such_field", "value": "x", "quote": "Jamie"}, // unknown field: dropped
			},
			"family": []map[string]string{
				{"name": stepdad, "relationship": "stepdad", "date_of_birth": "", "age": "", "parental_responsibility": "unknown",
					"lives_with_child": "unknown", "phone": "", "email": "", "first_language": "", "interpreter_needed": "unknown",
					"quote": "his stepdad " + stepdad + " hit him"},
				{"name": mother, "relationship": "mother", "date_of_birth": "", "age": "", "parental_responsibility": "unknown",
					"lives_with_child": "unknown", "phone": phone, "email": "", "first_language": "", "interpreter_needed": "unknown",
					"quote": "His mother " + mother + " can be reached on " + phone},
			},
		})
	})
	ex := srv.client().Extract(context.Background(), r, nil)
	if ex.Note != "4 values the model gave were not used: not found in the referral's text, or not valid." || ex.Dropped != 4 {
		t.Errorf("note %q, dropped %d", ex.Note, ex.Dropped)
	}
	want := []Extracted{
		{"concern.child_voice", "I don't want to go home"},
		{"concern.injuries", "a bruise on his cheek"},
		{"child.attendance_percent", "82"},
		{"child.nhs_number", "943 476 5919"},
		{"family[0].name", "Lee Jones"},
		{"family[0].relationship", "stepdad"},
		{"family[1].name", "Karen Smith"},
		{"family[1].relationship", "mother"},
		{"family[1].phone", "07700 900123"},
	}
	if !reflect.DeepEqual(ex.Extracted, want) {
		t.Errorf("extracted\n got %+v\nwant %+v", ex.Extracted, want)
	}
	if r.Concern.ChildVoice != "I don't want to go home" || r.Child.AttendancePercent != 82 || len(r.Family) != 2 ||
		r.Family[1].Phone != "07700 900123" || r.Child.Name != before || r.Child.Gender != "" || r.Consent.ParentAware != "" {
		t.Errorf("referral: %+v", r)
	}
	if loc, ok := r.Sources["family[1].phone"]; !ok || loc != r.Sources["concern.description"] {
		t.Errorf("sources: %v", r.Sources)
	}
	srv.assertNoneSent(letterPersonal...)
	if u := srv.Requests()[0].user(); !strings.Contains(u, "<referral>") || !strings.Contains(u, "[CHILD_NAME]") {
		t.Errorf("user message: %s", u)
	}
}

// Ensure a server that ignores the schema (prose, broken JSON, the wrong
// shape) leaves the referral exactly as the readers found it, with a note.
func TestExtractIgnoredSchema(t *testing.T) {
	for _, tt := range []struct{ name, content string }{
		{"prose", "The child is Jamie, aged 10, and his stepdad hit him."},
		{"broken JSON", `{"fields": [{"field": "concern.injuries", "value": "bruise"`},
		{"wrong shape", `{"child": {"name": "[CHILD_NAME]"}}`},
		{"extra key", `{"fields": [], "family": [], "confidence": "high"}`},
		{"text after the object", `{"fields": [], "family": []} I hope this helps!`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := letterReferral(t)
			orig := letterReferral(t)
			srv := newFakeLLM(t, func(int, chatRequest) reply { return reply{Content: tt.content} })
			ex := srv.client().Extract(context.Background(), r, nil)
			if !reflect.DeepEqual(r, orig) {
				t.Errorf("the referral changed")
			}
			if want := "Model assistance was not used: the model's reply was not the JSON asked for. The fields are as the readers found them."; ex.Note != want {
				t.Errorf("note = %q", ex.Note)
			}
		})
	}
}

// Ensure a reply wrapped in a Markdown code fence, as local models often
// write, is accepted.
func TestExtractCodeFence(t *testing.T) {
	r := letterReferral(t)
	srv := newFakeLLM(t, func(int, chatRequest) reply {
		return reply{Content: "```json\n" + `{"fields": [{"field": "concern.injuries", "value": "a bruise on his cheek", "quote": "a bruise on his cheek"}], "family": []}` + "\n```"}
	})
	ex := srv.client().Extract(context.Background(), r, nil)
	if len(ex.Extracted) != 1 || r.Concern.Injuries != "a bruise on his cheek" {
		t.Errorf("%+v", ex)
	}
}

// Ensure only unstructured documents are sent for extraction.
func TestNeedsExtraction(t *testing.T) {
	r := letterReferral(t)
	if NeedsExtraction(r, "json") || NeedsExtraction(r, "yaml") {
		t.Error("structured input sent for extraction")
	}
	full := sampleReferral()
	full.Concern.Description = "Jamie said his dad hit him."
	for _, f := range fields[:FewFieldsThreshold] {
		if f.kind == vText || f.kind == vName {
			f.set(full, "x")
		}
	}
	full.Family = append(full.Family, referral.Member{Name: "A B", Relationship: "aunt", Phone: "0", Email: "e", Address: "a", FirstLanguage: "English"})
	if NeedsExtraction(full, "text") {
		t.Errorf("a referral with %d fields sent for extraction", FilledFields(full))
	}
	if NeedsExtraction(&referral.Referral{}, "text") {
		t.Error("a referral with no narrative sent for extraction")
	}
}

// Ensure long texts are cut at a break before they are sent.
func TestCapText(t *testing.T) {
	short := "Dad hit him."
	if got, cut := capText(short); got != short || cut {
		t.Errorf("capText(short) = %q, %v", got, cut)
	}
	long := strings.Repeat("word ", maxSent)
	got, cut := capText(long)
	if !cut || len([]rune(got)) > maxSent || strings.HasSuffix(got, "wor") {
		t.Errorf("capText(long): %d runes, cut %v, ends %q", len([]rune(got)), cut, got[len(got)-8:])
	}
}
