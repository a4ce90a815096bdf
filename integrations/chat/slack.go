package chat

import (
	"fmt"
	"strings"

	"github.com/slack-go/slack"
)

// Slack action ids. A button's action_id is the prefix, "_" and its value,
// unique within its block as Slack requires; the value is a route or rule id.
const (
	ActionContacts = "frontdoor_contacts" // value: a route id
	ActionExplain  = "frontdoor_explain"  // value: a rule id
	ActionHelp     = "frontdoor_help"     // value: ignored
)

// Slack's limits on Block Kit messages.
const (
	slackMaxBlocks  = 50
	slackMaxText    = 3000 // characters in a section's text
	slackMaxHeader  = 150  // characters in a header
	slackMaxButtons = 5    // buttons we put in one actions block (Slack allows 25)
)

// ActionText turns a button press (its action_id and value) into the
// message the engine understands, or reports that the action is not ours.
func ActionText(actionID, value string) (string, bool) {
	switch {
	case strings.HasPrefix(actionID, ActionContacts) && value != "":
		return "contacts " + value, true
	case strings.HasPrefix(actionID, ActionExplain) && value != "":
		return "explain " + value, true
	case strings.HasPrefix(actionID, ActionHelp):
		return "help", true
	}
	return "", false
}

// Slack renders a reply as Block Kit blocks, with the fallback text Slack
// shows in notifications. The fallback names the route or the counts only,
// never a message's words.
func Slack(r Reply) ([]slack.Block, string) {
	var bs []slack.Block
	switch {
	case r.Kind == KindNote:
		bs = append(bs, section(esc(r.Notice)))
	case r.Notice != "":
		bs = append(bs, slack.NewContextBlock("", mrkdwn(esc(r.Notice))))
	}
	switch r.Kind {
	case KindRoute:
		if r.Route != nil {
			bs = append(bs, slackRoute(r.Route)...)
		}
	case KindCheck:
		for i, c := range r.Checks {
			if i > 0 {
				bs = append(bs, slack.NewDividerBlock())
			}
			bs = append(bs, slackCheck(c)...)
		}
	case KindExplain:
		if x := r.Rule; x != nil {
			bs = append(bs,
				slack.NewHeaderBlock(plain(x.ID+" "+x.Name)),
				section(fmt.Sprintf("*Checks:* %s\n*Why:* %s\n*Fix:* %s", esc(x.Message), esc(x.Why), esc(x.Fix))),
				slack.NewContextBlock("", mrkdwn(fmt.Sprintf("Field `%s` · %s · default %s%s", esc(x.Field), esc(x.Area), esc(x.Severity), sourceSuffix(x.Source)))),
			)
		}
	case KindContacts:
		for _, c := range r.Contacts {
			var b strings.Builder
			fmt.Fprintf(&b, "*%s* (`%s`)%s", esc(c.Route.Title()), esc(c.Route.ID), esc(bracket(c.Urgency, c.Timescale)))
			for _, ct := range c.Contacts {
				fmt.Fprintf(&b, "\n• %s", esc(contactLine(ct)))
			}
			if c.Note != "" {
				fmt.Fprintf(&b, "\n_%s_", esc(c.Note))
			}
			bs = append(bs, section(b.String()))
		}
	case KindAnswer:
		bs = append(bs, section(esc(r.Answer)), slack.NewContextBlock("", mrkdwn(esc(answerNote))))
	case KindHelp:
		bs = append(bs, slackHelp(r.Help)...)
	}
	if len(bs) > slackMaxBlocks {
		bs = append(bs[:slackMaxBlocks-1], slack.NewContextBlock("", mrkdwn("The reply was too long for Slack and has been cut short.")))
	}
	return bs, Fallback(r)
}

