package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/frontdoorhq/frontdoor/checker"
	"github.com/frontdoorhq/frontdoor/fixtures/gen/render"
)

// Ensure every hostile file (crafted PDFs that hang, panic or exhaust the
// PDF library, zip and XML bombs, truncated and byte-flipped files) ends
// in a clear per-file error or a repaired read, that the batch goes on, and
// that a good file read after them all still works: the workers that died
// were replaced and the process that asked survived.
func TestHostileFilesThroughCheck(t *testing.T) {
	if testing.Short() {
		t.Skip("hostile corpus skipped in -short mode")
	}
	dir := t.TempDir()
	files := render.Hostile()
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	good, err := os.ReadFile(filepath.Join("..", "..", "fixtures", "documents", "02-good-neglect-level3-early-help-tried.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "zz-good.pdf"), good, 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"FRONTDOOR_DOCUMENT_TIMEOUT": "4s"}
	var stdout, stderr bytes.Buffer
	start := time.Now()
	code := run(context.Background(), []string{"frontdoor", "check", "--format", "json", dir},
		func(k string) string { return env[k] }, strings.NewReader(""), &stdout, &stderr)
	if el := time.Since(start); el > 5*time.Minute { // a hang guard, not a speed test
		t.Errorf("the hostile corpus took %v", el)
	}
	if code != int(exitError) {
		t.Errorf("exit code = %d, want %d (unreadable inputs)", code, exitError)
	}
	seen := map[string]checker.Result{}
	for _, line := range strings.Split(strings.TrimSpace(stdout.String()), "\n") {
		var res checker.Result
		if err := json.Unmarshal([]byte(line), &res); err != nil {
			t.Fatalf("bad JSON line %q: %v", line, err)
		}
		seen[filepath.Base(res.File)] = res
	}
	for name := range files {
		res, ok := seen[name]
		if !ok {
			t.Errorf("%s: no result (nothing may be lost)", name)
			continue
		}
		readable := strings.Contains(name, "-readable")
		switch {
		case readable && res.Error != "":
			t.Errorf("%s: want a repaired read, got error %q", name, res.Error)
		case !readable && res.Error == "" && !strings.HasPrefix(name, "pdf-"):
			// Crafted PDFs built around a valid page may be read partly:
			// the bad object costs a warning and the page's text survives.
			t.Errorf("%s: read without error (%d findings); want a clear error", name, len(res.Findings))
		}
		for _, bad := range []string{"goroutine", "panic:", "runtime.", "Robin Example", "/tmp/", "\n"} {
			if strings.Contains(res.Error, bad) {
				t.Errorf("%s: error %q contains %q", name, res.Error, bad)
			}
		}
		if res.Error != "" {
			for _, j := range jargon(res.Error) {
				t.Errorf("%s: error %q has jargon a safeguarding lead would not follow: %q", name, res.Error, j)
			}
		}
		t.Logf("%-45s %s", name, res.Error)
	}
	if res := seen["zz-good.pdf"]; res.Error != "" || len(res.Findings) != 0 {
		t.Errorf("the good PDF after the hostile ones: error %q, %d findings", res.Error, len(res.Findings))
	}
	if stderr.Len() > 0 {
		t.Errorf("stderr: %s", stderr.String())
	}
}

// jargonWords and jargonPatterns are what an unreadable-file error must
// not contain: safeguarding leads read these messages, not programmers.
// Numbers are written with thousands separators and sizes in MB, Go error
// chains and parser vocabulary stay out, and a technical detail for
// support goes in a short bracket at the end.
var (
	jargonWords = []string{"refusing", "%EOF", "xref", "startxref", "zip header", "zip:", "flate:", "xml:", "json:", "yaml:",
		"(zip bomb?)", "not a DOCX:", "DOCX exceeds", "damaged DOCX", "unsafe DOCX", "the parser", "MiB", "KiB", "%!"}
	jargonPatterns = []*regexp.Regexp{
		regexp.MustCompile(`\bEOF\b`),                      // Go's io.EOF, alone or in "unexpected EOF"
		regexp.MustCompile(`\b(near|at) byte \d`),          // offsets instead of a line and column
		regexp.MustCompile(`\d{5,}`),                       // a big number without thousands separators
		regexp.MustCompile(`\b\d+(\.\d+)?(ns|ms|s|m|h)\b`), // a Go duration ("4s")
		regexp.MustCompile(`…$`),                           // a message cut short
	}
)

// jargon returns the jargon in msg, and "no advice" when it does not say
// what to do (a scanned document, the one exception, says what it is).
func jargon(msg string) []string {
	var found []string
	for _, w := range jargonWords {
		if strings.Contains(msg, w) {
			found = append(found, w)
		}
	}
	for _, re := range jargonPatterns {
		if m := re.FindString(msg); m != "" {
			found = append(found, m)
		}
	}
	advice := false
	for _, w := range []string{"save", "download", "print", "open it", "check", "remove", "split", "try again", "scanned document"} {
		advice = advice || strings.Contains(msg, w)
	}
	if !advice {
		found = append(found, "no advice")
	}
	return found
}

func TestJargon(t *testing.T) {
	for _, old := range []string{
		"could not read PDF: not a PDF file: missing %EOF",
		"could not read PDF: PDF declares 1000000000 objects; refusing",
		"could not read PDF: the parser took longer than 4s",
		"could not read PDF: no pages found",
		"could not read DOCX: DOCX exceeds a safety limit: zip entries declare more than 62914560 bytes uncompressed in total",
		"could not read DOCX: damaged DOCX: word/document.xml does not match its zip header (zip: checksum error)",
		"invalid JSON near byte 34: EOF",
		"invalid JSON at byte 12: invalid character 'x' after object key",
	} {
		if len(jargon(old)) == 0 {
			t.Errorf("no jargon found in %q", old)
		}
	}
	for _, good := range []string{
		"this is a web page (HTML), not a referral; if it came from a Slack or web download, the download probably needs a login",
		"could not read PDF: no text layer: scanned document?",
		"could not read DOCX: the Word file is too large to read safely; remove or shrink big pictures and save it again (over 60 MB when unpacked)",
		"invalid JSON at line 1, column 35: the file ends too soon — part of it may be missing; save or export it again",
	} {
		if j := jargon(good); len(j) > 0 {
			t.Errorf("jargon %q found in %q", j, good)
		}
	}
}
