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

// labels.tab is the label table as compile reads it from labels.yaml,
// written out by encode. Every document check is a fresh process, and
// building the table is on its critical path: compiling the YAML there
// parsed, normalised and checked some 1,500 labels every time, and filling
// Go maps with the result still took 0.4 ms. labels.tab
// holds the table ready to use: every phrase normalised, and the keys that
// Map looks up (words, phrases, section names, labels) in dicts (dict.go)
// whose slots encode lays out, used where they lie in the binary. decode
// reads only the records that the dicts' values number (some 300 short
// ones), cutting substrings of the embedded text (no copies). The list of
// field labels for fuzzy matching, which most documents never need, is
// read on first use.
//
// Format, version 2. UTF-8 text, one record a line, its fields separated by
// tabs and the words of a phrase or key by single spaces (normalised words
// hold neither). Lines starting with # are comments. The first line is
// tableHeader; encode writes these records after it, in this order (decode
// needs counts first, and the field records together):
//
//	counts	NAME=N ...                sizes, for presizing (hints only)
//	raw	N                           label variants listed in labels.yaml
//	rewrite	PHRASE	REPLACEMENT       an alias
//	noise	PHRASE                      a noise phrase, removed
//	subject	KIND	REL	WORDS          together by first word, in matching order
//	section	KIND	REL	KEY ...         the names of a section
//	attr	NAME	CTX=PATH ...	KEY ...   a generic attribute and its labels
//	field	PATH	KEY ...                 the synonyms of a field, in order
//	followup	PATH	KIND=PATH ...
//	route	ROUTE	PHRASE              in matching order
//	dict	NAME	SLOTS                  a dict's slots (dictNames)
//	vocab	FLAGS	WORD ...             every word the table knows, by its flags
//	word	WORD	N	I ...                  fuzzy index: the synonyms using WORD, of N fields
//
// FLAGS are the names of the word flags (wordFlagNames), space-separated,
// or "-" for none. A synonym is a key of a field record; they are numbered
// from 0 in the order written. A dict's keys are where these records write
// them (a subject's first word, in vocab), their offsets counted from the
// start of the file; its values are a word's flags, a word record's N, or
// the number of the record (from 0, among those of its kind; for
// subjects, the group) that the key is in. TestLabelsTableCurrent checks
// that labels.tab is what encode writes, and that decoding it gives the
// table that compile reads. decode stops at the first vocab record: what
// follows holds only keys of the dicts.
//
//go:embed labels.tab
var labelsTab string

// tableHeader starts labels.tab. Change the version with the format.
const tableHeader = "frontdoor-labels\t2"

// ctxCode names contexts in labels.tab; ctxNames reads them back.
var ctxCode = [...]string{
	cStart: "default", cChild: "child", cFamily: "family", cReferrer: "referrer", cConcern: "concern",
	cSupport: "support", cAgency: "agency", cConsent: "consent", cReferral: "referral",
}

// dictNames name the table's dicts in labels.tab, in the order encode
// writes them.
var dictNames = [...]string{"words", "rewrites", "subjects", "sections", "attrs", "fields", "index"}

// dictNamed returns the table's dict called name, or nil.
func (t *table) dictNamed(name string) *dict {
	switch name {
	case "words":
		return &t.words
	case "rewrites":
		return &t.rewrites
	case "subjects":
		return &t.subjects
	case "sections":
		return &t.sections
	case "attrs":
		return &t.attrs
	case "fields":
		return &t.fields
	case "index":
		return &t.index
	}
	return nil
}

// counts are the sizes in the counts record.
type counts struct {
	words, subjects, groups, rewrites, sections, attrs, fields, followups, routes, synonyms int
}

// named returns the count called name, or nil.
func (c *counts) named(name string) *int {
	for _, n := range [...]struct {
		name string
		n    *int
	}{{"words", &c.words}, {"subject", &c.subjects}, {"subjectgroup", &c.groups}, {"rewrite", &c.rewrites},
		{"section", &c.sections}, {"attr", &c.attrs}, {"field", &c.fields}, {"followup", &c.followups},
		{"route", &c.routes}, {"synonym", &c.synonyms}} {
		if n.name == name {
			return n.n
		}
	}
	return nil
}

// decoder holds the state of decode: the table, and the pools that the
// table's slices are cut from so that each takes one allocation.
type decoder struct {
	t         *table
	n         counts
	words     []string // the words of phrases
	subjects  []subject
	lastFirst string // first word of the last subject record
	group     int    // where its group starts in subjects
	dicts     int    // the dicts read, one bit each
}

