// Package server is `frontdoor serve`: one net/http server with the JSON
// API (POST /v1/route, POST /v1/check, /healthz, /readyz) and, when their
// settings are present, the Slack (HTTP and Socket Mode) and Teams front
// ends, all answering through one chat engine.
//
// Every response error is JSON {"error": "..."}, never a stack trace. Each
// request is logged once, as JSON, with its id, path pattern, status and
// timing, and the user ids, routes and rule ids the handlers add: never
// message or file content.
package server

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/frontdoorhq/frontdoor/checker"
	"github.com/frontdoorhq/frontdoor/guidance"
	"github.com/frontdoorhq/frontdoor/integrations/chat"
	"github.com/frontdoorhq/frontdoor/integrations/internal/httpx"
	"github.com/frontdoorhq/frontdoor/integrations/internal/throttle"
	"github.com/frontdoorhq/frontdoor/integrations/slackbot"
	"github.com/frontdoorhq/frontdoor/integrations/teams"
)

// Deps are what the server is built from beside its configuration.
type Deps struct {
	Pack       *guidance.Pack // the guidance; required
	Reader     chat.Reader    // the shared intake reader (PDF and DOCX in sandboxed workers); required
	Log        *slog.Logger   // discarded when nil
	Answerer   chat.Answerer  // optional free-form answers in chat (see chat.Answerer)
	HTTPClient *http.Client   // for calls to Slack; a client with a 30 s timeout when nil
	Now        func() time.Time
}

// Server is the frontdoor HTTP server.
type Server struct {
	cfg        Config
	pack       *guidance.Pack
	reader     chat.Reader
	checker    *checker.Checker
	engine     *chat.Engine
	log        *slog.Logger
	apiLimit   *throttle.Limiter
	slack      *slackbot.Bot // nil when Slack is off
	teams      *teams.Handler
	handler    http.Handler
	ready      atomic.Bool
	maxUpload  int64
	checkLimit time.Duration
}

// New builds a server from a checked configuration.
func New(cfg Config, d Deps) (*Server, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if d.Pack == nil || d.Reader == nil {
		return nil, errors.New("server: a guidance pack and a reader are required")
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.MaxUploadMB <= 0 {
		cfg.MaxUploadMB = DefaultMaxUploadMB
	}
	s := &Server{
		cfg: cfg, pack: d.Pack, reader: d.Reader, log: d.Log,
		checker:    checker.New(checker.Options{Router: d.Pack, Now: d.Now}),
		apiLimit:   throttle.NewLimiter(cfg.APIRateLimit, 0),
		maxUpload:  int64(cfg.MaxUploadMB) << 20,
		checkLimit: 30 * time.Second,
	}
	var err error
	s.engine, err = chat.New(chat.Options{Pack: d.Pack, Reader: d.Reader, Answerer: d.Answerer, Log: d.Log, Now: d.Now})
	if err != nil {
		return nil, err
	}
	chatLimit := throttle.NewLimiter(cfg.RateLimit, 0)
	if cfg.SlackHTTP() || cfg.SlackSocketMode() {
		s.slack, err = slackbot.New(slackbot.Options{
			Engine: s.engine, SigningSecret: cfg.SlackSigningSecret, BotToken: cfg.SlackBotToken,
			AppToken: cfg.SlackAppToken, APIURL: cfg.SlackAPIURL, HTTPClient: d.HTTPClient,
			Limiter: chatLimit, Log: d.Log, MaxFileSize: s.maxUpload,
		})
		if err != nil {
			return nil, err
		}
	}
	if cfg.Teams() {
		s.teams, err = teams.New(teams.Options{Engine: s.engine, Secret: cfg.TeamsWebhookSecret, Limiter: chatLimit})
		if err != nil {
			return nil, err
		}
	}
	s.handler = s.routes()
	s.ready.Store(true)
	return s, nil
}

// Engine is the chat engine every transport answers through.
func (s *Server) Engine() *chat.Engine { return s.engine }

// Handler is the server's HTTP handler, with logging, request ids and panic
// recovery.
func (s *Server) Handler() http.Handler { return s.handler }

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", s.healthz)
	mux.HandleFunc("/readyz", s.readyz)
	mux.Handle("/v1/route", post(s.limitAPI(http.HandlerFunc(s.route))))
	mux.Handle("/v1/check", post(s.limitAPI(http.HandlerFunc(s.check))))
	if s.cfg.SlackHTTP() {
		mux.Handle("/slack/events", s.slack.Events())
		mux.Handle("/slack/commands", s.slack.Commands())
		mux.Handle("/slack/interactive", s.slack.Interactive())
	}
	if s.teams != nil {
		mux.Handle("/teams/webhook", s.teams)
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		httpx.Error(w, http.StatusNotFound, "not found")
	})
	return s.wrap(mux)
}

