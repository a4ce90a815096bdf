package pdf

import (
	"github.com/frontdoorhq/frontdoor/checker/intake/document"
	"github.com/frontdoorhq/frontdoor/fixtures/gen/pdfgen"
)

// Every person, school and address here is invented.

const reasonText = "Jamie arrived at school on Monday with a bruise on the left cheek and said that " +
	"an adult at home had pushed them into a door. Jamie appeared withdrawn during the morning, " +
	"did not eat lunch and asked twice whether they would have to go home at the end of the day. " +
	"Staff recorded the account verbatim and the designated safeguarding lead was informed at 10:15."

// referralPDF builds the 3-page text referral and the lines Extract must
// return for it.
func referralPDF(o pdfgen.Options) ([]byte, []document.Line) {
	d := pdfgen.NewDoc(o)
	var want []document.Line
	page, line := 1, 0
	add := func(text string, heading bool) {
		line++
		want = append(want, document.Line{Text: text, Page: page, Line: line, Heading: heading})
	}
	newPage := func() {
		d.PageBreak()
		page++
		line = 0
	}
	lv := func(label, value string) {
		d.LabelValue(label, value)
		add(label+": "+value, false)
	}
	row := func(label, value string) {
		d.Row(label, value)
		add(label+document.CellSep+value, false)
	}

	d.Heading("Request for support: children's services referral")
	add("Request for support: children's services referral", true)
	lv("Referral date", "14/03/2025")
	lv("Referrer", "Ms Ada Fictional, Designated Safeguarding Lead")
	lv("School", "Brookfield Primary School")
	d.Heading("Child details")
	add("Child details", true)
	row("Child's name", "Jamie Testperson")
	row("Date of birth", "03/04/2015")
	row("Year group", "Year 5")
	row("Address", "12 Imaginary Road, Exampletown EX1 2AB")
	row("Parent/carer", "Sam Testperson (mother)")
	d.KernedLine("Known", "to", "social", "care:", "No")
	add("Known to social care: No", false)
	d.TmLine("Consent obtained: Yes")
	add("Consent obtained: Yes", false)

	newPage()
	d.Heading("Reason for referral")
	add("Reason for referral", true)
	d.Paragraph(reasonText)
	for _, l := range pdfgen.Wrap(reasonText, 10, 595-2*72) {
		add(l, false)
	}
	lv("Immediate risk", "No")
	d.Line("Child’s views: Jamie said “I don’t want to go home”.")
	add("Child’s views: Jamie said “I don’t want to go home”.", false)

	newPage()
	d.Heading("Actions taken")
	add("Actions taken", true)
	row("Action", "Spoke to child on 13/03/2025")
	row("Parent informed", "Yes, 13/03/2025")
	lv("Lunch account balance", "£12.50")
	lv("Signed", "A. Fictional")
	d.Line("Page 3 of 3")
	add("Page 3 of 3", false)
	return d.Bytes(), want
}

