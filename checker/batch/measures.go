package batch

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"sort"
	"strings"

	"github.com/frontdoorhq/frontdoor/checker"
)

// Kind says what a measure's value is.
type Kind string

// The kinds of measure.
const (
	KindCount Kind = "count" // a number of inputs or referrals
	KindShare Kind = "share" // a fraction (0-1) of the checked referrals
	KindScore Kind = "score" // a 0-100 score
)

// Measure is one figure of a summary, named so that baselines and targets
// can refer to it: "consent_problems", "missing_fields.child.date_of_birth",
// "by_rule.FD101", "routes.early-help", "route_mismatch.referrer_higher",
// "by_organisation.Brize Meadow Primary School.score_mean".
type Measure struct {
	Name   string
	Kind   Kind
	Value  float64 // the count, the share (exactly Count/Of) or the score
	Count  int     // counts and shares: how many
	Of     int     // counts and shares: of how many (the share's denominator); 0 when it has none
	Better string  // "higher", "lower", or "" when neither direction is better
}

// orgMeasures are the measures of each organisation, in report order.
var orgMeasures = []string{"checked", "score_mean", "passing", "consent_problems", "referrer_higher", "referrer_lower"}

// fixedMeasures are the measures that are not per field, rule, route,
// format or organisation.
var fixedMeasures = []string{"files", "checked", "unreadable", "score_mean", "scores.median", "passing",
	"consent_problems", "missing_any", "route_mismatch.referrer_higher", "route_mismatch.referrer_lower",
	"route_mismatch.agree", "route_mismatch.not_comparable"}

// Measures lists every measure of the summary in a fixed order: the
// headline figures, then missing fields, rules, routes, formats and
// organisations, each in name order.
func (s *Summary) Measures() []Measure {
	var out []Measure
	for _, name := range fixedMeasures {
		m, _ := s.Measure(name)
		out = append(out, m)
	}
	for _, f := range sortedKeys(s.MissingFields) {
		m, _ := s.Measure("missing_fields." + f)
		out = append(out, m)
	}
	ids := sortedKeys(s.ByRule)
	sort.SliceStable(ids, func(i, j int) bool { return ruleLess(ids[i], ids[j]) })
	for _, id := range ids {
		m, _ := s.Measure("by_rule." + id)
		out = append(out, m)
	}
	for _, r := range sortedKeys(s.Routes) {
		m, _ := s.Measure("routes." + r)
		out = append(out, m)
	}
	for _, f := range sortedKeys(s.ByFormat) {
		m, _ := s.Measure("by_format." + f)
		out = append(out, m)
	}
	for _, o := range sortedKeys(s.ByOrganisation) {
		for _, name := range orgMeasures {
			m, _ := s.Measure("by_organisation." + o + "." + name)
			out = append(out, m)
		}
	}
	return out
}

