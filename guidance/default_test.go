package guidance

import (
	"bytes"
	"flag"
	"os"
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

var updatePack = flag.Bool("update-pack", false, "rewrite packs/oxfordshire.json from packs/oxfordshire.yaml")

// Ensure the embedded JSON pack is the YAML pack people edit.
func TestDefaultPackJSONCurrent(t *testing.T) {
	want, err := packAsJSON(defaultPackYAML)
	if err != nil {
		t.Fatal(err)
	}
	if *updatePack {
		if err := os.WriteFile("packs/oxfordshire.json", want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(want, defaultPack) {
		t.Error("packs/oxfordshire.json is out of date: go test ./guidance -run TestDefaultPackJSON -update-pack")
	}
	if _, err := Parse("oxfordshire.yaml", defaultPackYAML); err != nil {
		t.Error(err)
	}
}
