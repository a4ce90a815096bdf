package mapping

import (
	"bytes"
	"flag"
	"os"
	"reflect"
	"slices"
	"strconv"
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
// edit), compiled: the file is what encode writes, and the table decoded
// from it answers every look-up as the source that compile reads does.
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
	// Each dict holds the source's keys, once each, and no others.
	for _, c := range []struct {
		dict string
		keys []string
	}{
		{"words", sortedKeys(a.vocab)}, {"rewrites", sortedKeys(a.rewrite)}, {"subjects", sortedKeys(a.subjects)},
		{"sections", sortedKeys(a.sections)}, {"attrs", sortedKeys(a.attrs)}, {"fields", sortedKeys(a.fields)},
		{"index", sortedKeys(a.index.byWord)},
	} {
		var held []string
		b.dictNamed(c.dict).each(func(k string, _ int) { held = append(held, k) })
		slices.Sort(held)
		if !slices.Equal(held, c.keys) {
			t.Errorf("dict %s holds %d keys, want the source's %d", c.dict, len(held), len(c.keys))
		}
	}
	for w, f := range a.vocab {
		if got, ok := b.word([]byte(w)); !ok || got.s != w || got.flags != f {
			t.Errorf("word %q: %v %v, want flags %v", w, got, ok, f)
		}
	}
	for p, rep := range a.rewrite {
		if got, ok := b.rewrite([]byte(p)); !ok || !reflect.DeepEqual(got, rep) {
			t.Errorf("rewrite %q: %q %v, want %q", p, got, ok, rep)
		}
	}
	for w, ss := range a.subjects {
		if got := b.subjectsAt(w); !reflect.DeepEqual(got, ss) {
			t.Errorf("subjects of %q: %v, want %v", w, got, ss)
		}
	}
	for k, s := range a.sections {
		if got, ok := b.section([]byte(k)); !ok || got != s {
			t.Errorf("section %q: %v %v, want %v", k, got, ok, s)
		}
	}
	for k, at := range a.attrs {
		if got := b.attr([]byte(k)); got == nil || !reflect.DeepEqual(*got, *at) {
			t.Errorf("attribute %q: %v, want %v", k, got, at)
		}
	}
	for k, f := range a.fields {
		if got := b.field([]byte(k)); got != f {
			t.Errorf("field %q: %v, want %v", k, got, f)
		}
	}
	if len(b.followups) != len(a.followups) {
		t.Errorf("%d follow-ups, want %d", len(b.followups), len(a.followups))
	}
	for f, m := range a.followups {
		if got, ok := b.followupOf(f); !ok || got.details != m["details"] || got.whyNot != m["why_not"] || len(m) != len(got.kinds()) {
			t.Errorf("follow-ups of %s: %v %v, want %v", f.path, got, ok, m)
		}
	}
	if b.maxRewrite != a.maxRewrite || b.maxSubject != a.maxSubject {
		t.Errorf("longest rewrite and subject %d, %d, want %d, %d", b.maxRewrite, b.maxSubject, a.maxRewrite, a.maxSubject)
	}
	if !reflect.DeepEqual(b.routes, a.routes) {
		t.Error("the decoded table differs from the compiled one in routes")
	}
	// The fuzzy index: the synonyms in order, and each word's weight and
	// synonyms.
	syns := b.synonyms()
	if len(syns) != len(a.index.synonyms) {
		t.Fatalf("%d synonyms, want %d", len(syns), len(a.index.synonyms))
	}
	for i, r := range syns {
		if got := b.synonym(r, nil); !reflect.DeepEqual(got, a.index.synonyms[i]) {
			t.Errorf("synonym %d: %v, want %v", i, got, a.index.synonyms[i])
		}
	}
	for w, is := range a.index.byWord {
		weight, list := b.fuzzyWord(w)
		var got []int
		for n := range strings.SplitSeq(list, " ") {
			i, err := strconv.Atoi(n)
			if err != nil {
				t.Errorf("word %q: synonym %q", w, n)
			}
			got = append(got, i)
		}
		if weight != a.index.weight[w] || !slices.Equal(got, is) {
			t.Errorf("word %q: weight %v, synonyms %v, want %v, %v", w, weight, got, a.index.weight[w], is)
		}
	}
	if n := reflect.TypeFor[table]().NumField(); n != 17 {
		t.Errorf("the table has %d fields, not 17: check them here", n)
	}
}

