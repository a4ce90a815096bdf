package slackbot_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

const (
	signingSecret = "8f742231b10e8888abcd99yyyzzz85a5"
	botToken      = "xoxb-test-token"
	appToken      = "xapp-test-token"
)

// post is one chat.postMessage (or response_url post) the fake Slack saw.
type post struct {
	Channel  string
	ThreadTS string
	Text     string
	Blocks   string // the blocks as JSON
	Path     string
}

// fakeSlack is a Slack Web API on httptest: chat.postMessage, files.info,
// file downloads (checking the bot token), apps.connections.open and a
// Socket Mode WebSocket. It records what the real slack-go client sends.
type fakeSlack struct {
	t   *testing.T
	srv *httptest.Server

	mu        sync.Mutex
	files     map[string]fakeFile // by file id
	downloads int
	calls     map[string]int

	posts    chan post
	hold     chan struct{} // when set, chat.postMessage waits for it to close
	socketIn chan []byte   // messages to send over the socket
	acks     chan map[string]any
}

type fakeFile struct {
	name string
	data []byte
	size int    // reported by files.info; len(data) when 0
	path string // download path; /files/<id> when ""
	// noAccess: the download redirects to the sign-in page, as Slack does
	// when the token cannot read the file.
	noAccess bool
}

func newFakeSlack(t *testing.T) *fakeSlack {
	f := &fakeSlack{
		t: t, files: map[string]fakeFile{}, calls: map[string]int{},
		posts: make(chan post, 100), socketIn: make(chan []byte, 10), acks: make(chan map[string]any, 10),
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/api/chat.postMessage", f.postMessage)
	mux.HandleFunc("/api/files.info", f.fileInfo)
	mux.HandleFunc("/files/", f.download)
	mux.HandleFunc("/login", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<!DOCTYPE html><html><head><title>Sign in | Slack</title></head><body>Sign in</body></html>")
	})
	mux.HandleFunc("/hooks/response", func(w http.ResponseWriter, r *http.Request) {
		var m struct {
			Text   string          `json:"text"`
			Blocks json.RawMessage `json:"blocks"`
		}
		_ = json.NewDecoder(r.Body).Decode(&m)
		f.posts <- post{Text: m.Text, Blocks: string(m.Blocks), Path: r.URL.Path}
	})
	mux.HandleFunc("/api/apps.connections.open", func(w http.ResponseWriter, r *http.Request) {
		f.count("apps.connections.open")
		if r.Header.Get("Authorization") != "Bearer "+appToken {
			fmt.Fprint(w, `{"ok":false,"error":"invalid_auth"}`)
			return
		}
		ws := "ws" + strings.TrimPrefix(f.srv.URL, "http") + "/socket"
		fmt.Fprintf(w, `{"ok":true,"url":%q}`, ws)
	})
	mux.HandleFunc("/socket", f.socket)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("fake Slack: unexpected call %s %s", r.Method, r.URL.Path)
		http.NotFound(w, r)
	})
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeSlack) apiURL() string { return f.srv.URL + "/api/" }

func (f *fakeSlack) count(name string) {
	f.mu.Lock()
	f.calls[name]++
	f.mu.Unlock()
}

func (f *fakeSlack) called(name string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[name]
}

func (f *fakeSlack) addFile(id string, ff fakeFile) {
	f.mu.Lock()
	f.files[id] = ff
	f.mu.Unlock()
}

func (f *fakeSlack) authorized(w http.ResponseWriter, r *http.Request) bool {
	_ = r.ParseForm()
	if r.Header.Get("Authorization") == "Bearer "+botToken || r.PostForm.Get("token") == botToken {
		return true
	}
	fmt.Fprint(w, `{"ok":false,"error":"invalid_auth"}`)
	return false
}

func (f *fakeSlack) postMessage(w http.ResponseWriter, r *http.Request) {
	f.count("chat.postMessage")
	if !f.authorized(w, r) {
		return
	}
	f.mu.Lock()
	hold := f.hold
	f.mu.Unlock()
	if hold != nil {
		<-hold
	}
	p := post{Channel: r.PostForm.Get("channel"), ThreadTS: r.PostForm.Get("thread_ts"), Text: r.PostForm.Get("text"), Blocks: r.PostForm.Get("blocks"), Path: r.URL.Path}
	f.posts <- p
	fmt.Fprintf(w, `{"ok":true,"channel":%q,"ts":"1700000000.%06d"}`, p.Channel, time.Now().Nanosecond()/1000)
}

