package mapping

import (
	"github.com/frontdoorhq/frontdoor/internal/lazyre"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/frontdoorhq/frontdoor/checker/referral"
)

// cleanValue trims a value and drops blanks: only punctuation or
// underscores ("____", "-", "…") and Word placeholder text.
func cleanValue(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimLeft(s, ":")
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	blank := true
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || isBox(r) {
			blank = false
			break
		}
	}
	if blank || optionPrompt(s) {
		return ""
	}
	if len(s) > 40 || !strings.ContainsAny(s[:1], "cCeEtT") {
		return s
	}
	switch strings.ToLower(strings.TrimRight(s, ".")) {
	case "click here to enter text", "click or tap here to enter text", "click here to enter a date",
		"click or tap to enter a date", "choose an item", "enter text", "type here":
		return ""
	}
	return s
}

// promptWord returns w when it is a word of an answer prompt left in a
// template ("yes", "n", "unknown"), else "".
func promptWord(w []byte) string {
	switch string(w) {
	case "yes":
		return "yes"
	case "no":
		return "no"
	case "y":
		return "y"
	case "n":
		return "n"
	case "unknown":
		return "unknown"
	case "not":
		return "not"
	case "known":
		return "known"
	case "nk":
		return "nk"
	case "unsure":
		return "unsure"
	case "dont", "don't":
		return "dont"
	case "know":
		return "know"
	case "or":
		return "or"
	}
	return ""
}

// optionPrompt reports an unanswered prompt: the options of a question left
// as printed ("Yes / No", "Y/N", "Yes/No/Unknown", "Yes/No*"), each once,
// with no answer chosen ("Y/N: N" is answered).
func optionPrompt(s string) bool {
	if n := len(s); n > 2 && (s[n-1] == ')' || strings.HasSuffix(s, "):")) && strings.IndexByte(s, '(') > 0 {
		// "YES / NO (delete as appropriate)": the prompt and its hint
		if t := strings.TrimSpace(stripParens(s)); t != s && t != "" {
			return optionPrompt(strings.TrimRight(t, ": "))
		}
	}
	if len(s) < 2 || len(s) > 40 || !strings.ContainsAny(s[:1], "yYnN") {
		return false
	}
	yes, no := false, false
	var seen [8]string
	var buf [16]byte
	n := 0
	for i := 0; i <= len(s); {
		j := i
		for j < len(s) && !promptSep(s[j]) {
			j++
		}
		if j > i {
			if j-i > len(buf) {
				return false
			}
			w := buf[:0]
			for k := i; k < j; k++ {
				c := s[k]
				if c >= 'A' && c <= 'Z' {
					c += 'a' - 'A'
				}
				w = append(w, c)
			}
			word := promptWord(w)
			if word == "" || n == len(seen) {
				return false
			}
			for _, x := range seen[:n] {
				if x == word {
					return false
				}
			}
			seen[n] = word
			n++
			switch word {
			case "yes", "y":
				yes = true
			case "no", "n":
				no = true
			}
		}
		i = j + 1
	}
	return yes && no
}

func promptSep(c byte) bool {
	switch c {
	case '/', '|', ' ', '\t', ',', '*', '(', ')', '?', ':', '.', '-':
		return true
	}
	return false
}

// stripYNPrompt removes a "Y/N:" or "Yes/No -" prompt before an answer:
// "Y/N: Y (dyslexia)" gives "Y (dyslexia)".
func stripYNPrompt(s string) string {
	t := strings.TrimLeft(s, " ")
	if t == "" || (t[0] != 'y' && t[0] != 'Y') || !strings.Contains(t, "/") {
		return s
	}
	if m := ynPrefix.FindStringIndex(t); m != nil && m[1] < len(t) {
		return strings.TrimSpace(t[m[1]:])
	}
	return s
}

func isBox(r rune) bool {
	switch r {
	case '☐', '☒', '☑', '✓', '✔', '■', '□', '▢', '✗', '✘', '⊠', '▣':
		return true
	}
	return false
}

