package guidance

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// MaxRouteText is the most text Route reads: about 40,000 words, far more
// than any real concern, and read in a fraction of a second. A longer text
// (a hostile file, or a document pasted whole) is routed on its first
// MaxRouteText bytes, with low confidence and a request to read the rest.
const MaxRouteText = 256 << 10

// Route answers "which route for this concern?" for free text.
func (p *Pack) Route(text string, facts Facts) Answer {
	if len(text) <= MaxRouteText {
		return p.route(text, facts)
	}
	cut := MaxRouteText
	for cut > 0 && !utf8.RuneStart(text[cut]) {
		cut--
	}
	if i := strings.LastIndexAny(text[:cut], " \t\r\n"); i > MaxRouteText/2 {
		cut = i // end on a word
	}
	a := p.route(text[:cut], facts)
	a.Confidence = "low"
	a.Ask = append(a.Ask, fmt.Sprintf("The text is too long to read in full: only its first %d KB of %d KB were read. Read the rest yourself for anything that raises the level.",
		cut>>10, len(text)>>10))
	return a
}
