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
