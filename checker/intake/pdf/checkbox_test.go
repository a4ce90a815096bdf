package pdf

import (
	"bytes"
	"testing"

	"github.com/frontdoorhq/frontdoor/checker/intake/document"
	"github.com/frontdoorhq/frontdoor/checker/intake/mapping"
	"github.com/frontdoorhq/frontdoor/fixtures/gen/pdfgen"
)

// fieldsOf extracts a PDF and returns its fields by name.
func fieldsOf(t *testing.T, b []byte) map[string]document.Field {
	t.Helper()
	doc, err := Extract(b, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]document.Field{}
	for _, f := range doc.Fields {
		out[f.Name] = f
	}
	return out
}

// Ensure an untitled check box takes the option printed beside it, on the
// nearer side, with the question on its line: in "☐ Yes ☐ No" the second
// box is "No", not the "Yes" to its left. Boxes after their options
// ("Yes ☐ No ☐") keep theirs.
func TestCheckboxOptionLabels(t *testing.T) {
	d := pdfgen.NewDoc(pdfgen.Options{})
	p := d.AddPage()
	// boxes before their options
	p.Text(72, 700, 10, "Has consent been obtained?")
	d.AddField(pdfgen.Field{Name: "Check Box1", Kind: pdfgen.Checkbox, Rect: [4]float64{300, 698, 310, 708}})
	p.Text(314, 700, 10, "Yes")
	d.AddField(pdfgen.Field{Name: "Check Box2", Kind: pdfgen.Checkbox, Rect: [4]float64{345, 698, 355, 708}, Checked: true})
	p.Text(359, 700, 10, "No")
	// boxes after their options (the look-alike that must not change)
	p.Text(72, 660, 10, "Is the child at immediate risk?")
	p.Text(300, 660, 10, "Yes")
	d.AddField(pdfgen.Field{Name: "Check Box3", Kind: pdfgen.Checkbox, Rect: [4]float64{322, 658, 332, 668}})
	p.Text(345, 660, 10, "No")
	d.AddField(pdfgen.Field{Name: "Check Box4", Kind: pdfgen.Checkbox, Rect: [4]float64{362, 658, 372, 668}, Checked: true})
	// a box beside a label that is not an option keeps the label
	p.Text(72, 620, 10, "Early help tried")
	d.AddField(pdfgen.Field{Name: "Check Box5", Kind: pdfgen.Checkbox, Rect: [4]float64{160, 618, 170, 628}, Checked: true})
	fs := fieldsOf(t, d.Bytes())
	want := map[string][2]string{
		"Check Box1": {"Has consent been obtained? Yes", "no"},
		"Check Box2": {"Has consent been obtained? No", "yes"},
		"Check Box3": {"Is the child at immediate risk? Yes", "no"},
		"Check Box4": {"Is the child at immediate risk? No", "yes"},
		"Check Box5": {"Early help tried", "yes"},
	}
	for name, w := range want {
		f := fs[name]
		if f.Label != w[0] || f.Value != w[1] {
			t.Errorf("%s: label %q value %q, want %q %q", name, f.Label, f.Value, w[0], w[1])
		}
	}
}

// Ensure check boxes that share one field, each with its own on state,
// read as the option chosen (a radio group), not as "ticked".
func TestSharedCheckboxStates(t *testing.T) {
	d := pdfgen.NewDoc(pdfgen.Options{})
	p := d.AddPage()
	p.Text(72, 620, 10, "Is the parent aware of this referral?")
	d.AddField(pdfgen.Field{Name: "aware", Kind: pdfgen.Radio, Rect: [4]float64{322, 618, 332, 628}, TU: "Is the parent aware of this referral?",
		Options: []pdfgen.Option{{Export: "Yes"}, {Export: "No"}}, Value: "No"})
	// The same field written without the radio flag: check boxes.
	b := bytes.Replace(d.Bytes(), []byte("/Ff 49152"), []byte("/Ff 0    "), 1)
	f := fieldsOf(t, b)["aware"]
	if f.Value != "No" || f.Kind != document.KindRadio {
		t.Errorf("shared check boxes: kind %q value %q, want radio No", f.Kind, f.Value)
	}
	// A single check box whose on state is "Yes" is still a check box.
	d = pdfgen.NewDoc(pdfgen.Options{})
	d.AddPage()
	d.AddField(pdfgen.Field{Name: "cb", Kind: pdfgen.Checkbox, Rect: [4]float64{322, 618, 332, 628}, TU: "Interpreter needed", Checked: true})
	if f := fieldsOf(t, d.Bytes())["cb"]; f.Kind != document.KindCheckbox || f.Value != "yes" {
		t.Errorf("single check box: kind %q value %q, want checkbox yes", f.Kind, f.Value)
	}
}

// Ensure a fillable form is read for the boxes ticked, end to end: one box
// per option with tooltips, untitled boxes labelled by the text beside
// them, and an empty field that must stay empty (not take the label on the
// line below).
func TestFillableFormTicksMapped(t *testing.T) {
	d := pdfgen.NewDoc(pdfgen.Options{})
	p := d.AddPage()
	p.Text(72, 700, 10, "Child's name")
	d.AddField(pdfgen.Field{Name: "f1", Kind: pdfgen.TextField, Rect: [4]float64{200, 696, 400, 712}, Value: "Tom Example"})
	p.Text(72, 680, 10, "Date of birth")
	d.AddField(pdfgen.Field{Name: "f2", Kind: pdfgen.TextField, Rect: [4]float64{200, 676, 400, 692}})
	p.Text(72, 660, 10, "Home address")
	d.AddField(pdfgen.Field{Name: "f3", Kind: pdfgen.TextField, Rect: [4]float64{200, 656, 400, 672}, Value: "1 High Street, Oxford"})
	p.Text(72, 620, 10, "Is the parent aware of this referral?")
	p.Text(300, 620, 10, "Yes")
	d.AddField(pdfgen.Field{Name: "cb1", Kind: pdfgen.Checkbox, Rect: [4]float64{322, 618, 332, 628}, TU: "Is the parent aware of this referral? Yes"})
	p.Text(345, 620, 10, "No")
	d.AddField(pdfgen.Field{Name: "cb2", Kind: pdfgen.Checkbox, Rect: [4]float64{362, 618, 372, 628}, TU: "Is the parent aware of this referral? No", Checked: true})
	p.Text(72, 590, 10, "Has consent been obtained?")
	d.AddField(pdfgen.Field{Name: "Check Box3", Kind: pdfgen.Checkbox, Rect: [4]float64{300, 588, 310, 598}})
	p.Text(314, 590, 10, "Yes")
	d.AddField(pdfgen.Field{Name: "Check Box4", Kind: pdfgen.Checkbox, Rect: [4]float64{345, 588, 355, 598}, Checked: true})
	p.Text(359, 590, 10, "No")
	doc, err := Extract(d.Bytes(), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	r := mapping.Map(doc)
	got := map[string]string{
		"child.date_of_birth":  r.Child.DateOfBirth,
		"child.address":        r.Child.Address,
		"consent.parent_aware": string(r.Consent.ParentAware),
		"consent.status":       r.Consent.Status,
	}
	want := map[string]string{
		"child.date_of_birth":  "",
		"child.address":        "1 High Street, Oxford",
		"consent.parent_aware": "no",
		"consent.status":       "not_sought",
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s = %q, want %q", k, got[k], w)
		}
	}
}
