package checker

import (
	"sort"
	"strings"
	"time"

	"github.com/frontdoorhq/frontdoor/checker/referral"
)

// Override changes one rule's severity, or turns it off.
type Override struct {
	Off      bool
	Severity Severity // 0 keeps the rule's own
}

// Options configure a Checker. The zero value checks with every rule at its
// own severity, judges dates against today, and fails on errors.
type Options struct {
	Now       func() time.Time    // today, for referrals with no referral date; time.Now when nil
	Overrides map[string]Override // by rule id
	FailOn    Severity            // findings at or above this make Result.OK false; Error when 0
	Router    Router              // suggests a route and adds route findings; nil for none (see Checker.Check)
	// RouteAside routes each referral while the rules that do not need the
	// route run on another goroutine: for a caller that checks one
	// referral at a time and has a core to spare (`frontdoor check`), not
	// one that already checks several side by side. Rules run side by side
	// with the Router, which must not change the referral.
	RouteAside bool
}

// Router is the part of the guidance router the checker needs: the route
// the guidance suggests for a referral. It is implemented by the guidance
// package; the route rules (FD95x) compare it with what the referrer intends.
type Router interface {
	Suggest(r *referral.Referral) Suggestion
}

// Suggestion is the guidance's answer for a referral.
type Suggestion struct {
	Answer     any      // the route object of the contract, written as the result's "route"
	Level      int      // the level suggested; 0 when no level applies
	Route      string   // the primary route id
	Also       []string // further duties
	Confidence string   // high, medium or low
}

// Result is the check result of one input (contract section 2).
type Result struct {
	File     string    `json:"file"`
	Format   string    `json:"format"`
	OK       bool      `json:"ok"`
	Score    int       `json:"score"`
	Findings []Finding `json:"findings"`
	Route    any       `json:"route,omitempty"`
	Error    string    `json:"error,omitempty"`
}

// Unreadable is the result for an input that could not be read: its error,
// and an empty (not null) list of findings, so that `jq '.findings[]'`
// works on every line.
func Unreadable(file, format, msg string) Result {
	return Result{File: file, Format: format, Findings: []Finding{}, Error: msg}
}

// Checker checks referrals against the rule catalogue.
type Checker struct {
	opts   Options
	rules  []*Rule // enabled rules: those that do not need the route, then those that do
	nFirst int     // how many do not
}

// New returns a Checker. Overrides naming unknown rules are ignored here;
// configuration loading reports them.
func New(opts Options) *Checker {
	if opts.FailOn == 0 {
		opts.FailOn = Error
	}
	c := &Checker{opts: opts}
	for _, needsRoute := range []bool{false, true} { // those that need the route last: see Check
		for _, r := range catalogue {
			if o, ok := opts.Overrides[r.ID]; (ok && o.Off) || r.needsRoute != needsRoute {
				continue
			}
			c.rules = append(c.rules, r)
		}
		if !needsRoute {
			c.nFirst = len(c.rules)
		}
	}
	return c
}

// Check runs every enabled rule over r and returns the findings, sorted, with
// the score and whether the referral passes the fail level.
//
// The router is asked for its suggestion only after the rules that do not
// need it have run, so that a router whose Suggest waits for its guidance
// to finish loading lets them run meanwhile; with Options.RouteAside, it
// is asked at once, and they run beside it.
func (c *Checker) Check(r *referral.Referral) Result {
	in := newInput(r, c.now(), c.opts.Router)
	var findings []Finding
	if c.opts.RouteAside && in.router != nil {
		findings = c.runAside(in)
	} else {
		findings = c.run(in, c.rules, make([]Finding, 0, 16))
	}
	var res Result
	if s := in.suggestion(); s != nil {
		res.Route = s.Answer
	}
	out := findings[:0]
	for _, f := range findings {
		if o, ok := c.opts.Overrides[f.Rule]; ok {
			if o.Off {
				continue
			}
			if o.Severity != 0 {
				f.Severity = o.Severity
			}
		}
		if f.Location.IsZero() {
			f.Location = locate(r.Sources, f.Field)
		}
		out = append(out, f)
	}
	SortFindings(out)
	res.Findings = out
	res.Score = Score(out)
	res.OK = Passes(out, c.opts.FailOn)
	return res
}

// run appends the findings of rules on in to findings.
func (c *Checker) run(in *Input, rules []*Rule, findings []Finding) []Finding {
	for _, rule := range rules {
		for _, h := range rule.check(in) {
			findings = append(findings, rule.finding(h))
		}
	}
	return findings
}

// runAside runs the rules that do not need the route on another goroutine
// while this one routes (Options.RouteAside), then the rules that do. The
// route is the longer of the two, and a new goroutine starts on an idle
// core only after the kernel has woken a thread there (a third of a
// millisecond on the development machine): so the route runs here, at once.
// A rule or router that panics makes Check panic, as it does without.
func (c *Checker) runAside(in *Input) []Finding {
	a, router := &aside{done: make(chan struct{})}, in.router
	in.aside, in.router = a, nil // a rule that asks for the route waits for it
	type result struct {
		findings []Finding
		panicked any
	}
	first := make(chan result, 1)
	go func() {
		var r result
		defer func() {
			r.panicked = recover()
			first <- r
		}()
		r.findings = c.run(in, c.rules[:c.nFirst], make([]Finding, 0, 16))
	}()
	func() {
		defer close(a.done)
		defer func() { a.panicked = recover() }()
		a.s = router.Suggest(in.R)
	}()
	r := <-first
	if r.panicked != nil {
		panic(r.panicked)
	}
	return c.run(in, c.rules[c.nFirst:], r.findings)
}

func (c *Checker) now() time.Time {
	if c.opts.Now != nil {
		return c.opts.Now()
	}
	return time.Now()
}

// Passes reports whether no finding is at or above failOn.
func Passes(fs []Finding, failOn Severity) bool {
	for _, f := range fs {
		if f.Severity >= failOn {
			return false
		}
	}
	return true
}

// Score is a 0-100 measure of a referral's completeness and quality, for
// trends rather than pass or fail: 100 less 8 per error, 3 per warning and 1
// per info finding, never below 0.
func Score(fs []Finding) int {
	s := 100
	for _, f := range fs {
		switch f.Severity {
		case Error:
			s -= 8
		case Warning:
			s -= 3
		case Info:
			s--
		}
	}
	if s < 0 {
		return 0
	}
	return s
}

// SortFindings orders findings by location (page, line; unlocated first),
// then rule id, then field, so output is the same bytes for the same input.
func SortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Location.Page != b.Location.Page {
			return a.Location.Page < b.Location.Page
		}
		if a.Location.Line != b.Location.Line {
			return a.Location.Line < b.Location.Line
		}
		if a.Rule != b.Rule {
			return ruleLess(a.Rule, b.Rule)
		}
		return a.Field < b.Field
	})
}

// locate finds where a field (or the nearest enclosing one that was read)
// sits in the source document.
func locate(src referral.Sources, field string) referral.Location {
	if len(src) == 0 || field == "" {
		return referral.Location{}
	}
	for f := field; f != ""; {
		if l, ok := src[f]; ok {
			return l
		}
		i := strings.LastIndexAny(f, ".[")
		if i < 0 {
			break
		}
		f = f[:i]
	}
	return referral.Location{}
}
