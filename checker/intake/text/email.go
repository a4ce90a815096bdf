package text

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"strings"
	"unicode/utf8"

	"github.com/frontdoorhq/frontdoor/checker/intake/document"
)

// Limits on hostile MIME structure.
const (
	maxDepth = 8   // nested multiparts and attached messages
	maxParts = 200 // parts read in all
)

// emailHeaders can start an email. A text is an email when its first lines
// are headers, the first of them one of these, and it has at least two of
// the core headers (or starts with one only mail systems write).
var emailHeaders = map[string]bool{
	"from": true, "to": true, "cc": true, "bcc": true, "subject": true, "date": true, "sender": true,
	"reply-to": true, "mime-version": true, "message-id": true, "received": true, "return-path": true,
	"delivered-to": true, "content-type": true, "content-transfer-encoding": true, "dkim-signature": true,
	"authentication-results": true, "thread-topic": true, "thread-index": true, "importance": true,
	"in-reply-to": true, "references": true, "user-agent": true, "x-mailer": true,
}

var coreHeaders = map[string]bool{"from": true, "to": true, "subject": true, "mime-version": true,
	"message-id": true, "received": true, "return-path": true, "delivered-to": true, "date": true}

// looksLikeEmail reports whether s starts with an RFC 822 header block.
func looksLikeEmail(s string) bool {
	s = strings.TrimLeft(s, "\r\n")
	if strings.HasPrefix(s, "From ") { // mbox separator line
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			s = s[i+1:]
		}
	}
	core, n := 0, 0
	for _, l := range strings.Split(s[:min(len(s), 64<<10)], "\n") {
		l = strings.TrimRight(l, "\r")
		if l == "" {
			break
		}
		if l[0] == ' ' || l[0] == '\t' {
			if n == 0 {
				return false
			}
			continue // folded header
		}
		i := strings.IndexByte(l, ':')
		if i <= 0 || !isToken(l[:i]) {
			return false
		}
		name := strings.ToLower(l[:i])
		if n == 0 && !emailHeaders[name] && !strings.HasPrefix(name, "x-") && !strings.HasPrefix(name, "arc-") {
			return false
		}
		if coreHeaders[name] {
			core++
			switch name {
			case "mime-version", "received", "return-path", "delivered-to", "message-id":
				core++
			}
		}
		n++
		if n > 200 {
			break
		}
	}
	return core >= 2
}

func isToken(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte("()<>@,;:\\\"/[]?={}", c) >= 0 {
			return false
		}
	}
	return true
}

// readEmail reads an email: headers, then the text/plain body (or the
// text/html body, stripped), decoded from quoted-printable or base64 and
// from its character set.
func readEmail(s string) (*document.Document, error) {
	raw := strings.TrimLeft(s, "\r\n")
	if strings.HasPrefix(raw, "From ") {
		if i := strings.IndexByte(raw, '\n'); i >= 0 {
			raw = raw[i+1:]
		}
	}
	msg, err := mail.ReadMessage(strings.NewReader(raw))
	if err != nil {
		if !utf8.ValidString(s) {
			s = cp1252([]byte(s))
		}
		lines, _ := buildLines(s, false)
		return &document.Document{Format: FormatText, Lines: lines,
			Warnings: []string{"the email headers could not be read; read as plain text"}}, nil
	}
	d := &document.Document{Format: FormatEmail}
	dec := &mime.WordDecoder{CharsetReader: charsetReader}
	header := func(name, v string) {
		if v == "" {
			return
		}
		if w, err := dec.DecodeHeader(v); err == nil {
			v = w
		}
		if !utf8.ValidString(v) {
			v = cp1252([]byte(v))
		}
		v = strings.Join(strings.Fields(v), " ")
		if v != "" {
			d.Lines = append(d.Lines, document.Line{Text: name + ": " + v, Line: 0})
		}
	}
	header("From", msg.Header.Get("From"))
	if t, err := msg.Header.Date(); err == nil {
		header("Date", t.Format("2006-01-02"))
	}
	header("Subject", msg.Header.Get("Subject"))

	st := &walk{}
	st.collect(textproto.MIMEHeader(msg.Header), msg.Body, 0)
	body, ok := st.best()
	if !ok {
		st.warn("the email has no readable text part")
	}
	lines, _ := buildLines(body, true)
	d.Lines = append(d.Lines, lines...)
	d.Warnings = st.warnings
	return d, nil
}

type part struct {
	text   string
	html   bool
	attach bool
}

type walk struct {
	parts    []part
	n        int
	warnings []string
}

func (w *walk) warn(msg string) {
	for _, x := range w.warnings {
		if x == msg {
			return
		}
	}
	if len(w.warnings) < 20 {
		w.warnings = append(w.warnings, msg)
	}
}

// best picks the body: inline text/plain, else inline text/html, else an
// attached text file.
func (w *walk) best() (string, bool) {
	for _, pass := range []struct{ html, attach bool }{{false, false}, {true, false}, {false, true}, {true, true}} {
		for _, p := range w.parts {
			if p.html == pass.html && p.attach == pass.attach && strings.TrimSpace(p.text) != "" {
				if p.html {
					return htmlToText(p.text), true
				}
				return p.text, true
			}
		}
	}
	return "", false
}

