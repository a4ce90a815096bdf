package mapping

import (
	"strings"
	"unicode/utf8"

	"github.com/frontdoorhq/frontdoor/checker/referral"
)

// consentAnswer is what an answer to a consent question says.
type consentAnswer struct {
	status      string
	reason      string // the words with a "no" (why consent was not sought)
	detail      string // the words with a refusal or a "yes"
	givenBy     string // who gave consent, as written
	date        string // when, as written
	interpreter bool   // consent was given through an interpreter
	more        bool   // the answer says more than status, giver and date
}

// readConsent reads a consent answer: "Given by Chantelle (competent young
// person, 17) on 17/11/2026. She asked that her mother is not told yet.",
// "Yes – Mum, by phone, 20/11/2026", "Refused - Mum said ...". The status
// comes from the first sentence when that says it, so that later words ("not
// told yet") do not change it. It returns false when it cannot tell.
func readConsent(v string) (consentAnswer, bool) {
	v, _ = resolveTicks(v)
	v = strings.TrimSpace(v)
	var a consentAnswer
	first := firstSentence(v)
	st, detail, ok := parseConsent(first)
	if !ok || st == "" || first == v {
		st, detail, ok = parseConsent(v)
		first = v
	} else if rest := strings.TrimSpace(v[len(first):]); rest != "" {
		// "No. Mum would tell dad.": the reason is in the sentences after.
		detail = strings.TrimSpace(detail + " " + strings.TrimSpace(strings.TrimLeft(rest, ".;")))
	}
	if !ok {
		return a, false
	}
	if st != referral.ConsentRefused {
		// "Verbal consent given by mum, dad not asked": the first clause
		// says the status; what follows is about someone else. A refusal
		// anywhere is never overridden.
		if clause := firstClause(first); clause != first {
			if cst, _, cok := parseConsent(clause); cok && cst != "" && cst != st {
				st = cst
				if cst == referral.ConsentNotSought {
					detail = strings.TrimSpace(strings.TrimLeft(v[len(clause):], " ,;:-–—."))
				}
			}
		}
	}
	a.status = st
	switch st {
	case referral.ConsentNotSought:
		a.reason = detail
	case referral.ConsentRefused:
		a.detail = detail
		a.reason = proceedReason(v)
	case referral.ConsentGiven:
		a.detail = detail
		// Every date has a digit: "Yes" is spared compiling the expression.
		if hasDigit(first) {
			if loc := dateInTextRE.FindStringIndex(first); loc != nil {
				a.date = first[loc[0]:loc[1]]
			}
		}
		a.givenBy = giverIn(first)
		l := spacedWords(v)
		a.interpreter = strings.Contains(l, " interpreter") && !containsAny(l, " no interpreter", " without an interpreter",
			" without interpreter", " interpreter not ", " not through an interpreter", " did not need an interpreter")
		a.more = saysMore(v, a.givenBy, a.date)
	}
	return a, true
}

// firstSentence returns s up to the end of its first sentence (". " before
// a capital letter, or "; ").
func firstSentence(s string) string {
	out := s
	outsideBrackets(s, func(i int) bool {
		switch {
		case s[i] == ';':
			out = strings.TrimSpace(s[:i])
			return false
		case s[i] == '.' && i+2 < len(s) && s[i+1] == ' ' && (s[i+2] >= 'A' && s[i+2] <= 'Z' || s[i+2] == '"'):
			out = strings.TrimSpace(s[:i+1])
			return false
		}
		return true
	})
	return out
}

// outsideBrackets calls f with the index of each byte of s outside ( ) and
// [ ] (the brackets themselves left out), in order, until f returns false.
func outsideBrackets(s string, f func(i int) bool) {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(', '[':
			depth++
			continue
		case ')', ']':
			depth = max(depth-1, 0)
			continue
		}
		if depth == 0 && !f(i) {
			return
		}
	}
}

// proceedReason returns the sentences of a refusal that say why the
// referrer is going ahead without consent ("We are referring without consent
// because ..."), or "". The parent's own reasons stay with the refusal.
func proceedReason(v string) string {
	var out []string
	for rest := v; rest != ""; {
		sent := firstSentence(rest)
		if sent == "" {
			break
		}
		rest = strings.TrimSpace(strings.TrimLeft(rest[len(sent):], ".;"))
		p := spacedWords(sent)
		if containsAny(p, " without consent", " without their consent", " without her consent", " without his consent",
			" without agreement", " without their agreement", " without parental consent", " anyway ", " regardless ",
			" proceed", " overrid", " override ", " despite ") {
			out = append(out, strings.TrimSpace(sent))
		}
	}
	return strings.Join(out, " ")
}

// firstClause returns s up to its first comma outside brackets, or s.
func firstClause(s string) string {
	out := s
	outsideBrackets(s, func(i int) bool {
		if s[i] == ',' && i > 0 {
			out = strings.TrimSpace(s[:i])
			return false
		}
		return true
	})
	return out
}

