package guidance

import (
	"strconv"
	"strings"
)

// ageRange is what the text says of the child's age, in years: [Min, Max].
type ageRange struct {
	Min, Max float64
	Known    bool
}

func (a ageRange) within(c *Age) bool {
	if c == nil || !a.Known {
		return true
	}
	if c.Min != nil && a.Max < *c.Min {
		return false
	}
	if c.Max != nil && a.Min >= *c.Max+1 {
		return false
	}
	return true
}

// otherPerson words, just after an age, name someone who is not the child:
// "her 17 year old boyfriend".
var otherPerson = setOf("boyfriend", "girlfriend", "bf", "gf", "man", "woman", "partner", "brother", "sister",
	"sibling", "friend", "male", "female", "adult", "mum", "mother", "dad", "father", "uncle", "aunt", "cousin",
	"lad", "guy", "men", "lads", "boyfriends", "student", "peer", "stepdad", "stepfather", "half", "older",
	"younger", "son", "daughter", "bloke", "ex", "fella")

// notChild words, just before an age, name someone who is not the child:
// "her boyfriend (19)", "her brother is 17", "a friend, aged 19".
var notChild = setOf("boyfriend", "girlfriend", "bf", "gf", "man", "woman", "partner", "brother", "sister",
	"sibling", "friend", "male", "female", "adult", "mum", "mother", "dad", "father", "uncle", "aunt", "cousin",
	"lad", "guy", "men", "lads", "boyfriends", "stepdad", "stepfather", "son", "daughter", "bloke", "ex", "fella",
	"lodger", "neighbour", "teacher", "stepmum", "stepmother", "nan", "grandad", "grandma", "husband", "wife",
	"fiance", "twin")

// male and female others: "she is 12" after "her boyfriend is 17" is still
// the child's age; after "mum says" it may be mum's.
var (
	maleOther   = setOf("boyfriend", "bf", "man", "male", "dad", "father", "brother", "uncle", "stepdad", "stepfather", "lad", "lads", "guy", "men", "bloke", "husband", "son", "grandad", "fella", "boyfriends")
	femaleOther = setOf("girlfriend", "gf", "woman", "female", "mum", "mother", "sister", "aunt", "stepmum", "stepmother", "nan", "grandma", "wife", "daughter")
)

// personModifiers may stand between an age and the person it belongs to:
// "a 17 year old older boyfriend", "a 20 year old local man".
var personModifiers = setOf("older", "younger", "new", "local", "unknown", "adult", "male", "female", "white",
	"black", "asian", "best", "married", "step", "ex", "half", "big", "grown", "known", "family")

// childWords name the child in "a girl who is 14".
var childWords = setOf("girl", "boy", "pupil", "child", "kid", "youngster", "teenager", "teen", "student")

var unitWords = map[string]float64{"year": 1, "years": 1, "yr": 1, "yrs": 1, "yo": 1,
	"month": 1.0 / 12, "months": 1.0 / 12, "mth": 1.0 / 12, "mths": 1.0 / 12, "mo": 1.0 / 12, "mos": 1.0 / 12,
	"week": 1.0 / 52, "weeks": 1.0 / 52, "wk": 1.0 / 52, "wks": 1.0 / 52, "day": 1.0 / 365, "days": 1.0 / 365}

