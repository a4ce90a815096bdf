package assist

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/sashabaranov/go-openai/jsonschema"

	"github.com/frontdoorhq/frontdoor/checker/referral"
	"github.com/frontdoorhq/frontdoor/guidance"
)

// Opinion is the model's second opinion on the rules' route. It never
// changes the rules' answer: the rules' level is a floor, and their route
// and duties stand. The model can raise a concern (a higher level, another
// route, a duty the rules did not name) or add a question, and every
// difference from the rules is listed in Disagreements for the person to
// weigh. Level, Route and Also are the model's view, never applied.
type Opinion struct {
	Model         string   `json:"model,omitempty"`
	Used          bool     `json:"used"`                    // the model answered and its answer passed validation
	Agrees        bool     `json:"agrees"`                  // same level, route and duties as the rules
	Level         *int     `json:"level,omitempty"`         // the model's level; the rules' level stands
	Route         string   `json:"route,omitempty"`         // the model's primary route; the rules' route stands
	Also          []string `json:"also,omitempty"`          // the model's further routes
	Rationale     string   `json:"rationale,omitempty"`     // the model's reasons, placeholders restored
	Concerns      []string `json:"concerns,omitempty"`      // concerns the model raises beyond the rules' reasons
	Questions     []string `json:"questions,omitempty"`     // questions the model would add to the rules' ask
	Disagreements []string `json:"disagreements,omitempty"` // each difference from the rules, in words, and what stands
	Note          string   `json:"note,omitempty"`          // why the model's answer was not used, when it was not
}

type opinionReply struct {
	Level     string   `json:"level"`
	Route     string   `json:"route"`
	Also      []string `json:"also"`
	Rationale string   `json:"rationale"`
	Concerns  []string `json:"concerns"`
	Questions []string `json:"questions"`
}

// Limits on what is taken from a reply.
const (
	maxRationale = 1500 // runes
	maxItem      = 400  // runes per concern or question
	maxItems     = 5    // concerns, questions
)

func routeIDs(p *guidance.Pack) []string {
	ids := make([]string, 0, len(p.Routes))
	for _, r := range p.Routes {
		ids = append(ids, r.ID)
	}
	return ids
}

func opinionSchema(p *guidance.Pack) *jsonschema.Definition {
	ids := routeIDs(p)
	d := object(map[string]jsonschema.Definition{
		"level":     enum("the threshold level you judge the concern meets, or none", []string{"1", "2", "3", "4", "none"}),
		"route":     enum("the primary route id you judge right", ids),
		"also":      array(enum("a route id", ids), "further routes or duties required alongside, most urgent first; empty if none"),
		"rationale": str("your reasons, in two to five sentences, citing the words of the concern"),
		"concerns":  array(str("a concern"), "concerns the rules' answer does not mention; empty if none"),
		"questions": array(str("a question"), "questions the referrer should answer before deciding; empty if none"),
	}, "")
	return &d
}

func opinionInstructions(p *guidance.Pack) string {
	var b strings.Builder
	fmt.Fprintf(&b, "You give a second opinion on which safeguarding route a concern about a child needs, under the guidance pack %q (%s). ", p.ID, p.Area)
	b.WriteString(`A rules engine has already answered from the guidance; you cannot change its answer, and a lower level from you never lowers it. ` +
		`Judge the concern yourself: if it seems more serious than the rules' level, or needs a route or duty they did not name, say so and why; ` +
		`if information is missing, ask for it. When in doubt between two levels, choose the higher. `)
	b.WriteString(dataRule)
	b.WriteString("\n\nLevels:\n")
	for _, l := range p.Levels {
		fmt.Fprintf(&b, "- %d %s (route %s): %s\n", l.Number, l.Name, l.Route, l.Responds)
	}
	b.WriteString("\nRoutes:\n")
	for _, r := range p.Routes {
		fmt.Fprintf(&b, "- %s: %s\n", r.ID, r.Name)
	}
	return b.String()
}

// SecondOpinion asks the model for a second opinion on the rules' answer to
// a concern. text is the concern (for a referral, guidance.ConcernText);
// x is the Redactor that knows the referral's personal values
// (NewRedactorFor), or nil to find them in the text alone.
//
// The reply is validated (schema, route ids of the pack, lengths) and
// compared with the rules' answer; the rules' answer is never changed. On
// any failure the Note says why and the rules' answer stands. A nil Client
// returns a note that model assistance is not configured.
func (c *Client) SecondOpinion(ctx context.Context, p *guidance.Pack, text string, rules guidance.Answer, x *Redactor) Opinion {
	if c == nil {
		return Opinion{Note: notConfigured}
	}
	op := Opinion{Model: c.cfg.Model}
	if x == nil {
		x = NewRedactor()
	}
	text, cut := capText(text)
	sent := x.Redact(text)
	schema := opinionSchema(p)
	content, err := c.complete(ctx, request{
		name: "frontdoor_second_opinion", system: opinionInstructions(p),
		user:   rulesSummary(p, rules) + "\n\nThe concern:\n" + dataBlock("referral", sent),
		schema: schema, maxTokens: 1200, redactor: x,
	})
	if err != nil {
		op.Note = noteFor(err) + " The rules' answer stands."
		return op
	}
	var reply opinionReply
	if err := decodeReply(content, schema, &reply); err != nil {
		op.Note = noteFor(err) + " The rules' answer stands."
		return op
	}
	if err := checkOpinion(p, &reply); err != nil {
		op.Note = noteFor(err) + " The rules' answer stands."
		return op
	}
	op.Used = true
	if reply.Level != "none" {
		n, _ := strconv.Atoi(reply.Level)
		op.Level = &n
	}
	op.Route = reply.Route
	op.Also = reply.Also
	op.Rationale = x.Restore(clip(reply.Rationale, maxRationale))
	op.Concerns = restoreAll(x, reply.Concerns)
	op.Questions = restoreAll(x, reply.Questions)
	op.Disagreements = compare(p, rules, op)
	op.Agrees = len(op.Disagreements) == 0
	if cut {
		op.Note = strings.TrimSpace(cutNote)
	}
	return op
}

