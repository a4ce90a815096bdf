package batch

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"
)

//go:embed report.html.tmpl
var reportTemplate string

// reportTmpl is parsed on first use, not at start-up: every `frontdoor
// check` links this package and would pay for it.
var reportTmpl = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("report").Funcs(template.FuncMap{
		"join": strings.Join,
	}).Parse(reportTemplate))
})

const (
	chartMissing = 20 // missing fields drawn
	chartOrgs    = 40 // organisations drawn (all are in the table)
)

// HTMLOptions configure WriteHTML.
type HTMLOptions struct {
	Title string // the page title; "Referral quality: batch report" when empty
}

// WriteHTML writes the summary as one self-contained HTML page with inline
// SVG charts (missing fields, consent problems, suggested against intended
// routes, by organisation, scores) and tables. It loads nothing: no script,
// style sheet, font or image from anywhere, and its Content-Security-Policy
// forbids it. The output is the same bytes for the same summary.
func WriteHTML(w io.Writer, s *Summary, opts HTMLOptions) error {
	if opts.Title == "" {
		opts.Title = "Referral quality: batch report"
	}
	return reportTmpl().Execute(w, newHTMLReport(s, opts.Title))
}

type htmlReport struct {
	S          *Summary
	Title      string
	Unreadable int
	Tiles      []tileView
	Targets    []targetView

	Missing, Consent, Matrix, Mismatch, Orgs, Scores, Routes template.HTML

	ConsentShare, ConsentChange string
	OrgNote                     string
	OrgTable                    []orgTableRow
	Rules                       []ruleView
	Formats                     []formatView
	Changes                     []changeView
}

type tileView struct {
	Measure, Label, Value string
	Change, ChangeClass   string
	Targets               []targetView
}

type targetView struct {
	TargetResult
	Words, Class string
}

type orgTableRow struct {
	Name, Checked, Score, Passing, Consent, Higher, Lower string
}

type ruleView struct {
	ID, Name, Count, Share, Change, ChangeClass string
}

type formatView struct {
	Name                       string
	Files, Checked, Unreadable int
}

type changeView struct {
	Measure, Before, Now, Change, Class string
}

func newHTMLReport(s *Summary, title string) *htmlReport {
	r := &htmlReport{S: s, Title: title, Unreadable: s.unreadableCount()}
	for _, t := range s.Targets {
		r.Targets = append(r.Targets, viewTarget(t))
	}
	r.tiles()
	if s.Checked > 0 {
		r.missingChart()
		r.consentChart()
		r.routeCharts()
		r.orgCharts()
		r.Scores = template.HTML(histogramChart("scores", "Scores of the checked referrals",
			"How many checked referrals scored in each band of ten.", s.Scores.Bands))
	}
	cons, _ := s.Measure("consent_problems")
	r.ConsentShare = cons.Display()
	if ch, ok := s.Baseline.change("consent_problems"); ok && ch.Change != nil {
		r.ConsentChange = displayChange(ch.Kind, *ch.Change)
	}
	ids := sortedKeys(s.ByRule)
	sort.SliceStable(ids, func(i, j int) bool {
		if s.ByRule[ids[i]] != s.ByRule[ids[j]] {
			return s.ByRule[ids[i]] > s.ByRule[ids[j]]
		}
		return ruleLess(ids[i], ids[j])
	})
	for _, id := range ids {
		m, _ := s.Measure("by_rule." + id)
		rv := ruleView{ID: id, Name: s.RuleNames[id], Count: strconv.Itoa(m.Count), Share: pctOf(m.Count, m.Of)}
		rv.Change, rv.ChangeClass = changeText(s.Baseline, m.Name)
		r.Rules = append(r.Rules, rv)
	}
	for _, f := range sortedKeys(s.ByFormat) {
		fc := s.ByFormat[f]
		r.Formats = append(r.Formats, formatView{Name: f, Files: fc.Files, Checked: fc.Checked, Unreadable: fc.Unreadable})
	}
	if s.Baseline != nil {
		for _, ch := range s.Baseline.Changes {
			cv := changeView{Measure: ch.Measure, Before: "-", Now: "-", Change: "-", Class: "same"}
			if ch.Before != nil {
				cv.Before = displayValue(ch.Kind, *ch.Before)
			}
			if ch.Now != nil {
				cv.Now = displayValue(ch.Kind, *ch.Now)
			}
			if ch.Change != nil {
				cv.Change, cv.Class = displayChange(ch.Kind, *ch.Change), changeClass(ch)
			}
			r.Changes = append(r.Changes, cv)
		}
	}
	return r
}