// post allows only POST.
func post(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			httpx.Error(w, http.StatusMethodNotAllowed, "method not allowed: use POST")
			return
		}
		h.ServeHTTP(w, r)
	})
}

// limitAPI applies the per-client rate limit to the JSON API.
func (s *Server) limitAPI(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host, _, err := net.SplitHostPort(r.RemoteAddr)
		if err != nil {
			host = r.RemoteAddr
		}
		if ok, _ := s.apiLimit.Allow("ip:" + host); !ok {
			httpx.Annotate(r.Context(), slog.Bool("rate_limited", true))
			w.Header().Set("Retry-After", "60")
			httpx.Error(w, http.StatusTooManyRequests, "too many requests: slow down and try again in a minute")
			return
		}
		h.ServeHTTP(w, r)
	})
}

// statusWriter records the status written.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// wrap gives each request an id, recovers panics as a JSON 500, and logs
// one line per request: no query strings, bodies or headers.
func (s *Server) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := httpx.NewRequestID()
		ctx, attrs := httpx.WithAttrs(httpx.WithRequestID(r.Context(), id))
		r = r.WithContext(ctx)
		w.Header().Set("X-Request-Id", id)
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				// Neither the panic's value nor its stack: either could hold content.
				s.log.Error("panic in handler", "request_id", id, "path", r.Pattern)
				if sw.status == 0 {
					httpx.Error(sw, http.StatusInternalServerError, "internal error")
				}
			}
			pattern := r.Pattern
			if pattern == "" || pattern == "/" {
				pattern = "unmatched"
			}
			args := []any{"request_id", id, "method", r.Method, "path", pattern, "status", sw.status,
				"duration_ms", float64(time.Since(start).Microseconds()) / 1000}
			for _, a := range attrs.List() {
				args = append(args, a)
			}
			s.log.Info("request", args...)
		}()
		h.ServeHTTP(sw, r)
	})
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	out := map[string]any{"status": "ok"}
	if s.cfg.SlackSocketMode() && s.slack != nil {
		state := "disconnected"
		if s.slack.Connected() {
			state = "connected"
		}
		out["slack_socket_mode"] = state
	}
	httpx.JSON(w, http.StatusOK, out)
}

func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	if !s.ready.Load() {
		httpx.Error(w, http.StatusServiceUnavailable, "not ready: shutting down")
		return
	}
	httpx.JSON(w, http.StatusOK, map[string]any{"status": "ready", "guidance": s.pack.ID + " " + s.pack.Version})
}

// Run listens on the configured address and serves until ctx is done.
func (s *Server) Run(ctx context.Context) error {
	ln, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return err
	}
	return s.Serve(ctx, ln)
}

// Serve serves on ln until ctx is done, then shuts down gracefully: it
// stops accepting, lets requests in flight finish, and posts the Slack
// answers already taken (up to 15 s in all).
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      90 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	if w, ok := s.reader.(interface{ Warm() }); ok {
		w.Warm() // start a document worker now rather than on the first upload
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	var socket sync.WaitGroup
	sctx, stopSocket := context.WithCancel(ctx)
	defer stopSocket()
	if s.cfg.SlackSocketMode() {
		socket.Go(func() { _ = s.slack.RunSocketMode(sctx) })
	}
	s.log.Info("listening", "addr", ln.Addr().String(), "guidance", s.pack.ID,
		"slack_http", s.cfg.SlackHTTP(), "slack_socket_mode", s.cfg.SlackSocketMode(), "teams", s.cfg.Teams())
	var serveErr error
	select {
	case serveErr = <-errc:
	case <-ctx.Done():
	}
	s.ready.Store(false)
	stopSocket()
	shutdown, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	err := srv.Shutdown(shutdown)
	if s.slack != nil {
		if cerr := s.slack.Close(shutdown); err == nil {
			err = cerr
		}
	}
	socket.Wait()
	s.log.Info("stopped")
	if serveErr != nil && !errors.Is(serveErr, http.ErrServerClosed) {
		return serveErr
	}
	return err
}
