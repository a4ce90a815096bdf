package guidance

import (
	"slices"
	"testing"
)

// Words shared with other concerns must not fire them: a belt used to hit a
// child is not a suicide plan, and a child who will not join the class is
// not missing education.
func TestLookalikes(t *testing.T) {
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		text, notRoute string
	}{
		{"Tom said dad hit him three or four times with a belt in the living room at about 9pm the night before.", "emergency"},
		{"He said he is at the end of his rope with maths homework today.", "emergency"},
		{"Since dad moved out of the family home in September, Kayla would not join the class for the afternoon.", "cme"},
	} {
		a := p.Route(c.text, Facts{})
		if a.Route == c.notRoute || slices.Contains(a.Also, c.notRoute) {
			t.Errorf("%q routed %s", c.text, a.Summary())
		}
	}
}
