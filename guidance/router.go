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
	raised, reasons, comboAsks, medium := p.combine(hits, level)
	if raised > level {
		allTopPast = false // unless the raise, too, rests on the past (below)
		current := hits[:0:0]
		for _, h := range hits {
			if !h.resolved {
				current = append(current, h)
			}
		}
		if r, _, _, _ := p.combine(current, level); r < raised {
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

// combine applies the pack's combinations (cumulative needs, the toxic
// trio) to the hits: the level they raise to (at least level), their
// reasons and questions, and whether that makes the answer less certain.
func (p *Pack) combine(hits []hit, level int) (int, []Reason, []string, bool) {
	var reasons []Reason
	var asks []string
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
			if len(cats) >= c.Count {
				if raised := min(4, top+c.Raise); raised > level {
					level = raised
					reasons = append(reasons, Reason{Indicator: c.ID, Level: raised, Evidence: strings.Join(sortedKeys(cats), ", ")})
				}
				asks = append(asks, c.Ask...)
			}
		}
	}
	return level, reasons, asks, medium
}

// pastQuestion asks about needs the text describes as past or resolved.
func pastQuestion(evidence []string) string {
	q := "Some of this is described as past or resolved (\"" + evidence[0] + "\")"
	if len(evidence) > 1 {
		q += fmt.Sprintf(" and %d more", len(evidence)-1)
	}
	return q + ": has it really stopped, and is this child or any other child still at risk? The level stays until you know."
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
// the points alreadySaid can tell the text already answers.
func missingKeys() []string {
	return slices.Sorted(maps.Keys(missingSet))
}

// missingSet holds the keys of saidWords, and the points alreadySaid
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

// people are words that say who harmed or frightened the child.
var people = setOf("mum", "mummy", "mother", "dad", "daddy", "father", "stepdad", "stepfather", "stepmum",
	"stepmother", "parent", "parents", "carer", "carers", "boyfriend", "girlfriend", "partner", "uncle", "aunt",
	"auntie", "grandad", "grandfather", "grandma", "grandmother", "nan", "brother", "sister", "cousin", "teacher",
	"coach", "staff", "volunteer", "tutor", "neighbour", "foster", "pupil", "classmate", "man", "woman", "lodger")

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
	case "perpetrator":
		for _, w := range words(text) {
			if people[w] {
				return true
			}
		}
		return false
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
	t := strings.ToLower(s)
	for _, m := range resolvedMarkers {
		if strings.Contains(t, m) {
			return true
		}
	}
	return false
}

func isHistoric(s string) bool {
	t := strings.ToLower(s)
	for _, m := range historicMarkers {
		if strings.Contains(t, m) {
			return true
		}
	}
	return false
}
