package slackbot_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
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
	"github.com/frontdoorhq/frontdoor/integrations/internal/httpx"
	"github.com/frontdoorhq/frontdoor/integrations/internal/throttle"
	"github.com/frontdoorhq/frontdoor/integrations/slackbot"
)

func TestMain(m *testing.M) {
	parsers.ServeWorker() // the test binary is also the sandbox's document worker
	os.Exit(m.Run())
}

const concern = "Year 4 boy came in with a bruise on his cheek and said his dad hit him with a belt last night."

// syncBuffer is a log destination safe for concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

type rig struct {
	slack *fakeSlack
	bot   *slackbot.Bot
	srv   *httptest.Server
	logs  *syncBuffer
}

// newRig starts a bot against a fake Slack, with its handlers on an
// httptest server wrapped as the real server wraps them (request ids and
// log attributes).
func newRig(t *testing.T, mod func(*slackbot.Options)) *rig {
	t.Helper()
	pack, err := guidance.Default()
	if err != nil {
		t.Fatal(err)
	}
	rd := standard.New(sandbox.Options{})
	t.Cleanup(func() { rd.Close() })
	logs := &syncBuffer{}
	log := slog.New(slog.NewJSONHandler(logs, nil))
	eng, err := chat.New(chat.Options{Pack: pack, Reader: rd, Log: log})
	if err != nil {
		t.Fatal(err)
	}
	fs := newFakeSlack(t)
	opts := slackbot.Options{Engine: eng, SigningSecret: signingSecret, BotToken: botToken, AppToken: appToken, APIURL: fs.apiURL(), Log: log}
	if mod != nil {
		mod(&opts)
	}
	bot, err := slackbot.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = bot.Close(context.Background()) })
	mux := http.NewServeMux()
	mux.Handle("/slack/events", bot.Events())
	mux.Handle("/slack/commands", bot.Commands())
	mux.Handle("/slack/interactive", bot.Interactive())
	wrapped := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, attrs := httpx.WithAttrs(httpx.WithRequestID(r.Context(), httpx.NewRequestID()))
		mux.ServeHTTP(w, r.WithContext(ctx))
		args := []any{}
		for _, a := range attrs.List() {
			args = append(args, a)
		}
		log.Info("request", args...)
	})
	srv := httptest.NewServer(wrapped)
	t.Cleanup(srv.Close)
	return &rig{slack: fs, bot: bot, srv: srv, logs: logs}
}

func (r *rig) event(t *testing.T, body string, header ...string) (*http.Response, string) {
	t.Helper()
	req := signed(t, r.srv.URL+"/slack/events", "application/json", body, time.Now())
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return do(t, req)
}

