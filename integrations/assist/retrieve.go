package assist

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode"

	"github.com/frontdoorhq/frontdoor/guidance"
)

// section is one retrievable part of a guidance pack: a level, a route or
// an indicator, with the text sent to the model as context.
type section struct {
	id    string             // "level:3", "route:mash", "indicator:physical-harm-by-carer-disclosed"
	title string             // for people: "Level 3: Targeted / child in need"
	text  string             // the context: the pack's own words
	terms map[string]float64 // weighted term frequencies
	size  float64            // total weight, for length normalisation
}

// index is a small BM25 index over a pack's sections.
type index struct {
	secs []section
	byID map[string]*section
	df   map[string]int
	avg  float64
}

// Term weights by where a word comes from.
const (
	wTitle = 3.0 // an id, a name, a category
	wBody  = 1.0 // the pack's descriptive text and literal match words
	wCue   = 0.3 // words a cue (@carer) expands to: shared by many indicators
)

func newIndex(p *guidance.Pack) *index {
	if full, err := p.Full(); err == nil {
		p = full // with its match lines and cues, whose words are indexed too
	}
	x := &index{byID: map[string]*section{}, df: map[string]int{}}
	for _, l := range p.Levels {
		s := section{id: fmt.Sprintf("level:%d", l.Number), title: fmt.Sprintf("Level %d: %s", l.Number, l.Name)}
		agreement := "the family's agreement is needed"
		if !l.AgreementNeeded {
			agreement = "the family's agreement is not needed first"
		}
		s.text = fmt.Sprintf("Level %d, %s. Who responds: %s. Route: %s. Consent: %s.", l.Number, l.Name, l.Responds, l.Route, agreement)
		s.add(wTitle, fmt.Sprintf("level %d %s", l.Number, l.Name))
		s.add(wBody, l.Responds+" "+l.Route+" "+agreement)
		x.put(s)
	}
	for _, r := range p.Routes {
		s := section{id: "route:" + r.ID, title: r.Name}
		var b strings.Builder
		fmt.Fprintf(&b, "Route %s: %s. Urgency: %s.", r.ID, r.Name, r.Urgency)
		if r.Timescale != "" {
			fmt.Fprintf(&b, " Timescale: %s.", r.Timescale)
		}
		for _, c := range r.Contacts {
			fmt.Fprintf(&b, " Contact: %s", c.Name)
			for _, v := range []string{c.Phone, c.Email, c.URL, c.Hours, c.Note} {
				if v != "" {
					fmt.Fprintf(&b, ", %s", v)
				}
			}
			b.WriteString(".")
		}
		if len(r.NextSteps) > 0 {
			fmt.Fprintf(&b, " Next steps: %s", strings.Join(r.NextSteps, " "))
		}
		if r.Consent != "" {
			fmt.Fprintf(&b, " Consent: %s", r.Consent)
		}
		if r.Note != "" {
			fmt.Fprintf(&b, " Note: %s", r.Note)
		}
		s.text = b.String()
		s.add(wTitle, strings.ReplaceAll(r.ID, "-", " ")+" "+r.Name)
		s.add(wBody, s.text)
		x.put(s)
	}
	for _, ind := range p.Indicators {
		s := section{id: "indicator:" + ind.ID, title: strings.ReplaceAll(ind.ID, "-", " ")}
		var b strings.Builder
		fmt.Fprintf(&b, "Indicator %s", ind.ID)
		var facts []string
		if ind.Level > 0 {
			facts = append(facts, fmt.Sprintf("Level %d", ind.Level))
		}
		if ind.Route != "" {
			facts = append(facts, "route "+ind.Route)
		}
		if len(ind.Also) > 0 {
			facts = append(facts, "also "+strings.Join(ind.Also, ", "))
		}
		if ind.Category != "" {
			facts = append(facts, "category "+ind.Category)
		}
		if len(facts) > 0 {
			fmt.Fprintf(&b, " (%s)", strings.Join(facts, "; "))
		}
		words, cueWords := matchWords(p, ind.Match)
		if len(words) > 0 {
			fmt.Fprintf(&b, ". Signs such as: %s", strings.Join(limitWords(words, 30), ", "))
		}
		if len(ind.Ask) > 0 {
			fmt.Fprintf(&b, ". Ask: %s", strings.Join(ind.Ask, " "))
		}
		if ind.Note != "" {
			fmt.Fprintf(&b, ". Note: %s", ind.Note)
		}
		b.WriteString(".")
		s.text = b.String()
		s.add(wTitle, strings.ReplaceAll(ind.ID, "-", " ")+" "+strings.ReplaceAll(ind.Category, "-", " "))
		s.add(wBody, strings.Join(words, " ")+" "+strings.Join(ind.Ask, " ")+" "+ind.Note)
		s.add(wCue, strings.Join(cueWords, " "))
		x.put(s)
	}
	total := 0.0
	for i := range x.secs {
		total += x.secs[i].size
		for t := range x.secs[i].terms {
			x.df[t]++
		}
	}
	if len(x.secs) > 0 {
		x.avg = total / float64(len(x.secs))
	}
	return x
}

