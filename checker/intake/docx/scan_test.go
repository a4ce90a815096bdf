package docx

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"

	g "github.com/frontdoorhq/frontdoor/fixtures/gen/docxgen"
)

// scanTokens runs the scanner over data and converts its tokens to
// encoding/xml tokens. directive reports that it stopped at a directive.
func scanTokens(data []byte) (toks []xml.Token, directive bool, err error) {
	s := &scanner{data: data}
	for {
		kind, err := s.next()
		if err == io.EOF {
			return toks, false, nil
		}
		if err != nil {
			return toks, false, err
		}
		var name xml.Name
		if kind == tokStart || kind == tokEnd || kind == tokProcInst {
			name = xml.Name{Space: string(s.prefix()), Local: string(s.local())}
		}
		switch kind {
		case tokStart:
			attrs := []xml.Attr{}
			for i := range s.attrs {
				a := &s.attrs[i]
				an := xml.Name{Local: string(s.attrLocal(a))}
				if a.nColon >= 0 {
					an.Space = string(s.data[a.nStart:a.nColon])
				}
				attrs = append(attrs, xml.Attr{Name: an, Value: string(s.bytes(a.value))})
			}
			toks = append(toks, xml.StartElement{Name: name, Attr: attrs})
		case tokEnd:
			toks = append(toks, xml.EndElement{Name: name})
		case tokText:
			toks = append(toks, xml.CharData(bytes.Clone(s.bytes(s.text))))
		case tokComment:
			toks = append(toks, xml.Comment(bytes.Clone(s.bytes(s.text))))
		case tokProcInst:
			toks = append(toks, xml.ProcInst{Target: name.Local, Inst: bytes.Clone(s.bytes(s.text))})
		case tokDirective:
			return toks, true, nil
		default:
			return toks, false, fmt.Errorf("unknown token kind %d", kind)
		}
	}
}

// rawTokens is the reference: encoding/xml's RawToken with its defaults.
func rawTokens(data []byte) (toks []xml.Token, err error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		t, err := d.RawToken()
		if err == io.EOF {
			return toks, nil
		}
		if err != nil {
			return toks, err
		}
		t = xml.CopyToken(t)
		if c, ok := t.(xml.CharData); ok && c == nil {
			t = xml.CharData{}
		}
		if p, ok := t.(xml.ProcInst); ok && p.Inst == nil {
			p.Inst = []byte{}
			t = p
		}
		if c, ok := t.(xml.Comment); ok && c == nil {
			t = xml.Comment{}
		}
		toks = append(toks, t)
	}
}

func errClass(err error) string {
	var se *xml.SyntaxError
	switch {
	case err == nil:
		return "none"
	case errors.As(err, &se):
		return "syntax"
	case strings.HasPrefix(err.Error(), "xml: encoding"):
		return "encoding"
	case strings.HasPrefix(err.Error(), "xml: unsupported version"):
		return "version"
	}
	return "other: " + err.Error()
}

// compareScanner checks that the scanner yields exactly the tokens
// RawToken yields and fails where it fails, except that it stops at a
// directive, where RawToken returns the directive or an error.
func compareScanner(t *testing.T, data []byte) {
	t.Helper()
	got, directive, gotErr := scanTokens(data)
	want, wantErr := rawTokens(data)
	norm := func(toks []xml.Token) []xml.Token {
		for i, tk := range toks {
			switch v := tk.(type) {
			case xml.CharData:
				if len(v) == 0 {
					toks[i] = xml.CharData{}
				}
			case xml.Comment:
				if len(v) == 0 {
					toks[i] = xml.Comment{}
				}
			case xml.ProcInst:
				if len(v.Inst) == 0 {
					v.Inst = []byte{}
					toks[i] = v
				}
			}
		}
		return toks
	}
	got, want = norm(got), norm(want)
	if directive {
		if len(want) < len(got) || !equalTokens(got, want[:len(got)]) {
			t.Fatalf("tokens before the directive differ:\n got %#v\nwant %#v", got, want)
		}
		if len(want) == len(got) {
			if wantErr == nil {
				t.Fatalf("scanner found a directive, RawToken ended cleanly")
			}
			return
		}
		if _, ok := want[len(got)].(xml.Directive); !ok {
			t.Fatalf("scanner found a directive, RawToken %#v", want[len(got)])
		}
		return
	}
	if !equalTokens(got, want) {
		n := 0
		for n < len(got) && n < len(want) && reflect.DeepEqual(got[n], want[n]) {
			n++
		}
		t.Fatalf("tokens differ at %d (got %d, want %d tokens; errors %v / %v):\n got %#v\nwant %#v",
			n, len(got), len(want), gotErr, wantErr, got[n:min(n+3, len(got))], want[n:min(n+3, len(want))])
	}
	if errClass(gotErr) != errClass(wantErr) {
		t.Fatalf("errors differ: got %v, want %v", gotErr, wantErr)
	}
}

