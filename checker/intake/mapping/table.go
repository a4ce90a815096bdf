package mapping

import (
	_ "embed"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// labels.yaml is the synonym table people edit. compile reads it, checking
// it; the program itself loads labels.tab, the compiled table written out by
// encode (compiled.go), because every document check is a fresh process and
// compiling the YAML there would cost milliseconds.
// TestLabelsTableCurrent keeps the two in step:
// go test ./checker/intake/mapping -run TestLabelsTable -update-labels

//go:embed labels.yaml
var labelsYAML []byte

// ctx is whose details, or which part of the referral, a label is read in.
type ctx uint8

const (
	cNone     ctx = iota // under an unknown heading: generic labels are kept as Extra
	cStart               // before any heading: attribute defaults apply
	cChild               // the child
	cFamily              // a family member
	cReferrer            // the referrer
	cConcern             // the concern
	cSupport             // support and early help
	cAgency              // other agencies
	cConsent             // consent
	cReferral            // the referral as a whole (date, route, outcome)
	numCtx               // the number of contexts
)

var ctxNames = map[string]ctx{
	"child": cChild, "family": cFamily, "siblings": cFamily, "referrer": cReferrer,
	"concern": cConcern, "support": cSupport, "agencies": cAgency, "agency": cAgency,
	"consent": cConsent, "referral": cReferral, "default": cStart,
}

// fileFormat is the shape of labels.yaml.
type fileFormat struct {
	Stopwords     []string                     `yaml:"stopwords" json:"stopwords"`
	Aliases       map[string]string            `yaml:"aliases" json:"aliases"`
	Noise         []string                     `yaml:"noise" json:"noise"`
	People        map[string][]string          `yaml:"people" json:"people"`
	Subjects      map[string][]string          `yaml:"subjects" json:"subjects"`
	HeadingWords  []string                     `yaml:"heading_words" json:"heading_words"`
	Sections      map[string][]string          `yaml:"sections" json:"sections"`
	Attributes    []map[string]any             `yaml:"attributes" json:"attributes"`
	FollowupWords []string                     `yaml:"followup_words" json:"followup_words"`
	FuzzyVeto     []string                     `yaml:"fuzzy_veto" json:"fuzzy_veto"`
	Followups     map[string]map[string]string `yaml:"followups" json:"followups"`
	Fields        map[string][]string          `yaml:"fields" json:"fields"`
	Routes        map[string][]string          `yaml:"routes" json:"routes"`
}

// attribute is a generic label ("Name", "Phone") whose field depends on context.
type attribute struct {
	name string
	by   [numCtx]*fieldDef // the field in each context; nil where it has none
}

// subject is a phrase in a label that says whose detail it is.
type subject struct {
	words []string
	kind  ctx    // cChild, cReferrer or cFamily
	rel   string // for family: the relationship it names ("" when generic)
}

// synonym is one normalised label of the fields list, for fuzzy matching.
type synonym struct {
	words []string // sorted, unique
	f     *fieldDef
}

// section is what a heading means.
type section struct {
	kind ctx
	rel  string // default relationship of family members under it ("sibling")
}

// wordInfo is what the table knows about a word.
type wordInfo struct {
	s     string // the word, interned
	flags wordFlags
}

// wordFlags are what a word is to the table, besides a word it knows.
type wordFlags uint8

const (
	wStop    wordFlags = 1 << iota // a stop word
	wRewrite                       // starts an alias or noise phrase
	wFamily                        // a family subject of one word: "mother", "carer"
	wVeto                          // another person: a fuzzy match must not drop it
	wHeading                       // a heading word: "details", "section"
	wFollow                        // a follow-up word: "describe", "why"
)

// wordFlagNames name the flags in labels.tab, in the order of their bits.
var wordFlagNames = [...]string{"stop", "rewrite", "family", "veto", "heading", "follow"}

// unknownWords stand in for words the table does not know (names, places):
// they can never match a label exactly, and fuzzy matching only counts them.
var unknownWords = func() (u [32]string) {
	var b [2 * len(u)]byte
	for i := range u {
		b[2*i], b[2*i+1] = 0, byte('A'+i)
	}
	s := string(b[:]) // one allocation at start-up, not 32
	for i := range u {
		u[i] = s[2*i : 2*i+2]
	}
	return u
}()

// smallNumbers are the numbers below 100 as strings, cut from one string.
var smallNumbers = func() (n [100]string) {
	var b []byte
	var end [len(n)]int
	for i := range n {
		b = strconv.AppendInt(b, int64(i), 10)
		end[i] = len(b)
	}
	s, start := string(b), 0
	for i := range n {
		n[i], start = s[start:end[i]], end[i]
	}
	return n
}()

func isUnknown(w string) bool { return len(w) == 2 && w[0] == 0 }

// table is the synonym table as Map uses it: read from labels.tab (decode),
// its keys looked up in dicts held in the file's text. A dict's values
// number the records that decode reads into the slices below.
type table struct {
	words    dict // every word the table knows -> its wordFlags
	rewrites dict // alias or noise phrase (joined words) -> its replacement in rewriteTo
	subjects dict // first word of subjects -> their group in subjectGroups
	sections dict // normalised key -> its section in sectionList
	attrs    dict // normalised key -> its attribute in attrList
	fields   dict // normalised key -> its field in fieldList
	index    dict // word of a field label -> the number of fields whose labels use it

	rewriteTo     [][]string  // the replacement of each phrase; nil removes it
	maxRewrite    int         // longest phrase, in words
	subjectGroups [][]subject // subjects with one first word, longest first
	maxSubject    int
	sectionList   []section
	attrList      []attribute
	fieldList     []*fieldDef
	followups     []followup
	routes        []routePhrase
	synonyms      func() []synonymRef // for fuzzy matching, which most documents never need
}

// synonymRef is one field label (a key of the fields dict), for fuzzy
// matching: where it is written, and its field.
type synonymRef struct {
	at    int32 // offset in the fields dict's text
	field int32 // in fieldList
}

// followup is what the follow-up questions after a field's ("If yes, please
// give details", "If not, why not?") are asked for.
type followup struct {
	f               *fieldDef
	details, whyNot *fieldDef
}

// get returns the field that a follow-up of kind ("details" or "why_not")
// is asked for, or nil.
func (f followup) get(kind string) *fieldDef {
	switch kind {
	case "details":
		return f.details
	case "why_not":
		return f.whyNot
	}
	return nil
}

// fuzzyIndex is what fuzzy matching needs, as compile builds it: the
// fields list, indexed by word. (The table has the synonyms, and the index
// dict of words that leads to their word records in labels.tab.)
type fuzzyIndex struct {
	synonyms []synonym          // one for each key of the fields
	byWord   map[string][]int   // word -> synonym indexes, ascending
	weight   map[string]float64 // word -> weight; words in no synonym weigh 0.5
}

type routePhrase struct {
	phrase string // lower case, words separated by single spaces
	route  string
}

// loadTable returns the table, read from the embedded labels.tab on first
// use. Errors are programming errors in the generated file, which the tests
// load.
var loadTable = sync.OnceValue(func() *table {
	t, err := decode(labelsTab)
	if err != nil {
		panic("mapping: labels.tab: " + err.Error())
	}
	return t
})

// word returns what the table knows of word w (in bytes, so that looking
// up a word being read does not allocate).
func (t *table) word(w []byte) (wordInfo, bool) {
	v, at, ok := lookup(&t.words, w)
	if !ok {
		return wordInfo{}, false
	}
	return wordInfo{s: t.words.text[at : at+len(w)], flags: wordFlags(v)}, true
}

// is reports whether the table knows word w as f (a stop word, ...).
func (t *table) is(w string, f wordFlags) bool {
	v, _, _ := lookup(&t.words, w)
	return wordFlags(v)&f != 0
}

// rewrite returns the replacement of an alias or noise phrase (nil for
// noise), and whether the phrase is one.
func (t *table) rewrite(phrase []byte) ([]string, bool) {
	v, _, ok := lookup(&t.rewrites, phrase)
	if !ok || v >= len(t.rewriteTo) {
		return nil, false
	}
	return t.rewriteTo[v], true
}

// subjectsAt returns the subjects that start with word w, longest first.
func (t *table) subjectsAt(w string) []subject {
	v, _, ok := lookup(&t.subjects, w)
	if !ok || v >= len(t.subjectGroups) {
		return nil
	}
	return t.subjectGroups[v]
}

// section returns the section that key k names.
func (t *table) section(k []byte) (section, bool) {
	v, _, ok := lookup(&t.sections, k)
	if !ok || v >= len(t.sectionList) {
		return section{}, false
	}
	return t.sectionList[v], true
}

// attr returns the generic attribute with label key k, or nil.
func (t *table) attr(k []byte) *attribute {
	v, _, ok := lookup(&t.attrs, k)
	if !ok || v >= len(t.attrList) {
		return nil
	}
	return &t.attrList[v]
}

// field returns the field with label key k, or nil.
func (t *table) field(k []byte) *fieldDef {
	v, _, ok := lookup(&t.fields, k)
	if !ok || v >= len(t.fieldList) {
		return nil
	}
	return t.fieldList[v]
}

// nameKey is the key of the attribute "name", which a label that is only a
// person ("Mother") asks for.
var nameKey = []byte("name")

// fieldOf returns the field that normalised label words ws name, or nil.
func (t *table) fieldOf(ws []string) *fieldDef {
	var kb [128]byte
	return t.field(t.keyBytes(ws, kb[:0]))
}

// attrOf returns the generic attribute that normalised label words ws
// name, or nil.
func (t *table) attrOf(ws []string) *attribute {
	var kb [128]byte
	return t.attr(t.keyBytes(ws, kb[:0]))
}

// isLabel reports whether normalised words ws are a label of the table: a
// field's or a generic attribute's.
func (t *table) isLabel(ws []string) bool {
	var kb [128]byte
	k := t.keyBytes(ws, kb[:0])
	return len(k) > 0 && (t.field(k) != nil || t.attr(k) != nil)
}

// synonym returns a field label for fuzzy matching, its words appended to buf.
func (t *table) synonym(r synonymRef, buf []string) synonym {
	k := t.fields.text[r.at:]
	if end := strings.IndexAny(k, "\t\n"); end >= 0 {
		k = k[:end]
	}
	for w := range strings.SplitSeq(k, " ") {
		buf = append(buf, w)
	}
	return synonym{words: buf, f: t.fieldList[r.field]}
}

// fuzzyWord returns what fuzzy matching knows of a word: its weight (a
// word used by many fields says little; words in no field label weigh 0.5)
// and the numbers of the synonyms that use it, ascending and separated by
// spaces, as its word record in labels.tab lists them.
func (t *table) fuzzyWord(w string) (weight float64, synonyms string) {
	n, at, ok := lookup(&t.index, w)
	if !ok {
		return 0.5, ""
	}
	// The record after the word: a tab, the number of fields, a tab, the list.
	rest := t.index.text[at+len(w):]
	if end := strings.IndexByte(rest, '\n'); end >= 0 {
		rest = rest[:end]
	}
	if _, list, ok := strings.Cut(strings.TrimPrefix(rest, "\t"), "\t"); ok {
		synonyms = list
	}
	return wordWeight(n), synonyms
}

// followupOf returns what the follow-up questions after field f's are
// asked for.
func (t *table) followupOf(f *fieldDef) (followup, bool) {
	for _, fu := range t.followups {
		if fu.f == f {
			return fu, true
		}
	}
	return followup{}, false
}

// source is the table as compile reads it from labels.yaml, in maps: encode
// writes it out as labels.tab, which decode reads into a table.
type source struct {
	stop         map[string]bool
	rewrite      map[string][]string // alias or noise phrase (joined words) -> replacement
	rewriteFirst map[string]bool     // first words of the rewrite phrases
	maxRewrite   int                 // longest phrase in rewrite, in words
	vocab        map[string]wordFlags
	subjects     map[string][]subject
	maxSubject   int
	familyWord   map[string]bool // one-word family subjects: "mother", "carer"
	veto         map[string]bool // other people: a fuzzy match must not drop them
	headingWords map[string]bool
	sections     map[string]section
	attrs        map[string]*attribute
	fields       map[string]*fieldDef // normalised key -> field
	index        *fuzzyIndex
	followWords  map[string]bool
	followups    map[*fieldDef]map[string]*fieldDef
	routes       []routePhrase
	raw          int // label variants listed in fields and attributes
}

// compile reads labels.yaml, checking it. Its result must not depend on map
// iteration order: encode writes it out, and TestLabelsTableCurrent compares
// that with labels.tab byte for byte.
func compile(data []byte) (*source, error) {
	var ff fileFormat
	if err := yaml.Unmarshal(data, &ff); err != nil {
		return nil, err
	}
	t := &source{
		stop:         map[string]bool{},
		rewrite:      map[string][]string{},
		rewriteFirst: map[string]bool{},
		vocab:        map[string]wordFlags{},
		subjects:     map[string][]subject{},
		familyWord:   map[string]bool{},
		veto:         map[string]bool{},
		headingWords: map[string]bool{},
		sections:     map[string]section{},
		attrs:        map[string]*attribute{},
		fields:       map[string]*fieldDef{},
		followWords:  map[string]bool{},
		followups:    map[*fieldDef]map[string]*fieldDef{},
	}
	for _, w := range ff.Stopwords {
		for _, x := range splitWords(w, nil) {
			t.stop[x] = true
		}
	}
	for _, k := range sortedKeys(ff.Aliases) {
		v := ff.Aliases[k]
		kw := splitWords(k, nil)
		if len(kw) == 0 {
			return nil, fmt.Errorf("alias %q is empty once normalised", k)
		}
		t.rewrite[strings.Join(kw, " ")] = splitWords(v, nil)
		t.rewriteFirst[kw[0]] = true
		t.maxRewrite = max(t.maxRewrite, len(kw))
	}
	for _, n := range ff.Noise {
		kw := splitWords(n, nil)
		if len(kw) == 0 {
			return nil, fmt.Errorf("noise phrase %q is empty once normalised", n)
		}
		t.rewrite[strings.Join(kw, " ")] = nil
		t.rewriteFirst[kw[0]] = true
		t.maxRewrite = max(t.maxRewrite, len(kw))
	}
	// The rest is normalised as Map normalises documents.
	lx, err := t.lexicon()
	if err != nil {
		return nil, err
	}
	// Subjects are matched on fully normalised labels.
	addSubject := func(phrase string, s subject) error {
		ws := lx.norm(phrase, nil)
		if len(ws) == 0 {
			return fmt.Errorf("subject %q is empty once normalised", phrase)
		}
		s.words = ws
		if s.kind == cFamily && len(ws) == 1 {
			t.familyWord[ws[0]] = true
		}
		t.subjects[ws[0]] = append(t.subjects[ws[0]], s)
		t.maxSubject = max(t.maxSubject, len(ws))
		return nil
	}
	// In sorted order, so that subjects of equal length keep one order.
	for _, rel := range sortedKeys(ff.People) {
		for _, p := range ff.People[rel] {
			if err := addSubject(p, subject{kind: cFamily, rel: rel}); err != nil {
				return nil, err
			}
		}
	}
	for _, kind := range sortedKeys(ff.Subjects) {
		c, ok := ctxNames[kind]
		if !ok || (c != cChild && c != cReferrer) {
			return nil, fmt.Errorf("unknown subject kind %q", kind)
		}
		for _, p := range ff.Subjects[kind] {
			if err := addSubject(p, subject{kind: c}); err != nil {
				return nil, err
			}
		}
	}
	for _, s := range t.subjects {
		// Longest phrase first, so "foster carer" wins over "carer".
		sort.SliceStable(s, func(i, j int) bool { return len(s[i].words) > len(s[j].words) })
	}
	for _, w := range ff.HeadingWords {
		for _, x := range lx.norm(w, nil) {
			t.headingWords[x] = true
		}
	}
	for kind, names := range ff.Sections {
		c, ok := ctxNames[kind]
		if !ok {
			return nil, fmt.Errorf("unknown section kind %q", kind)
		}
		s := section{kind: c}
		if kind == "siblings" {
			s.rel = "sibling"
		}
		for _, n := range names {
			k := lx.key(lx.norm(n, nil))
			if k == "" {
				return nil, fmt.Errorf("section name %q is empty once normalised", n)
			}
			if old, dup := t.sections[k]; dup && old != s {
				return nil, fmt.Errorf("section name %q is listed under two sections", n)
			}
			t.sections[k] = s
		}
	}
	ix := &fuzzyIndex{byWord: map[string][]int{}, weight: map[string]float64{}}
	t.index = ix
	owner := map[string]string{} // normalised key -> what claims it, for duplicate checks
	var clashes []error
	claim := func(k, who, label string) error {
		if k == "" {
			return fmt.Errorf("%s: label %q is empty once normalised", who, label)
		}
		if o, ok := owner[k]; ok && o != who {
			clashes = append(clashes, fmt.Errorf("label %q (%q) maps to both %s and %s", label, k, o, who))
			return nil
		}
		owner[k] = who
		return nil
	}
	for _, a := range ff.Attributes {
		name, _ := a["name"].(string)
		at := &attribute{name: name}
		var labels []string
		for k, v := range a {
			switch k {
			case "name":
			case "labels":
				list, _ := v.([]any)
				for _, l := range list {
					labels = append(labels, fmt.Sprint(l))
				}
			default:
				c, ok := ctxNames[k]
				if !ok {
					return nil, fmt.Errorf("attribute %q: unknown context %q", name, k)
				}
				f := fieldByPath[fmt.Sprint(v)]
				if f == nil {
					return nil, fmt.Errorf("attribute %q: unknown field %q", name, v)
				}
				at.by[c] = f
			}
		}
		if name == "" || len(labels) == 0 {
			return nil, fmt.Errorf("attribute without a name or labels")
		}
		for _, l := range labels {
			k := lx.key(lx.norm(l, nil))
			if err := claim(k, "attribute "+name, l); err != nil {
				return nil, err
			}
			t.attrs[k] = at
			t.raw++
		}
	}
	paths := make([]string, 0, len(ff.Fields))
	for p := range ff.Fields {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		f := fieldByPath[p]
		if f == nil {
			return nil, fmt.Errorf("fields: unknown field %q", p)
		}
		for _, l := range ff.Fields[p] {
			ws := lx.norm(l, nil)
			k := lx.key(ws)
			if err := claim(k, p, l); err != nil {
				return nil, err
			}
			t.raw++
			if _, seen := t.fields[k]; seen {
				continue
			}
			t.fields[k] = f
			ix.synonyms = append(ix.synonyms, synonym{words: strings.Fields(k), f: f})
		}
	}
	if len(clashes) > 0 {
		return nil, errors.Join(clashes...)
	}
	// Word weights for fuzzy matching: a word used by many fields says little.
	df := map[string]map[*fieldDef]bool{}
	for i, s := range ix.synonyms {
		for _, w := range s.words {
			if df[w] == nil {
				df[w] = map[*fieldDef]bool{}
			}
			df[w][s.f] = true
			ix.byWord[w] = append(ix.byWord[w], i)
		}
	}
	for w, fs := range df {
		ix.weight[w] = wordWeight(len(fs))
	}
	for _, w := range ff.FollowupWords {
		for _, x := range lx.norm(w, nil) {
			t.followWords[x] = true
		}
	}
	for _, w := range ff.FuzzyVeto {
		for _, x := range lx.norm(w, nil) {
			t.veto[x] = true
		}
	}
	for p, m := range ff.Followups {
		f := fieldByPath[p]
		if f == nil {
			return nil, fmt.Errorf("followups: unknown field %q", p)
		}
		t.followups[f] = map[string]*fieldDef{}
		for k, v := range m {
			g := fieldByPath[v]
			if g == nil || (k != "details" && k != "why_not") {
				return nil, fmt.Errorf("followups: bad entry %s: %s: %s", p, k, v)
			}
			t.followups[f][k] = g
		}
	}
	for route, phrases := range ff.Routes {
		for _, p := range phrases {
			t.routes = append(t.routes, routePhrase{phrase: plainWords(p), route: route})
		}
	}
	t.buildVocab()
	sort.Slice(t.routes, func(i, j int) bool {
		if len(t.routes[i].phrase) != len(t.routes[j].phrase) {
			return len(t.routes[i].phrase) > len(t.routes[j].phrase)
		}
		if t.routes[i].phrase != t.routes[j].phrase {
			return t.routes[i].phrase < t.routes[j].phrase
		}
		return t.routes[i].route < t.routes[j].route
	})
	return t, nil
}

// lexicon returns a table of the stop words and the alias and noise
// phrases alone, which is all that norm needs: compile normalises the rest
// of labels.yaml with it.
func (t *source) lexicon() (*table, error) {
	flags := map[string]wordFlags{}
	for w := range t.stop {
		flags[w] |= wStop
	}
	for w := range t.rewriteFirst {
		flags[w] |= wRewrite
	}
	words, phrases := sortedKeys(flags), sortedKeys(t.rewrite)
	lx := &table{maxRewrite: t.maxRewrite}
	for _, p := range phrases {
		lx.rewriteTo = append(lx.rewriteTo, t.rewrite[p])
	}
	var err, err2 error
	lx.words, err = newDict(words, func(i int) int { return int(flags[words[i]]) })
	lx.rewrites, err2 = newDict(phrases, func(i int) int { return i })
	return lx, errors.Join(err, err2)
}

// buildVocab records every word the table uses, with its flags, so that
// normalising a label interns known words and needs one look-up per word.
func (t *source) buildVocab() {
	add := func(w string) {
		if _, ok := t.vocab[w]; !ok {
			var f wordFlags
			for _, x := range [...]struct {
				set  map[string]bool
				flag wordFlags
			}{{t.stop, wStop}, {t.rewriteFirst, wRewrite}, {t.familyWord, wFamily}, {t.veto, wVeto},
				{t.headingWords, wHeading}, {t.followWords, wFollow}} {
				if x.set[w] {
					f |= x.flag
				}
			}
			t.vocab[w] = f
		}
	}
	for w := range t.stop {
		add(w)
	}
	for w := range t.rewriteFirst {
		add(w)
	}
	for k, ws := range t.rewrite {
		for _, w := range strings.Fields(k) {
			add(w)
		}
		for _, w := range ws {
			add(w)
		}
	}
	for w := range t.index.byWord {
		add(w)
	}
	for k := range t.attrs {
		for _, w := range strings.Fields(k) {
			add(w)
		}
	}
	for k := range t.sections {
		for _, w := range strings.Fields(k) {
			add(w)
		}
	}
	for _, m := range []map[string]bool{t.followWords, t.headingWords, t.veto, t.familyWord, negations} {
		for w := range m {
			add(w)
		}
	}
	for _, ss := range t.subjects {
		for _, s := range ss {
			for _, w := range s.words {
				add(w)
			}
		}
	}
}

// wordWeight is the weight of a word used by n fields in fuzzy matching: a
// word used by many fields says little.
func wordWeight(n int) float64 { return 1 / (1 + math.Log(float64(n))) }

// key is the matching key of normalised words: the non-number words, sorted
// and unique, joined by spaces.
func (t *table) key(ws []string) string {
	if len(ws) == 1 && !isNumber(ws[0]) {
		return ws[0]
	}
	var buf [128]byte
	return string(t.keyBytes(ws, buf[:0]))
}

// keyBytes appends the key of ws to dst, for t.field and the like: made
// in a buffer on the caller's stack, it is not allocated.
func (t *table) keyBytes(ws []string, dst []byte) []byte {
	var buf [16]string
	ks := buf[:0]
	for _, w := range ws {
		if !isNumber(w) && len(ks) < len(buf) {
			ks = append(ks, w)
		}
	}
	// insertion sort: labels are short
	for i := 1; i < len(ks); i++ {
		for j := i; j > 0 && ks[j] < ks[j-1]; j-- {
			ks[j], ks[j-1] = ks[j-1], ks[j]
		}
	}
	for i, w := range ks {
		if i > 0 && w == ks[i-1] {
			continue
		}
		if len(dst) > 0 {
			dst = append(dst, ' ')
		}
		dst = append(dst, w...)
	}
	return dst
}

// norm normalises a label into words: numbering dropped, words split and
// stemmed, aliases and noise phrases rewritten, stop words removed. Numbers
// are kept as words (they tell "Parent 1" from "Parent 2"). It appends to buf.
func (t *table) norm(s string, buf []string) []string {
	return t.dropStop(t.applyRewrites(splitWords(stripNumbering(s), buf)))
}

// dropStop removes the stop words from ws, in place.
func (t *table) dropStop(ws []string) []string {
	n := 0
	for _, w := range ws {
		if !t.is(w, wStop) {
			ws[n] = w
			n++
		}
	}
	return ws[:n]
}

// normFast is norm for labels found in documents, once the table is
// compiled: unknown words become placeholders and nothing is allocated in the
// common case.
func (t *table) normFast(s string, buf []string) []string {
	base := len(buf)
	ws, rewrite := t.wordsFast(stripNumbering(s), buf)
	if !rewrite {
		return ws
	}
	return append(ws[:base], t.dropStop(t.applyRewrites(ws[base:]))...)
}

// applyRewrites replaces aliases and removes noise phrases, longest first.
func (t *table) applyRewrites(ws []string) []string {
	changed := false
	var kb [96]byte
	for i := 0; i < len(ws); i++ {
		if !t.is(ws[i], wRewrite) {
			continue
		}
		for n := min(t.maxRewrite, len(ws)-i); n >= 1; n-- {
			k := kb[:0]
			for j, w := range ws[i : i+n] {
				if j > 0 {
					k = append(k, ' ')
				}
				k = append(k, w...)
			}
			rep, ok := t.rewrite(k)
			if !ok {
				continue
			}
			if !changed {
				ws = append([]string(nil), ws...)
				changed = true
			}
			tail := append([]string(nil), ws[i+n:]...)
			ws = append(append(ws[:i], rep...), tail...)
			i += len(rep) - 1
			break
		}
	}
	return ws
}

// splitWords splits s into lower-case, stemmed words. Possessive 's is
// dropped, other apostrophes join ("don't" = "dont"), dotted initials join
// ("d.o.b" = "dob"), and single letters are dropped ("Y/N", "concern(s)").
func splitWords(s string, buf []string) []string {
	out := buf
	var w []byte
	var tmp [64]byte
	w = tmp[:0]
	initials := false
	flush := func() {
		if len(w) == 0 {
			return
		}
		if len(w) == 1 && !(w[0] >= '0' && w[0] <= '9') {
			w = w[:0]
			initials = false
			return
		}
		out = append(out, string(stemBytes(w)))
		w = w[:0]
		initials = false
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9'):
			w = append(w, byte(r))
		case r < utf8.RuneSelf && r >= 'A' && r <= 'Z':
			w = append(w, byte(r+'a'-'A'))
		case isApostrophe(r):
			// possessive 's: drop it
			if i+size < len(s) && (s[i+size] == 's' || s[i+size] == 'S') {
				next := i + size + 1
				if next >= len(s) || !isWordByte(s[next]) {
					i = next
					continue
				}
			}
		case r == '.':
			// Dotted initials: d.o.b. / e.g.
			if (len(w) == 1 || initials) && isLetterByte(w[len(w)-1]) && i+1 < len(s) && isLetterByte(s[i+1]) &&
				(i+2 >= len(s) || !isWordByte(s[i+2])) {
				initials = true
			} else {
				flush()
			}
		case r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			w = utf8.AppendRune(w, unicode.ToLower(r))
		default:
			flush()
		}
		i += size
	}
	flush()
	return out
}