// decode reads labels.tab (see above) into a table.
func decode(data string) (*table, error) {
	header, rest, _ := strings.Cut(data, "\n")
	if header != tableHeader {
		return nil, fmt.Errorf("first line is %q, want %q", header, tableHeader)
	}
	d := &decoder{}
	fieldsFrom, fieldsTo := -1, -1
	n := 2
	for ; rest != ""; n++ {
		at := len(data) - len(rest)
		line, next, _ := strings.Cut(rest, "\n")
		if line == "" || line[0] == '#' {
			rest = next
			continue
		}
		rec, fs, _ := strings.Cut(line, "\t")
		if rec == "vocab" {
			break // the keys of the words, subjects and index dicts
		}
		if rec == "field" {
			if fieldsFrom < 0 {
				fieldsFrom = at
			} else if fieldsTo != at {
				return nil, fmt.Errorf("line %d: the field records are not together", n)
			}
			fieldsTo = len(data) - len(next)
		}
		if (rec == "counts") != (d.t == nil) {
			return nil, fmt.Errorf("line %d: counts must come first, once", n)
		}
		if err := d.record(data, rec, fs); err != nil {
			return nil, fmt.Errorf("line %d: %s: %w", n, rec, err)
		}
		rest = next
	}
	if d.t == nil || d.dicts != 1<<len(dictNames)-1 || fieldsFrom < 0 {
		return nil, errors.New("no counts, dicts or fields")
	}
	t := d.t
	fields, n := data[fieldsFrom:fieldsTo], d.n.synonyms
	t.synonyms = sync.OnceValue(func() []synonymRef { return readSynonyms(fields, fieldsFrom, n) })
	return t, nil
}

// record reads one record, rec, its fields being fs. data is all of
// labels.tab, where the dicts' keys are.
func (d *decoder) record(data, rec, fs string) error {
	t := d.t
	switch rec {
	case "counts":
		return d.counts(fs)
	case "raw":
		_, err := strconv.Atoi(fs)
		return err
	case "rewrite", "noise":
		phrase, rep, _ := strings.Cut(fs, "\t")
		if phrase == "" || (rec == "rewrite") == (rep == "") {
			return fmt.Errorf("bad phrase or replacement %q", fs)
		}
		t.rewriteTo = append(t.rewriteTo, d.phrase(rep))
		t.maxRewrite = max(t.maxRewrite, strings.Count(phrase, " ")+1)
	case "subject":
		k, rel, words, ok := cut3(fs)
		if !ok {
			return errors.New("want kind, relationship and words")
		}
		kind, ok := ctxNames[k]
		s := subject{kind: kind, rel: rel, words: d.phrase(words)}
		if !ok || len(s.words) == 0 {
			return fmt.Errorf("bad subject %q", fs)
		}
		// Subjects with one first word are listed together, in the
		// order of first words, so each group is a slice of the pool.
		first := s.words[0]
		if first != d.lastFirst || len(t.subjectGroups) == 0 {
			if first < d.lastFirst {
				return fmt.Errorf("subjects starting %q are not in order", first)
			}
			d.lastFirst, d.group = first, len(d.subjects)
			t.subjectGroups = append(t.subjectGroups, nil)
		}
		d.subjects = append(d.subjects, s)
		t.subjectGroups[len(t.subjectGroups)-1] = d.subjects[d.group:len(d.subjects):len(d.subjects)]
		t.maxSubject = max(t.maxSubject, len(s.words))
	case "section":
		k, fs, _ := strings.Cut(fs, "\t")
		rel, keys, _ := strings.Cut(fs, "\t")
		kind, ok := ctxNames[k]
		if !ok || keys == "" {
			return fmt.Errorf("bad section %q", fs)
		}
		t.sectionList = append(t.sectionList, section{kind: kind, rel: rel})
	case "attr":
		name, fs, _ := strings.Cut(fs, "\t")
		by, keys, _ := strings.Cut(fs, "\t")
		if keys == "" {
			return errors.New("no keys")
		}
		a := attribute{name: name}
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
		t.attrList = append(t.attrList, a)
	case "field":
		path, keys, _ := strings.Cut(fs, "\t")
		f := fieldByPath[path]
		if f == nil {
			return fmt.Errorf("unknown field %q", path)
		}
		if keys == "" {
			return errors.New("no keys")
		}
		t.fieldList = append(t.fieldList, f)
	case "followup":
		path, fs, _ := strings.Cut(fs, "\t")
		fu := followup{f: fieldByPath[path]}
		if fu.f == nil {
			return fmt.Errorf("unknown field %q", path)
		}
		err := pairs(fs, func(k string, g *fieldDef) error {
			switch k {
			case "details":
				fu.details = g
			case "why_not":
				fu.whyNot = g
			default:
				return fmt.Errorf("unknown follow-up %q", k)
			}
			return nil
		})
		if err != nil {
			return err
		}
		t.followups = append(t.followups, fu)
	case "route":
		route, phrase, _ := strings.Cut(fs, "\t")
		if phrase == "" {
			return errors.New("empty phrase")
		}
		t.routes = append(t.routes, routePhrase{phrase: phrase, route: route})
	case "dict":
		name, slots, _ := strings.Cut(fs, "\t")
		i := slices.Index(dictNames[:], name)
		if i < 0 || d.dicts&(1<<i) != 0 {
			return fmt.Errorf("unknown or repeated dict %q", name)
		}
		dt, err := readDict(data, slots)
		if err != nil {
			return err
		}
		*t.dictNamed(name) = dt
		d.dicts |= 1 << i
	default:
		return errors.New("unknown record")
	}
	return nil
}

