package guidance

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// How a pack's match lines are compiled and matched. FORMAT.md ("Matching")
// is the pack author's account of the same rules; keep them in step.

// alt is one alternative of a group: a word, a phrase of adjacent words, or
// a proximity phrase (words, then parts that may have words between them).
type alt struct {
	phrase string  // the (first) word or phrase: lower-case words, one space apart
	px     *altExt // what few alternatives need (kept apart: the index walks many alternatives)
	n      int32   // the number of words in phrase
	set    int32   // the set it belongs to (a cue, or one group of one line)
	unless int32   // the exclusion of the cue it was listed in, or 0
	first  uint16  // the length of its first word (at most maxWordLen)
	stem   bool    // the last word is a prefix (hit* matches hitting)
}

// maxWordLen is the longest word a match line may hold: an alternative is
// 40 bytes, not 48, and a pack has tens of thousands.
const maxWordLen = 1000

// altExt holds what only some alternatives have.
type altExt struct {
	// A proximity phrase that starts with a large set ("@carer ~3 hit*")
	// is one alternative whose first part is the set (start), found by
	// each of its first words (start.keys), rather than one per member.
	start *part
	next  []*part // further parts of a proximity phrase, in order
	order []int8  // the later parts, in the order possible checks them
	pid   int32   // the proximity phrase's number, for possible's cache
	more  []int32 // further sets holding the same word or phrase (merged in the index)
}

// rest is the later parts of a proximity phrase (none for a word or phrase).
func (a *alt) rest() []*part {
	if a.px == nil {
		return nil
	}
	return a.px.next
}

// startPart is the set a proximity phrase starts with, or nil.
func (a *alt) startPart() *part {
	if a.px == nil {
		return nil
	}
	return a.px.start
}

// ext returns a's altExt, making it if needed.
func (a *alt) ext() *altExt {
	if a.px == nil {
		a.px = &altExt{}
	}
	return a.px
}

// akey is a word by which the index finds an alternative: a whole word, or
// the prefix of a one-word stem.
type akey struct {
	w    string
	stem bool
}

// firstWord is the first word of the phrase, by which the index finds it.
func (a *alt) firstWord() string { return a.phrase[:a.first] }

// keyList is the words by which the index finds the alternative (buf
// holds the one key of a plain alternative, so that this allocates nothing).
func (a *alt) keyList(buf *[1]akey) []akey {
	if st := a.startPart(); st != nil {
		return st.keys
	}
	buf[0] = akey{a.firstWord(), a.n == 1 && a.stem}
	return buf[:]
}

// keysOf is the distinct keys of a set of alternatives.
func keysOf(alts []*alt) []akey {
	var out []akey
	var seen map[akey]bool
	if len(alts) > 16 {
		seen = make(map[akey]bool, len(alts))
	}
	var kb [1]akey
	for _, a := range alts {
		for _, k := range a.keyList(&kb) {
			if seen != nil {
				if !seen[k] {
					seen[k] = true
					out = append(out, k)
				}
			} else if !slices.Contains(out, k) {
				out = append(out, k)
			}
		}
	}
	return out
}

// part is a later part of a proximity phrase: any of alts, starting at most
// gap words after the previous part ends (or, if anyOrder, ending at most
// gap words before it starts).
type part struct {
	alts      []*alt
	gap       int
	anyOrder  bool
	maxLen    int      // the most words one of alts can span
	barrier   *barrier // words that may not lie between this part and the one before (~N!@cue)
	byWord    *partIndex
	id        int32   // the part's number in the pack (copies keep it)
	keys      []akey  // the words its alternatives can start with (to compile: not in a precompiled index)
	keyIDs    []int32 // their numbers in the index
	sortedIDs []int32 // the same, sorted
}

// partIndex finds the alternatives of a large part by the word they start
// with, so that a part made of a big cue costs a look-up per position, not
// a try per alternative.
type partIndex struct {
	exact   map[string][]*alt
	stems   map[string][]*alt // one-word stems, by their prefix
	maxStem int
	// A part index read from a precompiled index is filled in from src
	// when first used (words): a concern uses few of a pack's part indexes.
	src  *piSource
	at   int // where it is in src.blob
	once sync.Once
}

// words returns pi, filled in.
func (pi *partIndex) words() *partIndex {
	if pi.src != nil {
		pi.once.Do(pi.fill)
	}
	return pi
}

// indexPartsFrom is the size from which a part's alternatives are indexed.
const indexPartsFrom = 16

func newPartIndex(alts []*alt) *partIndex {
	// Count first, then carve every key's list out of one array.
	var kb [1]akey
	count := make(map[akey]int32, len(alts))
	total := 0
	for _, a := range alts {
		for _, k := range a.keyList(&kb) {
			count[k]++
			total++
		}
	}
	x := &partIndex{exact: make(map[string][]*alt, len(count))}
	backing := make([]*alt, 0, total)
	for _, a := range alts {
		for _, k := range a.keyList(&kb) {
			m := x.exact
			if k.stem {
				if x.stems == nil {
					x.stems = map[string][]*alt{}
				}
				m = x.stems
				x.maxStem = max(x.maxStem, len(k.w))
			}
			l, ok := m[k.w]
			if !ok {
				n := int(count[k])
				l = backing[len(backing) : len(backing) : len(backing)+n]
				backing = backing[:len(backing)+n]
			}
			m[k.w] = append(l, a)
		}
	}
	return x
}

// has reports whether one of the part's alternatives starts at word i.
func (p *part) has(ws []string, i int) bool {
	if p.byWord == nil {
		for _, b := range p.alts {
			if b.phraseAt(ws, i) {
				return true
			}
		}
		return false
	}
	w, pi := ws[i], p.byWord.words()
	for _, b := range pi.exact[w] {
		if b.phraseAt(ws, i) {
			return true
		}
	}
	for l := 1; l <= len(w) && l <= pi.maxStem; l++ {
		if len(pi.stems[w[:l]]) > 0 {
			return true
		}
	}
	return false
}

// try calls fn for each alternative of the part whose words start at word
// j, until fn returns true.
func (sc *scanner) try(p *part, j int, fn func(b *alt) bool) bool {
	ws := sc.s.words
	if p.keyIDs != nil && !sc.keyAt(p.sortedIDs, j) {
		return false // no word of the part starts here
	}
	if p.byWord == nil {
		for _, b := range p.alts {
			if b.phraseAt(ws, j) && fn(b) {
				return true
			}
		}
		return false
	}
	w, pi := ws[j], p.byWord.words()
	for _, b := range pi.exact[w] {
		if b.phraseAt(ws, j) && fn(b) {
			return true
		}
	}
	for l := 1; l <= len(w) && l <= pi.maxStem; l++ {
		for _, b := range pi.stems[w[:l]] {
			if fn(b) {
				return true
			}
		}
	}
	return false
}

// keyAt reports whether one of the keys ids (sorted) starts at word j.
func (sc *scanner) keyAt(ids []int32, j int) bool {
	for k := sc.wkeyOff[j]; k < sc.wkeyOff[j+1]; k++ {
		if _, ok := slices.BinarySearch(ids, sc.wkeys[k]); ok {
			return true
		}
	}
	return false
}

// barrier is the words of a cue that a proximity gap may not cross
// ("@staff ~8!@other_person @harm": no other person named between the
// adult and the act), looked up by their first word.
type barrier struct {
	exact map[string][]*alt
	stems []*alt
}

// slot is what the index holds for a word (or a stem's prefix): the head
// of the chain of alternatives that start with it, and the number of the
// key it is for later parts and exclusions (0: none), which a sentence
// marks as present when it has the word.
type slot struct {
	head int32
	key  int32
}

// set is the alternatives of a cue, or those written out in one group of
// one line. A match of any of them counts for every (line, group) that names
// the set, so a cue used by many lines is held and looked up once.
type set struct {
	alts []*alt
	uses []use
}

// use is one place a set is used: a line and a group in it.
type use struct {
	line  int32
	group int32
}

// lineRef is one match line of one indicator.
type lineRef struct {
	ind       int32 // index into Pack.compiled
	groups    int32
	negatable bool
	window    uint8 // the groups may be spread over this many sentences
	unless    int32 // the indicator's exclusion, or 0
}

// maxWindow bounds an indicator's `sentences`.
const maxWindow = 5

