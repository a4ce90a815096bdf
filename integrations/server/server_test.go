package server_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/frontdoorhq/frontdoor/checker/intake/parsers"
	"github.com/frontdoorhq/frontdoor/checker/intake/sandbox"
	"github.com/frontdoorhq/frontdoor/checker/intake/standard"
	"github.com/frontdoorhq/frontdoor/guidance"
	"github.com/frontdoorhq/frontdoor/integrations/server"
	"github.com/frontdoorhq/frontdoor/integrations/teams"
)

func TestMain(m *testing.M) {
	parsers.ServeWorker() // the test binary is also the sandbox's document worker
	os.Exit(m.Run())
}

const (
	concern       = "Year 4 boy came in with a bruise on his cheek and said his dad hit him with a belt last night."
	signingSecret = "e6b1f0d3c2a94f7b8e5d1c0a9b8c7d6e"
	botToken      = "xoxb-1111-2222-secretbot"
)

var (
	teamsKey    = []byte("teams outgoing webhook key 32 by")
	teamsSecret = base64.StdEncoding.EncodeToString(teamsKey)
)

// logBuffer collects the server's JSON log lines.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// lines returns the log records with the given message.
func (l *logBuffer) lines(t *testing.T, msg string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(l.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("log line is not JSON: %q", line)
		}
		if m["msg"] == msg {
			out = append(out, m)
		}
	}
	return out
}

// fakeSlack records chat.postMessage calls and serves files.
type fakeSlack struct {
	srv   *httptest.Server
	posts chan url.Values
	files map[string][]byte
}

func newFakeSlack(t *testing.T) *fakeSlack {
	f := &fakeSlack{posts: make(chan url.Values, 50), files: map[string][]byte{}}
	mux := http.NewServeMux()
	mux.HandleFunc("/api/chat.postMessage", func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		if r.Header.Get("Authorization") != "Bearer "+botToken && r.PostForm.Get("token") != botToken {
			fmt.Fprint(w, `{"ok":false,"error":"invalid_auth"}`)
			return
		}
		f.posts <- r.PostForm
		fmt.Fprint(w, `{"ok":true,"channel":"C1","ts":"1.1"}`)
	})
	mux.HandleFunc("/api/files.info", func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		id := r.PostForm.Get("file")
		b, _ := json.Marshal(map[string]any{"ok": true, "file": map[string]any{
			"id": id, "name": id + ".docx", "size": len(f.files[id]), "url_private_download": f.srv.URL + "/files/" + id,
		}})
		_, _ = w.Write(b)
	})
	mux.HandleFunc("/files/", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+botToken {
			http.Error(w, "no", http.StatusForbidden)
			return
		}
		_, _ = w.Write(f.files[strings.TrimPrefix(r.URL.Path, "/files/")])
	})
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeSlack) waitPost(t *testing.T, logs *logBuffer) url.Values {
	t.Helper()
	select {
	case p := <-f.posts:
		return p
	case <-time.After(10 * time.Second):
		t.Fatalf("nothing posted to Slack; logs:\n%s", logs)
	}
	return nil
}

type rig struct {
	srv   *httptest.Server
	logs  *logBuffer
	slack *fakeSlack
	s     *server.Server
}

