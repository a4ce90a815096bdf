package batch

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// textListed is how many unreadable files and missing fields the text
// summary lists.
const textListed = 10

// WriteText writes a short summary for a person at a terminal: the
// headline figures (with the change since the baseline, if any), the
// fields most often missing, the unreadable files and the targets.
func WriteText(w io.Writer, s *Summary) error {
	var b strings.Builder
	was := func(name string) string {
		ch, ok := s.Baseline.change(name)
		if !ok || ch.Before == nil || ch.Change == nil {
			return ""
		}
		return fmt.Sprintf(" (baseline %s, %s)", displayValue(ch.Kind, *ch.Before), displayChange(ch.Kind, *ch.Change))
	}
	fmt.Fprintf(&b, "frontdoor batch: %d files, %d checked, %d unreadable%s\n", s.Files, s.Checked, s.unreadableCount(), was("checked"))
	if s.Interrupted {
		fmt.Fprintf(&b, "interrupted: the figures cover the %d files finished\n", s.Files)
	}
	if s.Checked > 0 {
		fmt.Fprintf(&b, "score: mean %.1f, median %d%s\n", s.ScoreMean, s.Scores.Median, was("score_mean"))
		m, _ := s.Measure("passing")
		fmt.Fprintf(&b, "passing (no finding at the fail level): %s%s\n", m.Display(), was("passing"))
		m, _ = s.Measure("consent_problems")
		fmt.Fprintf(&b, "consent problems: %s%s\n", m.Display(), was("consent_problems"))
		if len(s.Routes) > 0 {
			var parts []string
			for _, r := range orderRoutes(sortedKeys(s.Routes)) {
				parts = append(parts, fmt.Sprintf("%s %d", r, s.Routes[r]))
			}
			fmt.Fprintf(&b, "suggested routes: %s\n", strings.Join(parts, ", "))
			fmt.Fprintf(&b, "aimed above the guidance: %d (%s)%s; below: %d (%s)%s\n",
				s.RouteMismatch.ReferrerHigher, pct(float64(s.RouteMismatch.ReferrerHigher)/float64(s.Checked)), was("route_mismatch.referrer_higher"),
				s.RouteMismatch.ReferrerLower, pct(float64(s.RouteMismatch.ReferrerLower)/float64(s.Checked)), was("route_mismatch.referrer_lower"))
		}
		fields := topMissing(s, textListed)
		if len(fields) > 0 {
			b.WriteString("most often missing:\n")
			for _, f := range fields {
				m, _ := s.Measure("missing_fields." + f)
				fmt.Fprintf(&b, "  %-34s %6s%s\n", f, m.Display(), was("missing_fields."+f))
			}
		}
	}
	if len(s.Unreadable) > 0 {
		b.WriteString("unreadable:\n")
		for i, u := range s.Unreadable {
			if i == textListed {
				break
			}
			fmt.Fprintf(&b, "  %s: %s\n", u.File, u.Error)
		}
		if more := s.unreadableCount() - min(len(s.Unreadable), textListed); more > 0 {
			fmt.Fprintf(&b, "  and %d more (see --summary or --html)\n", more)
		}
	}
	if len(s.Targets) > 0 {
		fmt.Fprintf(&b, "targets: %d of %d met\n", countStatus(s.Targets, Met), len(s.Targets))
		for _, t := range s.Targets {
			fmt.Fprintf(&b, "  %-7s %s: %s\n", t.Status, t.Name, t.Display)
			if len(t.MissedBy) > 0 {
				fmt.Fprintf(&b, "          missed by: %s\n", strings.Join(t.MissedBy, "; "))
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func countStatus(rs []TargetResult, status string) int {
	n := 0
	for _, r := range rs {
		if r.Status == status {
			n++
		}
	}
	return n
}

// topMissing returns up to n missing fields, most often missing first.
func topMissing(s *Summary, n int) []string {
	fields := sortedKeys(s.MissingFields)
	counts := func(f string) int { m, _ := s.Measure("missing_fields." + f); return m.Count }
	sort.SliceStable(fields, func(i, j int) bool { return counts(fields[i]) > counts(fields[j]) })
	if len(fields) > n {
		fields = fields[:n]
	}
	return fields
}

// routeOrder puts the level routes first, least to most urgent, then the
// other routes by name, then the placeholders.
var routeOrder = map[string]int{"universal": 1, "early-help": 2, "mash": 3, "mash-urgent": 4, "emergency": 5}

func orderRoutes(routes []string) []string {
	out := append([]string{}, routes...)
	rank := func(r string) int {
		if n, ok := routeOrder[r]; ok {
			return n
		}
		if strings.HasPrefix(r, "(") {
			return 100
		}
		return 50
	}
	sort.SliceStable(out, func(i, j int) bool {
		if rank(out[i]) != rank(out[j]) {
			return rank(out[i]) < rank(out[j])
		}
		return out[i] < out[j]
	})
	return out
}
