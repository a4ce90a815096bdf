package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/frontdoorhq/frontdoor/checker"
	"github.com/frontdoorhq/frontdoor/checker/referral"
	"github.com/frontdoorhq/frontdoor/checker/report"
	"github.com/frontdoorhq/frontdoor/guidance"
	"github.com/frontdoorhq/frontdoor/integrations/assist"
	"github.com/frontdoorhq/frontdoor/integrations/chat"
)

// Model assistance (--assist) for check and route: see integrations/assist.
// The server is configured only by FRONTDOOR_LLM_* in the environment;
// without them nothing is ever sent, and the output says so.

var assistFlag = &cli.BoolFlag{Name: "assist", Usage: "ask the model server named by $" + assist.EnvBaseURL + " and $" + assist.EnvModel +
	" for a second opinion on the route (and, for check, the fields of a letter with few labels); personal details are replaced by placeholders first, and the rules' answer always stands"}

// assistant is model assistance for one run.
type assistant struct {
	client *assist.Client // nil when not configured: every result then carries a note
	pack   *guidance.Pack
}

// newAssistant reads the configuration from the environment. A bad
// configuration is a usage error (exit 2); none at all is a note.
func newAssistant(e *env, p *guidance.Pack) (*assistant, error) {
	cfg, on, err := assist.ConfigFromEnv(e.getenv)
	if err != nil {
		return nil, usagef("--assist: %v", err)
	}
	a := &assistant{pack: p}
	if !on {
		fmt.Fprintf(e.stderr, "frontdoor: --assist: model assistance is not configured (set %s and %s); nothing is sent, and the rules' answers are shown\n",
			assist.EnvBaseURL, assist.EnvModel)
		return a, nil
	}
	if a.client, err = assist.New(cfg); err != nil {
		return nil, usagef("--assist: %v", err)
	}
	return a, nil
}

// assistedRoute is the route object (contract section 3) with the model's
// second opinion added under "assist"; the rules' keys are unchanged. In a
// check result it also carries the extraction to the writer.
type assistedRoute struct {
	guidance.Answer
	Assist *assist.Opinion `json:"assist,omitempty"`

	extraction *assist.Extraction
}

// check checks one referral with model assistance: fields extracted from a
// narrative when the readers found few (filled only where empty, marked as
// extracted, then checked by the rules like any other value), and a second
// opinion on the rules' route.
func (a *assistant) check(ctx context.Context, c *checker.Checker, r *referral.Referral, format string) checker.Result {
	x := assist.NewRedactorFor(r)
	ex := &assist.Extraction{Extracted: []assist.Extracted{}}
	if assist.NeedsExtraction(r, format) {
		*ex = a.client.Extract(ctx, r, x)
	} else if a.client != nil {
		ex.Model = a.client.Model()
	}
	res := c.Check(r)
	ans, ok := res.Route.(guidance.Answer)
	if !ok {
		return res
	}
	op := a.client.SecondOpinion(ctx, a.pack, guidance.ConcernText(r), ans, x)
	res.Route = assistedRoute{Answer: ans, Assist: &op, extraction: ex}
	return res
}

// assistedResult is a check result (contract section 2) with the
// extraction added under "assist".
type assistedResult struct {
	checker.Result
	Assist *assist.Extraction `json:"assist,omitempty"`
}

// assistWriter writes check results with what the model added: in JSON
// under "assist" keys; in text as a block after each referral; for line
// and SARIF, whose consumers expect rule findings only, on stderr.
type assistWriter struct {
	report.Writer
	format string
	pretty bool
	min    checker.Severity
	out    io.Writer
	errOut io.Writer
	pack   *guidance.Pack
	items  []assistedResult
}

func (a *assistant) writer(w report.Writer, e *env, opts *checkOptions, min checker.Severity) report.Writer {
	return &assistWriter{Writer: w, format: opts.Format, pretty: opts.Pretty, min: min, out: e.stdout, errOut: e.stderr, pack: a.pack}
}

func (w *assistWriter) Write(res checker.Result) error {
	route, _ := res.Route.(assistedRoute)
	switch w.format {
	case "json":
		if res.Error == "" {
			res.Findings = assistVisible(res.Findings, w.min)
		}
		item := assistedResult{Result: res, Assist: route.extraction}
		if w.pretty {
			w.items = append(w.items, item)
			return nil
		}
		b, err := json.Marshal(item)
		if err != nil {
			return err
		}
		_, err = w.out.Write(append(b, '\n'))
		return err
	case "text":
		if err := w.Writer.Write(res); err != nil || res.Error != "" || route.Assist == nil {
			return err
		}
		_, err := io.WriteString(w.out, renderAssist(w.pack, route.Answer, route.Assist, route.extraction)+"\n")
		return err
	}
	if err := w.Writer.Write(res); err != nil || res.Error != "" || route.Assist == nil {
		return err
	}
	_, err := fmt.Fprintf(w.errOut, "frontdoor: %s: %s\n", assistFileName(res.File), summariseAssist(route.Assist, route.extraction))
	return err
}

