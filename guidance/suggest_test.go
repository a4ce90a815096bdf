package guidance

import (
	"testing"
	"time"

	"github.com/frontdoorhq/frontdoor/checker"
	"github.com/frontdoorhq/frontdoor/checker/referral"
)

// Ensure check runs the router on a referral: the concern text, the child's
// age from the date of birth, and the route rules on what the referrer intends.
func TestSuggestInCheck(t *testing.T) {
	p := miniPack(t)
	r := &referral.Referral{ReferralDate: "2026-11-20", ReferrerRoute: "early-help", ReferrerLevel: 2,
		Child:   referral.Child{DateOfBirth: "2014-05-01"},
		Concern: referral.Concern{Description: "She said she has slept with her boyfriend."}}
	s := p.Suggest(r)
	if s.Level != 4 || s.Route != "mash-urgent" {
		t.Fatalf("a 12-year-old (by date of birth): got level %d route %s", s.Level, s.Route)
	}
	res := checker.New(checker.Options{Now: func() time.Time { return time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC) }, Router: p}).Check(r)
	var under bool
	for _, f := range res.Findings {
		if f.Rule == "FD950" {
			under = true
		}
	}
	if !under || res.Route == nil {
		t.Errorf("FD950 = %v, route = %v", under, res.Route)
	}
	r.Child.DateOfBirth = "2011-05-01" // 15: the 13-15 indicator, early help
	if s := p.Suggest(r); s.Level != 2 || s.Route != "early-help" {
		t.Errorf("a 15-year-old: got level %d route %s", s.Level, s.Route)
	}
}
