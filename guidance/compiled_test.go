package guidance

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// The precompiled index must be the compiler's, field for field: routing
// with a decoded index is then routing with a compiled one.
func TestIndexRoundTrip(t *testing.T) {
	packs := map[string][]byte{"oxfordshire.yaml": defaultPackYAML}
	for _, name := range []string{"mini.yaml", "features.yaml", "trust.yaml"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		packs[name] = b
	}
	for name, src := range packs {
		t.Run(name, func(t *testing.T) {
			p, err := Parse(name, src)
			if err != nil {
				t.Fatal(err)
			}
			b, err := encodeIndex(p.index, src)
			if err != nil {
				t.Fatal(err)
			}
			if again, _ := encodeIndex(p.index, src); string(again) != string(b) {
				t.Fatal("two encodings of one index differ")
			}
			x, err := decodeIndex(string(b), src)
			if err != nil {
				t.Fatal(err)
			}
			for i := range x.pis {
				x.pis[i].words()
			}
			if d := firstDiff(reflect.ValueOf(x), reflect.ValueOf(p.index), "index", map[[2]uintptr]bool{}); d != "" {
				t.Fatalf("decoded index differs from the compiled one at %s", d)
			}
		})
	}
}

// The built-in pack, loaded with its precompiled index, routes every
// scenario exactly as the same pack compiled from its YAML.
func TestPrecompiledRoutesAsCompiled(t *testing.T) {
	if _, err := decodeIndex(defaultIndex, defaultPack); err != nil {
		t.Fatalf("the built-in pack's index is not used: %v", err)
	}
	pre, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	compiled, err := Parse("oxfordshire.yaml", defaultPackYAML)
	if err != nil {
		t.Fatal(err)
	}
	texts := scenarioTexts(t)
	if len(texts) < 200 {
		t.Fatalf("only %d scenario texts", len(texts))
	}
	for _, text := range texts {
		a, b := pre.Route(text, Facts{}), compiled.Route(text, Facts{})
		ja, _ := json.Marshal(a)
		jb, _ := json.Marshal(b)
		if string(ja) != string(jb) {
			t.Fatalf("routes differ for %.60q:\nprecompiled %s\ncompiled    %s", text, ja, jb)
		}
	}
}

// scenarioTexts is every concern of the development set.
func scenarioTexts(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("../fixtures/scenarios/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(strings.TrimSpace(line), "text:"); ok && len(v) > 3 {
				out = append(out, strings.Trim(strings.TrimSpace(v), `"'|>`))
			}
		}
	}
	return out
}

// A bad or foreign index is refused, never used and never a crash; the
// built-in pack is then compiled, and routes the same.
func TestIndexRefused(t *testing.T) {
	good := defaultIndex
	cases := map[string]struct {
		index string
		pack  []byte
	}{
		"another pack's":   {good, append([]byte{0}, defaultPack...)},
		"not an index":     {"frontdoor-gob\n" + good, defaultPack},
		"truncated":        {good[:len(good)/2], defaultPack},
		"a byte too many":  {good + "\x00", defaultPack},
		"empty":            {"", defaultPack},
		"only the heading": {indexMagic, defaultPack},
	}
	def, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	want := def.Route("He said his stepdad punched him in the face last night and he has a black eye.", Facts{})
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			if _, err := decodeIndex(c.index, c.pack); err == nil {
				t.Fatal("decoded")
			}
			p, err := loadBuiltIn(defaultPack, c.index)
			if err != nil {
				t.Fatal(err)
			}
			got := p.Route("He said his stepdad punched him in the face last night and he has a black eye.", Facts{})
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("route with a compiled pack differs: %+v, want %+v", got, want)
			}
		})
	}
}

