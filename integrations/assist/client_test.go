package assist

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

// okOpinion is a reply that passes the second opinion's checks.
var okOpinion = map[string]any{"level": "3", "route": "mash", "also": []string{}, "rationale": "Neglect over months.",
	"concerns": []string{}, "questions": []string{}}

func simpleRequest(x *Redactor, user string) request {
	return request{name: "frontdoor_test", system: "Answer.", user: user, schema: opinionSchema(mustPack()), maxTokens: 100, redactor: x}
}

// Ensure requests go through go-openai to /v1/chat/completions with the
// model, a strict json_schema response format, the schema in the
// instructions too, and the key as a bearer token.
func TestClientRequestShape(t *testing.T) {
	srv := newFakeLLM(t, func(int, chatRequest) reply { return jsonReply(okOpinion) })
	srv.key = testKey
	c := srv.client()
	if _, err := c.complete(context.Background(), simpleRequest(NewRedactor(), "hello")); err != nil {
		t.Fatal(err)
	}
	req := srv.Requests()[0]
	if req.Model != "test-model" || req.ResponseFormat == nil || req.ResponseFormat.Type != "json_schema" ||
		req.ResponseFormat.JSONSchema == nil || !req.ResponseFormat.JSONSchema.Strict || req.ResponseFormat.JSONSchema.Name != "frontdoor_test" {
		t.Fatalf("request: %+v", req)
	}
	var schema map[string]any
	if err := json.Unmarshal(req.ResponseFormat.JSONSchema.Schema, &schema); err != nil || schema["additionalProperties"] != false {
		t.Errorf("schema: %s", req.ResponseFormat.JSONSchema.Schema)
	}
	if !strings.Contains(req.Messages[0].Content, "matching this JSON schema") || req.MaxCompletionTokens != 100 {
		t.Errorf("system message or token limit: %+v", req)
	}
	if srv.auth[0] != "Bearer "+testKey {
		t.Errorf("Authorization = %q", srv.auth[0])
	}
}

// Ensure 429 and 5xx are retried a bounded number of times, honouring
// Retry-After only up to the cap, and other errors are not retried.
func TestClientRetries(t *testing.T) {
	tests := []struct {
		name      string
		replies   []reply
		wantCalls int
		wantErr   string // in the note; "" for success
	}{
		{name: "429 twice then ok", replies: []reply{
			{Status: 429, Header: map[string]string{"Retry-After": "30"}, Body: `{"error":{"message":"slow down"}}`},
			{Status: 429, Header: map[string]string{"Retry-After": "Wed, 21 Oct 2099 07:28:00 GMT"}, Body: `{"error":{"message":"slow down"}}`},
			jsonReply(okOpinion)}, wantCalls: 3},
		{name: "503 then ok", replies: []reply{apiError(503, "overloaded"), jsonReply(okOpinion)}, wantCalls: 2},
		{name: "500 every time: bounded", replies: []reply{apiError(500, "boom")}, wantCalls: 3, wantErr: "the model server failed (HTTP 500), still after retrying"},
		{name: "429 every time", replies: []reply{{Status: 429, Body: `{"error":{"message":"quota"}}`}}, wantCalls: 3, wantErr: "rate-limiting requests (HTTP 429)"},
		{name: "401 not retried", replies: []reply{apiError(401, "bad key")}, wantCalls: 1, wantErr: "refused the API key (HTTP 401)"},
		{name: "404 not retried", replies: []reply{apiError(404, "no such model")}, wantCalls: 1, wantErr: "does not know this model or address (HTTP 404)"},
		{name: "400: plain JSON asked for once", replies: []reply{apiError(400, "response_format json_schema not supported"), jsonReply(okOpinion)}, wantCalls: 2},
		{name: "400 twice", replies: []reply{apiError(400, "bad request")}, wantCalls: 2, wantErr: "rejected the request (HTTP 400)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newFakeLLM(t, func(n int, _ chatRequest) reply { return tt.replies[min(n, len(tt.replies)-1)] })
			c := srv.client()
			start := time.Now()
			_, err := c.complete(context.Background(), simpleRequest(NewRedactor(), "hello"))
			if time.Since(start) > 2*time.Second {
				t.Errorf("took %v: Retry-After was not capped", time.Since(start))
			}
			if srv.Calls() != tt.wantCalls {
				t.Errorf("calls = %d, want %d", srv.Calls(), tt.wantCalls)
			}
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("err = %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(noteFor(err), tt.wantErr)):
				t.Fatalf("note = %q, want %q", noteFor(err), tt.wantErr)
			}
			if err != nil && (strings.Contains(noteFor(err), "boom") || strings.Contains(noteFor(err), "bad key")) {
				t.Errorf("the note quotes the server: %q", noteFor(err))
			}
			if tt.name == "400: plain JSON asked for once" {
				if rf := srv.Requests()[1].ResponseFormat; rf == nil || rf.Type != "json_object" {
					t.Errorf("second request's response_format: %+v", rf)
				}
			}
		})
	}
}