// box reports whether text at s[i:] is a tick box, its length and whether it is ticked.
func box(s string, i int) (n int, ticked, ok bool) {
	r, size := decodeRune(s, i)
	switch r {
	case '☒', '☑', '✓', '✔', '■', '⊠', '▣', '✗', '✘':
		return size, true, true
	case '☐', '□', '▢':
		return size, false, true
	case '[', '(':
		closer := byte(']')
		if r == '(' {
			closer = ')'
		}
		j := i + 1
		for j < len(s) && s[j] == ' ' {
			j++
		}
		if j < len(s) && s[j] == closer {
			return j + 1 - i, false, true
		}
		r2, size2 := decodeRune(s, j)
		if r2 == 'x' || r2 == 'X' || r2 == '✓' || r2 == '✔' || r2 == '*' || r2 == '✗' {
			k := j + size2
			for k < len(s) && s[k] == ' ' {
				k++
			}
			if k < len(s) && s[k] == closer {
				return k + 1 - i, true, true
			}
		}
	}
	return 0, false, false
}

func decodeRune(s string, i int) (rune, int) {
	if i >= len(s) {
		return 0, 0
	}
	return utf8.DecodeRuneInString(s[i:])
}

// ynPrefix is an answer prompt before the answer: "Y/N:", "Yes/No -",
// "YES / NO (delete as appropriate): NO", "Yes/No/Unknown: no".
var ynPrefix = lazyre.New(`^(?i)\s*(?:y\s*/\s*n|yes\s*/\s*no)(?:\s*/\s*(?:unknown|not known|n/?k|u))?\s*(?:\([^()]{0,60}\)\s*)?[:=\-–]?\s*`)

// resolveTicks reads tick boxes in a value: "[x] Yes [ ] No", "Yes ☒ No ☐",
// "☑ Yes ☐ No", "Y/N: Y", "Yes ○ No ●", "X Yes   No". It returns the ticked
// options joined by ", " (with any detail written after the options:
// "[X] Yes [ ] No - autism" gives "Yes - autism") and true when the value
// had boxes (or a Y/N prompt); "" when none is ticked.
//
// A tick (✓, ✔, ☑, ●) marks the option chosen. A cross (✗, ✘, ☒, [x], a
// lone X) marks it too, as "X in the box" does on UK forms, but only when
// no option has a tick: in "Yes ✗ No ✓" the cross says "not this one".
func resolveTicks(s string) (string, bool) {
	if t := strings.TrimLeft(s, " "); t != "" && (t[0] == 'y' || t[0] == 'Y') && strings.Contains(s, "/") {
		if m := ynPrefix.FindStringIndex(s); m != nil && m[1] < len(s) {
			s = s[m[1]:]
			if !hasBox(s) && !hasLooseMarks(s) {
				return strings.TrimSpace(s), true
			}
		}
	}
	s = normMarks(s)
	if !hasBox(s) {
		return s, false
	}
	type part struct {
		text  string
		mark  uint8 // markEmpty, markTick or markCross
		isBox bool
		gap   int // the spaces before it
	}
	var parts []part
	last := 0
	ticks := false
	for i := 0; i < len(s); {
		n, t, ok := box(s, i)
		if !ok {
			_, size := decodeRune(s, i)
			i += size
			continue
		}
		raw := s[last:i]
		gap := len(raw) - len(strings.TrimRight(raw, " \t"))
		if txt := strings.TrimSpace(raw); txt != "" {
			parts = append(parts, part{text: txt, gap: len(raw) - len(strings.TrimLeft(raw, " \t"))})
		}
		mk := uint8(markEmpty)
		if t {
			mk = markKind(s[i : i+n])
			ticks = ticks || mk == markTick
		}
		parts = append(parts, part{mark: mk, isBox: true, gap: gap})
		i += n
		last = i
	}
	if raw := s[last:]; strings.TrimSpace(raw) != "" {
		parts = append(parts, part{text: strings.TrimSpace(raw), gap: len(raw) - len(strings.TrimLeft(raw, " \t"))})
	}
	chosen := func(p part) bool {
		return p.isBox && (p.mark == markTick || p.mark == markCross && !ticks)
	}
	// A lone ticked box ("✓", "[x]") answers the question itself.
	if len(parts) == 1 && parts[0].isBox && parts[0].mark != markEmpty {
		return "yes", true
	}
	// Boxes before their option ("☑ Yes ☐ No") or after it ("Yes ☒ No ☐").
	before := len(parts) > 0 && parts[0].isBox
	var picked []string
	for i, p := range parts {
		if !chosen(p) {
			continue
		}
		j := i - 1
		if before {
			j = i + 1
		}
		if i > 0 && i+1 < len(parts) && !parts[i-1].isBox && !parts[i+1].isBox && parts[i].gap != parts[i+1].gap {
			// "Yes  X No": a mark between two options is the nearer one's.
			j = i - 1
			if parts[i+1].gap < parts[i].gap {
				j = i + 1
			}
		}
		if j >= 0 && j < len(parts) && !parts[j].isBox {
			opt := trimOption(parts[j].text)
			if j > i {
				opt, _ = optionHead(opt)
			} else {
				opt = optionTail(opt)
			}
			picked = append(picked, opt)
		}
	}
	if len(picked) == 0 {
		return "", true
	}
	// Words after the options are the answer's detail.
	detail := ""
	if n := len(parts); n > 0 && !parts[n-1].isBox {
		switch {
		case before:
			_, detail = optionHead(trimOption(parts[n-1].text))
		case n > 1 && parts[n-2].isBox:
			// "Yes ☒ No ☐ - ADHD"; not "Yes ✗ No", whose "No" has no box
			if opt, rest := optionHead(trimOption(parts[n-1].text)); optionWords[strings.ToLower(opt)] {
				detail = rest
			} else {
				detail = parts[n-1].text
			}
		}
	}
	out := strings.Join(picked, ", ")
	if detail = strings.TrimSpace(strings.TrimLeft(detail, " -–—,;:")); detail != "" {
		out += " - " + detail
	}
	return out, true
}

