package guidance

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
	"slices"
	"strings"
	"sync"
)

// The built-in pack's word index, compiled when the pack is built
// (TestDefaultPackCurrent -update-pack) and embedded beside it, so that a
// one-shot `frontdoor check` decodes the index instead of compiling some
// fourteen thousand alternatives at every start.
//
// The form: a magic line, then unsigned varints. Strings are offsets into
// one string table at the end, which the decoder turns into a single
// string, so that every word and phrase is a slice of it (no allocation per
// word). Pointers are numbers: alternatives by their place in the alt
// table, part indexes and barriers in theirs, and lists of alternatives
// shared where the compiler shared them. A list or map that was nil is
// written as 0, one that was empty as 1 (length + 1), so that the decoded
// index is the compiled one, field for field (TestIndexRoundTrip).

const indexMagic = "frontdoor-index 5\n"

// encodeIndex writes a compiled word index of the pack whose embedded
// form is pack (its checksum is kept, so that an index is never used with
// another pack).
func encodeIndex(x *wordIndex, pack []byte) ([]byte, error) {
	e := newIdxEncoder()
	e.collect(x)
	var w idxWriter
	w.e = e
	// The alternatives and the lists of them are most of an index, and
	// are fixed-width records: two goroutines can decode them side by side.
	var fx []byte
	for _, a := range e.alts {
		fx = w.altRecord(fx, a)
	}
	entries := 0
	for _, l := range e.lists {
		fx = binary.LittleEndian.AppendUint32(fx, uint32(entries))
		entries += len(l)
	}
	fx = binary.LittleEndian.AppendUint32(fx, uint32(entries))
	for _, l := range e.lists {
		for _, a := range l {
			fx = binary.LittleEndian.AppendUint32(fx, uint32(e.altID[a]))
		}
	}
	// The rest is varints, in three sections that the decoder reads side
	// by side: A the parts and the alternatives' extensions, B the part
	// indexes and barriers, C the index itself. The head gives the sizes of
	// the tables all three point into.
	var head idxWriter
	head.e = e
	head.uint(len(e.pis))
	head.uint(len(e.bars))
	head.uint(len(e.parts))
	head.uint(len(e.idLists))
	// A
	for _, l := range e.idLists {
		w.uint(len(l))
		for _, v := range l {
			w.int(int(v))
		}
	}
	for _, p := range e.parts {
		w.part(p)
	}
	nexts := 0
	for _, a := range e.alts {
		if a.px != nil {
			nexts++
		}
	}
	w.uint(nexts)
	// how many later parts and order entries there are in all, so that the
	// decoder carves them out of one array each
	nnext, norder := 0, 0
	for _, a := range e.alts {
		if a.px != nil {
			nnext += len(a.px.next)
			norder += len(a.px.order)
		}
	}
	w.uint(nnext)
	w.uint(norder)
	for _, a := range e.alts {
		if a.px != nil {
			w.ext(a.px)
		}
	}
	secA := w.buf
	// B: the part indexes, each at an offset (each is decoded when a
	// concern first uses it), then the barriers.
	w.buf = nil
	pib := idxWriter{e: e}
	for _, pi := range e.pis {
		w.uint(len(pib.buf))
		pib.partIndex(pi)
	}
	w.blob(string(pib.buf))
	for _, b := range e.bars {
		w.barrier(b)
	}
	secB := w.buf
	// C
	w.buf = nil
	w.len(len(x.lines), x.lines == nil)
	for _, l := range x.lines {
		w.int(int(l.ind))
		w.int(int(l.groups))
		w.bool(l.negatable)
		w.uint(int(l.window))
		w.int(int(l.unless))
	}
	w.len(len(x.sets), x.sets == nil)
	for _, s := range x.sets {
		w.list(s.alts)
		w.len(len(s.uses), s.uses == nil)
		for _, u := range s.uses {
			w.int(int(u.line))
			w.int(int(u.group))
		}
	}
	for _, t := range []wordTable{x.exact, x.stems, x.pairs} {
		w.blob(t.text)
		w.blob(t.slots)
	}
	w.len(len(x.alts), x.alts == nil)
	for _, a := range x.alts {
		w.altRef(a)
	}
	w.ints(x.prev)
	w.int(x.maxStem)
	w.len(len(x.groups), x.groups == nil)
	for _, g := range x.groups {
		w.piRef(g)
	}
	w.intLists(x.exclSets)
	w.int(int(x.nparts))
	w.int(int(x.nprox))
	w.int(int(x.nkeys))
	w.intLists(x.groupKeys)
	secC := w.buf
	head.uint(len(secA))
	head.uint(len(secB))
	head.uint(len(secC))
	// the string table and the records go first, so that the decoder has
	// them at hand
	out := binary.AppendUvarint([]byte(indexMagic), uint64(crc32.ChecksumIEEE(pack)))
	out = binary.AppendUvarint(out, uint64(len(e.strs)))
	out = append(out, e.strs...)
	out = binary.AppendUvarint(out, uint64(len(e.alts)))
	out = binary.AppendUvarint(out, uint64(len(e.lists)))
	out = binary.AppendUvarint(out, uint64(entries))
	out = append(out, fx...)
	if len(e.strs) > math.MaxUint32 || entries > math.MaxUint32 {
		e.err = errors.New("the pack is too large for a compiled index")
	}
	out = append(out, head.buf...)
	out = append(out, secA...)
	out = append(out, secB...)
	return append(out, secC...), e.err
}

