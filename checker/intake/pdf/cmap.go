package pdf

import (
	"sort"
	"strings"
	"unicode/utf16"
)

// cmap is a parsed ToUnicode CMap (or the codespace of an encoding CMap).
// Ranges are kept as ranges, so a full-range entry such as
// <0000> <FFFF> <0000> costs one entry, and every code in it maps to
// base+offset across the whole 16-bit value (not just the low byte).
type cmap struct {
	spaces    []codespace
	chars     map[uint64]string
	ranges    []crange
	truncated bool // entries beyond the cap were dropped
}

type codespace struct {
	n      int
	lo, hi uint32
}

type crange struct {
	n      int
	lo, hi uint32
	base   []uint16 // UTF-16 destination of lo
	arr    []string // array destination, one per code
	hasArr bool
}

func codeKey(n int, code uint32) uint64 { return uint64(n)<<32 | uint64(code) }

func beUint(s string) uint32 {
	var v uint32
	for i := 0; i < len(s) && i < 4; i++ {
		v = v<<8 | uint32(s[i])
	}
	return v
}

// decodeUTF16 turns a CMap destination string into text. Odd-length
// destinations (some producers write single bytes) are read as Latin-1.
func decodeUTF16(s string) string {
	if len(s)%2 == 1 {
		r := make([]rune, len(s))
		for i := 0; i < len(s); i++ {
			r[i] = rune(s[i])
		}
		return string(r)
	}
	u := make([]uint16, len(s)/2)
	for i := range u {
		u[i] = uint16(s[2*i])<<8 | uint16(s[2*i+1])
	}
	return string(utf16.Decode(u))
}

// parseCMap reads codespace ranges, bfchar and bfrange entries, keeping at
// most maxEntries mappings. Declared counts are ignored: only operands
// actually present are used.
func parseCMap(data []byte, maxEntries int) *cmap {
	m := &cmap{chars: map[uint64]string{}}
	entries := 0
	full := func() bool {
		if entries >= maxEntries {
			m.truncated = true
			return true
		}
		return false
	}
	// A CMap block lists its entries before the closing operator, so the
	// operand stack must hold a whole block (within the entry cap).
	l := &lexer{b: string(data), maxStack: 3*maxEntries + 16, keepHead: true}
	l.run(func(op string, args []operand) bool {
		switch op {
		case "endcodespacerange":
			for i := 0; i+1 < len(args); i += 2 {
				lo, hi := args[i], args[i+1]
				if lo.k != kStr || hi.k != kStr || len(lo.s) == 0 || len(lo.s) > 4 || len(lo.s) != len(hi.s) || len(m.spaces) >= 256 {
					continue
				}
				m.spaces = append(m.spaces, codespace{n: len(lo.s), lo: beUint(lo.s), hi: beUint(hi.s)})
			}
		case "endbfchar":
			for i := 0; i+1 < len(args); i += 2 {
				if full() {
					return false
				}
				src, dst := args[i], args[i+1]
				if src.k != kStr || dst.k != kStr || len(src.s) == 0 || len(src.s) > 4 {
					continue
				}
				m.chars[codeKey(len(src.s), beUint(src.s))] = decodeUTF16(dst.s)
				entries++
			}
		case "endbfrange":
			for i := 0; i+2 < len(args); i += 3 {
				if full() {
					return false
				}
				lo, hi, dst := args[i], args[i+1], args[i+2]
				if lo.k != kStr || hi.k != kStr || len(lo.s) == 0 || len(lo.s) > 4 || len(lo.s) != len(hi.s) {
					continue
				}
				r := crange{n: len(lo.s), lo: beUint(lo.s), hi: beUint(hi.s)}
				if r.hi < r.lo {
					continue
				}
				switch dst.k {
				case kStr:
					if len(dst.s) == 0 {
						continue
					}
					if len(dst.s)%2 == 1 {
						r.base = []uint16{uint16(dst.s[len(dst.s)-1])}
					} else {
						r.base = make([]uint16, len(dst.s)/2)
						for j := range r.base {
							r.base[j] = uint16(dst.s[2*j])<<8 | uint16(dst.s[2*j+1])
						}
					}
				case kArray:
					r.hasArr = true
					span := int64(r.hi) - int64(r.lo) + 1
					for j, a := range dst.arr {
						if int64(j) >= span {
							break
						}
						if a.k == kStr {
							r.arr = append(r.arr, decodeUTF16(a.s))
						} else {
							r.arr = append(r.arr, "")
						}
					}
				default:
					continue
				}
				m.ranges = append(m.ranges, r)
				entries++
			}
		}
		return true
	})
	sort.SliceStable(m.ranges, func(i, j int) bool {
		if m.ranges[i].n != m.ranges[j].n {
			return m.ranges[i].n < m.ranges[j].n
		}
		return m.ranges[i].lo < m.ranges[j].lo
	})
	return m
}

// lookup maps an n-byte code to text.
func (m *cmap) lookup(n int, code uint32) (string, bool) {
	if s, ok := m.chars[codeKey(n, code)]; ok {
		return s, true
	}
	rs := m.ranges
	// Last range (of length n) with lo <= code.
	i := sort.Search(len(rs), func(i int) bool {
		if rs[i].n != n {
			return rs[i].n > n
		}
		return rs[i].lo > code
	}) - 1
	for k := 0; i >= 0 && k < 16; i, k = i-1, k+1 {
		r := &rs[i]
		if r.n != n {
			break
		}
		if code < r.lo || code > r.hi {
			continue
		}
		off := code - r.lo
		if r.hasArr {
			if int(off) < len(r.arr) {
				return r.arr[off], true
			}
			return "", false
		}
		u := append([]uint16(nil), r.base...)
		last := uint32(u[len(u)-1]) + off
		if last > 0xffff {
			if len(u) == 1 && last <= 0x10ffff {
				return string(rune(last)), true
			}
			return "", false
		}
		u[len(u)-1] = uint16(last)
		return string(utf16.Decode(u)), true
	}
	return "", false
}

// codeLen returns the length of the code at the start of s according to the
// codespace ranges, or def when there are none or none match.
func (m *cmap) codeLen(s string, def int) int {
	if m == nil || len(m.spaces) == 0 {
		return def
	}
	shortest := 4
	for n := 1; n <= 4 && n <= len(s); n++ {
		for _, sp := range m.spaces {
			if sp.n != n {
				continue
			}
			if n < shortest {
				shortest = n
			}
			if inSpace(s[:n], sp) {
				return n
			}
		}
	}
	for _, sp := range m.spaces {
		shortest = min(shortest, sp.n)
	}
	return shortest
}

// inSpace tests each byte against the range's bytes, as the CMap spec says.
func inSpace(s string, sp codespace) bool {
	for i := 0; i < sp.n; i++ {
		shift := uint(8 * (sp.n - 1 - i))
		lo, hi := byte(sp.lo>>shift), byte(sp.hi>>shift)
		if s[i] < lo || s[i] > hi {
			return false
		}
	}
	return true
}

// cleanText drops control characters and the replacement characters some
// CMaps produce for unmapped glyphs, and expands Latin ligatures so that
// "ﬁle" matches "file".
func cleanText(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool {
		return r < 0x20 || r == 0xfffd || r == 0x7f || (r >= 0xfb00 && r <= 0xfb06)
	}) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			b.WriteByte(' ')
		case r < 0x20 || r == 0xfffd || r == 0x7f:
		case r >= 0xfb00 && r <= 0xfb06:
			b.WriteString([]string{"ff", "fi", "fl", "ffi", "ffl", "st", "st"}[r-0xfb00])
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