func viewTarget(t TargetResult) targetView {
	cls := map[string]string{Met: "met", Missed: "missed", NoData: "nodata"}[t.Status]
	return targetView{TargetResult: t, Words: opWords[t.Op] + " " + t.Target, Class: cls}
}

func pctOf(n, of int) string {
	if of == 0 {
		return "-"
	}
	return pct(float64(n) / float64(of))
}

// changeText is the change on a measure since the baseline and its class
// (good, bad or same), or nothing without a baseline.
func changeText(c *Comparison, name string) (string, string) {
	ch, ok := c.change(name)
	if !ok || ch.Change == nil {
		return "", ""
	}
	return displayChange(ch.Kind, *ch.Change), changeClass(ch)
}

func changeClass(ch Change) string {
	if ch.Change == nil || *ch.Change == 0 || ch.Better == "" {
		return "same"
	}
	if (*ch.Change > 0) == (ch.Better == "higher") {
		return "good"
	}
	return "bad"
}

func (r *htmlReport) tiles() {
	s := r.S
	add := func(measure, label string) {
		m, ok := s.Measure(measure)
		if !ok {
			return
		}
		t := tileView{Measure: measure, Label: label, Value: m.Display()}
		if m.Kind == KindCount && m.Of > 0 && measure != "checked" {
			t.Value += " (" + pctOf(m.Count, m.Of) + ")"
		}
		t.Change, t.ChangeClass = changeText(s.Baseline, measure)
		for _, tr := range targetsFor(s.Targets, measure) {
			t.Targets = append(t.Targets, viewTarget(tr))
		}
		r.Tiles = append(r.Tiles, t)
	}
	add("checked", "Referrals checked")
	add("score_mean", "Mean score")
	add("passing", "Passing (no error)")
	add("consent_problems", "Consent problems")
	add("missing_any", "Missing key information")
	if len(s.Routes) > 0 {
		add("route_mismatch.referrer_higher", "Aimed above the guidance")
		add("route_mismatch.referrer_lower", "Aimed below the guidance")
	}
	add("unreadable", "Unreadable files")
}

// markers returns, for a measure drawn as a share of the checked
// referrals, the baseline's share, the first target bound written as a
// percentage, and whether a target on it was missed.
func (r *htmlReport) markers(measure string) (before, target *float64, missed bool) {
	if ch, ok := r.S.Baseline.change(measure); ok && ch.Before != nil {
		v := *ch.Before
		switch {
		case ch.Kind == KindShare:
			before = &v
		case ch.Kind == KindCount && r.S.Baseline.Checked > 0:
			v /= float64(r.S.Baseline.Checked)
			before = &v
		}
	}
	for _, t := range targetsFor(r.S.Targets, measure) {
		if t.Status == Missed {
			missed = true
		}
		if b, ok := percentBound(t); ok && target == nil {
			target = &b
		}
	}
	return before, target, missed
}

// percentBound is a target's bound as a share, when it was written as a
// percentage.
func percentBound(t TargetResult) (float64, bool) {
	s, ok := strings.CutSuffix(strings.TrimSpace(t.Target), "%")
	if !ok {
		return 0, false
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return 0, false
	}
	return v / 100, true
}

func (r *htmlReport) missingChart() {
	s := r.S
	fields := topMissing(s, chartMissing)
	if len(fields) == 0 {
		return
	}
	var bars []hbar
	maxV := 0.0
	for _, f := range fields {
		m, _ := s.Measure("missing_fields." + f)
		before, target, missed := r.markers(m.Name)
		bars = append(bars, hbar{Label: f, Value: m.Value, Display: fmt.Sprintf("%s (%d)", m.Display(), m.Count),
			Before: before, Target: target, Missed: missed})
		maxV = maxFloat(maxV, m.Value, before, target)
	}
	desc := fmt.Sprintf("The %d fields most often missing, as a share of the %d checked referrals.", len(bars), s.Checked)
	r.Missing = template.HTML(hbarChart("missing-fields", "Key information most often missing", desc, bars, niceShareMax(maxV), KindShare))
}

