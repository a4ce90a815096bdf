package chat_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/frontdoorhq/frontdoor/guidance"
	"github.com/frontdoorhq/frontdoor/integrations/chat"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func intp(n int) *int { return &n }

var mash = []guidance.Contact{
	{Name: "Oxfordshire MASH", Phone: "0345 050 7666"},
	{Name: "Emergency Duty Team (out of hours)", Phone: "0800 833 408", Hours: "evenings and weekends"},
}

// replies are fixed replies, one per kind, so the golden files change only
// when rendering changes (not when the guidance pack is edited).
var replies = map[string]chat.Reply{
	"route": {
		Kind:   chat.KindRoute,
		Notice: "Updated with your follow-up: level 3 → 4, route MASH referral → MASH: phone now, now also Report to the police.",
		Route: &chat.RouteCard{
			Level: intp(4), LevelName: "Specialist / child protection",
			Route:   chat.RouteRef{ID: "mash-urgent", Name: "MASH: phone now (Level 4: child protection)"},
			Also:    []chat.RouteRef{{ID: "police", Name: "Report to the police"}, {ID: "lado"}},
			Urgency: "immediate", Confidence: "high",
			Reasons: []guidance.Reason{
				{Indicator: "physical-harm-by-carer-disclosed", Level: 4, Evidence: "He told me dad hits him with a belt <@U123> & <!channel>"},
				{Indicator: "crime-to-report", Route: "police", Evidence: "dad hits him"},
			},
			NextSteps: []string{"Phone the MASH now on 0345 050 7666.", "Send the written referral within 24 hours."},
			Ask:       []string{"Is the child safe to go home tonight?"},
			Consent:   "Consent is not needed for a child protection (s47) referral.",
			Guidance:  "oxfordshire-2021",
			Contacts:  mash,
		},
	},
	"route-nolevel": {
		Kind: chat.KindRoute,
		Route: &chat.RouteCard{
			Route: chat.RouteRef{ID: "police-fgm", Name: "FGM: mandatory report to the police"}, Urgency: "same-day", Confidence: "medium",
			Reasons:  []guidance.Reason{{Indicator: "fgm-disclosed", Route: "police-fgm", Evidence: "she said she was cut"}},
			Guidance: "oxfordshire-2021",
		},
	},
	"check": {
		Kind: chat.KindCheck,
		Checks: []chat.CheckCard{
			{
				Name: "jamie-draft.docx", Format: "docx", Score: 62, Errors: 2, Warnings: 3, Infos: 1, More: 3,
				Findings: []chat.FindingLine{
					{Rule: "FD101", Name: "child-dob-missing", Severity: "error", Field: "child.date_of_birth", Message: "The child's date of birth is missing.", Fix: "Add the date of birth."},
					{Rule: "FD704", Name: "consent-reason-missing", Severity: "error", Field: "consent.reason_not_sought", Message: "No reason is recorded.", Fix: "Record why consent was not sought."},
					{Rule: "FD300", Name: "interpreter-need-unstated", Severity: "warning", Field: "family[0].interpreter_needed", Message: "Interpreter need not stated."},
				},
				Route: &chat.RouteCard{Level: intp(3), Route: chat.RouteRef{ID: "mash", Name: "MASH referral"}, Urgency: "same-day", Confidence: "high", Guidance: "oxfordshire-2021"},
			},
			{Name: "scan.pdf", Format: "pdf", Error: "no text layer: scanned document?"},
		},
	},
	"explain": {
		Kind: chat.KindExplain,
		Rule: &chat.RuleCard{
			ID: "FD704", Name: "consent-reason-missing", Area: "consent", Severity: "error", Field: "consent.reason_not_sought",
			Message: "No reason is recorded.", Why: "Referring without agreement needs a recorded reason.", Fix: "Record the exception relied on.", Source: "TON21 p.7",
		},
	},
	"contacts": {
		Kind: chat.KindContacts,
		Contacts: []chat.ContactCard{
			{Route: chat.RouteRef{ID: "mash", Name: "MASH referral"}, Urgency: "same-day", Timescale: "within 24 hours", Contacts: mash},
			{Route: chat.RouteRef{ID: "lado", Name: "LADO"}, Urgency: "same-day", Contacts: []guidance.Contact{{Name: "Oxfordshire LADO", Phone: "01865 810603", Email: "lado@example.org"}}, Note: "Through the head, or the chair of governors if it concerns the head."},
		},
	},
	"help": {
		Kind:   chat.KindHelp,
		Notice: "I could not match that to the guidance, so I will not guess a route.",
		Help: &chat.HelpCard{
			Ask:    []string{"What exactly happened or was said?", "How old is the child?"},
			Routes: []chat.RouteRef{{ID: "mash", Name: "MASH referral"}, {ID: "lado", Name: "LADO"}},
		},
	},
	"note":   {Kind: chat.KindNote, Notice: "Noted: nothing in this thread has changed (still MASH referral). Add detail as a sentence, for example \"she is 12\"; `contacts` gives who to call & `new` starts a new concern."},
	"answer": {Kind: chat.KindAnswer, Answer: "A section 47 enquiry is a child protection enquiry by children's social care <b>."},
}

