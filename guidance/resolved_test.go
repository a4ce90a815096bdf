package guidance

import (
	"strings"
	"testing"
)

// Ensure a concern described as past or resolved never lowers the level a
// matched indicator demands, but is reported: lower confidence and an ask
// that quotes it; and that a combination raised by such a need says so.
func TestResolvedConcerns(t *testing.T) {
	p := miniPack(t)
	for _, tc := range []struct {
		name       string
		text       string
		level      int
		confidence string
		ask        string // a question that must be asked ("" for none about the past)
	}{
		{"resolved in the next sentence", "Last year her dad hit her. This has since stopped and things are now settled.",
			4, "low", "described as past or resolved"},
		{"resolved in the same sentence", "Her stepdad used to hit her but this has since stopped.",
			4, "low", "described as past or resolved"},
		{"current", "Her dad hit her last night.", 4, "high", ""},
		{"current beside a resolved need", "Her dad hit her last night. Mum had depression years ago, now resolved.",
			4, "high", ""},
		{"combination raised by a resolved need", "Mum is depressed. Dad used to drink heavily but that has since stopped.",
			3, "medium", "described as past or resolved"},
		{"settled is not resolved without the past", "Her dad hit her with a belt last night; she has settled in class.",
			4, "high", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := p.Route(tc.text, Facts{})
			lvl := 0
			if a.Level != nil {
				lvl = *a.Level
			}
			if lvl != tc.level || a.Confidence != tc.confidence {
				t.Errorf("level %d confidence %s, want %d %s (reasons %+v)", lvl, a.Confidence, tc.level, tc.confidence, a.Reasons)
			}
			found := false
			for _, q := range a.Ask {
				if strings.Contains(q, "described as past or resolved") {
					found = true
				}
			}
			if found != (tc.ask != "") {
				t.Errorf("asks %q: want a question about the past: %v", a.Ask, tc.ask != "")
			}
		})
	}
}
