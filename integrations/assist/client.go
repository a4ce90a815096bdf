package assist

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	openai "github.com/sashabaranov/go-openai"
	"github.com/sashabaranov/go-openai/jsonschema"
)

// Client talks to one OpenAI-compatible chat completions server through
// go-openai. It is safe for concurrent use.
//
// Every request has a time limit (Config.Timeout, retries included), is
// retried a bounded number of times on 429 and 5xx with exponential backoff
// (honouring Retry-After up to Config.MaxRetryWait), and passes a final
// privacy check in the transport: a request in which any original personal
// value survives is never sent. After the server could not be reached or
// timed out, calls fail at once for a minute rather than each waiting again.
type Client struct {
	cfg       Config
	api       *openai.Client
	downUntil atomic.Int64 // unix nanoseconds; calls fail fast before then
	now       func() time.Time
}

// downFor is how long calls fail fast after the server was unreachable or
// timed out.
const downFor = time.Minute

// New returns a client for cfg. It makes no network call.
func New(cfg Config) (*Client, error) {
	if cfg.BaseURL == "" || cfg.Model == "" {
		return nil, errors.New("model assistance needs a base URL and a model")
	}
	oc := openai.DefaultConfig(cfg.key())
	oc.BaseURL = cfg.BaseURL
	c := &Client{cfg: cfg, now: time.Now}
	oc.HTTPClient = &transport{base: &http.Client{}, cfg: cfg}
	c.api = openai.NewClientWithConfig(oc)
	return c, nil
}

// Model returns the configured model name.
func (c *Client) Model() string { return c.cfg.Model }

// request is one structured call to the model.
type request struct {
	name      string                 // the schema's name: frontdoor_extraction ...
	system    string                 // instructions (no referral data)
	user      string                 // the redacted data
	schema    *jsonschema.Definition // the reply's shape
	maxTokens int
	redactor  *Redactor // for the transport's final check
}

// complete sends r and returns the reply's content. Every error is a
// *Failure.
func (c *Client) complete(ctx context.Context, r request) (string, error) {
	if until := c.downUntil.Load(); until != 0 && c.now().UnixNano() < until {
		return "", &Failure{Reason: ReasonSkipped}
	}
	schemaJSON, err := json.Marshal(r.schema)
	if err != nil {
		return "", &Failure{Reason: ReasonMalformed, err: fmt.Errorf("schema: %w", err)}
	}
	// The schema is in the instructions as well as in response_format, for
	// servers that ignore response_format.
	system := r.system + "\n\nReply with one JSON object and nothing else, matching this JSON schema:\n" + string(schemaJSON)
	req := openai.ChatCompletionRequest{
		Model: c.cfg.Model,
		Messages: []openai.ChatCompletionMessage{
			{Role: openai.ChatMessageRoleSystem, Content: system},
			{Role: openai.ChatMessageRoleUser, Content: r.user},
		},
		MaxCompletionTokens: r.maxTokens,
		ResponseFormat: &openai.ChatCompletionResponseFormat{
			Type:       openai.ChatCompletionResponseFormatTypeJSONSchema,
			JSONSchema: &openai.ChatCompletionResponseFormatJSONSchema{Name: r.name, Schema: r.schema, Strict: true},
		},
	}
	ctx, cancel := context.WithTimeout(ctx, c.cfg.timeout())
	defer cancel()
	ctx = context.WithValue(ctx, guardKey{}, r.redactor)
	resp, err := c.api.CreateChatCompletion(ctx, req)
	if status(err) == http.StatusBadRequest {
		// Some servers reject json_schema output outright: ask for plain JSON
		// once (the reply is validated against the schema either way).
		req.ResponseFormat = &openai.ChatCompletionResponseFormat{Type: openai.ChatCompletionResponseFormatTypeJSONObject}
		resp, err = c.api.CreateChatCompletion(ctx, req)
	}
	if err != nil {
		f := c.classify(ctx, err)
		if f.Reason == ReasonUnreachable || f.Reason == ReasonTimeout {
			c.downUntil.Store(c.now().Add(downFor).UnixNano())
		}
		return "", f
	}
	if len(resp.Choices) == 0 {
		return "", &Failure{Reason: ReasonMalformed, err: errors.New("no choices in the reply")}
	}
	ch := resp.Choices[0]
	switch {
	case ch.Message.Refusal != "" || ch.FinishReason == openai.FinishReasonContentFilter:
		return "", &Failure{Reason: ReasonRefused}
	case ch.FinishReason == openai.FinishReasonLength:
		return "", &Failure{Reason: ReasonMalformed, err: errors.New("the reply was cut off at the token limit")}
	case strings.TrimSpace(ch.Message.Content) == "":
		return "", &Failure{Reason: ReasonMalformed, err: errors.New("empty reply")}
	}
	return ch.Message.Content, nil
}

