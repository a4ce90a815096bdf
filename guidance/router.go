package guidance

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
)

// Answer is the router's answer (contract section 3).
type Answer struct {
	Level      *int     `json:"level"`
	LevelName  string   `json:"level_name,omitempty"`
	Route      string   `json:"route"`
	Also       []string `json:"also"`
	Urgency    string   `json:"urgency"`
	Confidence string   `json:"confidence"`
	Reasons    []Reason `json:"reasons"`
	NextSteps  []string `json:"next_steps"`
	Ask        []string `json:"ask"`
	Consent    string   `json:"consent"`
	Guidance   string   `json:"guidance"`
}

// Reason is one indicator that drove the answer, with the words that matched.
type Reason struct {
	Indicator string `json:"indicator"`
	Level     int    `json:"level,omitempty"`
	Route     string `json:"route,omitempty"`
	Evidence  string `json:"evidence"`
}

// Facts are what the caller already knows beside the text: inside `check`,
// the referral's fields.
type Facts struct {
	Age           *float64 // the child's age in years, when known
	CurrentSafety bool     // the referral says where the child is and whether they are safe
}

type hit struct {
	ci       compiledIndicator
	evidence string
	hedged   bool
	historic bool // the sentence places it in the past ("years ago")
	resolved bool // the text says it has stopped or was resolved
	ageGuess bool // matched only because the age is not known
	pos      int  // sentence index
	from     int  // the first sentence, when the match spans several
	ord      int  // the indicator's place in the pack, for ordering reasons
}

// route is Route for text within MaxRouteText.
func (p *Pack) route(text string, facts Facts) Answer {
	sents := splitSentences(text)
	age := childAge(text)
	if facts.Age != nil {
		age = ageRange{*facts.Age, *facts.Age, true}
	}
	best := make(map[int32]*hit)
	x := p.index
	x.scan(sents, func(m lineHit) {
		ii := x.lines[m.line].ind
		ci := p.compiled[ii]
		if ci.ind.Age != nil && !age.within(ci.ind.Age) {
			return
		}
		// the first unhedged match is the evidence
		h, ok := best[ii]
		if ok && !(h.hedged && !m.hedged) && !(h.hedged == m.hedged && m.sent < h.pos) {
			return
		}
		if !ok {
			h = &hit{ci: ci, ord: int(ii), ageGuess: ci.ind.Age != nil && !age.Known}
			best[ii] = h
		}
		h.from, h.pos, h.hedged = m.from, m.sent, m.hedged
	})
	// What each sentence says of the past, once.
	const historic, resolved = 1, 2
	said := make([]uint8, len(sents))
	says := func(k int) uint8 {
		if said[k] == 0 {
			t := strings.Join(sents[k].words, " ")
			f := uint8(4)
			if isHistoric(t) {
				f |= historic
			}
			if isResolved(t) {
				f |= resolved
			}
			said[k] = f
		}
		return said[k]
	}
	for _, h := range best {
		ev := sents[h.pos].text
		var f uint8
		for k := h.pos; k >= h.from; k-- {
			f |= says(k)
			if k < h.pos {
				ev = sents[k].text + ". " + ev
			}
		}
		h.evidence = excerpt(ev)
		h.historic = f&historic != 0
		h.resolved = f&resolved != 0 || h.historic && h.pos+1 < len(sents) && says(h.pos+1)&resolved != 0
	}
	hits := make([]hit, 0, len(best))
	for _, h := range best {
		hits = append(hits, *h)
	}
	// Reasons in the order of the pack, so answers are the same every time.
	sort.Slice(hits, func(i, j int) bool { return hits[i].ord < hits[j].ord })
	return p.decide(hits, age, facts, text)
}

// excerpt trims a sentence for a reason's evidence.
func excerpt(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 160 {
		s = string(r[:157]) + "..."
	}
	return s
}

// emergencyRoute is the contract's route for immediate danger to life
// (999). What the text places in the past, or says has stopped, does not
// demand it: the level its indicator demands still stands, and so the
// level's route.
const emergencyRoute = "emergency"

