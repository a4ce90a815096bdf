package intake

import (
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// scanJSON reads well-formed JSON into the generic tree by hand, in one
// pass that also counts lines. It builds the tree decodeJSONTokens builds
// (the same values, keys, lines and limits) without encoding/json's
// token-by-token decoding, which costs a fresh process about a third of a
// millisecond on a referral of a few kilobytes. It reports false on
// anything it does not read exactly as decodeJSONTokens does: a syntax
// error, anything after the value, too many values or too deep a nesting.
// The caller then reads the input that way, for its result or its error.
func scanJSON(b []byte) (any, bool) {
	s := jsonScanner{b: b, src: string(b), line: 1, budget: maxNodes}
	v, ok := s.value(0)
	if !ok {
		return nil, false
	}
	s.space()
	return v, s.i == len(s.b)
}

type jsonScanner struct {
	b      []byte
	src    string // b as a string: keys, text and numbers without escapes are parts of it
	i      int    // the next byte to read
	line   int    // the line of b[i], from 1
	budget int    // values left to read (maxNodes at the start)
}

// space skips JSON white space, counting lines.
func (s *jsonScanner) space() {
	for ; s.i < len(s.b); s.i++ {
		switch s.b[s.i] {
		case '\n':
			s.line++
		case ' ', '\t', '\r':
		default:
			return
		}
	}
}

// next skips white space and returns the byte after it, 0 at the end.
func (s *jsonScanner) next() byte {
	s.space()
	if s.i < len(s.b) {
		return s.b[s.i]
	}
	return 0
}

// value reads the value after any space at s.i, depth containers deep.
func (s *jsonScanner) value(depth int) (any, bool) {
	s.budget--
	if s.budget < 0 || depth > 64 {
		return nil, false
	}
	switch s.next() {
	case '{':
		o := &obj{line: s.line}
		s.i++
		if s.next() == '}' {
			s.i++
			return o, true
		}
		for {
			if s.next() != '"' {
				return nil, false
			}
			k, ok := s.str()
			if !ok {
				return nil, false
			}
			line := s.line // just after the key, as decodeJSONTokens counts
			if s.next() != ':' {
				return nil, false
			}
			s.i++
			v, ok := s.value(depth + 1)
			if !ok {
				return nil, false
			}
			o.setAt(k, v, line)
			switch s.next() {
			case ',':
				s.i++
			case '}':
				s.i++
				return o, true
			default:
				return nil, false
			}
		}
	case '[':
		s.i++
		var a []any // nil when empty, as decodeJSONTokens leaves it
		if s.next() == ']' {
			s.i++
			return a, true
		}
		for {
			v, ok := s.value(depth + 1)
			if !ok {
				return nil, false
			}
			a = append(a, v)
			switch s.next() {
			case ',':
				s.i++
			case ']':
				s.i++
				return a, true
			default:
				return nil, false
			}
		}
	case '"':
		t, ok := s.str()
		return lit{t, 's'}, ok
	case 't':
		return lit{"true", 'b'}, s.word("true")
	case 'f':
		return lit{"false", 'b'}, s.word("false")
	case 'n':
		return lit{"", 'z'}, s.word("null")
	}
	return s.number()
}

// word reads the literal w (true, false or null).
func (s *jsonScanner) word(w string) bool {
	if len(s.b)-s.i < len(w) || string(s.b[s.i:s.i+len(w)]) != w {
		return false
	}
	s.i += len(w)
	return true
}

// number reads a number, kept as written (json.Decoder.UseNumber).
func (s *jsonScanner) number() (any, bool) {
	b, start := s.b, s.i
	i := start
	digits := func() bool { // one or more
		j := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		return i > j
	}
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case !digits():
		return nil, false
	}
	if i < len(b) && b[i] == '.' {
		i++
		if !digits() {
			return nil, false
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if !digits() {
			return nil, false
		}
	}
	s.i = i
	return lit{s.src[start:i], 'n'}, true
}

// str reads a string whose opening quote is at s.i, as encoding/json
// unquotes it: escapes decoded, invalid UTF-8 and unpaired surrogates each
// replaced by U+FFFD, control characters refused.
func (s *jsonScanner) str() (string, bool) {
	b := s.b
	start := s.i + 1
	i := start
	for i < len(b) { // the common case: nothing to unquote
		c := b[i]
		if c == '"' {
			s.i = i + 1
			return s.src[start:i], true
		}
		if c == '\\' || c < ' ' || c >= utf8.RuneSelf {
			break
		}
		i++
	}
	buf := make([]byte, i-start, i-start+64)
	copy(buf, b[start:i])
	for i < len(b) {
		switch c := b[i]; {
		case c == '"':
			s.i = i + 1
			return string(buf), true
		case c < ' ':
			return "", false
		case c == '\\':
			if i+1 >= len(b) {
				return "", false
			}
			switch e := b[i+1]; e {
			case '"', '\\', '/':
				buf = append(buf, e)
			case 'b':
				buf = append(buf, '\b')
			case 'f':
				buf = append(buf, '\f')
			case 'n':
				buf = append(buf, '\n')
			case 'r':
				buf = append(buf, '\r')
			case 't':
				buf = append(buf, '\t')
			case 'u':
				r := hex4(b[i:])
				if r < 0 {
					return "", false
				}
				i += 6
				if utf16.IsSurrogate(r) {
					if pair := utf16.DecodeRune(r, hex4(b[i:])); pair != unicode.ReplacementChar {
						buf = utf8.AppendRune(buf, pair)
						i += 6
						continue
					}
					r = unicode.ReplacementChar
				}
				buf = utf8.AppendRune(buf, r)
				continue
			default:
				return "", false
			}
			i += 2
		case c < utf8.RuneSelf:
			buf = append(buf, c)
			i++
		default:
			r, size := utf8.DecodeRune(b[i:]) // U+FFFD for each invalid byte
			buf = utf8.AppendRune(buf, r)
			i += size
		}
	}
	return "", false
}

// hex4 reads a \uXXXX escape at the start of b, or returns -1.
func hex4(b []byte) rune {
	if len(b) < 6 || b[0] != '\\' || b[1] != 'u' {
		return -1
	}
	var r rune
	for _, c := range b[2:6] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
}
