package mapping

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// labels.tab is the label table as compile builds it from labels.yaml,
// written out by encode. Every document check is a fresh process, and
// building the table is on its critical path: compiling the YAML (or JSON of
// it) there parsed, normalised and checked some 1,500 labels every time.
// labels.tab holds the result, every phrase already normalised, so decode
// only splits lines into substrings of the embedded text (no copies) and
// inserts them into maps presized from the counts. The fuzzy-matching index,
// which most documents never use, is read on first use.
//
// Format, version 1. UTF-8 text, one record a line, its fields separated by
// tabs and the words of a phrase or key by single spaces (normalised words
// hold neither). Lines starting with # are comments. The first line is
// tableHeader; encode writes these records after it, in this order (decode
// needs counts first, the field records together and the word records last):
//
//	counts	NAME=N ...                sizes, for presizing (hints only)
//	raw	N                           label variants listed in labels.yaml
//	stop	WORD ...                    stop words
//	heading	WORD ...                 heading words
//	follow	WORD ...                  follow-up words
//	veto	WORD ...                    fuzzy veto words
//	rewrite	PHRASE	REPLACEMENT       an alias
//	noise	PHRASE                      a noise phrase, removed
//	subject	KIND	REL	WORDS          together by first word, in matching order
//	section	KIND	REL	KEY
//	attr	NAME	CTX=PATH ...	KEY ...   a generic attribute and its labels
//	field	PATH	KEY ...                 the synonyms of a field, in order
//	followup	PATH	KIND=PATH ...
//	route	ROUTE	PHRASE              in matching order
//	vocab	WORD ...                   every word the table knows
//	word	WORD	N	I ...                  fuzzy index: the synonyms using WORD, of N fields
//
// The word records come last: decode stops at the first, and the fuzzy index
// is read from them and the field records when it is first needed. What
// compile derives from these (the first words of rewrites, one-word family
// subjects, longest phrases, word weights) decode derives too.
// TestLabelsTableCurrent checks that decoding labels.tab gives exactly the
// table that compile builds from labels.yaml.
//
//go:embed labels.tab
var labelsTab string

// tableHeader starts labels.tab. Change the version with the format.
const tableHeader = "frontdoor-labels\t1"

// ctxCode names contexts in labels.tab; ctxNames reads them back.
var ctxCode = [...]string{
	cStart: "default", cChild: "child", cFamily: "family", cReferrer: "referrer", cConcern: "concern",
	cSupport: "support", cAgency: "agency", cConsent: "consent", cReferral: "referral",
}

// decoder holds the state of decode: the table, and the pools that the
// table's slices are cut from so that each takes one allocation.
type decoder struct {
	t         *table
	n         map[string]int // the counts
	words     []string       // the words of phrases and keys
	subjects  []subject
	attrs     []attribute
	lastFirst string // first word of the last subject record
	group     int    // where its group starts in subjects
	vocab     string // the vocab record, read last
}

// decode reads labels.tab (see above) into a table.
func decode(data string) (*table, error) {
	header, data, _ := strings.Cut(data, "\n")
	if header != tableHeader {
		return nil, fmt.Errorf("first line is %q, want %q", header, tableHeader)
	}
	d := &decoder{}
	all := data
	fieldsFrom, fieldsTo := -1, -1
	n := 2
	for ; data != ""; n++ {
		at := len(all) - len(data)
		line, next, _ := strings.Cut(data, "\n")
		if line == "" || line[0] == '#' {
			data = next
			continue
		}
		rec, rest, _ := strings.Cut(line, "\t")
		if rec == "word" {
			break // the fuzzy index, read on first use
		}
		if rec == "field" {
			if fieldsFrom < 0 {
				fieldsFrom = at
			} else if fieldsTo != at {
				return nil, fmt.Errorf("line %d: the field records are not together", n)
			}
			fieldsTo = len(all) - len(next)
		}
		if (rec == "counts") != (d.t == nil) {
			return nil, fmt.Errorf("line %d: counts must come first, once", n)
		}
		if err := d.record(rec, rest); err != nil {
			return nil, fmt.Errorf("line %d: %s: %w", n, rec, err)
		}
		data = next
	}
	if d.t == nil || d.vocab == "" || fieldsFrom < 0 {
		return nil, errors.New("no counts, vocab or fields")
	}
	t := d.t
	// vocab last: its flags come from the stop words and rewrites.
	for w := range strings.SplitSeq(d.vocab, " ") {
		t.vocab[w] = wordInfo{s: w}
	}
	for w := range t.stop {
		v := t.vocab[w]
		v.stop = true
		t.vocab[w] = v
	}
	for w := range t.rewriteFirst {
		v := t.vocab[w]
		v.rewrite = true
		t.vocab[w] = v
	}
	// The routes' padded phrases, " phrase ", in one allocation.
	size := 0
	for _, r := range t.routes {
		size += len(r.phrase) + 2
	}
	var b strings.Builder
	b.Grow(size)
	for _, r := range t.routes {
		b.WriteByte(' ')
		b.WriteString(r.phrase)
		b.WriteByte(' ')
	}
	padded := b.String()
	for i := range t.routes {
		size := len(t.routes[i].phrase) + 2
		t.routes[i].padded, padded = padded[:size], padded[size:]
	}
	fields, words, counts, wordLine := all[fieldsFrom:fieldsTo], data, d.n, n
	t.index = sync.OnceValue(func() *fuzzyIndex {
		ix, err := decodeIndex(fields, words, counts, wordLine)
		if err != nil {
			panic("mapping: labels.tab: " + err.Error())
		}
		return ix
	})
	return t, nil
}

