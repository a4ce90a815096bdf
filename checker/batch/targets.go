package batch

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"

	yaml "go.yaml.in/yaml/v3"
)

// Targets are the figures a partnership has agreed to reach, read from a
// targets file:
//
//	# targets.yaml
//	targets:
//	  - name: Missing consent below 10%      # optional; shown in reports
//	    measure: consent_problems            # any measure name (see Measures)
//	    below: 10%                           # or at_most, above, at_least
//	  - measure: missing_fields.child.date_of_birth
//	    at_most: 5%
//	  - measure: score_mean
//	    at_least: 75
//	  - measure: by_organisation.*.consent_problems   # every organisation
//	    below: 20%
//
// Shares are written as percentages; scores as numbers from 0 to 100; a
// count either as a number or as a percentage of what it counts (for
// by_rule, routes and route_mismatch, the checked referrals).
type Targets struct {
	File string
	List []Target
}

// Target is one agreed figure.
type Target struct {
	Name    string  // as written, or the measure and bound ("consent_problems below 10%")
	Measure string  // a measure name; by_organisation.*.MEASURE applies to every organisation
	Op      string  // below, at_most, above or at_least
	Bound   float64 // a fraction when Percent, else a number
	Percent bool    // the bound was written as a percentage
	Written string  // the bound as written ("10%")
	Line    int     // in the targets file
}

// TargetResult is a target measured against a summary.
type TargetResult struct {
	Name     string   `json:"name"`
	Measure  string   `json:"measure"`
	Op       string   `json:"op"`                  // below, at_most, above or at_least
	Target   string   `json:"target"`              // the bound as written
	Value    *float64 `json:"value"`               // as compared (a fraction for a percentage bound); null with no data
	Display  string   `json:"display"`             // the value as a person reads it
	Status   string   `json:"status"`              // met, missed or no data
	MissedBy []string `json:"missed_by,omitempty"` // for a target on every organisation: those that missed it
}

// Target statuses.
const (
	Met    = "met"
	Missed = "missed"
	NoData = "no data" // nothing to measure: no referrals checked, or an organisation not in the batch
)

var ops = []string{"below", "at_most", "above", "at_least"}

var opWords = map[string]string{"below": "below", "at_most": "at most", "above": "above", "at_least": "at least"}

// LoadTargets reads a targets file. Errors name the file and line.
func LoadTargets(path string) (*Targets, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("targets %s: %v", path, err)
	}
	return ParseTargets(path, b)
}

// ParseTargets reads targets from b; name is used in error messages.
func ParseTargets(name string, b []byte) (*Targets, error) {
	errAt := func(line int, format string, args ...any) error {
		return fmt.Errorf("%s:%d: %s", name, line, fmt.Sprintf(format, args...))
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("%s: %v", name, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if len(doc.Content) == 0 {
		return nil, fmt.Errorf("%s: the file is empty; want a list under \"targets:\"", name)
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, errAt(root.Line, "want a mapping with a \"targets:\" list")
	}
	t := &Targets{File: name}
	var list *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if k.Value != "targets" {
			return nil, errAt(k.Line, "unknown key %q (want targets)", k.Value)
		}
		list = v
	}
	if list == nil {
		return nil, errAt(root.Line, "no \"targets:\" list")
	}
	if list.Kind != yaml.SequenceNode {
		return nil, errAt(list.Line, "targets: want a list of targets")
	}
	for _, item := range list.Content {
		tg, err := parseTarget(item, errAt)
		if err != nil {
			return nil, err
		}
		t.List = append(t.List, tg)
	}
	return t, nil
}

func parseTarget(n *yaml.Node, errAt func(int, string, ...any) error) (Target, error) {
	tg := Target{Line: n.Line}
	if n.Kind != yaml.MappingNode {
		return tg, errAt(n.Line, "each target is a mapping with measure and one of %s", strings.Join(ops, ", "))
	}
	var bound *yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch k.Value {
		case "name":
			tg.Name = strings.TrimSpace(v.Value)
		case "measure":
			m, err := canonicalMeasure(v.Value)
			if err != nil {
				return tg, errAt(v.Line, "measure: %v", err)
			}
			tg.Measure = m
		case "below", "at_most", "above", "at_least":
			if tg.Op != "" {
				return tg, errAt(k.Line, "a target has one bound; %s and %s are both given", tg.Op, k.Value)
			}
			tg.Op, bound = k.Value, v
		default:
			return tg, errAt(k.Line, "unknown key %q (want name, measure, %s)", k.Value, strings.Join(ops, ", "))
		}
		if v.Kind != yaml.ScalarNode {
			return tg, errAt(v.Line, "%s: want a single value", k.Value)
		}
	}
	if tg.Measure == "" {
		return tg, errAt(n.Line, "a target needs a measure")
	}
	if tg.Op == "" {
		return tg, errAt(n.Line, "target %s needs a bound: one of %s", tg.Measure, strings.Join(ops, ", "))
	}
	s := strings.TrimSpace(bound.Value)
	tg.Written = s
	if p, ok := strings.CutSuffix(s, "%"); ok {
		tg.Percent = true
		s = strings.TrimSpace(p)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
		return tg, errAt(bound.Line, "%s: want a number or a percentage such as 10%%, not %q", tg.Op, bound.Value)
	}
	kind := kindOf(tg.Measure)
	switch {
	case tg.Percent && v > 100:
		return tg, errAt(bound.Line, "%s: a percentage is at most 100%%", tg.Op)
	case kind == KindShare && !tg.Percent:
		return tg, errAt(bound.Line, "%s is a share of referrals: write the bound as a percentage, such as %s%%", tg.Measure, trimFloat(v*100))
	case kind == KindScore && tg.Percent:
		return tg, errAt(bound.Line, "%s is a score from 0 to 100: write the bound as a number, without %%", tg.Measure)
	case kind == KindScore && v > 100:
		return tg, errAt(bound.Line, "%s is a score from 0 to 100", tg.Measure)
	case kind == KindCount && tg.Percent && tg.Measure == "files":
		return tg, errAt(bound.Line, "files is not a share of anything: write the bound as a number")
	}
	tg.Bound = v
	if tg.Percent {
		tg.Bound = v / 100
	}
	if tg.Name == "" {
		tg.Name = tg.Measure + " " + opWords[tg.Op] + " " + tg.Written
	}
	return tg, nil
}

