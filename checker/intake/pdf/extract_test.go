package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/frontdoorhq/frontdoor/checker/intake/document"
	"github.com/frontdoorhq/frontdoor/fixtures/gen/pdfgen"
)

func diffLines(t *testing.T, got, want []document.Line) {
	t.Helper()
	if reflect.DeepEqual(got, want) {
		return
	}
	n := max(len(got), len(want))
	for i := 0; i < n; i++ {
		var g, w document.Line
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			t.Errorf("line %d:\n got  %+v\n want %+v", i, g, w)
		}
	}
}

func TestExtractTextReferral(t *testing.T) {
	cases := []struct {
		name string
		opts pdfgen.Options
	}{
		{"helvetica with widths", pdfgen.Options{}},
		{"standard-14 without widths", pdfgen.Options{Font: pdfgen.FontHelveticaNoWidths}},
		{"compressed", pdfgen.Options{Compress: true}},
		{"object streams", pdfgen.Options{ObjectStreams: true, Compress: true}},
		{"nested page tree", pdfgen.Options{TreeFanout: 2}},
		{"type0 full-range ToUnicode", pdfgen.Options{Font: pdfgen.FontType0}},
		{"type0 bfchar ToUnicode", pdfgen.Options{Font: pdfgen.FontType0, ToUnicode: pdfgen.ToUnicodeBFChar, Compress: true}},
		{"type0 bfrange arrays", pdfgen.Options{Font: pdfgen.FontType0, ToUnicode: pdfgen.ToUnicodeBFRangeArray}},
		{"pdf 2.0 header", pdfgen.Options{Version: "2.0"}},
		{"encrypted, empty user password", pdfgen.Options{Compress: true, Encrypt: &pdfgen.Encryption{OwnerPassword: "owner"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b, want := referralPDF(c.opts)
			doc, err := Extract(b, Limits{})
			if err != nil {
				t.Fatalf("Extract: %v", err)
			}
			if doc.Format != "pdf" || doc.Pages != 3 {
				t.Errorf("format %q pages %d, want pdf 3", doc.Format, doc.Pages)
			}
			if len(doc.Warnings) > 0 {
				t.Errorf("warnings: %q", doc.Warnings)
			}
			diffLines(t, doc.Lines, want)
		})
	}
}

func TestExtractForm(t *testing.T) {
	for _, o := range []pdfgen.Options{{}, {ObjectStreams: true}, {Compress: true, Font: pdfgen.FontType0}, {Encrypt: &pdfgen.Encryption{OwnerPassword: "owner"}}} {
		t.Run(fmt.Sprintf("%+v", o), func(t *testing.T) {
			doc, err := Extract(formPDF(o), Limits{})
			if err != nil {
				t.Fatalf("Extract: %v", err)
			}
			lineOf := map[string]int{}
			for _, l := range doc.Lines {
				lineOf[l.Text] = l.Line
			}
			if len(doc.Fields) != len(wantFields) {
				t.Errorf("got %d fields, want %d", len(doc.Fields), len(wantFields))
			}
			for i, w := range wantFields {
				want := w.f
				want.Line = lineOf[w.lineOf]
				if want.Line == 0 {
					t.Errorf("no line %q in %+v", w.lineOf, doc.Lines)
				}
				if i >= len(doc.Fields) {
					t.Errorf("missing %+v", want)
					continue
				}
				if doc.Fields[i] != want {
					t.Errorf("field %d:\n got  %+v\n want %+v", i, doc.Fields[i], want)
				}
			}
		})
	}
}

func TestExtractFormXFA(t *testing.T) {
	doc, err := Extract(formPDF(pdfgen.Options{XFA: true}), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if !contains(doc.Warnings, "XFA form data not supported") {
		t.Errorf("warnings %q lack the XFA warning", doc.Warnings)
	}
	if len(doc.Fields) != len(wantFields) {
		t.Errorf("got %d fields, want %d", len(doc.Fields), len(wantFields))
	}
}

// A form with filled fields but no page text is not a scan.
func TestExtractFieldsOnly(t *testing.T) {
	d := pdfgen.NewDoc(pdfgen.Options{})
	d.AddPage()
	d.AddField(pdfgen.Field{Name: "name", Kind: pdfgen.TextField, Rect: [4]float64{72, 700, 300, 716}, Value: "Robin Example", TU: "Child's name"})
	doc, err := Extract(d.Bytes(), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	want := []document.Field{{Name: "name", Label: "Child's name", Value: "Robin Example", Kind: document.KindText, Page: 1}}
	if !reflect.DeepEqual(doc.Fields, want) {
		t.Errorf("fields %+v, want %+v", doc.Fields, want)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func sampleWant() []document.Line {
	var want []document.Line
	for i, s := range pdfgen.SampleLines {
		want = append(want, document.Line{Text: s, Page: 1, Line: i + 1, Heading: i == 0})
	}
	return want
}

func TestExtractRepairs(t *testing.T) {
	for _, k := range []pdfgen.HostileKind{pdfgen.PDF20Header, pdfgen.LeadingJunk, pdfgen.TrailingJunk} {
		t.Run(string(k), func(t *testing.T) {
			doc, err := Extract(pdfgen.Hostile(k), Limits{})
			if err != nil {
				t.Fatal(err)
			}
			diffLines(t, doc.Lines, sampleWant())
		})
	}
}

func TestRepair(t *testing.T) {
	s := pdfgen.Sample()
	cases := []struct {
		name string
		in   []byte
		want []byte
	}{
		{"clean file unchanged", s, s},
		{"2.0 header", append([]byte("%PDF-2.0"), s[8:]...), append([]byte("%PDF-1.7"), s[8:]...)},
		{"leading junk", append([]byte("junk\r\n"), s...), s},
		{"trailing junk", append(append([]byte(nil), s...), "garbage after the end"...), s},
		{"space after version", append([]byte("%PDF-1.4 "), s[9:]...), append([]byte("%PDF-1.4\n"), s[9:]...)},
		{"not a pdf", []byte("hello"), []byte("hello")},
	}
	for _, c := range cases {
		in := append([]byte(nil), c.in...)
		got := Repair(in)
		if !bytes.Equal(got, c.want) {
			t.Errorf("%s: got %q...", c.name, got[:min(len(got), 20)])
		}
		if !bytes.Equal(in, c.in) {
			t.Errorf("%s: input modified", c.name)
		}
	}
}

func TestPrecheck(t *testing.T) {
	small := Limits{MaxFileSize: 1000}
	const unsafe = "the file is built in a way frontdoor will not read, to keep this computer safe; save it again from the program that made it, or print it to PDF ("
	notPDF := "the file is not really a PDF, though it may be named like one; save it again as a PDF (no PDF header)"
	cases := []struct {
		name string
		in   []byte
		lim  Limits
		want string // "" means accepted
	}{
		{"sample", pdfgen.Sample(), Limits{}, ""},
		{"form", formPDF(pdfgen.Options{ObjectStreams: true}), Limits{}, ""},
		{"too large", pdfgen.Sample(), small, "the file is too large to read; save a smaller copy, for example with fewer or smaller pictures (3 KB; the limit is 1,000 bytes)"},
		{"not a pdf", []byte("<!DOCTYPE html><html>login</html>"), Limits{}, notPDF},
		{"count", pdfgen.Hostile(pdfgen.Count2e9), Limits{}, unsafe + "it claims 2,000,000,000 pages)"},
		{"xref stream size", pdfgen.Hostile(pdfgen.XrefStreamSize1e9), Limits{}, unsafe + "it claims 1,000,000,000 objects)"},
		{"xref subsection", pdfgen.Hostile(pdfgen.XrefSubsection1e9), Limits{}, unsafe + "its index of objects goes up to 1,000,000,001)"},
		{"columns", pdfgen.Hostile(pdfgen.PredictorColumns2e9), Limits{}, unsafe + "it claims rows of data 2,000,000,000 wide)"},
		{"objstm N", pdfgen.Hostile(pdfgen.ObjStmHugeN), Limits{}, unsafe + "it claims 2,000,000,000 objects in one stream)"},
		{"prev cycle", pdfgen.Hostile(pdfgen.XrefPrevCycle), Limits{}, unsafe + "its index of objects loops back on itself)"},
		{"extends cycle", pdfgen.Hostile(pdfgen.ObjStmExtendsCycle), Limits{}, unsafe + "its object streams extend each other in a loop)"},
		{"index", []byte("%PDF-1.7\n1 0 obj << /Type /XRef /Index [0 5 999999999 2] >>"), Limits{}, unsafe + "its index of objects goes up to 1,000,000,001)"},
		{"w", []byte("%PDF-1.7\n1 0 obj << /Type /XRef /W [1 2000000000 2] >>"), Limits{}, unsafe + "its index of objects uses 2,000,000,000-byte entries)"},
		{"cid widths pass", []byte("%PDF-1.7\n1 0 obj << /W [1 [500 600] 3 900 1000] /Count 3 >>"), Limits{}, ""},
		{"names that only start like keys pass", []byte("%PDF-1.7\n<< /Sizes 5000000000 /Name 7000000000 /N5 9000000000 >>"), Limits{}, ""},
		{"escaped key", []byte("%PDF-1.7\n1 0 obj << /Type /ObjStm /N 1 /Ext#65nds 1 0 R >>"), Limits{}, unsafe + "it hides its structure)"},
		{"escaped other names pass", []byte("%PDF-1.7\n<< /BaseFont /Arial#20Bold /A#42 1 >>"), Limits{}, ""},
		{"lower limit", pdfgen.Sample(), Limits{MaxDeclared: 5}, unsafe + "it claims 10 objects)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := Precheck(c.in, c.lim)
			switch {
			case c.want == "" && err != nil:
				t.Errorf("rejected: %v", err)
			case c.want != "" && (err == nil || err.Error() != c.want):
				t.Errorf("got %v, want %q", err, c.want)
			case c.want != "" && c.want != notPDF && !errors.Is(err, ErrRejected):
				t.Errorf("%v does not match ErrRejected", err)
			}
		})
	}
}

func TestEncryption(t *testing.T) {
	text := func(o pdfgen.Options) []byte {
		d := pdfgen.NewDoc(o)
		d.LabelValue("Child's name", "Robin Example")
		return d.Bytes()
	}
	cases := []struct {
		name    string
		in      []byte
		wantErr error
	}{
		{"rc4-128 empty user password", text(pdfgen.Options{Compress: true, Encrypt: &pdfgen.Encryption{OwnerPassword: "x"}}), nil},
		{"rc4-128 with user password", text(pdfgen.Options{Compress: true, Encrypt: &pdfgen.Encryption{UserPassword: "secret"}}), ErrEncrypted},
		{"rc4-40 (library derives keys wrongly)", text(pdfgen.Options{Encrypt: &pdfgen.Encryption{Revision: 2}}), ErrEncrypted},
		{"aes-256", pdfgen.Hostile(pdfgen.AES256), ErrEncrypted},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc, err := Extract(c.in, Limits{})
			if !errors.Is(err, c.wantErr) {
				t.Fatalf("err %v, want %v", err, c.wantErr)
			}
			if err != nil {
				if msg := err.Error(); !strings.Contains(msg, "password-protected") || !strings.Contains(msg, "print it to a new PDF") {
					t.Errorf("message %q", err)
				}
				return
			}
			if len(doc.Lines) != 1 || doc.Lines[0].Text != "Child's name: Robin Example" {
				t.Errorf("lines %+v", doc.Lines)
			}
		})
	}
}

func TestScanned(t *testing.T) {
	doc, err := Extract(pdfgen.Hostile(pdfgen.Scanned), Limits{})
	if !errors.Is(err, ErrNoText) || err.Error() != "no text layer: scanned document?" {
		t.Fatalf("err %v, want ErrNoText", err)
	}
	if doc == nil || doc.Pages != 1 {
		t.Errorf("doc %+v, want one page", doc)
	}
}

// One unreadable page costs a warning; the others survive.
func TestBadPageSurvives(t *testing.T) {
	w := pdfgen.NewWriter()
	w.Set(1, "<< /Type /Catalog /Pages 2 0 R >>")
	w.Set(2, "<< /Type /Pages /Kids [3 0 R 4 0 R 5 0 R] /Count 3 /Resources << /Font << /F1 9 0 R >> >> >>")
	w.Set(3, "<< /Type /Page /Parent 2 0 R /Contents 6 0 R >>")
	w.Set(4, "<< /Type /Page /Parent 2 0 R /Contents 7 0 R >>")
	w.Set(5, "<< /Type /Page /Parent 2 0 R /Contents 8 0 R >>")
	w.SetStream(6, "<< >>", []byte("BT /F1 10 Tf 72 700 Td (First page) Tj ET"))
	w.SetStream(7, "<< /Filter /FlateDecode >>", []byte("this is not zlib data"))
	w.SetStream(8, "<< >>", []byte("BT /F1 10 Tf 72 700 Td (Third page) Tj ET"))
	w.Set(9, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
	doc, err := Extract(w.Bytes(1), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	want := []document.Line{{Text: "First page", Page: 1, Line: 1}, {Text: "Third page", Page: 3, Line: 1}}
	diffLines(t, doc.Lines, want)
	if !reflect.DeepEqual(doc.Warnings, []string{"page 2: could not read text"}) {
		t.Errorf("warnings %q", doc.Warnings)
	}
}

// Operators and layout details that the referral fixture does not cover.
func TestContentOperators(t *testing.T) {
	cases := []struct {
		name    string
		content string
		want    []string
	}{
		{"TJ kerning gaps become spaces", "BT /F1 10 Tf 72 700 Td [(Child)-20(')10(s)-400(name)] TJ ET", []string{"Child's name"}},
		{"wide TJ gap becomes a cell", "BT /F1 10 Tf 72 700 Td [(Name)-3000(Robin)] TJ ET", []string{"Name | Robin"}},
		{"Tc and Tw widen spacing", "BT /F1 10 Tf 3 Tw 72 700 Td (a b) Tj ET", []string{"a b"}},
		{"Tz scales advances", "BT /F1 10 Tf 50 Tz 72 700 Td (Half) Tj 1 0 0 1 84 700 Tm (width) Tj ET", []string{"Half width"}},
		{"quote operators", "BT /F1 10 Tf 12 TL 72 700 Td (one) Tj (two) ' 0 0 (three) \" ET", []string{"one", "two", "three"}},
		{"cm moves text", "q 1 0 0 1 100 0 cm BT /F1 10 Tf 0 700 Td (right) Tj ET Q BT /F1 10 Tf 72 700 Td (left) Tj ET", []string{"left right"}},
		{"superscript stays on its line", "BT /F1 10 Tf 72 700 Td (13) Tj 3 Ts 6 Tf (th) Tj 0 Ts 10 Tf ( March) Tj ET", []string{"13th March"}},
		{"a banner does not swallow nearby lines", "BT /F1 10 Tf 72 700 Td (upper) Tj 0 -14 Td (lower) Tj ET BT /F1 60 Tf 300 690 Td (DRAFT) Tj ET", []string{"upper", "lower | DRAFT"}},
		{"ligatures expand", "BT /F2 10 Tf 72 700 Td <0102> Tj ET", []string{"fifl"}},
		{"reading order by position", "BT /F1 10 Tf 72 600 Td (second) Tj ET BT /F1 10 Tf 72 700 Td (first) Tj ET", []string{"first", "second"}},
		{"missing font falls back", "BT /F9 10 Tf 72 700 Td (Still read) Tj ET", []string{"Still read"}},
		{"hex strings and escapes", `BT /F1 10 Tf 72 700 Td <48692C> Tj ( \(x\) \\ \101) Tj ET`, []string{`Hi, (x) \ A`}},
		{"unterminated array", "BT /F1 10 Tf 72 700 Td [(Open) Tj ET BT /F1 10 Tf 72 680 Td (Next) Tj ET", []string{"Next"}},
		{"inline image skipped", "BT /F1 10 Tf 72 700 Td (a) Tj ET BI /W 2 /H 2 ID \x00(\xff<\nEI\n BT /F1 10 Tf 72 680 Td (b) Tj ET", []string{"a", "b"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := pdfgen.NewWriter()
			w.Set(1, "<< /Type /Catalog /Pages 2 0 R >>")
			w.Set(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
			w.Set(3, "<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> /Contents 4 0 R >>")
			w.SetStream(4, "<< >>", []byte(c.content))
			w.Set(5, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
			w.Set(6, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /BaseEncoding /WinAnsiEncoding /Differences [1 /fi /uniFB02] >> >>")
			doc, err := Extract(w.Bytes(1), Limits{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, l := range doc.Lines {
				got = append(got, l.Text)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

func TestCMap(t *testing.T) {
	data := []byte(`/CIDInit /ProcSet findresource begin 12 dict begin begincmap
1 begincodespacerange <0000> <FFFF> endcodespacerange
2 beginbfchar <0003> <0020> <0010> <D83DDE00> endbfchar
3 beginbfrange <0000> <FFFF> <0000> <0020> <0022> [<0041> <0042> <0043>] <0100> <0101> <00660066> endbfrange
endcmap end end`)
	m := parseCMap(data, 100)
	cases := []struct {
		code uint32
		want string
	}{
		{0x0003, " "}, {0x0010, "😀"}, {0x2019, "’"}, {0x0021, "B"}, {0x0101, "fg"}, {0x00e9, "é"},
	}
	for _, c := range cases {
		if got, _ := m.lookup(2, c.code); got != c.want {
			t.Errorf("lookup(%04x) = %q, want %q", c.code, got, c.want)
		}
	}
	// The entry cap holds however many entries a block declares.
	var b strings.Builder
	b.WriteString("100000000 beginbfrange\n")
	for i := 0; i < 500; i++ {
		fmt.Fprintf(&b, "<%04X> <%04X> <0041>\n", i, i)
	}
	b.WriteString("endbfrange")
	if m := parseCMap([]byte(b.String()), 100); len(m.ranges) != 100 || !m.truncated {
		t.Errorf("kept %d ranges (truncated %v), want 100", len(m.ranges), m.truncated)
	}
}

func TestLimits(t *testing.T) {
	b, _ := referralPDF(pdfgen.Options{})
	t.Run("pages", func(t *testing.T) {
		doc, err := Extract(b, Limits{MaxPages: 2})
		if err != nil {
			t.Fatal(err)
		}
		if doc.Pages != 2 || doc.Lines[len(doc.Lines)-1].Page != 2 || !contains(doc.Warnings, "only the first 2 pages were read") {
			t.Errorf("pages %d, warnings %q", doc.Pages, doc.Warnings)
		}
	})
	t.Run("text", func(t *testing.T) {
		doc, err := Extract(b, Limits{MaxTextBytes: 200})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, l := range doc.Lines {
			n += len(l.Text)
		}
		if n > 400 || !contains(doc.Warnings, "document text exceeds the size limit; the rest was skipped") {
			t.Errorf("%d bytes of text, warnings %q", n, doc.Warnings)
		}
	})
	t.Run("operators", func(t *testing.T) {
		doc, err := Extract(b, Limits{MaxOpsPerPage: 10})
		if err != nil {
			t.Fatal(err)
		}
		if !contains(doc.Warnings, "page 1: too many drawing operations; text may be incomplete") {
			t.Errorf("warnings %q", doc.Warnings)
		}
	})
	t.Run("fields", func(t *testing.T) {
		doc, err := Extract(formPDF(pdfgen.Options{}), Limits{MaxFieldVisits: 5})
		if err != nil {
			t.Fatal(err)
		}
		if len(doc.Fields) == 0 || len(doc.Fields) >= len(wantFields) || !contains(doc.Warnings, "form fields: too many or nested too deeply; some were skipped") {
			t.Errorf("%d fields, warnings %q", len(doc.Fields), doc.Warnings)
		}
	})
}

// TestOpenErrors holds the plain messages for files the library cannot
// open: a cut-off file is told apart from a damaged one, and the library's
// words are kept short, in brackets, without its jargon.
func TestOpenErrors(t *testing.T) {
	b := pdfgen.Sample()
	_, err := Extract(b[:len(b)-30], Limits{})
	want := "could not read PDF: the file is incomplete — it may not have finished downloading or saving; download or save it again (the end of the file is missing)"
	if err == nil || err.Error() != want || !errors.Is(err, ErrUnreadable) {
		t.Errorf("truncated: %v, want %q", err, want)
	}
	for lib, want := range map[string]string{
		"not a PDF file: missing %%EOF":                    "the file is incomplete",
		"malformed PDF file: missing final startxref":      "the file is incomplete",
		"not a PDF file: invalid header":                   "the start of the file is damaged; download or save it again (no PDF header)",
		`malformed PDF: xref Prev is not integer: "Robin"`: "the file is damaged; save it again from the program that made it, or print it to PDF (cross-reference Prev is not integer)",
	} {
		got := openError(lib).Error()
		if !strings.HasPrefix(got, "could not read PDF: "+want) {
			t.Errorf("%q: got %q, want %q", lib, got, want)
		}
		for _, bad := range []string{"%EOF", "xref", "malformed", "Robin"} {
			if strings.Contains(got, bad) {
				t.Errorf("%q: %q contains %q", lib, got, bad)
			}
		}
	}
}

func TestErrorsHoldNoDocumentText(t *testing.T) {
	b := pdfgen.Sample()
	for _, cut := range []int{len(b) / 3, len(b) / 2, len(b) - 30} {
		_, err := Extract(b[:cut], Limits{})
		if err == nil {
			continue
		}
		for _, s := range []string{"Robin", "Example", "Hillside"} {
			if strings.Contains(err.Error(), s) {
				t.Errorf("error %q quotes document text", err)
			}
		}
	}
	if got := sanitize(`malformed PDF: cross-reference table not found: "Robin Example"`); got != "malformed PDF: cross-reference table not found" {
		t.Errorf("sanitize: %q", got)
	}
}