// formPDF builds a one-page form covering every field kind.
func formPDF(o pdfgen.Options) []byte {
	d := pdfgen.NewDoc(o)
	p := d.AddPage()
	p.Bold(72, 780, 14, "Referral form")
	p.Text(72, 700, 10, "Child's name:")
	d.AddField(pdfgen.Field{Name: "child.name", Kind: pdfgen.TextField, Rect: [4]float64{160, 696, 400, 712}, Value: "Jamie Testperson"})
	p.Text(72, 670, 10, "DOB:")
	d.AddField(pdfgen.Field{Name: "child.dob", Kind: pdfgen.TextField, Rect: [4]float64{160, 666, 260, 682}, Value: "03/04/2015", TU: "Child's date of birth"})
	p.Text(72, 640, 10, "Immediate risk:")
	d.AddField(pdfgen.Field{Name: "concerns.immediate", Kind: pdfgen.Checkbox, Rect: [4]float64{160, 638, 172, 650}, Checked: true, OnState: "Ja"})
	p.Text(250, 640, 10, "Police involved:")
	d.AddField(pdfgen.Field{Name: "concerns.police", Kind: pdfgen.Checkbox, Rect: [4]float64{340, 638, 352, 650}, NoV: true, TU: "Police involved"})
	d.AddField(pdfgen.Field{Name: "concerns.known", Kind: pdfgen.Checkbox, Rect: [4]float64{72, 610, 84, 622}, Checked: true, NoV: true, OnState: "On"})
	p.Text(90, 612, 10, "Known to social care")
	p.Text(72, 580, 10, "Sex:")
	p.Text(180, 580, 10, "Female")
	p.Text(260, 580, 10, "Male")
	p.Text(340, 580, 10, "Other")
	d.AddField(pdfgen.Field{Name: "child.sex", Kind: pdfgen.Radio, Rect: [4]float64{160, 578, 172, 590}, Value: "Male",
		Options: []pdfgen.Option{{Export: "Female"}, {Export: "Male"}, {Export: "Other"}}})
	p.Text(72, 550, 10, "Parents aware:")
	d.AddField(pdfgen.Field{Name: "parents.aware", Kind: pdfgen.Radio, Rect: [4]float64{160, 548, 172, 560}, Value: "No", UseOpt: true,
		Options: []pdfgen.Option{{Export: "Yes"}, {Export: "No"}}})
	p.Text(72, 520, 10, "Year group")
	d.AddField(pdfgen.Field{Name: "child.year", Kind: pdfgen.Combo, Rect: [4]float64{72, 495, 200, 510}, Value: "Y5", OptPairs: true,
		Options: []pdfgen.Option{{Export: "Y4", Display: "Year 4"}, {Export: "Y5", Display: "Year 5"}, {Export: "Y6", Display: "Year 6"}}})
	p.Text(72, 470, 10, "Agencies involved:")
	d.AddField(pdfgen.Field{Name: "agencies", Kind: pdfgen.ListBox, Rect: [4]float64{180, 440, 400, 480}, Selected: []string{"Education", "Health"},
		Options: []pdfgen.Option{{Export: "Education"}, {Export: "Health"}, {Export: "Police"}}})
	p.Text(72, 420, 10, "Parent/carer:")
	d.AddField(pdfgen.Field{Name: "parent.name", Kind: pdfgen.TextField, Rect: [4]float64{160, 416, 400, 432}, Value: "Zoë Łukasz-Testperson", UTF16: true})
	p.Text(72, 390, 10, "Child's words:")
	d.AddField(pdfgen.Field{Name: "child.words", Kind: pdfgen.TextField, Rect: [4]float64{160, 386, 500, 402}, Value: `She said (quietly) "stop" \ then left`})
	p.Text(72, 360, 10, "Referrer:")
	d.AddField(pdfgen.Field{Name: "referrer.name", Kind: pdfgen.TextField, Rect: [4]float64{160, 356, 400, 372}, Value: "Ms Ada Fictional", Separate: true})
	p.Text(72, 330, 10, "Details:")
	d.AddField(pdfgen.Field{Name: "details", Kind: pdfgen.TextField, Rect: [4]float64{160, 300, 500, 342}, Value: "Line one\r\nLine two", Multiline: true})
	d.AddField(pdfgen.Field{Name: "submit", Kind: pdfgen.PushButton, Rect: [4]float64{72, 100, 150, 120}, TU: "Submit"})
	return d.Bytes()
}

// wantFields lists formPDF's fields in walk order (the hierarchy groups
// child.* together); Line is filled in from the line whose
// text is lineOf.
var wantFields = []struct {
	f      document.Field
	lineOf string
}{
	{document.Field{Name: "child.name", Label: "Child's name", Value: "Jamie Testperson", Kind: document.KindText, Page: 1}, "Child's name:"},
	{document.Field{Name: "child.dob", Label: "Child's date of birth", Value: "03/04/2015", Kind: document.KindText, Page: 1}, "DOB:"},
	{document.Field{Name: "child.sex", Label: "Sex", Value: "Male", Kind: document.KindRadio, Page: 1}, "Sex:" + document.CellSep + "Female" + document.CellSep + "Male" + document.CellSep + "Other"},
	{document.Field{Name: "child.year", Label: "Year group", Value: "Year 5", Kind: document.KindChoice, Page: 1}, "Year group"},
	{document.Field{Name: "child.words", Label: "Child's words", Value: `She said (quietly) "stop" \ then left`, Kind: document.KindText, Page: 1}, "Child's words:"},
	{document.Field{Name: "concerns.immediate", Label: "Immediate risk", Value: "yes", Kind: document.KindCheckbox, Page: 1}, "Immediate risk:" + document.CellSep + "Police involved:"},
	{document.Field{Name: "concerns.police", Label: "Police involved", Value: "no", Kind: document.KindCheckbox, Page: 1}, "Immediate risk:" + document.CellSep + "Police involved:"},
	{document.Field{Name: "concerns.known", Label: "Known to social care", Value: "yes", Kind: document.KindCheckbox, Page: 1}, "Known to social care"},
	{document.Field{Name: "parents.aware", Label: "Parents aware", Value: "No", Kind: document.KindRadio, Page: 1}, "Parents aware:"},
	{document.Field{Name: "agencies", Label: "Agencies involved", Value: "Education, Health", Kind: document.KindChoice, Page: 1}, "Agencies involved:"},
	{document.Field{Name: "parent.name", Label: "Parent/carer", Value: "Zoë Łukasz-Testperson", Kind: document.KindText, Page: 1}, "Parent/carer:"},
	{document.Field{Name: "referrer.name", Label: "Referrer", Value: "Ms Ada Fictional", Kind: document.KindText, Page: 1}, "Referrer:"},
	{document.Field{Name: "details", Label: "Details", Value: "Line one\nLine two", Kind: document.KindText, Page: 1}, "Details:"},
}
