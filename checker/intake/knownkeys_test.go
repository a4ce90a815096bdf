package intake

import (
	"encoding/json"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/frontdoorhq/frontdoor/checker/referral"
)

// knownKeysByEncoding is how the known keys were first found: encode a
// referral with one family member and one agency, and walk the result.
func knownKeysByEncoding() map[string]bool {
	b, _ := json.Marshal(referral.Referral{Family: []referral.Member{{}}, Support: referral.Support{Agencies: []referral.Agency{{}}}})
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	keys := map[string]bool{"version": true, "extra": true, "child.age": true}
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, c := range x {
				p := k
				if prefix != "" {
					p = prefix + "." + k
				}
				keys[p] = true
				walk(p, c)
			}
		case []any:
			for _, c := range x {
				walk(prefix, c)
			}
		}
	}
	walk("", m)
	return keys
}

// knownKeysByTags lists every key path of the model from its JSON tags,
// the way knownKeysByEncoding does without encoding.
func knownKeysByTags() map[string]bool {
	keys := map[string]bool{"version": true, "extra": true, "child.age": true}
	var walk func(prefix string, t reflect.Type)
	walk = func(prefix string, t reflect.Type) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
			if !f.IsExported() || f.Anonymous || (name == "-" && opts == "") || strings.Contains(","+opts+",", ",omitempty,") {
				continue
			}
			if name == "" {
				name = f.Name
			}
			p := name
			if prefix != "" {
				p = prefix + "." + name
			}
			keys[p] = true
			ft := f.Type
			if ft.Kind() == reflect.Slice {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				walk(p, ft)
			}
		}
	}
	walk("", reflect.TypeFor[referral.Referral]())
	return keys
}

// knownKeyPaths is sorted and holds the keys found by encoding a referral
// and by reading the model's JSON tags.
func TestKnownKeysMatchEncoding(t *testing.T) {
	if !slices.IsSorted(knownKeyPaths[:]) {
		t.Error("knownKeyPaths is not sorted")
	}
	got := map[string]bool{}
	for _, k := range knownKeyPaths {
		got[k] = true
	}
	for _, want := range []map[string]bool{knownKeysByEncoding(), knownKeysByTags()} {
		if !maps.Equal(got, want) {
			g, w := slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want))
			t.Errorf("known keys differ:\n got %q\nwant %q", g, w)
		}
	}
	for _, k := range []string{"child.name", "family.phone", "support.agencies.contact", "consent.reason_not_sought", "version", "child.age"} {
		if !got[k] {
			t.Errorf("%s is not a known key", k)
		}
	}
}

// knownPath finds a key path as looking up the joined path does.
func TestKnownPath(t *testing.T) {
	known := map[string]bool{}
	prefixes := map[string]bool{"": true, "a": true, "zz": true, "child.": true, "chil": true, "supp": true, "support.agencies.name": true}
	keys := map[string]bool{"": true, ".": true, "a": true, "z": true, "agencies.": true, "name.x": true, "Name": true}
	for _, p := range knownKeyPaths {
		known[p] = true
		for i := range len(p) + 1 {
			prefixes[p[:i]] = true
			keys[p[i:]] = true
		}
	}
	for prefix := range prefixes {
		for k := range keys {
			joined := k
			if prefix != "" {
				joined = prefix + "." + k
			}
			got, ok := knownPath(prefix, k)
			if ok != known[joined] || (ok && got != joined) {
				t.Errorf("knownPath(%q, %q) = %q, %v; want %v", prefix, k, got, ok, known[joined])
			}
		}
	}
}
