package batch_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/frontdoorhq/frontdoor/checker"
	"github.com/frontdoorhq/frontdoor/checker/batch"
)

// Ensure a targets file is read into targets, with rule names turned into
// ids and default names made from the measure and bound.
func TestParseTargets(t *testing.T) {
	src := `# targets
targets:
  - name: Missing consent below 10%
    measure: consent_problems
    below: 10%
  - measure: by_rule.child-dob-missing
    at_most: 25
  - measure: score_mean
    at_least: 72.5
  - measure: missing_fields.family[0].phone
    above: 0 %
`
	got, err := batch.ParseTargets("targets.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := []batch.Target{
		{Name: "Missing consent below 10%", Measure: "consent_problems", Op: "below", Bound: 0.1, Percent: true, Written: "10%", Line: 3},
		{Name: "by_rule.FD101 at most 25", Measure: "by_rule.FD101", Op: "at_most", Bound: 25, Written: "25", Line: 6},
		{Name: "score_mean at least 72.5", Measure: "score_mean", Op: "at_least", Bound: 72.5, Written: "72.5", Line: 8},
		{Name: "missing_fields.family.phone above 0 %", Measure: "missing_fields.family.phone", Op: "above", Bound: 0, Percent: true, Written: "0 %", Line: 10},
	}
	if !reflect.DeepEqual(got.List, want) {
		t.Errorf("got  %+v\nwant %+v", got.List, want)
	}
}

// Ensure every mistake in a targets file is reported with the file, the
// line and what to write instead.
func TestParseTargetsErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{"", "t.yaml: the file is empty; want a list under \"targets:\""},
		{"- measure: x", "t.yaml:1: want a mapping with a \"targets:\" list"},
		{"goals: []", `t.yaml:1: unknown key "goals" (want targets)`},
		{"targets: 3", "t.yaml:1: targets: want a list of targets"},
		{"targets:\n  - 3", "t.yaml:2: each target is a mapping with measure and one of below, at_most, above, at_least"},
		{"targets:\n  - measure: consent\n    below: 10%", `t.yaml:2: measure: unknown measure "consent" (want one of files, checked, unreadable, score_mean, scores.median, passing, consent_problems, missing_any, route_mismatch.referrer_higher, route_mismatch.referrer_lower, route_mismatch.agree, route_mismatch.not_comparable, or missing_fields.FIELD, by_rule.RULE, routes.ROUTE, by_format.FORMAT, by_organisation.NAME.MEASURE)`},
		{"targets:\n  - measure: by_rule.FD999\n    below: 1", `t.yaml:2: measure: unknown rule "FD999" (see frontdoor rules)`},
		{"targets:\n  - measure: missing_fields.Child Name\n    below: 1%", `t.yaml:2: measure: "Child Name" is not a field path (such as missing_fields.child.date_of_birth)`},
		{"targets:\n  - measure: by_organisation.Brize.mean\n    below: 1", "t.yaml:2: measure: want by_organisation.NAME.MEASURE (NAME may be * for every organisation; MEASURE one of checked, score_mean, passing, consent_problems, referrer_higher, referrer_lower)"},
		{"targets:\n  - measure: consent_problems", "t.yaml:2: target consent_problems needs a bound: one of below, at_most, above, at_least"},
		{"targets:\n  - below: 10%", "t.yaml:2: a target needs a measure"},
		{"targets:\n  - measure: consent_problems\n    below: 10%\n    above: 2%", "t.yaml:4: a target has one bound; below and above are both given"},
		{"targets:\n  - measure: consent_problems\n    less_than: 10%", `t.yaml:3: unknown key "less_than" (want name, measure, below, at_most, above, at_least)`},
		{"targets:\n  - measure: consent_problems\n    below: 0.1", "t.yaml:3: consent_problems is a share of referrals: write the bound as a percentage, such as 10%"},
		{"targets:\n  - measure: score_mean\n    below: 70%", "t.yaml:3: score_mean is a score from 0 to 100: write the bound as a number, without %"},
		{"targets:\n  - measure: score_mean\n    below: 170", "t.yaml:3: score_mean is a score from 0 to 100"},
		{"targets:\n  - measure: consent_problems\n    below: 110%", "t.yaml:3: below: a percentage is at most 100%"},
		{"targets:\n  - measure: consent_problems\n    below: ten", `t.yaml:3: below: want a number or a percentage such as 10%, not "ten"`},
		{"targets:\n  - measure: consent_problems\n    below: -5%", `t.yaml:3: below: want a number or a percentage such as 10%, not "-5%"`},
		{"targets:\n  - measure: files\n    below: 5%", "t.yaml:3: files is not a share of anything: write the bound as a number"},
		{"targets:\n  - measure: [a]\n    below: 1", "t.yaml:2: measure: unknown measure \"\" (want one of files, checked, unreadable, score_mean, scores.median, passing, consent_problems, missing_any, route_mismatch.referrer_higher, route_mismatch.referrer_lower, route_mismatch.agree, route_mismatch.not_comparable, or missing_fields.FIELD, by_rule.RULE, routes.ROUTE, by_format.FORMAT, by_organisation.NAME.MEASURE)"},
		{"targets: [\n", "t.yaml: line 1: did not find expected node content"},
	}
	for _, tt := range tests {
		_, err := batch.ParseTargets("t.yaml", []byte(tt.src))
		if err == nil || err.Error() != tt.want {
			t.Errorf("ParseTargets(%q)\n got: %v\nwant: %s", tt.src, err, tt.want)
		}
	}
}

