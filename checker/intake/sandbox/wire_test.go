package sandbox

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"github.com/frontdoorhq/frontdoor/checker/intake/document"
)

// wireResponses covers every part of the encoding: no document, empty and
// nil lists, text that is not valid UTF-8, negative and large numbers.
var wireResponses = []wireResponse{
	{},
	{Code: codePanic},
	{Code: codeFailed, Error: "could not read page 2"},
	{Code: codeFailed, Error: "partly read", Partial: true, Doc: &document.Document{Format: "pdf", Pages: 3,
		Lines: []document.Line{{Text: "Child's name: Leo", Page: 1, Line: 1}}}},
	{Doc: &document.Document{}},
	{Doc: &document.Document{Format: "docx", Lines: []document.Line{}, Fields: []document.Field{}, Warnings: []string{}}},
	{Doc: &document.Document{Format: "pdf", Pages: 2,
		Lines: []document.Line{
			{Text: "Referral to the MASH", Page: 1, Line: 1, Heading: true},
			{Text: "Name | Leo Carter | DOB | 2015-09-28", Page: 1, Line: 2},
			{Text: "bad \xff\xfe bytes, a cut rune \xe2\x82 and \x00 nul, \u2028 <b>&amp;</b> \"quoted\" \\", Page: 2, Line: 1 << 40},
			{Text: "", Page: -1, Line: -7},
			{Text: "émigré ñ 中文 😀"},
		},
		Fields: []document.Field{
			{Name: "child.name", Label: "Child's name", Value: "Leo", Kind: document.KindText, Page: 1, Line: 7},
			{Name: "consent", Value: "no", Kind: document.KindCheckbox},
			{Name: "\xc3", Label: "\xff", Value: "\xed\xa0\x80", Kind: ""},
		},
		Warnings: []string{"page 3: could not read text", "\xff"},
	}},
}

// Ensure a response comes back through the encoding exactly as it came back
// through the JSON of protocol version 1.
func TestWireMatchesJSON(t *testing.T) {
	type jsonResponse struct { // version 1's shape
		Code    string             `json:"code,omitempty"`
		Doc     *document.Document `json:"doc,omitempty"`
		Error   string             `json:"error,omitempty"`
		Partial bool               `json:"partial,omitempty"`
	}
	for i, r := range wireResponses {
		b, err := json.Marshal(jsonResponse(r))
		if err != nil {
			t.Fatal(err)
		}
		var viaJSON jsonResponse
		if err := json.Unmarshal(b, &viaJSON); err != nil {
			t.Fatal(err)
		}
		got, err := decodeWire(encodeResponse(r))
		if err != nil {
			t.Fatalf("%d: %v", i, err)
		}
		if !reflect.DeepEqual(got, wireResponse(viaJSON)) {
			t.Errorf("%d: through the encoding\n%#v\nthrough JSON\n%#v", i, got, wireResponse(viaJSON))
			if got.Doc != nil && viaJSON.Doc != nil {
				t.Errorf("documents: %#v\n%#v", *got.Doc, *viaJSON.Doc)
			}
		}
	}
}

// Ensure a body cut short, with a byte changed or with bytes added is an
// error (or, for a changed byte, at worst another well-formed response),
// never a panic or a huge allocation.
func TestWireMalformed(t *testing.T) {
	for _, r := range wireResponses {
		b := encodeResponse(r)
		for n := 0; n < len(b); n++ {
			if _, err := decodeWire(b[:n]); !errors.Is(err, errFrame) {
				t.Errorf("%q cut to %d bytes: err %v", b, n, err)
			}
		}
		if _, err := decodeWire(append(b[:len(b):len(b)], 0)); !errors.Is(err, errFrame) {
			t.Errorf("%q with a byte added: err %v", b, err)
		}
		for i := range b {
			for _, v := range []byte{0, 1, 0x7f, 0x80, 0xff} {
				c := append([]byte(nil), b...)
				c[i] = v
				if _, err := decodeWire(c); err != nil && !errors.Is(err, errFrame) {
					t.Errorf("%q changed at %d: err %v", b, i, err)
				}
			}
		}
	}
	// A list length far beyond the bytes left is refused before allocating.
	// (no code, no error, not partial, a document: format "", 0 pages, then
	// the count of lines.)
	huge := []byte{0, 0, 0, 1, 0, 0, 0xff, 0xff, 0xff, 0xff, 0x0f}
	if _, err := decodeWire(huge); !errors.Is(err, errFrame) {
		t.Errorf("huge list: err %v", err)
	}
}

// FuzzDecodeWire: any body decodes to a response or an errFrame, and a
// response decoded is encoded and decoded again unchanged.
func FuzzDecodeWire(f *testing.F) {
	for _, r := range wireResponses {
		f.Add(encodeResponse(r))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		r, err := decodeWire(body)
		if err != nil {
			if !errors.Is(err, errFrame) {
				t.Fatalf("err %v", err)
			}
			return
		}
		again, err := decodeWire(encodeResponse(r))
		if err != nil || !reflect.DeepEqual(again, r) {
			t.Fatalf("re-encoded: %#v, %v; want %#v", again, err, r)
		}
	})
}
