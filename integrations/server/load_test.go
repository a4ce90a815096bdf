package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/frontdoorhq/frontdoor/checker/intake/sandbox"
	"github.com/frontdoorhq/frontdoor/checker/intake/standard"
	"github.com/frontdoorhq/frontdoor/guidance"
	"github.com/frontdoorhq/frontdoor/integrations/chat"
	"github.com/frontdoorhq/frontdoor/integrations/server"
)

// The figures issue 6 names, measured by the two tests below. They are
// bounded in time and run only when asked:
//
//	FRONTDOOR_LOADTEST=1 go test ./integrations/server -run 'TestLoad|TestThreadMemory' -v
//
// FRONTDOOR_LOADTEST_SECONDS sets the load's length (5 s by default).

// scenarioTexts returns the labelled concerns in fixtures/scenarios.
func scenarioTexts(t *testing.T) []string {
	t.Helper()
	files, _ := filepath.Glob("../../fixtures/scenarios/*.yaml")
	var out []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var items []struct {
			Text string `yaml:"text"`
		}
		if yaml.Unmarshal(b, &items) != nil {
			continue
		}
		for _, it := range items {
			if it.Text != "" {
				out = append(out, it.Text)
			}
		}
	}
	if len(out) < 50 {
		t.Skipf("only %d scenario texts", len(out))
	}
	return out
}

func percentile(ds []float64, p float64) float64 {
	if len(ds) == 0 {
		return 0
	}
	sort.Float64s(ds)
	i := int(p * float64(len(ds)-1))
	return ds[i]
}

// Ensure route answers through /v1/route and the Slack command endpoint
// stay within 50 ms at the 99th percentile, server side, at 200 requests
// a second on loopback.
func TestLoad(t *testing.T) {
	if os.Getenv("FRONTDOOR_LOADTEST") == "" {
		t.Skip("set FRONTDOOR_LOADTEST=1 to run the load test")
	}
	seconds := 5
	if s, err := strconv.Atoi(os.Getenv("FRONTDOOR_LOADTEST_SECONDS")); err == nil && s > 0 {
		seconds = s
	}
	texts := scenarioTexts(t)
	fs := newFakeSlack(t)
	env := map[string]string{
		"SLACK_SIGNING_SECRET": signingSecret, "SLACK_BOT_TOKEN": botToken, "SLACK_API_URL": fs.srv.URL + "/api/",
		"FRONTDOOR_RATE_LIMIT": "0", "FRONTDOOR_API_RATE_LIMIT": "0",
	}
	cfg, err := server.ConfigFromEnv(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	pack, err := guidance.Default()
	if err != nil {
		t.Fatal(err)
	}
	rd := standard.New(sandbox.Options{})
	defer rd.Close()
	logs := &logBuffer{}
	s, err := server.New(cfg, server.Deps{Pack: pack, Reader: rd, Log: slog.New(slog.NewJSONHandler(logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	defer func() { cancel(); <-done }()
	base := "http://" + ln.Addr().String()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256}, Timeout: 10 * time.Second}

	const rate = 200
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		clients []float64
		failed  int
	)
	// Open loop: request i goes out at start + i/rate, however long the
	// answers take.
	start := time.Now()
	for i := 0; i < rate*seconds; i++ {
		time.Sleep(time.Until(start.Add(time.Duration(i) * time.Second / rate)))
		text := texts[i%len(texts)]
		var req *http.Request
		if i%2 == 0 {
			b, _ := json.Marshal(map[string]string{"text": text})
			req, _ = http.NewRequest(http.MethodPost, base+"/v1/route", bytes.NewReader(b))
			req.Header.Set("Content-Type", "application/json")
		} else {
			body := url.Values{"command": {"/frontdoor"}, "text": {"route " + text}, "user_id": {fmt.Sprint("U", i%50)}, "team_id": {"T1"}}.Encode()
			req, _ = http.NewRequest(http.MethodPost, base+"/slack/commands", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			hdr := slackSigned(body, time.Now())
			for j := 0; j < len(hdr); j += 2 {
				req.Header.Set(hdr[j], hdr[j+1])
			}
		}
		wg.Go(func() {
			start := time.Now()
			resp, err := client.Do(req)
			d := float64(time.Since(start).Microseconds()) / 1000
			mu.Lock()
			defer mu.Unlock()
			if err != nil || resp.StatusCode != 200 {
				failed++
			} else {
				clients = append(clients, d)
			}
			if resp != nil {
				resp.Body.Close()
			}
		})
	}
	wg.Wait()
	var server []float64
	for _, l := range logs.lines(t, "request") {
		if d, ok := l["duration_ms"].(float64); ok {
			server = append(server, d)
		}
	}
	n := len(server)
	p50, p99, max := percentile(server, 0.50), percentile(server, 0.99), percentile(server, 1)
	t.Logf("%d requests in %v (%d failed); server side p50 %.2f ms, p99 %.2f ms, max %.2f ms; client side p99 %.2f ms",
		n, time.Since(start).Round(time.Millisecond), failed, p50, p99, max, percentile(clients, 0.99))
	if failed > 0 {
		t.Errorf("%d requests failed", failed)
	}
	if p99 > 50 {
		t.Errorf("server-side p99 %.2f ms, want at most 50 ms", p99)
	}
}

// Ensure the engine's memory stays bounded with 10,000 live threads, each
// holding as much concern text as a thread may keep.
func TestThreadMemory(t *testing.T) {
	if os.Getenv("FRONTDOOR_LOADTEST") == "" {
		t.Skip("set FRONTDOOR_LOADTEST=1 to run the memory test")
	}
	texts := scenarioTexts(t)
	pack, err := guidance.Default()
	if err != nil {
		t.Fatal(err)
	}
	eng, err := chat.New(chat.Options{Pack: pack})
	if err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	// Concerns of nearly MaxConcern (4 KiB), the most a thread keeps.
	full := make([]string, 64)
	for i := range full {
		var b strings.Builder
		for j := i; b.Len()+len(texts[j%len(texts)]) < 4000; j++ {
			b.WriteString(texts[j%len(texts)] + " ")
		}
		full[i] = b.String()
	}
	start := time.Now()
	const threads = 10000
	for i := range threads {
		eng.Handle(context.Background(), chat.Message{Thread: fmt.Sprint("slack:T1:C1:", i), Text: full[i%len(full)]})
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	grown := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	t.Logf("%d live threads (full) in %v: heap grew %.1f MB (%.0f bytes a thread)",
		eng.Threads(), time.Since(start).Round(time.Millisecond), float64(grown)/(1<<20), float64(grown)/threads)
	if eng.Threads() != threads {
		t.Errorf("%d threads live, want %d", eng.Threads(), threads)
	}
	if grown > 80<<20 {
		t.Errorf("heap grew %d MB for %d threads", grown>>20, threads)
	}
	// Beyond the cap, the oldest go.
	for i := range threads / 10 {
		eng.Handle(context.Background(), chat.Message{Thread: fmt.Sprint("slack:T2:C1:", i), Text: texts[i%len(texts)]})
	}
	if eng.Threads() != threads {
		t.Errorf("%d threads after another %d, want the cap of %d", eng.Threads(), threads, threads)
	}
}
