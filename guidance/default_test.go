package guidance

import (
	"encoding/json"
	"flag"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/frontdoorhq/frontdoor/checker/referral"
)

// Ensure the built-in pack loads, covers every contract route, and holds at
// least 150 indicators across the levels.
func TestDefaultPack(t *testing.T) {
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if p.ID != "oxfordshire-2021" {
		t.Errorf("id %q", p.ID)
	}
	for _, id := range referral.RouteIDs {
		r, ok := p.RouteInfo(id)
		if !ok {
			t.Errorf("route %s missing", id)
			continue
		}
		if r.Name == "" || len(r.NextSteps) == 0 {
			t.Errorf("route %s: name and next steps are required", id)
		}
	}
	if n := len(p.Indicators); n < 150 {
		t.Errorf("%d indicators, want at least 150", n)
	}
	levels := map[int]int{}
	for _, ind := range p.Indicators {
		levels[ind.Level]++
		if strings.TrimSpace(ind.Category) == "" {
			t.Errorf("indicator %s has no category", ind.ID)
		}
	}
	for l := 1; l <= 4; l++ {
		if levels[l] == 0 {
			t.Errorf("no level %d indicators", l)
		}
	}
}

var updatePack = flag.Bool("update-pack", false, "rewrite packs/oxfordshire.pack and .index from packs/oxfordshire.yaml")

// Ensure the embedded compact pack is the YAML pack people edit, and that
// the YAML pack loads.
func TestDefaultPackCurrent(t *testing.T) {
	want, err := compactFromYAML(defaultPackYAML)
	if err != nil {
		t.Fatal(err)
	}
	if *updatePack {
		p, err := Parse("oxfordshire.yaml", defaultPackYAML)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("packs/oxfordshire.pack", want, 0o644); err != nil {
			t.Fatal(err)
		}
		idx, err := encodeIndex(p.index, want)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("packs/oxfordshire.index", idx, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	// The encoding is deterministic (maps in key order): the embedded pack
	// is the YAML's, byte for byte.
	if string(want) != string(defaultPack) {
		t.Errorf("packs/oxfordshire.pack is out of date: go test ./guidance -run TestDefaultPackCurrent -update-pack")
	}
	p, err := Parse("oxfordshire.yaml", defaultPackYAML)
	if err != nil {
		t.Fatal(err)
	}
	// The embedded index is the one the compiler makes of the embedded pack,
	// byte for byte (the encoding is deterministic).
	if got, err := encodeIndex(p.index, defaultPack); err != nil || string(got) != defaultIndex {
		t.Errorf("packs/oxfordshire.index is out of date: go test ./guidance -run TestDefaultPackCurrent -update-pack")
	}
}

// normalJSON is a pack as JSON values, without nulls and empty lists.
func normalJSON(t *testing.T, p *Pack) any {
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	var prune func(any) any
	prune = func(v any) any {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				x = prune(x)
				if l, ok := x.([]any); x == nil || ok && len(l) == 0 {
					delete(v, k)
				} else {
					v[k] = x
				}
			}
		case []any:
			for i, x := range v {
				v[i] = prune(x)
			}
		}
		return v
	}
	return prune(v)
}

// Ensure the compact form keeps a pointer to a zero value (negatable:
// false, an age bound of 0), which gob would lose.
func TestCompactKeepsZeros(t *testing.T) {
	p, err := decode([]byte("id: x\nindicators:\n  - {id: a, negatable: false, age: {min: 0, max: 0}}\n  - {id: b, negatable: true}\n  - {id: c}\n"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := encodeCompact(p)
	if err != nil {
		t.Fatal(err)
	}
	q, err := decodeCompact(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(normalJSON(t, p), normalJSON(t, q)) {
		t.Errorf("compact form changed the pack:\n%+v\n%+v", p.Indicators, q.Indicators)
	}
}