// Ensure Slack's URL verification gets its challenge back.
func TestURLVerification(t *testing.T) {
	r := newRig(t, nil)
	resp, body := r.event(t, `{"token":"x","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}`)
	if resp.StatusCode != 200 || body != "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") {
		t.Errorf("status %d type %q body %q", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
}

// Ensure forged, unsigned, stale and replayed-with-a-changed-body requests
// get 401 on every Slack endpoint, before anything is parsed or done.
func TestSignatureRejected(t *testing.T) {
	r := newRig(t, nil)
	body := eventBody("Ev1", mention("1.1", "", concern))
	for _, path := range []string{"/slack/events", "/slack/commands", "/slack/interactive"} {
		cases := map[string]*http.Request{}
		req, _ := http.NewRequest(http.MethodPost, r.srv.URL+path, strings.NewReader(body))
		cases["unsigned"] = req
		req = signed(t, r.srv.URL+path, "application/json", body, time.Now())
		req.Header.Set("X-Slack-Signature", "v0="+strings.Repeat("ab", 32))
		cases["forged"] = req
		cases["stale"] = signed(t, r.srv.URL+path, "application/json", body, time.Now().Add(-6*time.Minute))
		cases["future"] = signed(t, r.srv.URL+path, "application/json", body, time.Now().Add(6*time.Minute))
		req = signed(t, r.srv.URL+path, "application/json", body, time.Now())
		tampered := strings.Replace(body, "belt", "shoe", 1)
		req.Body, req.ContentLength = io.NopCloser(strings.NewReader(tampered)), int64(len(tampered))
		cases["tampered"] = req
		req = signed(t, r.srv.URL+path, "application/json", "{not json", time.Now())
		req.Header.Set("X-Slack-Signature", "v0=zz")
		cases["bad hex, bad body"] = req
		for name, req := range cases {
			resp, got := do(t, req)
			if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(got, `"error"`) {
				t.Errorf("%s %s: status %d body %q, want 401 with a JSON error", path, name, resp.StatusCode, got)
			}
		}
	}
	r.slack.noPost(t)
	if n := r.slack.called("chat.postMessage"); n != 0 {
		t.Errorf("%d posts after rejected requests", n)
	}
}

// Ensure a mention is acknowledged at once and answered in its thread with
// the route card, through the real slack-go client.
func TestMentionAnswered(t *testing.T) {
	r := newRig(t, nil)
	start := time.Now()
	resp, _ := r.event(t, eventBody("Ev100", mention("1700000100.000100", "", concern)))
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("acknowledged after %v", d)
	}
	p := r.slack.waitPost(t)
	if p.Channel != "C1" || p.ThreadTS != "1700000100.000100" {
		t.Errorf("posted to %s thread %q, want C1 in the message's thread", p.Channel, p.ThreadTS)
	}
	if !strings.Contains(p.Blocks, "mash-urgent") || !strings.Contains(p.Blocks, `"type":"header"`) {
		t.Errorf("blocks lack the route card: %s", p.Blocks)
	}
	if strings.Contains(p.Text, "belt") {
		t.Errorf("fallback text quotes the message: %q", p.Text)
	}
	// A follow-up in the thread refines the answer.
	r.event(t, eventBody("Ev101", mention("1700000101.000100", "1700000100.000100", "She said he hit her sister too.")))
	p = r.slack.waitPost(t)
	if p.ThreadTS != "1700000100.000100" || !strings.Contains(p.Blocks, "Updated with your follow-up") {
		t.Errorf("follow-up: thread %q blocks %s", p.ThreadTS, p.Blocks)
	}
}

// Ensure Slack's retries and duplicate deliveries are answered once: by
// event id, and by message (a copy under a new event id).
func TestDuplicatesDropped(t *testing.T) {
	r := newRig(t, nil)
	body := eventBody("Ev200", mention("1700000200.000100", "", concern))
	r.event(t, body)
	r.slack.waitPost(t)
	resp, _ := r.event(t, body, "X-Slack-Retry-Num", "1", "X-Slack-Retry-Reason", "http_timeout")
	if resp.StatusCode != 200 {
		t.Errorf("retry: status %d, want 200", resp.StatusCode)
	}
	r.event(t, eventBody("Ev201", mention("1700000200.000100", "", concern)))
	r.slack.noPost(t)
	if !strings.Contains(r.logs.String(), `"duplicate":true`) {
		t.Errorf("duplicates not logged")
	}
}

