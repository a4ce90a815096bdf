package pdf

import (
	"math"
	"math/rand"
	"strconv"
	"testing"
)

// Ensure the tokenizer's byte classes agree with isSpace, isDelim and
// isRegular.
func TestCharClass(t *testing.T) {
	for c := 0; c < 256; c++ {
		b := byte(c)
		want := uint8(cRegular)
		switch {
		case isSpace(b):
			want = cSpace
		case isDelim(b):
			want = cDelim
		}
		if charClass[b] != want || (want == cRegular) != isRegular(b) {
			t.Errorf("byte %#x: class %d, want %d", c, charClass[b], want)
		}
	}
}

// parseNumberReference is parseNumber without its fast path for reals.
func parseNumberReference(w string) (float64, bool) {
	if len(w) == 0 {
		return 0, false
	}
	c := w[0]
	if !isDigit(c) && c != '-' && c != '+' && c != '.' {
		return 0, false
	}
	i, neg := 0, false
	if c == '-' || c == '+' {
		neg = c == '-'
		i = 1
	}
	var n float64
	j := i
	for j < len(w) && isDigit(w[j]) {
		n = n*10 + float64(w[j]-'0')
		j++
	}
	if j == len(w) && j > i {
		if neg {
			n = -n
		}
		return n, true
	}
	for k := i; k < len(w); k++ {
		if !isDigit(w[k]) && w[k] != '.' {
			return 0, false
		}
	}
	f, err := strconv.ParseFloat(w, 64)
	if err != nil {
		return 0, true
	}
	return f, true
}

// Ensure parseNumber's fast path for reals gives ParseFloat's results,
// bit for bit.
func TestParseNumberMatchesParseFloat(t *testing.T) {
	words := []string{"0", "-0", "0.0", "-0.0", "-.0", ".0", "0.", "4.", ".5", "-.25", "+.5", "+1.5", ".", "-", "+", "-.", "1.2.3",
		"72.00", "841.89", "0.1", "0.3", "123456789012.345", "1234567890123.45", "12345678901234.56", "0.000000000000001",
		"0.0000000000000001", "99999999999999.9", "999999999999999.9", "00000000000000000001.5", "1.5e3", "1.5x", "d0", "T*",
		"12345678901234567890", "-12345678901234567890.5", "0.1234567890123456789"}
	rnd := rand.New(rand.NewSource(4))
	for i := 0; i < 100000; i++ {
		var w []byte
		switch rnd.Intn(3) {
		case 0:
			w = append(w, '-')
		case 1:
			w = append(w, '+')
		}
		for k := rnd.Intn(10); k > 0; k-- {
			w = append(w, byte('0'+rnd.Intn(10)))
		}
		if rnd.Intn(4) > 0 {
			w = append(w, '.')
		}
		for k := rnd.Intn(12); k > 0; k-- {
			w = append(w, byte('0'+rnd.Intn(10)))
		}
		words = append(words, string(w))
	}
	for _, w := range words {
		got, ok1 := parseNumber(w)
		want, ok2 := parseNumberReference(w)
		if ok1 != ok2 || math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("parseNumber(%q) = %v %v, want %v %v", w, got, ok1, want, ok2)
		}
	}
}