// consentWords are the words of a consent answer that say only its status
// or how it was given.
var consentWords = map[string]bool{"yes": true, "y": true, "given": true, "consent": true, "consented": true,
	"obtained": true, "gained": true, "agreed": true, "by": true, "on": true, "from": true, "was": true,
	"has": true, "been": true, "and": true, "the": true, "received": true, "provided": true, "to": true,
	"referral": true, "this": true, "for": true, "parental": true}

// saysMore reports whether a consent answer has words besides its status,
// its giver and its date: those are kept as written.
func saysMore(v, givenBy, date string) bool {
	if givenBy != "" {
		v = strings.Replace(v, givenBy, " ", 1)
	}
	if date != "" {
		v = strings.Replace(v, date, " ", 1)
	}
	for _, w := range strings.Fields(plainWords(v)) {
		if !consentWords[w] && !isNumber(w) {
			return true
		}
	}
	return false
}

// contactModes are how consent was asked for, not who gave it.
var contactModes = map[string]bool{"phone": true, "telephone": true, "email": true, "e-mail": true, "letter": true,
	"text": true, "person": true, "verbal": true, "verbally": true, "written": true, "writing": true, "signed": true,
	"meeting": true, "face": true, "video": true, "teams": true, "call": true, "interpreter": true, "yes": true,
	"given": true, "consent": true, "obtained": true, "agreed": true, "the": true, "a": true, "an": true,
	"school": true, "dsl": true, "me": true, "us": true, "telephoning": true, "phoning": true}

// giverIn finds who gave consent in a "yes" answer: "given by Donna Coles on
// 17/11/2026", "Yes – Mum, by phone", "Given – Donna Coles, 20/11/2026".
func giverIn(s string) string {
	s = cutAt(s, 300) // the giver is named near the start
	l := strings.ToLower(s)
	for _, k := range []string{"given by ", "from ", "agreed by ", "signed by ", "provided by ", "consented by ", "by "} {
		for from := 0; from < len(l); {
			i := strings.Index(l[from:], k)
			if i < 0 {
				break
			}
			i += from
			from = i + len(k)
			if i > 0 && isWordByte(l[i-1]) {
				continue
			}
			if g := giverAt(s[i+len(k):]); g != "" {
				return g
			}
		}
	}
	// "Chloe has given her own consent", "Mum agreed": the giver is the
	// subject of the sentence.
	for _, k := range []string{" has given ", " have given ", " gave ", " has consented", " have consented", " consented",
		" has agreed", " have agreed", " agreed", " is happy for", " was happy for"} {
		if i := strings.Index(l, k); i > 0 && i < 60 {
			if g := giverAt(s[:i]); g != "" && g == strings.TrimSpace(s[:i]) && countWords(g) <= 5 {
				return g
			}
		}
	}
	// "Yes – Mum, by phone": the first part after the status words.
	rest := s
	for {
		t := strings.TrimLeft(rest, " -–—,:;.")
		w := t
		if j := strings.IndexAny(t, " -–—,:;."); j >= 0 {
			w = t[:j]
		}
		if w == "" || !consentWords[strings.ToLower(w)] {
			rest = t
			break
		}
		rest = t[len(w):]
	}
	if rest == s {
		return ""
	}
	return giverAt(rest)
}

// giverAt returns the person at the start of s, up to the words that say how
// or when ("on", "via", a date, a comma outside brackets), or "" when it
// does not start with a name or a family word.
func giverAt(s string) string {
	s = strings.TrimSpace(s)
	s = cutAt(s, 120)
	end := len(s)
	depth := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '(', '[':
			depth++
		case ')', ']':
			if depth > 0 {
				depth--
			}
		case ',', ';':
			if depth == 0 {
				end = i
			}
		case '.':
			if depth == 0 && (i+1 == len(s) || s[i+1] == ' ') && !(i >= 2 && s[i-2] == ' ' || i == 1) {
				end = i // not the dot of an initial ("J. Smith")
			}
		case ' ':
			if depth == 0 {
				w := strings.ToLower(s[i+1:])
				for _, k := range []string{"on ", "via ", "through ", "over ", "at ", "by ", "in person", "in writing", "verbally", "when ", "who ", "and she ", "and he "} {
					if strings.HasPrefix(w, k) {
						end = i
					}
				}
				if end == len(s) && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' {
					end = i // a date
				}
			}
		}
		if end < len(s) {
			break
		}
	}
	g := strings.TrimSpace(s[:end])
	if g == "" || len(g) > 80 {
		return ""
	}
	words := strings.Fields(g)
	first := strings.ToLower(strings.Trim(words[0], "(),.:"))
	if contactModes[first] {
		return ""
	}
	if c := g[0]; c >= 'A' && c <= 'Z' {
		return g
	}
	// "mum", "both parents": a family word written in lower case.
	t := loadTable()
	rest := g
	for _, q := range []string{"both ", "the ", "his ", "her ", "their ", "my ", "child's ", "childs "} {
		if len(rest) > len(q) && strings.EqualFold(rest[:len(q)], q) {
			rest = rest[len(q):]
		}
	}
	ws := t.normFast(rest, nil)
	if len(ws) > 0 {
		if sj, _ := t.subjectAt(ws, 0); sj.kind == cFamily {
			return g
		}
	}
	return ""
}

// cutAt shortens s to at most n bytes, at a rune boundary.
func cutAt(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