// status returns the HTTP status of a go-openai error, or 0.
func status(err error) int {
	var apiErr *openai.APIError
	var reqErr *openai.RequestError
	switch {
	case errors.As(err, &apiErr):
		return apiErr.HTTPStatusCode
	case errors.As(err, &reqErr):
		return reqErr.HTTPStatusCode
	}
	return 0
}

// classify turns a transport or API error into a Failure. The server's own
// error text is kept out of it: it is not needed, and could echo a request.
func (c *Client) classify(ctx context.Context, err error) *Failure {
	var f *Failure
	if errors.As(err, &f) {
		return f
	}
	if n := status(err); n != 0 {
		return &Failure{Reason: ReasonHTTP, Status: n}
	}
	var ne net.Error
	switch {
	case errors.Is(ctx.Err(), context.Canceled):
		return &Failure{Reason: ReasonCancelled}
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()):
		return &Failure{Reason: ReasonTimeout, Timeout: c.cfg.timeout()}
	}
	var jerr *json.SyntaxError
	if errors.As(err, &jerr) {
		return &Failure{Reason: ReasonMalformed, err: errors.New("the server's answer was not a chat completion")}
	}
	return &Failure{Reason: ReasonUnreachable}
}

// Reason says why the model's answer was not used.
type Reason string

// The reasons.
const (
	ReasonUnreachable Reason = "unreachable" // connection refused, DNS, TLS: the server is down or misnamed
	ReasonTimeout     Reason = "timeout"     // no answer within the time limit
	ReasonHTTP        Reason = "http"        // an error status, after any retries
	ReasonRefused     Reason = "refused"     // the model declined (a refusal or content filter)
	ReasonMalformed   Reason = "malformed"   // not the JSON asked for: prose, broken JSON, schema mismatch, cut off
	ReasonInvalid     Reason = "invalid"     // well-formed, but failed frontdoor's own checks
	ReasonUnsafe      Reason = "unsafe"      // personal data survived redaction, so nothing was sent
	ReasonSkipped     Reason = "skipped"     // the server failed moments ago in this run
	ReasonCancelled   Reason = "cancelled"   // the caller gave up
)

// Failure is why a call to the model gave nothing usable. Its Note is safe
// to show to a person and in a chat channel: it never quotes the referral
// or the server.
type Failure struct {
	Reason  Reason
	Status  int           // the HTTP status, for ReasonHTTP
	Timeout time.Duration // the limit, for ReasonTimeout
	Detail  string        // frontdoor's own words on what failed validation, for ReasonInvalid
	err     error
}

func (f *Failure) Error() string {
	s := "model assistance: " + f.why()
	if f.err != nil {
		s += ": " + f.err.Error()
	}
	return s
}

func (f *Failure) Unwrap() error { return f.err }

