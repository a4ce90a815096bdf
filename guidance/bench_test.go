package guidance

import (
	"strings"
	"testing"
)

// concern100 is a concern of about 100 words.
const concern100 = `Jayden (Year 3) arrived late again this morning in the same uniform as last week.
He told his teaching assistant that there was no food at home and that mum was asleep all
weekend. Staff have noticed he is hungry, takes food from other children's lunch boxes and
has head lice that have not been treated since October. Mum has told us she is depressed and
struggling since the baby was born, and dad lives elsewhere. Attendance has dropped to 88 percent.
The family may be evicted next month. Jayden said he likes school because it is warm.`

// BenchmarkRoute measures routing a 100-word concern with the default pack
// (the issue asks for at least 5,000 per second on one core).
func BenchmarkRoute(b *testing.B) {
	p, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	if n := len(strings.Fields(concern100)); n < 90 {
		b.Fatalf("concern has %d words", n)
	}
	b.ReportAllocs()
	for b.Loop() {
		p.Route(concern100, Facts{})
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "concerns/s")
}

// BenchmarkLoadDefault measures loading the built-in pack as Default does:
// decoding and checking it, with its precompiled word index (the issue asks
// for under 20 ms). That index is data in the binary (builtin_index.go),
// finished once per process; BenchmarkDecodeIndex measures decoding it
// from the embedded form instead, as when that data is out of date.
func BenchmarkLoadDefault(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := loadDefault(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeIndex(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := loadBuiltIn(defaultPack, defaultIndex); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadYAML measures loading the built-in pack from its YAML, as
// --guidance FILE does for a council's own pack.
func BenchmarkLoadYAML(b *testing.B) {
	for b.Loop() {
		if _, err := Parse("default", defaultPackYAML); err != nil {
			b.Fatal(err)
		}
	}
}
