package main

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/frontdoorhq/frontdoor/integrations/teams"
)

// Ensure `frontdoor serve` runs in process: it listens where --addr says,
// serves the JSON API and the Teams webhook from the environment's secret,
// logs JSON lines without content, and exits 0 when its context is
// cancelled (as on SIGINT or SIGTERM).
func TestServeCommand(t *testing.T) {
	key := []byte("teams key for the serve command!")
	env := map[string]string{"TEAMS_WEBHOOK_SECRET": base64.StdEncoding.EncodeToString(key), "FRONTDOOR_ADDR": "127.0.0.1:1"}
	getenv := func(k string) string { return env[k] }
	pr, pw := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	code := make(chan int, 1)
	go func() {
		code <- run(ctx, []string{"frontdoor", "serve", "--addr", "127.0.0.1:0"}, getenv, strings.NewReader(""), io.Discard, pw)
		pw.Close()
	}()

	// The first log line says where it listens.
	lines := bufio.NewScanner(pr)
	var addr string
	for addr == "" && lines.Scan() {
		var m map[string]any
		if err := json.Unmarshal(lines.Bytes(), &m); err != nil {
			t.Fatalf("log line is not JSON: %q", lines.Text())
		}
		if m["msg"] == "listening" {
			addr, _ = m["addr"].(string)
			if m["teams"] != true || m["slack_http"] != false {
				t.Errorf("transports: %v", m)
			}
		}
	}
	if addr == "" {
		t.Fatal("serve never said where it listens")
	}
	logs := make(chan string, 1)
	go func() {
		var b strings.Builder
		for lines.Scan() {
			b.WriteString(lines.Text() + "\n")
		}
		logs <- b.String()
	}()

	base := "http://" + addr
	const concern = "Quentin Zebulon said his dad hit him with a belt last night."
	resp, err := http.Post(base+"/v1/route", "application/json", strings.NewReader(`{"text": "`+concern+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	var a struct{ Route string }
	_ = json.NewDecoder(resp.Body).Decode(&a)
	resp.Body.Close()
	if resp.StatusCode != 200 || a.Route != "mash-urgent" {
		t.Errorf("/v1/route: %d %+v", resp.StatusCode, a)
	}
	body := `{"type":"message","id":"1","text":"<at>frontdoor</at> contacts lado","from":{"id":"29:1"},"conversation":{"id":"19:c"}}`
	req, _ := http.NewRequest(http.MethodPost, base+"/teams/webhook", strings.NewReader(body))
	req.Header.Set("Authorization", teams.Sign(key, []byte(body)))
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(b), "LADO") {
		t.Errorf("/teams/webhook: %d %s", resp.StatusCode, b)
	}

	cancel()
	select {
	case c := <-code:
		if c != 0 {
			t.Errorf("exit code %d after shutdown, want 0", c)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop")
	}
	out := <-logs
	if strings.Contains(out, "Quentin") || strings.Contains(out, "belt") {
		t.Errorf("logs carry content:\n%s", out)
	}
	if !strings.Contains(out, `"msg":"stopped"`) {
		t.Errorf("no graceful stop in the logs:\n%s", out)
	}
}

// Ensure serve exits 2 with a clear message when its address is taken.
func TestServeAddressInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var stderr strings.Builder
	c := run(context.Background(), []string{"frontdoor", "serve", "--addr", ln.Addr().String()}, func(string) string { return "" }, strings.NewReader(""), io.Discard, &stderr)
	if c != 2 || !strings.Contains(stderr.String(), "address already in use") {
		t.Errorf("exit %d, stderr %q", c, stderr.String())
	}
}