// why is the reason in words.
func (f *Failure) why() string {
	switch f.Reason {
	case ReasonUnreachable:
		return "the model server could not be reached"
	case ReasonTimeout:
		return fmt.Sprintf("the model server did not answer within %s", f.Timeout)
	case ReasonHTTP:
		switch f.Status {
		case http.StatusUnauthorized, http.StatusForbidden:
			return fmt.Sprintf("the model server refused the API key (HTTP %d)", f.Status)
		case http.StatusNotFound:
			return "the model server does not know this model or address (HTTP 404)"
		case http.StatusTooManyRequests:
			return "the model server is rate-limiting requests (HTTP 429), still after retrying"
		}
		if f.Status >= 500 {
			return fmt.Sprintf("the model server failed (HTTP %d), still after retrying", f.Status)
		}
		return fmt.Sprintf("the model server rejected the request (HTTP %d)", f.Status)
	case ReasonRefused:
		return "the model declined to answer"
	case ReasonMalformed:
		return "the model's reply was not the JSON asked for"
	case ReasonInvalid:
		if f.Detail != "" {
			return "the model's reply failed validation (" + f.Detail + ")"
		}
		return "the model's reply failed validation"
	case ReasonUnsafe:
		return "personal details could not all be removed, so nothing was sent"
	case ReasonSkipped:
		return "the model server did not answer earlier in this run"
	case ReasonCancelled:
		return "the request was cancelled"
	}
	return "the model's answer could not be used"
}

// Note is the sentence shown to the person.
func (f *Failure) Note() string {
	return "Model assistance was not used: " + f.why() + "."
}

// noteFor returns the note for any error from this package.
func noteFor(err error) string {
	var f *Failure
	if errors.As(err, &f) {
		return f.Note()
	}
	return "Model assistance was not used: the model's answer could not be used."
}

func invalid(format string, args ...any) *Failure {
	return &Failure{Reason: ReasonInvalid, Detail: fmt.Sprintf(format, args...)}
}

// guardKey carries the call's Redactor to the transport.
type guardKey struct{}

// errUnsafe is returned by the transport when a request still holds an
// original personal value.
var errUnsafe = &Failure{Reason: ReasonUnsafe}

// transport retries on 429 and 5xx, and refuses to send a request in
// which an original personal value survives.
type transport struct {
	base  openai.HTTPDoer
	cfg   Config
	sleep func(ctx context.Context, d time.Duration) error // nil: a timer
}

func (t *transport) Do(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
		body = b
	}
	if x, _ := req.Context().Value(guardKey{}).(*Redactor); x != nil && leaks(x, body) {
		return nil, errUnsafe
	}
	for attempt := 0; ; attempt++ {
		r := req.Clone(req.Context())
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.ContentLength = int64(len(body))
		r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
		resp, err := t.base.Do(r)
		if err != nil {
			return nil, err
		}
		if !retryable(resp.StatusCode) || attempt >= t.cfg.maxRetries() {
			return resp, nil
		}
		wait := t.wait(attempt, resp.Header.Get("Retry-After"))
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
		resp.Body.Close()
		if err := t.pause(req.Context(), wait); err != nil {
			return nil, err
		}
	}
}

func retryable(code int) bool { return code == http.StatusTooManyRequests || code >= 500 }

// wait is the pause before retry number attempt+1: Retry-After when the
// server gave one (seconds or an HTTP date), else exponential backoff;
// never more than MaxRetryWait.
func (t *transport) wait(attempt int, retryAfter string) time.Duration {
	d := t.cfg.retryBackoff() << attempt
	if ra := strings.TrimSpace(retryAfter); ra != "" {
		if s, err := strconv.Atoi(ra); err == nil && s >= 0 {
			d = time.Duration(s) * time.Second
		} else if when, err := http.ParseTime(ra); err == nil {
			d = time.Until(when)
		}
	}
	if d < 0 {
		d = 0
	}
	return min(d, t.cfg.maxRetryWait())
}

func (t *transport) pause(ctx context.Context, d time.Duration) error {
	if t.sleep != nil {
		return t.sleep(ctx, d)
	}
	tm := time.NewTimer(d)
	defer tm.Stop()
	select {
	case <-tm.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// leaks reports whether a request body still holds an original value: in
// any message's content, or anywhere in the body if it is not the JSON
// expected.
func leaks(x *Redactor, body []byte) bool {
	var req struct {
		Messages []struct {
			Content string `json:"content"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(body, &req); err != nil {
		return len(x.Leaks(string(body))) > 0
	}
	for _, m := range req.Messages {
		if len(x.Leaks(m.Content)) > 0 {
			return true
		}
	}
	return false
}
