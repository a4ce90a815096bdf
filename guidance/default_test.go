package guidance

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"hash/crc32"
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
		src, err := builtinSource(string(idx), want)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("builtin_index.go", src, 0o644); err != nil {
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
	// builtin_index.go is the embedded index as data.
	src, err := builtinSource(defaultIndex, defaultPack)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile("builtin_index.go"); err != nil || !bytes.Equal(got, src) {
		t.Errorf("builtin_index.go is out of date: go test ./guidance -run TestDefaultPackCurrent -update-pack")
	}
	if builtinIndex() == nil || builtinIndexSum != crc32.ChecksumIEEE([]byte(defaultIndex)) {
		t.Errorf("builtin_index.go was not made from the embedded index: go test ./guidance -run TestDefaultPackCurrent -update-pack")
	}
}

// The built-in word index as data is the embedded index as decoded, object
// for object: the same values, and pointers that point alike.
func TestBuiltinIndexIsDecoded(t *testing.T) {
	got := builtinIndex()
	if got == nil {
		t.Fatal("builtin_index.go was not made from the embedded index")
	}
	want, err := decodeIndex(defaultIndex, defaultPack)
	if err != nil {
		t.Fatal(err)
	}
	// Part indexes are filled in on first use: fill in both sides' (the
	// built-in one's may be already).
	for _, x := range []*wordIndex{got, want} {
		for i := range x.pis {
			x.pis[i].words()
		}
	}
	// Every field but the pool of scanners.
	if n := reflect.TypeFor[wordIndex]().NumField(); n != 16 {
		t.Fatalf("wordIndex has %d fields: compare the new ones here", n)
	}
	for _, f := range []struct {
		name      string
		got, want any
	}{
		{"lines", got.lines, want.lines}, {"sets", got.sets, want.sets},
		{"exact", got.exact, want.exact}, {"stems", got.stems, want.stems}, {"pairs", got.pairs, want.pairs},
		{"alts", got.alts, want.alts}, {"prev", got.prev, want.prev}, {"maxStem", got.maxStem, want.maxStem},
		{"groups", got.groups, want.groups}, {"exclSets", got.exclSets, want.exclSets},
		{"nparts", got.nparts, want.nparts}, {"nprox", got.nprox, want.nprox}, {"nkeys", got.nkeys, want.nkeys},
		{"groupKeys", got.groupKeys, want.groupKeys}, {"pis", got.pis, want.pis},
	} {
		if !reflect.DeepEqual(f.got, f.want) {
			t.Errorf("builtin_index.go: %s differs from the decoded index's", f.name)
		}
	}
	// DeepEqual does not see sharing: check that objects shared when
	// decoded (an alternative in the chains, in sets and in the lists; a
	// part index in groups) are one object here too.
	same := map[*alt]*alt{}
	match := func(what string, want, got []*alt) {
		for i, a := range want {
			if b, ok := same[a]; !ok {
				same[a] = got[i]
			} else if b != got[i] {
				t.Fatalf("builtin_index.go: %s: alternative %d is a copy", what, i)
			}
		}
	}
	match("the chains", want.alts, got.alts)
	match("the lists", want.pis[0].src.lists.backing, got.pis[0].src.lists.backing)
	for i, s := range want.sets {
		match(fmt.Sprintf("set %d", i), s.alts, got.sets[i].alts)
	}
	for i, g := range got.groups {
		if g != nil && piPlace(got.pis, g) < 0 {
			t.Fatalf("builtin_index.go: group %d's part index is not one of the index's", i)
		}
	}
}

func piPlace(pis []partIndex, pi *partIndex) int {
	for i := range pis {
		if &pis[i] == pi {
			return i
		}
	}
	return -1
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
