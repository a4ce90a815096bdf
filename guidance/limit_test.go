package guidance

import (
	"strconv"
	"strings"
	"testing"
)

// A text over MaxRouteText is routed on its start, never below what that
// start demands, with low confidence and a request to read the rest; the
// time is bounded by the cap, not the text.
func TestRouteLongText(t *testing.T) {
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	start := "He told me his dad hit him with a belt last night and he is frightened to go home. "
	filler := strings.Repeat("the weather was fine and we went to the park after school ", MaxRouteText/50)
	whole := p.Route(start+filler, Facts{})
	short := p.Route(start, Facts{})
	if whole.Level == nil || short.Level == nil || *whole.Level < *short.Level || whole.Route != short.Route {
		t.Fatalf("long text routed %s, the same start alone %s", whole.Summary(), short.Summary())
	}
	if whole.Confidence != "low" || !strings.Contains(strings.Join(whole.Ask, " "), "too long to read in full") {
		t.Errorf("no warning that the text was cut: confidence %s, ask %q", whole.Confidence, whole.Ask)
	}
	if a := p.Route(start, Facts{}); strings.Contains(strings.Join(a.Ask, " "), "too long") {
		t.Error("a short text was reported as cut")
	}
}

// One long unpunctuated "sentence" costs time in proportion to its length
// (negation look-back once made it quadratic): doubling it must not
// multiply the work by four.
func BenchmarkRouteLongSentence(b *testing.B) {
	p, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range []int{4000, 16000} {
		words := strings.Fields("mum said that he was hit and the dog was not fed and she denies it and they went to the park after school with friends")
		var sb strings.Builder
		for i := range n {
			sb.WriteString(words[i%len(words)] + " ")
		}
		text := sb.String()
		b.Run(strconv.Itoa(n)+"-words", func(b *testing.B) {
			for b.Loop() {
				p.Route(text, Facts{})
			}
		})
	}
}
