package guidance

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
	"reflect"
	"slices"
	"strings"
	"sync"
)

// The built-in pack's embedded form: the pack without its match lines, then
// its match lines (a compactMatch), each written field by field in
// declaration order (by reflection, so that a field added to Pack or to any
// type in it travels without more code). encoding/gob did this job in a
// millisecond at every start (and its package's initialisation took a third
// of one more); this form reads in half that, keeps a pointer to a zero
// value (gob drops it), and reads strings as slices of the embedded data.
//
// The form: packMagic, the checksum of the layout of the Pack and
// compactMatch types (their exported fields' names and kinds, recursively:
// a form written for another layout is refused), then the two values.
// Strings and slices are a length and
// their contents (a slice's length + 1, 0 for nil), a pointer a byte (0 for
// nil) and its value, a map its length + 1 and its entries in key order,
// ints zig-zag varints, floats their 8 bytes, bools a byte.

const packMagic = "frontdoor-pack 1\n"

var errPackCorrupt = errors.New("compiled pack is corrupt")

// packLayout is the layout checksum of the Pack and compactMatch types.
// It is worked out when first needed, by the goroutine that decodes the
// pack, not at every start of the program.
var packLayout = sync.OnceValue(layoutSum)

func layoutSum() uint32 {
	var b strings.Builder
	writeLayout(&b, reflect.TypeFor[Pack](), 0)
	writeLayout(&b, reflect.TypeFor[compactMatch](), 0)
	return crc32.ChecksumIEEE([]byte(b.String()))
}

func writeLayout(b *strings.Builder, t reflect.Type, depth int) {
	b.WriteString(t.Kind().String())
	if depth > 8 {
		return // Pack holds no recursive types; this only bounds the walk
	}
	switch t.Kind() {
	case reflect.Struct:
		b.WriteByte('{')
		for f := range t.Fields() {
			if f.IsExported() {
				b.WriteString(f.Name)
				b.WriteByte(':')
				writeLayout(b, f.Type, depth+1)
				b.WriteByte(';')
			}
		}
		b.WriteByte('}')
	case reflect.Slice, reflect.Pointer:
		b.WriteByte('(')
		writeLayout(b, t.Elem(), depth+1)
		b.WriteByte(')')
	case reflect.Map:
		b.WriteByte('(')
		writeLayout(b, t.Key(), depth+1)
		b.WriteByte(',')
		writeLayout(b, t.Elem(), depth+1)
		b.WriteByte(')')
	}
}

// encodePack writes p and m in the form above.
func encodePack(p *Pack, m *compactMatch) ([]byte, error) {
	out, err := appendValue(binary.AppendUvarint([]byte(packMagic), uint64(packLayout())), reflect.ValueOf(p).Elem())
	if err != nil {
		return nil, err
	}
	return appendValue(out, reflect.ValueOf(m).Elem())
}

func appendValue(out []byte, v reflect.Value) ([]byte, error) {
	var err error
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				if out, err = appendValue(out, v.Field(i)); err != nil {
					return nil, err
				}
			}
		}
	case reflect.String:
		out = binary.AppendUvarint(out, uint64(v.Len()))
		out = append(out, v.String()...)
	case reflect.Bool:
		out = append(out, 0)
		if v.Bool() {
			out[len(out)-1] = 1
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		out = binary.AppendVarint(out, v.Int())
	case reflect.Float64:
		out = binary.LittleEndian.AppendUint64(out, math.Float64bits(v.Float()))
	case reflect.Slice:
		if v.IsNil() {
			return binary.AppendUvarint(out, 0), nil
		}
		out = binary.AppendUvarint(out, uint64(v.Len())+1)
		for i := range v.Len() {
			if out, err = appendValue(out, v.Index(i)); err != nil {
				return nil, err
			}
		}
	case reflect.Pointer:
		if v.IsNil() {
			return append(out, 0), nil
		}
		return appendValue(append(out, 1), v.Elem())
	case reflect.Map:
		if v.IsNil() {
			return binary.AppendUvarint(out, 0), nil
		}
		if v.Type().Key().Kind() != reflect.String {
			return nil, fmt.Errorf("compiled pack: cannot write a %s", v.Type())
		}
		out = binary.AppendUvarint(out, uint64(v.Len())+1)
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
		for _, k := range keys {
			if out, err = appendValue(out, k); err != nil {
				return nil, err
			}
			if out, err = appendValue(out, v.MapIndex(k)); err != nil {
				return nil, err
			}
		}
	default:
		return nil, fmt.Errorf("compiled pack: cannot write a %s", v.Type())
	}
	return out, nil
}

