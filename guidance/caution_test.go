package guidance

import (
	"strings"
	"testing"
)

// Ensure words of harm that no indicator explains, in a concern routed
// below a MASH referral, lower confidence and ask what happened; that an
// ordinary explanation in the text, a negation, or a higher level leaves
// them alone; and that they never set the level or give a reason.
func TestCautionWords(t *testing.T) {
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, text string
		asked      bool
	}{
		{"a bruise and nothing else", "Y3 boy came in with a bruise on his arm today.", true},
		{"scared, no more said", "She seemed scared on Monday morning.", true},
		{"explained: a scooter", "Bruise on her shin. She said she did it falling off her scooter and mum said the same.", false},
		{"explained: a rugby match", "Boy in Y8 got a black eye in a rugby match on Saturday.", false},
		{"negated", "No marks or bruises seen; he is settled and happy in class.", false},
		{"no harm words", "Y5 girl is often late and tired; mum works nights and is asking for help with mornings.", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := p.Route(tc.text, Facts{})
			got := false
			for _, q := range a.Ask {
				if strings.HasPrefix(q, "The concern mentions something that may be harm") {
					got = true
				}
			}
			if got != tc.asked {
				t.Errorf("caution question asked: %v, want %v (ask %q)", got, tc.asked, a.Ask)
			}
			if got && a.Confidence == "high" {
				t.Errorf("confidence high with an unexplained harm word")
			}
			for _, r := range a.Reasons {
				if r.Indicator == "caution-harm-words" || r.Indicator == "ordinary-explanation" {
					t.Errorf("%s given as a reason", r.Indicator)
				}
			}
		})
	}
	// Above early help the level already answers the harm: no caution.
	a := p.Route("He said his dad punched him in the face last night and he has a bruise on his cheek.", Facts{})
	if a.Level == nil || *a.Level < 3 {
		t.Fatalf("level %v, want a MASH referral", a.Level)
	}
	for _, q := range a.Ask {
		if strings.HasPrefix(q, "The concern mentions something that may be harm") {
			t.Errorf("caution asked at level %d", *a.Level)
		}
	}
}

// Ensure caution and explanation words never change a level or a route:
// the pack without those two indicators routes every scenario the same.
func TestCautionNeverRoutes(t *testing.T) {
	with, err := Parse("oxfordshire.yaml", defaultPackYAML)
	if err != nil {
		t.Fatal(err)
	}
	without, err := Parse("oxfordshire.yaml", defaultPackYAML)
	if err != nil {
		t.Fatal(err)
	}
	kept := without.Indicators[:0]
	for _, ind := range without.Indicators {
		if ind.Category != cautionCategory && ind.Category != explainedCategory {
			kept = append(kept, ind)
		}
	}
	without.Indicators = kept
	without.index = nil
	if errs := without.check(); len(errs) > 0 {
		t.Fatal(errs)
	}
	for _, text := range scenarioTexts(t) {
		a, b := with.Route(text, Facts{}), without.Route(text, Facts{})
		if a.Route != b.Route || !equalLevels(a.Level, b.Level) || strings.Join(a.Also, ",") != strings.Join(b.Also, ",") {
			t.Errorf("caution words changed the route of %.60q: %s %v, without them %s %v", text, a.Route, a.Also, b.Route, b.Also)
		}
	}
}

func equalLevels(a, b *int) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }
