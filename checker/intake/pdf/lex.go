package pdf

import (
	"strconv"
	"strings"
)

// This file holds a small tokenizer for content streams and CMaps. It works
// on bytes already decoded (and capped) by the caller, never blocks, never
// panics, and always advances, so hostile streams cost at most linear time.
// pdf.Interpret is not used for content: it cannot cap decoded bytes, it
// loops forever on a stream that ends inside a hex string, and inline image
// data makes it panic, losing the page.
//
// The input is a string, so that keywords, names and literal strings
// without escapes are substrings of it rather than fresh allocations (the
// content streams of a page are copied into one string once).

type kind uint8

const (
	kNull kind = iota
	kNum
	kStr
	kName
	kArray
	kDict
	kBool
)

// operand is one value on the content-stream operand stack.
type operand struct {
	k   kind
	num float64
	s   string // string bytes or name
	arr []operand
}

const (
	maxArrayDepth = 32
	maxStack      = 4096
	maxArrayLen   = 1 << 16
)

type lexer struct {
	// The token next read: its operand (tOperand) or keyword (tKeyword).
	// Kept here rather than returned, as copying a token costs more than
	// reading most of them.
	val operand
	kw  string

	b        string
	pos      int
	maxStack int  // operand stack cap; maxStack when zero
	keepHead bool // when the stack is full, drop new operands (CMaps) instead of starting over (content)
}

// op reports a content operator with its operands. Returning false stops
// the scan.
type opFunc func(op string, args []operand) bool

// run scans the whole input, calling fn for every operator. Inline images
// (BI ... ID data EI) are skipped.
func (l *lexer) run(fn opFunc) {
	var stack []operand
	limit := l.maxStack
	if limit <= 0 {
		limit = maxStack
	}
	full := func() bool {
		if len(stack) < limit {
			return false
		}
		if !l.keepHead {
			stack = stack[:0]
			return false
		}
		return true
	}
	for {
		t, ok := l.next()
		if !ok {
			return
		}
		switch t {
		case tOperand:
			if !full() {
				stack = append(stack, l.val)
			}
		case tArrayOpen:
			arr := l.array(1)
			if !full() {
				stack = append(stack, operand{k: kArray, arr: arr})
			}
		case tDictOpen:
			l.skipDict()
			if !full() {
				stack = append(stack, operand{k: kDict})
			}
		case tClose:
			// stray "]" or ">>": ignore
		case tKeyword:
			switch l.kw {
			case "true", "false":
				if !full() {
					stack = append(stack, operand{k: kBool, s: l.kw})
				}
				continue
			case "null":
				if !full() {
					stack = append(stack, operand{k: kNull})
				}
				continue
			case "BI":
				l.skipInlineImage()
				stack = stack[:0]
				continue
			}
			if !fn(l.kw, stack) {
				return
			}
			stack = stack[:0]
		}
	}
}

type tokType uint8

const (
	tOperand tokType = iota
	tKeyword
	tArrayOpen
	tDictOpen
	tClose
)

// next reads the next token, or returns false at the end of input. An
// operand is left in l.val, a keyword in l.kw.
func (l *lexer) next() (tokType, bool) {
	b := l.b
	for l.pos < len(b) {
		c := b[l.pos]
		switch {
		case charClass[c] == cSpace:
			l.pos++
		case c == '%':
			for l.pos < len(b) && b[l.pos] != '\n' && b[l.pos] != '\r' {
				l.pos++
			}
		case c == '(':
			l.pos++
			l.val = operand{k: kStr, s: l.literal()}
			return tOperand, true
		case c == '<':
			if l.pos+1 < len(b) && b[l.pos+1] == '<' {
				l.pos += 2
				return tDictOpen, true
			}
			l.pos++
			l.val = operand{k: kStr, s: l.hex()}
			return tOperand, true
		case c == '>':
			l.pos++
			if l.pos < len(b) && b[l.pos] == '>' {
				l.pos++
			}
			return tClose, true
		case c == '[':
			l.pos++
			return tArrayOpen, true
		case c == ']':
			l.pos++
			return tClose, true
		case c == '{' || c == '}' || c == ')':
			l.pos++ // not meaningful in content streams
		case c == '/':
			l.pos++
			l.val = operand{k: kName, s: l.name()}
			return tOperand, true
		default:
			start := l.pos
			for l.pos < len(b) && charClass[b[l.pos]] == cRegular {
				l.pos++
			}
			word := b[start:l.pos]
			if n, ok := parseNumber(word); ok {
				l.val = operand{k: kNum, num: n}
				return tOperand, true
			}
			l.kw = word
			return tKeyword, true
		}
	}
	return 0, false
}

// parseNumber parses PDF integers and reals ("12", "-3.5", ".5", "4.").
func parseNumber(w string) (float64, bool) {
	if len(w) == 0 {
		return 0, false
	}
	c := w[0]
	if !isDigit(c) && c != '-' && c != '+' && c != '.' {
		return 0, false
	}
	// Fast path for plain integers.
	i, neg := 0, false
	if c == '-' || c == '+' {
		neg = c == '-'
		i = 1
	}
	var n float64
	j := i
	for j < len(w) && isDigit(w[j]) {
		n = n*10 + float64(w[j]-'0')
		j++
	}
	if j == len(w) && j > i {
		if neg {
			n = -n
		}
		return n, true
	}
	// Fast path for plain reals ("12.5", "-.25", "4.") with at most 15
	// digits: the digits as an integer (exact, under 2^53) divided by an
	// exact power of ten is correctly rounded, as ParseFloat's result is.
	if j < len(w) && w[j] == '.' {
		var mant uint64
		for k := i; k < j && k-i < 16; k++ {
			mant = mant*10 + uint64(w[k]-'0')
		}
		k := j + 1
		for k < len(w) && isDigit(w[k]) && k-j <= 16 {
			mant = mant*10 + uint64(w[k]-'0')
			k++
		}
		if digits := (j - i) + (k - j - 1); k == len(w) && digits > 0 && digits <= 15 {
			f := float64(mant) / pow10[k-j-1]
			if neg {
				f = -f
			}
			return f, true
		}
	}
	for k := i; k < len(w); k++ {
		if !isDigit(w[k]) && w[k] != '.' {
			return 0, false // a keyword such as "d0" or "T*"
		}
	}
	f, err := strconv.ParseFloat(w, 64)
	if err != nil {
		return 0, true // malformed numbers such as "1.2.3" count as 0
	}
	return f, true
}

// pow10 holds the powers of ten parseNumber divides by, all exact.
var pow10 = [16]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15}

// Byte classes of the PDF syntax, as isSpace, isDelim and isRegular
// define them, for the tokenizer's inner loops.
const (
	cRegular = iota
	cSpace
	cDelim
)

var charClass = [256]uint8{
	0: cSpace, '\t': cSpace, '\n': cSpace, '\f': cSpace, '\r': cSpace, ' ': cSpace,
	'(': cDelim, ')': cDelim, '<': cDelim, '>': cDelim, '[': cDelim, ']': cDelim,
	'{': cDelim, '}': cDelim, '/': cDelim, '%': cDelim,
}

// array reads array elements after "[" up to the matching "]".
func (l *lexer) array(depth int) []operand {
	if depth > maxArrayDepth {
		l.skipNested('[', ']')
		return nil
	}
	var out []operand
	for {
		t, ok := l.next()
		if !ok {
			return out
		}
		switch t {
		case tOperand:
			if len(out) < maxArrayLen {
				out = append(out, l.val)
			}
		case tArrayOpen:
			sub := l.array(depth + 1)
			if len(out) < maxArrayLen {
				out = append(out, operand{k: kArray, arr: sub})
			}
		case tDictOpen:
			l.skipDict()
		case tClose:
			return out
		case tKeyword:
			switch l.kw {
			case "true", "false":
				out = append(out, operand{k: kBool, s: l.kw})
			case "null":
				out = append(out, operand{k: kNull})
			default:
				// An operator inside an array means the array was never
				// closed; stop here and drop the keyword.
				return out
			}
		}
	}
}

// skipNested skips balanced brackets without recursion, after the opening
// one has been read.
func (l *lexer) skipNested(open, close byte) {
	depth := 1
	for depth > 0 {
		t, ok := l.next()
		if !ok {
			return
		}
		switch t {
		case tArrayOpen:
			if open == '[' {
				depth++
			}
		case tDictOpen:
			if open == '<' {
				depth++
			}
		case tClose:
			depth--
		}
	}
}

// skipDict skips a dictionary after "<<", including nested ones.
func (l *lexer) skipDict() { l.skipNested('<', '>') }

// literal reads a literal string after "(".
func (l *lexer) literal() string {
	b := l.b
	// Without backslashes the string is its bytes up to the matching ")"
	// (or to the end of the input), nested parentheses included: return
	// that part of the input as it is.
	depth := 1
	for i := l.pos; i < len(b); i++ {
		switch b[i] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				s := b[l.pos:i]
				l.pos = i + 1
				return s
			}
		case '\\':
			return l.escapedLiteral()
		}
	}
	s := b[l.pos:]
	l.pos = len(b)
	return s
}

// escapedLiteral reads a literal string with escapes after "(".
func (l *lexer) escapedLiteral() string {
	b := l.b
	var out []byte
	depth := 1
	for l.pos < len(b) {
		c := b[l.pos]
		l.pos++
		switch c {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return string(out)
			}
		case '\\':
			if l.pos >= len(b) {
				return string(out)
			}
			e := b[l.pos]
			l.pos++
			switch e {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r':
				if l.pos < len(b) && b[l.pos] == '\n' {
					l.pos++
				}
				continue
			case '\n':
				continue
			case '0', '1', '2', '3', '4', '5', '6', '7':
				v := int(e - '0')
				for k := 0; k < 2 && l.pos < len(b) && b[l.pos] >= '0' && b[l.pos] <= '7'; k++ {
					v = v*8 + int(b[l.pos]-'0')
					l.pos++
				}
				c = byte(v)
			default:
				c = e // \( \) \\ and unknown escapes
			}
		}
		out = append(out, c)
	}
	return string(out)
}

// hex reads a hex string after "<". Non-hex bytes are skipped; an odd final
// digit is padded with 0.
func (l *lexer) hex() string {
	b := l.b
	var out []byte
	hi, have := byte(0), false
	for l.pos < len(b) {
		c := b[l.pos]
		l.pos++
		if c == '>' {
			break
		}
		v, ok := unhex(c)
		if !ok {
			continue
		}
		if have {
			out = append(out, hi<<4|v)
			have = false
		} else {
			hi, have = v, true
		}
	}
	if have {
		out = append(out, hi<<4)
	}
	return string(out)
}

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// name reads a name after "/", decoding #xx escapes.
func (l *lexer) name() string {
	b := l.b
	start := l.pos
	for l.pos < len(b) && isRegular(b[l.pos]) {
		l.pos++
	}
	raw := b[start:l.pos]
	if strings.IndexByte(raw, '#') < 0 {
		return raw
	}
	out := make([]byte, 0, len(raw))
	for i := 0; i < len(raw); i++ {
		if raw[i] == '#' && i+2 < len(raw) {
			h, ok1 := unhex(raw[i+1])
			lo, ok2 := unhex(raw[i+2])
			if ok1 && ok2 {
				out = append(out, h<<4|lo)
				i += 2
				continue
			}
		}
		out = append(out, raw[i])
	}
	return string(out)
}

// skipInlineImage skips from after "BI" past the matching "EI": the image
// dictionary up to "ID", one whitespace byte, then the data up to an "EI"
// that stands alone between whitespace (or the end of the stream).
func (l *lexer) skipInlineImage() {
	for n := 0; n < 4096; n++ {
		t, ok := l.next()
		if !ok {
			return
		}
		if t == tKeyword && l.kw == "ID" {
			break
		}
		if t == tKeyword && l.kw == "EI" {
			return
		}
	}
	if l.pos < len(l.b) && isSpace(l.b[l.pos]) {
		l.pos++
	}
	b := l.b
	for i := l.pos; i+1 < len(b); {
		k := strings.Index(b[i:], "EI")
		if k < 0 {
			break
		}
		p := i + k
		before := p == 0 || isSpace(b[p-1])
		after := p+2 == len(b) || isSpace(b[p+2]) || isDelim(b[p+2])
		if before && after {
			l.pos = p + 2
			return
		}
		i = p + 1
	}
	l.pos = len(b)
}