// rulesSummary tells the model what the rules decided: ids and names only,
// no evidence (the evidence quotes the referral, which goes in redacted).
func rulesSummary(p *guidance.Pack, a guidance.Answer) string {
	var b strings.Builder
	b.WriteString("The rules' answer: ")
	if a.Level != nil {
		fmt.Fprintf(&b, "Level %d (%s), ", *a.Level, a.LevelName)
	} else {
		b.WriteString("no level, ")
	}
	fmt.Fprintf(&b, "route %s", a.Route)
	if len(a.Also) > 0 {
		fmt.Fprintf(&b, ", also %s", strings.Join(a.Also, ", "))
	}
	fmt.Fprintf(&b, "; confidence %s.", a.Confidence)
	if len(a.Reasons) > 0 {
		ids := make([]string, len(a.Reasons))
		for i, r := range a.Reasons {
			ids[i] = r.Indicator
		}
		fmt.Fprintf(&b, " Indicators matched: %s.", strings.Join(ids, ", "))
	}
	return b.String()
}

// checkOpinion validates a reply beyond its schema: a local server may
// have ignored the schema's enums.
func checkOpinion(p *guidance.Pack, r *opinionReply) error {
	switch r.Level {
	case "1", "2", "3", "4", "none":
	default:
		return invalid("level is not 1-4 or none")
	}
	if _, ok := p.RouteInfo(r.Route); !ok {
		return invalid("unknown route id")
	}
	seen := map[string]bool{r.Route: true}
	also := r.Also[:0]
	for _, id := range r.Also {
		if _, ok := p.RouteInfo(id); !ok {
			return invalid("unknown route id")
		}
		if !seen[id] {
			seen[id] = true
			also = append(also, id)
		}
	}
	r.Also = also
	if strings.TrimSpace(r.Rationale) == "" {
		return invalid("no rationale")
	}
	return nil
}

func clip(s string, n int) string {
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

func restoreAll(x *Redactor, items []string) []string {
	var out []string
	for _, s := range items {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		out = append(out, x.Restore(clip(s, maxItem)))
		if len(out) == maxItems {
			break
		}
	}
	return out
}

// compare lists each difference between the model's view and the rules',
// saying in each case what stands. The rules' level is a floor: a lower
// level or a less protective route from the model is shown, never applied.
func compare(p *guidance.Pack, rules guidance.Answer, op Opinion) []string {
	var out []string
	levelName := func(n int) string {
		if l, ok := p.LevelInfo(n); ok {
			return fmt.Sprintf("Level %d (%s)", n, l.Name)
		}
		return fmt.Sprintf("Level %d", n)
	}
	routeName := func(id string) string {
		if r, ok := p.RouteInfo(id); ok && r.Name != "" {
			return r.Name + " (" + id + ")"
		}
		return id
	}
	switch rl, ml := rules.Level, op.Level; {
	case rl != nil && ml != nil && *ml > *rl:
		out = append(out, fmt.Sprintf("The model would put this at %s, above the rules' %s. The rules' route is shown; weigh the model's reasons with your DSL and go higher if they hold.", levelName(*ml), levelName(*rl)))
	case rl != nil && ml != nil && *ml < *rl:
		out = append(out, fmt.Sprintf("The model suggested %s, below the rules' %s. The rules' level is a floor: it stays at %s.", levelName(*ml), levelName(*rl), levelName(*rl)))
	case rl == nil && ml != nil:
		out = append(out, fmt.Sprintf("The rules found no level; the model would put this at %s. Weigh its reasons with your DSL.", levelName(*ml)))
	case rl != nil && ml == nil:
		out = append(out, fmt.Sprintf("The model found no level; the rules' %s stands.", levelName(*rl)))
	}
	if op.Route != rules.Route {
		if referral.ProtectiveRank(op.Route) < referral.ProtectiveRank(rules.Route) {
			out = append(out, fmt.Sprintf("The model would route this to %s rather than %s. The rules' route is shown; consider the model's reasons.", routeName(op.Route), routeName(rules.Route)))
		} else {
			out = append(out, fmt.Sprintf("The model suggested %s, which is no more protective than the rules' %s. The rules' route stands.", routeName(op.Route), routeName(rules.Route)))
		}
	}
	ruleSet := map[string]bool{rules.Route: true}
	for _, id := range rules.Also {
		ruleSet[id] = true
	}
	modelSet := map[string]bool{op.Route: true}
	var extra []string
	for _, id := range op.Also {
		modelSet[id] = true
		if !ruleSet[id] {
			extra = append(extra, routeName(id))
		}
	}
	if len(extra) > 0 {
		out = append(out, fmt.Sprintf("The model would also involve %s, which the rules did not name. Check whether that duty applies.", strings.Join(extra, ", ")))
	}
	var kept []string
	for _, id := range rules.Also {
		if !modelSet[id] {
			kept = append(kept, routeName(id))
		}
	}
	sort.Strings(kept)
	if len(kept) > 0 {
		out = append(out, fmt.Sprintf("The model did not name %s; the rules require it, so it stays.", strings.Join(kept, ", ")))
	}
	return out
}