// Ensure the wait before a retry follows Retry-After (seconds or a date),
// else doubles, and never passes the cap.
func TestRetryWait(t *testing.T) {
	tr := &transport{cfg: Config{RetryBackoff: 100 * time.Millisecond, MaxRetryWait: 3 * time.Second}}
	for _, tt := range []struct {
		attempt int
		header  string
		want    time.Duration
	}{
		{0, "", 100 * time.Millisecond},
		{2, "", 400 * time.Millisecond},
		{10, "", 3 * time.Second},
		{0, "2", 2 * time.Second},
		{0, "120", 3 * time.Second},
		{0, "-5", 100 * time.Millisecond},
		{0, time.Now().Add(-time.Hour).UTC().Format(http.TimeFormat), 0},
		{0, time.Now().Add(time.Hour).UTC().Format(http.TimeFormat), 3 * time.Second},
	} {
		if got := tr.wait(tt.attempt, tt.header); got != tt.want {
			t.Errorf("wait(%d, %q) = %v, want %v", tt.attempt, tt.header, got, tt.want)
		}
	}
}

// Ensure a server that hangs costs no more than the time limit, and that
// the next call fails at once instead of waiting again.
func TestClientHangingServer(t *testing.T) {
	srv := newFakeLLM(t, func(int, chatRequest) reply { return reply{Delay: 10 * time.Second, Content: "{}"} })
	cfg := srv.config()
	cfg.Timeout = 200 * time.Millisecond
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = c.complete(context.Background(), simpleRequest(NewRedactor(), "hello"))
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("took %v", d)
	}
	if want := "did not answer within 200ms"; err == nil || !strings.Contains(noteFor(err), want) {
		t.Fatalf("note = %q", noteFor(err))
	}
	calls := srv.Calls()
	_, err = c.complete(context.Background(), simpleRequest(NewRedactor(), "hello"))
	if !strings.Contains(noteFor(err), "did not answer earlier in this run") || srv.Calls() != calls {
		t.Errorf("second call: note %q, %d calls", noteFor(err), srv.Calls()-calls)
	}
}

// Ensure a server that is down gives a clear note, and so do refusals and
// replies cut off at the token limit.
func TestClientFailures(t *testing.T) {
	c, err := New(Config{BaseURL: unreachableURL(t), Model: "m", Timeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.complete(context.Background(), simpleRequest(NewRedactor(), "x")); !strings.Contains(noteFor(err), "could not be reached") {
		t.Errorf("unreachable: %q", noteFor(err))
	}
	for _, tt := range []struct {
		name string
		rep  reply
		want string
	}{
		{"refusal", reply{Refusal: "I can't help with that."}, "the model declined to answer"},
		{"content filter", reply{Content: "", FinishReason: "content_filter"}, "the model declined to answer"},
		{"cut off", reply{Content: `{"level": "3", "rou`, FinishReason: "length"}, "not the JSON asked for"},
		{"empty", reply{Content: "  "}, "not the JSON asked for"},
		{"not a chat completion", reply{Body: "<html>proxy login</html>"}, "not the JSON asked for"},
		{"no choices", reply{Body: `{"id":"x","object":"chat.completion","choices":[]}`}, "not the JSON asked for"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := newFakeLLM(t, func(int, chatRequest) reply { return tt.rep })
			_, err := srv.client().complete(context.Background(), simpleRequest(NewRedactor(), "x"))
			if err == nil || !strings.Contains(noteFor(err), tt.want) {
				t.Errorf("note = %q, want %q", noteFor(err), tt.want)
			}
		})
	}
}

// Ensure the transport refuses to send a request in which an original
// personal value survives, whatever built the request: the last line of
// defence.
func TestTransportRefusesLeaks(t *testing.T) {
	srv := newFakeLLM(t, func(int, chatRequest) reply { return jsonReply(okOpinion) })
	c := srv.client()
	x := NewRedactor()
	x.Known(KindChildName, "Jamie Smith")
	_, err := c.complete(context.Background(), simpleRequest(x, "Unredacted: jamie was hit."))
	var f *Failure
	if !errors.As(err, &f) || f.Reason != ReasonUnsafe {
		t.Fatalf("err = %v, want an unsafe failure", err)
	}
	if srv.Calls() != 0 {
		t.Errorf("%d requests reached the server", srv.Calls())
	}
	if !strings.Contains(f.Note(), "nothing was sent") {
		t.Errorf("note = %q", f.Note())
	}
	// The same request, redacted, goes.
	if _, err := c.complete(context.Background(), simpleRequest(x, x.Redact("Unredacted: jamie was hit."))); err != nil {
		t.Fatal(err)
	}
	srv.assertNoneSent("Jamie")
}

// Ensure a nil client (model assistance off) makes no call and says so.
func TestNilClientIsOff(t *testing.T) {
	var c *Client
	if op := c.SecondOpinion(context.Background(), mustPack(), "dad hit him", mustPack().Route("dad hit him", guidanceFacts()), nil); op.Used || !strings.Contains(op.Note, "not configured") {
		t.Errorf("opinion: %+v", op)
	}
	r := letterReferral(t)
	if ex := c.Extract(context.Background(), r, nil); len(ex.Extracted) != 0 || !strings.Contains(ex.Note, "not configured") {
		t.Errorf("extraction: %+v", ex)
	}
}
