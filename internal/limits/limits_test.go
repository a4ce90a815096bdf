package limits

import "testing"

// Ensure unset limits take the default and set ones are kept.
func TestDefault(t *testing.T) {
	a, b, c := 0, int64(-1), 7
	Default(&a, 5)
	Default(&b, int64(9))
	Default(&c, 5)
	if a != 5 || b != 9 || c != 7 {
		t.Errorf("got %d %d %d", a, b, c)
	}
}
