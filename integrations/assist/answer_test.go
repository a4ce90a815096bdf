package assist

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func citationIDs(cs []Citation) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.ID
	}
	return out
}

// Ensure retrieval finds the pack's own sections for questions it covers,
// and nothing for questions it does not.
func TestRetrieve(t *testing.T) {
	idx := newIndex(mustPack())
	for _, tt := range []struct {
		q     string
		first string // the best section (an indicator's id prefix); "" for not covered
	}{
		{"What is private fostering?", "route:private-fostering"},
		{"Do I need consent for early help?", "route:early-help"},
		{"When must a teacher report FGM to the police?", "route:police-fgm"},
		{"What happens at level 2?", "level:2"},
		{"who is the LADO", "route:lado"},
		{"A child said dad hit her with a belt, what level is that?", "indicator:physical-harm"}, // an indicator of physical harm
		{"What's the weather in Paris?", ""},
		{"How do I bake a cake?", ""},
		{"Can I claim expenses for travel?", ""},
	} {
		hits := idx.search(tt.q)
		got := ""
		if len(hits) > 0 {
			got = hits[0].sec.id
		}
		if got != tt.first && !(tt.first != "" && strings.HasPrefix(got, tt.first) && strings.HasPrefix(tt.first, "indicator:")) {
			t.Errorf("%q: first %q, want %q (%d hits)", tt.q, got, tt.first, len(hits))
		}
		if len(hits) > topK {
			t.Errorf("%q: %d hits", tt.q, len(hits))
		}
	}
}

// Ensure that with model assistance off the guide answers with the pack's
// own words, cites them, and says when the pack does not cover a question.
func TestGuideWithoutModel(t *testing.T) {
	g := NewGuide(mustPack(), nil)
	a, err := g.Answer(context.Background(), "What is private fostering?")
	if err != nil || !a.Covered || a.Assisted || len(a.Citations) == 0 || a.Citations[0].ID != "route:private-fostering" ||
		!strings.HasPrefix(a.Text, "The guidance says:\n- ") || !strings.Contains(a.Note, "Model assistance is off") {
		t.Errorf("%+v, %v", a, err)
	}
	a, err = g.Answer(context.Background(), "What's the weather in Paris?")
	if err != nil || a.Covered || a.Text != "The guidance pack (oxfordshire-2021) does not cover this question. Ask your designated safeguarding lead, or the MASH for advice." {
		t.Errorf("%+v, %v", a, err)
	}
	if _, err := g.Answer(context.Background(), "  "); !errors.Is(err, ErrNoQuestion) {
		t.Errorf("empty question: %v", err)
	}
}

// Ensure a grounded answer: the retrieved sections are sent as the only
// source with the redacted question, the reply's citations are checked
// against the pack (made-up ids removed), and placeholders are restored.
func TestGuideGrounded(t *testing.T) {
	srv := newFakeLLM(t, func(_ int, req chatRequest) reply {
		pupil := placeholderAfter(t, req.user(), "My pupil")
		return jsonReply(map[string]any{"covered": true,
			"answer":    "Yes: if " + pupil + " has lived with a family friend for 28 days or more, notify the local authority.",
			"citations": []string{"route:private-fostering", "indicator:made-up", "route:private-fostering"}})
	})
	g := NewGuide(mustPack(), srv.client())
	var _ Answerer = g
	a, err := g.Answer(context.Background(), "My pupil Jamie Brennan-Lowe (aged 12) has lived with a family friend since July. Is that private fostering?")
	if err != nil {
		t.Fatal(err)
	}
	if !a.Covered || !a.Assisted || strings.Join(citationIDs(a.Citations), ",") != "route:private-fostering" ||
		a.Text != "Yes: if Jamie Brennan-Lowe has lived with a family friend for 28 days or more, notify the local authority." {
		t.Errorf("%+v", a)
	}
	if a.Note != "The model cited 1 section not in the guidance given to it; it was removed." {
		t.Errorf("note %q", a.Note)
	}
	req := srv.Requests()[0]
	u := req.user()
	if !strings.Contains(u, "<guidance>\n[") || !strings.Contains(u, "[route:private-fostering] Route private-fostering:") ||
		!strings.Contains(u, "<question>") || !strings.Contains(req.Messages[0].Content, "never answer from general knowledge") {
		t.Errorf("request:\n%s", u)
	}
	srv.assertNoneSent("Jamie", "Brennan-Lowe")
}

// Ensure an answer that is not grounded is not shown: no valid citation,
// the model's "not covered", or a reply that ignores the schema.
func TestGuideUngrounded(t *testing.T) {
	q := "Do I need consent for early help?"
	for _, tt := range []struct {
		name     string
		rep      reply
		covered  bool
		assisted bool
		note     string
	}{
		{"no citations", jsonReply(map[string]any{"covered": true, "answer": "Always get consent.", "citations": []string{}}), true, false,
			"Model assistance was not used: the model's answer cited no section of the guidance, so it is not shown. These are the parts of the guidance that match the question."},
		{"not covered", jsonReply(map[string]any{"covered": false, "answer": "Not in the guidance.", "citations": []string{}}), false, true, ""},
		{"prose", reply{Content: "Yes, early help is voluntary."}, true, false,
			"Model assistance was not used: the model's reply was not the JSON asked for. These are the parts of the guidance that match the question."},
		{"made-up ids only", reply{Content: `{"covered": true, "answer": "x", "citations": ["route:nope"]}`}, true, false,
			"Model assistance was not used: the model's answer cited no section of the guidance, so it is not shown. These are the parts of the guidance that match the question."},
		{"wrong shape", reply{Content: `{"covered": "yes", "answer": "x", "citations": "route:early-help"}`}, true, false,
			"Model assistance was not used: the model's reply was not the JSON asked for. These are the parts of the guidance that match the question."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := newFakeLLM(t, func(int, chatRequest) reply { return tt.rep })
			a, err := NewGuide(mustPack(), srv.client()).Answer(context.Background(), q)
			if err != nil || a.Covered != tt.covered || a.Assisted != tt.assisted || a.Note != tt.note {
				t.Errorf("%+v, %v", a, err)
			}
			if tt.covered && (len(a.Citations) == 0 || a.Citations[0].ID != "route:early-help") {
				t.Errorf("citations %+v", a.Citations)
			}
		})
	}
}

// Ensure a question the pack does not cover never reaches the model, and a
// cancelled context is an error.
func TestGuideNotCoveredSendsNothing(t *testing.T) {
	srv := newFakeLLM(t, func(int, chatRequest) reply { return jsonReply(map[string]any{}) })
	g := NewGuide(mustPack(), srv.client())
	a, err := g.Answer(context.Background(), "What is the capital of France?")
	if err != nil || a.Covered || srv.Calls() != 0 {
		t.Errorf("%+v, %v, %d calls", a, err, srv.Calls())
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := g.Answer(ctx, "What is private fostering?"); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}
