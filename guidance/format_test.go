package guidance

import (
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// Ensure FORMAT.md documents every key the pack parser accepts, and every
// value of a question's `missing`.
func TestFormatDocumentsEveryKey(t *testing.T) {
	b, err := os.ReadFile("FORMAT.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	seen := map[reflect.Type]bool{}
	var walk func(path string, ty reflect.Type)
	walk = func(path string, ty reflect.Type) {
		for ty.Kind() == reflect.Pointer || ty.Kind() == reflect.Slice || ty.Kind() == reflect.Map {
			ty = ty.Elem()
		}
		if ty.Kind() != reflect.Struct || seen[ty] {
			return
		}
		seen[ty] = true
		for i := 0; i < ty.NumField(); i++ {
			f := ty.Field(i)
			key, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			if !f.IsExported() || key == "-" || key == "" {
				continue
			}
			// documented as `key` in the text or as "key:" in the example
			re := regexp.MustCompile("(`" + key + "`|\\b" + key + ":)")
			if !re.MatchString(doc) {
				t.Errorf("FORMAT.md does not document %s.%s", path, key)
			}
			walk(path+"."+key, f.Type)
		}
	}
	walk("pack", reflect.TypeFor[Pack]())
	for _, m := range missingKeys() {
		if !strings.Contains(doc, "`"+m+"`") {
			t.Errorf("FORMAT.md does not document missing: %s", m)
		}
	}
}
