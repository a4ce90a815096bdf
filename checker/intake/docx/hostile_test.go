package docx

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	g "github.com/frontdoorhq/frontdoor/fixtures/gen/docxgen"
)

// secret is invented referral text that must never appear in an error.
const secret = "Jamie Secretname"

func docPart(body string) []byte {
	return []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` +
		body + `</w:body></w:document>`)
}

// withDocument returns a minimal package whose word/document.xml is doc.
func withDocument(doc []byte, deflate bool) []byte {
	parts := g.New().Parts()
	parts[2].Data = doc
	parts[2].Deflate = deflate
	return g.Archive(parts)
}

func deflated(b []byte) []byte {
	var c bytes.Buffer
	w, _ := flate.NewWriter(&c, flate.BestCompression)
	w.Write(b)
	w.Close()
	return c.Bytes()
}

// patchCentral sets a 16-bit field of the central directory entry for name.
func patchCentral(t *testing.T, z []byte, name string, offset int, v uint16) []byte {
	t.Helper()
	z = bytes.Clone(z)
	i := bytes.Index(z, []byte("PK\x01\x02"))
	for i >= 0 {
		nameLen := int(binary.LittleEndian.Uint16(z[i+28:]))
		if string(z[i+46:i+46+nameLen]) == name {
			binary.LittleEndian.PutUint16(z[i+offset:], v)
			return z
		}
		j := bytes.Index(z[i+4:], []byte("PK\x01\x02"))
		if j < 0 {
			break
		}
		i += 4 + j
	}
	t.Fatalf("no central entry %s", name)
	return nil
}

func TestHostile(t *testing.T) {
	valid := g.New(g.Deflate()).Para(secret).Bytes()
	billion := `<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">` +
		`<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>`
	tests := []struct {
		name  string
		input func() []byte
		lim   Limits
		is    error
		want  string
	}{
		{"empty file", func() []byte { return nil }, Limits{}, ErrNotDOCX, "the file is empty; save or download it again (empty file)"},
		{"blank file", func() []byte { return []byte(" \n ") }, Limits{}, ErrNotDOCX, "empty or blank"},
		{"html login page", func() []byte {
			return []byte("\n<!DOCTYPE html><html><head><title>Sign in</title></head><body>" + secret + "</body></html>")
		}, Limits{}, ErrNotDOCX, "HTML page"},
		{"html without doctype", func() []byte { return []byte(`<meta charset="utf-8"><html>`) }, Limits{}, ErrNotDOCX, "HTML page"},
		{"ole / encrypted docx", func() []byte {
			return append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...)
		}, Limits{}, ErrEncrypted, "password-protected, or it is an old-style .doc file; open it in Word and save it as a .docx without a password"},
		{"pdf", func() []byte { return []byte("%PDF-1.7\n" + secret) }, Limits{}, ErrNotDOCX, "this is a PDF"},
		{"rtf", func() []byte { return []byte(`{\rtf1\ansi ` + secret + `}`) }, Limits{}, ErrNotDOCX, "RTF"},
		{"plain text", func() []byte { return []byte(secret + " was seen") }, Limits{}, ErrNotDOCX, "not a zip archive"},
		{"truncated zip", func() []byte { return valid[:len(valid)/2] }, Limits{}, ErrNotDOCX, "not a readable zip archive"},
		{"zip without document.xml", func() []byte {
			return g.Archive([]g.Part{{Name: "xl/workbook.xml", Data: []byte("<workbook/>")}})
		}, Limits{}, ErrNotDOCX, "no word/document.xml"},
		{"declared huge size", func() []byte {
			p := g.New().Parts()
			p[2].DeclaredSize = 1 << 40
			return g.Archive(p)
		}, Limits{MaxTotalSize: 1 << 50}, ErrLimit, "(word/document.xml declares 1,048,576 MB when unpacked; the limit is 20 MB)"},
		{"declared huge total", func() []byte {
			p := g.New().Parts()
			for i := range 7 {
				p = append(p, g.Part{Name: fmt.Sprintf("word/media/image%d.png", i), Data: []byte("x"), DeclaredSize: 10 << 20})
			}
			return g.Archive(p)
		}, Limits{}, ErrLimit, "the Word file is too large to read safely; remove or shrink big pictures and save it again (over 60 MB when unpacked)"},
		{"lying size", func() []byte {
			p := g.New().Parts()
			p[2].Data = docPart(strings.Repeat("<w:p><w:r><w:t>"+secret+"</w:t></w:r></w:p>", 5000))
			p[2].Deflate = true
			p[2].DeclaredSize = 1000
			return g.Archive(p)
		}, Limits{}, ErrDamaged, "the Word file is damaged; open it in Word and save it again (word/document.xml is not the size the file says)"},
		{"ratio bomb", func() []byte {
			p := g.New().Parts()
			p[2].Data = docPart("<w:p/>" + strings.Repeat(" ", 5<<20))
			p[2].Deflate = true
			return g.Archive(p)
		}, Limits{}, ErrLimit, "to keep this computer safe; open it in Word and save it again (word/document.xml expands more than 200 times)"},
		{"part over a lowered cap", func() []byte { return valid }, Limits{MaxPartSize: 100}, ErrLimit, "declares"},
		{"too many entries", func() []byte {
			p := g.New().Parts()
			for i := range 1001 {
				p = append(p, g.Part{Name: fmt.Sprintf("customXml/item%d.xml", i), Data: []byte("<a/>")})
			}
			return g.Archive(p)
		}, Limits{}, ErrLimit, "the Word file has too many parts to read safely; open it in Word and save it again (1,004 zip entries; the limit is 1,000)"},
		{"too many entries, zip64 count", func() []byte {
			p := make([]g.Part, 0, 70_000)
			for i := range 70_000 {
				p = append(p, g.Part{Name: strconv.Itoa(i)})
			}
			return g.Archive(p)
		}, Limits{}, ErrLimit, "(70,000 zip entries; the limit is 1,000)"},
		{"duplicate names", func() []byte {
			p := g.New().Parts()
			return g.Archive(append(p, g.Part{Name: "word/document.xml", Data: docPart("")}))
		}, Limits{}, ErrUnsafe, `duplicate zip entry name "word/document.xml"`},
		{"duplicate names differing in case", func() []byte {
			p := g.New().Parts()
			return g.Archive(append(p, g.Part{Name: "Word/Document.xml", Data: docPart("")}))
		}, Limits{}, ErrUnsafe, "duplicate zip entry name"},
		{"encrypted zip entry", func() []byte {
			return patchCentral(t, g.New().Para(secret).Bytes(), "word/document.xml", 8, 1)
		}, Limits{}, ErrEncrypted, "zip entry word/document.xml is encrypted"},
		{"unknown compression method", func() []byte {
			return patchCentral(t, g.New().Para(secret).Bytes(), "word/document.xml", 10, 99)
		}, Limits{}, ErrDamaged, "unsupported compression method"},
		{"billion laughs", func() []byte {
			return withDocument([]byte(`<?xml version="1.0"?>`+billion+`<w:document><w:body><w:p><w:r><w:t>&lol3;</w:t></w:r></w:p></w:body></w:document>`), true)
		}, Limits{}, ErrUnsafe, "word/document.xml contains a DOCTYPE"},
		{"xxe", func() []byte {
			return withDocument([]byte(`<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><w:document><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>`), false)
		}, Limits{}, ErrUnsafe, "DOCTYPE"},
		{"undefined entity", func() []byte {
			return withDocument(docPart(`<w:p><w:r><w:t>&Secretname;</w:t></w:r></w:p>`), false)
		}, Limits{}, ErrDamaged, "the Word file is damaged; open it in Word and save it again (word/document.xml is not well-formed XML at line 1: invalid character entity)"},
		{"100k-deep nesting", func() []byte {
			return withDocument(docPart(strings.Repeat("<w:sdt>", 100_000)+strings.Repeat("</w:sdt>", 100_000)), false)
		}, Limits{}, ErrLimit, "nests elements deeper than 256"},
		{"deep nesting in a skipped subtree", func() []byte {
			return withDocument(docPart(`<w:p><w:del>`+strings.Repeat("<x>", 1000)+strings.Repeat("</x>", 1000)+`</w:del></w:p>`), false)
		}, Limits{}, ErrLimit, "deeper than 256"},
		{"token cap", func() []byte {
			return withDocument(docPart(strings.Repeat("<w:p/>", 1_100_000)), false)
		}, Limits{}, ErrLimit, "the Word file has more in it than frontdoor can read safely; split it into smaller files (word/document.xml has more than 2,000,000 XML tokens)"},
		{"line cap", func() []byte {
			return withDocument(docPart(strings.Repeat("<w:p><w:r><w:t>x</w:t></w:r></w:p>", 20)), false)
		}, Limits{MaxLines: 10}, ErrLimit, "more than 10 lines"},
		{"field cap", func() []byte {
			return withDocument(docPart(strings.Repeat("<w:sdt><w:sdtContent/></w:sdt>", 20)), false)
		}, Limits{MaxFields: 10}, ErrLimit, "more than 10 form fields"},
		{"vMerge amplification", func() []byte {
			big := strings.Repeat("Jamie Secretname ", 100_000/17)
			rows := `<w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>` + big + `</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc></w:tr>`
			rows += strings.Repeat(`<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr>`, 300)
			return withDocument(docPart("<w:tbl>"+rows+"</w:tbl>"), true)
		}, Limits{}, ErrLimit, "(word/document.xml produces more than 20 MB of text)"},
		{"unclosed elements", func() []byte {
			return withDocument([]byte(`<w:document><w:body><w:p><w:r><w:t>`+secret+`</w:t>`), false)
		}, Limits{}, ErrDamaged, "ends before its elements are closed"},
		{"extra end tag", func() []byte { return withDocument([]byte(`<w:document></w:document></w:body>`), false) }, Limits{}, ErrDamaged, "unbalanced end tag"},
		{"utf-16 declaration", func() []byte {
			return withDocument([]byte(`<?xml version="1.0" encoding="UTF-16"?><w:document/>`), false)
		}, Limits{}, ErrDamaged, "declares an XML encoding other than UTF-8"},
		{"corrupt deflate data", func() []byte {
			p := g.New().Para(secret).Parts()
			d := deflated(p[2].Data)
			for i := 20; i < len(d)-4; i += 7 {
				d[i] ^= 0xA5
			}
			return rawDeflatedDocument(t, d, len(p[2].Data))
		}, Limits{}, ErrDamaged, "word/document.xml"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data := tc.input()
			start := time.Now()
			doc, err := ReadLimits(bytes.NewReader(data), int64(len(data)), tc.lim)
			// A hang guard, not a speed test (speed is in the benchmarks).
			if el := time.Since(start); el > 30*time.Second {
				t.Errorf("took %v", el)
			}
			if err == nil {
				t.Fatalf("no error; got %d lines", len(doc.Lines))
			}
			if doc != nil {
				t.Errorf("document returned with error")
			}
			if !errors.Is(err, tc.is) {
				t.Errorf("error %q does not wrap %q", err, tc.is)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not contain %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "Secretname") {
				t.Errorf("error quotes document content: %q", err)
			}
			// Plain words for readers who are not programmers: no Go
			// error chains, no class names, no bare byte counts.
			for _, jargon := range []string{"zip:", "flate:", "xml:", "%!", "not a DOCX:", "safety limit:", "damaged DOCX:", "unsafe DOCX", "(zip bomb?)"} {
				if strings.Contains(err.Error(), jargon) {
					t.Errorf("error %q contains %q", err, jargon)
				}
			}
		})
	}
}

