package pdf

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"github.com/frontdoorhq/frontdoor/fixtures/gen/pdfgen"
)

// Outcomes of crafted files.
const (
	rejected = "precheck" // Precheck refuses it before the library sees it
	failed   = "error"    // Extract returns an error
	partial  = "doc"      // Extract returns a (possibly partial) document
	sandbox  = "sandbox"  // hangs or runs for seconds inside the library: child process only
)

var hostileCases = []struct {
	kind    pdfgen.HostileKind
	outcome string
	why     string
}{
	{pdfgen.PageTreeSelfCycle, failed, "own page walk with a visit budget; Reader.Page loops forever"},
	{pdfgen.PageTreeKidsSelfSelf, failed, "visit budget stops 2^depth visits"},
	{pdfgen.ParentCycle, partial, "resources are inherited during the walk, /Parent is never followed; Page.Resources loops forever"},
	{pdfgen.ObjStmExtendsCycle, rejected, "resolve loops forever; stream dictionaries are plain bytes, so the cycle is visible"},
	{pdfgen.ObjStmUnterminatedHex, sandbox, "resolve loops forever reading a hex string that runs to the end of an object stream; the stream is usually compressed, so no byte scan sees it"},
	{pdfgen.ObjStmFlateSpaces, sandbox, "resolve inflates 8 GiB to reach the object: ~6 s of CPU in-process for an 8 MB file, ~19 s at the 25 MB cap"},
	{pdfgen.ObjStmHugeN, rejected, "resolve reads /N header pairs: minutes of CPU"},
	{pdfgen.XrefStreamSize1e9, rejected, "the library allocates 40 GB: fatal out-of-memory"},
	{pdfgen.XrefSubsection1e9, rejected, "the library grows its xref table to 1e9 entries: fatal out-of-memory"},
	{pdfgen.PredictorColumns2e9, rejected, "the library allocates 2 x 2 GB predictor rows"},
	{pdfgen.Count2e9, rejected, "document-level GetPlainText loops; the page walk would not care"},
	{pdfgen.XrefPrevCycle, rejected, "the xref reader follows /Prev forever"},
	{pdfgen.FlateBomb, failed, "content read is capped at MaxStreamBytes; pdf.Interpret would build a 1 GiB string"},
	{pdfgen.FlateSpaces, partial, "content read is capped"},
	{pdfgen.ShownTextBomb, partial, "content read and output text are capped"},
	{pdfgen.ToUnicodeBfrange1e8, partial, "declared counts are ignored and entries capped; the library's CMap reader runs out of memory"},
	{pdfgen.DeepNesting, partial, "the library's depth limit panics on page one (recovered); our tokenizer skips deep arrays"},
	{pdfgen.SelfRefXObject, partial, "XObject depth and call caps"},
	{pdfgen.InlineImage, partial, "inline image data skipped"},
	{pdfgen.UnterminatedHex, partial, "own tokenizer; pdf.Interpret loops forever here"},
	{pdfgen.HugeLength, partial, "reads to the end of the file"},
	{pdfgen.Truncated, failed, "missing %EOF"},
	{pdfgen.ByteFlipped, partial, "a damaged font costs a warning"},
	{pdfgen.Scanned, failed, "ErrNoText"},
	{pdfgen.AES256, failed, "ErrEncrypted"},
	{pdfgen.PDF20Header, partial, "byte fix"},
	{pdfgen.LeadingJunk, partial, "byte fix"},
	{pdfgen.TrailingJunk, partial, "byte fix"},
}

// TestHostile runs every crafted file in-process except those marked
// sandbox: each must give an error or a document, never a panic or a hang.
func TestHostile(t *testing.T) {
	seen := map[pdfgen.HostileKind]bool{}
	for _, c := range hostileCases {
		seen[c.kind] = true
	}
	for _, k := range pdfgen.HostileKinds() {
		if !seen[k] {
			t.Errorf("hostile kind %q has no expected outcome in hostileCases", k)
		}
	}
	for _, c := range hostileCases {
		t.Run(string(c.kind), func(t *testing.T) {
			if c.outcome == sandbox {
				t.Skipf("needs the child-process sandbox: %s", c.why)
			}
			b := pdfgen.Hostile(c.kind)
			type result struct {
				err     error
				lines   int
				paniced any
			}
			done := make(chan result, 1)
			go func() {
				var r result
				defer func() {
					r.paniced = recover()
					done <- r
				}()
				doc, err := Extract(b, Limits{})
				r.err = err
				if doc != nil {
					r.lines = len(doc.Lines)
				}
			}()
			var r result
			select {
			case r = <-done:
			case <-time.After(30 * time.Second):
				t.Fatalf("Extract did not return within 30 s")
			}
			if r.paniced != nil {
				t.Fatalf("panic: %v", r.paniced)
			}
			switch c.outcome {
			case rejected:
				if !errors.Is(r.err, ErrRejected) {
					t.Errorf("err %v, want a Precheck refusal", r.err)
				}
				if Precheck(b, Limits{}) == nil {
					t.Errorf("Precheck accepted it")
				}
			case failed:
				if r.err == nil {
					t.Errorf("no error")
				}
			case partial:
				if r.err != nil || r.lines == 0 {
					t.Errorf("err %v with %d lines, want text", r.err, r.lines)
				}
			}
		})
	}
}

const childKindEnv = "FRONTDOOR_PDF_CHILD_KIND"

// TestHostileInChild runs the sandbox cases in a child process with a 2 GiB
// address-space limit and a 10 s timeout, documenting that they do not
// finish in-process. It is slow, so it runs only with
// FRONTDOOR_PDF_CHILD_PROBE=1.
func TestHostileInChild(t *testing.T) {
	if os.Getenv(childKindEnv) != "" {
		childExtract(t)
		return
	}
	if os.Getenv("FRONTDOOR_PDF_CHILD_PROBE") != "1" {
		t.Skip("set FRONTDOOR_PDF_CHILD_PROBE=1 to run the sandbox cases in child processes")
	}
	for _, c := range hostileCases {
		if c.outcome != sandbox {
			continue
		}
		t.Run(string(c.kind), func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestHostileInChild$")
			cmd.Env = append(os.Environ(), childKindEnv+"="+string(c.kind))
			start := time.Now()
			out, err := cmd.CombinedOutput()
			t.Logf("%s: err=%v after %v (%s)\n%.300s", c.kind, err, time.Since(start).Round(time.Millisecond), c.why, out)
		})
	}
}

func childExtract(t *testing.T) {
	lim := &syscall.Rlimit{Cur: 2 << 30, Max: 2 << 30}
	if err := syscall.Setrlimit(syscall.RLIMIT_AS, lim); err != nil {
		t.Logf("setrlimit: %v", err)
	}
	b := pdfgen.Hostile(pdfgen.HostileKind(os.Getenv(childKindEnv)))
	doc, err := Extract(b, Limits{})
	t.Logf("child finished: err=%v doc=%v", err, doc != nil)
}
