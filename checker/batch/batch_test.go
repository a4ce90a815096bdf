package batch_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/frontdoorhq/frontdoor/checker"
	"github.com/frontdoorhq/frontdoor/checker/batch"
	"github.com/frontdoorhq/frontdoor/checker/referral"
)

// finding returns the finding a rule of the catalogue makes, with field
// (its own when "") and some content in the message and evidence that must
// never reach a summary.
func finding(id, field string) checker.Finding {
	r, ok := checker.Lookup(id)
	if !ok {
		panic("no rule " + id)
	}
	if field == "" {
		field = r.Field
	}
	return checker.Finding{Rule: r.ID, Name: r.Name, Severity: r.Severity, Field: field,
		Message: "Robin Secretname said something", Evidence: "Robin Secretname"}
}

// rec is a checked referral's record.
func rec(org string, score int, ok bool, intended, suggested int, fs ...checker.Finding) batch.Record {
	routes := map[int]string{0: "", 1: "universal", 2: "early-help", 3: "mash", 4: "mash-urgent"}
	return batch.Record{
		Result:       checker.Result{File: "r.json", Format: "json", OK: ok, Score: score, Findings: fs},
		Organisation: org, IntendedRoute: routes[intended], IntendedLevel: intended,
		SuggestedRoute: routes[suggested], SuggestedLevel: suggested,
	}
}

func unreadable(file, format, msg string) batch.Record {
	return batch.Record{Result: checker.Result{File: file, Format: format, Error: msg}}
}

