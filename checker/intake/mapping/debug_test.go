package mapping_test

import (
	"encoding/json"
	"fmt"
	"os"
	"testing"

	"github.com/frontdoorhq/frontdoor/checker/intake/mapping"
	"github.com/frontdoorhq/frontdoor/checker/intake/text"
)

func TestDebugDump(t *testing.T) {
	f := os.Getenv("FD_DUMP")
	if f == "" {
		t.Skip()
	}
	b, _ := os.ReadFile(f)
	d, err := text.Read(b)
	if err != nil {
		fmt.Println("ERR", err)
		return
	}
	if os.Getenv("FD_LINES") != "" {
		for _, l := range d.Lines {
			fmt.Printf("%3d h=%v %q\n", l.Line, l.Heading, l.Text)
		}
	}
	r := mapping.Map(d)
	out, _ := json.MarshalIndent(r, "", "  ")
	fmt.Println(d.Format, string(out))
	fmt.Println("sources", r.Sources)
	fmt.Println("unparsed", r.Unparsed)
	fmt.Println("warnings", d.Warnings)
}
