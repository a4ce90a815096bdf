package lazyre

import "testing"

// Ensure expressions compile on first use and CompileAll reports bad ones.
func TestLazy(t *testing.T) {
	r := New(`b+`)
	if !r.MatchString("abbc") || r.FindString("abbc") != "bb" {
		t.Fatal("no match")
	}
	bad := New(`(`)
	defer func() {
		if recover() == nil {
			t.Error("CompileAll did not panic on an invalid expression")
		}
	}()
	_ = bad
	CompileAll()
}