// wordIndex finds, for a word of a concern, every alternative that can
// start there: by the whole word, and by each of its prefixes for stems.
// Matching then costs a few map look-ups per word of the concern, whatever
// the size of the pack.
type wordIndex struct {
	lines []lineRef
	sets  []set
	// exact and stems map a word (for stems, a prefix) to the alternatives
	// that start with it, as a chain through alts: 1 + the index of the
	// last one, whose prev is 1 + the index of the one before, and so on to
	// 0. One flat chain costs far less to build than a list per word. Their
	// numbers are a slot's: the head of the chain, and the key.
	exact   wordTable
	stems   wordTable
	pairs   wordTable // phrases, by their first two words ("first second"): the head of a chain
	alts    []*alt
	prev    []int32
	maxStem int
	// The alternatives of every exclusion group, looked up the same way;
	// an exclusion (an indicator's `unless`, a cue's `cue_unless`) is a set
	// of groups, so that a group used by many indicators is sought once.
	groups    []*partIndex // exclusion group id -> its alternatives by first word (id 0: none)
	exclSets  [][]int32    // exclusion id -> its groups (id 0: none)
	scanners  sync.Pool    // *scanner, reused between concerns
	nparts    int32        // the later parts of proximity phrases, numbered
	nprox     int32        // the proximity phrases, numbered
	nkeys     int32        // the keys of later parts and exclusion groups, numbered
	groupKeys [][]int32    // exclusion group id -> the numbers of its keys
	pis       []partIndex  // an index read from a file: its part indexes (see partIndex.src)
}

type compiledIndicator struct {
	ind       *Indicator
	negatable bool
}

// compiler turns match lines, cues and exclusions into a wordIndex.
type compiler struct {
	x        *wordIndex
	cues     map[string][]string
	unless   map[string][]string // cue_unless
	cueSets  map[string][]int32  // the sets a compiled cue adds to a group
	cueAlts  map[string][]*alt   // its alternatives, for use inside proximity phrases
	cueErr   map[string]error
	busy     map[string]bool
	barriers map[string]*barrier
	slab     []alt
	groupIDs map[string]int32  // exclusion group text -> its id
	keyIDs   map[akey]int32    // the keys of later parts and exclusion groups, numbered from 1
	shared   map[partKey]part  // parts by their alternatives, to share what is worked out from them
	brackets map[string][]*alt // the alternatives of each ( | ) set, by its text
	setIDs   map[string]int32  // a set of group ids -> exclusion id
	longWord string            // the start of a word longer than maxWordLen, if any
}

func newCompiler(cues, unless map[string][]string, indicators int) *compiler {
	return &compiler{
		x: &wordIndex{lines: make([]lineRef, 0, 2*indicators), sets: make([]set, 0, 4*indicators),
			groups: []*partIndex{nil}, exclSets: [][]int32{nil}, groupKeys: [][]int32{nil}},
		groupIDs: map[string]int32{}, setIDs: map[string]int32{}, keyIDs: map[akey]int32{}, shared: map[partKey]part{}, brackets: map[string][]*alt{},
		cues: cues, unless: unless, cueSets: map[string][]int32{}, cueAlts: map[string][]*alt{},
		cueErr: map[string]error{}, busy: map[string]bool{}, barriers: map[string]*barrier{},
	}
}

// newAlt allocates alternatives in blocks: a pack has thousands.
func (c *compiler) newAlt(phrase string, n int, stem bool) *alt {
	if len(c.slab) == cap(c.slab) {
		c.slab = make([]alt, 0, 1024)
	}
	first := len(phrase)
	if i := strings.IndexByte(phrase, ' '); i >= 0 {
		first = i
	}
	if first > maxWordLen && c.longWord == "" {
		c.longWord = phrase[:40]
	}
	c.slab = append(c.slab, alt{phrase: phrase, n: int32(n), first: uint16(min(first, maxWordLen)), stem: stem, set: -1})
	return &c.slab[len(c.slab)-1]
}

func (c *compiler) newSet() int32 {
	c.x.sets = append(c.x.sets, set{})
	return int32(len(c.x.sets) - 1)
}

// indicator compiles an indicator's lines and exclusion; ii is its index in
// Pack.compiled. Nothing is added to the index when it fails.
func (c *compiler) indicator(ii int32, ind *Indicator) error {
	var excl int32
	if len(ind.Unless) > 0 {
		id, err := c.exclusion(ind.Unless)
		if err != nil {
			return fmt.Errorf("unless: %v", err)
		}
		excl = id
	}
	lines := make([][][]int32, 0, len(ind.Match))
	for li, line := range ind.Match {
		if len(line) == 0 {
			return fmt.Errorf("match line %d is empty", li+1)
		}
		groups := make([][]int32, 0, len(line))
		for _, g := range line {
			sets, err := c.group(g)
			if err != nil {
				return fmt.Errorf("match line %d: %v", li+1, err)
			}
			groups = append(groups, sets)
		}
		lines = append(lines, groups)
	}
	negatable := ind.Negatable == nil || *ind.Negatable
	window := uint8(min(max(ind.Sentences, 1), maxWindow))
	for _, groups := range lines {
		li := int32(len(c.x.lines))
		c.x.lines = append(c.x.lines, lineRef{ind: ii, groups: int32(len(groups)), negatable: negatable, window: window, unless: excl})
		for gi, sets := range groups {
			for _, s := range sets {
				c.x.sets[s].uses = append(c.x.sets[s].uses, use{li, int32(gi)})
			}
		}
	}
	return nil
}

// group compiles one group of a line: the sets of the cues it names, and a
// set of its own for the alternatives written out.
func (c *compiler) group(g string) ([]int32, error) {
	var ids []int32
	own := int32(-1)
	for i := 0; i < len(g); {
		var src string
		if src, i = nextAlternative(g, i); src == "" {
			continue
		}
		if name, ok := cueRef(src); ok {
			sets, err := c.cue(name)
			if err != nil {
				return nil, err
			}
			ids = append(ids, sets...)
			continue
		}
		if own < 0 {
			own = c.newSet()
			c.x.sets[own].alts = make([]*alt, 0, strings.Count(g, "|")+1)
			ids = append(ids, own)
		}
		s := &c.x.sets[own]
		n := len(s.alts)
		var err error
		if s.alts, err = c.alternative(src, s.alts); err != nil {
			return nil, err
		}
		for _, a := range s.alts[n:] {
			a.set = own
		}
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("group %q is empty", g)
	}
	return ids, nil
}

// cue compiles a cue once and returns its sets.
func (c *compiler) cue(name string) ([]int32, error) {
	if ids, ok := c.cueSets[name]; ok {
		return ids, nil
	}
	if err, ok := c.cueErr[name]; ok {
		return nil, err
	}
	err := c.compileCue(name)
	if err != nil {
		c.cueErr[name] = err
		return nil, err
	}
	return c.cueSets[name], nil
}

func (c *compiler) compileCue(name string) error {
	cueWords, ok := c.cues[name]
	if !ok {
		return fmt.Errorf("unknown cue @%s", name)
	}
	if c.busy[name] {
		return fmt.Errorf("cue @%s names itself", name)
	}
	c.busy[name] = true
	defer delete(c.busy, name)
	var excl int32
	if u := c.unless[name]; len(u) > 0 {
		id, err := c.exclusion(u)
		if err != nil {
			return fmt.Errorf("cue_unless %s: %v", name, err)
		}
		excl = id
	}
	own := c.newSet()
	c.x.sets[own].alts = make([]*alt, 0, len(cueWords))
	ids := []int32{own}
	var all []*alt
	for _, w := range cueWords {
		for i := 0; i < len(w); {
			var src string
			if src, i = nextAlternative(w, i); src == "" {
				continue
			}
			if sub, ok := cueRef(src); ok {
				sets, err := c.cue(sub)
				if err != nil {
					return err
				}
				for _, s := range sets {
					if !containsID(ids, s) {
						ids = append(ids, s)
					}
				}
				all = append(all, c.cueAlts[sub]...)
				continue
			}
			s := &c.x.sets[own]
			n := len(s.alts)
			var err error
			if s.alts, err = c.alternative(src, s.alts); err != nil {
				return fmt.Errorf("cue %s: %v", name, err)
			}
			for _, a := range s.alts[n:] {
				a.set = own
				if excl != 0 {
					a.unless = excl
				}
			}
		}
	}
	if len(ids) == 1 {
		all = c.x.sets[own].alts
	} else {
		all = append(all, c.x.sets[own].alts...)
	}
	c.cueSets[name], c.cueAlts[name] = ids, all
	return nil
}

