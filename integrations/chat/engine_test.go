package chat_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/frontdoorhq/frontdoor/checker/intake/parsers"
	"github.com/frontdoorhq/frontdoor/checker/intake/sandbox"
	"github.com/frontdoorhq/frontdoor/checker/intake/standard"
	"github.com/frontdoorhq/frontdoor/guidance"
	"github.com/frontdoorhq/frontdoor/integrations/chat"
)

func TestMain(m *testing.M) {
	parsers.ServeWorker() // the test binary is also the sandbox's document worker
	os.Exit(m.Run())
}

const (
	beltConcern   = "Year 4 boy came in with a bruise on his cheek and said his dad hit him with a belt last night."
	hungryConcern = "Mum says she is struggling to get him to school on time and he is often hungry."
)

func mustPack(t testing.TB) *guidance.Pack {
	t.Helper()
	p, err := guidance.Default()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func newEngine(t testing.TB, opts chat.Options) *chat.Engine {
	t.Helper()
	if opts.Pack == nil {
		opts.Pack = mustPack(t)
	}
	e, err := chat.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func say(e *chat.Engine, thread, text string) chat.Reply {
	return e.Handle(context.Background(), chat.Message{Thread: thread, Text: text})
}

// Ensure New refuses to run without guidance.
func TestNewNeedsPack(t *testing.T) {
	if _, err := chat.New(chat.Options{}); err == nil {
		t.Fatal("New with no pack: want an error")
	}
}

// Ensure each intent is recognised from the words people use.
func TestIntents(t *testing.T) {
	e := newEngine(t, chat.Options{})
	tests := []struct {
		text string
		want chat.Kind
	}{
		{"help", chat.KindHelp},
		{"Hi!", chat.KindHelp},
		{"", chat.KindHelp},
		{"what can you do?", chat.KindHelp},
		{beltConcern, chat.KindRoute},
		{"route " + beltConcern, chat.KindRoute},
		{"explain FD704", chat.KindExplain},
		{"FD101", chat.KindExplain},
		{"what is fd101?", chat.KindExplain},
		{"why FD704?", chat.KindExplain},
		{"explain child-dob-missing", chat.KindExplain},
		{"contacts lado", chat.KindContacts},
		{"contacts for the police", chat.KindContacts},
		{"who do I call about prevent?", chat.KindContacts},
		{"phone numbers for mash", chat.KindContacts},
		{"contact lado", chat.KindContacts},
		// Starts with a command word but is a concern.
		{"Contact from mum today: she says his dad hit him with a belt.", chat.KindRoute},
		{"Phone call from mum: she says his dad hit him with a belt.", chat.KindRoute},
		// Nothing to place: help, not a guess.
		{"what's for lunch", chat.KindHelp},
		{"Things do not seem right.", chat.KindHelp},
		{"route things do not seem right", chat.KindHelp},
	}
	for _, tt := range tests {
		if got := say(e, "", tt.text); got.Kind != tt.want {
			t.Errorf("%q: kind %s, want %s (notice %q)", tt.text, got.Kind, tt.want, got.Notice)
		}
	}
}

// Ensure a concern gets the full route answer: level, route, duties,
// reasons with the words that drove them, next steps and contacts.
func TestConcernRoute(t *testing.T) {
	e := newEngine(t, chat.Options{})
	r := say(e, "", beltConcern)
	c := r.Route
	if r.Kind != chat.KindRoute || c == nil {
		t.Fatalf("kind %s, want a route", r.Kind)
	}
	if c.Route.ID != "mash-urgent" || c.Level == nil || *c.Level != 4 {
		t.Errorf("route %s level %v, want mash-urgent at level 4", c.Route.ID, c.Level)
	}
	if c.Route.Name == "" || len(c.NextSteps) == 0 || len(c.Contacts) == 0 || c.Guidance == "" {
		t.Errorf("route card missing name, next steps, contacts or guidance: %+v", c)
	}
	var police bool
	for _, a := range c.Also {
		police = police || a.ID == "police"
	}
	if !police {
		t.Errorf("also %v, want police", c.Also)
	}
	if len(c.Reasons) == 0 || c.Reasons[0].Evidence == "" {
		t.Errorf("reasons %+v, want evidence from the concern", c.Reasons)
	}
	if r.RouteID() != "mash-urgent" {
		t.Errorf("RouteID %q", r.RouteID())
	}
}

// Ensure nothing the guidance can place gets help with the router's
// questions, never a route.
func TestUnplacedGetsHelpWithQuestions(t *testing.T) {
	e := newEngine(t, chat.Options{})
	r := say(e, "t", "Things do not seem right.")
	if r.Kind != chat.KindHelp || r.Route != nil {
		t.Fatalf("kind %s, want help", r.Kind)
	}
	if !strings.Contains(r.Notice, "will not guess") || r.Help == nil || len(r.Help.Ask) == 0 {
		t.Errorf("notice %q help %+v: want the no-guess notice and questions", r.Notice, r.Help)
	}
	if e.Threads() != 0 {
		t.Errorf("an unplaced message started a thread")
	}
}

// Ensure a follow-up in the same thread refines the answer and says what
// changed, and that another thread is not affected.
func TestFollowUpRefines(t *testing.T) {
	e := newEngine(t, chat.Options{})
	first := say(e, "slack:T1:C1:100.1", hungryConcern)
	if first.Route == nil || first.Route.Route.ID == "mash-urgent" {
		t.Fatalf("first answer %+v: want a route below mash-urgent", first.Route)
	}
	next := say(e, "slack:T1:C1:100.1", "He told me dad hits him with a belt.")
	if next.Kind != chat.KindRoute || next.Route.Route.ID != "mash-urgent" {
		t.Fatalf("follow-up: kind %s route %+v, want mash-urgent", next.Kind, next.Route)
	}
	if !strings.HasPrefix(next.Notice, "Updated with your follow-up: level ") || !strings.Contains(next.Notice, "→") {
		t.Errorf("notice %q: want what changed", next.Notice)
	}
	same := say(e, "slack:T1:C1:100.1", "He said it happened on Saturday.")
	if same.Notice != "Updated with your follow-up: the route is unchanged." {
		t.Errorf("notice %q: want unchanged", same.Notice)
	}
	// A different thread starts afresh.
	other := say(e, "slack:T1:C1:200.1", "He said it happened on Saturday.")
	if other.Kind != chat.KindHelp {
		t.Errorf("other thread: kind %s, want help", other.Kind)
	}
	// "contacts" in the thread follows its answer.
	c := say(e, "slack:T1:C1:100.1", "contacts")
	if c.Kind != chat.KindContacts || c.Contacts[0].Route.ID != "mash-urgent" {
		t.Errorf("contacts in thread: %+v", c)
	}
	// "new" forgets it.
	if r := say(e, "slack:T1:C1:100.1", "new"); r.Kind != chat.KindHelp {
		t.Errorf("new: kind %s", r.Kind)
	}
	if r := say(e, "slack:T1:C1:100.1", "He said it happened on Saturday."); r.Kind != chat.KindHelp {
		t.Errorf("after new: kind %s, want help", r.Kind)
	}
}

// Ensure a question in a thread does not change the concern.
func TestFollowUpQuestionLeavesConcern(t *testing.T) {
	e := newEngine(t, chat.Options{})
	say(e, "t", hungryConcern)
	r := say(e, "t", "What does targeted help mean?")
	if r.Kind != chat.KindHelp || !strings.Contains(r.Notice, "unchanged") {
		t.Fatalf("question: kind %s notice %q", r.Kind, r.Notice)
	}
	r = say(e, "t", "She is 8.")
	if r.Notice != "Updated with your follow-up: the route is unchanged." {
		t.Errorf("after question: notice %q", r.Notice)
	}
}

// Ensure a message in a thread that adds nothing to the concern (thanks, a
// reaction, keyboard noise, a bare yes or no) gets a short note, leaves the
// concern and the route as they were and is not sent to the Answerer, while
// any detail, however short, still refines the concern.
func TestFollowUpChatterLeavesConcern(t *testing.T) {
	tests := []struct {
		start   string    // the thread's first message
		say     string    // the follow-up
		want    chat.Kind // the follow-up's reply
		notice  string    // in the reply's notice
		concern string    // the thread's concern afterwards; "" after a check
	}{
		{hungryConcern, "ok thanks", chat.KindNote, "Noted: nothing in this thread has changed (still MASH referral", hungryConcern},
		{hungryConcern, "lol", chat.KindNote, "Noted", hungryConcern},
		{hungryConcern, "Thanks!! 👍", chat.KindNote, "Noted", hungryConcern},
		{hungryConcern, "yes", chat.KindNote, "Noted", hungryConcern},
		{hungryConcern, "sorry wrong chat", chat.KindNote, "Noted", hungryConcern},
		{hungryConcern, "asdfgh", chat.KindNote, "I could not read that as words, so nothing in this thread has changed", hungryConcern},
		{beltConcern, "qwerty zxcv", chat.KindNote, "(still MASH: phone now", beltConcern},
		{beltConcern, "ok", chat.KindNote, "`new` starts a new concern", beltConcern},
		{pastedJSON, "thanks", chat.KindNote, "(still MASH: phone now", ""},
		// Detail is added, however short.
		{hungryConcern, "She is 8.", chat.KindRoute, "Updated with your follow-up", hungryConcern + "\nShe is 8."},
		{hungryConcern, "stepdad", chat.KindRoute, "Updated with your follow-up", hungryConcern + "\nstepdad"},
		{hungryConcern, "ok, he said dad hits him with a belt", chat.KindRoute, "Updated with your follow-up: level 3 → 4", hungryConcern + "\nok, he said dad hits him with a belt"},
	}
	for _, tt := range tests {
		t.Run(tt.say, func(t *testing.T) {
			var asked []chat.Question
			e := newEngine(t, chat.Options{Answerer: chat.AnswererFunc(func(_ context.Context, q chat.Question) (string, error) {
				asked = append(asked, q)
				return "An answer.", nil
			})})
			first := say(e, "th", tt.start)
			if first.RouteID() == "" {
				t.Fatalf("start: kind %s, want a route", first.Kind)
			}
			r := say(e, "th", tt.say)
			if r.Kind != tt.want || !strings.Contains(r.Notice, tt.notice) {
				t.Errorf("kind %s notice %q, want %s with %q", r.Kind, r.Notice, tt.want, tt.notice)
			}
			if tt.want == chat.KindNote {
				if r.Route != nil || r.Help != nil || len(asked) != 0 {
					t.Errorf("a note carries a card, or the answerer was asked: %+v, %d questions", r, len(asked))
				}
				if txt := chat.Text(r); strings.Count(txt, "\n") != 1 {
					t.Errorf("the note is not one line: %q", txt)
				}
				if c := say(e, "th", "contacts"); c.Kind != chat.KindContacts || c.Contacts[0].Route.ID != first.RouteID() {
					t.Errorf("contacts after the note: %+v, want %s", c, first.RouteID())
				}
			}
			say(e, "th", "what happens next?")
			if len(asked) != 1 || asked[0].Concern != tt.concern {
				t.Errorf("the thread's concern afterwards: %+v, want %q", asked, tt.concern)
			}
		})
	}
}

// Ensure a thread keeps at most MaxConcern bytes and says so.
func TestFollowUpCap(t *testing.T) {
	e := newEngine(t, chat.Options{MaxConcern: 200})
	say(e, "t", hungryConcern)
	r := say(e, "t", strings.Repeat("He was late again on Monday. ", 8))
	if r.Kind != chat.KindRoute || !strings.Contains(r.Notice, "as much as I keep") {
		t.Errorf("over the cap: kind %s notice %q", r.Kind, r.Notice)
	}
	if r := say(e, "", strings.Repeat("x", 70<<10)); r.Kind != chat.KindHelp || !strings.Contains(r.Notice, "longer than I read") {
		t.Errorf("over MaxText: kind %s notice %q", r.Kind, r.Notice)
	}
}

// Ensure threads expire after the TTL and the oldest go first beyond the cap.
func TestThreadsExpireAndAreCapped(t *testing.T) {
	now := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	e := newEngine(t, chat.Options{MaxThreads: 3, ThreadTTL: time.Hour, Now: func() time.Time { return now }})
	for _, th := range []string{"a", "b", "c", "d"} {
		say(e, th, hungryConcern)
	}
	if n := e.Threads(); n != 3 {
		t.Errorf("threads %d, want the cap of 3", n)
	}
	if r := say(e, "a", "She is 8."); r.Kind != chat.KindHelp {
		t.Errorf("thread a was evicted but answered %s", r.Kind)
	}
	if r := say(e, "d", "She is 8."); r.Kind != chat.KindRoute {
		t.Errorf("thread d: %s, want a refined route", r.Kind)
	}
	now = now.Add(61 * time.Minute)
	if r := say(e, "d", "She is 8."); r.Kind != chat.KindHelp {
		t.Errorf("thread d after the TTL: %s, want help", r.Kind)
	}
	say(e, "e", hungryConcern)
	if n := e.Threads(); n != 1 {
		t.Errorf("threads after expiry %d, want 1", n)
	}
}

// Ensure explain covers known and unknown rules.
func TestExplain(t *testing.T) {
	e := newEngine(t, chat.Options{})
	r := say(e, "", "explain fd704")
	if r.Rule == nil || r.Rule.ID != "FD704" || r.Rule.Why == "" || r.Rule.Fix == "" {
		t.Fatalf("explain: %+v", r.Rule)
	}
	if ids := r.RuleIDs(); len(ids) != 1 || ids[0] != "FD704" {
		t.Errorf("RuleIDs %v", ids)
	}
	r = say(e, "", "explain FD999")
	if r.Kind != chat.KindHelp || !strings.Contains(r.Notice, `no rule "FD999"`) {
		t.Errorf("unknown rule: kind %s notice %q", r.Kind, r.Notice)
	}
}

// Ensure contacts resolve routes by id and by everyday name.
func TestContacts(t *testing.T) {
	e := newEngine(t, chat.Options{})
	tests := []struct {
		text string
		want []string
	}{
		{"contacts lado", []string{"lado"}},
		{"contacts mash-urgent", []string{"mash-urgent"}},
		{"contacts mash and police", []string{"mash", "police"}},
		{"contacts forced marriage", []string{"forced-marriage-unit"}},
		{"who should we ring about county lines", []string{"nrm"}},
		{"contacts fgm", []string{"police-fgm"}},
	}
	for _, tt := range tests {
		r := say(e, "", tt.text)
		var got []string
		for _, c := range r.Contacts {
			got = append(got, c.Route.ID)
		}
		if strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("%q: routes %v, want %v", tt.text, got, tt.want)
		}
	}
	r := say(e, "", "contacts")
	if r.Kind != chat.KindHelp || r.Help == nil || len(r.Help.Routes) < 13 {
		t.Errorf("contacts with no route and no thread: %+v", r)
	}
	r = say(e, "", "contacts the moon")
	if r.Kind != chat.KindHelp || !strings.Contains(r.Notice, "do not know that route") {
		t.Errorf("unknown route: %+v", r)
	}
}

const pastedJSON = `{"version": 1, "child": {"name": "Sam Example"},
 "concern": {"description": "Sam (aged 7) told his teacher that his dad hit him with a belt last night. There is a bruise on his arm."}}`

// Ensure a pasted referral is checked: findings without evidence, and the route.
func TestPastedReferral(t *testing.T) {
	e := newEngine(t, chat.Options{})
	curly := strings.NewReplacer(`"version"`, `“version”`, `"child"`, `“child”`).Replace(pastedJSON)
	for _, text := range []string{pastedJSON, "```\n" + pastedJSON + "\n```", "check " + pastedJSON, curly} {
		r := say(e, "p", text)
		if r.Kind != chat.KindCheck || len(r.Checks) != 1 {
			t.Fatalf("kind %s, want one check", r.Kind)
		}
		c := r.Checks[0]
		if c.Error != "" || c.Format != "json" || c.Errors == 0 || len(c.Findings) == 0 || c.Name != "pasted referral" {
			t.Fatalf("check card %+v", c)
		}
		if c.Route == nil || c.Route.Route.ID != "mash-urgent" {
			t.Fatalf("route %+v, want mash-urgent", c.Route)
		}
		for _, reason := range c.Route.Reasons {
			if reason.Evidence != "" {
				t.Errorf("check route quotes the referral: %q", reason.Evidence)
			}
		}
		if len(c.Findings) > 8 || c.More != c.Errors+c.Warnings+c.Infos-len(c.Findings) {
			t.Errorf("findings %d more %d of %d", len(c.Findings), c.More, c.Errors+c.Warnings+c.Infos)
		}
		if c.Findings[0].Severity != "error" {
			t.Errorf("first finding %+v, want an error first", c.Findings[0])
		}
	}
	// A form pasted as text.
	form := "Child's name: Sam Example\nDate of birth: 03/04/2018\nSchool: Brize Meadow Primary\nReason for referral: Sam said his dad hit him with a belt.\nParent aware: no"
	if r := say(e, "", form); r.Kind != chat.KindCheck || r.Checks[0].Error != "" {
		t.Errorf("pasted form: kind %s %+v", r.Kind, r.Checks)
	}
	// The thread remembers the route for "contacts".
	if r := say(e, "p", "contacts"); r.Kind != chat.KindContacts || r.Contacts[0].Route.ID != "mash-urgent" {
		t.Errorf("contacts after a check: %+v", r)
	}
	if r := say(e, "", "check"); r.Kind != chat.KindHelp {
		t.Errorf("check alone: %s", r.Kind)
	}
}

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("../../fixtures/documents/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Ensure attached DOCX and PDF files are read in the sandboxed workers and
// checked, and that unreadable ones are answered with the reason.
func TestFiles(t *testing.T) {
	rd := standard.New(sandbox.Options{})
	defer rd.Close()
	e := newEngine(t, chat.Options{Reader: rd})
	r := e.Handle(context.Background(), chat.Message{Thread: "f", Files: []chat.File{
		{Name: "draft.docx", Data: readFixture(t, "01-good-physical-disclosure-level4-form.docx")},
		{Name: "draft.pdf", Data: readFixture(t, "15-consent-not-sought-no-reason.pdf")},
		{Name: "login.html", Data: []byte("<!DOCTYPE html><html><body>Sign in to Slack</body></html>")},
		{Name: "big.pdf", Err: "the file is larger than the 10 MB limit"},
	}})
	if r.Kind != chat.KindCheck || len(r.Checks) != 4 {
		t.Fatalf("kind %s checks %d", r.Kind, len(r.Checks))
	}
	if c := r.Checks[0]; c.Error != "" || c.Format != "docx" || c.Route == nil {
		t.Errorf("docx: %+v", c)
	}
	if c := r.Checks[1]; c.Error != "" || c.Format != "pdf" {
		t.Errorf("pdf: %+v", c)
	}
	if !hasRule(r.Checks[1], "FD704") {
		t.Errorf("pdf: want FD704 among %+v", r.Checks[1].Findings)
	}
	if c := r.Checks[2]; !strings.Contains(c.Error, "web page") {
		t.Errorf("html: %+v", c)
	}
	if c := r.Checks[3]; c.Error != "the file is larger than the 10 MB limit" {
		t.Errorf("download error: %+v", c)
	}
	// Without the sandboxed reader, PDF and DOCX are refused, not parsed in process.
	plain := newEngine(t, chat.Options{})
	r = plain.Handle(context.Background(), chat.Message{Files: []chat.File{{Name: "d.docx", Data: readFixture(t, "01-good-physical-disclosure-level4-form.docx")}}})
	if c := r.Checks[0]; !strings.Contains(c.Error, "not supported") {
		t.Errorf("docx without workers: %+v", c)
	}
}

func hasRule(c chat.CheckCard, id string) bool {
	for _, f := range c.Findings {
		if f.Rule == id {
			return true
		}
	}
	return false
}

// Ensure the Answerer is asked only about what the guidance cannot place,
// and that its failures and timeouts fall back to help.
func TestAnswerer(t *testing.T) {
	var mu sync.Mutex
	var asked []chat.Question
	ans := chat.AnswererFunc(func(ctx context.Context, q chat.Question) (string, error) {
		mu.Lock()
		asked = append(asked, q)
		mu.Unlock()
		switch q.Text {
		case "fail":
			return "", errors.New("model unavailable")
		case "slow":
			<-ctx.Done()
			return "", ctx.Err()
		case "decline":
			return "  ", nil
		}
		return "Section 47 is a child protection enquiry.", nil
	})
	e := newEngine(t, chat.Options{Answerer: ans, AnswerTimeout: 50 * time.Millisecond})
	if r := say(e, "", beltConcern); r.Kind != chat.KindRoute {
		t.Errorf("routable concern: %s", r.Kind)
	}
	if len(asked) != 0 {
		t.Errorf("the answerer was asked about a routable concern")
	}
	r := say(e, "", "what is a section 47 enquiry")
	if r.Kind != chat.KindAnswer || r.Answer != "Section 47 is a child protection enquiry." {
		t.Errorf("answer: %+v", r)
	}
	for _, text := range []string{"fail", "slow", "decline"} {
		if r := say(e, "", text); r.Kind != chat.KindHelp {
			t.Errorf("%s: kind %s, want help", text, r.Kind)
		}
	}
	// In a thread, the question carries the concern and its route.
	say(e, "q", hungryConcern)
	say(e, "q", "what happens next?")
	q := asked[len(asked)-1]
	if q.Concern != hungryConcern || q.Route == nil || q.Route.Route == "" {
		t.Errorf("question in a thread: %+v", q)
	}
}

// Ensure the engine is safe for concurrent use.
func TestConcurrent(t *testing.T) {
	e := newEngine(t, chat.Options{MaxThreads: 50})
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for j := range 20 {
				th := string(rune('a' + (i+j)%10))
				say(e, th, hungryConcern)
				say(e, th, "He told me dad hits him with a belt.")
				say(e, th, "contacts")
			}
		})
	}
	wg.Wait()
}