const (
	markEmpty = iota
	markTick
	markCross
)

// markKind tells a tick from a cross in a ticked box.
func markKind(b string) uint8 {
	for _, r := range b {
		switch r {
		case '✗', '✘', '☒', '⊠', 'x', 'X':
			return markCross
		}
	}
	return markTick
}

// optionHead splits the text after a box into its option and what follows
// it: "Yes   No" gives "Yes"; "No - autism, EHCP in place" gives "No" and
// "autism, EHCP in place". Text that does not start with an option word is
// all option.
func optionHead(s string) (string, string) {
	if i := strings.Index(s, "  "); i > 0 {
		head, rest := strings.TrimSpace(s[:i]), strings.TrimSpace(s[i:])
		if w := strings.ToLower(firstWord(rest)); optionWords[w] {
			return head, "" // "Yes   No": the next option, unboxed
		}
		s = head + " " + rest
	}
	w := firstWord(s)
	if w == "" || !optionWords[strings.ToLower(w)] {
		return s, ""
	}
	rest := strings.TrimSpace(s[len(w):])
	switch {
	case rest == "":
		return w, ""
	case optionWords[strings.ToLower(firstWord(rest))] && !strings.ContainsAny(rest[:1], "-–—,;:("):
		return w, "" // "Yes No"
	case strings.ContainsAny(rest[:1], "-–—,;:(") || strings.HasPrefix(rest, "–") || strings.HasPrefix(rest, "—"):
		return w, strings.TrimRight(strings.TrimLeft(rest, " -–—,;:("), ")")
	}
	return s, ""
}

// optionTail is the option just before a box: "Is she at risk? Yes" gives
// "Yes"; "Yes   No" gives "No".
func optionTail(s string) string {
	if i := strings.LastIndex(s, "  "); i > 0 {
		return strings.TrimSpace(s[i:])
	}
	return s
}

// hasLooseMarks reports marks that normMarks may turn into boxes: one of
// "●◉○◯xX" (strings.ContainsAny, which looks each character of s up in
// the set, took a tenth of mapping some documents).
func hasLooseMarks(s string) bool {
	return strings.IndexByte(s, 'x') >= 0 || strings.IndexByte(s, 'X') >= 0 || strings.ContainsRune(s, '●') ||
		strings.ContainsRune(s, '◉') || strings.ContainsRune(s, '○') || strings.ContainsRune(s, '◯')
}

