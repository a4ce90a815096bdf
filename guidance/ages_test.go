package guidance

import "testing"

// Ensure the age forms the router used to miss, and that someone else's age,
// a duration or a pregnancy is not read as the child's.
func TestChildAgeForms(t *testing.T) {
	for _, tc := range []struct {
		text     string
		min, max float64
		known    bool
	}{
		{"she's 16 and pregnant", 16, 16, true},
		{"She’s 15.", 15, 15, true},
		{"he is 16", 16, 16, true},
		{"Jayden is 14 and lives with his nan", 14, 14, true},
		{"Jayden's 13.", 13, 13, true},
		{"Jayden (16) told us", 16, 16, true},
		{"A 16-year-old girl", 16, 16, true},
		{"a sixteen-year-old", 16, 16, true},
		{"aged sixteen", 16, 16, true},
		{"Age: 16", 16, 16, true},
		{"age 9", 9, 9, true},
		{"he turned 15 last month", 15, 15, true},
		{"a six week old baby", 6.0 / 52, 6.0 / 52, true},
		{"aged 4 months", 4.0 / 12, 4.0 / 12, true},
		{"she is 12 and her boyfriend is 17", 12, 12, true},
		{"her boyfriend is 17 and she is 12", 12, 12, true},
		{"her boyfriend (19) and Mia (14)", 14, 14, true},
		// not the child's age
		{"her boyfriend is 17", 0, 0, false},
		{"her boyfriend, aged 19, collects her", 0, 0, false},
		{"her boyfriend (19) collects her", 0, 0, false},
		{"She has a boyfriend. He is 19.", 0, 0, false},
		{"Mum says she is 14", 0, 0, false}, // whose age is unclear: ask
		{"missing for 3 days", 0, 0, false},
		{"she is 16 weeks pregnant", 0, 0, false},
		{"it happened 3 weeks ago", 0, 0, false},
		{"excluded twice in 2 years", 0, 0, false},
		{"attendance is 85%", 0, 0, false},
		{"when she was 7", 0, 0, false},
		{"she is 12 out of 30 in class", 0, 0, false},
	} {
		got := childAge(tc.text)
		if got.Known != tc.known || (tc.known && (got.Min != tc.min || got.Max != tc.max)) {
			t.Errorf("childAge(%q) = %+v, want %v-%v known %v", tc.text, got, tc.min, tc.max, tc.known)
		}
	}
}
