package teams_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/frontdoorhq/frontdoor/guidance"
	"github.com/frontdoorhq/frontdoor/integrations/chat"
	"github.com/frontdoorhq/frontdoor/integrations/internal/throttle"
	"github.com/frontdoorhq/frontdoor/integrations/teams"
)

// The security token as Teams shows it: base64 of the HMAC key.
var (
	key    = []byte("a teams webhook key of 32 bytes!")
	secret = base64.StdEncoding.EncodeToString(key)
)

func newHandler(t *testing.T, limiter *throttle.Limiter) *teams.Handler {
	t.Helper()
	pack, err := guidance.Default()
	if err != nil {
		t.Fatal(err)
	}
	eng, err := chat.New(chat.Options{Pack: pack})
	if err != nil {
		t.Fatal(err)
	}
	h, err := teams.New(teams.Options{Engine: eng, Secret: secret, Limiter: limiter})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func activity(id, conversation, text string) []byte {
	b, _ := json.Marshal(map[string]any{
		"type": "message", "id": id, "text": text, "timestamp": time.Now().UTC().Format(time.RFC3339),
		"from":         map[string]any{"id": "29:1abc", "name": "A DSL", "aadObjectId": "aad-1"},
		"conversation": map[string]any{"id": conversation, "isGroup": true},
		"channelId":    "msteams", "serviceUrl": "https://smba.trafficmanager.net/uk/",
	})
	return b
}

func send(t *testing.T, h http.Handler, body []byte, auth string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/teams/webhook", bytes.NewReader(body))
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// Ensure a signed mention is answered within the deadline with an Adaptive
// Card carrying the route.
func TestSignedMessageAnswered(t *testing.T) {
	h := newHandler(t, nil)
	body := activity("1", "19:abc@thread.tacv2;messageid=1700", "<at>frontdoor</at> Year 4 boy said his dad hit him with a belt last night.&nbsp;")
	start := time.Now()
	rec := send(t, h, body, teams.Sign(key, body))
	if time.Since(start) > 5*time.Second {
		t.Errorf("answered after %v: Teams gives up at 5 s", time.Since(start))
	}
	if rec.Code != 200 {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	var msg teams.Message
	if err := json.Unmarshal(rec.Body.Bytes(), &msg); err != nil {
		t.Fatal(err)
	}
	if msg.Type != "message" || len(msg.Attachments) != 1 || msg.Attachments[0].ContentType != "application/vnd.microsoft.card.adaptive" {
		t.Fatalf("reply %s", rec.Body)
	}
	if c := msg.Attachments[0].Content; c.Version != "1.4" || !strings.Contains(rec.Body.String(), "mash-urgent") {
		t.Errorf("card %s", rec.Body)
	}
	// A follow-up in the same thread refines it.
	body = activity("2", "19:abc@thread.tacv2;messageid=1700", "<at>frontdoor</at> He said it happened on Saturday.")
	rec = send(t, h, body, teams.Sign(key, body))
	if !strings.Contains(rec.Body.String(), "Updated with your follow-up") {
		t.Errorf("follow-up: %s", rec.Body)
	}
}

// Ensure unsigned, forged and tampered requests get 401, before parsing.
func TestForgedRejected(t *testing.T) {
	h := newHandler(t, nil)
	body := activity("1", "19:x", "<at>frontdoor</at> help")
	otherKey := []byte("another key, not the webhook's!!")
	tampered := bytes.Replace(body, []byte("help"), []byte("hello"), 1)
	for name, tc := range map[string]struct {
		body []byte
		auth string
	}{
		"unsigned":    {body, ""},
		"wrong key":   {body, teams.Sign(otherKey, body)},
		"tampered":    {tampered, teams.Sign(key, body)},
		"bearer":      {body, "Bearer " + secret},
		"truncated":   {body, teams.Sign(key, body)[:20]},
		"not json":    {[]byte("{oops"), teams.Sign(otherKey, []byte("{oops"))},
		"hex not b64": {body, "HMAC 00ff"},
	} {
		rec := send(t, h, tc.body, tc.auth)
		if rec.Code != http.StatusUnauthorized || !strings.Contains(rec.Body.String(), `"error"`) {
			t.Errorf("%s: status %d body %s, want 401", name, rec.Code, rec.Body)
		}
	}
}

// Ensure a replayed activity (the same id: Teams sends no timestamp) is not
// answered again, and a body over the cap is refused.
func TestReplayAndSize(t *testing.T) {
	h := newHandler(t, nil)
	body := activity("42", "19:x;messageid=42", "<at>frontdoor</at> Year 4 boy said his dad hit him with a belt.")
	send(t, h, body, teams.Sign(key, body))
	rec := send(t, h, body, teams.Sign(key, body))
	if !strings.Contains(rec.Body.String(), "Already answered") {
		t.Errorf("replay: %s", rec.Body)
	}
	big := activity("43", "19:x", strings.Repeat("a", 300<<10))
	if rec := send(t, h, big, teams.Sign(key, big)); rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("big body: status %d", rec.Code)
	}
}

// Ensure the per-user rate limit answers with a notice.
func TestTeamsRateLimit(t *testing.T) {
	h := newHandler(t, throttle.NewLimiter(1, 1))
	for i, want := range []string{"AdaptiveCard", "faster than I can answer"} {
		body := activity(string(rune('a'+i)), "19:x", "<at>frontdoor</at> help")
		if rec := send(t, h, body, teams.Sign(key, body)); !strings.Contains(rec.Body.String(), want) {
			t.Errorf("message %d: %s, want %q", i, rec.Body, want)
		}
	}
}

// Ensure mention markup and HTML are removed before the engine sees the text.
func TestCleanText(t *testing.T) {
	got := teams.CleanText("<p><at>frontdoor</at>&nbsp;explain <b>FD704</b></p><p>now &amp; then</p>")
	if got != "explain FD704\nnow & then" {
		t.Errorf("CleanText = %q", got)
	}
}

// Ensure a bad secret is refused at start-up.
func TestBadSecret(t *testing.T) {
	for _, s := range []string{"", "not base64!"} {
		if _, err := teams.DecodeSecret(s); err == nil {
			t.Errorf("DecodeSecret(%q): want an error", s)
		}
	}
}
