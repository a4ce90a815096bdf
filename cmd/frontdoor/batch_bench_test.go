package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/frontdoorhq/frontdoor/fixtures/batchgen/corpus"
)

// BenchmarkBatch runs `frontdoor batch` as a partnership would, a fresh
// process over generated batches (fixtures/batchgen), writing the per-file
// results, the summary and the HTML report:
//
//   - mixed-1000 and mixed-10000: the standard mix, half PDF or DOCX
//     (targets: 10,000 in at most 30 s on the 2-core machine; peak memory
//     at most 200 MB, and flat from 1,000 to 10,000 files);
//   - FORMAT-1000: 1,000 referrals of one format, for the throughput of each.
//
// Metrics: s (wall time), files/s, peak-MB (the batch process's peak
// resident memory), peak-tree-MB (the most the process and its document
// workers held at once) and worker-peak-MB (the most any one document
// worker held). Generating a batch is not timed.
func BenchmarkBatch(b *testing.B) {
	bin := buildBinary(b)
	type bench struct {
		name string
		n    int
		mix  []corpus.FormatShare
	}
	benches := []bench{{"mixed-1000", 1000, nil}, {"mixed-10000", 10000, nil}}
	for _, f := range []string{"pdf", "docx", "json", "yaml", "text", "markdown", "email"} {
		benches = append(benches, bench{f + "-1000", 1000, []corpus.FormatShare{{Format: f, Share: 1}}})
	}
	for _, bc := range benches {
		b.Run(bc.name, func(b *testing.B) {
			dir := filepath.Join(b.TempDir(), "batch")
			hostile := 0
			if bc.mix != nil {
				hostile = -1 // one format only: no hostile files
			}
			g, err := corpus.New(corpus.Options{N: bc.n, Seed: 1, Mix: bc.mix, Hostile: hostile})
			if err != nil {
				b.Fatal(err)
			}
			m, err := g.Write(dir)
			if err != nil {
				b.Fatal(err)
			}
			out := b.TempDir()
			for b.Loop() {
				r := runMeasured(b, bin, "batch", "-j", strconv.Itoa(runtime.NumCPU()),
					"--out", filepath.Join(out, "results.jsonl"), "--summary", filepath.Join(out, "summary.json"),
					"--html", filepath.Join(out, "report.html"), dir)
				b.ReportMetric(r.wall.Seconds(), "s")
				b.ReportMetric(float64(m.Files)/r.wall.Seconds(), "files/s")
				b.ReportMetric(float64(r.peakMain)/(1<<20), "peak-MB")
				b.ReportMetric(float64(r.peakTree)/(1<<20), "peak-tree-MB")
				b.ReportMetric(float64(r.peakWorker)/(1<<20), "worker-peak-MB")
			}
		})
	}
}

// measured is one run of a process.
type measured struct {
	wall                           time.Duration
	peakMain, peakTree, peakWorker int64 // bytes
}

// runMeasured runs a command, sampling its memory and its children's every
// 10 ms from /proc. Exit status 1 (missed targets) is not an error.
func runMeasured(b *testing.B, name string, args ...string) measured {
	b.Helper()
	cmd := exec.Command(name, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var r measured
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case err := <-done:
			r.wall = time.Since(start)
			if ee, ok := err.(*exec.ExitError); err != nil && (!ok || ee.ExitCode() != 1) {
				b.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.String())
			}
			return r
		case <-tick.C:
			pid := cmd.Process.Pid
			hwm := procStatus(pid, "VmHWM")
			r.peakMain = max(r.peakMain, hwm)
			tree := procStatus(pid, "VmRSS")
			for _, c := range procChildren(pid) {
				tree += procStatus(c, "VmRSS")
				r.peakWorker = max(r.peakWorker, procStatus(c, "VmHWM"))
			}
			r.peakTree = max(r.peakTree, tree)
		}
	}
}

// procStatus reads a "kB" field of /proc/PID/status, in bytes (0 when the
// process is gone).
func procStatus(pid int, field string) int64 {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// procChildren lists a process's children.
func procChildren(pid int) []int {
	tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/children", pid))
	var out []int
	for _, t := range tasks {
		b, err := os.ReadFile(t)
		if err != nil {
			continue
		}
		for _, f := range strings.Fields(string(b)) {
			if c, err := strconv.Atoi(f); err == nil {
				out = append(out, c)
			}
		}
	}
	return out
}
