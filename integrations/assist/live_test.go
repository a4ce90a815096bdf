package assist

import (
	"context"
	"os"
	"testing"

	"github.com/frontdoorhq/frontdoor/guidance"
)

// Ensure the assistance works against a real server. It runs only when
// FRONTDOOR_LLM_LIVE_TEST=1 and FRONTDOOR_LLM_BASE_URL and
// FRONTDOOR_LLM_MODEL name a server (a local Ollama, say); CI sets neither,
// so CI makes no network call and needs no key.
func TestLiveServer(t *testing.T) {
	if os.Getenv("FRONTDOOR_LLM_LIVE_TEST") != "1" {
		t.Skip("set FRONTDOOR_LLM_LIVE_TEST=1 and FRONTDOOR_LLM_BASE_URL, FRONTDOOR_LLM_MODEL to run against a real server")
	}
	cfg, on, err := ConfigFromEnv(os.Getenv)
	if err != nil || !on {
		t.Fatalf("configuration: on=%v, %v", on, err)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	p := mustPack()
	rules := p.Route(beltConcern, guidance.Facts{})
	op := c.SecondOpinion(context.Background(), p, beltConcern, rules, nil)
	t.Logf("second opinion: %+v", op)
	if !op.Used {
		t.Errorf("the model's opinion was not used: %s", op.Note)
	}
	r := letterReferral(t)
	ex := c.Extract(context.Background(), r, nil)
	t.Logf("extraction: %+v", ex)
	a, err := NewGuide(p, c).Answer(context.Background(), "Do I need the parents' consent before an early help assessment?")
	t.Logf("answer: %+v (%v)", a, err)
	if err != nil || !a.Covered {
		t.Errorf("answer: %+v, %v", a, err)
	}
}