// rawDeflatedDocument writes a package whose document.xml entry holds the
// given (possibly corrupt) deflate stream.
func rawDeflatedDocument(t *testing.T, stream []byte, size int) []byte {
	t.Helper()
	p := g.New().Parts()
	z := g.Archive([]g.Part{p[0], p[1], {Name: "word/document.xml", Data: bytes.Repeat([]byte{' '}, size)}})
	// Overwrite a stored entry's data with the stream and mark the entry
	// deflated in the central directory, which is what archive/zip reads.
	if len(stream) > size {
		t.Fatalf("stream longer than data")
	}
	i := bytes.Index(z, bytes.Repeat([]byte{' '}, size))
	copy(z[i:], stream)
	z = patchCentral(t, z, "word/document.xml", 10, 8)
	binary.LittleEndian.PutUint32(patchField(z, "word/document.xml"), uint32(len(stream)))
	return z
}

// patchField returns the compressed-size field of name's central entry.
func patchField(z []byte, name string) []byte {
	for i := bytes.Index(z, []byte("PK\x01\x02")); i >= 0; {
		nameLen := int(binary.LittleEndian.Uint16(z[i+28:]))
		if string(z[i+46:i+46+nameLen]) == name {
			return z[i+20:]
		}
		j := bytes.Index(z[i+4:], []byte("PK\x01\x02"))
		if j < 0 {
			break
		}
		i += 4 + j
	}
	panic("no entry")
}

