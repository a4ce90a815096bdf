package batch_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/frontdoorhq/frontdoor/checker"
	"github.com/frontdoorhq/frontdoor/checker/batch"
	"github.com/frontdoorhq/frontdoor/checker/intake"
	"github.com/frontdoorhq/frontdoor/checker/referral"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

var today = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)

// keywordRouter is a small stand-in for the guidance pack, so that these
// tests do not change when the pack does: Level 4 for a few words of harm,
// else the level the referrer intends, one lower for every third referral
// aimed at the MASH.
type keywordRouter struct{}

func (keywordRouter) Suggest(r *referral.Referral) checker.Suggestion {
	text := strings.ToLower(r.Concern.Description + " " + r.Concern.ChildVoice)
	level := batch.IntendedLevel(r)
	switch {
	case strings.Contains(text, "belt") || strings.Contains(text, "punched") || strings.Contains(text, "bruis"):
		level = 4
	case level == 3 && len(r.Child.Name)%3 == 0:
		level = 2
	case level == 0:
		level = 2
	}
	route := map[int]string{1: "universal", 2: "early-help", 3: "mash", 4: "mash-urgent"}[level]
	return checker.Suggestion{Level: level, Route: route}
}

// sample summarises the sample referrals (JSON and YAML, read in process)
// with the keyword router: the first 20 as the baseline, then all 41 plus
// two unreadable files, with targets.
func sample(t *testing.T) *batch.Summary {
	t.Helper()
	refs := filepath.Join("..", "..", "fixtures", "referrals")
	all, err := filepath.Glob(filepath.Join(refs, "*"))
	if err != nil || len(all) < 40 {
		t.Fatalf("sample referrals: %v (%d)", err, len(all))
	}
	run := func(inputs []string) *batch.Summary {
		s, err := batch.Run(context.Background(), batch.Config{Inputs: inputs, Jobs: 2, Reader: &intake.Reader{},
			Router: keywordRouter{}, Now: func() time.Time { return today }, Opts: batch.Options{Guidance: "keyword-test"}})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	before := run(all[:20])
	extra := t.TempDir()
	if err := os.WriteFile(filepath.Join(extra, "scan.pdf"), []byte("\x00\x01not a pdf at all"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(extra, "empty.txt"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	s := run(append(all, filepath.Join(extra, "empty.txt"), filepath.Join(extra, "scan.pdf")))
	for i := range s.Unreadable { // temporary paths vary
		s.Unreadable[i].File = "inbox/" + filepath.Base(s.Unreadable[i].File)
	}
	// Round-trip the baseline through JSON, as --baseline reads it.
	b, err := json.Marshal(before)
	if err != nil {
		t.Fatal(err)
	}
	before, err = batch.ParseSummary("october.json", b)
	if err != nil {
		t.Fatal(err)
	}
	targets, err := batch.LoadTargets(filepath.Join("testdata", "targets.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	s.Targets = batch.Evaluate(s, targets)
	s.Baseline = batch.Compare(s, before, "october.json")
	return s
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./checker/batch -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Fatalf("%s differs at line %d:\n got: %s\nwant: %s\n(run go test ./checker/batch -update after a deliberate change)", path, i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("%s differs in length: got %d lines, want %d", path, len(gl), len(wl))
	}
}

// Ensure every output of the summary is the same bytes for the same
// referrals: JSON, CSV, HTML and text.
func TestGolden(t *testing.T) {
	s := sample(t)
	j, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "summary.golden.json", append(j, '\n'))
	var csv, html, text bytes.Buffer
	if err := batch.WriteCSV(&csv, s); err != nil {
		t.Fatal(err)
	}
	golden(t, "summary.golden.csv", csv.Bytes())
	if err := batch.WriteHTML(&html, s, batch.HTMLOptions{}); err != nil {
		t.Fatal(err)
	}
	golden(t, "report.golden.html", html.Bytes())
	if err := batch.WriteText(&text, s); err != nil {
		t.Fatal(err)
	}
	golden(t, "summary.golden.txt", text.Bytes())

	// A second run gives the same bytes (nothing depends on timing or map order).
	s2 := sample(t)
	j2, _ := json.MarshalIndent(s2, "", "  ")
	var html2 bytes.Buffer
	if err := batch.WriteHTML(&html2, s2, batch.HTMLOptions{}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(j, j2) || !bytes.Equal(html.Bytes(), html2.Bytes()) {
		t.Error("two runs over the same referrals gave different summaries")
	}
}

// Ensure the HTML report is self-contained: nothing is loaded from
// anywhere, and every chart is there.
func TestHTMLSelfContained(t *testing.T) {
	var b bytes.Buffer
	if err := batch.WriteHTML(&b, sample(t), batch.HTMLOptions{}); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	for _, bad := range []string{"<script", "<link", "<iframe", "<img", "<object", "<embed", "@import", "url(", "http://", "https://", "//cdn", "src=", "<base"} {
		if strings.Contains(strings.ToLower(html), bad) {
			t.Errorf("the report contains %q", bad)
		}
	}
	for _, chart := range []string{"missing-fields", "consent", "route-mismatch", "routes", "suggested-routes", "organisations", "scores"} {
		if !strings.Contains(html, `data-chart="`+chart+`"`) {
			t.Errorf("no %s chart", chart)
		}
	}
	if n := len(regexp.MustCompile(`<rect class="bar[ "]`).FindAllString(html, -1)); n < 50 {
		t.Errorf("only %d bars drawn", n)
	}
}

// Ensure text from the referrals (organisation names, file names) is
// escaped in the HTML report, so a crafted name cannot inject markup.
func TestHTMLEscapes(t *testing.T) {
	b := batch.NewBuilder(batch.Options{})
	evil := `<script>alert("x")</script> & Co`
	b.Add(batch.Record{Result: checker.Result{File: "a.json", Format: "json", Score: 90,
		Findings: []checker.Finding{finding("FD101", "")}}, Organisation: evil, IntendedLevel: 3, SuggestedRoute: "mash", SuggestedLevel: 3})
	b.Add(batch.Record{Result: checker.Result{File: `<img src=x onerror=alert(1)>.pdf`, Format: "pdf", Error: "bad"}})
	var out bytes.Buffer
	if err := batch.WriteHTML(&out, b.Summary(), batch.HTMLOptions{}); err != nil {
		t.Fatal(err)
	}
	html := out.String()
	if strings.Contains(html, "<script>") || strings.Contains(html, "<img") {
		t.Error("markup from the referrals reached the report unescaped")
	}
	if !strings.Contains(html, "&lt;script&gt;") {
		t.Error("the organisation's name is missing from the report")
	}
}
