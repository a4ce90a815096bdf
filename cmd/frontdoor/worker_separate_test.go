package main

import (
	"debug/buildinfo"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/frontdoorhq/frontdoor/checker"
)

// Ensure the binaries make build makes split the work as designed:
// frontdoor links no document parser (so none of their initialisation runs
// at its start), frontdoor-sandbox does, and the pair reads a PDF. Without
// frontdoor-sandbox beside it, such a frontdoor still reads JSON, and for a
// PDF says plainly which program is missing and where it belongs.
func TestSeparateWorkerBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds frontdoor and frontdoor-sandbox")
	}
	makefile, err := os.ReadFile(filepath.Join("..", "..", "Makefile"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(makefile), " -tags "+buildTags+" ") {
		t.Errorf("the Makefile's build does not use the tags %s that this test and the benchmarks build with", buildTags)
	}
	bin := buildBinary(t)
	const pdfLib = "github.com/ledongthuc/pdf"
	for name, want := range map[string]bool{"frontdoor": false, "frontdoor-sandbox": true} {
		info, err := buildinfo.ReadFile(filepath.Join(filepath.Dir(bin), name))
		if err != nil {
			t.Fatal(err)
		}
		linked := false
		for _, d := range info.Deps {
			linked = linked || d.Path == pdfLib
		}
		if linked != want {
			t.Errorf("%s links %s: %v, want %v", name, pdfLib, linked, want)
		}
	}

	results := func(bin string, args ...string) (map[string]checker.Result, int) {
		t.Helper()
		out, err := exec.Command(bin, append([]string{"check", "--format", "json"}, args...)...).Output()
		code := 0
		if ee := (*exec.ExitError)(nil); errors.As(err, &ee) {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		res := map[string]checker.Result{}
		for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			var r checker.Result
			if err := json.Unmarshal([]byte(line), &r); err != nil {
				t.Fatalf("bad JSON line %q: %v", line, err)
			}
			res[r.File] = r
		}
		return res, code
	}

	res, code := results(bin, threePagePDF)
	if r := res[threePagePDF]; r.Format != "pdf" || r.Error != "" || len(r.Findings) == 0 || code != int(exitFindings) {
		t.Errorf("PDF beside frontdoor-sandbox: exit %d, %+v", code, r)
	}

	solo := filepath.Join(t.TempDir(), "frontdoor")
	if data, err := os.ReadFile(bin); err != nil {
		t.Fatal(err)
	} else if err := os.WriteFile(solo, data, 0o755); err != nil {
		t.Fatal(err)
	}
	res, code = results(solo, threePagePDF, oneJSON)
	if r := res[oneJSON]; r.Format != "json" || r.Error != "" {
		t.Errorf("JSON without frontdoor-sandbox: %+v", r)
	}
	dir, _ := filepath.EvalSymlinks(filepath.Dir(solo))
	want := "could not read PDF: frontdoor's document reader is not installed: frontdoor-sandbox, which reads PDF and Word files, belongs beside frontdoor in " + dir + ";"
	if r := res[threePagePDF]; !strings.HasPrefix(r.Error, want) || code != int(exitError) {
		t.Errorf("PDF without frontdoor-sandbox: exit %d, error %q, want exit %d and an error starting %q", code, r.Error, exitError, want)
	}
}
