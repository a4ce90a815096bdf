// Package notify posts batch summaries (contract section 5) to a chat
// channel: a Slack incoming webhook or a Teams Workflows webhook ("When a
// Teams webhook request is received", then "Post card in a chat or
// channel"). Only counts, shares, rule ids, field paths and routes are
// posted: never referral content or file names.
//
// Webhook URLs are secrets (they carry their own signature): they are never
// logged or put in an error message.
package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/frontdoorhq/frontdoor/integrations/chat"
)

// Summary is the part of a batch summary (contract section 5) that is
// posted. Its JSON keys are the contract's, so a summary file decodes into
// it directly.
type Summary struct {
	Files           int                `json:"files"`
	Checked         int                `json:"checked"`
	Unreadable      []json.RawMessage  `json:"unreadable"` // only the count is posted
	ByRule          map[string]int     `json:"by_rule"`
	MissingFields   map[string]float64 `json:"missing_fields"`
	ConsentProblems float64            `json:"consent_problems"`
	Routes          map[string]int     `json:"routes"`
	RouteMismatch   map[string]int     `json:"route_mismatch"`
	ScoreMean       float64            `json:"score_mean"`
}

// Options shape a post.
type Options struct {
	Title      string       // the card's title; "frontdoor batch summary" when ""
	ReportURL  string       // a link to the full HTML report, if published
	Client     *http.Client // a client with a 10 s timeout when nil
	MaxRetries int          // retries after 429 or 5xx; 2 when 0, none when negative
	TopRules   int          // rules listed, most frequent first; 10 when 0
}

// maxTeamsBytes is the Workflows message limit (about 28 KB).
const maxTeamsBytes = 28 << 10

// Post posts s to a Slack incoming webhook (hooks.slack.com) or, for any
// other URL, a Teams Workflows webhook.
func Post(ctx context.Context, webhookURL string, s Summary, opts Options) error {
	u, err := url.Parse(webhookURL)
	if err != nil || u.Host == "" {
		return errors.New("post summary: the webhook URL is not a URL")
	}
	if h := strings.ToLower(u.Hostname()); h == "slack.com" || strings.HasSuffix(h, ".slack.com") || h == "slack-gov.com" || strings.HasSuffix(h, ".slack-gov.com") {
		return PostSlack(ctx, webhookURL, s, opts)
	}
	return PostTeams(ctx, webhookURL, s, opts)
}

// PostSlack posts s to a Slack incoming webhook as Block Kit.
func PostSlack(ctx context.Context, webhookURL string, s Summary, opts Options) error {
	blocks, text := SlackBlocks(s, opts)
	return send(ctx, webhookURL, slack.WebhookMessage{Text: text, Blocks: &slack.Blocks{BlockSet: blocks}}, opts)
}

// PostTeams posts s to a Teams Workflows webhook as an Adaptive Card 1.4
// (legacy MessageCard JSON is refused by Workflows).
func PostTeams(ctx context.Context, webhookURL string, s Summary, opts Options) error {
	msg := teamsMessage(TeamsCard(s, opts))
	if b, _ := json.Marshal(msg); len(b) > maxTeamsBytes {
		opts.TopRules = 5
		s.MissingFields = nil
		msg = teamsMessage(TeamsCard(s, opts))
	}
	return send(ctx, webhookURL, msg, opts)
}

func teamsMessage(c chat.AdaptiveCard) any {
	type attachment struct {
		ContentType string            `json:"contentType"`
		ContentURL  *string           `json:"contentUrl"`
		Content     chat.AdaptiveCard `json:"content"`
	}
	return struct {
		Type        string       `json:"type"`
		Attachments []attachment `json:"attachments"`
	}{"message", []attachment{{ContentType: chat.CardContentType, Content: c}}}
}

// lines are the summary's facts, shared by both renderings.
type lines struct {
	title, counts, consent, routes, mismatch string
	rules                                    []string
	missing                                  []string
}

func summarise(s Summary, opts Options) lines {
	if opts.Title == "" {
		opts.Title = "frontdoor batch summary"
	}
	if opts.TopRules == 0 {
		opts.TopRules = 10
	}
	l := lines{title: opts.Title}
	l.counts = fmt.Sprintf("%d files, %d checked, %d unreadable; mean score %.1f", s.Files, s.Checked, len(s.Unreadable), s.ScoreMean)
	l.consent = fmt.Sprintf("%.0f%% with a consent problem", 100*s.ConsentProblems)
	l.routes = joinCounts(s.Routes, 0)
	l.mismatch = joinCounts(s.RouteMismatch, 0)
	for _, kv := range sortedCounts(s.ByRule) {
		if len(l.rules) == opts.TopRules {
			break
		}
		l.rules = append(l.rules, fmt.Sprintf("%s: %d", kv.k, kv.n))
	}
	type share struct {
		k string
		v float64
	}
	var ms []share
	for k, v := range s.MissingFields {
		ms = append(ms, share{k, v})
	}
	sort.Slice(ms, func(i, j int) bool {
		if ms[i].v != ms[j].v {
			return ms[i].v > ms[j].v
		}
		return ms[i].k < ms[j].k
	})
	for i, m := range ms {
		if i == 10 {
			break
		}
		l.missing = append(l.missing, fmt.Sprintf("%s: %.0f%%", m.k, 100*m.v))
	}
	return l
}

