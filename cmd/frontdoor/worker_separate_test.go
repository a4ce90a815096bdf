package main

import (
	"context"
	"debug/buildinfo"
	"debug/elf"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
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

// Ensure frontdoor as make build makes it, which starts its document
// worker while it initialises and sends it the first document a check
// names (package early), reports exactly what frontdoor run in-process,
// which does neither, reports: for PDF and Word files, several at once,
// damaged ones, and files whose name says PDF but whose content does not.
func TestEarlyWorkerSameResults(t *testing.T) {
	if testing.Short() {
		t.Skip("builds frontdoor and frontdoor-sandbox")
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	pdf, err := os.ReadFile(threePagePDF)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{
		"truncated.pdf":  pdf[:len(pdf)/3],
		"text.pdf":       []byte("Child's name: Sam\nConcern: Sam said dad hit him.\n"),
		"pdf-named.docx": pdf,
		"empty.pdf":      nil,
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	in := func(name string) string { return filepath.Join(dir, name) }
	for _, args := range [][]string{
		{threePagePDF},
		{"--format", "text", referralDOCX},
		{referralDOCX, threePagePDF, oneJSON},
		{in("truncated.pdf")},
		{in("text.pdf")},
		{in("pdf-named.docx")},
		{in("empty.pdf"), threePagePDF},
		{"--input-format", "pdf", threePagePDF},
		{"--no-route", threePagePDF},
	} {
		args = append([]string{"check", "--format", "json"}, args...)
		cmd := exec.Command(bin, args...)
		cmd.Env = append(os.Environ(), "FRONTDOOR_TODAY=2026-11-25")
		var stdout, stderr strings.Builder
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		code := 0
		if err := cmd.Run(); err != nil {
			ee := (*exec.ExitError)(nil)
			if !errors.As(err, &ee) {
				t.Fatal(err)
			}
			code = ee.ExitCode()
		}
		var wantOut, wantErr strings.Builder
		getenv := func(k string) string {
			if k == "FRONTDOOR_TODAY" {
				return "2026-11-25"
			}
			return os.Getenv(k)
		}
		wantCode := run(context.Background(), append([]string{"frontdoor"}, args...), getenv, strings.NewReader(""), &wantOut, &wantErr)
		if code != wantCode || stdout.String() != wantOut.String() || stderr.String() != wantErr.String() {
			t.Errorf("%q: built frontdoor exits %d with\n%s%s\nin-process run %d with\n%s%s", args, code, stdout.String(), stderr.String(),
				wantCode, wantOut.String(), wantErr.String())
		}
	}
}

// Ensure the worker that frontdoor starts early is the one its check then
// uses: a check of one PDF starts one worker, not a second one beside a
// spare its reader would not adopt.
func TestEarlyWorkerAdopted(t *testing.T) {
	if testing.Short() {
		t.Skip("builds frontdoor and frontdoor-sandbox")
	}
	if runtime.GOOS != "linux" {
		t.Skip("frontdoor starts its worker early on Linux only")
	}
	bin := buildBinary(t)
	syms, err := symbols(bin)
	if err != nil {
		t.Fatal(err)
	}
	const early = "github.com/frontdoorhq/frontdoor/cmd/frontdoor/internal/early.init.0"
	if !syms[early] {
		t.Fatalf("frontdoor as make build makes it does not start its worker early (no %s)", early)
	}
	// frontdoor-sandbox becomes a script that counts its starts.
	worker := filepath.Join(filepath.Dir(bin), "frontdoor-sandbox")
	if err := os.Rename(worker, worker+".real"); err != nil {
		t.Fatal(err)
	}
	starts := filepath.Join(t.TempDir(), "starts")
	script := "#!/bin/sh\necho started >>'" + starts + "'\nexec '" + worker + ".real' \"$@\"\n"
	if err := os.WriteFile(worker, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{threePagePDF},
		{"--input-format", "pdf", threePagePDF}, // no early worker: the check starts its own
	} {
		os.Remove(starts)
		out, err := exec.Command(bin, append([]string{"check", "--format", "json"}, args...)...).Output()
		if ee := (*exec.ExitError)(nil); err != nil && !errors.As(err, &ee) {
			t.Fatal(err)
		}
		var r checker.Result
		if err := json.Unmarshal(out, &r); err != nil || r.Format != "pdf" || r.Error != "" {
			t.Fatalf("%q: %v, %+v", args, err, r)
		}
		log, _ := os.ReadFile(starts)
		if n := strings.Count(string(log), "started"); n != 1 {
			t.Errorf("%q: %d workers started, want 1", args, n)
		}
	}
}

// symbols returns the names of the functions and variables in the
// executable at path.
func symbols(path string) (map[string]bool, error) {
	f, err := elf.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	syms, err := f.Symbols()
	if err != nil {
		return nil, err
	}
	names := map[string]bool{}
	for _, s := range syms {
		names[s.Name] = true
	}
	return names, nil
}
