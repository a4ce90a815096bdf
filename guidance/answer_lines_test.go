package guidance

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	yaml "go.yaml.in/yaml/v3"
)

// labelledTexts reads the id and text of every labelled concern in dir
// (fixtures/scenarios; guidance/eval scores them).
func labelledTexts(t *testing.T, dir string) map[string]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no scenarios in %s: %v", dir, err)
	}
	out := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var list []struct{ ID, Text string }
		if err := yaml.Unmarshal(b, &list); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, s := range list {
			out[s.ID] = s.Text
		}
	}
	return out
}

// dupes returns the lines of a list that repeat an earlier one (the same
// but for case, spacing and closing punctuation).
func dupes(lines []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, l := range lines {
		k := lineKey(l)
		if seen[k] {
			out = append(out, l)
		}
		seen[k] = true
	}
	return out
}

// Ensure an answer never lists the same line twice in `ask` or
// `next_steps`, whatever the pack repeats: the first is kept, in order
// (issue 4c).
func TestAnswerLinesNotRepeated(t *testing.T) {
	b, err := os.ReadFile("testdata/mini.yaml")
	if err != nil {
		t.Fatal(err)
	}
	y := string(b)
	// Routes and indicators that repeat each other's lines, as a pack may.
	for _, r := range []struct{ old, new string }{
		{"next_steps: [Phone the MASH now]", "next_steps: [Phone the MASH now, Keep the child safe in school, phone the MASH now.]"},
		{"next_steps: [Report to the police on 101]", "next_steps: [\"Phone the MASH  now\", Report to the police on 101]"},
		{`ask: ["Where are the marks?"]`, `ask: ["Where are the marks?", "where are the marks", "Is the child safe to go home tonight"]`},
	} {
		if !strings.Contains(y, r.old) {
			t.Fatalf("testdata/mini.yaml no longer holds %q", r.old)
		}
		y = strings.Replace(y, r.old, r.new, 1)
	}
	p, err := Parse("mini-dupes.yaml", []byte(y))
	if err != nil {
		t.Fatal(err)
	}
	a := p.Route("Aimee (Year 5) said her dad hit her with a belt last night.", Facts{})
	if a.Route != "mash-urgent" {
		t.Fatalf("route %s, want mash-urgent", a.Route)
	}
	if d := dupes(a.Ask); len(d) > 0 {
		t.Errorf("ask repeats %q: %q", d, a.Ask)
	}
	if d := dupes(a.NextSteps); len(d) > 0 {
		t.Errorf("next_steps repeat %q: %q", d, a.NextSteps)
	}
	// order kept: the route's own steps first, then the first new step of each further route
	want := []string{"Phone the MASH now", "Keep the child safe in school", "Report to the police on 101"}
	if strings.Join(a.NextSteps, "|") != strings.Join(want, "|") {
		t.Errorf("next_steps %q, want %q", a.NextSteps, want)
	}
	if len(a.Ask) == 0 || a.Ask[0] != "Where are the marks?" {
		t.Errorf("ask %q: the first of the repeated lines should be kept, first", a.Ask)
	}

	// The built-in pack, over every labelled concern.
	d, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for id, text := range labelledTexts(t, "../fixtures/scenarios") {
		a := d.Route(text, Facts{})
		if x := dupes(a.Ask); len(x) > 0 {
			t.Errorf("%s: ask repeats %q", id, x)
		}
		if x := dupes(a.NextSteps); len(x) > 0 {
			t.Errorf("%s: next_steps repeat %q", id, x)
		}
	}
}

// Ensure vague words with no concrete indicator come back at low
// confidence with questions, and that facts after them are still routed on
// the facts (issue 4d).
func TestVagueConcernLowConfidence(t *testing.T) {
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{
		"something's not right at home",
		"I have a bad feeling about him",
		"Something isn't right with our Y5 girl, can't put my finger on it tbh.",
		"Just a gut feeling something is going on at home for this lad, nothing specific yet.",
		"Staff have a niggle about this family. Can you advise?",
		"Not sure what it is but I'm uneasy about her home life at the moment",
		"I'm worried about him, he just doesn't seem himself lately.",
	} {
		a := p.Route(text, Facts{})
		if a.Route != "universal" || a.Confidence != "low" {
			t.Errorf("%q: %s; want universal at low confidence", text, a.Summary())
		}
		if !slicesContainsPrefix(a.Ask, "What exactly happened") {
			t.Errorf("%q: ask %q lacks what happened", text, a.Ask)
		}
	}
	for _, c := range []struct{ text, route, confidence string }{
		{"I have a bad feeling about him - today he told me his dad punched him in the stomach last night.", "mash-urgent", "high"},
		{"Y6 girl fell out with her best friend at lunch and was upset; sorted with a restorative chat.", "universal", "high"},
	} {
		a := p.Route(c.text, Facts{})
		if a.Route != c.route || a.Confidence != c.confidence {
			t.Errorf("%q: %s; want %s at %s confidence", c.text, a.Summary(), c.route, c.confidence)
		}
	}
}

func slicesContainsPrefix(ss []string, prefix string) bool {
	for _, s := range ss {
		if strings.HasPrefix(s, prefix) {
			return true
		}
	}
	return false
}

// Ensure a duty with no level of its own (here Prevent) is not demanded
// when a later sentence says the worry was looked into and found
// groundless, and is still demanded when the text goes on to show the
// risk (issue 4e). An allegation against staff is never dismissed this
// way: the school refers it without investigating.
func TestDismissedWorry(t *testing.T) {
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		text, route string
		level       int // -1: any
		confidence  string
	}{
		{"A parent emailed saying she'd heard a Year 9 boy was 'into extremist stuff'. DSL spoke to him and his parents: it's a history gaming forum about WW2 tanks, nothing ideological found.",
			"universal", 1, "low"},
		{"Heard a Y10 boy was into far right stuff. Spoke to him. He then said immigrants are invading and should be sent back, and no evidence of radicalisation was found on his laptop, but he sent a racist meme to the group chat after.",
			"prevent", -1, ""},
		{"A pupil says the coach grabbed him by the neck at training. We asked the coach, who says it was a misunderstanding.",
			"lado", -1, ""},
	} {
		a := p.Route(c.text, Facts{})
		lvl := 0
		if a.Level != nil {
			lvl = *a.Level
		}
		if a.Route != c.route || (c.level >= 0 && lvl != c.level) || (c.confidence != "" && a.Confidence != c.confidence) {
			t.Errorf("%q:\n  %s; want %s level %d %s", c.text, a.Summary(), c.route, c.level, c.confidence)
		}
	}
}