// wordsFast is splitWords with known words interned, stop words dropped and
// unknown words replaced by placeholders. rewrite reports a word that may
// start an alias or noise phrase (the caller then rewrites and drops stop
// words again).
func (t *table) wordsFast(s string, out []string) ([]string, bool) {
	ws, rewrite, _ := t.wordsUpTo(s, out, false)
	return ws, rewrite
}

// normLabel is normFast for text that may be a label or a value. It stops
// early, returning false, when the first word that is not a stop word is
// one the table does not know (or a number): such text cannot be a known
// label. Names, dates and most answers stop there.
func (t *table) normLabel(s string, buf []string) ([]string, bool) {
	base := len(buf)
	ws, rewrite, ok := t.wordsUpTo(stripNumbering(s), buf, true)
	if !ok {
		return buf[:base], false
	}
	if !rewrite {
		return ws, true
	}
	return append(ws[:base], t.dropStop(t.applyRewrites(ws[base:]))...), true
}

// wordsUpTo does the work of wordsFast. With labelOnly, it gives up (ok
// false) when the first word kept is unknown or a number.
func (t *table) wordsUpTo(s string, out []string, labelOnly bool) (ws []string, rewrite, ok bool) {
	base := len(out)
	first := true
	var tmp [64]byte
	w := tmp[:0]
	initials, rewrite := false, false
	unknown := 0
	flush := func() {
		if len(w) == 0 {
			return
		}
		if len(w) == 1 && !(w[0] >= '0' && w[0] <= '9') {
			w = w[:0]
			initials = false
			return
		}
		w = stemBytes(w)
		if v, ok := t.word(w); ok {
			if v.flags&wRewrite != 0 {
				rewrite = true // keep stop words from here: a phrase may use them
			}
			if rewrite || v.flags&wStop == 0 {
				out = append(out, v.s)
			}
		} else if allDigits(w) {
			if n, err := strconv.Atoi(string(w)); err == nil && n < len(smallNumbers) && len(w) <= 2 {
				out = append(out, smallNumbers[n])
			} else {
				out = append(out, string(w))
			}
		} else {
			out = append(out, unknownWords[unknown%len(unknownWords)])
			unknown++
		}
		w = w[:0]
		initials = false
	}
	for i := 0; i < len(s); {
		if labelOnly && first && len(out) > base {
			first = false
			if w := out[base]; isUnknown(w) || isNumber(w) {
				return out, rewrite, false
			}
		}
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
				if len(w) < cap(tmp) {
					w = append(w, c)
				}
			case c >= 'A' && c <= 'Z':
				if len(w) < cap(tmp) {
					w = append(w, c+'a'-'A')
				}
			case c == '\'' || c == '`':
				if i+1 < len(s) && (s[i+1] == 's' || s[i+1] == 'S') && (i+2 >= len(s) || !isWordByte(s[i+2])) {
					i += 2
					continue
				}
			case c == '.':
				if (len(w) == 1 || initials) && isLetterByte(w[len(w)-1]) && i+1 < len(s) && isLetterByte(s[i+1]) &&
					(i+2 >= len(s) || !isWordByte(s[i+2])) {
					initials = true
				} else {
					flush()
				}
			default:
				flush()
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case isApostrophe(r):
			if i+size < len(s) && (s[i+size] == 's' || s[i+size] == 'S') {
				next := i + size + 1
				if next >= len(s) || !isWordByte(s[next]) {
					i = next
					continue
				}
			}
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			w = utf8.AppendRune(w, unicode.ToLower(r))
		default:
			flush()
		}
		i += size
	}
	flush()
	if labelOnly && (len(out) == base || isUnknown(out[base]) || isNumber(out[base])) {
		return out, rewrite, false
	}
	return out, rewrite, true
}

