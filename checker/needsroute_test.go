package checker

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/frontdoorhq/frontdoor/checker/intake"
	"github.com/frontdoorhq/frontdoor/checker/referral"
)

// askRecorder is a router that notes being asked.
type askRecorder struct{ asked bool }

func (a *askRecorder) Suggest(*referral.Referral) Suggestion {
	a.asked = true
	return Suggestion{Level: 3, Route: "mash"}
}

// Ensure the rules marked needsRoute are those that ask for the route on
// the sample referrals: the others run before the router is asked, while it
// may still be loading (see Checker.Check).
func TestNeedsRouteMarksTheRulesThatAsk(t *testing.T) {
	json, _ := filepath.Glob("../fixtures/referrals/*.json")
	yaml, _ := filepath.Glob("../fixtures/referrals/*.yaml")
	paths := append(json, yaml...)
	if len(paths) < 25 {
		t.Fatalf("only %d sample referrals, want at least 25", len(paths))
	}
	asks := map[string]bool{}
	for _, path := range paths {
		r, _, err := (&intake.Reader{}).ReadFile(context.Background(), path, "")
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		for _, rule := range catalogue {
			router := &askRecorder{}
			rule.check(newInput(r, time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC), router))
			if router.asked && !rule.needsRoute {
				t.Errorf("%s asks for the route on %s but is not marked needsRoute", rule.ID, path)
			}
			asks[rule.ID] = asks[rule.ID] || router.asked
		}
	}
	for _, rule := range catalogue {
		if rule.needsRoute && !asks[rule.ID] {
			t.Errorf("%s is marked needsRoute but asks for the route on no sample referral", rule.ID)
		}
	}
}