// Measure returns the named measure. A missing field, rule, route or format
// the summary never met measures 0; an organisation it never met, or a name
// that is no measure, is not found.
func (s *Summary) Measure(name string) (Measure, bool) {
	count := func(n, of int, better string) Measure {
		return Measure{Name: name, Kind: KindCount, Value: float64(n), Count: n, Of: of, Better: better}
	}
	shareOf := func(n, of int, better string) Measure {
		v := 0.0
		if of > 0 {
			v = float64(n) / float64(of)
		}
		return Measure{Name: name, Kind: KindShare, Value: v, Count: n, Of: of, Better: better}
	}
	score := func(v float64) Measure {
		return Measure{Name: name, Kind: KindScore, Value: v, Better: "higher"}
	}
	switch name {
	case "files":
		return count(s.Files, 0, ""), true
	case "checked":
		return count(s.Checked, s.Files, ""), true
	case "unreadable":
		return count(s.unreadableCount(), s.Files, "lower"), true
	case "score_mean":
		return score(s.ScoreMean), true
	case "scores.median":
		return score(float64(s.Scores.Median)), true
	case "passing":
		return shareOf(countOf(s.PassingCount, s.Passing, s.Checked), s.Checked, "higher"), true
	case "consent_problems":
		return shareOf(countOf(s.ConsentProblemCount, s.ConsentProblems, s.Checked), s.Checked, "lower"), true
	case "missing_any":
		return shareOf(s.MissingAnyCount, s.Checked, "lower"), true
	case "route_mismatch.referrer_higher":
		return count(s.RouteMismatch.ReferrerHigher, s.Checked, "lower"), true
	case "route_mismatch.referrer_lower":
		return count(s.RouteMismatch.ReferrerLower, s.Checked, "lower"), true
	case "route_mismatch.agree":
		return count(s.RouteMismatch.Agree, s.Checked, "higher"), true
	case "route_mismatch.not_comparable":
		return count(s.RouteMismatch.NotComparable, s.Checked, ""), true
	}
	switch prefix, rest, _ := strings.Cut(name, "."); prefix {
	case "missing_fields":
		if FieldKey(rest) != rest {
			return Measure{}, false
		}
		n, ok := s.MissingFieldCounts[rest]
		if !ok {
			n = countOf(0, s.MissingFields[rest], s.Checked)
		}
		return shareOf(n, s.Checked, "lower"), true
	case "by_rule":
		if !ruleIDRE.MatchString(rest) {
			return Measure{}, false
		}
		return count(s.ByRule[rest], s.Checked, "lower"), true
	case "routes":
		if !routeIDRE.MatchString(rest) {
			return Measure{}, false
		}
		return count(s.Routes[rest], s.Checked, ""), true
	case "by_format":
		if !formatRE.MatchString(rest) {
			return Measure{}, false
		}
		return count(s.ByFormat[rest].Files, s.Files, ""), true
	case "by_organisation":
		i := strings.LastIndexByte(rest, '.')
		if i <= 0 {
			return Measure{}, false
		}
		o, ok := s.ByOrganisation[rest[:i]]
		if !ok {
			return Measure{}, false
		}
		switch rest[i+1:] {
		case "checked":
			return count(o.Checked, s.Checked, ""), true
		case "score_mean":
			return score(o.ScoreMean), true
		case "passing":
			return shareOf(countOf(o.PassingCount, o.Passing, o.Checked), o.Checked, "higher"), true
		case "consent_problems":
			return shareOf(countOf(o.ConsentProblemCount, o.ConsentProblems, o.Checked), o.Checked, "lower"), true
		case "referrer_higher":
			return count(o.ReferrerHigher, o.Checked, "lower"), true
		case "referrer_lower":
			return count(o.ReferrerLower, o.Checked, "lower"), true
		}
	}
	return Measure{}, false
}

// countOf returns n, or (for a summary written without the count) the
// count a rounded share implies.
func countOf(n int, share float64, of int) int {
	if n != 0 || share == 0 {
		return n
	}
	return int(math.Round(share * float64(of)))
}

func (s *Summary) unreadableCount() int {
	if s.UnreadableCount > 0 {
		return s.UnreadableCount
	}
	return len(s.Unreadable)
}

// Display returns the measure's value as a person reads it: a count, a
// percentage with one decimal place, or a score with one.
func (m Measure) Display() string { return displayValue(m.Kind, m.Value) }