func allDigits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(b) > 0
}

func isApostrophe(r rune) bool {
	return r == '\'' || r == '’' || r == '‘' || r == '`' || r == '´' || r == 'ʼ'
}

func isLetterByte(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b >= utf8.RuneSelf
}

func isNumber(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return w != ""
}

// stemBytes folds English plurals, in place: "concerns" = "concern",
// "injuries" = "injury", "wishes" = "wish". It is deliberately crude: labels
// and the table both go through it.
func stemBytes(w []byte) []byte {
	n := len(w)
	if n <= 3 || w[n-1] != 's' {
		return w
	}
	suffix := func(x string) bool { return n >= len(x) && string(w[n-len(x):]) == x }
	switch {
	case suffix("ies") && n > 4:
		return append(w[:n-3], 'y')
	case suffix("sses"), suffix("shes"), suffix("ches"), suffix("xes"):
		return w[:n-2]
	case suffix("ss"), suffix("us"), suffix("is"):
		return w
	}
	return w[:n-1]
}

// stripNumbering removes list markers and numbering from the start of a
// label: "3.", "3)", "Q4", "4a)", "1.2", "(b)", "ii.", "Section 2 -",
// "Part B:", "- ", "• ".
func stripNumbering(s string) string {
	// Fast path: an ordinary first word ("Child's name", "Jamie Smith").
	if len(s) > 1 && isLetterByte(s[0]) {
		j := 1
		for j < len(s) && j < 6 && isLetterByte(s[j]) {
			j++
		}
		if j == len(s) || (s[j] != ')' && s[j] != '.') {
			switch s[0] {
			case 'Q', 'q', 'S', 's', 'P', 'p':
			default:
				return s
			}
		}
	}
	for range 3 {
		s = trimLeftMarks(s)
		orig := s
		// "Section 2", "Part B", "Question 4"
		for _, w := range []string{"section ", "part ", "question ", "step "} {
			if len(s) > len(w) && strings.EqualFold(s[:len(w)], w) {
				rest := strings.TrimLeft(s[len(w):], " ")
				if n := markerLen(rest, true); n > 0 {
					s = rest[n:]
				}
				break
			}
		}
		if s == orig {
			// Q4, q.4
			if len(s) > 1 && (s[0] == 'Q' || s[0] == 'q') {
				r := strings.TrimLeft(s[1:], ".")
				if len(r) > 0 && r[0] >= '0' && r[0] <= '9' {
					if n := markerLen(r, true); n > 0 {
						s = r[n:]
					}
				}
			}
		}
		if s == orig {
			if n := markerLen(s, false); n > 0 {
				s = s[n:]
			}
		}
		s = trimLeftPunct(s)
		if s == orig {
			break
		}
	}
	return s
}

