package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
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
		t.Logf("%-45s %s", name, res.Error)
	}
	if res := seen["zz-good.pdf"]; res.Error != "" || len(res.Findings) != 0 {
		t.Errorf("the good PDF after the hostile ones: error %q, %d findings", res.Error, len(res.Findings))
	}
	if stderr.Len() > 0 {
		t.Errorf("stderr: %s", stderr.String())
	}
}
