// Package chat is frontdoor's conversation engine: one engine behind every
// chat front end (Slack, Teams, the terminal). It recognises what a message
// asks for (a route for a concern, a refinement of it in the same thread, a
// check of a pasted referral or an attached file, a rule explained, the
// contacts for a route, help), tells chatter in a thread ("ok thanks",
// "asdfgh") from detail, and answers with a Reply that the renderers
// in this package turn into Slack Block Kit, a Teams Adaptive Card or plain
// text.
//
// The guidance pack and the rule checker decide every answer. Anything the
// engine cannot place gets help, not a guess; an optional Answerer may answer
// free-form questions, and never changes a route.
//
// The engine keeps a little state per thread in memory (the concern so far
// and the last route), expiring and capped. It never logs message or file
// content.
package chat

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/frontdoorhq/frontdoor/checker"
	"github.com/frontdoorhq/frontdoor/checker/intake"
	"github.com/frontdoorhq/frontdoor/checker/intake/mapping"
	"github.com/frontdoorhq/frontdoor/checker/intake/text"
	"github.com/frontdoorhq/frontdoor/checker/referral"
	"github.com/frontdoorhq/frontdoor/guidance"
)

// Reader reads a referral from a document's bytes, sniffing the format when
// format is "". *standard.Reader (PDF and DOCX in sandboxed workers) and
// *intake.Reader implement it. Its errors are shown to the user, so they must
// name the problem and never quote the document, as intake's errors do.
type Reader interface {
	Read(ctx context.Context, data []byte, format string) (*referral.Referral, string, error)
}

// Answerer answers free-form questions that none of the engine's intents
// cover ("what does s47 mean?"). It is optional and is asked only when the
// engine would otherwise reply with help: it never sees a message the
// guidance can route, and it cannot change a route.
//
// Answer returns the answer's text, or "" to decline (the engine then replies
// with help). An error or a timeout (Options.AnswerTimeout) is treated as
// declining; the engine logs only that it happened.
type Answerer interface {
	Answer(ctx context.Context, q Question) (string, error)
}

// AnswererFunc adapts a function to the Answerer interface.
type AnswererFunc func(ctx context.Context, q Question) (string, error)

// Answer calls f.
func (f AnswererFunc) Answer(ctx context.Context, q Question) (string, error) { return f(ctx, q) }

// Question is what an Answerer is asked.
type Question struct {
	Text    string           // the user's message, transport markup removed
	Concern string           // the thread's concern so far, "" when none; it may identify a child: redact before sending it anywhere
	Route   *guidance.Answer // the thread's current route answer, nil when none
}

// Message is one incoming chat message.
type Message struct {
	// Thread identifies the conversation: follow-ups with the same Thread
	// refine the answer. Transports build it from their own ids (workspace,
	// channel, thread). "" means a one-off message with no memory.
	Thread string
	Text   string // the message, transport markup (mentions, links, HTML) removed
	Files  []File // attached documents, already downloaded
}

// File is one attached document.
type File struct {
	Name string // shown in the reply
	Data []byte
	Err  string // set when the transport could not fetch it; shown instead of a check
}

// Options configure an Engine. Only Pack is required.
type Options struct {
	Pack          *guidance.Pack   // the guidance that routes concerns
	Reader        Reader           // reads files and pasted referrals; nil reads JSON, YAML, text, Markdown and email in process, and refuses PDF and DOCX
	Checker       *checker.Checker // nil: every rule, routed with Pack
	Answerer      Answerer         // nil: free-form questions get help
	AnswerTimeout time.Duration    // how long the Answerer may take; 3 s when 0
	ThreadTTL     time.Duration    // a thread is forgotten after this long unused; 1 h when 0
	MaxThreads    int              // threads remembered at once, least recently used dropped first; 10,000 when 0
	MaxConcern    int              // bytes of concern text kept per thread; 4 KiB when 0
	MaxText       int              // longest message read; 64 KiB when 0
	MaxFindings   int              // findings listed per check; 8 when 0
	Now           func() time.Time // the clock; time.Now when nil
	Log           *slog.Logger     // for Answerer failures (never content); discarded when nil
}

// Engine answers chat messages. It is safe for concurrent use.
type Engine struct {
	opts    Options
	pack    *guidance.Pack
	checker *checker.Checker
	reader  Reader
	threads *threads
	log     *slog.Logger
}

