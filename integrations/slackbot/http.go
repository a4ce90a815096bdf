package slackbot

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/frontdoorhq/frontdoor/integrations/chat"
	"github.com/frontdoorhq/frontdoor/integrations/internal/httpx"
)

// Body caps for Slack's requests: events and form posts are small.
const (
	maxEventBody = 1 << 20
	maxFormBody  = 256 << 10
)

// commandTimeout bounds a slash command's answer: Slack wants it within 3 s.
const commandTimeout = 2500 * time.Millisecond

// verify checks the request's signature and timestamp and returns its body.
// The headers and timestamp are checked before the body is read; nothing
// is parsed until the signature matches. On failure it has answered (401,
// or 413 for a body over max).
func (b *Bot) verify(w http.ResponseWriter, r *http.Request, max int64) ([]byte, bool) {
	if r.Method != http.MethodPost {
		httpx.Error(w, http.StatusMethodNotAllowed, "method not allowed")
		return nil, false
	}
	sv, err := slack.NewSecretsVerifier(r.Header, b.opts.SigningSecret)
	if err != nil {
		httpx.Annotate(r.Context(), slog.String("auth", "rejected"))
		httpx.Error(w, http.StatusUnauthorized, "unauthorized")
		return nil, false
	}
	body, err := httpx.ReadBody(w, r, max)
	if err != nil {
		httpx.BodyError(w, err)
		return nil, false
	}
	_, _ = sv.Write(body)
	if sv.Ensure() != nil {
		httpx.Annotate(r.Context(), slog.String("auth", "rejected"))
		httpx.Error(w, http.StatusUnauthorized, "unauthorized")
		return nil, false
	}
	return body, true
}

// Events handles the Events API (/slack/events): URL verification, and
// events acknowledged at once and answered in the background.
func (b *Bot) Events() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := b.verify(w, r, maxEventBody)
		if !ok {
			return
		}
		ev, err := slackevents.ParseEvent(json.RawMessage(body), slackevents.OptionNoVerifyToken())
		if err != nil {
			if !json.Valid(body) {
				httpx.Error(w, http.StatusBadRequest, "invalid event")
				return
			}
			// An event type we do not handle: acknowledge it all the same, or
			// Slack counts a failure and may turn the subscription off.
			httpx.Annotate(r.Context(), slog.String("event", "unhandled"))
			w.WriteHeader(http.StatusOK)
			return
		}
		switch ev.Type {
		case slackevents.URLVerification:
			var ch slackevents.ChallengeResponse
			if err := json.Unmarshal(body, &ch); err != nil {
				httpx.Error(w, http.StatusBadRequest, "invalid challenge")
				return
			}
			w.Header().Set("Content-Type", "text/plain")
			_, _ = io.WriteString(w, ch.Challenge)
		case slackevents.CallbackEvent:
			cb, _ := ev.Data.(*slackevents.EventsAPICallbackEvent)
			if cb == nil {
				w.WriteHeader(http.StatusOK)
				return
			}
			httpx.Annotate(r.Context(), slog.String("event_id", cb.EventID), slog.String("event", ev.InnerEvent.Type))
			if r.Header.Get("X-Slack-Retry-Num") != "" {
				httpx.Annotate(r.Context(), slog.String("retry", r.Header.Get("X-Slack-Retry-Num")))
			}
			if !b.take(r.Context(), cb.TeamID, cb.EventID, ev.InnerEvent) {
				// Too busy: refuse, so Slack delivers it again later.
				httpx.Error(w, http.StatusServiceUnavailable, "busy")
				return
			}
			w.WriteHeader(http.StatusOK)
		default:
			w.WriteHeader(http.StatusOK)
		}
	})
}

// take turns an event into a job and queues it. It returns false only when
// the event should be retried (the queue is full); events that are ignored
// or duplicates count as taken.
func (b *Bot) take(ctx context.Context, team, eventID string, inner slackevents.EventsAPIInnerEvent) bool {
	j, ok := b.jobFor(team, inner)
	if !ok {
		return true
	}
	var taken []string // keys to forget if the job cannot be queued
	undo := func() {
		for _, k := range taken {
			b.seen.Forget(k)
		}
	}
	dup := func(key string) bool {
		if b.seen.Add(key) {
			taken = append(taken, key)
			return false
		}
		httpx.Annotate(ctx, slog.Bool("duplicate", true))
		return true
	}
	if dup("event:" + eventID) {
		return true
	}
	// Slack has been seen to send the same message under new event ids:
	// answer each message (channel and ts) once, and each shared file once
	// (a file in a direct message comes both as a message and as file_shared).
	if j.ts != "" && dup("msg:"+j.channel+":"+j.ts) {
		undo()
		return true
	}
	hadFiles := len(j.fileIDs) > 0
	var fresh []string
	for _, id := range j.fileIDs {
		if k := "file:" + j.channel + ":" + id; b.seen.Add(k) {
			taken = append(taken, k)
			fresh = append(fresh, id)
		}
	}
	j.fileIDs = fresh
	if hadFiles && len(fresh) == 0 && j.text == "" {
		httpx.Annotate(ctx, slog.Bool("duplicate", true))
		return true
	}
	j.requestID, j.eventID, j.received = httpx.RequestID(ctx), eventID, time.Now()
	httpx.Annotate(ctx, slog.String("user", j.user))
	j, ok = b.limit(ctx, j)
	if !ok {
		return true
	}
	if !b.enqueue(j) {
		undo()
		return false
	}
	return true
}

