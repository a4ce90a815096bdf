package notify_test

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/frontdoorhq/frontdoor/integrations/notify"
)

// A summary as `frontdoor batch --summary` writes it (contract section 5).
const summaryJSON = `{
  "files": 1200, "checked": 1188,
  "unreadable": [{"file": "jamie-smith.pdf", "error": "no text layer"}],
  "by_rule": {"FD101": 231, "FD704": 140, "FD300": 90},
  "missing_fields": {"child.date_of_birth": 0.19, "referrer.phone": 0.05},
  "consent_problems": 0.31,
  "routes": {"early-help": 402, "mash": 300},
  "route_mismatch": {"referrer_higher": 280, "referrer_lower": 12},
  "by_organisation": {"Brize Meadow Primary School": {"checked": 40}},
  "score_mean": 68.2
}`

func summary(t *testing.T) notify.Summary {
	t.Helper()
	var s notify.Summary
	if err := json.Unmarshal([]byte(summaryJSON), &s); err != nil {
		t.Fatal(err)
	}
	return s
}

type hook struct {
	mu     sync.Mutex
	bodies []string
	status []int // answered in turn; then 200
}

func (h *hook) server(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		if r.Header.Get("Content-Type") != "application/json" {
			t.Errorf("content type %q", r.Header.Get("Content-Type"))
		}
		h.mu.Lock()
		h.bodies = append(h.bodies, string(b))
		code := 200
		if len(h.status) > 0 {
			code, h.status = h.status[0], h.status[1:]
		}
		h.mu.Unlock()
		if code == 429 || code >= 500 {
			w.Header().Set("Retry-After", "0")
		}
		w.WriteHeader(code)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// Ensure a summary posts to a Teams Workflows webhook as an Adaptive Card
// attachment with counts only: no file names or content.
func TestPostTeams(t *testing.T) {
	h := &hook{}
	srv := h.server(t)
	err := notify.PostTeams(context.Background(), srv.URL+"/workflows/abc/triggers/manual/paths/invoke?sig=SECRET", summary(t), notify.Options{ReportURL: "https://reports.example.org/batch.html"})
	if err != nil {
		t.Fatal(err)
	}
	body := h.bodies[0]
	var msg struct {
		Type        string `json:"type"`
		Attachments []struct {
			ContentType string `json:"contentType"`
			Content     struct {
				Version string `json:"version"`
			} `json:"content"`
		} `json:"attachments"`
	}
	if err := json.Unmarshal([]byte(body), &msg); err != nil {
		t.Fatal(err)
	}
	if msg.Type != "message" || len(msg.Attachments) != 1 || msg.Attachments[0].ContentType != "application/vnd.microsoft.card.adaptive" || msg.Attachments[0].Content.Version != "1.4" {
		t.Errorf("message %s", body)
	}
	for _, want := range []string{"1200 files, 1188 checked, 1 unreadable", "FD101: 231", "31% with a consent problem", "early-help 402", "referrer_higher 280", "child.date_of_birth: 19%", "Full report"} {
		if !strings.Contains(body, want) {
			t.Errorf("card lacks %q: %s", want, body)
		}
	}
	if strings.Contains(body, "jamie") || strings.Contains(body, "no text layer") || len(body) > 28<<10 {
		t.Errorf("card leaks a file name or is too big (%d bytes)", len(body))
	}
}

// Ensure a summary posts to a Slack incoming webhook as Block Kit.
func TestPostSlack(t *testing.T) {
	h := &hook{}
	srv := h.server(t)
	if err := notify.PostSlack(context.Background(), srv.URL+"/services/T/B/X", summary(t), notify.Options{Title: "Oxfordshire MASH, November"}); err != nil {
		t.Fatal(err)
	}
	body := h.bodies[0]
	if !strings.Contains(body, `"blocks"`) || !strings.Contains(body, "Oxfordshire MASH, November") || !strings.Contains(body, "FD704: 140") {
		t.Errorf("message %s", body)
	}
}

// Ensure 429 and 5xx are retried, other failures are not, and no error
// carries the webhook URL (it is a secret).
func TestRetriesAndErrors(t *testing.T) {
	h := &hook{status: []int{429, 503}}
	srv := h.server(t)
	if err := notify.PostTeams(context.Background(), srv.URL+"/x?sig=SECRET", summary(t), notify.Options{}); err != nil {
		t.Fatalf("after retries: %v", err)
	}
	if len(h.bodies) != 3 {
		t.Errorf("%d attempts, want 3", len(h.bodies))
	}
	h2 := &hook{status: []int{400}}
	srv2 := h2.server(t)
	err := notify.PostTeams(context.Background(), srv2.URL+"/x?sig=SECRET", summary(t), notify.Options{})
	if err == nil || strings.Contains(err.Error(), "SECRET") || len(h2.bodies) != 1 {
		t.Errorf("400: err %v after %d attempts", err, len(h2.bodies))
	}
	// Connection refused.
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	err = notify.Post(context.Background(), "http://"+addr+"/hook?sig=SECRET", summary(t), notify.Options{})
	if err == nil || strings.Contains(err.Error(), "SECRET") || strings.Contains(err.Error(), addr) {
		t.Errorf("unreachable: %v", err)
	}
	// A slow webhook is bounded by the client's timeout.
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { time.Sleep(2 * time.Second) }))
	defer slow.Close()
	start := time.Now()
	err = notify.PostTeams(context.Background(), slow.URL, summary(t), notify.Options{Client: &http.Client{Timeout: 100 * time.Millisecond}, MaxRetries: -1})
	if err == nil || time.Since(start) > time.Second {
		t.Errorf("slow: %v after %v", err, time.Since(start))
	}
}