func newIdxEncoder() *idxEncoder {
	return &idxEncoder{altID: map[*alt]int{}, listID: map[listKey]int{}, piID: map[*partIndex]int{},
		barID: map[*barrier]int{}, partID: map[partIdentity]int{}, strID: map[string][2]int{},
		idListID: map[sliceIdentity]int{}}
}

// listKey tells apart lists of alternatives: the same start in the same
// backing array, and the same length, is the same list.
type listKey struct {
	data **alt
	n    int
}

type idxEncoder struct {
	alts   []*alt
	altID  map[*alt]int
	lists  [][]*alt
	listID map[listKey]int
	pis    []*partIndex
	piID   map[*partIndex]int
	bars   []*barrier
	barID  map[*barrier]int
	parts  []*part
	partID map[partIdentity]int
	// the key numbers of parts, shared by parts made of the same
	// alternatives (their keys themselves are needed only to compile)
	idLists  [][]int32
	idListID map[sliceIdentity]int
	strs     []byte
	err      error // a value the form cannot hold
	strID    map[string][2]int
}

// collect numbers every alternative, list, part index and barrier the
// index reaches, in a fixed order (so the same pack gives the same bytes).
func (e *idxEncoder) collect(x *wordIndex) {
	for _, s := range x.sets {
		e.listOf(s.alts)
	}
	for _, a := range x.alts {
		e.addAlt(a)
	}
	for _, g := range x.groups {
		e.addPI(g)
	}
}

func (e *idxEncoder) addAlt(a *alt) {
	if a == nil {
		return
	}
	if _, ok := e.altID[a]; ok {
		return
	}
	e.altID[a] = len(e.alts)
	e.alts = append(e.alts, a)
	if a.px == nil {
		return
	}
	if a.px.start != nil {
		e.addPart(a.px.start)
	}
	for _, p := range a.px.next {
		e.addPart(p)
	}
}

// partIdentity tells apart parts: copies of a part share its slices, and
// are written once.
type partIdentity struct {
	alts, keys, keyIDs, sorted sliceIdentity
	gap, maxLen                int
	anyOrder                   bool
	barrier                    *barrier
	byWord                     *partIndex
	id                         int32
}

// sliceIdentity is where a slice starts (nil when empty) and its length,
// and whether it is nil.
type sliceIdentity struct {
	data  any
	n     int
	isNil bool
}

func identityOf[T any](l []T) sliceIdentity {
	if len(l) == 0 {
		return sliceIdentity{isNil: l == nil}
	}
	return sliceIdentity{data: &l[0], n: len(l)}
}

