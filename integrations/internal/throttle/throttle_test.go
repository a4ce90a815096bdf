package throttle

import (
	"fmt"
	"testing"
	"time"
)

// Ensure the limiter allows a burst, refuses beyond it (telling the caller
// once), refills with time, and keeps users apart.
func TestLimiter(t *testing.T) {
	now := time.Unix(1700000000, 0)
	l := NewLimiter(6, 2) // one token every 10 s, bursts of 2
	l.SetClock(func() time.Time { return now })
	want := []struct{ ok, first bool }{{true, false}, {true, false}, {false, true}, {false, false}}
	for i, w := range want {
		if ok, first := l.Allow("u1"); ok != w.ok || first != w.first {
			t.Errorf("request %d: ok %v first %v, want %v %v", i, ok, first, w.ok, w.first)
		}
	}
	if ok, _ := l.Allow("u2"); !ok {
		t.Error("another user was limited")
	}
	now = now.Add(10 * time.Second)
	if ok, _ := l.Allow("u1"); !ok {
		t.Error("no refill after 10 s")
	}
	if ok, first := l.Allow("u1"); ok || !first {
		t.Errorf("after refill: ok %v first %v, want a fresh first refusal", ok, first)
	}
	var none *Limiter
	if ok, _ := none.Allow("x"); !ok || NewLimiter(0, 0) != nil {
		t.Error("the nil limiter must allow everything")
	}
}

// Ensure the limiter's memory is bounded.
func TestLimiterBounded(t *testing.T) {
	l := NewLimiter(60, 1)
	l.maxKeys = 100
	for i := range 1000 {
		l.Allow(fmt.Sprint(i))
	}
	if len(l.m) > 100 {
		t.Errorf("%d keys held", len(l.m))
	}
}

// Ensure Seen drops repeats within the TTL, forgets after it, and stays
// within its cap.
func TestSeen(t *testing.T) {
	now := time.Unix(1700000000, 0)
	s := NewSeen(5*time.Minute, 10)
	s.SetClock(func() time.Time { return now })
	if !s.Add("Ev1") || s.Add("Ev1") {
		t.Error("repeat not detected")
	}
	if !s.Add("") || !s.Add("") {
		t.Error("the empty id must always be new")
	}
	s.Forget("Ev1")
	if !s.Add("Ev1") {
		t.Error("Forget did not forget")
	}
	now = now.Add(6 * time.Minute)
	if !s.Add("Ev1") {
		t.Error("not forgotten after the TTL")
	}
	for i := range 100 {
		now = now.Add(time.Second)
		s.Add(fmt.Sprint("e", i))
	}
	if s.Len() > 10 {
		t.Errorf("%d ids held, cap 10", s.Len())
	}
}
