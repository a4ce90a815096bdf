package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"strings"
	"testing"

	g "github.com/frontdoorhq/frontdoor/fixtures/gen/docxgen"
)

// referral builds a typical two-to-three-page referral form (invented
// people): headings, a details table with legacy fields and content
// controls, concern checkboxes, a family table, narrative paragraphs,
// tracked changes and a text box.
func referral(opts ...g.Option) []byte {
	b := g.New(opts...)
	b.Title("Safeguarding referral form").
		Para("Complete this form and send it to the designated safeguarding lead on the same day.").
		P(g.TextBox("CONFIDENTIAL")).
		Heading("1. Child details").
		Table([][]g.Cell{
			{g.T("Child's name"), g.C(g.LegacyText("bookmark", "Jamie Testcase"))},
			{g.T("Date of birth"), g.C(g.ContentDate("Date of birth", "dob", "2015-04-03", "03/04/2015"))},
			{g.T("Year group"), g.C(g.LegacyDropdown("Dropdown1", []string{"Reception", "Year 1", "Year 2", "Year 3", "Year 4", "Year 5", "Year 6"}, 4))},
			{g.T("Gender"), g.C(g.ContentDropdown("Gender", "", []string{"Female", "Male", "Prefer not to say"}, 0))},
			{g.T("Address").Restart(), g.T("12 Example Close")},
			{g.Continue(), g.T("Testville TE1 2ST")},
			{g.T("First language"), g.C(g.ContentCombo("", "lang", []string{"English", "Welsh"}, "English"))},
			{g.T("SEND"), g.C(g.LegacyCheckbox("bookmark", false), g.Text(" Yes "), g.LegacyCheckbox("bookmark", true), g.Text(" No"))},
			{g.T("Known to social care"), g.C(g.ContentCheckbox("", "", false))},
			{g.T("Key worker"), g.C(g.ContentPlaceholder("", "kw", "Click or tap here to enter text."))},
		}).
		Heading("2. Category of concern").
		P(g.LegacyCheckbox("Check1", true), g.Text(" Physical abuse\t"), g.LegacyCheckbox("Check2", false), g.Text(" Emotional abuse")).
		P(g.LegacyCheckbox("Check3", false), g.Text(" Sexual abuse\t"), g.LegacyCheckbox("Check4", true), g.Text(" Neglect")).
		Heading("3. Family and household").
		Table([][]g.Cell{
			{g.T("Name"), g.T("Relationship"), g.T("Phone"), g.T("Parental responsibility")},
			{g.T("Alex Testcase"), g.T("Mother"), g.T("01234 567890"), g.C(g.ContentCheckbox("", "", true))},
			{g.T("Sam Testcase"), g.T("Step-father"), g.T("01234 098765"), g.C(g.ContentCheckbox("", "", false))},
			{g.T("Robin Testcase"), g.T("Sibling (age 7)"), g.T(""), g.C(g.ContentCheckbox("", "", false))},
		}).
		Heading("4. Reason for referral")
	narrative := []string{
		"On Monday morning Jamie arrived at school wearing the same clothes as on Friday and said they had not eaten breakfast. " +
			"During the first lesson the class teacher noticed a bruise on Jamie's left forearm, roughly the size of a thumbprint, and asked Jamie about it.",
		"Jamie said that an adult at home had grabbed their arm on Sunday evening because they would not go to bed. Jamie appeared anxious when talking about it " +
			"and asked whether they would get into trouble. The teacher reassured Jamie and did not ask leading questions.",
		"Attendance this term is 86 percent, with several late arrivals on Mondays. Jamie's mother has not attended the last two parent meetings, " +
			"and the school has been unable to reach her by phone on three occasions this month.",
		"Previous concerns were logged in October (hunger, tiredness) and in January (a comment about being left at home alone in the evening). " +
			"No referral was made at the time; both were discussed with the deputy safeguarding lead.",
		"Jamie's sibling Robin attends the infant school next door; their safeguarding lead has been informed today by phone.",
	}
	for _, n := range narrative {
		b.Para(n)
	}
	b.ContentBlock("Views of the child", "voice", "Jamie said: \"I don't want to go home tonight.\"", "Jamie would like to talk to their teacher again tomorrow.").
		Heading("5. Actions taken").
		P(g.Text("Parents informed? "), g.LegacyCheckbox("Check5", false), g.Text(" Yes "), g.LegacyCheckbox("Check6", true), g.Text(" No")).
		P(g.Text("If not, why not: "), g.ContentText("", "why", "Informing the family may place the child at risk.")).
		P(g.Text("The concern was "), g.Del("not "), g.Ins("immediately "), g.Text("shared with the designated safeguarding lead.")).
		Heading("6. Referrer").
		Table([][]g.Cell{
			{g.T("Name"), g.T("Role"), g.T("Date")},
			{g.C(g.LegacyText("Text9", "Pat Example")), g.C(g.LegacyText("Text10", "Class teacher")), g.C(g.ContentDate("", "", "2024-05-06", "06/05/2024"))},
			{g.T("Signature"), g.T("P. Example").Span(2)},
		})
	return b.Bytes()
}

