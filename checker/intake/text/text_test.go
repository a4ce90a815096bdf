package text

import (
	"bytes"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/frontdoorhq/frontdoor/checker/intake/document"
)

// Every person in these tests is invented.

func texts(d *document.Document) []string {
	var out []string
	for _, l := range d.Lines {
		out = append(out, l.Text)
	}
	return out
}

func mustRead(t *testing.T, s string) *document.Document {
	t.Helper()
	d, err := Read([]byte(s))
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	return d
}

func eml(lines ...string) string { return strings.Join(lines, "\r\n") }

// Ensure the format is sniffed from the content.
func TestFormat(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Child's name: Jamie Smith\nDOB: 03/04/2015\n", FormatText},
		{"# Referral\n\nChild's name: Jamie\n", FormatMarkdown},
		{"| Label | Value |\n|---|---|\n| Name | Jamie |\n", FormatMarkdown},
		{"From: Jane Doe <jane@example.org>\nTo: mash@example.gov.uk\nSubject: Referral\n\nBody\n", FormatEmail},
		{"MIME-Version: 1.0\nContent-Type: text/plain\n\nBody\n", FormatEmail},
		{"Subject: Referral for Jamie\n\nJamie is...\n", FormatText},           // one header is not an email
		{"Date: 20/11/2026\nChild's name: Jamie\n", FormatText},                // form labels are not headers
		{"From: the school\nTo whom it may concern\n", FormatText},             // not a header block
		{"Name: Jamie\nDOB: 03/04/2015\nSubject: Maths\n\nMore\n", FormatText}, // first line not a mail header
	}
	for _, c := range cases {
		d := mustRead(t, c.in)
		if d.Format != c.want {
			t.Errorf("Read(%q).Format = %q, want %q", c.in, d.Format, c.want)
		}
	}
}

// Ensure plain text lines keep their numbers and typed two-column tables become cells.
func TestPlainText(t *testing.T) {
	in := "CHILD DETAILS\n=============\n\nChild's name:\t\tJamie Smith\nDate of birth     03/04/2015\r\nSentence with  two spaces stays.\n   Indented line ends here.\n----------\nEnd\n"
	d := mustRead(t, in)
	want := []document.Line{
		{Text: "CHILD DETAILS", Line: 1, Heading: true},
		{Text: "Child's name: | Jamie Smith", Line: 4},
		{Text: "Date of birth | 03/04/2015", Line: 5},
		{Text: "Sentence with  two spaces stays.", Line: 6},
		{Text: "Indented line ends here.", Line: 7},
		{Text: "End", Line: 9},
	}
	if len(d.Lines) != len(want) {
		t.Fatalf("lines = %q", texts(d))
	}
	for i, w := range want {
		if d.Lines[i] != w {
			t.Errorf("line %d = %+v, want %+v", i, d.Lines[i], w)
		}
	}
}

// Ensure Markdown headings, pipe tables and bold markers are read.
func TestMarkdown(t *testing.T) {
	in := `# Referral to MASH

## Child details ##

| Field | Detail |
|:------|-------:|
| **Child's name** | Jamie Smith |
| Date of birth | 03/04/2015 |
| Notes | a \| b |

**Reason for referral:** Jamie said his dad hit him.

` + "```\n# not a heading\n```\n" + `Setext heading
--------------
Text after.`
	d := mustRead(t, in)
	if d.Format != FormatMarkdown {
		t.Errorf("format = %q", d.Format)
	}
	want := []document.Line{
		{Text: "Referral to MASH", Line: 1, Heading: true},
		{Text: "Child details", Line: 3, Heading: true},
		{Text: "Field | Detail", Line: 5},
		{Text: "Child's name | Jamie Smith", Line: 7},
		{Text: "Date of birth | 03/04/2015", Line: 8},
		{Text: "Notes | a / b", Line: 9},
		{Text: "Reason for referral: Jamie said his dad hit him.", Line: 11},
		{Text: "# not a heading", Line: 14},
		{Text: "Setext heading", Line: 16, Heading: true},
		{Text: "Text after.", Line: 18},
	}
	if len(d.Lines) != len(want) {
		t.Fatalf("lines = %q", texts(d))
	}
	for i, w := range want {
		if d.Lines[i] != w {
			t.Errorf("line %d = %+v, want %+v", i, d.Lines[i], w)
		}
	}
}

