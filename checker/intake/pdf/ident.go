package pdf

import lpdf "github.com/ledongthuc/pdf"

// Object identity.
//
// lpdf.Value has no public identity, and the library parses an object
// again from the file every time a reference to it is resolved. Matching
// dictionaries by their text (Value.String) is correct but formats whole
// objects recursively. This file recovers the identity the library keeps
// in an unexported field, so that the text of an indirect object is
// formatted once per Extract call.
//
// A Value keeps, in its field ptr, the reference of the indirect object it
// was read from: for a value resolved from a reference, that reference;
// for a direct value, the indirect object that holds it (the library's
// resolve gives a direct child its parent's ptr). So a child read with Key
// or Index whose ptr differs from its parent's is the indirect object
// named by its ptr. An indirect object resolves to the same content every
// time (the file and its cross-reference table do not change after Open),
// so anything computed purely from that content, such as its text, may be
// cached by reference.
//
// The field is read with reflection (see libinternals.go); when that is
// not possible, or whenever the identity is in doubt (a child equal to its
// parent, a null), callers fall back to the uncached path, so a library
// upgrade can cost speed but never change a result.

// indirect reports whether child, read from parent with Key or Index, is
// an indirect object, and which one.
func indirect(child, parent lpdf.Value) (objRef, bool) {
	if child.IsNull() {
		return objRef{}, false
	}
	c, ok1 := refOf(child)
	p, ok2 := refOf(parent)
	if !ok1 || !ok2 || c == p {
		return objRef{}, false
	}
	return c, true
}

// maxCachedText bounds the bytes of text textOf keeps per Extract call.
const maxCachedText = 4 << 20

// textOf returns child.String(), child having been read from parent with
// Key or Index. The text of an indirect object is formatted once per
// Extract call.
func (x *extractor) textOf(child, parent lpdf.Value) string {
	ref, ok := indirect(child, parent)
	if !ok {
		return child.String()
	}
	if s, ok := x.texts[ref]; ok {
		return s
	}
	s := child.String()
	if x.textsBytes+len(s) <= maxCachedText {
		if x.texts == nil {
			x.texts = map[objRef]string{}
		}
		x.texts[ref] = s
		x.textsBytes += len(s)
	}
	return s
}

// maxCachedObjects bounds the resolved objects index keeps per Extract
// call.
const maxCachedObjects = 4096

// index returns arr.Index(i). An element that is a reference is resolved
// (parsed by the library) once per Extract call: a widget, for one, is
// reached both from its field's /Kids and from its page's /Annots, and
// resolving a reference always gives the same object (see above). The
// element is read unresolved with reflection; when that fails, index is
// arr.Index(i). A resolution that panics is not kept, so it panics again
// wherever it is repeated, as before.
func (x *extractor) index(arr lpdf.Value, i int) lpdf.Value {
	ref, ok := elemRef(arr, i)
	if !ok {
		return arr.Index(i)
	}
	if v, ok := x.objects[ref]; ok {
		return v
	}
	v := arr.Index(i)
	if len(x.objects) < maxCachedObjects {
		if x.objects == nil {
			x.objects = map[objRef]lpdf.Value{}
		}
		x.objects[ref] = v
	}
	return v
}
