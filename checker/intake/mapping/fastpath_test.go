package mapping

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The functions below are what isGreeting, parsePercent, parseMemberAge,
// splitSchoolYear and findEmail were before they learned to answer common
// values without compiling an expression. The fast paths must give the
// same answers.

var greetingRE = regexp.MustCompile(`^(?i)(?:dear|hi|hello|good (?:morning|afternoon|evening)|to whom it may concern)\b[^.!?:]{0,60}[,!]?$`)

func parsePercentRE(v string) (float64, bool) {
	m := percentRE.FindStringSubmatch(v)
	if m == nil {
		return 0, false
	}
	f, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		return 0, false
	}
	if m[2] == "" && f <= 1 && strings.Contains(m[1], ".") {
		f *= 100
	}
	if f < 0 || f > 100 {
		return 0, false
	}
	return f, true
}

func parseMemberAgeRE(v string) (int, bool) {
	if !hasDigit(v) || len(v) > 40 {
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

func splitSchoolYearRE(v string) (school, year string) {
	if !strings.ContainsAny(v, "yYrR") {
		return v, ""
	}
	sm := schoolYearRE.FindStringSubmatch(strings.TrimSpace(v))
	if sm == nil || strings.TrimSpace(sm[1]) == "" {
		return v, ""
	}
	return strings.TrimSpace(strings.TrimRight(strings.TrimSpace(sm[1]), ",;-–(")), sm[2]
}

// looseOptionFields is looseOption as it was, splitting the cell and
// lower-casing each word.
func looseOptionFields(c string) bool {
	ws := strings.Fields(c)
	if len(ws) == 0 || len(ws) > 2 {
		return false
	}
	n := 0
	for _, w := range ws {
		switch {
		case optionWords[strings.ToLower(w)]:
			n++
		case looseMark(w):
		default:
			return false
		}
	}
	return n == 1
}

var emailRE = regexp.MustCompile(`[A-Za-z0-9._%+'\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+`)

func findEmailRE(s string) string {
	if strings.IndexByte(s, '@') < 0 {
		return ""
	}
	return strings.TrimRight(emailRE.FindString(s), ".")
}

var fastPathSeeds = []string{
	"", " ", "Dear MASH team,", "dear all", "DEAR SIR/MADAM", "Dear", "Dearest Jo,", "Dear Dr. Khan,", "Dear team:",
	"Hi", "Hi,", "Hi!", "Hi!!", "Hiya", "hi_there", "hi2u", "Hi all, hope you are well", "Hello", "Hello?", "hello, ",
	"Good morning", "good  morning", "Good Morning MASH,", "Good afternoon all!", "Good evening", "Good night",
	"To whom it may concern", "to whom it may concern:", "TO WHOM IT MAY CONCERN,", "Dear " + strings.Repeat("é", 60),
	"Dear " + strings.Repeat("x", 55), "Dear " + strings.Repeat("x", 56) + ",", "Dear\nteam", "Dear \xff team",
	"Dear K\u212Aelvin", "ſo", "Hi\u212A", "Hé", "Dear team, please see below.",
	"87", "87%", "87.5 %", "0.87", "100", "101", "150", "0", "00", "089", "1234", "87 per cent", "n/a", "9", "-5",
	"34", "34 years", "aged 34", "120", "121", "0", "007", "c. 40", "about 30 (approx)", "3 4", "34.",
	"Hardwick Primary School (Year 6)", "Brize Meadow Primary School", "Kennet Lane Junior School", "Year 5",
	"St Mary's, Yr 3", "Oak Academy - Reception", "Oak Academy - reception.", "Oak Academy (Year 10).",
	"School Year", "Ryecroft", "Primary (year 6", "Ash School, Year 6 ", " Year 6", "Elm School year6)",
	"Year 6", "year6", "YR 11", "Yr\t3", "Year 123", "Year", "Reception", "reception.", "Year 6.", "(Year 6)",
	"Year 5 Year 6", "Year 6 / Year 7", "Reception, Year 1", "Yr 6 - Oak School", "Year 6 (Oak)",
	"89%", "89 %", "100%", "101%", "%", "8%9", "0.5%", "87%%", "94.2", "94.", ".5", "0.87", "1.2.3", "100.0",
	"100.01", "999.9%", "1234.5", "12.34%", "1988-05-12", "12/05/1988", "34 (est.)", "aged 1234",
	"k.fowler@example.sch.uk", "Email: k.fowler@example.sch.uk.", "k.fowler@example", "@example.com", "a@b.c",
	"x@y@b.com", "a@b..c", "a@b.c..d.e", "jo.o'neil+mash@kent-cc.gov.uk", "tel 01865 000000 / dsl@school.org",
	"me@-.-", "me@a.-", "a_b@c_d.e", "first@bad second@good.org", "é@b.c", "mé@b.co", "a@b.cé", "a@b.c\xff",
	"@@", "a@", "@b.c", "a@.c", "a@b.", "..@..", "a@b.c@d.e", "a.@b.c", "<jo@x.org>", "jo@x.org, sam@y.org",
	"Yes", "X No", "No X", "● Yes", "yes no", "Yes X No", "N/A", "DON'T", "Unknown  x", "\u212A", "\u212Aes", "ſ",
	"MASH", "Early-Help", "AGENCIES", "Agencies", "İ", "K", "S", " - ", "Child's name", "Parent/carer(s) with PR",
	"Yes ○ No ●", "Yes ◯ No ◉", "\xf0\x9f\xe2\x97\x8f", "\xe2\x97", "a\xe2\x97", "● bullet point in a long line of text",
}

// Ensure the fast paths give what the expressions give.
func TestFastPaths(t *testing.T) {
	for _, s := range fastPathSeeds {
		checkFastPaths(t, s)
	}
}

func FuzzFastPaths(f *testing.F) {
	for _, s := range fastPathSeeds {
		f.Add(s)
	}
	f.Fuzz(checkFastPaths)
}

func checkFastPaths(t *testing.T, s string) {
	if got, want := isGreeting(s), greetingRE.MatchString(s); got != want {
		t.Errorf("isGreeting(%q) = %v, the expression says %v", s, got, want)
	}
	f, ok := parsePercent(s)
	if wf, wok := parsePercentRE(s); f != wf || ok != wok {
		t.Errorf("parsePercent(%q) = %v, %v, want %v, %v", s, f, ok, wf, wok)
	}
	n, ok := parseMemberAge(s)
	if wn, wok := parseMemberAgeRE(s); n != wn || ok != wok {
		t.Errorf("parseMemberAge(%q) = %v, %v, want %v, %v", s, n, ok, wn, wok)
	}
	school, year := splitSchoolYear(s)
	if ws, wy := splitSchoolYearRE(s); school != ws || year != wy {
		t.Errorf("splitSchoolYear(%q) = %q, %q, want %q, %q", s, school, year, ws, wy)
	}
	if got, want := findEmail(s), findEmailRE(s); got != want {
		t.Errorf("findEmail(%q) = %q, the expression says %q", s, got, want)
	}
	if got, want := hasLooseMarks(s), strings.ContainsAny(s, "●◉○◯xX"); got != want {
		t.Errorf("hasLooseMarks(%q) = %v, want %v", s, got, want)
	}
	if got, want := spacedWords(s), " "+plainWords(s)+" "; got != want {
		t.Errorf("spacedWords(%q) = %q, want %q", s, got, want)
	}
	if got, want := looseOption(s), looseOptionFields(s); got != want {
		t.Errorf("looseOption(%q) = %v, want %v", s, got, want)
	}
	for _, w := range []string{strings.ToLower(s), "agencies", "mash", "early-help", "yes", "k", "s"} {
		if got, want := lowerEquals(s, w), strings.ToLower(s) == w; got != want {
			t.Errorf("lowerEquals(%q, %q) = %v, want %v", s, w, got, want)
		}
	}
}

// Ensure afterToday answers as comparing with the local date does, in time
// zones from UTC-12 to UTC+14, at either end of a UTC day.
func TestAfterToday(t *testing.T) {
	defer func(f func() time.Time) { now = f }(now)
	for _, offset := range []int{-12, -5, 0, 1, 9, 14} {
		zone := time.FixedZone("", offset*3600)
		for _, at := range []time.Time{
			time.Date(2026, 11, 26, 0, 30, 0, 0, time.UTC), time.Date(2026, 11, 26, 23, 30, 0, 0, time.UTC),
			time.Date(2026, 12, 31, 23, 59, 0, 0, time.UTC), time.Date(2027, 1, 1, 0, 1, 0, 0, time.UTC),
		} {
			local := at.In(zone)
			now = func() time.Time { return local }
			today := local.Format("2006-01-02")
			for days := -3; days <= 3; days++ {
				d := at.AddDate(0, 0, days).Format("2006-01-02")
				if got, want := afterToday(d), d > today; got != want {
					t.Errorf("at %v in UTC%+d: afterToday(%s) = %v, want %v", at, offset, d, got, want)
				}
			}
		}
	}
}