// summaryOf builds a summary of n checked referrals from organisations,
// where the first consent of them have a consent problem.
func summaryOf(t *testing.T, orgs []string, consent []bool, scores []int) *batch.Summary {
	t.Helper()
	b := batch.NewBuilder(batch.Options{})
	for i, org := range orgs {
		var fs []checker.Finding
		if consent[i] {
			fs = append(fs, finding("FD704", ""))
		}
		b.Add(rec(org, scores[i], true, 3, 3, fs...))
	}
	return b.Summary()
}

// Ensure targets are met, missed or have no data exactly at their bounds,
// and that a target on every organisation names those that missed it.
func TestEvaluate(t *testing.T) {
	// 10 referrals: 1 of 10 with a consent problem (exactly 10%), mean score 75.
	orgs := []string{"A", "A", "A", "A", "A", "B", "B", "B", "B", "B"}
	consent := []bool{true, false, false, false, false, false, false, false, false, false}
	scores := []int{50, 100, 75, 75, 75, 75, 75, 75, 75, 75}
	s := summaryOf(t, orgs, consent, scores)
	tests := []struct {
		target, status, display string
		missedBy                []string
	}{
		{"measure: consent_problems\n    below: 10%", batch.Missed, "10.0%", nil},
		{"measure: consent_problems\n    at_most: 10%", batch.Met, "10.0%", nil},
		{"measure: consent_problems\n    above: 5%", batch.Met, "10.0%", nil},
		{"measure: score_mean\n    at_least: 75", batch.Met, "75.0", nil},
		{"measure: score_mean\n    above: 75", batch.Missed, "75.0", nil},
		{"measure: by_rule.FD704\n    below: 2", batch.Met, "1", nil},
		{"measure: by_rule.FD704\n    below: 10%", batch.Missed, "10.0%", nil},
		{"measure: missing_fields.consent.reason_not_sought\n    at_most: 10%", batch.Met, "10.0%", nil},
		{"measure: missing_fields.child.gp\n    at_most: 0%", batch.Met, "0.0%", nil},
		{"measure: by_organisation.A.consent_problems\n    below: 20%", batch.Missed, "20.0%", nil},
		{"measure: by_organisation.*.consent_problems\n    below: 15%", batch.Missed, "1 of 2 organisations missed", []string{"A"}},
		{"measure: by_organisation.*.score_mean\n    at_least: 70", batch.Met, "all 2 organisations", nil},
		{"measure: by_organisation.Z.score_mean\n    at_least: 70", batch.NoData, "no data", nil},
	}
	for _, tt := range tests {
		ts, err := batch.ParseTargets("t.yaml", []byte("targets:\n  - "+tt.target))
		if err != nil {
			t.Fatal(err)
		}
		r := batch.Evaluate(s, ts)[0]
		if r.Status != tt.status || r.Display != tt.display || !reflect.DeepEqual(r.MissedBy, tt.missedBy) {
			t.Errorf("%s: status %q display %q missed by %v; want %q %q %v", strings.ReplaceAll(tt.target, "\n   ", ""), r.Status, r.Display, r.MissedBy, tt.status, tt.display, tt.missedBy)
		}
	}

	// With nothing checked, shares and scores have no data.
	empty := batch.NewBuilder(batch.Options{}).Summary()
	ts, _ := batch.ParseTargets("t.yaml", []byte("targets:\n  - measure: consent_problems\n    below: 10%\n  - measure: score_mean\n    at_least: 1\n  - measure: files\n    at_least: 1"))
	var got []string
	for _, r := range batch.Evaluate(empty, ts) {
		got = append(got, r.Status)
	}
	if want := []string{batch.NoData, batch.NoData, batch.Missed}; !reflect.DeepEqual(got, want) {
		t.Errorf("empty batch: %v, want %v", got, want)
	}
}