// Ensure the bot ignores its own messages, edits and channel messages it
// is not mentioned in, and still acknowledges them.
func TestIgnored(t *testing.T) {
	r := newRig(t, nil)
	for i, inner := range []map[string]any{
		{"type": "message", "channel_type": "im", "channel": "D1", "user": "UBOT", "bot_id": "B1", "text": "answer", "ts": "1.1"},
		{"type": "message", "channel_type": "im", "channel": "D1", "subtype": "message_changed", "ts": "1.2", "message": map[string]any{"text": concern, "user": "U1"}},
		{"type": "message", "channel_type": "channel", "channel": "C1", "user": "U1", "text": concern, "ts": "1.3"},
		{"type": "file_shared", "channel_id": "C1", "file_id": "F9", "user_id": "U1", "file": map[string]any{"id": "F9"}},
		{"type": "reaction_added", "user": "U1", "reaction": "thumbsup"},
	} {
		resp, _ := r.event(t, eventBody("EvIgnored"+string(rune('a'+i)), inner))
		if resp.StatusCode != 200 {
			t.Errorf("event %d: status %d, want 200", i, resp.StatusCode)
		}
	}
	r.slack.noPost(t)
}

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("../../fixtures/documents/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Ensure a file shared in a direct message is downloaded with the bot
// token, read in the sandboxed workers and answered with findings and a
// route; and that the file_shared event for the same file is not answered
// again.
func TestFileShareEndToEnd(t *testing.T) {
	r := newRig(t, nil)
	r.slack.addFile("F1", fakeFile{name: "jamie-draft.docx", data: fixture(t, "15-consent-not-sought-no-reason-form.docx")})
	r.slack.addFile("F2", fakeFile{name: "jamie-draft.pdf", data: fixture(t, "01-good-physical-disclosure-level4.pdf")})
	dm := map[string]any{
		"type": "message", "subtype": "file_share", "channel_type": "im", "channel": "D1", "user": "U1", "text": "",
		"ts": "1700000300.000100", "files": []map[string]any{{"id": "F1"}, {"id": "F2"}},
	}
	r.event(t, eventBody("Ev300", dm))
	p := r.slack.waitPost(t)
	if p.Channel != "D1" || p.ThreadTS != "1700000300.000100" {
		t.Errorf("posted to %s thread %q", p.Channel, p.ThreadTS)
	}
	for _, want := range []string{"Check: jamie-draft.docx (docx)", "Check: jamie-draft.pdf (pdf)", "FD704", "Suggested route"} {
		if !strings.Contains(p.Blocks, want) {
			t.Errorf("reply lacks %q: %s", want, p.Blocks)
		}
	}
	if r.slack.called("files.info") != 2 {
		t.Errorf("files.info called %d times", r.slack.called("files.info"))
	}
	r.event(t, eventBody("Ev301", map[string]any{"type": "file_shared", "channel_id": "D1", "file_id": "F1", "user_id": "U1", "file": map[string]any{"id": "F1"}}))
	r.slack.noPost(t)
	// Nothing of the documents in the logs.
	logs := r.logs.String()
	for _, secret := range []string{"Jamie", "jamie-draft", "belt", botToken} {
		if strings.Contains(logs, secret) {
			t.Errorf("logs contain %q:\n%s", secret, logs)
		}
	}
	if !strings.Contains(logs, `"event_id":"Ev300"`) || !strings.Contains(logs, `"rules":"`) || !strings.Contains(logs, `"user":"U1"`) {
		t.Errorf("logs lack the event id, rule ids or user id:\n%s", logs)
	}
}

// Ensure a file_shared event in a direct message is checked on its own.
func TestFileSharedEvent(t *testing.T) {
	r := newRig(t, nil)
	r.slack.addFile("F5", fakeFile{name: "draft.txt", data: fixture(t, "01-good-physical-disclosure-level4.txt")})
	r.event(t, eventBody("Ev500", map[string]any{"type": "file_shared", "channel_id": "D5", "file_id": "F5", "user_id": "U1", "file": map[string]any{"id": "F5"}}))
	p := r.slack.waitPost(t)
	if p.Channel != "D5" || p.ThreadTS != "" || !strings.Contains(p.Blocks, "Check: draft.txt") {
		t.Errorf("post %+v", p)
	}
}

// Ensure Slack's sign-in page (HTML with status 200, or a redirect to it),
// oversized files and files the token cannot read are refused with a
// reason, never checked.
func TestFileRefused(t *testing.T) {
	r := newRig(t, func(o *slackbot.Options) { o.MaxFileSize = 1 << 20 })
	r.slack.addFile("FH", fakeFile{name: "draft.pdf", data: nil, path: "/login"})
	r.slack.addFile("FB", fakeFile{name: "huge.pdf", size: 50 << 20})
	r.event(t, eventBody("Ev400", mention("1700000400.000100", "", "check these", "FH", "FB", "FX")))
	p := r.slack.waitPost(t)
	for _, want := range []string{"sign-in page", "larger than the 1 MB limit", "files:read"} {
		if !strings.Contains(p.Blocks, want) {
			t.Errorf("reply lacks %q: %s", want, p.Blocks)
		}
	}
	r.slack.mu.Lock()
	downloads := r.slack.downloads
	r.slack.mu.Unlock()
	if downloads != 0 { // FH downloads from /login; FB is never fetched; FX does not exist
		t.Errorf("%d downloads from /files/, want none: the oversized file must not be fetched", downloads)
	}
}

// Ensure the download is refused when Slack redirects the bot to its
// sign-in page (the token cannot read the file).
func TestFileLoginRedirect(t *testing.T) {
	r := newRig(t, nil)
	r.slack.addFile("FR", fakeFile{name: "draft.docx", data: fixture(t, "01-good-physical-disclosure-level4-form.docx"), noAccess: true})
	r.event(t, eventBody("Ev410", mention("1700000410.000100", "", "", "FR")))
	p := r.slack.waitPost(t)
	if !strings.Contains(p.Blocks, "sign-in page") || strings.Contains(p.Blocks, "Score") {
		t.Errorf("reply %s", p.Blocks)
	}
}

// Ensure the slash command answers at once with an ephemeral route card.
func TestSlashCommand(t *testing.T) {
	r := newRig(t, nil)
	body := form(map[string]string{"command": "/frontdoor", "text": "route " + concern, "user_id": "U7", "channel_id": "C1", "team_id": "T1", "response_url": r.slack.srv.URL + "/hooks/response"})
	resp, got := do(t, signed(t, r.srv.URL+"/slack/commands", "application/x-www-form-urlencoded", body, time.Now()))
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, got)
	}
	var msg struct {
		ResponseType string            `json:"response_type"`
		Text         string            `json:"text"`
		Blocks       []json.RawMessage `json:"blocks"`
	}
	if err := json.Unmarshal([]byte(got), &msg); err != nil {
		t.Fatal(err)
	}
	if msg.ResponseType != "ephemeral" || len(msg.Blocks) < 3 || !strings.Contains(got, "mash-urgent") {
		t.Errorf("answer %s", got)
	}
	body = form(map[string]string{"command": "/frontdoor", "text": "explain FD101", "user_id": "U7", "team_id": "T1"})
	_, got = do(t, signed(t, r.srv.URL+"/slack/commands", "application/x-www-form-urlencoded", body, time.Now()))
	if !strings.Contains(got, "child-dob-missing") {
		t.Errorf("explain: %s", got)
	}
}

