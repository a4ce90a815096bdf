package referral

import (
	"strconv"
	"strings"
	"time"
)

// ParseDate reads a date as people write them on UK forms: ISO
// ("2015-04-03"), day first ("03/04/2015", "3.4.15", "03-04-2015") and with
// month names ("3 April 2015", "3rd Apr 2015", "April 3, 2015"). Two-digit
// years are read as 20xx when that is not in the future of pivot's year, else 19xx.
// It reports false when the text is not a date.
func ParseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 40 {
		return time.Time{}, false
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, true
	}
	if len(s) > 10 && s[4] == '-' && s[7] == '-' && (s[10] == 'T' || s[10] == ' ') {
		if t, err := time.Parse("2006-01-02", s[:10]); err == nil {
			return t, true
		}
	}
	// Numeric day-first forms.
	if f := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '.' || r == '-' }); len(f) == 3 && allDigits(f[0]) && allDigits(f[1]) && allDigits(f[2]) {
		d, _ := strconv.Atoi(f[0])
		m, _ := strconv.Atoi(f[1])
		y, _ := strconv.Atoi(f[2])
		if len(f[0]) == 4 { // 2015/04/03
			y, d = d, y
		}
		return makeDate(y, m, d, len(f[2]) == 2 && len(f[0]) != 4)
	}
	// Month names.
	words := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return r == ' ' || r == ',' || r == '/' || r == '-' || r == '.'
	})
	if len(words) != 3 {
		return time.Time{}, false
	}
	var m int
	var nums []string
	for _, w := range words {
		if mm, ok := monthNames[w]; ok && m == 0 {
			m = mm
			continue
		}
		w = strings.TrimRight(w, "stndrh") // 1st 2nd 3rd 4th
		if !allDigits(w) {
			return time.Time{}, false
		}
		nums = append(nums, w)
	}
	if m == 0 || len(nums) != 2 {
		return time.Time{}, false
	}
	ds, ys := nums[0], nums[1]
	if len(ds) == 4 {
		ds, ys = ys, ds
	}
	d, _ := strconv.Atoi(ds)
	y, _ := strconv.Atoi(ys)
	twoDigit := len(ys) == 2
	return makeDate(y, m, d, twoDigit)
}

func makeDate(y, m, d int, twoDigit bool) (time.Time, bool) {
	if twoDigit {
		y += 2000
		if y > time.Now().Year()+1 {
			y -= 100
		}
	}
	if y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d { // 31 February
		return time.Time{}, false
	}
	return t, true
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

var monthNames = map[string]int{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
	"apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
	"aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10,
	"october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}

// AgeOn returns the age in whole years of someone born on dob, on day.
func AgeOn(dob, day time.Time) int {
	age := day.Year() - dob.Year()
	if day.Month() < dob.Month() || (day.Month() == dob.Month() && day.Day() < dob.Day()) {
		age--
	}
	return age
}
