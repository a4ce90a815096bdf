package mapping

import (
	"bytes"
	"flag"
	"os"
	"reflect"
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

var updateLabels = flag.Bool("update-labels", false, "rewrite labels.tab from labels.yaml")

// Ensure labels.tab (what the program loads) is labels.yaml (what people
// edit), compiled: the file is what encode writes, and decoding it gives
// exactly the table that compile builds.
func TestLabelsTableCurrent(t *testing.T) {
	a, err := compile(labelsYAML)
	if err != nil {
		t.Fatal(err)
	}
	want, err := a.encode()
	if err != nil {
		t.Fatal(err)
	}
	if *updateLabels {
		if err := os.WriteFile("labels.tab", want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(want, []byte(labelsTab)) {
		t.Error("labels.tab is out of date: go test ./checker/intake/mapping -run TestLabelsTable -update-labels")
	}
	b, err := decode(labelsTab)
	if err != nil {
		t.Fatal(err)
	}
	// Field by field: index is a function, and reflect.DeepEqual compares
	// only nil ones.
	parts := map[string]func(*table) any{
		"stop": func(t *table) any { return t.stop }, "rewrite": func(t *table) any { return t.rewrite },
		"rewriteFirst": func(t *table) any { return t.rewriteFirst }, "maxRewrite": func(t *table) any { return t.maxRewrite },
		"vocab": func(t *table) any { return t.vocab }, "subjects": func(t *table) any { return t.subjects },
		"maxSubject": func(t *table) any { return t.maxSubject }, "familyWord": func(t *table) any { return t.familyWord },
		"veto": func(t *table) any { return t.veto }, "headingWords": func(t *table) any { return t.headingWords },
		"sections": func(t *table) any { return t.sections }, "attrs": func(t *table) any { return t.attrs },
		"fields": func(t *table) any { return t.fields }, "index": func(t *table) any { return t.index() },
		"followWords": func(t *table) any { return t.followWords }, "followups": func(t *table) any { return t.followups },
		"routes": func(t *table) any { return t.routes }, "raw": func(t *table) any { return t.raw },
	}
	if n := reflect.TypeFor[table]().NumField(); len(parts) != n {
		t.Errorf("the test compares %d fields of the table, which has %d", len(parts), n)
	}
	for name, get := range parts {
		if !reflect.DeepEqual(get(a), get(b)) {
			t.Errorf("the decoded table differs from the compiled one in %s", name)
		}
	}
}

// Ensure decode refuses a table it cannot read rather than building a wrong one.
func TestDecodeRejects(t *testing.T) {
	counts := "frontdoor-labels\t1\ncounts\tstop=1\n"
	tail := "field\tchild.name\tchild name\nvocab\tchild name\n"
	for _, bad := range []string{
		"",
		"frontdoor-labels\t2\ncounts\tstop=1\n" + tail,
		"frontdoor-labels\t1\nstop\tthe\ncounts\tstop=1\n" + tail,
		counts + "counts\tstop=1\n" + tail,
		counts + "counts\tstop=x\n" + tail,
		counts + "nosuch\tx\n" + tail,
		counts + "stop\tthe  of\n" + tail,
		counts + "field\tchild.nosuch\tx\n" + tail,
		counts + "attr\tname\tnosuch=child.name\tname\n" + tail,
		counts + "subject\tchild\t\tchild\nsubject\tfamily\tmother\tmother\nsubject\tchild\t\tchild young\n" + tail,
		counts + "section\tnosuch\t\tx\n" + tail,
		counts + "noise\tif known\tx\n" + tail,
		counts + "field\tchild.name\tchild name\nraw\t1\nfield\tchild.age\tage\nvocab\tage\n",
		counts + "field\tchild.name\tchild name\n",
	} {
		if _, err := decode(bad); err == nil {
			t.Errorf("decode(%q) = nil error, want one", bad)
		}
	}
	if _, err := decode(counts + tail); err != nil {
		t.Errorf("decode of a minimal table: %v", err)
	}
	// The fuzzy index is read on first use, and a bad one panics then.
	tb, err := decode(counts + tail + "word\tchild\t1\t0 7\n")
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if recover() == nil {
			t.Error("a bad synonym index in the fuzzy index did not panic")
		}
	}()
	tb.index()
}