// Damaged indexes end in an error or an index, never a panic or a hang
// (each length read is bounded by what is left).
func TestIndexDamage(t *testing.T) {
	b := []byte(defaultIndex)
	step := max(len(b)/80, 1)
	for i := len(indexMagic); i < len(b); i += step {
		for _, flip := range []byte{0x01, 0xff} {
			d := append([]byte(nil), b...)
			d[i] ^= flip
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Fatalf("byte %d ^ %#x: panic %v", i, flip, r)
					}
				}()
				decodeAndFill(string(d), defaultPack)
			}()
		}
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Fatalf("cut at %d: panic %v", i, r)
				}
			}()
			if _, err := decodeIndex(defaultIndex[:i], defaultPack); err == nil {
				t.Fatalf("cut at %d: decoded", i)
			}
		}()
	}
}

// skipFields are left out of firstDiff: the scanners' pool, how a decoded
// index fills in its part indexes when first used, and the words a part
// starts with, which only the compiler needs.
var skipFields = map[string]bool{"scanners": true, "pis": true, "src": true, "at": true, "once": true, "keys": true}

// decodeAndFill decodes an index and, if it is accepted, fills in all its
// part indexes (as routing does when it first uses them): neither may panic.
func decodeAndFill(b string, pack []byte) {
	if x, err := decodeIndex(b, pack); err == nil {
		for i := range x.pis {
			x.pis[i].words()
		}
	}
}

// The built-in index fills in its part indexes when a concern first uses
// them; concerns routed side by side from a fresh pack must each see them
// whole (run with -race) and route as one at a time does.
func TestFirstRoutesConcurrently(t *testing.T) {
	texts := scenarioTexts(t)
	want, err := loadDefault()
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := loadDefault()
	if err != nil {
		t.Fatal(err)
	}
	const workers = 8
	errs := make(chan error, workers)
	for w := range workers {
		go func() {
			for i := w; i < len(texts); i += workers {
				a, b := fresh.Route(texts[i], Facts{}), want.Route(texts[i], Facts{})
				if !reflect.DeepEqual(a, b) {
					errs <- fmt.Errorf("%.60q routes differently when routed side by side", texts[i])
					return
				}
			}
			errs <- nil
		}()
	}
	for range workers {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// A damaged or cut pack part ends in an error or a pack, never a panic;
// one written for another layout of Pack is refused.
func TestPackPartDamage(t *testing.T) {
	b := defaultPack
	_, n, err := decodePackPart(string(b))
	if err != nil {
		t.Fatal(err)
	}
	step := max(len(b)/200, 1)
	for i := 0; i < len(b); i += step {
		for _, flip := range []byte{0x01, 0x80, 0xff} {
			d := append([]byte(nil), b...)
			d[i] ^= flip
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Fatalf("byte %d ^ %#x: panic %v", i, flip, r)
					}
				}()
				if _, rest, err := decodeCompactPart(d); err == nil {
					_, _ = rest()
				}
			}()
		}
		if _, _, err := decodePackPart(string(b[:i])); err == nil && i < n {
			t.Fatalf("cut at %d (of %d): decoded", i, n)
		}
	}
	other := append([]byte(packMagic), binary.AppendUvarint(nil, uint64(packLayout()+1))...)
	if _, _, err := decodePackPart(string(other)); err == nil || !strings.Contains(err.Error(), "another version") {
		t.Fatalf("another layout: %v", err)
	}
}

