// Package slackbot is frontdoor's Slack front end: the Events API
// (mentions, direct messages, shared files), the /frontdoor slash command and
// button presses over HTTP, or the same over Socket Mode for councils with
// no public endpoint. Every HTTP request is verified with the signing secret
// (signature and a 5-minute timestamp window) before its body is parsed.
// Events are acknowledged at once and answered in their thread with
// chat.postMessage by a small pool of workers; Slack's retries are dropped by
// event id. Shared files are downloaded with the bot token, size-capped, and
// read by the chat engine's reader (PDF and DOCX in sandboxed workers).
//
// Logs carry request ids, event ids, user ids, rule ids, routes and timings,
// never message or file content.
package slackbot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/slack-go/slack"

	"github.com/frontdoorhq/frontdoor/integrations/chat"
	"github.com/frontdoorhq/frontdoor/integrations/internal/httpx"
	"github.com/frontdoorhq/frontdoor/integrations/internal/throttle"
)

// DefaultAPIURL is Slack's Web API base.
const DefaultAPIURL = "https://slack.com/api/"

// Options configure a Bot.
type Options struct {
	Engine        *chat.Engine      // answers every message; required
	SigningSecret string            // verifies HTTP requests; required for the HTTP handlers
	BotToken      string            // xoxb-: posts answers and downloads files; required
	AppToken      string            // xapp-: Socket Mode; only for RunSocketMode
	APIURL        string            // the Web API base; DefaultAPIURL when ""
	HTTPClient    *http.Client      // for the Web API and downloads; a client with a 30 s timeout when nil
	Limiter       *throttle.Limiter // per-user rate limit; nil for none
	Log           *slog.Logger      // discarded when nil
	MaxFileSize   int64             // largest file downloaded; 10 MB when 0
	MaxFiles      int               // files checked per message; 3 when 0
	Workers       int               // answers prepared at once; 4 when 0
	Queue         int               // events waiting for a worker; 256 when 0 (beyond it Slack is asked to retry)
	AnswerTimeout time.Duration     // the whole of one answer: download, check, post; 60 s when 0
	CallTimeout   time.Duration     // each Web API call; 10 s when 0
}

// Bot answers Slack. Create it with New; stop its workers with Close.
type Bot struct {
	opts   Options
	engine *chat.Engine
	api    *slack.Client
	apiURL *url.URL
	client *http.Client
	log    *slog.Logger
	seen   *throttle.Seen // event ids and (channel, ts) pairs already taken
	files  *throttle.Seen // (channel, file id) pairs already checked

	jobs      chan job
	wg        sync.WaitGroup
	closeOnce sync.Once
	closed    atomic.Bool
	connected atomic.Bool // Socket Mode is connected
}

// job is one answer to prepare and post.
type job struct {
	requestID   string
	eventID     string // "" for button presses
	user        string
	channel     string
	ts          string // the message's own ts, for answering each message once
	threadTS    string // reply in this thread; "" at the top level
	thread      string // the engine's thread key
	text        string
	fileIDs     []string
	responseURL string // reply here instead (a button on an ephemeral message)
	notice      bool   // post the rate-limit notice instead of an answer
	received    time.Time
}

// New returns a Bot and starts its workers.
func New(opts Options) (*Bot, error) {
	if opts.Engine == nil {
		return nil, errors.New("slackbot: no chat engine")
	}
	if opts.BotToken == "" {
		return nil, errors.New("slackbot: no bot token")
	}
	if opts.APIURL == "" {
		opts.APIURL = DefaultAPIURL
	}
	if !strings.HasSuffix(opts.APIURL, "/") {
		opts.APIURL += "/"
	}
	u, err := url.Parse(opts.APIURL)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, fmt.Errorf("slackbot: the Slack API URL must be an http(s) URL")
	}
	if opts.HTTPClient == nil {
		opts.HTTPClient = &http.Client{Timeout: 30 * time.Second}
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if opts.MaxFileSize <= 0 {
		opts.MaxFileSize = 10 << 20
	}
	if opts.MaxFiles <= 0 {
		opts.MaxFiles = 3
	}
	if opts.Workers <= 0 {
		opts.Workers = 4
	}
	if opts.Queue <= 0 {
		opts.Queue = 256
	}
	if opts.AnswerTimeout <= 0 {
		opts.AnswerTimeout = 60 * time.Second
	}
	if opts.CallTimeout <= 0 {
		opts.CallTimeout = 10 * time.Second
	}
	b := &Bot{
		opts: opts, engine: opts.Engine, apiURL: u, client: opts.HTTPClient, log: opts.Log,
		seen:  throttle.NewSeen(10*time.Minute, 100000),
		files: throttle.NewSeen(10*time.Minute, 100000),
		jobs:  make(chan job, opts.Queue),
	}
	apiOpts := []slack.Option{slack.OptionAPIURL(opts.APIURL), slack.OptionHTTPClient(opts.HTTPClient)}
	if opts.AppToken != "" {
		apiOpts = append(apiOpts, slack.OptionAppLevelToken(opts.AppToken))
	}
	b.api = slack.New(opts.BotToken, apiOpts...)
	for range opts.Workers {
		b.wg.Go(b.work)
	}
	return b, nil
}