// New returns an engine, or an error when opts has no guidance pack.
func New(opts Options) (*Engine, error) {
	if opts.Pack == nil {
		return nil, errors.New("chat: no guidance pack")
	}
	if opts.AnswerTimeout <= 0 {
		opts.AnswerTimeout = 3 * time.Second
	}
	if opts.ThreadTTL <= 0 {
		opts.ThreadTTL = time.Hour
	}
	if opts.MaxThreads <= 0 {
		opts.MaxThreads = 10000
	}
	if opts.MaxConcern <= 0 {
		opts.MaxConcern = 4 << 10
	}
	if opts.MaxText <= 0 {
		opts.MaxText = 64 << 10
	}
	if opts.MaxFindings <= 0 {
		opts.MaxFindings = 8
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	e := &Engine{opts: opts, pack: opts.Pack, checker: opts.Checker, reader: opts.Reader, log: opts.Log}
	if e.checker == nil {
		e.checker = checker.New(checker.Options{Router: opts.Pack, Now: opts.Now})
	}
	if e.reader == nil {
		e.reader = &intake.Reader{MapDocument: mapping.Map, ReadText: text.Read}
	}
	if e.log == nil {
		e.log = slog.New(slog.DiscardHandler)
	}
	e.threads = newThreads(opts.MaxThreads, opts.ThreadTTL)
	return e, nil
}

// Pack is the guidance pack the engine routes with.
func (e *Engine) Pack() *guidance.Pack { return e.pack }

// Threads is the number of threads the engine remembers.
func (e *Engine) Threads() int { return e.threads.len() }

// Handle answers one message. It never fails: problems (an unreadable file,
// a message it cannot place) are answered in the reply.
func (e *Engine) Handle(ctx context.Context, m Message) Reply {
	now := e.opts.Now()
	if len(m.Files) > 0 {
		return e.checkFiles(ctx, m, now)
	}
	t := cleanText(m.Text)
	if len(t) > e.opts.MaxText {
		return e.help(fmt.Sprintf("That message is longer than I read (%d KB). Attach the referral as a file instead.", e.opts.MaxText>>10), nil)
	}
	cmd, arg := parseCommand(e.pack, t)
	switch cmd {
	case cmdHelp:
		return e.help("", nil)
	case cmdReset:
		e.threads.forget(m.Thread)
		return e.help("Done: I have forgotten this thread. Describe the new concern.", nil)
	case cmdExplain:
		return e.explain(arg)
	case cmdContacts:
		return e.contacts(m.Thread, arg, now)
	case cmdCheck:
		if arg == "" {
			return e.help("Paste the referral after `check`, or attach the file.", nil)
		}
		return e.checkText(ctx, m, arg, now)
	case cmdRoute:
		if arg == "" {
			return e.help("Describe the concern after `route`.", nil)
		}
		t = arg
	default:
		if looksLikeReferral(t) {
			return e.checkText(ctx, m, t, now)
		}
	}
	return e.concern(ctx, m, t, now)
}

// concern routes a concern, or refines the thread's concern with a follow-up.
func (e *Engine) concern(ctx context.Context, m Message, t string, now time.Time) Reply {
	st, ok := e.threads.get(m.Thread, now)
	if ok {
		if r, done := e.chatter(m, st, t, now); done {
			return r
		}
	}
	if ok && st.concern != "" {
		return e.followUp(ctx, m, st, t, now)
	}
	a := e.pack.Route(t, guidance.Facts{})
	if len(a.Reasons) == 0 {
		// Nothing in the guidance matched: help, not a guess.
		return e.answerOrHelp(ctx, t, st, a.Ask)
	}
	next := state{route: shapeOf(a)}
	notice := ""
	if len(t) <= e.opts.MaxConcern {
		next.concern = t
	} else if m.Thread != "" {
		notice = "This concern is too long for me to keep for follow-ups: add any detail by sending the whole concern again."
	}
	e.threads.put(m.Thread, next, now)
	return Reply{Kind: KindRoute, Notice: notice, Route: routeCard(e.pack, a, true)}
}

// chatter answers a message in a thread that adds nothing to its concern
// ("ok thanks", "lol", "asdfgh") with a short note, and leaves the thread as
// it was. It reports false for anything else, including chatter the
// guidance finds something in.
func (e *Engine) chatter(m Message, st state, t string, now time.Time) (Reply, bool) {
	kind := smallTalk(t)
	if kind == chatterNone {
		return Reply{}, false
	}
	if a := e.pack.Route(t, guidance.Facts{}); len(a.Reasons) > 0 {
		return Reply{}, false
	}
	e.threads.put(m.Thread, st, now) // still in use
	still := ""
	if !st.route.zero() {
		still = " (still " + shapeSummary(e.pack, st.route) + ")"
	}
	if kind == chatterNoise {
		return Reply{Kind: KindNote, Notice: "I could not read that as words, so nothing in this thread has changed" + still +
			". To refine the route, add detail as a sentence, for example \"she is 12\"; say `help` for what I can do."}, true
	}
	return Reply{Kind: KindNote, Notice: "Noted: nothing in this thread has changed" + still +
		". To refine the route, add detail as a sentence, for example \"she is 12\"; `contacts` gives who to call and `new` starts a new concern."}, true
}

// shapeSummary names a route answer in a few words: "Level 3, MASH
// referral", or the route's name alone when it gives the level.
func shapeSummary(p *guidance.Pack, s routeShape) string {
	name := routeRef(p, s.route).Title()
	if s.level != 0 && !strings.Contains(name, fmt.Sprintf("Level %d", s.level)) {
		return fmt.Sprintf("Level %d, %s", s.level, name)
	}
	return name
}

// followUp adds a message to the thread's concern and routes the whole again.
func (e *Engine) followUp(ctx context.Context, m Message, st state, t string, now time.Time) Reply {
	if looksLikeQuestion(t) {
		// A question about the answer, not more detail, unless the guidance
		// finds something in it.
		if a := e.pack.Route(t, guidance.Facts{}); len(a.Reasons) == 0 {
			r := e.answerOrHelp(ctx, t, st, nil)
			if r.Kind == KindHelp {
				r.Notice = "That reads as a question, so the concern in this thread is unchanged. Add detail as a statement to refine the route."
			}
			return r
		}
	}
	combined := st.concern + "\n" + t
	if len(combined) > e.opts.MaxConcern {
		a := e.pack.Route(st.concern, guidance.Facts{})
		return Reply{Kind: KindRoute, Route: routeCard(e.pack, a, true),
			Notice: fmt.Sprintf("This thread already holds as much as I keep (%d KB), so I have not added that. Start a new thread with the whole concern to go on.", e.opts.MaxConcern>>10)}
	}
	a := e.pack.Route(combined, guidance.Facts{})
	e.threads.put(m.Thread, state{concern: combined, route: shapeOf(a)}, now)
	return Reply{Kind: KindRoute, Notice: changeNotice(e.pack, st.route, shapeOf(a)), Route: routeCard(e.pack, a, true)}
}

// questionWords start a question rather than more detail about a concern.
var questionWords = map[string]bool{
	"what": true, "what's": true, "whats": true, "why": true, "how": true, "when": true, "where": true,
	"who": true, "which": true, "can": true, "could": true, "should": true, "would": true, "do": true,
	"does": true, "is": true, "are": true, "will": true, "must": true,
}

// looksLikeQuestion says whether a follow-up is a question: it ends with a
// question mark or starts with a question word.
func looksLikeQuestion(t string) bool {
	t = strings.TrimSpace(t)
	first, _ := cutWord(strings.ToLower(t))
	return strings.HasSuffix(t, "?") || questionWords[strings.Trim(first, ",.:;!")]
}

// answerOrHelp asks the Answerer, if there is one, and otherwise replies
// with help and the router's questions.
func (e *Engine) answerOrHelp(ctx context.Context, t string, st state, ask []string) Reply {
	if e.opts.Answerer != nil {
		q := Question{Text: t, Concern: st.concern}
		if st.concern != "" {
			a := e.pack.Route(st.concern, guidance.Facts{})
			q.Route = &a
		}
		actx, cancel := context.WithTimeout(ctx, e.opts.AnswerTimeout)
		ans, err := e.opts.Answerer.Answer(actx, q)
		cancel()
		switch {
		case err != nil:
			reason := "error"
			if errors.Is(err, context.DeadlineExceeded) {
				reason = "timeout"
			}
			e.log.Warn("answerer failed", "reason", reason)
		case strings.TrimSpace(ans) != "":
			return Reply{Kind: KindAnswer, Answer: strings.TrimSpace(ans)}
		}
	}
	notice := "I could not match that to the guidance, so I will not guess a route. Describe the concern: what happened or was said, to whom, and how old they are."
	return e.help(notice, ask)
}

func (e *Engine) help(notice string, ask []string) Reply {
	return Reply{Kind: KindHelp, Notice: notice, Help: &HelpCard{Ask: ask}}
}

// explain explains one rule.
func (e *Engine) explain(key string) Reply {
	key = strings.Trim(key, " `'\".,;:!?()")
	r, ok := checker.Lookup(key)
	if !ok {
		return e.help(fmt.Sprintf("There is no rule %q. Rules are named like FD101 or child-dob-missing.", key), nil)
	}
	return Reply{Kind: KindExplain, Rule: &RuleCard{
		ID: r.ID, Name: r.Name, Area: r.Area, Severity: r.Severity.String(), Field: r.Field,
		Message: r.Message, Why: r.Why, Fix: r.Fix, Source: r.Source,
	}}
}

// contacts lists who to call for the routes named, or for the thread's last
// route when none is named.
func (e *Engine) contacts(thread, arg string, now time.Time) Reply {
	ids := resolveRoutes(e.pack, arg)
	if len(ids) == 0 && strings.TrimSpace(arg) == "" {
		if st, ok := e.threads.get(thread, now); ok && !st.route.zero() {
			ids = append([]string{st.route.route}, st.route.also...)
		}
	}
	if len(ids) == 0 {
		notice := "Which route? For example `contacts mash` or `contacts lado`."
		if strings.TrimSpace(arg) != "" {
			notice = "I do not know that route. For example `contacts mash` or `contacts lado`."
		}
		routes := make([]RouteRef, 0, len(e.pack.Routes))
		for _, r := range e.pack.Routes {
			routes = append(routes, RouteRef{ID: r.ID, Name: r.Name})
		}
		return Reply{Kind: KindHelp, Notice: notice, Help: &HelpCard{Routes: routes}}
	}
	r := Reply{Kind: KindContacts}
	for _, id := range ids {
		info, ok := e.pack.RouteInfo(id)
		if !ok {
			continue
		}
		r.Contacts = append(r.Contacts, ContactCard{
			Route: RouteRef{ID: id, Name: info.Name}, Urgency: info.Urgency, Timescale: info.Timescale,
			Contacts: info.Contacts, Note: info.Note,
		})
	}
	return r
}

// checkFiles reads and checks each attached file.
func (e *Engine) checkFiles(ctx context.Context, m Message, now time.Time) Reply {
	r := Reply{Kind: KindCheck}
	var last routeShape
	for _, f := range m.Files {
		name := f.Name
		if name == "" {
			name = "attached file"
		}
		if f.Err != "" {
			r.Checks = append(r.Checks, CheckCard{Name: name, Error: f.Err})
			continue
		}
		c, shape := e.checkData(ctx, name, f.Data)
		r.Checks = append(r.Checks, c)
		if !shape.zero() && last.zero() {
			last = shape
		}
	}
	if !last.zero() {
		e.threads.put(m.Thread, state{route: last}, now)
	}
	return r
}

// checkText checks a referral pasted as text.
func (e *Engine) checkText(ctx context.Context, m Message, t string, now time.Time) Reply {
	c, shape := e.checkData(ctx, "pasted referral", []byte(t))
	if !shape.zero() {
		e.threads.put(m.Thread, state{route: shape}, now)
	}
	return Reply{Kind: KindCheck, Checks: []CheckCard{c}}
}

func (e *Engine) checkData(ctx context.Context, name string, data []byte) (CheckCard, routeShape) {
	r, format, err := e.reader.Read(ctx, data, "")
	if err != nil {
		msg := "could not read it"
		var ie *intake.Error
		switch {
		case errors.As(err, &ie):
			msg = ie.Msg
		case ctx.Err() != nil:
			msg = "could not read it in time; try again"
		}
		return CheckCard{Name: name, Format: format, Error: msg}, routeShape{}
	}
	res := e.checker.Check(r)
	res.Format = format
	c := checkCard(e.pack, name, res, e.opts.MaxFindings)
	var shape routeShape
	if a, ok := res.Route.(guidance.Answer); ok {
		shape = shapeOf(a)
	}
	return c, shape
}

func shapeOf(a guidance.Answer) routeShape {
	s := routeShape{route: a.Route, also: a.Also}
	if a.Level != nil {
		s.level = *a.Level
	}
	return s
}

// changeNotice says what a follow-up changed.
func changeNotice(p *guidance.Pack, old, cur routeShape) string {
	var parts []string
	if old.level != cur.level && cur.level != 0 {
		if old.level != 0 {
			parts = append(parts, fmt.Sprintf("level %d → %d", old.level, cur.level))
		} else {
			parts = append(parts, fmt.Sprintf("now level %d", cur.level))
		}
	}
	if old.route != cur.route {
		parts = append(parts, fmt.Sprintf("route %s → %s", routeRef(p, old.route).Title(), routeRef(p, cur.route).Title()))
	}
	var added []string
	for _, id := range cur.also {
		if id != old.route && !contains(old.also, id) {
			added = append(added, routeRef(p, id).Title())
		}
	}
	if len(added) > 0 {
		parts = append(parts, "now also "+strings.Join(added, "; "))
	}
	if len(parts) == 0 {
		return "Updated with your follow-up: the route is unchanged."
	}
	return "Updated with your follow-up: " + strings.Join(parts, ", ") + "."
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// truncate shortens s to at most n bytes on a rune boundary, adding "…".
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n - len("…")
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
