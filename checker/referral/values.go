package referral

import (
	"github.com/frontdoorhq/frontdoor/internal/lazyre"
	"strconv"
	"strings"
	"unicode"
)

// RouteIDs are the route ids of the contract (section 3). Guidance packs may
// add more.
var RouteIDs = []string{
	"universal", "early-help", "mash", "mash-urgent", "emergency", "police",
	"police-fgm", "lado", "prevent", "private-fostering", "cme",
	"forced-marriage-unit", "nrm",
}

var postcodeRE = lazyre.New(`^(?i)(GIR ?0AA|[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2})$`)

// ValidPostcode reports whether s has the shape of a UK postcode.
func ValidPostcode(s string) bool { return postcodeRE.MatchString(strings.TrimSpace(s)) }

// PhoneDigits returns the digits of a UK phone number in national form
// ("07700 900123", "+44 (0)7700 900123" and "01865 810603 ext 12" all
// become "0..."), and false when it does not look like one.
func PhoneDigits(s string) (string, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, cut := range []string{"ext", "x", "#"} {
		if i := strings.Index(s, cut); i > 0 {
			s = s[:i]
		}
	}
	s = strings.ReplaceAll(s, "(0)", "")
	var b strings.Builder
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && i == 0:
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '(' || r == ')' || r == '.' || r == '/':
		default:
			return "", false
		}
	}
	d := b.String()
	if strings.HasPrefix(d, "+44") {
		d = "0" + d[3:]
	} else if strings.HasPrefix(d, "0044") {
		d = "0" + d[4:]
	}
	if !strings.HasPrefix(d, "0") || strings.HasPrefix(d, "00") {
		return "", false
	}
	// 999, 101 and 111 are not contact numbers; UK numbers have 10 or 11 digits.
	if len(d) < 10 || len(d) > 11 {
		return "", false
	}
	if (strings.HasPrefix(d, "07") || strings.HasPrefix(d, "02") || strings.HasPrefix(d, "03") || strings.HasPrefix(d, "08")) && len(d) != 11 {
		return "", false // mobiles, London and non-geographic numbers have 11 digits
	}
	return d, true
}

// ValidPhone reports whether s looks like a UK phone number.
func ValidPhone(s string) bool { _, ok := PhoneDigits(s); return ok }

// ValidNHSNumber reports whether s is a 10-digit NHS number whose check
// digit (modulus 11) is right. Spaces and dashes are ignored.
func ValidNHSNumber(s string) bool {
	var d []int
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			d = append(d, int(r-'0'))
		case r == ' ' || r == '-':
		default:
			return false
		}
	}
	if len(d) != 10 {
		return false
	}
	sum := 0
	for i := 0; i < 9; i++ {
		sum += d[i] * (10 - i)
	}
	check := 11 - sum%11
	if check == 11 {
		check = 0
	}
	return check != 10 && check == d[9]
}

var yearGroupRE = lazyre.New(`(?i)^(?:year|yr|y|grade)?\s*(\d{1,2})$`)

// ParseYearGroup reads an English school year group: "Year 8", "Y8", "yr 8",
// "8", "Reception", "R", "Nursery", "Lower sixth". Reception is 0 and nursery
// -1. It reports false when the text is not a year group.
func ParseYearGroup(s string) (int, bool) {
	t := strings.ToLower(strings.TrimSpace(s))
	t = strings.TrimSuffix(t, ".")
	switch t {
	case "":
		return 0, false
	case "reception", "r", "year r", "yr r", "rec", "foundation", "fs2", "year 0":
		return 0, true
	case "nursery", "n", "fs1", "pre-school", "preschool":
		return -1, true
	case "lower sixth", "lower 6th", "sixth form year 1", "l6":
		return 12, true
	case "upper sixth", "upper 6th", "sixth form year 2", "u6":
		return 13, true
	}
	m := yearGroupRE.FindStringSubmatch(t)
	if m == nil {
		return 0, false
	}
	n, _ := strconv.Atoi(m[1])
	if n < 1 || n > 14 {
		return 0, false
	}
	return n, true
}

var ageRE = lazyre.New(`(?i)(\d{1,2}(?:\.\d)?)\s*(years?|yrs?|y|months?|mths?|mos?|weeks?|wks?)?\b`)

// ParseAge reads an estimated age written as "7", "about 7", "approx. 14
// years", "14 months" or "6 weeks", in years (fractions for babies). It
// reports false when no age is found.
func ParseAge(s string) (float64, bool) {
	m := ageRE.FindStringSubmatch(s)
	if m == nil {
		return 0, false
	}
	n, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		return 0, false
	}
	unit := strings.ToLower(m[2])
	switch {
	case strings.HasPrefix(unit, "m"):
		n /= 12
	case strings.HasPrefix(unit, "w"):
		n /= 52
	}
	return n, true
}

// Blank reports whether a free-text answer is empty or only punctuation.
// An explicit "not known" or "none" is an answer, not a blank.
func Blank(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// IsEnglish reports whether a language answer names English as the (first)
// language. It returns false for an empty answer.
func IsEnglish(lang string) bool {
	l := strings.ToLower(strings.TrimSpace(lang))
	return l == "en" || strings.HasPrefix(l, "english") || strings.HasPrefix(l, "british english")
}

// NotKnown reports whether an answer says the value is not known
// ("not known", "unknown", "n/k") rather than giving it.
func NotKnown(s string) bool {
	switch strings.ToLower(strings.Trim(strings.TrimSpace(s), ".")) {
	case "not known", "unknown", "n/k", "nk", "not available", "no information available", "don't know", "do not know":
		return true
	}
	return false
}

// ValidEmail reports whether s looks like an email address: one @, a
// non-empty local part, a domain with a dot, and no spaces.
func ValidEmail(s string) bool {
	s = strings.TrimSpace(s)
	at := strings.IndexByte(s, '@')
	if at <= 0 || at != strings.LastIndexByte(s, '@') || strings.ContainsAny(s, " \t\n<>,;") {
		return false
	}
	domain := s[at+1:]
	dot := strings.LastIndexByte(domain, '.')
	return dot > 0 && dot < len(domain)-2 && !strings.Contains(domain, "..")
}

// protectiveOrder ranks route ids from most to least protective: when a
// concern fits several routes, the first is the primary answer.
var protectiveOrder = []string{"emergency", "mash-urgent", "police-fgm", "lado", "prevent", "mash",
	"forced-marriage-unit", "private-fostering", "cme", "nrm", "police", "early-help", "universal"}

// ProtectiveRank returns a route id's place in the protective order (0 is
// the most protective); routes a guidance pack adds come after the
// contract's.
func ProtectiveRank(route string) int {
	for i, r := range protectiveOrder {
		if r == route {
			return i
		}
	}
	return len(protectiveOrder)
}