func TestCapReader(t *testing.T) {
	c := &capReader{rc: nopCloser{strings.NewReader(strings.Repeat("x", 100))}, left: 51}
	buf := make([]byte, 1000)
	total := 0
	var err error
	for err == nil {
		var n int
		n, err = c.Read(buf)
		total += n
	}
	if !errors.Is(err, errPartCap) || total != 51 {
		t.Fatalf("total %d err %v", total, err)
	}
	if e := partError("word/document.xml", err, Limits{MaxPartSize: 50}); !strings.Contains(e.Error(), "larger than 50 bytes") {
		t.Fatalf("partError: %v", e)
	}
	c = &capReader{rc: nopCloser{strings.NewReader(strings.Repeat("x", 50))}, left: 51}
	total, err = 0, nil
	for err == nil {
		var n int
		n, err = c.Read(buf)
		total += n
	}
	if err.Error() != "EOF" || total != 50 {
		t.Fatalf("exact size: total %d err %v", total, err)
	}
}

type nopCloser struct{ *strings.Reader }

func (nopCloser) Close() error { return nil }

// TestByteFlips flips bytes all over valid files: every result must be a
// document or a clean error, never a panic or an internal error.
func TestByteFlips(t *testing.T) {
	seeds := [][]byte{referral(g.Deflate()), referral(), referral(g.Strict())}
	rng := rand.New(rand.NewPCG(1, 2))
	start := time.Now()
	n := 0
	for _, seed := range seeds {
		for range 400 {
			data := bytes.Clone(seed)
			for range 1 + rng.IntN(4) {
				data[rng.IntN(len(data))] ^= byte(1 + rng.IntN(255))
			}
			doc, err := ReadBytes(data)
			n++
			if err == nil && doc == nil {
				t.Fatal("nil document without error")
			}
			if err != nil && strings.Contains(err.Error(), "internal error") {
				t.Fatalf("recovered panic: %v", err)
			}
		}
	}
	if el := time.Since(start); el > 120*time.Second { // a hang guard
		t.Errorf("%d flipped files took %v", n, el)
	}
}

func TestCheckEntryCount(t *testing.T) {
	lim := Limits{MaxEntries: 100}.withDefaults()
	for _, n := range []int{100, 101, 70_000} {
		p := make([]g.Part, n)
		for i := range p {
			p[i].Name = strconv.Itoa(i)
		}
		z := g.Archive(p)
		err := checkEntryCount(bytes.NewReader(z), int64(len(z)), lim)
		if (err != nil) != (n > 100) {
			t.Errorf("%d entries: %v", n, err)
		}
	}
	// Records it cannot find are left to archive/zip.
	if err := checkEntryCount(strings.NewReader("PK\x03\x04"), 4, lim); err != nil {
		t.Error(err)
	}
}
