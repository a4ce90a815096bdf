package pdf

import (
	"reflect"
	"sync"
	"sync/atomic"

	lpdf "github.com/ledongthuc/pdf"
)

// Reading the library's unexported fields.
//
// The speed-ups in ident.go, objparse.go and plainFlate need facts the
// library keeps private: which object a Value was read from (Value.ptr),
// whether a dictionary entry or array element is a reference before it is
// resolved (Value.data), where an object starts in the file (Reader.xref)
// and where a stream's data starts (the stream's offset). They are read
// with reflection, read-only, never written. Every field is checked for
// the name, kind and type it has in the pinned library version (go.mod
// pins a pseudo-version) before it is used; when a check fails the
// accessors report false and every caller falls back to the library's
// public API, so an upgrade that changes these internals costs speed, not
// correctness. TestLibraryInternals fails when that happens, as a
// reminder.

// objRef is an indirect object's number and generation (the library's
// objptr).
type objRef struct {
	id  uint32
	gen uint16
}

// libShape holds the field indexes and types checked once per process.
type libShape struct {
	ok        bool
	valuePtr  int           // lpdf.Value.ptr (objptr)
	valueData int           // lpdf.Value.data (interface)
	objptr    reflect.Type  // the library's objptr: struct{id uint32; gen uint16}
	nameType  reflect.Type  // the library's name (dictionary keys)
	xrefField int           // Reader.xref: []xref
	xPtr      int           // xref.ptr (objptr)
	xInStream int           // xref.inStream (bool)
	xOffset   int           // xref.offset (int64)
	widths    reflect.Value // the name /Widths, as a dictionary key
	contents  reflect.Value // the name /Contents
}

// internalsOff makes the accessors below report false, as they would if
// the checks failed; tests use it to run the fallback paths.
var internalsOff atomic.Bool

// shape returns the checked facts; ok is false when they cannot be used.
func shape() *libShape {
	if internalsOff.Load() {
		return &libShape{}
	}
	return libInternals()
}

var libInternals = sync.OnceValue(func() *libShape {
	s := &libShape{}
	vt := reflect.TypeFor[lpdf.Value]()
	ptr, ok1 := vt.FieldByName("ptr")
	data, ok2 := vt.FieldByName("data")
	if !ok1 || !ok2 || len(ptr.Index) != 1 || len(data.Index) != 1 || data.Type.Kind() != reflect.Interface {
		return s
	}
	p := ptr.Type
	if p.Kind() != reflect.Struct || p.NumField() != 2 ||
		p.Field(0).Name != "id" || p.Field(0).Type.Kind() != reflect.Uint32 ||
		p.Field(1).Name != "gen" || p.Field(1).Type.Kind() != reflect.Uint16 {
		return s
	}
	s.valuePtr, s.valueData, s.objptr = ptr.Index[0], data.Index[0], p

	rt := reflect.TypeFor[lpdf.Reader]()
	trailer, ok := rt.FieldByName("trailer") // the library's dict type
	if !ok || trailer.Type.Kind() != reflect.Map || trailer.Type.Key().Kind() != reflect.String ||
		trailer.Type.Elem().Kind() != reflect.Interface {
		return s
	}
	s.nameType = trailer.Type.Key()
	s.widths, s.contents = nameKey(s.nameType, "Widths"), nameKey(s.nameType, "Contents")

	xref, ok := rt.FieldByName("xref")
	if !ok || len(xref.Index) != 1 || xref.Type.Kind() != reflect.Slice || xref.Type.Elem().Kind() != reflect.Struct {
		return s
	}
	s.xrefField = xref.Index[0]
	x := xref.Type.Elem()
	field := func(name string, k reflect.Kind) int {
		f, ok := x.FieldByName(name)
		if !ok || len(f.Index) != 1 || f.Type.Kind() != k {
			return -1
		}
		return f.Index[0]
	}
	s.xPtr, s.xInStream, s.xOffset = field("ptr", reflect.Struct), field("inStream", reflect.Bool), field("offset", reflect.Int64)
	if s.xPtr < 0 || s.xInStream < 0 || s.xOffset < 0 || x.Field(s.xPtr).Type != s.objptr {
		return s
	}
	s.ok = true
	return s
})

// nameKey returns the name k as a dictionary key of type t.
func nameKey(t reflect.Type, k string) reflect.Value {
	v := reflect.New(t).Elem()
	v.SetString(k)
	return v
}

