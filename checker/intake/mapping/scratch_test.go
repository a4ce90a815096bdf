package mapping

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestScratch(t *testing.T) {
	s := os.Getenv("FD_DOC")
	if s == "" {
		t.Skip()
	}
	r := mapText(strings.ReplaceAll(s, `\n`, "\n"))
	fmt.Println(dump(r))
	fmt.Println(r.Sources, r.Unparsed)
}
