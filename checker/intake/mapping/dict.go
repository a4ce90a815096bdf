package mapping

import (
	"errors"
	"fmt"
	"strings"
)

// dict maps keys to small numbers. It is an open-addressing hash table held
// in strings, so that the dicts encode writes into labels.tab are looked up
// where they lie in the binary, with nothing built at load: filling Go maps
// with the table's 1,900 keys took 0.4 ms and 128 KB at the first Map of
// every process, two fifths of its cost.
//
// The keys are written in text, each ended by a tab or a line break, and
// the slots say where. A slot is slotWidth base-64 digits ('0' + d): three
// for the key's offset in text, two for its value, and one for the top six
// bits of the key's hash, so that a look-up reads the text of other keys
// in its way only once in 64. An empty slot is slotWidth dashes. There is a
// power of two of slots, at most two thirds full; a key is in the first
// slot from its hash on (FNV-1a, 32 bits) that is empty or holds it.
type dict struct {
	text  string // where the keys are written (for labels.tab's dicts, the whole file)
	slots string
}

const (
	slotWidth    = 6
	maxKeyOffset = 1<<18 - 1 // three digits
	maxDictValue = 1<<12 - 1 // two digits

	// FNV-1a, 32 bits: simple, fixed (encode lays the slots out once, for
	// every later process) and quick on short keys.
	fnvBasis = 2166136261
	fnvPrime = 16777619
)

// lookup returns the value of key k, and its offset in d.text, which holds
// the key as written. Slots that point outside the text (which only a
// damaged labels.tab could hold) match nothing.
func lookup[K ~string | ~[]byte](d *dict, k K) (value, at int, ok bool) {
	n := len(d.slots) / slotWidth
	h := uint32(fnvBasis)
	for i := 0; i < len(k); i++ {
		h = (h ^ uint32(k[i])) * fnvPrime
	}
	check := '0' + byte(h>>26)
	for i, probes := int(h)&(n-1), 0; probes < n; i, probes = (i+1)&(n-1), probes+1 {
		s := d.slots[i*slotWidth : i*slotWidth+slotWidth]
		if s[5] != check {
			if s[5] == '-' {
				return 0, 0, false // an empty slot: k is not in the dict
			}
			continue
		}
		at := digits(s[:3])
		end := at + len(k)
		if end < len(d.text) && (d.text[end] == '\t' || d.text[end] == '\n') && d.text[at:end] == string(k) {
			return digits(s[3:5]), at, true
		}
	}
	return 0, 0, false
}

// digits reads base-64 digits.
func digits(s string) int {
	v := 0
	for i := 0; i < len(s); i++ {
		v = v<<6 | int(s[i]-'0')&63
	}
	return v
}

// dictEntry is a key of a dict being laid out: where it is written in the
// dict's text, and its value.
type dictEntry struct {
	key       string
	at, value int
}

// makeSlots lays out the slots of a dict holding entries, each key once.
// The layout depends on the order of entries, which callers keep fixed.
func makeSlots(entries []dictEntry) (string, error) {
	n := slotCount(len(entries))
	slots := []byte(strings.Repeat("-", n*slotWidth))
	for _, e := range entries {
		if e.at < 0 || e.at > maxKeyOffset || e.value < 0 || e.value > maxDictValue {
			return "", fmt.Errorf("dict entry %q: offset %d or value %d out of range", e.key, e.at, e.value)
		}
		h := uint32(fnvBasis)
		for i := 0; i < len(e.key); i++ {
			h = (h ^ uint32(e.key[i])) * fnvPrime
		}
		i := int(h) & (n - 1)
		for slots[i*slotWidth] != '-' {
			i = (i + 1) & (n - 1)
		}
		putDigits(slots[i*slotWidth:i*slotWidth+3], e.at)
		putDigits(slots[i*slotWidth+3:i*slotWidth+5], e.value)
		putDigits(slots[i*slotWidth+5:i*slotWidth+6], int(h>>26))
	}
	return string(slots), nil
}

// slotCount is the number of slots of a dict of n keys: the least power
// of two that n fill no more than two thirds of.
func slotCount(n int) int {
	s := 1
	for 2*s < 3*n {
		s *= 2
	}
	return s
}

// putDigits writes v as len(b) base-64 digits.
func putDigits(b []byte, v int) {
	for i := len(b) - 1; i >= 0; i-- {
		b[i] = '0' + byte(v&63)
		v >>= 6
	}
}

// newDict makes a dict of keys held in memory, the value of keys[i] being
// value(i): compile's, while it reads labels.yaml (labels.tab's dicts are
// read from the file).
func newDict(keys []string, value func(i int) int) (dict, error) {
	var text strings.Builder
	entries := make([]dictEntry, len(keys))
	for i, k := range keys {
		if strings.ContainsAny(k, "\t\n") {
			return dict{}, fmt.Errorf("dict key %q holds a tab or line break", k)
		}
		entries[i] = dictEntry{key: k, at: text.Len(), value: value(i)}
		text.WriteString(k)
		text.WriteByte('\t')
	}
	slots, err := makeSlots(entries)
	return dict{text: text.String(), slots: slots}, err
}

// readDict checks the slots of a dict read from labels.tab: a power of two
// of them, whole. (Where they point is checked on each lookup.)
func readDict(text, slots string) (dict, error) {
	n := len(slots) / slotWidth
	if n == 0 || len(slots)%slotWidth != 0 || n&(n-1) != 0 {
		return dict{}, errors.New("slots are not a power of two")
	}
	return dict{text: text, slots: slots}, nil
}

// each calls fn for each key of the dict, in slot order.
func (d *dict) each(fn func(key string, value int)) {
	for i := 0; i+slotWidth <= len(d.slots); i += slotWidth {
		at := digits(d.slots[i : i+3])
		if d.slots[i+5] == '-' || at >= len(d.text) {
			continue
		}
		end := strings.IndexAny(d.text[at:], "\t\n")
		if end < 0 {
			end = len(d.text) - at
		}
		fn(d.text[at:at+end], digits(d.slots[i+3:i+5]))
	}
}
