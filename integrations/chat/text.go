package chat

import (
	"fmt"
	"strings"

	"github.com/frontdoorhq/frontdoor/guidance"
)

// helpItem is one thing the bot can do, as help lists it.
type helpItem struct{ say, does string }

var helpItems = []helpItem{
	{"Year 4 boy says dad hit him with a belt", "Describe a concern in a sentence or two: I answer with the level, the route and any duties beside it, why, the next steps and what still to find out."},
	{"she is 12", "Add detail in the same thread: I refine the answer and say what changed."},
	{"check <the referral, pasted>", "Paste a draft referral, or attach one (PDF, Word, text or email; files in Slack and the terminal): I list what is missing or weak and suggest the route."},
	{"explain FD704", "Why a rule exists and how to satisfy it."},
	{"contacts mash", "Who to call for a route; \"contacts\" alone in a thread gives the contacts for its answer."},
	{"new", "Forget this thread and start afresh."},
}

// disclaimer closes route answers: the guidance suggests, the DSL decides.
const disclaimer = "frontdoor suggests a route from the guidance; the decision is the DSL's."

// answerNote marks an Answerer's text as not coming from the guidance.
const answerNote = "This answer is not from the guidance pack and does not change any route."

// Text renders a reply as plain text, for the terminal and for transports
// that cannot show cards.
func Text(r Reply) string {
	var b strings.Builder
	if r.Notice != "" {
		b.WriteString(r.Notice)
		b.WriteString("\n\n")
	}
	switch r.Kind {
	case KindRoute:
		if r.Route != nil {
			textRoute(&b, r.Route)
		}
	case KindCheck:
		for i, c := range r.Checks {
			if i > 0 {
				b.WriteString("\n")
			}
			textCheck(&b, c)
		}
	case KindExplain:
		if x := r.Rule; x != nil {
			fmt.Fprintf(&b, "%s %s (%s, default %s)\n", x.ID, x.Name, x.Area, x.Severity)
			fmt.Fprintf(&b, "  Field:   %s\n", x.Field)
			fmt.Fprintf(&b, "  Checks:  %s\n", x.Message)
			fmt.Fprintf(&b, "  Why:     %s\n", x.Why)
			fmt.Fprintf(&b, "  Fix:     %s\n", x.Fix)
			if x.Source != "" {
				fmt.Fprintf(&b, "  Source:  %s\n", x.Source)
			}
		}
	case KindContacts:
		for i, c := range r.Contacts {
			if i > 0 {
				b.WriteString("\n")
			}
			fmt.Fprintf(&b, "%s%s\n", c.Route.Label(), bracket(c.Urgency, c.Timescale))
			for _, ct := range c.Contacts {
				fmt.Fprintf(&b, "  - %s\n", contactLine(ct))
			}
			if c.Note != "" {
				fmt.Fprintf(&b, "  %s\n", c.Note)
			}
		}
	case KindAnswer:
		fmt.Fprintf(&b, "%s\n\n(%s)\n", r.Answer, answerNote)
	case KindHelp:
		textHelp(&b, r.Help)
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}

func textRoute(b *strings.Builder, c *RouteCard) {
	fmt.Fprintf(b, "Route: %s\n", c.Route.Label())
	if c.Level != nil {
		fmt.Fprintf(b, "Level: %d, %s\n", *c.Level, c.LevelName)
	}
	if len(c.Also) > 0 {
		fmt.Fprintf(b, "Also: %s\n", joinRoutes(c.Also, RouteRef.Label))
	}
	fmt.Fprintf(b, "Urgency: %s. Confidence: %s.\n", c.Urgency, c.Confidence)
	if len(c.Reasons) > 0 {
		b.WriteString("\nWhy:\n")
		for _, r := range c.Reasons {
			fmt.Fprintf(b, "  - %s\n", reasonLine(r, func(s string) string { return fmt.Sprintf("%q", s) }))
		}
	}
	if len(c.NextSteps) > 0 {
		b.WriteString("\nNext steps:\n")
		for i, s := range c.NextSteps {
			fmt.Fprintf(b, "  %d. %s\n", i+1, s)
		}
	}
	if len(c.Ask) > 0 {
		b.WriteString("\nStill to find out:\n")
		for _, q := range c.Ask {
			fmt.Fprintf(b, "  - %s\n", q)
		}
	}
	if len(c.Contacts) > 0 {
		fmt.Fprintf(b, "\nContacts (%s):\n", c.Route.Title())
		for _, ct := range c.Contacts {
			fmt.Fprintf(b, "  - %s\n", contactLine(ct))
		}
	}
	if c.Consent != "" {
		fmt.Fprintf(b, "\nConsent: %s\n", c.Consent)
	}
	fmt.Fprintf(b, "\nGuidance: %s. %s\n", c.Guidance, disclaimer)
}

func textCheck(b *strings.Builder, c CheckCard) {
	if c.Error != "" {
		fmt.Fprintf(b, "%s: could not check it: %s\n", c.Name, c.Error)
		return
	}
	fmt.Fprintf(b, "%s (%s): %s\n", c.Name, c.Format, checkSummary(c))
	for _, f := range c.Findings {
		fmt.Fprintf(b, "  %-7s %s %s [%s]\n", f.Severity, f.Rule, f.Name, f.Field)
		fmt.Fprintf(b, "          %s\n", f.Message)
		if f.Fix != "" {
			fmt.Fprintf(b, "          Fix: %s\n", f.Fix)
		}
	}
	if c.More > 0 {
		fmt.Fprintf(b, "  ... and %d more (`frontdoor check` lists them all)\n", c.More)
	}
	if c.Route != nil {
		fmt.Fprintf(b, "  Suggested route: %s\n", routeSummary(c.Route, RouteRef.Label))
	}
}

func textHelp(b *strings.Builder, h *HelpCard) {
	b.WriteString("I answer \"which route for this concern?\" from the safeguarding guidance, and check draft referrals.\n")
	for _, it := range helpItems {
		fmt.Fprintf(b, "  - %s\n      e.g. %s\n", it.does, it.say)
	}
	if h == nil {
		return
	}
	if len(h.Ask) > 0 {
		b.WriteString("\nTo route a concern I need to know:\n")
		for _, q := range h.Ask {
			fmt.Fprintf(b, "  - %s\n", q)
		}
	}
	if len(h.Routes) > 0 {
		b.WriteString("\nRoutes:\n")
		for _, r := range h.Routes {
			fmt.Fprintf(b, "  - %s\n", r.Label())
		}
	}
}

// checkSummary is "score 62: 3 errors, 5 warnings, 2 info".
func checkSummary(c CheckCard) string {
	return fmt.Sprintf("score %d: %s, %s, %d info", c.Score, plural(c.Errors, "error"), plural(c.Warnings, "warning"), c.Infos)
}

// routeSummary is one line: "Level 4, MASH: phone now (mash-urgent); also Police (police). Urgency: immediate."
func routeSummary(c *RouteCard, name func(RouteRef) string) string {
	var b strings.Builder
	if c.Level != nil {
		fmt.Fprintf(&b, "Level %d, ", *c.Level)
	}
	b.WriteString(name(c.Route))
	if len(c.Also) > 0 {
		b.WriteString("; also ")
		b.WriteString(joinRoutes(c.Also, name))
	}
	fmt.Fprintf(&b, ". Urgency: %s. Confidence: %s.", c.Urgency, c.Confidence)
	return b.String()
}

func joinRoutes(rs []RouteRef, name func(RouteRef) string) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = name(r)
	}
	return strings.Join(parts, "; ")
}