func (f *fakeSlack) fileInfo(w http.ResponseWriter, r *http.Request) {
	f.count("files.info")
	if !f.authorized(w, r) {
		return
	}
	id := r.PostForm.Get("file")
	f.mu.Lock()
	ff, ok := f.files[id]
	f.mu.Unlock()
	if !ok {
		fmt.Fprint(w, `{"ok":false,"error":"file_not_found"}`)
		return
	}
	size := ff.size
	if size == 0 {
		size = len(ff.data)
	}
	p := ff.path
	if p == "" {
		p = "/files/" + id
	}
	b, _ := json.Marshal(map[string]any{"ok": true, "file": map[string]any{
		"id": id, "name": ff.name, "size": size, "url_private_download": f.srv.URL + p, "url_private": f.srv.URL + p,
	}, "comments": []any{}, "paging": map[string]any{}})
	_, _ = w.Write(b)
}

func (f *fakeSlack) download(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.downloads++
	ff, ok := f.files[strings.TrimPrefix(r.URL.Path, "/files/")]
	f.mu.Unlock()
	if r.Header.Get("Authorization") != "Bearer "+botToken || ff.noAccess {
		// What Slack does without access: a redirect to its sign-in page.
		http.Redirect(w, r, "/login?redir="+url.QueryEscape(r.URL.Path), http.StatusFound)
		return
	}
	if !ok {
		http.NotFound(w, r)
		return
	}
	_, _ = w.Write(ff.data)
}

// socket serves Socket Mode: hello, then whatever the test queues; acks
// are passed back to the test.
func (f *fakeSlack) socket(w http.ResponseWriter, r *http.Request) {
	up := websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}
	conn, err := up.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer conn.Close()
	var wmu sync.Mutex
	write := func(b []byte) error {
		wmu.Lock()
		defer wmu.Unlock()
		return conn.WriteMessage(websocket.TextMessage, b)
	}
	if write([]byte(`{"type":"hello","num_connections":1}`)) != nil {
		return
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			_, b, err := conn.ReadMessage()
			if err != nil {
				return
			}
			var m map[string]any
			if json.Unmarshal(b, &m) == nil {
				f.acks <- m
			}
		}
	}()
	for {
		select {
		case b := <-f.socketIn:
			if write(b) != nil {
				return
			}
		case <-done:
			return
		case <-r.Context().Done():
			return
		}
	}
}

// waitPost waits for the next post.
func (f *fakeSlack) waitPost(t *testing.T) post {
	t.Helper()
	select {
	case p := <-f.posts:
		return p
	case <-time.After(10 * time.Second):
		t.Fatal("no message was posted to Slack")
	}
	return post{}
}

// noPost checks nothing more is posted for a moment.
func (f *fakeSlack) noPost(t *testing.T) {
	t.Helper()
	select {
	case p := <-f.posts:
		t.Errorf("unexpected post: %+v", p)
	case <-time.After(300 * time.Millisecond):
	}
}

// signed returns a request to url signed as Slack signs, at time ts.
func signed(t *testing.T, target, contentType, body string, ts time.Time) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, target, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	stamp := strconv.FormatInt(ts.Unix(), 10)
	mac := hmac.New(sha256.New, []byte(signingSecret))
	fmt.Fprintf(mac, "v0:%s:%s", stamp, body)
	req.Header.Set("X-Slack-Request-Timestamp", stamp)
	req.Header.Set("X-Slack-Signature", "v0="+hex.EncodeToString(mac.Sum(nil)))
	req.Header.Set("Content-Type", contentType)
	return req
}

func do(t *testing.T, req *http.Request) (*http.Response, string) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return resp, b.String()
}

// eventBody is an Events API callback carrying inner as its event.
func eventBody(eventID string, inner map[string]any) string {
	b, _ := json.Marshal(map[string]any{
		"token": "legacy", "team_id": "T1", "api_app_id": "A1", "type": "event_callback",
		"event_id": eventID, "event_time": time.Now().Unix(), "event": inner,
	})
	return string(b)
}

func mention(ts, threadTS, text string, files ...string) map[string]any {
	m := map[string]any{"type": "app_mention", "user": "U1", "text": "<@UBOT> " + text, "ts": ts, "channel": "C1", "event_ts": ts}
	if threadTS != "" {
		m["thread_ts"] = threadTS
	}
	if len(files) > 0 {
		var fs []map[string]any
		for _, id := range files {
			fs = append(fs, map[string]any{"id": id})
		}
		m["files"] = fs
	}
	return m
}

func form(values map[string]string) string {
	v := url.Values{}
	for k, s := range values {
		v.Set(k, s)
	}
	return v.Encode()
}