func trimLeftMarks(s string) string {
	for len(s) > 0 {
		switch {
		case s[0] == ' ' || s[0] == '\t' || s[0] == '-' || s[0] == '*' || s[0] == '>' || s[0] == '#':
			s = s[1:]
		case strings.HasPrefix(s, "–"), strings.HasPrefix(s, "—"), strings.HasPrefix(s, "•"):
			s = s[3:]
		case strings.HasPrefix(s, "·"):
			s = s[2:]
		case strings.HasPrefix(s, "▪"):
			s = s[3:]
		default:
			return s
		}
	}
	return s
}

func trimLeftPunct(s string) string {
	for len(s) > 0 {
		switch {
		case s[0] == ' ' || s[0] == '\t' || s[0] == '.' || s[0] == ')' || s[0] == ':' || s[0] == '-':
			s = s[1:]
		case strings.HasPrefix(s, "–"), strings.HasPrefix(s, "—"):
			s = s[3:]
		default:
			return s
		}
	}
	return s
}

// markerLen returns the length of a numbering marker at the start of s, or
// 0. A number ("3", "4a", "1.2") is a marker when followed by punctuation or
// a space; a letter or roman numeral ("b", "iv") only when followed by ")" or
// "." and a space, or when enclosed in parentheses. After "Section" (loose) a
// single letter followed by a space or punctuation is a marker too.
func markerLen(s string, loose bool) int {
	if s == "" {
		return 0
	}
	if s[0] == '(' {
		if j := strings.IndexByte(s, ')'); j > 1 && j <= 5 && isMarker(s[1:j]) {
			return j + 1
		}
		return 0
	}
	i := 0
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.' && i > 0 && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9') {
		i++
	}
	if i > 0 {
		dotted := strings.IndexByte(s[:i], '.') > 0
		if i < len(s) && isLetterByte(s[i]) && (i+1 == len(s) || !isLetterByte(s[i+1])) {
			i++ // 4a
		}
		// "3." "3)" "4a:" "1.2 " are numbering; "34 years" is not.
		switch {
		case i == len(s):
			return i
		case strings.ContainsRune(".):-", rune(s[i])), strings.HasPrefix(s[i:], "–"), strings.HasPrefix(s[i:], "—"):
			return i
		case (s[i] == ' ' || s[i] == '\t') && (loose || dotted):
			return i
		}
		return 0
	}
	// letters: a) b. iv)
	j := 0
	for j < len(s) && j < 4 && isLetterByte(s[j]) {
		j++
	}
	if j == 0 || !isMarker(s[:j]) {
		return 0
	}
	if j+1 < len(s) && (s[j] == ')' || s[j] == '.') && (s[j+1] == ' ' || s[j+1] == '\t') {
		return j + 1
	}
	if loose && j == 1 && (j == len(s) || strings.ContainsRune(" \t.):-–—", rune(s[j]))) {
		return j
	}
	return 0
}