func (d *decoder) record(rec, rest string) error {
	t := d.t
	switch rec {
	case "counts":
		return d.counts(rest)
	case "raw":
		n, err := strconv.Atoi(rest)
		t.raw = n
		return err
	case "stop":
		return set(t.stop, rest)
	case "heading":
		return set(t.headingWords, rest)
	case "follow":
		return set(t.followWords, rest)
	case "veto":
		return set(t.veto, rest)
	case "rewrite", "noise":
		phrase, rep, _ := strings.Cut(rest, "\t")
		first, _, _ := strings.Cut(phrase, " ")
		if first == "" || (rec == "rewrite") == (rep == "") {
			return fmt.Errorf("bad phrase or replacement %q", rest)
		}
		t.rewrite[phrase] = d.phrase(rep)
		t.rewriteFirst[first] = true
		t.maxRewrite = max(t.maxRewrite, strings.Count(phrase, " ")+1)
	case "subject":
		k, rel, words, ok := cut3(rest)
		if !ok {
			return errors.New("want kind, relationship and words")
		}
		kind, ok := ctxNames[k]
		s := subject{kind: kind, rel: rel, words: d.phrase(words)}
		if !ok || len(s.words) == 0 {
			return fmt.Errorf("bad subject %q", rest)
		}
		// Subjects with one first word are listed together, so each
		// group is a slice of the pool.
		first := s.words[0]
		if first != d.lastFirst {
			if _, dup := t.subjects[first]; dup {
				return fmt.Errorf("subjects starting %q are not together", first)
			}
			d.lastFirst, d.group = first, len(d.subjects)
		}
		d.subjects = append(d.subjects, s)
		t.subjects[first] = d.subjects[d.group:len(d.subjects):len(d.subjects)]
		if s.kind == cFamily && len(s.words) == 1 {
			t.familyWord[first] = true
		}
		t.maxSubject = max(t.maxSubject, len(s.words))
	case "section":
		k, rel, key, ok := cut3(rest)
		if !ok {
			return errors.New("want kind, relationship and key")
		}
		kind, ok := ctxNames[k]
		if !ok || key == "" {
			return fmt.Errorf("bad section %q", rest)
		}
		t.sections[key] = section{kind: kind, rel: rel}
	case "attr":
		name, rest, _ := strings.Cut(rest, "\t")
		by, keys, _ := strings.Cut(rest, "\t")
		// Attributes are kept in a pool; a pool that grows past its
		// count still works, the pointers in t.attrs keeping the old array.
		d.attrs = append(d.attrs, attribute{name: name, by: make(map[ctx]*fieldDef, strings.Count(by, " ")+1)})
		a := &d.attrs[len(d.attrs)-1]
		err := pairs(by, func(c string, f *fieldDef) error {
			k, ok := ctxNames[c]
			if !ok {
				return fmt.Errorf("unknown context %q", c)
			}
			a.by[k] = f
			return nil
		})
		if err != nil {
			return err
		}
		for k := range strings.SplitSeq(keys, "\t") {
			if k == "" {
				return errors.New("empty key")
			}
			t.attrs[k] = a
		}
	case "field":
		path, keys, _ := strings.Cut(rest, "\t")
		f := fieldByPath[path]
		if f == nil {
			return fmt.Errorf("unknown field %q", path)
		}
		for k := range strings.SplitSeq(keys, "\t") {
			if k == "" {
				return errors.New("empty key")
			}
			t.fields[k] = f
		}
	case "followup":
		path, rest, _ := strings.Cut(rest, "\t")
		f := fieldByPath[path]
		if f == nil {
			return fmt.Errorf("unknown field %q", path)
		}
		m := make(map[string]*fieldDef, 2)
		t.followups[f] = m
		return pairs(rest, func(k string, g *fieldDef) error {
			m[k] = g
			return nil
		})
	case "route":
		route, phrase, _ := strings.Cut(rest, "\t")
		if phrase == "" {
			return errors.New("empty phrase")
		}
		t.routes = append(t.routes, routePhrase{phrase: phrase, route: route})
	case "vocab":
		d.vocab = rest
	default:
		return errors.New("unknown record")
	}
	return nil
}

