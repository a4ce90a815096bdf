package pdf

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.json from Extract's output")

// goldenFiles are committed fixture documents whose Extract output is kept
// in testdata: the 3-page text referral (the `frontdoor check` benchmark
// file) and the same referral as a fillable form.
var goldenFiles = []string{
	fixturePDF,
	"../../../fixtures/documents/15-consent-not-sought-no-reason-form.pdf",
}

const coldEnv = "FRONTDOOR_PDF_COLD_OUT"

func goldenPath(doc string) string {
	name := filepath.Base(doc)
	return filepath.Join("testdata", name[:len(name)-len(filepath.Ext(name))]+".golden.json")
}

// extractJSON runs Extract on each golden file and returns the results as
// indented JSON, one per file.
func extractJSON(t *testing.T) [][]byte {
	t.Helper()
	var out [][]byte
	for _, f := range goldenFiles {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := Extract(b, DefaultLimits())
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		j, err := json.MarshalIndent(doc, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, append(j, '\n'))
	}
	return out
}

// TestGoldenExtract compares Extract's output on the committed fixture
// documents with testdata, both cold (the first calls in a fresh process,
// as in a sandboxed worker) and warm (in this process, after the cold
// check and whatever tests ran before), so that no cache or lazily built
// table can make the first call differ from later ones.
func TestGoldenExtract(t *testing.T) {
	if out := os.Getenv(coldEnv); out != "" {
		// Child process: the first Extract calls in this process.
		if err := os.WriteFile(out, bytes.Join(extractJSON(t), []byte{0}), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if *update {
		for i, j := range extractJSON(t) {
			if err := os.WriteFile(goldenPath(goldenFiles[i]), j, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	want := make([][]byte, len(goldenFiles))
	for i, f := range goldenFiles {
		b, err := os.ReadFile(goldenPath(f))
		if err != nil {
			t.Fatalf("%v (run go test -run TestGoldenExtract -update)", err)
		}
		want[i] = b
	}
	check := func(when string, got [][]byte) {
		t.Helper()
		if len(got) != len(want) {
			t.Fatalf("%s: %d results, want %d", when, len(got), len(want))
		}
		for i := range want {
			if !bytes.Equal(got[i], want[i]) {
				t.Errorf("%s Extract of %s differs from %s:\n%s", when, goldenFiles[i], goldenPath(goldenFiles[i]), got[i])
			}
		}
	}

	out := filepath.Join(t.TempDir(), "cold.json")
	cmd := exec.Command(os.Args[0], "-test.run=^TestGoldenExtract$", "-test.count=1")
	cmd.Env = append(os.Environ(), coldEnv+"="+out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("cold run: %v\n%s", err, b)
	}
	cold, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	check("cold", bytes.Split(cold, []byte{0}))
	check("warm", extractJSON(t))
}
