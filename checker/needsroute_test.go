package checker

import (
	"context"
	"path/filepath"
	"reflect"
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

// levelRouter suggests a level and route that depend on the referral, so
// that the route rules' findings differ between referrals.
type levelRouter struct{}

func (levelRouter) Suggest(r *referral.Referral) Suggestion {
	routes := []string{"universal", "early-help", "mash", "mash-urgent"}
	n := len(r.Concern.Description) % 4
	return Suggestion{Answer: n, Level: n + 1, Route: routes[n], Confidence: "high"}
}

// Routing aside (Options.RouteAside) gives the results of routing in
// line, on every sample referral.
func TestRouteAside(t *testing.T) {
	json, _ := filepath.Glob("../fixtures/referrals/*.json")
	yaml, _ := filepath.Glob("../fixtures/referrals/*.yaml")
	now := func() time.Time { return time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC) }
	inline := New(Options{Now: now, Router: levelRouter{}})
	aside := New(Options{Now: now, Router: levelRouter{}, RouteAside: true})
	for _, path := range append(json, yaml...) {
		r, _, err := (&intake.Reader{}).ReadFile(context.Background(), path, "")
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if a, b := inline.Check(r), aside.Check(r); !reflect.DeepEqual(a, b) {
			t.Errorf("%s: routed aside, the result differs:\n%+v\nin line:\n%+v", path, b, a)
		}
	}
}

type panicRouter struct{}

func (panicRouter) Suggest(*referral.Referral) Suggestion { panic("router failed") }

// A router that panics aside makes Check panic, as it would in line (a
// batch recovers from a panic per file; one on another goroutine would end
// the process).
func TestRouteAsidePanics(t *testing.T) {
	c := New(Options{Router: panicRouter{}, RouteAside: true})
	defer func() {
		if v := recover(); v != "router failed" {
			t.Errorf("Check recovered %v, want the router's panic", v)
		}
	}()
	c.Check(&referral.Referral{})
	t.Error("Check returned")
}