// Ensure the builder counts what contract section 5 says, case by case.
func TestBuilder(t *testing.T) {
	tests := []struct {
		name  string
		opts  batch.Options
		recs  []batch.Record
		check func(t *testing.T, s *batch.Summary)
	}{
		{
			name: "empty",
			check: func(t *testing.T, s *batch.Summary) {
				if s.Files != 0 || s.Checked != 0 || s.ScoreMean != 0 || s.ConsentProblems != 0 {
					t.Errorf("not empty: %+v", s)
				}
				b, _ := json.Marshal(s)
				for _, key := range []string{`"unreadable":[]`, `"by_rule":{}`, `"missing_fields":{}`, `"routes":{}`, `"by_organisation":{}`} {
					if !strings.Contains(string(b), key) {
						t.Errorf("JSON lacks %s: %s", key, b)
					}
				}
			},
		},
		{
			name: "unreadable files are listed and counted by format, not checked",
			recs: []batch.Record{unreadable("a.pdf", "pdf", "could not read PDF: truncated"), unreadable("b", "binary", "not a supported format"),
				unreadable("c", "", "cannot open: permission denied")},
			check: func(t *testing.T, s *batch.Summary) {
				want := []batch.Unreadable{{File: "a.pdf", Error: "could not read PDF: truncated"}, {File: "b", Error: "not a supported format"},
					{File: "c", Error: "cannot open: permission denied"}}
				if !reflect.DeepEqual(s.Unreadable, want) || s.Files != 3 || s.Checked != 0 || s.UnreadableCount != 3 {
					t.Errorf("files %d checked %d unreadable %+v", s.Files, s.Checked, s.Unreadable)
				}
				if s.ByFormat["pdf"] != (batch.FormatCount{Files: 1, Unreadable: 1}) || s.ByFormat["unknown"].Unreadable != 1 || s.ByFormat["binary"].Files != 1 {
					t.Errorf("by format %+v", s.ByFormat)
				}
			},
		},
		{
			name: "a rule and a missing field count once per referral; list indexes are dropped",
			recs: []batch.Record{
				rec("School A", 70, false, 3, 3, finding("FD101", ""), finding("FD204", "family[0].phone"), finding("FD204", "family[2].phone")),
				rec("School A", 90, true, 3, 3, finding("FD204", "family[1].phone")),
				rec("School A", 100, true, 3, 3),
				rec("School A", 100, true, 3, 3),
			},
			check: func(t *testing.T, s *batch.Summary) {
				if !reflect.DeepEqual(s.ByRule, map[string]int{"FD101": 1, "FD204": 2}) {
					t.Errorf("by_rule %v", s.ByRule)
				}
				if !reflect.DeepEqual(s.MissingFields, map[string]float64{"child.date_of_birth": 0.25, "family.phone": 0.5}) {
					t.Errorf("missing_fields %v", s.MissingFields)
				}
				if !reflect.DeepEqual(s.MissingFieldCounts, map[string]int{"child.date_of_birth": 1, "family.phone": 2}) {
					t.Errorf("missing_field_counts %v", s.MissingFieldCounts)
				}
				if s.RuleNames["FD101"] != "child-dob-missing" || s.RuleNames["FD204"] != "family-member-details-missing" {
					t.Errorf("rule names %v", s.RuleNames)
				}
				if s.ScoreMean != 90 || s.Passing != 0.75 || s.PassingCount != 3 || s.MissingAnyCount != 2 {
					t.Errorf("score_mean %v passing %v (%d) missing_any %d", s.ScoreMean, s.Passing, s.PassingCount, s.MissingAnyCount)
				}
			},
		},
		{
			name: "consent problems: any consent-area rule, or a finding on a consent field",
			recs: []batch.Record{
				rec("A", 80, false, 3, 3, finding("FD704", "")),                       // consent area
				rec("A", 80, false, 3, 3, finding("FD301", "")),                       // language rule about consent.interpreter_used
				rec("A", 80, false, 2, 2, finding("FD952", "")),                       // route rule about consent.status
				rec("A", 80, false, 3, 3, finding("FD700", ""), finding("FD701", "")), // two in one referral
				rec("A", 80, false, 3, 3, finding("FD101", "")),
			},
			check: func(t *testing.T, s *batch.Summary) {
				if s.ConsentProblemCount != 4 || s.ConsentProblems != 0.8 {
					t.Errorf("consent problems %d (%v), want 4 (0.8)", s.ConsentProblemCount, s.ConsentProblems)
				}
				if o := s.ByOrganisation["A"]; o.ConsentProblemCount != 4 || o.ConsentProblems != 0.8 {
					t.Errorf("organisation %+v", o)
				}
			},
		},
		{
			name: "route mismatch compares intended and suggested levels",
			recs: []batch.Record{
				rec("A", 100, true, 3, 2), rec("A", 100, true, 3, 2), rec("B", 100, true, 2, 4),
				rec("B", 100, true, 3, 3), rec("B", 100, true, 0, 3), rec("B", 100, true, 3, 0),
			},
			check: func(t *testing.T, s *batch.Summary) {
				want := batch.RouteMismatch{ReferrerHigher: 2, ReferrerLower: 1, Agree: 1, NotComparable: 2}
				if s.RouteMismatch != want {
					t.Errorf("route_mismatch %+v, want %+v", s.RouteMismatch, want)
				}
				if !reflect.DeepEqual(s.Routes, map[string]int{"early-help": 2, "mash-urgent": 1, "mash": 2}) {
					t.Errorf("routes %v", s.Routes)
				}
				wantM := map[string]map[string]int{"mash": {"early-help": 2, "mash": 1}, "early-help": {"mash-urgent": 1}, batch.NotStated: {"mash": 1}}
				if !reflect.DeepEqual(s.IntendedVsSuggested, wantM) {
					t.Errorf("intended_vs_suggested %v", s.IntendedVsSuggested)
				}
				if a, b := s.ByOrganisation["A"], s.ByOrganisation["B"]; a.ReferrerHigher != 2 || b.ReferrerLower != 1 || b.ReferrerHigher != 0 {
					t.Errorf("organisations %+v %+v", a, b)
				}
			},
		},
		{
			name: "intended route: a stated level implies one; an unknown id is not shown",
			recs: []batch.Record{
				{Result: checker.Result{Format: "json", Score: 50}, IntendedLevel: 2, SuggestedRoute: "mash", SuggestedLevel: 3},
				{Result: checker.Result{Format: "json", Score: 50}, IntendedRoute: "Robin Secretname's social worker", SuggestedRoute: "mash", SuggestedLevel: 3},
				{Result: checker.Result{Format: "json", Score: 50}, IntendedRoute: "MASH", IntendedLevel: 3, SuggestedRoute: "Not A Route!", SuggestedLevel: 3},
			},
			check: func(t *testing.T, s *batch.Summary) {
				want := map[string]map[string]int{"early-help": {"mash": 1}, batch.NotRecognised: {"mash": 1}, "mash": {batch.NotRecognised: 1}}
				if !reflect.DeepEqual(s.IntendedVsSuggested, want) {
					t.Errorf("intended_vs_suggested %v", s.IntendedVsSuggested)
				}
			},
		},
		{
			name: "organisation names are tidied and merged by case; free text is not shown",
			recs: []batch.Record{
				rec("  Brize  Meadow Primary ", 60, false, 0, 0), rec("brize meadow primary", 80, true, 0, 0),
				rec("", 50, false, 0, 0), rec("   ", 50, false, 0, 0),
				rec(strings.Repeat("Robin Secretname told me ", 10), 50, false, 0, 0),
				rec("Line one\x07bell", 50, false, 0, 0), rec("12345", 50, false, 0, 0),
			},
			check: func(t *testing.T, s *batch.Summary) {
				if len(s.ByOrganisation) != 3 {
					t.Errorf("organisations %v", keys(s.ByOrganisation))
				}
				if o := s.ByOrganisation["Brize Meadow Primary"]; o.Checked != 2 || o.ScoreMean != 70 || o.Passing != 0.5 {
					t.Errorf("merged organisation %+v", o)
				}
				if s.ByOrganisation[batch.NotStated].Checked != 2 || s.ByOrganisation[batch.NotRecognised].Checked != 3 {
					t.Errorf("not stated / not recognised: %+v", s.ByOrganisation)
				}
			},
		},
		{
			name: "organisations beyond the cap are merged; unreadable files beyond the cap are counted",
			opts: batch.Options{MaxOrganisations: 2, MaxListed: 1},
			recs: []batch.Record{rec("A", 10, false, 0, 0), rec("B", 20, false, 0, 0), rec("C", 30, false, 0, 0), rec("D", 40, false, 0, 0),
				rec("", 50, false, 0, 0), rec("a", 50, false, 0, 0), unreadable("x", "pdf", "bad"), unreadable("y", "pdf", "bad")},
			check: func(t *testing.T, s *batch.Summary) {
				want := map[string]int{"A": 2, "B": 1, batch.OtherOrgs: 2, batch.NotStated: 1}
				got := map[string]int{}
				for k, o := range s.ByOrganisation {
					got[k] = o.Checked
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("organisations %v, want %v", got, want)
				}
				if len(s.Unreadable) != 1 || s.UnreadableCount != 2 || s.UnreadableOmitted != 1 {
					t.Errorf("unreadable %v count %d omitted %d", s.Unreadable, s.UnreadableCount, s.UnreadableOmitted)
				}
			},
		},
		{
			name: "a finding that is not a rule id or a field path is not shown",
			recs: []batch.Record{rec("A", 50, false, 0, 0,
				checker.Finding{Rule: "Robin Secretname", Field: "child.name"},
				checker.Finding{Rule: "FD101", Name: "child-dob-missing", Field: "Robin Secretname"})},
			check: func(t *testing.T, s *batch.Summary) {
				if !reflect.DeepEqual(s.ByRule, map[string]int{"FD101": 1}) || !reflect.DeepEqual(s.MissingFieldCounts, map[string]int{"(other)": 1}) {
					t.Errorf("by_rule %v missing %v", s.ByRule, s.MissingFieldCounts)
				}
			},
		},
		{
			name: "score distribution: quartiles and bands",
			recs: []batch.Record{rec("A", 0, false, 0, 0), rec("A", 9, false, 0, 0), rec("A", 10, false, 0, 0), rec("A", 55, false, 0, 0),
				rec("A", 90, false, 0, 0), rec("A", 100, false, 0, 0), rec("A", 140, false, 0, 0)},
			check: func(t *testing.T, s *batch.Summary) {
				sc := s.Scores
				if sc.Min != 0 || sc.Q1 != 9 || sc.Median != 55 || sc.Q3 != 90 || sc.Max != 100 {
					t.Errorf("scores %+v", sc)
				}
				counts := []int{}
				for _, b := range sc.Bands {
					counts = append(counts, b.Count)
				}
				if !reflect.DeepEqual(counts, []int{2, 1, 0, 0, 0, 1, 0, 0, 0, 3}) || sc.Bands[9].From != 90 || sc.Bands[9].To != 100 {
					t.Errorf("bands %v", sc.Bands)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := batch.NewBuilder(tt.opts)
			for _, r := range tt.recs {
				b.Add(r)
			}
			s := b.Summary()
			tt.check(t, s)
			assertNoContent(t, s)
		})
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// assertNoContent fails if any output of the summary carries the words the
// test referrals hide in messages, evidence and free-text boxes.
func assertNoContent(t *testing.T, s *batch.Summary) {
	t.Helper()
	var text, csv, html strings.Builder
	j, _ := json.Marshal(s)
	if err := batch.WriteText(&text, s); err != nil {
		t.Fatal(err)
	}
	if err := batch.WriteCSV(&csv, s); err != nil {
		t.Fatal(err)
	}
	if err := batch.WriteHTML(&html, s, batch.HTMLOptions{}); err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"json": string(j), "text": text.String(), "csv": csv.String(), "html": html.String()} {
		if strings.Contains(out, "Secretname") {
			t.Errorf("the %s summary carries referral content", name)
		}
	}
}

// Ensure IntendedLevel takes the higher of the stated level and the level
// the intended route implies, ignoring levels out of range.
func TestIntendedLevel(t *testing.T) {
	tests := []struct {
		route string
		level int
		want  int
	}{
		{"", 0, 0}, {"mash", 0, 3}, {"early-help", 3, 3}, {"mash-urgent", 2, 4}, {" MASH ", 0, 3},
		{"police", 0, 0}, {"", 7, 0}, {"", -1, 0}, {"universal", 0, 1}, {"emergency", 0, 4},
	}
	for _, tt := range tests {
		r := &referral.Referral{ReferrerRoute: tt.route, ReferrerLevel: tt.level}
		if got := batch.IntendedLevel(r); got != tt.want {
			t.Errorf("IntendedLevel(%q, %d) = %d, want %d", tt.route, tt.level, got, tt.want)
		}
	}
}

// Ensure the builder's memory does not grow with the number of records:
// 50,000 records leave no more behind than 2,000.
func TestBuilderMemoryFlat(t *testing.T) {
	heapAfter := func(n int) uint64 {
		b := batch.NewBuilder(batch.Options{})
		fs := []checker.Finding{finding("FD101", ""), finding("FD704", ""), finding("FD204", "family[3].phone")}
		for i := range n {
			r := rec(fmt.Sprintf("School %d", i%50), i%101, i%2 == 0, 2+i%3, 2+i%2, fs[:i%4]...)
			r.Result.File = fmt.Sprintf("dir/file-%07d.docx", i)
			if i%97 == 0 {
				r = unreadable(r.Result.File, "pdf", "truncated") // listed: these are capped, not counters
			}
			b.Add(r)
		}
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		runtime.KeepAlive(b)
		return ms.HeapAlloc
	}
	heapAfter(2000) // warm up
	small := heapAfter(2000)
	large := heapAfter(50000)
	// 516 unreadable files are listed at about 100 bytes each; everything
	// else is counters. Keeping even 40 bytes a record would show as 2 MB.
	if large > small+512<<10 {
		t.Errorf("heap after 50,000 records %d KB, after 2,000 %d KB: the builder keeps per-file state", large>>10, small>>10)
	}
}