// Ensure every reply renders as the golden plain text, Slack Block Kit and
// Teams Adaptive Card in testdata (go test -update rewrites them).
func TestRenderGolden(t *testing.T) {
	for name, r := range replies {
		t.Run(name, func(t *testing.T) {
			golden(t, name+".txt", []byte(chat.Text(r)))

			blocks, fallback := chat.Slack(r)
			b, err := json.MarshalIndent(map[string]any{"text": fallback, "blocks": slack.Blocks{BlockSet: blocks}}, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden(t, name+".slack.json", append(b, '\n'))

			b, err = json.MarshalIndent(chat.Teams(r), "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden(t, name+".teams.json", append(b, '\n'))
		})
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it after a deliberate change):\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

// Ensure Slack output escapes message text, so a concern cannot mention
// @channel or inject a link, and the fallback never quotes the message.
func TestSlackEscapes(t *testing.T) {
	blocks, fallback := chat.Slack(replies["route"])
	b, _ := json.Marshal(blocks)
	if bytes.Contains(b, []byte("<!channel>")) || bytes.Contains(b, []byte("<@U123>")) {
		t.Errorf("unescaped mention in %s", b)
	}
	if strings.Contains(fallback, "belt") {
		t.Errorf("fallback quotes the message: %q", fallback)
	}
}

// Ensure the Slack renderer keeps within Block Kit's limits on a reply from
// the real engine with long content: at most 50 blocks, valid text objects,
// unique action ids within a block.
func TestSlackLimits(t *testing.T) {
	long := strings.Repeat("A very long next step that goes on and on. ", 200)
	r := replies["route"]
	rc := *r.Route
	rc.NextSteps = []string{long}
	r.Route = &rc
	check := replies["check"]
	for range 5 {
		check.Checks = append(check.Checks, check.Checks[0])
	}
	for name, r := range map[string]chat.Reply{"long route": r, "many checks": check} {
		blocks, _ := chat.Slack(r)
		if len(blocks) > 50 {
			t.Errorf("%s: %d blocks", name, len(blocks))
		}
		for _, bl := range blocks {
			switch b := bl.(type) {
			case *slack.SectionBlock:
				if err := b.Text.Validate(); err != nil {
					t.Errorf("%s: section: %v", name, err)
				}
			case *slack.HeaderBlock:
				if n := len([]rune(b.Text.Text)); n > 150 {
					t.Errorf("%s: header of %d characters", name, n)
				}
			case *slack.ActionBlock:
				seen := map[string]bool{}
				for _, el := range b.Elements.ElementSet {
					id := el.(*slack.ButtonBlockElement).ActionID
					if seen[id] {
						t.Errorf("%s: duplicate action id %s", name, id)
					}
					seen[id] = true
					if _, ok := chat.ActionText(id, el.(*slack.ButtonBlockElement).Value); !ok {
						t.Errorf("%s: action %s is not understood", name, id)
					}
				}
			}
		}
	}
}

// Ensure the Teams card is an Adaptive Card 1.4 that Teams accepts.
func TestTeamsCardShape(t *testing.T) {
	c := chat.Teams(replies["route"])
	if c.Type != "AdaptiveCard" || c.Version != "1.4" || c.Schema == "" || len(c.Body) == 0 {
		t.Errorf("card %+v", c)
	}
}