func containsID(ids []int32, id int32) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// exclusion compiles an `unless` list and returns its id. Each distinct
// group is compiled once, and the same set of groups has the same id.
func (c *compiler) exclusion(groups []string) (int32, error) {
	var gids []int32
	for _, g := range groups {
		gid, err := c.exclusionGroup(g)
		if err != nil {
			return 0, err
		}
		if !containsID(gids, gid) {
			gids = append(gids, gid)
		}
	}
	slices.Sort(gids)
	key := fmt.Sprint(gids)
	if id, ok := c.setIDs[key]; ok {
		return id, nil
	}
	c.x.exclSets = append(c.x.exclSets, gids)
	id := int32(len(c.x.exclSets) - 1)
	c.setIDs[key] = id
	return id, nil
}

// exclusionGroup compiles one group of an exclusion, once, and returns its id.
func (c *compiler) exclusionGroup(g string) (int32, error) {
	if gid, ok := c.groupIDs[g]; ok {
		return gid, nil
	}
	var all []*alt
	n := 0
	for i := 0; i < len(g); {
		var src string
		if src, i = nextAlternative(g, i); src == "" {
			continue
		}
		var alts []*alt
		if name, ok := cueRef(src); ok {
			if _, err := c.cue(name); err != nil {
				return 0, err
			}
			alts = c.cueAlts[name]
		} else {
			var err error
			if alts, err = c.alternative(src, nil); err != nil {
				return 0, err
			}
		}
		all = append(all, alts...)
		n++
	}
	if n == 0 {
		return 0, fmt.Errorf("group %q is empty", g)
	}
	c.x.groups = append(c.x.groups, newPartIndex(all))
	ids := c.keyNumbers(keysOf(all))
	slices.Sort(ids) // sorted: a word is tested against them by binary search
	c.x.groupKeys = append(c.x.groupKeys, ids)
	gid := int32(len(c.x.groups) - 1)
	c.groupIDs[g] = gid
	return gid, nil
}

// index builds the word index over every set that a line uses.
func (c *compiler) index() *wordIndex {
	x := c.x
	n := 0
	for i := range x.sets {
		if len(x.sets[i].uses) > 0 {
			n += len(x.sets[i].alts)
		}
	}
	exact := make(map[string]slot, n/4)
	pairs := make(map[string]int32, n/4)
	stems := make(map[string]slot, n/32)
	x.alts = make([]*alt, 0, n)
	x.prev = make([]int32, 0, n)
	// The same plain word or phrase in several sets is indexed once, and
	// its match counts for each set.
	same := make(map[string]*alt, n/8)
	var kb [1]akey
	for i := range x.sets {
		s := &x.sets[i]
		if len(s.uses) == 0 {
			continue
		}
		for _, a := range s.alts {
			if a.n > 1 && len(a.rest()) == 0 && a.startPart() == nil && a.set == int32(i) {
				if c, ok := same[a.phrase]; ok && c.stem == a.stem && c.unless == a.unless {
					if c != a && (c.px == nil || !containsID(c.px.more, int32(i))) {
						c.ext().more = append(c.ext().more, int32(i))
					}
					continue
				} else if !ok {
					same[a.phrase] = a
				}
			}
			if a.n > 1 && a.startPart() == nil && !(a.n == 2 && a.stem) {
				// a phrase is found by its first two words
				w1, rest, _ := strings.Cut(a.phrase, " ")
				w2, _, _ := strings.Cut(rest, " ")
				key := w1 + " " + w2
				x.alts = append(x.alts, a)
				x.prev = append(x.prev, pairs[key])
				pairs[key] = int32(len(x.alts))
				continue
			}
			for _, k := range a.keyList(&kb) {
				m := exact
				if k.stem {
					m = stems
					x.maxStem = max(x.maxStem, len(k.w))
				}
				x.alts = append(x.alts, a)
				sl := m[k.w]
				x.prev = append(x.prev, sl.head)
				sl.head = int32(len(x.alts))
				m[k.w] = sl
			}
		}
	}
	// The keys of later parts and exclusion groups: a sentence marks those
	// it holds as it is read.
	for k, id := range c.keyIDs {
		m := exact
		if k.stem {
			m = stems
			x.maxStem = max(x.maxStem, len(k.w))
		}
		sl := m[k.w]
		sl.key = id
		m[k.w] = sl
	}
	x.nkeys = int32(len(c.keyIDs))
	x.exact, x.stems = slotTable(exact), slotTable(stems)
	x.pairs = newWordTable(slices.Collect(maps.Keys(pairs)), func(k string) (uint32, uint32) { return uint32(pairs[k]), 0 })
	return x
}

// slotTable is a table of slots by word.
func slotTable(m map[string]slot) wordTable {
	return newWordTable(slices.Collect(maps.Keys(m)), func(k string) (uint32, uint32) {
		return uint32(m[k].head), uint32(m[k].key)
	})
}

// fillPart works out a part's index and keys, and numbers it. Parts made
// of the same alternatives (the same cue) share them, and their number.
func (c *compiler) fillPart(p *part) {
	pk := partKey{n: len(p.alts)}
	if len(p.alts) > 0 {
		pk.first, pk.last = p.alts[0], p.alts[len(p.alts)-1]
	}
	if sh, ok := c.shared[pk]; ok && slices.Equal(sh.alts, p.alts) {
		p.byWord, p.id, p.keys, p.keyIDs, p.sortedIDs = sh.byWord, sh.id, sh.keys, sh.keyIDs, sh.sortedIDs
		return
	}
	if len(p.alts) >= indexPartsFrom {
		p.byWord = newPartIndex(p.alts)
	}
	p.id, p.keys = c.x.nparts, keysOf(p.alts)
	p.keyIDs = c.keyNumbers(p.keys)
	p.sortedIDs = slices.Clone(p.keyIDs)
	slices.Sort(p.sortedIDs)
	c.x.nparts++
	if len(p.alts) >= indexPartsFrom {
		c.shared[pk] = *p
	}
}

// proxID numbers a proximity phrase.
func (c *compiler) proxID() int32 {
	c.x.nprox++
	return c.x.nprox - 1
}

// partKey tells parts made of the same slice of alternatives (a cue's).
type partKey struct {
	n           int
	first, last *alt
}

// keyNumbers numbers keys for the index (the same key, the same number).
func (c *compiler) keyNumbers(keys []akey) []int32 {
	out := make([]int32, len(keys))
	for i, k := range keys {
		id, ok := c.keyIDs[k]
		if !ok {
			id = int32(len(c.keyIDs) + 1)
			c.keyIDs[k] = id
		}
		out[i] = id
	}
	return out
}

// nextAlternative returns the alternative of group g that starts at byte i
// (alternatives are split at the | not inside brackets) with spaces and
// quotes trimmed, and where the next one starts. Loop with
//
//	for i := 0; i < len(g); { src, i = nextAlternative(g, i); ... }
func nextAlternative(g string, i int) (string, int) {
	if k := strings.IndexByte(g[i:], '|'); k < 0 || strings.IndexByte(g[i:i+k], '(') < 0 {
		if k < 0 { // the last one; brackets are checked when it is compiled
			return trimAlternative(g[i:]), len(g)
		}
		return trimAlternative(g[i : i+k]), i + k + 1
	}
	depth, j := 0, i
	for ; j < len(g); j++ {
		switch g[j] {
		case '(':
			depth++
		case ')':
			depth--
		case '|':
			if depth == 0 {
				return trimAlternative(g[i:j]), j + 1
			}
		}
	}
	return trimAlternative(g[i:]), j
}

func trimAlternative(s string) string {
	i, j := 0, len(s)
	for i < j && isTrimByte(s[i]) {
		i++
	}
	for j > i && isTrimByte(s[j-1]) {
		j--
	}
	return s[i:j]
}

func isTrimByte(b byte) bool {
	return b == ' ' || b == '"' || b == '\'' || b == '\t' || b == '\n' || b == '\r'
}