// Close stops taking events and waits, until ctx is done, for the answers
// already taken to be posted.
func (b *Bot) Close(ctx context.Context) error {
	b.closeOnce.Do(func() {
		b.closed.Store(true)
		close(b.jobs)
	})
	done := make(chan struct{})
	go func() { b.wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Connected reports whether Socket Mode is connected.
func (b *Bot) Connected() bool { return b.connected.Load() }

// enqueue hands a job to the workers; false when the queue is full or the
// bot is closing.
func (b *Bot) enqueue(j job) (ok bool) {
	if b.closed.Load() {
		return false
	}
	defer func() {
		if recover() != nil { // closed between the check and the send
			ok = false
		}
	}()
	select {
	case b.jobs <- j:
		return true
	default:
		return false
	}
}

func (b *Bot) work() {
	for j := range b.jobs {
		b.answer(j)
	}
}

// answer prepares the reply to one job and posts it.
func (b *Bot) answer(j job) {
	ctx, cancel := context.WithTimeout(context.Background(), b.opts.AnswerTimeout)
	defer cancel()
	start := time.Now()
	var reply chat.Reply
	if j.notice {
		reply = rateLimitReply()
	} else {
		files := b.download(ctx, j)
		reply = b.engine.Handle(ctx, chat.Message{Thread: j.thread, Text: j.text, Files: files})
	}
	err := b.post(ctx, j, reply)
	attrs := []any{
		"request_id", j.requestID, "user", j.user, "kind", string(reply.Kind),
		"files", len(j.fileIDs), "duration_ms", time.Since(start).Milliseconds(),
		"since_received_ms", time.Since(j.received).Milliseconds(),
	}
	if j.eventID != "" {
		attrs = append(attrs, "event_id", j.eventID)
	}
	if id := reply.RouteID(); id != "" {
		attrs = append(attrs, "route", id)
	}
	if ids := reply.RuleIDs(); len(ids) > 0 {
		attrs = append(attrs, "rules", strings.Join(ids, ","))
	}
	if err != nil {
		attrs = append(attrs, "error", postErrorKind(err))
		b.log.Warn("slack answer not posted", attrs...)
		return
	}
	b.log.Info("slack answer", attrs...)
}

// post sends a reply: in the thread with chat.postMessage, or to the
// response URL of an ephemeral message.
func (b *Bot) post(ctx context.Context, j job, r chat.Reply) error {
	blocks, fallback := chat.Slack(r)
	ctx, cancel := context.WithTimeout(ctx, b.opts.CallTimeout)
	defer cancel()
	if j.responseURL != "" {
		msg := &slack.WebhookMessage{Text: fallback, Blocks: &slack.Blocks{BlockSet: blocks}, ResponseType: slack.ResponseTypeEphemeral}
		return b.postResponseURL(ctx, j.responseURL, msg)
	}
	opts := []slack.MsgOption{slack.MsgOptionText(fallback, false), slack.MsgOptionBlocks(blocks...)}
	if j.threadTS != "" {
		opts = append(opts, slack.MsgOptionTS(j.threadTS))
	}
	_, _, err := b.api.PostMessageContext(ctx, j.channel, opts...)
	return err
}

// postResponseURL posts to a response_url, which must be Slack's
// (hooks.slack.com) or on the configured API host: a forged or odd URL gets
// nothing.
func (b *Bot) postResponseURL(ctx context.Context, raw string, msg *slack.WebhookMessage) error {
	u, err := url.Parse(raw)
	if err != nil {
		return errors.New("bad response_url")
	}
	slackHook := u.Scheme == "https" && (u.Hostname() == "hooks.slack.com" || u.Hostname() == "hooks.slack-gov.com")
	if !slackHook && !(u.Scheme == b.apiURL.Scheme && strings.EqualFold(u.Host, b.apiURL.Host)) {
		return errors.New("response_url is not Slack's")
	}
	return slack.PostWebhookCustomHTTPContext(ctx, raw, b.client, msg)
}

// postErrorKind names a posting error for the log: Slack's own error code
// ("not_in_channel") or a kind, never a URL.
func postErrorKind(err error) string {
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		return se.Err
	}
	var sce slack.StatusCodeError
	if errors.As(err, &sce) {
		return fmt.Sprintf("http_%d", sce.Code)
	}
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		return "ratelimited"
	}
	if s := err.Error(); s == "response_url is not Slack's" || s == "bad response_url" {
		return "bad_response_url"
	}
	if k := httpx.ErrorKind(err); k != "error" {
		return k
	}
	// slack-go returns Slack's error code as a plain error ("channel_not_found").
	if s := err.Error(); len(s) < 40 && !strings.ContainsAny(s, " /:") {
		return s
	}
	return "error"
}
