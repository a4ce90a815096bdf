// Package batch summarises the check results of many referrals for MASH
// staff and safeguarding partnerships (contract section 5): which key
// information is most often missing, how often consent is a problem, how
// many referrals were aimed above or below the route the guidance suggests,
// and how that differs by referring organisation.
//
// A Builder takes one Record per input, in any number, and keeps only
// counters: its memory depends on the number of distinct rules, field paths,
// routes and organisations (organisations are capped), never on the number
// of files. Referral content never reaches a Summary: only counts, shares,
// rule ids and names, field paths, route ids, formats, organisation names
// and the names of files that could not be read.
//
// Run walks directories and checks every file with bounded concurrency,
// feeding a Builder; the Summary it returns can be written as JSON, CSV
// (WriteCSV), a self-contained HTML report (WriteHTML) or a short text
// (WriteText), compared with an older summary (Compare) and measured
// against a partnership's targets (Evaluate).
package batch

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/frontdoorhq/frontdoor/checker"
	"github.com/frontdoorhq/frontdoor/checker/referral"
	"github.com/frontdoorhq/frontdoor/internal/lazyre"
)

// Names used in place of an organisation or route that is absent or
// cannot be shown.
const (
	NotStated        = "(not stated)"          // the referral leaves it blank
	NotRecognised    = "(not recognised)"      // too long, or not a name or known route id
	OtherOrgs        = "(other organisations)" // beyond Options.MaxOrganisations
	DefaultMaxOrgs   = 1000                    // organisations counted separately by default
	DefaultMaxListed = 10000                   // unreadable files listed by default
	maxOrgNameRunes  = 100                     // longer "organisations" are treated as not recognised
	unknownFormat    = "unknown"               // format of an input that could not be opened
	otherField       = "(other)"               // a finding's field that is not a field path
)

// Record is what the summary takes from one input: its check result and the
// few facts of the referral that the summary counts by.
type Record struct {
	Result         checker.Result // the file's result; its findings are counted, not kept
	Organisation   string         // referrer.organisation as written
	IntendedRoute  string         // referrer_route as written
	IntendedLevel  int            // the level the referrer intends (IntendedLevel); 0 when not stated
	SuggestedRoute string         // the guidance's primary route; "" without a router
	SuggestedLevel int            // the guidance's level; 0 when no level applies or without a router
}

// NewRecord builds the Record of a checked referral. s is the guidance's
// suggestion for it, or nil when no router was used.
func NewRecord(res checker.Result, r *referral.Referral, s *checker.Suggestion) Record {
	rec := Record{Result: res}
	if r != nil {
		rec.Organisation = r.Referrer.Organisation
		rec.IntendedRoute = r.ReferrerRoute
		rec.IntendedLevel = IntendedLevel(r)
	}
	if s != nil {
		rec.SuggestedRoute, rec.SuggestedLevel = s.Route, s.Level
	}
	return rec
}

// routeLevels are the levels the contract's level routes imply (section 3);
// the checker's route rules use the same.
var routeLevels = map[string]int{
	"universal": 1, "early-help": 2, "mash": 3, "mash-urgent": 4, "emergency": 4,
}

// levelRoutes is the route a stated level implies when no route is stated.
var levelRoutes = map[int]string{1: "universal", 2: "early-help", 3: "mash", 4: "mash-urgent"}

// knownRoutes are the contract's route ids (section 3).
var knownRoutes = map[string]bool{
	"universal": true, "early-help": true, "mash": true, "mash-urgent": true, "emergency": true,
	"police": true, "police-fgm": true, "lado": true, "prevent": true, "private-fostering": true,
	"cme": true, "forced-marriage-unit": true, "nrm": true,
}

// IntendedLevel is the level a referral is aimed at: the higher of the
// referrer's stated level (1-4) and the level their intended route implies;
// 0 when neither is stated.
func IntendedLevel(r *referral.Referral) int {
	l := r.ReferrerLevel
	if l < 1 || l > 4 {
		l = 0
	}
	if rl := routeLevels[strings.TrimSpace(strings.ToLower(r.ReferrerRoute))]; rl > l {
		l = rl
	}
	return l
}

// Unreadable is an input that could not be read, with the reason. The
// reason names the problem, never the document's content.
type Unreadable struct {
	File  string `json:"file"`
	Error string `json:"error"`
}