func (w *assistWriter) Close() error {
	if w.format != "json" {
		return w.Writer.Close()
	}
	if !w.pretty {
		return nil
	}
	if w.items == nil {
		w.items = []assistedResult{}
	}
	b, err := json.MarshalIndent(w.items, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.out.Write(append(b, '\n'))
	return err
}

// assistVisible is what the JSON report shows: findings at or above the
// display threshold, and [] rather than null.
func assistVisible(fs []checker.Finding, min checker.Severity) []checker.Finding {
	out := make([]checker.Finding, 0, len(fs))
	for _, f := range fs {
		if f.Severity >= min {
			out = append(out, f)
		}
	}
	return out
}

func assistFileName(f string) string {
	if f == "" {
		return "-"
	}
	return f
}

// runRouteAssist finishes `route --assist`: the rules' answer with the
// model's second opinion beside it.
func runRouteAssist(c *cli.Context, e *env, p *guidance.Pack, text string, a guidance.Answer, format string) error {
	as, err := newAssistant(e, p)
	if err != nil {
		return err
	}
	op := as.client.SecondOpinion(c.Context, p, text, a, nil)
	if format == "json" {
		var b []byte
		if c.Bool("pretty") {
			b, err = json.MarshalIndent(assistedRoute{Answer: a, Assist: &op}, "", "  ")
		} else {
			b, err = json.Marshal(assistedRoute{Answer: a, Assist: &op})
		}
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(e.stdout, "%s\n", b)
		return err
	}
	_, err = io.WriteString(e.stdout, renderAnswer(p, a)+"\n"+renderAssist(p, a, &op, nil))
	return err
}

// renderAssist writes what the model added, for a person to read: the
// extracted fields to check, and the second opinion with every difference
// from the rules.
func renderAssist(p *guidance.Pack, a guidance.Answer, op *assist.Opinion, ex *assist.Extraction) string {
	var b strings.Builder
	model := op.Model
	if model == "" && ex != nil {
		model = ex.Model
	}
	if model != "" {
		fmt.Fprintf(&b, "Model assistance (%s):\n", model)
	} else {
		b.WriteString("Model assistance:\n")
	}
	if ex != nil {
		if len(ex.Extracted) > 0 {
			b.WriteString("  Extracted by the model from the narrative (check each before relying on it):\n")
			for _, f := range ex.Extracted {
				fmt.Fprintf(&b, "    %s: %s\n", f.Field, f.Value)
			}
		}
		if ex.Note != "" && ex.Note != op.Note { // "not configured" once, not twice
			fmt.Fprintf(&b, "  %s\n", ex.Note)
		}
	}
	rules := a.Route
	if a.Level != nil {
		rules = fmt.Sprintf("Level %d, %s", *a.Level, a.Route)
	}
	switch {
	case !op.Used:
		fmt.Fprintf(&b, "  Second opinion: %s\n", op.Note)
	case op.Agrees:
		fmt.Fprintf(&b, "  Second opinion: the model agrees with the rules (%s).\n", rules)
	default:
		fmt.Fprintf(&b, "  Second opinion: the model differs from the rules (%s), whose answer stands:\n", rules)
		for _, d := range op.Disagreements {
			fmt.Fprintf(&b, "    - %s\n", d)
		}
	}
	if op.Used {
		if op.Rationale != "" {
			fmt.Fprintf(&b, "  The model's reasons: %s\n", op.Rationale)
		}
		if len(op.Concerns) > 0 {
			b.WriteString("  Concerns the model raises:\n")
			for _, s := range op.Concerns {
				fmt.Fprintf(&b, "    - %s\n", s)
			}
		}
		if len(op.Questions) > 0 {
			b.WriteString("  Questions the model would add:\n")
			for _, s := range op.Questions {
				fmt.Fprintf(&b, "    - %s\n", s)
			}
		}
		if op.Note != "" {
			fmt.Fprintf(&b, "  %s\n", op.Note)
		}
	}
	return b.String()
}

// summariseAssist is one line on what the model added, for stderr.
func summariseAssist(op *assist.Opinion, ex *assist.Extraction) string {
	var parts []string
	if ex != nil && len(ex.Extracted) > 0 {
		fields := make([]string, len(ex.Extracted))
		for i, f := range ex.Extracted {
			fields[i] = f.Field
		}
		parts = append(parts, "model extracted "+strings.Join(fields, ", ")+" (check them)")
	}
	if ex != nil && ex.Note != "" && ex.Note != op.Note {
		parts = append(parts, ex.Note)
	}
	switch {
	case !op.Used:
		parts = append(parts, op.Note)
	case op.Agrees:
		parts = append(parts, "the model's second opinion agrees with the route")
	default:
		parts = append(parts, "the model's second opinion differs: "+strings.Join(op.Disagreements, " "))
	}
	return strings.Join(parts, "; ")
}

// chatAnswerer returns the free-form answerer for chat and serve when
// FRONTDOOR_LLM_* configure a model server: questions the router cannot
// place are answered from the guidance pack's own sections (cited by id),
// with the model's wording when it gives a valid, grounded reply. Without a
// configuration it returns nil, and such questions get help instead.
func chatAnswerer(e *env, p *guidance.Pack) (chat.Answerer, error) {
	cfg, on, err := assist.ConfigFromEnv(e.getenv)
	if err != nil {
		return nil, usagef("%v", err)
	}
	if !on {
		return nil, nil
	}
	c, err := assist.New(cfg)
	if err != nil {
		return nil, usagef("%v", err)
	}
	g := assist.NewGuide(p, c)
	return chat.AnswererFunc(func(ctx context.Context, q chat.Question) (string, error) {
		a, err := g.Answer(ctx, q.Text)
		if err != nil {
			return "", err
		}
		return guideText(a), nil
	}), nil
}

// guideText renders a guidance answer for chat: the answer, the sections it
// rests on, and any note about the model's part.
func guideText(a assist.Answer) string {
	var b strings.Builder
	b.WriteString(a.Text)
	if len(a.Citations) > 0 {
		b.WriteString("\n\nFrom the guidance:")
		for _, c := range a.Citations {
			fmt.Fprintf(&b, "\n- %s (%s)", c.Title, c.ID)
		}
	}
	if a.Note != "" {
		b.WriteString("\n\n" + a.Note)
	}
	return b.String()
}
