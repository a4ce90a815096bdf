package docx

import (
	"reflect"
	"strings"
	"testing"

	"github.com/frontdoorhq/frontdoor/checker/intake/document"
	g "github.com/frontdoorhq/frontdoor/fixtures/gen/docxgen"
)

// All people below are invented.

func mustRead(t *testing.T, b []byte) *document.Document {
	t.Helper()
	doc, err := ReadBytes(b)
	if err != nil {
		t.Fatalf("ReadBytes: %v", err)
	}
	if doc.Format != "docx" || doc.Pages != 0 {
		t.Fatalf("format %q pages %d", doc.Format, doc.Pages)
	}
	return doc
}

func texts(doc *document.Document) []string {
	out := []string{}
	for _, l := range doc.Lines {
		out = append(out, l.Text)
	}
	return out
}

// fieldView is a Field without its Line, for comparisons.
type fieldView struct{ Name, Label, Value, Kind string }

func fields(doc *document.Document) []fieldView {
	out := []fieldView{}
	for _, f := range doc.Fields {
		out = append(out, fieldView{f.Name, f.Label, f.Value, f.Kind})
	}
	return out
}

func TestFeatures(t *testing.T) {
	cb := []string{"Female", "Male", "Prefer not to say"}
	tests := []struct {
		name   string
		build  func(b *g.Builder)
		lines  []string
		fields []fieldView // nil: expect none
	}{
		{
			name: "paragraphs",
			build: func(b *g.Builder) {
				b.Para("First paragraph.").Para("  Second   paragraph\u00a0with\u2002spaces ").Para("")
			},
			lines: []string{"First paragraph.", "Second paragraph with spaces"},
		},
		{
			name:  "line break splits a paragraph",
			build: func(b *g.Builder) { b.Para("Name: Jamie Testcase\nDate of birth: 03/04/2015") },
			lines: []string{"Name: Jamie Testcase", "Date of birth: 03/04/2015"},
		},
		{
			name:  "tabs collapse to one tab",
			build: func(b *g.Builder) { b.Para("Name:\t\tJamie Testcase").P(g.Text("A "), g.Tab(), g.Text(" B")) },
			lines: []string{"Name:\tJamie Testcase", "A\tB"},
		},
		{
			name: "hyphen and symbols",
			build: func(b *g.Builder) {
				b.P(g.Text("Year"), g.NoBreakHyphen(), g.Text("6"))
				b.P(g.Sym("Wingdings", "F0FE"), g.Text(" Neglect "), g.Sym("Wingdings", "F0A8"), g.Text(" Emotional"))
				b.P(g.Sym("MS Gothic", "2610"), g.Sym("Wingdings 2", "F054"), g.Sym("Symbol", "F0B7"), g.Text("x"))
			},
			lines: []string{"Year-6", "☒ Neglect ☐ Emotional", "☐☒x"},
		},
		{
			name: "table label | value",
			build: func(b *g.Builder) {
				b.Table([][]g.Cell{{g.T("Name"), g.T("Jamie Testcase")}, {g.T("School"), g.T("")}})
			},
			lines: []string{"Name | Jamie Testcase", "School | "},
		},
		{
			name: "label row above value row",
			build: func(b *g.Builder) {
				b.Table([][]g.Cell{
					{g.T("Child's name"), g.T("Date of birth")},
					{g.C(g.LegacyText("bookmark", "Jamie Testcase")), g.C(g.ContentDate("", "", "2015-04-03", "03/04/2015"))},
				})
			},
			lines: []string{"Child's name | Date of birth", "Jamie Testcase | 2015-04-03"},
			fields: []fieldView{
				{"bookmark", "Child's name", "Jamie Testcase", "text"},
				{"", "Date of birth", "2015-04-03", "date"},
			},
		},
		{
			name: "merged cells",
			build: func(b *g.Builder) {
				b.Table([][]g.Cell{
					{g.T("Child details").Span(3)},
					{g.T("Address").Restart(), g.T("1 Example Road").Span(2)},
					{g.Continue(), g.T("Testville").Span(2)},
					{g.T("A"), g.T("B").Restart(), g.T("C")},
					{g.T("D"), g.Continue(), g.T("E")},
				})
			},
			lines: []string{"Child details", "Address | 1 Example Road", "Address | Testville", "A | B | C", "D | B | E"},
		},
		{
			name: "single-cell row keeps its paragraphs as lines",
			build: func(b *g.Builder) {
				b.Table([][]g.Cell{
					{{Content: []g.Inline{g.Text("Name: Jamie Testcase")}, Paras: [][]g.Inline{{g.Text("Year group: 4")}}}},
					{{Content: []g.Inline{g.Text("Reason")}, Paras: [][]g.Inline{{g.Text("first")}, {g.Text("second")}}}, g.T("x")},
				})
			},
			lines: []string{"Name: Jamie Testcase", "Year group: 4", "Reason first second | x"},
		},
		{
			name: "nested table rows follow their row",
			build: func(b *g.Builder) {
				b.Table([][]g.Cell{
					{g.T("Siblings"), {Content: []g.Inline{g.Text("see below")}, Nested: [][]g.Cell{{g.T("Sam Testcase"), g.T("7")}, {g.T("Alex Testcase"), g.T("9")}}}},
					{g.T("After"), g.T("row")},
				})
			},
			lines: []string{"Siblings | see below", "Sam Testcase | 7", "Alex Testcase | 9", "After | row"},
		},
		{
			name: "legacy text fields",
			build: func(b *g.Builder) {
				b.P(g.Text("Child's name: "), g.LegacyText("bookmark", "Jamie Middle Testcase"), g.Tab(), g.Text("School: "), g.LegacyText("bookmark", ""))
				b.Table([][]g.Cell{{g.T("Referrer:"), g.C(g.LegacyText("Text3", "Pat Example"))}})
				b.P(g.Text("Date seen: "), g.LegacyDate("Text4", "06/05/2024"))
			},
			lines: []string{"Child's name: Jamie Middle Testcase\tSchool:", "Referrer: | Pat Example", "Date seen: 06/05/2024"},
			fields: []fieldView{
				{"bookmark", "Child's name", "Jamie Middle Testcase", "text"},
				{"bookmark", "School", "", "text"},
				{"Text3", "Referrer", "Pat Example", "text"},
				{"Text4", "Date seen", "06/05/2024", "date"},
			},
		},
		{
			name: "legacy checkboxes",
			build: func(b *g.Builder) {
				b.P(g.LegacyCheckbox("Check1", true), g.Text(" Physical abuse "), g.LegacyCheckbox("Check1", false), g.Text(" Neglect"))
				b.P(g.Text("Parents informed? "), g.LegacyCheckboxDefault("Check3", true))
				b.Table([][]g.Cell{
					{g.T("Emotional abuse"), g.C(g.LegacyCheckbox("Check4", false))},
					{g.C(g.LegacyCheckbox("Check5", true)), g.T("Sexual abuse")},
				})
			},
			lines: []string{"☒ Physical abuse ☐ Neglect", "Parents informed? ☒", "Emotional abuse | ☐", "☒ | Sexual abuse"},
			fields: []fieldView{
				{"Check1", "Physical abuse", "yes", "checkbox"},
				{"Check1", "Neglect", "no", "checkbox"},
				{"Check3", "Parents informed?", "yes", "checkbox"},
				{"Check4", "Emotional abuse", "no", "checkbox"},
				{"Check5", "Sexual abuse", "yes", "checkbox"},
			},
		},
		{
			name: "legacy dropdowns",
			build: func(b *g.Builder) {
				b.P(g.Text("Gender: "), g.LegacyDropdown("Dropdown1", cb, 1))
				b.P(g.Text("Gender: "), g.LegacyDropdown("Dropdown1", cb, -1))
				b.P(g.Text("Gender: "), g.LegacyDropdown("Dropdown1", cb, 7))
			},
			lines: []string{"Gender: Male", "Gender: Female", "Gender:"},
			fields: []fieldView{
				{"Dropdown1", "Gender", "Male", "choice"},
				{"Dropdown1", "Gender", "Female", "choice"},
				{"Dropdown1", "Gender", "", "choice"},
			},
		},
		{
			name: "content controls",
			build: func(b *g.Builder) {
				b.P(g.Text("Name: "), g.ContentText("Child's name", "child_name", "Jamie Testcase"))
				b.P(g.Text("Date of birth: "), g.ContentDate("", "dob", "2015-04-03", "03/04/2015"))
				b.P(g.Text("Ethnicity: "), g.ContentDropdown("Ethnicity", "", []string{"White British", "Mixed", "Other"}, 1))
				b.P(g.Text("Language: "), g.ContentCombo("", "lang", []string{"English"}, "Polish"))
				b.P(g.ContentCheckbox("", "cb1", true), g.Text(" Known to social care "), g.ContentCheckbox("", "cb2", false), g.Text(" CP plan"))
				b.Table([][]g.Cell{{g.T("Date of birth"), g.C(g.ContentDate("", "", "2015-04-03", "3 April 2015"))}})
			},
			lines: []string{"Name: Jamie Testcase", "Date of birth: 2015-04-03", "Ethnicity: Mixed", "Language: Polish",
				"☒ Known to social care ☐ CP plan", "Date of birth | 2015-04-03"},
			fields: []fieldView{
				{"child_name", "Child's name", "Jamie Testcase", "text"},
				{"dob", "Date of birth", "2015-04-03", "date"},
				{"Ethnicity", "Ethnicity", "Mixed", "choice"},
				{"lang", "Language", "Polish", "choice"},
				{"cb1", "Known to social care", "yes", "checkbox"},
				{"cb2", "CP plan", "no", "checkbox"},
				{"", "Date of birth", "2015-04-03", "date"},
			},
		},
		{
			name: "placeholders are empty",
			build: func(b *g.Builder) {
				b.P(g.Text("Key worker: "), g.ContentPlaceholder("", "kw", "Click or tap here to enter text."))
				b.P(g.Text("Date: "), g.ContentDate("", "d", "", ""))
				b.Table([][]g.Cell{{g.T("Status"), g.C(g.ContentDropdown("", "s", []string{"Open"}, -1))}})
			},
			lines: []string{"Key worker:", "Date:", "Status | "},
			fields: []fieldView{
				{"kw", "Key worker", "", "text"},
				{"d", "Date", "", "date"},
				{"s", "Status", "", "choice"},
			},
		},
		{
			name: "block-level content controls and docPartObj",
			build: func(b *g.Builder) {
				b.DocPart("Table of Contents", "Contents", "1. Child details")
				b.Heading("Reason for referral")
				b.ContentBlock("", "reason", "Jamie said an adult hurt them.", "Seen on Monday.")
			},
			lines: []string{"Contents", "1. Child details", "Reason for referral", "Jamie said an adult hurt them.", "Seen on Monday."},
			fields: []fieldView{
				{"reason", "Reason for referral", "Jamie said an adult hurt them.\nSeen on Monday.", "text"},
			},
		},
		{
			name: "tracked changes",
			build: func(b *g.Builder) {
				b.P(g.Text("The child "), g.Del("did not say"), g.Ins("said"), g.Text(" they were hurt."))
			},
			lines: []string{"The child said they were hurt."},
		},
		{
			name: "text box appears once",
			build: func(b *g.Builder) {
				b.P(g.Text("Anchor"), g.TextBox("Boxed: first", "Boxed: second")).Para("After")
			},
			lines: []string{"Anchor", "Boxed: first", "Boxed: second", "After"},
		},
		{
			name: "field codes keep results, drop instructions",
			build: func(b *g.Builder) {
				b.P(g.Text("See "), g.Field(` HYPERLINK "https://example.org" `, "the policy"), g.Text(", page "), g.Field(" PAGE ", "2"))
			},
			lines: []string{"See the policy, page 2"},
		},
		{
			name: "fallback without choice is read",
			build: func(b *g.Builder) {
				b.P(g.Raw(`<w:r><mc:AlternateContent><mc:Fallback><w:t>only fallback</w:t></mc:Fallback></mc:AlternateContent></w:r>`))
			},
			lines: []string{"only fallback"},
		},
		{
			name: "label from previous paragraph",
			build: func(b *g.Builder) {
				b.Para("Describe the concern:").P(g.ContentText("", "", "Bruise on arm."))
				b.Para("Just a sentence").P(g.LegacyText("x", "value"))
			},
			lines: []string{"Describe the concern:", "Bruise on arm.", "Just a sentence", "value"},
			fields: []fieldView{
				{"", "Describe the concern", "Bruise on arm.", "text"},
				{"x", "", "value", "text"},
			},
		},
		{
			name: "cell-level and row-level content controls",
			build: func(b *g.Builder) {
				b.RawBody(`<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Name</w:t></w:r></w:p></w:tc>` +
					`<w:sdt><w:sdtPr><w:text/></w:sdtPr><w:sdtContent><w:tc><w:p><w:r><w:t>Jamie Testcase</w:t></w:r></w:p></w:tc></w:sdtContent></w:sdt></w:tr>` +
					`<w:sdt><w:sdtPr><w:alias w:val="Sibling"/></w:sdtPr><w:sdtContent><w:tr><w:tc><w:p><w:r><w:t>Sam</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>7</w:t></w:r></w:p></w:tc></w:tr></w:sdtContent></w:sdt>` +
					`<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr></w:tbl>`)
			},
			lines: []string{"Name | Jamie Testcase", "Sam | 7", "7"},
			fields: []fieldView{
				{"", "Name", "Jamie Testcase", "text"},
				{"Sibling", "Sibling", "Sam\n7", "text"},
			},
		},
		{
			name: "date without fullDate and untyped control",
			build: func(b *g.Builder) {
				b.RawBody(`<w:p><w:r><w:t xml:space="preserve">Seen: </w:t></w:r><w:sdt><w:sdtPr><w:date><w:dateFormat w:val="d MMMM yyyy"/></w:date></w:sdtPr><w:sdtContent><w:r><w:t>6 May 2024</w:t></w:r></w:sdtContent></w:sdt></w:p>` +
					`<w:p><w:r><w:t xml:space="preserve">Notes: </w:t></w:r><w:sdt><w:sdtPr><w:id w:val="5"/></w:sdtPr><w:sdtContent><w:r><w:t>None</w:t></w:r></w:sdtContent></w:sdt></w:p>`)
			},
			lines: []string{"Seen: 6 May 2024", "Notes: None"},
			fields: []fieldView{
				{"", "Seen", "6 May 2024", "date"},
				{"", "Notes", "None", "text"},
			},
		},
	}
	for _, tc := range tests {
		for _, opt := range []struct {
			name string
			opts []g.Option
		}{{"transitional", nil}, {"strict", []g.Option{g.Strict()}}, {"deflate", []g.Option{g.Deflate()}}} {
			t.Run(tc.name+"/"+opt.name, func(t *testing.T) {
				b := g.New(opt.opts...)
				tc.build(b)
				doc := mustRead(t, b.Bytes())
				if got := texts(doc); !reflect.DeepEqual(got, tc.lines) {
					t.Errorf("lines:\n got %q\nwant %q", got, tc.lines)
				}
				want := tc.fields
				if want == nil {
					want = []fieldView{}
				}
				if got := fields(doc); !reflect.DeepEqual(got, want) {
					t.Errorf("fields:\n got %q\nwant %q", got, want)
				}
				if len(doc.Warnings) != 0 {
					t.Errorf("warnings: %q", doc.Warnings)
				}
			})
		}
	}
}