// Fallback is a one-line summary of a reply for notifications and logs of
// what was sent: the route or the counts, never a message's words.
func Fallback(r Reply) string {
	switch r.Kind {
	case KindRoute:
		if r.Route != nil {
			return routeSummary(r.Route, RouteRef.Title)
		}
	case KindCheck:
		var parts []string
		for _, c := range r.Checks {
			if c.Error != "" {
				parts = append(parts, "could not read one file")
				continue
			}
			s := fmt.Sprintf("%s, %s", plural(c.Errors, "error"), plural(c.Warnings, "warning"))
			if c.Route != nil {
				s += "; suggested route " + c.Route.Route.Title()
			}
			parts = append(parts, s)
		}
		return "Referral check: " + strings.Join(parts, " | ")
	case KindExplain:
		if r.Rule != nil {
			return r.Rule.ID + " " + r.Rule.Name
		}
	case KindContacts:
		var names []string
		for _, c := range r.Contacts {
			names = append(names, c.Route.Title())
		}
		return "Contacts: " + strings.Join(names, "; ")
	case KindAnswer:
		return "An answer (not from the guidance)"
	case KindNote:
		return r.Notice
	}
	return "frontdoor: how to ask"
}

func slackRoute(c *RouteCard) []slack.Block {
	title := c.Route.Title()
	if c.Level != nil {
		title = fmt.Sprintf("Level %d · %s", *c.Level, title)
	}
	bs := []slack.Block{slack.NewHeaderBlock(plain(title))}
	var b strings.Builder
	fmt.Fprintf(&b, "*Route:* %s (`%s`)", esc(c.Route.Title()), esc(c.Route.ID))
	if c.Level != nil {
		fmt.Fprintf(&b, "\n*Level:* %d, %s", *c.Level, esc(c.LevelName))
	}
	if len(c.Also) > 0 {
		fmt.Fprintf(&b, "\n*Also:* %s", esc(joinRoutes(c.Also, RouteRef.Label)))
	}
	fmt.Fprintf(&b, "\n*Urgency:* %s · *Confidence:* %s", esc(c.Urgency), esc(c.Confidence))
	bs = append(bs, section(b.String()))
	if len(c.Reasons) > 0 {
		lines := make([]string, len(c.Reasons))
		for i, r := range c.Reasons {
			lines[i] = "• " + esc(reasonLine(r, func(s string) string { return "“" + s + "”" }))
		}
		bs = append(bs, section("*Why*\n"+strings.Join(lines, "\n")))
	}
	if len(c.NextSteps) > 0 {
		lines := make([]string, len(c.NextSteps))
		for i, s := range c.NextSteps {
			lines[i] = fmt.Sprintf("%d. %s", i+1, esc(s))
		}
		bs = append(bs, section("*Next steps*\n"+strings.Join(lines, "\n")))
	}
	if len(c.Ask) > 0 {
		bs = append(bs, section("*Still to find out*\n"+bullets(c.Ask)))
	}
	if len(c.Contacts) > 0 {
		lines := make([]string, len(c.Contacts))
		for i, ct := range c.Contacts {
			lines[i] = "• " + esc(contactLine(ct))
		}
		bs = append(bs, section(fmt.Sprintf("*Contacts: %s*\n%s", esc(c.Route.Title()), strings.Join(lines, "\n"))))
	}
	if c.Consent != "" {
		bs = append(bs, section("*Consent:* "+esc(c.Consent)))
	}
	bs = append(bs, slack.NewContextBlock("", mrkdwn(fmt.Sprintf("Guidance: %s · %s", esc(c.Guidance), disclaimer))))
	var buttons []slack.BlockElement
	for _, a := range c.Also {
		if len(buttons) == slackMaxButtons-1 {
			break
		}
		buttons = append(buttons, button(ActionContacts, a.ID, "Contacts: "+a.Title()))
	}
	buttons = append(buttons, button(ActionHelp, "help", "Help"))
	return append(bs, slack.NewActionBlock("frontdoor_route_actions", buttons...))
}

