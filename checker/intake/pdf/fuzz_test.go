package pdf

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/frontdoorhq/frontdoor/fixtures/gen/pdfgen"
)

// fuzzLimits keep each input cheap.
var fuzzLimits = Limits{
	MaxFileSize:     1 << 20,
	MaxDeclared:     100_000,
	MaxPages:        10,
	MaxTreeVisits:   1_000,
	MaxFieldVisits:  2_000,
	MaxFields:       500,
	MaxXObjectCalls: 50,
	MaxStreamBytes:  1 << 20,
	MaxContentBytes: 4 << 20,
	MaxOpsPerPage:   100_000,
	MaxRuns:         20_000,
	MaxTextBytes:    1 << 20,
	MaxCMapEntries:  5_000,
}

// FuzzExtract checks that Extract never panics. Inputs Precheck refuses are
// skipped (that is the production order), and so are inputs with object
// streams: the library can loop forever resolving objects in a damaged
// object stream (see TestHostile), which only the child-process sandbox can
// stop.
func FuzzExtract(f *testing.F) {
	b, _ := referralPDF(pdfgen.Options{})
	f.Add(b)
	b, _ = referralPDF(pdfgen.Options{Font: pdfgen.FontType0, Compress: true})
	f.Add(b)
	f.Add(formPDF(pdfgen.Options{}))
	f.Add(pdfgen.Sample())
	for _, c := range hostileCases {
		if h := pdfgen.Hostile(c.kind); c.outcome != sandbox && len(h) < 64<<10 {
			f.Add(h)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if Precheck(b, fuzzLimits) != nil || bytes.Contains(b, []byte("ObjStm")) {
			return
		}
		// A hang is a failure too: report it (with the input) instead of
		// stalling the worker. The stuck goroutine leaks, but the worker
		// process is replaced after a failure.
		done := make(chan error, 1)
		go func() {
			doc, err := Extract(b, fuzzLimits)
			if err == nil && doc == nil {
				err = errors.New("nil document without an error")
			} else {
				err = nil
			}
			done <- err
		}()
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("Extract did not return within 10 s")
		}
	})
}
