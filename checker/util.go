package checker

import "strings"

func lower(s string) string { return strings.ToLower(strings.Trim(strings.TrimSpace(s), ".")) }

// lastWords returns the last n words of s joined pairwise, for finding a
// trailing postcode ("OX4 1AB") in an address.
func lastWords(s string, n int) []string {
	f := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == '\n' })
	if len(f) == 0 {
		return nil
	}
	out := []string{f[len(f)-1]}
	if len(f) >= 2 && n >= 2 {
		out = append(out, f[len(f)-2]+" "+f[len(f)-1])
	}
	return out
}

// quote shortens a piece of free text for a finding's evidence.
func quote(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	const max = 160
	if len([]rune(s)) > max {
		r := []rune(s)
		s = string(r[:max]) + "…"
	}
	return s
}