// decodePackPart reads the pack written by encodePack at the start of b,
// and returns it and how many bytes it took.
func decodePackPart(b string) (*Pack, int, error) {
	if !strings.HasPrefix(b, packMagic) {
		return nil, 0, fmt.Errorf("compiled pack: not %q", strings.TrimSpace(packMagic))
	}
	r := &idxReader{b: b, i: len(packMagic)}
	if sum, k := uvarint(b[r.i:]); k <= 0 || sum != uint64(packLayout()) {
		return nil, 0, errors.New("compiled pack: written for another version of frontdoor")
	} else {
		r.i += k
	}
	p := new(Pack)
	readValue(r, reflect.ValueOf(p).Elem())
	if r.err != nil {
		return nil, 0, errPackCorrupt
	}
	return p, r.i, nil
}

// decodeMatchPart reads the match lines written by encodePack after the
// pack (rest is what follows the pack).
func decodeMatchPart(rest string) (*compactMatch, error) {
	r := &idxReader{b: rest}
	m := new(compactMatch)
	readValue(r, reflect.ValueOf(m).Elem())
	if r.err != nil || r.i != len(rest) {
		return nil, errPackCorrupt
	}
	return m, nil
}

// exportedFields returns the indexes of struct type t's exported fields,
// worked out once per type: reflect.Type.Field allocates, and the pack
// holds thousands of structs.
func exportedFields(t reflect.Type) []int {
	if f, ok := fieldCache.Load(t); ok {
		return f.([]int)
	}
	var f []int
	for i := range t.NumField() {
		if t.Field(i).IsExported() {
			f = append(f, i)
		}
	}
	fieldCache.Store(t, f)
	return f
}

var fieldCache sync.Map // reflect.Type -> []int

// readValue reads into v what appendValue wrote, stopping at the first
// fault (r.err). Lengths are bounded by what is left to read.
func readValue(r *idxReader, v reflect.Value) {
	if r.err != nil {
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		for _, i := range exportedFields(v.Type()) {
			readValue(r, v.Field(i))
		}
	case reflect.String:
		n := r.uint()
		if n > len(r.b)-r.i {
			r.fail()
			return
		}
		v.SetString(r.b[r.i : r.i+n])
		r.i += n
	case reflect.Bool:
		v.SetBool(r.bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n := r.int()
		if v.OverflowInt(int64(n)) {
			r.fail()
			return
		}
		v.SetInt(int64(n))
	case reflect.Float64:
		if len(r.b)-r.i < 8 {
			r.fail()
			return
		}
		v.SetFloat(math.Float64frombits(uint64(le32(r.b, r.i)) | uint64(le32(r.b, r.i+4))<<32))
		r.i += 8
	case reflect.Slice:
		n := r.count()
		if n < 0 {
			return
		}
		v.Set(reflect.MakeSlice(v.Type(), n, n))
		for i := range n {
			readValue(r, v.Index(i))
		}
	case reflect.Pointer:
		if r.bool() {
			v.Set(reflect.New(v.Type().Elem()))
			readValue(r, v.Elem())
		}
	case reflect.Map:
		n := r.count()
		if n < 0 {
			return
		}
		m := reflect.MakeMapWithSize(v.Type(), n)
		for range n {
			k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
			readValue(r, k)
			readValue(r, e)
			if r.err != nil {
				return
			}
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	default:
		r.fail()
	}
}
