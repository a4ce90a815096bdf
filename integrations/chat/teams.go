package chat

import (
	"fmt"
	"strings"

	"github.com/frontdoorhq/frontdoor/guidance"
)

// CardContentType is the content type of an Adaptive Card attachment.
const CardContentType = "application/vnd.microsoft.card.adaptive"

// AdaptiveCard is a Microsoft Adaptive Card (version 1.4, which Teams and
// Workflows render). Only the elements frontdoor uses are modelled.
type AdaptiveCard struct {
	Type    string        `json:"type"`    // "AdaptiveCard"
	Schema  string        `json:"$schema"` // the Adaptive Card schema URL
	Version string        `json:"version"` // "1.4"
	Body    []CardElement `json:"body"`
	MSTeams *CardMSTeams  `json:"msteams,omitempty"`
}

// CardMSTeams holds Teams' own card settings.
type CardMSTeams struct {
	Width string `json:"width,omitempty"` // "Full": use the whole message width
}

// CardElement is a TextBlock, a FactSet or a Container.
type CardElement struct {
	Type      string        `json:"type"`
	Text      string        `json:"text,omitempty"`      // TextBlock
	Size      string        `json:"size,omitempty"`      // TextBlock: Small, Medium, Large
	Weight    string        `json:"weight,omitempty"`    // TextBlock: Bolder
	Color     string        `json:"color,omitempty"`     // TextBlock: Attention, Warning, Good, Accent
	IsSubtle  bool          `json:"isSubtle,omitempty"`  // TextBlock
	Wrap      bool          `json:"wrap,omitempty"`      // TextBlock
	Facts     []CardFact    `json:"facts,omitempty"`     // FactSet
	Items     []CardElement `json:"items,omitempty"`     // Container
	Style     string        `json:"style,omitempty"`     // Container: emphasis, attention, warning, good
	Separator bool          `json:"separator,omitempty"` // any element
	Spacing   string        `json:"spacing,omitempty"`   // any element: Small, Medium, Large
}

// CardFact is one title and value in a FactSet.
type CardFact struct {
	Title string `json:"title"`
	Value string `json:"value"`
}

// NewCard returns an empty Adaptive Card 1.4 at full width.
func NewCard(body ...CardElement) AdaptiveCard {
	return AdaptiveCard{
		Type: "AdaptiveCard", Schema: "http://adaptivecards.io/schemas/adaptive-card.json", Version: "1.4",
		Body: body, MSTeams: &CardMSTeams{Width: "Full"},
	}
}

// TextBlock returns a wrapping TextBlock.
func TextBlock(text string) CardElement {
	return CardElement{Type: "TextBlock", Text: text, Wrap: true}
}

// Heading returns a bold, medium TextBlock.
func Heading(text string) CardElement {
	return CardElement{Type: "TextBlock", Text: text, Wrap: true, Weight: "Bolder", Size: "Medium"}
}

// FactSet returns a FactSet of the facts given as title, value pairs.
func FactSet(pairs ...string) CardElement {
	fs := CardElement{Type: "FactSet"}
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] != "" {
			fs.Facts = append(fs.Facts, CardFact{Title: pairs[i], Value: pairs[i+1]})
		}
	}
	return fs
}

// Teams renders a reply as an Adaptive Card.
func Teams(r Reply) AdaptiveCard {
	var body []CardElement
	if r.Notice != "" {
		n := TextBlock(r.Notice)
		n.IsSubtle = r.Kind != KindNote // a note is the whole reply
		body = append(body, n)
	}
	switch r.Kind {
	case KindRoute:
		if r.Route != nil {
			body = append(body, teamsRoute(r.Route)...)
		}
	case KindCheck:
		for _, c := range r.Checks {
			body = append(body, teamsCheck(c))
		}
	case KindExplain:
		if x := r.Rule; x != nil {
			body = append(body, Heading(x.ID+" "+x.Name),
				FactSet("Field", x.Field, "Area", x.Area, "Severity", x.Severity),
				section2("Checks", x.Message), section2("Why", x.Why), section2("Fix", x.Fix))
			if x.Source != "" {
				s := TextBlock("Source: " + x.Source)
				s.IsSubtle = true
				body = append(body, s)
			}
		}
	case KindContacts:
		for _, c := range r.Contacts {
			items := []CardElement{Heading(c.Route.Title() + bracket(c.Urgency, c.Timescale))}
			items = append(items, TextBlock(mdList(contactLines(c.Contacts))))
			if c.Note != "" {
				items = append(items, TextBlock(c.Note))
			}
			body = append(body, CardElement{Type: "Container", Items: items, Separator: true})
		}
	case KindAnswer:
		note := TextBlock(answerNote)
		note.IsSubtle = true
		body = append(body, TextBlock(r.Answer), note)
	case KindHelp:
		body = append(body, teamsHelp(r.Help)...)
	}
	return NewCard(body...)
}