func (e *idxEncoder) partKey(p *part) partIdentity {
	return partIdentity{identityOf(p.alts), identityOf(p.keys), identityOf(p.keyIDs), identityOf(p.sortedIDs),
		p.gap, p.maxLen, p.anyOrder, p.barrier, p.byWord, p.id}
}

func (e *idxEncoder) addPart(p *part) {
	k := e.partKey(p)
	if _, ok := e.partID[k]; ok {
		return
	}
	e.partID[k] = len(e.parts)
	e.parts = append(e.parts, p)
	e.listOf(p.alts)
	for _, l := range [][]int32{p.keyIDs, p.sortedIDs} {
		if id := identityOf(l); id.n > 0 {
			if _, ok := e.idListID[id]; !ok {
				e.idListID[id] = len(e.idLists)
				e.idLists = append(e.idLists, l)
			}
		}
	}
	e.addPI(p.byWord)
	if b := p.barrier; b != nil {
		if _, ok := e.barID[b]; !ok {
			e.barID[b] = len(e.bars)
			e.bars = append(e.bars, b)
			for _, k := range slices.Sorted(mapsKeys(b.exact)) {
				e.listOf(b.exact[k])
			}
			e.listOf(b.stems)
		}
	}
}

func (e *idxEncoder) addPI(pi *partIndex) {
	if pi == nil {
		return
	}
	if _, ok := e.piID[pi]; ok {
		return
	}
	e.piID[pi] = len(e.pis)
	e.pis = append(e.pis, pi)
	for _, m := range []map[string][]*alt{pi.exact, pi.stems} {
		for _, k := range slices.Sorted(mapsKeys(m)) {
			e.listOf(m[k])
		}
	}
}

// listOf numbers a list of alternatives (nil and empty lists are written
// in place, not numbered).
func (e *idxEncoder) listOf(l []*alt) {
	if len(l) == 0 {
		return
	}
	k := listKey{&l[0], len(l)}
	if _, ok := e.listID[k]; ok {
		return
	}
	e.listID[k] = len(e.lists)
	e.lists = append(e.lists, l)
	for _, a := range l {
		e.addAlt(a)
	}
}

func (e *idxEncoder) str(s string) [2]int {
	if r, ok := e.strID[s]; ok {
		return r
	}
	r := [2]int{len(e.strs), len(s)}
	e.strs = append(e.strs, s...)
	e.strID[s] = r
	return r
}

func mapsKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

type idxWriter struct {
	e   *idxEncoder
	buf []byte
}

func (w *idxWriter) uint(n int) { w.buf = binary.AppendUvarint(w.buf, uint64(n)) }
func (w *idxWriter) int(n int)  { w.buf = binary.AppendVarint(w.buf, int64(n)) }
func (w *idxWriter) bool(b bool) {
	if b {
		w.buf = append(w.buf, 1)
	} else {
		w.buf = append(w.buf, 0)
	}
}

// len writes a length, telling nil (0) from empty (1).
func (w *idxWriter) len(n int, isNil bool) {
	if isNil {
		w.uint(0)
	} else {
		w.uint(n + 1)
	}
}

// blob writes bytes as they are, after their length.
func (w *idxWriter) blob(s string) {
	w.uint(len(s))
	w.buf = append(w.buf, s...)
}

func (w *idxWriter) str(s string) {
	r := w.e.str(s)
	w.uint(r[0])
	w.uint(r[1])
}

func (w *idxWriter) ints(l []int32) {
	w.len(len(l), l == nil)
	for _, v := range l {
		w.int(int(v))
	}
}

func (w *idxWriter) intLists(ls [][]int32) {
	w.len(len(ls), ls == nil)
	for _, l := range ls {
		w.ints(l)
	}
}

// altRef writes an alternative's number (+1; 0 is nil).
func (w *idxWriter) altRef(a *alt) {
	if a == nil {
		w.uint(0)
		return
	}
	w.uint(w.e.altID[a] + 1)
}

func (w *idxWriter) piRef(pi *partIndex) {
	if pi == nil {
		w.uint(0)
		return
	}
	w.uint(w.e.piID[pi] + 1)
}

