package checker_test

import (
	"testing"
	"time"

	"github.com/frontdoorhq/frontdoor/checker"
)

// BenchmarkCheck measures checking one in-memory referral (the issue asks for
// at least 20,000 per second on one core, i.e. at most 50 µs/op).
func BenchmarkCheck(b *testing.B) {
	c := checker.New(checker.Options{Now: func() time.Time { return today }})
	r := good()
	r.Concern.Description += " We have ongoing concerns about home life; mum's partner hit her with a belt and her older brother translated for mum."
	b.ReportAllocs()
	for b.Loop() {
		c.Check(r)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "referrals/s")
}

// BenchmarkCheckTypical measures a complete, typical referral.
func BenchmarkCheckTypical(b *testing.B) {
	c := checker.New(checker.Options{Now: func() time.Time { return today }})
	r := good()
	b.ReportAllocs()
	for b.Loop() {
		c.Check(r)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "referrals/s")
}