func slackCheck(c CheckCard) []slack.Block {
	title := "Check: " + c.Name
	if c.Format != "" {
		title += " (" + c.Format + ")"
	}
	bs := []slack.Block{slack.NewHeaderBlock(plain(title))}
	if c.Error != "" {
		return append(bs, section("Could not check it: "+esc(c.Error)))
	}
	verdict := "nothing at the fail level"
	if !c.OK {
		verdict = "not ready to send"
	}
	bs = append(bs, section(fmt.Sprintf("*Score %d*: %s, %s, %d info · %s", c.Score,
		plural(c.Errors, "error"), plural(c.Warnings, "warning"), c.Infos, verdict)))
	var buttons []slack.BlockElement
	for _, f := range c.Findings {
		s := fmt.Sprintf("%s *%s* %s · `%s`\n%s", severityMark(f.Severity), esc(f.Rule), esc(f.Name), esc(f.Field), esc(f.Message))
		if f.Fix != "" {
			s += "\n_Fix:_ " + esc(f.Fix)
		}
		bs = append(bs, section(s))
		if len(buttons) < slackMaxButtons && !hasButton(buttons, f.Rule) {
			buttons = append(buttons, button(ActionExplain, f.Rule, "Explain "+f.Rule))
		}
	}
	if c.More > 0 {
		bs = append(bs, slack.NewContextBlock("", mrkdwn(fmt.Sprintf("…and %d more: `frontdoor check` lists them all.", c.More))))
	}
	if c.Route != nil {
		bs = append(bs, section("*Suggested route:* "+esc(routeSummary(c.Route, RouteRef.Label))))
	}
	if len(buttons) > 0 {
		bs = append(bs, slack.NewActionBlock("", buttons...))
	}
	return bs
}

func slackHelp(h *HelpCard) []slack.Block {
	bs := []slack.Block{section("I answer *which route for this concern?* from the safeguarding guidance, and check draft referrals.")}
	lines := make([]string, len(helpItems))
	for i, it := range helpItems {
		lines[i] = fmt.Sprintf("• %s\n    e.g. `%s`", esc(it.does), esc(it.say))
	}
	bs = append(bs, section(strings.Join(lines, "\n")))
	if h == nil {
		return bs
	}
	if len(h.Ask) > 0 {
		bs = append(bs, section("*To route a concern I need to know*\n"+bullets(h.Ask)))
	}
	if len(h.Routes) > 0 {
		ids := make([]string, len(h.Routes))
		for i, r := range h.Routes {
			ids[i] = fmt.Sprintf("`%s` %s", esc(r.ID), esc(r.Name))
		}
		bs = append(bs, section("*Routes*\n"+strings.Join(ids, "\n")))
	}
	return bs
}

func severityMark(s string) string {
	switch s {
	case "error":
		return ":red_circle: error"
	case "warning":
		return ":large_orange_circle: warning"
	}
	return ":large_blue_circle: info"
}

func hasButton(bs []slack.BlockElement, value string) bool {
	for _, b := range bs {
		if bb, ok := b.(*slack.ButtonBlockElement); ok && bb.Value == value {
			return true
		}
	}
	return false
}

func button(prefix, value, label string) *slack.ButtonBlockElement {
	return slack.NewButtonBlockElement(prefix+"_"+value, value, plain(truncate(label, 75)))
}

func bullets(items []string) string {
	lines := make([]string, len(items))
	for i, s := range items {
		lines[i] = "• " + esc(s)
	}
	return strings.Join(lines, "\n")
}

func sourceSuffix(s string) string {
	if s == "" {
		return ""
	}
	return " · " + esc(s)
}

func section(s string) *slack.SectionBlock {
	return slack.NewSectionBlock(mrkdwn(s), nil, nil)
}

func mrkdwn(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, truncate(s, slackMaxText), false, false)
}

func plain(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, truncate(s, slackMaxHeader), false, false)
}

// esc escapes the three characters Slack's mrkdwn treats as control
// characters, so text from a message or the guidance cannot turn into a
// mention (<!channel>) or a link.
var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

func esc(s string) string { return escaper.Replace(s) }