func (p *Pack) routeOf(ind *Indicator) string {
	if ind.Route != "" {
		return ind.Route
	}
	if l, ok := p.levelByN[ind.Level]; ok {
		return l.Route
	}
	return ""
}

func (p *Pack) decide(hits []hit, age ageRange, facts Facts, text string) Answer {
	a := Answer{Guidance: p.ID, Also: []string{}, Reasons: []Reason{}, Ask: []string{}, NextSteps: []string{}}
	level := 0
	routes := map[string]bool{}
	urgent, historic := false, false
	hedgedTop, ageGuess := false, false
	var asks []string
	for _, h := range hits {
		ind := h.ci.ind
		if ind.Level > level {
			level = ind.Level
		}
		past := h.historic || h.resolved
		if r := p.routeOf(ind); r != "" && !(past && r == emergencyRoute) {
			routes[r] = true
		}
		for _, r := range ind.Also {
			if !(past && r == emergencyRoute) {
				routes[r] = true
			}
		}
		if ind.Urgent && !h.hedged && !h.historic && !h.resolved {
			urgent = true
		}
		if h.historic && ind.Level >= 3 {
			historic = true
		}
		if h.ageGuess {
			ageGuess = true
		}
		asks = append(asks, ind.Ask...)
		a.Reasons = append(a.Reasons, Reason{Indicator: ind.ID, Level: ind.Level, Route: ind.Route, Evidence: h.evidence})
	}
	// Past or resolved needs never lower the level a matched indicator
	// demands; they are reported instead: lower confidence, and a question
	// that quotes them.
	var past []string
	topCurrent := false
	for _, h := range hits {
		if h.ci.ind.Level == level && level > 0 {
			hedgedTop = hedgedTop || h.hedged
			if h.resolved {
				past = append(past, h.evidence)
			} else {
				topCurrent = true
			}
		}
	}
	allTopPast := len(past) > 0 && !topCurrent
	confidence := "high"
	// Cumulative needs and the toxic trio raise the level.
	raised, reasons, comboAsks, comboAlso, medium := p.combine(hits, level)
	for _, r := range comboAlso {
		routes[r] = true
	}
	if raised > level {
		allTopPast = false // unless the raise, too, rests on the past (below)
		current := hits[:0:0]
		for _, h := range hits {
			if !h.resolved {
				current = append(current, h)
			}
		}
		if r, _, _, _, _ := p.combine(current, level); r < raised {
			// raised only with needs described as past or resolved: keep
			// the level, and say so
			medium = true
			allTopPast = r <= level && !topCurrent && len(past) > 0
			for _, h := range hits {
				if h.resolved {
					past = append(past, h.evidence)
				}
			}
		}
	}
	level = max(level, raised)
	a.Reasons = append(a.Reasons, reasons...)
	asks = append(asks, comboAsks...)
	if medium {
		confidence = "medium"
	}
	if len(past) > 0 {
		asks = append([]string{pastQuestion(past)}, asks...)
	}
	if level > 0 {
		if l, ok := p.levelByN[level]; ok {
			routes[l.Route] = true
		}
	}
	// The primary route is the most protective; the rest are duties beside it.
	var all []string
	for r := range routes {
		all = append(all, r)
	}
	sort.Slice(all, func(i, j int) bool {
		if ki, kj := p.order(all[i]), p.order(all[j]); ki != kj {
			return ki < kj
		}
		return all[i] < all[j]
	})
	// A level route below the level demanded is dropped (never suggest less).
	kept := all[:0]
	for _, r := range all {
		if lr := p.levelOfRoute(r); lr > 0 && lr < level {
			continue
		}
		kept = append(kept, r)
	}
	all = kept
	switch {
	case len(hits) == 0:
		a.Route = p.levelByN[1].Route
		l := 1
		level = l
		confidence = "low"
		asks = append(asks, "What exactly happened or was said, when, and who was involved?",
			"Has the child been hurt, or said anyone is hurting them?")
	default:
		a.Route = all[0]
		a.Also = append(a.Also, all[1:]...)
	}
	if level > 0 {
		lv := level
		a.Level = &lv
		if l, ok := p.levelByN[level]; ok {
			a.LevelName = l.Name
		}
	}
	if hedgedTop || ageGuess {
		if confidence == "high" {
			confidence = "medium"
		}
	}
	if ageGuess {
		asks = append([]string{"How old is the child? Some of this depends on age."}, asks...)
	}
	if historic && !urgent {
		// The past does not lower the level, but the question is who is at risk now.
		asks = append(asks, "Is the child (or any other child) still in contact with the person who harmed them?")
		if confidence == "high" {
			confidence = "medium"
		}
	}
	if allTopPast {
		confidence = "low"
	}
	a.Confidence = confidence
	if r, ok := p.routeByID[a.Route]; ok {
		a.Urgency = r.Urgency
		a.NextSteps = append(a.NextSteps, r.NextSteps...)
		a.Consent = r.Consent
	}
	for _, id := range a.Also {
		if r, ok := p.routeByID[id]; ok && len(r.NextSteps) > 0 {
			a.NextSteps = append(a.NextSteps, r.NextSteps[0])
			if moreUrgent(r.Urgency, a.Urgency) {
				a.Urgency = r.Urgency
			}
		}
	}
	if urgent {
		a.Urgency = "immediate"
	}
	cats := map[string]bool{}
	for _, h := range hits {
		cats[h.ci.ind.Category] = true
	}
	var said saidCache
	for _, q := range p.Questions {
		w := q.When
		if w.MinLevel > 0 && level < w.MinLevel || w.MaxLevel > 0 && level > w.MaxLevel {
			continue
		}
		if w.Route != "" && a.Route != w.Route && !slices.Contains(a.Also, w.Route) {
			continue
		}
		if len(w.Categories) > 0 && !slices.ContainsFunc(w.Categories, func(c string) bool { return cats[c] }) {
			continue
		}
		if w.Missing != "" && said.already(w.Missing, text, age, facts) {
			continue
		}
		asks = append(asks, q.Text)
	}
	a.Ask = dedupe(asks, 6)
	return a
}

