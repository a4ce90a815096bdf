package assist

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// testKey is the bearer token the fake server expects when a test sets one.
const testKey = "sk-test-not-a-real-key-7c1f"

// chatRequest is what the fake server reads from a chat completions call.
type chatRequest struct {
	Model    string `json:"model"`
	Messages []struct {
		Role    string `json:"role"`
		Content string `json:"content"`
	} `json:"messages"`
	ResponseFormat *struct {
		Type       string `json:"type"`
		JSONSchema *struct {
			Name   string          `json:"name"`
			Strict bool            `json:"strict"`
			Schema json.RawMessage `json:"schema"`
		} `json:"json_schema"`
	} `json:"response_format"`
	MaxCompletionTokens int `json:"max_completion_tokens"`
}

// user returns the user message.
func (r chatRequest) user() string {
	for _, m := range r.Messages {
		if m.Role == "user" {
			return m.Content
		}
	}
	return ""
}

// reply is what the fake server answers: a status (0 means 200), headers,
// and either a chat completion with Content (and Refusal or FinishReason),
// or a raw Body.
type reply struct {
	Status       int
	Header       map[string]string
	Content      string
	Refusal      string
	FinishReason string
	Body         string        // sent as is when set
	Delay        time.Duration // before answering: a slow or hanging server
}

// fakeLLM is an httptest server speaking the chat completions API. It
// records every request body, so tests can prove what left the machine.
type fakeLLM struct {
	*httptest.Server
	t       *testing.T
	key     string // "" accepts any or no Authorization header
	respond func(n int, req chatRequest) reply

	mu     sync.Mutex
	bodies []string
	reqs   []chatRequest
	auth   []string
}

// newFakeLLM starts a fake server; respond is called with the 0-based call
// number and the request.
func newFakeLLM(t *testing.T, respond func(n int, req chatRequest) reply) *fakeLLM {
	t.Helper()
	f := &fakeLLM{t: t, respond: respond}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeLLM) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != "/v1/chat/completions" {
		http.NotFound(w, r)
		return
	}
	body, _ := io.ReadAll(r.Body)
	var req chatRequest
	if err := json.Unmarshal(body, &req); err != nil {
		http.Error(w, `{"error":{"message":"bad json","type":"invalid_request_error"}}`, http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	n := len(f.bodies)
	f.bodies = append(f.bodies, string(body))
	f.reqs = append(f.reqs, req)
	f.auth = append(f.auth, r.Header.Get("Authorization"))
	f.mu.Unlock()
	if f.key != "" && r.Header.Get("Authorization") != "Bearer "+f.key {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = io.WriteString(w, `{"error":{"message":"Incorrect API key provided","type":"invalid_request_error","code":"invalid_api_key"}}`)
		return
	}
	rep := f.respond(n, req)
	if rep.Delay > 0 {
		select {
		case <-time.After(rep.Delay):
		case <-r.Context().Done():
			return
		}
	}
	for k, v := range rep.Header {
		w.Header().Set(k, v)
	}
	if rep.Body == "" {
		rep.Body = completion(rep)
	}
	w.Header().Set("Content-Type", "application/json")
	if rep.Status != 0 {
		w.WriteHeader(rep.Status)
	}
	_, _ = io.WriteString(w, rep.Body)
}

// completion renders a chat completion response.
func completion(r reply) string {
	finish := r.FinishReason
	if finish == "" {
		finish = "stop"
	}
	msg := map[string]any{"role": "assistant", "content": r.Content}
	if r.Refusal != "" {
		msg["refusal"] = r.Refusal
		msg["content"] = ""
	}
	b, _ := json.Marshal(map[string]any{
		"id": "chatcmpl-test", "object": "chat.completion", "created": 1764000000, "model": "test-model",
		"choices": []any{map[string]any{"index": 0, "message": msg, "finish_reason": finish}},
		"usage":   map[string]int{"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
	})
	return string(b)
}

// jsonReply answers with v as the message content, as a server that honours
// the JSON schema would.
func jsonReply(v any) reply {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return reply{Content: string(b)}
}

// apiError is an OpenAI-style error body.
func apiError(status int, msg string) reply {
	return reply{Status: status, Body: fmt.Sprintf(`{"error":{"message":%q,"type":"server_error"}}`, msg)}
}

// Bodies returns every request body received.
func (f *fakeLLM) Bodies() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.bodies...)
}

// Requests returns every request received.
func (f *fakeLLM) Requests() []chatRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]chatRequest(nil), f.reqs...)
}

// Calls returns the number of requests received.
func (f *fakeLLM) Calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.bodies)
}

// config returns a client configuration for the fake server, with short
// retry waits.
func (f *fakeLLM) config() Config {
	cfg := Config{BaseURL: f.URL + "/v1", Model: "test-model", Timeout: 5 * time.Second,
		RetryBackoff: time.Millisecond, MaxRetryWait: 20 * time.Millisecond}
	if f.key != "" {
		cfg = cfg.WithAPIKey(f.key)
	}
	return cfg
}

// client returns a go-openai backed client pointed at the fake server.
func (f *fakeLLM) client() *Client {
	f.t.Helper()
	c, err := New(f.config())
	if err != nil {
		f.t.Fatal(err)
	}
	return c
}

// assertNoneSent fails the test if any of the values appears in any
// request body the server received (case-insensitively, and for numbers
// also with their spacing removed).
func (f *fakeLLM) assertNoneSent(values ...string) {
	f.t.Helper()
	for i, body := range f.Bodies() {
		text := decodedText(body)
		lower := strings.ToLower(text)
		digits := digitsOnly(text)
		for _, v := range values {
			if v == "" {
				continue
			}
			if strings.Contains(lower, strings.ToLower(v)) {
				f.t.Errorf("request %d sent %q", i, v)
			}
			if d := digitsOnly(v); len(d) >= 6 && strings.Contains(digits, d) {
				f.t.Errorf("request %d sent the digits of %q", i, v)
			}
		}
	}
}

// decodedText returns a request body with its JSON strings decoded (so
// that escapes such as \u0026 cannot hide a value), joined.
func decodedText(body string) string {
	var v any
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		return body
	}
	var b strings.Builder
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case string:
			b.WriteString(x)
			b.WriteByte('\n')
		case []any:
			for _, e := range x {
				walk(e)
			}
		case map[string]any:
			for k, e := range x {
				b.WriteString(k)
				b.WriteByte('\n')
				walk(e)
			}
		}
	}
	walk(v)
	return body + "\n" + b.String()
}

func digitsOnly(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// unreachableURL returns a base URL where nothing listens (a closed
// listener: a real "connection refused").
func unreachableURL(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr + "/v1"
}
