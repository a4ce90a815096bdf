package checker

import (
	"github.com/frontdoorhq/frontdoor/internal/lazyre"
	"strings"
)

// pattern is a regular expression run only on the parts of a text near one
// of its trigger words. Go's regexp engine is linear but slow on large
// alternations over long texts; every phrase a pattern can match contains
// one of its triggers, so looking only near triggers gives the same answers
// far faster.
type pattern struct {
	re       *lazyre.Regexp
	triggers []string // lower-case literals; every match contains at least one
}

// window is how far either side of a trigger a match may reach.
const window = 90

func newPattern(expr string, triggers ...string) *pattern {
	return &pattern{re: lazyre.New(expr), triggers: triggers}
}

// spans returns the merged regions of s around trigger occurrences.
func (p *pattern) spans(s string) [][2]int {
	var spans [][2]int
	for _, t := range p.triggers {
		for i := 0; ; {
			j := strings.Index(s[i:], t)
			if j < 0 {
				break
			}
			j += i
			lo, hi := max(0, j-window), min(len(s), j+len(t)+window)
			// Widen to word boundaries so no word is cut in half.
			for lo > 0 && s[lo-1] != ' ' && s[lo-1] != '\n' {
				lo--
			}
			for hi < len(s) && s[hi] != ' ' && s[hi] != '\n' {
				hi++
			}
			spans = append(spans, [2]int{lo, hi})
			i = j + len(t)
		}
	}
	if len(spans) <= 1 {
		return spans
	}
	// Sort by start and merge overlaps.
	for i := 1; i < len(spans); i++ {
		for k := i; k > 0 && spans[k][0] < spans[k-1][0]; k-- {
			spans[k], spans[k-1] = spans[k-1], spans[k]
		}
	}
	out := spans[:1]
	for _, sp := range spans[1:] {
		last := &out[len(out)-1]
		if sp[0] <= last[1] {
			last[1] = max(last[1], sp[1])
		} else {
			out = append(out, sp)
		}
	}
	return out
}

// MatchString reports whether the pattern matches anywhere in s.
func (p *pattern) MatchString(s string) bool {
	for _, sp := range p.spans(s) {
		if p.re.MatchString(s[sp[0]:sp[1]]) {
			return true
		}
	}
	return false
}

// FindString returns the first match in s, or "".
func (p *pattern) FindString(s string) string {
	for _, sp := range p.spans(s) {
		if m := p.re.FindString(s[sp[0]:sp[1]]); m != "" {
			return m
		}
	}
	return ""
}

// FindAllString returns every match in s, in order.
func (p *pattern) FindAllString(s string) []string {
	var out []string
	for _, sp := range p.spans(s) {
		out = append(out, p.re.FindAllString(s[sp[0]:sp[1]], -1)...)
	}
	return out
}

// ReplaceAllString replaces every match in s.
func (p *pattern) ReplaceAllString(s, repl string) string {
	return p.re.ReplaceAllString(s, repl)
}

// matcher is what the rules need of a pattern or a plain regexp.
type matcher interface {
	MatchString(string) bool
	FindString(string) string
}
