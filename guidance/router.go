package guidance

import (
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
	ageGuess bool // matched only because the age is not known
	pos      int  // sentence index
	ord      int  // the indicator's place in the pack, for ordering reasons
}

// Route answers "which route for this concern?" for free text.
func (p *Pack) Route(text string, facts Facts) Answer {
	sents := splitSentences(text)
	age := childAge(text)
	if facts.Age != nil {
		age = ageRange{*facts.Age, *facts.Age, true}
	}
	best := make(map[int32]*hit)
	x := p.index
	p.index.scan(sents, func(li int32) bool { return p.compiled[x.lines[li].ind].negatable }, func(m lineHit) {
		ii := x.lines[m.line].ind
		ci := p.compiled[ii]
		if ci.ind.Age != nil && !age.within(ci.ind.Age) {
			return
		}
		h, ok := best[ii]
		if ok && !(h.hedged && !m.hedged) && !(h.hedged == m.hedged && m.sent < h.pos) {
			return
		}
		if !ok {
			h = &hit{ci: ci, ord: int(ii)}
			best[ii] = h
		}
		h.pos, h.hedged = m.sent, m.hedged
		h.evidence = excerpt(sents[m.sent].text)
		h.historic = isHistoric(sents[m.sent].text)
		h.ageGuess = ci.ind.Age != nil && !age.Known
	})
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
		if r := p.routeOf(ind); r != "" {
			routes[r] = true
		}
		for _, r := range ind.Also {
			routes[r] = true
		}
		if ind.Urgent && !h.hedged && !h.historic {
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
	for _, h := range hits {
		if h.ci.ind.Level == level && level > 0 {
			hedgedTop = hedgedTop || h.hedged
		}
	}
	confidence := "high"
	// Cumulative needs and the toxic trio raise the level.
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
				confidence = "medium"
				asks = append(asks, c.Ask...)
				a.Reasons = append(a.Reasons, Reason{Indicator: c.ID, Level: c.Level, Evidence: "several needs across the child, parenting and family"})
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
			if len(cats) >= c.Count {
				if raised := min(4, top+c.Raise); raised > level {
					level = raised
					a.Reasons = append(a.Reasons, Reason{Indicator: c.ID, Level: raised, Evidence: strings.Join(sortedKeys(cats), ", ")})
				}
				asks = append(asks, c.Ask...)
			}
		}
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
		if rank(all[i]) != rank(all[j]) {
			return rank(all[i]) < rank(all[j])
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
		if w.Missing != "" && alreadySaid(w.Missing, text, age, facts) {
			continue
		}
		asks = append(asks, q.Text)
	}
	a.Ask = dedupe(asks, 6)
	return a
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

// alreadySaid reports whether the text (or what check knows) already
// answers the point a question asks about.
func alreadySaid(missing, text string, age ageRange, facts Facts) bool {
	switch missing {
	case "age":
		return age.Known
	case "current_safety":
		if facts.CurrentSafety {
			return true
		}
	}
	t := strings.ToLower(text)
	for _, w := range saidWords[missing] {
		if strings.Contains(t, w) {
			return true
		}
	}
	return false
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
	"in the past", "as a young child", "when she was small", "when he was small", "months ago"}

func isHistoric(s string) bool {
	t := strings.ToLower(s)
	for _, m := range historicMarkers {
		if strings.Contains(t, m) {
			return true
		}
	}
	return false
}