// normMarks rewrites the marks of an option group that box does not read
// as boxes: a filled or empty circle ("Yes ○ No ●") and a lone X beside an
// option ("X Yes   No", "Yes X No ✓"). It does so only in a value with two
// option words or more, so that a "●" bullet or "Mr X" stay as written.
func normMarks(s string) string {
	if len(s) > 200 || !hasLooseMarks(s) {
		return s
	}
	words := strings.Fields(s)
	opts := 0
	for _, w := range words {
		if optionWords[strings.ToLower(strings.Trim(w, ".,;:()[]"))] {
			opts++
		}
	}
	if opts < 2 {
		return s
	}
	circles := strings.ContainsAny(s, "○◯") && strings.ContainsAny(s, "●◉") || strings.ContainsAny(s, "○◯") && hasBox(s)
	var b strings.Builder
	for i, w := range words {
		if i > 0 {
			b.WriteByte(' ')
		}
		switch {
		case circles && (w == "●" || w == "◉"):
			w = "☑"
		case circles && (w == "○" || w == "◯"):
			w = "☐"
		case w == "X" || w == "x":
			prev, next := "", ""
			if i > 0 {
				prev = strings.ToLower(strings.Trim(words[i-1], ".,;:"))
			}
			if i+1 < len(words) {
				next = strings.ToLower(strings.Trim(words[i+1], ".,;:"))
			}
			if optionWords[prev] || optionWords[next] {
				w = "☒"
			}
		}
		b.WriteString(w)
	}
	out := b.String()
	if out == strings.Join(words, " ") {
		return s
	}
	// Keep the gaps that part options: "X Yes   No".
	return keepGaps(s, out)
}

// keepGaps re-inserts the runs of two or more spaces of s into t, which is
// s with its words rewritten one for one and single-spaced.
func keepGaps(s, t string) string {
	sw, tw := strings.Fields(s), strings.Fields(t)
	if len(sw) != len(tw) {
		return t
	}
	var b strings.Builder
	pos := 0
	for i, w := range sw {
		j := strings.Index(s[pos:], w)
		if j < 0 {
			return t
		}
		gap := s[pos : pos+j]
		if i > 0 {
			if len(gap) >= 2 {
				b.WriteString("  ")
			} else {
				b.WriteByte(' ')
			}
		}
		b.WriteString(tw[i])
		pos += j + len(w)
	}
	return b.String()
}

func hasBox(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '[' || c == '(' || c >= 0x80 {
			if _, _, ok := box(s, i); ok {
				return true
			}
		}
	}
	return false
}

func trimOption(s string) string {
	return strings.Trim(strings.TrimSpace(s), " ,;/|:")
}

var (
	yesWords = []string{"agreed", "aware", "completed", "done", "in place", "obtained", "given",
		"informed", "consulted", "discussed", "ongoing", "required", "needed", "yes please", "correct"}
	noWords = []string{"not yet", "none", "nil", "not aware", "unaware", "not informed", "not consulted",
		"not discussed", "not required", "not needed", "not in place", "not completed", "never", "no one", "nobody"}
)

// parseTri reads a yes/no/unknown answer. It returns the answer, the words
// after a leading yes or no ("No - dad may become violent" gives "dad may
// become violent") and whether it was understood. A value it does not
// understand is returned as written, as the contract asks.
func parseTri(v string) (referral.TriState, string, bool) {
	v, _ = resolveTicks(v)
	v = strings.TrimSpace(v)
	if v == "" {
		return "", "", true
	}
	if t, rest, ok := leadingYesNo(v); ok {
		// "No. Telling mum may put him at risk.", "Yes! Mum knows."
		return t, rest, true
	}
	if t, ok := referral.ParseTriState(v); ok {
		rest := ""
		l := strings.ToLower(v)
		for _, w := range []string{"yes", "no"} {
			if strings.HasPrefix(l, w) && len(l) > len(w) && !isWordByte(l[len(w)]) {
				rest = strings.TrimLeft(v[len(w):], " ,;:-–—.")
			}
		}
		return t, rest, true
	}
	l := strings.ToLower(v)
	for _, w := range noWords {
		if hasWordPrefix(l, w) {
			return referral.No, "", true
		}
	}
	for _, w := range yesWords {
		if hasWordPrefix(l, w) {
			return referral.Yes, "", true
		}
	}
	return referral.TriState(v), "", false
}

// leadingYesNo reads an answer that starts with "Yes" or "No" ended by a
// full stop or an exclamation mark and goes on: "No. Telling mum may put
// Kacper at risk." gives no and the words after.
func leadingYesNo(v string) (referral.TriState, string, bool) {
	for _, w := range [...]struct {
		word string
		t    referral.TriState
	}{{"yes", referral.Yes}, {"no", referral.No}} {
		n := len(w.word)
		if len(v) > n+1 && strings.EqualFold(v[:n], w.word) && (v[n] == '.' || v[n] == '!') && (v[n+1] == ' ' || v[n+1] == '\t' || v[n+1] == '\n') {
			return w.t, strings.TrimSpace(v[n+1:]), true
		}
	}
	return "", "", false
}