// RouteMismatch counts checked referrals by how the referrer's intended
// level compares with the level the guidance suggests.
type RouteMismatch struct {
	ReferrerHigher int `json:"referrer_higher"` // aimed above the guidance (likely no further action)
	ReferrerLower  int `json:"referrer_lower"`  // aimed below the guidance (risk may wait)
	Agree          int `json:"agree"`           // aimed at the suggested level
	NotComparable  int `json:"not_comparable"`  // no intended level stated, or no level suggested
}

// Organisation is the summary of one referring organisation's referrals.
type Organisation struct {
	Checked             int     `json:"checked"`
	ScoreMean           float64 `json:"score_mean"`
	ConsentProblems     float64 `json:"consent_problems"` // share with any consent finding
	ReferrerHigher      int     `json:"referrer_higher"`
	ReferrerLower       int     `json:"referrer_lower"`
	ConsentProblemCount int     `json:"consent_problem_count"`
	Passing             float64 `json:"passing"` // share with no finding at the fail level
	PassingCount        int     `json:"passing_count"`
	MissingAnyCount     int     `json:"missing_any_count"` // with at least one missing field
}

// FormatCount counts the inputs of one format.
type FormatCount struct {
	Files      int `json:"files"`
	Checked    int `json:"checked"`
	Unreadable int `json:"unreadable"`
}

// Scores describes the distribution of the checked referrals' scores.
type Scores struct {
	Min    int    `json:"min"`
	Q1     int    `json:"q1"`
	Median int    `json:"median"`
	Q3     int    `json:"q3"`
	Max    int    `json:"max"`
	Bands  []Band `json:"bands"` // 0-9, 10-19, ..., 90-100
}

// Band is one bar of the score histogram: referrals scoring From to To inclusive.
type Band struct {
	From  int `json:"from"`
	To    int `json:"to"`
	Count int `json:"count"`
}

// Summary is the batch summary of contract section 5, with additions.
// Shares are fractions of the checked referrals, rounded to 4 places; the
// matching *_count keys hold the exact counts.
type Summary struct {
	Files           int                     `json:"files"`      // inputs seen
	Checked         int                     `json:"checked"`    // read and checked
	Unreadable      []Unreadable            `json:"unreadable"` // in input order, up to Options.MaxListed
	ByRule          map[string]int          `json:"by_rule"`    // referrals with at least one finding of the rule
	MissingFields   map[string]float64      `json:"missing_fields"`
	ConsentProblems float64                 `json:"consent_problems"`
	Routes          map[string]int          `json:"routes"` // suggested primary routes
	RouteMismatch   RouteMismatch           `json:"route_mismatch"`
	ByOrganisation  map[string]Organisation `json:"by_organisation"`
	ScoreMean       float64                 `json:"score_mean"`

	// Additions to the contract's keys.
	UnreadableCount     int                       `json:"unreadable_count"`             // every unreadable input, listed or not
	UnreadableOmitted   int                       `json:"unreadable_omitted,omitempty"` // unreadable inputs beyond the listed ones
	Interrupted         bool                      `json:"interrupted,omitempty"`        // the run was stopped: the figures cover the files finished
	Guidance            string                    `json:"guidance,omitempty"`           // the guidance pack that suggested the routes
	MissingFieldCounts  map[string]int            `json:"missing_field_counts"`
	MissingAnyCount     int                       `json:"missing_any_count"` // referrals with at least one missing field
	ConsentProblemCount int                       `json:"consent_problem_count"`
	Passing             float64                   `json:"passing"` // share with no finding at the fail level
	PassingCount        int                       `json:"passing_count"`
	IntendedVsSuggested map[string]map[string]int `json:"intended_vs_suggested"` // intended route, then suggested route, to count
	ByFormat            map[string]FormatCount    `json:"by_format"`
	Scores              Scores                    `json:"scores"`
	RuleNames           map[string]string         `json:"rule_names"` // every rule in by_rule
	Targets             []TargetResult            `json:"targets,omitempty"`
	Baseline            *Comparison               `json:"baseline,omitempty"`
}

// Options configure a Builder.
type Options struct {
	MaxOrganisations int    // organisations counted separately; the rest are merged as OtherOrgs (DefaultMaxOrgs when 0)
	MaxListed        int    // unreadable files listed by name (DefaultMaxListed when 0)
	Guidance         string // the guidance pack id, recorded in the summary
}