// collect walks a MIME entity and keeps its text parts.
func (w *walk) collect(h textproto.MIMEHeader, r io.Reader, depth int) {
	w.n++
	if w.n > maxParts {
		w.warn("the email has too many parts; some were not read")
		return
	}
	mt, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if h.Get("Content-Type") == "" || err != nil {
		mt, params = "text/plain", map[string]string{}
		if err != nil {
			w.warn("an email part has a malformed Content-Type; read as plain text")
		}
	}
	disp, _, _ := mime.ParseMediaType(h.Get("Content-Disposition"))
	attach := strings.EqualFold(disp, "attachment")
	switch {
	case strings.HasPrefix(mt, "multipart/"):
		if depth >= maxDepth {
			w.warn("the email's parts are nested too deeply; some were not read")
			return
		}
		boundary := params["boundary"]
		if boundary == "" {
			w.warn("a multipart email part has no boundary; read as plain text")
			w.text(h, r, "text/plain", params, attach)
			return
		}
		mr := multipart.NewReader(r, boundary)
		for {
			p, err := mr.NextRawPart()
			if err == io.EOF {
				break
			}
			if err != nil {
				w.warn("the email's MIME structure is malformed; some parts were not read")
				break
			}
			w.collect(p.Header, p, depth+1)
			if w.n > maxParts {
				break
			}
		}
	case mt == "message/rfc822":
		if depth >= maxDepth {
			return
		}
		inner, err := mail.ReadMessage(io.LimitReader(r, MaxSize))
		if err != nil {
			w.warn("an attached email could not be read")
			return
		}
		w.collect(textproto.MIMEHeader(inner.Header), inner.Body, depth+1)
	case strings.HasPrefix(mt, "text/"):
		w.text(h, r, mt, params, attach)
	default:
		w.warn(fmt.Sprintf("an attachment (%s) was not read", mt))
	}
}

func (w *walk) text(h textproto.MIMEHeader, r io.Reader, mt string, params map[string]string, attach bool) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		w.warn("an email part was cut short")
	}
	if len(data) > MaxSize {
		data = data[:MaxSize]
		w.warn("an email part is larger than the limit; the rest was not read")
	}
	data = w.transfer(data, h.Get("Content-Transfer-Encoding"))
	s := w.charset(data, params["charset"])
	switch mt {
	case "text/html":
		w.parts = append(w.parts, part{text: s, html: true, attach: attach})
	case "text/plain", "text/markdown", "text/x-markdown", "text/enriched", "text/rfc822-headers":
		w.parts = append(w.parts, part{text: s, attach: attach})
	default:
		w.parts = append(w.parts, part{text: s, attach: true})
	}
}

// transfer undoes a Content-Transfer-Encoding, keeping what it could decode.
func (w *walk) transfer(data []byte, enc string) []byte {
	switch strings.ToLower(strings.TrimSpace(enc)) {
	case "quoted-printable":
		out, err := io.ReadAll(quotedprintable.NewReader(bytes.NewReader(data)))
		if err != nil {
			w.warn("an email part has malformed quoted-printable encoding")
		}
		return out
	case "base64":
		clean := bytes.Map(func(r rune) rune {
			if r == '\r' || r == '\n' || r == ' ' || r == '\t' {
				return -1
			}
			return r
		}, data)
		out := make([]byte, base64.StdEncoding.DecodedLen(len(clean)))
		n, err := base64.StdEncoding.Decode(out, clean)
		if err != nil {
			trimmed := bytes.TrimRight(clean, "=")
			if m, err2 := base64.RawStdEncoding.Decode(out, trimmed); err2 == nil {
				return out[:m]
			}
			w.warn("an email part has malformed base64 encoding")
		}
		return out[:n]
	}
	return data
}

// charset converts text in a declared character set to UTF-8. Latin-1 and
// Windows-1252 are converted; text that is not valid in its charset is read
// as Windows-1252, the usual culprit.
func (w *walk) charset(b []byte, cs string) string {
	b = bytes.ReplaceAll(b, []byte{0}, nil)
	s, ok := toUTF8(b, cs)
	if !ok {
		w.warn("an email part's character set was not recognised; some characters may be wrong")
	}
	return s
}

func toUTF8(b []byte, cs string) (string, bool) {
	switch strings.ToLower(strings.Trim(strings.TrimSpace(cs), `"`)) {
	case "", "utf-8", "utf8", "us-ascii", "ascii":
		if utf8.Valid(b) {
			return string(b), true
		}
		return cp1252(b), false
	case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "windows-1252", "cp1252", "iso-8859-15", "l1":
		return cp1252(b), true
	}
	if utf8.Valid(b) {
		return string(b), true
	}
	return strings.ToValidUTF8(string(b), "\uFFFD"), false
}

func charsetReader(cs string, input io.Reader) (io.Reader, error) {
	b, err := io.ReadAll(io.LimitReader(input, 64<<10))
	if err != nil {
		return nil, err
	}
	s, _ := toUTF8(b, cs)
	return strings.NewReader(s), nil
}

// cp1252High maps Windows-1252 bytes 0x80-0x9F; the rest of Latin-1 maps to
// the same code points.
var cp1252High = [32]rune{
	'€', '\u0081', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u008d', 'Ž', '\u008f',
	'\u0090', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u009d', 'ž', 'Ÿ',
}

func cp1252(b []byte) string {
	var sb strings.Builder
	sb.Grow(len(b) + len(b)/4)
	for _, c := range b {
		switch {
		case c < 0x80:
			sb.WriteByte(c)
		case c < 0xA0:
			sb.WriteRune(cp1252High[c-0x80])
		default:
			sb.WriteRune(rune(c))
		}
	}
	return sb.String()
}