func hasWordPrefix(l, w string) bool {
	return strings.HasPrefix(l, w) && (len(l) == len(w) || !isWordByte(l[len(w)]))
}

// parseConsent reads a consent status from free text. It returns the status,
// the reason or detail written with it (the words after "No -", or the whole
// answer when it is a sentence), and false when it cannot tell.
func parseConsent(v string) (string, string, bool) {
	v, _ = resolveTicks(v)
	v = strings.TrimSpace(v)
	p := spacedWords(v)
	detail := func() string {
		d := ""
		for _, sep := range []string{" - ", " – ", " — ", ": ", ", ", "; ", ". ", " ("} {
			if i := strings.Index(v, sep); i >= 0 && i < 30 {
				d = strings.TrimRight(strings.TrimSpace(v[i+len(sep):]), ")")
				break
			}
		}
		if d == "" && countWords(v) > 3 {
			d = v
		}
		// "No - not sought, risk of harm": the status words are not the reason.
		for _, w := range []string{"not sought", "not asked", "not given", "has not been given", "not been given",
			"not obtained", "refused", "declined", "given", "obtained"} {
			if len(d) >= len(w) && strings.EqualFold(d[:len(w)], w) && (len(d) == len(w) || !isWordByte(d[len(w)])) {
				d = strings.TrimLeft(d[len(w):], " ,;:-–—.")
			}
		}
		return d
	}
	switch strings.TrimSpace(p) {
	case "":
		return "", "", true
	case "given", "consent given":
		return referral.ConsentGiven, "", true
	case "refused", "consent refused":
		return referral.ConsentRefused, "", true
	case "not sought", "notsought", "not sought yet":
		return referral.ConsentNotSought, "", true
	}
	if strings.EqualFold(v, "not_sought") {
		return referral.ConsentNotSought, "", true
	}
	// "Not refused", "mum did not object": a refusal denied says neither
	// that consent was given nor that it was refused. Such words are set
	// aside; when nothing else says the status, the answer is not
	// understood (and kept as written).
	if containsAny(p, " not refus", " didnt refus", " hasnt refus", " havent refus", " never refus", " not declin",
		" didnt declin", " not object", " didnt object", " no objection") {
		for _, w := range []string{" not refused", " not refuse", " didnt refuse", " hasnt refused", " havent refused",
			" never refused", " not declined", " not decline", " didnt decline", " not objected", " not object",
			" didnt object", " no objection"} {
			p = strings.ReplaceAll(p, w+" ", " ")
		}
		if !containsAny(p, " given ", " agreed ", " consented ", " obtained ", " not sought", " not asked", " refus", " declin") &&
			!hasAnyPrefix(p, " yes ", " no ") {
			return "", "", false
		}
	}
	if containsAny(p, " refus", " declin", " withdrawn ", " withdrew ", " withheld ", " did not agree", " didnt agree",
		" does not agree", " doesnt agree", " not agreed ", " would not agree", " wouldnt agree", " not consent",
		" did not consent", " not give consent", " objected ", " objects ") {
		return referral.ConsentRefused, detail(), true
	}
	if hasAnyPrefix(p, " no ", " n ", " none ", " nil ") || containsAny(p, " not sought", " not asked",
		" not been sought", " not been asked", " not requested", " not obtained", " not yet", " not informed",
		" not appropriate", " not possible", " not safe", " not applicable ", " not required ", " not been obtained",
		" without consent", " unable to contact", " could not contact", " not contacted", " not told ", " not aware ",
		" not given", " not been given", " nt given", " not gained", " not been gained", " no consent ") {
		return referral.ConsentNotSought, detail(), true
	}
	if hasAnyPrefix(p, " yes ", " y ") || containsAny(p, " given ", " obtained ", " agreed ", " agrees ", " agree ",
		" consented ", " consents ", " verbal", " written ", " signed ", " gained ", " happy for ", " happy with ") {
		return referral.ConsentGiven, detail(), true
	}
	return "", "", false
}

