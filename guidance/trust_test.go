package guidance

import (
	"os"
	"slices"
	"strings"
	"testing"
)

func trustPack(t testing.TB) *Pack {
	t.Helper()
	b, err := os.ReadFile("testdata/trust.yaml")
	if err != nil {
		t.Fatal(err)
	}
	p, err := Parse("trust.yaml", b)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// Ensure a barrier (`A ~N!@cue B`) keeps an act with the person who did it:
// no word of the cue may stand between A and B.
func TestProximityBarrier(t *testing.T) {
	runMatchCases(t, trustPack(t), []matchCase{
		{"The coach grabbed him by the arm.", "staff-allegation", true},
		{"The caretaker at the back gate kicked a ball at her on purpose.", "staff-allegation", true},
		{"She told her teacher that her dad hit her.", "staff-allegation", false},
		{"She told her teacher that her dad hit her.", "hurt-by-carer", true},
		{"The teacher said the boy hit her.", "staff-allegation", false},
		{"The teaching assistant says he hit a girl at lunch.", "staff-allegation", false},
		{"Dad said the boy hit her.", "hurt-by-carer", false},
		{"Mum slapped him.", "hurt-by-carer", true},
	})
	base, err := os.ReadFile("testdata/trust.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ok := strings.Replace(string(base), "indicators:\n", "indicators:\n  - {id: fine, level: 2, match: [[\"mum ~3!@other hit\"]]}\n", 1)
	if _, err := Parse("ok.yaml", []byte(ok)); err != nil {
		t.Fatalf("a good barrier was refused: %v", err)
	}
	for what, c := range map[string]struct{ section, item string }{
		"~3! without a cue":      {"indicators", `{id: bad, level: 2, match: [["mum ~3! hit"]]}`},
		"a barrier without @":    {"indicators", `{id: bad, level: 2, match: [["mum ~3!other hit"]]}`},
		"an unknown barrier":     {"indicators", `{id: bad, level: 2, match: [["mum ~3!@nope hit"]]}`},
		"a proximity barrier":    {"indicators", `{id: bad, level: 2, match: [["mum ~3!@q hit"]]}`},
		"require not a category": {"combinations", `{id: bad, kind: together, categories: [a, b], require: [z], count: 2, also: [lado]}`},
		"neither raise nor also": {"combinations", `{id: bad, kind: together, categories: [a, b], count: 2}`},
		"also an unknown route":  {"combinations", `{id: bad, kind: together, categories: [a, b], count: 2, also: [nowhere]}`},
	} {
		doc := string(base)
		if strings.Contains(c.item, "!@q") {
			doc = strings.Replace(doc, "cues:\n", "cues:\n  q: [\"a ~2 b\"]\n", 1)
		}
		doc = strings.Replace(doc, c.section+":\n", c.section+":\n  - "+c.item+"\n", 1)
		if _, err := Parse("bad.yaml", []byte(doc)); err == nil {
			t.Errorf("%s: the pack was accepted", what)
		}
	}
}

// Ensure a route marked primary (the LADO) comes before the level's route,
// which goes in also, and that 999 still comes first; and that a together
// combination can add a route when a required category is among those
// matched and the level is high enough.
func TestPrimaryRouteAndAddedRoutes(t *testing.T) {
	p := trustPack(t)
	for _, c := range []struct {
		text  string
		route string
		has   []string
		not   []string
	}{
		{"The coach grabbed him.", "lado", nil, []string{"mash-urgent"}},
		{"The coach grabbed him, and mum slapped him when she picked him up.", "lado", []string{"mash-urgent"}, nil},
		{"The coach grabbed him. He is not breathing.", "emergency", []string{"lado", "mash-urgent"}, nil},
		{"Our caretaker son says his dad hit him.", "lado", []string{"mash-urgent"}, nil},
		{"Our caretaker son is anxious about his exams.", "early-help", nil, []string{"lado"}},
		{"Dad hit him.", "mash-urgent", nil, []string{"lado"}},
		// 999 is for danger now: the past keeps its level, not the 999 route
		{"Years ago he was found not breathing.", "mash-urgent", nil, []string{"emergency"}},
		{"He is not breathing.", "emergency", []string{"mash-urgent"}, nil},
	} {
		a := p.Route(c.text, Facts{})
		all := append([]string{a.Route}, a.Also...)
		if a.Route != c.route {
			t.Errorf("%q: route %s, want %s (also %v)", c.text, a.Route, c.route, a.Also)
		}
		for _, r := range c.has {
			if !slices.Contains(all, r) {
				t.Errorf("%q: %s missing from %v", c.text, r, all)
			}
		}
		for _, r := range c.not {
			if slices.Contains(all, r) {
				t.Errorf("%q: %s should not be in %v", c.text, r, all)
			}
		}
	}
}

// Ensure sets written side by side are adjacent: the same as every pair.
func TestAdjacentSets(t *testing.T) {
	runMatchCases(t, trustPack(t), []matchCase{
		{"Her gran smacked her.", "adjacent-sets", true},
		{"Grandad shouted at him.", "adjacent-sets", true},
		{"Nan pushes him.", "adjacent-sets", true},
		{"Gran then smacked her.", "adjacent-sets", false},
		{"Gran shouted.", "adjacent-sets", false},
	})
}

// Ensure a negation covers a short list it heads ("no self-harm or
// thoughts of suicide"), but "no one" heads no list.
func TestNegatedList(t *testing.T) {
	runMatchCases(t, trustPack(t), []matchCase{
		{"No self-harm or thoughts of suicide when asked.", "suicidal", false},
		{"She is not anxious or worried.", "anxious", false},
		{"She has thoughts of suicide.", "suicidal", true},
		{"No one knows or suspects that she talks of suicide.", "suicidal", true},
		{"No marks, but she talks of suicide.", "suicidal", true},
	})
}
