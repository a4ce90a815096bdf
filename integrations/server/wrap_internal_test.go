package server

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// Ensure a panic in a handler becomes a JSON 500 with no stack trace, and
// is logged without its value.
func TestPanicRecovered(t *testing.T) {
	var logs bytes.Buffer
	s := &Server{log: slog.New(slog.NewJSONHandler(&logs, nil))}
	h := s.wrap(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		panic("the child's name is Sam Example")
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/v1/route", nil))
	if rec.Code != 500 || strings.TrimSpace(rec.Body.String()) != `{"error":"internal error"}` {
		t.Errorf("status %d body %q", rec.Code, rec.Body)
	}
	if strings.Contains(logs.String(), "Sam Example") || strings.Contains(logs.String(), "goroutine") {
		t.Errorf("the panic's value or stack was logged: %s", logs.String())
	}
	if !strings.Contains(logs.String(), `"msg":"panic in handler"`) || !strings.Contains(logs.String(), `"status":500`) {
		t.Errorf("logs: %s", logs.String())
	}
}