// limit applies the per-user rate limit. It returns the job to queue and
// whether to queue it: the job itself, or on a user's first refusal a notice
// telling them to slow down; later refusals are dropped until they do.
func (b *Bot) limit(ctx context.Context, j job) (job, bool) {
	ok, first := b.opts.Limiter.Allow("slack:" + j.user)
	if ok {
		return j, true
	}
	httpx.Annotate(ctx, slog.Bool("rate_limited", true))
	if !first {
		return j, false
	}
	j.notice, j.text, j.fileIDs, j.thread = true, "", nil, ""
	return j, true
}

func rateLimitReply() chat.Reply {
	return chat.Reply{Kind: chat.KindHelp, Notice: "You are sending messages faster than I can answer them. Wait a minute, then ask again."}
}

// Commands handles the /frontdoor slash command (/slack/commands). The
// answer is computed at once (routing takes well under a millisecond) and
// returned as an ephemeral message: it is about a child.
func (b *Bot) Commands() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := b.verify(w, r, maxFormBody)
		if !ok {
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		cmd, err := slack.SlashCommandParse(r)
		if err != nil {
			httpx.Error(w, http.StatusBadRequest, "invalid command")
			return
		}
		httpx.Annotate(r.Context(), slog.String("user", cmd.UserID))
		httpx.JSON(w, http.StatusOK, b.command(r.Context(), cmd))
	})
}

// command answers a slash command with an ephemeral message.
func (b *Bot) command(ctx context.Context, cmd slack.SlashCommand) slack.Msg {
	var reply chat.Reply
	if ok, _ := b.opts.Limiter.Allow("slack:" + cmd.UserID); !ok {
		httpx.Annotate(ctx, slog.Bool("rate_limited", true))
		reply = rateLimitReply()
	} else {
		cctx, cancel := context.WithTimeout(ctx, commandTimeout)
		reply = b.engine.Handle(cctx, chat.Message{Text: cleanText(cmd.Text)})
		cancel()
	}
	httpx.Annotate(ctx, slog.String("kind", string(reply.Kind)))
	if id := reply.RouteID(); id != "" {
		httpx.Annotate(ctx, slog.String("route", id))
	}
	blocks, fallback := chat.Slack(reply)
	return slack.Msg{ResponseType: slack.ResponseTypeEphemeral, Text: fallback, Blocks: slack.Blocks{BlockSet: blocks}}
}

// Interactive handles button presses (/slack/interactive): acknowledged at
// once and answered in the message's thread.
func (b *Bot) Interactive() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := b.verify(w, r, maxFormBody)
		if !ok {
			return
		}
		form, err := url.ParseQuery(string(body))
		if err != nil || form.Get("payload") == "" {
			httpx.Error(w, http.StatusBadRequest, "invalid interaction")
			return
		}
		var cb slack.InteractionCallback
		if err := json.Unmarshal([]byte(form.Get("payload")), &cb); err != nil {
			httpx.Error(w, http.StatusBadRequest, "invalid interaction")
			return
		}
		if !b.interaction(r.Context(), cb) {
			httpx.Error(w, http.StatusServiceUnavailable, "busy")
			return
		}
		w.WriteHeader(http.StatusOK)
	})
}

// interaction queues the answer to a button press; false when too busy.
func (b *Bot) interaction(ctx context.Context, cb slack.InteractionCallback) bool {
	if cb.Type != slack.InteractionTypeBlockActions {
		return true
	}
	var text string
	for _, a := range cb.ActionCallback.BlockActions {
		if t, ok := chat.ActionText(a.ActionID, a.Value); ok {
			text = t
			break
		}
	}
	if text == "" {
		return true
	}
	channel := cb.Container.ChannelID
	if channel == "" {
		channel = cb.Channel.ID
	}
	threadTS := cb.Container.ThreadTs
	if threadTS == "" {
		threadTS = cb.Container.MessageTs
	}
	j := job{
		requestID: httpx.RequestID(ctx), user: cb.User.ID, channel: channel, threadTS: threadTS,
		thread: threadKey(cb.Team.ID, channel, threadTS), text: text, received: time.Now(),
	}
	if cb.Container.IsEphemeral {
		// An ephemeral message (a slash command's answer) has no thread to
		// reply in: answer it, ephemerally, through its response URL.
		j.responseURL, j.thread, j.threadTS = cb.ResponseURL, "", ""
	}
	httpx.Annotate(ctx, slog.String("user", j.user), slog.String("action", strings.Fields(text)[0]))
	j, ok := b.limit(ctx, j)
	if !ok {
		return true
	}
	return b.enqueue(j)
}

// threadKey is the engine's thread key for a Slack thread.
func threadKey(team, channel, threadTS string) string {
	if channel == "" || threadTS == "" {
		return ""
	}
	return "slack:" + team + ":" + channel + ":" + threadTS
}
