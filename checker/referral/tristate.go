package referral

import (
	"encoding/json"
	"strings"
)

// TriState is an answer of "yes", "no" or "unknown". The empty value means
// the question was not answered at all, which the checker treats like
// "unknown" but reports differently where that matters.
//
// Readers accept yes/no/y/n/true/false/ticked boxes in any case; anything else
// is kept as written so that validation can report it.
type TriState string

// The tri-state answers.
const (
	Yes     TriState = "yes"
	No      TriState = "no"
	Unknown TriState = "unknown"
)

// ParseTriState normalises a written answer. It returns the answer as written
// (trimmed) and false when it is not recognised.
func ParseTriState(s string) (TriState, bool) {
	t := strings.ToLower(strings.TrimSpace(s))
	t = strings.Trim(t, ".!")
	switch t {
	case "":
		return "", true
	case "yes", "y", "true", "t", "1", "ticked", "checked", "x", "[x]", "☒", "☑", "✓", "✔", "on":
		return Yes, true
	case "no", "n", "false", "f", "0", "unticked", "unchecked", "[ ]", "☐", "off":
		return No, true
	case "unknown", "not known", "don't know", "dont know", "do not know", "unsure", "not sure",
		"n/k", "nk", "?", "u", "unk":
		return Unknown, true
	}
	for _, p := range []string{"yes ", "yes,", "yes -", "yes;", "yes:"} {
		if strings.HasPrefix(t, p) {
			return Yes, true
		}
	}
	for _, p := range []string{"no ", "no,", "no -", "no;", "no:"} {
		if strings.HasPrefix(t, p) {
			return No, true
		}
	}
	return TriState(strings.TrimSpace(s)), false
}

// Known reports whether the answer is a definite yes or no.
func (t TriState) Known() bool { return t == Yes || t == No }

// Valid reports whether the answer is one of the tri-state values or empty.
func (t TriState) Valid() bool { return t == "" || t == Yes || t == No || t == Unknown }

// UnmarshalJSON accepts strings, booleans and null.
func (t *TriState) UnmarshalJSON(b []byte) error {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	switch x := v.(type) {
	case nil:
		*t = ""
	case bool:
		if x {
			*t = Yes
		} else {
			*t = No
		}
	case string:
		*t, _ = ParseTriState(x)
	default:
		*t, _ = ParseTriState(strings.TrimSpace(string(b)))
	}
	return nil
}