// kinds lists the follow-up kinds f has, for tests.
func (f followup) kinds() []string {
	var ks []string
	for _, k := range []string{"details", "why_not"} {
		if f.get(k) != nil {
			ks = append(ks, k)
		}
	}
	return ks
}

// Ensure decode refuses a table it cannot read rather than building a wrong one.
func TestDecodeRejects(t *testing.T) {
	header := "frontdoor-labels\t2\n"
	counts := header + "counts\tfield=1\n"
	var dicts string
	for _, name := range dictNames {
		dicts += "dict\t" + name + "\t------\n" // one empty slot
	}
	tail := "field\tchild.name\tchild name\n" + dicts + "vocab\t-\tchild\tname\n"
	for _, bad := range []string{
		"",
		"frontdoor-labels\t1\ncounts\tfield=1\n" + tail,
		header + "raw\t1\ncounts\tfield=1\n" + tail,
		counts + "counts\tfield=1\n" + tail,
		counts + "counts\tfield=x\n" + tail,
		counts + "nosuch\tx\n" + tail,
		counts + "field\tchild.nosuch\tx\n" + tail,
		counts + "attr\tname\tnosuch=child.name\tname\n" + tail,
		counts + "subject\tchild\t\tchild\nsubject\tfamily\tmother\tmother\nsubject\tchild\t\tchild young\n" + tail,
		counts + "section\tnosuch\t\tx\n" + tail,
		counts + "noise\tif known\tx\n" + tail,
		counts + "followup\tchild.name\twhen=child.age\n" + tail,
		counts + "field\tchild.age\tage\nraw\t1\n" + tail,
		counts + "field\tchild.name\tchild name\n",
		counts + "vocab\t-\tchild\tname\n" + tail,
		counts + "dict\twords\t------\n" + tail,
		counts + "dict\tnosuch\t------\n" + tail,
		counts + strings.Replace(tail, "dict\twords\t------", "dict\twords\t"+strings.Repeat("-", 3*slotWidth), 1),
		counts + strings.Replace(tail, "dict\twords\t------", "dict\twords\t----", 1),
	} {
		if _, err := decode(bad); err == nil {
			t.Errorf("decode(%q) = nil error, want one", bad)
		}
	}
	if _, err := decode(counts + tail); err != nil {
		t.Errorf("decode of a minimal table: %v", err)
	}
}

// Ensure looking labels and words up allocates nothing: Map does it for
// every word of every line.
func TestLookupsDoNotAllocate(t *testing.T) {
	tb := loadTable()
	k, w := []byte("assessment completed early help need strength"), []byte("child")
	n := testing.AllocsPerRun(100, func() {
		tb.field(k)
		tb.word(w)
		tb.is("child", wStop)
		tb.subjectsAt("mother")
	})
	if n != 0 {
		t.Errorf("%v allocations", n)
	}
}

// Ensure look-ups in a damaged dict find nothing rather than panic: slots
// that point past the text, at the wrong key, or a table with no empty slot.
func TestDictDamage(t *testing.T) {
	d, err := newDict([]string{"child", "child name", "mother"}, func(i int) int { return i })
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]int{"child": 0, "child name": 1, "mother": 2} {
		if v, at, ok := lookup(&d, k); !ok || v != want || d.text[at:at+len(k)] != k {
			t.Errorf("lookup(%q) = %d, %d, %v", k, v, at, ok)
		}
		if v, _, ok := lookup(&d, []byte(k)); !ok || v != want {
			t.Errorf("lookup([]byte(%q)) = %d, %v", k, v, ok)
		}
	}
	for _, k := range []string{"", "chil", "child nam", "name", "mothers"} {
		if _, _, ok := lookup(&d, k); ok {
			t.Errorf("lookup(%q) found it", k)
		}
	}
	full := strings.Repeat("zzz00z", 4) // every slot taken, pointing past the text
	for _, slots := range []string{strings.Replace(d.slots, "-", "z", -1), full, d.slots[:slotWidth]} {
		bad := dict{text: d.text, slots: slots}
		for _, k := range []string{"child", "mother", "nosuch"} {
			lookup(&bad, k) // must return
		}
		bad.each(func(string, int) {})
	}
}
