package pdf

import (
	"bytes"
	"fmt"
	"strconv"

	"github.com/frontdoorhq/frontdoor/internal/plain"
)

// Precheck applies cheap guards before any parser sees b: the size cap, the
// "%PDF-" header, and a scan of the raw bytes for declarations that make
// the parser allocate without bound or loop forever (an absurd /Size,
// /Count, /Columns, /N, /W or /Index, an xref subsection far beyond the
// file, a /Prev chain that loops, object streams that /Extends each other
// in a loop). Errors never quote document text.
func Precheck(b []byte, lim Limits) error {
	lim = lim.withDefaults()
	if int64(len(b)) > lim.MaxFileSize {
		return rejectError(fmt.Sprintf("the file is too large to read; save a smaller copy, for example with fewer or smaller pictures (%s; the limit is %s)",
			plain.Size(len(b)), plain.Size(lim.MaxFileSize)))
	}
	if !bytes.Contains(b[:min(len(b), headerWindow)], []byte("%PDF-")) {
		return ErrNotPDF
	}
	if escapedKey(b) {
		return unsafeError("it hides its structure")
	}
	max := lim.MaxDeclared
	// Each check reports the first offending value of its key in the
	// file; the checks are reported in this order. One pass over the
	// names finds them all (see scanKeys).
	found := scanKeys(b, max)
	for k, what := range [...]string{
		keyCount:   "it claims %s pages",
		keySize:    "it claims %s objects",
		keyColumns: "it claims rows of data %s wide",
		keyN:       "it claims %s objects in one stream",
		keyIndex:   "its index of objects goes up to %s",
		keyW:       "its index of objects uses %s-byte entries",
	} {
		if found[k].bad {
			return unsafeError(fmt.Sprintf(what, plain.Count(found[k].n)))
		}
	}
	if n, ok := scanXrefTables(b, max); !ok {
		return unsafeError(fmt.Sprintf("its index of objects goes up to %s", plain.Count(n)))
	}
	r := Repair(b)
	if prevChainLoops(r) {
		return unsafeError("its index of objects loops back on itself")
	}
	if extendsLoops(r) {
		return unsafeError("its object streams extend each other in a loop")
	}
	return nil
}

// unsafeError is the refusal of a file built to make a reader allocate
// without bound or loop forever; why names the claim, for support.
func unsafeError(why string) error {
	return rejectError("the file is built in a way frontdoor will not read, to keep this computer safe; save it again from the program that made it, or print it to PDF (" + why + ")")
}

func isSpace(c byte) bool {
	switch c {
	case 0, '\t', '\n', '\f', '\r', ' ':
		return true
	}
	return false
}