// Ensure the per-user rate limit: a user over it is told once, then
// dropped; other users are unaffected.
func TestRateLimit(t *testing.T) {
	r := newRig(t, func(o *slackbot.Options) { o.Limiter = throttle.NewLimiter(2, 2) })
	cmd := func(user string) string {
		body := form(map[string]string{"command": "/frontdoor", "text": "help", "user_id": user, "team_id": "T1"})
		_, got := do(t, signed(t, r.srv.URL+"/slack/commands", "application/x-www-form-urlencoded", body, time.Now()))
		return got
	}
	cmd("U1")
	cmd("U1")
	if got := cmd("U1"); !strings.Contains(got, "faster than I can answer") {
		t.Errorf("third command: %s", got)
	}
	if got := cmd("U2"); strings.Contains(got, "faster than I can answer") {
		t.Errorf("another user was limited: %s", got)
	}
	// Events over the limit: one notice, then silence.
	for i := range 4 {
		m := mention("1700000600.00010"+string(rune('0'+i)), "", concern)
		m["user"] = "U9"
		r.event(t, eventBody("Ev60"+string(rune('0'+i)), m))
	}
	var notices, answers int
	for range 3 {
		p := r.slack.waitPost(t)
		if strings.Contains(p.Blocks, "faster than I can answer") {
			notices++
		} else {
			answers++
		}
	}
	r.slack.noPost(t)
	if notices != 1 || answers != 2 {
		t.Errorf("%d notices and %d answers, want 1 and 2", notices, answers)
	}
}

func interaction(actionID, value, responseURL string, container map[string]any) string {
	payload, _ := json.Marshal(map[string]any{
		"type": "block_actions", "user": map[string]any{"id": "U1"}, "team": map[string]any{"id": "T1"},
		"channel": map[string]any{"id": "C1"}, "container": container, "response_url": responseURL,
		"actions": []map[string]any{{"action_id": actionID, "value": value, "type": "button", "block_id": "b"}},
	})
	return form(map[string]string{"payload": string(payload)})
}

// Ensure a button press is acknowledged and answered in the message's
// thread, and one on an ephemeral message through its response URL.
func TestInteractive(t *testing.T) {
	r := newRig(t, nil)
	body := interaction(chat.ActionExplain+"_FD704", "FD704", "", map[string]any{"type": "message", "channel_id": "C1", "message_ts": "1700000700.000200", "thread_ts": "1700000700.000100"})
	resp, _ := do(t, signed(t, r.srv.URL+"/slack/interactive", "application/x-www-form-urlencoded", body, time.Now()))
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	p := r.slack.waitPost(t)
	if p.ThreadTS != "1700000700.000100" || !strings.Contains(p.Blocks, "consent-reason-missing") {
		t.Errorf("post %+v", p)
	}
	// The response URL is on the configured API host (Slack's hooks.slack.com in production).
	payload := interaction(chat.ActionContacts+"_lado", "lado", r.slack.srv.URL+"/hooks/response", map[string]any{"type": "message", "channel_id": "C1", "message_ts": "1.2", "is_ephemeral": true})
	do(t, signed(t, r.srv.URL+"/slack/interactive", "application/x-www-form-urlencoded", payload, time.Now()))
	p = r.slack.waitPost(t)
	if p.Path != "/hooks/response" || !strings.Contains(p.Blocks, "LADO") {
		t.Errorf("ephemeral answer %+v", p)
	}
}