// list writes a reference to a list of alternatives: 0 nil, 1 empty,
// 2 + its number.
func (w *idxWriter) list(l []*alt) {
	switch {
	case l == nil:
		w.uint(0)
	case len(l) == 0:
		w.uint(1)
	default:
		w.uint(w.e.listID[listKey{&l[0], len(l)}] + 2)
	}
}

// altRecordSize is the width of an alternative's record: its phrase
// (offset and length in the string table), n, first, flags (stem, has an
// extension), set and unless.
const altRecordSize = 4 + 4 + 2 + 2 + 1 + 4 + 4

func (w *idxWriter) altRecord(fx []byte, a *alt) []byte {
	r := w.e.str(a.phrase)
	if a.n > math.MaxUint16 {
		w.e.err = fmt.Errorf("phrase %.40q is too long for a compiled index", a.phrase)
	}
	fx = binary.LittleEndian.AppendUint32(fx, uint32(r[0]))
	fx = binary.LittleEndian.AppendUint32(fx, uint32(r[1]))
	fx = binary.LittleEndian.AppendUint16(fx, uint16(a.n))
	fx = binary.LittleEndian.AppendUint16(fx, uint16(a.first))
	var flags byte
	if a.stem {
		flags |= 1
	}
	if a.px != nil {
		flags |= 2
	}
	fx = append(fx, flags)
	fx = binary.LittleEndian.AppendUint32(fx, uint32(a.set))
	return binary.LittleEndian.AppendUint32(fx, uint32(a.unless))
}

func (w *idxWriter) ext(x *altExt) {
	if x.start == nil {
		w.uint(0)
	} else {
		w.uint(w.e.partID[w.e.partKey(x.start)] + 1)
	}
	w.len(len(x.next), x.next == nil)
	for _, p := range x.next {
		w.uint(w.e.partID[w.e.partKey(p)])
	}
	w.len(len(x.order), x.order == nil)
	for _, o := range x.order {
		w.int(int(o))
	}
	w.int(int(x.pid))
	w.ints(x.more)
}

func (w *idxWriter) part(p *part) {
	w.list(p.alts)
	w.int(p.gap)
	w.bool(p.anyOrder)
	w.int(p.maxLen)
	if p.barrier == nil {
		w.uint(0)
	} else {
		w.uint(w.e.barID[p.barrier] + 1)
	}
	w.piRef(p.byWord)
	w.int(int(p.id))
	w.sliceRef(identityOf(p.keyIDs), w.e.idListID)
	w.sliceRef(identityOf(p.sortedIDs), w.e.idListID)
}

// sliceRef writes a reference to a shared slice: 0 nil, 1 empty, 2 + its
// number in table.
func (w *idxWriter) sliceRef(id sliceIdentity, table map[sliceIdentity]int) {
	switch {
	case id.isNil:
		w.uint(0)
	case id.n == 0:
		w.uint(1)
	default:
		w.uint(table[id] + 2)
	}
}

func (w *idxWriter) listMap(m map[string][]*alt) {
	w.len(len(m), m == nil)
	for _, k := range slices.Sorted(mapsKeys(m)) {
		w.str(k)
		w.list(m[k])
	}
}

func (w *idxWriter) partIndex(pi *partIndex) {
	w.listMap(pi.exact)
	w.listMap(pi.stems)
	w.int(pi.maxStem)
}

func (w *idxWriter) barrier(b *barrier) {
	w.listMap(b.exact)
	w.list(b.stems)
}

// ---- decoding ----

var errIndexCorrupt = errors.New("compiled index is corrupt")

// decodeIndex reads an index written by encodeIndex for pack.
func decodeIndex(b string, pack []byte) (x *wordIndex, err error) {
	if !strings.HasPrefix(b, indexMagic) {
		return nil, fmt.Errorf("compiled index: not %q", strings.TrimSpace(indexMagic))
	}
	r := &idxReader{b: b, i: len(indexMagic)}
	sum, k := uvarint(b[r.i:])
	if k <= 0 || sum != uint64(crc32.ChecksumIEEE(pack)) {
		return nil, errors.New("compiled index: it is not this pack's")
	}
	r.i += k
	n := r.uint()
	if r.err != nil || n > len(b)-r.i {
		return nil, fmt.Errorf("compiled index: %w", errIndexCorrupt)
	}
	r.tab = b[r.i : r.i+n] // every word is a slice of it
	r.i += n
	d := &idxDecoder{r: r}
	x = d.index()
	if r.err != nil {
		return nil, fmt.Errorf("compiled index: %w", r.err)
	}
	return x, nil
}

