package pdf

import "bytes"

// headerWindow is how far into the file the "%PDF-" header may start.
const headerWindow = 1024

// Repair applies byte fixes that keep every xref offset valid, so that the
// strict parser accepts files that other readers open:
//   - anything before "%PDF-" (within the first 1 KB) is dropped, which
//     suits junk a mail gateway added in front of a finished file;
//   - "%PDF-2.x" becomes "%PDF-1.7" (same length);
//   - a space, tab or '%' right after the 8-byte version is turned into a
//     newline (the parser wants the version on a line of its own);
//   - anything after the last "%%EOF" (and its end-of-line) is cut.
//
// The input is never modified; the result may share its memory.
func Repair(b []byte) []byte {
	if i := bytes.Index(b[:min(len(b), headerWindow)], []byte("%PDF-")); i > 0 {
		b = b[i:]
	}
	if j := bytes.LastIndex(b, []byte("%%EOF")); j >= 0 {
		end := j + 5
		if end < len(b) && b[end] == '\r' {
			end++
		}
		if end < len(b) && b[end] == '\n' {
			end++
		}
		b = b[:end]
	}
	if len(b) > 8 && bytes.HasPrefix(b, []byte("%PDF-")) {
		fixVersion := b[5] == '2' && b[6] == '.' && isDigit(b[7])
		fixEOL := b[8] == ' ' || b[8] == '\t' || b[8] == '%'
		if fixVersion || fixEOL {
			c := append([]byte(nil), b...)
			if fixVersion {
				copy(c[5:8], "1.7")
			}
			if fixEOL {
				c[8] = '\n'
			}
			b = c
		}
	}
	return b
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
