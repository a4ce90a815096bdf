package guidance

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// alt is one alternative of a cue group: one word, or a phrase of adjacent
// words; stem makes the last word a prefix.
type alt struct {
	words []string
	stem  bool
}

// group is a set of alternatives; it matches where any alternative does.
// Alternatives from a cue are shared by every group that names the cue, so
// the word index holds each once.
type group []*alt

type compiledIndicator struct {
	ind       *Indicator
	lines     [][]group
	negatable bool
}

// cueCache holds each cue compiled once: indicators refer to the same few
// cues hundreds of times.
type cueCache struct {
	src  map[string][]string
	done map[string]group
}

func compileIndicator(ind *Indicator, cues *cueCache) (compiledIndicator, error) {
	ci := compiledIndicator{ind: ind, negatable: ind.Negatable == nil || *ind.Negatable}
	for li, line := range ind.Match {
		if len(line) == 0 {
			return ci, fmt.Errorf("match line %d is empty", li+1)
		}
		var groups []group
		for _, g := range line {
			cg, err := compileGroup(g, cues, 0)
			if err != nil {
				return ci, fmt.Errorf("match line %d: %v", li+1, err)
			}
			groups = append(groups, cg)
		}
		ci.lines = append(ci.lines, groups)
	}
	return ci, nil
}

func compileGroup(s string, cues *cueCache, depth int) (group, error) {
	if depth > 3 {
		return nil, fmt.Errorf("cues refer to each other too deeply")
	}
	var g group
	for _, part := range strings.Split(s, "|") {
		part = strings.TrimSpace(strings.Trim(strings.TrimSpace(part), `"'`))
		if part == "" {
			continue
		}
		if strings.HasPrefix(part, "@") {
			name := part[1:]
			if cg, ok := cues.done[name]; ok {
				g = append(g, cg...)
				continue
			}
			words, ok := cues.src[name]
			if !ok {
				return nil, fmt.Errorf("unknown cue %s", part)
			}
			var cg group
			for _, w := range words {
				sub, err := compileGroup(w, cues, depth+1)
				if err != nil {
					return nil, err
				}
				cg = append(cg, sub...)
			}
			cues.done[name] = cg
			g = append(g, cg...)
			continue
		}
		a := &alt{}
		if strings.HasSuffix(part, "*") {
			a.stem = true
			part = strings.TrimSuffix(part, "*")
		}
		a.words = words(part)
		if len(a.words) == 0 {
			return nil, fmt.Errorf("alternative %q has no words", part)
		}
		g = append(g, a)
	}
	if len(g) == 0 {
		return nil, fmt.Errorf("group %q is empty", s)
	}
	return g, nil
}

// sentence is one sentence of a concern: its text and its words.
type sentence struct {
	text   string
	words  []string
	hedged bool
}

// splitSentences breaks lower-cased text into sentences at . ! ? ; and new
// lines (not at the dot of a number or a short abbreviation).
func splitSentences(text string) []sentence {
	var out []sentence
	start := 0
	flush := func(end int) {
		if t := strings.TrimSpace(text[start:end]); t != "" {
			se := sentence{text: t, words: words(t)}
			for _, w := range se.words {
				if hedges[w] {
					se.hedged = true
					break
				}
			}
			out = append(out, se)
		}
		start = end + 1
	}
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '!', '?', ';', '\n':
			flush(i)
		case '.':
			next := byte(' ')
			if i+1 < len(text) {
				next = text[i+1]
			}
			prev := byte(' ')
			if i > 0 {
				prev = text[i-1]
			}
			if next >= '0' && next <= '9' && prev >= '0' && prev <= '9' {
				continue // 9.40am, 84.5%
			}
			if w := lastWord(text[start:i]); w == "mr" || w == "mrs" || w == "ms" || w == "dr" || w == "e.g" || w == "i.e" {
				continue
			}
			flush(i)
		}
	}
	flush(len(text))
	return out
}

func lastWord(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.LastIndexAny(s, " \t("); i >= 0 {
		s = s[i+1:]
	}
	return s
}

// words splits text into lower-case words: letters and digits, with inner
// apostrophes kept ("didn't") and a possessive 's dropped ("mum's" → mum);
// hyphens and other marks separate words.
func words(s string) []string {
	s = strings.ToLower(s)
	if strings.Contains(s, "’") {
		s = strings.ReplaceAll(s, "’", "'")
	}
	out := make([]string, 0, len(s)/5+1)
	start := -1
	emit := func(end int) {
		w := strings.Trim(s[start:end], "'")
		w = strings.TrimSuffix(w, "'s")
		if w != "" {
			out = append(out, w)
		}
		start = -1
	}
	for i := 0; i < len(s); {
		c := s[i]
		size := 1
		var isWord bool
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			isWord = true
		case c == '\'':
			isWord = start >= 0
		case c < utf8.RuneSelf:
		default:
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			isWord = unicode.IsLetter(r) || unicode.IsDigit(r)
			if r == '£' || r == '€' {
				// A currency sign is a word of its own: "£50" is "£", "50".
				if start >= 0 {
					emit(i)
				}
				out = append(out, s[i:i+size])
				i += size
				continue
			}
		}
		if isWord {
			if start < 0 {
				start = i
			}
		} else if start >= 0 {
			emit(i)
		}
		i += size
	}
	if start >= 0 {
		emit(len(s))
	}
	return out
}