func (r *htmlReport) consentChart() {
	s := r.S
	var ids []string
	for id := range s.ByRule {
		if IsConsentRule(id) {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return
	}
	sort.Slice(ids, func(i, j int) bool {
		if s.ByRule[ids[i]] != s.ByRule[ids[j]] {
			return s.ByRule[ids[i]] > s.ByRule[ids[j]]
		}
		return ruleLess(ids[i], ids[j])
	})
	var bars []hbar
	maxV := 0.0
	overall, _ := s.Measure("consent_problems")
	ob, ot, om := r.markers("consent_problems")
	bars = append(bars, hbar{Label: "any consent problem", Value: overall.Value, Display: fmt.Sprintf("%s (%d)", overall.Display(), overall.Count),
		Before: ob, Target: ot, Missed: om})
	maxV = maxFloat(maxV, overall.Value, ob, ot)
	for _, id := range ids {
		m, _ := s.Measure("by_rule." + id)
		v := float64(m.Count) / float64(m.Of)
		before, target, missed := r.markers(m.Name)
		label := id + " " + s.RuleNames[id]
		bars = append(bars, hbar{Label: label, Value: v, Display: fmt.Sprintf("%s (%d)", pct(v), m.Count), Before: before, Target: target, Missed: missed})
		maxV = maxFloat(maxV, v, before, target)
	}
	desc := fmt.Sprintf("Share of the %d checked referrals with any consent finding, and with each consent rule.", s.Checked)
	r.Consent = template.HTML(hbarChart("consent", "Consent problems", desc, bars, niceShareMax(maxV), KindShare))
}

func (r *htmlReport) routeCharts() {
	s := r.S
	if len(s.Routes) == 0 {
		return
	}
	m := s.RouteMismatch
	r.Mismatch = template.HTML(stackedChart("route-mismatch", "Intended level against the guidance",
		"Checked referrals aimed at the suggested level, above it, below it, or with no level to compare.",
		[]segment{
			{"aimed at the suggested level", m.Agree, "agree"},
			{"aimed above", m.ReferrerHigher, "above"},
			{"aimed below", m.ReferrerLower, "below"},
			{"no level to compare", m.NotComparable, "none"},
		}))
	rows := orderRoutes(sortedKeys(s.IntendedVsSuggested))
	colSet := map[string]bool{}
	for _, row := range s.IntendedVsSuggested {
		for c := range row {
			colSet[c] = true
		}
	}
	cols := orderRoutes(sortedKeys(colSet))
	r.Matrix = template.HTML(matrixChart("routes", "Intended route against suggested route",
		"Rows are the route the referrer intended; columns the route the guidance suggests; each cell counts referrals.",
		rows, cols, func(a, b string) int { return s.IntendedVsSuggested[a][b] }))
	var bars []hbar
	maxV := 0.0
	for _, rt := range orderRoutes(sortedKeys(s.Routes)) {
		n := s.Routes[rt]
		bars = append(bars, hbar{Label: rt, Value: float64(n), Display: fmt.Sprintf("%d (%s)", n, pctOf(n, s.Checked))})
		maxV = max(maxV, float64(n))
	}
	r.Routes = template.HTML(hbarChart("suggested-routes", "Suggested primary routes",
		"How many checked referrals the guidance routes to each primary route.", bars, niceCountMax(maxV), KindCount))
}

func (r *htmlReport) orgCharts() {
	s := r.S
	names := sortedKeys(s.ByOrganisation)
	sort.SliceStable(names, func(i, j int) bool {
		return s.ByOrganisation[names[i]].Checked > s.ByOrganisation[names[j]].Checked
	})
	var rows []orgRow
	for _, n := range names {
		o := s.ByOrganisation[n]
		row := orgRow{Name: n, Org: o}
		for _, t := range targetsFor(s.Targets, "by_organisation."+n+".score_mean") {
			row.ScoreMissed = row.ScoreMissed || t.Status == Missed
		}
		for _, t := range targetsFor(s.Targets, "by_organisation."+n+".consent_problems") {
			row.ConsMissed = row.ConsMissed || t.Status == Missed
		}
		rows = append(rows, row)
		_, cons := shareValue(o.ConsentProblemCount, o.ConsentProblems, o.Checked)
		_, pass := shareValue(o.PassingCount, o.Passing, o.Checked)
		r.OrgTable = append(r.OrgTable, orgTableRow{
			Name: n, Checked: strconv.Itoa(o.Checked), Score: f1(o.ScoreMean), Passing: pass, Consent: cons,
			Higher: fmt.Sprintf("%d (%s)", o.ReferrerHigher, pctOf(o.ReferrerHigher, o.Checked)),
			Lower:  fmt.Sprintf("%d (%s)", o.ReferrerLower, pctOf(o.ReferrerLower, o.Checked)),
		})
	}
	if len(rows) > chartOrgs {
		r.OrgNote = fmt.Sprintf("The chart shows the %d organisations with the most referrals; the table below has all %d.", chartOrgs, len(rows))
		rows = rows[:chartOrgs]
	}
	r.Orgs = template.HTML(orgChart("organisations", "By organisation",
		"For each referring organisation (with its number of checked referrals): mean score, share with a consent problem, share aimed above the guidance.", rows))
}

func maxFloat(m, v float64, more ...*float64) float64 {
	m = max(m, v)
	for _, p := range more {
		if p != nil {
			m = max(m, *p)
		}
	}
	return m
}