func trimFloat(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// kindOf is the kind of a (canonical) measure name.
func kindOf(name string) Kind {
	switch name {
	case "score_mean", "scores.median":
		return KindScore
	case "passing", "consent_problems", "missing_any":
		return KindShare
	}
	prefix, rest, _ := strings.Cut(name, ".")
	switch prefix {
	case "missing_fields":
		return KindShare
	case "by_organisation":
		switch rest[strings.LastIndexByte(rest, '.')+1:] {
		case "score_mean":
			return KindScore
		case "passing", "consent_problems":
			return KindShare
		}
	}
	return KindCount
}

// Evaluate measures each target against the summary, in the file's order.
func Evaluate(s *Summary, t *Targets) []TargetResult {
	out := make([]TargetResult, 0, len(t.List))
	for _, tg := range t.List {
		out = append(out, evaluate(s, tg))
	}
	return out
}

func evaluate(s *Summary, tg Target) TargetResult {
	res := TargetResult{Name: tg.Name, Measure: tg.Measure, Op: tg.Op, Target: tg.Written, Status: NoData, Display: "no data"}
	if rest, ok := strings.CutPrefix(tg.Measure, "by_organisation.*."); ok {
		var worst *float64
		var measured int
		for _, org := range sortedKeys(s.ByOrganisation) {
			if org == NotStated || org == NotRecognised || org == OtherOrgs {
				continue
			}
			v, ok := compared(s, "by_organisation."+org+"."+rest, tg)
			if !ok {
				continue
			}
			measured++
			if !meets(v, tg) {
				res.MissedBy = append(res.MissedBy, org)
			}
			if worst == nil || (tg.Op == "below" || tg.Op == "at_most") == (v > *worst) {
				w := v
				worst = &w
			}
		}
		if measured == 0 {
			return res
		}
		res.Value = roundPtr(worst, tg)
		res.Status = Met
		res.Display = fmt.Sprintf("all %d organisations", measured)
		if len(res.MissedBy) > 0 {
			res.Status = Missed
			res.Display = fmt.Sprintf("%d of %d organisations missed", len(res.MissedBy), measured)
		}
		return res
	}
	v, ok := compared(s, tg.Measure, tg)
	if !ok {
		return res
	}
	res.Value = roundPtr(&v, tg)
	res.Status = Missed
	if meets(v, tg) {
		res.Status = Met
	}
	if tg.Percent {
		res.Display = pct(v)
	} else {
		res.Display = displayValue(kindOf(tg.Measure), v)
	}
	return res
}

// compared is the value a target compares with its bound: the measure's
// value, or for a percentage bound on a count, the count as a share.
func compared(s *Summary, name string, tg Target) (float64, bool) {
	m, ok := s.Measure(name)
	if !ok {
		return 0, false
	}
	if tg.Percent {
		if m.Of == 0 {
			return 0, false
		}
		return float64(m.Count) / float64(m.Of), true
	}
	if m.Kind == KindScore && m.Of == 0 && s.Checked == 0 {
		return 0, false
	}
	return m.Value, true
}

func meets(v float64, tg Target) bool {
	const eps = 1e-12
	switch tg.Op {
	case "below":
		return v < tg.Bound-eps
	case "at_most":
		return v <= tg.Bound+eps
	case "above":
		return v > tg.Bound+eps
	}
	return v >= tg.Bound-eps
}

func roundPtr(v *float64, tg Target) *float64 {
	if v == nil {
		return nil
	}
	r := round(*v, 4)
	if !tg.Percent && kindOf(tg.Measure) == KindScore {
		r = round(*v, 1)
	}
	return &r
}

// MissedTargets counts the results that missed their target.
func MissedTargets(rs []TargetResult) int {
	n := 0
	for _, r := range rs {
		if r.Status == Missed {
			n++
		}
	}
	return n
}

// targetsFor returns the results that bear on a measure: targets on it, and
// targets on every organisation for one organisation's measure.
func targetsFor(rs []TargetResult, measure string) []TargetResult {
	var out []TargetResult
	for _, r := range rs {
		if r.Measure == measure {
			out = append(out, r)
			continue
		}
		if rest, ok := strings.CutPrefix(r.Measure, "by_organisation.*."); ok {
			if org, ok := strings.CutPrefix(measure, "by_organisation."); ok && strings.HasSuffix(org, "."+rest) {
				name := strings.TrimSuffix(org, "."+rest)
				if name == NotStated || name == NotRecognised || name == OtherOrgs {
					continue
				}
				r.Status = Met
				if i := sort.SearchStrings(r.MissedBy, name); i < len(r.MissedBy) && r.MissedBy[i] == name {
					r.Status = Missed
				}
				out = append(out, r)
			}
		}
	}
	return out
}