// SlackBlocks renders a summary as Block Kit, with its fallback text.
func SlackBlocks(s Summary, opts Options) ([]slack.Block, string) {
	l := summarise(s, opts)
	md := func(t string) *slack.TextBlockObject {
		return slack.NewTextBlockObject(slack.MarkdownType, t, false, false)
	}
	bs := []slack.Block{
		slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, l.title, false, false)),
		slack.NewSectionBlock(md(l.counts+"\n"+l.consent), nil, nil),
	}
	if l.routes != "" {
		bs = append(bs, slack.NewSectionBlock(md("*Suggested routes:* "+l.routes), nil, nil))
	}
	if l.mismatch != "" {
		bs = append(bs, slack.NewSectionBlock(md("*Route mismatches:* "+l.mismatch), nil, nil))
	}
	if len(l.rules) > 0 {
		bs = append(bs, slack.NewSectionBlock(md("*Most frequent rules*\n• "+strings.Join(l.rules, "\n• ")), nil, nil))
	}
	if len(l.missing) > 0 {
		bs = append(bs, slack.NewSectionBlock(md("*Most often missing*\n• "+strings.Join(l.missing, "\n• ")), nil, nil))
	}
	if opts.ReportURL != "" {
		bs = append(bs, slack.NewSectionBlock(md("<"+opts.ReportURL+"|Full report>"), nil, nil))
	}
	return bs, l.title + ": " + l.counts
}

// TeamsCard renders a summary as an Adaptive Card.
func TeamsCard(s Summary, opts Options) chat.AdaptiveCard {
	l := summarise(s, opts)
	body := []chat.CardElement{chat.Heading(l.title), chat.TextBlock(l.counts + ". " + l.consent + ".")}
	body = append(body, chat.FactSet("Suggested routes", l.routes, "Route mismatches", l.mismatch))
	if len(l.rules) > 0 {
		body = append(body, chat.TextBlock("**Most frequent rules**\n\n- "+strings.Join(l.rules, "\n- ")))
	}
	if len(l.missing) > 0 {
		body = append(body, chat.TextBlock("**Most often missing**\n\n- "+strings.Join(l.missing, "\n- ")))
	}
	if opts.ReportURL != "" {
		body = append(body, chat.TextBlock("[Full report]("+opts.ReportURL+")"))
	}
	return chat.NewCard(body...)
}

type count struct {
	k string
	n int
}

func sortedCounts(m map[string]int) []count {
	out := make([]count, 0, len(m))
	for k, n := range m {
		out = append(out, count{k, n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].n != out[j].n {
			return out[i].n > out[j].n
		}
		return out[i].k < out[j].k
	})
	return out
}

func joinCounts(m map[string]int, max int) string {
	var parts []string
	for i, c := range sortedCounts(m) {
		if max > 0 && i == max {
			break
		}
		parts = append(parts, fmt.Sprintf("%s %d", c.k, c.n))
	}
	return strings.Join(parts, ", ")
}

// send posts v as JSON, retrying after 429 (honouring Retry-After, up to
// 30 s) and 5xx. Errors never include the URL.
func send(ctx context.Context, webhookURL string, v any, opts Options) error {
	body, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("post summary: %w", err)
	}
	client := opts.Client
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Second}
	}
	retries := opts.MaxRetries
	if retries == 0 {
		retries = 2
	}
	for attempt := 0; ; attempt++ {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, webhookURL, bytes.NewReader(body))
		if err != nil {
			return errors.New("post summary: the webhook URL is not valid")
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := client.Do(req)
		if err != nil {
			// Not the error's text: it names the URL, a secret.
			if ctx.Err() != nil {
				return fmt.Errorf("post summary: %w", ctx.Err())
			}
			var te interface{ Timeout() bool }
			if errors.As(err, &te) && te.Timeout() {
				return errors.New("post summary: the webhook timed out")
			}
			return errors.New("post summary: could not connect to the webhook")
		}
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
		if resp.StatusCode >= 200 && resp.StatusCode < 300 {
			return nil
		}
		retryable := resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500
		if !retryable || attempt >= retries {
			return fmt.Errorf("post summary: the webhook answered HTTP %d", resp.StatusCode)
		}
		wait := time.Duration(attempt+1) * time.Second
		if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && s >= 0 {
			wait = min(time.Duration(s)*time.Second, 30*time.Second)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("post summary: %w", ctx.Err())
		case <-time.After(wait):
		}
	}
}