// reasonLine is "indicator (Level 4): evidence", the evidence quoted by quote.
func reasonLine(r guidance.Reason, quote func(string) string) string {
	s := r.Indicator
	if r.Level > 0 {
		s += fmt.Sprintf(" (Level %d)", r.Level)
	} else if r.Route != "" {
		s += " (" + r.Route + ")"
	}
	if r.Evidence != "" {
		s += ": " + quote(r.Evidence)
	}
	return s
}

// contactLine is "Oxfordshire MASH: 0345 050 7666, mash@example.org (Mon-Fri 9-5); note".
func contactLine(c guidance.Contact) string {
	var ways []string
	for _, w := range []string{c.Phone, c.Email, c.URL} {
		if w != "" {
			ways = append(ways, w)
		}
	}
	s := c.Name
	if len(ways) > 0 {
		s += ": " + strings.Join(ways, ", ")
	}
	if c.Hours != "" {
		s += " (" + c.Hours + ")"
	}
	if c.Note != "" {
		s += "; " + c.Note
	}
	return s
}

// bracket is " [same-day, within 24 hours]", or "" when both are empty.
func bracket(parts ...string) string {
	var ps []string
	for _, p := range parts {
		if p != "" {
			ps = append(ps, p)
		}
	}
	if len(ps) == 0 {
		return ""
	}
	return " [" + strings.Join(ps, ", ") + "]"
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}