func TestLineNumbersAndHeadings(t *testing.T) {
	b := g.New()
	b.Title("Referral form").Heading("Child").Para("").Para("Name: Jamie Testcase\nYear: 4").
		HeadingLevel(3, "Sub").StyledP("Normal", g.Text("Body")).
		Table([][]g.Cell{{g.T("a"), g.T("b")}, {g.T(""), g.T("")}, {g.T("c"), g.T("d")}}).
		P(g.Text("Anchor"), g.TextBox("Box")).
		Para("End")
	b.RawBody(`<w:p><w:pPr><w:outlineLvl w:val="1"/></w:pPr><w:r><w:t>Outline</w:t></w:r></w:p>`)
	doc := mustRead(t, b.Bytes())
	want := []document.Line{
		{Text: "Referral form", Line: 1, Heading: true},
		{Text: "Child", Line: 2, Heading: true},
		{Text: "Name: Jamie Testcase", Line: 4},
		{Text: "Year: 4", Line: 4},
		{Text: "Sub", Line: 5, Heading: true},
		{Text: "Body", Line: 6},
		{Text: "a | b", Line: 7},
		{Text: "c | d", Line: 9},
		{Text: "Anchor", Line: 10},
		{Text: "Box", Line: 11},
		{Text: "End", Line: 12},
		{Text: "Outline", Line: 13, Heading: true},
	}
	if !reflect.DeepEqual(doc.Lines, want) {
		t.Errorf("got  %+v\nwant %+v", doc.Lines, want)
	}
}

