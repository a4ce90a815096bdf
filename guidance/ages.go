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

var otherPerson = map[string]bool{"boyfriend": true, "girlfriend": true, "man": true, "woman": true, "partner": true,
	"brother": true, "sister": true, "sibling": true, "friend": true, "male": true, "female": true, "adult": true,
	"mum": true, "mother": true, "dad": true, "father": true, "uncle": true, "aunt": true, "cousin": true, "lad": true,
	"guy": true, "men": true, "lads": true, "boyfriends": true, "student": true, "peer": true, "stepdad": true,
	"stepfather": true, "half": true, "older": true, "younger": true, "son": true, "daughter": true}

var unitWords = map[string]float64{"year": 1, "years": 1, "yr": 1, "yrs": 1, "yo": 1,
	"month": 1.0 / 12, "months": 1.0 / 12, "mth": 1.0 / 12, "mths": 1.0 / 12, "mo": 1.0 / 12, "mos": 1.0 / 12,
	"week": 1.0 / 52, "weeks": 1.0 / 52, "wk": 1.0 / 52, "wks": 1.0 / 52, "day": 1.0 / 365, "days": 1.0 / 365}

// childAge reads the child's age from the text: "aged 12", "12yo",
// "16-year-old", "4 month old", "Year 8", "reception", "newborn". Ages
// followed by another person ("her 17 year old boyfriend") are not the
// child's.
func childAge(text string) ageRange {
	ws := words(text)
	other := func(k int) bool { // the words after an age name someone else
		for i := k; i < len(ws) && i < k+3; i++ {
			if otherPerson[ws[i]] {
				return true
			}
		}
		return false
	}
	for i, w := range ws {
		n, rest, ok := leadingNumber(w)
		if !ok || n > 25 {
			if (w == "aged" || w == "age") && i+1 < len(ws) {
				if m, r, ok := leadingNumber(ws[i+1]); ok && r == "" && m <= 25 && !other(i+2) {
					return ageRange{m, m, true}
				}
			}
			continue
		}
		unit, next := rest, i+1
		if unit == "" && next < len(ws) {
			unit, next = ws[next], next+1
			if unit == "y" && next < len(ws) && ws[next] == "o" { // 12 y/o
				unit, next = "yo", next+1
			}
		}
		f, isUnit := unitWords[unit]
		if !isUnit {
			continue
		}
		if next < len(ws) && ws[next] == "old" {
			next++
		}
		if other(next) {
			continue
		}
		a := n * f
		return ageRange{a, a, true}
	}
	for i, w := range ws {
		if (w == "year" || w == "yr") && i+1 < len(ws) {
			if y, r, ok := leadingNumber(ws[i+1]); ok && r == "" && y >= 1 && y <= 13 {
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