// cueRef reports whether an alternative is just @name.
func cueRef(s string) (string, bool) {
	if len(s) < 2 || s[0] != '@' {
		return "", false
	}
	for i := 1; i < len(s); i++ {
		if !isNameByte(s[i]) {
			return "", false
		}
	}
	return s[1:], true
}

func isNameByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_' || b == '-'
}

// token is one step of an alternative: a word or phrase, or a set ((a|b)
// or @cue), with the gap allowed before it.
type token struct {
	words    []string
	stem     bool
	set      []*alt
	isSet    bool
	gap      int
	anyOrder bool
	barrier  *barrier
}

// maxGap bounds ~N: a proximity phrase is for words near each other.
const maxGap = 20

// alternative compiles one alternative and appends it to out. A word or
// phrase gives one alt; a proximity phrase gives one alt per way it can
// start (a set in first place is expanded), each carrying the later parts.
func (c *compiler) alternative(src string, out []*alt) ([]*alt, error) {
	// Plain words and phrases are most of a pack: no tokens needed.
	if plainAlternative(src) {
		stem := strings.HasSuffix(src, "*")
		phrase, n := phraseOf(strings.TrimSuffix(src, "*"))
		if n == 0 {
			return out, fmt.Errorf("alternative %q has no words", src)
		}
		return append(out, c.newAlt(phrase, n, stem)), nil
	}
	var toks []token
	gapNext, anyNext, pendingGap := 0, false, false
	var barNext *barrier
	push := func(t token) {
		t.gap, t.anyOrder, t.barrier = gapNext, anyNext, barNext
		gapNext, anyNext, pendingGap, barNext = 0, false, false, nil
		// adjacent words join one phrase, unless a stem comes first
		if n := len(toks); n > 0 && !t.isSet && t.gap == 0 && !t.anyOrder && t.barrier == nil && !toks[n-1].isSet && !toks[n-1].stem {
			toks[n-1].words = append(toks[n-1].words, t.words...)
			toks[n-1].stem = t.stem
			return
		}
		toks = append(toks, t)
	}
	for i := 0; i < len(src); {
		switch ch := src[i]; {
		case ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r':
			i++
		case ch == '(':
			depth, j := 0, i
			for ; j < len(src); j++ {
				if src[j] == '(' {
					depth++
				} else if src[j] == ')' {
					if depth--; depth == 0 {
						break
					}
				}
			}
			if j == len(src) {
				return out, fmt.Errorf("alternative %q: ( without )", src)
			}
			inner := src[i+1 : j]
			members, seen := c.brackets[inner] // the same set written again: compiled once
			if !seen {
				members = make([]*alt, 0, strings.Count(inner, "|")+1)
			}
			for k := 0; !seen && k < len(inner); {
				var m string
				if m, k = nextAlternative(inner, k); m == "" {
					continue
				}
				if _, isCue := cueRef(m); isCue || strings.HasPrefix(m, "@") {
					ms, err := c.member(m)
					if err != nil {
						return out, err
					}
					members = append(members, ms...)
					continue
				}
				var err error
				if members, err = c.alternative(m, members); err != nil {
					return out, err
				}
			}
			if len(members) == 0 {
				return out, fmt.Errorf("alternative %q: () is empty", src)
			}
			c.brackets[inner] = members
			push(token{set: members, isSet: true})
			i = j + 1
		case ch == ')':
			return out, fmt.Errorf("alternative %q: ) without (", src)
		case ch == '~':
			j := i + 1
			if j < len(src) && src[j] == '~' {
				anyNext = true
				j++
			}
			k := j
			for k < len(src) && src[k] >= '0' && src[k] <= '9' {
				k++
			}
			n, err := strconv.Atoi(src[j:k])
			if err != nil || n > maxGap {
				return out, fmt.Errorf("alternative %q: ~ needs a number of words from 0 to %d (hit* ~3 belt)", src, maxGap)
			}
			if len(toks) == 0 || pendingGap {
				return out, fmt.Errorf("alternative %q: ~%d must stand between two words", src, n)
			}
			gapNext, pendingGap = n, true
			i = k
			if k < len(src) && src[k] == '!' {
				// ~N!@cue: no word of the cue may lie in the gap
				j := k + 1
				if j >= len(src) || src[j] != '@' {
					return out, fmt.Errorf("alternative %q: ~%d! needs a cue (~%d!@name)", src, n, n)
				}
				e := j + 1
				for e < len(src) && isNameByte(src[e]) {
					e++
				}
				b, err := c.barrier(src[j:e])
				if err != nil {
					return out, err
				}
				barNext = b
				i = e
			}
		case ch == '@':
			j := i + 1
			for j < len(src) && isNameByte(src[j]) {
				j++
			}
			members, err := c.member(src[i:j])
			if err != nil {
				return out, err
			}
			push(token{set: members, isSet: true})
			i = j
		default:
			j := i
			for j < len(src) && !strings.ContainsRune(" \t\n\r(~)", rune(src[j])) {
				j++
			}
			w := src[i:j]
			stem := strings.HasSuffix(w, "*")
			ws := words(strings.TrimRight(w, "*"))
			if len(ws) == 0 {
				return out, fmt.Errorf("alternative %q: %q has no words", src, w)
			}
			push(token{words: ws, stem: stem})
			i = j
		}
	}
	if pendingGap {
		return out, fmt.Errorf("alternative %q: ends with ~", src)
	}
	if len(toks) == 0 {
		return out, fmt.Errorf("alternative %q has no words", src)
	}
	var rest []*part
	for _, t := range toks[1:] {
		p := &part{gap: t.gap, anyOrder: t.anyOrder, alts: t.set, barrier: t.barrier}
		if !t.isSet {
			p.alts = []*alt{c.newAlt(strings.Join(t.words, " "), len(t.words), t.stem)}
		}
		for _, a := range p.alts {
			n := int(a.n)
			if len(a.rest()) > 0 {
				n = 64 // a proximity phrase inside a part: look further
			}
			p.maxLen = max(p.maxLen, n)
		}
		c.fillPart(p)
		rest = append(rest, p)
	}
	first := toks[0]
	if !first.isSet {
		a := c.newAlt(strings.Join(first.words, " "), len(first.words), first.stem)
		a.ext().next, a.px.order, a.px.pid = rest, checkOrder(rest), c.proxID()
		return append(out, a), nil
	}
	if len(first.set) >= indexPartsFrom && len(rest) > 0 {
		// one alternative for the whole set, found by each first word
		a := c.newAlt("", 0, false)
		st := &part{alts: first.set}
		c.fillPart(st)
		a.ext().start = st
		a.px.next, a.px.order, a.px.pid = rest, checkOrder(rest), c.proxID()
		return append(out, a), nil
	}
	for _, m := range first.set {
		a := c.newAlt(m.phrase, int(m.n), m.stem)
		a.unless = m.unless
		if st := m.startPart(); st != nil {
			a.ext().start = st
		}
		if len(m.rest()) > 0 || len(rest) > 0 {
			a.ext().next = append(append([]*part(nil), m.rest()...), rest...)
			a.px.order, a.px.pid = checkOrder(a.px.next), c.proxID()
		}
		out = append(out, a)
	}
	return out, nil
}

// plainAlternative reports whether src is a word or phrase, with at most a
// stem at the end: no brackets, gaps or cues.
func plainAlternative(src string) bool {
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case '(', ')', '~', '@':
			return false
		case '*':
			if i != len(src)-1 {
				return false
			}
		}
	}
	return true
}

// member compiles a member of a set inside an alternative: @cue (its
// alternatives, shared) or an alternative of its own.
func (c *compiler) member(src string) ([]*alt, error) {
	if name, ok := cueRef(src); ok {
		if _, err := c.cue(name); err != nil {
			return nil, err
		}
		return c.cueAlts[name], nil
	}
	if strings.HasPrefix(src, "@") {
		return nil, fmt.Errorf("bad cue name %q", src)
	}
	return c.alternative(src, nil)
}

// barrier compiles the words of @name as a barrier, once per cue.
func (c *compiler) barrier(ref string) (*barrier, error) {
	name, ok := cueRef(ref)
	if !ok {
		return nil, fmt.Errorf("bad cue name %q", ref)
	}
	if b, ok := c.barriers[name]; ok {
		return b, nil
	}
	if _, err := c.cue(name); err != nil {
		return nil, err
	}
	b := &barrier{exact: map[string][]*alt{}}
	for _, a := range c.cueAlts[name] {
		if len(a.rest()) > 0 || a.startPart() != nil {
			return nil, fmt.Errorf("cue @%s: a barrier (~N!@%s) takes words and phrases, not proximity phrases", name, name)
		}
		if a.n == 1 && a.stem {
			b.stems = append(b.stems, a)
		} else {
			b.exact[a.firstWord()] = append(b.exact[a.firstWord()], a)
		}
	}
	c.barriers[name] = b
	return b, nil
}

