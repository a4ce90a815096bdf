package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/frontdoorhq/frontdoor/checker/intake/sandbox"
)

// The benchmarks behind the README's performance table (`make bench`).

const (
	oneJSON      = "../../fixtures/referrals/03-good-emotional-harm-level3.json"
	threePagePDF = "../../fixtures/documents/15-consent-not-sought-no-reason.pdf"
	referralDOCX = "../../fixtures/documents/15-consent-not-sought-no-reason-table.docx"
)

// buildTags are the build tags `make build` uses: no man-page generator in
// urfave/cli, and no document parsers in frontdoor (frontdoor-sandbox,
// beside it, reads PDF and DOCX; see worker_separate.go).
const buildTags = "urfave_cli_no_docs,frontdoor_no_self_worker"

// buildBinary builds frontdoor and its worker, frontdoor-sandbox, once per
// benchmark (or test) into a temporary directory, the way `make build` does
// (copied into place after linking: see rewrite), and returns frontdoor's
// path.
func buildBinary(tb testing.TB) string {
	tb.Helper()
	dir := tb.TempDir()
	cmd := exec.Command("go", "build", "-tags", buildTags, "-o", dir+string(filepath.Separator), ".", "../frontdoor-sandbox")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("build: %v\n%s", err, out)
	}
	for _, name := range []string{"frontdoor", "frontdoor-sandbox"} {
		if err := rewrite(filepath.Join(dir, name)); err != nil {
			tb.Fatal(err)
		}
	}
	return filepath.Join(dir, "frontdoor")
}

// rewrite replaces the file at path with a copy written with write(2), as
// make build does: a binary just written by the linker (through a memory
// mapping) is held in the page cache as small pages and starts 1-2 ms
// slower than the same binary once rewritten or read back from disk.
func rewrite(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	if err := os.WriteFile(path+".new", data, st.Mode().Perm()); err != nil {
		return err
	}
	return os.Rename(path+".new", path)
}

// medianRun runs a command b.N times and reports its median wall time.
func medianRun(b *testing.B, metric string, name string, args ...string) {
	b.Helper()
	var times []time.Duration
	for b.Loop() {
		times = append(times, timeRun(name, args...))
	}
	b.ReportMetric(medianMS(times), metric)
}

// timeRun runs a command once and returns its wall time.
func timeRun(name string, args ...string) time.Duration {
	start := time.Now()
	_ = exec.Command(name, args...).Run() // exit status 1 (findings) is expected
	return time.Since(start)
}

func medianMS(times []time.Duration) float64 {
	s := slices.Clone(times)
	slices.Sort(s)
	return float64(s[len(s)/2].Microseconds()) / 1000
}

// BenchmarkWholeProcess measures `frontdoor check one.json` as a user runs
// it, a fresh process each time (target: median under 15 ms).
func BenchmarkWholeProcess(b *testing.B) {
	medianRun(b, "median-ms", buildBinary(b), "check", "--format", "json", oneJSON)
}

// BenchmarkWholeProcessPDF measures `frontdoor check` on a 3-page text PDF
// (worker start included) beside pdftotext on the same file (target:
// frontdoor no slower). The two run alternately, so that both see the same
// machine load; pdftotext's half is skipped when it is not installed.
func BenchmarkWholeProcessPDF(b *testing.B) {
	bin := buildBinary(b)
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		b.Log("pdftotext is not installed: measuring frontdoor alone")
	}
	var fd, pt []time.Duration
	for b.Loop() {
		fd = append(fd, timeRun(bin, "check", "--format", "json", threePagePDF))
		if pdftotext != "" {
			pt = append(pt, timeRun(pdftotext, threePagePDF, os.DevNull))
		}
	}
	b.ReportMetric(medianMS(fd), "frontdoor-ms")
	if len(pt) > 0 {
		b.ReportMetric(medianMS(pt), "pdftotext-ms")
		b.ReportMetric(medianMS(fd)/medianMS(pt), "ratio")
	}
}

// benchPool parses one file repeatedly through a warm one-worker sandbox
// pool with the real handlers: in-process throughput per core, worker
// overhead included (targets: 300 three-page PDFs/s, 1,000 DOCX/s).
func benchPool(b *testing.B, kind, path string) {
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	p := sandbox.New(sandbox.Options{Size: 1})
	defer p.Close()
	ctx := context.Background()
	if _, err := p.Parse(ctx, kind, data); err != nil { // start the worker
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := p.Parse(ctx, kind, data); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "files/s")
}

func BenchmarkSandboxPDF(b *testing.B)  { benchPool(b, "pdf", threePagePDF) }
func BenchmarkSandboxDOCX(b *testing.B) { benchPool(b, "docx", referralDOCX) }
