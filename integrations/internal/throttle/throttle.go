// Package throttle holds the two small in-memory guards the chat
// transports share: a per-user rate limiter and a set of recently seen ids
// for dropping duplicate deliveries. Both are bounded in memory.
package throttle

import (
	"sync"
	"time"
)

// Limiter is a token bucket per key ("slack:U123", "ip:10.0.0.1"): each key
// may make Burst requests at once and PerMinute a minute after that. The nil
// Limiter allows everything. It is safe for concurrent use.
type Limiter struct {
	mu      sync.Mutex
	rate    float64 // tokens per second
	burst   float64
	maxKeys int
	m       map[string]*bucket
	now     func() time.Time
}

type bucket struct {
	tokens  float64
	last    time.Time
	refused bool // refused since the last allowed request
}

// NewLimiter returns a limiter allowing perMinute requests a minute per key,
// in bursts of up to burst (perMinute when burst is 0). perMinute 0 means no
// limit: it returns nil.
func NewLimiter(perMinute, burst int) *Limiter {
	if perMinute <= 0 {
		return nil
	}
	if burst <= 0 {
		burst = perMinute
	}
	return &Limiter{rate: float64(perMinute) / 60, burst: float64(burst), maxKeys: 100000, m: map[string]*bucket{}, now: time.Now}
}

// SetClock replaces the clock, for tests.
func (l *Limiter) SetClock(now func() time.Time) { l.now = now }

// Allow takes a token for key. ok reports whether the request may go ahead;
// first is true on the first refusal after an allowed request, so a caller
// can tell the user once rather than on every refused message.
func (l *Limiter) Allow(key string) (ok, first bool) {
	if l == nil {
		return true, false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b, found := l.m[key]
	if !found {
		if len(l.m) >= l.maxKeys {
			l.sweep(now)
		}
		b = &bucket{tokens: l.burst, last: now}
		l.m[key] = b
	}
	b.tokens = min(l.burst, b.tokens+now.Sub(b.last).Seconds()*l.rate)
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		b.refused = false
		return true, false
	}
	first = !b.refused
	b.refused = true
	return false, first
}

// sweep drops the buckets that have refilled (their keys are as good as
// new); if that frees nothing, it starts afresh rather than grow.
func (l *Limiter) sweep(now time.Time) {
	for k, b := range l.m {
		if b.tokens+now.Sub(b.last).Seconds()*l.rate >= l.burst {
			delete(l.m, k)
		}
	}
	if len(l.m) >= l.maxKeys {
		l.m = map[string]*bucket{}
	}
}

// Seen remembers ids for a while, to drop repeated deliveries of the same
// event (Slack retries for up to 5 minutes). It holds at most max ids. It is
// safe for concurrent use.
type Seen struct {
	mu   sync.Mutex
	ttl  time.Duration
	max  int
	m    map[string]time.Time
	now  func() time.Time
	adds int
}

// NewSeen returns a set that forgets ids after ttl and holds at most max.
func NewSeen(ttl time.Duration, max int) *Seen {
	return &Seen{ttl: ttl, max: max, m: map[string]time.Time{}, now: time.Now}
}

// SetClock replaces the clock, for tests.
func (s *Seen) SetClock(now func() time.Time) { s.now = now }

// Add records id and reports whether it was new (not seen within the TTL).
// The empty id is always new and never recorded.
func (s *Seen) Add(id string) bool {
	if id == "" {
		return true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	if t, ok := s.m[id]; ok && now.Sub(t) <= s.ttl {
		return false
	}
	s.adds++
	if len(s.m) >= s.max || s.adds%1024 == 0 {
		for k, t := range s.m {
			if now.Sub(t) > s.ttl {
				delete(s.m, k)
			}
		}
		// Still full of live ids: drop the oldest quarter.
		if len(s.m) >= s.max {
			cut := now
			for _, t := range s.m {
				if t.Before(cut) {
					cut = t
				}
			}
			cut = cut.Add(now.Sub(cut) / 4)
			for k, t := range s.m {
				if !t.After(cut) {
					delete(s.m, k)
				}
			}
		}
	}
	s.m[id] = now
	return true
}

// Forget removes id, so a later delivery is handled (used when a delivery
// was refused, for Slack to retry).
func (s *Seen) Forget(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, id)
}

// Len is the number of ids held.
func (s *Seen) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.m)
}