// counts makes the table's maps and the pools, presized.
func (d *decoder) counts(s string) error {
	n := make(map[string]int, 24)
	for kv := range strings.SplitSeq(s, " ") {
		k, v, _ := strings.Cut(kv, "=")
		x, err := strconv.Atoi(v)
		if err != nil || x < 0 || x > 1e6 {
			return fmt.Errorf("bad count %q", kv)
		}
		n[k] = x
	}
	d.n = n
	d.t = &table{
		stop:         make(map[string]bool, n["stop"]),
		rewrite:      make(map[string][]string, n["rewrite"]),
		rewriteFirst: make(map[string]bool, n["rewritefirst"]),
		vocab:        make(map[string]wordInfo, n["vocab"]),
		subjects:     make(map[string][]subject, n["subjectfirst"]),
		familyWord:   make(map[string]bool, n["family"]),
		veto:         make(map[string]bool, n["veto"]),
		headingWords: make(map[string]bool, n["heading"]),
		sections:     make(map[string]section, n["section"]),
		attrs:        make(map[string]*attribute, n["attrkey"]),
		fields:       make(map[string]*fieldDef, n["field"]),
		followWords:  make(map[string]bool, n["follow"]),
		followups:    make(map[*fieldDef]map[string]*fieldDef, n["followup"]),
		routes:       make([]routePhrase, 0, n["route"]),
	}
	d.words = make([]string, 0, n["words"])
	d.subjects = make([]subject, 0, n["subject"])
	d.attrs = make([]attribute, 0, n["attr"])
	return nil
}

// decodeIndex reads the fuzzy index: the synonyms from the field records,
// in order, and the word records. line is the number of the first word
// record, for errors.
func decodeIndex(fields, words string, n map[string]int, line int) (*fuzzyIndex, error) {
	ix := &fuzzyIndex{
		synonyms: make([]synonym, 0, n["field"]),
		byWord:   make(map[string][]int, n["word"]),
		weight:   make(map[string]float64, n["word"]),
	}
	pool := make([]string, 0, n["synwords"])
	for l := range strings.SplitSeq(strings.TrimSuffix(fields, "\n"), "\n") {
		_, rest, _ := strings.Cut(l, "\t")
		path, keys, _ := strings.Cut(rest, "\t")
		f := fieldByPath[path] // decode checked the records
		for k := range strings.SplitSeq(keys, "\t") {
			start := len(pool)
			for w := range strings.SplitSeq(k, " ") {
				pool = append(pool, w)
			}
			ix.synonyms = append(ix.synonyms, synonym{words: pool[start:len(pool):len(pool)], f: f})
		}
	}
	indexes := make([]int, 0, n["index"])
	for l := range strings.SplitSeq(strings.TrimSuffix(words, "\n"), "\n") {
		rec, rest, _ := strings.Cut(l, "\t")
		w, count, list, ok := cut3(rest)
		if rec != "word" || !ok || w == "" {
			return nil, fmt.Errorf("line %d: want a word record", line)
		}
		fs, err := strconv.Atoi(count)
		if err != nil || fs < 1 {
			return nil, fmt.Errorf("line %d: bad field count %q", line, count)
		}
		start := len(indexes)
		for s := range strings.SplitSeq(list, " ") {
			i, err := strconv.Atoi(s)
			if err != nil || i < 0 || i >= len(ix.synonyms) {
				return nil, fmt.Errorf("line %d: bad synonym index %q", line, s)
			}
			indexes = append(indexes, i)
		}
		ix.byWord[w] = indexes[start:len(indexes):len(indexes)]
		ix.weight[w] = wordWeight(fs)
		line++
	}
	return ix, nil
}

