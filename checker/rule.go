package checker

import (
	"slices"
	"strings"
)

// Rule is one check in the catalogue. Ids and names are stable: they are
// never renumbered or reused. The texts are what a DSL reads, so they are
// written for a DSL.
type Rule struct {
	ID       string   // "FD101"
	Name     string   // "child-dob-missing"
	Area     string   // child, family, language, referrer, concern, support, consent, consistency, referral, route
	Severity Severity // default severity; some rules raise or lower it per referral
	Field    string   // field path the rule is about; a finding may name a more precise one
	Message  string   // what is wrong
	Why      string   // why it matters, tied to the guidance
	Fix      string   // what to do
	Source   string   // the guidance it comes from

	check      func(in *Input) []Hit
	needsRoute bool // check asks for the route (Input.suggestion or level), so runs after the other rules
}

// Hit is one breach of a rule found in a referral. Zero fields take the rule's defaults.
type Hit struct {
	Field    string
	Severity Severity
	Message  string
	Evidence string
}

var catalogue []*Rule
var byKey = map[string]*Rule{}

// register adds rules to the catalogue. It panics on a duplicate id or name,
// which is a programming error caught by the first test run.
func register(rules ...*Rule) {
	for _, r := range rules {
		for _, k := range []string{r.ID, r.Name} {
			if _, dup := byKey[strings.ToLower(k)]; dup {
				panic("checker: duplicate rule " + k)
			}
			byKey[strings.ToLower(k)] = r
		}
		// kept in order as it grows: one sort at each call cost more
		i, _ := slices.BinarySearchFunc(catalogue, r, func(a, b *Rule) int {
			switch {
			case ruleLess(a.ID, b.ID):
				return -1
			case ruleLess(b.ID, a.ID):
				return 1
			}
			return 0
		})
		catalogue = slices.Insert(catalogue, i, r)
	}
}

// ruleLess orders rule ids numerically: FD99 before FD100.
func ruleLess(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

// Rules returns every rule in the catalogue, ordered by id.
func Rules() []*Rule {
	out := make([]*Rule, len(catalogue))
	copy(out, catalogue)
	return out
}

// Lookup finds a rule by id ("FD101", any case) or name ("child-dob-missing").
func Lookup(key string) (*Rule, bool) {
	r, ok := byKey[strings.ToLower(strings.TrimSpace(key))]
	return r, ok
}

// finding builds the Finding for a hit of this rule.
func (r *Rule) finding(h Hit) Finding {
	f := Finding{
		Rule: r.ID, Name: r.Name, Severity: r.Severity, Field: r.Field,
		Message: r.Message, Why: r.Why, Fix: r.Fix, Evidence: h.Evidence,
	}
	if h.Field != "" {
		f.Field = h.Field
	}
	if h.Severity != 0 {
		f.Severity = h.Severity
	}
	if h.Message != "" {
		f.Message = h.Message
	}
	return f
}

// one returns a single default hit when cond holds.
func one(cond bool) []Hit {
	if cond {
		return []Hit{{}}
	}
	return nil
}