func TestFieldLines(t *testing.T) {
	b := g.New()
	b.Para("Intro").
		P(g.Text("Name: "), g.LegacyText("n", "Jamie Testcase")).
		Table([][]g.Cell{{g.T("DOB"), g.C(g.ContentDate("", "", "2015-04-03", "x"))}}).
		ContentBlock("Reason", "", "text")
	doc := mustRead(t, b.Bytes())
	var got []int
	for _, f := range doc.Fields {
		got = append(got, f.Line)
	}
	if want := []int{2, 3, 4}; !reflect.DeepEqual(got, want) {
		t.Errorf("field lines %v, want %v", got, want)
	}
}

func TestRepeatedNamesAreKeptApart(t *testing.T) {
	b := g.New()
	for _, v := range []string{"Jamie Testcase", "Year 4", "Oak School", "Pat Example"} {
		b.P(g.Text("Item: "), g.LegacyText("bookmark", v))
	}
	doc := mustRead(t, b.Bytes())
	if len(doc.Fields) != 4 || doc.Fields[3].Value != "Pat Example" || doc.Fields[0].Value != "Jamie Testcase" {
		t.Fatalf("fields %+v", doc.Fields)
	}
}

func TestAltChunkWarns(t *testing.T) {
	b := g.New().Para("x").RawBody(`<w:altChunk r:id="rId9"/>`)
	doc := mustRead(t, b.Bytes())
	if len(doc.Warnings) != 1 || !strings.Contains(doc.Warnings[0], "altChunk") {
		t.Fatalf("warnings %q", doc.Warnings)
	}
}

