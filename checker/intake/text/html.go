package text

import (
	"html"
	"strings"
)

// htmlToText strips an HTML email body to text: block elements end lines,
// table cells are separated by tabs (so rows become cells), list items get
// a "- ", headings a "# ", and script, style and comments are dropped.
func htmlToText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	text := func(t string) {
		if t == "" {
			return
		}
		// HTML collapses white space.
		space := false
		for _, r := range t {
			if r == ' ' || r == '\n' || r == '\r' || r == '\t' || r == '\f' {
				space = true
				continue
			}
			if space && b.Len() > 0 {
				last := b.String()[b.Len()-1]
				if last != '\n' && last != '\t' && last != ' ' {
					b.WriteByte(' ')
				}
			}
			space = false
			b.WriteRune(r)
		}
		if space && b.Len() > 0 {
			if last := b.String()[b.Len()-1]; last != '\n' && last != '\t' && last != ' ' {
				b.WriteByte(' ')
			}
		}
	}
	i := 0
	for i < len(s) {
		lt := strings.IndexByte(s[i:], '<')
		if lt < 0 {
			text(s[i:])
			break
		}
		text(s[i : i+lt])
		i += lt
		if strings.HasPrefix(s[i:], "<!--") {
			end := strings.Index(s[i+4:], "-->")
			if end < 0 {
				break
			}
			i += 4 + end + 3
			continue
		}
		gt := strings.IndexByte(s[i:], '>')
		if gt < 0 {
			text(s[i:])
			break
		}
		tag := s[i+1 : i+gt]
		i += gt + 1
		closing := strings.HasPrefix(tag, "/")
		name := strings.ToLower(strings.TrimLeft(tag, "/!"))
		if j := strings.IndexAny(name, " \t\r\n/"); j >= 0 {
			name = name[:j]
		}
		switch name {
		case "script", "style", "head", "title", "xml":
			if !closing {
				end := strings.Index(strings.ToLower(s[i:]), "</"+name)
				if end < 0 {
					i = len(s)
				} else {
					i += end
				}
			}
		case "br", "p", "div", "tr", "table", "ul", "ol", "blockquote", "hr", "section", "article",
			"header", "footer", "dt", "dd", "pre", "tbody", "thead", "address":
			b.WriteByte('\n')
		case "li":
			b.WriteByte('\n')
			if !closing {
				b.WriteString("- ")
			}
		case "h1", "h2", "h3", "h4", "h5", "h6":
			b.WriteByte('\n')
			if !closing {
				b.WriteString("# ")
			}
		case "td", "th":
			if closing {
				b.WriteByte('\t')
			}
		}
	}
	out := html.UnescapeString(b.String())
	// Tidy: trim each line, drop trailing tabs of a row.
	lines := strings.Split(out, "\n")
	for k, l := range lines {
		lines[k] = strings.Trim(l, " \t")
	}
	return strings.Join(lines, "\n")
}
