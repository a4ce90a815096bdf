package docx

import (
	"strings"
	"testing"

	g "github.com/frontdoorhq/frontdoor/fixtures/gen/docxgen"
)

// FuzzRead feeds arbitrary bytes to ReadBytes: it must return a document or
// an error, never panic, and never hit the recover (an "internal error").
func FuzzRead(f *testing.F) {
	// Seeds are kept small: the fuzzer minimises every new input it finds,
	// and a 25 KB seed stalls it for most of a short run.
	f.Add(referral(g.Deflate()))
	f.Add(g.New(g.Strict(), g.Deflate()).Heading("Child").Para("Name: Jamie Testcase\nYear: 4").Bytes())
	f.Add(g.New().P(g.Text("Name: "), g.LegacyText("n", "Jamie Testcase"), g.LegacyCheckbox("c", true)).Bytes())
	f.Add(g.New().Table([][]g.Cell{{g.T("a").Restart(), g.T("b").Span(2)}, {g.Continue(), g.C(g.ContentDate("", "", "2015-04-03", "x"))}}).Bytes())
	f.Add(g.New().P(g.TextBox("box"), g.Ins("ins"), g.Del("del"), g.ContentPlaceholder("", "", "ph")).Bytes())
	f.Add([]byte{})
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte("<!DOCTYPE html><html></html>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkRead(t, data)
	})
}

// FuzzDocumentXML wraps arbitrary bytes as word/document.xml in a valid
// package, so the fuzzer works on the XML walker rather than on zip CRCs.
func FuzzDocumentXML(f *testing.F) {
	f.Add(g.New().Heading("Child").P(g.Text("Name: "), g.LegacyText("n", "Jamie Testcase"), g.LegacyCheckbox("c", true),
		g.LegacyDropdown("d", []string{"A", "B"}, 1)).DocumentXML())
	f.Add(g.New(g.Strict()).P(g.ContentDate("", "", "2015-04-03", "x"), g.ContentCheckbox("", "", true), g.ContentPlaceholder("", "", "ph"),
		g.Ins("i"), g.Del("d"), g.TextBox("box")).ContentBlock("A", "", "p").DocumentXML())
	f.Add([]byte(`<w:document><w:body><w:tbl><w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p><w:sdt><w:sdtContent><w:r><w:t>x</w:t></w:r></w:sdtContent></w:sdt></w:p></w:tc></w:tr></w:tbl></w:body></w:document>`))
	f.Add([]byte(`<w:p><w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:ddList><w:result w:val="9"/></w:ddList></w:ffData></w:fldChar></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>`))
	f.Fuzz(func(t *testing.T, xmlData []byte) {
		parts := g.New().Parts()
		parts[2].Data = xmlData
		checkRead(t, g.Archive(parts))
	})
}

func checkRead(t *testing.T, data []byte) {
	doc, err := ReadLimits(strings.NewReader(string(data)), int64(len(data)), Limits{MaxTokens: 200_000})
	if err != nil {
		if doc != nil {
			t.Fatal("document and error both returned")
		}
		if strings.Contains(err.Error(), "internal error") {
			t.Fatalf("recovered panic: %v", err)
		}
		return
	}
	if doc == nil {
		t.Fatal("nil document without error")
	}
	for i, l := range doc.Lines {
		if l.Line < 1 || (i > 0 && l.Line < doc.Lines[i-1].Line) {
			t.Fatalf("line numbers out of order: %+v", doc.Lines)
		}
	}
}