// combine applies the pack's combinations (cumulative needs, the toxic
// trio, routes added together) to the hits: the level they raise to (at
// least level), their reasons, questions and routes, and whether that
// makes the answer less certain.
func (p *Pack) combine(hits []hit, level int) (int, []Reason, []string, []string, bool) {
	var reasons []Reason
	var asks, also []string
	medium := false
	for _, c := range p.Combinations {
		switch c.Kind {
		case "cumulative":
			n, domains := 0, map[string]bool{}
			for _, h := range hits {
				if h.ci.ind.Level == c.FromLevel {
					n++
					domains[h.ci.ind.Domain] = true
				}
			}
			if n >= c.Count && len(domains) >= c.Domains && level < c.Level {
				level = c.Level
				medium = true
				asks = append(asks, c.Ask...)
				reasons = append(reasons, Reason{Indicator: c.ID, Level: c.Level, Evidence: "several needs across the child, parenting and family"})
			}
		case "together":
			cats := map[string]bool{}
			top := 0
			for _, h := range hits {
				if slices.Contains(c.Categories, h.ci.ind.Category) {
					cats[h.ci.ind.Category] = true
					top = max(top, h.ci.ind.Level)
				}
			}
			if len(cats) < c.Count || level < c.MinLevel {
				continue
			}
			if len(c.Require) > 0 && !slices.ContainsFunc(c.Require, func(r string) bool { return cats[r] }) {
				continue
			}
			if raised := min(4, top+c.Raise); c.Raise > 0 && raised > level {
				level = raised
				reasons = append(reasons, Reason{Indicator: c.ID, Level: raised, Evidence: strings.Join(sortedKeys(cats), ", ")})
			} else if len(c.Also) > 0 {
				reasons = append(reasons, Reason{Indicator: c.ID, Route: c.Also[0], Evidence: strings.Join(sortedKeys(cats), ", ")})
			}
			also = append(also, c.Also...)
			asks = append(asks, c.Ask...)
		}
	}
	return level, reasons, asks, also, medium
}