// phraseOf returns an alternative's words as one string, one space apart,
// and how many there are. Most alternatives are already in that form, and
// are kept as they are.
func phraseOf(s string) (string, int) {
	n, from := 0, 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ' ' {
			if i == from { // two spaces, or a space at either end
				return slowPhrase(s)
			}
			n++
			from = i + 1
			continue
		}
		if b := s[i]; !(b >= 'a' && b <= 'z' || b >= '0' && b <= '9') {
			return slowPhrase(s) // capitals, apostrophes, hyphens
		}
	}
	return s, n
}

func slowPhrase(s string) (string, int) {
	ws := words(s)
	return strings.Join(ws, " "), len(ws)
}

// ---- sentences, clauses and words ----

// sentence is one sentence of a concern: its text, its words, and the
// clause each word is in.
type sentence struct {
	text   string
	words  []string
	clause []uint8 // the clause of each word, from 0
	kind   []uint8 // what each word is (wNegator, wDenial, ...)
	hedged bool

	// Built on first use by negatedAt: the nearest denial word before each
	// word (-1 for none), and where each word's clause starts.
	denialBefore, clauseStart []int32
}

// splitSentences breaks text into sentences at . ! ? ; (not at the dot of a
// number or a short abbreviation) and at line breaks that end a sentence
// (see lineEnds), then each sentence into words and clauses.
func splitSentences(text string) []sentence {
	var out []sentence
	start := 0
	flush := func(end int) {
		if t := strings.TrimSpace(text[start:end]); t != "" {
			se := sentence{text: t}
			se.words, se.clause, se.kind = clauses(t)
			for _, k := range se.kind {
				if k&wHedge != 0 {
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
		case '!', '?', ';':
			flush(i)
		case '\n':
			if lineEnds(text, start, i) {
				flush(i)
			}
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
			if abbreviations[lastWord(text[start:i])] {
				continue
			}
			if i+2 < len(text) && isLetter(text[i+1]) && text[i+2] == '.' && (i == 0 || isLetter(text[i-1])) && (i < 2 || !isLetter(text[i-2])) {
				continue // the first dot of e.g. or i.e.
			}
			if listNumber(text, start, i) {
				continue // "1. Dad hit her"
			}
			flush(i)
		}
	}
	flush(len(text))
	return out
}

var abbreviations = setOf("mr", "mrs", "ms", "dr", "e.g", "i.e", "eg", "ie")

// listNumber reports whether the dot at i ends a list number at the start
// of a line ("1." or "12.").
func listNumber(text string, start, i int) bool {
	j := i
	for j > start && text[j-1] >= '0' && text[j-1] <= '9' {
		j--
	}
	if j == i || i-j > 2 {
		return false
	}
	return strings.TrimSpace(text[start:j]) == ""
}

// lineEnds reports whether the line break at i ends the sentence begun at
// start. It does, except where it only wraps a sentence: the line so far
// does not end in . ! ? ; : and either the next line starts with a small
// letter, or the line ends with a comma, a dash, & or a word that cannot end
// a sentence ("with", "and", "the", "said"). A blank next line, or one that
// starts a list ("- ", "* ", "• ", "1.", "2)"), always ends it.
func lineEnds(text string, start, i int) bool {
	line := strings.TrimRight(text[start:i], " \t\r")
	if k := strings.LastIndexByte(line, '\n'); k >= 0 {
		line = line[k+1:]
	}
	line = strings.TrimSpace(line)
	j := i + 1
	for j < len(text) && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r') {
		j++
	}
	if line == "" || j >= len(text) || text[j] == '\n' || startsList(text[j:]) {
		return true
	}
	if strings.ContainsRune(".!?;:", rune(line[len(line)-1])) {
		return true
	}
	if strings.ContainsRune(",-&/", rune(line[len(line)-1])) || strings.HasSuffix(line, "–") || strings.HasSuffix(line, "—") {
		return false
	}
	if c := text[j]; c >= 'a' && c <= 'z' {
		return false
	}
	return !wrapWords[strings.ToLower(lastWord(line))]
}

func startsList(s string) bool {
	if strings.HasPrefix(s, "•") || strings.HasPrefix(s, "·") || strings.HasPrefix(s, "–") || strings.HasPrefix(s, "—") {
		return true
	}
	if len(s) >= 2 && (s[0] == '-' || s[0] == '*' || s[0] == '>') && (s[1] == ' ' || s[1] == '\t') {
		return true
	}
	k := 0
	for k < len(s) && k < 3 && s[k] >= '0' && s[k] <= '9' {
		k++
	}
	return k > 0 && k < len(s) && (s[k] == '.' || s[k] == ')')
}

// wrapWords cannot end a sentence: a line that ends with one goes on.
var wrapWords = setOf("a", "an", "the", "and", "or", "but", "nor", "to", "of", "with", "by", "for", "from", "at",
	"in", "into", "on", "onto", "that", "who", "which", "whose", "his", "my", "their", "our", "your", "its",
	"was", "were", "is", "are", "be", "been", "has", "had", "have", "very", "not", "no", "said", "says",
	"told", "tells", "because", "when", "while", "if", "than", "as", "about", "she", "he", "they")

func setOf(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

func lastWord(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.LastIndexAny(s, " \t\n("); i >= 0 {
		s = s[i+1:]
	}
	return s
}

// words splits text into lower-case words: letters and digits, with inner
// apostrophes kept ("didn't") and a possessive 's dropped ("mum's" → mum);
// hyphens and other marks separate words.
func words(s string) []string {
	ws, _ := scanWords(s, false)
	return ws
}

// clauses splits a sentence into words, and numbers the clause of each
// word. A clause starts at a word that always opens one ("but", "however",
// "although", "because", "when", ...); after a comma, colon, dash, bracket
// or quote, at a word that opens one there ("and", "so", "then", "which",
// ...), at a subject (a pronoun, a person such as "dad" or "her dad") or at
// a capitalised word (a name); and at "and" or "or" followed by a subject.
func clauses(s string) (ws []string, clause, kind []uint8) {
	ws, marks := scanWords(s, true)
	kind = make([]uint8, len(ws))
	// each word's clause takes the place of its marks, once they are read
	clause = marks
	kinds := wordKinds()
	for k, w := range ws {
		kind[k] = kinds[w]
		if strings.HasSuffix(w, "n't") {
			kind[k] |= wNegator
		}
	}
	// subjectAt reports whether the words from k start a subject: a
	// pronoun or a person, maybe after "her", "his", "the" and the like.
	subjectAt := func(k int) bool {
		if k >= len(ws) {
			return false
		}
		return kind[k]&wSubject != 0 || kind[k]&wDeterminer != 0 && k+1 < len(ws) && kind[k+1]&wPerson != 0
	}
	n := uint8(0)
	if len(clause) > 0 {
		clause[0] = 0
	}
	for k := 1; k < len(ws); k++ {
		brk := kind[k]&wOpener != 0
		if !brk && marks[k]&markSep != 0 {
			brk = kind[k]&wJoin != 0 || subjectAt(k) || marks[k]&markCapital != 0
		}
		if !brk && (ws[k] == "and" || ws[k] == "or") && subjectAt(k+1) {
			brk = true
		}
		if brk && n < 255 {
			n++
		}
		clause[k] = n
	}
	return ws, clause, kind
}

// Kinds of word, for clauses, negation and hedges.
const (
	wOpener     = 1 << iota // starts a clause wherever it stands
	wJoin                   // starts a clause after a comma or other mark
	wSubject                // a pronoun or a person
	wPerson                 // a person, after "her", "the" and the like
	wDeterminer             // her, his, the, ...
	wNegator                // no, not, never, ... and any word ending in n't
	wDenial                 // deny, denies, denied, denying
	wHedge                  // may, might, possibly, ...
)

var wordKinds = sync.OnceValue(func() map[string]uint8 {
	m := map[string]uint8{}
	for kind, set := range map[uint8]map[string]bool{wOpener: clauseOpeners, wJoin: joinOpeners,
		wSubject: pronouns, wDeterminer: determiners, wNegator: negators, wDenial: denials, wHedge: hedges} {
		for w := range set {
			m[w] |= kind
		}
	}
	for w := range persons {
		m[w] |= wSubject | wPerson
	}
	return m
})

// clauseOpeners start a clause wherever they stand.
var clauseOpeners = setOf("but", "however", "although", "though", "whereas", "because", "cos", "coz",
	"while", "whilst", "when", "whenever", "since", "after", "before", "until", "till", "except", "apart",
	"besides", "instead", "nevertheless", "nonetheless")

// joinOpeners start a clause after a comma or other mark.
var joinOpeners = setOf("and", "or", "so", "then", "yet", "which", "who", "where", "plus", "also", "now",
	"later", "today", "yesterday", "afterwards", "recently")

// pronouns and persons are subjects: a clause starts at one after a comma.
var pronouns = setOf("i", "he", "she", "they", "we", "you", "it", "there", "someone", "somebody", "everyone")

var persons = setOf("mum", "mummy", "mother", "dad", "daddy", "father", "stepdad", "stepfather", "stepmum",
	"stepmother", "parent", "parents", "carer", "carers", "brother", "sister", "grandma", "grandmother", "grandad",
	"grandfather", "nan", "nanna", "uncle", "aunt", "auntie", "cousin", "boyfriend", "girlfriend", "partner",
	"teacher", "staff", "police", "child", "boy", "girl", "son", "daughter", "baby", "neighbour", "friend", "pupil")

var determiners = setOf("her", "his", "their", "my", "the", "a", "an", "our", "your")

// isSepMark reports whether the mark at i can end a clause: a comma,
// colon, bracket, quote or dash (a hyphen between letters is not one).
func isSepMark(s string, i int, r rune) bool {
	switch r {
	case ',', ':', '(', ')', '"', '\'', '[', ']', '–', '—', '“', '”', '‘':
		return true
	case '-':
		return (i == 0 || s[i-1] == ' ') && (i+1 == len(s) || s[i+1] == ' ')
	}
	return false
}

const (
	markSep     = 1 << iota // a comma, colon, dash, bracket or quote comes before the word
	markCapital             // the word starts with a capital letter
)

// scanWords splits s into lower-case words; with marks, it also notes for
// each word the marks before it.
func scanWords(s string, withMarks bool) ([]string, []uint8) {
	lower := strings.ToLower(s)
	capitals := withMarks && len(lower) == len(s) // byte offsets agree
	if strings.Contains(lower, "’") {
		lower = strings.ReplaceAll(lower, "’", "'")
		capitals = false
	}
	out := make([]string, 0, len(lower)/5+1)
	var marks []uint8
	if withMarks {
		marks = make([]uint8, 0, cap(out))
	}
	var mark uint8
	start := -1
	emit := func(end int) {
		w := strings.Trim(lower[start:end], "'")
		w = strings.TrimSuffix(w, "'s")
		if w != "" {
			out = append(out, w)
			if withMarks {
				m := mark
				if capitals && s[start] >= 'A' && s[start] <= 'Z' && len(out) > 1 {
					m |= markCapital
				}
				marks = append(marks, m)
				mark = 0
			}
		}
		start = -1
	}
	for i := 0; i < len(lower); {
		c := lower[i]
		size := 1
		r := rune(c)
		if c >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(lower[i:])
		}
		isWord := c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '\'' && start >= 0 ||
			c >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r))
		if isWord {
			if start < 0 {
				start = i
			}
			i += size
			continue
		}
		if start >= 0 {
			emit(i)
		}
		if r == '£' || r == '€' {
			// A currency sign is a word of its own: "£50" is "£", "50".
			out = append(out, lower[i:i+size])
			if withMarks {
				marks = append(marks, mark)
				mark = 0
			}
		} else if withMarks && isSepMark(lower, i, r) {
			mark |= markSep
		}
		i += size
	}
	if start >= 0 {
		emit(len(lower))
	}
	return out, marks
}