// Ensure that when every worker is busy and the queue is full the event is
// refused (so Slack retries), and the retry is then answered.
func TestBusyThenRetry(t *testing.T) {
	r := newRig(t, func(o *slackbot.Options) { o.Workers, o.Queue = 1, 1 })
	hold := make(chan struct{})
	r.slack.mu.Lock()
	r.slack.hold = hold
	r.slack.mu.Unlock()
	r.event(t, eventBody("Ev700", mention("1700000800.000100", "", concern)))
	// Wait until the worker is blocked posting, so the queue is empty.
	deadline := time.Now().Add(5 * time.Second)
	for r.slack.called("chat.postMessage") == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	r.event(t, eventBody("Ev701", mention("1700000801.000100", "", concern)))
	third := eventBody("Ev702", mention("1700000802.000100", "", concern))
	resp, _ := r.event(t, third)
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("third event: status %d, want 503", resp.StatusCode)
	}
	r.slack.mu.Lock()
	r.slack.hold = nil
	r.slack.mu.Unlock()
	close(hold)
	r.slack.waitPost(t)
	r.slack.waitPost(t)
	resp, _ = r.event(t, third, "X-Slack-Retry-Num", "1")
	if resp.StatusCode != 200 {
		t.Errorf("retry: status %d", resp.StatusCode)
	}
	if p := r.slack.waitPost(t); p.ThreadTS != "1700000802.000100" {
		t.Errorf("retry answered in %q", p.ThreadTS)
	}
}

// Ensure Socket Mode: the bot connects with the app token, acknowledges an
// event and answers it with chat.postMessage; a slash command is answered
// in its acknowledgement.
func TestSocketMode(t *testing.T) {
	r := newRig(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.bot.RunSocketMode(ctx) }()
	defer func() {
		cancel()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Error("RunSocketMode did not stop")
		}
	}()
	payload := json.RawMessage(eventBody("EvS1", mention("1700000900.000100", "", concern)))
	env, _ := json.Marshal(map[string]any{"envelope_id": "env-1", "type": "events_api", "payload": payload, "accepts_response_payload": false, "retry_attempt": 0})
	r.slack.socketIn <- env
	ack := waitAck(t, r.slack)
	if ack["envelope_id"] != "env-1" {
		t.Errorf("ack %v", ack)
	}
	if p := r.slack.waitPost(t); p.ThreadTS != "1700000900.000100" || !strings.Contains(p.Blocks, "mash-urgent") {
		t.Errorf("post %+v", p)
	}
	if !r.bot.Connected() {
		t.Errorf("not marked connected")
	}
	cmd, _ := json.Marshal(map[string]any{"envelope_id": "env-2", "type": "slash_commands", "payload": map[string]any{"command": "/frontdoor", "text": "contacts lado", "user_id": "U1", "team_id": "T1"}})
	r.slack.socketIn <- cmd
	ack = waitAck(t, r.slack)
	b, _ := json.Marshal(ack)
	if ack["envelope_id"] != "env-2" || !strings.Contains(string(b), "LADO") || !strings.Contains(string(b), "ephemeral") {
		t.Errorf("command ack %s", b)
	}
}

func waitAck(t *testing.T, f *fakeSlack) map[string]any {
	t.Helper()
	select {
	case a := <-f.acks:
		return a
	case <-time.After(10 * time.Second):
		t.Fatal("no acknowledgement over the socket")
	}
	return nil
}

// Ensure New refuses a missing engine or token, and a non-http API URL.
func TestNewErrors(t *testing.T) {
	pack, _ := guidance.Default()
	eng, _ := chat.New(chat.Options{Pack: pack})
	for name, o := range map[string]slackbot.Options{
		"no engine": {BotToken: botToken},
		"no token":  {Engine: eng},
		"bad url":   {Engine: eng, BotToken: botToken, APIURL: "ftp://example.org/"},
	} {
		if _, err := slackbot.New(o); err == nil {
			t.Errorf("%s: want an error", name)
		}
	}
}
