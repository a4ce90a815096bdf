package intake_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/frontdoorhq/frontdoor/checker/intake"
	"github.com/frontdoorhq/frontdoor/checker/referral"
)

// Ensure the same referral reads the same from JSON and from YAML, with
// lenient values: unquoted phone numbers keep their zero, booleans become
// tri-states, "87%" is a number, a single family object becomes a list.
func TestJSONAndYAMLAgree(t *testing.T) {
	js := `{"version":1,"referral_date":"2026-11-20","referrer_level":"Level 3",
	 "child":{"name":"Jo Bell","date_of_birth":"2015-04-03","attendance_percent":"87%","interpreter_needed":false,"nickname":"JoJo"},
	 "family":{"name":"Ann Bell","relationship":"mother","parental_responsibility":true,"age":"34 years","phone":"07700 900123"},
	 "support":{"agencies":"School nurse, CAMHS"},
	 "concern":{"categories":"neglect","description":["Hungry on Monday.","Told her teacher."]},
	 "favourite_colour":"blue"}`
	ym := `version: 1
referral_date: 2026-11-20
referrer_level: Level 3
child:
  name: Jo Bell
  date_of_birth: 2015-04-03
  attendance_percent: 87%
  interpreter_needed: no
  nickname: JoJo
family:
  name: Ann Bell
  relationship: mother
  parental_responsibility: yes
  age: 34 years
  phone: 07700 900123
support:
  agencies: School nurse, CAMHS
concern:
  categories: neglect
  description:
    - Hungry on Monday.
    - Told her teacher.
favourite_colour: blue
`
	want := &referral.Referral{
		Version: 1, ReferralDate: "2026-11-20", ReferrerLevel: 3,
		Child:   referral.Child{Name: "Jo Bell", DateOfBirth: "2015-04-03", AttendancePercent: 87, InterpreterNeeded: referral.No},
		Family:  []referral.Member{{Name: "Ann Bell", Relationship: "mother", ParentalResponsibility: referral.Yes, Age: 34, Phone: "07700 900123"}},
		Support: referral.Support{Agencies: []referral.Agency{{Name: "School nurse"}, {Name: "CAMHS"}}},
		Concern: referral.Concern{Categories: []string{"neglect"}, Description: "Hungry on Monday.; Told her teacher."},
		Extra:   []referral.Extra{{Label: "child.nickname", Value: "JoJo"}, {Label: "favourite_colour", Value: "blue"}},
	}
	rd := &intake.Reader{}
	for _, tc := range []struct{ name, data, format string }{{"json", js, "json"}, {"yaml", ym, "yaml"}} {
		t.Run(tc.name, func(t *testing.T) {
			got, format, err := rd.Read(context.Background(), []byte(tc.data), "")
			if err != nil {
				t.Fatal(err)
			}
			if format != tc.format {
				t.Errorf("format = %q, want %q", format, tc.format)
			}
			got.Sources = nil // lines differ between the two; TestStructuredSources
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got  %+v\nwant %+v", got, want)
			}
		})
	}
}

// Fields read from JSON and YAML carry the line they were written on, so
// that a finding points there (a missing field, to its section's line).
func TestStructuredSources(t *testing.T) {
	js := "{\n  \"child\": {\n    \"name\": \"Jo Bell\",\n    \"date_of_birth\": \"2015-04-03\"\n  },\n" +
		"  \"family\": [\n    {\"name\": \"Ann Bell\"},\n    {\n      \"name\": \"Tom Bell\",\n      \"phone\": \"07700 900123\"\n    }\n  ]\n}\n"
	ym := "# a draft\nchild:\n  name: Jo Bell\n\n  date_of_birth: 2015-04-03\nfamily:\n  - name: Ann Bell\n  - name: Tom Bell\n    phone: 07700 900123\n"
	for _, tc := range []struct {
		name, data string
		want       map[string]int
	}{
		{"json", js, map[string]int{"child": 2, "child.name": 3, "child.date_of_birth": 4, "family": 6, "family[0]": 7, "family[0].name": 7, "family[1]": 8, "family[1].name": 9, "family[1].phone": 10}},
		{"yaml", ym, map[string]int{"child": 2, "child.name": 3, "child.date_of_birth": 5, "family": 6, "family[0]": 7, "family[0].name": 7, "family[1]": 8, "family[1].name": 8, "family[1].phone": 9}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, _, err := (&intake.Reader{}).Read(context.Background(), []byte(tc.data), tc.name)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]int{}
			for k, l := range r.Sources {
				got[k] = l.Line
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("lines %v\nwant  %v", got, tc.want)
			}
		})
	}
}

