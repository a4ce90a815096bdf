package main

import (
	"os"
	"path/filepath"
	"testing"
)

// mayNeedWorker errs towards yes: the pack is then decoded only after the
// worker has started, which costs time, never a result.
func TestMayNeedWorker(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "drafts.json") // a directory named like a file
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args   []string
		format string
		want   bool
	}{
		{[]string{"a.json"}, "", false},
		{[]string{"a.yaml", "b.txt", "c.eml"}, "", false},
		{[]string{"a.json", "b.PDF"}, "", true},
		{[]string{"b.docx"}, "", true},
		{[]string{"-"}, "", true},
		{[]string{"draft"}, "", true},    // no extension: could be anything
		{[]string{"testdata"}, "", true}, // a directory
		{[]string{dir}, "", true},
		{[]string{"a.json"}, "pdf", true},  // --input-format pdf
		{[]string{"a.pdf"}, "text", false}, // read as text
	} {
		if got := mayNeedWorker(c.args, c.format); got != c.want {
			t.Errorf("mayNeedWorker(%q, %q) = %v, want %v", c.args, c.format, got, c.want)
		}
	}
}
