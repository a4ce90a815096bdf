package mapping

import (
	"fmt"
	"math/rand"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/frontdoorhq/frontdoor/checker/intake/document"
)

func TestScratchHang(t *testing.T) {
	if os.Getenv("FD_HANG") == "" {
		t.Skip()
	}
	toks := []string{"A", "|", " | ", "Mother", "00", "0", "\n", "Name:", "Relationship:", "If no", "why not", "Yes", "No", "☒", "☐", "(", ")", "[x]", "[ ]", "Tel:", "--", "Kind regards", "DOB", ":", " ", "Parent/carer 1", "# ", "Child", "03/04/2015", "Level 3", "?", "-", "Reason for referral", "Consent", "Q4", "3.", "a)", "Section 2 -", "!", "\xf7", "’s", "'s", "Email", "@", "x@y.z", "07700 900123", "OX4 1AB", "lives at"}
	rng := rand.New(rand.NewSource(1))
	for n := 0; n < 200000; n++ {
		var b strings.Builder
		k := rng.Intn(30)
		for i := 0; i < k; i++ {
			b.WriteString(toks[rng.Intn(len(toks))])
		}
		text := b.String()
		fn := toks[rng.Intn(len(toks))] + toks[rng.Intn(len(toks))]
		done := make(chan bool, 1)
		go func() {
			d := &document.Document{Format: "text"}
			for i, l := range strings.Split(text, "\n") {
				d.Lines = append(d.Lines, document.Line{Text: l, Line: i + (i % 3), Page: i / 40, Heading: strings.HasPrefix(l, "# ")})
			}
			if len(d.Lines) > 2 {
				d.Lines[0].Line = 0
				d.Format = "email"
			}
			for _, kd := range []string{document.KindText, document.KindCheckbox, document.KindRadio} {
				d.Fields = append(d.Fields, document.Field{Name: fn, Label: fn, Value: fn, Kind: kd, Line: len(fn)})
			}
			Map(d)
			done <- true
		}()
		select {
		case <-done:
		case <-time.After(3 * time.Second):
			fmt.Printf("HANG text=%q field=%q\n", text, fn)
			os.Exit(1)
		}
	}
}