// Ensure a value that cannot be stored is kept as Unparsed, not a parse error.
func TestUnparsedValues(t *testing.T) {
	r, _, err := (&intake.Reader{}).Read(context.Background(), []byte(`{"child":{"attendance_percent":"about ninety"},"family":"mum and dad"}`), "json")
	if err != nil {
		t.Fatal(err)
	}
	want := []referral.Unparsed{{Field: "child.attendance_percent", Value: "about ninety"}, {Field: "family", Value: "mum and dad"}}
	if !reflect.DeepEqual(r.Unparsed, want) {
		t.Errorf("Unparsed = %+v, want %+v", r.Unparsed, want)
	}
}

// Ensure bad input gives a clear error that names the problem and never the content.
func TestReadErrors(t *testing.T) {
	deep := strings.Repeat("[", 100) + strings.Repeat("]", 100)
	laughs := "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n" +
		"d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n" +
		"g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\nchild: [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
	tests := []struct {
		name, data, format, want string
	}{
		{"empty", "  \n", "", "the file is empty"},
		{"broken json", `{"child": {"name": "Secret Name"`, "", "invalid JSON at line 1, column 33: the file ends too soon — part of it may be missing; save or export it again"},
		{"json missing comma", "{\n  \"child\": {\n    \"name\": \"Sécret\" \"Name\"\n  }\n}", "", "invalid JSON at line 3, column 22: something is out of place here, such as a missing comma, quote mark or bracket; correct it, or save or export the file again (invalid character after object key:value pair)"},
		{"json bad literal", "{\"child\": {\"name\": Secret}}", "", "invalid JSON at line 1, column 20: something is out of place here"},
		{"json array", `[1,2]`, "json", "expected a referral object"},
		{"json trailing", `{"child":{}} {"x":1}`, "json", "unexpected data after the JSON value"},
		{"deep json", `{"child":` + deep + `}`, "json", "too large or too deeply nested"},
		{"bad yaml", "child:\n  name: [Secret Name\n", "yaml", "invalid YAML at line 1: the layout is wrong, often a missing or extra colon, or wrong indentation; correct it, or save or export the file again ("},
		{"billion laughs", laughs, "yaml", "too large or too deeply nested"},
		{"html", "<!DOCTYPE html><html><body>Sign in to Slack</body></html>", "", "web page (HTML)"},
		{"binary", "\x00\x01\x02\x03garbage", "", "binary"},
		{"unknown format", "x", "rtf", `unknown input format "rtf"`},
		{"pdf without a parser", "%PDF-1.7\n...", "", "PDF input is not supported"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := (&intake.Reader{}).Read(context.Background(), []byte(tt.data), tt.format)
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %q, want it to contain %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "Secret Name") {
				t.Errorf("error quotes the document: %q", err)
			}
			if !errors.Is(err, intake.ErrUnreadable) {
				t.Errorf("error is not ErrUnreadable")
			}
		})
	}
}

// Ensure the size cap applies before parsing.
func TestSizeCap(t *testing.T) {
	rd := &intake.Reader{MaxSize: 10}
	_, _, err := rd.ReadAll(context.Background(), strings.NewReader(`{"child":{"name":"a long name"}}`), "")
	if err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Fatalf("err = %v", err)
	}
}

// Ensure content sniffing does not trust the extension and tells YAML from prose.
func TestSniff(t *testing.T) {
	for _, tc := range []struct{ data, want string }{
		{`{"child":{}}`, "json"},
		{"\xef\xbb\xbf{\"child\":{}}", "json"},
		{"child:\n  name: A\nconcern:\n  description: x\n", "yaml"},
		{"---\nversion: 1\n", "yaml"},
		{"Child's name: Jo Bell\nReason for referral: hungry\n", "text"},
		{"Dear MASH,\nI am worried about Jo.\nchild: Jo\n", "text"},
		{"%PDF-1.4\n", "pdf"},
		{"junk\n%PDF-1.4\n", "pdf"},
		{"PK\x03\x04rest", "docx"},
		{"<html><body>", "html"},
	} {
		if got := intake.Sniff([]byte(tc.data)); got != tc.want {
			t.Errorf("Sniff(%q) = %q, want %q", tc.data, got, tc.want)
		}
	}
}
