package chat

import (
	"sort"

	"github.com/frontdoorhq/frontdoor/checker"
	"github.com/frontdoorhq/frontdoor/guidance"
)

// Kind names what a reply is: the intent the engine recognised.
type Kind string

// The kinds of reply. Transports may log them.
const (
	KindHelp     Kind = "help"     // what the bot can do; also the answer to anything it cannot place
	KindRoute    Kind = "route"    // a route answer for a concern, or its refinement by a follow-up
	KindCheck    Kind = "check"    // findings and route for attached files or a pasted referral
	KindExplain  Kind = "explain"  // one rule explained ("explain FD704")
	KindContacts Kind = "contacts" // who to call for one or more routes
	KindAnswer   Kind = "answer"   // a free-form answer from the optional Answerer
	KindNote     Kind = "note"     // Notice alone: a short reply to a message that adds nothing ("ok thanks" in a thread)
)

// Reply is the engine's answer to one message. It carries everything the
// renderers show (route names and contacts are resolved), so rendering needs
// no guidance pack and the same reply renders the same bytes everywhere.
// Exactly one of the card fields matches Kind (none for KindNote); Notice
// may accompany any.
type Reply struct {
	Kind     Kind
	Notice   string        // one line shown first: what the engine did, or why it gives help
	Route    *RouteCard    // KindRoute
	Checks   []CheckCard   // KindCheck: one per file or pasted referral
	Rule     *RuleCard     // KindExplain
	Contacts []ContactCard // KindContacts
	Answer   string        // KindAnswer: the Answerer's text, shown as not coming from the guidance
	Help     *HelpCard     // KindHelp
}

// RouteRef names a route: its stable id and its display name.
type RouteRef struct {
	ID   string
	Name string
}

// Label is the route's name with its id, "MASH referral (mash)", or the id
// alone when the pack gives no name.
func (r RouteRef) Label() string {
	if r.Name == "" || r.Name == r.ID {
		return r.ID
	}
	return r.Name + " (" + r.ID + ")"
}

// Title is the route's name, or its id when the pack gives no name.
func (r RouteRef) Title() string {
	if r.Name == "" {
		return r.ID
	}
	return r.Name
}

// RouteCard is a route answer (contract section 3) with names and the
// primary route's contacts resolved.
type RouteCard struct {
	Level      *int              // 1-4, or nil when no level applies
	LevelName  string            // "Specialist / child protection"
	Route      RouteRef          // the primary route
	Also       []RouteRef        // further required actions, most urgent first
	Urgency    string            // immediate, same-day or routine
	Confidence string            // high, medium or low
	Reasons    []guidance.Reason // what drove it; Evidence is blank when hidden (document checks)
	NextSteps  []string          // what to do, in order
	Ask        []string          // what the router still needs to know
	Consent    string            // what to do about the family's agreement
	Guidance   string            // the guidance pack and version
	Contacts   []guidance.Contact
}

// CheckCard is the result of checking one file or pasted referral: a
// summary of the findings (never the document's words) and the route.
type CheckCard struct {
	Name     string        // the file name, or "pasted referral"
	Format   string        // the format read (docx, pdf, json ...)
	Error    string        // set when it could not be read; safe to show
	Score    int           // 0-100
	OK       bool          // nothing at or above the fail level
	Errors   int           // findings by severity
	Warnings int           //
	Infos    int           //
	Findings []FindingLine // most severe first, at most Options.MaxFindings
	More     int           // findings not listed
	Route    *RouteCard    // the suggested route, with no evidence quoted
}

// FindingLine is one finding as a chat reply lists it: no evidence, since
// evidence quotes the referral.
type FindingLine struct {
	Rule     string // "FD101"
	Name     string // "child-dob-missing"
	Severity string // error, warning or info
	Field    string // "child.date_of_birth"
	Message  string
	Fix      string
}

// RuleCard explains one rule.
type RuleCard struct {
	ID, Name, Area, Severity, Field, Message, Why, Fix, Source string
}

// ContactCard is who to call for one route.
type ContactCard struct {
	Route     RouteRef
	Urgency   string
	Timescale string
	Contacts  []guidance.Contact
	Note      string
}

// HelpCard says what the bot can do, with the router's questions when the
// message could not be placed and, for "contacts", the routes to choose from.
type HelpCard struct {
	Ask    []string   // what to say about a concern so it can be routed
	Routes []RouteRef // routes "contacts" knows, when asked without one
}

// RouteID is the primary route of the reply (a route answer, or the first
// routed check), for logs; "" when there is none.
func (r Reply) RouteID() string {
	if r.Route != nil {
		return r.Route.Route.ID
	}
	for _, c := range r.Checks {
		if c.Route != nil {
			return c.Route.Route.ID
		}
	}
	return ""
}

// RuleIDs lists the rule ids the reply shows (findings or the explained
// rule), sorted and without repeats, for logs.
func (r Reply) RuleIDs() []string {
	seen := map[string]bool{}
	if r.Rule != nil {
		seen[r.Rule.ID] = true
	}
	for _, c := range r.Checks {
		for _, f := range c.Findings {
			seen[f.Rule] = true
		}
	}
	out := make([]string, 0, len(seen))
	for id := range seen {
		out = append(out, id)
	}
	sort.Slice(out, func(i, j int) bool { return ruleLess(out[i], out[j]) })
	return out
}

func ruleLess(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

// routeCard resolves an answer's route names and contacts with the pack.
// withEvidence false blanks the evidence (it quotes a document).
func routeCard(p *guidance.Pack, a guidance.Answer, withEvidence bool) *RouteCard {
	c := &RouteCard{
		Level: a.Level, LevelName: a.LevelName, Route: routeRef(p, a.Route),
		Urgency: a.Urgency, Confidence: a.Confidence, NextSteps: a.NextSteps, Ask: a.Ask,
		Consent: a.Consent, Guidance: a.Guidance,
	}
	for _, id := range a.Also {
		c.Also = append(c.Also, routeRef(p, id))
	}
	c.Reasons = make([]guidance.Reason, len(a.Reasons))
	copy(c.Reasons, a.Reasons)
	if !withEvidence {
		for i := range c.Reasons {
			c.Reasons[i].Evidence = ""
		}
	}
	if r, ok := p.RouteInfo(a.Route); ok {
		c.Contacts = r.Contacts
	}
	return c
}

func routeRef(p *guidance.Pack, id string) RouteRef {
	if r, ok := p.RouteInfo(id); ok {
		return RouteRef{ID: id, Name: r.Name}
	}
	return RouteRef{ID: id}
}

// checkCard summarises a check result.
func checkCard(p *guidance.Pack, name string, res checker.Result, max int) CheckCard {
	c := CheckCard{Name: name, Format: res.Format, Error: res.Error, Score: res.Score, OK: res.OK}
	if res.Error != "" {
		return c
	}
	fs := make([]checker.Finding, len(res.Findings))
	copy(fs, res.Findings)
	// Most severe first; within a severity, the checker's order (location, rule).
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].Severity > fs[j].Severity })
	for _, f := range fs {
		switch f.Severity {
		case checker.Error:
			c.Errors++
		case checker.Warning:
			c.Warnings++
		default:
			c.Infos++
		}
	}
	for i, f := range fs {
		if i == max {
			c.More = len(fs) - max
			break
		}
		c.Findings = append(c.Findings, FindingLine{
			Rule: f.Rule, Name: f.Name, Severity: f.Severity.String(), Field: f.Field, Message: f.Message, Fix: f.Fix,
		})
	}
	if a, ok := res.Route.(guidance.Answer); ok {
		c.Route = routeCard(p, a, false)
	}
	return c
}