// ---- negation ----

var negators = setOf("no", "not", "never", "without", "none", "nothing", "nor", "neither", "nobody", "noone")

// denials reach back to the start of their clause: "denies that anyone at
// home hurts him".
var denials = setOf("deny", "denies", "denied", "denying")

var hedges = setOf("may", "might", "possibly", "perhaps", "unsure", "rumour", "rumours", "rumoured", "allegedly",
	"suspect", "suspects", "suspected", "unclear", "unconfirmed", "could", "maybe", "think", "thinks")

// negatedAt reports whether the words from p are negated: a negation word
// within the four words before p, or a denial anywhere before p, in the
// same clause; or a list the negation heads, joined by "or" or "nor" ("no
// self-harm or thoughts of suicide", "not eating or sleeping"), with the
// negation at most four words before the "or" and the "or" at most four
// words before p ("no one" and "nobody" head no list).
func (s *sentence) negatedAt(p int) bool {
	c := s.clause[p]
	// A denial word reaches back to the start of its clause. Tables built
	// once per sentence keep this linear in the sentence's length (a scan
	// back to the clause start for every match made a long unpunctuated
	// text quadratic).
	if s.denialBefore == nil {
		s.denialBefore = make([]int32, len(s.words))
		s.clauseStart = make([]int32, len(s.words))
		last, start := int32(-1), int32(0)
		for k := range s.words {
			if k > 0 && s.clause[k] != s.clause[k-1] {
				start = int32(k)
			}
			s.denialBefore[k], s.clauseStart[k] = last, start
			if s.kind[k]&wDenial != 0 {
				last = int32(k)
			}
		}
	}
	if s.denialBefore[p] >= s.clauseStart[p] {
		return true
	}
	// Negators and "or" lists look back at most 4 + 4 words.
	or := -1
	for k := p - 1; k >= 0 && k >= p-8 && s.clause[k] == c; k-- {
		if p-k <= 4 && s.kind[k]&wNegator != 0 {
			return true
		}
		if w := s.words[k]; (w == "or" || w == "nor") && p-k <= 4 && or < 0 {
			or = k
		}
		if or >= 0 && k < or && or-k <= 4 && s.kind[k]&wNegator != 0 && listHead[s.words[k]] &&
			!(k+1 < len(s.words) && (s.words[k+1] == "one" || s.words[k+1] == "longer")) {
			return true
		}
	}
	return false
}

// listHead negations may head a list joined by "or".
var listHead = setOf("no", "not", "never", "without", "nor", "neither")

// negatorIn reports whether a negation word lies in words [from, to).
func (s *sentence) negatorIn(from, to int) bool {
	for k := max(from, 0); k < to && k < len(s.words); k++ {
		if s.kind[k]&(wNegator|wDenial) != 0 {
			return true
		}
	}
	return false
}

// ---- matching ----

// phraseAt reports whether a's words start at word i.
func (a *alt) phraseAt(ws []string, i int) bool {
	if st := a.startPart(); st != nil {
		return i >= 0 && i < len(ws) && st.has(ws, i)
	}
	if i < 0 || i+int(a.n) > len(ws) {
		return false
	}
	if a.n == 1 {
		if a.stem {
			return strings.HasPrefix(ws[i], a.phrase)
		}
		return ws[i] == a.phrase
	}
	return ws[i] == a.phrase[:a.first] && a.restAt(ws, i)
}

// restAt reports whether the words of a after the first match from word
// i+1 (there are enough words).
func (a *alt) restAt(ws []string, i int) bool {
	p := a.phrase[a.first+1:]
	for j, rest := i+1, a.n-1; ; j, rest = j+1, rest-1 {
		w := ws[j]
		if rest == 1 {
			if a.stem {
				return strings.HasPrefix(w, p)
			}
			return w == p
		}
		if len(p) <= len(w) || p[len(w)] != ' ' || p[:len(w)] != w {
			return false
		}
		p = p[len(w)+1:]
	}
}

// lineHit is a line that matched in sentences from..sent (one sentence,
// unless the indicator allows more).
type lineHit struct {
	line   int32
	from   int
	sent   int
	hedged bool
}