// Ensure a quoted-printable multipart email gives its text/plain body, with
// body line numbers, and its headers as Line 0.
func TestEmailQuotedPrintable(t *testing.T) {
	in := eml(
		"Return-Path: <jane@brizemeadow.example.org>",
		"From: =?UTF-8?Q?Jane_D=C3=B6e?= <jane@brizemeadow.example.org>",
		"To: mash@council.example.gov.uk",
		"Subject: =?UTF-8?Q?Referral_=E2=80=93_Jamie_Smith?=",
		"Date: Fri, 20 Nov 2026 09:14:00 +0000",
		"MIME-Version: 1.0",
		`Content-Type: multipart/alternative; boundary="b1"`,
		"",
		"--b1",
		"Content-Type: text/plain; charset=utf-8",
		"Content-Transfer-Encoding: quoted-printable",
		"",
		"Child=E2=80=99s name: Jamie Smith",
		"Reason for referral: Jamie said his mum=E2=80=99s boyfriend hit him and he is =",
		"scared to go home.",
		"",
		"> Quoted: line",
		"--b1",
		"Content-Type: text/html; charset=utf-8",
		"",
		"<p>HTML version</p>",
		"--b1--",
		"")
	d := mustRead(t, in)
	if d.Format != FormatEmail {
		t.Fatalf("format = %q", d.Format)
	}
	want := []document.Line{
		{Text: "From: Jane Döe <jane@brizemeadow.example.org>", Line: 0},
		{Text: "Date: 2026-11-20", Line: 0},
		{Text: "Subject: Referral – Jamie Smith", Line: 0},
		{Text: "Child’s name: Jamie Smith", Line: 1},
		{Text: "Reason for referral: Jamie said his mum’s boyfriend hit him and he is scared to go home.", Line: 2},
		{Text: "Quoted: line", Line: 4},
	}
	if len(d.Lines) != len(want) {
		t.Fatalf("lines = %q", texts(d))
	}
	for i, w := range want {
		if d.Lines[i] != w {
			t.Errorf("line %d = %+v, want %+v", i, d.Lines[i], w)
		}
	}
}

// Ensure base64 bodies, Latin-1 charsets and HTML-only emails are read.
func TestEmailEncodings(t *testing.T) {
	body := base64.StdEncoding.EncodeToString([]byte("Child's name: Jamie Smith\nDOB: 03/04/2015\n"))
	b64 := eml("From: a@example.org", "To: b@example.org", "Subject: x", "Content-Type: text/plain; charset=utf-8",
		"Content-Transfer-Encoding: base64", "", body[:20], body[20:], "")
	if got := texts(mustRead(t, b64)); !contains(got, "Child's name: Jamie Smith") || !contains(got, "DOB: 03/04/2015") {
		t.Errorf("base64 body: %q", got)
	}
	latin := eml("From: a@example.org", "To: b@example.org", "Subject: x", "Content-Type: text/plain; charset=iso-8859-1",
		"", "Name: Zo\xeb Smith \x96 caf\xe9", "")
	if got := texts(mustRead(t, latin)); !contains(got, "Name: Zoë Smith – café") {
		t.Errorf("latin-1 body: %q", got)
	}
	html := eml("From: a@example.org", "To: b@example.org", "Subject: x", "MIME-Version: 1.0",
		"Content-Type: text/html; charset=utf-8", "",
		"<!DOCTYPE html><html><head><style>p{color:red}</style></head><body>",
		"<h2>Child details</h2><table><tr><td><b>Child&#39;s name</b></td><td>Jamie&nbsp;Smith</td></tr>",
		"<tr><td>DOB</td><td>03/04/2015</td></tr></table><p>Jamie said &quot;dad hit me&quot;.<br>Second line</p>",
		"<!-- comment --><script>alert(1)</script><ul><li>CAMHS</li><li>School nurse</li></ul></body></html>", "")
	d := mustRead(t, html)
	want := []string{"Child details", "Child's name | Jamie Smith", "DOB | 03/04/2015", `Jamie said "dad hit me".`,
		"Second line", "- CAMHS", "- School nurse"}
	got := texts(d)
	if strings.Join(got[2:], "\n") != strings.Join(want, "\n") {
		t.Errorf("html body:\n%q\nwant\n%q", got, want)
	}
	if !d.Lines[2].Heading {
		t.Errorf("h2 not a heading: %+v", d.Lines[2])
	}
}

// Ensure nested multiparts are walked and attachments are not read.
func TestEmailNestedAndAttachments(t *testing.T) {
	in := eml("From: a@example.org", "To: b@example.org", "Subject: Fwd: concern", "MIME-Version: 1.0",
		`Content-Type: multipart/mixed; boundary="outer"`, "",
		"--outer", `Content-Type: multipart/alternative; boundary="inner"`, "",
		"--inner", "Content-Type: text/html", "", "<p>Reason for referral: from html</p>",
		"--inner", "Content-Type: text/plain", "", "Reason for referral: from text",
		"--inner--",
		"--outer", "Content-Type: application/pdf", `Content-Disposition: attachment; filename="jamie.pdf"`,
		"Content-Transfer-Encoding: base64", "", "JVBERi0xLjQK",
		"--outer--", "")
	d := mustRead(t, in)
	if got := texts(d); !contains(got, "Reason for referral: from text") || contains(got, "Reason for referral: from html") {
		t.Errorf("lines = %q", got)
	}
	if len(d.Warnings) != 1 || !strings.Contains(d.Warnings[0], "application/pdf") || strings.Contains(d.Warnings[0], "jamie") {
		t.Errorf("warnings = %q", d.Warnings)
	}
}

