package pdf

import (
	"math/rand"
	"regexp"
	"testing"
)

// Ensure hasEncrypt matches what the regular expression it replaced
// matches.
func TestHasEncryptMatchesRegexp(t *testing.T) {
	re := regexp.MustCompile(`/Encrypt\s*(<<|\d+\s+\d+\s+R)`)
	fixed := []string{
		"", "/Encrypt", "/Encrypt<<", "/Encrypt <<", "/Encrypt\r\n\t\f <</Filter", "/Encrypt 12 0 R", "/Encrypt12 0 R",
		"/Encrypt 12 0R", "/Encrypt 12  0 \nR", "/Encrypt 1 R", "/Encrypt\v<<", "/EncryptMetadata false", "/Encrypt 12 0 obj",
		"/Encrypt /Encrypt 3 0 R", "/Encrypt <", "/Encrypt 1 2", "/Encrypt 1 2 ", "x/Encrypt<<", "/Encrypt 1.0 0 R",
	}
	for _, s := range fixed {
		if got, want := hasEncrypt([]byte(s)), re.MatchString(s); got != want {
			t.Errorf("hasEncrypt(%q) = %v, regexp says %v", s, got, want)
		}
	}
	alphabet := []string{"/Encrypt", "/Encrypt", " ", "\t", "\n", "\v", "<", "<<", "0", "12", "R", "r", "/", "x", ".", "\r", "\f", ">>"}
	rnd := rand.New(rand.NewSource(3))
	for i := 0; i < 50000; i++ {
		var b []byte
		for k := rnd.Intn(12); k >= 0; k-- {
			b = append(b, alphabet[rnd.Intn(len(alphabet))]...)
		}
		if got, want := hasEncrypt(b), re.Match(b); got != want {
			t.Fatalf("hasEncrypt(%q) = %v, regexp says %v", b, got, want)
		}
	}
}
