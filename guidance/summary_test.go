package guidance

import "testing"

func TestAnswerSummary(t *testing.T) {
	four, one := 4, 1
	for _, c := range []struct {
		a    Answer
		want string
	}{
		{Answer{Level: &four, LevelName: "Specialist / child protection", Route: "mash-urgent", Also: []string{"police"}, Urgency: "immediate", Confidence: "high"},
			"mash-urgent (Level 4, Specialist / child protection), immediate, high confidence; also police"},
		{Answer{Level: &one, Route: "universal", Urgency: "routine", Confidence: "medium"},
			"universal (Level 1), routine, medium confidence"},
		{Answer{Route: "lado", Also: []string{"mash", "police"}, Urgency: "same-day", Confidence: "low"},
			"lado, same-day, low confidence; also mash, police"},
	} {
		if got := c.a.Summary(); got != c.want {
			t.Errorf("got %q, want %q", got, c.want)
		}
	}
}