func equalTokens(a, b []xml.Token) bool {
	return len(a) == len(b) && (len(a) == 0 || reflect.DeepEqual(a, b))
}

var scanSeeds = []string{
	`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="x"><w:body><w:p w:rsidR="00A1"><w:r><w:t xml:space="preserve"> a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos; </w:t></w:r></w:p></w:body></w:document>`,
	"<a>\r\n\r x \r</a><b c='\r\n&#13;\r'/>",
	`<a>&#65;&#x42;&#x1F600;&#0;</a>`,
	`<a>&#xD800;&#x110000;&#99999999999999999999;&#;&#x;&#X41;</a>`,
	`<a>&nbsp;&amp</a>`,
	`<a><![CDATA[ <b> & ]] ]]></a><![CDATA[x`,
	`<!-- c --><!----><!-- a -- b --><!--->`,
	`<?pi some data?><?xml version="1.1"?>`,
	`<?xml version='1.0' encoding='utf-16'?><a/>`,
	`<é:ü ö="1" a:b:c="2"/><_:x/><:a/><a:/><1a/>`,
	"<a b='\x00'/><a>\x01</a><a>\xff</a><a>\uFFFE</a>",
	`<a b="<"/><a b=c/><a b/><a  b = "1"c="2"/>`,
	`</a ><a/ ></b:c:d>`,
	`<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>`,
	`<!ELEMENT`,
	`text ]]> more`,
	`<a>]]&gt;]]</a><a>]]]></a>`,
	`<a`, `<a b="1`, `<a b=`, `</`, `<!`, `<!-`, `<![CDA`, `<?`, `<?x`, `&`, `&#`, `&#x1`, `&lt`,
}

func TestScannerMatchesEncodingXML(t *testing.T) {
	inputs := [][]byte{readDocumentXMLBytes(referral(g.Deflate())), readDocumentXMLBytes(wordLike(referral(g.Deflate())))}
	for _, s := range scanSeeds {
		inputs = append(inputs, []byte(s))
	}
	for _, in := range inputs {
		compareScanner(t, in)
		// Every prefix, to exercise the end of input everywhere.
		if len(in) < 400 {
			for i := range in {
				compareScanner(t, in[:i])
			}
		}
	}
}

func readDocumentXMLBytes(data []byte) []byte { return []byte(readDocumentXML(data)) }

// FuzzScanner compares the scanner with encoding/xml's RawToken.
func FuzzScanner(f *testing.F) {
	for _, s := range scanSeeds {
		f.Add([]byte(s))
	}
	f.Add(g.New().Heading("Child").P(g.Text("Name: "), g.LegacyText("n", "Jamie Testcase"), g.LegacyCheckbox("c", true),
		g.LegacyDropdown("d", []string{"A", "B"}, 1)).DocumentXML())
	f.Fuzz(func(t *testing.T, data []byte) {
		compareScanner(t, data)
	})
}

// BenchmarkScanOnly is BenchmarkTokenizeOnly with the scanner.
func BenchmarkScanOnly(b *testing.B) {
	compact := referral(g.Deflate())
	for _, in := range []struct {
		name string
		data []byte
	}{{"referral", compact}, {"referral-wordlike", wordLike(compact)}} {
		x := readDocumentXMLBytes(in.data)
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(x)))
			for b.Loop() {
				s := &scanner{data: x}
				for {
					if _, err := s.next(); err != nil {
						break
					}
				}
			}
		})
	}
}

// TestScannerNonASCIINames covers names judged by nameOracle, one Decoder
// serving many names in a part.
func TestScannerNonASCIINames(t *testing.T) {
	var valid strings.Builder
	for r := rune(0x80); r < 0x30000; r += 13 {
		c := string(r)
		for _, in := range []string{"<" + c + "/>", "<a" + c + " " + c + "b='1'/>", "<p:" + c + "/>", "<?" + c + "x?>", "<a>&" + c + ";</a>"} {
			compareScanner(t, []byte(in))
		}
		if _, err := xml.NewDecoder(strings.NewReader("<a" + c + "/>")).RawToken(); err == nil {
			valid.WriteString("<a" + c + " x" + c + "='" + c + "'>" + c + "</a" + c + ">")
		}
	}
	if valid.Len() < 1000 {
		t.Fatalf("only %d bytes of valid names", valid.Len())
	}
	compareScanner(t, []byte(valid.String()))
	compareScanner(t, []byte(valid.String()+"<a\u00d7/>"+valid.String()))
}
