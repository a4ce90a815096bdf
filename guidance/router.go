package guidance

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
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
	// Household are the people the referral's family section names, with
	// their relationship to the child: the text's mentions of them by name
	// ("Dwayne punched me") are read as that relationship ("mum's partner
	// punched me"), so a named adult at home is known as one.
	Household []Person
}

// parentAge is the age of the child's mother, or else father, from the
// family section, when given.
func (f Facts) parentAge() ageRange {
	for _, want := range []string{"mother", "father"} {
		for _, p := range f.Household {
			if p.Age != nil && householdParent(p.Relationship) == want {
				return ageRange{*p.Age, *p.Age, true}
			}
		}
	}
	return ageRange{}
}

// householdParent says whether a relationship is the child's birth mother
// or father ("mother", "Mum", "birth father"), not a step-parent or carer.
func householdParent(rel string) string {
	switch strings.ToLower(strings.TrimSpace(rel)) {
	case "mother", "mum", "mummy", "mom", "birth mother", "mam":
		return "mother"
	case "father", "dad", "daddy", "birth father":
		return "father"
	}
	return ""
}

// Person is someone named beside the child: a member of the referral's
// family section.
type Person struct {
	Name         string   // as written: "Dwayne Smith", "Ms Lorraine Hughes"
	Relationship string   // to the child: "Mother's partner", "Sister"
	Age          *float64 // in years, when the referral gives a date of birth or an age
}

type hit struct {
	ci       compiledIndicator
	evidence string
	hedged   bool
	historic bool // the sentence places it in the past ("years ago")
	resolved bool // the text says it has stopped or was resolved
	// earlier: the sentence places it days or weeks ago ("last week"),
	// and not now: not 999 any more, though not history either
	earlier bool
	// dismissed: a later sentence says the worry was looked into and found
	// groundless ("nothing ideological found"), and the indicator does not
	// match again from there on
	dismissed bool
	ageGuess  bool // matched only because the age is not known
	pos       int  // sentence index
	from      int  // the first sentence, when the match spans several
	ord       int  // the indicator's place in the pack, for ordering reasons
	last      int  // the last sentence the indicator matched in
}