func containsAny(s string, subs ...string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

func hasAnyPrefix(s string, ps ...string) bool {
	for _, x := range ps {
		if strings.HasPrefix(s, x) {
			return true
		}
	}
	return false
}

// parseLevel reads a threshold level: "Level 3", "3", "L3", "three". Two
// different levels ("3/4") are not understood.
func parseLevel(v string) (int, bool) {
	v, _ = resolveTicks(v)
	l := strings.ToLower(v)
	seen := 0
	for i := 0; i < len(l); i++ {
		c := l[i]
		if c < '1' || c > '4' {
			continue
		}
		if i > 0 && (l[i-1] >= '0' && l[i-1] <= '9' || l[i-1] == '.' || isLetterByte(l[i-1]) && l[i-1] != 'l') {
			continue
		}
		if i+1 < len(l) && (l[i+1] >= '0' && l[i+1] <= '9' || l[i+1] == '.' && i+2 < len(l) && l[i+2] >= '0' && l[i+2] <= '9' || isLetterByte(l[i+1])) {
			continue
		}
		n := int(c - '0')
		if seen != 0 && seen != n {
			return 0, false
		}
		seen = n
	}
	if seen == 0 {
		p := spacedWords(l)
		for i, w := range []string{"one", "two", "three", "four"} {
			if strings.Contains(p, " "+w+" ") {
				if seen != 0 {
					return 0, false
				}
				seen = i + 1
			}
		}
	}
	return seen, seen != 0
}

// parseRoute reads the referrer's intended route from words ("MASH",
// "Early help", "LADO"): the route named first wins.
func (t *table) parseRoute(v string) (string, bool) {
	v, _ = resolveTicks(v)
	l := spacedWords(v)
	for _, id := range referral.RouteIDs {
		if strings.TrimSpace(l) == id || strings.TrimSpace(l) == strings.ReplaceAll(id, "-", " ") {
			return id, true
		}
	}
	best, at := "", len(l)
	for _, p := range t.routes {
		if i := indexSpaced(l, p.phrase); i >= 0 && i < at {
			best, at = p.route, i
		}
	}
	return best, best != ""
}

// indexSpaced returns the index of " "+p+" " in s (p a phrase of whole
// words in s, which plainWords made and padded with spaces), or -1.
func indexSpaced(s, p string) int {
	for from := 1; from < len(s); {
		i := strings.Index(s[from:], p)
		if i < 0 {
			return -1
		}
		i += from
		if s[i-1] == ' ' && i+len(p) < len(s) && s[i+len(p)] == ' ' {
			return i - 1
		}
		from = i + 1
	}
	return -1
}

var percentRE = lazyre.New(`(\d{1,3}(?:\.\d+)?)\s*(%|per\s*cent|percent)?`)

// parsePercent reads an attendance figure: "87%", "87.5 %", "87", "0.87".
func parsePercent(v string) (float64, bool) {
	// A plain figure, the usual answer ("87", "87%", "94.2"), is read
	// without percentRE: compiling it was most of a first Map's work on the
	// figure. TestFastPaths checks that both ways agree.
	num, pct := strings.CutSuffix(v, "%")
	if !isFigure(num) {
		m := percentRE.FindStringSubmatch(v)
		if m == nil {
			return 0, false
		}
		num, pct = m[1], m[2] != ""
	}
	f, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return 0, false
	}
	if !pct && f <= 1 && strings.Contains(num, ".") {
		f *= 100
	}
	if f < 0 || f > 100 {
		return 0, false
	}
	return f, true
}

// isFigure reports whether s is all of the first group of percentRE:
// one to three digits, then perhaps a point and more digits.
func isFigure(s string) bool {
	whole, frac, point := strings.Cut(s, ".")
	return len(whole) >= 1 && len(whole) <= 3 && isNumber(whole) && (!point || isNumber(frac))
}

var memberAgeRE = lazyre.New(`^(?i)\s*(?:aged?|approx\.?|approximately|about|around|c\.|circa)?\s*(\d{1,3})\s*(?:years?|yrs?|y/?o|years? old)?\s*(?:\(?(?:approx\.?|estimated|est\.?)\)?)?\s*\.?$`)