// pastQuestion asks about needs the text describes as past or resolved.
func pastQuestion(evidence []string) string {
	q := "Some of this is described as past or resolved (\"" + evidence[0] + "\")"
	if len(evidence) > 1 {
		q += fmt.Sprintf(" and %d more", len(evidence)-1)
	}
	return q + ": has it really stopped, and is this child or any other child still at risk? The level stays until you know."
}

// order places a route in the answer: by the protective order, except that
// a route the pack marks primary comes before every level's route (a more
// protective route that is no level's route, such as 999, stays ahead).
func (p *Pack) order(route string) int {
	k := 2 * rank(route)
	if r, ok := p.routeByID[route]; ok && r.Primary {
		for _, l := range p.Levels {
			k = min(k, 2*rank(l.Route)-1)
		}
	}
	return k
}

func (p *Pack) levelOfRoute(route string) int {
	for n := 1; n <= 4; n++ {
		if l, ok := p.levelByN[n]; ok && l.Route == route {
			return n
		}
	}
	return 0
}

func moreUrgent(a, b string) bool {
	order := map[string]int{"immediate": 3, "same-day": 2, "routine": 1}
	return order[a] > order[b]
}

// missingKeys are the values a question's `when: {missing: ...}` may name:
// the points saidCache can tell the text already answers.
func missingKeys() []string {
	return slices.Sorted(maps.Keys(missingSet))
}

// missingSet holds the keys of saidWords, and the points saidCache
// settles otherwise.
var missingSet = func() map[string]bool {
	m := map[string]bool{"age": true, "perpetrator": true}
	for k := range saidWords {
		m[k] = true
	}
	return m
}()

// saidWords are signs that the text already answers a question.
var saidWords = map[string][]string{
	"current_safety":   {"safe to go home", "go home tonight", "is safe", "safe at", "staying with", "safety plan"},
	"current_location": {"is at ", "is now at", "is currently", "currently at", "staying with", "is in school", "is with"},
	"immediate_risk":   {"immediate danger", "immediate risk", "in danger now", "not in immediate"},
	"early_help":       {"early help", "strengths and needs", "eha", "team around the family", "taf", "family support worker"},
	"child_voice":      {"said", "told", "says", "disclosed", "\""},
	"consent":          {"consent", "aware of the referral", "aware of this referral", "agreed to", "parents know", "not told"},
	"first_language":   {"english", "language", "interpreter"},
	"fgm_status":       {"has been cut", "was cut", "already had", "planned", "going to be", "will be cut", "trip", "holiday"},
}

// saidSets are saidWords as markerSets.
var saidSets = func() map[string]*markerSet {
	m := map[string]*markerSet{}
	for k, ws := range saidWords {
		m[k] = newMarkerSet(ws)
	}
	return m
}()

// people are words that say who harmed or frightened the child.
var people = setOf("mum", "mummy", "mother", "dad", "daddy", "father", "stepdad", "stepfather", "stepmum",
	"stepmother", "parent", "parents", "carer", "carers", "boyfriend", "girlfriend", "partner", "uncle", "aunt",
	"auntie", "grandad", "grandfather", "grandma", "grandmother", "nan", "brother", "sister", "cousin", "teacher",
	"coach", "staff", "volunteer", "tutor", "neighbour", "foster", "pupil", "classmate", "man", "woman", "lodger")

// saidCache reports whether the text (or what check knows) already
// answers the point a question asks about (see saidWords). It serves one
// text, lower-casing it and splitting its words once however many
// questions ask.
type saidCache struct {
	done  bool
	lower string
	words []string
	memo  map[string]bool
}