type idxReader struct {
	b   string
	i   int
	err error
	tab string // the string table, once known
}

func (r *idxReader) fail() {
	if r.err == nil {
		r.err = errIndexCorrupt
	}
}

func (r *idxReader) uint() int {
	if r.err != nil {
		return 0
	}
	v, n := uvarint(r.b[r.i:])
	if n <= 0 || v > 1<<31 {
		r.fail()
		return 0
	}
	r.i += n
	return int(v)
}

func (r *idxReader) int() int {
	if r.err != nil {
		return 0
	}
	u, n := uvarint(r.b[r.i:])
	v := int64(u >> 1)
	if u&1 != 0 {
		v = ^v
	}
	if n <= 0 || v > 1<<31 || v < -1<<31 {
		r.fail()
		return 0
	}
	r.i += n
	return int(v)
}

func (r *idxReader) bool() bool {
	if r.err != nil || r.i >= len(r.b) {
		r.fail()
		return false
	}
	v := r.b[r.i]
	r.i++
	return v == 1
}

// count reads a length written by idxWriter.len: -1 for nil. Lengths are
// bounded by what is left to read, so a corrupt length cannot make the
// decoder allocate much.
func (r *idxReader) count() int {
	n := r.uint() - 1
	if n > len(r.b)-r.i {
		r.fail()
		return -1
	}
	return n
}

// ref reads an id in [0, n) written +base; -1 for the values below base.
func (r *idxReader) ref(n, base int) int {
	v := r.uint()
	if v < base {
		return -1
	}
	if v-base >= n {
		r.fail()
		return -1
	}
	return v - base
}

// blob reads bytes written by idxWriter.blob (a slice of the index).
func (r *idxReader) blob() string {
	n := r.uint()
	if n > len(r.b)-r.i {
		r.fail()
		return ""
	}
	r.i += n
	return r.b[r.i-n : r.i]
}

func (r *idxReader) str() string {
	off, n := r.uint(), r.uint()
	if off+n > len(r.tab) {
		r.fail()
		return ""
	}
	return r.tab[off : off+n]
}

type idxDecoder struct {
	r     *idxReader
	slab  []alt
	exts  []altExt
	lists *altLists
	pis   []partIndex
	bars  []barrier
	parts []part
	idLs  [][]int32
}

