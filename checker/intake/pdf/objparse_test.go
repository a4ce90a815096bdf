package pdf

import (
	"math"
	"math/rand"
	"strconv"
	"strings"
	"testing"

	"github.com/frontdoorhq/frontdoor/fixtures/gen/pdfgen"
	lpdf "github.com/ledongthuc/pdf"
)

// libraryNumbers resolves key in v through the library, as loadFont did
// before widthsArray: the array's elements as Float64, or its kind, or a
// panic.
func libraryNumbers(v lpdf.Value, key string) (nums []float64, kind lpdf.ValueKind, panicked bool) {
	defer func() {
		if recover() != nil {
			panicked = true
		}
	}()
	w := v.Key(key)
	for i := 0; i < w.Len(); i++ {
		nums = append(nums, w.Index(i).Float64())
	}
	return nums, w.Kind(), false
}

// Ensure widthsArray, whenever it reads an array itself, reads exactly
// what the library resolves: the same numbers, bit for bit, where the
// library neither panics nor returns anything but an array.
func TestNumberArrayMatchesLibrary(t *testing.T) {
	numbers := []string{"278", "556", "-12", "+7", "0", "00", "3.5", "-.5", "+.25", "4.", "9223372036854775807", "-9223372036854775808", "0.333"}
	pieces := []string{".", "-", "1.2.3", "1e5", "99999999999999999999", "9223372036854775808", "1" + strings.Repeat("0", 400) + ".5",
		"7 0 R", "5 0 R", "1 0 obj", "R", "obj", "endobj", "true", "null", "(str)", "<41>", "/Name", "[1 2]", "<< /A 1 >>", "]", "[",
		"%comment\n", "%comment\r", " ", "\t", "\n", "\r\n", "\x00", "\f", "{", "}", ")", ">"}
	rnd := rand.New(rand.NewSource(5))
	direct, agreed := 0, 0
	for i := 0; i < 10000; i++ {
		var body strings.Builder
		switch rnd.Intn(10) {
		case 0: // anything
		case 1:
			body.WriteString("<< /A [1 2] >>")
		default:
			body.WriteString("[")
		}
		bad := rnd.Intn(3) == 0
		for k := rnd.Intn(12); k >= 0; k-- {
			if bad && rnd.Intn(4) == 0 {
				body.WriteString(pieces[rnd.Intn(len(pieces))])
			} else {
				body.WriteString(numbers[rnd.Intn(len(numbers))])
			}
			if rnd.Intn(8) == 0 {
				body.WriteString([]string{"%c\n", "\x00", "\r\n", "\f", "\t"}[rnd.Intn(5)])
			}
			if rnd.Intn(3) > 0 {
				body.WriteString(" ")
			}
		}
		if rnd.Intn(8) > 0 {
			body.WriteString("]")
		}
		if rnd.Intn(10) == 0 {
			body.WriteString(pieces[rnd.Intn(len(pieces))])
		}
		if rnd.Intn(10) == 0 {
			body.WriteString("endobj") // "endobjendobj", or "] endobj\nendobj"
		}
		w := pdfgen.NewWriter()
		w.Set(1, "<< /Type /Catalog /Pages 2 0 R >>")
		w.Set(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 /Resources << /Font << /F1 5 0 R >> >> >>")
		w.Set(3, "<< /Type /Page /Parent 2 0 R >>")
		ref := []string{"4 0 R", "4 0 R", "4 0 R", "4 1 R", "9 0 R", "[1 2 3]", "6 0 R"}[rnd.Intn(7)]
		w.Set(5, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar 32 /Widths "+ref+" >>")
		w.Set(4, body.String())
		w.Set(6, "5")
		if rnd.Intn(4) == 0 {
			w.ObjectStreams = true
		}
		b := w.Bytes(1)
		r, err := open(b)
		if err != nil {
			continue
		}
		x := &extractor{r: r, file: b}
		var fv lpdf.Value
		func() {
			defer func() { recover() }()
			fv = r.Trailer().Key("Root").Key("Pages").Key("Resources").Key("Font").Key("F1")
		}()
		if fv.Kind() != lpdf.Dict {
			continue
		}
		nums, ok := x.widthsArray(fv)
		want, kind, panicked := libraryNumbers(fv, "Widths")
		if !ok {
			continue
		}
		direct++
		if panicked || kind != lpdf.Array || len(nums) != len(want) {
			t.Fatalf("case %d: body %q: read %v, library %v (kind %v, panicked %v)", i, body.String(), nums, want, kind, panicked)
		}
		for k := range nums {
			if math.Float64bits(nums[k]) != math.Float64bits(want[k]) {
				t.Fatalf("case %d: body %q: element %d is %v, library %v", i, body.String(), k, nums[k], want[k])
			}
		}
		agreed++
	}
	t.Logf("%d arrays read directly, all as the library reads them", agreed)
	if direct < 100 {
		t.Errorf("only %d arrays read directly", direct)
	}
}

// Ensure plainContents, whenever it reads a page's /Contents itself, finds
// what the library resolves: a stream without /DecodeParms that
// plainFlate accepts, with the same data offset and length.
func TestPlainContentsMatchesLibrary(t *testing.T) {
	keys := []string{"/Length 5", "/Length 12", "/Length +7", "/Length 0", "/Length -3", "/Length 1.5", "/Length 9 0 R", "/Length 5 7",
		"/Filter /FlateDecode", "/Filter /FlateDecode", "/Filter [/FlateDecode]", "/Filter /ASCII85Decode", "/Filter/FlateDecode",
		"/DecodeParms << /Predictor 12 >>", "/Type /XObject", "/Fil#74er /FlateDecode", "%c\n", "/Length 99999999999999999999"}
	ends := []string{"stream\n", "stream\r\n", "stream\r", "stream \n", "stream<", "endobj", "stream\r\r"}
	rnd := rand.New(rand.NewSource(7))
	direct := 0
	for i := 0; i < 6000; i++ {
		var dict strings.Builder
		dict.WriteString("<<")
		if rnd.Intn(2) == 0 { // the usual dictionary, in either order, perhaps with more
			pair := []string{"/Length " + strconv.Itoa(1+rnd.Intn(20)), "/Filter /FlateDecode"}
			if rnd.Intn(2) == 0 {
				pair[0], pair[1] = pair[1], pair[0]
			}
			sep := []string{" ", "", "\n", " %c\n", "\x00"}[rnd.Intn(5)]
			dict.WriteString(sep + pair[0] + sep + pair[1])
			if rnd.Intn(3) == 0 {
				dict.WriteString(" " + keys[rnd.Intn(len(keys))])
			}
		} else {
			for k := rnd.Intn(4); k >= 0; k-- {
				dict.WriteString(" " + keys[rnd.Intn(len(keys))])
			}
		}
		dict.WriteString(" >>")
		if rnd.Intn(5) == 0 {
			dict.WriteString(" %c\n")
		}
		w := pdfgen.NewWriter()
		w.Set(1, "<< /Type /Catalog /Pages 2 0 R >>")
		w.Set(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
		ref := []string{"4 0 R", "4 0 R", "4 0 R", "4 1 R", "9 0 R", "[4 0 R]"}[rnd.Intn(6)]
		w.Set(3, "<< /Type /Page /Parent 2 0 R /Contents "+ref+" >>")
		w.Set(4, dict.String()+"\n"+ends[rnd.Intn(len(ends))]+"x\x9c\x03\x00\x00\x00\x00\x01\nendstream")
		if rnd.Intn(4) == 0 {
			w.ObjectStreams = true
		}
		b := w.Bytes(1)
		r, err := open(b)
		if err != nil {
			continue
		}
		x := &extractor{r: r, file: b, plain: true}
		var page lpdf.Value
		func() {
			defer func() { recover() }()
			page = r.Trailer().Key("Root").Key("Pages").Key("Kids").Index(0)
		}()
		if page.Kind() != lpdf.Dict {
			continue
		}
		off, n, ok := x.plainContents(page)
		if !ok {
			continue
		}
		direct++
		var lib struct {
			off, n   int64
			ok       bool
			parms    bool
			panicked bool
		}
		func() {
			defer func() {
				if recover() != nil {
					lib.panicked = true
				}
			}()
			c := page.Key("Contents")
			p := c.Key("DecodeParms")
			lib.parms = !p.IsNull()
			lib.off, lib.n, lib.ok = x.plainFlate(c, p)
		}()
		if lib.panicked || lib.parms || !lib.ok || lib.off != off || lib.n != n {
			t.Fatalf("case %d: %q: read %d %d, library %+v", i, dict.String(), off, n, lib)
		}
	}
	t.Logf("%d /Contents read directly, all as the library reads them", direct)
	if direct < 100 {
		t.Errorf("only %d read directly", direct)
	}
}
