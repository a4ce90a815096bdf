package assist

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/sashabaranov/go-openai/jsonschema"

	"github.com/frontdoorhq/frontdoor/guidance"
)

// Answerer answers free-form questions about the guidance. It is the
// interface a chat front end calls; Guide implements it.
//
// Answer returns an error only for a question it cannot take (ErrNoQuestion)
// or a cancelled context. Every other problem (no model configured, the
// server down, a reply that is malformed or cites nothing in the pack) gives
// an Answer built from the pack alone, with a Note saying why.
type Answerer interface {
	Answer(ctx context.Context, question string) (Answer, error)
}

// Answer is an answer to a question about the guidance.
type Answer struct {
	Text      string     `json:"text"`           // for the person, placeholders restored
	Covered   bool       `json:"covered"`        // false: the guidance pack does not cover the question
	Citations []Citation `json:"citations"`      // the pack sections the answer rests on; each one exists in the pack
	Assisted  bool       `json:"assisted"`       // the text is the model's (false: the pack's own words)
	Note      string     `json:"note,omitempty"` // why the model's answer was not used, or what was removed from it
}

// Citation is one section of the guidance pack an answer rests on.
type Citation struct {
	ID    string `json:"id"`    // "level:3", "route:mash", "indicator:<id>"
	Title string `json:"title"` // for people
}

// ErrNoQuestion is returned for an empty question.
var ErrNoQuestion = errors.New("no question asked")

// maxQuestion bounds the question sent, in runes.
const maxQuestion = 2000

// Guide answers questions from the text of one guidance pack: it retrieves
// the levels, routes and indicators that match the question (lexical
// scoring), sends them to the model as the only allowed source with the
// redacted question, requires the reply to cite their ids, and checks every
// citation against the pack. With a nil Client it answers with the matching
// sections' own words. It is safe for concurrent use.
type Guide struct {
	pack   *guidance.Pack
	client *Client
	once   sync.Once
	idx    *index
}

var _ Answerer = (*Guide)(nil)

// NewGuide returns a Guide over the pack. c may be nil (model assistance
// off): answers are then the pack's own words.
func NewGuide(p *guidance.Pack, c *Client) *Guide { return &Guide{pack: p, client: c} }

func (g *Guide) index() *index {
	g.once.Do(func() { g.idx = newIndex(g.pack) })
	return g.idx
}

type answerReply struct {
	Covered   bool     `json:"covered"`
	Answer    string   `json:"answer"`
	Citations []string `json:"citations"`
}

// Answer answers a question about the guidance pack.
func (g *Guide) Answer(ctx context.Context, question string) (Answer, error) {
	question = collapse(question)
	if question == "" {
		return Answer{}, ErrNoQuestion
	}
	if err := ctx.Err(); err != nil {
		return Answer{}, err
	}
	question = clip(question, maxQuestion)
	x := NewRedactor()
	sent := x.Redact(question)
	// Names, dates and numbers say nothing about which part of the
	// guidance is meant.
	hits := g.index().search(restoreRE().ReplaceAllString(sent, " "))
	if len(hits) == 0 {
		return g.notCovered(""), nil
	}
	if g.client == nil {
		a := g.fromPack(hits)
		a.Note = "Model assistance is off: these are the parts of the guidance that match the question."
		return a, nil
	}
	ids := make([]string, len(hits))
	var ctxText strings.Builder
	for i, h := range hits {
		ids[i] = h.sec.id
		fmt.Fprintf(&ctxText, "[%s] %s\n", h.sec.id, h.sec.text)
	}
	schema := answerSchema(ids)
	content, err := g.client.complete(ctx, request{
		name: "frontdoor_guidance_answer", system: answerInstructions(g.pack),
		user:   "<guidance>\n" + ctxText.String() + "</guidance>\n\n" + dataBlock("question", sent),
		schema: schema, maxTokens: 1000, redactor: x,
	})
	if err == nil {
		var reply answerReply
		check := loosen(*schema) // a made-up citation is dropped on its own, in fromReply
		if err = decodeReply(content, &check, &reply); err == nil {
			return g.fromReply(x, hits, reply), nil
		}
	}
	if cerr := ctx.Err(); cerr != nil && errors.Is(cerr, context.Canceled) {
		return Answer{}, cerr
	}
	a := g.fromPack(hits)
	a.Note = noteFor(err) + " These are the parts of the guidance that match the question."
	return a, nil
}

func answerSchema(ids []string) *jsonschema.Definition {
	d := object(map[string]jsonschema.Definition{
		"covered":   boolean("true if the guidance sections given answer the question"),
		"answer":    str("the answer, in plain words, from the guidance sections only; if not covered, one sentence saying so"),
		"citations": array(enum("a section id", ids), "the ids of the sections the answer relies on"),
	}, "")
	return &d
}

func answerInstructions(p *guidance.Pack) string {
	return fmt.Sprintf(`You answer questions from school staff about the safeguarding guidance pack %q (%s), using only the guidance sections given between <guidance> tags. `+
		`Cite in "citations" the id of every section you rely on (such as route:mash or level:3). `+
		`If the sections do not answer the question, set covered to false and say so in one sentence; never answer from general knowledge. `+
		`If the question describes a particular child, do not decide their level or route: say that frontdoor's route check gives the route, and answer only what the guidance says. `+
		`Be brief: at most six sentences. `, p.ID, p.Area) + dataRule
}

// fromReply checks a reply's citations against the sections sent and the
// pack, and builds the answer.
func (g *Guide) fromReply(x *Redactor, hits []hit, r answerReply) Answer {
	if !r.Covered {
		a := g.notCovered("")
		a.Assisted = true
		return a
	}
	sent := map[string]bool{}
	for _, h := range hits {
		sent[h.sec.id] = true
	}
	var cites []Citation
	dropped := 0
	seen := map[string]bool{}
	for _, id := range r.Citations {
		s, ok := g.index().byID[id]
		if !ok || !sent[id] {
			dropped++
			continue
		}
		if !seen[id] {
			seen[id] = true
			cites = append(cites, Citation{ID: id, Title: s.title})
		}
	}
	text := strings.TrimSpace(r.Answer)
	if len(cites) == 0 || text == "" {
		a := g.fromPack(hits)
		a.Note = "Model assistance was not used: the model's answer cited no section of the guidance, so it is not shown. These are the parts of the guidance that match the question."
		return a
	}
	a := Answer{Text: x.Restore(clip(text, 3000)), Covered: true, Citations: cites, Assisted: true}
	if dropped > 0 {
		a.Note = fmt.Sprintf("The model cited %d %s not in the guidance given to it; %s removed.", dropped,
			plural(dropped, "section", "sections"), plural(dropped, "it was", "they were"))
	}
	return a
}

// fromPack answers with the matching sections' own words.
func (g *Guide) fromPack(hits []hit) Answer {
	a := Answer{Covered: true}
	var b strings.Builder
	b.WriteString("The guidance says:\n")
	for _, h := range hits {
		a.Citations = append(a.Citations, Citation{ID: h.sec.id, Title: h.sec.title})
		fmt.Fprintf(&b, "- %s [%s]: %s\n", h.sec.title, h.sec.id, clip(h.sec.text, 400))
	}
	a.Text = strings.TrimRight(b.String(), "\n")
	return a
}

func (g *Guide) notCovered(note string) Answer {
	return Answer{
		Text:      fmt.Sprintf("The guidance pack (%s) does not cover this question. Ask your designated safeguarding lead, or the MASH for advice.", g.pack.ID),
		Citations: []Citation{},
		Note:      note,
	}
}
