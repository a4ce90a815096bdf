package slackbot

import (
	"context"
	"errors"
	"log"
	"math/rand/v2"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"

	"github.com/frontdoorhq/frontdoor/integrations/internal/httpx"
)

// RunSocketMode connects to Slack over Socket Mode (an outbound WebSocket:
// no public endpoint) and answers events, the slash command and button
// presses as the HTTP handlers do, until ctx is done. It reconnects with
// back-off when the connection drops, and logs connection events. It needs
// the app-level token (Options.AppToken).
func (b *Bot) RunSocketMode(ctx context.Context) error {
	if b.opts.AppToken == "" {
		return errors.New("slackbot: Socket Mode needs an app-level token (xapp-)")
	}
	backoff := time.Second
	for ctx.Err() == nil {
		started := time.Now()
		err := b.runSocket(ctx)
		b.connected.Store(false)
		if ctx.Err() != nil {
			break
		}
		if time.Since(started) > time.Minute {
			backoff = time.Second
		}
		b.log.Warn("slack socket mode stopped; reconnecting", "error", httpx.ErrorKind(err), "retry_in_ms", backoff.Milliseconds())
		wait := backoff + time.Duration(rand.Int64N(int64(backoff/2)+1))
		select {
		case <-ctx.Done():
		case <-time.After(wait):
		}
		backoff = min(2*backoff, 5*time.Minute)
	}
	return nil
}

// runSocket runs one Socket Mode client until it fails or ctx is done.
func (b *Bot) runSocket(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// The library's own logger would print payloads in debug mode: keep it quiet.
	client := socketmode.New(b.api, socketmode.OptionLog(log.New(discard{}, "", 0)))
	errc := make(chan error, 1)
	go func() { errc <- client.RunContext(ctx) }()
	for {
		select {
		case err := <-errc:
			return err
		case evt := <-client.Events:
			b.socketEvent(ctx, client, evt)
		}
	}
}

func (b *Bot) socketEvent(ctx context.Context, client *socketmode.Client, evt socketmode.Event) {
	switch evt.Type {
	case socketmode.EventTypeConnecting:
		b.log.Info("slack socket mode connecting")
	case socketmode.EventTypeConnected:
		b.connected.Store(true)
		b.log.Info("slack socket mode connected")
	case socketmode.EventTypeConnectionError, socketmode.EventTypeInvalidAuth, socketmode.EventTypeDisconnect:
		b.connected.Store(false)
		b.log.Warn("slack socket mode " + string(evt.Type))
	case socketmode.EventTypeEventsAPI:
		if evt.Request == nil {
			return
		}
		ev, ok := evt.Data.(slackevents.EventsAPIEvent)
		cb, _ := ev.Data.(*slackevents.EventsAPICallbackEvent)
		if !ok || ev.Type != slackevents.CallbackEvent || cb == nil {
			_ = client.Ack(*evt.Request) // acknowledge what we ignore, or Slack retries it
			return
		}
		rctx, attrs := httpx.WithAttrs(httpx.WithRequestID(ctx, httpx.NewRequestID()))
		start := time.Now()
		// Queuing never waits, so the acknowledgement follows at once. An event
		// the workers have no room for is left unacknowledged, for Slack to
		// deliver again, as the HTTP endpoint answers 503.
		taken := b.take(rctx, cb.TeamID, cb.EventID, ev.InnerEvent)
		if taken {
			_ = client.Ack(*evt.Request)
		}
		b.logSocket(rctx, attrs, "events_api", start, "event_id", cb.EventID, "event", ev.InnerEvent.Type, "queued", taken)
	case socketmode.EventTypeSlashCommand:
		if evt.Request == nil {
			return
		}
		cmd, ok := evt.Data.(slack.SlashCommand)
		if !ok {
			_ = client.Ack(*evt.Request)
			return
		}
		rctx, attrs := httpx.WithAttrs(httpx.WithRequestID(ctx, httpx.NewRequestID()))
		start := time.Now()
		msg := b.command(rctx, cmd)
		_ = client.Ack(*evt.Request, msg)
		b.logSocket(rctx, attrs, "slash_command", start, "user", cmd.UserID)
	case socketmode.EventTypeInteractive:
		if evt.Request == nil {
			return
		}
		_ = client.Ack(*evt.Request)
		cb, ok := evt.Data.(slack.InteractionCallback)
		if !ok {
			return
		}
		rctx, attrs := httpx.WithAttrs(httpx.WithRequestID(ctx, httpx.NewRequestID()))
		start := time.Now()
		queued := b.interaction(rctx, cb)
		b.logSocket(rctx, attrs, "interactive", start, "queued", queued)
	}
}

// logSocket writes the access-log line of one Socket Mode request.
func (b *Bot) logSocket(ctx context.Context, attrs *httpx.Attrs, kind string, start time.Time, args ...any) {
	args = append([]any{"request_id", httpx.RequestID(ctx), "type", kind, "duration_ms", time.Since(start).Milliseconds()}, args...)
	for _, a := range attrs.List() {
		args = append(args, a)
	}
	b.log.Info("slack socket request", args...)
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