// newRig builds a server from an environment, pointing Slack at a fake.
func newRig(t *testing.T, env map[string]string) *rig {
	t.Helper()
	fs := newFakeSlack(t)
	getenv := func(k string) string {
		if k == "SLACK_API_URL" && env["SLACK_BOT_TOKEN"] != "" {
			return fs.srv.URL + "/api/"
		}
		return env[k]
	}
	cfg, err := server.ConfigFromEnv(getenv)
	if err != nil {
		t.Fatal(err)
	}
	pack, err := guidance.Default()
	if err != nil {
		t.Fatal(err)
	}
	rd := standard.New(sandbox.Options{})
	t.Cleanup(func() { rd.Close() })
	logs := &logBuffer{}
	s, err := server.New(cfg, server.Deps{Pack: pack, Reader: rd, Log: slog.New(slog.NewJSONHandler(logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return &rig{srv: srv, logs: logs, slack: fs, s: s}
}

func allOn() map[string]string {
	return map[string]string{"SLACK_SIGNING_SECRET": signingSecret, "SLACK_BOT_TOKEN": botToken, "TEAMS_WEBHOOK_SECRET": teamsSecret}
}

func call(t *testing.T, method, target, contentType string, body []byte, hdr ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, target, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

func wantJSONError(t *testing.T, what string, resp *http.Response, body []byte, status int) {
	t.Helper()
	var e map[string]string
	if resp.StatusCode != status || json.Unmarshal(body, &e) != nil || e["error"] == "" {
		t.Errorf("%s: status %d body %q, want %d with {\"error\": ...}", what, resp.StatusCode, body, status)
	}
	if bytes.Contains(body, []byte("goroutine")) || bytes.Contains(body, []byte(".go:")) {
		t.Errorf("%s: a stack trace in the response: %s", what, body)
	}
}

// Ensure POST /v1/route answers with the contract's route object.
func TestRouteAPI(t *testing.T) {
	r := newRig(t, nil)
	resp, body := call(t, "POST", r.srv.URL+"/v1/route", "application/json", []byte(`{"text": "`+concern+`"}`))
	if resp.StatusCode != 200 || resp.Header.Get("X-Request-Id") == "" || resp.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("status %d headers %v", resp.StatusCode, resp.Header)
	}
	var a map[string]any
	if err := json.Unmarshal(body, &a); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"level", "level_name", "route", "also", "urgency", "confidence", "reasons", "next_steps", "ask", "consent", "guidance"} {
		if _, ok := a[k]; !ok {
			t.Errorf("answer lacks %q: %s", k, body)
		}
	}
	if a["route"] != "mash-urgent" || a["level"] != float64(4) {
		t.Errorf("answer %s", body)
	}
	for name, tc := range map[string]struct {
		method, body string
		status       int
	}{
		"bad json":   {"POST", `{"text":`, 400},
		"no text":    {"POST", `{"text": "  "}`, 400},
		"get":        {"GET", ``, 405},
		"too large":  {"POST", `{"text": "` + strings.Repeat("a", 70<<10) + `"}`, 413},
		"wrong type": {"POST", `{"text": 42}`, 400},
	} {
		resp, body := call(t, tc.method, r.srv.URL+"/v1/route", "application/json", []byte(tc.body))
		wantJSONError(t, name, resp, body, tc.status)
	}
	resp, body = call(t, "GET", r.srv.URL+"/nope/some-child-name", "", nil)
	wantJSONError(t, "unknown path", resp, body, 404)
	if strings.Contains(r.logs.String(), "some-child-name") {
		t.Error("an unmatched path was logged")
	}
}

func multipartBody(t *testing.T, field, name string, data []byte) ([]byte, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	_ = mw.WriteField("note", "ignored")
	fw, err := mw.CreateFormFile(field, name)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = fw.Write(data)
	_ = mw.Close()
	return b.Bytes(), mw.FormDataContentType()
}

func fixture(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile("../../fixtures/" + path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

type result struct {
	File     string `json:"file"`
	Format   string `json:"format"`
	OK       bool   `json:"ok"`
	Score    int    `json:"score"`
	Findings []struct {
		Rule string `json:"rule"`
	} `json:"findings"`
	Route *struct {
		Route string `json:"route"`
	} `json:"route"`
	Error string `json:"error"`
}

// Ensure POST /v1/check checks a JSON body and multipart uploads of real
// DOCX and PDF documents (read in the sandboxed workers), and answers an
// unreadable document with 422 and the result's error.
func TestCheckAPI(t *testing.T) {
	r := newRig(t, map[string]string{"FRONTDOOR_MAX_UPLOAD_MB": "1"})
	resp, body := call(t, "POST", r.srv.URL+"/v1/check", "application/json", fixture(t, "referrals/03-good-emotional-harm-level3.json"))
	var res result
	if err := json.Unmarshal(body, &res); err != nil || resp.StatusCode != 200 {
		t.Fatalf("json body: status %d %s", resp.StatusCode, body)
	}
	if res.File != "-" || res.Format != "json" || res.Findings == nil || res.Route == nil || res.Route.Route == "" {
		t.Errorf("json body: %s", body)
	}
	for _, name := range []string{"15-consent-not-sought-no-reason-form.docx", "15-consent-not-sought-no-reason.pdf"} {
		mb, ct := multipartBody(t, "file", "drafts/"+name, fixture(t, "documents/"+name))
		resp, body := call(t, "POST", r.srv.URL+"/v1/check", ct, mb)
		res = result{}
		if err := json.Unmarshal(body, &res); err != nil || resp.StatusCode != 200 {
			t.Fatalf("%s: status %d %s", name, resp.StatusCode, body)
		}
		if res.File != name || res.Format != name[strings.LastIndex(name, ".")+1:] || res.OK || res.Error != "" {
			t.Errorf("%s: %s", name, body)
		}
		var fd704 bool
		for _, f := range res.Findings {
			fd704 = fd704 || f.Rule == "FD704"
		}
		if !fd704 {
			t.Errorf("%s: want FD704: %s", name, body)
		}
	}
	mb, ct := multipartBody(t, "file", "login.html", []byte("<!DOCTYPE html><html><body>Sign in</body></html>"))
	resp, body = call(t, "POST", r.srv.URL+"/v1/check", ct, mb)
	res = result{}
	_ = json.Unmarshal(body, &res)
	if resp.StatusCode != 422 || !strings.Contains(res.Error, "web page") {
		t.Errorf("html: status %d %s", resp.StatusCode, body)
	}
	mb, ct = multipartBody(t, "document", "x.docx", []byte("x"))
	resp, body = call(t, "POST", r.srv.URL+"/v1/check", ct, mb)
	wantJSONError(t, "no file part", resp, body, 400)
	mb, ct = multipartBody(t, "file", "big.txt", bytes.Repeat([]byte("a"), 2<<20))
	resp, body = call(t, "POST", r.srv.URL+"/v1/check", ct, mb)
	wantJSONError(t, "multipart too large", resp, body, 413)
	resp, body = call(t, "POST", r.srv.URL+"/v1/check", "application/json", bytes.Repeat([]byte("a"), 2<<20))
	wantJSONError(t, "body too large", resp, body, 413)
	resp, body = call(t, "POST", r.srv.URL+"/v1/check", ct, []byte("--nope"))
	wantJSONError(t, "broken multipart", resp, body, 400)
}

// Ensure health and readiness answer, and the chat endpoints exist only
// when configured.
func TestHealthAndTransports(t *testing.T) {
	r := newRig(t, nil)
	for _, p := range []string{"/healthz", "/readyz"} {
		if resp, body := call(t, "GET", r.srv.URL+p, "", nil); resp.StatusCode != 200 {
			t.Errorf("%s: %d %s", p, resp.StatusCode, body)
		}
	}
	for _, p := range []string{"/slack/events", "/slack/commands", "/slack/interactive", "/teams/webhook"} {
		resp, body := call(t, "POST", r.srv.URL+p, "application/json", []byte(`{}`))
		wantJSONError(t, p+" when off", resp, body, 404)
	}
	on := newRig(t, allOn())
	for _, p := range []string{"/slack/events", "/slack/commands", "/slack/interactive", "/teams/webhook"} {
		resp, body := call(t, "POST", on.srv.URL+p, "application/json", []byte(`{}`))
		wantJSONError(t, p+" unsigned", resp, body, 401)
	}
}

// Ensure the JSON API's per-client rate limit answers 429.
func TestAPIRateLimit(t *testing.T) {
	r := newRig(t, map[string]string{"FRONTDOOR_API_RATE_LIMIT": "3"})
	var last *http.Response
	var body []byte
	for range 4 {
		last, body = call(t, "POST", r.srv.URL+"/v1/route", "application/json", []byte(`{"text":"help"}`))
	}
	wantJSONError(t, "fourth request", last, body, 429)
	if last.Header.Get("Retry-After") == "" {
		t.Error("no Retry-After")
	}
}

func slackSigned(body string, ts time.Time) []string {
	stamp := strconv.FormatInt(ts.Unix(), 10)
	mac := hmac.New(sha256.New, []byte(signingSecret))
	fmt.Fprintf(mac, "v0:%s:%s", stamp, body)
	return []string{"X-Slack-Request-Timestamp", stamp, "X-Slack-Signature", "v0=" + hex.EncodeToString(mac.Sum(nil))}
}

// Ensure the whole server, with every transport on, logs request ids,
// user ids, rule ids, routes and timings, and never a message's words, a
// document's content, a token or a secret.
func TestLogsCarryNoContent(t *testing.T) {
	r := newRig(t, allOn())
	docx := fixture(t, "documents/15-consent-not-sought-no-reason-form.docx")
	r.slack.files["F1"] = docx
	const marker = "Zebedee Quuxley" // a name that appears nowhere but in what we send
	text := marker + " said his dad hit him with a belt last night."

	call(t, "POST", r.srv.URL+"/v1/route", "application/json", []byte(`{"text": "`+text+`"}`))
	mb, ct := multipartBody(t, "file", marker+".docx", docx)
	call(t, "POST", r.srv.URL+"/v1/check", ct, mb)
	call(t, "POST", r.srv.URL+"/v1/check", "application/json", []byte(`{"child": {"name": "`+marker+`"}, "concern": {"description": "`+text+`"}}`))

	ev, _ := json.Marshal(map[string]any{"type": "event_callback", "team_id": "T1", "event_id": "EvLog1", "event": map[string]any{
		"type": "app_mention", "user": "ULOG", "channel": "C1", "ts": "1700000000.000100", "text": "<@UBOT> " + text,
		"files": []map[string]any{{"id": "F1"}},
	}})
	resp, _ := call(t, "POST", r.srv.URL+"/slack/events", "application/json", ev, slackSigned(string(ev), time.Now())...)
	if resp.StatusCode != 200 {
		t.Fatalf("slack event: %d", resp.StatusCode)
	}
	p := r.slack.waitPost(t, r.logs)
	if p.Get("thread_ts") != "1700000000.000100" || !strings.Contains(p.Get("blocks"), "FD704") {
		t.Errorf("slack post %v", p)
	}
	cmd := url.Values{"command": {"/frontdoor"}, "text": {text}, "user_id": {"UCMD"}, "team_id": {"T1"}}.Encode()
	resp, body := call(t, "POST", r.srv.URL+"/slack/commands", "application/x-www-form-urlencoded", []byte(cmd), slackSigned(cmd, time.Now())...)
	if resp.StatusCode != 200 || !strings.Contains(string(body), "mash-urgent") {
		t.Errorf("slash command: %d %s", resp.StatusCode, body)
	}
	act, _ := json.Marshal(map[string]any{"type": "message", "id": "act-1", "text": "<at>frontdoor</at> " + text,
		"from": map[string]any{"id": "29:x", "aadObjectId": "AADLOG"}, "conversation": map[string]any{"id": "19:t;messageid=1"}})
	resp, body = call(t, "POST", r.srv.URL+"/teams/webhook", "application/json", act, "Authorization", teams.Sign(teamsKey, act))
	if resp.StatusCode != 200 || !strings.Contains(string(body), "AdaptiveCard") {
		t.Errorf("teams: %d %s", resp.StatusCode, body)
	}
	// Stale and forged requests too.
	call(t, "POST", r.srv.URL+"/slack/events", "application/json", ev, slackSigned(string(ev), time.Now().Add(-10*time.Minute))...)
	call(t, "POST", r.srv.URL+"/teams/webhook", "application/json", act, "Authorization", "HMAC bm9wZQ==")

	// Wait for the Slack answer's own log line.
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(r.logs.String(), `"msg":"slack answer"`) && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	logs := r.logs.String()
	for _, forbidden := range []string{marker, "Zebedee", "belt", "hit him", botToken, signingSecret, teamsSecret, "secretbot"} {
		if strings.Contains(logs, forbidden) {
			t.Errorf("logs contain %q:\n%s", forbidden, logs)
		}
	}
	for _, want := range []string{`"request_id":`, `"user":"ULOG"`, `"user":"UCMD"`, `"user":"AADLOG"`, `"rules":"`, `"route":"mash-urgent"`, `"duration_ms":`, `"event_id":"EvLog1"`, `"status":401`, `"path":"/v1/route"`} {
		if !strings.Contains(logs, want) {
			t.Errorf("logs lack %s:\n%s", want, logs)
		}
	}
	if n := len(r.logs.lines(t, "request")); n < 8 {
		t.Errorf("%d request lines, want one per request", n)
	}
}

// Ensure Serve shuts down gracefully when its context is cancelled: it
// stops accepting, finishes, and returns nil.
func TestGracefulShutdown(t *testing.T) {
	r := newRig(t, nil)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.s.Serve(ctx, ln) }()
	base := "http://" + ln.Addr().String()
	resp, _ := call(t, "POST", base+"/v1/route", "application/json", []byte(`{"text": "`+concern+`"}`))
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return after cancel")
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Error("still accepting after shutdown")
	}
	if !strings.Contains(r.logs.String(), `"msg":"stopped"`) {
		t.Error("no stopped line")
	}
}

// Ensure the configuration is read from the environment, with defaults,
// and that each mistake is named without printing a secret.
func TestConfig(t *testing.T) {
	cfg, err := server.ConfigFromEnv(func(string) string { return "" })
	if err != nil || cfg.Addr != "127.0.0.1:8080" || cfg.SlackHTTP() || cfg.SlackSocketMode() || cfg.Teams() || cfg.RateLimit != 30 {
		t.Errorf("defaults: %+v %v", cfg, err)
	}
	cases := map[string]struct {
		env  map[string]string
		want string
	}{
		"secret without token": {map[string]string{"SLACK_SIGNING_SECRET": "s3cr3t-value"}, "SLACK_BOT_TOKEN is not"},
		"app token alone":      {map[string]string{"SLACK_APP_TOKEN": "xapp-s3cr3t-value"}, "SLACK_BOT_TOKEN is not"},
		"token alone":          {map[string]string{"SLACK_BOT_TOKEN": "xoxb-s3cr3t-value"}, "neither SLACK_SIGNING_SECRET"},
		"user token":           {map[string]string{"SLACK_BOT_TOKEN": "xoxp-s3cr3t-value", "SLACK_SIGNING_SECRET": "x"}, "starts xoxb-"},
		"bot token as app":     {map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xoxb-s3cr3t-value"}, "starts xapp-"},
		"teams not base64":     {map[string]string{"TEAMS_WEBHOOK_SECRET": "s3cr3t-value!"}, "TEAMS_WEBHOOK_SECRET"},
		"bad addr":             {map[string]string{"FRONTDOOR_ADDR": "localhost"}, "want host:port"},
		"bad api url":          {map[string]string{"SLACK_API_URL": "ftp://x", "SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "x"}, "SLACK_API_URL"},
		"bad rate":             {map[string]string{"FRONTDOOR_RATE_LIMIT": "lots"}, "FRONTDOOR_RATE_LIMIT"},
		"zero upload":          {map[string]string{"FRONTDOOR_MAX_UPLOAD_MB": "0"}, "FRONTDOOR_MAX_UPLOAD_MB"},
	}
	for name, tc := range cases {
		_, err := server.ConfigFromEnv(func(k string) string { return tc.env[k] })
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", name, err, tc.want)
			continue
		}
		if strings.Contains(err.Error(), "s3cr3t") {
			t.Errorf("%s: the error prints a secret: %v", name, err)
		}
	}
	cfg, err = server.ConfigFromEnv(func(k string) string {
		return map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1", "FRONTDOOR_RATE_LIMIT": "0"}[k]
	})
	if err != nil || !cfg.SlackSocketMode() || cfg.SlackHTTP() || cfg.RateLimit != 0 {
		t.Errorf("socket mode only: %+v %v", cfg, err)
	}
}