var negators = map[string]bool{"no": true, "not": true, "never": true, "denies": true, "denied": true, "deny": true,
	"without": true, "none": true, "nothing": true, "nor": true, "neither": true, "nobody": true, "noone": true}

var hedges = map[string]bool{"may": true, "might": true, "possibly": true, "perhaps": true, "unsure": true,
	"rumour": true, "rumours": true, "rumoured": true, "allegedly": true, "suspect": true, "suspects": true,
	"suspected": true, "unclear": true, "unconfirmed": true, "could": true, "maybe": true, "think": true, "thinks": true}

func isNegator(w string) bool {
	return negators[w] || strings.HasSuffix(w, "n't")
}

// clauseBreaks end the reach of a negation ("dad denies it, but she says he hit her").
var clauseBreaks = map[string]bool{"but": true, "however": true, "although": true, "though": true, "yet": true, "whereas": true}

// negatedAt reports whether a negation word comes within four words before
// position p in the same clause ("did not hit", "no marks", "denies that
// dad hits him").
func negatedAt(ws []string, p int) bool {
	for k := p - 1; k >= 0 && k >= p-4; k-- {
		if clauseBreaks[ws[k]] {
			return false
		}
		if isNegator(ws[k]) {
			return true
		}
	}
	return false
}

// use is one place an alternative is used: a line and a group in it.
type use struct {
	line  int32
	group int32
}

// altEntry is an alternative in the pack's word index, with every place it
// is used.
type altEntry struct {
	alt  *alt
	uses []use
}

// lineRef is one match line of one indicator.
type lineRef struct {
	ind    int32 // index into Pack.compiled
	groups int32
}

// wordIndex finds, for a word of a concern, every alternative that can
// start there: by the whole word, and by each of its prefixes for stems.
// Matching then costs a few map look-ups per word of the concern, whatever
// the size of the pack.
type wordIndex struct {
	lines   []lineRef
	exact   map[string][]*altEntry
	stems   map[string][]*altEntry
	maxStem int
}

func buildIndex(compiled []compiledIndicator) *wordIndex {
	x := &wordIndex{exact: map[string][]*altEntry{}, stems: map[string][]*altEntry{}}
	entries := map[*alt]*altEntry{}
	for ii, ci := range compiled {
		for _, line := range ci.lines {
			li := int32(len(x.lines))
			x.lines = append(x.lines, lineRef{ind: int32(ii), groups: int32(len(line))})
			for gi, g := range line {
				for _, a := range g {
					e, ok := entries[a]
					if !ok {
						e = &altEntry{alt: a}
						entries[a] = e
						if len(a.words) == 1 && a.stem {
							x.stems[a.words[0]] = append(x.stems[a.words[0]], e)
							x.maxStem = max(x.maxStem, len(a.words[0]))
						} else {
							x.exact[a.words[0]] = append(x.exact[a.words[0]], e)
						}
					}
					e.uses = append(e.uses, use{li, int32(gi)})
				}
			}
		}
	}
	return x
}

// matchesAt reports whether a phrase alternative matches the words from i.
func (a *alt) matchesAt(ws []string, i int) bool {
	n := len(a.words)
	if i+n > len(ws) {
		return false
	}
	for j := 1; j < n; j++ {
		t, w := ws[i+j], a.words[j]
		if j == n-1 && a.stem {
			if !strings.HasPrefix(t, w) {
				return false
			}
		} else if t != w {
			return false
		}
	}
	return true
}

// lineHit is a line that matched in a sentence.
type lineHit struct {
	line   int32
	sent   int
	hedged bool
}

// scan finds, sentence by sentence, every line whose groups all match in
// one sentence without a negation, and calls f for each.
func (x *wordIndex) scan(sents []sentence, negatable func(line int32) bool, f func(lineHit)) {
	firsts := map[int32][]int32{}
	pool := make([]int32, 0, 256)
	for si, s := range sents {
		clear(firsts)
		pool = pool[:0]
		note := func(e *altEntry, i int) {
			if len(e.alt.words) > 1 && !e.alt.matchesAt(s.words, i) {
				return
			}
			for _, r := range e.uses {
				st, ok := firsts[r.line]
				if !ok {
					n := int(x.lines[r.line].groups)
					if cap(pool)-len(pool) < n {
						pool = make([]int32, 0, max(256, 2*n))
					}
					st = pool[len(pool) : len(pool)+n]
					pool = pool[:len(pool)+n]
					for k := range st {
						st[k] = -1
					}
					firsts[r.line] = st
				}
				if st[r.group] < 0 {
					st[r.group] = int32(i)
				}
			}
		}
		for i, w := range s.words {
			for _, r := range x.exact[w] {
				note(r, i)
			}
			for l := 1; l <= len(w) && l <= x.maxStem; l++ {
				for _, r := range x.stems[w[:l]] {
					note(r, i)
				}
			}
		}
		for li, st := range firsts {
			first, last := int32(-1), int32(-1)
			ok := true
			for _, p := range st {
				if p < 0 {
					ok = false
					break
				}
				if first < 0 || p < first {
					first = p
				}
				last = max(last, p)
			}
			if !ok {
				continue
			}
			if negatable(li) {
				neg := false
				for _, p := range st {
					if negatedAt(s.words, int(p)) {
						neg = true
						break
					}
				}
				if neg {
					continue
				}
			}
			f(lineHit{line: li, sent: si, hedged: s.hedged})
		}
	}
}