func teamsRoute(c *RouteCard) []CardElement {
	title := c.Route.Title()
	if c.Level != nil {
		title = fmt.Sprintf("Level %d · %s", *c.Level, title)
	}
	head := Heading(title)
	head.Size = "Large"
	if c.Urgency == "immediate" {
		head.Color = "Attention"
	}
	level := ""
	if c.Level != nil {
		level = fmt.Sprintf("%d, %s", *c.Level, c.LevelName)
	}
	body := []CardElement{head, FactSet(
		"Route", c.Route.Label(), "Level", level, "Also", joinRoutes(c.Also, RouteRef.Label),
		"Urgency", c.Urgency, "Confidence", c.Confidence,
	)}
	if len(c.Reasons) > 0 {
		lines := make([]string, len(c.Reasons))
		for i, r := range c.Reasons {
			lines[i] = reasonLine(r, func(s string) string { return "“" + s + "”" })
		}
		body = append(body, section2("Why", mdList(lines)))
	}
	if len(c.NextSteps) > 0 {
		lines := make([]string, len(c.NextSteps))
		for i, s := range c.NextSteps {
			lines[i] = fmt.Sprintf("%d. %s", i+1, s)
		}
		body = append(body, section2("Next steps", strings.Join(lines, "\n")))
	}
	if len(c.Ask) > 0 {
		body = append(body, section2("Still to find out", mdList(c.Ask)))
	}
	if len(c.Contacts) > 0 {
		body = append(body, section2("Contacts: "+c.Route.Title(), mdList(contactLines(c.Contacts))))
	}
	if c.Consent != "" {
		body = append(body, section2("Consent", c.Consent))
	}
	foot := TextBlock("Guidance: " + c.Guidance + " · " + disclaimer)
	foot.IsSubtle, foot.Size = true, "Small"
	return append(body, foot)
}

func teamsCheck(c CheckCard) CardElement {
	title := "Check: " + c.Name
	if c.Format != "" {
		title += " (" + c.Format + ")"
	}
	items := []CardElement{Heading(title)}
	if c.Error != "" {
		t := TextBlock("Could not check it: " + c.Error)
		t.Color = "Attention"
		return CardElement{Type: "Container", Items: append(items, t), Separator: true}
	}
	items = append(items, TextBlock(checkSummary(c)))
	for _, f := range c.Findings {
		s := fmt.Sprintf("**%s %s** %s (%s)\n\n%s", f.Severity, f.Rule, f.Name, f.Field, f.Message)
		if f.Fix != "" {
			s += " Fix: " + f.Fix
		}
		items = append(items, TextBlock(s))
	}
	if c.More > 0 {
		t := TextBlock(fmt.Sprintf("…and %d more: `frontdoor check` lists them all.", c.More))
		t.IsSubtle = true
		items = append(items, t)
	}
	if c.Route != nil {
		items = append(items, TextBlock("**Suggested route:** "+routeSummary(c.Route, RouteRef.Label)))
	}
	return CardElement{Type: "Container", Items: items, Separator: true}
}

func teamsHelp(h *HelpCard) []CardElement {
	lines := make([]string, len(helpItems))
	for i, it := range helpItems {
		lines[i] = fmt.Sprintf("%s e.g. *%s*", it.does, it.say)
	}
	body := []CardElement{
		TextBlock("I answer **which route for this concern?** from the safeguarding guidance, and check draft referrals."),
		TextBlock(mdList(lines)),
	}
	if h == nil {
		return body
	}
	if len(h.Ask) > 0 {
		body = append(body, section2("To route a concern I need to know", mdList(h.Ask)))
	}
	if len(h.Routes) > 0 {
		ids := make([]string, len(h.Routes))
		for i, r := range h.Routes {
			ids[i] = r.Label()
		}
		body = append(body, section2("Routes", mdList(ids)))
	}
	return body
}

// section2 is a bold title over wrapping text.
func section2(title, text string) CardElement {
	return CardElement{Type: "Container", Items: []CardElement{
		{Type: "TextBlock", Text: title, Weight: "Bolder", Wrap: true},
		TextBlock(text),
	}, Spacing: "Medium"}
}

func contactLines(cs []guidance.Contact) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = contactLine(c)
	}
	return out
}

// mdList is a Markdown bullet list, which TextBlocks render.
func mdList(items []string) string {
	lines := make([]string, len(items))
	for i, s := range items {
		lines[i] = "- " + s
	}
	return strings.Join(lines, "\n")
}
