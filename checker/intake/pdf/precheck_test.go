package pdf

import (
	"bytes"
	"math/rand"
	"os"
	"path/filepath"
	"testing"

	"github.com/frontdoorhq/frontdoor/fixtures/gen/pdfgen"
)

// scanNumbers finds every occurrence of the name key followed by an integer
// and reports the first value above max.
func scanNumbers(b []byte, key string, max int64) (int64, bool) {
	k := []byte(key)
	for i := 0; ; {
		j := bytes.Index(b[i:], k)
		if j < 0 {
			return 0, true
		}
		p := i + j + len(k)
		i = p
		if n, bad := numberAt(b, p, max); bad {
			return n, false
		}
	}
}

// scanArrays checks every array of integers following key, one scan per
// key, as Precheck did before scanKeys.
func scanArrays(b []byte, key string, max int64, pairs bool) (int64, bool) {
	k := []byte(key)
	for i := 0; ; {
		j := bytes.Index(b[i:], k)
		if j < 0 {
			return 0, true
		}
		p := i + j + len(k)
		i = p
		if v, bad := arrayAt(b, p, max, pairs); bad {
			return v, false
		}
	}
}

// Ensure scanKeys finds, for each key, what a scan for that key alone
// finds.
func TestScanKeysMatchesScans(t *testing.T) {
	inputs := [][]byte{pdfgen.Sample(), formPDF(pdfgen.Options{ObjectStreams: true})}
	for _, k := range pdfgen.HostileKinds() {
		if h := pdfgen.Hostile(k); len(h) < 1<<20 {
			inputs = append(inputs, h)
		}
	}
	files, _ := filepath.Glob("../../../fixtures/documents/*.pdf")
	for _, f := range files {
		if b, err := os.ReadFile(f); err == nil {
			inputs = append(inputs, b)
		}
	}
	pieces := []string{"/Count", "/Size", "/Columns", "/N", "/Index", "/W", "/Widths", "/Name", "/N5", "/Sizes", "/Counts", "/C", "/", "//",
		" ", "\n", "%c\n", "[", "]", "5", "-7", "+3", "2000000", "999999", "1000001", "0", " 1 ", "1.5", "[1 2]", "[0 5 999999 2]", "[1 [2]]", "R", "<<", ">>"}
	rnd := rand.New(rand.NewSource(6))
	for i := 0; i < 20000; i++ {
		var b bytes.Buffer
		for k := rnd.Intn(16); k >= 0; k-- {
			b.WriteString(pieces[rnd.Intn(len(pieces))])
		}
		inputs = append(inputs, b.Bytes())
	}
	keys := [numKeys]string{keyCount: "/Count", keySize: "/Size", keyColumns: "/Columns", keyN: "/N", keyIndex: "/Index", keyW: "/W"}
	for _, in := range inputs {
		for _, max := range []int64{1_000_000, 3} {
			found := scanKeys(in, max)
			for k, key := range keys {
				var n int64
				var ok bool
				switch k {
				case keyIndex:
					n, ok = scanArrays(in, key, max, true)
				case keyW:
					n, ok = scanArrays(in, key, max, false)
				default:
					n, ok = scanNumbers(in, key, max)
				}
				if found[k].bad == ok || found[k].n != n {
					t.Fatalf("%s in %.80q (max %d): scanKeys %+v, scan %d %v", key, in, max, found[k], n, ok)
				}
			}
		}
	}
}