// Ensure the comparison with a baseline covers every measure of both, with
// the change in the measure's own units, and null where a side has no
// such measure.
func TestCompare(t *testing.T) {
	before := summaryOf(t, []string{"A", "A", "B", "B"}, []bool{true, true, false, false}, []int{60, 60, 80, 80})
	now := summaryOf(t, []string{"A", "A", "C", "C"}, []bool{true, false, false, false}, []int{70, 90, 80, 80})
	c := batch.Compare(now, before, "old.json")
	got := map[string]string{}
	for _, ch := range c.Changes {
		f := func(p *float64) string {
			if p == nil {
				return "null"
			}
			b, _ := json.Marshal(*p)
			return string(b)
		}
		got[ch.Measure] = f(ch.Before) + " " + f(ch.Now) + " " + f(ch.Change)
	}
	want := map[string]string{
		"score_mean":       "70 80 10",
		"consent_problems": "0.5 0.25 -0.25",
		"by_rule.FD704":    "2 1 -1",
		"missing_fields.consent.reason_not_sought": "0.5 0.25 -0.25",
		"by_organisation.A.consent_problems":       "1 0.5 -0.5",
		"by_organisation.B.checked":                "2 null null",
		"by_organisation.C.checked":                "null 2 null",
		"files":                                    "4 4 0",
	}
	for m, w := range want {
		if got[m] != w {
			t.Errorf("%s: %q, want %q", m, got[m], w)
		}
	}
	if c.File != "old.json" || c.Files != 4 || c.Checked != 4 {
		t.Errorf("comparison header %+v", c)
	}
	// A missing field the baseline never saw compares with 0.
	now2 := summaryOf(t, []string{"A"}, []bool{false}, []int{90})
	b := batch.NewBuilder(batch.Options{})
	b.Add(rec("A", 80, false, 3, 3, finding("FD101", "")))
	c = batch.Compare(b.Summary(), now2, "old.json")
	for _, ch := range c.Changes {
		if ch.Measure == "missing_fields.child.date_of_birth" && (ch.Before == nil || *ch.Before != 0 || *ch.Change != 1) {
			t.Errorf("new missing field: %+v", ch)
		}
	}
}

// Ensure a baseline that is not a summary is refused with the file named.
func TestParseSummaryErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{`{"files": 3}`, `baseline old.json: not a frontdoor batch summary (it has no "files" and "checked"; write one with frontdoor batch --summary)`},
		{`[1, 2]`, "baseline old.json: not a frontdoor batch summary: want a JSON object, not a JSON array"},
		{"{\n\"files\": 3,\n\"checked\": }", "baseline old.json: not a frontdoor batch summary: line 3: invalid character '}' looking for beginning of value"},
		{`{"files": 3, "checked": 2, "score_mean": "high"}`, `baseline old.json: line 1: "score_mean" should be a float64, not a JSON string`},
	}
	for _, tt := range tests {
		_, err := batch.ParseSummary("old.json", []byte(tt.src))
		if err == nil || err.Error() != tt.want {
			t.Errorf("ParseSummary(%q)\n got: %v\nwant: %s", tt.src, err, tt.want)
		}
	}
	if _, err := batch.ReadSummary("testdata/no-such.json"); err == nil || err.Error() != "baseline testdata/no-such.json: no such file or directory" {
		t.Errorf("missing file: %v", err)
	}
}

// Ensure the measures list names every figure once, in a stable order.
func TestMeasures(t *testing.T) {
	s := sample(t)
	seen := map[string]bool{}
	var names []string
	for _, m := range s.Measures() {
		if seen[m.Name] {
			t.Errorf("measure %s listed twice", m.Name)
		}
		seen[m.Name] = true
		names = append(names, m.Name)
		got, ok := s.Measure(m.Name)
		if !ok || !reflect.DeepEqual(got, m) {
			t.Errorf("Measure(%q) = %+v, %v; listed as %+v", m.Name, got, ok, m)
		}
	}
	if names[0] != "files" || names[1] != "checked" || !seen["missing_fields.child.date_of_birth"] || !seen["by_rule.FD704"] || !seen["routes.mash"] {
		t.Errorf("measures %v", names[:10])
	}
	if _, ok := s.Measure("by_organisation.Nowhere.score_mean"); ok {
		t.Error("an organisation not in the batch was measured")
	}
}