// parseMemberAge reads a family member's age in whole years: "34", "34 years".
func parseMemberAge(v string) (int, bool) {
	if !hasDigit(v) || len(v) > 40 {
		return 0, false
	}
	// The usual answers need no expression (TestFastPaths checks that
	// both ways agree): a number ("34"), or a value with more digits than
	// the expression's only number can hold (a date of birth in the age
	// column).
	if len(v) <= 3 && isNumber(v) {
		n, _ := strconv.Atoi(v)
		if n <= 0 || n > 120 {
			return 0, false
		}
		return n, true
	}
	if countDigits(v) > 3 {
		return 0, false
	}
	m := memberAgeRE.FindStringSubmatch(v)
	if m == nil {
		return 0, false
	}
	n, _ := strconv.Atoi(m[1])
	if n <= 0 || n > 120 {
		return 0, false
	}
	return n, true
}

// countDigits counts the ASCII digits (\d) in s.
func countDigits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			n++
		}
	}
	return n
}

var (
	dateInTextRE = lazyre.New(`(?i)\b(\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2}|\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+\d{4}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})\b`)
	childAgeRE   = lazyre.New(`(?i)\b(?:about|approx\.?|approximately|around|aged?|estimated|roughly|circa|c\.)\s*\d{1,2}\b|\b\d{1,2}\s*(?:years?|yrs?|months?|weeks?)(?:\s*old)?\b|^\s*\d{1,2}\s*$`)
	weekdayRE    = lazyre.New(`^(?i)(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+`)
)

// normDate returns a date as YYYY-MM-DD when the whole value is one date
// (a weekday before it, or an age in brackets after it, is allowed), and the
// value as written otherwise.
func normDate(v string) string {
	s := strings.TrimSpace(v)
	if s == "" || !hasDigit(s) {
		return s
	}
	if isLetterByte(s[0]) {
		s = weekdayRE.ReplaceAllString(s, "")
	}
	if t, ok := referral.ParseDate(s); ok {
		return t.Format("2006-01-02")
	}
	if loc := dateInTextRE.FindStringIndex(s); loc != nil {
		rest := strings.TrimSpace(s[:loc[0]] + s[loc[1]:])
		if rest == "" || isAgeNote(rest) {
			if t, ok := referral.ParseDate(s[loc[0]:loc[1]]); ok {
				return t.Format("2006-01-02")
			}
		}
	}
	return strings.TrimSpace(v)
}

// normDay is normDate for a day whose time does not matter (the date of a
// referral): "Mon, 23 Nov 2026 at 16:40" gives 2026-11-23.
func normDay(v string) string {
	d := normDate(v)
	if len(d) == 10 && d[4] == '-' && d[7] == '-' {
		return d
	}
	s := weekdayRE.ReplaceAllString(strings.TrimSpace(v), "")
	if loc := dateInTextRE.FindStringIndex(s); loc != nil && loc[0] == 0 && timeRE.MatchString(s[loc[1]:]) {
		if t, ok := referral.ParseDate(s[:loc[1]]); ok {
			return t.Format("2006-01-02")
		}
	}
	return d
}

// timeRE is a time after a date: "at 16:40", "10.30am".
var timeRE = lazyre.New(`^(?i),?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:am|pm)?(?:\s*\+\d{4}|\s*gmt|\s*bst)?$`)

var ageNoteRE = lazyre.New(`^(?i)[(\[]?\s*(?:age[ds]?:?\s*)?\d{1,2}\s*(?:years?|yrs?)?(?:\s*old)?\s*[)\]]?$`)

func isAgeNote(s string) bool { return ageNoteRE.MatchString(s) }

var phoneRE = lazyre.New(`(?:\+44\s?\(?0?\)?\s?|\(?0)\d{2,4}\)?[\s\-.]?\d{3,4}[\s\-.]?\d{3,4}`)

// findPhone returns the first UK phone number in s.
func findPhone(s string) string {
	digits := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			digits++
		}
	}
	if digits < 10 {
		return ""
	}
	for _, m := range phoneRE.FindAllString(s, 4) {
		if referral.ValidPhone(m) {
			return strings.TrimSpace(m)
		}
	}
	return ""
}

// findEmail returns the first e-mail address in s. It is the expression
//
//	[A-Za-z0-9._%+'\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+
//
// in code (TestFastPaths compares them): compiling and running the
// expression cost the first document with an address a tenth of a
// millisecond. The first "@" with a name before it and a domain after it
// holds the leftmost match, which takes all the name's characters before
// it and as many ".part"s of the domain as follow.
func findEmail(s string) string {
	for from := 0; ; {
		i := strings.IndexByte(s[from:], '@')
		if i < 0 {
			return ""
		}
		at := from + i
		start := at
		for start > 0 && isEmailNameByte(s[start-1]) {
			start--
		}
		end := domainPart(s, at+1)
		if start < at && end > at+1 {
			parts := 0
			for end < len(s) && s[end] == '.' {
				next := domainPart(s, end+1)
				if next == end+1 {
					break
				}
				end, parts = next, parts+1
			}
			if parts > 0 {
				return s[start:end]
			}
		}
		from = at + 1
	}
}

