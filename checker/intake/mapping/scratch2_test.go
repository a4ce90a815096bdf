package mapping

import (
	"fmt"
	"os"
	"testing"
)

func TestScratch2(t *testing.T) {
	s := os.Getenv("FD_LABEL")
	if s == "" {
		t.Skip()
	}
	m := &mapper{t: loadTable(), sec: cStart, cur: -1, buf: make([]string, 0, 32)}
	ws := m.t.norm(s, nil)
	fmt.Printf("words %q key %q\n", ws, m.t.key(ws))
	r, ok := m.resolve(s, true)
	fmt.Printf("ok=%v f=%v res=%+v\n", ok, r.f, r)
	fmt.Println(splitLabel(stripNumbering(s)))
}

func TestScratch3(t *testing.T) {
	if os.Getenv("FD_S3") == "" {
		t.Skip()
	}
	m := &mapper{t: loadTable(), sec: cStart, cur: -1, buf: make([]string, 0, 32)}
	for _, c := range []string{"Tom Green", "Mum's partner", "34 years", "No", "Yes", ""} {
		ws := m.t.norm(c, nil)
		r, ok := m.resolveWords(ws, false)
		fmt.Printf("%q %q ok=%v strong=%v %+v\n", c, ws, ok, r.strong(), r)
	}
}