func isDelim(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

func isRegular(c byte) bool { return !isSpace(c) && !isDelim(c) }

// skipSpace skips whitespace and comments, as the parser's tokenizer does.
func skipSpace(b []byte, i int) int {
	for i < len(b) {
		switch {
		case isSpace(b[i]):
			i++
		case b[i] == '%':
			for i < len(b) && b[i] != '\n' && b[i] != '\r' {
				i++
			}
		default:
			return i
		}
	}
	return i
}

// readInt parses an optionally signed integer at b[i:] after whitespace. It
// returns the value (saturated at 1<<62), the index after it and whether
// digits were found.
func readInt(b []byte, i int) (int64, int, bool) {
	i = skipSpace(b, i)
	neg := false
	if i < len(b) && (b[i] == '+' || b[i] == '-') {
		neg = b[i] == '-'
		i++
	}
	start := i
	var n int64
	for i < len(b) && isDigit(b[i]) {
		if n < 1<<62/10 {
			n = n*10 + int64(b[i]-'0')
		} else {
			n = 1 << 62
		}
		i++
	}
	if i == start || (i < len(b) && b[i] == '.') {
		return 0, i, false
	}
	if neg {
		n = -n
	}
	return n, i, true
}

// The keys scanKeys checks.
const (
	keyCount = iota
	keySize
	keyColumns
	keyN
	keyIndex
	keyW
	numKeys
)

// keyFound is the first offending value of a key, if any.
type keyFound struct {
	n   int64
	bad bool
}

// scanKeys finds every occurrence of each key (every one starts with "/",
// so occurrences never overlap and every "/" is a candidate) in one pass,
// and checks it with numberAt (/Count, /Size, /Columns, /N) or arrayAt
// (/Index with pairs, /W). For each key the result is the first offending
// value in the file, as a scan for that key alone finds it
// (TestScanKeysMatchesScans).
func scanKeys(b []byte, max int64) [numKeys]keyFound {
	var found [numKeys]keyFound
	check := func(k int, key string, q int) {
		if found[k].bad || !bytes.HasPrefix(b[q:], []byte(key)) {
			return
		}
		var n int64
		var bad bool
		switch p := q + len(key); k {
		case keyIndex:
			n, bad = arrayAt(b, p, max, true)
		case keyW:
			n, bad = arrayAt(b, p, max, false)
		default:
			n, bad = numberAt(b, p, max)
		}
		found[k] = keyFound{n, bad}
	}
	for i := 0; i < len(b); {
		j := bytes.IndexByte(b[i:], '/')
		if j < 0 || i+j+1 >= len(b) {
			break
		}
		q := i + j
		i = q + 1
		switch b[q+1] {
		case 'C':
			check(keyCount, "/Count", q)
			check(keyColumns, "/Columns", q)
		case 'S':
			check(keySize, "/Size", q)
		case 'N':
			check(keyN, "/N", q)
		case 'I':
			check(keyIndex, "/Index", q)
		case 'W':
			check(keyW, "/W", q)
		}
	}
	return found
}

// numberAt checks an occurrence of a key ending at p: it reports the
// integer after it when that is above max.
func numberAt(b []byte, p int, max int64) (int64, bool) {
	if p < len(b) && isRegular(b[p]) && !isDigit(b[p]) && b[p] != '+' && b[p] != '-' {
		return 0, false // a longer name such as /Name or /Sizes
	}
	if p < len(b) && isDigit(b[p]) {
		return 0, false // a name such as /N5
	}
	if n, _, ok := readInt(b, p); ok && n > max {
		return n, true
	}
	return 0, false
}

// arrayAt checks an occurrence of a key ending at p, followed by an array
// of integers. With pairs, the array holds (start, count) pairs and
// start+count is checked; otherwise each element is checked. Only arrays
// of plain integers count, which leaves out CID font /W arrays with nested
// arrays. It reports the first value out of range.
func arrayAt(b []byte, p int, max int64, pairs bool) (int64, bool) {
	if p < len(b) && isRegular(b[p]) {
		return 0, false // a longer name such as /Widths
	}
	p = skipSpace(b, p)
	if p >= len(b) || b[p] != '[' {
		return 0, false
	}
	p++
	var nums []int64
	for len(nums) < 64 {
		n, q, ok := readInt(b, p)
		if !ok {
			break
		}
		nums = append(nums, n)
		p = q
	}
	for x := 0; x < len(nums); x++ {
		v := nums[x]
		if pairs {
			if x+1 >= len(nums) {
				break
			}
			v = nums[x] + nums[x+1]
			x++
		}
		if v > max || v < 0 {
			return v, true
		}
	}
	return 0, false
}

// scanXrefTables walks the subsection headers of every classic xref table
// (any "xref" keyword, wherever it sits: the parser seeks to it by offset).
func scanXrefTables(b []byte, max int64) (int64, bool) {
	k := []byte("xref")
	for i := 0; ; {
		j := bytes.Index(b[i:], k)
		if j < 0 {
			return 0, true
		}
		p := i + j + len(k)
		i = p
		if p < len(b) && isRegular(b[p]) {
			continue // part of a longer keyword
		}
		for steps := 0; steps < 100_000; steps++ {
			start, q, ok1 := readInt(b, p)
			if !ok1 {
				break
			}
			count, q2, ok2 := readInt(b, q)
			if !ok2 {
				break
			}
			if start < 0 || count < 0 || start+count > max {
				return start + count, false
			}
			p = q2
			// Skip count entries of three tokens each, without trusting
			// the 20-byte layout.
			for e := int64(0); e < count && p < len(b); e++ {
				for t := 0; t < 3; t++ {
					p = skipSpace(b, p)
					for p < len(b) && !isSpace(b[p]) && b[p] != '%' {
						p++
					}
				}
			}
		}
	}
}

// prevChainLoops follows startxref and the /Prev entries of each
// cross-reference section and reports whether an offset repeats.
func prevChainLoops(b []byte) bool {
	i := bytes.LastIndex(b, []byte("startxref"))
	if i < 0 {
		return false
	}
	off, _, ok := readInt(b, i+len("startxref"))
	if !ok {
		return false
	}
	seen := map[int64]bool{}
	for steps := 0; steps < 1000; steps++ {
		if off < 0 || off >= int64(len(b)) {
			return false
		}
		if seen[off] {
			return true
		}
		seen[off] = true
		// The section's dictionary ends at the next "startxref" (tables)
		// or "stream" (xref streams); look for /Prev before that.
		rest := b[off:]
		end := len(rest)
		for _, stop := range []string{"startxref", "stream"} {
			if k := bytes.Index(rest, []byte(stop)); k >= 0 && k < end {
				end = k
			}
		}
		sec := rest[:end]
		k := bytes.LastIndex(sec, []byte("/Prev"))
		if k < 0 {
			return false
		}
		next, _, ok := readInt(sec, k+len("/Prev"))
		if !ok {
			return false
		}
		off = next
	}
	return true
}

// extendsLoops reports whether object streams /Extends each other in a
// cycle. Stream dictionaries are never compressed, so the raw bytes hold
// every /Extends entry.
func extendsLoops(b []byte) bool {
	ext := map[int64]int64{}
	k := []byte("/Extends")
	for i := 0; len(ext) < 100_000; {
		j := bytes.Index(b[i:], k)
		if j < 0 {
			break
		}
		p := i + j
		i = p + len(k)
		target, q, ok := readInt(b, i)
		if !ok {
			continue
		}
		if _, q2, ok := readInt(b, q); !ok || q2 >= len(b) {
			continue
		} else if r := bytes.TrimLeft(b[q2:min(len(b), q2+4)], " \t\r\n"); len(r) == 0 || r[0] != 'R' {
			continue
		}
		owner, ok := ownerObject(b, p)
		if !ok {
			continue
		}
		ext[owner] = target
	}
	for start := range ext {
		cur := start
		for steps := 0; steps <= len(ext); steps++ {
			next, ok := ext[cur]
			if !ok {
				break
			}
			if next == start {
				return true
			}
			cur = next
		}
	}
	return false
}

// ownerObject finds the "N G obj" header before position p (within 64 KB).
func ownerObject(b []byte, p int) (int64, bool) {
	lo := max(0, p-64<<10)
	k := bytes.LastIndex(b[lo:p], []byte("obj"))
	if k < 0 {
		return 0, false
	}
	k += lo
	// Walk back over "G" and "N".
	q := k
	var fields [2]int64
	for f := 1; f >= 0; f-- {
		for q > 0 && isSpace(b[q-1]) {
			q--
		}
		e := q
		for q > 0 && isDigit(b[q-1]) {
			q--
		}
		if q == e {
			return 0, false
		}
		n, err := strconv.ParseInt(string(b[q:e]), 10, 64)
		if err != nil {
			return 0, false
		}
		fields[f] = n
	}
	return fields[0], true
}

// structuralKeys are the names the byte scan looks for; writing them with
// #xx escapes would slip past it.
var structuralKeys = map[string]bool{
	"Count": true, "Size": true, "Columns": true, "N": true, "W": true, "Index": true,
	"Prev": true, "Extends": true, "ObjStm": true, "XRef": true, "Encrypt": true,
}

// escapedKey reports a name containing a #xx escape that decodes to one of
// the structural keys.
func escapedKey(b []byte) bool {
	for i := 0; ; {
		j := bytes.IndexByte(b[i:], '#')
		if j < 0 {
			return false
		}
		p := i + j
		i = p + 1
		// Find the start of the name holding this '#'.
		s := p
		for s > 0 && isRegular(b[s-1]) {
			s--
		}
		if s == 0 || b[s-1] != '/' {
			continue
		}
		e := p
		for e < len(b) && isRegular(b[e]) {
			e++
		}
		l := lexer{b: string(b[s:e])}
		if structuralKeys[l.name()] {
			return true
		}
		i = e
	}
}