func TestMainPartFromRels(t *testing.T) {
	parts := g.New().Para("Moved main part").Parts()
	parts[1].Data = []byte(strings.Replace(string(parts[1].Data), "word/document.xml", "/word/document2.xml", 1))
	parts[2].Name = "word/document2.xml"
	doc := mustRead(t, g.Archive(parts))
	if got := texts(doc); !reflect.DeepEqual(got, []string{"Moved main part"}) {
		t.Fatalf("lines %q", got)
	}
}

func TestReadMatchesReadBytes(t *testing.T) {
	data := g.New(g.Deflate()).Para("Same").Bytes()
	a, err := Read(strings.NewReader(string(data)), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	if b := mustRead(t, data); !reflect.DeepEqual(a, b) {
		t.Fatalf("Read %+v != ReadBytes %+v", a, b)
	}
}

func TestSymText(t *testing.T) {
	for _, tc := range []struct{ font, char, want string }{
		{"Wingdings", "F0FE", "☒"}, {"Wingdings", "00A8", "☐"}, {"wingdings 2", "F052", "☒"},
		{"Symbol", "F0B7", ""}, {"MS Gothic", "2612", "☒"}, {"Arial", "zz", ""}, {"Arial", "0001", ""},
	} {
		if got := symText(tc.font, tc.char); got != tc.want {
			t.Errorf("symText(%q,%q) = %q, want %q", tc.font, tc.char, got, tc.want)
		}
	}
}