// Builder accumulates a Summary from records, one at a time. It is not safe
// for concurrent use: Run feeds it from one goroutine, in input order.
type Builder struct {
	opts                    Options
	files, checked, passing int
	consent, missingAny     int
	scoreSum                int64
	scoreCounts             [101]int
	unreadable              []Unreadable
	unreadableCount         int
	byRule, missing, routes map[string]int
	matrix                  map[string]map[string]int
	mismatch                RouteMismatch
	orgs                    map[string]*orgCounter // by folded name
	formats                 map[string]*FormatCount
	ruleNames               map[string]string
	interrupted             bool
	seenRules, seenFields   []string // per-record scratch
}

type orgCounter struct {
	name                                string // as first seen
	checked, scoreSum, consent, passing int
	higher, lower, missingAny           int
}

// NewBuilder returns an empty Builder.
func NewBuilder(opts Options) *Builder {
	if opts.MaxOrganisations <= 0 {
		opts.MaxOrganisations = DefaultMaxOrgs
	}
	if opts.MaxListed <= 0 {
		opts.MaxListed = DefaultMaxListed
	}
	return &Builder{
		opts: opts, byRule: map[string]int{}, missing: map[string]int{}, routes: map[string]int{},
		matrix: map[string]map[string]int{}, orgs: map[string]*orgCounter{}, formats: map[string]*FormatCount{},
		ruleNames: map[string]string{},
	}
}

// SetInterrupted marks the summary as covering only part of the inputs.
func (b *Builder) SetInterrupted() { b.interrupted = true }

// Add counts one input.
func (b *Builder) Add(rec Record) {
	res := rec.Result
	b.files++
	format := res.Format
	if !formatRE.MatchString(format) {
		format = unknownFormat
	}
	fc := b.formats[format]
	if fc == nil {
		fc = &FormatCount{}
		b.formats[format] = fc
	}
	fc.Files++
	if res.Error != "" {
		fc.Unreadable++
		b.unreadableCount++
		if len(b.unreadable) < b.opts.MaxListed {
			b.unreadable = append(b.unreadable, Unreadable{File: res.File, Error: oneLine(res.Error)})
		}
		return
	}
	fc.Checked++
	b.checked++
	score := min(max(res.Score, 0), 100)
	b.scoreSum += int64(score)
	b.scoreCounts[score]++
	if res.OK {
		b.passing++
	}

	// Distinct rules and missing fields in this referral.
	b.seenRules, b.seenFields = b.seenRules[:0], b.seenFields[:0]
	consent := false
	for _, f := range res.Findings {
		id := f.Rule
		if !ruleIDRE.MatchString(id) {
			continue
		}
		if !containsStr(b.seenRules, id) {
			b.seenRules = append(b.seenRules, id)
			b.byRule[id]++
			if _, ok := b.ruleNames[id]; !ok {
				b.ruleNames[id] = ruleName(id, f.Name)
			}
		}
		if IsConsentFinding(f) {
			consent = true
		}
		if IsMissingFinding(f) {
			field := FieldKey(f.Field)
			if !containsStr(b.seenFields, field) {
				b.seenFields = append(b.seenFields, field)
				b.missing[field]++
			}
		}
	}
	if consent {
		b.consent++
	}
	if len(b.seenFields) > 0 {
		b.missingAny++
	}

	// Routes.
	suggested := ""
	if rec.SuggestedRoute != "" {
		suggested = routeKey(rec.SuggestedRoute, false)
		b.routes[suggested]++
	}
	intended := routeKey(rec.IntendedRoute, true)
	if intended == NotStated && rec.IntendedLevel > 0 {
		intended = levelRoutes[rec.IntendedLevel]
	}
	if suggested != "" {
		row := b.matrix[intended]
		if row == nil {
			row = map[string]int{}
			b.matrix[intended] = row
		}
		row[suggested]++
	}
	higher, lower := false, false
	switch {
	case rec.IntendedLevel <= 0 || rec.SuggestedLevel <= 0:
		b.mismatch.NotComparable++
	case rec.IntendedLevel > rec.SuggestedLevel:
		b.mismatch.ReferrerHigher++
		higher = true
	case rec.IntendedLevel < rec.SuggestedLevel:
		b.mismatch.ReferrerLower++
		lower = true
	default:
		b.mismatch.Agree++
	}

	// Organisation.
	o := b.org(rec.Organisation)
	o.checked++
	o.scoreSum += score
	if consent {
		o.consent++
	}
	if res.OK {
		o.passing++
	}
	if higher {
		o.higher++
	}
	if lower {
		o.lower++
	}
	if len(b.seenFields) > 0 {
		o.missingAny++
	}
}