func (c *saidCache) already(missing, text string, age ageRange, facts Facts) bool {
	switch missing {
	case "age":
		return age.Known
	case "current_safety":
		if facts.CurrentSafety {
			return true
		}
	}
	if v, ok := c.memo[missing]; ok {
		return v
	}
	if !c.done {
		c.done = true
		c.lower = strings.ToLower(text)
		c.memo = map[string]bool{}
	}
	var v bool
	if missing == "perpetrator" {
		if c.words == nil {
			c.words = words(text)
		}
		for _, w := range c.words {
			if people[w] {
				v = true
				break
			}
		}
	} else {
		if set := saidSets[missing]; set != nil {
			v = set.in(c.lower)
		}
	}
	c.memo[missing] = v
	return v
}

func dedupe(ss []string, n int) []string {
	out := []string{}
	for _, s := range ss {
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
		if len(out) == n {
			break
		}
	}
	return out
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// historicMarkers place a sentence in the past.
var historicMarkers = []string{"years ago", "year ago", "when she was younger", "when he was younger",
	"when they were younger", "when she was little", "when he was little", "historic", "historical",
	"in the past", "as a young child", "when she was small", "when he was small", "months ago", "last year",
	"used to", "previously", "a while ago", "some time ago", "long ago"}

// resolvedMarkers say that a concern has stopped or was dealt with ("has
// stopped eating" is not one: it is a worry of its own).
var resolvedMarkers = []string{"since stopped", "this has stopped", "that has stopped", "it has stopped",
	"this stopped", "that stopped", "it stopped", "has now stopped", "have now stopped", "stopped now", "now stopped", "now resolved", "been resolved", "was resolved", "is resolved", "are resolved", "now settled",
	"settled now", "things have settled", "has settled down", "no longer happen", "no longer an issue",
	"no longer a concern", "no longer a worry", "no longer lives", "no longer in contact", "no longer has contact",
	"no further concerns", "no further incidents", "no concerns since", "not happened since",
	"hasn't happened since", "has not happened since", "not happened again", "hasn't happened again",
	"no contact since", "has ended", "have ended", "is over now", "all fine now", "case closed", "case was closed",
	"now closed", "was closed", "were closed", "stepped down", "sorted out now", "now sorted"}

// isResolved reports whether a sentence says a concern has stopped or was
// resolved ("this has since stopped", "now settled").
func isResolved(s string) bool {
	return resolvedSet.in(strings.ToLower(s))
}

func isHistoric(s string) bool {
	return historicSet.in(strings.ToLower(s))
}

var historicSet, resolvedSet = newMarkerSet(historicMarkers), newMarkerSet(resolvedMarkers)

// markerSet finds whether a text contains any of a list of strings, in one
// pass over the text: a bitmap of the strings' first two bytes picks the
// places worth comparing. It answers as strings.Contains would for each.
type markerSet struct {
	pairs  [1 << 16 / 64]uint64
	byPair map[uint16][]string
	single string // strings of one byte
}

func newMarkerSet(ms []string) *markerSet {
	s := &markerSet{byPair: map[uint16][]string{}}
	for _, m := range ms {
		switch len(m) {
		case 0:
			s.single += "\x00" // "" is in every text; see in
		case 1:
			s.single += m
		default:
			k := uint16(m[0])<<8 | uint16(m[1])
			s.pairs[k/64] |= 1 << (k % 64)
			s.byPair[k] = append(s.byPair[k], m)
		}
	}
	return s
}

func (s *markerSet) in(t string) bool {
	if s.single != "" {
		if strings.Contains(s.single, "\x00") || strings.ContainsAny(t, s.single) {
			return true
		}
	}
	for i := 0; i+1 < len(t); i++ {
		k := uint16(t[i])<<8 | uint16(t[i+1])
		if s.pairs[k/64]&(1<<(k%64)) == 0 {
			continue
		}
		for _, m := range s.byPair[k] {
			if strings.HasPrefix(t[i:], m) {
				return true
			}
		}
	}
	return false
}