// set adds the words of s to m.
func set(m map[string]bool, s string) error {
	for w := range strings.SplitSeq(s, " ") {
		if w == "" {
			return errors.New("empty word")
		}
		m[w] = true
	}
	return nil
}

// phrase returns the words of s, cut from the pool; nil when s is "".
func (d *decoder) phrase(s string) []string {
	if s == "" {
		return nil
	}
	start := len(d.words)
	for w := range strings.SplitSeq(s, " ") {
		d.words = append(d.words, w)
	}
	return d.words[start:len(d.words):len(d.words)]
}

// cut3 splits s into exactly three tab-separated fields.
func cut3(s string) (a, b, c string, ok bool) {
	a, s, ok1 := strings.Cut(s, "\t")
	b, c, ok2 := strings.Cut(s, "\t")
	return a, b, c, ok1 && ok2 && !strings.Contains(c, "\t")
}

// pairs calls fn for each NAME=PATH in s, space-separated.
func pairs(s string, fn func(string, *fieldDef) error) error {
	if s == "" {
		return nil
	}
	for kv := range strings.SplitSeq(s, " ") {
		k, path, _ := strings.Cut(kv, "=")
		f := fieldByPath[path]
		if f == nil {
			return fmt.Errorf("unknown field %q", path)
		}
		if err := fn(k, f); err != nil {
			return err
		}
	}
	return nil
}