// scanner holds the state of matching one concern.
type scanner struct {
	x         *wordIndex
	s         *sentence
	groupGen  []uint32 // per exclusion group: the sentence groupMask is for
	groupMask []uint64 // per exclusion group: the clauses of s that hold it (clause 63 stands for any later one)
	exclGen   []uint32 // per exclusion: the sentence exclMask is for
	exclMask  []uint64 // per exclusion: the clauses of s that hold one of its groups
	lineGen   []uint32 // per line: the sentence lineOff is for
	lineOff   []int32  // per line: where its groups' first matches are in pool
	touched   []int32  // the lines with a match in the sentence, in order
	pool      []int32
	si        int
	heads     []int32 // word, chain head: the chains the sentence's words start
	wkeys     []int32 // the keys each word starts, word by word (see wkeyOff)
	wkeyOff   []int32 // where each word's keys start in wkeys
	cur       *alt    // the proximity phrase being noted
	onSpan    func(lo, hi int, neg bool) bool
	gmask     uint64 // the clauses found so far for an exclusion group
	onGroup   func(lo, hi int, neg bool) bool
	last      map[int32][]int32 // for lines over several sentences: the last sentence each group matched in
	gen       uint32            // the sentence's number, for seenGen
	seenGen   []uint32          // per part: the sentence seenVal is for
	seenVal   []bool            // per part: whether it can start anywhere in s
	possGen   []uint32          // per proximity phrase: the sentence possVal is for
	possVal   []bool            // per proximity phrase: whether it is possible in s
	keyGen    []uint32          // per key: the sentence that holds it
	bars      map[*barrier][]int8
}

// possible reports whether every later part of proximity phrase a has an
// alternative that starts somewhere in the sentence: if not, a cannot match
// here, and is not tried. What each part can start is worked out once per
// sentence.
func (sc *scanner) possible(a *alt) bool {
	if a.px == nil || a.px.order == nil {
		return true
	}
	id := a.px.pid
	if sc.possGen[id] == sc.gen {
		return sc.possVal[id]
	}
	v := true
	for _, k := range a.px.order {
		if !sc.partPresent(a.px.next[k]) {
			v = false
			break
		}
	}
	sc.possGen[id], sc.possVal[id] = sc.gen, v
	return v
}

// checkOrder is the order in which possible looks at the later parts:
// those with the fewest words to look up first.
func checkOrder(next []*part) []int8 {
	if len(next) == 0 || len(next) > 100 {
		return nil
	}
	order := make([]int8, len(next))
	for k := range order {
		order[k] = int8(k)
	}
	slices.SortStableFunc(order, func(a, b int8) int { return len(next[a].keys) - len(next[b].keys) })
	return order
}

func (sc *scanner) partPresent(p *part) bool {
	if len(p.keyIDs) <= 2 {
		return sc.anyKey(p.keyIDs)
	}
	if sc.seenGen[p.id] != sc.gen {
		var v bool
		if len(p.keyIDs) <= len(sc.wkeys) {
			v = sc.anyKey(p.keyIDs)
		} else {
			// fewer keys in the sentence than in the part: look those up
			for _, id := range sc.wkeys {
				if _, ok := slices.BinarySearch(p.sortedIDs, id); ok {
					v = true
					break
				}
			}
		}
		sc.seenGen[p.id], sc.seenVal[p.id] = sc.gen, v
	}
	return sc.seenVal[p.id]
}

// anyKey reports whether the sentence holds one of the keys.
func (sc *scanner) anyKey(ids []int32) bool {
	for _, id := range ids {
		if sc.keyGen[id] == sc.gen {
			return true
		}
	}
	return false
}

// crossed reports whether a word or phrase of barrier b lies within words
// [from, to) of the sentence (what each word starts is worked out once per
// sentence).
func (sc *scanner) crossed(b *barrier, from, to int) bool {
	if b == nil {
		return false
	}
	ends, ok := sc.bars[b]
	if !ok {
		ws := sc.s.words
		ends = make([]int8, len(ws))
		for k, w := range ws {
			for _, a := range b.exact[w] {
				if a.phraseAt(ws, k) && (ends[k] == 0 || int(a.n) < int(ends[k])) {
					ends[k] = int8(min(a.n, 100))
				}
			}
			if ends[k] == 0 {
				for _, a := range b.stems {
					if a.phraseAt(ws, k) {
						ends[k] = 1
						break
					}
				}
			}
		}
		if sc.bars == nil {
			sc.bars = map[*barrier][]int8{}
		}
		sc.bars[b] = ends
	}
	for k := max(from, 0); k < to && k < len(ends); k++ {
		if e := int(ends[k]); e > 0 && k+e <= to {
			return true
		}
	}
	return false
}

// scan finds, sentence by sentence, every line each of whose groups has a
// match in the sentence that is not negated (for a negatable line) and not
// in a clause the line's or cue's exclusion rules out, and calls f for each.
func (x *wordIndex) scan(sents []sentence, f func(lineHit)) {
	sc, _ := x.scanners.Get().(*scanner)
	if sc == nil {
		sc = &scanner{x: x, pool: make([]int32, 0, 256), lineGen: make([]uint32, len(x.lines)), lineOff: make([]int32, len(x.lines)),
			seenGen: make([]uint32, x.nparts), seenVal: make([]bool, x.nparts), possGen: make([]uint32, x.nprox), possVal: make([]bool, x.nprox), keyGen: make([]uint32, x.nkeys+1),
			groupGen: make([]uint32, len(x.groups)), groupMask: make([]uint64, len(x.groups)),
			exclGen: make([]uint32, len(x.exclSets)), exclMask: make([]uint64, len(x.exclSets))}
		sc.onSpan, sc.onGroup = sc.recordSpan, sc.markGroup
	}
	// A scanner is reused: its per-sentence tables are told apart by
	// sentence number (gen), which only grows.
	defer func() {
		clear(sc.last)
		sc.s, sc.cur = nil, nil
		x.scanners.Put(sc)
	}()
	for si := range sents {
		s := &sents[si]
		sc.s, sc.si = s, si
		sc.touched = sc.touched[:0]
		sc.pool = sc.pool[:0]
		sc.gen++
		clear(sc.bars)
		// First look every word up, noting the keys the sentence holds
		// (later parts need to know what comes after), then match.
		heads := sc.heads[:0]
		wkeys, off := sc.wkeys[:0], append(sc.wkeyOff[:0], 0)
		for i, w := range s.words {
			if head, key, ok := x.exact.get(w); ok {
				if key != 0 {
					sc.keyGen[key] = sc.gen
					wkeys = append(wkeys, int32(key))
				}
				if head != 0 {
					heads = append(heads, int32(i), int32(head))
				}
			}
			h := uint32(fnvBasis)
			for l := 1; l <= len(w) && l <= x.maxStem; l++ {
				h = fnvByte(h, w[l-1])
				if head, key, ok := x.stems.lookup(h, w[:l]); ok {
					if key != 0 {
						sc.keyGen[key] = sc.gen
						wkeys = append(wkeys, int32(key))
					}
					if head != 0 {
						heads = append(heads, int32(i), int32(head))
					}
				}
			}
			off = append(off, int32(len(wkeys)))
			if i+1 < len(s.words) {
				if h := x.pairs.pair(w, s.words[i+1]); h != 0 {
					heads = append(heads, int32(i), int32(h))
				}
			}
		}
		sc.heads, sc.wkeys, sc.wkeyOff = heads, wkeys, off
		for k := 0; k < len(heads); k += 2 {
			for j := heads[k+1]; j != 0; j = x.prev[j-1] {
				sc.note(x.alts[j-1], int(heads[k]))
			}
		}
		for _, li := range sc.touched {
			off := sc.lineOff[li]
			st := sc.pool[off : off+x.lines[li].groups]
			if w := int(x.lines[li].window); w > 1 {
				// every group in one of the last w sentences
				from := si
				for _, k := range sc.last[li] {
					if k < 0 || int(k) <= si-w {
						from = -1
						break
					}
					from = min(from, int(k))
				}
				if from >= 0 {
					hedged := false
					for k := from; k <= si; k++ {
						hedged = hedged || sents[k].hedged
					}
					f(lineHit{line: li, from: from, sent: si, hedged: hedged})
				}
				continue
			}
			ok := true
			for _, p := range st {
				if p < 0 {
					ok = false
					break
				}
			}
			if ok {
				f(lineHit{line: li, from: si, sent: si, hedged: s.hedged})
			}
		}
	}
}