var numberWords = map[string]float64{"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
	"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
	"sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20}

// copulas put an age after its person: "she is 16", "Jayden's 13", "turned 15".
var copulas = setOf("is", "'s", "turned", "turns")

// afterBareAge may follow "she is 16": anything else ("16 weeks pregnant",
// "12 out of 30") means the number is not an age.
var afterBareAge = setOf("", ".", ",", ")", ":", "and", "but", "so", "now", "with", "in", "on", "next", "this",
	"last", "today", "soon", "who", "she", "he", "they", "lives", "living", "has", "is", "was", "attends",
	"yo", "y", "years", "year", "yrs", "yr", "says", "said", "told", "tells", "(")

// childAge reads the child's age from the text: "aged 12", "age: 16",
// "12yo", "16-year-old", "a sixteen year old", "4 month old", "she's 16",
// "Jayden is 14", "Jayden (16)", "turned 15", then "Year 8", "reception",
// "newborn". The first age that is the child's wins. An age beside someone
// else ("her 17 year old boyfriend", "her boyfriend is 17", "her boyfriend
// (19)", "a Y6 boy (he's 10)") is not the child's, nor is a number that
// counts something else ("missing for 3 days", "16 weeks pregnant", "3
// weeks ago"). When it is unclear whose age it is, it is left unknown, so
// that the router asks.
func childAge(text string) ageRange {
	ts := ageTokens(text)
	tok := func(k int) string {
		if k < 0 || k >= len(ts) {
			return ""
		}
		return ts[k]
	}
	// other reports whether the words from k name someone else.
	// ("her 17 year old boyfriend", "a 19 year old older man"), not a
	// verb and its object ("13 year old told her friend").
	other := func(k int) bool {
		for i := k; i < len(ts) && i < k+3; i++ {
			if isBoundary(ts[i]) {
				return false
			}
			if otherPerson[ts[i]] {
				return true
			}
			if !personModifiers[ts[i]] {
				return false
			}
		}
		return false
	}
	// otherBefore reports whether the age before k is someone else's,
	// looking back over n words in the sentence.
	otherBefore := func(k, n int) bool {
		for i := k - 1; i >= 0 && i >= k-n; i-- {
			if ts[i] == "." {
				return false
			}
			if notChild[ts[i]] {
				return true
			}
		}
		return false
	}
	for i, t := range ts {
		n, rest, ok := ageNumber(t)
		if !ok || n > 25 {
			continue
		}
		prev := tok(i - 1)
		aged := prev == "aged" || prev == "age" || prev == ":" && tok(i-2) == "age"
		bracket := prev == "(" && (tok(i+1) == ")" || tok(i+2) == ")" && unitWords[tok(i+1)] > 0)
		// a unit: "12yo", "16 year old", "4 month old", "aged 4 months"
		unit, next := rest, i+1
		if unit == "" {
			unit, next = tok(i+1), i+2
			if unit == "y" && tok(next) == "o" { // 12 y/o
				unit, next = "yo", next+1
			}
		}
		if f, isUnit := unitWords[unit]; isUnit {
			old := tok(next) == "old" || tok(next) == "olds"
			if !old && !aged && !bracket && unit != "yo" {
				continue // "for 3 days", "2 years", "16 weeks pregnant"
			}
			if old {
				next++
			}
			if other(next) {
				continue
			}
			// whose age, by what comes before: not for a baby's age in
			// months or weeks, usually the child the concern is about
			if f == 1 && (aged || bracket) && otherBefore(i-1, 3) || copulas[prev] && !childsAge(ts, i) {
				continue
			}
			return ageRange{n * f, n * f, true}
		}
		if rest != "" {
			continue
		}
		switch {
		case aged:
			if otherBefore(i-1, 3) {
				continue
			}
		case bracket:
			// "Jayden (16)", not "her boyfriend (19)" or "her boyfriend
			// who's in Y11 (16)"
			if otherBefore(i-1, 5) {
				continue
			}
		case prev == "," && tok(i+1) == "," && n >= 1 && i >= 2 && isNameToken(tok(i-2)) && (i == 2 || isBoundary(tok(i-3))):
			// "Tia, 17, is pregnant": a name alone, then the age between commas
			if notChild[tok(i-2)] {
				continue
			}
		case copulas[prev]:
			if !afterBareAge[tok(i+1)] || !childsAge(ts, i) {
				continue
			}
		default:
			continue
		}
		return ageRange{n, n, true}
	}
	for i, w := range ts {
		if (w == "year" || w == "yr") && i+1 < len(ts) {
			if y, r, ok := leadingNumber(ts[i+1]); ok && r == "" && y >= 1 && y <= 13 {
				return ageRange{y + 4, y + 5, true}
			}
		}
		if len(w) >= 2 && w[0] == 'y' {
			if y, r, ok := leadingNumber(w[1:]); ok && r == "" && y >= 1 && y <= 13 {
				return ageRange{y + 4, y + 5, true}
			}
		}
	}
	t := strings.ToLower(text)
	switch {
	case containsWordIn(t, "newborn", "new-born", "new born", "neonate"):
		return ageRange{0, 0.1, true}
	case containsWordIn(t, "reception"):
		return ageRange{4, 5, true}
	case containsWordIn(t, "nursery"):
		return ageRange{3, 4, true}
	case containsWordIn(t, "sixth form", "sixth-form", "6th form"):
		return ageRange{16, 18, true}
	case containsWordIn(t, "toddler"):
		return ageRange{1, 3, true}
	}
	return ageRange{}
}

// childsAge reports whether the age at k, after "is", "'s", "aged" or "(",
// belongs to the child, by whom it follows: a name or the child ("Jayden
// is 14", "she's 16", "a girl who is 14"), not someone else ("her
// boyfriend is 17", "a friend, aged 19", "a Y6 boy (he's 10)").
func childsAge(ts []string, k int) bool {
	j := k - 1
	for j >= 0 && (copulas[ts[j]] || ts[j] == "aged" || ts[j] == "age" || ts[j] == ":" || ts[j] == "(" || ts[j] == ",") {
		j--
	}
	if j < 0 {
		return true
	}
	subject := ts[j]
	switch subject {
	case "who", "whose":
		// a relative clause: only "a girl who is 14"
		for i := j - 1; i >= 0 && i >= j-3; i-- {
			if childWords[ts[i]] {
				return true
			}
			if notChild[ts[i]] || isBoundary(ts[i]) {
				return false
			}
		}
		return false
	case "she", "he", "i", "they":
		// a pronoun: whose, unless no one else was named just before, is
		// unclear; and "(he's 10)" is about someone just named
		if j > 0 && ts[j-1] == "(" {
			return false
		}
		for i := j - 1; i >= 0 && i >= j-12; i-- {
			w := ts[i]
			if notChild[w] && !(subject == "she" && maleOther[w] || subject == "he" && femaleOther[w]) {
				return false
			}
		}
		return true
	}
	if notChild[subject] || subject == "baby" && j > 0 && (ts[j-1] == "her" || ts[j-1] == "his" || ts[j-1] == "their") {
		return false // "her boyfriend is 17", "her baby is 6 weeks old"
	}
	for i := j - 1; i >= 0 && i >= j-2; i-- {
		if isBoundary(ts[i]) {
			break
		}
		if notChild[ts[i]] {
			return false
		}
	}
	return true
}

func isBoundary(t string) bool { return t == "." || t == "," || t == "(" || t == ")" || t == ":" }

// ageTokens splits text into lower-case words for reading ages, with "'s"
// split off ("she's" → she 's) and the marks that matter kept: . , ( ) :
func ageTokens(text string) []string {
	t := strings.ToLower(strings.ReplaceAll(text, "’", "'"))
	var out []string
	start := -1
	emit := func(end int) {
		w := strings.Trim(t[start:end], "'")
		if base, ok := strings.CutSuffix(w, "'s"); ok {
			if base != "" {
				out = append(out, base)
			}
			out = append(out, "'s")
		} else if w != "" {
			out = append(out, w)
		}
		start = -1
	}
	for i := 0; i < len(t); i++ {
		c := t[i]
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '\'' && start >= 0 || c >= 0x80 {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			emit(i)
		}
		switch c {
		case '.', '!', '?', ';', '\n':
			if c == '.' && i+1 < len(t) && t[i+1] >= '0' && t[i+1] <= '9' {
				continue
			}
			out = append(out, ".")
		case ',', '(', ')', ':':
			out = append(out, string(c))
		}
	}
	if start >= 0 {
		emit(len(t))
	}
	return out
}

// ageNumber reads "12", "12yo" (12 and "yo") or "twelve".
func ageNumber(w string) (float64, string, bool) {
	if n, ok := numberWords[w]; ok {
		return n, "", true
	}
	return leadingNumber(w)
}

// leadingNumber splits "12yo" into 12 and "yo".
func leadingNumber(w string) (float64, string, bool) {
	i := 0
	for i < len(w) && w[i] >= '0' && w[i] <= '9' {
		i++
	}
	if i == 0 || i > 3 {
		return 0, "", false
	}
	n, err := strconv.ParseFloat(w[:i], 64)
	return n, w[i:], err == nil
}

func containsWordIn(t string, ws ...string) bool {
	for _, w := range ws {
		if i := strings.Index(t, w); i >= 0 {
			before := i == 0 || !isLetter(t[i-1])
			after := i+len(w) >= len(t) || !isLetter(t[i+len(w)])
			if before && after {
				return true
			}
		}
	}
	return false
}

func isLetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }

// isNameToken reports whether an age token is a word (a name), not a
// number or a mark.
func isNameToken(t string) bool {
	if t == "" || isBoundary(t) {
		return false
	}
	for i := 0; i < len(t); i++ {
		if t[i] >= '0' && t[i] <= '9' {
			return false
		}
	}
	return true
}

// youngPersonMinAge: a child younger than this has no relationships or
// pregnancies of their own, so words about them are a parent's.
const youngPersonMinAge = 10

// youngPersonCategories are the categories of indicators about a young
// person's own relationships, sexual activity and pregnancy: when the
// child is a baby and a teenage parent's age is given, that age is the one
// they are checked against.
var youngPersonCategories = setOf("sexual-exploitation", "exploitation", "sexual-activity", "teenage-parent")

// parentWords name the child's parent, whose age may be given.
var parentWords = setOf("mum", "mother", "mam", "mom", "dad", "father")

// youngParentAge reads a teenage parent's age from the text: "Mum is 17",
// "Mum Tia is 17", "mum (17)", "mum, 17,", "mum aged 17", "a 17-year-old
// mother", "a 17 year old pregnant mum". Only ages from 10 to 21 count.
func youngParentAge(text string) ageRange {
	ts := ageTokens(text)
	tok := func(k int) string {
		if k < 0 || k >= len(ts) {
			return ""
		}
		return ts[k]
	}
	for i, t := range ts {
		n, rest, ok := ageNumber(t)
		if !ok || n < 10 || n > 21 {
			continue
		}
		// before the age: "mum is 17", "mum tia is 17", "mum (17)", "mum, 17", "mum aged 17"
		if rest == "" || rest == "yo" {
			j := i - 1
			if j >= 0 && (copulas[ts[j]] || ts[j] == "aged" || ts[j] == "(" || ts[j] == ",") {
				j--
				if parentWords[tok(j)] || isNameToken(tok(j)) && parentWords[tok(j-1)] {
					return ageRange{n, n, true}
				}
			}
		}
		// after the age: "17 year old (pregnant|young|teenage) mother"
		k := i + 1
		if rest == "" && (tok(k) == "year" || tok(k) == "yr") && tok(k+1) == "old" {
			k += 2
		} else if rest == "yo" {
			// "17yo mum"
		} else {
			continue
		}
		for m := 0; m < 2 && (tok(k) == "pregnant" || tok(k) == "young" || tok(k) == "teenage" || tok(k) == "expectant" || tok(k) == "single" || tok(k) == "new"); m++ {
			k++
		}
		if parentWords[tok(k)] {
			return ageRange{n, n, true}
		}
	}
	return ageRange{}
}
