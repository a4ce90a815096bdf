package pdf

import (
	"bytes"
	"math/rand"
	"os"
	"testing"

	"github.com/frontdoorhq/frontdoor/fixtures/gen/pdfgen"
)

// fixturePDF is the committed 3-page text referral that `frontdoor check`
// benchmarks against pdftotext.
const fixturePDF = "../../../fixtures/documents/15-consent-not-sought-no-reason.pdf"

// BenchmarkExtract reads the 3-page text referral (about 6 KB) as the
// generator makes it, and the committed fixture document.
func BenchmarkExtract(b *testing.B) {
	fixture, err := os.ReadFile(fixturePDF)
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		opts pdfgen.Options
		data []byte
	}{
		{name: "helvetica", opts: pdfgen.Options{}},
		{name: "compressed-type0", opts: pdfgen.Options{Font: pdfgen.FontType0, Compress: true}},
		{name: "fixture-15", data: fixture},
	} {
		data := c.data
		if data == nil {
			data, _ = referralPDF(c.opts)
		}
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