// firstDiff is the path to the first difference between two values, or ""
// (reflect.DeepEqual, saying where).
func firstDiff(a, b reflect.Value, path string, seen map[[2]uintptr]bool) string {
	if a.Kind() != b.Kind() {
		return path + ": kinds differ"
	}
	switch a.Kind() {
	case reflect.Pointer:
		if a.IsNil() || b.IsNil() {
			if a.IsNil() != b.IsNil() {
				return path + ": nil and not nil"
			}
			return ""
		}
		k := [2]uintptr{a.Pointer(), b.Pointer()}
		if seen[k] {
			return ""
		}
		seen[k] = true
		return firstDiff(a.Elem(), b.Elem(), path, seen)
	case reflect.Struct:
		for i := range a.NumField() {
			f := a.Type().Field(i)
			if skipFields[f.Name] {
				continue
			}
			if d := firstDiff(a.Field(i), b.Field(i), path+"."+f.Name, seen); d != "" {
				return d
			}
		}
	case reflect.Slice:
		if a.IsNil() != b.IsNil() {
			return path + ": nil and empty"
		}
		if a.Len() != b.Len() {
			return fmt.Sprintf("%s: length %d and %d", path, a.Len(), b.Len())
		}
		for i := range a.Len() {
			if d := firstDiff(a.Index(i), b.Index(i), fmt.Sprintf("%s[%d]", path, i), seen); d != "" {
				return d
			}
		}
	case reflect.Map:
		if a.IsNil() != b.IsNil() {
			return path + ": nil and empty"
		}
		if a.Len() != b.Len() {
			return fmt.Sprintf("%s: %d and %d keys", path, a.Len(), b.Len())
		}
		it := a.MapRange()
		for it.Next() {
			bv := b.MapIndex(it.Key())
			if !bv.IsValid() {
				return fmt.Sprintf("%s[%v]: missing", path, it.Key())
			}
			if d := firstDiff(it.Value(), bv, fmt.Sprintf("%s[%v]", path, it.Key()), seen); d != "" {
				return d
			}
		}
	case reflect.String:
		if a.String() != b.String() {
			return fmt.Sprintf("%s: %q and %q", path, a.String(), b.String())
		}
	case reflect.Bool:
		if a.Bool() != b.Bool() {
			return path + ": true and false"
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if a.Int() != b.Int() {
			return fmt.Sprintf("%s: %d and %d", path, a.Int(), b.Int())
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if a.Uint() != b.Uint() {
			return fmt.Sprintf("%s: %d and %d", path, a.Uint(), b.Uint())
		}
	default:
		return path + ": cannot compare " + a.Kind().String()
	}
	return ""
}

// FuzzDecodeIndex: any bytes end in an index or an error, never a panic.
func FuzzDecodeIndex(f *testing.F) {
	src, err := os.ReadFile(filepath.Join("testdata", "mini.yaml"))
	if err != nil {
		f.Fatal(err)
	}
	p, err := Parse("mini.yaml", src)
	if err != nil {
		f.Fatal(err)
	}
	b, err := encodeIndex(p.index, src)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte(indexMagic))
	f.Fuzz(func(t *testing.T, b []byte) {
		decodeAndFill(string(b), src)
	})
}

// The built-in pack leaves its match lines and cues unread until asked for
// (routing uses the precompiled index); Full gives them, the same as the
// YAML's. A pack loaded from a file has them already.
func TestFullPack(t *testing.T) {
	p, err := loadDefault()
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Cues) != 0 || len(p.Indicators[0].Match) != 0 {
		t.Fatal("the built-in pack read its match lines at load")
	}
	full, err := p.Full()
	if err != nil {
		t.Fatal(err)
	}
	yp, err := decode(defaultPackYAML)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := normalJSON(t, yp), normalJSON(t, full); !reflect.DeepEqual(a, b) {
		t.Fatal("the full built-in pack differs from its YAML")
	}
	if again, _ := p.Full(); again != full {
		t.Error("Full read the match lines twice")
	}
	if len(p.Indicators[0].Match) != 0 {
		t.Error("Full changed the pack it was called on")
	}
	text := "He said his stepdad punched him in the face last night."
	if a, b := p.Route(text, Facts{}), full.Route(text, Facts{}); !reflect.DeepEqual(a, b) {
		t.Errorf("the full pack routes differently: %+v, %+v", b, a)
	}
	parsed, err := Parse("oxfordshire.yaml", defaultPackYAML)
	if err != nil {
		t.Fatal(err)
	}
	if f, _ := parsed.Full(); f != parsed {
		t.Error("Full of a pack with its match lines is not the pack itself")
	}
}
