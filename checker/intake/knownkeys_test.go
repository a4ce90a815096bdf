package intake

import (
	"encoding/json"
	"maps"
	"slices"
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

// Reading the JSON tags finds the same keys as encoding a referral.
func TestKnownKeysMatchEncoding(t *testing.T) {
	got, want := buildKnownKeys(), knownKeysByEncoding()
	if !maps.Equal(got, want) {
		g, w := slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want))
		t.Errorf("known keys differ:\n got %q\nwant %q", g, w)
	}
	for _, k := range []string{"child.name", "family.phone", "support.agencies.contact", "consent.reason_not_sought", "version", "child.age"} {
		if !got[k] {
			t.Errorf("%s is not a known key", k)
		}
	}
}
