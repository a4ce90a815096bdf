package guidance

import (
	"strings"
	"testing"
)

// markerSet must answer as strings.Contains over its list would.
func TestMarkerSetMatchesContains(t *testing.T) {
	lists := [][]string{historicMarkers, resolvedMarkers, {"a", "\"", "said", "is at "}, {"x"}, {}}
	for _, ws := range saidWords {
		lists = append(lists, ws)
	}
	texts := []string{"", "a", "s", "years ago he hit her", "it stopped last week", "she said \"no\"",
		"prehistoric", "no longer lives there", "is at nan's", "split stopped", "nothing here at all",
		"the case was closed in may", "he used to", "e", "hi"}
	for _, ws := range lists {
		set := newMarkerSet(ws)
		for _, txt := range texts {
			want := false
			for _, w := range ws {
				if strings.Contains(txt, w) {
					want = true
					break
				}
			}
			if got := set.in(txt); got != want {
				t.Errorf("markers %q in %q: got %v, want %v", ws, txt, got, want)
			}
		}
	}
}

// Ensure the one-pass time marks agree with isHistoric, isResolved,
// isDismissed and isEarlier on every sentence of the development set.
func TestTimeMarks(t *testing.T) {
	n := 0
	for _, text := range scenarioTexts(t) {
		for _, se := range splitSentences(text) {
			s := strings.Join(se.words, " ")
			f := timeMarks().flags(s)
			if f&markNow != 0 {
				f &^= markEarlier
			}
			got := [4]bool{f&markHistoric != 0, f&markResolved != 0, f&markDismissed != 0, f&markEarlier != 0}
			want := [4]bool{isHistoric(s), isResolved(s), isDismissed(s), isEarlier(s)}
			if got != want {
				t.Fatalf("%q: marks %v, want %v", s, got, want)
			}
			n++
		}
	}
	if n < 1000 {
		t.Fatalf("only %d sentences", n)
	}
}