func (d *idxDecoder) index() *wordIndex {
	r := d.r
	nalts, nlists, entries := r.uint(), r.uint(), r.uint()
	fixed := nalts*altRecordSize + 4*(nlists+1) + 4*entries
	if r.err != nil || fixed > len(r.b)-r.i {
		r.fail()
		return nil
	}
	fx := r.b[r.i : r.i+fixed]
	r.i += fixed
	d.slab = make([]alt, nalts)
	backing := make([]*alt, entries)
	offs := fx[nalts*altRecordSize:]
	d.lists = &altLists{offs: offs[:4*(nlists+1)], backing: backing}
	for i := range nlists {
		from, to := int(le32(offs, 4*i)), int(le32(offs, 4*i+4))
		if from > to || to > entries {
			r.fail()
			return nil
		}
	}
	npis, nbars, nparts, nidLs := r.uint(), r.uint(), r.uint(), r.uint()
	lenA, lenB, lenC := r.uint(), r.uint(), r.uint()
	if r.err != nil || npis+nbars+nparts+nidLs > len(r.b) || lenA+lenB+lenC != len(r.b)-r.i {
		r.fail()
		return nil
	}
	d.pis = make([]partIndex, npis)
	d.bars = make([]barrier, nbars)
	d.parts = make([]part, nparts)
	d.idLs = make([][]int32, nidLs)
	// Four parts decoded side by side; each writes only its own tables, and
	// takes only pointers into the others'.
	at := r.i
	section := func(n int) *idxDecoder {
		sd := *d
		sd.r = &idxReader{b: r.b[at : at+n], tab: r.tab}
		at += n
		return &sd
	}
	da, db, dc := section(lenA), section(lenB), section(lenC)
	var wg sync.WaitGroup
	var recordsOK bool
	var x *wordIndex
	wg.Add(3)
	go func() { defer wg.Done(); recordsOK = d.records(fx[:nalts*altRecordSize], offs[4*(nlists+1):], backing) }()
	go func() { defer wg.Done(); db.partIndexes() }()
	go func() { defer wg.Done(); x = dc.wordIndex() }()
	exts := da.partsAndExts(nalts)
	wg.Wait()
	for _, sd := range []*idxDecoder{da, db, dc} {
		if sd.r.err == nil && sd.r.i != len(sd.r.b) {
			sd.r.fail()
		}
		if sd.r.err != nil {
			r.err = sd.r.err
		}
	}
	if !recordsOK {
		r.fail()
	}
	if r.err != nil {
		return nil
	}
	x.pis = d.pis
	// The extensions, in the order of the alternatives that have one, are
	// joined to them now that the records are read.
	k := 0
	for i := range d.slab {
		if fx[i*altRecordSize+12]&2 != 0 {
			if k == len(exts) {
				r.fail()
				return nil
			}
			d.slab[i].px = &exts[k]
			k++
		}
	}
	if k != len(exts) {
		r.fail()
		return nil
	}
	return x
}

// partsAndExts decodes section A: the parts' key lists, the parts, and the
// alternatives' extensions (returned, in order).
func (d *idxDecoder) partsAndExts(nalts int) []altExt {
	r := d.r
	if !readLists(r, d.idLs, func() int32 { return int32(r.int()) }) {
		return nil
	}
	for i := range d.parts {
		d.part(&d.parts[i])
	}
	n, nnext, norder := r.uint(), r.uint(), r.uint()
	if n > nalts || nnext > len(r.b)-r.i || norder > len(r.b)-r.i {
		r.fail()
		return nil
	}
	exts := make([]altExt, n)
	c := extCarver{next: make([]*part, nnext), order: make([]int8, norder)}
	for i := range exts {
		d.ext(&exts[i], &c)
	}
	return exts
}

// partIndexes decodes section B: the barriers, and where each part index
// is. A part index is checked now and filled in when first used (see
// partIndex.words).
func (d *idxDecoder) partIndexes() {
	for i := range d.pis {
		d.pis[i].at = d.r.uint()
	}
	src := &piSource{tab: d.r.tab, blob: d.r.blob(), lists: d.lists}
	for i := range d.pis {
		pi := &d.pis[i]
		pi.src = src
		if r := pi.reader(); r.err != nil || !r.skimListMap(d.lists) || !r.skimListMap(d.lists) || r.int() < 0 || r.err != nil {
			d.r.fail()
			return
		}
	}
	for i := range d.bars {
		d.bars[i].exact = d.listMap()
		d.bars[i].stems = d.list()
	}
}

// piSource is what part indexes are filled in from.
type piSource struct {
	tab, blob string
	lists     *altLists
}

// reader reads pi from its source.
func (pi *partIndex) reader() *idxReader {
	r := &idxReader{b: pi.src.blob, i: pi.at, tab: pi.src.tab}
	if pi.at > len(r.b) {
		r.i = len(r.b)
		r.fail()
	}
	return r
}

// fill decodes pi, checked when the index was read.
func (pi *partIndex) fill() {
	d := &idxDecoder{r: pi.reader(), lists: pi.src.lists}
	pi.exact = d.listMap()
	pi.stems = d.listMap()
	pi.maxStem = d.r.int()
}

// skimListMap checks a map written by idxWriter.listMap, building nothing.
func (r *idxReader) skimListMap(lists *altLists) bool {
	n := r.count()
	for range n {
		r.str()
		lists.ref(r)
	}
	return r.err == nil
}