// counts makes the table's slices and the pools, presized.
func (d *decoder) counts(s string) error {
	for kv := range strings.SplitSeq(s, " ") {
		k, v, _ := strings.Cut(kv, "=")
		x, err := strconv.Atoi(v)
		if err != nil || x < 0 || x > 1e6 {
			return fmt.Errorf("bad count %q", kv)
		}
		if p := d.n.named(k); p != nil {
			*p = x
		}
	}
	n := &d.n
	d.t = &table{
		rewriteTo:     make([][]string, 0, n.rewrites),
		subjectGroups: make([][]subject, 0, n.groups),
		sectionList:   make([]section, 0, n.sections),
		attrList:      make([]attribute, 0, n.attrs),
		fieldList:     make([]*fieldDef, 0, n.fields),
		followups:     make([]followup, 0, n.followups),
		routes:        make([]routePhrase, 0, n.routes),
	}
	d.words = make([]string, 0, n.words)
	d.subjects = make([]subject, 0, n.subjects)
	return nil
}

// readSynonyms lists the keys of the field records (fields, which start at
// offset from in labels.tab), in order, for fuzzy matching: n is the count.
func readSynonyms(fields string, from, n int) []synonymRef {
	syns := make([]synonymRef, 0, n)
	at, field := from, int32(0)
	for l := range strings.SplitSeq(strings.TrimSuffix(fields, "\n"), "\n") {
		// field PATH KEY ...: the keys start after the second tab.
		skip := strings.IndexByte(l, '\t') + 1
		skip += strings.IndexByte(l[skip:], '\t') + 1
		for k := range strings.SplitSeq(l[skip:], "\t") {
			syns = append(syns, synonymRef{at: int32(at + skip), field: field})
			skip += len(k) + 1
		}
		at += len(l) + 1
		field++
	}
	return syns
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
func (t *source) encode() ([]byte, error) {
	e := &encoder{}
	e.line(tableHeader)
	e.line("# The compiled label table, generated from labels.yaml: DO NOT EDIT.")
	e.line("# go test ./checker/intake/mapping -run TestLabelsTable -update-labels")
	e.line("# The format is described in compiled.go.")

	ix := t.index
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
	// Sections, each with its names, in the order of their first name.
	var sections []section
	sectionKeys := map[section][]string{}
	for _, k := range sortedKeys(t.sections) {
		s := t.sections[k]
		if sectionKeys[s] == nil {
			sections = append(sections, s)
		}
		sectionKeys[s] = append(sectionKeys[s], k)
	}
	// Words, by their flags.
	byFlags := map[wordFlags][]string{}
	for _, w := range sortedKeys(t.vocab) {
		byFlags[t.vocab[w]] = append(byFlags[t.vocab[w]], w)
	}
	flags := make([]wordFlags, 0, len(byFlags))
	for f := range byFlags {
		flags = append(flags, f)
	}
	slices.Sort(flags)
	nsub, nwords := 0, 0
	for _, ss := range t.subjects {
		nsub += len(ss)
		for _, s := range ss {
			nwords += len(s.words)
		}
	}
	for _, ws := range t.rewrite {
		nwords += len(ws)
	}
	e.fields("counts", fmt.Sprintf("words=%d subject=%d subjectgroup=%d rewrite=%d section=%d attr=%d field=%d "+
		"followup=%d route=%d synonym=%d",
		nwords, nsub, len(t.subjects), len(t.rewrite), len(sections), len(attrs), len(seen),
		len(t.followups), len(t.routes), len(ix.synonyms)))
	e.fields("raw", strconv.Itoa(t.raw))

	// The dicts' entries, as the records that hold their keys are written.
	// The vocab and word records, which decode need not read, go last, after
	// the dicts: they are written first, to a tail of their own, and the
	// offsets of their keys moved when the length of the dicts is known.
	entries, tailEntries := map[string][]dictEntry{}, map[string][]dictEntry{}
	add := func(dict string, keys []string, at []int, value int) {
		for i, k := range keys {
			entries[dict] = append(entries[dict], dictEntry{key: k, at: at[i], value: value})
		}
	}
	addTail := func(dict, key string, at, value int) {
		tailEntries[dict] = append(tailEntries[dict], dictEntry{key: key, at: at, value: value})
	}
	tail := &encoder{}
	wordAt := map[string]int{}
	for _, f := range flags {
		ws := byFlags[f]
		at := tail.fields("vocab", append([]string{e.flagNames(f)}, ws...)...)[1:]
		for i, w := range ws {
			addTail("words", w, at[i], int(f))
			wordAt[w] = at[i]
		}
	}
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
		at := tail.fields("word", w, strconv.Itoa(len(fs)), strings.Join(is, " "))
		addTail("index", w, at[0], len(fs))
	}
	if len(ix.weight) != len(ix.byWord) {
		e.fail(errors.New("weights and fuzzy index differ"))
	}
	for i, k := range sortedKeys(t.rewrite) {
		var at []int
		if rep := t.rewrite[k]; len(rep) > 0 {
			at = e.fields("rewrite", k, e.phrase(rep))
		} else {
			at = e.fields("noise", k)
		}
		add("rewrites", []string{k}, at, i)
	}
	for i, first := range sortedKeys(t.subjects) {
		for _, s := range t.subjects[first] {
			e.fields("subject", e.ctx(s.kind), s.rel, e.phrase(s.words))
		}
		at, ok := wordAt[first]
		if !ok {
			e.fail(fmt.Errorf("subject word %q is not in vocab", first))
		}
		addTail("subjects", first, at, i)
	}
	for i, s := range sections {
		keys := sectionKeys[s]
		at := e.fields("section", append([]string{e.ctx(s.kind), s.rel}, keys...)...)
		add("sections", keys, at[2:], i)
	}
	for i, a := range attrs {
		var by []string
		for c, f := range a.by {
			if f != nil {
				by = append(by, e.ctx(ctx(c))+"="+f.path)
			}
		}
		keys := attrKeys[a]
		at := e.fields("attr", append([]string{a.name, strings.Join(by, " ")}, keys...)...)
		add("attrs", keys, at[2:], i)
	}
	for i, field := 0, 0; i < len(ix.synonyms); field++ {
		f := ix.synonyms[i].f
		var keys []string
		for ; i < len(ix.synonyms) && ix.synonyms[i].f == f; i++ {
			keys = append(keys, e.phrase(ix.synonyms[i].words))
		}
		at := e.fields("field", append([]string{f.path}, keys...)...)
		add("fields", keys, at[1:], field)
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
		e.fields("route", r.route, r.phrase)
	}
	// The tail starts after the dict records, whose slots' sizes the
	// number of their entries sets.
	start := e.buf.Len()
	for _, name := range dictNames {
		n := len(entries[name]) + len(tailEntries[name])
		start += len("dict\t"+name+"\t") + slotWidth*slotCount(n) + 1
	}
	for _, name := range dictNames {
		for _, te := range tailEntries[name] {
			te.at += start
			entries[name] = append(entries[name], te)
		}
		slots, err := makeSlots(entries[name])
		if err != nil {
			e.fail(fmt.Errorf("dict %s: %w", name, err))
		}
		e.fields("dict", name, slots)
	}
	if e.buf.Len() != start {
		e.fail(errors.New("the dicts are not the length foreseen"))
	}
	e.buf.Write(tail.buf.Bytes())
	if e.err != nil || tail.err != nil {
		return nil, errors.Join(e.err, tail.err)
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

// fields writes a record, and returns where each field starts in the file.
// A field must hold no tab or line break.
func (e *encoder) fields(rec string, fs ...string) []int {
	at := make([]int, len(fs))
	n := e.buf.Len() + len(rec)
	for i, f := range fs {
		if strings.ContainsAny(f, "\t\n\r") {
			e.fail(fmt.Errorf("%s: %q holds a tab or line break", rec, f))
		}
		at[i] = n + 1
		n += 1 + len(f)
	}
	e.line(rec + "\t" + strings.Join(fs, "\t"))
	return at
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

// flagNames names word flags, "-" for none.
func (e *encoder) flagNames(f wordFlags) string {
	var names []string
	for i, name := range wordFlagNames {
		if f&(1<<i) != 0 {
			names = append(names, name)
		}
	}
	if f>>len(wordFlagNames) != 0 {
		e.fail(fmt.Errorf("word flags %b have no name", f))
	}
	if len(names) == 0 {
		return "-"
	}
	return strings.Join(names, " ")
}
