// Package eval scores the router against labelled concerns
// (fixtures/scenarios): route accuracy, exact level, under-triage (below
// the labelled minimum level: dangerous), over-triage, and recall of the
// special routes (FGM duty, LADO, Prevent, private fostering, CME, forced
// marriage, NRM, police, 999).
package eval

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/frontdoorhq/frontdoor/guidance"
)

// Scenario is one labelled concern.
type Scenario struct {
	ID       string   `yaml:"id"`
	Text     string   `yaml:"text"`
	Level    *int     `yaml:"level"`
	MinLevel *int     `yaml:"min_level"`
	Route    string   `yaml:"route"`
	Also     []string `yaml:"also"`
	Note     string   `yaml:"note"`
	File     string   `yaml:"-"`
}

// Load reads every *.yaml file in dir.
func Load(dir string) ([]Scenario, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	var all []Scenario
	seen := map[string]bool{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		var list []Scenario
		if err := yaml.Unmarshal(b, &list); err != nil {
			return nil, fmt.Errorf("%s: %v", f, err)
		}
		for _, s := range list {
			if seen[s.ID] {
				return nil, fmt.Errorf("%s: scenario %s is defined twice", f, s.ID)
			}
			seen[s.ID] = true
			s.File = filepath.Base(f)
			all = append(all, s)
		}
	}
	return all, nil
}

// Special routes are the duties beside the threshold scale.
var Special = []string{"emergency", "police", "police-fgm", "lado", "prevent", "private-fostering", "cme", "forced-marriage-unit", "nrm"}

// Report is the score of a run.
type Report struct {
	Total, RouteRight, LevelRight, Under, Over int
	SpecialWanted, SpecialFound                int
	Failures                                   []string
}

// RouteAccuracy is the share of scenarios with the primary route right.
func (r Report) RouteAccuracy() float64 { return ratio(r.RouteRight, r.Total) }

// SpecialRecall is the share of labelled special routes found.
func (r Report) SpecialRecall() float64 { return ratio(r.SpecialFound, r.SpecialWanted) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// Run routes every scenario and scores the answers.
func Run(p *guidance.Pack, scenarios []Scenario) Report {
	var rep Report
	for _, s := range scenarios {
		rep.Total++
		a := p.Route(s.Text, guidance.Facts{})
		got := 0
		if a.Level != nil {
			got = *a.Level
		}
		var problems []string
		if a.Route == s.Route {
			rep.RouteRight++
		} else {
			problems = append(problems, fmt.Sprintf("route %s, want %s", a.Route, s.Route))
		}
		want := 0
		if s.Level != nil {
			want = *s.Level
		}
		if got == want {
			rep.LevelRight++
		}
		if s.MinLevel != nil && got < *s.MinLevel {
			rep.Under++
			problems = append(problems, fmt.Sprintf("UNDER-TRIAGE level %d, minimum %d", got, *s.MinLevel))
		} else if s.Level != nil && got > want {
			rep.Over++
			problems = append(problems, fmt.Sprintf("over-triage level %d, want %d", got, want))
		}
		have := append([]string{a.Route}, a.Also...)
		wanted := slices.Clone(s.Also)
		if slices.Contains(Special, s.Route) {
			wanted = append(wanted, s.Route)
		}
		for _, w := range dedupe(wanted) {
			if !slices.Contains(Special, w) {
				continue
			}
			rep.SpecialWanted++
			if slices.Contains(have, w) {
				rep.SpecialFound++
			} else {
				problems = append(problems, "missed "+w)
			}
		}
		if len(problems) > 0 {
			rep.Failures = append(rep.Failures, fmt.Sprintf("%s (%s): %s\n      %q\n      matched: %s",
				s.ID, s.File, strings.Join(problems, "; "), trim(s.Text), reasons(a)))
		}
	}
	return rep
}

func dedupe(ss []string) []string {
	var out []string
	for _, s := range ss {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func reasons(a guidance.Answer) string {
	var ids []string
	for _, r := range a.Reasons {
		ids = append(ids, r.Indicator)
	}
	if len(ids) == 0 {
		return "(nothing)"
	}
	return strings.Join(ids, ", ")
}

func trim(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 140 {
		s = s[:137] + "..."
	}
	return s
}

// Print writes the report.
func (r Report) Print(w io.Writer, verbose bool) {
	fmt.Fprintf(w, "scenarios:            %d\n", r.Total)
	fmt.Fprintf(w, "route accuracy:       %.1f%% (%d/%d)\n", 100*r.RouteAccuracy(), r.RouteRight, r.Total)
	fmt.Fprintf(w, "exact level:          %.1f%% (%d/%d)\n", 100*ratio(r.LevelRight, r.Total), r.LevelRight, r.Total)
	fmt.Fprintf(w, "under-triage:         %d\n", r.Under)
	fmt.Fprintf(w, "over-triage:          %d\n", r.Over)
	fmt.Fprintf(w, "special-route recall: %.1f%% (%d/%d)\n", 100*r.SpecialRecall(), r.SpecialFound, r.SpecialWanted)
	if verbose {
		for _, f := range r.Failures {
			fmt.Fprintf(w, "  - %s\n", f)
		}
	}
}