// isEmailNameByte reports a character of the name in an e-mail address
// (before the "@"): [A-Za-z0-9._%+'\-].
func isEmailNameByte(c byte) bool {
	return isREWordByte(c) || c == '.' || c == '%' || c == '+' || c == '\'' || c == '-'
}

// domainPart returns the end of the part of an e-mail domain that starts
// at s[i]: the characters [A-Za-z0-9\-] from there on.
func domainPart(s string, i int) int {
	for i < len(s) && (isLetterByte(s[i]) || s[i] >= '0' && s[i] <= '9' || s[i] == '-') {
		i++
	}
	return i
}

// roleWords mark a job title in a signature or after a name.
var roleWords = newWordList("designated safeguarding lead", "safeguarding lead", "dsl", "ddsl", "headteacher",
	"head teacher", "head of", "deputy head", "assistant head", "teacher", "senco", "sendco", "pastoral",
	"safeguarding", "manager", "officer", "coordinator", "co-ordinator", "mentor", "principal", "nurse",
	"worker", "practitioner", "inclusion", "welfare", "tutor", "head of year", "leader", "lead", "director",
	"executive head", "chair of governors", "governor", "administrator", "assistant", "ta", "hlta", "elsa",
	"counsellor", "social worker", "family support", "attendance")

// orgWords mark an organisation.
var orgWords = newWordList("school", "academy", "college", "primary", "secondary", "nursery", "infant", "junior",
	"pre-school", "preschool", "trust", "federation", "c of e", "ce ", "church of england", "centre", "center",
	"council", "service", "surgery", "practice", "hospital", "nhs", "police", "university", "federation", "pru",
	"children's centre", "montessori", "playgroup", "childminder", "clinic")

// wordList is a list of words or phrases, each as " plain words ".
type wordList []string

func newWordList(ws ...string) wordList {
	out := make(wordList, len(ws))
	for i, w := range ws {
		out[i] = spacedWords(w)
	}
	return out
}

// containsWord reports whether s contains one of the words or phrases.
func containsWord(s string, ws wordList) bool {
	p := spacedWords(s)
	for _, w := range ws {
		if strings.Contains(p, w) {
			return true
		}
	}
	return false
}

// splitNameRole splits "Jane Doe, DSL" or "Jane Doe (Designated
// Safeguarding Lead)" into a name and a role.
func splitNameRole(v string) (string, string) {
	v = strings.TrimSpace(v)
	if i := strings.IndexByte(v, '('); i > 0 && strings.HasSuffix(v, ")") {
		role := strings.TrimSpace(v[i+1 : len(v)-1])
		if containsWord(role, roleWords) {
			return strings.TrimSpace(v[:i]), role
		}
	}
	for _, sep := range []string{", ", " - ", " – ", " — ", " | "} {
		if i := strings.Index(v, sep); i > 0 {
			role := strings.TrimSpace(v[i+len(sep):])
			if containsWord(role, roleWords) && !strings.ContainsAny(v[:i], "0123456789@") {
				return strings.TrimSpace(v[:i]), role
			}
		}
	}
	return v, ""
}

// relationshipIn returns a relationship written in brackets after a name:
// "Sarah Smith (Mum)" gives "Mum".
func relationshipIn(v string) (string, string) {
	i := strings.LastIndexByte(v, '(')
	if i <= 0 || !strings.HasSuffix(v, ")") {
		return v, ""
	}
	inner := strings.TrimSpace(v[i+1 : len(v)-1])
	t := loadTable()
	ws := t.normFast(inner, nil)
	if len(ws) == 0 || len(ws) > 3 {
		return v, ""
	}
	if s, n := t.subjectAt(ws, 0); n == len(ws) && s.kind == cFamily {
		return strings.TrimSpace(v[:i]), inner
	}
	return v, ""
}

// now is the reference time for telling a date of birth from a due date.
var now = time.Now