// route is Route for text within MaxRouteText.
func (p *Pack) route(text string, facts Facts) Answer {
	sents := splitSentences(text)
	if len(facts.Household) > 0 {
		readHousehold(sents, facts.Household)
	}
	var age ageRange
	if facts.Age != nil {
		age = ageRange{*facts.Age, *facts.Age, true}
	} else {
		age = childAge(text)
	}
	// A teenage parent's age ("Mum is 17") is the age that counts for her
	// own relationships and pregnancy when the child is a baby (or of no
	// stated age): "her boyfriend is 24" is not about the baby. Such
	// indicators are kept through the scan and checked after it, reading
	// the parent's age only when one of them matched.
	parentMayCount := !age.Known || age.Max < youngPersonMinAge
	best := make(map[int32]*hit)
	x := p.index
	x.scan(sents, func(m lineHit) {
		ii := x.lines[m.line].ind
		ci := p.compiled[ii]
		if ci.ind.Age != nil && !age.within(ci.ind.Age) && !(parentMayCount && youngPersonCategories[ci.ind.Category]) {
			return
		}
		// the first unhedged match is the evidence
		h, ok := best[ii]
		if ok {
			h.last = max(h.last, m.sent)
		}
		if ok && !(h.hedged && !m.hedged) && !(h.hedged == m.hedged && m.sent < h.pos) {
			return
		}
		if !ok {
			h = &hit{ci: ci, ord: int(ii), ageGuess: ci.ind.Age != nil && !age.Known, last: m.sent}
			best[ii] = h
		}
		h.from, h.pos, h.hedged = m.from, m.sent, m.hedged
	})
	if parentMayCount {
		var parent ageRange
		read := false
		for ii, h := range best {
			if h.ci.ind.Age == nil || !youngPersonCategories[h.ci.ind.Category] {
				continue
			}
			if !read {
				parent, read = youngParentAge(text), true
				if !parent.Known {
					parent = facts.parentAge()
				}
			}
			switch {
			case parent.Known && parent.within(h.ci.ind.Age):
				h.ageGuess = false
			case parent.Known || !age.within(h.ci.ind.Age):
				delete(best, ii)
			case age.Known && age.Max < 1:
				// a baby (or an unborn child) has no relationships or
				// pregnancy of its own: these are a parent's, of no
				// stated age
				delete(best, ii)
			}
		}
	}
	// What each sentence says of the past, once, in one pass over its
	// (lower-case) words.
	said := make([]uint8, len(sents))
	says := func(k int) uint8 {
		if said[k] == 0 {
			f := timeMarks().flags(strings.Join(sents[k].words, " "))
			if f&markNow != 0 {
				f &^= markEarlier // "last week ... and again tonight"
			}
			said[k] = f | markRead
		}
		return said[k]
	}
	const historic, resolved, dismissed, earlier = markHistoric, markResolved, markDismissed, markEarlier
	excerpts := make(map[[2]int]string, len(best)) // hits often share a sentence
	for _, h := range best {
		var f uint8
		for k := h.pos; k >= h.from; k-- {
			f |= says(k)
		}
		span := [2]int{h.from, h.pos}
		ev, ok := excerpts[span]
		if !ok {
			ev = sents[h.pos].text
			for k := h.pos - 1; k >= h.from; k-- {
				ev = sents[k].text + ". " + ev
			}
			ev = excerpt(ev)
			excerpts[span] = ev
		}
		h.evidence = ev
		h.historic = f&historic != 0
		h.earlier = f&earlier != 0
		h.resolved = f&resolved != 0 || h.historic && h.pos+1 < len(sents) && says(h.pos+1)&resolved != 0
		for k := h.pos + 1; k <= h.pos+dismissReach && k < len(sents); k++ {
			if h.last < k && says(k)&dismissed != 0 {
				h.dismissed = true
				break
			}
		}
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
	if utf8.RuneCountInString(s) > 160 {
		n := 0
		for i := range s {
			if n == 157 {
				return s[:i] + "..."
			}
			n++
		}
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
	// Caution words take no part in the decision (below): set them aside.
	var caution []string
	explained := false
	notCaution := hits[:0:0]
	for _, h := range hits {
		switch h.ci.ind.Category {
		case cautionCategory:
			if !h.historic && !h.resolved && !h.dismissed {
				caution = append(caution, h.evidence)
			}
		case explainedCategory:
			explained = true
		default:
			notCaution = append(notCaution, h)
		}
	}
	if explained {
		caution = nil
	}
	hits = notCaution
	for _, h := range hits {
		ind := h.ci.ind
		if ind.Level > level {
			level = ind.Level
		}
		past := h.historic || h.resolved || h.dismissed || h.earlier
		if r := p.routeOf(ind); r != "" && !(past && r == emergencyRoute) && !p.dismissedDuty(h) {
			routes[r] = true
		}
		for _, r := range ind.Also {
			if !(past && r == emergencyRoute) && !p.dismissedDuty(h) {
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
			if h.resolved || h.dismissed {
				past = append(past, h.evidence)
			} else {
				topCurrent = true
			}
		}
	}
	allTopPast := len(past) > 0 && !topCurrent
	confidence := "high"
	// Cumulative needs and the toxic trio raise the level.
	var said saidCache // the text lower-cased and split once, for the questions too
	protective := p.cumulativeMayRaise(hits) && protectiveSet().in(said.lowered(text))
	raised, reasons, comboAsks, comboAlso, medium := p.combine(hits, level, protective)
	for _, r := range comboAlso {
		routes[r] = true
	}
	if raised > level {
		allTopPast = false // unless the raise, too, rests on the past (below)
		current := hits[:0:0]
		for _, h := range hits {
			if !h.resolved && !h.dismissed {
				current = append(current, h)
			}
		}
		if r, _, _, _, _ := p.combine(current, level, protective); r < raised {
			// raised only with needs described as past or resolved: keep
			// the level, and say so
			medium = true
			allTopPast = r <= level && !topCurrent && len(past) > 0
			for _, h := range hits {
				if h.resolved || h.dismissed {
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
	// Vague words with no concrete indicator ("something's not right at
	// home") cannot be triaged: say so, and ask what happened.
	vague, concrete := false, false
	for _, h := range hits {
		ind := h.ci.ind
		if ind.Category == vagueCategory {
			vague = true
		} else if ind.Level > 1 || (ind.Route != "" && !p.dismissedDuty(h)) || len(ind.Also) > 0 {
			concrete = true
		}
	}
	var dismissedDuties []string
	for _, h := range hits {
		if p.dismissedDuty(h) {
			dismissedDuties = append(dismissedDuties, h.evidence)
		}
	}
	switch {
	case len(hits) == 0 || len(all) == 0:
		// nothing matched, or only a duty the text says was looked into
		// and found groundless
		a.Route = p.levelByN[1].Route
		l := 1
		level = l
		confidence = "low"
		if len(dismissedDuties) > 0 && len(past) == 0 {
			asks = append([]string{pastQuestion(dismissedDuties)}, asks...)
		}
		asks = append(asks, whatHappened...)
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
	if vague && !concrete && level <= 1 {
		confidence = "low"
		asks = append(asks, whatHappened...)
	}
	// Words of harm that no indicator explains ("he had a bruise", "she is
	// scared of him") in a concern below a MASH referral: the text may hold
	// more than the guidance can read. The level stays; say so, and ask.
	if len(caution) > 0 && level <= cautionBelow {
		if confidence == "high" {
			confidence = "medium"
		}
		asks = append([]string{cautionQuestion(caution)}, asks...)
	}
	a.Confidence = confidence
	var steps []string
	if r, ok := p.routeByID[a.Route]; ok {
		a.Urgency = r.Urgency
		steps = append(steps, r.NextSteps...)
		a.Consent = r.Consent
	}
	for _, id := range a.Also {
		if r, ok := p.routeByID[id]; ok && len(r.NextSteps) > 0 {
			// the first step not already listed
			for _, st := range r.NextSteps {
				if !slices.ContainsFunc(steps, func(s string) bool { return sameLine(s, st) }) {
					steps = append(steps, st)
					break
				}
			}
			if moreUrgent(r.Urgency, a.Urgency) {
				a.Urgency = r.Urgency
			}
		}
	}
	a.NextSteps = dedupe(steps, -1)
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
// makes the answer less certain. When the text shows the family engaging
// with or asking for help (protective), several needs at a level do not
// raise it: the answer stays at the level the indicators demand, with
// medium confidence and the combination's questions (domain 2.1: protective
// factors may settle a cumulative call; they never lower a matched level).
func (p *Pack) combine(hits []hit, level int, protective bool) (int, []Reason, []string, []string, bool) {
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
				medium = true
				asks = append(asks, c.Ask...)
				if protective {
					continue
				}
				level = c.Level
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
var saidSets = sync.OnceValue(func() map[string]*markerSet {
	m := map[string]*markerSet{}
	for k, ws := range saidWords {
		m[k] = newMarkerSet(ws)
	}
	return m
})

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

// lowered is the text lower-cased, once.
func (c *saidCache) lowered(text string) string {
	if !c.done {
		c.done = true
		c.lower = strings.ToLower(text)
	}
	return c.lower
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
	if c.memo == nil {
		c.lowered(text)
		c.memo = map[string]bool{}
	}
	var v bool
	if missing == "perpetrator" {
		for _, p := range facts.Household {
			for _, n := range personNames(p.Name) {
				if _, ok := replaceName(text, n, ""); ok && householdRole(p.Relationship) != "" {
					v = true
				}
			}
		}
	}
	if missing == "perpetrator" && !v {
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
		if set := saidSets()[missing]; set != nil {
			v = set.in(c.lower)
		}
	}
	c.memo[missing] = v
	return v
}

// dedupe keeps the first of lines that say the same (see sameLine), in
// order, at most n of them (n < 0: all).
func dedupe(ss []string, n int) []string {
	out := []string{}
	for _, s := range ss {
		if strings.TrimSpace(s) != "" && !slices.ContainsFunc(out, func(o string) bool { return sameLine(o, s) }) {
			out = append(out, s)
		}
		if len(out) == n {
			break
		}
	}
	return out
}

// sameLine reports whether two lines of an answer say the same: equal but
// for case, spacing and the closing punctuation. It compares in place,
// without building either line's normal form.
func sameLine(a, b string) bool {
	if a == b {
		return true
	}
	a, b = trimLine(a), trimLine(b)
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		ca, cb := a[i], b[j]
		if isLineSpace(ca) && isLineSpace(cb) {
			for i < len(a) && isLineSpace(a[i]) {
				i++
			}
			for j < len(b) && isLineSpace(b[j]) {
				j++
			}
			continue
		}
		if ca >= utf8.RuneSelf || cb >= utf8.RuneSelf {
			ra, na := utf8.DecodeRuneInString(a[i:])
			rb, nb := utf8.DecodeRuneInString(b[j:])
			if ra != rb && unicode.ToLower(ra) != unicode.ToLower(rb) {
				return false
			}
			i, j = i+na, j+nb
			continue
		}
		if 'A' <= ca && ca <= 'Z' {
			ca += 'a' - 'A'
		}
		if 'A' <= cb && cb <= 'Z' {
			cb += 'a' - 'A'
		}
		if ca != cb {
			return false
		}
		i, j = i+1, j+1
	}
	return i == len(a) && j == len(b)
}

func isLineSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// trimLine drops leading space and trailing space and closing punctuation.
func trimLine(s string) string {
	return strings.TrimRight(strings.TrimLeft(s, " \t\r\n"), ".!?;: \t\r\n")
}

// lineKey is a line's normal form (for tests): lower case, single spaces,
// no closing punctuation.
func lineKey(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(trimLine(s)), " "))
}

// whatHappened are the questions for a concern the router cannot triage:
// nothing matched, or only vague words.
var whatHappened = []string{"What exactly happened or was said, when, and who was involved?",
	"Has the child been hurt, or said anyone is hurting them?"}

// cautionCategory is the indicator category of words of harm ("bruise",
// "scared", "touched") matched on their own: they never set the level or
// give a reason, but in a concern routed below a MASH referral
// (cautionBelow and under) they lower confidence and ask what happened.
const cautionCategory = "caution"

// explainedCategory is the indicator category of an ordinary explanation
// given in the text ("fell off her scooter", "in a rugby match", "mum rang
// to tell us"): it never sets the level or gives a reason, but the caution
// words are then taken as explained.
const explainedCategory = "explained"

// cautionBelow is the highest level at which caution words are asked about.
const cautionBelow = 2

func cautionQuestion(evidence []string) string {
	q := "The concern mentions something that may be harm (\"" + evidence[0] + "\")"
	if len(evidence) > 1 {
		q += fmt.Sprintf(" and %d more", len(evidence)-1)
	}
	return q + ": has the child been hurt or frightened, or told you someone is harming them? If so, say what happened, when and who did it: that may need a MASH referral."
}

// vagueCategory is the indicator category of vague words with no facts
// ("something's not right at home"): on their own they make the answer
// low-confidence, with questions.
const vagueCategory = "unclear"

// dismissReach is how many sentences after a match a dismissal ("nothing
// ideological found") may come.
const dismissReach = 3

// dismissedDuty reports whether a hit is a duty with no level of its own
// (a Prevent referral, a private-fostering or CME notice) that the text
// says was looked into and found groundless: it no longer demands its
// route. A primary route (the LADO) is never dismissed this way: the
// school does not investigate an allegation before referring it.
func (p *Pack) dismissedDuty(h hit) bool {
	ind := h.ci.ind
	if !h.dismissed || ind.Level > 0 {
		return false
	}
	for _, id := range append([]string{ind.Route}, ind.Also...) {
		if r, ok := p.routeByID[id]; ok && r.Primary {
			return false
		}
	}
	return true
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

// dismissedMarkers say that a worry was looked into and found groundless.
// They are narrow on purpose: "nothing found" could be a search for a
// missing child, and "no concerns" does not end a notification duty (a
// private-fostering arrangement with no welfare worries is still notified).
var dismissedMarkers = []string{"nothing ideological", "no ideological", "nothing extremist", "no extremist",
	"no evidence of radicalisation", "no evidence of radicalization", "no evidence of extremis",
	"no sign of radicalisation", "no signs of radicalisation", "no indication of radicalisation",
	"no concerns about radicalisation", "no concerns re radicalisation", "not radicalised", "isn't radicalised",
	"is not radicalised", "unfounded", "false alarm", "a misunderstanding", "turned out to be nothing",
	"turns out to be nothing", "turned out to be innocent", "innocent explanation", "just curious",
	"only curious", "out of curiosity", "genuine curiosity"}

func isDismissed(s string) bool {
	return dismissedSet().in(strings.ToLower(s))
}

var dismissedSet = sync.OnceValue(func() *markerSet { return newMarkerSet(dismissedMarkers) })

// cumulativeMayRaise reports whether a cumulative combination has enough
// matched indicators to raise the level (so that the text is searched for
// protective factors only then).
func (p *Pack) cumulativeMayRaise(hits []hit) bool {
	for _, c := range p.Combinations {
		if c.Kind != "cumulative" {
			continue
		}
		n := 0
		for _, h := range hits {
			if h.ci.ind.Level == c.FromLevel {
				n++
			}
		}
		if n >= c.Count {
			return true
		}
	}
	return false
}

// protectiveMarkers show a family engaging with, or asking for, help.
var protectiveMarkers = []string{"is engaging", "are engaging", "engaging well", "engaging with", "engages well",
	"happy to have", "happy to accept", "happy for us to", "has asked for help", "have asked for help",
	"asked for help", "asking for help", "asked us for help", "would like some help", "would like help",
	"wants help", "want help", "keen for support", "keen to get help", "keen to accept", "open to support",
	"accepted support", "accepting support", "accepted help", "agreed to early help", "agreed to an early help",
	"agreed to a family support", "agreed to a referral to early help", "very supportive", "working well with"}

var protectiveSet = sync.OnceValue(func() *markerSet { return newMarkerSet(protectiveMarkers) })

// isResolved reports whether a sentence says a concern has stopped or was
// resolved ("this has since stopped", "now settled").
func isResolved(s string) bool {
	return resolvedSet.in(strings.ToLower(s))
}

// earlierMarkers place a sentence days or weeks ago; nowMarkers bring it
// back to the present ("she took an overdose last week and says she will
// do it again tonight").
var earlierMarkers = []string{"last week", "last month", "last term", "weeks ago", "the week before",
	"the other week", "over half term", "over the holidays"}

var nowMarkers = []string{"right now", "just now", " now", "tonight", "today", "this morning",
	"this afternoon", "at the moment", "currently", "still"}

var earlierSet, nowSet = newMarkerSet(earlierMarkers), newMarkerSet(nowMarkers)

// isEarlier reports whether a sentence places what it says days or weeks
// ago and not now: not danger now, so not 999 (the level stands).
func isEarlier(s string) bool {
	s = strings.ToLower(s)
	return earlierSet.in(s) && !nowSet.in(s)
}

func isHistoric(s string) bool {
	return historicSet.in(strings.ToLower(s))
}

var historicSet, resolvedSet = newMarkerSet(historicMarkers), newMarkerSet(resolvedMarkers)

// What route reads of a sentence: flags of timeMarks (markRead says the
// sentence has been read).
const (
	markHistoric uint8 = 1 << iota
	markResolved
	markRead
	markDismissed
	markEarlier
	markNow
)

// timeMarks finds, in one pass, what isHistoric, isResolved, isDismissed
// and isEarlier each look for (TestTimeMarks holds them to the same answers).
var timeMarks = sync.OnceValue(func() *flagSet {
	return newFlagSet(map[uint8][]string{markHistoric: historicMarkers, markResolved: resolvedMarkers,
		markDismissed: dismissedMarkers, markEarlier: earlierMarkers, markNow: nowMarkers})
})

// warmRouter makes the routing tables that are made on first use (so
// that a program's every start does not pay for them): called when a
// pack is loaded, on the goroutine that loads it, before a concern needs
// them.
func warmRouter() {
	wordKinds()
	saidSets()
	dismissedSet()
	protectiveSet()
	timeMarks()
}

// flagSet is a markerSet whose strings each carry a flag: flags is the
// union of the flags of the strings a text contains. Every string has at
// least two bytes.
type flagSet struct {
	pairs  pairFilter
	byPair map[uint16][]flagged
}

type flagged struct {
	s    string
	flag uint8
}

func newFlagSet(lists map[uint8][]string) *flagSet {
	s := &flagSet{byPair: map[uint16][]flagged{}}
	for flag, ms := range lists {
		for _, m := range ms {
			if len(m) < 2 {
				panic("guidance: a time marker of under two bytes: " + m)
			}
			k := uint16(m[0])<<8 | uint16(m[1])
			s.pairs.add(k)
			s.byPair[k] = append(s.byPair[k], flagged{m, flag})
		}
	}
	return s
}

func (s *flagSet) flags(t string) uint8 {
	var f uint8
	for i := 0; i+1 < len(t); i++ {
		k := uint16(t[i])<<8 | uint16(t[i+1])
		if !s.pairs.has(k) {
			continue
		}
		for _, m := range s.byPair[k] {
			if f&m.flag == 0 && strings.HasPrefix(t[i:], m.s) {
				f |= m.flag
			}
		}
	}
	return f
}

// markerSet finds whether a text contains any of a list of strings, in one
// pass over the text: a bitmap of the strings' first two bytes picks the
// places worth comparing. It answers as strings.Contains would for each.
// pairFilter says which pairs of bytes (first<<8 | second) may start one
// of a set's strings: 4,096 bits, each shared by 16 pairs (one bit per
// pair, 8 KB a set, cost a tenth of a megabyte at every start). A pair
// whose bit is set is then looked up exactly.
type pairFilter [4096 / 64]uint64

func pairBit(k uint16) uint16 { return (k ^ k>>7) & 4095 }

func (f *pairFilter) add(k uint16) { b := pairBit(k); f[b/64] |= 1 << (b % 64) }

func (f *pairFilter) has(k uint16) bool { b := pairBit(k); return f[b/64]&(1<<(b%64)) != 0 }

type markerSet struct {
	pairs  pairFilter
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
			s.pairs.add(k)
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
		if !s.pairs.has(k) {
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
