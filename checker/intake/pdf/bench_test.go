package pdf

import (
	"bytes"
	"math/rand"
	"testing"

	"github.com/frontdoorhq/frontdoor/fixtures/gen/pdfgen"
)

// BenchmarkExtract reads the 3-page text referral (about 6 KB).
func BenchmarkExtract(b *testing.B) {
	for _, c := range []struct {
		name string
		opts pdfgen.Options
	}{
		{"helvetica", pdfgen.Options{}},
		{"compressed-type0", pdfgen.Options{Font: pdfgen.FontType0, Compress: true}},
	} {
		data, _ := referralPDF(c.opts)
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Extract(data, Limits{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkExtractForm reads the one-page AcroForm fixture.
func BenchmarkExtractForm(b *testing.B) {
	data := formPDF(pdfgen.Options{})
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Extract(data, Limits{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPrecheck scans 20 MB: random bytes (a compressed-heavy file) and
// repeated text objects (a text-heavy file).
func BenchmarkPrecheck(b *testing.B) {
	rnd := make([]byte, 20<<20)
	rand.New(rand.NewSource(1)).Read(rnd)
	copy(rnd, "%PDF-1.7\n")
	text := append([]byte("%PDF-1.7\n"), bytes.Repeat(pdfgen.Sample(), (20<<20)/len(pdfgen.Sample()))...)
	for _, c := range []struct {
		name string
		data []byte
	}{{"random", rnd}, {"text", text}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.data)))
			for b.Loop() {
				Precheck(c.data, Limits{})
			}
		})
	}
}
