package chat

import (
	"strings"
	"testing"

	"github.com/frontdoorhq/frontdoor/guidance/eval"
)

// Ensure acknowledgements and keyboard noise read as chatter, and anything
// with a word that may describe a concern, or a number, does not.
func TestSmallTalk(t *testing.T) {
	tests := []struct {
		text string
		want chatter
	}{
		{"ok thanks", chatterAck},
		{"OK, thank you so much!", chatterAck},
		{"lol", chatterAck},
		{"LOLLL", chatterAck},
		{"thanksss", chatterAck},
		{"hmmmm", chatterAck},
		{"k", chatterAck},
		{"yes", chatterAck},
		{"no", chatterAck},
		{"not sure", chatterAck},
		{"that's great, really helpful", chatterAck},
		{"sorry wrong chat", chatterAck},
		{"will do", chatterAck},
		{"👍", chatterAck},
		{":thumbsup: :pray:", chatterAck},
		{"asdfgh", chatterNoise},
		{"qwerty zxcv", chatterNoise},
		{"jkljkl", chatterNoise},
		{"lkjh", chatterNoise},
		{"sdkjfhskdjf", chatterNoise},
		{"ok asdf", chatterNoise},
		{"q", chatterNoise},
		// Detail, however short.
		{"She is 8.", chatterNone},
		{"13", chatterNone},
		{"dad", chatterNone},
		{"stepdad", chatterNone},
		{"he is a teacher", chatterNone},
		{"yes she is", chatterNone},
		{"no, he didn't", chatterNone},
		{"it happened again", chatterNone},
		{"this morning", chatterNone},
		{"fgm", chatterNone},
		{"gp", chatterNone},
		{"property", chatterNone}, // four keys along a row, in a word
		{"strengths", chatterNone},
		{"nana", chatterNone},
		{"Она плакала", chatterNone}, // another script is never noise
		{"ok, he said it was his uncle", chatterNone},
	}
	for _, tt := range tests {
		if got := smallTalk(tt.text); got != tt.want {
			t.Errorf("smallTalk(%q) = %d, want %d", tt.text, got, tt.want)
		}
	}
}

// Ensure no labelled concern, nor any clause of several words in one, reads
// as chatter: a follow-up that says anything about a child is never dropped.
// (A one-word clause can be a sign-off in its own right, "goodbye" in a
// child's quoted note; single words are TestSmallTalk's.)
func TestNoConcernReadsAsChatter(t *testing.T) {
	scenarios, err := eval.Load("../../fixtures/scenarios")
	if err != nil {
		t.Fatal(err)
	}
	if len(scenarios) < 100 {
		t.Fatalf("only %d scenarios", len(scenarios))
	}
	for _, s := range scenarios {
		if smallTalk(s.Text) != chatterNone {
			t.Errorf("%s reads as chatter: %q", s.ID, s.Text)
		}
		for _, clause := range strings.FieldsFunc(s.Text, func(r rune) bool { return strings.ContainsRune(".;,!?\n", r) }) {
			if c := strings.ToLower(strings.TrimSpace(clause)); len(strings.Fields(c)) > 1 && !helpWords[c] && smallTalk(clause) != chatterNone {
				t.Errorf("%s: the clause %q reads as chatter", s.ID, clause)
			}
		}
	}
}
