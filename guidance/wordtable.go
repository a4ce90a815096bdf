package guidance

import (
	"encoding/binary"
	"math/bits"
	"slices"
)

// wordTable maps a word (or a stem's prefix, or a phrase's first two words)
// to two numbers. It is an open-addressing hash table held in two strings,
// so that a precompiled index carries it as it is: the built-in pack's
// words are looked up where they lie in the binary, with nothing built at
// load (a Go map of its eight thousand words took a millisecond to fill).
type wordTable struct {
	text  string // the keys, one after another
	slots string // slotSize bytes per slot, a power of two of them (or none)
}

// A slot is four little-endian uint32s: the key's offset in text, its
// length + 1 (0: an empty slot), and the two numbers.
const slotSize = 16

// FNV-1a, 32 bits: simple, fixed (the table is built once, when the pack
// is compiled, and used in every later process) and quick on short words.
const (
	fnvBasis = 2166136261
	fnvPrime = 16777619
)

func fnvAdd(h uint32, s string) uint32 {
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * fnvPrime
	}
	return h
}

func fnvByte(h uint32, b byte) uint32 { return (h ^ uint32(b)) * fnvPrime }

// newWordTable builds a table of the keys (each once), with the numbers
// val gives for each. Keys go in sorted order, so that one set of keys
// always makes the same table.
func newWordTable(keys []string, val func(k string) (uint32, uint32)) wordTable {
	if len(keys) == 0 {
		return wordTable{}
	}
	keys = slices.Sorted(slices.Values(keys))
	n := 1 << bits.Len(uint(2*len(keys)-1)) // at most half full: a miss ends soon
	slots := make([]byte, n*slotSize)
	var kb []byte
	mask := uint32(n - 1)
	for _, k := range keys {
		a, b := val(k)
		i := fnvAdd(fnvBasis, k) & mask
		for binary.LittleEndian.Uint32(slots[i*slotSize+4:]) != 0 {
			i = (i + 1) & mask
		}
		s := slots[i*slotSize:]
		binary.LittleEndian.PutUint32(s, uint32(len(kb)))
		binary.LittleEndian.PutUint32(s[4:], uint32(len(k)+1))
		binary.LittleEndian.PutUint32(s[8:], a)
		binary.LittleEndian.PutUint32(s[12:], b)
		kb = append(kb, k...)
	}
	return wordTable{text: string(kb), slots: string(slots)}
}

// lookup returns the numbers of word w, whose hash is h.
func (t *wordTable) lookup(h uint32, w string) (a, b uint32, ok bool) {
	if len(t.slots) == 0 {
		return 0, 0, false
	}
	mask := uint32(len(t.slots)/slotSize - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := t.slots[i*slotSize : i*slotSize+slotSize]
		l := int(le32(s, 4))
		if l == 0 {
			return 0, 0, false
		}
		if l-1 == len(w) {
			if off := int(le32(s, 0)); t.text[off:off+len(w)] == w {
				return le32(s, 8), le32(s, 12), true
			}
		}
	}
}

// get returns the numbers of word w.
func (t *wordTable) get(w string) (a, b uint32, ok bool) { return t.lookup(fnvAdd(fnvBasis, w), w) }

// pair returns the first number of the key "w1 w2" (0 when there is none),
// without joining the words.
func (t *wordTable) pair(w1, w2 string) uint32 {
	if len(t.slots) == 0 {
		return 0
	}
	n := len(w1) + 1 + len(w2)
	mask := uint32(len(t.slots)/slotSize - 1)
	for i := fnvAdd(fnvByte(fnvAdd(fnvBasis, w1), ' '), w2) & mask; ; i = (i + 1) & mask {
		s := t.slots[i*slotSize : i*slotSize+slotSize]
		l := int(le32(s, 4))
		if l == 0 {
			return 0
		}
		if l-1 == n {
			if k := t.text[le32(s, 0):][:n]; k[:len(w1)] == w1 && k[len(w1)] == ' ' && k[len(w1)+1:] == w2 {
				return le32(s, 8)
			}
		}
	}
}

// valid reports whether a table read from an index is sound: a power of
// two of whole slots, every key within text, and at least one empty slot
// (so that a look-up ends).
func (t *wordTable) valid() bool {
	n := len(t.slots) / slotSize
	if len(t.slots)%slotSize != 0 || n&(n-1) != 0 {
		return false
	}
	empty := n == 0
	for at := 0; at < len(t.slots); at += slotSize {
		off, l := int(le32(t.slots, at)), int(le32(t.slots, at+4))
		if l == 0 {
			empty = true
		} else if off > len(t.text) || l-1 > len(t.text)-off {
			return false
		}
	}
	return empty
}
