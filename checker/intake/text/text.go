// Package text reads plain text, Markdown and email (RFC 822 / .eml) drafts
// into the normalised document that the label mapper reads
// (../document). It finds structure that survives in text: Markdown
// headings and pipe tables, two-column tables typed with tabs or wide gaps,
// and underlined headings. It never quotes the input in its errors.
package text

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/frontdoorhq/frontdoor/checker/intake/document"
)

// Formats of the documents Read returns.
const (
	FormatText     = "text"
	FormatMarkdown = "markdown"
	FormatEmail    = "email"
)

// MaxSize is the largest input Read accepts (5 MB).
const MaxSize = 5 << 20

// Errors Read returns, wrapped with detail. Their messages name the problem,
// never the content.
var (
	ErrTooLarge = errors.New("text input is too large")
	ErrHTML     = errors.New("this is a web page (HTML), not a referral")
	ErrBinary   = errors.New("not text")
	ErrEncoding = errors.New("not valid UTF-8 text")
)

// Read reads plain text, Markdown or an email into a document. Format is
// "email" when the input starts with RFC 822 headers, "markdown" when it has
// #-headings or pipe tables, else "text". Lines keep their 1-based line
// numbers (for an email, numbers within the decoded body); an email's From,
// Date and Subject headers come first as lines with Line 0.
func Read(b []byte) (*document.Document, error) {
	if len(b) > MaxSize {
		return nil, fmt.Errorf("%w: %d bytes, the limit is %d MB", ErrTooLarge, len(b), MaxSize>>20)
	}
	s, bad, err := decode(b)
	if err != nil {
		return nil, err
	}
	if isHTMLPage(s) {
		return nil, fmt.Errorf("%w; a download that needed a login returns one", ErrHTML)
	}
	if looksLikeEmail(s) {
		// An email may carry 8-bit text in another character set: its
		// parts say which.
		return readEmail(s)
	}
	if bad >= 0 {
		return nil, fmt.Errorf("%w: invalid byte at offset %d; save the file as UTF-8", ErrEncoding, bad)
	}
	lines, md := buildLines(s, false)
	d := &document.Document{Format: FormatText, Lines: lines}
	if md {
		d.Format = FormatMarkdown
	}
	return d, nil
}

// decode checks that b is text and returns it as a string: UTF-8 (a byte
// order mark is dropped), or UTF-16 with a byte order mark. bad is the
// offset of the first byte that is not valid UTF-8, or -1.
func decode(b []byte) (s string, bad int, err error) {
	bad = -1
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		b = b[3:]
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}), bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		s, err := decodeUTF16(b)
		return s, -1, err
	}
	switch {
	case bytes.HasPrefix(b, []byte("%PDF-")):
		return "", bad, fmt.Errorf("%w: this is a PDF file", ErrBinary)
	case bytes.HasPrefix(b, []byte("PK\x03\x04")):
		return "", bad, fmt.Errorf("%w: this is a zip file (such as DOCX)", ErrBinary)
	case bytes.HasPrefix(b, []byte(`{\rtf`)):
		return "", bad, fmt.Errorf("%w: this is an RTF file; save it as DOCX, PDF or plain text", ErrBinary)
	}
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return "", bad, fmt.Errorf("%w: binary data (a NUL byte at offset %d)", ErrBinary, i)
	}
	if !utf8.Valid(b) {
		off := 0
		for off < len(b) {
			r, size := utf8.DecodeRune(b[off:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			off += size
		}
		bad = off
	}
	ctl := 0
	for _, c := range b {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != '\v' && c != 0x1b {
			ctl++
		}
	}
	if ctl > 8 && ctl*50 > len(b) {
		return "", bad, fmt.Errorf("%w: binary data (%d control characters)", ErrBinary, ctl)
	}
	return string(b), bad, nil
}

func decodeUTF16(b []byte) (string, error) {
	big := b[0] == 0xFE
	b = b[2:]
	if len(b)%2 != 0 {
		return "", fmt.Errorf("%w: UTF-16 text with an odd number of bytes", ErrEncoding)
	}
	u := make([]uint16, len(b)/2)
	for i := range u {
		if big {
			u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		} else {
			u[i] = uint16(b[2*i+1])<<8 | uint16(b[2*i])
		}
		if u[i] == 0 {
			return "", fmt.Errorf("%w: binary data (a NUL character at offset %d)", ErrBinary, 2*i+2)
		}
	}
	return string(utf16.Decode(u)), nil
}

// isHTMLPage reports an HTML document (not a text that mentions HTML).
func isHTMLPage(s string) bool {
	head := strings.TrimLeft(s[:min(len(s), 1024)], " \t\r\n")
	l := strings.ToLower(head)
	if strings.HasPrefix(l, "<?xml") {
		return strings.Contains(l, "<html")
	}
	for _, p := range []string{"<!doctype html", "<html", "<head>", "<body"} {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	return false
}