// wordLike makes markup as verbose as Word's: rsid attributes and run and
// paragraph properties on every run and paragraph.
func wordLike(data []byte) []byte {
	parts := g.New().Parts()
	r := readDocumentXML(data)
	r = strings.ReplaceAll(r, "<w:r>", `<w:r w:rsidR="00A1B2C3" w:rsidRPr="00D4E5F6"><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial"/><w:color w:val="1F1F1F"/><w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="en-GB"/></w:rPr>`)
	r = strings.ReplaceAll(r, "<w:p>", `<w:p w:rsidR="00A1B2C3" w:rsidRDefault="00D4E5F6" w:rsidP="00112233" w14:paraId="1A2B3C4D" w14:textId="5E6F7A8B"><w:pPr><w:spacing w:before="60" w:after="120" w:line="276" w:lineRule="auto"/><w:jc w:val="left"/><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial"/><w:sz w:val="22"/></w:rPr></w:pPr>`)
	parts[2].Data = []byte(r)
	for i := range parts {
		parts[i].Deflate = true
	}
	return g.Archive(parts)
}

func readDocumentXML(data []byte) string {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		panic(err)
	}
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			rc, _ := f.Open()
			var b bytes.Buffer
			b.ReadFrom(rc)
			rc.Close()
			return b.String()
		}
	}
	panic("no document.xml")
}

func BenchmarkRead(b *testing.B) {
	compact := referral(g.Deflate())
	inputs := []struct {
		name string
		data []byte
	}{
		{"referral", compact},
		{"referral-wordlike", wordLike(compact)},
	}
	var rows strings.Builder
	for i := range 1000 {
		rows.WriteString(`<w:tr><w:tc><w:p><w:r><w:t>Row label ` + strings.Repeat("x", i%7) + `</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>value</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc></w:tr>`)
	}
	inputs = append(inputs, struct {
		name string
		data []byte
	}{"table-1000-rows", g.New(g.Deflate()).RawBody("<w:tbl>" + rows.String() + "</w:tbl>").Bytes()})
	for _, in := range inputs {
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(in.data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ReadBytes(in.data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkTokenizeOnly is the floor set by encoding/xml: RawToken over the
// same document.xml parts without any processing.
func BenchmarkTokenizeOnly(b *testing.B) {
	compact := referral(g.Deflate())
	for _, in := range []struct {
		name string
		data []byte
	}{{"referral", compact}, {"referral-wordlike", wordLike(compact)}} {
		x := []byte(readDocumentXML(in.data))
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(x)))
			for b.Loop() {
				d := xml.NewDecoder(bytes.NewReader(x))
				for {
					if _, err := d.RawToken(); err != nil {
						break
					}
				}
			}
		})
	}
}

func TestReferralFixture(t *testing.T) {
	for _, data := range [][]byte{referral(), referral(g.Strict()), wordLike(referral(g.Deflate()))} {
		doc := mustRead(t, data)
		if len(doc.Lines) != 38 || len(doc.Fields) != 23 {
			t.Fatalf("lines %d fields %d", len(doc.Lines), len(doc.Fields))
		}
		for i, want := range map[int]string{0: "Child's name", 7: "Known to social care", 8: "Key worker", 13: "Parental responsibility",
			15: "Parental responsibility", 19: "If not, why not", 20: "Name", 22: "Date"} {
			if got := doc.Fields[i].Label; got != want {
				t.Errorf("field %d label %q, want %q", i, got, want)
			}
		}
		all := strings.Join(texts(doc), "\n")
		for _, want := range []string{
			"Child's name | Jamie Testcase", "Date of birth | 2015-04-03", "Year group | Year 4",
			"Address | Testville TE1 2ST", "SEND | ☐ Yes ☒ No", "Known to social care | ☐", "Key worker | ",
			"☒ Physical abuse\t☐ Emotional abuse", "Alex Testcase | Mother | 01234 567890 | ☒",
			"The concern was immediately shared", "Pat Example | Class teacher | 2024-05-06", "Signature | P. Example",
		} {
			if !strings.Contains(all, want) {
				t.Errorf("missing %q in\n%s", want, all)
			}
		}
		if strings.Count(all, "CONFIDENTIAL") != 1 || strings.Contains(all, "Click or tap") || strings.Contains(all, "not shared") {
			t.Errorf("text box, placeholder or deletion handled wrongly:\n%s", all)
		}
	}
}
