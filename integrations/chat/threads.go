package chat

import (
	"container/list"
	"sync"
	"time"
)

// state is what the engine remembers about one conversation thread: the
// concern so far (for follow-ups to refine) and the last route it gave (for
// "contacts" and for saying what a follow-up changed). It lives only in
// memory and expires.
type state struct {
	concern string     // the concern text so far; "" after a document check
	route   routeShape // the last route answer in the thread; zero when none
}

// routeShape is the part of a route answer a follow-up is compared with.
type routeShape struct {
	level int // 0 when no level applies
	route string
	also  []string
}

func (s routeShape) zero() bool { return s.route == "" }

// threads holds per-thread state, capped in number and expiring after a
// time without use; the least recently used thread goes first when full.
// It is safe for concurrent use.
type threads struct {
	mu  sync.Mutex
	ttl time.Duration
	max int
	m   map[string]*list.Element // of *entry
	lru *list.List               // front: most recently used
}

type entry struct {
	key  string
	st   state
	used time.Time
}

func newThreads(max int, ttl time.Duration) *threads {
	return &threads{ttl: ttl, max: max, m: map[string]*list.Element{}, lru: list.New()}
}

// get returns the state of a thread, if it has one that has not expired.
func (t *threads) get(key string, now time.Time) (state, bool) {
	if key == "" {
		return state{}, false
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	el, ok := t.m[key]
	if !ok {
		return state{}, false
	}
	e := el.Value.(*entry)
	if now.Sub(e.used) > t.ttl {
		t.remove(el)
		return state{}, false
	}
	return e.st, true
}

// put sets the state of a thread, marking it used now.
func (t *threads) put(key string, st state, now time.Time) {
	if key == "" {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if el, ok := t.m[key]; ok {
		e := el.Value.(*entry)
		e.st, e.used = st, now
		t.lru.MoveToFront(el)
	} else {
		t.m[key] = t.lru.PushFront(&entry{key: key, st: st, used: now})
	}
	// Expired threads sit at the back: drop them, then any beyond the cap.
	for el := t.lru.Back(); el != nil; el = t.lru.Back() {
		e := el.Value.(*entry)
		if now.Sub(e.used) <= t.ttl && t.lru.Len() <= t.max {
			break
		}
		t.remove(el)
	}
}

// forget drops a thread's state.
func (t *threads) forget(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if el, ok := t.m[key]; ok {
		t.remove(el)
	}
}

func (t *threads) remove(el *list.Element) {
	delete(t.m, el.Value.(*entry).key)
	t.lru.Remove(el)
}

// len is the number of threads held, expired ones included until they are
// next swept.
func (t *threads) len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.lru.Len()
}