// wordIndex decodes section C: the word index itself.
func (d *idxDecoder) wordIndex() *wordIndex {
	r := d.r
	x := &wordIndex{}
	if n := r.count(); n >= 0 {
		x.lines = make([]lineRef, n)
		for i := range x.lines {
			x.lines[i] = lineRef{ind: int32(r.int()), groups: int32(r.int()), negatable: r.bool(), window: uint8(r.uint()), unless: int32(r.int())}
		}
	}
	if n := r.count(); n >= 0 {
		x.sets = make([]set, n)
		for i := range x.sets {
			s := &x.sets[i]
			s.alts = d.list()
			if n := r.count(); n >= 0 {
				s.uses = make([]use, n)
				for j := range s.uses {
					s.uses[j] = use{int32(r.int()), int32(r.int())}
				}
			}
			if r.err != nil {
				return nil
			}
		}
	}
	for _, t := range []*wordTable{&x.exact, &x.stems, &x.pairs} {
		t.text, t.slots = r.blob(), r.blob()
		if !t.valid() {
			r.fail()
		}
	}
	if n := r.count(); n >= 0 {
		x.alts = make([]*alt, n)
		for i := range x.alts {
			x.alts[i] = d.altRef()
		}
	}
	x.prev = d.ints()
	x.maxStem = r.int()
	if n := r.count(); n >= 0 {
		x.groups = make([]*partIndex, n)
		for i := range x.groups {
			x.groups[i] = d.piRef()
		}
	}
	x.exclSets = d.intLists()
	x.nparts, x.nprox, x.nkeys = int32(r.int()), int32(r.int()), int32(r.int())
	x.groupKeys = d.intLists()
	return x
}

func (d *idxDecoder) altRef() *alt {
	i := d.r.ref(len(d.slab), 1)
	if i < 0 {
		return nil
	}
	return &d.slab[i]
}

func (d *idxDecoder) piRef() *partIndex {
	i := d.r.ref(len(d.pis), 1)
	if i < 0 {
		return nil
	}
	return &d.pis[i]
}

func (d *idxDecoder) list() []*alt { return d.lists.ref(d.r) }

// altLists are a decoded index's lists of alternatives: slices of one
// array, made when asked for from their offsets (checked at load).
type altLists struct {
	offs    string // nlists+1 little-endian uint32s
	backing []*alt
}

// ref reads a reference written by idxWriter.list and returns the list.
func (l *altLists) ref(r *idxReader) []*alt {
	return sliceAt(r, len(l.offs)/4-1, func(i int) []*alt {
		from, to := le32(l.offs, 4*i), le32(l.offs, 4*i+4)
		return l.backing[from:to:to]
	})
}

func (d *idxDecoder) listMap() map[string][]*alt {
	n := d.r.count()
	if n < 0 {
		return nil
	}
	m := make(map[string][]*alt, n)
	for range n {
		k := d.r.str()
		m[k] = d.list()
		if d.r.err != nil {
			return nil
		}
	}
	return m
}

func (d *idxDecoder) ints() []int32 {
	n := d.r.count()
	if n < 0 {
		return nil
	}
	l := make([]int32, n)
	for i := range l {
		l[i] = int32(d.r.int())
	}
	return l
}

func (d *idxDecoder) intLists() [][]int32 {
	n := d.r.count()
	if n < 0 {
		return nil
	}
	l := make([][]int32, n)
	for i := range l {
		l[i] = d.ints()
		if d.r.err != nil {
			return nil
		}
	}
	return l
}