// encode writes the table in the form decode reads (see labels.tab above).
// Everything is in a fixed order, so that the same labels.yaml gives the
// same file.
func (t *table) encode() ([]byte, error) {
	e := &encoder{}
	e.line(tableHeader)
	e.line("# The compiled label table, generated from labels.yaml: DO NOT EDIT.")
	e.line("# go test ./checker/intake/mapping -run TestLabelsTable -update-labels")
	e.line("# The format is described in compiled.go.")

	ix := t.index()
	// The synonyms of one field are on one line: check that they are
	// together, and that they are the fields map.
	if len(ix.synonyms) != len(t.fields) {
		return nil, errors.New("synonyms and fields differ")
	}
	seen := map[*fieldDef]bool{}
	for i, s := range ix.synonyms {
		if t.fields[strings.Join(s.words, " ")] != s.f {
			return nil, fmt.Errorf("synonym %q is not in fields", s.words)
		}
		if i > 0 && ix.synonyms[i-1].f != s.f && seen[s.f] {
			return nil, fmt.Errorf("the synonyms of %s are not together", s.f.path)
		}
		seen[s.f] = true
	}
	// Attributes, each with its keys, in the order of their first key.
	var attrs []*attribute
	attrKeys := map[*attribute][]string{}
	for _, k := range sortedKeys(t.attrs) {
		a := t.attrs[k]
		if attrKeys[a] == nil {
			attrs = append(attrs, a)
		}
		attrKeys[a] = append(attrKeys[a], k)
	}
	nsub, nwords, nsynwords, nindex := 0, 0, 0, 0
	for _, ss := range t.subjects {
		nsub += len(ss)
		for _, s := range ss {
			nwords += len(s.words)
		}
	}
	for _, ws := range t.rewrite {
		nwords += len(ws)
	}
	for _, s := range ix.synonyms {
		nsynwords += len(s.words)
	}
	for _, is := range ix.byWord {
		nindex += len(is)
	}
	e.fields("counts", fmt.Sprintf("stop=%d rewrite=%d rewritefirst=%d vocab=%d subject=%d subjectfirst=%d family=%d veto=%d "+
		"heading=%d section=%d attr=%d attrkey=%d field=%d words=%d follow=%d followup=%d route=%d "+
		"synwords=%d word=%d index=%d",
		len(t.stop), len(t.rewrite), len(t.rewriteFirst), len(t.vocab), nsub, len(t.subjects), len(t.familyWord), len(t.veto),
		len(t.headingWords), len(t.sections), len(attrs), len(t.attrs), len(t.fields), nwords, len(t.followWords),
		len(t.followups), len(t.routes), nsynwords, len(ix.byWord), nindex))
	e.fields("raw", strconv.Itoa(t.raw))
	e.words("stop", sortedKeys(t.stop))
	e.words("heading", sortedKeys(t.headingWords))
	e.words("follow", sortedKeys(t.followWords))
	e.words("veto", sortedKeys(t.veto))
	for _, k := range sortedKeys(t.rewrite) {
		if rep := t.rewrite[k]; len(rep) > 0 {
			e.fields("rewrite", k, e.phrase(rep))
		} else {
			e.fields("noise", k)
		}
	}
	for _, first := range sortedKeys(t.subjects) {
		for _, s := range t.subjects[first] {
			e.fields("subject", e.ctx(s.kind), s.rel, e.phrase(s.words))
		}
	}
	for _, k := range sortedKeys(t.sections) {
		s := t.sections[k]
		e.fields("section", e.ctx(s.kind), s.rel, k)
	}
	for _, a := range attrs {
		var by []string
		for c := range ctx(len(ctxCode)) {
			if f := a.by[c]; f != nil {
				by = append(by, e.ctx(c)+"="+f.path)
			}
		}
		if len(a.by) != len(by) {
			e.fail(fmt.Errorf("attribute %q: unknown context", a.name))
		}
		e.fields("attr", append([]string{a.name, strings.Join(by, " ")}, attrKeys[a]...)...)
	}
	for i := 0; i < len(ix.synonyms); {
		f := ix.synonyms[i].f
		rec := []string{f.path}
		for ; i < len(ix.synonyms) && ix.synonyms[i].f == f; i++ {
			rec = append(rec, e.phrase(ix.synonyms[i].words))
		}
		e.fields("field", rec...)
	}
	var followups []string
	byPath := map[string]*fieldDef{}
	for f := range t.followups {
		followups = append(followups, f.path)
		byPath[f.path] = f
	}
	slices.Sort(followups)
	for _, p := range followups {
		m := t.followups[byPath[p]]
		var kv []string
		for _, k := range sortedKeys(m) {
			kv = append(kv, k+"="+m[k].path)
		}
		e.fields("followup", p, strings.Join(kv, " "))
	}
	for _, r := range t.routes {
		if r.padded != " "+r.phrase+" " {
			e.fail(fmt.Errorf("route phrase %q", r.phrase))
		}
		e.fields("route", r.route, r.phrase)
	}
	e.words("vocab", sortedKeys(t.vocab))
	for _, w := range sortedKeys(ix.byWord) {
		fs := map[*fieldDef]bool{}
		var is []string
		for _, i := range ix.byWord[w] {
			fs[ix.synonyms[i].f] = true
			is = append(is, strconv.Itoa(i))
		}
		if ix.weight[w] != wordWeight(len(fs)) {
			e.fail(fmt.Errorf("weight of %q is not from its %d fields", w, len(fs)))
		}
		e.fields("word", w, strconv.Itoa(len(fs)), strings.Join(is, " "))
	}
	if len(ix.weight) != len(ix.byWord) {
		e.fail(errors.New("weights and fuzzy index differ"))
	}
	if e.err != nil {
		return nil, e.err
	}
	return e.buf.Bytes(), nil
}

// encoder writes labels.tab, checking that every field can be read back.
type encoder struct {
	buf bytes.Buffer
	err error
}

func (e *encoder) fail(err error) {
	if e.err == nil {
		e.err = err
	}
}

func (e *encoder) line(s string) {
	e.buf.WriteString(s)
	e.buf.WriteByte('\n')
}

// fields writes a record. A field must hold no tab or line break.
func (e *encoder) fields(rec string, fs ...string) {
	for _, f := range fs {
		if strings.ContainsAny(f, "\t\n\r") {
			e.fail(fmt.Errorf("%s: %q holds a tab or line break", rec, f))
		}
	}
	e.line(rec + "\t" + strings.Join(fs, "\t"))
}

// words writes a record of single words.
func (e *encoder) words(rec string, ws []string) {
	e.fields(rec, e.phrase(ws))
}

// phrase joins words with spaces. A word must not be empty or hold a space.
func (e *encoder) phrase(ws []string) string {
	for _, w := range ws {
		if w == "" || strings.Contains(w, " ") {
			e.fail(fmt.Errorf("word %q is empty or holds a space", w))
		}
	}
	return strings.Join(ws, " ")
}

func (e *encoder) ctx(c ctx) string {
	if int(c) >= len(ctxCode) || ctxCode[c] == "" || ctxNames[ctxCode[c]] != c {
		e.fail(fmt.Errorf("context %d has no name", c))
		return ""
	}
	return ctxCode[c]
}
