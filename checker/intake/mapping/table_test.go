package mapping

import (
	"bytes"
	"flag"
	"os"
	"strings"
	"testing"
)

// Ensure the embedded synonym table compiles, is large enough, and maps no
// label onto two fields.
func TestTableLoads(t *testing.T) {
	tb, err := compile(labelsYAML)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(tb.fields) + len(tb.attrs); n < 150 {
		t.Errorf("synonym table has %d distinct labels, want at least 150", n)
	}
	t.Logf("%d label variants listed, %d distinct normalised labels (%d field, %d attribute)",
		tb.raw, len(tb.fields)+len(tb.attrs), len(tb.fields), len(tb.attrs))
}

// Ensure a label that two fields claim is refused when the table is compiled.
func TestTableRejectsDuplicates(t *testing.T) {
	for _, y := range []string{
		"stopwords: [of]\nfields:\n  child.name: [Child's name]\n  referrer.name: [Name of child]\n",
		"attributes:\n  - name: name\n    labels: [name]\n    child: child.name\nfields:\n  referrer.name: [Name]\n",
		"fields:\n  child.nosuch: [x]\n",
	} {
		if _, err := compile([]byte(y)); err == nil {
			t.Errorf("compile(%q) = nil error, want one", y)
		}
	}
}

func TestNormalise(t *testing.T) {
	tb := loadTable()
	for _, c := range []struct{ in, want string }{
		{"Child’s name:", "child name"},
		{"Name of child", "child name"},
		{"3. D.O.B.*", "birth date"},
		{"Q4 Date of birth (dd/mm/yyyy)", "birth date"},
		{"4a) Concern(s)?", "concern"},
		{"Section 2 - Child's details", "child detail"},
		{"Part B: About you", "detail your"},
		{"Interpreter required? Y/N", "interpreter required"},
		{"Mum's mobile no.", "mobile mother"},
		{"Parent/Carer 1 name", "carer name parent"},
	} {
		got := tb.key(tb.norm(c.in, nil))
		if got != c.want {
			t.Errorf("norm(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	_ = strings.TrimSpace
}

var updateLabels = flag.Bool("update-labels", false, "rewrite labels.json from labels.yaml")

// Ensure labels.json (what the program loads) is labels.yaml (what people edit).
func TestLabelsJSONCurrent(t *testing.T) {
	want, err := labelsAsJSON(labelsYAML)
	if err != nil {
		t.Fatal(err)
	}
	if *updateLabels {
		if err := os.WriteFile("labels.json", want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(want, labelsJSON) {
		t.Error("labels.json is out of date: go test ./checker/intake/mapping -run TestLabelsJSON -update-labels")
	}
	a, err := compile(labelsYAML)
	if err != nil {
		t.Fatal(err)
	}
	b, err := compile(labelsJSON)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.fields) != len(b.fields) || len(a.attrs) != len(b.attrs) || a.raw != b.raw {
		t.Errorf("YAML and JSON tables differ: %d/%d fields, %d/%d attributes", len(a.fields), len(b.fields), len(a.attrs), len(b.attrs))
	}
}
