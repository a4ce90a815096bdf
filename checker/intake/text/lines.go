package text

import (
	"strings"

	"github.com/frontdoorhq/frontdoor/checker/intake/document"
)

// buildLines splits text into document lines, numbering them from 1. It
// turns Markdown headings into heading lines, Markdown pipe tables and
// typed two-column tables (tabs or three or more spaces between label and
// value) into rows of cells joined by document.CellSep, drops table
// separator rows and rules, marks underlined headings, and strips **bold**.
// For email bodies, quote markers ("> ") are removed. It reports whether the
// text looked like Markdown.
func buildLines(s string, email bool) ([]document.Line, bool) {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	raw := strings.Split(s, "\n")
	out := make([]document.Line, 0, len(raw))
	md := false
	inFence := false
	inTable := false
	lastRaw := -2 // index in raw of the last line emitted
	for i, r := range raw {
		n := i + 1
		t := cleanSpaces(r)
		if email {
			t = stripQuote(t)
		}
		trimmed := strings.TrimSpace(t)
		if strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~") {
			inFence = !inFence
			md = true
			continue
		}
		if trimmed == "" {
			inTable = false
			continue
		}
		if inFence {
			out = append(out, document.Line{Text: trimmed, Line: n})
			lastRaw = i
			continue
		}
		// Underlines and rules: "=====", "-----", "+----+----+", "***".
		if isRule(trimmed) {
			if isSeparatorRow(trimmed) && inTable {
				md = true
				continue
			}
			if lastRaw == i-1 && len(out) > 0 && !out[len(out)-1].Heading && !strings.Contains(out[len(out)-1].Text, document.CellSep) &&
				(trimmed[0] == '=' || trimmed[0] == '-') && len(out[len(out)-1].Text) <= 80 &&
				!strings.HasSuffix(out[len(out)-1].Text, ".") {
				out[len(out)-1].Heading = true
			}
			continue
		}
		// ATX heading.
		if h, ok := atxHeading(trimmed); ok {
			md = true
			inTable = false
			if h = stripEmphasis(h); h != "" {
				out = append(out, document.Line{Text: h, Line: n, Heading: true})
				lastRaw = i
			}
			continue
		}
		// Pipe table row.
		if isPipeRow(trimmed, raw, i, inTable) {
			inTable = true
			if i+1 < len(raw) && isSeparatorRow(strings.TrimSpace(raw[i+1])) {
				md = true
			}
			cells := splitPipes(trimmed)
			for k := range cells {
				cells[k] = stripEmphasis(cells[k])
			}
			out = append(out, document.Line{Text: strings.Join(cells, document.CellSep), Line: n})
			lastRaw = i
			continue
		}
		inTable = false
		text := stripEmphasis(trimmed)
		if cells := splitGaps(strings.TrimLeft(t, " \t")); len(cells) > 1 {
			for k := range cells {
				cells[k] = stripEmphasis(cells[k])
			}
			text = strings.Join(cells, document.CellSep)
		}
		if text == "" {
			continue
		}
		out = append(out, document.Line{Text: text, Line: n})
		lastRaw = i
	}
	return out, md
}

// cleanSpaces turns no-break spaces, form feeds and other odd spaces into
// plain spaces (tabs are kept: they separate cells).
func cleanSpaces(s string) string {
	if strings.IndexFunc(s, func(r rune) bool {
		return r == '\u00a0' || r == '\f' || r == '\v' || r == '\u2007' || r == '\u202f' || r == '\u200b' || r == '\ufeff' || r == 0x1b
	}) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch r {
		case '\u00a0', '\f', '\v', '\u2007', '\u202f':
			return ' '
		case '\u200b', '\ufeff', 0x1b:
			return -1
		}
		return r
	}, s)
}

// stripQuote removes email quote markers: "> > text" gives "text".
func stripQuote(s string) string {
	t := strings.TrimLeft(s, " ")
	if !strings.HasPrefix(t, ">") {
		return s
	}
	for strings.HasPrefix(t, ">") {
		t = strings.TrimLeft(t[1:], " ")
	}
	return t
}

func isRule(s string) bool {
	if len(s) < 3 {
		return false
	}
	for _, c := range s {
		switch c {
		case '-', '=', '_', '*', '~', '+', '|', ':', ' ', '—', '–':
		default:
			return false
		}
	}
	return strings.ContainsAny(s, "-=_*~—–")
}

// isSeparatorRow reports a Markdown table separator: "|---|:--:|".
func isSeparatorRow(s string) bool {
	if !strings.Contains(s, "-") || !strings.Contains(s, "|") && !strings.HasPrefix(s, "-") {
		return false
	}
	for _, c := range s {
		switch c {
		case '-', ':', '|', ' ', '\t':
		default:
			return false
		}
	}
	return true
}

func atxHeading(s string) (string, bool) {
	n := 0
	for n < len(s) && s[n] == '#' {
		n++
	}
	if n == 0 || n > 6 || (n < len(s) && s[n] != ' ' && s[n] != '\t') {
		return "", false
	}
	h := strings.TrimSpace(s[n:])
	h = strings.TrimSpace(strings.TrimRight(h, "#"))
	return h, true
}

// isPipeRow reports a Markdown (or typed) pipe table row.
func isPipeRow(s string, raw []string, i int, inTable bool) bool {
	if !strings.Contains(s, "|") {
		return false
	}
	if strings.HasPrefix(s, "|") || inTable {
		return true
	}
	return i+1 < len(raw) && isSeparatorRow(strings.TrimSpace(raw[i+1]))
}

// splitPipes splits a pipe row into cells, dropping the outer pipes. An
// escaped pipe ("\|") stays in its cell as "/".
func splitPipes(s string) []string {
	s = strings.ReplaceAll(s, `\|`, "/")
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "|")
	s = strings.TrimSuffix(s, "|")
	cells := strings.Split(s, "|")
	for k, c := range cells {
		cells[k] = strings.TrimSpace(c)
	}
	return cells
}

// splitGaps splits a typed table row at tabs or runs of three or more
// spaces: "Child's name\t\tJamie" gives two cells.
func splitGaps(s string) []string {
	s = strings.TrimRight(s, " \t")
	if !strings.Contains(s, "\t") && !strings.Contains(s, "   ") {
		return nil
	}
	var cells []string
	start := 0
	for i := 0; i < len(s); {
		if s[i] == '\t' || (s[i] == ' ' && i+2 < len(s) && s[i+1] == ' ' && s[i+2] == ' ') {
			j := i
			for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
				j++
			}
			if c := strings.TrimSpace(s[start:i]); c != "" {
				cells = append(cells, c)
			}
			start = j
			i = j
			continue
		}
		i++
	}
	if c := strings.TrimSpace(s[start:]); c != "" {
		cells = append(cells, c)
	}
	return cells
}

// stripEmphasis removes Markdown bold markers ("**Name**", "__Name__").
func stripEmphasis(s string) string {
	if strings.Contains(s, "**") {
		s = strings.ReplaceAll(s, "**", "")
	}
	if strings.Count(s, "__") >= 2 && !strings.Contains(s, "____") {
		s = strings.ReplaceAll(s, "__", "")
	}
	return strings.TrimSpace(s)
}
