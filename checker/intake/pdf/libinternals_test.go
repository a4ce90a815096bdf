package pdf

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/frontdoorhq/frontdoor/fixtures/gen/pdfgen"
	lpdf "github.com/ledongthuc/pdf"
)

// Ensure the library's internals have the shape the speed-ups rely on.
// If this fails after a library upgrade, Extract still gives the same
// results (TestFallbackMatches) but loses those speed-ups: update
// libinternals.go.
func TestLibraryInternals(t *testing.T) {
	if !libInternals().ok {
		t.Fatal("the library's unexported fields changed shape; see libinternals.go")
	}
	b, _ := referralPDF(pdfgen.Options{})
	r, err := open(b)
	if err != nil {
		t.Fatal(err)
	}
	root := r.Trailer().Key("Root")
	pages := root.Key("Pages")
	kids := pages.Key("Kids")
	page := kids.Index(0)
	if ref, ok := indirect(page, kids); !ok || ref.id == 0 {
		t.Errorf("indirect(page) = %v %v", ref, ok)
	}
	if ref, ok := elemRef(kids, 0); !ok || ref.id == 0 {
		t.Errorf("elemRef = %v %v", ref, ok)
	}
	contents := page.Key("Contents")
	off, ok := streamOffset(contents)
	if !ok || off <= 0 || off >= int64(len(b)) || !bytes.HasSuffix(b[:off], []byte("stream\n")) {
		t.Errorf("streamOffset = %d %v", off, ok)
	}
	if ref, ok := refOf(contents); !ok {
		t.Errorf("refOf = %v %v", ref, ok)
	} else if off, ok := objectOffset(r, ref, len(b)); !ok || !bytes.HasPrefix(b[off:], fmt.Appendf(nil, "%d %d obj", ref.id, ref.gen)) {
		t.Errorf("objectOffset = %d %v", off, ok)
	}
	font := pages.Key("Resources").Key("Font").Key("F1")
	if font.Kind() == lpdf.Dict {
		if _, ok := widthsRef(font); !ok {
			t.Errorf("widthsRef found no reference")
		}
	}
}

// Ensure Extract gives the same results when the library's internals
// cannot be read and every speed-up that needs them falls back to the
// library's public API.
func TestFallbackMatches(t *testing.T) {
	var inputs [][]byte
	for _, o := range []pdfgen.Options{{}, {Compress: true}, {ObjectStreams: true, Compress: true}, {Font: pdfgen.FontType0, Compress: true},
		{Compress: true, Encrypt: &pdfgen.Encryption{OwnerPassword: "owner"}}, {TreeFanout: 2}} {
		b, _ := referralPDF(o)
		inputs = append(inputs, b, formPDF(o))
	}
	for _, k := range pdfgen.HostileKinds() {
		for _, c := range hostileCases {
			if c.kind == k && c.outcome != sandbox {
				inputs = append(inputs, pdfgen.Hostile(k))
			}
		}
	}
	files, _ := filepath.Glob("../../../fixtures/documents/*.pdf")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, b)
	}
	run := func(b []byte) string {
		doc, err := Extract(b, Limits{})
		j, _ := json.Marshal(doc)
		if err != nil {
			return err.Error() + " " + string(j)
		}
		return string(j)
	}
	for i, b := range inputs {
		want := run(b)
		internalsOff.Store(true)
		got := run(b)
		internalsOff.Store(false)
		if got != want {
			t.Errorf("input %d: without the library's internals\n got  %.300s\n want %.300s", i, got, want)
		}
	}
}