func isMarker(s string) bool {
	if s == "" {
		return false
	}
	if isNumber(s) {
		return true
	}
	if len(s) == 1 && isLetterByte(s[0]) {
		return true
	}
	for _, r := range []string{"ii", "iii", "iv", "vi", "vii", "viii", "ix", "xi", "xii"} {
		if strings.EqualFold(s, r) {
			return true
		}
	}
	l := s
	// 4a, 12b
	if len(l) >= 2 && isNumber(l[:len(l)-1]) && isLetterByte(l[len(l)-1]) {
		return true
	}
	return false
}

// plainWords lower-cases s and keeps letters and digits, with single spaces
// between words, and apostrophes removed ("children's" = "childrens").
func plainWords(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	writePlainWords(&b, s)
	return b.String()
}

// spacedWords is plainWords(s) with a space at either end, for finding
// whole words and phrases in it (" lives with "), made in one allocation.
func spacedWords(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte(' ')
	writePlainWords(&b, s)
	b.WriteByte(' ')
	return b.String()
}

// writePlainWords writes plainWords(s) to b.
func writePlainWords(b *strings.Builder, s string) {
	space, started := false, false
	for _, r := range s {
		switch {
		case isApostrophe(r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && started {
				b.WriteByte(' ')
			}
			space, started = false, true
			b.WriteRune(unicode.ToLower(r))
		default:
			space = true
		}
	}
}

// Warm builds the label table now, with the list of field labels for fuzzy
// matching that is otherwise read on first use (each is built once).
// Callers about to read a document can run it in the background while the
// document is parsed.
func Warm() { loadTable().synonyms() }
