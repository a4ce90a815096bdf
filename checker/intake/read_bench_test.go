package intake_test

import (
	"context"
	"os"
	"testing"

	"github.com/frontdoorhq/frontdoor/checker/intake"
)

// BenchmarkRead reads a sample referral from memory, as `frontdoor check`
// does once per process. The first read in a process costs the most: run
// with -benchtime 1x in fresh processes to measure it.
func BenchmarkRead(b *testing.B) {
	for _, name := range []string{"03-good-emotional-harm-level3.json", "01-good-physical-disclosure-level4.yaml"} {
		data, err := os.ReadFile("../../fixtures/referrals/" + name)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			rd := &intake.Reader{}
			for b.Loop() {
				if _, _, err := rd.Read(context.Background(), data, ""); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
