package mapping

import "testing"

// BenchmarkLoadTable builds the label table from the embedded data, as the
// first Map of every process does.
func BenchmarkLoadTable(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decode(labelsTab); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadTableIndex builds the table and its list of field labels
// for fuzzy matching, which the first Map that needs it reads (and Warm
// builds).
func BenchmarkLoadTableIndex(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		t, err := decode(labelsTab)
		if err != nil {
			b.Fatal(err)
		}
		t.synonyms()
	}
}