// clauseBit is the bit of clause c in a mask of clauses.
func clauseBit(c uint8) uint64 { return 1 << min(c, 63) }

// groupClauses returns the clauses of the sentence that hold exclusion
// group gid, worked out when first asked for.
func (sc *scanner) groupClauses(gid int32) uint64 {
	if sc.groupGen[gid] == sc.gen {
		return sc.groupMask[gid]
	}
	if !sc.anyKey(sc.x.groupKeys[gid]) {
		sc.groupGen[gid], sc.groupMask[gid] = sc.gen, 0
		return 0
	}
	sc.gmask = 0
	g, s := sc.x.groups[gid].words(), sc.s
	keys := sc.x.groupKeys[gid]
	for i, w := range s.words {
		if !sc.keyAt(keys, i) {
			continue // no word or stem of the group starts here
		}
		for _, b := range g.exact[w] {
			if len(b.rest()) == 0 || sc.possible(b) {
				sc.spans(b, i, false, sc.onGroup)
			}
		}
		for l := 1; l <= len(w) && l <= g.maxStem; l++ {
			for _, b := range g.stems[w[:l]] {
				if len(b.rest()) == 0 || sc.possible(b) {
					sc.spans(b, i, false, sc.onGroup)
				}
			}
		}
	}
	sc.groupGen[gid], sc.groupMask[gid] = sc.gen, sc.gmask
	return sc.gmask
}

// excluded reports whether exclusion id holds in a clause of words [lo, hi).
func (sc *scanner) excluded(id int32, lo, hi int) bool {
	if id == 0 {
		return false
	}
	if sc.exclGen[id] != sc.gen {
		var m uint64
		for _, gid := range sc.x.exclSets[id] {
			m |= sc.groupClauses(gid)
		}
		sc.exclGen[id], sc.exclMask[id] = sc.gen, m
	}
	m := sc.exclMask[id]
	if m == 0 {
		return false
	}
	var span uint64
	for c := sc.s.clause[lo]; ; c++ {
		span |= clauseBit(c)
		if c >= sc.s.clause[hi-1] || c == 255 {
			break
		}
	}
	return m&span != 0
}

// note records a match of alternative a starting at word i for every
// (line, group) that uses it.
func (sc *scanner) note(a *alt, i int) {
	if a.px == nil || a.px.next == nil { // a word or phrase: most of the time
		// the index has matched its first word
		if a.n > 1 && (i+int(a.n) > len(sc.s.words) || !a.restAt(sc.s.words, i)) {
			return
		}
		hi := i + int(a.n)
		if a.unless != 0 && sc.excluded(a.unless, i, hi) {
			return
		}
		sc.record(a, i, hi, sc.s.negatedAt(i))
		return
	}
	if a.startPart() == nil && !a.phraseAt(sc.s.words, i) || !sc.possible(a) {
		return
	}
	sc.cur = a
	sc.spans(a, i, true, sc.onSpan)
}

// recordSpan records a match of the proximity phrase being noted (sc.cur);
// bound once per scan as sc.onSpan, so that noting allocates nothing.
func (sc *scanner) recordSpan(lo, hi int, neg bool) bool {
	neg = neg || sc.s.negatedAt(lo)
	sc.record(sc.cur, lo, hi, neg)
	return !neg
}

// markGroup adds the clauses of words [lo, hi) to sc.gmask; bound once per
// scan as sc.onGroup.
func (sc *scanner) markGroup(lo, hi int, _ bool) bool {
	s := sc.s
	for c := s.clause[lo]; ; c++ {
		sc.gmask |= clauseBit(c)
		if c >= s.clause[hi-1] || c == 255 {
			break
		}
	}
	return true
}

func (sc *scanner) record(a *alt, lo, hi int, neg bool) {
	sc.recordSet(a.set, lo, hi, neg)
	if a.px != nil {
		for _, set := range a.px.more {
			sc.recordSet(set, lo, hi, neg)
		}
	}
}

// recordSet records a match at words [lo, hi) for every (line, group) that
// uses the set.
func (sc *scanner) recordSet(set int32, lo, hi int, neg bool) {
	for _, u := range sc.x.sets[set].uses {
		lr := &sc.x.lines[u.line]
		if neg && lr.negatable {
			continue
		}
		ok := sc.lineGen[u.line] == sc.gen
		var st []int32
		if ok {
			off := sc.lineOff[u.line]
			st = sc.pool[off : off+lr.groups]
			if st[u.group] >= 0 && (lr.window <= 1 || sc.last[u.line][u.group] == int32(sc.si)) {
				continue // already found in this sentence: nothing to add
			}
		}
		if lr.unless != 0 && sc.excluded(lr.unless, lo, hi) {
			continue
		}
		if !ok {
			n := int(lr.groups)
			off := len(sc.pool)
			sc.pool = slices.Grow(sc.pool, n)[:off+n] // offsets stay valid as the pool grows
			st = sc.pool[off : off+n]
			for k := range st {
				st[k] = -1
			}
			sc.lineGen[u.line], sc.lineOff[u.line] = sc.gen, int32(off)
			sc.touched = append(sc.touched, u.line)
		}
		if st[u.group] < 0 {
			st[u.group] = int32(lo)
		}
		if lr.window > 1 {
			if sc.last == nil {
				sc.last = map[int32][]int32{}
			}
			l, ok := sc.last[u.line]
			if !ok {
				l = make([]int32, lr.groups)
				for k := range l {
					l[k] = -1
				}
				sc.last[u.line] = l
			}
			l[u.group] = int32(sc.si)
		}
	}
}

// spans calls f with each span [lo, hi) of words where a matches starting
// at word i, and whether a negation word lies between its parts, until f
// returns true. With checkUnless, a cue's exclusion rules a part out.
func (sc *scanner) spans(a *alt, i int, checkUnless bool, f func(lo, hi int, neg bool) bool) bool {
	ws := sc.s.words
	if st := a.startPart(); st != nil {
		// a member of the first set, then the rest
		return sc.try(st, i, func(m *alt) bool {
			return sc.spans(m, i, checkUnless, func(lo, hi int, neg bool) bool {
				if checkUnless && a.unless != 0 && sc.excluded(a.unless, lo, hi) {
					return false
				}
				return sc.parts(a.px.next, lo, hi, lo, hi, neg, checkUnless, f)
			})
		})
	}
	if !a.phraseAt(ws, i) {
		return false
	}
	hi := i + int(a.n)
	if checkUnless && a.unless != 0 && sc.excluded(a.unless, i, hi) {
		return false
	}
	if len(a.rest()) == 0 {
		return f(i, hi, false)
	}
	return sc.parts(a.px.next, i, hi, i, hi, false, checkUnless, f)
}

// parts matches the later parts of a proximity phrase after (or around) the
// previous part, which spans [plo, phi); the whole match so far is [lo, hi).
func (sc *scanner) parts(ps []*part, lo, hi, plo, phi int, neg, checkUnless bool, f func(lo, hi int, neg bool) bool) bool {
	if len(ps) == 0 {
		return f(lo, hi, neg)
	}
	p := ps[0]
	n := len(sc.s.words)
	for j := phi; j <= phi+p.gap && j < n; j++ {
		if j > phi && sc.crossed(p.barrier, phi, j) {
			break // the gap may not cross a barrier word
		}
		var next func(l, h int, bn bool) bool
		if sc.try(p, j, func(b *alt) bool {
			if next == nil {
				gapNeg := neg || sc.s.negatorIn(phi, j)
				next = func(l, h int, bn bool) bool {
					return sc.parts(ps[1:], lo, max(hi, h), l, h, gapNeg || bn, checkUnless, f)
				}
			}
			return sc.spans(b, j, checkUnless, next)
		}) {
			return true
		}
	}
	if p.anyOrder {
		back := func(l, h int, bn bool) bool {
			if h > plo || plo-h > p.gap || sc.crossed(p.barrier, h, plo) {
				return false
			}
			return sc.parts(ps[1:], min(lo, l), hi, l, h, neg || bn || sc.s.negatorIn(h, plo), checkUnless, f)
		}
		for j := plo - 1; j >= 0 && j >= plo-p.gap-p.maxLen; j-- {
			if sc.try(p, j, func(b *alt) bool { return sc.spans(b, j, checkUnless, back) }) {
				return true
			}
		}
	}
	return false
}
