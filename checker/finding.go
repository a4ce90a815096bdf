// Package checker reports what a draft referral is missing or gets wrong:
// missing key information, consent problems and weak evidence. Each problem
// is a Finding with a stable rule id, a severity, the field path a person
// should change, and why it matters and how to fix it.
package checker

import (
	"fmt"
	"strings"

	"github.com/frontdoorhq/frontdoor/checker/referral"
)

// Severity says how much a finding matters. Severities are ordered:
// Info < Warning < Error.
type Severity int

// The severities, weakest first.
const (
	Info    Severity = 1 // good practice
	Warning Severity = 2 // weakens the MASH's decision
	Error   Severity = 3 // the MASH would have to chase or return it, or a duty is being missed
)

// Never is a fail level above every severity: nothing fails.
const Never Severity = 4

// String returns "info", "warning" or "error".
func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warning:
		return "warning"
	case Error:
		return "error"
	case Never:
		return "never"
	}
	return fmt.Sprintf("severity(%d)", int(s))
}

// ParseSeverity reads "info", "warning" or "error" (and "never" when allowNever).
func ParseSeverity(s string, allowNever bool) (Severity, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "info", "note", "suggestion":
		return Info, nil
	case "warning", "warn":
		return Warning, nil
	case "error":
		return Error, nil
	case "never", "none":
		if allowNever {
			return Never, nil
		}
	}
	if allowNever {
		return 0, fmt.Errorf("unknown severity %q (want error, warning, info or never)", s)
	}
	return 0, fmt.Errorf("unknown severity %q (want error, warning or info)", s)
}

// MarshalText writes the severity's name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a severity's name.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b), false)
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Finding is one problem in one referral.
type Finding struct {
	Rule     string            `json:"rule"`              // stable id, "FD101"
	Name     string            `json:"name"`              // readable id, "child-dob-missing"
	Severity Severity          `json:"severity"`          // error, warning or info
	Field    string            `json:"field"`             // field path a person should change, or "route"
	Message  string            `json:"message"`           // what is wrong, in one sentence
	Why      string            `json:"why"`               // why it matters to the MASH or the child
	Fix      string            `json:"fix"`               // what to do about it
	Evidence string            `json:"evidence"`          // the words in the document that triggered it, if any
	Location referral.Location `json:"location,omitzero"` // where in the document, when known
}