func (x *index) put(s section) {
	x.secs = append(x.secs, s)
	x.byID[s.id] = &x.secs[len(x.secs)-1]
}

func (s *section) add(w float64, text string) {
	if s.terms == nil {
		s.terms = map[string]float64{}
	}
	for _, t := range tokens(text) {
		s.terms[t] += w
		s.size += w
	}
}

// matchWords returns the literal words of an indicator's match lines, and
// the words its cues (@name) expand to.
func matchWords(p *guidance.Pack, lines [][]string) (words, cues []string) {
	seen := map[string]bool{}
	for _, line := range lines {
		for _, el := range line {
			for _, alt := range strings.Split(el, "|") {
				alt = strings.TrimSpace(strings.Trim(strings.TrimSpace(alt), `"'`))
				if strings.HasPrefix(alt, "@") {
					cues = append(cues, p.Cues[strings.TrimPrefix(alt, "@")]...)
					continue
				}
				alt = strings.TrimSuffix(alt, "*")
				if alt != "" && !seen[alt] {
					seen[alt] = true
					words = append(words, alt)
				}
			}
		}
	}
	return words, cues
}

func limitWords(ws []string, n int) []string {
	if len(ws) > n {
		return ws[:n]
	}
	return ws
}

// hit is a section and its score for a question.
type hit struct {
	sec   *section
	score float64
}

// Retrieval settings.
const (
	topK         = 6
	minScore     = 2.5  // the best section must score this for the pack to cover a question
	relativeKeep = 0.35 // sections under this share of the best score are left out
	minCoverage  = 0.6  // share of the question's weight (idf) the sections found must contain
)

// search returns the sections that best match a question, best first, or
// none when nothing matches well enough (the pack does not cover it).
func (x *index) search(question string) []hit {
	q := map[string]bool{}
	for _, t := range tokens(question) {
		q[t] = true
	}
	n := float64(len(x.secs))
	idf := func(t string) float64 {
		df := float64(x.df[t])
		return math.Log(1 + (n-df+0.5)/(df+0.5))
	}
	var hits []hit
	const k1, b = 1.2, 0.5
	for i := range x.secs {
		s := &x.secs[i]
		score := 0.0
		for t := range q {
			tf := s.terms[t]
			if tf == 0 {
				continue
			}
			score += idf(t) * tf * (k1 + 1) / (tf + k1*(1-b+b*s.size/x.avg))
		}
		if score > 0 {
			hits = append(hits, hit{s, score})
		}
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].score != hits[j].score {
			return hits[i].score > hits[j].score
		}
		return hits[i].sec.id < hits[j].sec.id
	})
	if len(hits) == 0 || hits[0].score < minScore {
		return nil
	}
	best := hits[0].score
	out := hits[:0]
	for _, h := range hits {
		if h.score < best*relativeKeep || len(out) == topK {
			break
		}
		out = append(out, h)
	}
	// The sections found must speak to most of the question, weighed by how
	// telling each word is: "the weather in Paris" matching "weather" in
	// one indicator is not covered.
	var all, met float64
	for t := range q {
		w := idf(t)
		all += w
		for _, h := range out {
			if h.sec.terms[t] > 0 {
				met += w
				break
			}
		}
	}
	if all == 0 || met/all < minCoverage {
		return nil
	}
	return out
}

// tokens splits text into lower-case, lightly stemmed words, leaving out
// stop words.
func tokens(text string) []string {
	var out []string
	prev := ""
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
	}) {
		w = strings.Trim(w, "'")
		w = strings.TrimSuffix(w, "'s")
		if prev == "level" && len(w) == 1 && w[0] >= '1' && w[0] <= '4' {
			out = append(out, "level"+w) // "Level 2" is one term
		}
		prev = w
		if len(w) < 2 || qStop()[w] {
			continue
		}
		out = append(out, stem(w))
	}
	return out
}

// stem strips common English endings so that "hits", "hitting" and "hit"
// meet.
func stem(w string) string {
	for _, suf := range []string{"ing", "ed", "es", "s"} {
		if strings.HasSuffix(w, suf) && len(w)-len(suf) >= 3 && !strings.HasSuffix(w, "ss") {
			w = w[:len(w)-len(suf)]
			if suf == "ing" || suf == "ed" {
				// "hitting" -> "hitt" -> "hit"
				if n := len(w); n >= 2 && w[n-1] == w[n-2] && !strings.ContainsRune("aeiouls", rune(w[n-1])) {
					w = w[:n-1]
				}
			}
			break
		}
	}
	return w
}

var qStop = wordSet(`a an the and or but if then than so to of in on at by for with from into onto about as is are was
were be been being am do does did doing done have has had having i me my we our you your he him his she her it its
they them their this that these those there here what which who whom whose when where why how can could should
would will shall may might must not no yes any some all each every more most other such own same too very just also
only again further once up down out off over under what's who's it's i'm i've i'd let us please tell know want
get got give go going way thing things someone something anyone anything one two`)