// records decodes the alternatives' records and the lists' entries
// (everything but the extensions); it reports whether they were sound.
func (d *idxDecoder) records(recs, entries string, backing []*alt) bool {
	tab := d.r.tab
	for i := range d.slab {
		at := i * altRecordSize
		off, n := int(le32(recs, at)), int(le32(recs, at+4))
		if off+n > len(tab) || off+n < off {
			return false
		}
		a := &d.slab[i]
		a.phrase = tab[off : off+n]
		a.n, a.first = int32(le16(recs, at+8)), le16(recs, at+10)
		if int(a.first) > len(a.phrase) {
			return false
		}
		a.stem = recs[at+12]&1 != 0
		a.set, a.unless = int32(le32(recs, at+13)), int32(le32(recs, at+17))
	}
	for i := range backing {
		id := int(le32(entries, 4*i))
		if id >= len(d.slab) {
			return false
		}
		backing[i] = &d.slab[id]
	}
	return true
}

func le32(s string, i int) uint32 {
	_ = s[i+3]
	return uint32(s[i]) | uint32(s[i+1])<<8 | uint32(s[i+2])<<16 | uint32(s[i+3])<<24
}

func le16(s string, i int) uint16 {
	_ = s[i+1]
	return uint16(s[i]) | uint16(s[i+1])<<8
}

// extCarver hands out the extensions' later parts and orders from one
// array each.
type extCarver struct {
	next  []*part
	order []int8
}

func (d *idxDecoder) ext(x *altExt, c *extCarver) {
	r := d.r
	if i := r.ref(len(d.parts), 1); i >= 0 {
		x.start = &d.parts[i]
	}
	if n := r.count(); n >= 0 {
		if n > len(c.next) {
			r.fail()
			return
		}
		x.next, c.next = c.next[:n:n], c.next[n:]
		for i := range x.next {
			if j := r.ref(len(d.parts), 0); j >= 0 {
				x.next[i] = &d.parts[j]
			}
		}
	}
	if n := r.count(); n >= 0 {
		if n > len(c.order) {
			r.fail()
			return
		}
		x.order, c.order = c.order[:n:n], c.order[n:]
		for i := range x.order {
			x.order[i] = int8(r.int())
		}
	}
	x.pid = int32(r.int())
	x.more = d.ints()
}

func (d *idxDecoder) part(p *part) {
	r := d.r
	p.alts = d.list()
	p.gap = r.int()
	p.anyOrder = r.bool()
	p.maxLen = r.int()
	if i := r.ref(len(d.bars), 1); i >= 0 {
		p.barrier = &d.bars[i]
	}
	p.byWord = d.piRef()
	p.id = int32(r.int())
	p.keyIDs = sliceAt(r, len(d.idLs), d.idList)
	p.sortedIDs = sliceAt(r, len(d.idLs), d.idList)
}

// readLists fills each of lists with a length and that many items, as
// idxWriter writes the parts' key lists; false when the data is corrupt.
func readLists[T any](r *idxReader, lists [][]T, item func() T) bool {
	for i := range lists {
		n := r.uint()
		if n > len(r.b)-r.i {
			r.fail()
			return false
		}
		l := make([]T, n)
		for j := range l {
			l[j] = item()
		}
		lists[i] = l
	}
	return r.err == nil
}

// sliceAt reads a reference written by sliceRef to one of n shared
// slices, which at gives.
func sliceAt[T any](r *idxReader, n int, at func(int) []T) []T {
	switch v := r.uint(); {
	case v == 0:
		return nil
	case v == 1:
		return []T{}
	case v-2 < n:
		return at(v - 2)
	default:
		r.fail()
		return nil
	}
}

func (d *idxDecoder) idList(i int) []int32 { return d.idLs[i] }

// uvarint is binary.Uvarint for a string (the embedded index is one, so
// that its words need no copy).
// nindicators is how many indicators the index's lines are for.
func (x *wordIndex) nindicators() int32 {
	n := int32(0)
	for _, l := range x.lines {
		n = max(n, l.ind+1)
	}
	return n
}

func uvarint(s string) (uint64, int) {
	var x uint64
	var shift uint
	for i := 0; i < len(s) && i < binary.MaxVarintLen64; i++ {
		b := s[i]
		if b < 0x80 {
			if i == binary.MaxVarintLen64-1 && b > 1 {
				return 0, -(i + 1) // overflow
			}
			return x | uint64(b)<<shift, i + 1
		}
		x |= uint64(b&0x7f) << shift
		shift += 7
	}
	return 0, 0
}
