package pdf

import (
	"bytes"
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"testing"

	lpdf "github.com/ledongthuc/pdf"

	"github.com/frontdoorhq/frontdoor/fixtures/gen/pdfgen"
)

// The glyph list in glyphlist.go is sorted, so that it can be searched.
func TestGlyphListSorted(t *testing.T) {
	if len(glyphNames) != len(glyphRunes) || len(glyphNames) < 4000 {
		t.Fatalf("%d names, %d runes", len(glyphNames), len(glyphRunes))
	}
	if !slices.IsSorted(glyphNames[:]) {
		t.Fatal("glyphNames is not sorted")
	}
	for i := 1; i < len(glyphNames); i++ {
		if glyphNames[i] == glyphNames[i-1] {
			t.Fatalf("%q twice", glyphNames[i])
		}
	}
}

// differencesRune decodes every code exactly as the library's dictionary
// encoder does, for every name of the glyph list and for /Differences
// arrays with restarts, repeated codes, unknown names and stray values.
func TestDifferencesRuneMatchesLibrary(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	var arrays []string
	// Every name of the list, 200 to a font, from code 20.
	for lo := 0; lo < len(glyphNames); lo += 200 {
		names := glyphNames[lo:min(lo+200, len(glyphNames))]
		arrays = append(arrays, "[20 /"+strings.Join(names, " /")+"]")
	}
	// Awkward arrays: restarts, codes named twice (the first known name
	// wins), names the list does not know, values of other kinds, codes
	// out of range, uniXXXX names.
	arrays = append(arrays,
		"[65 /Zzunknown /B 65 /C /D]",
		"[65 /C 65 /B]",
		"[-3 /A /B /C /D /E]",
		"[250 /a /b /c /d /e /f /g /h /i /j]",
		"[300 /a 40 (str) /b 1.5 /c true /d]",
		"[/a /b 70 /uni0041 /u1F600 /space]",
		"[0]", "[]",
	)
	for i := 0; i < 20; i++ {
		var b strings.Builder
		for j := 0; j < 60; j++ {
			switch rng.Intn(8) {
			case 0:
				fmt.Fprintf(&b, " %d", rng.Intn(256))
			case 1:
				fmt.Fprintf(&b, " /notaglyph%d", rng.Intn(5))
			default:
				b.WriteString(" /" + glyphNames[rng.Intn(len(glyphNames))])
			}
		}
		arrays = append(arrays, "["+b.String()+"]")
	}

	w := pdfgen.NewWriter()
	w.Set(1, "<< /Type /Catalog /Pages 2 0 R >>")
	w.Set(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
	var fonts strings.Builder
	for i, a := range arrays {
		n := 10 + i
		w.Set(n, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /BaseEncoding /WinAnsiEncoding /Differences "+a+" >> >>")
		fmt.Fprintf(&fonts, " /F%d %d 0 R", i, n)
	}
	w.Set(3, "<< /Type /Page /Parent 2 0 R /Resources << /Font <<"+fonts.String()+" >> >> /Contents 4 0 R >>")
	w.SetStream(4, "<< >>", []byte("BT ET"))
	data := w.Bytes(1)
	r, err := lpdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	fontDict := r.Page(1).V.Key("Resources").Key("Font")
	for i, a := range arrays {
		v := fontDict.Key(fmt.Sprintf("F%d", i))
		diffs := v.Key("Encoding").Key("Differences")
		if diffs.Kind() != lpdf.Array {
			t.Fatalf("font %d: no /Differences array", i)
		}
		lib := (&lpdf.Font{V: v}).Encoder()
		for code := 0; code < 256; code++ {
			want := []rune(lib.Decode(string([]byte{byte(code)})))
			got := differencesRune(diffs, byte(code))
			if len(want) != 1 || got != want[0] {
				t.Fatalf("font %d (%.60s...), code %d: got %U, library %U", i, a, code, got, want)
			}
		}
	}
}