// org returns the counter for an organisation name, creating it, or the
// shared one for names that cannot be shown or beyond the cap.
func (b *Builder) org(raw string) *orgCounter {
	name := OrganisationName(raw)
	key := strings.ToLower(name)
	if o, ok := b.orgs[key]; ok {
		return o
	}
	if len(b.orgs) >= b.opts.MaxOrganisations && name != NotStated && name != NotRecognised {
		name, key = OtherOrgs, strings.ToLower(OtherOrgs)
		if o, ok := b.orgs[key]; ok {
			return o
		}
	}
	o := &orgCounter{name: name}
	b.orgs[key] = o
	return o
}

// Summary returns the summary of everything added so far. The Builder can
// go on accepting records afterwards.
func (b *Builder) Summary() *Summary {
	s := &Summary{
		Files: b.files, Checked: b.checked,
		Unreadable:          append([]Unreadable{}, b.unreadable...),
		UnreadableCount:     b.unreadableCount,
		UnreadableOmitted:   b.unreadableCount - len(b.unreadable),
		Interrupted:         b.interrupted,
		Guidance:            b.opts.Guidance,
		ByRule:              copyCounts(b.byRule),
		MissingFields:       map[string]float64{},
		MissingFieldCounts:  copyCounts(b.missing),
		MissingAnyCount:     b.missingAny,
		ConsentProblemCount: b.consent,
		ConsentProblems:     share(b.consent, b.checked),
		PassingCount:        b.passing,
		Passing:             share(b.passing, b.checked),
		Routes:              copyCounts(b.routes),
		RouteMismatch:       b.mismatch,
		ByOrganisation:      map[string]Organisation{},
		IntendedVsSuggested: map[string]map[string]int{},
		ByFormat:            map[string]FormatCount{},
		RuleNames:           map[string]string{},
	}
	if b.checked > 0 {
		s.ScoreMean = round(float64(b.scoreSum)/float64(b.checked), 1)
	}
	for f, n := range b.missing {
		s.MissingFields[f] = share(n, b.checked)
	}
	for id := range b.byRule {
		s.RuleNames[id] = b.ruleNames[id]
	}
	for k, row := range b.matrix {
		s.IntendedVsSuggested[k] = copyCounts(row)
	}
	for k, fc := range b.formats {
		s.ByFormat[k] = *fc
	}
	for _, o := range b.orgs {
		org := Organisation{
			Checked: o.checked, ReferrerHigher: o.higher, ReferrerLower: o.lower,
			ConsentProblemCount: o.consent, ConsentProblems: share(o.consent, o.checked),
			PassingCount: o.passing, Passing: share(o.passing, o.checked), MissingAnyCount: o.missingAny,
		}
		if o.checked > 0 {
			org.ScoreMean = round(float64(o.scoreSum)/float64(o.checked), 1)
		}
		s.ByOrganisation[o.name] = org
	}
	s.Scores = scoresOf(&b.scoreCounts, b.checked)
	return s
}

// scoresOf summarises a histogram of integer scores 0-100.
func scoresOf(counts *[101]int, n int) Scores {
	s := Scores{Bands: make([]Band, 10)}
	for i := range s.Bands {
		s.Bands[i] = Band{From: i * 10, To: i*10 + 9}
	}
	s.Bands[9].To = 100
	if n == 0 {
		return s
	}
	// The score at rank q (0-based) in sorted order.
	at := func(q int) int {
		seen := 0
		for v, c := range counts {
			seen += c
			if seen > q {
				return v
			}
		}
		return 100
	}
	s.Min, s.Max = at(0), at(n-1)
	s.Q1, s.Median, s.Q3 = at((n-1)/4), at((n-1)/2), at((n-1)*3/4)
	for v, c := range counts {
		s.Bands[min(v/10, 9)].Count += c
	}
	return s
}