func displayValue(k Kind, v float64) string {
	switch k {
	case KindShare:
		return pct(v)
	case KindScore:
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%d", int(math.Round(v)))
}

// displayChange writes a change: points for shares, signed.
func displayChange(k Kind, v float64) string {
	switch k {
	case KindShare:
		return fmt.Sprintf("%+.1f pts", v*100)
	case KindScore:
		return fmt.Sprintf("%+.1f", v)
	}
	return fmt.Sprintf("%+d", int(math.Round(v)))
}

// rounded is a measure value as stored in JSON: shares to 4 places, scores
// to 1, counts whole.
func rounded(k Kind, v float64) float64 {
	switch k {
	case KindShare:
		return round(v, 4)
	case KindScore:
		return round(v, 1)
	}
	return math.Round(v)
}

// canonicalMeasure checks a measure name written in a targets file and
// returns it in the form Measure understands: rule names become ids, and
// "*" may stand for every organisation.
func canonicalMeasure(name string) (string, error) {
	name = strings.TrimSpace(name)
	for _, f := range fixedMeasures {
		if name == f {
			return name, nil
		}
	}
	prefix, rest, _ := strings.Cut(name, ".")
	switch prefix {
	case "missing_fields":
		if rest == "" || FieldKey(rest) == otherField {
			return "", fmt.Errorf("%q is not a field path (such as missing_fields.child.date_of_birth)", rest)
		}
		return prefix + "." + FieldKey(rest), nil
	case "by_rule":
		r, ok := checker.Lookup(rest)
		if !ok {
			return "", fmt.Errorf("unknown rule %q (see frontdoor rules)", rest)
		}
		return prefix + "." + r.ID, nil
	case "routes":
		if !routeIDRE.MatchString(rest) {
			return "", fmt.Errorf("%q is not a route id (such as routes.early-help)", rest)
		}
		return name, nil
	case "by_format":
		if !formatRE.MatchString(rest) {
			return "", fmt.Errorf("%q is not a format (such as by_format.pdf)", rest)
		}
		return name, nil
	case "by_organisation":
		i := strings.LastIndexByte(rest, '.')
		if i > 0 {
			for _, m := range orgMeasures {
				if rest[i+1:] == m {
					return name, nil
				}
			}
		}
		return "", fmt.Errorf("want by_organisation.NAME.MEASURE (NAME may be * for every organisation; MEASURE one of %s)", strings.Join(orgMeasures, ", "))
	}
	return "", fmt.Errorf("unknown measure %q (want one of %s, or missing_fields.FIELD, by_rule.RULE, routes.ROUTE, by_format.FORMAT, by_organisation.NAME.MEASURE)",
		name, strings.Join(fixedMeasures, ", "))
}

// Comparison is the change on every measure since a baseline summary.
type Comparison struct {
	File    string   `json:"file"`    // the baseline summary, as named
	Files   int      `json:"files"`   // the baseline's inputs
	Checked int      `json:"checked"` // the baseline's checked referrals
	Changes []Change `json:"changes"`
}

// Change is one measure now and in the baseline.
type Change struct {
	Measure string   `json:"measure"`
	Kind    Kind     `json:"kind"`
	Before  *float64 `json:"before"` // null when the baseline has no such measure (an organisation it did not see)
	Now     *float64 `json:"now"`    // null when this batch has no such measure
	Change  *float64 `json:"change"` // now less before; for shares a fraction (0.05 is 5 points)
	Better  string   `json:"better,omitempty"`
}

// Compare returns the change on every measure of now and before: now's
// measures in order, then any only the baseline has.
func Compare(now, before *Summary, file string) *Comparison {
	c := &Comparison{File: file, Files: before.Files, Checked: before.Checked, Changes: []Change{}}
	seen := map[string]bool{}
	add := func(name string, kind Kind, better string) {
		if seen[name] {
			return
		}
		seen[name] = true
		ch := Change{Measure: name, Kind: kind, Better: better}
		if m, ok := now.Measure(name); ok {
			v := rounded(kind, m.Value)
			ch.Now = &v
		}
		if m, ok := before.Measure(name); ok {
			v := rounded(kind, m.Value)
			ch.Before = &v
		}
		if ch.Now != nil && ch.Before != nil {
			d := rounded(kind, *ch.Now-*ch.Before)
			if d == 0 {
				d = 0 // no negative zero
			}
			ch.Change = &d
		}
		c.Changes = append(c.Changes, ch)
	}
	for _, m := range now.Measures() {
		add(m.Name, m.Kind, m.Better)
	}
	for _, m := range before.Measures() {
		add(m.Name, m.Kind, m.Better)
	}
	return c
}

// change returns the change recorded for a measure, if any.
func (c *Comparison) change(name string) (Change, bool) {
	if c == nil {
		return Change{}, false
	}
	for _, ch := range c.Changes {
		if ch.Measure == name {
			return ch, true
		}
	}
	return Change{}, false
}

// ReadSummary reads a summary written by `frontdoor batch --summary`, for
// use as a baseline. Errors name the file.
func ReadSummary(path string) (*Summary, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("baseline %s: %v", path, err)
	}
	return ParseSummary(path, b)
}

// ParseSummary reads a summary from b; name is used in error messages.
func ParseSummary(name string, b []byte) (*Summary, error) {
	var probe struct {
		Files   *int `json:"files"`
		Checked *int `json:"checked"`
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if err := json.Unmarshal(b, &probe); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field == "" {
			return nil, fmt.Errorf("baseline %s: not a frontdoor batch summary: want a JSON object, not a JSON %s", name, te.Value)
		}
		return nil, fmt.Errorf("baseline %s: not a frontdoor batch summary: %v", name, jsonError(b, err))
	}
	if probe.Files == nil || probe.Checked == nil {
		return nil, fmt.Errorf("baseline %s: not a frontdoor batch summary (it has no \"files\" and \"checked\"; write one with frontdoor batch --summary)", name)
	}
	var s Summary
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("baseline %s: %v", name, jsonError(b, err))
	}
	return &s, nil
}

// jsonError adds the line to a JSON syntax or type error.
func jsonError(b []byte, err error) error {
	var off int64 = -1
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		off = se.Offset
	case errors.As(err, &te):
		off = te.Offset
		if te.Field != "" {
			return fmt.Errorf("line %d: %q should be a %s, not a JSON %s", lineAt(b, off), te.Field, te.Type, te.Value)
		}
	}
	if off < 0 {
		return err
	}
	return fmt.Errorf("line %d: %v", lineAt(b, off), err)
}

func lineAt(b []byte, off int64) int {
	if off > int64(len(b)) {
		off = int64(len(b))
	}
	return bytes.Count(b[:off], []byte("\n")) + 1
}
