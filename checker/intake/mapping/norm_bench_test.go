package mapping

import "testing"

func BenchmarkNorm(b *testing.B) {
	t := loadTable()
	labels := []string{"Child's name", "Jamie Smith", "Date of birth (or EDD)", "03/04/2015", "Is the parent/carer aware of this referral?", "Brize Meadow Primary School", "12 Mill Lane, Oxford"}
	buf := make([]string, 0, 32)
	b.ReportAllocs()
	for b.Loop() {
		for _, l := range labels {
			buf = t.normFast(l, buf[:0])
		}
	}
}