// IsMissingFinding reports whether a finding says a piece of information is
// missing: its rule's name ends in "-missing" or "-unstated".
func IsMissingFinding(f checker.Finding) bool {
	name := f.Name
	if r, ok := checker.Lookup(f.Rule); ok {
		name = r.Name
	}
	return strings.HasSuffix(name, "-missing") || strings.HasSuffix(name, "-unstated")
}

// IsConsentFinding reports whether a finding is a consent problem: a rule of
// the consent area (FD7xx), or any finding about a consent.* field (such as
// consent discussed without an interpreter, or early help without the
// family's agreement).
func IsConsentFinding(f checker.Finding) bool {
	if r, ok := checker.Lookup(f.Rule); ok && r.Area == "consent" {
		return true
	}
	return strings.HasPrefix(f.Field, "consent.")
}

// IsConsentRule reports whether a rule id belongs to the consent area, or
// its findings are usually about a consent field.
func IsConsentRule(id string) bool {
	r, ok := checker.Lookup(id)
	return ok && (r.Area == "consent" || strings.HasPrefix(r.Field, "consent."))
}

var (
	ruleIDRE    = lazyre.New(`^FD[0-9]{1,5}$`)
	fieldRE     = lazyre.New(`^[a-z][a-z_]*(\[[0-9]*\])?(\.[a-z][a-z_]*(\[[0-9]*\])?)*$`)
	indexRE     = lazyre.New(`\[[0-9]*\]`)
	routeIDRE   = lazyre.New(`^[a-z][a-z0-9-]{0,39}$`)
	formatRE    = lazyre.New(`^[a-z][a-z0-9-]{0,15}$`)
	ruleNameRE  = lazyre.New(`^[a-z][a-z0-9-]{0,63}$`)
	spaceRunsRE = lazyre.New(`\s+`)
)

// FieldKey is the summary's key for a finding's field: the path without
// list indexes ("family[1].phone" becomes "family.phone"), so that the keys
// stay few. Anything that is not a field path is counted as "(other)".
func FieldKey(field string) string {
	if len(field) > 80 || !fieldRE.MatchString(field) {
		return otherField
	}
	return indexRE.ReplaceAllString(field, "")
}

// OrganisationName is how an organisation is named in the summary: the name
// with its spaces tidied, NotStated when blank, and NotRecognised when it is
// too long or has no letters or has control characters (free text typed into
// the wrong box must not reach the summary).
func OrganisationName(raw string) string {
	s := strings.TrimSpace(spaceRunsRE.ReplaceAllString(raw, " "))
	if s == "" {
		return NotStated
	}
	if utf8.RuneCountInString(s) > maxOrgNameRunes || !utf8.ValidString(s) {
		return NotRecognised
	}
	letters := false
	for _, r := range s {
		if unicode.IsControl(r) {
			return NotRecognised
		}
		if unicode.IsLetter(r) {
			letters = true
		}
	}
	if !letters || s == OtherOrgs {
		return NotRecognised
	}
	return s
}

// routeKey names a route in the summary: a known route id (or, for suggested
// routes, any well-formed id a guidance pack uses), else NotStated or
// NotRecognised.
func routeKey(raw string, intended bool) string {
	s := strings.ToLower(strings.TrimSpace(raw))
	switch {
	case s == "":
		return NotStated
	case knownRoutes[s]:
		return s
	case !intended && routeIDRE.MatchString(s):
		return s
	}
	return NotRecognised
}

func ruleName(id, fallback string) string {
	if r, ok := checker.Lookup(id); ok {
		return r.Name
	}
	if ruleNameRE.MatchString(fallback) {
		return fallback
	}
	return ""
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func copyCounts(m map[string]int) map[string]int {
	out := make(map[string]int, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// share is n of total, rounded to 4 places (0 when total is 0).
func share(n, total int) float64 {
	if total == 0 {
		return 0
	}
	return round(float64(n)/float64(total), 4)
}

func round(v float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(v*p) / p
}

func oneLine(s string) string {
	s = strings.TrimSpace(spaceRunsRE.ReplaceAllString(s, " "))
	if utf8.RuneCountInString(s) > 300 {
		s = string([]rune(s)[:300]) + "..."
	}
	return s
}

// sortedKeys returns a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// ruleLess orders rule ids numerically: FD99 before FD100.
func ruleLess(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

// pct writes a share as a percentage with one decimal place.
func pct(v float64) string { return fmt.Sprintf("%.1f%%", v*100) }