// Ensure malformed MIME gives text or warnings, never an error or a panic.
func TestEmailMalformed(t *testing.T) {
	for _, in := range []string{
		eml("From: a@example.org", "To: b@example.org", "Subject: x", `Content-Type: multipart/mixed; boundary="b"`, "", "--b", "Content-Type: text/plain", "", "Reason: cut off"),
		eml("From: a@example.org", "To: b@example.org", "Subject: x", `Content-Type: multipart/mixed`, "", "no boundary given"),
		eml("From: a@example.org", "To: b@example.org", "Subject: x", `Content-Type: text/plain; charset="`, "", "bad content type"),
		eml("From: a@example.org", "To: b@example.org", "Subject: x", "Content-Transfer-Encoding: base64", "", "!!!not base64!!!"),
		eml("From: a@example.org", "To: b@example.org", "Subject: x", "Content-Transfer-Encoding: quoted-printable", "", "bad =ZZ escape and = soft"),
		eml("From: a@example.org", "To: b@example.org", "Subject: =?bogus?Q?x?=", "Content-Type: text/plain; charset=x-unknown", "", "caf\xe9"),
		eml("From: a@example.org", "To: b@example.org", "Subject: x", `Content-Type: multipart/mixed; boundary="b"`, "", "--b", `Content-Type: multipart/mixed; boundary="b"`, "", "--b", "--b--"),
		"From: a@example.org\nTo: b@example.org\nSubject: x\nBroken header line without colon\n\nbody\n",
	} {
		d, err := Read([]byte(in))
		if err != nil {
			t.Errorf("Read(%q): %v", in, err)
			continue
		}
		if d == nil {
			t.Errorf("Read(%q) = nil", in)
		}
	}
}

// Ensure what is not text is refused with an error that names the problem, not the content.
func TestRejects(t *testing.T) {
	cases := []struct {
		in   []byte
		want error
	}{
		{[]byte("<!DOCTYPE html><html><body>Sign in to Slack</body></html>"), ErrHTML},
		{[]byte("  \n<HTML><head><title>Login</title></head></HTML>"), ErrHTML},
		{[]byte("Child's name: Jamie\x00\x01\x02"), ErrBinary},
		{[]byte("%PDF-1.7\nChild's name"), ErrBinary},
		{[]byte("PK\x03\x04Child's name"), ErrBinary},
		{[]byte("Child's name: Jamie \xff\xfe Smith"), ErrEncoding},
		{bytes.Repeat([]byte("a"), MaxSize+1), ErrTooLarge},
	}
	for _, c := range cases {
		_, err := Read(c.in)
		if !errors.Is(err, c.want) {
			t.Errorf("Read(%.30q) error = %v, want %v", c.in, err, c.want)
			continue
		}
		if strings.Contains(err.Error(), "Jamie") || strings.Contains(err.Error(), "Slack") {
			t.Errorf("error quotes the content: %v", err)
		}
	}
}

// Ensure UTF-16 text with a byte order mark, and a UTF-8 byte order mark, are read.
func TestByteOrderMarks(t *testing.T) {
	u := utf16.Encode([]rune("Child’s name: Jamie\r\nDOB: 03/04/2015"))
	le := []byte{0xFF, 0xFE}
	for _, x := range u {
		le = append(le, byte(x), byte(x>>8))
	}
	for _, in := range [][]byte{le, append([]byte{0xEF, 0xBB, 0xBF}, "Child’s name: Jamie\nDOB: 03/04/2015"...)} {
		d, err := Read(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := texts(d); len(got) != 2 || got[0] != "Child’s name: Jamie" || d.Lines[1].Line != 2 {
			t.Errorf("lines = %q", got)
		}
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

// FuzzRead checks that no input makes Read panic, and that every line it
// returns is valid UTF-8 with a sane number.
func FuzzRead(f *testing.F) {
	f.Add([]byte("Child's name: Jamie Smith\nDOB: 03/04/2015\n"))
	f.Add([]byte("# Heading\n| a | b |\n|---|---|\n| c | d |\n"))
	f.Add([]byte(eml("From: a@example.org", "To: b@example.org", "Subject: x", `Content-Type: multipart/mixed; boundary="b"`, "",
		"--b", "Content-Type: text/plain", "Content-Transfer-Encoding: quoted-printable", "", "caf=C3=A9 =", "x", "--b--")))
	f.Add([]byte(eml("From: a@example.org", "To: b@example.org", "Subject: x", "Content-Type: text/html", "", "<table><tr><td>a<td>b</table><!--")))
	f.Add([]byte("\xff\xfeC\x00h\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := Read(b)
		if err != nil {
			return
		}
		for _, l := range d.Lines {
			if !utf8.ValidString(l.Text) || l.Line < 0 {
				t.Fatalf("bad line %+v", l)
			}
		}
	})
}
