package guidance

import (
	"os"
	"slices"
	"testing"
)

func miniPack(t testing.TB) *Pack {
	t.Helper()
	b, err := os.ReadFile("testdata/mini.yaml")
	if err != nil {
		t.Fatal(err)
	}
	p, err := Parse("mini.yaml", b)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// Ensure the router's answers follow the engine's rules: the most protective
// route first, never below a matched indicator, negation, ages, cumulative
// needs and the toxic trio, and questions when it cannot tell.
func TestRouteEngine(t *testing.T) {
	p := miniPack(t)
	tests := []struct {
		name       string
		text       string
		level      int
		route      string
		also       []string
		confidence string
		ask        string
	}{
		{"disclosure by a parent", "Aimee (Year 5) said her dad hit her with a belt last night.", 4, "mash-urgent", []string{"police"}, "high", "Where are the marks?"},
		{"negated", "Aimee says dad did not hit her; no marks seen.", 1, "universal", nil, "low", ""},
		{"denial", "She denies that mum hits her.", 1, "universal", nil, "low", ""},
		{"someone else's denial does not cancel her account", "Dad denies it, but the 7yo says dad hit her.", 4, "mash-urgent", []string{"police"}, "high", ""},
		{"hedged", "A friend said dad might hit her.", 4, "mash-urgent", []string{"police"}, "medium", ""},
		{"staff allegation", "A pupil says the teaching assistant grabbed his arm.", 0, "lado", []string{"police"}, "high", ""},
		{"under 13 sex", "A 12 year old says she has a 17 year old boyfriend and they have had sex.", 4, "mash-urgent", nil, "high", "safe to go home"},
		{"14 sex", "A 14yo says she has slept with her boyfriend.", 2, "early-help", nil, "high", ""},
		{"age unknown: both, and ask", "She says she slept with her boyfriend.", 4, "mash-urgent", nil, "medium", "How old is the child?"},
		{"cumulative", "He is often hungry. Mum has depression. The family face eviction.", 3, "mash", nil, "medium", "Has early help been tried?"},
		{"toxic trio", "Mum is depressed and dad is drunk most nights.", 3, "mash", nil, "high", ""},
		{"historic: level kept, asks about contact now", "She said her stepdad hit her years ago.", 4, "mash-urgent", nil, "medium", "still in contact"},
		{"nothing matched", "Concerns about home life.", 1, "universal", nil, "low", "What exactly happened"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := p.Route(tt.text, Facts{})
			lvl := 0
			if a.Level != nil {
				lvl = *a.Level
			}
			if lvl != tt.level || a.Route != tt.route || a.Confidence != tt.confidence {
				t.Errorf("got level %d route %s confidence %s; want %d %s %s (reasons %+v)", lvl, a.Route, a.Confidence, tt.level, tt.route, tt.confidence, a.Reasons)
			}
			for _, r := range tt.also {
				if !slices.Contains(a.Also, r) {
					t.Errorf("also %v lacks %s", a.Also, r)
				}
			}
			if tt.ask != "" {
				found := false
				for _, q := range a.Ask {
					if contains(q, tt.ask) {
						found = true
					}
				}
				if !found {
					t.Errorf("ask %q lacks %q", a.Ask, tt.ask)
				}
			}
			if a.Guidance != "mini-test" || a.Urgency == "" {
				t.Errorf("guidance %q urgency %q", a.Guidance, a.Urgency)
			}
		})
	}
}

func contains(s, sub string) bool {
	return len(sub) == 0 || (len(s) >= len(sub) && indexOf(s, sub) >= 0)
}
func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

// Ensure ages are read in every form, and other people's ages are not the child's.
func TestChildAge(t *testing.T) {
	for _, tc := range []struct {
		text     string
		min, max float64
		known    bool
	}{
		{"aged 12", 12, 12, true},
		{"a 16-year-old", 16, 16, true},
		{"16yo girl", 16, 16, true},
		{"Year 8 pupil", 12, 13, true},
		{"4 month old baby", 4.0 / 12, 4.0 / 12, true},
		{"reception child", 4, 5, true},
		{"her 17 year old boyfriend", 0, 0, false},
		{"a 12 year old says her 17 year old boyfriend", 12, 12, true},
		{"Y10 girl says her boyfriend who's in Y11 (16) is kind", 14, 15, true},
		{"no age here", 0, 0, false},
	} {
		got := childAge(tc.text)
		if got.Known != tc.known || (tc.known && (got.Min != tc.min || got.Max != tc.max)) {
			t.Errorf("childAge(%q) = %+v, want %v-%v known %v", tc.text, got, tc.min, tc.max, tc.known)
		}
	}
}

// Ensure a bad pack is refused with every problem named.
func TestParseRejects(t *testing.T) {
	_, err := Parse("bad.yaml", []byte("id: x\nlevels: []\nroutes: []\nindicators:\n  - {id: a, level: 9, match: [[\"@nosuch\"]]}\n"))
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{"route mash (a contract route) is missing", "level 1 is missing", "level 9", "unknown cue @nosuch"} {
		if !contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
}
