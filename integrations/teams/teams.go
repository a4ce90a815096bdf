// Package teams is frontdoor's Microsoft Teams front end: an outgoing
// webhook (a team's "@frontdoor which route ...?" in a standard channel),
// verified with HMAC-SHA256 over the raw body, answered within Teams' 5
// seconds with an Adaptive Card. Outgoing webhooks cannot fetch files, so
// file checks are Slack and terminal only.
//
// Logs carry request ids, user ids, routes and timings, never message
// content.
package teams

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"html"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/frontdoorhq/frontdoor/integrations/chat"
	"github.com/frontdoorhq/frontdoor/integrations/internal/httpx"
	"github.com/frontdoorhq/frontdoor/integrations/internal/throttle"
	"github.com/frontdoorhq/frontdoor/internal/lazyre"
)

// Options configure a Handler.
type Options struct {
	Engine  *chat.Engine      // answers every message; required
	Secret  string            // the security token Teams shows when the webhook is created (base64); required
	Limiter *throttle.Limiter // per-user rate limit; nil for none
	Timeout time.Duration     // the answer's deadline; 4 s when 0 (Teams gives up at 5)
	MaxBody int64             // largest request read; 256 KiB when 0
}

// Handler serves the outgoing webhook (/teams/webhook).
type Handler struct {
	opts Options
	key  []byte
	seen *throttle.Seen
}

// New returns a Handler, or an error when the secret is missing or not
// base64.
func New(opts Options) (*Handler, error) {
	if opts.Engine == nil {
		return nil, errors.New("teams: no chat engine")
	}
	key, err := DecodeSecret(opts.Secret)
	if err != nil {
		return nil, err
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 4 * time.Second
	}
	if opts.MaxBody <= 0 {
		opts.MaxBody = 256 << 10
	}
	return &Handler{opts: opts, key: key, seen: throttle.NewSeen(10*time.Minute, 100000)}, nil
}

// DecodeSecret decodes the webhook's security token into the HMAC key.
func DecodeSecret(secret string) ([]byte, error) {
	secret = strings.TrimSpace(secret)
	if secret == "" {
		return nil, errors.New("teams: no webhook secret")
	}
	key, err := base64.StdEncoding.DecodeString(secret)
	if err != nil || len(key) == 0 {
		return nil, errors.New("teams: the webhook secret is not base64 (copy the security token Teams shows when the webhook is created)")
	}
	return key, nil
}

// Sign returns the Authorization header value Teams sends for body:
// "HMAC " and the base64 HMAC-SHA256 of the body under key.
func Sign(key, body []byte) string {
	mac := hmac.New(sha256.New, key)
	mac.Write(body)
	return "HMAC " + base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// Activity is the part of a Bot Framework activity an outgoing webhook
// sends that frontdoor reads.
type Activity struct {
	Type string `json:"type"` // "message"
	ID   string `json:"id"`
	Text string `json:"text"` // HTML, with <at>Name</at> mentions
	From struct {
		ID          string `json:"id"`
		AADObjectID string `json:"aadObjectId"`
	} `json:"from"`
	Conversation struct {
		ID string `json:"id"` // "19:...@thread.tacv2;messageid=..." names the thread
	} `json:"conversation"`
	Attachments []struct {
		ContentType string `json:"contentType"`
	} `json:"attachments"`
}

// Message is the reply an outgoing webhook returns.
type Message struct {
	Type        string       `json:"type"` // "message"
	Text        string       `json:"text,omitempty"`
	Attachments []Attachment `json:"attachments,omitempty"`
}

// Attachment carries an Adaptive Card.
type Attachment struct {
	ContentType string            `json:"contentType"`
	Content     chat.AdaptiveCard `json:"content"`
}

// CardMessage wraps a card as a message.
func CardMessage(c chat.AdaptiveCard) Message {
	return Message{Type: "message", Attachments: []Attachment{{ContentType: chat.CardContentType, Content: c}}}
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		httpx.Error(w, http.StatusMethodNotAllowed, "method not allowed")
		return
	}
	auth := r.Header.Get("Authorization")
	if !strings.HasPrefix(auth, "HMAC ") {
		httpx.Annotate(r.Context(), slog.String("auth", "rejected"))
		httpx.Error(w, http.StatusUnauthorized, "unauthorized")
		return
	}
	body, err := httpx.ReadBody(w, r, h.opts.MaxBody)
	if err != nil {
		httpx.BodyError(w, err)
		return
	}
	// The raw bytes, before any parsing; constant-time comparison.
	if !hmac.Equal([]byte(auth), []byte(Sign(h.key, body))) {
		httpx.Annotate(r.Context(), slog.String("auth", "rejected"))
		httpx.Error(w, http.StatusUnauthorized, "unauthorized")
		return
	}
	var a Activity
	if err := json.Unmarshal(body, &a); err != nil {
		httpx.Error(w, http.StatusBadRequest, "invalid activity")
		return
	}
	user := a.From.AADObjectID
	if user == "" {
		user = a.From.ID
	}
	httpx.Annotate(r.Context(), slog.String("user", user))
	// Outgoing webhooks carry no timestamp, so a captured request could be
	// replayed: answer each activity once.
	if a.ID != "" && !h.seen.Add(a.ID) {
		httpx.Annotate(r.Context(), slog.Bool("duplicate", true))
		httpx.JSON(w, http.StatusOK, Message{Type: "message", Text: "Already answered."})
		return
	}
	if ok, _ := h.opts.Limiter.Allow("teams:" + user); !ok {
		httpx.Annotate(r.Context(), slog.Bool("rate_limited", true))
		httpx.JSON(w, http.StatusOK, Message{Type: "message", Text: "You are sending messages faster than I can answer them. Wait a minute, then ask again."})
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), h.opts.Timeout)
	defer cancel()
	reply := h.opts.Engine.Handle(ctx, chat.Message{Thread: threadKey(a.Conversation.ID), Text: CleanText(a.Text)})
	if hasFiles(a) && reply.Notice == "" {
		reply.Notice = "Teams does not pass files to frontdoor: attach the referral in Slack, or run `frontdoor check` on it."
	}
	httpx.Annotate(r.Context(), slog.String("kind", string(reply.Kind)))
	if id := reply.RouteID(); id != "" {
		httpx.Annotate(r.Context(), slog.String("route", id))
	}
	if ids := reply.RuleIDs(); len(ids) > 0 {
		httpx.Annotate(r.Context(), slog.String("rules", strings.Join(ids, ",")))
	}
	httpx.JSON(w, http.StatusOK, CardMessage(chat.Teams(reply)))
}

func threadKey(conversation string) string {
	if conversation == "" {
		return ""
	}
	return "teams:" + conversation
}

func hasFiles(a Activity) bool {
	for _, at := range a.Attachments {
		if at.ContentType != "text/html" && at.ContentType != "" {
			return true
		}
	}
	return false
}

var (
	atMention = lazyre.New(`(?is)<at\b[^>]*>.*?</at>`)
	breaks    = lazyre.New(`(?i)<br\s*/?>|</p>|</div>`)
	tags      = lazyre.New(`<[^>]*>`)
)

// CleanText turns a Teams message (HTML, with <at>Name</at> mentions) into
// plain text: mentions dropped, tags stripped, entities decoded.
func CleanText(s string) string {
	s = atMention.ReplaceAllString(s, "")
	s = breaks.ReplaceAllString(s, "\n")
	s = tags.ReplaceAllString(s, "")
	s = html.UnescapeString(s)
	s = strings.ReplaceAll(s, "\u00a0", " ")
	return strings.TrimSpace(s)
}
