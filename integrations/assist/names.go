package assist

import (
	_ "embed"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Bare names in free text. The patterns in patterns.go find a name where
// something says it is one (a label, a title, "her mum", "(aged 9)"); the
// scan here finds the rest, erring towards privacy: a word wrongly replaced
// costs the model a little meaning, a name left in is a breach.
//
//   - A given name from givennames.txt is a name wherever it is written
//     with a capital, and in lower case too unless it is also an ordinary
//     word ("grace", "will").
//   - Any other capitalised word inside a sentence is a name (a surname, a
//     nickname, a small place) unless notnames.txt lists it or it is shaped
//     like an ordinary word ("Assessment", "Bruising").
//   - At the start of a sentence, where every word has a capital, an
//     unlisted word is a name only when what follows says so: a verb of
//     saying or doing ("Tiwa told"), a possessive and a relative ("Tiwa's
//     mum"), an apposition ("Tiwa, his sister,"), or a list with a name
//     ("Tiwa and Kiera").
//   - Capitalised words side by side are one name ("Aisha Begum").
//   - A name after "in", "to", "from" and the like that is not a given name
//     is a place ([PLACE_1]): "moved to Thornbury".
//   - "Oakfield Primary", "St Mary's" are organisations.

//go:embed givennames.txt
var givenNamesText string

//go:embed notnames.txt
var notNamesText string

// nameList is the given names, lower case and sorted, with a mark for those
// that are also ordinary words.
type nameList struct {
	names []string
	word  []bool
}

// givenNameList reads givennames.txt on first use.
var givenNameList = sync.OnceValue(func() nameList {
	var l nameList
	for _, line := range strings.Split(givenNamesText, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		w := strings.TrimSuffix(line, "*")
		l.names = append(l.names, w)
		l.word = append(l.word, w != line)
	}
	return l
})

// nameClass says whether a word is a given name.
type nameClass uint8

const (
	notGiven      nameClass = iota
	givenName               // a given name and nothing else: "Jayden"
	givenNameWord           // a given name that is also an ordinary word: "Grace"
)

// lookup returns the class of w, in any case.
func (l nameList) lookup(w string) nameClass {
	k := strings.ToLower(w)
	i := sort.SearchStrings(l.names, k)
	if i < len(l.names) && l.names[i] == k {
		if l.word[i] {
			return givenNameWord
		}
		return givenName
	}
	return notGiven
}

// notNames is notnames.txt: the single words, and the phrases by their
// first word.
type notNameSet struct {
	words   map[string]bool
	phrases map[string][][]string
}

var notNames = sync.OnceValue(func() notNameSet {
	s := notNameSet{words: map[string]bool{}, phrases: map[string][][]string{}}
	for _, line := range strings.Split(notNamesText, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		if ws := strings.Fields(line); len(ws) > 1 {
			s.phrases[ws[0]] = append(s.phrases[ws[0]], ws)
			continue
		}
		s.words[line] = true
	}
	for _, ps := range s.phrases {
		sort.SliceStable(ps, func(i, j int) bool { return len(ps[i]) > len(ps[j]) })
	}
	return s
})

// phraseSpans returns where the listed phrases are in text, longest first
// at each word.
func phraseSpans(text string) [][2]int {
	ps := notNames().phrases
	ws := splitWords(text)
	var out [][2]int
	for i := 0; i < len(ws); i++ {
		for _, p := range ps[ws[i].text] {
			if i+len(p) > len(ws) {
				continue
			}
			ok := true
			for k := 1; k < len(p) && ok; k++ {
				ok = ws[i+k].text == p[k] && strings.TrimSpace(text[ws[i+k-1].hi:ws[i+k].lo]) == ""
			}
			if ok {
				out = append(out, [2]int{ws[i].lo, ws[i+len(p)-1].hi})
				i += len(p) - 1
				break
			}
		}
	}
	return out
}

// notName reports a capitalised word that is no one's name as written:
// listed in notnames.txt or among the package's other ordinary words.
func notName(w string) bool {
	return notNames().words[w] || stopWords()[w] || orgWords()[w] || titles[strings.ToLower(w)]
}

// word is one word of a text and where it is.
type word struct {
	lo, hi int
	text   string // as written
	base   string // without a possessive
	class  wordClass
	start  bool // at the start of a sentence (or a line, a quotation, a cell)
}

// wordClass is what a word may be.
type wordClass uint8

const (
	wNone        wordClass = iota // not a candidate: lower case, digits, an acronym
	wKeep                         // capitalised, but no one's name
	wAmbiguous                    // a given name and a listed ordinary word: "May", "Jordan"
	wWordName                     // a given name that is also a lower-case word: "Grace"
	wName                         // a given name: "Jayden"
	wUnknown                      // capitalised and unknown: "Okafor"
	wCapsUnknown                  // an unknown word in capitals: a name beside a name, else an acronym
	wLowerName                    // a given name written in lower case: "jayden"
)

// splitWords returns the words of text: letters and digits, with
// apostrophes and hyphens inside them.
func splitWords(text string) []word {
	var ws []word
	isIn := func(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isIn(r) {
			i += size
			continue
		}
		lo := i
		i += size
		for i < len(text) {
			r, size = utf8.DecodeRuneInString(text[i:])
			if isIn(r) {
				i += size
				continue
			}
			if r == '\'' || r == '’' || r == '-' {
				if next, _ := utf8.DecodeRuneInString(text[i+size:]); i+size < len(text) && unicode.IsLetter(next) {
					i += size
					continue
				}
			}
			break
		}
		ws = append(ws, word{lo: lo, hi: i, text: text[lo:i]})
	}
	return ws
}

// sentenceStart reports whether the text between two words (sep) starts a
// sentence for the second: after a full stop, a colon, a line break, an
// opening quotation mark or bracket, a dash or a bullet.
func sentenceStart(sep string, first bool) bool {
	if first {
		return true
	}
	if strings.ContainsAny(sep, ".!?:;\n\r\t\"“”«»[]{}|•·*–—…") {
		return true
	}
	if strings.Contains(sep, " - ") || strings.HasPrefix(sep, "- ") {
		return true
	}
	// an opening single quotation mark: " 'Poppy"
	t := strings.TrimLeft(sep, " ")
	return len(t) < len(sep) && (strings.HasPrefix(t, "'") || strings.HasPrefix(t, "‘"))
}

// classify says what w may be.
func classify(w string) wordClass {
	if w == "" || strings.ContainsAny(w, "0123456789_") {
		return wNone
	}
	first, _ := utf8.DecodeRuneInString(w)
	given := givenNameList().lookup(w)
	if given == notGiven && strings.ContainsAny(w, "-") {
		// "Lily-Mae", "Jean-Paul": a name if its first part is one and
		// every part has a capital
		parts := strings.Split(w, "-")
		capitals := true
		for _, p := range parts {
			if r, _ := utf8.DecodeRuneInString(p); !unicode.IsUpper(r) {
				capitals = false
			}
		}
		if capitals && givenNameList().lookup(parts[0]) == givenName {
			given = givenName
		}
	}
	if !unicode.IsUpper(first) {
		if given == givenName && utf8.RuneCountInString(w) >= 3 && w == strings.ToLower(w) && !notName(capitalise(w)) {
			return wLowerName
		}
		return wNone
	}
	if allCaps(w) {
		if utf8.RuneCountInString(w) < 2 {
			return wNone
		}
		if given == givenName && utf8.RuneCountInString(w) >= 3 && !notName(w) && !notName(capitalise(w)) {
			return wName
		}
		if notName(w) || notName(capitalise(w)) || given != notGiven {
			return wNone
		}
		return wCapsUnknown
	}
	if notName(w) {
		if given != notGiven {
			return wAmbiguous
		}
		return wKeep
	}
	switch given {
	case givenName:
		return wName
	case givenNameWord:
		return wWordName
	}
	if ordinaryShape(w) {
		return wKeep
	}
	return wUnknown
}

// allCaps reports a word written in capitals: "SMITH", "CAMHS".
func allCaps(w string) bool {
	n := 0
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n > 1
}

// ordinarySuffixes end words that are seldom anyone's name:
// "Assessment", "Bruising", "Emotional".
var ordinarySuffixes = []string{"ing", "ings", "tion", "tions", "sion", "sions", "ment", "ments", "ness", "ity", "ities",
	"ance", "ances", "ence", "ences", "ship", "ships", "hood", "ful", "less", "ous", "ive", "ives", "able", "ible", "ical",
	"ally", "ism", "isms", "ist", "ists", "ogy", "ise", "ised", "ize", "ized", "ional", "ural", "ated", "ened", "ied", "ies"}

// ordinaryShape reports a capitalised word shaped like an ordinary one.
func ordinaryShape(w string) bool {
	l := strings.ToLower(trimPossessive(w))
	if utf8.RuneCountInString(l) < 5 {
		return false
	}
	for _, s := range ordinarySuffixes {
		if strings.HasSuffix(l, s) {
			return true
		}
	}
	return false
}

// nameVerbs follow a name at the start of a sentence: "Tiwa told",
// "Tiwa has", "Tiwa is".
var nameVerbs = wordSet(`said says told tells tell has had have is was were are isn't wasn't hasn't hadn't haven't
won't will would wouldn't can can't could couldn't should did didn't does doesn't do don't came comes went goes
lives lived attends attended disclosed discloses reported reports hit hits punched punches kicked kicks pushed pushes
left leaves arrived arrives asked asks wants wanted became seems seemed cried cries ran runs got gets gave gives
refused refuses admitted admits explained explains showed shows mentioned mentions stated states alleged alleges
claims claimed shared shares sent sends posted posts texted texts messaged messages spoke speaks talked talks turned
turns started starts stopped stops missed misses needs needed looked looks appeared appears drew draws wrote writes
made makes took takes keeps kept tried tries denied denies hid hides hurt hurts smelled smells smelt walked walks
slept sleeps ate eats lost loves loved likes liked hates hated knows knew thinks thought felt feels heard hears saw
sees found finds grabbed grabs slapped slaps touched touches bit bites threatened threatens shouted shouts screamed
screams swore swears scratched scratches burned burns cut cuts stole steals sold sells bought buys brought brings
took sat sits stayed stays stood stands returned returns disappeared went moved moves waited waits begged begs
blamed blames hugged hugs kissed kisses laughed laughs smiled smiles shook shakes wet wets soiled vomited fainted
fell falls broke breaks ripped tore shoved strangled choked chokes raped abused abuses harms harmed groomed grooms
forced forces made called calls rang rings visited visits collected collects picked drops dropped met meets
joined joins wanted won't`)

// nameAdverbs may stand between a name and its verb: "Tiwa also said".
var nameAdverbs = wordSet(`also then later never always often now just still again recently apparently
allegedly reportedly previously initially has had is was`)

// relatives follow a name's possessive, or its apposition: "Tiwa's mum",
// "Tiwa, his sister,".
var relatives = wordSet(`mum mom mummy mother dad daddy father stepdad stepfather stepmum stepmother step-dad step-mum
brother sister sibling siblings twin grandmother grandma gran granny nan nana nanna grandfather grandad granddad
grandpa aunt auntie aunty uncle cousin partner boyfriend girlfriend husband wife carer carers guardian son daughter
baby friend friends neighbour neighbours teacher tutor coach family parents house home flat room phone bedroom
school class mate best older younger little big half-brother half-sister ex classmate`)

// placeWords come before a place: "moved to Thornbury".
var placeWords = wordSet(`in to from at near into outside around towards toward via through across visiting visit
visited hmp hmyoi yoi`)

// contextWords before a word that is both a given name and an ordinary
// word say it is the ordinary word: "in May", "a Christian", "from Jordan".
// Only words that seldom come before a person's name are here ("to",
// "from", "her" are not: "told her Jordan hit him").
var contextWords = wordSet(`a an the in of since until till before after during early late mid last next this
that every each per is are was were be being very my your into visiting`)

// nameParticles inside a run of names: "Osama bin Laden", "van der Berg".
func particle(w string) bool { return nameParticles[strings.ToLower(w)] }

// orgRE finds organisations: capitalised words before a kind of place
// ("Oakfield Primary", "Brize Meadow Primary School") or after "St"
// ("St Mary's").
var orgRE = lazy(`(?:\b(?:St|Saint)\.?[ \t]+\p{Lu}[\p{L}'’\-]*(?:[ \t]+\p{Lu}[\p{L}'’\-]*){0,3})|(?:\p{Lu}[\p{L}'’\-]*[ \t]+){1,4}(?:Primary|Secondary|Infant|Infants|Junior|Juniors|Academy|School|College|Nursery|Pre-School|Preschool|Surgery|Practice|Medical[ \t]+Centre|Health[ \t]+Centre|Children's[ \t]+Centre|Family[ \t]+Centre|Church|Mosque|Gurdwara|Temple|Synagogue|Hospital|Club|Federation|High)\b(?:[ \t]+(?:School|Academy|College|Surgery))?`)

// findOrganisations registers the organisations in text.
func (x *Redactor) findOrganisations(text string, taken *spans, rec func(lo, hi int, e *entity)) {
	for _, m := range orgRE().FindAllStringIndex(text, -1) {
		lo, hi := m[0], m[1]
		ws := splitWords(text[lo:hi])
		// drop leading ordinary words: "The Cherwell School"
		i := 0
		for i < len(ws)-1 && ws[i].text != "St" && ws[i].text != "Saint" && notName(trimPossessive(ws[i].text)) {
			i++
		}
		if i >= len(ws) {
			continue
		}
		lo += ws[i].lo
		ws = ws[i:]
		// something in it must be a name: "Secondary School" is no one's
		named := false
		for _, w := range ws[:len(ws)-1] {
			if b := trimPossessive(w.text); !notName(b) || w.text == "St" || w.text == "Saint" {
				named = true
			}
		}
		if ws[0].text == "St" || ws[0].text == "Saint" {
			named = len(ws) > 1
		}
		if !named || !boundary(text, lo, hi) || overlaps(*taken, lo, hi) {
			continue
		}
		v := text[lo:hi]
		if ws[0].text != "St" && ws[0].text != "Saint" || len(ws) > 2 {
			v = trimPossessive(v) // "Tythe Primary's DSL", not "St Mary's"
		}
		hi = lo + len(v)
		if e := x.add(KindOrganisation, v, v, true); e != nil {
			if short := trimOrgType(v); short != v && len(short) >= 4 && !notName(short) {
				x.addForm(e, short, true)
			}
			taken.claim(lo, hi)
			rec(lo, hi, e)
		}
	}
}

func overlaps(s spans, lo, hi int) bool {
	for _, sp := range s {
		if lo < sp[1] && sp[0] < hi {
			return true
		}
	}
	return false
}

// protectPhrases claims the listed phrases ("Andrew Tate", "Sierra
// Leone") so that no pattern takes them for names.
// It returns the last word of each: in the same text that word alone is
// the same public name ("why Juliet wanted to die", "Tate says").
func protectPhrases(text string, taken *spans) map[string]bool {
	var last map[string]bool
	for _, m := range phraseSpans(text) {
		taken.claim(m[0], m[1])
		ws := strings.Fields(text[m[0]:m[1]])
		if last == nil {
			last = map[string]bool{}
		}
		last[ws[len(ws)-1]] = true
	}
	return last
}

// findBareNames registers the names the patterns did not find (see the
// comment at the top of this file).
func (x *Redactor) findBareNames(text string, taken *spans, public map[string]bool, rec func(lo, hi int, e *entity)) {
	ws := splitWords(text)
	for i := range ws {
		w := &ws[i]
		w.base = trimPossessive(trimContraction(w.text))
		sep := ""
		if i > 0 {
			sep = text[ws[i-1].hi:w.lo]
		}
		w.start = sentenceStart(sep, i == 0)
		if overlaps(*taken, w.lo, w.hi) || x.knownForm(w.base) {
			continue
		}
		w.class = classify(w.base)
		if public[w.base] {
			w.class = wKeep
		}
	}
	// An unknown word that the text also writes in lower case is an
	// ordinary word: "Toothache is ..." beside "complained of toothache".
	var lower map[string]bool
	for i := range ws {
		if ws[i].class != wUnknown {
			continue
		}
		if lower == nil {
			lower = map[string]bool{}
			for _, w := range ws {
				if r, _ := utf8.DecodeRuneInString(w.text); unicode.IsLower(r) {
					lower[w.text] = true
				}
			}
		}
		if lower[strings.ToLower(ws[i].base)] {
			ws[i].class = wKeep
		}
	}
	// runs of capitalised words side by side: "Aisha Begum", "Osama bin Laden"
	type run struct{ from, to int } // ws[from:to]
	var runs []run
	joinable := func(c wordClass) bool { return c >= wAmbiguous && c != wLowerName }
	for i := 0; i < len(ws); {
		if !joinable(ws[i].class) {
			i++
			continue
		}
		j := i + 1
		for j < len(ws) {
			sep := text[ws[j-1].hi:ws[j].lo]
			if sep != " " && sep != "\t" {
				break
			}
			// capitals join capitals: "JAYDEN OKAFOR", not "HMP Bullingdon"
			caps := (ws[j-1].class == wCapsUnknown) != (ws[j].class == wCapsUnknown) && allCaps(ws[j-1].text) != allCaps(ws[j].text)
			if joinable(ws[j].class) && !ws[j].start && !possessive(ws[j-1]) && !caps {
				j++
				continue
			}
			// a surname that is also an ordinary word: "Kiera Green",
			// "Amy London"
			if ws[j].class == wKeep && !possessive(ws[j-1]) && surnameWord(ws[j].base) && nameLike(ws[j-1].class) {
				ws[j].class = wUnknown
				j++
				continue
			}
			// a particle between names
			if particle(ws[j].text) && j+1 < len(ws) && text[ws[j].hi:ws[j+1].lo] == " " && joinable(ws[j+1].class) {
				j += 2
				continue
			}
			break
		}
		runs = append(runs, run{i, j})
		i = j
	}
	kinds := make([]Kind, len(runs))
	decided := func(k int) bool { return kinds[k] != "" }
	for k, r := range runs {
		kinds[k] = x.runKind(text, ws, r.from, r.to)
		// beside a name already known: "Omid Ahmadi" once "Ahmadi" is
		if kinds[k] == "" && ws[r.from].class != wCapsUnknown && (x.nameAt(text, ws, r.from-1, r.from) || x.nameAt(text, ws, r.to, r.to-1)) {
			kinds[k] = KindPerson
		}
	}
	// "Tiwa and Kiera", "Kiera and Tiwa": a list with a name in it
	for changed := true; changed; {
		changed = false
		for k := range runs {
			if decided(k) || ws[runs[k].from].class == wCapsUnknown {
				continue
			}
			if k+1 < len(runs) && decided(k+1) && kinds[k+1] == KindPerson && listSep(text[ws[runs[k].to-1].hi:ws[runs[k+1].from].lo]) {
				kinds[k], changed = KindPerson, true
			} else if k > 0 && decided(k-1) && kinds[k-1] == KindPerson && listSep(text[ws[runs[k-1].to-1].hi:ws[runs[k].from].lo]) && !ws[runs[k].from].start {
				kinds[k], changed = KindPerson, true
			}
		}
	}
	for k, r := range runs {
		if !decided(k) {
			continue
		}
		first, last := ws[r.from], ws[r.to-1]
		lo, hi := first.lo, last.lo+len(last.base)
		if overlaps(*taken, lo, hi) {
			continue
		}
		v := text[lo:hi]
		// A name that is also an ordinary word ("May", "Mark", "Will") is
		// replaced where it was found to be a name, not wherever it is
		// written: "In May", "Mark on her arm".
		_, hadForm := x.formText[strings.ToLower(v)]
		onlyHere := r.to-r.from == 1 && (first.class == wAmbiguous || first.class == wWordName) && !hadForm
		var e *entity
		if kinds[k] == KindPlace {
			e = x.add(KindPlace, v, v, false)
		} else {
			fold := x.foldName(ws[r.from:r.to])
			e = x.addFoundName(v, fold || r.to-r.from > 1, fold)
		}
		if e != nil {
			if onlyHere {
				x.dropForm(v)
			}
			taken.claim(lo, hi)
			rec(lo, hi, e)
		}
	}
	// given names in lower case: "ask jayden"
	for _, w := range ws {
		if w.class != wLowerName || overlaps(*taken, w.lo, w.lo+len(w.base)) {
			continue
		}
		if e := x.addName(KindPerson, w.base, true); e != nil {
			taken.claim(w.lo, w.lo+len(w.base))
			rec(w.lo, w.lo+len(w.base), e)
		}
	}
}

// surnameWord reports a listed ordinary word that may be a surname after a
// given name: not a role, a day, a title or an organisation.
func surnameWord(w string) bool {
	return utf8.RuneCountInString(w) >= 2 && !stopWords()[w] && !orgWords()[w] && !titles[strings.ToLower(w)] && !allCaps(w)
}

func nameLike(c wordClass) bool { return c == wName || c == wWordName || c == wUnknown }

// addFoundName registers a name the scan found, even one made of words
// the patterns take for ordinary ones ("Christian" hit him).
func (x *Redactor) addFoundName(v string, foldWhole, foldParts bool) *entity {
	if !allStopWords(v) {
		return x.addNameFold(KindPerson, v, foldWhole, foldParts)
	}
	e := x.add(KindPerson, v, v, foldWhole)
	if e != nil {
		x.addNameParts(e, v, foldParts)
	}
	return e
}

// dropForm forgets a form, so that the text is replaced only where it was
// found.
func (x *Redactor) dropForm(text string) {
	k := strings.ToLower(text)
	f, ok := x.formText[k]
	if !ok {
		return
	}
	delete(x.formText, k)
	for i, g := range x.forms {
		if g == f {
			x.forms = append(x.forms[:i], x.forms[i+1:]...)
			break
		}
	}
	x.re, x.anchored = nil, nil
}

// nameAt reports whether ws[i], next to ws[j] with only a space between,
// is written as a known person's name.
func (x *Redactor) nameAt(text string, ws []word, i, j int) bool {
	if i < 0 || i >= len(ws) {
		return false
	}
	lo, hi := min(ws[i].hi, ws[j].hi), max(ws[i].lo, ws[j].lo)
	if text[lo:hi] != " " {
		return false
	}
	f, ok := x.formText[strings.ToLower(ws[i].base)]
	return ok && (f.fold || f.text == ws[i].base) && kindClass(f.ent.kind) == "name"
}

// knownForm reports a word the Redactor already replaces as written.
func (x *Redactor) knownForm(w string) bool {
	f, ok := x.formText[strings.ToLower(w)]
	return ok && (f.fold || f.text == w)
}

// foldName says whether a name found in the text is replaced in any case
// too: only names made of given names.
func (x *Redactor) foldName(ws []word) bool {
	for _, w := range ws {
		if w.class != wName && !particle(w.text) {
			return false
		}
	}
	return true
}

// possessive reports a word with a possessive: "Tiwa's".
func possessive(w word) bool { return len(w.base) < len(w.text) && trimContraction(w.text) == w.text }

// trimContraction drops a contracted verb: "I'm", "We've", "Didn't".
func trimContraction(w string) string {
	for _, suf := range []string{"'m", "’m", "'ll", "’ll", "'ve", "’ve", "'re", "’re", "'d", "’d", "n't", "n’t"} {
		if len(w) > len(suf) && strings.HasSuffix(strings.ToLower(w), suf) {
			return w[:len(w)-len(suf)]
		}
	}
	return w
}

// listSep is what joins names in a list: " and ", " & ", ", ".
func listSep(sep string) bool {
	s := strings.TrimSpace(sep)
	return s == "and" || s == "&" || s == "," || s == "or"
}

// runKind decides what the words ws[from:to], side by side, are: a person,
// a place, or nothing ("").
func (x *Redactor) runKind(text string, ws []word, from, to int) Kind {
	var hasName, hasWordName, hasUnknown, allAmbiguous, allCaps = false, false, false, true, true
	for _, w := range ws[from:to] {
		switch w.class {
		case wName:
			hasName = true
		case wWordName:
			hasWordName = true
		case wUnknown:
			hasUnknown = true
		}
		if w.class != wAmbiguous && !particle(w.text) {
			allAmbiguous = false
		}
		if w.class != wCapsUnknown && !particle(w.text) {
			allCaps = false
		}
	}
	first, last := ws[from], ws[to-1]
	prev, next := "", ""
	if from > 0 {
		prev = strings.ToLower(ws[from-1].text)
	}
	if to < len(ws) {
		next = ws[to].text
	}
	if hasName {
		return KindPerson
	}
	if allCaps {
		return "" // an acronym, or a heading in capitals
	}
	if !first.start {
		if allAmbiguous {
			// "in May", "a Christian", "from Jordan" are not names; "told
			// Jordan" is
			if contextWords()[prev] || isNumber(prev) || isNumber(next) || placeContext(ws, from) {
				return ""
			}
			return KindPerson
		}
		if prev == "the" && from >= 2 && (placeWords()[strings.ToLower(ws[from-2].text)] || strings.EqualFold(ws[from-2].text, "on")) {
			prev = "in" // "lived on the Leys", "at the Cowley"
		}
		if placeWords()[prev] && !hasWordName && !possessive(last) && !relativeAfter(text, ws, to) {
			return KindPlace
		}
		return KindPerson
	}
	// at the start of a sentence every word has a capital: a name only
	// where what follows says so
	if !hasUnknown && !hasWordName && !allAmbiguous {
		return ""
	}
	if nameFollows(text, ws, to) {
		return KindPerson
	}
	return ""
}

// placeContext reports "to" or "from" before ws[from] that go with a
// place: "moved to Jordan", "Mum (from India)", not "a message from
// Jordan" or "said to Will".
func placeContext(ws []word, from int) bool {
	if from < 1 {
		return false
	}
	prep := strings.ToLower(ws[from-1].text)
	before := ""
	if from >= 2 {
		before = strings.ToLower(ws[from-2].text)
	}
	switch prep {
	case "from":
		return !messageWords()[before]
	case "to":
		return travelWords()[before]
	}
	return false
}

// messageWords come before "from" and a person: "a message from Will".
var messageWords = wordSet(`message messages text texts call calls email emails letter letters note notes heard hear
hears gift gifts present presents picture pictures photo photos snap snaps dm dms request requests money help visit
visits post posts comment comments video videos`)

// travelWords come before "to" and a place: "moved to Jordan".
var travelWords = wordSet(`moved move moving went go goes going gone travelled traveled travelling flew fly flying
taken take taking trip holiday holidays back returned return returning sent emigrated relocated deported`)

func isNumber(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// nameFollows reports whether the words after ws[:to] say that the words
// before them are a name: a verb ("said", "also told"), a possessive and a
// relative ("'s mum"), an apposition (", his sister,") or an age ("(13)").
func nameFollows(text string, ws []word, to int) bool {
	last := ws[to-1]
	if possessive(last) {
		if to < len(ws) && text[last.hi:ws[to].lo] == " " {
			n := strings.ToLower(ws[to].text)
			return relatives()[n] || n == "been" || n == "got" || n == "gone" || n == "not" || n == "never" || n == "always" || n == "very" || n == "really" || n == "still" || n == "just"
		}
		return false
	}
	if relativeAfter(text, ws, to) {
		return true
	}
	if to >= len(ws) {
		return false
	}
	sep := text[last.hi:ws[to].lo]
	if strings.TrimSpace(sep) == "," && isNumber(ws[to].text) && len(ws[to].text) <= 2 {
		return true // "Deano, 17, picks her up"
	}
	if sep == " " && familyWords()[strings.ToLower(ws[to].text)] {
		return true // "Nguyen family:", "Okafor twins"
	}
	if strings.Contains(sep, "\t") || strings.Contains(sep, "|") {
		// a table's name cell before a relationship: "Omid\tbrother"
		return relatives()[strings.ToLower(ws[to].text)] || relationships()[strings.ToLower(ws[to].text)]
	}
	if strings.HasPrefix(strings.TrimLeft(sep, " "), "(") {
		if isNumber(ws[to].text) || strings.EqualFold(ws[to].text, "aged") || strings.EqualFold(ws[to].text, "age") {
			return true
		}
		// "Omid (Year 2) is doing well": the words after the brackets
		end := strings.IndexByte(text[last.hi:], ')')
		if end < 0 || end > 40 {
			return false
		}
		end += last.hi + 1
		k := to
		for k < len(ws) && ws[k].lo < end {
			k++
		}
		if k >= len(ws) || strings.TrimSpace(text[end:ws[k].lo]) != "" {
			return false
		}
		return verbAt(text, ws, k)
	}
	if strings.TrimSpace(sep) != "" {
		return false
	}
	return verbAt(text, ws, to)
}

// verbAt reports a verb of saying or doing at ws[from], perhaps after an
// adverb or two: "told", "also said", "has then".
func verbAt(text string, ws []word, from int) bool {
	for k := from; k < len(ws) && k < from+3; k++ {
		n := strings.ToLower(ws[k].text)
		if k > from && strings.TrimSpace(text[ws[k-1].hi:ws[k].lo]) != "" {
			return false
		}
		if nameVerbs()[n] {
			return true
		}
		if !nameAdverbs()[n] {
			return false
		}
	}
	return false
}

// familyWords follow a surname: "the Okafor family".
var familyWords = wordSet(`family families household twins siblings children kids brothers sisters boys girls`)

// relationships name a household member's relation in a table cell.
var relationships = wordSet(`mother father stepfather stepmother brother sister half-brother half-sister stepbrother
stepsister grandmother grandfather aunt uncle cousin son daughter partner carer guardian lodger`)

// relativeAfter reports an apposition after ws[:to]: "Tiwa, his sister,".
func relativeAfter(text string, ws []word, to int) bool {
	if to+1 >= len(ws) {
		return false
	}
	sep := strings.TrimSpace(text[ws[to-1].hi:ws[to].lo])
	if sep != "," && sep != "(" && sep != "-" && sep != "–" {
		return false
	}
	det := strings.ToLower(ws[to].text)
	if det != "his" && det != "her" && det != "their" && det != "my" && det != "our" && det != "your" && det != "the" && det != "a" {
		return false
	}
	for k := to + 1; k < len(ws) && k < to+3; k++ {
		if relatives()[strings.ToLower(ws[k].text)] {
			return true
		}
	}
	return false
}