// refOf returns the reference kept in v's ptr field.
func refOf(v lpdf.Value) (objRef, bool) {
	s := shape()
	if !s.ok {
		return objRef{}, false
	}
	return asRef(reflect.ValueOf(v).Field(s.valuePtr)), true
}

// asRef reads an objptr.
func asRef(p reflect.Value) objRef {
	return objRef{id: uint32(p.Field(0).Uint()), gen: uint16(p.Field(1).Uint())}
}

// rawRef reports whether a raw element (an object interface) is a
// reference, and which.
func rawRef(s *libShape, e reflect.Value) (objRef, bool) {
	if !e.IsValid() || e.Kind() != reflect.Interface || e.IsNil() {
		return objRef{}, false
	}
	p := e.Elem()
	if p.Type() != s.objptr {
		return objRef{}, false
	}
	return asRef(p), true
}

// elemRef returns the reference stored, unresolved, as element i of the
// array arr.
func elemRef(arr lpdf.Value, i int) (objRef, bool) {
	s := shape()
	if !s.ok || arr.Kind() != lpdf.Array || i < 0 || i >= arr.Len() {
		return objRef{}, false
	}
	a := reflect.ValueOf(arr).Field(s.valueData).Elem()
	if a.Kind() != reflect.Slice || i >= a.Len() {
		return objRef{}, false
	}
	return rawRef(s, a.Index(i))
}

// widthsRef returns the reference stored, unresolved, under /Widths in the
// dictionary v.
func widthsRef(v lpdf.Value) (objRef, bool) {
	s := shape()
	return dictRef(s, v, s.widths)
}

// contentsRef returns the reference stored, unresolved, under /Contents
// in the dictionary v.
func contentsRef(v lpdf.Value) (objRef, bool) {
	s := shape()
	return dictRef(s, v, s.contents)
}

func dictRef(s *libShape, v lpdf.Value, key reflect.Value) (objRef, bool) {
	if !s.ok || v.Kind() != lpdf.Dict {
		return objRef{}, false
	}
	m := reflect.ValueOf(v).Field(s.valueData).Elem()
	if m.Kind() != reflect.Map || m.Type().Key() != s.nameType {
		return objRef{}, false
	}
	return rawRef(s, m.MapIndex(key))
}

// objectOffset returns where the library reads object ref from: the file
// offset of its cross-reference entry, when that entry is in use, matches
// ref and is not in an object stream (the cases in which the library
// parses "N G obj" at that offset). size is the file's length.
func objectOffset(r *lpdf.Reader, ref objRef, size int) (int64, bool) {
	s := shape()
	if !s.ok {
		return 0, false
	}
	xr := reflect.ValueOf(r).Elem().Field(s.xrefField)
	if int64(ref.id) >= int64(xr.Len()) {
		return 0, false
	}
	e := xr.Index(int(ref.id))
	if asRef(e.Field(s.xPtr)) != ref || e.Field(s.xInStream).Bool() {
		return 0, false
	}
	off := e.Field(s.xOffset).Int()
	if off <= 0 || off >= int64(size) {
		return 0, false
	}
	return off, true
}

// streamShape is the library's stream type and the index of its offset
// field, learnt from the first stream seen.
type streamShape struct {
	t      reflect.Type
	offset int
}

var streamInfo atomic.Pointer[streamShape]

// streamOffset returns where a stream's data starts in the file, which the
// library keeps in the field offset of its stream type.
func streamOffset(v lpdf.Value) (int64, bool) {
	s := shape()
	if !s.ok || v.Kind() != lpdf.Stream {
		return 0, false
	}
	st := reflect.ValueOf(v).Field(s.valueData).Elem()
	t := st.Type()
	info := streamInfo.Load()
	if info == nil || info.t != t {
		if t.Kind() != reflect.Struct || t.Name() != "stream" || t.PkgPath() != s.objptr.PkgPath() {
			return 0, false
		}
		f, ok := t.FieldByName("offset")
		if !ok || len(f.Index) != 1 || f.Type.Kind() != reflect.Int64 {
			return 0, false
		}
		info = &streamShape{t: t, offset: f.Index[0]}
		streamInfo.Store(info)
	}
	return st.Field(info.offset).Int(), true
}
